# How formfuzz code is compiled and linked for each engine (FF_ENGINE), and the
# helpers every CMakeLists uses: ff_add_library, ff_add_fuzzer, ff_add_test,
# ff_add_component. Code under test goes through these so it gets the engine's
# instrumentation; the engine and the tools do not.

set(FF_ENGINE "builtin" CACHE STRING "builtin | libfuzzer | afl | honggfuzz | replay | coverage | external | none")
set_property(CACHE FF_ENGINE PROPERTY STRINGS builtin libfuzzer afl honggfuzz replay coverage external none)
# FF_ENGINE=external: the OSS-Fuzz build contract (.clusterfuzzlite/build.sh).
# Instrumentation comes from $CC/$CFLAGS (CMake puts CFLAGS into every compile
# and link); the driver is $LIB_FUZZING_ENGINE (a flag like -fsanitize=fuzzer
# or the path of an engine archive), given here.
set(FF_LIB_FUZZING_ENGINE "$ENV{LIB_FUZZING_ENGINE}" CACHE STRING "external engine: the fuzzing engine link argument(s)")
option(FF_BUGS "Compile the known-bug replicas (FF_BUG) in; switched on at run time by FORMFUZZ_BUGS" OFF)
set(FF_AFL_DRIVER "/usr/lib/afl/libAFLDriver.a" CACHE FILEPATH "AFL++ libFuzzer-ABI driver")
option(FF_AFL_CMPLOG "afl preset: also build <fuzzer>.cmplog (AFL_LLVM_CMPLOG=1) for afl-fuzz -c" ON)
# Set only inside the cmplog twin build tree (see ff_afl_cmplog_twin).
option(FF_AFL_CMPLOG_PASS "internal: this tree is the cmplog twin of an afl build" OFF)

