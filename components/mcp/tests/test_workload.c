/* mcp workload packaging: the Formfile text grammar (every instruction, its
 * limits, first-wins and second-WORKDIR rules), golden §6.2 JSON, the JSON
 * form refusing what the text refuses, parse ∘ serialize stability, scheme C
 * bound to the request (V5's build id), the pack queue's subtopics, and
 * form_pack_build + form_pack_ship deploying a VM owned by the caller. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "formfuzz/hex.h"
#include "gen.h"
#include "mcp.h"

static mcp_formfile f, g;
static char err[MCP_ERR_MAX];

static bool text(const char *t) {
  mcp_rng rng;
  mcp_rng_seed(&rng, 5);
  return mcp_formfile_parse_text(t, strlen(t), &rng, &f, err, sizeof err);
}

static bool json(const char *j) { return mcp_formfile_from_json(j, strlen(j), &g, err, sizeof err); }

static void test_text(void) {
  const char *full =
      "# comment\r\nNAME my-agent\nDESCRIPTION  an agent \nMODEL required: llama-3\nRUN apt-get update\n"
      "COPY ./app /srv/app\nINSTALL curl python3.11\nENV --scope=user:bob PATH=/bin:/x=y\nVCPU +4\nVCPU 9\n"
      "MEMORY 2048\nDISK 20\nGPU H100:2:x\nWORKDIR /srv/./app\nENTRYPOINT [\"python3\", \"-m\", \"app\"]\n"
      "EXPOSE 8080, 443 8080\nUSER username:bob passwd:'s3cret pw' groups:adm,sudo shell:/bin/zsh sudo=yes\nFOO bar\n";
  REQUIRE(text(full), "full Formfile: %s", err);
  CHECK(strcmp(f.name, "my-agent") == 0 && strcmp(f.description, "an agent") == 0 && f.model_required &&
        strcmp(f.model_id, "llama-3") == 0);
  CHECK(f.vcpus == 4 && f.memory_mb == 2048 && f.has_disk && f.disk_gb == 20 && f.ngpus == 1 && f.gpus[0].count == 2);
  CHECK(f.ninstr == 6 && f.instrs[3].scope == MCP_SCOPE_USER && strcmp(f.instrs[3].b, "/bin:/x=y") == 0);
  CHECK(f.instrs[5].kind == MCP_FI_EXPOSE && f.instrs[5].nports == 2 && f.instrs[5].ports[0] == 443);
  CHECK(f.nusers == 1 && strcmp(f.users[0].shell, "/bin/zsh") == 0 && f.users[0].sudo && f.users[0].ngroups == 2 &&
        strncmp(f.users[0].passwd, "$6$rounds=4096$", 15) == 0);
  char *j = mcp_formfile_to_json(&f);
  REQUIRE(j && json(j), "JSON of the full Formfile refused: %s", err);
  char *j2 = mcp_formfile_to_json(&g);
  CHECK_MSG(strcmp(j, j2) == 0, "round trip:\n%s\n%s", j, j2);
  free(j);
  free(j2);
  REQUIRE(text("NAME x\nRUN echo\nENV A=1\n"), "small: %s", err);
  j = mcp_formfile_to_json(&f);
  CHECK_MSG(strcmp(j, "{\"name\":\"x\",\"description\":null,\"model_id\":null,\"model_required\":false,"
                      "\"build_instructions\":[{\"Run\":\"echo\"},{\"Env\":{\"key\":\"A\",\"value\":\"1\",\"scope\":\"System\"}}],"
                      "\"system_config\":[{\"Cpu\":1},{\"Memory\":512}],\"users\":[],\"workdir\":\"/\"}") == 0,
            "golden: %s", j);
  free(j);
  static const char *const refused[] = {
      "RUN x\n", "NAME ../etc\n", "NAME a/b\n", "NAME x\nVCPU 0\n", "NAME x\nVCPU 129\n", "NAME x\nVCPU  4\n",
      "NAME x\nVCPU 256\n", "NAME x\nMEMORY 511\n", "NAME x\nMEMORY 256001\n", "NAME x\nDISK 4\n", "NAME x\nDISK 65536\n",
      "NAME x\nGPU X100\n", "NAME x\nGPU H100:9\n", "NAME x\nGPU h100\n", "NAME x\nWORKDIR rel\n",
      "NAME x\nWORKDIR /a/../b\n", "NAME x\nWORKDIR /a\nWORKDIR /b\n", "NAME x\nENTRYPOINT \"a b\n",
      "NAME x\nENTRYPOINT [1]\n", "NAME x\nENV A B=1\n", "NAME x\nENV 1A=1\n", "NAME x\nENV --scope=user: A=1\n",
      "NAME x\nUSER sudo:true\n", "NAME x\nUSER username:Root!\n", "NAME x\nUSER username:a passwd=a:b\n",
      "NAME x\nUSER username:a shell:bash\n", "NAME x\nUSER username:a bogus:1\n", "NAME x\nCOPY ../a /b\n",
      "NAME x\nCOPY a\n", "NAME x\nCOPY a b c\n", "NAME x\nINSTALL -y\n", "NAME x\nINSTALL ;x\n", "NAME x\nEXPOSE 0\n",
      "NAME x\nEXPOSE 65536\n", "NAME x\nRUN\n", "NAME x\nRUN\tls\n", "NAME x\nMODEL a:b:c\n", "NAME x\nMODEL other:x\n",
      "NAME x\nRUN \xff\n", "NAME x\nDESCRIPTION \xc3\n", "NAME x\nRUN \xed\xa0\x80\n", "NAME x\nRUN \xc0\xaf\n"};
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) CHECK_MSG(!text(refused[i]), "accepted: %s", refused[i]);
  CHECK(text("NAME x\nMODEL preferred:\nVCPU 2\nVCPU 200\n") == false); /* each VCPU line must hold */
  CHECK(text("NAME x\nRUN \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n") && strcmp(f.instrs[0].a, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") == 0);
  CHECK(text("NAME x\nMODEL preferred:\nVCPU 2\nCPU 3\n") && f.vcpus == 2 && f.has_model && !f.model_id[0]);
}

static void test_json_rules(void) {
  const char *base = "{\"name\":\"x\",\"model_required\":false,\"build_instructions\":[],\"system_config\":[%s],"
                     "\"users\":[%s],\"workdir\":\"%s\"}";
  char doc[1024];
  snprintf(doc, sizeof doc, base, "{\"Cpu\":2}", "", "/");
  CHECK(json(doc) && g.vcpus == 2 && g.memory_mb == 512);
  static const char *const sys_bad[] = {"{\"Cpu\":0}", "{\"Memory\":1}", "{\"Gpu\":{\"model\":\"X\",\"count\":200}}",
                                        "{\"Disk\":1}", "{\"Cpu\":256}", "{\"Cpu\":-1}", "{\"Cpu\":2,\"Memory\":600}"};
  for (size_t i = 0; i < sizeof sys_bad / sizeof *sys_bad; i++) {
    snprintf(doc, sizeof doc, base, sys_bad[i], "", "/");
    CHECK_MSG(!json(doc), "accepted %s", sys_bad[i]);
  }
  const char *user = "{\"username\":\"%s\",\"passwd\":\"%s\",\"ssh_authorized_keys\":[],\"lock_passwd\":false,"
                     "\"sudo\":false,\"shell\":\"/bin/bash\",\"ssh_pwauth\":true,\"disable_root\":true,"
                     "\"chpasswd_expire\":true,\"chpasswd_list\":{},\"groups\":[]}";
  char u[512];
  snprintf(u, sizeof u, user, "Root!", "");
  snprintf(doc, sizeof doc, base, "", u, "/");
  CHECK(!json(doc));
  snprintf(u, sizeof u, user, "bob", "plaintext");
  snprintf(doc, sizeof doc, base, "", u, "/");
  CHECK(!json(doc));
  snprintf(doc, sizeof doc, base, "", "", "../..");
  CHECK(!json(doc));
  CHECK(!json("{\"name\":\"../x\",\"model_required\":false,\"build_instructions\":[],\"system_config\":[],\"users\":[],\"workdir\":\"/\"}"));
  CHECK(!json("{\"name\":\"x\",\"model_required\":false,\"build_instructions\":[{\"Expose\":[0]}],\"system_config\":[],\"users\":[],\"workdir\":\"/\"}"));
  CHECK(!json("{\"name\":\"x\",\"name\":\"y\",\"model_required\":false,\"build_instructions\":[],\"system_config\":[],\"users\":[],\"workdir\":\"/\"}"));
}

static void test_scheme_c(void) {
  uint8_t secret[32];
  REQUIRE(ff_hex_decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 64, secret, 32) == 32, "V1");
  ff_keypair kp;
  REQUIRE(ff_keypair_from_secret(&kp, secret) == 0, "V1 key");
  REQUIRE(text("NAME my-agent\nVCPU 2\n"), "%s", err);
  uint8_t art[3] = {1, 2, 3};
  char *req = mcp_pack_request_json(&kp, &f, art, 3);
  static mcp_pack_build b;
  REQUIRE(req && mcp_pack_verify_request(req, strlen(req), &b, err, sizeof err), "honest request refused: %s", err);
  CHECK(strcmp(b.signer.hex, "2c7536e3605d9c16a7a3d7b1898e529396a65c23") == 0);
  CHECK_MSG(strcmp(b.build_id, "f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8") == 0, "V5: %s", b.build_id);
  CHECK(strcmp(b.image_path, MCP_IMAGE_DIR "/f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8.raw") == 0);
  /* the same (sig, hash) with another Formfile or other artifacts is refused */
  json_t *d = json_loads(req, 0, NULL);
  json_t *ff = json_object_get(json_object_get(d, "request"), "formfile");
  json_array_set_new(json_object_get(ff, "system_config"), 0, json_pack("{s:i}", "Cpu", 64));
  char *swapped = json_dumps(d, JSON_COMPACT);
  CHECK(!mcp_pack_verify_request(swapped, strlen(swapped), &b, err, sizeof err));
  json_array_set_new(json_object_get(ff, "system_config"), 0, json_pack("{s:i}", "Cpu", 2));
  json_array_set_new(json_object_get(json_object_get(d, "request"), "artifacts"), 0, json_integer(9));
  char *other = json_dumps(d, JSON_COMPACT);
  CHECK(!mcp_pack_verify_request(other, strlen(other), &b, err, sizeof err));
  uint8_t msg[4096];
  msg[0] = 0;
  memcpy(msg + 1, req, strlen(req));
  CHECK(mcp_pack_handle_message(msg, strlen(req) + 1, &b, err, sizeof err));
  msg[0] = 1;
  CHECK(!mcp_pack_handle_message(msg, strlen(req) + 1, &b, err, sizeof err) && strcmp(err, "ignored") == 0);
  msg[0] = 7;
  CHECK(!mcp_pack_handle_message(msg, strlen(req) + 1, &b, err, sizeof err));
  CHECK(!mcp_pack_handle_message(msg, 0, &b, err, sizeof err));
  free(req);
  free(swapped);
  free(other);
  json_decref(d);
}

