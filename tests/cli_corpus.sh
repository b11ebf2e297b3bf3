#!/usr/bin/env bash
# Tests of scripts/corpus-check: small bad corpus files in a temporary
# directory must fail (exit 1) with "file:line: reason", and the shipped
# corpus (corpus/train/*.tsv) must pass. Prints "cli_corpus: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
CHECK=scripts/corpus-check
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_corpus: FAIL: $*" >&2; }
# run FILE...: runs the checker, keeping stdout in $T/out, stderr in $T/err, status in $rc
run() { "$CHECK" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] && ok || bad "$2: exit $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -qF -- "$1" "$T/err" && ok || bad "$2: stderr lacks '$1' ($(head -c 300 "$T/err"))"; }
no_err() { grep -qF -- "$1" "$T/err" && bad "$2: unexpected '$1' in stderr" || ok; }

# Two valid sentences used as filler (different words, 6-60 words each).
good1=$'x-0001\tattack,casualty\tقُتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف مدفعي استهدف سوقاً شعبية صباح الأحد.'
good2=$'x-0002\tnone\tوارتفعت أسعار الذهب في الأسواق المحلية بنسبة طفيفة مع تراجع الطلب خلال الأسبوع.'

# --- a well-formed small file: only the corpus-wide minimum counts fail ---
printf '%s\n%s\n' "# a comment line" "$good1" >"$T/good.tsv"
printf '%s\n' "$good2" >>"$T/good.tsv"
run "$T/good.tsv"; expect_rc 1 "small file fails the minimum counts"
expect_err "too few sentences: 2" "counts are reported"
no_err "$T/good.tsv:" "a well-formed file has no file:line problem"
grep -q "^sentences  *2 " "$T/out" && ok || bad "the table counts 2 sentences"
grep -q "^hard negatives " "$T/out" && ok || bad "the table has a hard negatives row"
grep -q "good.tsv" "$T/out" && ok || bad "the table has a per-file row"
run --quiet "$T/good.tsv"
[ -s "$T/out" ] && bad "--quiet prints no table" || ok

# --- format problems ---
printf '%s\n%s\n' "$good1" $'x-0002\tnone وارتفعت أسعار الذهب في الأسواق المحلية بنسبة طفيفة' >"$T/tab.tsv"
run "$T/tab.tsv"; expect_rc 1 "missing TAB"; expect_err "$T/tab.tsv:2: missing TAB" "missing TAB names file:line"

printf '%s\n%s\n' "$good1" $'x-0002\tshelling\tوارتفعت أسعار الذهب في الأسواق المحلية بنسبة طفيفة مع تراجع الطلب.' >"$T/label.tsv"
run "$T/label.tsv"; expect_rc 1 "unknown label"; expect_err "$T/label.tsv:2: unknown label 'shelling'" "unknown label names file:line"

printf '%s\n%s\n' "$good2" $'x-0001\tcasualty,attack\tقُتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف مدفعي استهدف سوقاً شعبية صباح الأحد.' >"$T/order.tsv"
run "$T/order.tsv"; expect_rc 1 "wrong label order"; expect_err "$T/order.tsv:2: labels 'casualty,attack' not in the order" "wrong order names file:line"

printf '%s\n%s\n' "$good1" $'x-0001\tnone\tوارتفعت أسعار الذهب في الأسواق المحلية بنسبة طفيفة مع تراجع الطلب.' >"$T/dupid.tsv"
run "$T/dupid.tsv"; expect_rc 1 "duplicate id"; expect_err "$T/dupid.tsv:2: duplicate id 'x-0001' (first at $T/dupid.tsv:1)" "duplicate id names both lines"
# the same id in two files
printf '%s\n' "$good1" >"$T/a.tsv"; printf '%s\n' "${good2/x-0002/x-0001}" >"$T/b.tsv"
run "$T/a.tsv" "$T/b.tsv"; expect_rc 1 "duplicate id across files"; expect_err "$T/b.tsv:1: duplicate id 'x-0001' (first at $T/a.tsv:1)" "duplicate id across files"

printf '%s\n%s\n' "$good2" $'x-0003\tattack\tقصف مدفعي على البلدة.' >"$T/short.tsv"
run "$T/short.tsv"; expect_rc 1 "too short"; expect_err "$T/short.tsv:2: too short: 4 words" "too short names file:line"

printf '%s\n%s\n' "$good1" $'x-0002\tnone\t' >"$T/empty.tsv"
run "$T/empty.tsv"; expect_rc 1 "empty text"; expect_err "$T/empty.tsv:2: empty text" "empty text"

printf '%s\n\n%s\n' "$good1" "$good2" >"$T/blank.tsv"
run "$T/blank.tsv"; expect_rc 1 "blank line"; expect_err "$T/blank.tsv:2: blank line" "blank line"

printf '%s\nx-0002\tnone\t\xff\xfe broken bytes here and there in this line\n' "$good1" >"$T/utf8.tsv"
run "$T/utf8.tsv"; expect_rc 1 "invalid UTF-8"; expect_err "$T/utf8.tsv:2: invalid UTF-8" "invalid UTF-8 names file:line"

# --- duplicates and near-duplicates, across files ---
printf '%s\n' "$good1" >"$T/n1.tsv"
# same words as good1 except one (Jaccard 13/15 >= 0.7), in another file
printf '%s\n%s\n' "$good2" $'x-0009\tattack,casualty\tقتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف مدفعي استهدف سوقا شعبية صباح الاثنين.' >"$T/n2.tsv"
run "$T/n1.tsv" "$T/n2.tsv"; expect_rc 1 "near-duplicate"
expect_err "$T/n2.tsv:2: near-duplicate of $T/n1.tsv:1" "near-duplicate names both file:line"
printf '%s\n' $'x-0010\tnone\tوارتفعت أسعار الذهب في الأسواق المحلية بنسبة طفيفة مع تراجع الطلب خلال الأسبوع!' >"$T/n3.tsv"
run "$T/good.tsv" "$T/n3.tsv"; expect_rc 1 "exact duplicate"
expect_err "$T/n3.tsv:1: duplicate of $T/good.tsv:3" "exact duplicate (after normalisation) names both lines"
# a clearly different pair is not reported
printf '%s\n' $'x-0011\tevacuation\tونزحت عشرات العائلات من قرى الريف الجنوبي باتجاه المخيمات القريبة من الحدود.' >"$T/n4.tsv"
run "$T/good.tsv" "$T/n4.tsv"; no_err "near-duplicate" "different sentences are not near-duplicates"

# --- hard negatives: a 'none' sentence with a conflict cue (clitics allowed) ---
printf '%s\n' $'x-0020\tnone\tوبحث الوزيران آليات تثبيت الهدنة ومنع عودة المواجهات في المناطق الحدودية.' \
  $'x-0021\tnone\tودعت الأمم المتحدة إلى حماية المدنيين من تداعيات القصف خلال موسم الحصاد.' \
  $'x-0022\tnone\tوارتفعت أسعار الأرز في الأسواق المحلية بنسبة طفيفة مع تراجع المعروض.' >"$T/hard.tsv"
run "$T/hard.tsv"
grep -q "^hard negatives  *2 " "$T/out" && ok || bad "hard negatives: want 2 of 3 ($(grep '^hard' "$T/out"))"

# --- the shipped corpus passes ---
run; expect_rc 0 "the shipped corpus passes scripts/corpus-check"
grep -q "corpus-check: ok" "$T/out" && ok || bad "the shipped corpus: no ok line"

echo "cli_corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
