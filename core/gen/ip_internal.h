/* Address drawing and writing shared by ip.c (addresses) and cidr.c (blocks). */
#ifndef FORMFUZZ_GEN_IP_INTERNAL_H
#define FORMFUZZ_GEN_IP_INTERNAL_H

#include "formfuzz/gen_ip.h"

/* An address of the family: a special range or anything (prefix -1). */
void ip_draw_value(ff_input *in, ff_ip_family family, ff_ip_value *v);
void ip_write_v4(ff_buf *out, const uint8_t a[4]);
/* One of the valid IPv6 text forms (sets FF_IP_Q_V4_MAPPED for a dotted tail). */
void ip_write_v6(ff_input *in, ff_buf *out, const uint8_t a[16], unsigned *quirks);
/* Draws an address and writes it in a valid form. */
void ip_write_any(ff_input *in, ff_ip_family family, ff_buf *out, ff_ip_value *v, unsigned *quirks);

#endif