static void test_deploy(void) {
  static mcp_server s;
  uint8_t secret[MCP_SECRET_LEN] = {9};
  mcp_server_init(&s, secret, 600, 3);
  mcp_identity alice = {.is_user = true}, bob = {.is_user = true};
  vm_address_normalize(mcp_gen_address(1), &alice.addr);
  vm_address_normalize(mcp_gen_address(2), &bob.addr);
  json_t *p = json_pack("{s:s}", "formfile", "NAME web\nVCPU 3\nMEMORY 1024\nUSER username:bob passwd:pw\n");
  mcp_exec x;
  mcp_execute(&s.reg, &s.ops, &s.rng, &alice, "form_pack_build", p, 100, &x);
  json_decref(p);
  REQUIRE(x.status == 202, "build: %d %s", x.status, x.message);
  const mcp_operation *op = mcp_ops_get(&s.ops, json_string_value(json_object_get(x.data, "operation_id")), &alice);
  json_decref(x.data);
  mcp_ops_run_pending(&s.ops, 101);
  REQUIRE(op->status == MCP_OP_COMPLETED, "build failed: %s", op->error);
  const char *build_id = json_string_value(json_object_get(op->result, "build_id"));
  p = json_pack("{s:s, s:s}", "build_id", build_id, "instance_name", "web-1");
  mcp_execute(&s.reg, &s.ops, &s.rng, &bob, "form_pack_ship", p, 102, &x); /* not bob's build */
  const mcp_operation *bob_op = mcp_ops_get(&s.ops, json_string_value(json_object_get(x.data, "operation_id")), &bob);
  json_decref(x.data);
  mcp_execute(&s.reg, &s.ops, &s.rng, &alice, "form_pack_ship", p, 102, &x);
  const mcp_operation *ship = mcp_ops_get(&s.ops, json_string_value(json_object_get(x.data, "operation_id")), &alice);
  json_decref(x.data);
  json_decref(p);
  mcp_ops_run_pending(&s.ops, 103);
  CHECK(bob_op->status == MCP_OP_FAILED && bob_op->error_status == 404);
  REQUIRE(ship->status == MCP_OP_COMPLETED, "ship failed: %s", ship->error);
  CHECK(strcmp(json_string_value(json_object_get(ship->result, "owner")), mcp_gen_address(1)) == 0 &&
        json_integer_value(json_object_get(ship->result, "vcpus")) == 3);
  mcp_server_free(&s);
}

int main(void) {
  test_text();
  test_json_rules();
  test_scheme_c();
  test_deploy();
  return check_summary("mcp_test_workload");
}
