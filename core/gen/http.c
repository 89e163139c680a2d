/* HTTP/1.1 requests for a given method, host, path and body: valid framings,
 * then one defect at a time, then hostile sizes and smuggling. A plan says
 * what to write; the writer renders it. See include/formfuzz/gen_http.h. */
#include <string.h>

#include "formfuzz/gen_http.h"

typedef enum framing { FRAME_NONE, FRAME_LENGTH, FRAME_CHUNKED } framing;

typedef struct http_plan {
  const char *name;
  bool valid;
  unsigned quirks;
  const char *method;
  /* request line */
  bool absolute_form, asterisk;
  const char *target_insert; /* bytes put inside the target */
  size_t query_pad;          /* "?" and this many 'A's after the path */
  const char *version;
  const char *eol;
  /* headers */
  bool lower_names, no_space_after_colon, host_missing, host_twice, space_before_colon, obs_fold, nul_in_value;
  const char *bad_header; /* a whole raw header line (with its line end) */
  size_t big_header;      /* length of an X-Big value */
  size_t many_headers;    /* number of extra X-Pad headers */
  /* framing */
  framing frame;
  const char *length_text; /* Content-Length value instead of the body length */
  bool length_twice, length_and_chunked, length_leading_zeros;
  const char *te_text; /* Transfer-Encoding value */
  bool chunk_upper, chunk_ext, trailer, one_byte_chunks, chunk_leading_zeros, no_last_chunk;
  const char *bad_chunk_size;
  bool smuggle;
} http_plan;

enum {
  V_LENGTH, V_CHUNKED, V_LOWER_NAMES, V_NO_SPACE, V_CHUNK_EXT, V_TRAILER,
  VALID_END,
  N_LENGTH_AND_CHUNKED = VALID_END, N_LENGTH_TWICE, N_LENGTH_MISMATCH, N_OBS_FOLD, N_SPACE_BEFORE_COLON,
  N_BAD_CHUNK_SIZE, N_NO_LAST_CHUNK, N_BARE_LF, N_NO_HOST, N_HOST_TWICE, N_BAD_HEADER_NAME, N_BAD_HEADER_VALUE,
  N_BAD_TARGET, N_BAD_VERSION, N_CODING_NOT_CHUNKED, N_CHUNKED_TWICE,
  NEAR_END,
  H_LONG_TARGET = NEAR_END, H_BIG_HEADER, H_MANY_HEADERS, H_HUGE_LENGTH, H_SIGNED_LENGTH, H_LENGTH_LEADING_ZEROS,
  H_CODING_CASE, H_ONE_BYTE_CHUNKS, H_SMUGGLE, H_NUL, H_ABSOLUTE_FORM, H_ASTERISK,
  HOSTILE_END
};

/* How much of the buffer a hostile size may take: half of what is left. */
static size_t hostile_size(ff_input *in, const ff_buf *out, size_t lo, size_t unit) {
  size_t fit = ff_buf_room(out) / 2 / unit, n = (size_t)ff_range(in, lo, 1u << 20);
  return n < fit ? n : fit;
}

