/* Minimizing a finding's call sequence: each attempt replays a candidate on a
 * freshly started server and keeps it when the same finding (signature)
 * comes back. Drops the records after the one that failed, then every record
 * it can, then shrinks each remaining payload (empty, halved, bytes zeroed).
 * Memory growth (replayed over and over, see mcp_run_repeated) first tries
 * each record alone, the last first. */
#ifndef FF_MCP_MINIMIZE_H
#define FF_MCP_MINIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "mcp_run.h"

/* Runs data on the open (or a new) server; while there is no finding and
 * fewer than until_messages were sent, runs it again on the same server (a
 * finding that builds up, like memory growth, needs many messages). r as
 * mcp_run_input's, with steps counting every run. 0 or -1 (no server). */
int mcp_run_repeated(mcp_target *t, const uint8_t *data, size_t size, long until_messages, mcp_run_result *r);
/* True when data, run on a fresh server (repeated as long as memory growth
 * needs when that is the signature), gives a finding with this signature;
 * transcript (may be NULL) receives that run's transcript when it does. */
bool mcp_reproduces(mcp_target *t, const uint8_t *data, size_t size, const char *signature,
                    json_t **transcript);
/* Returns 0 with a malloc'd *out (at worst a copy of data); *attempts counts
 * replays; *transcript is the replay of *out when it is smaller than data
 * (NULL when nothing smaller reproduced). */
int mcp_minimize(mcp_target *t, const uint8_t *data, size_t size, const char *signature,
                 long budget, uint8_t **out, size_t *out_size, long *attempts, json_t **transcript);

#endif
