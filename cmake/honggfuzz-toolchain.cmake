# Toolchain of the honggfuzz preset: the C compiler is honggfuzz's hfuzz-clang
# wrapper, looked up in $HFUZZ_DIR (a honggfuzz build tree, where it is
# hfuzz_cc/hfuzz-clang, or an install prefix, bin/hfuzz-clang) and then on PATH.
# honggfuzz is not a Debian package: install it from its public repository
# (https://github.com/google/honggfuzz, `make`) and point HFUZZ_DIR at it.
# Configuring fails with that hint when hfuzz-clang cannot be found.
set(FF_HFUZZ_DIR "$ENV{HFUZZ_DIR}" CACHE PATH "honggfuzz build tree or install prefix (else PATH)")
set(hints "")
if(FF_HFUZZ_DIR)
  list(APPEND hints ${FF_HFUZZ_DIR} ${FF_HFUZZ_DIR}/hfuzz_cc ${FF_HFUZZ_DIR}/bin)
endif()
find_program(FF_HFUZZ_CLANG hfuzz-clang HINTS ${hints})
if(NOT FF_HFUZZ_CLANG)
  message(FATAL_ERROR
    "The honggfuzz preset needs honggfuzz's hfuzz-clang, which was found neither in "
    "HFUZZ_DIR ('${FF_HFUZZ_DIR}') nor on PATH. honggfuzz is not packaged by Debian: "
    "build it from https://github.com/google/honggfuzz (apt-get install clang "
    "libunwind-dev binutils-dev libblocksruntime-dev, then make) and configure with "
    "HFUZZ_DIR=<that directory> (or put hfuzz-clang and honggfuzz on PATH). See docs/peers.md.")
endif()
set(CMAKE_C_COMPILER ${FF_HFUZZ_CLANG})
