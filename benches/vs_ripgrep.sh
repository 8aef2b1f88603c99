#!/usr/bin/env bash
# benches/vs_ripgrep.sh [MB] [page|dense]
#
# Native comparison for the README: `sightline scan` (find, validate, look up in the
# bundled sanctions set) against ripgrep extracting the same address shapes with a regex
# alone (`rg -o -a '<combined pattern>'`, pattern from benches/peers/regex.mjs), on the
# same generated text file, timed in the same run. Goal (issue 2): sightline >= 5x faster.
#
# Uses hyperfine when installed, else a loop of timed runs (best of N). Env:
# SIGHTLINE_BIN (default target/release/sightline, built when missing), RUNS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-64}
DENSITY=${2:-dense}
RUNS=${RUNS:-5}
BIN=${SIGHTLINE_BIN:-target/release/sightline}
[ -x "$BIN" ] || cargo build --release --bin sightline
command -v rg >/dev/null || { echo "ripgrep (rg) is not installed" >&2; exit 2; }

TMP=${TMPDIR:-/tmp}/sightline-vs-rg
mkdir -p "$TMP"
FILE=$TMP/corpus-$MB-$DENSITY.txt
if [ ! -f "$FILE" ]; then
  node --input-type=module -e "
    import fs from 'node:fs';
    import { makeCorpus } from './benches/peers/corpus.mjs';
    const rate = '$DENSITY' === 'page' ? 0.001 : 0.01;
    const fd = fs.openSync('$FILE', 'w');
    let total = 0;
    for (let i = 0; total < $MB * 1048576; i++) {
      const { text } = makeCorpus(Math.min(4 << 20, $MB * 1048576 - total), { seed: 1000 + i, addrRate: rate, decoyRate: rate });
      fs.writeSync(fd, text);
      total += Buffer.byteLength(text);
    }
    fs.closeSync(fd);"
fi
PATTERN=$(node benches/peers/regex.mjs --rg)
SIZE=$(wc -c < "$FILE")

rg_cmd=(rg -o -a --no-filename --no-line-number "$PATTERN" "$FILE")
sl_cmd=("$BIN" scan --format text "$FILE")

echo "file: $FILE ($SIZE bytes, $DENSITY density)"
echo "ripgrep $(rg --version | head -1 | awk '{print $2}'): $("${rg_cmd[@]}" | wc -l) shape matches"
echo "sightline: $("${sl_cmd[@]}" 2>/dev/null | grep -c . || true) addresses reported (validated, looked up)"

best_ms() { # best wall time of RUNS runs, in ms
  local best=0 t0 t1 ms
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ "$best" = 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

if command -v hyperfine >/dev/null; then
  hyperfine -N -w 1 -r "$RUNS" --export-json "$TMP/hyperfine.json" \
    -n ripgrep "$(printf '%q ' "${rg_cmd[@]}")" -n sightline "$(printf '%q ' "${sl_cmd[@]}")"
  RG_MS=$(node -e "const r=require('$TMP/hyperfine.json').results;console.log(Math.round(r[0].min*1000))")
  SL_MS=$(node -e "const r=require('$TMP/hyperfine.json').results;console.log(Math.round(r[1].min*1000))")
else
  "${rg_cmd[@]}" > /dev/null; "${sl_cmd[@]}" > /dev/null 2>&1 || true  # warm the page cache
  RG_MS=$(best_ms "${rg_cmd[@]}")
  SL_MS=$(best_ms "${sl_cmd[@]}")
fi
RATIO=$(awk -v a="$RG_MS" -v b="$SL_MS" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
MBS() { awk -v s="$SIZE" -v ms="$1" 'BEGIN { printf "%.0f", (ms > 0 ? s / 1048576 / (ms / 1000) : 0) }'; }
echo "ripgrep (regex only):                 ${RG_MS} ms  ($(MBS "$RG_MS") MB/s)"
echo "sightline scan (find+validate+lookup): ${SL_MS} ms  ($(MBS "$SL_MS") MB/s)"
if awk -v r="$RATIO" 'BEGIN { exit !(r >= 5) }'; then v=PASS; else v=FAIL; fi
echo "$v  sightline vs ripgrep: ${RATIO}x (goal >= 5x; best of $RUNS runs each)"
