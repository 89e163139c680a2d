/* libFuzzer-ABI harness of ours for ldns (which ships none): the first byte
 * picks the parser, the rest is its input.
 *   odd first byte:  DNS wire format -> ldns_wire2pkt; a packet that parses
 *                    is printed (ldns_pkt2str) and written back (ldns_pkt2wire)
 *   even first byte: a zone file -> ldns_zone_new_frm_fp_l (origin example.,
 *                    TTL 3600, class IN); a zone that parses is sorted and
 *                    printed (ldns_rr_list2str) */
#define _GNU_SOURCE /* fmemopen */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <ldns/ldns.h>

static void fuzz_wire(const uint8_t *data, size_t size) {
  ldns_pkt *pkt = NULL;
  if (ldns_wire2pkt(&pkt, data, size) != LDNS_STATUS_OK) return;
  char *text = ldns_pkt2str(pkt);
  free(text);
  uint8_t *wire = NULL;
  size_t wire_size = 0;
  if (ldns_pkt2wire(&wire, pkt, &wire_size) == LDNS_STATUS_OK) free(wire);
  ldns_pkt_free(pkt);
}

static void fuzz_zone(const uint8_t *data, size_t size) {
  if (size == 0) return;
  FILE *f = fmemopen((void *)data, size, "r");
  if (!f) return;
  ldns_rdf *origin = ldns_dname_new_frm_str("example.");
  ldns_zone *zone = NULL;
  int line = 0;
  if (ldns_zone_new_frm_fp_l(&zone, f, origin, 3600, LDNS_RR_CLASS_IN, &line) == LDNS_STATUS_OK) {
    ldns_zone_sort(zone);
    char *text = ldns_rr_list2str(ldns_zone_rrs(zone));
    free(text);
    ldns_zone_deep_free(zone);
  }
  ldns_rdf_deep_free(origin);
  fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (data[0] & 1)
    fuzz_wire(data + 1, size - 1);
  else
    fuzz_zone(data + 1, size - 1);
  return 0;
}
