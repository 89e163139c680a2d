#!/usr/bin/env bash
# Longer bug hunts on the real targets (docs/real-targets.md, "Hunting"):
# `formfuzz campaign` over the built-in engine's builds of bench/real/, as a
# formfuzz project of their own, resumed from the corpora the previous hunt
# left, then `formfuzz triage` (reproduce, bucket, minimize, report.md).
# usage: bench/real/hunt.sh [--time S] [--jobs N] [--schedule bandit|equal] [TARGET...]
#   --time S      the hunt's budget in seconds (default 3600), shared by the
#                 targets as formfuzz campaign shares it (bandit by default)
#   --jobs N      fuzzer processes at once (default 2)
#   TARGET        default: every target of bench/real/ but selftest
# environment: REAL_CACHE (as bench/real.sh), HUNT_DIR (default
#   $REAL_CACHE/hunt: project/ is made anew each time, out/ keeps the
#   corpora, artifacts and triage between hunts), FORMFUZZ_BIN (default ./formfuzz)
# Builds a target's `formfuzz` variant (bench/real/<target>.sh formfuzz) when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
time_s=3600 jobs=2 schedule=bandit targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) time_s=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --schedule) schedule=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "hunt: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ $time_s =~ ^[1-9][0-9]*$ && $jobs =~ ^[1-9][0-9]*$ ]] || { echo "hunt: --time and --jobs are positive whole numbers" >&2; exit 2; }
[ ${#targets[@]} -gt 0 ] || targets=(libxml2 pcre2 expat sqlite3 libpng ldns nsd)
export REAL_CACHE=${REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/formfuzz/real}
hunt=${HUNT_DIR:-$REAL_CACHE/hunt}
formfuzz=${FORMFUZZ_BIN:-$root/formfuzz}
say() { echo "hunt: $*" >&2; }

# The project: components/real/ with one manifest line a fuzzer (real_<fuzzer>),
# its seeds and dictionary linked in, the binaries linked where `formfuzz run`
# looks for the builtin preset's (build/builtin/fuzzers/).
proj=$hunt/project
rm -rf "$proj"
comp=$proj/components/real
mkdir -p "$comp/seeds" "$proj/build/builtin/fuzzers" "$hunt/out"
printf '# made by bench/real/hunt.sh: the real targets as one formfuzz component\n# name\tstrategy\trisk\tmax_len\tdescription\n' >"$comp/fuzzers.tsv"
names=()
for t in "${targets[@]}"; do
  [ -x "$root/bench/real/$t.sh" ] || { say "no build script bench/real/$t.sh"; exit 2; }
  bash "$root/bench/real/$t.sh" formfuzz >&2 || { say "$t: the formfuzz build failed, left out"; continue; }
  for bin in "$REAL_CACHE/bin/$t/formfuzz"/*; do
    fz=$(basename "$bin") name=real_$(basename "$bin")
    seeds=$REAL_CACHE/seeds/$t/$fz
    dict=$(bash -c ". '$root/bench/real/$t.sh' --help >/dev/null; SRC=\$(cat '$REAL_CACHE/src/'\$PKG/.done); type dict_for >/dev/null 2>&1 && dict_for $fz" 2>/dev/null || true)
    ln -s "$bin" "$proj/build/builtin/fuzzers/$name"
    ln -s "$seeds" "$comp/seeds/$name"
    [ -n "$dict" ] && [ -f "$dict" ] && ln -s "$dict" "$comp/seeds/$name.dict"
    # libFuzzer's rule: inputs up to 4096 bytes, or the largest seed
    max=$(find -L "$seeds" -type f ! -name '.*' -printf '%s\n' | sort -n | tail -1)
    max=$(( ${max:-0} > 4096 ? max : 4096 ))
    printf '%s\t%s\t3\t%s\t%s (%s, bench/real/%s.sh)\n' "$name" "${name#real_}" "$max" "$fz" "$t" "$t" >>"$comp/fuzzers.tsv"
    names+=("$name")
  done
done
[ ${#names[@]} -gt 0 ] || { say "no target built"; exit 3; }
list=$(IFS=,; echo "${names[*]}")
say "hunting ${#names[@]} fuzzer(s) for ${time_s}s with $jobs job(s): $list (out: $hunt/out)"
rc=0
FORMFUZZ_ROOT=$proj "$formfuzz" campaign --no-build --time "$time_s" --jobs "$jobs" --schedule "$schedule" \
  --fuzzers "$list" --out "$hunt/out" || rc=$?
# campaign: 0 nothing found, 1 findings; anything else is a failure of the hunt itself
[ "$rc" -le 1 ] || { say "formfuzz campaign failed (exit $rc)"; exit "$rc"; }
FORMFUZZ_ROOT=$proj "$formfuzz" triage --engine builtin --out "$hunt/out" "${names[@]}"
say "triage: $hunt/out/triage/ (index.json; a report.md a bucket)"
