/* Tool errors: names and the HTTP statuses of §4.3's ToolError table;
 * messages made safe to quote in JSON. */
#include "mcp.h"

int mcp_tool_err_http(mcp_tool_err e) {
  switch (e) {
  case MCP_TOOL_OK: return 200;
  case MCP_TOOL_E_INVALID: return 400;
  case MCP_TOOL_E_FORBIDDEN: return 403;
  case MCP_TOOL_E_NOT_FOUND: return 404;
  case MCP_TOOL_E_INTERNAL: return 500;
  case MCP_TOOL_E_TIMEOUT: return 504;
  }
  return 500;
}

const char *mcp_tool_err_name(mcp_tool_err e) {
  switch (e) {
  case MCP_TOOL_OK: return "ok";
  case MCP_TOOL_E_INVALID: return "InvalidParameters";
  case MCP_TOOL_E_FORBIDDEN: return "PermissionDenied";
  case MCP_TOOL_E_NOT_FOUND: return "NotFound";
  case MCP_TOOL_E_INTERNAL: return "ExecutionFailed";
  case MCP_TOOL_E_TIMEOUT: return "Timeout";
  }
  return "?";
}

void mcp_ascii_copy(char *dst, size_t cap, const char *src) {
  if (!cap) return;
  size_t i = 0;
  for (; src && src[i] && i + 1 < cap; i++) dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
  dst[i] = 0;
}
