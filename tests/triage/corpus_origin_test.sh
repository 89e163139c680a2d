#!/usr/bin/env bash
# `formfuzz corpus stats` origins: seeds are recognised by content against the
# fuzzer's seeds directory, promoted inputs against its regressions directory
# (or by the record `corpus seeds` leaves), synced and merged inputs by the
# record `corpus sync` and `corpus merge` keep in DIR.formfuzz-manifest.json;
# everything else was found by fuzzing. minimize prunes the record to the
# inputs it keeps. Runs on a fixture source tree (FORMFUZZ_ROOT) with the
# planted target giving features.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1
target=$2

tree=$work/tree
comp=$tree/components/toy
mkdir -p "$comp/seeds/toy_fuzz" "$comp/regressions/toy_fuzz" "$comp/fuzz"
echo '{}' > "$tree/CMakePresets.json"
printf 'toy_fuzz  fuzz  3  1000  fixture fuzzer\n' > "$comp/fuzzers.tsv"
for s in seed-ab seed-abc seed-unused; do printf '%s' "$s" > "$comp/seeds/toy_fuzz/$s"; done
printf 'regression-1' > "$comp/regressions/toy_fuzz/r1"
export FORMFUZZ_ROOT=$tree

origins() { # origins DIR: "seed fuzzing synced merged promoted" counts
  "$formfuzz" corpus stats "$1" --fuzzer toy_fuzz --binary "$target" 2> /dev/null \
    | awk '/^origin /{printf "%s%s", sep, $3; sep=" "} END{print ""}'
}

c=$work/corpus
mkdir -p "$c"
printf 'seed-ab' > "$c/copy-of-seed-1"          # seeds, under other names
printf 'seed-abc' > "$c/copy-of-seed-2"
printf 'found-1' > "$c/f1"                      # written by the engine
printf 'found-2' > "$c/f2"
printf 'regression-1' > "$c/from-regressions"   # a promoted crash input
[ "$(origins "$c")" = "2 2 0 0 1" ] || fail "initial origins: $(origins "$c")"

# sync: what arrives in a formfuzz dir is recorded as synced
w=$work/worker
mkdir -p "$w"
printf 'worker-1' > "$w/a"
printf 'worker-2' > "$w/b"
printf 'seed-ab' > "$w/c"                       # a seed stays a seed wherever it came from
"$formfuzz" corpus sync "$c" "$w" > /dev/null || fail "sync exited $?"
[ "$(origins "$c")" = "2 2 2 0 1" ] || fail "after sync: $(origins "$c")"
[ "$(origins "$w")" = "2 2 3 0 0" ] || fail "worker after sync: $(origins "$w")"
jq -e '.origins | length == 2 and ([.[]] | all(. == "synced"))' "$c.formfuzz-manifest.json" > /dev/null \
  || fail "manifest origins: $(cat "$c.formfuzz-manifest.json")"

# merge: the input that brings features is recorded as merged
mkdir -p "$work/new"
head -c 100 /dev/zero | tr '\0' w > "$work/new/long"   # size > 64: a new branch
printf 'found-1' > "$work/new/dup"
"$formfuzz" corpus merge "$c" "$work/new" --binary "$target" > /dev/null || fail "merge exited $?"
[ "$(origins "$c")" = "2 2 2 1 1" ] || fail "after merge: $(origins "$c")"
long=$(head -c 100 /dev/zero | tr '\0' w | sha1sum | cut -d' ' -f1)
jq -e ".origins[\"$long\"] == \"merged\"" "$c.formfuzz-manifest.json" > /dev/null || fail "merged input not recorded"

# minimize: the record keeps only inputs still there; every input has one origin
"$formfuzz" corpus minimize "$c" --binary "$target" > /dev/null || fail "minimize exited $?"
files=$(ls "$c" | wc -l)
read -r -a counts <<< "$(origins "$c")"
sum=0
for n in "${counts[@]}"; do sum=$((sum + n)); done
[ "$sum" = "$files" ] || fail "origins count $sum inputs, the corpus has $files"
[ "${counts[3]}" = 1 ] || fail "the merged input (a feature of its own) lost its origin"
recorded=$(jq '.origins | length' "$c.formfuzz-manifest.json")
[ "$recorded" -le "$files" ] || fail "minimize left $recorded records for $files files"
for sha in $(jq -r '.origins | keys[]' "$c.formfuzz-manifest.json"); do
  grep -qx "$sha" <(for f in "$c"/*; do sha1sum < "$f" | cut -d' ' -f1; done) || fail "stale record $sha"
done

# corpus seeds: regression inputs written as seeds are recorded as promoted
"$formfuzz" corpus seeds "$work/seeds-out" --fuzzer toy_fuzz > /dev/null || fail "corpus seeds exited $?"
"$formfuzz" corpus stats "$work/seeds-out" 2> /dev/null | grep -qx 'origin promoted 1' \
  || fail "promoted by corpus seeds: $("$formfuzz" corpus stats "$work/seeds-out")"
echo "corpus_origin_test: ok"
