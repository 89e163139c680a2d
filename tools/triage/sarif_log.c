/* The frame of a formfuzz SARIF 2.1.0 log: see sarif_log.h. */
#include "sarif_log.h"

void sarif_begin(ff_json *j) {
  ff_json_begin_object(j);
  ff_json_kv_string(j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  ff_json_kv_string(j, "version", "2.1.0");
  ff_json_key(j, "runs");
  ff_json_begin_array(j);
  ff_json_begin_object(j);
  ff_json_key(j, "tool");
  ff_json_begin_object(j);
  ff_json_key(j, "driver");
  ff_json_begin_object(j);
  ff_json_kv_string(j, "name", "formfuzz");
  ff_json_key(j, "rules");
  ff_json_begin_array(j);
}

void sarif_rule(ff_json *j, const char *id, const char *text) {
  ff_json_begin_object(j);
  ff_json_kv_string(j, "id", id);
  ff_json_key(j, "shortDescription");
  ff_json_begin_object(j);
  ff_json_kv_string(j, "text", text);
  ff_json_end_object(j);
  ff_json_end_object(j);
}

void sarif_begin_results(ff_json *j) {
  ff_json_end_array(j);  /* rules */
  ff_json_end_object(j); /* driver */
  ff_json_end_object(j); /* tool */
  ff_json_key(j, "results");
  ff_json_begin_array(j);
}

void sarif_result_begin(ff_json *j, const char *rule_id, const char *level, const char *text) {
  ff_json_begin_object(j);
  ff_json_kv_string(j, "ruleId", rule_id);
  ff_json_kv_string(j, "level", level);
  ff_json_key(j, "message");
  ff_json_begin_object(j);
  ff_json_kv_string(j, "text", text);
  ff_json_end_object(j);
}

void sarif_fingerprint(ff_json *j, const char *bucket) {
  ff_json_key(j, "partialFingerprints");
  ff_json_begin_object(j);
  ff_json_kv_string(j, "formfuzzBucket/v1", bucket);
  ff_json_end_object(j);
}

void sarif_end(ff_json *j) {
  ff_json_end_array(j);  /* results */
  ff_json_end_object(j); /* the run */
  ff_json_end_array(j);  /* runs */
  ff_json_end_object(j);
}
