/* infer API and billing: checked cost and charge arithmetic, private-model
 * visibility, the shapes of a completion, a chat completion and a stream, the
 * error object for each refusal, usage and the charge they cause. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "infer_api.h"

static infer_model model;
static infer_api api;

static void setup(void) {
  infer_model_init(&model, 1, 2);
  uint32_t cap[2] = {1, 3};
  infer_api_init(&api, 2, cap);
  infer_api_add_model(&api, "tiny", "formfuzz", false, 2, &model);
  infer_api_add_model(&api, "secret", "owner", true, 1, &model);
  infer_api_add_account(&api, "user", "k-user", 1000, false);
  infer_api_add_account(&api, "owner", "k-owner", 1000, false);
  infer_api_add_account(&api, "admin", "k-admin", 1000, true);
  infer_api_add_account(&api, "poor", "k-poor", 10, false);
}

static json_t *call(const char *method, const char *path, const char *key, const char *body, int *status) {
  infer_response r;
  char auth[80];
  snprintf(auth, sizeof auth, "Bearer %s", key ? key : "");
  infer_api_handle(&api, method, path, key ? auth : NULL, body, body ? strlen(body) : 0, &r);
  *status = r.status;
  json_t *doc = r.content_type && strcmp(r.content_type, "application/json") == 0 ? json_loadb(r.body, r.len, 0, NULL)
                                                                                 : json_stringn(r.body, r.len);
  infer_response_free(&r);
  return doc;
}

static const char *err_code(json_t *doc) { return json_string_value(json_object_get(json_object_get(doc, "error"), "code")); }
static const char *err_type(json_t *doc) { return json_string_value(json_object_get(json_object_get(doc, "error"), "type")); }

static void test_billing(void) {
  uint64_t cost;
  CHECK(infer_cost(3, 4, 5, &cost) == 0 && cost == 35);
  CHECK(infer_cost(UINT64_MAX, 1, 1, &cost) == -1);            /* the sum would wrap */
  CHECK(infer_cost(UINT64_MAX / 2, 1, 3, &cost) == -1);        /* the product would wrap */
  infer_account a = {.credits = 10};
  CHECK(infer_charge(&a, 11) == -1 && a.credits == 10 && a.spent == 0);
  CHECK(infer_charge(&a, 10) == 0 && a.credits == 0 && a.spent == 10);
  a.credits = 5, a.spent = UINT64_MAX - 1;
  CHECK(infer_charge(&a, 5) == -1 && a.credits == 5);
  infer_model_entry priv = {.id = "secret", .owner = "owner", .is_private = true};
  infer_account owner = {.id = "owner"}, other = {.id = "x"}, admin = {.id = "y", .admin = true};
  infer_account granted = {.id = "z", .owned_models = {"", "secret"}};
  CHECK(infer_model_visible(&priv, &owner) && infer_model_visible(&priv, &admin) && infer_model_visible(&priv, &granted));
  CHECK(!infer_model_visible(&priv, &other) && !infer_model_visible(&priv, NULL));
}

static void test_routes(void) {
  int st;
  json_t *d = call("GET", "/v1/models", "k-user", NULL, &st);
  CHECK(st == 200 && json_array_size(json_object_get(d, "data")) == 1);
  json_decref(d);
  d = call("GET", "/v1/models", "k-admin", NULL, &st);
  CHECK(st == 200 && json_array_size(json_object_get(d, "data")) == 2);
  json_decref(d);
  d = call("GET", "/v1/models/secret", "k-user", NULL, &st);
  CHECK(st == 404 && strcmp(err_code(d), "model_not_found") == 0);
  json_decref(d);
  d = call("GET", "/v1/models/secret", "k-owner", NULL, &st);
  CHECK(st == 200 && strcmp(json_string_value(json_object_get(d, "owned_by")), "owner") == 0);
  json_decref(d);
  d = call("GET", "/v1/models", NULL, NULL, &st);
  CHECK(st == 401 && strcmp(err_code(d), "invalid_api_key") == 0);
  json_decref(d);
  d = call("POST", "/v1/embeddings", "k-user", "{}", &st);
  CHECK(st == 404 && strcmp(err_code(d), "unknown_url") == 0);
  json_decref(d);
  d = call("GET", "/v1/completions", "k-user", NULL, &st);
  CHECK(st == 405);
  json_decref(d);
}

