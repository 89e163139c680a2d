#!/usr/bin/env bash
# Writes the vectors of components/vm/tests/test_lifecycle.c (the spec's §3.5
# instance-id vector V5 and the VM-name cases) as inputs of the vm_lifecycle
# fuzzer into vm_lifecycle/ next to this script; `formfuzz corpus seeds`
# picks them up as seeds. Run it again when the harness's draw order changes
# (components/vm/fuzz/lifecycle.c; byte meanings: include/formfuzz/input.h).
#
# Input layout (what the harness draws, in order):
#   00        no fault bytes (a length byte: the storage fault plan's bytes follow)
#   LL c...   build id: length (one byte, mod 130), then one byte per
#             character, an index into "0123456789abcdefABX"
#   LL c...   node id: the same with "0123456789abcdef"
#   01 LL c.. VM name spelled from "abz09-_./\A" (01: ff_bool true), or
#   00 PP     name PP of the list {"my-agent", "vm-0", "web.1", "a"}
#   (rest)    lifecycle commands; none here: the input ends, draws read 0
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/vm_lifecycle
mkdir -p "$out"

spell() { # spell ALPHABET TEXT: length byte, then each character's index (hex)
  local alphabet=$1 text=$2 i c rest
  printf '%02x' "${#text}"
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    rest=${alphabet%%"$c"*}
    [ "$rest" != "$alphabet" ] || { echo "'$c' is not in '$alphabet'" >&2; exit 1; }
    printf '%02x' "${#rest}"
  done
}
build_ids() { printf '00'; spell 0123456789abcdefABX "$1"; spell 0123456789abcdef "$2"; }
named() { printf '01'; spell 'abz09-_./\A' "$1"; }
write() { xxd -r -p > "$out/$1"; }

# V5: build id of owner 2c7536e3... and "my-agent", node id, instance id f53f324c... (§3.5)
{ build_ids f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8 \
    0123456789abcdef0123456789abcdef01234567; printf '0000'; } | write spec_v5_instance_id
{ build_ids abcd 0123456789abcdef0123456789abcdef01234567; printf '0000'; } | write short_build_id
# names: empty, 63 and 64 characters, "a..b" as in the test; "../x" of the test
# spelled with the harness's alphabet as "../a"
a63=$(printf 'a%.0s' {1..63})
{ build_ids '' ''; named ''; } | write name_empty
{ build_ids '' ''; named "$a63"; } | write name_63
{ build_ids '' ''; named "${a63}a"; } | write name_64
{ build_ids '' ''; named 'a..b'; } | write name_dotdot
{ build_ids '' ''; named '../a'; } | write name_parent_dir
