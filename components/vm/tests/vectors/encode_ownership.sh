#!/usr/bin/env bash
# Writes the signature vectors of the spec (§9, as used by
# components/vm/tests/test_signatures.c) as inputs of the vm_ownership fuzzer
# into vm_ownership/ next to this script; `formfuzz corpus seeds` picks them
# up as seeds. Run it again after changing the harness's draw order.
#
# One input = one signed "account" request whose signature bytes and recovery
# id come from the input (bend RANDOM_SIG), in the order the harness draws
# (components/vm/fuzz/ownership.c, fuzz/gen.c; byte meanings: formfuzz/input.h):
#   00 00 00 00   every test key gets an account (4 x ff_bool)
#   09            operation "account" (ff_choose of 10)
#   00 00 00      instance id, key, address spelling
#   SS            scheme: 00 = A, 01 = B (ff_bool)
#   00            signing key (unused: the signature comes from the input)
#   19            bend 25 of the weighted 26: RANDOM_SIG
#   16 x 00       nonce bytes
#   00            timestamp offset
#   r || s        64 signature bytes
#   RR            recovery id (ff_choose of 4)
#   00            scheme B only: no "0x" before the message
#   00            clock step
# The message itself is the harness's freshness message, not the spec's text:
# what a vector brings is a real signature, high-S form included.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/vm_ownership
mkdir -p "$out"

vector() { # vector NAME SCHEME(A|B) RECID SIG_HEX
  local scheme=00 tail=''
  [ "$2" = B ] && { scheme=01; tail=00; }
  printf '00000000 09 000000 %s 00 19 %s 00 %s %02x %s 00' "$scheme" "$(printf '0%.0s' {1..32})" \
    "$4" "$3" "$tail" | tr -d ' ' | xxd -r -p > "$out/$1"
}

v2_sig=149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b612ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069
v2_high_s=149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61d13a52ef17262c0baea5847b9e801941899f40933b4c052caf01f75773b120d8
v2_single=8f3dd0ac36ebdad2a25b10f71a9513cfaced8e449e1f9ce6b4c237998cb64e6161d6493ba2a46683e83c5f4cf14f4f05f05bf6856502ec1c5c7accec20696bb9
b_sig=9fa2350809aa1900792ce0ce654e09cf476b5dc99226deb48807ca38a6b19c406203970d0a4e0e09434f487f4b96a34492a2291b89e99541115f915c6efffcdb

vector spec_v2_scheme_a A 1 "$v2_sig"
vector spec_v2_high_s_scheme_a A 0 "$v2_high_s"
vector spec_v2_single_scheme_a A 1 "$v2_single"
vector spec_scheme_b B 1 "$b_sig"
vector spec_v2_high_s_scheme_b B 0 "$v2_high_s"
