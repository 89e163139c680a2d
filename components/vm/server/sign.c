/* formfuzz-vm-sign: prints the headers of a request to formfuzz-vm signed by
 * one of the vm test keys (gen.h: key i made from seed i + 1), so a shell
 * script can talk to the server with curl: scheme A over the freshness
 * message (method, path, body hash, the wall clock, the nonce given), one
 * "Name: value" line per header. --address prints the key's address only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

static const char usage_text[] =
    "usage: formfuzz-vm-sign --key I [--nonce N] METHOD PATH [BODY]\n"
    "       formfuzz-vm-sign --key I --address\n"
    "Prints the signature headers of METHOD PATH BODY signed by vm test key I (0..3)\n"
    "at the current time with nonce N (default 1), or the key's address.\n";

int main(int argc, char **argv) {
  long key = -1, nonce = 1;
  bool address = false;
  int i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    if (strcmp(argv[i], "--address") == 0) address = true;
    else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc) key = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--nonce") == 0 && i + 1 < argc) nonce = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--help") == 0) return fputs(usage_text, stdout) == EOF;
    else break;
  }
  if (key < 0 || key >= VM_GEN_KEYS || nonce < 0 || (!address && (argc - i < 2 || argc - i > 3))) {
    fputs(usage_text, stderr);
    return 2;
  }
  if (address) {
    vm_addr a;
    vm_gen_key_addr((size_t)key, &a);
    printf("%s\n", a.hex);
    return 0;
  }
  static vm_gen_request g;
  vm_gen_request_by_key(&g, (size_t)key, argv[i], argv[i + 1], argc - i == 3 ? argv[i + 2] : "",
                        (uint64_t)time(NULL), (unsigned)nonce);
  fwrite(g.block, 1, g.block_len, stdout);
  return 0;
}
