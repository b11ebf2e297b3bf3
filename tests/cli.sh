#!/usr/bin/env bash
# CLI tests: run the rasd binary ($RASD, default build/rasd) as a user would
# and check exit codes, messages and output. Prints "cli: N passed, N failed".
set -u
RASD=${RASD:-build/rasd}
read -r -a WRAP <<<"${RASD_WRAP:-}"
rasd() { "${WRAP[@]}" "$RASD" "$@"; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli: FAIL: $*" >&2; }
# run CMD...: runs rasd, keeping stdout in $T/out, stderr in $T/err, status in $rc
run() { rasd "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] && ok || bad "$2: exit $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -q -- "$1" "$T/err" && ok || bad "$2: stderr lacks '$1' ($(head -c 300 "$T/err"))"; }
expect_out() { grep -q -- "$1" "$T/out" && ok || bad "$2: stdout lacks '$1'"; }

# --- top level ---
run -h; expect_rc 0 "rasd -h"; expect_out "usage: rasd" "rasd -h"
for c in train classify eval cv stats features tokenize; do expect_out "  $c " "rasd -h lists $c"; done
run --version; expect_rc 0 "--version"; expect_out "^rasd [0-9]" "--version"
run; expect_rc 2 "no command"
run frobnicate; expect_rc 2 "unknown command"; expect_err "unknown command 'frobnicate'" "unknown command"
expect_err "rasd -h" "unknown command points to -h"
run --bogus; expect_rc 2 "unknown top option"

# --- every command: -h, unknown option ---
for c in train classify eval cv stats features tokenize; do
  run "$c" -h; expect_rc 0 "$c -h"; expect_out "usage: rasd $c" "$c -h"
  run "$c" --no-such-option; expect_rc 2 "$c unknown option"
  expect_err "rasd $c -h" "$c unknown option points to -h"
  [ "$(wc -l <"$T/err")" -eq 2 ] && ok || bad "$c unknown option: want a one-line error and a hint"
done

# --- tokenize ---
printf 'قال د. محمد إنّ الغاراتِ قتلت ٢٥ مدنيًا. هل انسحبت القوات؟\n' >"$T/a.txt"
run tokenize "$T/a.txt"; expect_rc 0 "tokenize file"
[ "$(wc -l <"$T/out")" -eq 2 ] && ok || bad "tokenize: want 2 sentences, got $(wc -l <"$T/out")"
expect_out "^a	1	قال د. محمد" "tokenize keeps the abbreviation in the sentence"
expect_out "الغارات قتلت 25 مدنيا" "tokenize normalises tokens"
run tokenize -f jsonl "$T/a.txt"; expect_rc 0 "tokenize jsonl"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/out" && ok || bad "tokenize jsonl is not valid JSON Lines"
expect_out '"sent":2' "tokenize jsonl numbers sentences"
run tokenize -f xml "$T/a.txt"; expect_rc 2 "tokenize bad format"
run tokenize "$T/missing.txt"; expect_rc 1 "tokenize missing file"; expect_err "missing.txt" "missing file is named"
run tokenize "$T/missing.txt" "$T/a.txt"; expect_rc 1 "one missing file of two"
[ "$(wc -l <"$T/out")" -eq 2 ] && ok || bad "the readable file is still tokenized"
rasd tokenize <"$T/a.txt" >"$T/out" 2>"$T/err"; rc=$?; expect_rc 0 "tokenize stdin"
expect_out "^stdin	1	" "stdin doc id"
if [ -w /dev/full ]; then
  rasd tokenize "$T/a.txt" >/dev/full 2>"$T/err"; rc=$?
  expect_rc 1 "tokenize > /dev/full"; expect_err "cannot write output" "/dev/full message"
fi
printf 'a\xffb \x00 c\n' >"$T/bad.txt"
run tokenize "$T/bad.txt"; expect_rc 0 "invalid UTF-8 still tokenized"
expect_err "2 invalid UTF-8" "replaced bytes are counted"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
