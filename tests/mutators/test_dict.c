/* The AFL/libFuzzer dictionary parser: every escape on good lines, blank and
 * comment lines, malformed lines rejected with "path:line: reason", and
 * ff_dict_load of a committed sample file (argv[1] is this source directory). */
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "mutator.h"

static void expect_value(const char *line, const char *want, size_t want_len) {
  uint8_t out[FF_DICT_MAX_ENTRY];
  int n = ff_dict_parse_line(line, out, sizeof out);
  CHECK_MSG(n == (int)want_len && memcmp(out, want, want_len) == 0, "line [%s] gave %d bytes", line,
        n);
}

static void test_good_lines(void) {
  expect_value("\"hello\"", "hello", 5);
  expect_value("name=\"hello\"", "hello", 5);
  expect_value("name@1=\"hello\"\n", "hello", 5);
  expect_value("  kw = \"hello\"  # comment\r\n", "hello", 5);
  expect_value("\"a\\\\b\"", "a\\b", 3);        /* \\ */
  expect_value("\"say \\\"hi\\\"\"", "say \"hi\"", 8); /* \" */
  expect_value("\"\\x00\\x7f\\xFF\\xaB\"", "\x00\x7f\xff\xab", 4); /* \xNN, both cases */
  expect_value("\"#not a comment\"", "#not a comment", 14);
  uint8_t out[FF_DICT_MAX_ENTRY];
  CHECK_MSG(ff_dict_parse_line("", out, sizeof out) == 0, "empty line");
  CHECK_MSG(ff_dict_parse_line("   \n", out, sizeof out) == 0, "blank line");
  CHECK_MSG(ff_dict_parse_line("# \"quoted\" comment", out, sizeof out) == 0, "comment line");
  CHECK_MSG(ff_dict_parse_line("  # indented comment", out, sizeof out) == 0, "indented comment");
}

static void test_bad_lines(void) {
  static const char *bad[] = {
      "\"unterminated",     "name=\"unterminated", "\"bad \\x4\"",  "\"bad \\xzz\"",
      "\"bad \\n escape\"", "name=value",          "just words",    "name \"value\"",
      "\"\"",               "\"ok\" trailing",     "name@=\"value\"", "=\"value\"",
  };
  uint8_t out[FF_DICT_MAX_ENTRY];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK_MSG(ff_dict_parse_line(bad[i], out, sizeof out) == -1, "accepted bad line [%s]", bad[i]);
  char longline[FF_DICT_MAX_ENTRY + 8];
  longline[0] = '"';
  memset(longline + 1, 'x', FF_DICT_MAX_ENTRY + 1);
  strcpy(longline + FF_DICT_MAX_ENTRY + 2, "\"");
  CHECK_MSG(ff_dict_parse_line(longline, out, sizeof out) == -1, "accepted a %d-byte value",
        FF_DICT_MAX_ENTRY + 1);
}

static void expect_load_error(const char *content, const char *want) {
  const char *path = "mutators_bad.dict";
  FILE *f = fopen(path, "w");
  fputs(content, f);
  fclose(f);
  ff_dict d;
  ff_dict_init(&d);
  char err[256] = "";
  int n = ff_dict_load(&d, path, err, sizeof err);
  CHECK_MSG(n == -1, "loaded a bad file (%d)", n);
  CHECK_MSG(strcmp(err, want) == 0, "error [%s], wanted [%s]", err, want);
  ff_dict_free(&d);
  remove(path);
}

static void test_load_errors(void) {
  expect_load_error("\"ok\"\n# fine\n\"unterminated\n",
                    "mutators_bad.dict:3: unterminated quoted value (missing closing quote)");
  expect_load_error("\"\\xg1\"\n", "mutators_bad.dict:1: bad \\x escape (needs two hex digits)");
  expect_load_error("\n\nkeyword\n", "mutators_bad.dict:3: expected '=' after the entry name");
  expect_load_error("name=value\n", "mutators_bad.dict:1: missing opening quote of the value");
  expect_load_error("\"a\\tb\"\n",
                    "mutators_bad.dict:1: unknown escape (use \\\\, \\\" or \\xNN)");
  ff_dict d;
  ff_dict_init(&d);
  char err[256] = "";
  CHECK_MSG(ff_dict_load(&d, "no-such-file.dict", err, sizeof err) == -1, "loaded a missing file");
  CHECK_MSG(strcmp(err, "no-such-file.dict: No such file or directory") == 0, "error [%s]", err);
  ff_dict_free(&d);
}

static void test_load_sample(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/sample.dict", dir);
  ff_dict d;
  ff_dict_init(&d);
  char err[256] = "";
  int n = ff_dict_load(&d, path, err, sizeof err);
  CHECK_MSG(n == 6, "loaded %d entries (%s), wanted 6 (the duplicate \"plain\" counted once)", n, err);
  static const struct {
    const char *v;
    size_t len;
  } want[] = {{"plain", 5}, {"a\\b\"c", 5}, {"\x00\xff\x41", 3},
              {"leveled", 7}, {"spaced", 6}, {"\xc3\xa9", 2}};
  for (size_t i = 0; i < 6 && i < d.n; i++)
    CHECK_MSG(d.e[i].len == want[i].len && memcmp(d.e[i].data, want[i].v, want[i].len) == 0,
          "entry %zu differs", i);
  CHECK_MSG(ff_dict_add(&d, (const uint8_t *)"plain", 5) == 0, "duplicate added");
  CHECK_MSG(ff_dict_add(&d, (const uint8_t *)"new", 3) == 1, "new entry refused");
  ff_dict_free(&d);
}

int main(int argc, char **argv) {
  test_good_lines();
  test_bad_lines();
  test_load_errors();
  test_load_sample(argc > 1 ? argv[1] : ".");
  return check_summary("mutators_dict");
}
