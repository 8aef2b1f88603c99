// The web checker: text -> every address in it with its verdict, computed in this page.
import { loadLatest, el, ofacUrl, chainName } from './feed.js';

const input = document.getElementById('input');
const button = document.getElementById('check');
const listInfo = document.getElementById('list-info');
const status = document.getElementById('status');
const table = document.getElementById('results');
const tbody = table.querySelector('tbody');

let engine = null;
let info = null;

function details(hit) {
  if (!hit.sanctioned) {
    return el('span', { class: 'muted' }, `Not on the ${info.source || 'OFAC SDN list'} (list of ${info.sourceDate})`);
  }
  return hit.matches.map((m) =>
    el('div', { class: 'match' },
      el('strong', {}, m.name),
      m.sdn_uid != null ? [' (SDN uid ', el('a', { href: ofacUrl(m.sdn_uid), rel: 'noreferrer noopener', target: '_blank' }, String(m.sdn_uid)), ')'] : null,
      el('br'),
      m.programs?.length ? `Programs: ${m.programs.join(', ')}. ` : null,
      m.listed_under?.length ? `Listed under: ${m.listed_under.join(', ')}. ` : null,
      m.designated ? `Designated: ${m.designated}. ` : null,
      el('span', { class: 'muted' }, `${m.source} of ${m.source_date}`)));
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
      el('td', { class: 'addr' }, h.address),
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
    // One token that is not an address: say why (bad checksum, wrong length...).
    if (single && !single.valid && single.error) status.textContent = `Not a valid address: ${single.error}.`;
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
    listInfo.textContent = `${info.source} of ${info.sourceDate}, ${info.entryCount} listings (bundle #${info.sequence}, signature verified).`;
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
