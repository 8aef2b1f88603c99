#!/usr/bin/env bash
# benches/cli_vs_rg.sh [MB]
#
# The CLI against ripgrep on the same generated inputs, timed in the same run (issue 13):
#   page   prose with ~1 address per 6 KB (benches/peers/corpus.mjs, addrRate 0.001)
#   dense  explorer-like prose, ~1 address per 600 bytes (addrRate 0.01)
#   csv    an export: date,tx id,address,amount,asset - an address on every line
#   line   the page corpus as one single line (no newline at all)
# ripgrep finds the address shapes with the regex of benches/peers/regex.mjs alone
# (`rg --count-matches -a`: every match, no printing); `sightline scan` finds, validates
# (checksums) and looks up every address and prints the sanctioned ones. Goal: >= 5x.
# Also `sightline screen` of the csv against `sightline scan` of it (goal: no slower).
#
# Best of RUNS (default 5) wall times, the contenders interleaved. Env: SIGHTLINE_BIN
# (default target/release/sightline, built when missing), RUNS, and SIGHTLINE_BASE: an
# older build to time in the same run ("before" columns).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-64}
RUNS=${RUNS:-5}
BIN=${SIGHTLINE_BIN:-target/release/sightline}
[ -x "$BIN" ] || cargo build --release --locked --bin sightline
command -v rg >/dev/null || { echo "ripgrep (rg) is not installed" >&2; exit 2; }
TMP=${TMPDIR:-/tmp}/sightline-cli-vs-rg
mkdir -p "$TMP"

gen() { # gen KIND FILE
  node --input-type=module -e "
    import fs from 'node:fs';
    import { makeCorpus, unlistedAddresses, loadInputs } from './benches/peers/corpus.mjs';
    const kind = '$1', target = $MB * 1048576, fd = fs.openSync('$2', 'w');
    let total = 0;
    if (kind === 'csv') {
      const listed = loadInputs().valid.map((v) => v.address);
      const pool = unlistedAddresses(6000);
      fs.writeSync(fd, 'date,tx_id,wallet_address,amount,asset\n');
      let x = 7;
      const rnd = () => (x = (x * 1103515245 + 12345) >>> 0);
      while (total < target) {
        let s = '';
        for (let i = 0; i < 10000; i++) {
          const a = rnd() % 1000 === 0 ? listed[rnd() % listed.length] : pool[rnd() % pool.length];
          s += '2026-08-' + String(1 + (i % 28)).padStart(2, '0') + ',' + rnd().toString(16).padStart(8, '0') +
            rnd().toString(16).padStart(8, '0') + ',' + a + ',' + (rnd() % 100000) / 100 + ',USDT\n';
        }
        fs.writeSync(fd, s);
        total += s.length;
      }
    } else {
      const rate = kind === 'dense' ? 0.01 : 0.001;
      for (let i = 0; total < target; i++) {
        let { text } = makeCorpus(Math.min(4 << 20, target - total), { seed: 1000 + i, addrRate: rate, decoyRate: rate });
        if (kind === 'line') text = text.replaceAll('\n', ' ');
        fs.writeSync(fd, text);
        total += Buffer.byteLength(text);
      }
    }
    fs.closeSync(fd);"
}

ms() { # wall time of one run, in ms
  local t0 t1
  t0=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

best() { # best A B [C]: best of RUNS for two or three commands, interleaved; prints "msA msB [msC]"
  local a=0 b=0 c=0 t
  local -n ca=$1 cb=$2
  local -a none=()
  if [ $# -ge 3 ]; then local -n cc=$3; else local -n cc=none; fi
  "${ca[@]}" > /dev/null 2>&1 || true; "${cb[@]}" > /dev/null 2>&1 || true # page cache
  for _ in $(seq "$RUNS"); do
    t=$(ms "${ca[@]}"); if [ "$a" = 0 ] || [ "$t" -lt "$a" ]; then a=$t; fi
    t=$(ms "${cb[@]}"); if [ "$b" = 0 ] || [ "$t" -lt "$b" ]; then b=$t; fi
    if [ ${#cc[@]} -gt 0 ]; then
      t=$(ms "${cc[@]}"); if [ "$c" = 0 ] || [ "$t" -lt "$c" ]; then c=$t; fi
    fi
  done
  if [ ${#cc[@]} -gt 0 ]; then echo "$a $b $c"; else echo "$a $b"; fi
}
BASE=${SIGHTLINE_BASE:-}

PATTERN=$(node benches/peers/regex.mjs --rg)
V=$("$BIN" --version); echo "$V"
echo "ripgrep $(rg --version | head -1 | awk '{print $2}'); ${MB} MB inputs; best of $RUNS runs; $(nproc) cores"
printf '%-6s %12s %12s %10s %8s  %s\n' input "rg ms" "sightline ms" "MB/s" ratio "rg matches / sightline addresses${BASE:+; before: ms, ratio}"
fail=0
for kind in page dense csv line; do
  FILE=$TMP/$kind-$MB.txt
  [ -s "$FILE" ] || gen "$kind" "$FILE"
  rg_cmd=(rg --count-matches -a --no-filename "$PATTERN" "$FILE")
  sl_cmd=("$BIN" scan "$FILE")
  base_cmd=()
  [ -n "$BASE" ] && base_cmd=("$BASE" scan "$FILE")
  read -r RG SL BS < <(best rg_cmd sl_cmd base_cmd)
  found=$("$BIN" scan -c --all --no-filename "$FILE" 2>/dev/null || true)
  matches=$("${rg_cmd[@]}" || true)
  ratio=$(awk -v a="$RG" -v b="$SL" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  mbs=$(awk -v s="$(wc -c < "$FILE")" -v ms="$SL" 'BEGIN { printf "%.0f", (ms > 0 ? s / 1048576 / (ms / 1000) : 0) }')
  awk -v r="$ratio" 'BEGIN { exit !(r >= 5) }' || fail=1
  before=""
  [ -n "$BASE" ] && before="; before: $BS ms, $(awk -v a="$RG" -v b="$BS" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')x"
  printf '%-6s %12s %12s %10s %7sx  %s / %s%s\n' "$kind" "$RG" "$SL" "$mbs" "$ratio" "$matches" "$found" "$before"
done
CSV=$TMP/csv-$MB.txt
scan_cmd=("$BIN" scan "$CSV")
screen_cmd=("$BIN" screen --no-progress -o /dev/null "$CSV")
base_cmd=()
[ -n "$BASE" ] && base_cmd=("$BASE" screen --no-progress -o /dev/null "$CSV")
read -r SC SR BS < <(best scan_cmd screen_cmd base_cmd)
echo "screen of the csv: ${SR} ms; scan of it: ${SC} ms ($(awk -v a="$SC" -v b="$SR" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')x; goal >= 1)${BASE:+; screen before: $BS ms}"
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
if [ -x /usr/bin/time ]; then
  echo "peak RSS (KB): scan line $(peak "$BIN" scan "$TMP/line-$MB.txt"), rg line $(peak rg --count-matches -a "$PATTERN" "$TMP/line-$MB.txt"), screen csv $(peak "${screen_cmd[@]}")"
fi
if [ "$fail" = 0 ]; then echo "PASS: >= 5x ripgrep on every input"; else echo "MISS: below 5x ripgrep on some input (figures above)"; fi
