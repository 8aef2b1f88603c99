// Form fields: an address typed or pasted gets a note beside the field (red when listed,
// green or amber when clear), and pasting a listed one raises a banner.
import { t } from '../shared/t.js';
import { MIN_TOKEN } from '../shared/facts.js';
import { S, send } from './state.js';
import { joinTexts, unpack } from './protocol.js';
import { clearText, currentListAge } from './hit.js';
import { sourceName } from '../shared/engine-text.js';
import { shownDate } from '../shared/list-age.js';
import { addPart, attach, el, ensureHost, mark, place, scheduleReposition } from './overlay.js';

const MAX_FIELD = 20000;
const fieldBoxes = new Map();
const fieldTimers = new WeakMap();
let banner = null;
let bannerField = null;

addPart({
  order: 10,
  active: () => fieldBoxes.size > 0,
  read() {
    const docW = document.documentElement.clientWidth || innerWidth;
    const out = [];
    for (const [field, box] of fieldBoxes) {
      if (!field.isConnected) {
        fieldBoxes.delete(field);
        continue;
      }
      out.push([box, field.getBoundingClientRect(), box.offsetWidth || 240]);
    }
    return { docW, out };
  },
  write({ docW, out }, frag) {
    for (const [box, fr, w] of out) {
      if (fr.right + 8 + w <= docW) place(box, fr.right + 8, fr.top);
      else place(box, Math.max(4, Math.min(fr.left, docW - w - 4)), fr.bottom + 4);
      frag.push(box);
    }
  },
});
addPart({
  order: 30,
  active: () => banner !== null,
  write: (_, frag) => frag.push(banner),
  after: placeBanner,
});

function fieldOf(target) {
  if (!target || target.nodeType !== Node.ELEMENT_NODE) return null;
  if (target.nodeName === 'TEXTAREA') return target;
  if (target.nodeName === 'INPUT') {
    const type = (target.type || 'text').toLowerCase();
    return ['text', 'search', 'url', ''].includes(type) ? target : null;
  }
  if (target.isContentEditable) {
    let e = target;
    while (e.parentElement && e.parentElement.isContentEditable) e = e.parentElement;
    return e;
  }
  return null;
}

function fieldText(f) {
  const v = f.nodeName === 'INPUT' || f.nodeName === 'TEXTAREA' ? f.value : f.innerText;
  return (v || '').slice(0, MAX_FIELD);
}

function onInput(e) {
  if (S.paused) return;
  const f = fieldOf(e.composedPath ? e.composedPath()[0] : e.target);
  if (!f) return;
  clearTimeout(fieldTimers.get(f));
  fieldTimers.set(f, setTimeout(() => checkField(f, false), 120));
}

function onPaste(e) {
  if (S.paused) return;
  const f = fieldOf(e.composedPath ? e.composedPath()[0] : e.target);
  if (!f) return;
  const pasted = e.clipboardData ? e.clipboardData.getData('text') : '';
  if (pasted && pasted.length >= MIN_TOKEN) {
    send({ type: 'scan', text: joinTexts([pasted.slice(0, MAX_FIELD)]) })
      .then((res) => {
        const hits = (unpack(res, 1) || [[]])[0].map((h) => h.hit);
        const bad = hits.find((h) => h.sanctioned);
        if (bad) {
          showBanner(bad, f);
          showFieldBox(f, bad);
        }
      })
      .catch(() => {});
  }
  clearTimeout(fieldTimers.get(f));
  fieldTimers.set(f, setTimeout(() => checkField(f, true), 60));
}

