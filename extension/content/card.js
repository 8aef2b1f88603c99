// The hover card: what an address is, shown on hover, focus or click, and announced to
// screen readers. Also the pointer and keyboard handlers that find the address under them.
import { t } from '../shared/t.js';
import { chainName, ofacEntryUrl, reportUrl } from '../shared/facts.js';
import { S, records, byElement, send } from './state.js';
import { isOfficial, userListName, clearText, currentListAge } from './hit.js';
import { shownDate } from '../shared/list-age.js';
import { kindName, sourceName } from '../shared/engine-text.js';
import { addPart, announce, attach, el, isHost, mark, onBadge, rangeOf, rectsOf, scheduleReposition } from './overlay.js';

let card = null;
let cardFor = null;
let cardRect = null;
let hideTimer = 0;

addPart({
  order: 20,
  active: () => card !== null,
  write: (_, frag) => frag.push(card),
  after: placeCard,
});
onBadge(showCard, hideCardSoon);

function anchorRect(r, x, y) {
  const rects = rectsOf(r) || [];
  if (x != null) {
    const inside = rects.find((q) => x >= q.left && x <= q.right && y >= q.top && y <= q.bottom);
    if (inside) return inside;
  }
  return rects[0] || null;
}

function showCard(r, x, y) {
  clearTimeout(hideTimer);
  const anchor = anchorRect(r, x, y);
  if (!anchor) return;
  cardRect = anchor;
  if (cardFor === r && card) {
    scheduleReposition();
    return;
  }
  cardFor = r;
  card = buildCard(r.hit);
  // The card's title and, for a hit, who is listed: "On the OFAC SDN sanctions list —
  // LAZARUS GROUP DPRK3 — 0x098b…".
  const who = (r.hit.possible ? r.hit.candidates : r.hit.matches).map((m) => [m.name, (m.programs || []).join(', ')].filter(Boolean).join(' ')).filter(Boolean);
  announce([card.querySelector('.title').textContent, who.join('; '), r.hit.address].filter(Boolean).join(' — '), r.hit.sanctioned || r.hit.possible);
  scheduleReposition();
}

function hideCardSoon() {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(hideCard, 250);
}

export function hideCard() {
  clearTimeout(hideTimer);
  if (!card) return;
  card = null;
  cardFor = null;
  cardRect = null;
  scheduleReposition();
}

/** A shortened address whose ends match listed ones: what it could be, and what to do. */
function buildPossibleCard(hit) {
  const c = mark(el('div', 'card possible'), hit);
  c.id = 'sightline-card';
  c.setAttribute('role', 'tooltip');
  c.appendChild(el('p', 'title', t('cardPossible')));
  c.appendChild(el('p', 'addr', hit.display));
  for (const m of hit.candidates.slice(0, 3)) {
    c.appendChild(el('p', 'note', t('cardPossibleMatch', [m.name, m.address])));
    if (m.sdn_uid != null) c.appendChild(linkNote(t('cardOfacLink'), ofacEntryUrl(m.sdn_uid)));
  }
  c.appendChild(reportLink(hit));
  c.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  c.addEventListener('mouseleave', () => hideCardSoon());
  return c;
}

function buildCard(hit) {
  if (hit.possible) return buildPossibleCard(hit);
  const c = mark(el('div', `card ${hit.sanctioned ? 'sanctioned' : 'clear'}`), hit);
  c.id = 'sightline-card';
  c.setAttribute('role', 'tooltip');
  const ofac = hit.matches.filter(isOfficial);
  const user = hit.matches.filter((m) => !ofac.includes(m));
  let title;
  if (ofac.length) title = t('cardSanctioned');
  else if (user.length) title = t('cardUserListed');
  else title = clearText('cardClear', 'cardClearStale', 'cardClearUntrusted');
  if (!ofac.length && !user.length && currentListAge()?.stale) c.classList.add('stale');
  c.appendChild(el('p', 'title', title));
  c.appendChild(el('p', 'addr', hit.display || hit.address));
  // A Solana token account: flagged as its listed owner's, and said so.
  if (hit.token_account_of) c.appendChild(el('p', 'note', t('cardTokenAccount', [(ofac[0] && ofac[0].name) || '', hit.token_account_of.token, hit.token_account_of.owner])));
  c.appendChild(el('p', 'chains', hit.chains.map(chainName).join(' · ') + (hit.kind ? ` (${kindName(hit.kind)})` : '')));
  for (const m of ofac) {
    const dl = el('dl');
    const row = (k, v) => {
      if (v == null || v === '' || (Array.isArray(v) && !v.length)) return;
      dl.appendChild(el('dt', null, t(k)));
      dl.appendChild(el('dd', null, Array.isArray(v) ? v.join(', ') : String(v)));
    };
    row('cardEntity', m.name);
    row('cardUid', m.sdn_uid);
    row('cardPrograms', m.programs);
    row('cardListedUnder', m.listed_under);
    row('cardDesignated', m.designated && shownDate(m.designated));
    row('cardListedSince', m.first_seen && shownDate(m.first_seen));
    row('cardList', `${sourceName(m.source, m.source_code)} (${shownDate(m.source_date)})`);
    c.appendChild(dl);
    if (m.sdn_uid != null) c.appendChild(linkNote(t('cardOfacLink'), ofacEntryUrl(m.sdn_uid)));
  }
  for (const m of user) c.appendChild(el('p', 'user', t('cardUserList', [userListName(m), m.name || ''])));
  // Formerly listed (delisted): said as such, never as sanctioned.
  if (!ofac.length && Array.isArray(hit.delisted) && hit.delisted.length) {
    c.classList.add('delisted');
    for (const d of hit.delisted.slice(0, 3)) {
      const when = d.removed ? t('cardDelistedOn', [shownDate(d.removed)]) : '';
      c.appendChild(el('p', 'note delisted', t('cardDelisted', [d.name, d.sdn_uid != null ? String(d.sdn_uid) : '?', when])));
    }
  }
  if (hit.sanctioned) {
    if (S.dismissed[hit.address]) {
      c.appendChild(el('p', 'note', t('cardDismissed')));
    } else {
      const b = el('button', null, t('cardDismiss'));
      b.type = 'button';
      b.addEventListener('click', () => dismiss(hit, b));
      c.appendChild(b);
    }
  }
  c.appendChild(reportLink(hit));
  c.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  c.addEventListener('mouseleave', () => hideCardSoon());
  return c;
}

