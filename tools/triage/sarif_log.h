/* The frame of a SARIF 2.1.0 log as formfuzz writes it (triage's crash
 * buckets, live shadow's differences): one run of the tool "formfuzz", its
 * rules, then its results, each with a message and a bucket fingerprint. */
#ifndef FF_SARIF_LOG_H
#define FF_SARIF_LOG_H

#include "json_writer.h"

/* {"$schema", "version", "runs": [{"tool": {"driver": {"name", "rules": [ */
void sarif_begin(ff_json *j);
/* one rule: {"id", "shortDescription": {"text"}} */
void sarif_rule(ff_json *j, const char *id, const char *text);
/* closes the rules and the tool, opens "results": [ */
void sarif_begin_results(ff_json *j);
/* opens a result: {"ruleId", "level", "message": {"text"}, ... (left open) */
void sarif_result_begin(ff_json *j, const char *rule_id, const char *level, const char *text);
/* "partialFingerprints": {"formfuzzBucket/v1": bucket} */
void sarif_fingerprint(ff_json *j, const char *bucket);
/* closes the results, the run and the log */
void sarif_end(ff_json *j);

#endif
