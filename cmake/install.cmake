# Installing formfuzz as a tool (`make install PREFIX=...`, `make deb`): what
# goes where under the prefix, the pkg-config file, the man page and the CPack
# Debian package. Only the builtin preset installs: it is the build holding the
# engine archive that `formfuzz cc` links. Layout:
#   bin/                  formfuzz and the component servers (formfuzz-<c>)
#   lib/formfuzz/         libformfuzz_engine.a, libff_util.a (what `formfuzz cc`
#                         links; an installed formfuzz finds them from its own
#                         path, tools/lib/source_root.c) and libff_core.a (the
#                         harness runtime behind include/formfuzz/),
#                         libff_live_cov_counters_rt.a (`formfuzz cc --server`)
#   lib/pkgconfig/        formfuzz.pc (headers and the harness runtime)
#   include/formfuzz/     the public headers of include/formfuzz (not prop.h)
#   share/man/man1/       formfuzz.1.gz, generated from the --help texts
if(NOT FF_ENGINE STREQUAL "builtin")
  return()
endif()

set(FF_INSTALL_LIBDIR lib/formfuzz) # tools/lib/source_root.c looks here (FF_INSTALL_LIBDIR)

install(TARGETS formfuzz RUNTIME DESTINATION bin)
foreach(server formfuzz-dns formfuzz-econ formfuzz-infer formfuzz-mcp)
  if(TARGET ${server})
    install(TARGETS ${server} RUNTIME DESTINATION bin)
  endif()
endforeach()
install(TARGETS formfuzz_engine ff_util ff_core ARCHIVE DESTINATION ${FF_INSTALL_LIBDIR})
# the live coverage runtime that `formfuzz cc --server` links
install(TARGETS ff_live_cov_counters_rt ARCHIVE DESTINATION ${FF_INSTALL_LIBDIR})
# Every public header whose code is in ff_core; prop.h needs the property
# runner (core/prop), which is not installed.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/formfuzz DESTINATION include
        FILES_MATCHING PATTERN "*.h" PATTERN "prop.h" EXCLUDE)

# pkg-config: relative to the .pc file itself, so any --prefix works.
configure_file(${PROJECT_SOURCE_DIR}/cmake/formfuzz.pc.in ${CMAKE_BINARY_DIR}/formfuzz.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/formfuzz.pc DESTINATION lib/pkgconfig)

# The man page: scripts/manpage.sh turns `formfuzz --help` and every command's
# --help into roff, rebuilt whenever the tool is; installed gzipped, as Debian
# wants (gzip -n: no name or time stamp, the same bytes every build).
set(FF_MANPAGE ${CMAKE_BINARY_DIR}/man/formfuzz.1)
add_custom_command(
  OUTPUT ${FF_MANPAGE} ${FF_MANPAGE}.gz
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/manpage.sh $<TARGET_FILE:formfuzz> ${PROJECT_VERSION}
          ${FF_MANPAGE}
  COMMAND gzip -9nkf ${FF_MANPAGE}
  DEPENDS formfuzz ${PROJECT_SOURCE_DIR}/scripts/manpage.sh
  COMMENT "Generating the formfuzz man page")
add_custom_target(formfuzz_manpage ALL DEPENDS ${FF_MANPAGE}.gz)
install(FILES ${FF_MANPAGE}.gz DESTINATION share/man/man1)

# `make deb`: cpack -G DEB -B package in build/builtin -> package/formfuzz_<version>_amd64.deb.
# Depends: the packages of the shared libraries the installed programs load
# (dpkg-shlibdeps, with versions) plus, named here, what `formfuzz cc` needs
# to compile and link a harness: clang, the sanitizer runtimes, and the link
# libraries of nettle/hogweed and libsecp256k1 (formfuzz.pc's -l flags).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME formfuzz)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "coverage-guided fuzzing system: formfuzz tool, built-in engine and harness compiler")
set(CPACK_PACKAGE_CONTACT "formfuzz developers")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # formfuzz_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang, libclang-rt-dev, nettle-dev, zlib1g-dev, libsecp256k1-dev")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "pkg-config, man-db")
include(CPack)
