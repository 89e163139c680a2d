/* The fuzz input: a call sequence in a compact binary form the mutators work
 * on, decoded against the server's discovered tools into JSON-RPC lines.
 *
 *   input  := record*
 *   record := kind:u8 target:u8 len:u8 payload[len]
 *
 * kind % 16 picks the step (MCP_STEP_*: tools/call with valid arguments,
 * with attack strings, or pushed past the schema; a tool name nobody listed;
 * resources/read; prompts/get; a protocol-level mutation; ping; a list call),
 * target % n picks the tool, resource or prompt, and the payload feeds the
 * ff_input draws that build the arguments (bytes past its end read as 0, so a
 * truncated record still decodes). Records are independent: deleting one
 * deletes one message. A record cut short by the end of the input is dropped. */
#ifndef FF_MCP_SEQ_H
#define FF_MCP_SEQ_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "mcp_attack.h"
#include "mcp_schema_check.h"
#include "mcp_session.h"

#define MCP_SEQ_MAX_RECORDS 64
#define MCP_RECORD_HEADER 3

typedef enum {
  MCP_STEP_CALL_VALID,
  MCP_STEP_CALL_ATTACK,
  MCP_STEP_CALL_PAST,
  MCP_STEP_CALL_UNKNOWN,
  MCP_STEP_RESOURCE_READ,
  MCP_STEP_PROMPT_GET,
  MCP_STEP_PROTOCOL,
  MCP_STEP_PING,
  MCP_STEP_LIST,
} mcp_step_kind;

typedef struct mcp_record {
  size_t offset; /* of the header in the input */
  uint8_t kind, target;
  const uint8_t *payload;
  size_t len;
} mcp_record;

typedef struct mcp_step {
  mcp_step_kind kind;
  char method[64];
  char name[160];          /* the tool, prompt or resource aimed at ("" when none) */
  char variant[48];        /* protocol mutation name, "" otherwise */
  const json_t *tool;      /* the tool's listing (borrowed), for tools/call of a listed tool */
  json_t *args;            /* the arguments sent (tools/call, prompts/get) */
  mcp_check check;         /* args against the tool's inputSchema */
  bool notification;       /* a valid notification: nothing may answer it */
  bool before_initialize;  /* to be sent to a fresh server before any handshake */
  bool end_session;        /* end the session first (HTTP DELETE), then send this with the old id */
  char *text;              /* the line sent */
  json_t *id;              /* the id its reply must carry, NULL when none is expected */
  json_t *echo_id;         /* an invalid request's id: its error reply may carry it (or null) */
} mcp_step;

/* Protocol mutations (MCP_STEP_PROTOCOL): the first payload byte picks one. */
#define MCP_PROTOCOL_VARIANTS 14
/* Splits an input into records (at most MCP_SEQ_MAX_RECORDS). Returns the count. */
size_t mcp_seq_records(const uint8_t *data, size_t size, mcp_record *out, size_t cap);
/* The step kind a kind byte stands for. */
mcp_step_kind mcp_seq_kind(uint8_t kind_byte);
/* Builds the step of one record (ids from the session). Free with mcp_step_free. */
void mcp_seq_step(const mcp_record *r, mcp_session *s, const mcp_gen_ctx *c, mcp_step *out);
void mcp_step_free(mcp_step *st);
/* Appends one record to buf (grown with realloc). Returns 0 or -1. */
int mcp_seq_append(uint8_t **buf, size_t *size, uint8_t kind, uint8_t target,
                   const uint8_t *payload, size_t len);

#endif