static void plan_variant(ff_input *in, int v, const ff_http_request_spec *spec, const ff_buf *out, http_plan *p) {
  static const char *const BAD_NAMES[] = {"X Bad: 1\r\n", "X\x01: 1\r\n", "X(: 1\r\n", ": empty\r\n", "X\xC3\xA9: 1\r\n"};
  static const char *const BAD_VALUES[] = {"X-Bad: a\rb\r\n", "X-Bad: a\nb\r\n", "X-Bad: a\177b\r\n"};
  static const char *const BAD_SIZES[] = {"zz", "-1", "0x10", "ffffffffffffffffff", " 5", "5 "};
  static const char *const BAD_VERSIONS[] = {"http/1.1", "HTTP/11", "HTTP/1.1 ", "HTTP/1", "HTTP /1.1"};
  static const char *const BAD_TARGET_BYTES[] = {" ", "\xff", "\t", "\x01"};
  p->valid = v < VALID_END;
  switch (v) {
  case V_LENGTH: p->name = "Content-Length"; break;
  case V_CHUNKED: p->name = "chunked"; p->frame = FRAME_CHUNKED; p->chunk_upper = ff_bool(in); break;
  case V_LOWER_NAMES: p->name = "lowercase header names"; p->lower_names = true; break;
  case V_NO_SPACE: p->name = "no space after colons"; p->no_space_after_colon = true; p->quirks |= FF_HTTP_Q_ODD_FORM; break;
  case V_CHUNK_EXT: p->name = "chunk extensions"; p->frame = FRAME_CHUNKED; p->chunk_ext = true; break;
  case V_TRAILER: p->name = "chunked with a trailer"; p->frame = FRAME_CHUNKED; p->trailer = true; break;
  case N_LENGTH_AND_CHUNKED: p->name = "Content-Length and Transfer-Encoding"; p->frame = FRAME_CHUNKED; p->length_and_chunked = true; break;
  case N_LENGTH_TWICE: p->name = "two different Content-Lengths"; p->length_twice = true; break;
  case N_LENGTH_MISMATCH:
    p->name = "Content-Length not the body's";
    p->length_text = spec->body_len > 0 && ff_bool(in) ? "0" : "100000";
    break;
  case N_OBS_FOLD: p->name = "obs-fold"; p->obs_fold = true; break;
  case N_SPACE_BEFORE_COLON: p->name = "space before a colon"; p->space_before_colon = true; break;
  case N_BAD_CHUNK_SIZE: p->name = "bad chunk size"; p->frame = FRAME_CHUNKED; p->bad_chunk_size = FF_PICK(in, BAD_SIZES); break;
  case N_NO_LAST_CHUNK: p->name = "no last chunk"; p->frame = FRAME_CHUNKED; p->no_last_chunk = true; break;
  case N_BARE_LF: p->name = "bare LF line ends"; p->eol = "\n"; break;
  case N_NO_HOST: p->name = "no Host"; p->host_missing = true; break;
  case N_HOST_TWICE: p->name = "Host twice"; p->host_twice = true; break;
  case N_BAD_HEADER_NAME: p->name = "bad header name"; p->bad_header = FF_PICK(in, BAD_NAMES); break;
  case N_BAD_HEADER_VALUE: p->name = "bad header value"; p->bad_header = FF_PICK(in, BAD_VALUES); break;
  case N_BAD_TARGET: p->name = "bad byte in the target"; p->target_insert = FF_PICK(in, BAD_TARGET_BYTES); break;
  case N_BAD_VERSION: p->name = "bad version"; p->version = FF_PICK(in, BAD_VERSIONS); break;
  case N_CODING_NOT_CHUNKED: p->name = "coding other than chunked last"; p->frame = FRAME_CHUNKED; p->te_text = ff_bool(in) ? "gzip" : "chunked, gzip"; break;
  case N_CHUNKED_TWICE: p->name = "chunked twice"; p->frame = FRAME_CHUNKED; p->te_text = "chunked, chunked"; break;
  case H_LONG_TARGET:
    p->name = "huge request line";
    p->query_pad = hostile_size(in, out, 8192, 1);
    p->valid = true, p->quirks |= FF_HTTP_Q_OVERSIZED;
    break;
  case H_BIG_HEADER:
    p->name = "huge header";
    p->big_header = hostile_size(in, out, 8192, 1);
    p->valid = true, p->quirks |= FF_HTTP_Q_OVERSIZED;
    break;
  case H_MANY_HEADERS:
    p->name = "many headers";
    p->many_headers = hostile_size(in, out, 100, 12);
    p->valid = true, p->quirks |= FF_HTTP_Q_OVERSIZED;
    break;
  case H_HUGE_LENGTH: p->name = "huge Content-Length"; p->length_text = ff_bool(in) ? "99999999999999999999" : "18446744073709551617"; break;
  case H_SIGNED_LENGTH: p->name = "signed Content-Length"; p->length_text = ff_bool(in) ? "-1" : "+0"; break;
  case H_LENGTH_LEADING_ZEROS: p->name = "Content-Length with leading zeros"; p->length_leading_zeros = true; p->valid = true, p->quirks |= FF_HTTP_Q_ODD_FORM; break;
  case H_CODING_CASE: p->name = "Transfer-Encoding: ChUnKeD"; p->frame = FRAME_CHUNKED; p->te_text = "ChUnKeD"; p->valid = true; break;
  case H_ONE_BYTE_CHUNKS: p->name = "one-byte chunks with padded sizes"; p->frame = FRAME_CHUNKED; p->one_byte_chunks = p->chunk_leading_zeros = true; p->valid = true; break;
  case H_SMUGGLE: p->name = "a second request behind the body"; p->smuggle = true; break;
  case H_NUL: p->name = "NUL in a header value"; p->nul_in_value = true; break;
  case H_ABSOLUTE_FORM: p->name = "absolute-form target"; p->absolute_form = true; p->valid = true, p->quirks |= FF_HTTP_Q_ODD_FORM; break;
  default: p->name = "asterisk-form target"; p->asterisk = true; break;
  }
}