/** "Report a mistake": a link the user may follow to the tracker (title prefilled with the
 * address and the verdict; never the page). Nothing is sent unless they submit it there. */
function reportLink(hit) {
  const verdict = hit.possible ? 'flagged as possibly listed (shortened)' : hit.sanctioned ? 'flagged' : 'not flagged';
  const p = linkNote(t('reportMistake'), reportUrl(`Wrong verdict? ${hit.display || hit.address} ${verdict}`));
  p.firstChild.className = 'report';
  return p;
}

/** A link that opens in a new tab, sending no referrer, in a note line of its own. */
function linkNote(text, href) {
  const a = el('a', null, text);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  const p = el('p', 'note');
  p.appendChild(a);
  return p;
}

function placeCard() {
  if (!card || !cardRect) return;
  const a = cardFor ? anchorRect(cardFor, cardRect.left + 1, cardRect.top + 1) || cardRect : cardRect;
  cardRect = a;
  const vw = document.documentElement.clientWidth || innerWidth;
  const vh = innerHeight;
  card.style.visibility = 'hidden';
  card.style.left = '0px';
  card.style.top = '0px';
  attach(card);
  const w = card.offsetWidth;
  const h = card.offsetHeight;
  const gap = 6;
  let top;
  const below = vh - a.bottom - gap;
  const above = a.top - gap;
  if (h <= below) top = a.bottom + gap;
  else if (h <= above) top = a.top - gap - h;
  else top = below >= above ? a.bottom + gap : Math.max(0, a.top - gap - h);
  const left = Math.max(4, Math.min(a.left, vw - w - 4));
  card.style.left = `${left}px`;
  card.style.top = `${top}px`;
  card.style.visibility = 'visible';
}

// "I know this one" is confirmed in a window of ours (a page could cover or click through
// anything drawn here); once stored, the background's 'stateChanged' redraws the page.
async function dismiss(hit, button) {
  button.disabled = true;
  button.textContent = t('cardDismissConfirming');
  announce(t('cardDismissConfirming'));
  const res = await send({ type: 'dismiss', address: hit.address }).catch(() => null);
  if (!res || res.decision !== 'proceed') {
    button.disabled = false;
    button.textContent = t('cardDismiss');
  }
}

// ---------------------------------------------------------------- finding the address under the pointer
function recordsAt(target, x, y) {
  for (let e = target, depth = 0; e && depth < 6; e = e.parentElement, depth++) {
    const list = byElement.get(e);
    if (!list || !list.length) continue;
    for (const r of list) {
      if (r.kind === 'attr') return r;
      const range = rangeOf(r);
      const rects = range ? range.getClientRects() : [];
      for (const q of rects) if (x >= q.left - 1 && x <= q.right + 1 && y >= q.top - 1 && y <= q.bottom + 1) return r;
    }
  }
  return null;
}

let lastMove = null;
let moveRaf = false;
function onMove(e) {
  if (S.paused || records.size === 0) return;
  lastMove = { x: e.clientX, y: e.clientY, target: e.composedPath ? e.composedPath()[0] : e.target };
  if (moveRaf) return;
  moveRaf = true;
  requestAnimationFrame(() => {
    moveRaf = false;
    const m = lastMove;
    if (!m || isHost(m.target)) return;
    const target = m.target && m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target && m.target.parentElement;
    const r = target ? recordsAt(target, m.x, m.y) : null;
    if (r) showCard(r, m.x, m.y);
    else if (card) hideCardSoon();
  });
}

function onFocusIn(e) {
  if (S.paused || records.size === 0) return;
  const target = e.composedPath ? e.composedPath()[0] : e.target;
  if (!target || isHost(target) || target.nodeType !== Node.ELEMENT_NODE) return;
  let r = null;
  const own = byElement.get(target);
  if (own && own.length) r = own[0];
  else {
    const kids = target.querySelectorAll ? target.querySelectorAll('*') : [];
    for (let i = 0; i < kids.length && i < 50 && !r; i++) {
      const l = byElement.get(kids[i]);
      if (l && l.length) r = l[0];
    }
  }
  if (r) showCard(r);
}

function onFocusOut(e) {
  if (card && !isHost(e.target)) hideCardSoon();
}

function onKey(e) {
  if (e.key === 'Escape' && card) hideCard();
}

/** Forgets the card (the page is rescanned). */
export function resetCard() {
  card = null;
  cardFor = null;
}

export function listenForCards() {
  document.addEventListener('mousemove', onMove, { capture: true, passive: true });
  document.addEventListener('focusin', onFocusIn, true);
  document.addEventListener('focusout', onFocusOut, true);
  document.addEventListener('keydown', onKey, true);
}
