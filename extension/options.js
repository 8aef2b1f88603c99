// Options: chains to watch, the user's own lists, dismissed warnings, paused sites.
// Settings and dismissals live in chrome.storage.local ('settings', 'dismissed'), the user's
// lists in IndexedDB (background/bytes-store.js: a large CSV is slow to read back from
// storage.local): never synced, so paused sites and the user's lists stay on this machine.
// They survive restarts and extension updates.
import { t, h, localize } from './ui.js';
import { CHAINS } from './shared/facts.js';
import { shownDate, showAgeWarnings, validityText } from './shared/list-age.js';
import { getUserLists, putUserLists } from './background/bytes-store.js';

const $ = (id) => document.getElementById(id);
const MAX_CSV = 8 << 20;

async function send(msg) {
  const res = await chrome.runtime.sendMessage(msg);
  if (res && res.error) throw new Error(res.error);
  return res;
}

function saved() {
  $('saved').textContent = t('optSaved');
  setTimeout(() => ($('saved').textContent = ''), 1500);
}

async function showList() {
  const { info } = await send({ type: 'info' });
  const line = t('optListLine', [info.source || '?', shownDate(info.sourceDate) || '?', String(info.addressCount ?? info.entryCount), String(info.sequence)]);
  const validity = validityText(info, t);
  $('list-line').textContent = validity ? `${line} ${validity}.` : line;
  showAgeWarnings($('list-stale'), info, t);
}

async function showChains() {
  const { settings } = await send({ type: 'settings' });
  const chosen = settings.chains;
  $('chain-all').checked = chosen == null;
  const box = $('chain-list');
  box.replaceChildren();
  for (const [id, name] of CHAINS) {
    const label = h('label', 'row');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = id;
    cb.checked = chosen == null || chosen.includes(id);
    cb.disabled = chosen == null;
    cb.addEventListener('change', saveChains);
    label.append(cb, ' ', h('span', null, name));
    box.appendChild(label);
  }
}

async function saveChains() {
  const all = $('chain-all').checked;
  const ids = [...$('chain-list').querySelectorAll('input:checked')].map((c) => c.value);
  await send({ type: 'settings', set: { chains: all ? null : ids } });
  await showChains();
  saved();
}

async function showUserLists(reports) {
  // The background answers once it has read the lists (moving an older version's copy out
  // of storage.local first): ask it before reading them.
  if (!reports) reports = (await send({ type: 'userListStatus' })).reports || [];
  const lists = await getUserLists();
  const ul = $('user-list-items');
  ul.replaceChildren();
  if (!lists.length) ul.appendChild(h('li', 'none', t('optNoUserLists')));
  for (const l of lists) {
    const rep = reports.find((r) => r.label === l.label);
    const li = h('li');
    li.appendChild(h('strong', null, l.label));
    li.appendChild(h('span', 'meta', rep ? (rep.error ? rep.error : t('optListCount', [String(rep.entries), String(rep.rejected)])) : ''));
    const rm = h('button', null, t('optRemove'));
    rm.type = 'button';
    rm.addEventListener('click', async () => {
      await putUserLists((await getUserLists()).filter((x) => x.label !== l.label));
      const { reports: r } = await send({ type: 'userListsChanged' });
      await showUserLists(r);
      saved();
    });
    li.appendChild(rm);
    ul.appendChild(li);
  }
}

