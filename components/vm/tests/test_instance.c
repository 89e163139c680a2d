/* The Instance JSON (§2.3) read as serde reads it (§0.3: no serde defaults,
 * Options may be null or missing, unknown fields ignored, integer ranges,
 * IpAddr text, the status names, not JSON 400, wrong shape 422) and written
 * as serde writes it; the instance routes of §2.5 through vm_http_respond:
 * create (201, owner = signer, status Created, 409, 404, 400; a failed
 * storage write 500 with the store untouched), get, update
 * (owner or network admin only; the status and owner stay), list and
 * get_by_build_id (what the signer holds a level on; everything for a
 * network admin). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "formfuzz/fault.h"
#include "gen.h"

#define NOW 1700000000
#define NETWORK_ADMIN 3

static char canonical[2048];

/* The canonical body of instance id, instance_owner "", status Created. */
static const char *canonical_of(const char *id) {
  ff_input none;
  ff_input_init(&none, NULL, 0);
  vm_gen_instance_json(&none, id, "", canonical, sizeof canonical);
  return canonical;
}

/* The canonical body with the first `from` replaced by `to`. */
static const char *edited(const char *from, const char *to) {
  static char out[4096];
  const char *at = strstr(canonical, from);
  CHECK(at != NULL);
  if (!at) return canonical;
  snprintf(out, sizeof out, "%.*s%s%s", (int)(at - canonical), canonical, to, at + strlen(from));
  return out;
}

static vm_err parse(const char *text, vm_instance_body *b) {
  return vm_instance_request_parse((const uint8_t *)text, strlen(text), b);
}

static vm_err parse_edit(const char *from, const char *to) {
  vm_instance_body b;
  return parse(edited(from, to), &b);
}

