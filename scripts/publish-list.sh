#!/usr/bin/env bash
# Publishes the signed sanctions feed (docs/feed.md). Every step of
# .github/workflows/publish-list.yml is a subcommand here, so it runs the same way on a
# laptop with a test key as in CI with the real one.
#
#   scripts/publish-list.sh fetch --out <file> [--url <url>]
#       Downloads OFAC's SDN_ADVANCED.XML (browser-like User-Agent, retries) and refuses
#       what is not a whole file: HTTP 202 (the WAF challenge), other non-200 statuses, an
#       empty or too small body, a root element that does not close (truncated).
#
#   scripts/publish-list.sh build --from <file> [--from <file>...] --feed <dir>
#                                 [--key <secret-key-file>] [--pubkey <file>]
#                                 [--min-ratio 0.9] [--sequence N] [--message <file>] [--force]
#                                 [--source-date YYYY-MM-DD] [--refresh-days 7]
#       Builds a candidate bundle with the importer (any error: refused), refuses one with
#       no address at all, checks that the key signs for the pinned public key, and when the
#       list changed (addresses, entities or source date), or the current bundle was signed
#       more than --refresh-days ago (so installed extensions never see it expire: its
#       signed validity is 30 days), publishes it with `sightline list publish` as the next
#       sequence, rewrites <dir>/history.json, and writes a commit message with
#       `sightline list diff` to --message. `list publish` refuses (exit 3 here too) a list
#       date or signing time in the future or older than the current bundle's, and a list
#       that would remove more than (1 - min-ratio) of its addresses without the input
#       recording them as delisted (address sets compared; the removed ones are named);
#       --force publishes such a shrink anyway. Exit 0: published or unchanged (prints
#       "changed=true|false", also appended to $GITHUB_OUTPUT when set); 3: refused.
#       The secret key comes from --key, or from $SIGHTLINE_SIGNING_KEY (64 hex digits,
#       the CI secret), written to a private temp file and deleted after.
#
#   scripts/publish-list.sh adopt --bundle <signed bundle> --feed <dir> [--pubkey <file>]
#       Makes an already signed bundle (lists/ofac-sdn.bundle) the feed's current one, with
#       the manifest `list publish` writes; no secret key needed (bootstraps www/feed).
#
#   scripts/publish-list.sh site
#       Builds the wasm engine, the extension zips and the static site into dist/www, as
#       build.sh does, without the test tooling (what Pages deploys).
#
# Environment: SIGHTLINE_BIN (the CLI; default target/release/sightline, built when
# missing), SIGHTLINE_OFAC_URL, SIGHTLINE_FETCH_TRIES (5), SIGHTLINE_FETCH_BACKOFF
# (seconds, 30), SIGHTLINE_MIN_XML_BYTES (1000000).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

OFAC_URL_DEFAULT=https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.XML
# SLS answers clients without a browser-like User-Agent with 403 (../shared/data/ofac/FORMAT.md).
USER_AGENT='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 sightline-publisher/1 (+https://github.com/sightline-project/sightline)'

die() { printf 'publish-list: %s\n' "$*" >&2; exit 2; }
refuse() { printf 'publish-list: REFUSED: %s\n' "$*" >&2; exit 3; }
note() { printf 'publish-list: %s\n' "$*" >&2; }

cli() {
  local bin=${SIGHTLINE_BIN:-$ROOT/target/release/sightline}
  if [ ! -x "$bin" ]; then
    note "building the CLI"
    (cd "$ROOT" && cargo build --release --bin sightline >&2)
  fi
  "$bin" "$@"
}

# ---------------------------------------------------------------------------- fetch

