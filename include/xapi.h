/*
 * xAPI 1.0.3 statements made from the record's events (xapi.c): pure, no
 * I/O. One event gives one statement, or two for a finished attempt
 * (completed, then passed or failed); ids are fixed by the event's chain
 * hash, so the same event always gives the same statements. Verbs, IRIs
 * and every field are described in docs/xapi.md.
 */
#ifndef UPSKILL_XAPI_H
#define UPSKILL_XAPI_H

#include <stddef.h>

#include "course.h"
#include "store-events.h"
#include "util.h"

#define XAPI_VERSION "1.0.3"

#define XAPI_VERB_ATTEMPTED "http://adlnet.gov/expapi/verbs/attempted"
#define XAPI_VERB_ANSWERED  "http://adlnet.gov/expapi/verbs/answered"
#define XAPI_VERB_COMPLETED "http://adlnet.gov/expapi/verbs/completed"
#define XAPI_VERB_PASSED    "http://adlnet.gov/expapi/verbs/passed"
#define XAPI_VERB_FAILED    "http://adlnet.gov/expapi/verbs/failed"
/* Ours: the ADL vocabulary has neither. URNs, valid IRIs that name
 * upskill's meaning without pretending to a web page. */
#define XAPI_VERB_ACKNOWLEDGED "urn:upskill:verb:acknowledged"
#define XAPI_VERB_HANDED_OVER  "urn:upskill:verb:handed-over"
/* Context extensions: the event a statement was made from ({"id", "hash"}),
 * the attempt's number in the record, practice, an acknowledgement at a
 * kiosk; the policy version and text hash acknowledged. */
#define XAPI_EXT_EVENT       "urn:upskill:extension:event"
#define XAPI_EXT_ATTEMPT     "urn:upskill:extension:attempt"
#define XAPI_EXT_PRACTICE    "urn:upskill:extension:practice"
#define XAPI_EXT_KIOSK       "urn:upskill:extension:kiosk"
#define XAPI_EXT_POLICY      "urn:upskill:extension:policy-version"
#define XAPI_EXT_TEXT_SHA256 "urn:upskill:extension:text-sha256"

struct xapi_statement {
	char id[37];      /* the statement id, a UUID */
	const char *verb; /* one of XAPI_VERB_*, static */
	long long event;  /* the event it was made from */
	char *json;       /* the statement, one line of JSON; owned */
};

/* What the builder is given besides the event: the organisation's home
 * page (accounts and activity ids live under it) and the loaded modules,
 * for names and interaction definitions (module may return NULL: a module
 * no longer loaded gives statements without definitions). */
struct xapi_source {
	const char *home_page;
	const struct course *(*module)(void *ctx, const char *id);
	void *ctx;
};

/* Appends the statements event e makes (none for other kinds) to *out,
 * growing *n (the caller frees with xapi_statements_free). -1 with
 * "event N (kind): ..." if its data is not what that kind logs. */
int xapi_from_event(const struct xapi_source *src, const struct store_event *e,
                    struct xapi_statement **out, size_t *n, char **err);
void xapi_statements_free(struct xapi_statement *s, size_t n);

/* The statement id for verb made from the event whose chain hash is
 * event_hash: a UUID version 8 (RFC 9562) from SHA-256 over both. */
void xapi_statement_id(const char *event_hash, const char *verb, char out[37]);
/* The record's "2026-03-02T09:00:00Z" as xAPI's UTC timestamp with
 * milliseconds, "2026-03-02T09:00:00.000Z". */
void xapi_timestamp(const char *at, char out[32]);

/* The interactionType of a question type (scenario is "choice"). */
const char *xapi_interaction_type(enum question_type t);
/* The activity definition of a question (type, name, description,
 * interactionType, correctResponsesPattern and the components), as a
 * JSON object appended to sb. */
void xapi_add_definition(struct strbuf *sb, const struct question *q);
/* correctResponsesPattern alone, as a JSON array; the caller frees it. */
char *xapi_correct_pattern(const struct question *q);
/* A stored answer (quiz.h's canonical form) in xAPI's response syntax for
 * q; the stored text itself if it no longer fits q. The caller frees it. */
char *xapi_response(const struct question *q, const char *stored);

#endif
