// The list page's downloads: the list in force as CSV and JSON, built in the page from the
// loaded engine's exportList() (no server). Pure functions (no DOM): tests run them in node.
//
// One row per listing (an address listed for two SDN entries is two rows), in the engine's
// order. Unknown values are empty (CSV) or null (JSON): a version 1 bundle carries no
// first-seen dates and no delisted records, and a set built from SDN.XML no designation
// dates; nothing is filled in by guess.

/** CSV columns of the listed addresses; JSON rows use the same names. */
export const ENTRY_COLUMNS = ['address', 'chains', 'entity', 'sdn_uid', 'programs', 'listed_under', 'first_seen', 'designated', 'source', 'source_date'];
/** CSV columns of the delisted records (addresses on an earlier list, not on this one). */
export const DELISTED_COLUMNS = ['address', 'chains', 'entity', 'sdn_uid', 'programs', 'listed_under', 'listed_until', 'removed', 'source', 'source_date'];
/** How several values share a CSV field (chains, programs, asset codes never contain it). */
export const SEPARATOR = ';';

/**
 * One CSV field, RFC 4180: always in double quotes, a double quote doubled (so commas, quotes
 * and line breaks inside a value are data). Arrays are joined with SEPARATOR; null is empty.
 *
 * Formula injection: a spreadsheet that opens the file evaluates a field starting with = + -
 * or @ (and tab or CR, which some read as the start of one) as a formula, quoted or not: the
 * quotes are CSV syntax and are gone once the cell is read. So such a field gets a leading
 * apostrophe, which spreadsheets take as "this cell is text" (OWASP's advice). Quoting alone
 * would not stop it, and dropping or escaping characters would change the data. A value that
 * itself starts with an apostrophe gets one more, so that reading back is exact: strip one
 * leading apostrophe from any field that has one (parseField below does).
 */
export function csvField(v) {
  let s = v == null ? '' : Array.isArray(v) ? v.join(SEPARATOR) : String(v);
  if (/^[=+\-@\t\r']/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** The value of a field csvField wrote, its quotes already removed by a CSV reader. */
export function parseField(s) {
  return s.startsWith("'") ? s.slice(1) : s;
}

/** The byte order mark a downloaded CSV starts with: Excel reads a CSV as UTF-8 only with
 * it (without, an entity name such as "Société" shows as "SociÃ©tÃ©"). RFC 4180 readers
 * that do not know it see it in the first header name: strip it before parsing. */
export const BOM = '\uFEFF';

/** CSV text: the BOM, a header line, then one line per row, CRLF line ends (RFC 4180). */
export function toCsv(columns, rows) {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))];
  return BOM + lines.map((l) => `${l}\r\n`).join('');
}

const rowOf = (e) => ({
  address: e.address ?? null,
  chains: e.chains ?? [],
  entity: e.entity ?? null,
  sdn_uid: e.sdnUid ?? null,
  programs: e.programs ?? [],
  listed_under: e.listedUnder ?? [],
});

/**
 * The downloads of `list` (Engine.exportList()): {name, csv, delistedCsv, json, entries,
 * delisted}. `name` is the files' base name; `delistedCsv` is null when the bundle has no
 * delisted records (they are in the JSON's `delisted` either way).
 */
export function buildExports(list) {
  const about = { source: list.source, source_date: list.sourceDate };
  const entries = list.entries.map((e) => ({ ...rowOf(e), first_seen: e.firstSeen ?? null, designated: e.designated ?? null }));
  const delisted = (list.delisted || []).map((d) => ({ ...rowOf(d), listed_until: d.listedUntil ?? null, removed: d.removed ?? null }));
  const json = {
    source: list.source,
    source_date: list.sourceDate,
    sequence: list.sequence,
    generated_at: list.generatedAt,
    entry_count: entries.length,
    delisted_count: delisted.length,
    entries,
    delisted,
  };
  return {
    name: `sightline-ofac-sdn-${list.sourceDate}-bundle-${list.sequence}`,
    csv: toCsv(ENTRY_COLUMNS, entries.map((r) => ({ ...r, ...about }))),
    delistedCsv: delisted.length ? toCsv(DELISTED_COLUMNS, delisted.map((r) => ({ ...r, ...about }))) : null,
    json: `${JSON.stringify(json, null, 2)}\n`,
    entries: entries.length,
    delisted: delisted.length,
  };
}
