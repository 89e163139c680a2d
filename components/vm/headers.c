/* The request's HTTP header block, as the server receives it: lines
 * "Name: value" ending in CRLF (or LF). Names compare case-insensitively,
 * optional whitespace around a value is dropped, and the first of repeated
 * headers is the one used. The headers the core reads are kept (the
 * signature headers of schemes A and B, and the two that real middleware
 * wrongly trusts: X-Forwarded-For and Host). A value holding a byte outside
 * visible ASCII, space and tab, or too long for its buffer, is marked
 * malformed; a malformed signature header fails authentication with 400
 * InvalidFormat (§1.1, request.c). */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "vm.h"

typedef struct slot {
  const char *name;
  size_t offset, cap;
  unsigned bit;
} slot;

static const slot SLOTS[] = {
    {"Authorization", offsetof(vm_headers, authorization), sizeof(((vm_headers *)0)->authorization),
     VM_HDR_AUTHORIZATION},
    {"X-Signature", offsetof(vm_headers, x_signature), sizeof(((vm_headers *)0)->x_signature),
     VM_HDR_X_SIGNATURE},
    {"X-Recovery-Id", offsetof(vm_headers, x_recovery_id), sizeof(((vm_headers *)0)->x_recovery_id),
     VM_HDR_X_RECOVERY_ID},
    {"X-Message", offsetof(vm_headers, x_message), sizeof(((vm_headers *)0)->x_message),
     VM_HDR_X_MESSAGE},
    {"X-Forwarded-For", offsetof(vm_headers, x_forwarded_for),
     sizeof(((vm_headers *)0)->x_forwarded_for), VM_HDR_X_FORWARDED_FOR},
    {"Host", offsetof(vm_headers, host), sizeof(((vm_headers *)0)->host), VM_HDR_HOST},
};

static bool ows(char c) { return c == ' ' || c == '\t'; }

static bool value_bytes_ok(const char *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((v[i] >= 0x20 && v[i] <= 0x7e) || v[i] == '\t')) return false;
  return true;
}

static void keep(vm_headers *h, const slot *s, const char *v, size_t n) {
  char *dst = (char *)h + s->offset;
  h->present |= s->bit;
  if (n >= s->cap || !value_bytes_ok(v, n)) {
    h->malformed |= s->bit;
    dst[0] = '\0';
    return;
  }
  memcpy(dst, v, n);
  dst[n] = '\0';
}

static void read_line(vm_headers *h, const char *line, size_t n) {
  const char *colon = memchr(line, ':', n);
  if (!colon) return; /* not a header line: ignored, as an HTTP parser would refuse it earlier */
  size_t name_len = (size_t)(colon - line);
  const char *v = colon + 1, *end = line + n;
  while (v < end && ows(*v)) v++;
  while (end > v && ows(end[-1])) end--;
  for (size_t i = 0; i < sizeof SLOTS / sizeof SLOTS[0]; i++) {
    const slot *s = &SLOTS[i];
    if (strlen(s->name) != name_len || strncasecmp(s->name, line, name_len) != 0) continue;
    if (!(h->present & s->bit)) keep(h, s, v, (size_t)(end - v));
    return;
  }
}

void vm_headers_read(const char *block, size_t len, vm_headers *h) {
  memset(h, 0, sizeof *h);
  size_t start = 0;
  while (start < len) {
    const char *nl = memchr(block + start, '\n', len - start);
    size_t stop = nl ? (size_t)(nl - block) : len;
    size_t n = stop - start;
    if (n > 0 && block[start + n - 1] == '\r') n--;
    read_line(h, block + start, n);
    start = stop + 1;
  }
}

static const char *value(const vm_headers *h, unsigned bit, const char *v) {
  return (h->present & bit) ? v : NULL;
}

void vm_request_set_headers(vm_request *req, const vm_headers *h) {
  req->authorization = value(h, VM_HDR_AUTHORIZATION, h->authorization);
  req->scheme_b.x_signature = value(h, VM_HDR_X_SIGNATURE, h->x_signature);
  req->scheme_b.x_recovery_id = value(h, VM_HDR_X_RECOVERY_ID, h->x_recovery_id);
  req->scheme_b.x_message = value(h, VM_HDR_X_MESSAGE, h->x_message);
  req->x_forwarded_for = value(h, VM_HDR_X_FORWARDED_FOR, h->x_forwarded_for);
  req->host = value(h, VM_HDR_HOST, h->host);
  req->malformed_headers = h->malformed;
}
