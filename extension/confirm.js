// The window where "Proceed anyway" is confirmed (see background/confirm.js): what the dApp
// asks, the listed party, an "I understand" tick, Proceed anyway, Cancel (focused; Escape).
// Everything shown is text (textContent), from the summary the background kept.
import { t, h, localize } from './ui.js';
import { ofacEntryUrl } from './shared/facts.js';

const $ = (id) => document.getElementById(id);
const tok = new URLSearchParams(location.search).get('t') || '';
let answered = false;

async function answer(decision) {
  if (answered) return;
  answered = true;
  try {
    await chrome.runtime.sendMessage({ type: 'wallet-confirm-answer', token: tok, decision });
  } finally {
    window.close();
  }
}

async function main() {
  localize();
  const res = await chrome.runtime.sendMessage({ type: 'wallet-confirm-details', token: tok });
  if (!res || !res.summary) {
    $('ended').textContent = t('confirmEnded');
    $('ended').hidden = false;
    $('decide').hidden = true; // nothing left to decide
    $('title').textContent = t('confirmWindowTitle');
    return;
  }
  const s = res.summary;
  document.body.dataset.kind = s.kind;
  $('title').textContent = t(s.kind === 'unchecked' ? 'wallet_unchecked_title' : 'wallet_title');
  $('intro').textContent = t('wallet_intro', [s.origin]);
  for (const x of s.targets) {
    const box = h('div', 'item');
    box.append(h('div', 'action', x.action), h('code', 'addr', x.address));
    if (x.entities.length) box.append(h('div', null, `${t('wallet_entity')}: ${x.entities.join('; ')}`));
    if (x.programs.length) box.append(h('div', 'help', `${t('wallet_programs')}: ${x.programs.join(', ')}`));
    for (const uid of x.uids || []) {
      const a = h('a', null, t('wallet_ofac_entry', [String(uid)]));
      a.href = ofacEntryUrl(uid);
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      const line = h('div', 'help');
      line.append(a);
      box.append(line);
    }
    $('targets').append(box);
  }
  if (s.reason) {
    $('reason').textContent = s.reason;
    $('reason').hidden = false;
  }
  $('source').textContent = s.listOf;
  $('understand-label').textContent = t(s.kind === 'unchecked' ? 'wallet_unchecked_understand' : 'wallet_understand');
  $('proceed').textContent = t(s.kind === 'unchecked' ? 'wallet_unchecked_proceed' : 'wallet_proceed');
  $('understand').addEventListener('change', () => ($('proceed').disabled = !$('understand').checked));
  $('proceed').addEventListener('click', () => $('understand').checked && answer('proceed'));
  $('cancel').addEventListener('click', () => answer('cancel'));
  addEventListener('keydown', (e) => e.key === 'Escape' && answer('cancel'));
  $('cancel').focus();
}

main();