# Prints why $1 is not a whole XML document, or nothing when it is.
xml_problem() {
  python3 - "$1" "${SIGHTLINE_MIN_XML_BYTES:-1000000}" <<'PY'
import os, re, sys
path, minimum = sys.argv[1], int(sys.argv[2])
size = os.path.getsize(path)
if size == 0:
    print("empty body"); sys.exit()
if size < minimum:
    print(f"{size} bytes, less than the {minimum} a full file has"); sys.exit()
with open(path, "rb") as f:
    head = f.read(4096)
    f.seek(max(0, size - 4096))
    tail = f.read()
m = re.search(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]", re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.S))
if not m:
    print("no XML root element at the start"); sys.exit()
root = m.group(2)
if root not in (b"Sanctions", b"sdnList"):
    print(f"root element <{root.decode(errors='replace')}> is not OFAC's"); sys.exit()
if not re.search(rb"</([A-Za-z_][\w.-]*:)?" + re.escape(root) + rb">\s*$", tail):
    print(f"truncated: the root element <{root.decode()}> does not close")
PY
}

cmd_fetch() {
  local out='' url=${SIGHTLINE_OFAC_URL:-$OFAC_URL_DEFAULT}
  while [ $# -gt 0 ]; do
    case $1 in
      --out) out=$2; shift 2 ;;
      --url) url=$2; shift 2 ;;
      *) die "fetch: unknown argument $1" ;;
    esac
  done
  [ -n "$out" ] || die "fetch: --out <file> is required"
  mkdir -p "$(dirname "$out")"
  local tries=${SIGHTLINE_FETCH_TRIES:-5} backoff=${SIGHTLINE_FETCH_BACKOFF:-30}
  local tmp="$out.part" attempt status why
  for attempt in $(seq 1 "$tries"); do
    rm -f "$tmp"
    status=$(curl -sS -L --compressed -A "$USER_AGENT" -o "$tmp" -w '%{http_code}' \
      --connect-timeout 30 --max-time 900 "$url" 2>/dev/null) || status="curl error $?"
    if [ "$status" = 200 ]; then
      why=$(xml_problem "$tmp")
      if [ -z "$why" ]; then
        mv "$tmp" "$out"
        note "fetched $url -> $out ($(wc -c < "$out") bytes, attempt $attempt)"
        return 0
      fi
    elif [ "$status" = 202 ]; then
      why="HTTP 202 (a challenge page, not the file)"
    else
      why="HTTP $status"
    fi
    note "attempt $attempt/$tries refused: $why"
    [ "$attempt" -lt "$tries" ] && sleep $((backoff * attempt))
  done
  rm -f "$tmp"
  refuse "could not download a whole file from $url: $why"
}

# ---------------------------------------------------------------------------- build

# manifest_get <feed dir> <field>: a field of the feed's manifest, after the CLI checked the
# bundle it names against it (size, SHA-256, signature, sequence).
manifest_get() {
  cli list feed --feed "$1" --pubkey "$PUBKEY" --field "$2"
}

# bundle_field <bundle> <field>: a header field of a verified bundle.
bundle_field() {
  cli list show --pubkey "$PUBKEY" --field "$2" "$1"
}

# refusal_in <log>: the reason of a `sightline list` refusal (exit 3) in its stderr.
refusal_in() {
  grep -E '^sightline list: |^refused: ' "$1" | tail -n 1 | sed -E 's/^(sightline list: )?(refused: )?//'
}

