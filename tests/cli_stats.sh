#!/usr/bin/env bash
# CLI tests of `rasd stats` ($RASD, default build/rasd): the numbers on a
# hand-made record set, every format, sharded input, errors, -o, and the HTML
# report rendered by a headless chromium. Prints "cli_stats: N passed, N failed".
#   UPDATE_SCREENSHOT=1  also write docs/demo-report.png from the demo report
# shellcheck disable=SC2015  # `check && ok || bad`: ok never fails
set -u
RASD=${RASD:-build/rasd}
case $RASD in /*) ;; *) [ -e "$RASD" ] && RASD=$PWD/$RASD ;; esac
read -r -a WRAP <<<"${RASD_WRAP:-}"
rasd() { "${WRAP[@]}" "$RASD" "$@"; }
HERE=$(cd "$(dirname "$0")" && pwd)
D=$HERE/data/stats
M=$D/model
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_stats: FAIL: $*" >&2; }
run() { rasd "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] && ok || bad "$2: exit $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -q -- "$1" "$T/err" && ok || bad "$2: stderr lacks '$1' ($(head -c 300 "$T/err"))"; }
expect_out() { grep -q -- "$1" "$T/out" && ok || bad "$2: stdout lacks '$1'"; }
same() { cmp -s "$1" "$2" && ok || bad "$3: outputs differ ($(diff "$1" "$2" | head -5 | tr '\n' ' '))"; }

# --- help and usage ---
run stats -h; expect_rc 0 "stats -h"; expect_out "usage: rasd stats" "stats -h"
for o in --format --level --by --exact --reps --seed --model --output; do expect_out -- "$o" "stats -h lists $o"; done
run stats -f xml "$D/small.jsonl"; expect_rc 2 "unknown format"; expect_err "unknown format 'xml'" "unknown format"
run stats --level 1.5 "$D/small.jsonl"; expect_rc 2 "bad level"
run stats --reps -3 "$D/small.jsonl"; expect_rc 2 "bad reps"
run stats --by week "$D/small.jsonl"; expect_rc 2 "bad --by"; expect_err "rasd stats -h" "bad --by hint"

# --- the numbers on the hand-made set (see tests/test_stats.c for the arithmetic) ---
run stats -m "$M" "$D/small.jsonl"; expect_rc 0 "small set"
expect_out "^rasd stats: 10 sentences in 3 articles" "totals"
expect_out "^attack               4   40.00%  \[16.82%, 68.73%\]    \[33.33%, 50.00%\]        4.34     1.12$" "attack sentences row"
expect_out "^attack               3  100.00%  \[43.85%, 100.00%\]$" "attack articles row"
expect_out "^attack          0.8800   0.0400      42.86%  \[15.26%, 77.06%\]$" "attack adjusted row"
expect_out "^attack                  4            1            0            2$" "co-occurrence row"
expect_out "^killed               3       17        5        0       12$" "killed: largest per article, not a sum"
expect_out "^injured              2       35     17.5        5       30$" "injured median of two"
cp "$T/out" "$T/small.txt"
run stats -m "$M" "$D/small.tsv"; expect_rc 0 "small set as TSV"
same "$T/small.txt" "$T/out" "TSV and JSON Lines input"
run stats -m "$M" - <"$D/small.jsonl"; expect_rc 0 "stdin"; same "$T/small.txt" "$T/out" "stdin input"
rasd stats -m "$M" <"$D/small.jsonl" >"$T/out" 2>"$T/err"; rc=$?
expect_rc 0 "no FILE reads stdin"; same "$T/small.txt" "$T/out" "no FILE reads stdin"
run stats -m "$M" --exact "$D/small.jsonl"; expect_rc 0 "--exact"
expect_out "Clopper-Pearson" "--exact names the method"
expect_out "^attack               4   40.00%  \[12.16%, 73.76%\]" "Clopper-Pearson 4/10"
run stats -m "$M" --level 0.9 "$D/small.jsonl"; expect_rc 0 "--level 0.9"
expect_out "90% interval" "--level shows in headers"
run stats -m "$M" --reps 0 "$D/small.jsonl"; expect_rc 0 "--reps 0"
expect_out "no bootstrap" "--reps 0 says so"
run stats -m "$D/model-useless" "$D/small.jsonl"; expect_rc 0 "useless rates"
expect_out "^casualty        0.5000   0.6000           -  (unavailable: tpr <= fpr)$" "tpr <= fpr"
run stats -m "$T/no-model" "$D/small.jsonl"; expect_rc 0 "no model is not an error"
expect_err "warning: cannot read model" "no model warns"; expect_out "adjusted:   unavailable" "no model: unavailable"
expect_out "^attack               -        -           -  (no model)$" "no model rows"
run stats -m "$M" --by doc "$D/small.jsonl"; expect_rc 0 "--by doc"
[ "$(grep -c '^== doc ' "$T/out")" -eq 3 ] && ok || bad "--by doc: want 3 groups"
expect_out "^== doc a03: 3 sentences in 1 article ==$" "--by doc header"
run stats -m "$M" --by date "$D/small.jsonl"; expect_rc 0 "--by date"
expect_out "^daily series" "--by date prints a daily series"
expect_out "^2026-03-02           3        1            1            0            1            2       12       30$" "daily series row"

# --- reproducible, seeded ---
run stats -m "$M" --by source -f json "$D/demo.jsonl"; cp "$T/out" "$T/a.json"
run stats -m "$M" --by source -f json "$D/demo.jsonl"; same "$T/a.json" "$T/out" "two runs"
run stats -m "$M" --by source -f json --seed 2 "$D/demo.jsonl"
cmp -s "$T/a.json" "$T/out" && bad "--seed 2 changes nothing" || ok

# --- formats ---
run stats -m "$M" -f json --by date "$D/small.jsonl"; expect_rc 0 "json"
python3 - "$T/out" <<'EOF' && ok || bad "json content"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["all"]
assert a["sentences"] == 10 and a["articles"] == 3
att = a["labels"]["attack"]
assert att["sentences"]["count"] == 4 and abs(att["sentences"]["lo"] - 0.16818033) < 1e-8
assert att["bootstrap"]["lo"] <= 0.4 <= att["bootstrap"]["hi"]
assert abs(att["expected"]["sd"] - 1.2474 ** 0.5) < 1e-9
assert a["cooccurrence"]["attack"]["casualty"] == 2
assert a["casualties"]["killed"] == {"articles": 3, "total": 17, "median": 5.0, "min": 0, "max": 12}
assert [g["key"] for g in d["groups"]] == ["2026-03-01", "2026-03-02"]
assert d["groups"][1]["labels"]["attack"]["bootstrap"] is None  # one article
assert d["settings"]["method"] == "wilson" and d["model"]["rates"]["attack"]["tpr"] == 0.88
EOF
run stats -m "$T/no-model" -f json "$D/small.jsonl"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["all"]["labels"]["attack"]["adjusted"] is None and d["model"]["path"] is None' "$T/out" && ok || bad "json without a model"
run stats -m "$M" -f tsv --by source "$D/small.jsonl"; expect_rc 0 "tsv"
expect_out "^by	group	label	measure	value	lo	hi$" "tsv header"
expect_out "^all	all	attack	sentence_share	0.4	0.1681803297	0.6873262303$" "tsv share row"
expect_out "^all	all	killed	total	17		$" "tsv casualty row"
expect_out "^source	gulf-post	attack	sentences	1		$" "tsv group row"
awk -F'\t' 'NF != 7 { exit 1 }' "$T/out" && ok || bad "tsv: 7 fields on every line"

# --- sharded input: the same records over 3 files give byte-identical output ---
n=$(wc -l <"$D/demo.jsonl")
head -n 100 "$D/demo.jsonl" >"$T/s1.jsonl"
sed -n "101,$((n - 90))p" "$D/demo.jsonl" >"$T/s2.jsonl"
tail -n 90 "$D/demo.jsonl" >"$T/s3.jsonl"
[ "$(cut -d'"' -f4 "$T/s1.jsonl" | tail -1)" = "$(cut -d'"' -f4 "$T/s2.jsonl" | head -1)" ] && ok ||
  bad "test setup: an article should straddle shards 1 and 2"
for f in text tsv json html; do
  rasd stats -m "$M" -f "$f" --by date "$D/demo.jsonl" >"$T/whole.$f" 2>/dev/null
  rasd stats -m "$M" -f "$f" --by date "$T/s1.jsonl" "$T/s2.jsonl" "$T/s3.jsonl" >"$T/shards.$f" 2>/dev/null
  same "$T/whole.$f" "$T/shards.$f" "sharded $f"
done
rasd stats -m "$M" -f json "$T/s3.jsonl" - "$T/s1.jsonl" <"$T/s2.jsonl" >"$T/out" 2>/dev/null
rasd stats -m "$M" -f json "$D/demo.jsonl" >"$T/whole2.json" 2>/dev/null
same "$T/whole2.json" "$T/out" "shards in another order, one from stdin"
# TSV shards concatenated with their headers
{ head -n 5 "$D/small.tsv"; head -n 1 "$D/small.tsv"; tail -n +6 "$D/small.tsv"; } >"$T/cat.tsv"
run stats -m "$M" "$T/cat.tsv"; same "$T/small.txt" "$T/out" "concatenated TSV shards"

# --- bad input ---
head -c 700 "$D/small.jsonl" >"$T/trunc.jsonl"
run stats -m "$M" "$T/trunc.jsonl"; expect_rc 1 "truncated record"
expect_err "trunc.jsonl:3: truncated or malformed JSON record" "truncated record names file:line"
[ -s "$T/out" ] && bad "truncated input: no output wanted" || ok
printf 'a1\tattack\tقصف\n' >"$T/corpus.tsv"
run stats -m "$M" "$T/corpus.tsv"; expect_rc 1 "foreign TSV"
expect_err "corpus.tsv:1: truncated or foreign record" "foreign TSV names file:line"
printf '{"id":"x","text":"مقال"}\n' >"$T/articles.jsonl"
run stats -m "$M" "$T/articles.jsonl"; expect_rc 1 "foreign JSON"
expect_err "articles.jsonl:1: not a classified record" "foreign JSON names file:line"
head -c 3000 /dev/urandom >"$T/noise"
run stats -m "$M" "$T/noise"; [ "$rc" -eq 1 ] && ok || bad "binary noise: exit $rc, want 1"
: >"$T/empty"
run stats -m "$M" "$T/empty"; expect_rc 1 "empty input"; expect_err "no records" "empty input"
run stats -m "$M" "$D/small.jsonl" "$T/missing.jsonl"; expect_rc 1 "missing file"
expect_err "missing.jsonl" "missing file is named"
if [ -w /dev/full ]; then
  rasd stats -m "$M" "$D/small.jsonl" >/dev/full 2>"$T/err"; rc=$?
  expect_rc 1 "stats > /dev/full"; expect_err "cannot write output" "/dev/full message"
fi

# --- -o: atomic ---
mkdir "$T/o"
echo "old" >"$T/o/report.txt"
run stats -m "$M" -o "$T/o/report.txt" "$T/trunc.jsonl"; expect_rc 1 "-o with bad input"
[ "$(cat "$T/o/report.txt")" = "old" ] && ok || bad "-o: failed run replaced the file"
[ "$(find "$T/o" -mindepth 1 | wc -l)" -eq 1 ] && ok || bad "-o: temporary file left behind"
run stats -m "$M" -o "$T/o/report.txt" "$D/small.jsonl"; expect_rc 0 "-o"
[ -s "$T/out" ] && bad "-o: stdout should be empty" || ok
same "$T/small.txt" "$T/o/report.txt" "-o content"
[ "$(find "$T/o" -mindepth 1 | wc -l)" -eq 1 ] && ok || bad "-o: temporary file left behind after success"
run stats -m "$M" -o "$T/no-dir/report.txt" "$D/small.jsonl"; expect_rc 1 "-o into a missing directory"
expect_err "cannot write" "-o error message"

# --- HTML: self-contained, and the charts exist in the rendered DOM ---
# (from the repository root, so that the page names the model by a relative path)
cd "$HERE/.." || exit 1
run stats -m tests/data/stats/model -f html --by date -o "$T/date.html" tests/data/stats/demo.jsonl
expect_rc 0 "html --by date"
run stats -m "$M" -f html --by source -o "$T/source.html" "$D/demo.jsonl"; expect_rc 0 "html --by source"
if grep -Eiq '<script|<link|<img|<iframe|@import|url\(|src=' "$T/date.html" "$T/source.html"; then
  bad "html loads external resources"
else ok; fi
[ "$(grep -o 'https\?://[^"]*' "$T/date.html" | sort -u)" = "http://www.w3.org/2000/svg" ] && ok ||
  bad "html names a URL other than the SVG namespace"
grep -q '<bdi>صوت الجنوب</bdi>' "$T/source.html" && ok || bad "html isolates Arabic names with <bdi>"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
chrome() {
  local profile; profile=$(mktemp -d "$T/profile.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>/dev/null
}
count() { grep -o -- "$1" "$2" | wc -l; }
if [ -z "$CHROMIUM" ]; then
  bad "chromium is not installed (scripts/install-deps.sh installs it)"
else
  chrome --dump-dom "file://$T/date.html" >"$T/date.dom"
  for l in attack retaliation evacuation casualty; do
    [ "$(count "<svg class=\"rasd-bars\" id=\"bars-$l\"" "$T/date.dom")" -eq 1 ] && ok || bad "rendered DOM lacks bars-$l"
    [ "$(count "<svg class=\"rasd-series\" id=\"series-$l\"" "$T/date.dom")" -eq 1 ] && ok || bad "rendered DOM lacks series-$l"
  done
  [ "$(count 'class="rasd-series" id="series-casualties"' "$T/date.dom")" -eq 1 ] && ok || bad "rendered DOM lacks the casualty series"
  [ "$(count '<rect class="bar"' "$T/date.dom")" -eq 16 ] && ok || bad "want 16 bars (4 per label)"
  [ "$(count '<line class="whisker"' "$T/date.dom")" -ge 16 ] && ok || bad "rendered DOM lacks whiskers"
  [ "$(count '<circle class="point"' "$T/date.dom")" -eq 52 ] && ok || bad "want 13 days x 4 labels of series points"
  grep -q 'class="rasd-cooccurrence"' "$T/date.dom" && ok || bad "rendered DOM lacks the co-occurrence table"
  grep -q 'class="rasd-casualties"' "$T/date.dom" && ok || bad "rendered DOM lacks the casualty table"
  chrome --dump-dom "file://$T/source.html" >"$T/source.dom"
  for l in attack retaliation evacuation casualty; do
    [ "$(count "id=\"bars-$l-by-source\"" "$T/source.dom")" -eq 1 ] && ok || bad "rendered DOM lacks bars-$l-by-source"
  done
  [ "$(count '<details class="group"' "$T/source.dom")" -eq 4 ] && ok || bad "want 4 source groups"
  chrome --screenshot="$T/shot.png" --window-size=1200,1600 "file://$T/date.html" >/dev/null
  python3 - "$T/shot.png" <<'EOF' && ok || bad "screenshot is not a 1200x1600 PNG"
import struct, sys
b = open(sys.argv[1], "rb").read(24)
assert b[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", b[16:24]) == (1200, 1600)
EOF
  if [ "${UPDATE_SCREENSHOT:-0}" = 1 ]; then
    mkdir -p "$HERE/../docs" && cp "$T/shot.png" "$HERE/../docs/demo-report.png" && ok || bad "cannot write docs/demo-report.png"
  fi
fi

echo "cli_stats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