set(FF_SANITIZE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
set(FF_INSTR_COMPILE "")
set(FF_INSTR_LINK "")
if(FF_ENGINE STREQUAL "builtin" OR FF_ENGINE STREQUAL "libfuzzer")
  # The built-in engine gets exactly libFuzzer's instrumentation (inline 8-bit counters, PC tables,
  # trace-cmp, indirect calls, stack depth) and, above all, clang's
  # optforfuzzing attribute, which keeps compare chains from being folded into
  # switches that no edge can tell apart (see docs/engine.md).
  set(FF_INSTR_COMPILE ${FF_SANITIZE} -fsanitize=fuzzer-no-link)
  set(FF_INSTR_LINK ${FF_SANITIZE})
elseif(FF_ENGINE STREQUAL "afl" OR FF_ENGINE STREQUAL "honggfuzz")
  # afl-clang-fast and hfuzz-clang add their coverage instrumentation themselves.
  set(FF_INSTR_COMPILE ${FF_SANITIZE})
  set(FF_INSTR_LINK ${FF_SANITIZE})
elseif(FF_ENGINE STREQUAL "replay")
  set(FF_INSTR_COMPILE ${FF_SANITIZE})
  set(FF_INSTR_LINK ${FF_SANITIZE})
elseif(FF_ENGINE STREQUAL "coverage")
  set(FF_INSTR_COMPILE -fprofile-instr-generate -fcoverage-mapping)
  set(FF_INSTR_LINK -fprofile-instr-generate)
endif()
if(FF_ENGINE STREQUAL "honggfuzz" AND NOT CMAKE_C_COMPILER MATCHES "hfuzz-[a-z0-9]*clang$")
  message(FATAL_ERROR "FF_ENGINE=honggfuzz needs honggfuzz's hfuzz-clang as the C compiler "
                      "(cmake --preset honggfuzz finds it; see docs/peers.md), not ${CMAKE_C_COMPILER}")
endif()
set(FF_INSTR_DEFS FF_ENGINE_${FF_ENGINE}=1)
if(FF_BUGS)
  list(APPEND FF_INSTR_DEFS FF_BUGS_ENABLED=1)
endif()

# Instrument one target as code under test.
function(ff_instrument target)
  target_compile_options(${target} PRIVATE ${FF_INSTR_COMPILE})
  target_compile_definitions(${target} PUBLIC ${FF_INSTR_DEFS})
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    target_link_options(${target} PRIVATE ${FF_INSTR_LINK})
  endif()
endfunction()

# A server (an executable of code under test that the live tools run):
# in the presets whose instrumentation is inline 8-bit counters, it gets the
# runtime that reports them to `formfuzz live fuzz --coverage` and `formfuzz
# mcp --coverage` (tools/live/cov/live_cov_counters_rt.c; inert unless the
# tool sets FORMFUZZ_LIVE_COV).
function(ff_live_cov_server target)
  if(FF_ENGINE STREQUAL "builtin" OR FF_ENGINE STREQUAL "libfuzzer")
    target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,ff_live_cov_counters_rt>")
  endif()
endfunction()

# ff_add_library(name SOURCES ... [LIBS ...]): a static library of code under test.
function(ff_add_library name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  target_link_libraries(${name} PUBLIC ${A_LIBS})
  ff_instrument(${name})
endfunction()

# The piece that turns a libFuzzer-ABI harness into a program, per engine.
function(ff_link_driver target)
  if(FF_ENGINE STREQUAL "builtin")
    target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,formfuzz_engine>")
  elseif(FF_ENGINE STREQUAL "libfuzzer")
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  elseif(FF_ENGINE STREQUAL "afl")
    target_link_libraries(${target} PRIVATE ${FF_AFL_DRIVER})
  elseif(FF_ENGINE STREQUAL "honggfuzz")
    # hfuzz-clang links every executable with libhfuzz (whole archive): its
    # main() runs LLVMFuzzerTestOneInput in persistent mode under honggfuzz,
    # and on the file given as its last argument otherwise.
  elseif(FF_ENGINE STREQUAL "external")
    separate_arguments(engine_args UNIX_COMMAND "${FF_LIB_FUZZING_ENGINE}")
    target_link_libraries(${target} PRIVATE ${engine_args})
  else()
    target_link_libraries(${target} PRIVATE ff_replay_main)
  endif()
endfunction()

# AFL++ CMPLOG (afl preset): afl-fuzz -c wants a second binary of the same
# fuzzer with every compare logged (AFL_LLVM_CMPLOG=1 at compile time). The
# code under test is in static libraries shared by many fuzzers, so the twin is
# a whole second build tree, <build>/cmplog, configured once with the same
# compiler and that variable set; target <name>.cmplog builds <name> there and
# copies it to <build>/fuzzers/<name>.cmplog. Building <name> builds its twin.
set_property(GLOBAL APPEND PROPERTY JOB_POOLS ff_afl_cmplog=1)
function(ff_afl_cmplog_twin name)
  if(NOT FF_ENGINE STREQUAL "afl" OR NOT FF_AFL_CMPLOG OR FF_AFL_CMPLOG_PASS)
    return()
  endif()
  set(twin ${CMAKE_BINARY_DIR}/cmplog)
  if(NOT TARGET ff_afl_cmplog_configure)
    add_custom_command(
      OUTPUT ${twin}/CMakeCache.txt
      COMMAND ${CMAKE_COMMAND} -S ${PROJECT_SOURCE_DIR} -B ${twin} -G ${CMAKE_GENERATOR}
              -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER} -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
              -DFF_ENGINE=afl -DFF_BUGS=${FF_BUGS} -DFF_AFL_DRIVER=${FF_AFL_DRIVER}
              -DFF_AFL_CMPLOG_PASS=ON "-DCMAKE_C_COMPILER_LAUNCHER=env\;AFL_LLVM_CMPLOG=1"
              "-DCMAKE_C_LINKER_LAUNCHER=env\;AFL_LLVM_CMPLOG=1" > ${twin}-configure.log
      COMMENT "Configuring the AFL++ cmplog twin build in ${twin}")
    add_custom_target(ff_afl_cmplog_configure DEPENDS ${twin}/CMakeCache.txt)
  endif()
  add_custom_target(${name}.cmplog ALL
    COMMAND ${CMAKE_COMMAND} --build ${twin} --target ${name} --parallel 2
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${twin}/fuzzers/${name} ${CMAKE_BINARY_DIR}/fuzzers/${name}.cmplog
    JOB_POOL ff_afl_cmplog
    COMMENT "AFL++ cmplog build of ${name}")
  add_dependencies(${name}.cmplog ff_afl_cmplog_configure)
  add_dependencies(${name} ${name}.cmplog)
endfunction()

# Ends the calling function when the preset builds no code under test
# (FF_ENGINE none: the tools only). A macro, so return() leaves the caller.
macro(ff_return_without_engine)
  if(FF_ENGINE STREQUAL "none")
    return()
  endif()
endmacro()

# One program of code under test in <build>/<dir>/ (fuzzers or tests), linked
# with LIBS and ff_core and instrumented for the preset. Tests also see
# tests/common/ (ff_check.h, the assertion helpers of the C test programs).
function(ff_add_program name dir)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_LIBS} ff_core)
  ff_instrument(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/${dir})
  if(dir STREQUAL "tests")
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
  endif()