cmd_build() {
  local froms=() feed='' key='' pubkey="$ROOT/lists/publisher.pub" ratio=0.9 seq='' message='' force=0
  local extra=() refresh_days=7
  while [ $# -gt 0 ]; do
    case $1 in
      --from) froms+=(--from "$2"); shift 2 ;;
      --feed) feed=$2; shift 2 ;;
      --key) key=$2; shift 2 ;;
      --pubkey) pubkey=$2; shift 2 ;;
      --min-ratio) ratio=$2; shift 2 ;;
      --sequence) seq=$2; shift 2 ;;
      --message) message=$2; shift 2 ;;
      --force) force=1; shift ;;
      --source-date) extra+=(--source-date "$2"); shift 2 ;;
      --refresh-days) refresh_days=$2; shift 2 ;;
      *) die "build: unknown argument $1" ;;
    esac
  done
  [ ${#froms[@]} -gt 0 ] || die "build: at least one --from <file> is required"
  [ -n "$feed" ] || die "build: --feed <dir> is required"
  [ -f "$pubkey" ] || die "build: public key $pubkey not found"
  PUBKEY=$pubkey
  # Global, and removed on EXIT: refuse/die exit from inside this function, and the work dir
  # may hold the signing key (RETURN traps do not run on exit).
  WORK_DIR=$(mktemp -d)
  trap 'rm -rf "$WORK_DIR"' EXIT
  local work=$WORK_DIR
  if [ -z "$key" ]; then
    [ -n "${SIGHTLINE_SIGNING_KEY:-}" ] || die "build: no --key and no \$SIGHTLINE_SIGNING_KEY"
    key="$work/publisher.key"
    (umask 077 && printf '%s\n' "$SIGHTLINE_SIGNING_KEY" | tr -d ' \r' > "$key")
  fi
  mkdir -p "$feed"

  # The feed's current bundle, if any.
  local prev='' prev_seq=0 prev_count=0 prev_date='' prev_signed=null
  if [ -f "$feed/latest.json" ]; then
    PUBKEY=$pubkey
    prev=$(manifest_get "$feed" path) || die "build: the feed's current bundle is missing or is not what $feed/latest.json says"
    prev_seq=$(manifest_get "$feed" sequence)
    prev_count=$(bundle_field "$prev" entry_count)
    prev_date=$(bundle_field "$prev" source_date)
    prev_signed=$(bundle_field "$prev" signed_at)
  fi
  [ -n "$seq" ] || seq=$((prev_seq + 1))
  [ "$seq" -gt "$prev_seq" ] || refuse "sequence $seq is not above the feed's $prev_seq"

  # 1. Build a candidate: any importer error refuses.
  local cand="$work/candidate.bundle"
  local rc=0
  cli list build "${froms[@]}" ${extra[@]+"${extra[@]}"} --out "$cand" --sequence "$seq" --key "$key" 2> "$work/build.log" || rc=$?
  cat "$work/build.log" >&2
  case $rc in
    0) ;;
    3) refuse "$(refusal_in "$work/build.log")" ;;
    *) refuse "the importer failed on the input" ;;
  esac
  cat "$work/build.log" >&2
  # 2. The key must sign for the pinned public key (a wrong secret fails here, not in users' browsers).
  cli list verify "$cand" --pubkey "$pubkey" >/dev/null ||
    refuse "the signing key does not match the pinned public key $pubkey"
  # 3. Sanity: no empty list, no sudden collapse.
  local count date
  count=$(bundle_field "$cand" entry_count)
  date=$(bundle_field "$cand" source_date)
  [ "$count" -gt 0 ] || refuse "the input gave no address at all"
  # (The dates and the shrink are checked by `list publish` below, against the feed's
  # current bundle: sightline::list::publish.)
  # 4. Changed at all? (Addresses, entities, or a newer OFAC publication date.) An unchanged
  # list is signed again when the current bundle is getting old: installed extensions warn
  # once a bundle is past its signed expiry, whatever the list's date.
  local diff_text='' changed=1
  if [ -n "$prev" ]; then
    diff_text=$(cli list diff --pubkey "$pubkey" "$prev" "$cand" 2>&1) || true
    if [ "$date" = "$prev_date" ] && [ "$(cli list diff --count all --pubkey "$pubkey" "$prev" "$cand" 2>/dev/null)" = 0 ]; then
      changed=0
      local now
      now=${SOURCE_DATE_EPOCH:-$(date -u +%s)}
      if [ "$prev_signed" = null ] || [ $((now - prev_signed)) -gt $((refresh_days * 86400)) ]; then
        note "unchanged, but bundle $prev_seq was signed more than $refresh_days days ago: signing it again"
        changed=1
        diff_text="The list is unchanged; signed again so that it does not expire."
      fi
    fi
  fi
  if [ "$changed" = 0 ]; then
    note "unchanged: the input is the list of bundle $prev_seq ($prev_date, $prev_count addresses); nothing published"
    echo "changed=false"
    [ -n "${GITHUB_OUTPUT:-}" ] && echo "changed=false" >> "$GITHUB_OUTPUT"
    return 0
  fi
  # 5. Publish: `list publish` refuses (exit 3) bad dates and an unexplained shrink.
  local shrink=(--min-ratio "$ratio")
  [ "$force" = 0 ] || shrink+=(--force)
  rc=0
  cli list publish "${froms[@]}" ${extra[@]+"${extra[@]}"} "${shrink[@]}" --out "$feed" --sequence "$seq" --key "$key" 2> "$work/publish.log" || rc=$?
  cat "$work/publish.log" >&2
  case $rc in
    0) ;;
    3) refuse "$(refusal_in "$work/publish.log")" ;;
    *) die "list publish failed (exit $rc)" ;;
  esac
  PUBKEY=$pubkey
  manifest_get "$feed" sequence >/dev/null || die "the published bundle does not verify"
  if [ -n "$message" ]; then
    {
      printf 'Sanctions list: OFAC list of %s, bundle %s (%s addresses)\n\n' "$date" "$seq" "$count"
      if [ -n "$prev" ]; then
        printf 'sightline list diff (bundle %s -> %s):\n\n%s\n' "$prev_seq" "$seq" "$diff_text"
      else
        printf 'First bundle of this feed.\n'
      fi
    } > "$message"
  fi
  note "published bundle $seq ($date, $count addresses) in $feed"
  echo "changed=true"
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "changed=true" >> "$GITHUB_OUTPUT"
  return 0
}

