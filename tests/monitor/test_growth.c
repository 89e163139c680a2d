/* tools/monitor/monitor_growth.c: the last coverage growth of a stats.csv,
 * read whole and incrementally through the cache: appended rows, a row still
 * being written, a restart climbing back to the old maximum, a truncated and a
 * replaced file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ff_check.h"
#include "monitor_growth.h"

#define HEADER "unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,timeouts,rss_mb\n"

static void write_text(const char *path, const char *mode, const char *text) {
  FILE *f = fopen(path, mode);
  REQUIRE(f != NULL, "cannot open %s", path);
  fputs(text, f);
  fclose(f);
}

int main(void) {
  char dir[] = "/tmp/ff_growth_XXXXXX";
  REQUIRE(mkdtemp(dir) != NULL, "mkdtemp");
  char path[256], other[256];
  snprintf(path, sizeof path, "%s/stats.csv", dir);
  snprintf(other, sizeof other, "%s/other.csv", dir);
  ff_growth_cache cache = {0};

  CHECK(ff_growth_last(&cache, path) == 0); /* no file yet */
  write_text(path, "w", HEADER "100,0.0,0,0.0,10,20,1,1,0,0,5\n"
                               "110,10.0,100,10.0,12,25,2,2,0,0,5\n"
                               "120,20.0,200,10.0,12,25,2,2,0,0,5\n");
  CHECK(ff_growth_last(&cache, path) == 110);
  CHECK(ff_growth_last(NULL, path) == 110);
  long offset = cache.items[0].offset;
  /* a restart: lower numbers, then back to the maximum (not new), then past it */
  write_text(path, "a", "130,30.0,300,10.0,5,9,2,2,0,0,5\n"
                        "140,40.0,400,10.0,12,25,2,2,0,0,5\n");
  CHECK(ff_growth_last(&cache, path) == 110);
  CHECK(cache.items[0].offset > offset); /* only the new rows were read */
  write_text(path, "a", "150,50.0,500,10.0,12,26,2,2,0,0,5\n");
  CHECK(ff_growth_last(&cache, path) == 150);
  /* a row being written counts once it is complete */
  write_text(path, "a", "160,60.0,600,10.0,13");
  CHECK(ff_growth_last(&cache, path) == 150);
  write_text(path, "a", ",27,2,2,0,0,5\n");
  CHECK(ff_growth_last(&cache, path) == 160);
  CHECK(ff_growth_last(NULL, path) == 160);
  /* truncated to fewer rows: read again from the start */
  write_text(path, "w", HEADER "200,0.0,0,0.0,3,3,1,1,0,0,5\n");
  CHECK(ff_growth_last(&cache, path) == 200);
  /* replaced by another file (a rename over it): read again */
  write_text(other, "w", HEADER "300,0.0,0,0.0,1,1,1,1,0,0,5\n"
                                "310,0.0,0,0.0,1,1,1,1,0,0,5\n"
                                "320,0.0,0,0.0,1,1,1,1,0,0,5\n");
  REQUIRE(rename(other, path) == 0, "rename");
  CHECK(ff_growth_last(&cache, path) == 300);
  CHECK(cache.count == 1);
  /* a damaged row is skipped */
  write_text(path, "a", "garbage,,\n330,0.0,0,0.0,2,2,1,1,0,0,5\n");
  CHECK(ff_growth_last(&cache, path) == 330);

  ff_growth_cache_free(&cache);
  unlink(path);
  rmdir(dir);
  return check_summary("monitor_growth");
}