endfunction()

# Registers program name as a ctest test run with the arguments given, with
# FORMFUZZ_ROOT pointing at the source tree.
function(ff_register_test name)
  add_test(NAME ${name} COMMAND ${name} ${ARGN})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "FORMFUZZ_ROOT=${PROJECT_SOURCE_DIR}")
endfunction()

# ff_add_fuzzer(NAME n SOURCES ... [LIBS ...]): one fuzzer binary in <build>/fuzzers/.
function(ff_add_fuzzer)
  cmake_parse_arguments(A "" "NAME" "SOURCES;LIBS" ${ARGN})
  ff_return_without_engine()
  ff_add_program(${A_NAME} fuzzers SOURCES ${A_SOURCES} LIBS ${A_LIBS})
  ff_link_driver(${A_NAME})
  ff_afl_cmplog_twin(${A_NAME})
endfunction()

# ff_add_test(NAME n SOURCES ... [LIBS ...] [ARGS ...]): a unit-test program run by ctest.
function(ff_add_test)
  cmake_parse_arguments(A "" "NAME" "SOURCES;LIBS;ARGS" ${ARGN})
  ff_return_without_engine()
  ff_add_program(${A_NAME} tests SOURCES ${A_SOURCES} LIBS ${A_LIBS})
  ff_register_test(${A_NAME} ${A_ARGS})
endfunction()

# Reads components/<c>/fuzzers.tsv (see docs/CONVENTIONS.md, the manifest) and
# returns the fuzzer names and their strategies, and with a fourth argument
# their descriptions. The file is UTF-8: without ENCODING, file(STRINGS) would
# split a line at every non-ASCII byte (a "§" in a description broke
# configuration).
function(ff_read_manifest file out_names out_strategies)
  file(STRINGS ${file} lines ENCODING UTF-8)
  set(names "")
  set(strategies "")
  set(descriptions "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*#" OR line MATCHES "^[ \t]*$")
      continue()
    endif()
    if(NOT line MATCHES "^([a-z0-9_]+)[ \t]+([a-z0-9_]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+(.+)$")
      message(FATAL_ERROR "${file}: malformed manifest line: ${line}")
    endif()
    list(APPEND names ${CMAKE_MATCH_1})
    list(APPEND strategies ${CMAKE_MATCH_2})
    string(REPLACE ";" "\\;" description "${CMAKE_MATCH_5}") # one list element each
    list(APPEND descriptions "${description}")
  endforeach()
  set(${out_names} ${names} PARENT_SCOPE)
  set(${out_strategies} ${strategies} PARENT_SCOPE)
  if(ARGC GREATER 3)
    set(${ARGV3} "${descriptions}" PARENT_SCOPE)
  endif()
