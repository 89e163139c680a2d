/* An HTTP response as canonical lines (live_lines.h) under the rules:
 * "status N"; every header but hop-by-hop ones, Content-Length and those the
 * rules ignore, as "header.<lowercase name> value"; a JSON body (jansson)
 * flattened to one line per leaf, "body<path> <value>" with object members
 * in key order and members the rules ignore as <ignored>; any other body as
 * "body.text" lines of escaped text. No response gives "no-reply". */
#ifndef FF_TOOLS_LIVE_HTTP_NORM_H
#define FF_TOOLS_LIVE_HTTP_NORM_H

#include "live_http.h"
#include "live_lines.h"
#include "live_rules.h"

/* response NULL: no response. */
void live_http_canon(const live_http_msg *response, const live_rules *rules, live_lines *out);

#endif
