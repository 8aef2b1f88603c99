// The window where "Proceed anyway" and "I know this one" are confirmed (see
// background/confirm.js): what the dApp asks (or the address to stop warning about), the
// listed party, an "I understand" tick, the button, Cancel (focused; Escape).
// Everything shown is text (textContent), from the summary the background kept.
import { t, h, localize } from './ui.js';
import { ofacEntryUrl } from './shared/facts.js';

const $ = (id) => document.getElementById(id);
const tok = new URLSearchParams(location.search).get('t') || '';
let answered = false;

// The words of each kind of question (background/confirm.js KINDS).
const WORDS = {
  sanctioned: { title: 'wallet_title', intro: 'wallet_intro', understand: 'wallet_understand', proceed: 'wallet_proceed' },
  unchecked: { title: 'wallet_unchecked_title', intro: 'wallet_intro', understand: 'wallet_unchecked_understand', proceed: 'wallet_unchecked_proceed' },
  dismiss: { title: 'dismiss_title', intro: 'dismiss_intro', understand: 'dismiss_understand', proceed: 'dismiss_proceed' },
};

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
  const words = WORDS[s.kind] || WORDS.sanctioned;
  document.body.dataset.kind = s.kind;
  $('title').textContent = t(words.title);
  $('intro').textContent = t(words.intro, [s.origin]);
  for (const x of s.targets) {
    const box = h('div', 'item');
    if (x.action) box.append(h('div', 'action', x.action));
    box.append(h('code', 'addr', x.address));
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
  $('understand-label').textContent = t(words.understand);
  $('proceed').textContent = t(words.proceed);
  $('understand').addEventListener('change', () => ($('proceed').disabled = !$('understand').checked));
  $('proceed').addEventListener('click', () => $('understand').checked && answer('proceed'));
  $('cancel').addEventListener('click', () => answer('cancel'));
  addEventListener('keydown', (e) => e.key === 'Escape' && answer('cancel'));
  $('cancel').focus();
}

main();