static void header(const http_plan *p, ff_buf *out, const char *name, const char *lower, const char *value) {
  ff_buf_puts(out, p->lower_names ? lower : name);
  ff_buf_puts(out, p->no_space_after_colon ? ":" : ": ");
  ff_buf_puts(out, value);
  ff_buf_puts(out, p->eol);
}

static void write_target(const http_plan *p, const ff_http_request_spec *spec, ff_buf *out) {
  if (p->asterisk) {
    ff_buf_putc(out, '*');
    return;
  }
  if (p->absolute_form) {
    ff_buf_puts(out, "http://");
    ff_buf_puts(out, spec->host);
  }
  const char *path = spec->path && *spec->path ? spec->path : "/";
  size_t n = strlen(path);
  if (p->target_insert) {
    ff_buf_put(out, path, n / 2 + 1 > n ? n : n / 2 + 1);
    ff_buf_puts(out, p->target_insert);
    if (n / 2 + 1 < n) ff_buf_puts(out, path + n / 2 + 1);
  } else {
    ff_buf_puts(out, path);
  }
  if (p->query_pad) {
    ff_buf_putc(out, strchr(path, '?') ? '&' : '?');
    ff_buf_repeat(out, 'A', p->query_pad);
  }
}

static void write_headers(const http_plan *p, const ff_http_request_spec *spec, ff_buf *out) {
  if (!p->host_missing) {
    if (p->space_before_colon) {
      ff_buf_puts(out, "Host : ");
      ff_buf_puts(out, spec->host);
      ff_buf_puts(out, p->eol);
    } else {
      header(p, out, "Host", "host", spec->host);
    }
  }
  if (p->host_twice) header(p, out, "Host", "host", "evil.example");
  header(p, out, "User-Agent", "user-agent", "formfuzz");
  if (p->obs_fold) {
    ff_buf_puts(out, "X-Folded: first");
    ff_buf_puts(out, p->eol);
    ff_buf_puts(out, " second");
    ff_buf_puts(out, p->eol);
  }
  if (p->bad_header) ff_buf_puts(out, p->bad_header);
  if (p->nul_in_value) ff_buf_put(out, "X-Nul: a\0b\r\n", 12);
  if (p->big_header) {
    ff_buf_puts(out, "X-Big: ");
    ff_buf_repeat(out, 'a', p->big_header);
    ff_buf_puts(out, p->eol);
  }
  for (size_t i = 0; i < p->many_headers; i++) header(p, out, "X-Pad", "x-pad", "1");
  if (spec->headers) ff_buf_puts(out, spec->headers);
}

static void write_length(const http_plan *p, const ff_http_request_spec *spec, ff_buf *out) {
  char len[32];
  if (p->length_text) {
    header(p, out, "Content-Length", "content-length", p->length_text);
    return;
  }
  ff_buf tmp;
  ff_buf_init(&tmp, len, sizeof len);
  ff_buf_printf(&tmp, p->length_leading_zeros ? "000%zu" : "%zu", spec->body_len);
  header(p, out, "Content-Length", "content-length", len);
  if (p->length_twice) {
    ff_buf_reset(&tmp);
    ff_buf_printf(&tmp, "%zu", spec->body_len + 1);
    header(p, out, "Content-Length", "content-length", len);
  }
}

