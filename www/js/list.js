// The list browser: every entry of the current signed bundle, searchable, with counts and
// the delistings (and additions) between the last published bundles.
import { loadLatest, loadHistory, engineFor, listEntries, el, ofacUrl, chainName, showListAge, shownDate } from './feed.js';
import { buildExports } from './export.js';

const PAGE = 500;
/** How many earlier bundles to diff against (each is a few tens of KB). */
const HISTORY_DEPTH = 5;

const $ = (id) => document.getElementById(id);
const q = $('q');
const chainSel = $('chain');
const programSel = $('program');
const tbody = document.querySelector('#entries tbody');
const more = $('more');

let rows = []; // {address, chains, listedUnder, entity, haystack}
let shown = PAGE;

function rowsOf(list) {
  const rows = list.entries.map((e) => {
    const entity = list.entities[e.entity] || { name: '?', programs: [], akas: [] };
    const address = e.address || '';
    return {
      address,
      chains: e.chains,
      listedUnder: e.listedUnder,
      entity,
      haystack: [address, entity.name, ...(entity.akas || []), ...(entity.programs || []), ...e.chains,
        ...e.chains.map(chainName), ...e.listedUnder, entity.sdnUid != null ? String(entity.sdnUid) : '']
        .join('\n').toLowerCase(),
    };
  });
  // By entity, then address: an entity's addresses stay together.
  return rows.sort((a, b) => a.entity.name.localeCompare(b.entity.name) || a.address.localeCompare(b.address));
}