# ---------------------------------------------------------------------------- adopt

# Puts an already signed bundle (e.g. lists/ofac-sdn.bundle) into a feed as its current
# one (`sightline list feed-add`): no secret key needed.
cmd_adopt() {
  local bundle='' feed='' pubkey="$ROOT/lists/publisher.pub"
  while [ $# -gt 0 ]; do
    case $1 in
      --bundle) bundle=$2; shift 2 ;;
      --feed) feed=$2; shift 2 ;;
      --pubkey) pubkey=$2; shift 2 ;;
      *) die "adopt: unknown argument $1" ;;
    esac
  done
  [ -f "$bundle" ] && [ -n "$feed" ] || die "adopt: --bundle <file> and --feed <dir> are required"
  local seq
  cli list feed-add --feed "$feed" --pubkey "$pubkey" "$bundle" >&2 ||
    refuse "$bundle was not added to $feed (it must verify against $pubkey and be newer than the feed's bundle)"
  PUBKEY=$pubkey
  seq=$(manifest_get "$feed" sequence)
  note "adopted $bundle as bundle $seq of $feed"
}

# ---------------------------------------------------------------------------- site

cmd_site() {
  cd "$ROOT"
  if [ -n "${SIGHTLINE_PUBLISHER_KEY:-}" ]; then
    SIGHTLINE_PUBLISHER_KEY_HEX=$(tr -d ' \n\r' < "$SIGHTLINE_PUBLISHER_KEY")
    export SIGHTLINE_PUBLISHER_KEY_HEX
  fi
  cargo build --profile wasm --target wasm32-unknown-unknown --lib --no-default-features
  rm -rf target/pkg
  wasm-bindgen --target web --out-dir target/pkg target/wasm32-unknown-unknown/wasm/sightline.wasm
  npx --no-install wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals target/pkg/sightline_bg.wasm -o target/pkg/sightline_bg.wasm
  node extension/build.mjs
  node www/build.mjs
}

case "${1:-}" in
  fetch) shift; cmd_fetch "$@" ;;
  build) shift; cmd_build "$@" ;;
  site) shift; cmd_site "$@" ;;
  adopt) shift; cmd_adopt "$@" ;;
  *) sed -n '2,40p' "$0" >&2; exit 2 ;;
esac
