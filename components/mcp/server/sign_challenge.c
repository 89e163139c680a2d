/* mcp-sign-challenge: the client side of an MCP login, for the live test:
 * reads a challenge on stdin and prints "<address> <signature>" for the test
 * key of the given seed (ff_keypair_from_seed), the signature being the
 * scheme-A "<hex r||s>.<recid>" of the challenge (mcp_login_signature). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

int main(int argc, char **argv) {
  if (argc != 2 || strcmp(argv[1], "--help") == 0) {
    fputs("usage: mcp-sign-challenge SEED < challenge\n"
          "Prints the address of test key SEED and its login signature of the challenge.\n",
          argc == 2 ? stdout : stderr);
    return argc == 2 ? 0 : 2;
  }
  char challenge[MCP_CHALLENGE_MAX];
  size_t n = fread(challenge, 1, sizeof challenge - 1, stdin);
  while (n && challenge[n - 1] == '\n') n--; /* the shell's trailing newline */
  challenge[n] = 0;
  ff_keypair kp;
  ff_keypair_from_seed(&kp, strtoull(argv[1], NULL, 10));
  char addr[41], sig[140];
  ff_address_hex(kp.addr, addr);
  mcp_login_signature(&kp, challenge, sig);
  printf("%s %s\n", addr, sig);
  return 0;
}