endfunction()

# ff_add_component_fuzzers(<component> LIBS ...): one fuzzer per manifest line,
# built from fuzz/<strategy>.c; its regressions/<fuzzer>/ directory is replayed by ctest.
function(ff_add_component_fuzzers component)
  cmake_parse_arguments(A "" "" "LIBS" ${ARGN})
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  ff_read_manifest(${dir}/fuzzers.tsv names strategies)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/fuzzers.tsv)
  foreach(name strategy IN ZIP_LISTS names strategies)
    ff_add_fuzzer(NAME ${name} SOURCES ${dir}/fuzz/${strategy}.c LIBS ${A_LIBS})
    if(FF_ENGINE STREQUAL "none")
      continue()
    endif()
    set_property(GLOBAL APPEND PROPERTY FF_ALL_FUZZERS ${name})
    file(GLOB regressions CONFIGURE_DEPENDS ${dir}/regressions/${name}/*)
    if(regressions)
      add_test(NAME regressions_${name} COMMAND ${name} ${regressions})
    endif()
  endforeach()
endfunction()

# The component folder that owns the calling CMakeLists (components/<c>, also
# from components/<c>/tests), or the calling folder itself elsewhere.
function(ff_owning_dir out)
  if(CMAKE_CURRENT_SOURCE_DIR MATCHES "^(.*/components/[^/]+)")
    set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
  else()
    set(${out} ${CMAKE_CURRENT_SOURCE_DIR} PARENT_SCOPE)
  endif()
endfunction()

# ff_add_property_test(NAME n SOURCES ... [LIBS ...] [REGRESSIONS dir]): a test
# program running every FF_PROPERTY in SOURCES (core/prop/main.c). ctest replays
# <dir>/<property>/* and runs the seeded cases; a failure is shrunk and saved
# there. dir defaults to the owning component's regressions/ folder.
function(ff_add_property_test)
  cmake_parse_arguments(A "" "NAME;REGRESSIONS" "SOURCES;LIBS" ${ARGN})
  ff_return_without_engine()
  if(NOT A_REGRESSIONS)
    ff_owning_dir(owner)
    set(A_REGRESSIONS ${owner}/regressions)
  endif()
  ff_add_program(${A_NAME} tests SOURCES ${A_SOURCES} $<TARGET_OBJECTS:ff_prop_main>
                 LIBS ${A_LIBS} ff_prop)
  ff_register_test(${A_NAME} --regressions ${A_REGRESSIONS})
endfunction()

# ff_add_fault_reach_test(<component> SITE s PROPERTIES p...): one test per
# property: CASES (default 300) seeded cases run in-process by the component's
# property test program, and each fault site (or family) of the comma list s
# must have failed at least once (core/prop's --fault-reach): the fuzzer
# reaches its fault sites.
function(ff_add_fault_reach_test component)
  cmake_parse_arguments(A "" "SITE;CASES" "PROPERTIES" ${ARGN})
  ff_return_without_engine()
  if(NOT A_CASES)
    set(A_CASES 300)
  endif()
  foreach(p IN LISTS A_PROPERTIES)
    add_test(NAME ${p}_fault_reach COMMAND ${component}_properties --property ${p} --cases ${A_CASES}
             --no-save --fault-reach ${A_SITE})
  endforeach()
endfunction()

# ff_add_property_fuzzer(NAME n SOURCES ... [LIBS ...]): the same property file
# as a fuzzer for the preset's engine (core/prop/fuzz_main.c).
function(ff_add_property_fuzzer)
  cmake_parse_arguments(A "" "NAME" "SOURCES;LIBS" ${ARGN})
  ff_add_fuzzer(NAME ${A_NAME} SOURCES ${A_SOURCES} $<TARGET_OBJECTS:ff_prop_fuzz>
                LIBS ${A_LIBS} ff_prop_registry)
endfunction()

