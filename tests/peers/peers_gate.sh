#!/usr/bin/env bash
# Runs the command given (a slow peer-engine test) only when FORMFUZZ_PEERS=1 was
# set at configure time (FF_PEERS_AT_CONFIGURE) or is set now; else exits 77,
# which ctest reports as "skipped".
if [ "${FORMFUZZ_PEERS:-}" != 1 ] && [ "${FF_PEERS_AT_CONFIGURE:-}" != 1 ]; then
  echo "skipped: set FORMFUZZ_PEERS=1 (configure or ctest time) to run this test"
  exit 77
fi
exec "$@"