static void serde_reading(void) {
  char id[41];
  vm_gen_instance_id(0, id);
  canonical_of(id);
  vm_instance_body b;
  CHECK(parse(canonical, &b) == VM_OK);
  CHECK(strcmp(b.instance_id, id) == 0 && b.status == VM_ST_CREATED);
  /* the server's fields are not part of the description */
  CHECK(strstr(b.spec, "instance_owner") == NULL && strstr(b.spec, "\"status\"") == NULL &&
        strstr(b.spec, "created_at") == NULL && strstr(b.spec, id) != NULL /* build_id */);
  /* not JSON, and JSON of another shape */
  CHECK(parse("", &b) == VM_E_BAD_REQUEST);
  CHECK(parse("{\"instance_id\":", &b) == VM_E_BAD_REQUEST);
  CHECK(parse("[]", &b) == VM_E_JSON_DATA);
  char wrapped[2200];
  snprintf(wrapped, sizeof wrapped, "{\"Create\":%s}", canonical); /* the route takes a bare Instance */
  CHECK(parse(wrapped, &b) == VM_E_JSON_DATA);
  /* required fields (no serde defaults), Options, unknown fields */
  CHECK(parse_edit("\"last_snapshot\":0,", "") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"session_affinity_enabled\":false", "\"x\":0") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"formnet_ip\":null,", "") == VM_OK);
  CHECK(parse(edited("\"formnet_ip\":null,", ""), &b) == VM_OK && strstr(b.spec, "\"formnet_ip\":null"));
  CHECK(parse(edited("\"dns_record\":null", "\"dns_record\":null,\"scaling_manager\":{}"), &b) == VM_OK &&
        strstr(b.spec, "scaling_manager") == NULL);
  CHECK(parse_edit("\"last_snapshot\":0", "\"last_snapshot\":null") == VM_E_JSON_DATA);
  /* integers: their type's range, never a float or a string */
  CHECK(parse_edit("\"vcpus\":1", "\"vcpus\":255") == VM_OK);
  CHECK(parse_edit("\"vcpus\":1", "\"vcpus\":256") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"vcpus\":1", "\"vcpus\":-1") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"vcpus\":1", "\"vcpus\":1.0") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"memory_mb\":512", "\"memory_mb\":4294967295") == VM_OK);
  CHECK(parse_edit("\"memory_mb\":512", "\"memory_mb\":4294967296") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"network_id\":1", "\"network_id\":65536") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"created_at\":0", "\"created_at\":\"0\"") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"created_at\":0", "\"created_at\":-9223372036854775808") == VM_OK);
  /* status: the seven unit variants, exactly */
  CHECK(parse(edited("\"Created\"", "\"Killed\""), &b) == VM_OK && b.status == VM_ST_COUNT);
  CHECK(parse(edited("\"Created\"", "\"CriticalError\""), &b) == VM_OK && b.status == VM_ST_CRITICAL_ERROR);
  CHECK(parse_edit("\"Created\"", "\"created\"") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"Created\"", "{\"Created\":null}") == VM_E_JSON_DATA);
  /* IpAddr: text, v4 or v6 */
  CHECK(parse_edit("\"formnet_ip\":null", "\"formnet_ip\":\"10.0.0.7\"") == VM_OK);
  CHECK(parse_edit("\"formnet_ip\":null", "\"formnet_ip\":\"::ffff:10.0.0.7\"") == VM_OK);
  CHECK(parse_edit("\"formnet_ip\":null", "\"formnet_ip\":\"010.0.0.7\"") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"formnet_ip\":null", "\"formnet_ip\":\"10.0.0.7:80\"") == VM_E_JSON_DATA);
  CHECK(parse_edit("\"formnet_ip\":null", "\"formnet_ip\":[10,0,0,7]") == VM_E_JSON_DATA);
  /* nested structs: gpu, cluster members, the recursive snapshots */
  CHECK(parse_edit("\"gpu\":null", "\"gpu\":{\"count\":1,\"model\":\"a\",\"vram_mb\":8,\"usage\":0}") == VM_OK);
  CHECK(parse_edit("\"gpu\":null", "\"gpu\":{\"count\":300,\"model\":\"a\",\"vram_mb\":8,\"usage\":0}") ==
        VM_E_JSON_DATA);
  static const char MEMBER[] = "\"members\":{\"i1\":{\"node_id\":\"n\",\"node_public_ip\":\"1.2.3.4\","
                               "\"node_formnet_ip\":\"10.0.0.1\",\"instance_id\":\"i1\",\"instance_formnet_ip\":"
                               "\"10.0.0.2\",\"status\":\"Started\",\"last_heartbeat\":5%s}}";
  char member[512];
  snprintf(member, sizeof member, MEMBER, ",\"heartbeats_skipped\":0");
  CHECK(parse_edit("\"members\":{}", member) == VM_OK);
  snprintf(member, sizeof member, MEMBER, "");
  CHECK(parse_edit("\"members\":{}", member) == VM_E_JSON_DATA);
  CHECK(parse(edited("\"snapshots\":null", "\"snapshots\":{\"snapshot_id\":\"s2\",\"timestamp\":2,"
                                           "\"previous_snapshot\":{\"snapshot_id\":\"s1\",\"timestamp\":1}}"),
              &b) == VM_OK);
  CHECK(strstr(b.spec, "\"previous_snapshot\":{\"description\":null,\"previous_snapshot\":null,") != NULL);
  CHECK(parse_edit("\"snapshots\":null", "\"snapshots\":{\"snapshot_id\":\"s2\",\"timestamp\":2,"
                                         "\"previous_snapshot\":{\"snapshot_id\":\"s1\",\"timestamp\":\"1\"}}") ==
        VM_E_JSON_DATA);
  /* a repeated key is serde's duplicate field; limits of the store */
  CHECK(parse_edit("\"host_region\":", "\"host_region\":\"a\",\"host_region\":") == VM_E_JSON_DATA);
  char formfile[1200];
  memset(formfile, 'f', sizeof formfile - 1);
  formfile[sizeof formfile - 1] = '\0';
  char big[1300];
  snprintf(big, sizeof big, "\"formfile\":\"%s\"", formfile);
  CHECK(parse_edit("\"formfile\":\"{}\"", big) == VM_E_TOO_LARGE);
  CHECK(parse_edit(id, "00000000000000000000000000000000000000000000000000000000000000000") == VM_E_BAD_ID);
}

static void serde_writing(void) {
  char id[41];
  vm_gen_instance_id(1, id);
  vm_store st;
  vm_store_init(&st);
  vm_addr a;
  vm_gen_key_addr(0, &a);
  CHECK(vm_account_create(&st, a.hex) == VM_OK);
  CHECK(vm_instance_create(&st, &a, id) == VM_OK); /* no description: Instance::default()'s */
  json_t *j = vm_instance_json(vm_instance_get(&st, id));
  CHECK(strcmp(json_string_value(json_object_get(j, "node_id")), "0000000000000000000000000000000000000000000000000000000000000000") == 0);
  CHECK(strcmp(json_string_value(json_object_get(j, "status")), "Created") == 0);
  CHECK(strcmp(json_string_value(json_object_get(j, "instance_owner")), a.hex) == 0);
  CHECK(json_is_null(json_object_get(j, "formnet_ip")) && json_object_size(j) == 16);
  /* what is written reads back to the same description */
  char *text = json_dumps(j, JSON_COMPACT);
  vm_instance_body b;
  CHECK(text && parse(text, &b) == VM_OK && strcmp(b.instance_id, id) == 0);
  free(text);
  json_decref(j);
  /* a described instance: its description comes back as given, and again */
  vm_gen_instance_id(2, id);
  canonical_of(id);
  vm_instance_body given, again;
  CHECK(parse(edited("\"host_region\":\"us-east\"", "\"host_region\":\"eu-west\""), &given) == VM_OK);
  CHECK(vm_instance_create_described(&st, &a, id, given.spec, NOW) == VM_OK);
  j = vm_instance_json(vm_instance_get(&st, id));
  CHECK(json_integer_value(json_object_get(j, "created_at")) == NOW);
  text = json_dumps(j, JSON_COMPACT);
  CHECK(text && parse(text, &again) == VM_OK && strcmp(again.spec, given.spec) == 0);
  CHECK(strstr(given.spec, "\"host_region\":\"eu-west\"") != NULL);
  free(text);
  json_decref(j);
}