static void write_chunks(ff_input *in, const http_plan *p, const ff_http_request_spec *spec, ff_buf *out) {
  size_t off = 0;
  bool first = true;
  while (off < spec->body_len) {
    size_t n = p->one_byte_chunks ? 1 : (size_t)ff_range(in, 1, spec->body_len - off);
    if (first && p->bad_chunk_size) ff_buf_puts(out, p->bad_chunk_size);
    else ff_buf_printf(out, p->chunk_leading_zeros ? "000%zx" : p->chunk_upper ? "%zX" : "%zx", n);
    if (p->chunk_ext) ff_buf_puts(out, ";name=value;flag");
    ff_buf_puts(out, p->eol);
    ff_buf_put(out, spec->body + off, n);
    ff_buf_puts(out, p->eol);
    off += n;
    first = false;
  }
  if (first && p->bad_chunk_size) { /* no body: the bad size goes on a one-byte chunk */
    ff_buf_puts(out, p->bad_chunk_size);
    ff_buf_puts(out, p->eol);
    ff_buf_puts(out, "x");
    ff_buf_puts(out, p->eol);
  }
  if (p->no_last_chunk) {
    if (first && !p->bad_chunk_size) ff_buf_puts(out, "1\r\nx\r\n"); /* an empty body still needs a chunk to leave open */
    return;
  }
  ff_buf_puts(out, p->chunk_leading_zeros ? "000" : "0");
  ff_buf_puts(out, p->eol);
  if (p->trailer) {
    ff_buf_puts(out, "X-Trailer: done");
    ff_buf_puts(out, p->eol);
  }
  ff_buf_puts(out, p->eol);
}

bool ff_gen_http_request(ff_input *in, ff_gen_mode mode, const ff_http_request_spec *spec, ff_buf *out,
                         ff_http_info *info) {
  static const char *const METHODS[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
  http_plan p;
  memset(&p, 0, sizeof p);
  p.version = "HTTP/1.1";
  p.eol = "\r\n";
  p.frame = spec->body_len ? FRAME_LENGTH : FRAME_NONE;
  p.method = spec->method ? spec->method : FF_PICK(in, METHODS);
  int v;
  switch (ff_gen_resolve_mode(in, mode)) {
  case FF_GEN_VALID: v = (int)ff_choose(in, VALID_END); break;
  case FF_GEN_NEAR: v = VALID_END + (int)ff_choose(in, NEAR_END - VALID_END); break;
  default: v = NEAR_END + (int)ff_choose(in, HOSTILE_END - NEAR_END); break;
  }
  plan_variant(in, v, spec, out, &p);
  if (p.frame == FRAME_NONE && (p.length_text || p.length_twice || p.length_leading_zeros || p.smuggle ||
                                (v == V_LENGTH && ff_bool(in))))
    p.frame = FRAME_LENGTH; /* the variant is about the length, even of an empty body */
  if (p.frame == FRAME_CHUNKED) p.quirks |= FF_HTTP_Q_CHUNKED;
  ff_note(in, "http request: %s", p.name);

  ff_buf_puts(out, p.method);
  ff_buf_putc(out, ' ');
  write_target(&p, spec, out);
  ff_buf_putc(out, ' ');
  ff_buf_puts(out, p.version);
  ff_buf_puts(out, p.eol);
  write_headers(&p, spec, out);
  if (p.frame == FRAME_LENGTH || p.length_and_chunked) write_length(&p, spec, out);
  if (p.frame == FRAME_CHUNKED) header(&p, out, "Transfer-Encoding", "transfer-encoding", p.te_text ? p.te_text : "chunked");
  ff_buf_puts(out, p.eol);
  if (p.frame == FRAME_CHUNKED) write_chunks(in, &p, spec, out);
  else if (spec->body_len) ff_buf_put(out, spec->body, spec->body_len);
  if (p.smuggle) ff_buf_puts(out, "GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n");

  bool valid = p.valid && !out->overflow;
  if (info) {
    info->expected_valid = valid;
    info->quirks = p.quirks;
    info->variant = p.name;
    info->method = p.method;
  }
  return valid;
}