static void test_completion(void) {
  int st;
  uint64_t before = infer_api_account(&api, "user")->credits;
  json_t *d = call("POST", "/v1/completions", "k-user",
                   "{\"model\":\"tiny\",\"prompt\":[\"abc\",\"de\"],\"max_tokens\":3,\"n\":2,\"temperature\":0,"
                   "\"input_tokens\":1,\"output_tokens\":1}",
                   &st);
  REQUIRE(st == 200, "completion: %d", st);
  json_t *choices = json_object_get(d, "choices"), *u = json_object_get(d, "usage");
  CHECK(json_array_size(choices) == 4);
  for (size_t i = 0; i < 4; i++) {
    json_t *c = json_array_get(choices, i);
    CHECK(json_integer_value(json_object_get(c, "index")) == (json_int_t)i);
    CHECK(json_string_length(json_object_get(c, "text")) == 3);
    CHECK(strcmp(json_string_value(json_object_get(c, "finish_reason")), "length") == 0);
  }
  /* greedy: both choices of a prompt are equal */
  CHECK(json_equal(json_object_get(json_array_get(choices, 0), "text"), json_object_get(json_array_get(choices, 1), "text")));
  CHECK(json_integer_value(json_object_get(u, "prompt_tokens")) == 5);
  CHECK(json_integer_value(json_object_get(u, "completion_tokens")) == 12);
  CHECK(json_integer_value(json_object_get(u, "total_tokens")) == 17);
  CHECK(before - infer_api_account(&api, "user")->credits == 34); /* 17 tokens at 2, not the client's 2 */
  CHECK(strcmp(json_string_value(json_object_get(d, "object")), "text_completion") == 0);
  json_decref(d);
}

