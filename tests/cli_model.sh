#!/usr/bin/env bash
# End-to-end CLI tests: train -> classify -> eval, cv, features, on a small
# slice of the project's corpus. Prints "cli_model: N passed, N failed".
set -u
RASD=${RASD:-build/rasd}
read -r -a WRAP <<<"${RASD_WRAP:-}"
rasd() { "${WRAP[@]}" "$RASD" "$@"; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_model: FAIL: $*" >&2; }
run() { rasd "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] && ok || bad "$2: exit $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -q -- "$1" "$T/err" && ok || bad "$2: stderr lacks '$1' ($(head -c 300 "$T/err"))"; }
expect_out() { grep -q -- "$1" "$T/out" && ok || bad "$2: stdout lacks '$1'"; }
jsonl_ok() { python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$1"; }

# a small training set: every 6th sentence of three corpus files
for f in corpus/train/01-*.tsv corpus/train/03-*.tsv corpus/train/06-*.tsv; do
  awk 'NR % 6 == 0' "$f"
done >"$T/small.tsv"
n_small=$(wc -l <"$T/small.tsv")
# a held-out set: other lines of the same files
for f in corpus/train/02-*.tsv; do awk 'NR % 10 == 0' "$f"; done >"$T/held.tsv"

# --- train ---
run train -q -c 1 --folds 3 -o "$T/m" "$T/small.tsv"
expect_rc 0 "train"; expect_out "sentences    $n_small" "train summary counts sentences"
for l in attack retaliation evacuation casualty; do expect_out "^$l " "train summary has $l"; done
[ -f "$T/m/rasd-model.txt" ] && ok || bad "train wrote no model"
run train -q -c 1 --folds 3 -o "$T/m" "$T/small.tsv"
expect_rc 1 "train over an existing model without --force"; expect_err "force" "refusal names --force"
cp "$T/m/rasd-model.txt" "$T/before.txt"
run train -q -c 1 --folds 3 --force -o "$T/m" "$T/small.tsv"
expect_rc 0 "train --force"
cmp -s "$T/before.txt" "$T/m/rasd-model.txt" && ok || bad "retraining the same corpus changed the model"
ls -d "$T"/m.tmp-* >/dev/null 2>&1 && bad "a temporary model directory was left behind" || ok
mkdir -p "$T/notamodel"; echo keep >"$T/notamodel/precious.txt"
run train -q -c 1 --folds 3 --force -o "$T/notamodel" "$T/small.tsv"
expect_rc 1 "train --force over a directory that is not a model"
[ -f "$T/notamodel/precious.txt" ] && ok || bad "train --force destroyed a non-model directory"
printf 'x1\tattack\tقصف مدفعي على البلدة\nx2\tatack\tنص آخر هنا\n' >"$T/badlabel.tsv"
run train -q -o "$T/m2" "$T/badlabel.tsv"; expect_rc 1 "unknown label"
expect_err "badlabel.tsv:2: unknown label 'atack'" "unknown label names file:line"
printf 'x1 attack no tab here\n' >"$T/notab.tsv"
run train -q -o "$T/m2" "$T/notab.tsv"; expect_rc 1 "missing TAB"; expect_err "notab.tsv:1: missing TAB" "missing TAB names file:line"
printf 'x1\tnone\tجملة أولى\nx1\tnone\tجملة ثانية\n' >"$T/dup.tsv"
run train -q -o "$T/m2" "$T/dup.tsv"; expect_rc 1 "duplicate id"; expect_err "dup.tsv:2: duplicate id 'x1'" "duplicate id named"
printf 'x1\tnone\t   \n' >"$T/empty.tsv"
run train -q -o "$T/m2" "$T/empty.tsv"; expect_rc 1 "empty text"; expect_err "empty.tsv:1: empty text" "empty text named"
cat "$T/small.tsv" "$T/badlabel.tsv" >"$T/mixed.tsv"
run train -q -c 1 --folds 3 --skip-bad -o "$T/m3" "$T/mixed.tsv"
expect_rc 0 "train --skip-bad"; expect_err "skipped" "--skip-bad reports the bad line"
run train -q -o "$T/m4" "$T/missing.tsv"; expect_rc 1 "missing corpus"; expect_err "missing.tsv" "missing corpus named"
[ -d "$T/m4" ] && bad "a failed train left a model directory" || ok

# --- classify ---
art=corpus/articles/a01-aleppo-strikes.txt
run classify -m "$T/m" "$art"; expect_rc 0 "classify a text file"
jsonl_ok "$T/out" && ok || bad "classify output is not JSON Lines"
cp "$T/out" "$T/one.jsonl"
n_tok=$(rasd tokenize "$art" | wc -l); n_cls=$(wc -l <"$T/out")
[ "$n_tok" -eq "$n_cls" ] && ok || bad "classify gave $n_cls records for $n_tok sentences"
python3 - "$T/out" <<'PY' && ok || bad "classify records are not numbered 1..n in order, or lack fields"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["sent"] for r in recs] == list(range(1, len(recs) + 1))
for r in recs:
    assert r["doc"] == "a01-aleppo-strikes"
    assert set(r["p"]) == {"attack", "retaliation", "evacuation", "casualty"}
    assert all(0 <= v <= 1 for v in r["p"].values())
    assert all(l in r["p"] for l in r["labels"])
    assert "killed" in r and "injured" in r and r["text"]
PY
run classify -m "$T/m" -j 2 "$art"; expect_rc 0 "classify -j 2"
cmp -s "$T/out" "$T/one.jsonl" && ok || bad "-j 2 output differs from one thread"
run classify -m "$T/m" -f tsv "$art"; expect_rc 0 "classify tsv"
head -1 "$T/out" | grep -q "^doc	sent	date	source	labels	p_attack" && ok || bad "tsv header"
[ "$(($(wc -l <"$T/out") - 1))" -eq "$n_tok" ] && ok || bad "tsv record count"
run classify -m "$T/m" --explain "$art"; expect_rc 0 "classify --explain"
expect_out '"explain":{"attack":\[{"feature":' "explain lists features"
run classify -m "$T/m" --input jsonl corpus/articles/articles.jsonl; expect_rc 0 "classify jsonl"
expect_out '"date":"2026-03-0' "jsonl date kept"; expect_out '"source":"' "jsonl source kept"
n_docs=$(python3 -c 'import json,sys; print(len({json.loads(l)["doc"] for l in open(sys.argv[1])}))' "$T/out")
[ "$n_docs" -eq "$(wc -l <corpus/articles/articles.jsonl)" ] && ok || bad "classify jsonl lost articles ($n_docs)"
run classify -m "$T/m" --sentences "$T/held.tsv"; expect_rc 0 "classify --sentences"
[ "$(wc -l <"$T/out")" -eq "$(wc -l <"$T/held.tsv")" ] && ok || bad "--sentences: one record a line"
first_id=$(head -1 "$T/held.tsv" | cut -f1)
expect_out "^{\"doc\":\"$first_id\",\"sent\":1," "--sentences uses the id as doc"
printf '{"id":"ok1","text":"قصفت الطائرات البلدة."}\n{"id":\n{"id":"ok2","text":"نزح السكان."}\n' >"$T/broken.jsonl"
run classify -m "$T/m" --input jsonl "$T/broken.jsonl"; expect_rc 1 "a broken JSONL record"
expect_err "broken.jsonl:2" "the broken record is named"
[ "$(grep -c '"doc":"ok' "$T/out")" -eq 2 ] && ok || bad "records around the broken one are still classified"
run classify -m "$T/m" "$T/missing.txt" "$art"; expect_rc 1 "classify with a missing file"
expect_err "missing.txt" "missing file named"; [ "$(wc -l <"$T/out")" -eq "$n_tok" ] && ok || bad "other file still classified"
run classify -m "$T/nomodel" "$art"; expect_rc 3 "classify without a model"
if [ -w /dev/full ]; then rasd classify -m "$T/m" "$art" >/dev/full 2>"$T/err"; rc=$?; expect_rc 1 "classify > /dev/full"; fi

# --- eval, cv, features ---
run eval -m "$T/m" --reps 200 -e 3 "$T/held.tsv"; expect_rc 0 "eval"
expect_out "macro F1" "eval prints macro F1"; expect_out "worst errors" "eval lists errors"
macro=$(sed -n 's/^macro F1 *\([0-9.]*\).*/\1/p' "$T/out")
python3 -c "import sys; sys.exit(0 if float('$macro') > 0.3 else 1)" && ok || bad "eval macro F1 $macro is implausibly low"
run eval -m "$T/m" --reps 50 -f json "$T/held.tsv"; expect_rc 0 "eval json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 0 <= d["macro_f1"] <= 1' "$T/out" && ok || bad "eval json"
run cv -q -k 3 -c 1 --folds 3 --reps 50 "$T/small.tsv"; expect_rc 0 "cv"
expect_out "3-fold cross-validation: $n_small sentences" "cv covers every sentence once"
run features -m "$T/m" -o "$T/feat" "$T/held.tsv"; expect_rc 0 "features"
for l in attack retaliation evacuation casualty; do
  [ "$(wc -l <"$T/feat.$l")" -eq "$(wc -l <"$T/held.tsv")" ] && ok || bad "features: $l vector count"
done
awk '{ if ($1 != "+1" && $1 != "-1") exit 1; prev = 0
       for (i = 2; i <= NF; i++) { split($i, a, ":"); if (a[1] + 0 <= prev) exit 1; prev = a[1] + 0 } }' \
  "$T/feat.attack" && ok || bad "features are not libsvm format with ascending indices"
run features -m "$T/m" --label casualty "$T/held.tsv"; expect_rc 0 "features --label"
cmp -s "$T/out" "$T/feat.casualty" && ok || bad "--label output differs from the file"

echo "cli_model: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
