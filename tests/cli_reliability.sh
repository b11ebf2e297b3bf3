#!/usr/bin/env bash
# Reliability tests (issue 7): bad input to every text command, corpus errors
# not covered by cli_model.sh, corrupt model directories, interrupted and
# failing `rasd train`, and output files written whole or not at all.
# Prints "cli_reliability: N passed, N failed".
#   RASD       the binary under test (default build/rasd)
#   RASD_WRAP  a wrapper such as valgrind; the 50 MB line shrinks to 3 MB under
#              it, and the kill tests always run the binary bare (they time it)
# shellcheck disable=SC2015  # `check && ok || bad`: ok never fails
set -u
RASD=${RASD:-build/rasd}
read -r -a WRAP <<<"${RASD_WRAP:-}"
TMO=() # a time limit for the runs that follow, when set
rasd() { "${TMO[@]}" "${WRAP[@]}" "$RASD" "$@"; }
T=$(mktemp -d); trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_reliability: FAIL: $*" >&2; }
run() { rasd "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] && ok || bad "$2: exit $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -qF -- "$1" "$T/err" && ok || bad "$2: stderr lacks '$1' ($(head -c 300 "$T/err"))"; }
no_err() { grep -qF -- "$1" "$T/err" && bad "$2: unexpected '$1' on stderr" || ok; }
expect_out() { grep -qF -- "$1" "$T/out" && ok || bad "$2: stdout lacks '$1'"; }
same_out() { cmp -s "$T/out" "$1" && ok || bad "$2: output differs ($(diff "$1" "$T/out" | head -3 | tr '\n' ' '))"; }
lines() { wc -l <"$1" | tr -d ' '; }
jsonl_ok() { python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$1"; }
utf16() { python3 -c 'import sys; d=open(sys.argv[1],"rb").read().decode("utf-8"); open(sys.argv[3],"wb").write(d.encode(sys.argv[2]))' "$@"; }

# --- a tiny model and held-out sentences from the project's corpus ---
for f in corpus/train/01-*.tsv corpus/train/03-*.tsv corpus/train/06-*.tsv; do awk 'NR % 6 == 0' "$f"; done >"$T/small.tsv"
for f in corpus/train/02-*.tsv; do awk 'NR % 10 == 0' "$f"; done >"$T/held.tsv"
rasd train -q -c 1 --folds 3 -o "$T/m" "$T/small.tsv" >/dev/null 2>"$T/err"
[ -f "$T/m/rasd-model.txt" ] || { echo "cli_reliability: cannot train the test model: $(head -c 300 "$T/err")" >&2
                                  echo "cli_reliability: $pass passed, 1 failed"; exit 1; }
M=$T/m
# text in several sentences, invented for these tests
mkdir -p "$T/u8" "$T/u16le" "$T/u16be" "$T/crlf" "$T/bom"
printf 'قصفت الطائرات أطراف البلدة فجرا. ونزحت عشرات العائلات نحو الشمال.\nوقال مسعف إن ثلاثة مدنيين أصيبوا بجروح.\n\nوردت الفصائل بقصف موقع عسكري.\n' >"$T/u8/a.txt"
utf16 "$T/u8/a.txt" utf-16 "$T/u16le/a.txt"      # little-endian with a BOM
python3 -c 'import sys; d=open(sys.argv[1],"rb").read().decode(); open(sys.argv[2],"wb").write(b"\xfe\xff"+d.encode("utf-16-be"))' "$T/u8/a.txt" "$T/u16be/a.txt"
sed 's/$/\r/' "$T/u8/a.txt" >"$T/crlf/a.txt"
{ printf '\xef\xbb\xbf'; cat "$T/u8/a.txt"; } >"$T/bom/a.txt"

# --- tokenize and classify: encodings and line ends give the same result ---
for cmd in tokenize classify; do
  m=(); [ "$cmd" = classify ] && m=(-m "$M")
  run "$cmd" "${m[@]}" "$T/u8/a.txt"; expect_rc 0 "$cmd UTF-8"; cp "$T/out" "$T/$cmd.ref"
  [ "$(lines "$T/out")" -eq 4 ] && ok || bad "$cmd: want 4 sentences, got $(lines "$T/out")"
  for v in u16le u16be crlf bom; do
    run "$cmd" "${m[@]}" "$T/$v/a.txt"; expect_rc 0 "$cmd $v"; same_out "$T/$cmd.ref" "$cmd $v"
    grep -q $'\r' "$T/out" && bad "$cmd $v: a CR reached the output" || ok
  done
  run "$cmd" "${m[@]}" "$T/u16le/a.txt"; expect_err "$T/u16le/a.txt: UTF-16LE text (byte-order mark) converted to UTF-8" "$cmd names the UTF-16 file"
  run "$cmd" "${m[@]}" "$T/u16be/a.txt"; expect_err "UTF-16BE" "$cmd names UTF-16BE"
  run "$cmd" "${m[@]}" - <"$T/u16le/a.txt"; expect_rc 0 "$cmd UTF-16 on stdin"
  expect_err "stdin: UTF-16LE" "$cmd UTF-16 stdin warning"
  run "$cmd" "${m[@]}" "$T/bom/a.txt"; no_err "warning" "$cmd: a UTF-8 BOM is not worth a warning"
done

# --- JSON Lines and sentence files: BOM, CRLF, UTF-16 ---
printf '{"id":"d1","text":"قصفت الطائرات أطراف البلدة فجرا."}\n{"id":"d2","text":"ونزحت عشرات العائلات نحو الشمال."}\n' >"$T/j.jsonl"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$T/j.jsonl"; } >"$T/jbom.jsonl"
utf16 "$T/j.jsonl" utf-16 "$T/j16.jsonl"
printf 's1\tقصفت الطائرات أطراف البلدة فجرا.\ns2\tattack\tونزحت عشرات العائلات نحو الشمال.\n' >"$T/s.tsv"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$T/s.tsv"; } >"$T/sbom.tsv"
utf16 "$T/s.tsv" utf-16 "$T/s16.tsv"
for cmd in tokenize classify; do
  m=(); [ "$cmd" = classify ] && m=(-m "$M")
  run "$cmd" "${m[@]}" -i jsonl "$T/j.jsonl"; expect_rc 0 "$cmd jsonl"; cp "$T/out" "$T/j.ref"
  run "$cmd" "${m[@]}" -i jsonl "$T/jbom.jsonl"; expect_rc 0 "$cmd jsonl with a BOM and CRLF"; same_out "$T/j.ref" "$cmd jsonl BOM+CRLF"
  run "$cmd" "${m[@]}" -i jsonl "$T/j16.jsonl"; expect_rc 0 "$cmd jsonl UTF-16"; same_out "$T/j.ref" "$cmd jsonl UTF-16"
  run "$cmd" "${m[@]}" -i sentences "$T/s.tsv"; expect_rc 0 "$cmd sentences"; cp "$T/out" "$T/s.ref"
  grep -q '^{"doc":"s1",\|^s1	' "$T/out" && ok || bad "$cmd sentences: id s1 not used as the doc"
  run "$cmd" "${m[@]}" -i sentences "$T/sbom.tsv"; expect_rc 0 "$cmd sentences BOM+CRLF"; same_out "$T/s.ref" "$cmd sentences BOM+CRLF"
  run "$cmd" "${m[@]}" -i sentences "$T/s16.tsv"; expect_rc 0 "$cmd sentences UTF-16"; same_out "$T/s.ref" "$cmd sentences UTF-16"
done

# --- invalid UTF-8, NUL bytes, binary: processed, replacements counted per file ---
printf 'نص سليم في السطر الأول.\nقصف\xff\xfeعلى البلدة \x00 و\xc3 نزوح.\n' >"$T/inv.txt"
for cmd in tokenize classify; do
  m=(); [ "$cmd" = classify ] && m=(-m "$M")
  run "$cmd" "${m[@]}" "$T/inv.txt"; expect_rc 0 "$cmd invalid UTF-8 and NUL"
  [ "$(lines "$T/out")" -eq 2 ] && ok || bad "$cmd invalid UTF-8: want 2 sentences"
  expect_err "$T/inv.txt: 4 invalid UTF-8 sequences or NUL bytes replaced by U+FFFD" "$cmd counts replacements, names the file"
  expect_err "line 2" "$cmd names the first bad line"
  [ "$cmd" = classify ] && { jsonl_ok "$T/out" && ok || bad "classify output with replaced bytes is not valid JSON Lines"; }
  run "$cmd" "${m[@]}" -i sentences "$T/inv.txt"; expect_rc 0 "$cmd --sentences invalid UTF-8"
  expect_err "4 invalid UTF-8" "$cmd --sentences counts replacements"
  head -c 20000 "$RASD" >"$T/binary"
  run "$cmd" "${m[@]}" "$T/binary"; [ "$rc" -le 1 ] && ok || bad "$cmd binary file: exit $rc"
  expect_err "$T/binary: " "$cmd names the binary file"; expect_err "replaced by U+FFFD" "$cmd reports the binary bytes"
  [ "$cmd" = classify ] && { jsonl_ok "$T/out" && ok || bad "classify of a binary file: output is not valid JSON Lines"; }
done
printf '{"id":"n1","text":"قصف\\u0000على البلدة"}\n{"id":"n2","text":"نزح \xff السكان"}\n' >"$T/nul.jsonl"
run classify -m "$M" -i jsonl "$T/nul.jsonl"; [ "$rc" -le 1 ] && ok || bad "classify jsonl with NUL/invalid: exit $rc"
jsonl_ok "$T/out" && ok || bad "classify jsonl with NUL: output is not valid JSON Lines"
expect_out '"doc":"n1"' "a JSON \\u0000 escape does not lose the record"; expect_err "nul.jsonl" "bad JSONL record named"

# --- empty and white-space-only files: exit 1 only when nothing was read ---
: >"$T/empty.txt"; printf ' \t\n\r\n   \n' >"$T/blank.txt"
for cmd in tokenize classify; do
  m=(); [ "$cmd" = classify ] && m=(-m "$M")
  for f in empty blank; do
    run "$cmd" "${m[@]}" "$T/$f.txt"; expect_rc 1 "$cmd $f file"
    expect_err "no sentences in the input" "$cmd $f: error"; expect_err "$T/$f.txt: no sentences" "$cmd $f: the file is named"
    for mode in jsonl sentences; do
      run "$cmd" "${m[@]}" -i "$mode" "$T/$f.txt"; expect_rc 1 "$cmd -i $mode $f file"
    done
  done
  run "$cmd" "${m[@]}" "$T/empty.txt" "$T/u8/a.txt" "$T/blank.txt"; expect_rc 0 "$cmd empty files among good ones"
  [ "$(lines "$T/out")" -eq 4 ] && ok || bad "$cmd: the good file is still processed"
  expect_err "$T/empty.txt: no sentences" "$cmd names the empty file"
  rasd "$cmd" "${m[@]}" </dev/null >"$T/out" 2>"$T/err"; rc=$?; expect_rc 1 "$cmd empty stdin"
  run "$cmd" "${m[@]}" "$T/u8" "$T/u8/a.txt"; expect_rc 1 "$cmd given a directory"
  expect_err "cannot read '$T/u8': Is a directory" "$cmd names the directory"
  [ "$(lines "$T/out")" -eq 4 ] && ok || bad "$cmd: the file after a directory is still processed"
done

# --- a single 50 MB line: cut every 1 MiB at a space, nothing lost, no hang ---
mb=50; [ ${#WRAP[@]} -gt 0 ] && mb=3
python3 - "$T/long.txt" "$T/nospace.txt" "$mb" <<'EOF'
import sys
mb = int(sys.argv[3])
unit = "قصفت المدفعية البلدة" + " " * 500      # 3 words, ~540 bytes
n = mb * 1024 * 1024 // len(unit.encode())
open(sys.argv[1], "w").write(unit * n + "\n")
open(sys.argv[2], "w").write("ق" * (mb * 512 * 1024) + "\n")  # no space at all
EOF
nunits=$(python3 -c "print($mb * 1024 * 1024 // len(('قصفت المدفعية البلدة' + ' ' * 500).encode()))")
TMO=(timeout 600)
run tokenize "$T/long.txt"; expect_rc 0 "tokenize a $mb MB line"
[ "$(lines "$T/out")" -ge "$mb" ] && ok || bad "tokenize: a $mb MB line should give >= $mb pieces, got $(lines "$T/out")"
words=$(awk -F'\t' '{ n += split($4, a, " ") } END { print n + 0 }' "$T/out")
[ "$words" -eq $((nunits * 3)) ] && ok || bad "tokenize $mb MB line: $words words, want $((nunits * 3))"
nsent=$(lines "$T/out")
run classify -m "$M" "$T/long.txt"; expect_rc 0 "classify a $mb MB line"
[ "$(lines "$T/out")" -eq "$nsent" ] && ok || bad "classify $mb MB line: $(lines "$T/out") records, tokenize gave $nsent"
run tokenize "$T/nospace.txt"; expect_rc 0 "tokenize a $mb MB line without spaces"
python3 - "$T/out" "$mb" <<'EOF' && ok || bad "a line without spaces is not cut on character boundaries, or letters were lost"
import sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):   # strict: fails on a split character
    n += len(line.split("\t")[2])
assert n == int(sys.argv[2]) * 512 * 1024, n
EOF
TMO=()

# --- stats: encodings, line ends, a long line, white space ---
D=tests/data/stats
run stats -m "$D/model" "$D/small.jsonl"; expect_rc 0 "stats reference"; cp "$T/out" "$T/stats.ref"
utf16 "$D/small.jsonl" utf-16 "$T/r16.jsonl"
run stats -m "$D/model" "$T/r16.jsonl"; expect_rc 0 "stats UTF-16 records"; same_out "$T/stats.ref" "stats UTF-16 records"
expect_err "r16.jsonl: UTF-16LE text (byte-order mark) converted" "stats names the UTF-16 file"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$D/small.tsv"; } >"$T/rcrlf.tsv"
run stats -m "$D/model" "$T/rcrlf.tsv"; expect_rc 0 "stats TSV with a BOM and CRLF"; same_out "$T/stats.ref" "stats BOM+CRLF"
{ head -n 2 "$D/small.jsonl"; printf '{"doc":"a9","sent":1,"labels":[],"p":{"attack":0.1,'; head -c 20000000 /dev/zero | tr '\0' ' '; printf '}\n'; } >"$T/rlong.jsonl"
run stats -m "$D/model" "$T/rlong.jsonl"; expect_rc 1 "stats: a 20 MB record line"; expect_err "rlong.jsonl:3:" "stats names the long line"
printf ' \n\t\n' >"$T/rblank"
run stats -m "$D/model" "$T/rblank"; expect_rc 1 "stats white space only"; expect_err "no records" "stats white space only"
{ head -n 1 "$D/small.jsonl"; printf '{"doc":"a\xff","sent":1}\n'; } >"$T/rinv.jsonl"
run stats -m "$D/model" "$T/rinv.jsonl"; expect_rc 1 "stats invalid UTF-8 record"; expect_err "rinv.jsonl:2:" "stats names the invalid UTF-8 line"

# --- corpus errors not covered by cli_model.sh (train, eval, features share the reader) ---
good=$'c1\tattack\tقصفت الطائرات أطراف البلدة فجرا'
printf '%s\nc2\tnone\tنص \xff مكسور\n' "$good" >"$T/c-utf8.tsv"
run eval -m "$M" "$T/c-utf8.tsv"; expect_rc 1 "corpus invalid UTF-8"; expect_err "c-utf8.tsv:2: invalid UTF-8" "corpus invalid UTF-8 names file:line"
printf '%s\nc2\tnone\tنص فيه \x00 صفر\n' "$good" >"$T/c-nul.tsv"
run eval -m "$M" "$T/c-nul.tsv"; expect_rc 1 "corpus NUL byte"; expect_err "c-nul.tsv:2: invalid UTF-8" "corpus NUL names file:line"
printf '%s\nc2\tnone\tنص\tزائد\n' "$good" >"$T/c-tabs.tsv"
run eval -m "$M" "$T/c-tabs.tsv"; expect_rc 1 "corpus too many TABs"; expect_err "c-tabs.tsv:2: too many TABs" "too many TABs named"
printf '%s\n\tnone\tنص بلا معرف\n' "$good" >"$T/c-id.tsv"
run eval -m "$M" "$T/c-id.tsv"; expect_rc 1 "corpus empty id"; expect_err "c-id.tsv:2: empty id" "empty id named"
printf '# only a comment\n\n' >"$T/c-none.tsv"
run eval -m "$M" "$T/c-none.tsv"; expect_rc 1 "corpus with no sentences"; expect_err "no labelled sentences" "empty corpus message"
{ printf '%s\nc2\tnone\t' "$good"; head -c 1100000 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$T/c-long.tsv"
run eval -m "$M" "$T/c-long.tsv"; expect_rc 1 "corpus line over 1 MiB"; expect_err "c-long.tsv:2: line longer than" "long corpus line named"
run eval -m "$M" --skip-bad "$T/c-tabs.tsv"; expect_rc 0 "--skip-bad passes over the bad line"; expect_err "c-tabs.tsv:2" "--skip-bad names it"
printf 'c3\tnone\tونزحت العائلات نحو الشمال\n' >>"$T/c-long.tsv"
run eval -m "$M" --skip-bad --reps 0 "$T/c-long.tsv"; expect_rc 0 "--skip-bad passes over a line over 1 MiB"
expect_err "c-long.tsv:2: line longer than" "--skip-bad names the long line"; expect_out "2 sentences" "the lines around it are read"
printf 'قصف\tattack\t1e300\n' >"$T/lex-bad.tsv"
run train -q -c 1 --folds 3 --lexicon "$T/lex-bad.tsv" -o "$T/m-lex" "$T/small.tsv"; expect_rc 1 "a lexicon weight out of range"
expect_err "lex-bad.tsv:1: bad weight" "the lexicon line is named"
# a BOM must not become part of the first id: the duplicate is found
{ printf '\xef\xbb\xbf%s\r\n' "$good"; printf 'c1\tnone\tونزحت العائلات نحو الشمال\r\n'; } >"$T/c-bom.tsv"
run eval -m "$M" "$T/c-bom.tsv"; expect_rc 1 "corpus with a BOM"; expect_err "c-bom.tsv:2: duplicate id 'c1'" "BOM is not part of the first id"
utf16 "$T/held.tsv" utf-16 "$T/held16.tsv"
run eval -m "$M" --reps 0 "$T/held.tsv"; cp "$T/out" "$T/eval.ref"
run eval -m "$M" --reps 0 "$T/held16.tsv"; expect_rc 0 "eval a UTF-16 corpus"; expect_err "held16.tsv: UTF-16LE text" "UTF-16 corpus warning"
diff <(tail -n +2 "$T/eval.ref") <(tail -n +2 "$T/out") >/dev/null && ok || bad "eval of the UTF-16 corpus differs"

# --- corrupt, foreign and incompatible models: classify, eval, features exit 3 ---
mk() { rm -rf "$T/bad"; cp -r "$M" "$T/bad"; }
flip() { python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=1; open(p,"wb").write(b)' "$1"; }
model_case() { # NAME MESSAGE: the model in $T/bad must be refused by all three
  for c in "classify -m $T/bad $T/u8/a.txt" "eval -m $T/bad $T/held.tsv" "features -m $T/bad --label attack $T/held.tsv"; do
    read -r -a argv <<<"$c"
    run "${argv[@]}"; expect_rc 3 "$1: ${argv[0]}"; expect_err "$2" "$1: ${argv[0]} message"
    [ -s "$T/out" ] && bad "$1: ${argv[0]} wrote output" || ok
  done
}
mk; truncate -s 1000 "$T/bad/attack.svm"; model_case "truncated .svm" "attack.svm: size 1000, the model header says"
mk; head -n 6 "$M/rasd-model.txt" >"$T/bad/rasd-model.txt"; model_case "truncated header" "model header is incomplete (truncated?)"
mk; head -n 40 "$M/rasd-model.txt" >"$T/bad/rasd-model.txt"; model_case "header without files" "model header does not list every model file"
mk; head -c 700 "$M/rasd-model.txt" >"$T/bad/rasd-model.txt"; model_case "header cut mid-line" "rasd-model.txt:"
mk; flip "$T/bad/vocab.tsv"; model_case "edited vocab" "vocab.tsv: checksum does not match"
mk; flip "$T/bad/casualty.svm"; model_case "edited .svm" "casualty.svm: checksum does not match"
mk; rm "$T/bad/retaliation.svm"; model_case "missing .svm" "retaliation.svm: missing or unreadable model file"
mk; rm "$T/bad/rasd-model.txt"; model_case "missing header" "rasd-model.txt: cannot open model"
mk; sed -i '1s/.*/rasd-model 2/' "$T/bad/rasd-model.txt"; model_case "newer format" "model format version 2 is newer than this rasd reads"
mk; sed -i 's/^labels .*/labels attack retaliation evacuation/' "$T/bad/rasd-model.txt"; model_case "labels" "do not match this rasd's labels"
# a file that libsvm would misread, with the header's checksum updated to match
rehash() { # DIR FILE: rewrites FILE's line in DIR/rasd-model.txt (either offset basis, see model_ok)
  python3 - "$1" "$2" <<'EOF2'
import os, re, sys
d, name = sys.argv[1], sys.argv[2]
hp = os.path.join(d, "rasd-model.txt")
head = open(hp, encoding="utf-8").read()
old = re.search(r"^file %s (\d+) ([0-9a-f]+)$" % re.escape(name), head, re.M)
def fnv(b, x):
    for c in b:
        x = ((x ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return x
b = open(os.path.join(d, name), "rb").read()
basis = 0xcbf29ce484222325  # FNV-1a 64's offset basis
head = head.replace(old.group(0), "file %s %d %016x" % (name, len(b), fnv(b, basis)))
open(hp, "w", encoding="utf-8").write(head)
EOF2
}
mk; python3 - "$T/bad/attack.svm" <<'EOF2'
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
rho = next(i for i, l in enumerate(lines) if l.startswith("rho "))
lines.insert(1, lines.pop(rho))              # rho before nr_class: libsvm reads garbage sizes
open(p, "w").write("\n".join(lines))
EOF2
rehash "$T/bad" attack.svm; model_case "libsvm key order" "attack.svm:2: not a libsvm C-SVC model this rasd reads"
mk; python3 - "$T/bad/casualty.svm" <<'EOF2'
import sys
p = sys.argv[1]
t = open(p).read()
open(p, "w").write(t[:t.rindex("\n", 0, len(t) - 1) + 1])   # the last support vector dropped
EOF2
rehash "$T/bad" casualty.svm; model_case "short SV section" "casualty.svm: "
mk; sed -i 's/^\(rho \).*/\1nan/' "$T/bad/evacuation.svm"; rehash "$T/bad" evacuation.svm; model_case "NaN in a .svm" "evacuation.svm:"
rm -rf "$T/bad"; mkdir "$T/bad"; cp models/lexicon.tsv "$T/bad/rasd-model.txt"; model_case "foreign header" "not a rasd model"
rm -rf "$T/bad"; mkdir "$T/bad"; echo notes >"$T/bad/readme.txt"; model_case "foreign directory" "cannot open model"
rm -rf "$T/bad"; cp "$T/u8/a.txt" "$T/bad"; model_case "a file, not a directory" "cannot open model"
utf16 "$M/rasd-model.txt" utf-16 "$T/h16"; mk; cp "$T/h16" "$T/bad/rasd-model.txt"
run classify -m "$T/bad" "$T/u8/a.txt"; [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && ok || bad "UTF-16 model header: exit $rc"
rm -rf "$T/bad"

# --- output files are complete or absent ---
full() { (ulimit -f "$1"; trap '' XFSZ; shift; rasd "$@") >"$T/out" 2>"$T/err"; rc=$?; } # a disk that fills up
mkdir "$T/vec"; echo old >"$T/vec/v.attack"
full 4 features -m "$M" -o "$T/vec/v" "$T/held.tsv"; expect_rc 1 "features -o on a full disk"; expect_err "cannot write" "features full disk message"
[ "$(cat "$T/vec/v.attack")" = old ] && ok || bad "features: a failed run replaced an old output"
[ "$(find "$T/vec" -type f | wc -l)" -eq 1 ] && ok || bad "features: partial files left: $(ls "$T/vec")"
mkdir "$T/ro"; chmod 555 "$T/ro"; ro=$T/ro/v
if [ -w "$T/ro" ]; then echo x >"$T/afile"; ro=$T/afile/v; fi  # root writes anywhere: a file as the "directory"
run features -m "$M" -o "$ro" "$T/held.tsv"; expect_rc 1 "features -o into a directory that is not writable"
expect_err "cannot write" "unwritable directory message"
[ "$(find "$T/ro" -type f | wc -l)" -eq 0 ] && ok || bad "features left files in the unwritable directory"
run features -m "$M" -o "$T/vec/v" "$T/missing.tsv"; expect_rc 1 "features with a missing corpus"
[ "$(find "$T/vec" -type f | wc -l)" -eq 1 ] && ok || bad "features with a missing corpus created files"
run classify -m "$M" -i jsonl corpus/articles/articles.jsonl; cp "$T/out" "$T/recs.jsonl"
echo old >"$T/vec/report.html"
full 4 stats -m "$M" -f html -o "$T/vec/report.html" "$T/recs.jsonl"; expect_rc 1 "stats -o on a full disk"
[ "$(cat "$T/vec/report.html")" = old ] && ok || bad "stats: a failed -o replaced the old report"
[ "$(find "$T/vec" -type f | wc -l)" -eq 2 ] && ok || bad "stats: a temporary file was left: $(ls -a "$T/vec")"
full 4 classify -m "$M" "$T/long.txt"; expect_rc 1 "classify to a full disk"; expect_err "cannot write output" "classify full disk message"

# --- train: a failing save keeps the old model; an interrupted one leaves old or new ---
cp -r "$M" "$T/old"
full 64 train -q -c 1 --folds 3 --force -o "$T/m" "$T/small.tsv"; expect_rc 1 "train on a full disk"
expect_err "cannot write" "train full disk message"
diff -r "$T/old" "$M" >/dev/null && ok || bad "train on a full disk damaged the old model"
ls -d "$T"/m.tmp-* >/dev/null 2>&1 && bad "train on a full disk left a temporary directory" || ok
run train -q -c 1 --folds 3 -o "$T/nodir/sub/m" "$T/small.tsv"; expect_rc 1 "train into a missing parent"
expect_err "nodir/sub/m" "missing parent named"

# model_ok DIR: every file matches the header's size and FNV-1a checksum
model_ok() {
  python3 - "$1" <<'EOF'
import os, sys
d = sys.argv[1]
want = {}
for line in open(os.path.join(d, "rasd-model.txt"), encoding="utf-8"):
    f = line.split()
    if f and f[0] == "file":
        want[f[1]] = (int(f[2]), int(f[3], 16))
assert len(want) == 6, want
for name, (size, h) in want.items():
    b = open(os.path.join(d, name), "rb").read()
    x = 0xcbf29ce484222325  # FNV-1a 64
    for c in b:
        x = ((x ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    assert len(b) == size and x == h, name
assert sorted(os.listdir(d)) == sorted(list(want) + ["rasd-model.txt"]), os.listdir(d)
EOF
}
# the new corpus: other files of the project's corpus, so the new model differs
for f in corpus/train/0[45]-*.tsv; do awk 'NR % 3 == 0' "$f"; done >"$T/new.tsv"
kill_train=("$RASD" train -q --folds 3 --force -o "$T/k" "$T/new.tsv")
t0=$(date +%s%N)
"$RASD" train -q --folds 3 -o "$T/new" "$T/new.tsv" >/dev/null 2>&1
dur=$((($(date +%s%N) - t0) / 1000000))
model_ok "$T/new" && ok || bad "the uninterrupted new model fails its checksums"
diff -r "$T/old" "$T/new" >/dev/null && bad "test setup: old and new models are the same" || ok
# kill points: fixed, and spread over the end of training, where the model is saved
points="0.2 0.5 1 2 $(awk -v d="$dur" 'BEGIN { n = split("0.3 0.6 0.8 0.88 0.93 0.96 0.98 0.99 1.0 1.02", f, " ")
  for (i = 1; i <= n; i++) printf "%.3f ", d * f[i] / 1000 }')"
nold=0 nnew=0 nleft=0 badleft=0
for at in $points; do
  rm -rf "$T/k" "$T"/k.tmp-*; cp -r "$T/old" "$T/k"
  { timeout -s KILL "$at" "${kill_train[@]}" >/dev/null 2>&1; } 2>/dev/null
  if diff -r "$T/k" "$T/old" >/dev/null; then nold=$((nold + 1)); ok
  elif diff -r "$T/k" "$T/new" >/dev/null; then nnew=$((nnew + 1)); ok
  else bad "killed at ${at}s: the model directory is neither the old nor the new model"; fi
  model_ok "$T/k" && ok || bad "killed at ${at}s: files do not match the header's checksums"
  "$RASD" eval -m "$T/k" --reps 0 "$T/held.tsv" >/dev/null 2>&1 && ok || bad "killed at ${at}s: rasd eval fails on the model"
  for d in "$T"/k.tmp-*; do   # leftovers: a complete old/new model, or refused as a model
    [ -d "$d" ] || continue
    nleft=$((nleft + 1))
    diff -r "$d" "$T/old" >/dev/null || diff -r "$d" "$T/new" >/dev/null && continue
    "$RASD" classify -m "$d" "$T/u8/a.txt" >/dev/null 2>&1; r=$?
    [ "$r" -eq 3 ] || { badleft=$((badleft + 1)); echo "killed at ${at}s: leftover $d loads (exit $r)" >&2; }
  done
done
[ "$badleft" -eq 0 ] && ok || bad "$badleft leftover temporary directories were taken for models"
# a retrain over the last one's leftovers still works
run train -q --folds 3 --force -o "$T/k" "$T/new.tsv"; expect_rc 0 "train --force after interrupted runs"
diff -r "$T/k" "$T/new" >/dev/null && ok || bad "train after interrupted runs: not the new model"
echo "cli_reliability: train killed at $points s (a full train takes ${dur} ms): old model $nold times, new $nnew times, $nleft left a DIR.tmp-* directory"

echo "cli_reliability: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
