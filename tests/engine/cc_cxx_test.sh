#!/usr/bin/env bash
# `formfuzz c++` and `formfuzz cc` as a build system uses them
# (tests/engine/external_cxx/, a C++ library with a planted heap overflow):
#   - the C++ harness built by `formfuzz c++` finds the bug within a fixed
#     -runs (-seed=1), writes a crash- artifact that reproduces (checked by
#     engine_planted_bug_test);
#   - configure-style checks: programs with their own main and no harness link
#     without the engine and run (C and C++, with exceptions); --version and
#     -dumpmachine pass through; a shared library links with -Wl,-z,defs and a
#     fuzzer linked against it counts its edges; C++ objects link with the C
#     driver; -fsanitize=fuzzer (libFuzzer's link flag) gets the engine, not
#     libFuzzer; a link through a `formfuzz-c++` link name works.
# usage: cc_cxx_test.sh FORMFUZZ PLANTED_BUG_TEST SOURCE_DIR
set -eu
formfuzz=$1 planted=$2 src=$3
work=$(mktemp -d /tmp/ff-cxx-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

# the objects are compiled once; the links below reuse them
"$formfuzz" c++ -c -O1 "$src/fuzz_records.cc" -I"$src" -o f.o
"$formfuzz" c++ -c -O1 "$src/records.cc" -o r.o
"$formfuzz" c++ f.o r.o -o fuzz_records
"$planted" "$work/fuzz_records" 200000 1 crash- heap-buffer-overflow
ok "formfuzz c++ harness finds the planted heap overflow"

"$formfuzz" cc "$src/fuzz_records.cc" -I"$src" r.o -O1 -o fuzz_cc_source || fail "formfuzz cc on a C++ source"
./fuzz_cc_source -runs=200 >/dev/null 2>&1 || fail "the fuzzer formfuzz cc built from a C++ source does not run"
"$formfuzz" cc f.o r.o -o fuzz_cdriver || fail "C++ objects do not link with formfuzz cc"
./fuzz_cdriver -runs=200 >/dev/null 2>&1 || fail "the fuzzer formfuzz cc linked from C++ objects does not run"
ok "formfuzz cc: a C++ source (clang++ takes over), C++ objects (the C++ runtime linked)"

printf 'int main(void) { return 0; }\n' >conftest.c
"$formfuzz" cc conftest.c -o conftest || fail "a conftest program (own main) does not link"
./conftest || fail "the conftest program does not run"
nm conftest | grep -q ff_cov_register_counters && fail "the conftest program got the engine"
ok "configure check in C: linked without the engine, runs"

cat >conftest.cc <<'CC'
#include <stdexcept>
#include <string>
int main() {
  try { throw std::runtime_error(std::string("x")); } catch (const std::exception &) { return 0; }
  return 1;
}
CC
"$formfuzz" c++ conftest.cc -o conftestxx && ./conftestxx || fail "a C++ conftest program does not link or run"
ok "configure check in C++ (exceptions, std::string)"

"$formfuzz" cc --version | grep -q clang || fail "formfuzz cc --version"
[ -n "$("$formfuzz" cc -dumpmachine)" ] || fail "formfuzz cc -dumpmachine"
ok "--version and -dumpmachine pass through"

"$formfuzz" c++ -shared -fPIC -O1 "$src/records.cc" -Wl,-z,defs -o librecords.so || fail "shared library with -z defs"
"$formfuzz" c++ f.o -L. -lrecords -Wl,-rpath,"$work" -o fuzz_shared
"$planted" "$work/fuzz_shared" 200000 1 crash- heap-buffer-overflow
ok "a fuzzer over a shared library built by formfuzz c++ -shared finds the bug in it"

"$formfuzz" c++ f.o r.o -fsanitize=fuzzer,address -o fuzz_lfflag
nm -C fuzz_lfflag | grep -q 'fuzzer::Fuzzer' && fail "-fsanitize=fuzzer brought libFuzzer in"
nm fuzz_lfflag | grep -q ff_cov_register_counters || fail "-fsanitize=fuzzer link is not the engine's"
ok "-fsanitize=fuzzer is replaced by the engine"

ln -s "$formfuzz" formfuzz-c++
./formfuzz-c++ f.o r.o -o fuzz_linkname && [ -x fuzz_linkname ] || fail "formfuzz-c++ link name"
ok "formfuzz-c++ link name"
