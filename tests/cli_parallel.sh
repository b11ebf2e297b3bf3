#!/usr/bin/env bash
# The multi-machine pattern (DESIGN.md, "Scale"): `rasd classify` as a filter
# under GNU parallel --pipe gives the same records as one run, and `rasd stats`
# on the shards it wrote gives the same summary as on the whole.
# Prints "cli_parallel: N passed, N failed".
#   RASD       the binary under test (default build/rasd)
#   RASD_WRAP  a wrapper such as valgrind: each parallel job runs under it, with
#              40 kB blocks instead of 10 kB (fewer jobs); the test model is
#              trained by the bare binary
# shellcheck disable=SC2015  # `check && ok || bad`: ok never fails
set -u
RASD=${RASD:-build/rasd}
read -r -a WRAP <<<"${RASD_WRAP:-}"
rasd() { "${WRAP[@]}" "$RASD" "$@"; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_parallel: FAIL: $*" >&2; }
finish() { echo "cli_parallel: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  bad "GNU parallel is not installed (scripts/install-deps.sh installs it)"
  finish
fi

block=10k
[ "${#WRAP[@]}" -gt 0 ] && block=40k

# --- a tiny model (the tests do not depend on the shipped one) ---
for f in corpus/train/01-*.tsv corpus/train/03-*.tsv corpus/train/06-*.tsv; do awk 'NR % 6 == 0' "$f"; done >"$T/small.tsv"
"$RASD" train -q -c 1 --folds 3 -o "$T/m" "$T/small.tsv" >/dev/null 2>"$T/err"
[ -f "$T/m/rasd-model.txt" ] || { bad "cannot train the test model: $(head -c 300 "$T/err")"; finish; }
M=$T/m

# --- input: the sample articles four times over, with distinct ids ---
python3 - corpus/articles/articles.jsonl "$T/all.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for r in range(4):
        for x in recs:
            y = dict(x, id="%s-r%d" % (x["id"], r))
            f.write(json.dumps(y, ensure_ascii=False) + "\n")
PY
n_art=$(wc -l <"$T/all.jsonl")
[ "$n_art" -ge 40 ] && ok || bad "test input has $n_art articles"
[ "$(wc -c <"$T/all.jsonl")" -gt 200000 ] && ok || bad "test input is smaller than 5 blocks of 40k"

# --- one run ---
rasd classify -m "$M" --input jsonl "$T/all.jsonl" >"$T/one.jsonl" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && ok || bad "one run: exit $rc ($(head -c 300 "$T/err"))"
n_one=$(wc -l <"$T/one.jsonl")
[ "$n_one" -gt "$n_art" ] && ok || bad "one run gave $n_one records for $n_art articles"

# --- parallel --pipe: blocks of about 10 kB, whole lines, 2 jobs at a time ---
mkdir -p "$T/shards"
parallel --will-cite --pipe --block "$block" -j 2 --files --tmpdir "$T/shards" \
  -q "${WRAP[@]}" "$RASD" classify -m "$M" --input jsonl - <"$T/all.jsonl" >"$T/shards.txt" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && ok || bad "parallel --pipe: exit $rc ($(head -c 300 "$T/err"))"
mapfile -t shards <"$T/shards.txt"
[ "${#shards[@]}" -ge 4 ] && ok || bad "parallel made ${#shards[@]} shards, want several"
empty=0
for s in "${shards[@]}"; do [ -s "$s" ] || empty=$((empty + 1)); done
[ "$empty" -eq 0 ] && ok || bad "$empty of ${#shards[@]} shards are empty"
cat "${shards[@]}" >"$T/par.jsonl" 2>/dev/null
[ "$(wc -l <"$T/par.jsonl")" -eq "$n_one" ] && ok ||
  bad "parallel gave $(wc -l <"$T/par.jsonl") records, one run $n_one"
LC_ALL=C sort "$T/one.jsonl" >"$T/one.sorted"
LC_ALL=C sort "$T/par.jsonl" >"$T/par.sorted"
cmp -s "$T/one.sorted" "$T/par.sorted" && ok ||
  bad "parallel records differ from one run's (sorted): $(diff "$T/one.sorted" "$T/par.sorted" | head -3 | cut -c1-200 | tr '\n' ' ')"
# every article's records are whole and numbered 1..n within one shard
python3 - "${shards[@]}" 2>/dev/null <<'PY' && ok || bad "an article's sentences are split across shards or misnumbered"
import json, sys
seen = {}
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        seen.setdefault(r["doc"], []).append((path, r["sent"]))
for doc, v in seen.items():
    assert len({p for p, _ in v}) == 1, doc
    assert [s for _, s in v] == list(range(1, len(v) + 1)), doc
PY

# --- parallel --pipe --keep-order: the same bytes as one run ---
parallel --will-cite --pipe --block "$block" -j 2 --keep-order \
  -q "${WRAP[@]}" "$RASD" classify -m "$M" --input jsonl - <"$T/all.jsonl" >"$T/keep.jsonl" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && ok || bad "parallel --keep-order: exit $rc ($(head -c 300 "$T/err"))"
cmp -s "$T/one.jsonl" "$T/keep.jsonl" && ok || bad "parallel --keep-order output differs from one run"

# --- rasd stats on the shards equals rasd stats on the whole ---
if ! rasd stats -h >/dev/null 2>&1; then
  bad "rasd stats does not exist yet: the shards-versus-whole check was not run"
  finish
fi
for fmt in text json tsv; do
  rasd stats -m "$M" -f "$fmt" "$T/one.jsonl" >"$T/stats-one.$fmt" 2>"$T/err"
  rc=$?
  [ "$rc" -eq 0 ] && ok || bad "stats -f $fmt on the whole: exit $rc ($(head -c 300 "$T/err"))"
  rasd stats -m "$M" -f "$fmt" "${shards[@]}" >"$T/stats-shards.$fmt" 2>"$T/err"
  rc=$?
  [ "$rc" -eq 0 ] && ok || bad "stats -f $fmt on the shards: exit $rc ($(head -c 300 "$T/err"))"
  cmp -s "$T/stats-one.$fmt" "$T/stats-shards.$fmt" && ok ||
    bad "stats -f $fmt on ${#shards[@]} shards differs from the whole: $(diff "$T/stats-one.$fmt" "$T/stats-shards.$fmt" | head -4 | tr '\n' ' ')"
done
rasd stats -m "$M" --by doc -f json "$T/one.jsonl" >"$T/by-one.json" 2>/dev/null
rasd stats -m "$M" --by doc -f json "${shards[@]}" >"$T/by-shards.json" 2>/dev/null
[ -s "$T/by-one.json" ] && cmp -s "$T/by-one.json" "$T/by-shards.json" && ok ||
  bad "stats --by doc on the shards differs from the whole"
# shards read from standard input, concatenated in another order
for ((i = ${#shards[@]} - 1; i >= 0; i--)); do cat "${shards[$i]}"; done |
  rasd stats -m "$M" - >"$T/stats-rev.text" 2>/dev/null
cmp -s "$T/stats-one.text" "$T/stats-rev.text" && ok ||
  bad "stats on the shards in reverse order (stdin) differs from the whole"
finish
