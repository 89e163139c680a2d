/* The live canary section of the HTML report (report_canary.h). */
#include "report_canary.h"

#include <jansson.h>

#include "dir_list.h"
#include "report_xml.h"

static const char *str(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : "";
}

bool report_canary_present(const char *out_dir) {
  char path[4200];
  snprintf(path, sizeof path, "%s/canary.json", out_dir);
  return ff_is_file(path);
}

void report_canary_write_html(FILE *f, const char *out_dir) {
  char path[4200];
  snprintf(path, sizeof path, "%s/canary.json", out_dir);
  if (!ff_is_file(path)) return;
  fputs("<h2>Live canary</h2>\n", f);
  json_error_t je;
  json_t *o = json_load_file(path, 0, &je);
  if (!json_is_object(o)) {
    fputs("<p class=\"bad\">", f);
    ff_xml_printf(f, "canary.json is corrupt (%s)", o ? "not an object" : je.text);
    fputs("</p>\n", f);
    json_decref(o);
    return;
  }
  fputs("<p>", f);
  ff_xml_printf(f, "%s: %s, %lld stage(s) passed, %lld fuzz request(s), %lld packet(s) in all.", str(o, "target"),
                str(o, "result"), (long long)json_integer_value(json_object_get(o, "stages_passed")),
                (long long)json_integer_value(json_object_get(o, "fuzz_sent")),
                (long long)json_integer_value(json_object_get(o, "packets_sent")));
  json_t *rb = json_object_get(o, "rollback");
  if (json_is_object(rb))
    ff_xml_printf(f, " Rollback at %.1f s (%g req/s): %s; %lld culprit request(s) in culprits/.",
                  json_number_value(json_object_get(rb, "at_s")), json_number_value(json_object_get(rb, "rate")),
                  str(rb, "reason"), (long long)json_integer_value(json_object_get(rb, "culprits")));
  fputs(" Details: <a href=\"../canary.md\">canary.md</a>, <a href=\"../canary.json\">canary.json</a>.</p>\n", f);
  snprintf(path, sizeof path, "%s/canary.svg", out_dir);
  if (ff_is_file(path))
    fputs("<p><img src=\"../canary.svg\" alt=\"canary intensity and health over time\" /></p>\n", f);
  json_decref(o);
}