function countBy(items, keysOf) {
  const m = new Map();
  for (const it of items) for (const k of new Set(keysOf(it))) m.set(k, (m.get(k) || 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

function fillCounts(ul, counts, label, select) {
  ul.replaceChildren(...counts.map(([k, n]) =>
    el('li', {}, el('button', { type: 'button', title: `Show only ${label(k)}`, dataset: { key: k } }, `${label(k)}: ${n}`))));
  ul.onclick = (ev) => {
    const b = ev.target.closest('button');
    if (!b) return;
    select.value = b.dataset.key;
    shown = PAGE;
    render();
  };
}

function fillSelect(sel, counts, label) {
  for (const [k, n] of counts) sel.append(el('option', { value: k }, `${label(k)} (${n})`));
}

function matches(r, terms, chain, program) {
  if (chain && !r.chains.includes(chain)) return false;
  if (program && !(r.entity.programs || []).includes(program)) return false;
  return terms.every((t) => r.haystack.includes(t));
}

function render() {
  const terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
  const chain = chainSel.value;
  const program = programSel.value;
  const hits = rows.filter((r) => matches(r, terms, chain, program));
  const frag = document.createDocumentFragment();
  for (const r of hits.slice(0, shown)) {
    const e = r.entity;
    frag.append(el('tr', { dataset: { address: r.address } },
      el('td', { class: 'addr' }, r.address),
      el('td', {}, r.chains.map(chainName).join(', ')),
      el('td', {}, r.listedUnder.join(', ')),
      el('td', {}, e.sdnUid != null
        ? el('a', { href: ofacUrl(e.sdnUid), rel: 'noreferrer noopener', target: '_blank' }, e.name)
        : e.name,
        e.sdnUid != null ? el('div', { class: 'muted' }, `SDN uid ${e.sdnUid}`) : null),
      el('td', {}, (e.programs || []).join(', ')),
      el('td', {}, e.designated ? shownDate(e.designated) : '')));
  }
  tbody.replaceChildren(frag);
  $('shown').textContent = hits.length === rows.length
    ? `${rows.length} listings.`
    : `${hits.length} of ${rows.length} listings match.`;
  more.hidden = hits.length <= shown;
  more.textContent = `Show more (${hits.length - Math.min(shown, hits.length)} left)`;
}

/** Entries keyed by address, for diffs. */
function keyed(list) {
  const m = new Map();
  for (const e of list.entries) {
    const ent = list.entities[e.entity];
    if (!m.has(e.address)) m.set(e.address, { chains: e.chains, names: new Set() });
    m.get(e.address).names.add(ent ? ent.name : '?');
  }
  return m;
}

function changeList(title, items, cls) {
  if (items.length === 0) return null;
  return el('details', { open: items.length <= 20 ? '' : null, class: cls },
    el('summary', {}, `${title}: ${items.length}`),
    el('ul', {}, items.map(([addr, v]) =>
      el('li', {}, el('span', { class: 'addr' }, addr), ` (${v.chains.map(chainName).join(', ')}; ${[...v.names].join(', ')})`))));
}

async function showChanges(latest, latestList) {
  const box = $('changes');
  let history;
  try {
    history = (await loadHistory()).filter((b) => b.sequence < latest.sequence).slice(0, HISTORY_DEPTH);
  } catch {
    history = [];
  }
  if (history.length === 0) {
    box.replaceChildren(el('p', { class: 'muted' }, 'No earlier bundle is published here yet, so there are no changes to show.'));
    return;
  }
  const sections = [];
  let newer = { sequence: latest.sequence, sourceDate: latest.sourceDate, map: keyed(latestList) };
  for (const b of history) {
    let older;
    try {
      const engine = await engineFor(b, b.base);
      const list = listEntries(engine);
      engine.free();
      older = { sequence: list.sequence, sourceDate: list.sourceDate, map: keyed(list) };
    } catch (e) {
      sections.push(el('p', { class: 'error' }, `Bundle #${b.sequence} could not be verified: ${e.message || e}`));
      break;
    }
    const removed = [...older.map].filter(([a]) => !newer.map.has(a));
    const added = [...newer.map].filter(([a]) => !older.map.has(a));
    sections.push(el('section', { class: 'card', dataset: { from: older.sequence, to: newer.sequence } },
      el('h3', {}, `Bundle #${older.sequence} (list of ${shownDate(older.sourceDate)}) → #${newer.sequence} (list of ${shownDate(newer.sourceDate)})`),
      removed.length + added.length === 0 ? el('p', { class: 'muted' }, 'No address added or removed.') : null,
      changeList('Delisted (removed)', removed, 'removed'),
      changeList('Added', added, 'added')));
    newer = older;
  }
  box.replaceChildren(...sections);
}

/** The download links: CSV and JSON of the list in force, built here from the engine. */
function offerDownloads(engine) {
  const x = buildExports(engine.exportList());
  const link = (id, text, type, ext) => {
    const a = $(id);
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = `${x.name}${ext}`;
    a.hidden = false;
  };
  link('dl-csv', x.csv, 'text/csv;charset=utf-8', '.csv');
  link('dl-json', x.json, 'application/json', '.json');
  if (x.delistedCsv) link('dl-delisted', x.delistedCsv, 'text/csv;charset=utf-8', '-delisted.csv');
  $('dl-note').textContent = `${x.entries} listings${x.delisted ? `, ${x.delisted} delisted record${x.delisted === 1 ? '' : 's'}` : ''}; built in this page from the verified bundle.`;
  $('downloads').hidden = false;
}

more.addEventListener('click', () => {
  shown += PAGE;
  render();
});
for (const c of [q, chainSel, programSel]) {
  c.addEventListener('input', () => {
    shown = PAGE;
    render();
  });
}

loadLatest()
  .then(async ({ engine, info }) => {
    const list = listEntries(engine);
    rows = rowsOf(list);
    const distinct = new Set(rows.map((r) => r.address)).size;
    showListAge($('list-age'), info);
    $('list-age').hidden = false;
    offerDownloads(engine);
    $('summary').textContent = `${info.source} of ${shownDate(info.sourceDate)}: ${distinct} addresses in ${rows.length} listings of ${list.entities.length} persons and organisations (bundle #${info.sequence}, generated ${shownDate(info.generatedAt)}, signature verified in this page).`;
    const chainCounts = countBy(rows, (r) => r.chains);
    const programCounts = countBy(rows, (r) => r.entity.programs || []);
    fillSelect(chainSel, chainCounts, chainName);
    fillSelect(programSel, programCounts, (p) => p);
    fillCounts($('chain-counts'), chainCounts, chainName, chainSel);
    fillCounts($('program-counts'), programCounts, (p) => p, programSel);
    let fromHash = location.hash.slice(1);
    try {
      fromHash = decodeURIComponent(fromHash);
    } catch {} // '#%' and other broken escapes: search for the text as it is

    if (fromHash) q.value = fromHash;
    render();
    document.body.dataset.ready = 'true';
    await showChanges(info, list);
    document.body.dataset.changes = 'true';
  })
  .catch((e) => {
    $('summary').textContent = '';
    $('error').hidden = false;
    $('error').textContent = `The list could not be loaded: ${e.message || e}`;
    document.body.dataset.ready = 'error';
  });