/* ---- the routes ---------------------------------------------------------- */
static vm_server srv;
static unsigned nonce;

/* Key key's request through the HTTP answer; the status. */
static int call(size_t key, const char *method, const char *path, const char *body, vm_http_response *r) {
  static vm_gen_request g;
  vm_gen_request_by_key(&g, key, method, path, body, NOW, ++nonce);
  vm_http_respond(&srv, &g.req, NULL, r);
  return r->status;
}

/* A field of the answer's "instance" (or the answer itself when inner is NULL). */
static const char *answer_field(const vm_http_response *r, const char *inner, const char *key) {
  static char out[128];
  json_t *j = json_loads(r->body, 0, NULL);
  const json_t *v = json_object_get(inner ? json_object_get(j, inner) : j, key);
  if (json_is_integer(v))
    snprintf(out, sizeof out, "%lld", (long long)json_integer_value(v));
  else
    snprintf(out, sizeof out, "%s", json_is_string(v) ? json_string_value(v) : "-");
  json_decref(j);
  return out;
}

/* The request with storage write number nth failing: the status, and the
 * store must be as before. */
static int call_failing(int nth, size_t key, const char *method, const char *path, const char *body,
                        vm_http_response *r) {
  char spec[32];
  snprintf(spec, sizeof spec, "storage.write#%d", nth);
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  CHECK(ff_fault_plan_parse(&plan, spec, 0, NULL, 0) == 0);
  static vm_store before;
  before = srv.store;
  ff_fault_plan *old = ff_fault_plan_install(&plan);
  int status = call(key, method, path, body, r);
  ff_fault_plan_install(old);
  CHECK(memcmp(&before, &srv.store, sizeof before) == 0);
  return status;
}

