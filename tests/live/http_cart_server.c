/* The HTTP/JSON test server of live_fuzz_http (libmicrohttpd, 127.0.0.1
 * only): a shop whose planted crash needs a three-request sequence. State is
 * the process's, across connections:
 *   GET  /health                       -> 200 "ok"
 *   POST /login {"user":"<1..32>"}     -> 200 {"token":"tk1","user":...}; 400 bad body
 *   POST /logout                       -> 200 {"status":"bye"}
 *   with "Authorization: Bearer tk1" after a login (else 401):
 *   POST /cart {"item":"<s>","qty":<i>} -> 201 {"cart":{"items":n,"total":t}}; 400 bad
 *                                         body; 409 when 8 items are in the cart
 *   GET  /cart                         -> 200 {"items":[{"item":..,"qty":..}],"total":t}
 *   DELETE /cart                       -> 204
 *   POST /checkout                     -> 200 {"order":{"id":n,"total":t},"status":"paid"};
 *                                         409 {"error":..} for an empty cart
 *   anything else 404, a known path with another method 405.
 * The planted crash: qty is never checked for sign, and a checkout whose total
 * is below zero aborts (login, a cart item with a negative qty, checkout).
 * --close puts "Connection: close" on every reply (the server then closes).
 * usage: http_cart_server PORT MAX_SECONDS [--close] */
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "request_body.h"

#define CART_MAX 8

static struct {
  bool logged_in, close_each;
  char items[CART_MAX][33];
  long long qty[CART_MAX];
  int n, orders;
} shop;

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *doc) {
  char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(doc);
  bool has_body = text != NULL;
  struct MHD_Response *r = MHD_create_response_from_buffer(text ? strlen(text) : 0, text ? text : (void *)"",
                                                           MHD_RESPMEM_MUST_COPY);
  free(text);
  if (!r) return MHD_NO;
  if (has_body) MHD_add_response_header(r, "Content-Type", "application/json");
  if (shop.close_each) MHD_add_response_header(r, "Connection", "close");
  enum MHD_Result ok = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result error(struct MHD_Connection *c, unsigned status, const char *why) {
  return send_json(c, status, json_pack("{s:s}", "error", why));
}

static long long total(void) {
  long long t = 0;
  for (int i = 0; i < shop.n; i++) t += shop.qty[i] * 3; /* every item costs 3 */
  return t;
}

static enum MHD_Result login(struct MHD_Connection *c, json_t *body) {
  json_t *user = json_object_get(body, "user");
  if (!json_is_string(user) || json_string_length(user) == 0 || json_string_length(user) > 32)
    return error(c, 400, "user: a string of 1 to 32 characters");
  shop.logged_in = true;
  return send_json(c, 200, json_pack("{s:s,s:O}", "token", "tk1", "user", user));
}

static enum MHD_Result cart_add(struct MHD_Connection *c, json_t *body) {
  json_t *item = json_object_get(body, "item"), *qty = json_object_get(body, "qty");
  if (!json_is_string(item) || json_string_length(item) > 32 || !json_is_integer(qty))
    return error(c, 400, "item (string) and qty (integer) required");
  if (shop.n == CART_MAX) return error(c, 409, "cart full");
  snprintf(shop.items[shop.n], sizeof shop.items[0], "%s", json_string_value(item));
  shop.qty[shop.n++] = json_integer_value(qty); /* the sign is never checked: the planted flaw */
  return send_json(c, 201, json_pack("{s:{s:i,s:I}}", "cart", "items", shop.n, "total", (json_int_t)total()));
}

static enum MHD_Result cart_list(struct MHD_Connection *c) {
  json_t *items = json_array();
  for (int i = 0; i < shop.n; i++)
    json_array_append_new(items, json_pack("{s:s,s:I}", "item", shop.items[i], "qty", (json_int_t)shop.qty[i]));
  return send_json(c, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total()));
}

static enum MHD_Result checkout(struct MHD_Connection *c) {
  if (shop.n == 0) return error(c, 409, "empty cart");
  long long t = total();
  if (t < 0) abort(); /* the planted crash: a negative total reaches the payment step */
  shop.n = 0;
  return send_json(c, 200, json_pack("{s:{s:i,s:I},s:s}", "order", "id", ++shop.orders, "total", (json_int_t)t,
                                     "status", "paid"));
}

static bool authorized(struct MHD_Connection *c) {
  const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
  return shop.logged_in && auth && strcmp(auth, "Bearer tk1") == 0;
}

static enum MHD_Result route(struct MHD_Connection *c, const char *url, const char *method, const char *data,
                             size_t len) {
  bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
  if (strcmp(url, "/health") == 0) {
    if (!get) return error(c, 405, "method not allowed");
    struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
  }
  bool is_login = strcmp(url, "/login") == 0, is_logout = strcmp(url, "/logout") == 0;
  bool is_cart = strcmp(url, "/cart") == 0, is_checkout = strcmp(url, "/checkout") == 0;
  if (!is_login && !is_logout && !is_cart && !is_checkout) return error(c, 404, "no such route");
  if (!post && !(is_cart && (get || strcmp(method, "DELETE") == 0))) return error(c, 405, "method not allowed");
  if (is_logout) {
    shop.logged_in = false;
    return send_json(c, 200, json_pack("{s:s}", "status", "bye"));
  }
  json_t *body = post && !is_checkout ? json_loadb(data ? data : "", len, 0, NULL) : NULL;
  enum MHD_Result ok;
  if (post && !is_checkout && !json_is_object(body)) ok = error(c, 400, "body: a JSON object");
  else if (is_login) ok = login(c, body);
  else if (!authorized(c)) ok = error(c, 401, "log in first");
  else if (is_checkout) ok = checkout(c);
  else if (post) ok = cart_add(c, body);
  else if (get) ok = cart_list(c);
  else {
    shop.n = 0;
    ok = send_json(c, 204, NULL);
  }
  json_decref(body);
  return ok;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *data_size, void **con_cls) {
  (void)cls, (void)version;
  ff_request_body *b = *con_cls;
  if (!b) { /* first call: headers only */
    if (!(b = calloc(1, sizeof *b))) return MHD_NO;
    *con_cls = b;
    return MHD_YES;
  }
  if (*data_size) {
    if (!ff_request_body_append(b, data, *data_size, 65536)) return MHD_NO;
    *data_size = 0;
    return MHD_YES;
  }
  if (b->too_large) return error(c, 413, "body too large");
  return route(c, url, method, b->data, b->len);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
  (void)cls, (void)c, (void)t;
  ff_request_body *b = *con_cls;
  if (b) ff_request_body_free(b), free(b);
  *con_cls = NULL;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--close") != 0) || atoi(argv[1]) <= 0 ||
      atoi(argv[1]) > 65535) {
    fprintf(stderr, "usage: http_cart_server PORT MAX_SECONDS [--close]\n");
    return 2;
  }
  shop.close_each = argc == 4;
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)atoi(argv[1]), NULL, NULL,
                                          handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                          MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                                          MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)5, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "http_cart_server: cannot listen on 127.0.0.1:%s\n", argv[1]);
    return 1;
  }
  for (int left = atoi(argv[2]) * 10; left > 0; left--) usleep(100000);
  MHD_stop_daemon(d);
  return 0;
}