static void test_chat_and_stream(void) {
  int st;
  const char *req = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"system\",\"content\":\"be\"},"
                    "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"max_tokens\":4,"
                    "\"temperature\":0%s}";
  char body[512];
  snprintf(body, sizeof body, req, "");
  json_t *d = call("POST", "/v1/chat/completions", "k-user", body, &st);
  REQUIRE(st == 200, "chat: %d", st);
  json_t *msg = json_object_get(json_array_get(json_object_get(d, "choices"), 0), "message");
  const char *text = json_string_value(json_object_get(msg, "content"));
  CHECK(strcmp(json_string_value(json_object_get(msg, "role")), "assistant") == 0 && text && strlen(text) == 4);
  CHECK(json_integer_value(json_object_get(json_object_get(d, "usage"), "prompt_tokens")) ==
        (json_int_t)strlen("system: be\nuser: hi\nassistant:"));
  char want[8];
  snprintf(want, sizeof want, "%s", text);
  json_decref(d);
  snprintf(body, sizeof body, req, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
  d = call("POST", "/v1/chat/completions", "k-user", body, &st);
  REQUIRE(st == 200 && json_is_string(d), "stream: %d", st);
  const char *sse = json_string_value(d);
  CHECK(strncmp(sse, "data: {", 7) == 0);
  size_t n = strlen(sse);
  CHECK(n > 14 && strcmp(sse + n - 14, "data: [DONE]\n\n") == 0);
  CHECK(strstr(sse, "\"chat.completion.chunk\"") && strstr(sse, "\"finish_reason\":\"length\"") &&
        strstr(sse, "\"completion_tokens\":4"));
  char got[8] = "";
  for (const char *p = strstr(sse, "\"delta\":{\"content\":\""); p; p = strstr(p + 1, "\"delta\":{\"content\":\"")) {
    const char *c = p + 20;
    if (*c != '"' && strlen(got) < 7) strncat(got, c, *c == '\\' ? 2 : 1);
  }
  CHECK_MSG(strcmp(got, want) == 0 || strchr(want, '"') || strchr(want, '\\'), "stream \"%s\", plain \"%s\"", got, want);
  json_decref(d);
}

/* An incremental stream read only in part, then freed: the charge is the
 * prompt and the tokens produced so far, the rest of the reservation returned. */
static void test_stream_settles(void) {
  infer_account *a = infer_api_account(&api, "owner");
  uint64_t credits = a->credits, spent = a->spent;
  const char *body = "{\"model\":\"secret\",\"prompt\":\"abcd\",\"max_tokens\":20,\"n\":2,\"stream\":true}";
  infer_response r;
  infer_api_handle_incremental(&api, "POST", "/v1/completions", "Bearer k-owner", body, strlen(body), &r);
  REQUIRE(r.status == 200 && r.stream && !r.body, "stream: %d", r.status);
  CHECK(a->credits == credits - (4 + 2 * 20)); /* the worst case is reserved */
  char buf[64];
  size_t got = infer_stream_read(r.stream, buf, sizeof buf);
  CHECK(got == sizeof buf && memcmp(buf, "data: {", 7) == 0);
  infer_response_free(&r); /* the reader went away early */
  uint64_t charged = a->spent - spent;
  CHECK_MSG(charged >= 4 && charged < 4 + 2 * 20 && a->credits == credits - charged, "charged %llu",
            (unsigned long long)charged);
}

static void test_refusals(void) {
  static const struct {
    const char *body;
    int status;
    const char *param;
  } cases[] = {
      {"not json", 400, NULL},
      {"[]", 400, NULL},
      {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, "model"},
      {"{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 404, "model"},
      {"{\"model\":\"secret\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 404, "model"},
      {"{\"model\":\"tiny\",\"messages\":[]}", 400, "messages"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}", 400, "messages"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", 400, "messages"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}", 400, "max_tokens"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":9}", 400, "n"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":3}", 400, "temperature"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400, "stop"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":{}}", 400, "stream_options"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"required\"}", 400, "tool_choice"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":50}", 400, "messages"},
      {"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":8,\"max_tokens\":30}", 429, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int st;
    uint64_t before = infer_api_account(&api, "poor")->credits;
    json_t *d = call("POST", "/v1/chat/completions", "k-poor", cases[i].body, &st);
    json_t *err = json_object_get(d, "error");
    const char *param = json_string_value(json_object_get(err, "param"));
    CHECK_MSG(st == cases[i].status, "case %zu: %d, want %d", i, st, cases[i].status);
    CHECK_MSG(json_is_string(json_object_get(err, "message")) && err_type(d) && json_object_get(err, "code"),
              "case %zu: no error object", i);
    CHECK_MSG(cases[i].param ? param && strcmp(param, cases[i].param) == 0 : true, "case %zu: param %s", i,
              param ? param : "null");
    CHECK(infer_api_account(&api, "poor")->credits == before);
    json_decref(d);
  }
  int st;
  /* the private model's owner may use it */
  json_t *d = call("POST", "/v1/chat/completions", "k-owner",
                   "{\"model\":\"secret\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2}", &st);
  CHECK(st == 200);
  json_decref(d);
  char *big = malloc(INFER_API_BODY_MAX + 2);
  memset(big, ' ', INFER_API_BODY_MAX + 1);
  big[INFER_API_BODY_MAX + 1] = 0;
  d = call("POST", "/v1/completions", "k-user", big, &st);
  CHECK(st == 413);
  json_decref(d);
  free(big);
}

int main(void) {
  setup();
  test_billing();
  test_routes();
  test_completion();
  test_chat_and_stream();
  test_stream_settles();
  test_refusals();
  return check_summary("infer_test_api");
}
