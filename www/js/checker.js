// The web checker: text -> every address in it with its verdict, computed in this page.
import { loadLatest, el, ofacUrl, chainName, t, ageOf, shownDate, showListAge } from './feed.js';

const input = document.getElementById('input');
const button = document.getElementById('check');
const listInfo = document.getElementById('list-info');
const listAge = document.getElementById('list-age');
const status = document.getElementById('status');
const table = document.getElementById('results');
const tbody = table.querySelector('tbody');

let engine = null;
let info = null;

function details(hit) {
  if (!hit.sanctioned) {
    // As the extension's card says it: with the list's age once it is old (amber).
    const age = ageOf(info);
    const clear = age?.stale
      ? el('span', { class: 'stale' }, t('cardClearStale', [age.shown, String(age.days)]))
      : el('span', { class: 'muted' }, t('cardClear', [age ? age.shown : info.sourceDate]));
    // Once listed, not any more: said, with when (the bundle's history, when it has one).
    return [clear, ...(hit.delisted || []).map((d) => el('div', { class: 'muted' },
      `Formerly listed for ${d.name}${d.sdn_uid != null ? ` (SDN uid ${d.sdn_uid})` : ''}`,
      d.listed_until ? `, on the list until ${shownDate(d.listed_until)}` : '',
      d.removed ? `, removed in the list of ${shownDate(d.removed)}` : '', '.'))];
  }
  return hit.matches.map((m) =>
    el('div', { class: 'match' },
      el('strong', {}, m.name),
      m.sdn_uid != null ? [' (SDN uid ', el('a', { href: ofacUrl(m.sdn_uid), rel: 'noreferrer noopener', target: '_blank' }, String(m.sdn_uid)), ')'] : null,
      el('br'),
      m.programs?.length ? `Programs: ${m.programs.join(', ')}. ` : null,
      m.listed_under?.length ? `Listed under: ${m.listed_under.join(', ')}. ` : null,
      m.designated ? `Designated: ${shownDate(m.designated)}. ` : null,
      m.first_seen ? `On the list since ${shownDate(m.first_seen)}. ` : null,
      el('span', { class: 'muted' }, `${m.source} of ${shownDate(m.source_date)}`)));
}

function render(hits) {
  tbody.replaceChildren();
  // One row per distinct address, in order of first appearance.
  const seen = new Map();
  for (const h of hits) if (!seen.has(h.address)) seen.set(h.address, h);
  const rows = [...seen.values()];
  const flagged = rows.filter((h) => h.sanctioned).length;
  for (const h of rows) {
    const verdict = h.sanctioned ? 'sanctioned' : 'clear';
    tbody.append(el('tr', { class: verdict, dataset: { address: h.address, verdict } },
      el('td', { class: 'addr' }, h.display || h.address),
      el('td', {}, h.chains.map(chainName).join(', '), h.kind ? el('div', { class: 'muted' }, h.kind) : null),
      el('td', {}, el('span', { class: `verdict ${verdict}` }, h.sanctioned ? 'Sanctioned' : 'Not listed')),
      el('td', {}, details(h))));
  }
  table.hidden = rows.length === 0;
  status.className = 'status' + (flagged ? ' error' : '');
  status.textContent = rows.length === 0
    ? 'No crypto address found in this text.'
    : `${rows.length} address${rows.length === 1 ? '' : 'es'} found, ${flagged} sanctioned.`;
}

function run() {
  if (!engine) return;
  delete status.dataset.errorCode;
  const text = input.value;
  if (text.trim() === '') {
    tbody.replaceChildren();
    table.hidden = true;
    status.className = 'status';
    status.textContent = '';
    return;
  }
  try {
    const { hits, single } = engine.checkText(text);
    render(hits);
    // One token that is not an address: say why, as the popup does, by the engine's code. A
    // token with an address's shape whose checksum fails is most likely mistyped: said so
    // (amber), as the extension says beside a field, not "not an address".
    if (single && !single.valid) {
      const code = single.error_code || '';
      status.dataset.errorCode = code;
      if (code === 'eip55' || code === 'checksum') {
        status.className = 'status notice';
        status.textContent = t(code === 'eip55' ? 'fieldTypoEip55' : 'fieldTypo');
      } else {
        const why = t(`addrError_${code.replace(/-/g, '_')}`);
        status.textContent = t('popupCheckInvalid', [why.startsWith('addrError_') ? single.error || '' : why]);
      }
    }
  } catch (e) {
    status.className = 'status error';
    status.textContent = `Could not check this text: ${e.message || e}`;
  }
}

let timer = 0;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
});
button.addEventListener('click', run);

loadLatest()
  .then((r) => {
    engine = r.engine;
    info = r.info;
    listInfo.textContent = `${info.entryCount} listings (bundle #${info.sequence}, signature verified).`;
    showListAge(listAge, info);
    listAge.hidden = false;
    button.disabled = false;
    document.body.dataset.ready = 'true';
    run();
  })
  .catch((e) => {
    listInfo.textContent = '';
    status.className = 'status error';
    status.textContent = `The list could not be loaded: ${e.message || e}`;
    document.body.dataset.ready = 'error';
  });
