#!/usr/bin/env bash
# `formfuzz corpus` with the planted target: minimize keeps every feature and
# is smaller (and skips empty/oversized files), merge adds only new features,
# sync exchanges inputs between a formfuzz dir and an AFL++ -o dir both ways
# and is idempotent, export writes <fuzzer>_seed_corpus.zip.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1
target=$2
features() { "$formfuzz" corpus stats "$1" --binary "$target" --max-len 1000 2> /dev/null | sed -n 's/^features //p'; }

c=$work/corpus
mkdir -p "$c"
for s in a ab abc abcd abcdefghij x y z aa aaa q1 q2 HB IN; do printf '%s' "$s" > "$c/$s"; done
: > "$c/empty"
head -c 2000 /dev/zero | tr '\0' q > "$c/oversized"
before=$(features "$c")
[ "$before" -gt 0 ] || fail "no features counted"
"$formfuzz" corpus minimize "$c" --binary "$target" --max-len 1000 > "$work/min.out" 2> "$work/min.err" \
  || fail "minimize exited $?"
grep -q "skipping .*empty: empty" "$work/min.err" || fail "empty file not reported"
grep -q "skipping .*oversized" "$work/min.err" || fail "oversized file not reported"
after=$(features "$c")
[ "$after" = "$before" ] || fail "minimize lost features: $before -> $after"
[ "$(ls "$c" | wc -l)" -lt 14 ] || fail "minimize did not shrink the corpus ($(ls "$c" | wc -l) files)"
jq -e '.commit | type == "string"' "$c.formfuzz-manifest.json" > /dev/null || fail "manifest"
[ -z "$(ls -d "$c".minimize.* 2> /dev/null)" ] || fail "work directory left behind"

# merge: an input with a new feature is added, a duplicate is not
n=$(ls "$c" | wc -l)
mkdir -p "$work/new"
printf 'abcdefghij' > "$work/new/dup"
head -c 100 /dev/zero | tr '\0' w > "$work/new/long"   # size > 64: a new branch
"$formfuzz" corpus merge "$c" "$work/new" --binary "$target" > /dev/null || fail "merge exited $?"
[ "$(ls "$c" | wc -l)" = $((n + 1)) ] || fail "merge should add exactly one input"

# sync between a formfuzz corpus and an AFL++ -o layout
ff=$work/ff
afl=$work/afl
mkdir -p "$ff" "$afl/main/queue" "$afl/secondary/queue"
printf 'from-formfuzz' > "$ff/$(printf 'from-formfuzz' | sha1sum | cut -d' ' -f1)"
printf 'from-afl-main' > "$afl/main/queue/id:000000,time:0,execs:0,orig:seed"
printf 'from-afl-sec' > "$afl/secondary/queue/id:000000,time:0,execs:0,orig:seed"
printf 'from-formfuzz' > "$afl/secondary/queue/id:000001,src:000000,op:havoc"   # already known
"$formfuzz" corpus sync "$ff" "$afl" > "$work/sync1" || fail "sync exited $?"
for s in from-afl-main from-afl-sec; do
  test -f "$ff/$(printf '%s' "$s" | sha1sum | cut -d' ' -f1)" || fail "$s did not reach the formfuzz dir"
done
[ "$(ls "$afl/formfuzz/queue" 2> /dev/null | wc -l)" = 0 ] || fail "AFL dir got an input it already had"
printf 'found-by-formfuzz' > "$ff/$(printf 'found-by-formfuzz' | sha1sum | cut -d' ' -f1)"
"$formfuzz" corpus sync "$ff" "$afl" > /dev/null || fail "second sync exited $?"
ls "$afl/formfuzz/queue" | grep -q '^id:000000,' || fail "formfuzz input not in AFL++ queue naming"
cmp -s <(printf 'found-by-formfuzz') "$afl/formfuzz/queue/"id:000000* || fail "AFL++ queue file content"
"$formfuzz" corpus sync "$ff" "$afl" > "$work/sync3"
grep -q ", 0 file(s) written" "$work/sync3" || fail "sync is not idempotent: $(cat "$work/sync3")"

# export
"$formfuzz" corpus export "$c" --fuzzer triage_planted --out "$work/zip" > /dev/null || fail "export exited $?"
z=$work/zip/triage_planted_seed_corpus.zip
unzip -tq "$z" > /dev/null || fail "zip is broken"
[ "$(unzip -Z1 "$z" | wc -l)" = "$(ls "$c" | wc -l)" ] || fail "zip does not hold the corpus"
echo "corpus_test: ok"
