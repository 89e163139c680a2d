/* formfuzz-infer: serves the OpenAI-compatible inference API (infer_api.h:
 * /v1/models, /v1/completions, /v1/chat/completions, streaming as server-sent
 * events sent token by token as they are generated) over HTTP on 127.0.0.1
 * only, with libmicrohttpd in one thread; one mutex around the API. The
 * tiny model's layers are sharded over --world in-process simnet nodes. A
 * public model and a private one (owned by the --owner-key account) are
 * served; the server stops by itself after --max-time seconds. */
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fileio.h"
#include "infer_api.h"
#include "loopback_http.h"
#include "request_body.h"

static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct upload {
  ff_request_body body;
} upload;

static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  pthread_mutex_lock(&api_lock);
  size_t n = infer_stream_read(cls, buf, max);
  pthread_mutex_unlock(&api_lock);
  return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

static void free_events(void *cls) { /* also when the client went away: settles the charge */
  pthread_mutex_lock(&api_lock);
  infer_stream_free(cls);
  pthread_mutex_unlock(&api_lock);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *data_size, void **con_cls) {
  (void)version;
  infer_api *api = cls;
  upload *u = *con_cls;
  if (!u) {
    u = calloc(1, sizeof *u);
    if (!u) return MHD_NO;
    *con_cls = u;
    return MHD_YES;
  }
  if (*data_size) { /* body chunks */
    if (!ff_request_body_append(&u->body, data, *data_size, INFER_API_BODY_MAX)) return MHD_NO;
    *data_size = 0;
    return MHD_YES;
  }
  infer_response r;
  const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
  pthread_mutex_lock(&api_lock);
  api->now = (int64_t)time(NULL);
  infer_api_handle_incremental(api, method, url, auth, u->body.too_large ? NULL : u->body.data,
                               u->body.too_large ? INFER_API_BODY_MAX + 1 : u->body.len, &r);
  pthread_mutex_unlock(&api_lock);
  struct MHD_Response *resp;
  if (r.stream) { /* events are generated as libmicrohttpd asks for them */
    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_events, r.stream, free_events);
    if (!resp) free_events(r.stream);
    r.stream = NULL;
  } else {
    resp = MHD_create_response_from_buffer(r.len, r.body ? r.body : (void *)"", MHD_RESPMEM_MUST_COPY);
  }
  infer_response_free(&r);
  if (!resp) return MHD_NO;
  if (r.content_type) MHD_add_response_header(resp, "Content-Type", r.content_type);
  if (r.content_type && strcmp(r.content_type, "text/event-stream") == 0)
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)r.status, resp);
  MHD_destroy_response(resp);
  return ok;
}

static const char usage_text[] =
    "usage: formfuzz-infer --port N --api-key K [--owner-key K] [--world N] [--layers L]\n"
    "                      [--seed S | --weights FILE] [--credits C] [--max-time S]\n"
    "       formfuzz-infer --save-weights FILE [--layers L] [--seed S]\n"
    "Serves an OpenAI-compatible API (GET /v1/models, GET /v1/models/{id},\n"
    "POST /v1/completions, POST /v1/chat/completions, \"stream\": true for SSE) on\n"
    "127.0.0.1:N with a tiny transformer sharded over in-process nodes; stops by itself.\n"
    "Models: formfuzz-tiny (public) and formfuzz-tiny-private (the --owner-key account's).\n"
    "  --port N        TCP port on 127.0.0.1 (1..65535)\n"
    "  --api-key K     bearer key of the account \"user\"\n"
    "  --owner-key K   bearer key of the account \"owner\", which owns the private model\n"
    "  --world N       in-process nodes the layers are sharded over (1..16, default 3)\n"
    "  --layers L      transformer layers (1..8, default 4)\n"
    "  --seed S        weight seed (default 1)\n"
    "  --weights FILE  read the weights from a safetensors file instead\n"
    "  --save-weights FILE  write the seed's weights as safetensors (atomically) and exit\n"
    "  --credits C     each account's credits; a token costs 1 (default 1000000)\n"
    "  --max-time S    stop after S seconds (default 300)\n"
    "  --help          show this help\n";

static int usage(void) {
  fputs(usage_text, stderr);
  return 2;
}

int main(int argc, char **argv) {
  long port = 0, max_time = 300, world = 3, layers = INFER_DEFAULT_LAYERS;
  unsigned long long seed = 1, credits = 1000000;
  const char *key = NULL, *owner_key = NULL, *weights = NULL, *save = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage();
    if (strcmp(argv[i], "--port") == 0) port = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--api-key") == 0) key = argv[++i];
    else if (strcmp(argv[i], "--owner-key") == 0) owner_key = argv[++i];
    else if (strcmp(argv[i], "--world") == 0) world = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--layers") == 0) layers = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--credits") == 0) credits = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--max-time") == 0) max_time = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--weights") == 0) weights = argv[++i];
    else if (strcmp(argv[i], "--save-weights") == 0) save = argv[++i];
    else return usage();
  }
  static infer_model model;
  if (save) {
    if (layers < 1 || layers > INFER_MAX_LAYERS) return usage();
    infer_model_init(&model, seed, (int)layers);
    size_t len;
    uint8_t *file = infer_safetensors_write(&model, &len);
    if (!file || ff_write_atomic(save, file, len) != 0) {
      fprintf(stderr, "formfuzz-infer: cannot write %s: %s\n", save, strerror(errno));
      free(file);
      return 1;
    }
    free(file);
    return 0;
  }
  if (port <= 0 || port > 65535 || !key || max_time <= 0 || world < 1 || world > INFER_MAX_WORLD || layers < 1 ||
      layers > INFER_MAX_LAYERS)
    return usage();
  static infer_api api;
  if (weights) {
    uint8_t *file;
    size_t len;
    char err[256];
    const char *why = "";
    if (ff_read_file(weights, 4u << 20, &file, &len, err, sizeof err) != 0) {
      fprintf(stderr, "formfuzz-infer: %s\n", err);
      return 1;
    }
    int rc = infer_safetensors_read(&model, file, len, &why);
    free(file);
    if (rc != 0) {
      fprintf(stderr, "formfuzz-infer: %s is not a formfuzz-infer safetensors file: %s\n", weights, why);
      return 1;
    }
    layers = model.n_layers;
  } else {
    infer_model_init(&model, seed, (int)layers);
  }
  infer_api_init(&api, (int)world, NULL);
  if (infer_api_add_account(&api, "user", key, credits, false) < 0 ||
      (owner_key && infer_api_add_account(&api, "owner", owner_key, credits, false) < 0)) {
    fprintf(stderr, "formfuzz-infer: keys must be 1..63 bytes\n");
    return 2;
  }
  infer_api_add_model(&api, "formfuzz-tiny", "formfuzz", false, 1, &model);
  infer_api_add_model(&api, "formfuzz-tiny-private", "owner", true, 1, &model);
  char detail[96];
  snprintf(detail, sizeof detail, " (%ld layers over %ld nodes)", layers, world);
  ff_loopback_http http = {.name = "formfuzz-infer", .port = port, .max_time = max_time, .detail = detail,
                           .handler = handler, .handler_cls = &api, .body_offset = offsetof(upload, body)};
  return ff_loopback_http_run(&http);
}
