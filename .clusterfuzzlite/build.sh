#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script (the OSS-Fuzz build contract): builds
# every fuzzer of the manifests (components/*/fuzzers.tsv, examples/fuzzers.tsv)
# with the project's CMake in the `external` engine mode, instrumented by $CC and
# $CFLAGS and linked with $LIB_FUZZING_ENGINE, and puts into $OUT, per fuzzer:
#   <name>                   the fuzzer
#   <name>_seed_corpus.zip   its seeds (when it has any)
#   <name>.dict              its dictionary (when it has one)
# Inputs: CC, CFLAGS, LIB_FUZZING_ENGINE, OUT, SRC (and WORK for the build tree
# when set). The source tree is the checkout this script sits in, else the
# working directory (OSS-Fuzz's WORKDIR), else $SRC/formfuzz.
: "${CC:?}" "${CFLAGS:?}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}" "${SRC:?}"

is_tree() { [ -f "$1/CMakePresets.json" ] && [ -f "$1/cmake/formfuzz.cmake" ]; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if is_tree "$here"; then root=$here
elif is_tree "$PWD"; then root=$PWD
else root=$SRC/formfuzz; fi
is_tree "$root" || { echo "build.sh: no formfuzz source tree found (tried $here, $PWD, $SRC/formfuzz)" >&2; exit 1; }

build=${WORK:-$(mktemp -d)}/formfuzz-build
generator=Unix\ Makefiles
command -v ninja >/dev/null && generator=Ninja

# The fuzzers: name and the folder that holds its seeds/.
names=() dirs=()
for manifest in "$root"/components/*/fuzzers.tsv "$root"/examples/fuzzers.tsv; do
  [ -f "$manifest" ] || continue
  while read -r name _rest; do
    case $name in ''|'#'*) continue ;; esac
    names+=("$name"); dirs+=("$(dirname "$manifest")")
  done <"$manifest"
done
[ ${#names[@]} -gt 0 ] || { echo "build.sh: no fuzzers in the manifests" >&2; exit 1; }

cmake -S "$root" -B "$build" -G "$generator" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS_RELEASE="" -DFF_ENGINE=external -DFF_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --parallel "${FF_BUILD_JOBS:-$(nproc)}" --target "${names[@]}"

mkdir -p "$OUT"
for i in "${!names[@]}"; do
  name=${names[$i]} seeds=${dirs[$i]}/seeds/${names[$i]}
  cp "$build/fuzzers/$name" "$OUT/$name"
  if [ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ]; then
    rm -f "$OUT/${name}_seed_corpus.zip"
    (cd "$seeds" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
  if [ -f "$seeds.dict" ]; then cp "$seeds.dict" "$OUT/$name.dict"; fi
done
echo "build.sh: ${#names[@]} fuzzer(s) in $OUT: ${names[*]}"