# ff_add_custom_mutator_so(NAME n SOURCES ... [LIBS ...]): an AFL++ custom
# mutator library, <build>/lib/lib<n>.so, from a file that expands
# FF_AFL_MUTATOR. Plain code (no sanitizers, no coverage): it runs inside
# afl-fuzz, which loads it from AFL_CUSTOM_MUTATOR_LIBRARY.
function(ff_add_custom_mutator_so)
  cmake_parse_arguments(A "" "NAME" "SOURCES;LIBS" ${ARGN})
  set(core ${PROJECT_SOURCE_DIR}/core)
  add_library(${A_NAME} SHARED ${A_SOURCES} ${core}/struct_mutator.c ${core}/struct_mutator_afl.c
              ${core}/input.c)
  target_link_libraries(${A_NAME} PRIVATE ${A_LIBS})
  set_target_properties(${A_NAME} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
  if(FF_ENGINE STREQUAL "afl")
    # afl-clang-fast would instrument the mutator itself; afl-fuzz needs it
    # plain, which AFL_NOOPT asks of the AFL++ compiler wrapper.
    set_target_properties(${A_NAME} PROPERTIES C_COMPILER_LAUNCHER "env;AFL_NOOPT=1"
                          C_LINKER_LAUNCHER "env;AFL_NOOPT=1")
  endif()
endfunction()

# ff_add_component(<c> [LIBS ...] [GEN_SOURCES ...] [GEN_LIBS ...]): the usual
# wiring of components/<c>/, called from its CMakeLists.txt:
#   <c>_core        library of every components/<c>/*.c, linked with ff_core and
#                   LIBS, with components/<c>/ as its public include directory;
#   <c>_fuzz_gen    library of fuzz/gen.c plus GEN_SOURCES (paths relative to
#                   the component), linked with <c>_core and GEN_LIBS, with
#                   fuzz/ as its public include directory;
#   <c>_<fuzzer>    one fuzzer per fuzzers.tsv line (ff_add_component_fuzzers):
#                   each fuzz/<strategy>.c is an FF_PROPERTY named like its
#                   fuzzer, run by core/prop's LLVMFuzzerTestOneInput;
#   <c>_test_<x>    a test program per tests/test_<x>.c (ff_add_test);
#   <c>_properties  every fuzz/<strategy>.c run as properties (seeded cases,
#                   shrinking, regressions/<fuzzer>/; ff_add_property_test).
function(ff_add_component component)
  cmake_parse_arguments(A "" "" "LIBS;GEN_SOURCES;GEN_LIBS" ${ARGN})
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  file(GLOB core_sources CONFIGURE_DEPENDS ${dir}/*.c)
  ff_add_library(${component}_core SOURCES ${core_sources} LIBS ff_core ${A_LIBS})
  target_include_directories(${component}_core PUBLIC ${dir})

  list(TRANSFORM A_GEN_SOURCES PREPEND ${dir}/)
  ff_add_library(${component}_fuzz_gen SOURCES ${dir}/fuzz/gen.c ${A_GEN_SOURCES}
                 LIBS ${component}_core ${A_GEN_LIBS})
  target_include_directories(${component}_fuzz_gen PUBLIC ${dir}/fuzz)
  set(libs ${component}_fuzz_gen ${component}_core)
  ff_add_component_fuzzers(${component} LIBS ${libs} ff_prop_fuzz ff_prop_registry)

  file(GLOB tests CONFIGURE_DEPENDS ${dir}/tests/test_*.c)
  foreach(src IN LISTS tests)
    get_filename_component(name ${src} NAME_WE)
    ff_add_test(NAME ${component}_${name} SOURCES ${src} LIBS ${libs})
  endforeach()

  ff_read_manifest(${dir}/fuzzers.tsv names strategies)
  list(TRANSFORM strategies REPLACE "^(.+)$" "${dir}/fuzz/\\1.c" OUTPUT_VARIABLE property_sources)
  ff_add_property_test(NAME ${component}_properties SOURCES ${property_sources} LIBS ${libs})
endfunction()