function checkField(f, pasted) {
  const text = fieldText(f);
  if (text.trim().length < MIN_TOKEN) {
    clearFieldBox(f);
    return;
  }
  send({ type: 'checkText', text })
    .then((res) => {
      const hits = (res && Array.isArray(res.hits) && res.hits) || [];
      if (!hits.length) {
        // One token with an address's shape whose checksum fails: most likely a typo.
        const code = res && res.single && res.single.error_code;
        return TYPO_CODES.has(code) ? showTypoBox(f, code) : clearFieldBox(f);
      }
      const hit = hits.find((h) => h.sanctioned) || hits[0];
      showFieldBox(f, hit);
      if (pasted && hit.sanctioned) showBanner(hit, f);
      // A clear address that imitates one the user sent to before (address poisoning).
      if (!hit.sanctioned) {
        send({ type: 'lookalike', address: hit.address })
          .then((r) => r && r.like && fieldBoxes.get(f) && showLookalikeBox(f, hit, r.like))
          .catch(() => {});
      }
    })
    .catch(() => {});
}

function showFieldBox(f, hit) {
  const box = mark(el('div', `field ${hit.sanctioned ? 'sanctioned' : 'clear'}`), hit);
  box.setAttribute('role', hit.sanctioned ? 'alert' : 'status');
  const m = hit.matches[0];
  box.textContent = hit.sanctioned ? t('fieldSanctioned', [m ? m.name : '', m ? sourceName(m.source, m.source_code) : '']) : clearText('fieldClear', 'fieldClearStale', 'fieldClearUntrusted');
  if (!hit.sanctioned && currentListAge()?.stale) box.classList.add('stale');
  fieldBoxes.set(f, box);
  ensureHost();
  scheduleReposition();
}

const TYPO_CODES = new Set(['checksum', 'eip55']);

/** An amber note beside field `f` that is not a list verdict: a typo hint, a look-alike. */
function showAmberBox(f, verdict, role, text, hit) {
  const box = el('div', 'field typo', text);
  if (hit) mark(box, hit);
  box.setAttribute('role', role);
  box.setAttribute('data-sightline-verdict', verdict);
  fieldBoxes.set(f, box);
  ensureHost();
  scheduleReposition();
}

const showLookalikeBox = (f, hit, like) => showAmberBox(f, 'lookalike', 'alert', t('fieldLookalike', [like]), hit);
const showTypoBox = (f, code) => showAmberBox(f, 'typo', 'status', t(code === 'eip55' ? 'fieldTypoEip55' : 'fieldTypo'));

function clearFieldBox(f) {
  if (fieldBoxes.delete(f)) scheduleReposition();
}

// Top of the viewport, unless that would cover the field the paste went into.
function placeBanner() {
  attach(banner);
  banner.style.top = '12px';
  banner.style.bottom = 'auto';
  if (!bannerField || !bannerField.isConnected) return;
  const f = bannerField.getBoundingClientRect();
  const b = banner.getBoundingClientRect();
  const boxes = [f];
  const note = fieldBoxes.get(bannerField);
  if (note && note.isConnected) boxes.push(note.getBoundingClientRect());
  if (boxes.some((r) => r.top < b.bottom + 8 && r.bottom > b.top)) {
    banner.style.top = 'auto';
    banner.style.bottom = '12px';
  }
}

function showBanner(hit, field) {
  bannerField = field || null;
  const b = mark(el('div', 'banner'), hit);
  b.setAttribute('role', 'alert');
  const m = hit.matches[0];
  b.appendChild(el('strong', null, t('bannerTitle')));
  b.appendChild(el('div', null, t('bannerBody', [m ? m.name : '', m ? sourceName(m.source, m.source_code) : '', m ? shownDate(m.source_date) : ''])));
  b.appendChild(el('div', 'addr', hit.display || hit.address)); // as wallets write it (EIP-55)
  const close = el('button', null, t('bannerClose'));
  close.type = 'button';
  close.addEventListener('click', () => {
    banner = null;
    scheduleReposition();
  });
  b.appendChild(close);
  banner = b;
  ensureHost();
  scheduleReposition();
}

/** Forgets every note and the banner (the page is rescanned). */
export function resetFields() {
  fieldBoxes.clear();
  banner = null;
}

export function listenToFields() {
  document.addEventListener('input', onInput, true);
  document.addEventListener('paste', onPaste, true);
}
