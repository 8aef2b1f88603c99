// How a verdict from the engine reads: whose list it comes from, and the words of a clear one.
import { t } from '../shared/t.js';
import { listAge } from '../shared/list-age.js';
import { S } from './state.js';

const USER_SOURCE = /^your list: /;

/** A match from the official set (user lists come back as "your list: <name>"). */
export function isOfficial(m) {
  return m.sdn_uid != null || !USER_SOURCE.test(m.source || '');
}

/** The name of the user's list a match comes from. */
export function userListName(m) {
  return ((m && m.source) || '').replace(USER_SOURCE, '');
}

/** The list's age, or null before the background said which list it is. */
export const currentListAge = () => (S.listInfo ? listAge(S.listInfo) : null);

/** A clear verdict says what it rests on: the list's date, and its age once it is old, or
 * that its dates cannot be trusted (dated in the future, or past its signed expiry). */
export function clearText(fresh, stale, untrusted) {
  const a = currentListAge();
  if (!a) return t(fresh, ['?']);
  if (a.future || a.expired) return t(untrusted, [a.shown]);
  return a.stale ? t(stale, [a.shown, String(a.days)]) : t(fresh, [a.shown]);
}