async function importList(e) {
  e.preventDefault();
  const label = $('import-label').value.trim();
  const file = $('import-file').files[0];
  let csv = $('import-text').value;
  const report = $('import-report');
  report.replaceChildren();
  if (file) {
    if (file.size > MAX_CSV) {
      report.textContent = t('optTooLarge');
      return;
    }
    csv = await file.text();
  }
  if (!label || !csv.trim()) {
    report.textContent = t('optNeedLabelAndCsv');
    return;
  }
  const cur = await getUserLists();
  await putUserLists(cur.filter((x) => x.label !== label).concat([{ label, csv, importedAt: Date.now() }]));
  const { reports } = await send({ type: 'userListsChanged' });
  const rep = (reports || []).find((r) => r.label === label);
  if (rep) {
    report.appendChild(h('p', null, rep.error || t('optImported', [String(rep.entries), String(rep.rejected)])));
    if (rep.rows && rep.rows.length) {
      const list = h('ul', 'rejected');
      for (const row of rep.rows) list.appendChild(h('li', null, `${row.line != null ? `${t('optLine')} ${row.line}: ` : ''}${row.value} — ${row.reason}`));
      report.appendChild(list);
    }
  }
  $('import-form').reset();
  await showUserLists(reports);
}

async function showDismissed() {
  const { dismissed } = await chrome.storage.local.get('dismissed');
  const entries = Object.entries(dismissed && typeof dismissed === 'object' ? dismissed : {});
  const ul = $('dismissed-items');
  ul.replaceChildren();
  if (!entries.length) ul.appendChild(h('li', 'none', t('optNoDismissed')));
  for (const [addr, d] of entries.sort((a, b) => (b[1].at || 0) - (a[1].at || 0))) {
    const li = h('li');
    li.setAttribute('data-sightline-address', addr);
    li.appendChild(h('code', 'addr', addr));
    li.appendChild(h('span', 'meta', [d.name, d.at ? new Date(d.at).toLocaleDateString() : ''].filter(Boolean).join(' · ')));
    const rm = h('button', null, t('optRemove'));
    rm.type = 'button';
    rm.addEventListener('click', async () => {
      const cur = (await chrome.storage.local.get('dismissed')).dismissed || {};
      delete cur[addr];
      await chrome.storage.local.set({ dismissed: cur });
      await showDismissed();
      saved();
    });
    li.appendChild(rm);
    ul.appendChild(li);
  }
}

async function showPaused() {
  const { settings } = await send({ type: 'settings' });
  const ul = $('paused-items');
  ul.replaceChildren();
  const list = settings.pausedOrigins || [];
  if (!list.length) ul.appendChild(h('li', 'none', t('optNoPaused')));
  for (const origin of list) {
    const li = h('li');
    li.appendChild(h('code', null, origin));
    const rm = h('button', null, t('optResume'));
    rm.type = 'button';
    rm.addEventListener('click', async () => {
      await send({ type: 'settings', set: { pausedOrigins: list.filter((o) => o !== origin) } });
      await showPaused();
      saved();
    });
    li.appendChild(rm);
    ul.appendChild(li);
  }
}

async function showLookalikes() {
  const [{ settings }, { count }] = await Promise.all([send({ type: 'settings' }), send({ type: 'recipients-status' })]);
  $('lookalikes-on').checked = settings.lookalikes !== false;
  $('lookalikes-help').textContent = t('optLookalikesHelp', [String(count)]);
  $('lookalikes-clear').disabled = count === 0;
}

localize();
$('chain-all').addEventListener('change', saveChains);
$('lookalikes-on').addEventListener('change', async () => {
  await send({ type: 'settings', set: { lookalikes: $('lookalikes-on').checked } });
  saved();
});
$('lookalikes-clear').addEventListener('click', async () => {
  await send({ type: 'recipients-clear' });
  await showLookalikes();
  saved();
});
$('import-form').addEventListener('submit', importList);
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.dismissed) showDismissed();
  if (area === 'local' && changes.listSequence) showList();
  if (area === 'local' && changes.settings) showPaused();
  if (area === 'local' && changes.recipients) showLookalikes();
});
Promise.all([showList(), showChains(), showLookalikes(), showUserLists(), showDismissed(), showPaused()])
  .catch((e) => {
    $('saved').textContent = String(e.message || e);
  })
  .finally(() => {
    document.body.dataset.ready = '1';
  });