static void routes(void) {
  static vm_http_response r;
  vm_server_init(&srv, NOW);
  vm_addr keys[VM_GEN_KEYS];
  for (size_t k = 0; k < VM_GEN_KEYS; k++) vm_gen_key_addr(k, &keys[k]);
  for (size_t k = 0; k < 3; k++) CHECK(vm_account_create(&srv.store, keys[k].hex) == VM_OK);
  CHECK(vm_admin_peer_add(&srv.store, keys[NETWORK_ADMIN].hex) == VM_OK);
  char id[41], other[41], path[96];
  vm_gen_instance_id(0, id);
  vm_gen_instance_id(1, other);
  /* create: the body names key 1 as the owner and says Started; the owner is
   * the signer, the status Created, the time the server's */
  canonical_of(id);
  char body[2048];
  snprintf(body, sizeof body, "%s", edited("\"instance_owner\":\"\"", "\"instance_owner\":\"x\""));
  snprintf(canonical, sizeof canonical, "%s", body);
  snprintf(body, sizeof body, "%s", edited("\"Created\"", "\"Started\""));
  CHECK(call_failing(2, 0, "POST", "/v1/instance/create", body, &r) == 500); /* the owner's set: all or nothing */
  CHECK(call(0, "POST", "/v1/instance/create", body, &r) == 201);
  CHECK(strcmp(answer_field(&r, NULL, "status"), "success") == 0);
  CHECK(strcmp(answer_field(&r, "instance", "instance_owner"), keys[0].hex) == 0);
  CHECK(strcmp(answer_field(&r, "instance", "status"), "Created") == 0);
  CHECK(strcmp(answer_field(&r, "instance", "created_at"), "1700000000") == 0);
  CHECK(vm_owned_has(vm_account_get(&srv.store, &keys[0]), id)); /* both places */
  CHECK(call(1, "POST", "/v1/instance/create", body, &r) == 409);       /* never overwrites */
  CHECK(call(NETWORK_ADMIN, "POST", "/v1/instance/create", canonical_of(other), &r) == 404); /* no account */
  CHECK(call(0, "POST", "/v1/instance/create", edited(other, "ABCDEF"), &r) == 400);
  CHECK(call(0, "POST", "/v1/instance/create", "{\"instance_id\"", &r) == 400);
  CHECK(call(0, "POST", "/v1/instance/create", edited("\"vcpus\":1", "\"vcpus\":-1"), &r) == 422);
  CHECK(call(0, "GET", "/v1/instance/create", canonical, &r) == 400);
  snprintf(path, sizeof path, "/v1/instance/%s/create", other); /* no such route (the real one has no id) */
  CHECK(call(0, "POST", path, "", &r) == 400);
  /* get */
  snprintf(path, sizeof path, "/v1/instance/%s/get", id);
  CHECK(call(0, "GET", path, "", &r) == 200 && strcmp(answer_field(&r, "instance", "instance_id"), id) == 0);
  CHECK(call(1, "GET", path, "", &r) == 403);
  CHECK(call(NETWORK_ADMIN, "GET", path, "", &r) == 200);
  /* list: what the signer holds a level on */
  CHECK(call(0, "GET", "/v1/instance/list", "", &r) == 200 && strcmp(answer_field(&r, NULL, "count"), "1") == 0);
  CHECK(call(1, "GET", "/v1/instance/list", "", &r) == 200 && strcmp(answer_field(&r, NULL, "count"), "0") == 0);
  CHECK(vm_grant_set(&srv.store, id, &keys[1], VM_LEVEL_MANAGER) == VM_OK);
  CHECK(call(1, "GET", "/v1/instance/list", "", &r) == 200 && strcmp(answer_field(&r, NULL, "count"), "1") == 0);
  CHECK(call(2, "POST", "/v1/instance/list", "", &r) == 400);
  /* get_by_build_id (the canonical body's build_id is its instance_id):
   * Response's {"Success":{"List":[…]}}, only what the signer may read */
  snprintf(path, sizeof path, "/v1/instance/%s/get_by_build_id", id);
  CHECK(call(0, "GET", path, "", &r) == 200 && strstr(r.body, "{\"Success\":{\"List\":[{") == r.body &&
        strstr(r.body, id) != NULL);
  CHECK(call(2, "GET", path, "", &r) == 200 && strcmp(r.body, "{\"Success\":{\"List\":[]}}") == 0);
  CHECK(call(NETWORK_ADMIN, "GET", path, "", &r) == 200 && strstr(r.body, id) != NULL);
  CHECK(call(0, "POST", path, "", &r) == 400);
  snprintf(path, sizeof path, "/v1/instance/%s/get_by_build_id", other);
  CHECK(call(0, "GET", path, "", &r) == 200 && strcmp(r.body, "{\"Success\":{\"List\":[]}}") == 0);
  CHECK(call(2, "GET", "/v1/instance/list", "{}", &r) == 400);
  /* update: the owner or a network admin; the description changes, the
   * status (the body says Stopped) and the owner stay */
  canonical_of(id);
  snprintf(body, sizeof body, "%s", edited("\"host_region\":\"us-east\"", "\"host_region\":\"eu-west\""));
  snprintf(canonical, sizeof canonical, "%s", body);
  snprintf(body, sizeof body, "%s", edited("\"Created\"", "\"Stopped\""));
  vm_store before = srv.store;
  CHECK(call(1, "POST", "/v1/instance/update", body, &r) == 403); /* a Manager may not */
  CHECK(call(2, "POST", "/v1/instance/update", body, &r) == 403);
  CHECK(memcmp(&before, &srv.store, sizeof before) == 0);
  CHECK(call(0, "POST", "/v1/instance/update", canonical_of(other), &r) == 404);
  CHECK(call_failing(1, 0, "POST", "/v1/instance/update", body, &r) == 500);
  srv.now = NOW + 60;
  CHECK(call(0, "POST", "/v1/instance/update", body, &r) == 200);
  CHECK(strcmp(answer_field(&r, "instance", "host_region"), "eu-west") == 0);
  CHECK(strcmp(answer_field(&r, "instance", "status"), "Created") == 0);
  CHECK(strcmp(answer_field(&r, "instance", "instance_owner"), keys[0].hex) == 0);
  CHECK(strcmp(answer_field(&r, "instance", "updated_at"), "1700000060") == 0);
  CHECK(strcmp(answer_field(&r, "instance", "created_at"), "1700000000") == 0);
  CHECK(call(NETWORK_ADMIN, "POST", "/v1/instance/update", body, &r) == 200);
  CHECK(call(NETWORK_ADMIN, "GET", "/v1/instance/list", "", &r) == 200 &&
        strcmp(answer_field(&r, NULL, "count"), "1") == 0);
}

int main(void) {
  serde_reading();
  serde_writing();
  routes();
  return check_summary("vm_test_instance");
}
