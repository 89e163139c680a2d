/* Shared inside the API (api.c, api_stream.c): a parsed generation request,
 * a choice being generated, and the JSON and server-sent-event builders. */
#ifndef INFER_API_INTERNAL_H
#define INFER_API_INTERNAL_H

#include <jansson.h>

#include "infer_api.h"

/* ---- a parsed generation request ---- */
typedef struct gen_request {
  bool chat, stream, include_usage, echo;
  infer_model_entry *model;
  int n, max_tokens; /* max_tokens 0: the default */
  int n_stop;
  char stop[INFER_API_MAX_STOP][INFER_API_STOP_LEN + 1];
  infer_sampling sampling;
  int n_prompts;
  uint8_t prompt[INFER_API_MAX_PROMPTS][INFER_CTX];
  int prompt_len[INFER_API_MAX_PROMPTS];
  uint64_t client_in, client_out; /* Formation's client-supplied counts; never billed */
} gen_request;

/* ---- generation ---- */
typedef struct choice {
  uint8_t text[INFER_CTX + 1];
  int len, produced;
  bool stopped;
  const gen_request *g;
} choice;

void api_respond_json(infer_response *r, int status, json_t *doc);
void api_respond_error(infer_response *r, int status, const char *type, const char *param, const char *code,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The token callback of a choice: appends, and ends the choice at a stop sequence. */
bool api_on_token(void *ctx, int token);
json_t *api_text_json(const uint8_t *text, int len);
json_t *api_usage_json(uint64_t prompt, uint64_t completion);
/* {id, object, created, model}: a completion, or a chunk of one. */
json_t *api_envelope(const infer_api *api, const gen_request *g, const char *id, bool chunk);
/* A chunk envelope holding choices (taken). */
json_t *api_chunk(const infer_api *api, const gen_request *g, const char *id, json_t *choices);
/* Appends "data: <doc>\n\n" (doc taken; NULL: [DONE]) to a growing buffer. */
void api_sse_add(char **buf, size_t *len, size_t *cap, json_t *doc);
/* Opens the event stream of a validated request (its worst cost already
 * checked): reserves that cost; r gets 200 and the stream, or an error. */
void api_open_stream(infer_api *api, infer_account *a, const gen_request *g, uint64_t prompt_tokens,
                     uint64_t reserve, infer_response *r);

#endif
