/* dns management API (§2.3, dns_mgmt.h) on exact JSON, the routes' status
 * codes, storage and send faults (a failed call leaves the store and the
 * provisioning state byte-identical), §2.8 provisioning and the formnet
 * names (dns_formnet_sync). */
#include <string.h>

#include "ff_check.h"
#include "dns.h"
#include "formfuzz/fault.h"

static dns_mgmt m;

static int call(const char *method, const char *path, const char *body, char *out, size_t cap) {
  dns_mgmt_response r;
  dns_mgmt_handle(&m, method, path, body, body ? strlen(body) : 0, 1000, &r);
  snprintf(out, cap, "%s", r.body ? r.body : "");
  int status = r.status;
  dns_mgmt_response_free(&r);
  return status;
}

/* Runs with spec ("storage.write#1", ...) as the fault plan. */
static ff_fault_plan plan;
static void faults(const char *spec) {
  ff_fault_plan_init(&plan);
  if (spec) ff_fault_plan_parse(&plan, spec, 0, NULL, 0);
  ff_fault_plan_install(spec ? &plan : NULL);
}

int main(void) {
  static dns_store st, copy;
  char out[4096];
  dns_store_init(&st);
  dns_mgmt_init(&m, &st);
  const char *create = "{\"Create\":{\"domain\":\"App.Formation.Cloud.\",\"record_type\":\"A\","
                       "\"ip_addr\":[\"203.0.113.1:80\",\"10.0.0.1:80\"],\"cname_target\":null,\"ssl_cert\":false}}";
  CHECK(call("POST", "/record/create", create, out, sizeof out) == 200 && strcmp(out, "{\"Success\":\"None\"}") == 0);
  CHECK(call("GET", "/record/app.formation.cloud/get", NULL, out, sizeof out) == 200);
  CHECK(strcmp(out, "{\"Success\":{\"Some\":{\"domain\":\"app.formation.cloud\",\"record_type\":\"A\","
                    "\"public_ip\":[\"203.0.113.1:80\"],\"formnet_ip\":[\"10.0.0.1:80\"],\"cname_target\":null,"
                    "\"ssl_cert\":false,\"ttl\":3600,\"verification_status\":\"NotVerified\","
                    "\"verification_timestamp\":null}}}") == 0);
  CHECK(call("POST", "/record/create", create, out, sizeof out) == 200 && strncmp(out, "{\"Failure\":", 11) == 0);
  CHECK(call("POST", "/record/create", "{\"Create\":", out, sizeof out) == 400);
  CHECK(call("POST", "/record/create", "{\"Create\":{\"domain\":\"x\"}}", out, sizeof out) == 422);
  CHECK(call("POST", "/record/app.formation.cloud/delete", NULL, out, sizeof out) == 405);
  CHECK(call("GET", "/record/app.formation.cloud/get/x", NULL, out, sizeof out) == 404);
  CHECK(call("POST", "/server/create", "\"192.0.2.1\"", out, sizeof out) == 200 && m.nservers == 1);
  CHECK(call("POST", "/record/app.formation.cloud/initiate_verification", NULL, out, sizeof out) == 200 &&
        strcmp(out, "{\"VerificationFailure\":\"lookup failed\"}") == 0);

  /* a storage fault: the update fails, nothing changes */
  copy = st;
  faults("storage.write#1");
  const char *upd = "{\"Update\":{\"replace\":true,\"record_type\":\"A\",\"ip_addr\":[\"198.51.100.9:80\"],"
                    "\"cname_target\":null,\"ssl_cert\":true}}";
  CHECK(call("POST", "/record/app.formation.cloud/update", upd, out, sizeof out) == 200 &&
        strncmp(out, "{\"Failure\":", 11) == 0);
  CHECK(memcmp(&st, &copy, sizeof st) == 0);
  faults(NULL);
  CHECK(call("POST", "/record/app.formation.cloud/update", upd, out, sizeof out) == 200 &&
        strcmp(out, "{\"Success\":\"None\"}") == 0);
  CHECK(call("DELETE", "/record/APP.formation.cloud/delete", NULL, out, sizeof out) == 200 && !dns_store_get(&st, "app.formation.cloud"));

  /* §2.8: a failed POST to form-dns leaves DnsState, tags and form-dns as they were */
  static dns_provisioner p, pcopy;
  dns_provisioner_init(&p, &st);
  dns_ip f, h;
  dns_ip_parse("10.0.0.5", &f), dns_ip_parse("203.0.113.5", &h);
  CHECK(dns_provisioner_add_instance(&p, "i1", "b1", &f, &h) == 0);
  pcopy = p, copy = st;
  faults("net.send#1");
  CHECK(dns_provision_request(&p, "shop.formation.cloud", "b1", true, NULL, 0) != 0);
  CHECK(memcmp(&p.state, &pcopy.state, sizeof p.state) == 0 && memcmp(p.inst, pcopy.inst, sizeof p.inst) == 0 &&
        memcmp(&st, &copy, sizeof st) == 0);
  faults(NULL);
  CHECK(dns_provision_request(&p, "shop.formation.cloud", "b1", true, NULL, 0) == 0 && p.reentered == 0);
  const dns_record *r = dns_store_get(&st, "shop.formation.cloud");
  CHECK(r && r->npublic == 1 && r->nformnet == 1 && strcmp(p.inst[0].domain, "shop.formation.cloud") == 0);
  CHECK(dns_provision_request(&p, "shop.formation.cloud", "b1", false, NULL, 0) != 0); /* exists */

  /* formnet names: exactly the live peers, nothing else may write them */
  dns_formnet_peer peers[2] = {{"vm1", {0}}, {"vm2", {0}}};
  dns_ip_parse("10.42.0.2", &peers[0].ip), dns_ip_parse("10.42.0.3", &peers[1].ip);
  CHECK(dns_formnet_sync(&st, peers, 2, NULL, 0) == 0 && dns_store_get(&st, "VM2.formnet.formation.cloud."));
  copy = st;
  faults("storage.write#2");
  CHECK(dns_formnet_sync(&st, peers, 1, NULL, 0) != 0 && memcmp(&st, &copy, sizeof st) == 0);
  faults(NULL);
  CHECK(dns_formnet_sync(&st, peers, 1, NULL, 0) == 0 && !dns_store_get(&st, "vm2.formnet.formation.cloud"));
  dns_api_req req = {"vm9.formnet.formation.cloud", DNS_T_A, &peers[0].ip, 1, NULL, false, false};
  CHECK(dns_api_create(&st, &req, NULL, 0) != 0 && dns_api_delete(&st, "vm1.formnet.formation.cloud", NULL, 0) != 0);
  return check_summary("test_mgmt");
}
