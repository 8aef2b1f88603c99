// Popup: the list's provenance and age, what the active tab holds, a checker, a pause switch.
// The active tab is found without the `tabs` permission: tabs.query gives its id, and the
// tab's own content script answers 'pageSummary' (origin included).
import { t, h, localize } from './ui.js';
import { chainName } from './shared/facts.js';
import { sourceName } from './shared/engine-text.js';
import { ageDays, shownDate, showAgeWarnings, validityText } from './shared/list-age.js';

const $ = (id) => document.getElementById(id);

async function send(msg) {
  const res = await chrome.runtime.sendMessage(msg);
  if (res && res.error) throw new Error(res.error);
  return res;
}

async function showList() {
  try {
    const { info, loadError, origin } = await send({ type: 'info' });
    $('list-source').textContent = sourceName(info.source, info.sourceCode) || t('popupUnknown');
    $('list-date').textContent = shownDate(info.sourceDate) || t('popupUnknown');
    // Distinct addresses: an address listed for two entities is two entries, one address.
    $('list-entries').textContent = Number(info.addressCount ?? info.entryCount ?? 0).toLocaleString();
    // The date line ages the list's own date; the warnings (old by the later of that date
    // and the signing, dated in the future, past the signed expiry) come from list-age.js.
    const age = ageDays(info.sourceDate);
    const { future } = showAgeWarnings($('list-stale'), info, t) || {};
    if (age != null) {
      const ageKey = future ? 'popupAgeFuture' : age === 0 ? 'popupAgeToday' : age === 1 ? 'popupAgeOne' : 'popupAge';
      $('list-date').textContent = `${shownDate(info.sourceDate)} · ${t(ageKey, [String(age)])}`;
    }
    $('list-date').title = validityText(info, t);
    if (origin === 'empty' || loadError) {
      $('list-error').textContent = t('popupLoadError', [loadError || '']);
      $('list-error').hidden = origin !== 'empty';
    }
  } catch (e) {
    $('list-error').textContent = t('popupLoadError', [String(e.message || e)]);
    $('list-error').hidden = false;
  }
}

async function activeTabId() {
  const q = new URLSearchParams(location.search);
  if (q.has('tabId')) return Number(q.get('tabId')); // tests open the popup as a tab
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : null;
}

function addressItem(a) {
  const li = h('li', a.sanctioned ? 'bad' : 'ok');
  li.setAttribute('data-sightline-address', a.address);
  li.setAttribute('data-sightline-verdict', a.sanctioned ? 'sanctioned' : 'clear');
  li.appendChild(h('span', 'verdict', a.sanctioned ? t('popupSanctioned') : t('popupClear')));
  li.appendChild(h('code', 'addr', a.display || a.address));
  const chains = (a.chains || []).map(chainName).join(', ');
  const meta = [a.name, chains].filter(Boolean).join(' · ');
  if (meta) li.appendChild(h('span', 'meta', meta));
  return li;
}

/**
 * "N address(es) found, M sanctioned" with real singular and plural forms, one message per
 * form. count >= 1 here; for both English and French, 1 is singular and 2+ plural, and
 * zero sanctioned has its own wording ("none sanctioned", "aucune sanctionnée").
 */
function foundText(count, sanctioned) {
  const bad = sanctioned === 0 ? t('popupSanctionedNone')
    : sanctioned === 1 ? t('popupSanctionedOne', [String(sanctioned)])
      : t('popupSanctionedOther', [String(sanctioned)]);
  return count === 1 ? t('popupPageFoundOne', [String(count), bad]) : t('popupPageFoundOther', [String(count), bad]);
}

async function showPage() {
  const tabId = await activeTabId();
  let summary = null;
  if (tabId != null) {
    try {
      summary = await chrome.tabs.sendMessage(tabId, { type: 'pageSummary' }, { frameId: 0 });
    } catch {
      summary = null;
    }
  }
  const list = $('page-addresses');
  list.replaceChildren();
  if (!summary) {
    $('page-summary').textContent = t('popupPageUnavailable');
    return;
  }
  // The whole tab: every frame reports to the background; the top frame's own answer is
  // the fallback (and the only source of the origin and the pause state).
  let all = summary;
  try {
    const tab = await send({ type: 'tabSummary', tabId });
    if (tab && tab.count >= summary.count) all = tab;
  } catch {}
  if (summary.paused) $('page-summary').textContent = t('popupPaused');
  else if (all.count === 0) $('page-summary').textContent = t('popupPageNone');
  else $('page-summary').textContent = foundText(all.count, all.sanctioned);
  if (summary.capped) list.appendChild(h('li', 'none', t('popupCapped', ['50,000'])));
  if (!summary.paused) for (const a of all.addresses.slice(0, 50)) list.appendChild(addressItem(a));
  // Pause switch, stored per origin (of the top frame).
  if (/^https?:/.test(summary.origin)) {
    $('pause-row').hidden = false;
    $('pause-label').textContent = t('popupPause', [summary.origin]);
    $('pause').checked = !!summary.paused;
    $('pause').onchange = async () => {
      const { settings } = await send({ type: 'settings' });
      const set = new Set(settings.pausedOrigins || []);
      if ($('pause').checked) set.add(summary.origin);
      else set.delete(summary.origin);
      await send({ type: 'settings', set: { pausedOrigins: [...set] } });
      setTimeout(showPage, 300);
    };
  }
}

async function check() {
  const text = $('check-input').value;
  const out = $('check-results');
  out.replaceChildren();
  if (!text.trim()) return;
  try {
    const { hits, single } = await send({ type: 'checkText', text });
    if (hits.length) {
      const seen = new Set();
      for (const hit of hits) {
        if (seen.has(hit.address)) continue;
        seen.add(hit.address);
        const m = hit.matches[0];
        out.appendChild(addressItem({ address: hit.address, display: hit.display, chains: hit.chains, sanctioned: hit.sanctioned, name: m ? `${m.name}${m.sdn_uid != null ? ` (SDN ${m.sdn_uid})` : ''} — ${sourceName(m.source, m.source_code)}` : null }));
      }
    } else if (single && !single.valid) {
      // The engine's reason by its code, in the UI language (its English text otherwise).
      const why = single.error_code ? t(`addrError_${single.error_code.replace(/-/g, '_')}`) : '';
      out.appendChild(h('li', 'none', t('popupCheckInvalid', [why && !why.startsWith('addrError_') ? why : single.error || ''])));
    } else {
      out.appendChild(h('li', 'none', t('popupCheckNone')));
    }
  } catch (e) {
    out.appendChild(h('li', 'none', String(e.message || e)));
  }
}

localize();
$('check-button').addEventListener('click', check);
$('check-input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) check();
});
$('open-options').addEventListener('click', (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.listSequence) {
    showList();
    setTimeout(showPage, 500);
  }
});
Promise.all([showList(), showPage()]).finally(() => {
  document.body.dataset.ready = '1';
});
