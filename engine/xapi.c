/*
 * xAPI statements made from the record's events: see xapi.h and
 * docs/xapi.md. Pure: the events, the loaded modules and the organisation's
 * home page come in; JSON text goes out.
 */
#include "xapi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "json.h"
#include "interop.h"
#include "quiz.h"

#define LANG "en"

#define ACTIVITY_ASSESSMENT  "http://adlnet.gov/expapi/activities/assessment"
#define ACTIVITY_INTERACTION "http://adlnet.gov/expapi/activities/cmi.interaction"
#define ACTIVITY_POLICY      "urn:upskill:activity-type:policy"
#define ACTIVITY_DUTY        "urn:upskill:activity-type:duty"

void xapi_statement_id(const char *event_hash, const char *verb, char out[37])
{
	static const char tag[] = "upskill-xapi-1\n";
	const void *parts[] = {tag, event_hash, "\n", verb};
	size_t lens[] = {sizeof(tag) - 1, strlen(event_hash), 1, strlen(verb)};
	unsigned char h[32];
	char *p = out;

	digest_sha256_parts(parts, lens, 4, h);
	/* RFC 9562 version 8 (custom) and the RFC 4122 variant: the rest of the
	 * 128 bits are the hash's. */
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = "0123456789abcdef"[h[i] >> 4];
		*p++ = "0123456789abcdef"[h[i] & 15];
	}
	*p = '\0';
}

void xapi_timestamp(const char *at, char out[32])
{
	size_t len = strlen(at);

	/* The record keeps whole seconds, "YYYY-MM-DDTHH:MM:SSZ". */
	if (len == 20 && at[19] == 'Z')
		snprintf(out, 32, "%.19s.000Z", at);
	else
		snprintf(out, 32, "%.31s", at);
}

const char *xapi_interaction_type(enum question_type t)
{
	switch (t) {
	case Q_TRUEFALSE:
		return "true-false";
	case Q_SHORT:
		return "fill-in";
	case Q_NUMERIC:
		return "numeric";
	case Q_ORDERING:
		return "sequencing";
	case Q_MATCHING:
		return "matching";
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
		break;
	}
	return "choice";
}

/* A number as JSON (C locale: the program never sets LC_NUMERIC). */
static void add_number(struct strbuf *sb, double v)
{
	if (!isfinite(v))
		v = 0;
	if (v == 0)
		v = 0; /* no "-0" */
	strbuf_addf(sb, "%.10g", v);
}

static bool is_true_choice(const struct question *q, size_t i)
{
	return i < q->nchoices && strcmp(q->choices[i].text, "True") == 0;
}

/* The pattern's text for one question, without the JSON around it. */
static void add_patterns(struct strbuf *sb, const struct question *q)
{
	bool first = true;
	struct strbuf one;

	strbuf_init(&one);
	strbuf_addc(sb, '[');
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
		/* One pattern: the correct choices, all of them, in any order. */
		for (size_t i = 0; i < q->nchoices; i++) {
			if (!q->choices[i].correct)
				continue;
			strbuf_addf(&one, "%s%zu", first ? "" : "[,]", i);
			first = false;
		}
		strbuf_add_json(sb, one.buf);
		break;
	case Q_TRUEFALSE:
		for (size_t i = 0; i < q->nchoices; i++)
			if (q->choices[i].correct)
				strbuf_add_json(sb, is_true_choice(q, i) ? "true" : "false");
		break;
	case Q_SHORT: {
		/* Each accepted answer is a pattern of its own, and so is each
		 * form its synonyms add. */
		struct strlist extra;

		quiz_short_synonym_forms(q, &extra, INTEROP_SYNONYM_FORMS);
		for (size_t i = 0; i < q->naccepted + extra.n; i++) {
			strbuf_release(&one);
			strbuf_init(&one);
			strbuf_addf(
			        &one, "{case_matters=%s}%s", q->case_sensitive ? "true" : "false",
			        i < q->naccepted ? q->accepted[i] : extra.items[i - q->naccepted]);
			if (i)
				strbuf_addc(sb, ',');
			strbuf_add_json(sb, one.buf);
		}
		strlist_release(&extra);
		break;
	}
	case Q_NUMERIC:
		if (q->tolerance > 0) {
			add_number(&one, q->answer - q->tolerance);
			strbuf_adds(&one, "[:]");
			add_number(&one, q->answer + q->tolerance);
		} else {
			add_number(&one, q->answer);
		}
		strbuf_add_json(sb, one.buf);
		break;
	case Q_ORDERING:
		/* The items are kept in their correct order. */
		for (size_t i = 0; i < q->nchoices; i++)
			strbuf_addf(&one, "%s%zu", i ? "[,]" : "", i);
		strbuf_add_json(sb, one.buf);
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < q->npairs; i++)
			strbuf_addf(&one, "%sL%zu[.]R%zu", i ? "[,]" : "", i, i);
		strbuf_add_json(sb, one.buf);
		break;
	}
	strbuf_addc(sb, ']');
	strbuf_release(&one);
}

char *xapi_correct_pattern(const struct question *q)
{
	struct strbuf sb;

	strbuf_init(&sb);
	add_patterns(&sb, q);
	return strbuf_detach(&sb);
}

static void add_lang(struct strbuf *sb, const char *text)
{
	strbuf_adds(sb, "{\"" LANG "\":");
	strbuf_add_json(sb, text);
	strbuf_addc(sb, '}');
}

static void add_component(struct strbuf *sb, bool first, const char *prefix, size_t i,
                          const char *text)
{
	strbuf_addf(sb, "%s{\"id\":\"%s%zu\",\"description\":", first ? "" : ",", prefix, i);
	add_lang(sb, text);
	strbuf_addc(sb, '}');
}

void xapi_add_definition(struct strbuf *sb, const struct question *q)
{
	strbuf_adds(sb, "{\"type\":\"" ACTIVITY_INTERACTION "\",\"name\":");
	add_lang(sb, q->id);
	strbuf_adds(sb, ",\"description\":");
	if (q->type == Q_SCENARIO && q->situation) {
		char *both = xasprintf("%s\n\n%s", q->situation, q->prompt);
		add_lang(sb, both);
		free(both);
	} else {
		add_lang(sb, q->prompt);
	}
	strbuf_addf(sb, ",\"interactionType\":\"%s\",\"correctResponsesPattern\":",
	            xapi_interaction_type(q->type));
	add_patterns(sb, q);
	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
	case Q_ORDERING:
		strbuf_adds(sb, q->type == Q_ORDERING ? ",\"choices\":[" : ",\"choices\":[");
		for (size_t i = 0; i < q->nchoices; i++)
			add_component(sb, i == 0, "", i, q->choices[i].text);
		strbuf_addc(sb, ']');
		break;
	case Q_MATCHING:
		strbuf_adds(sb, ",\"source\":[");
		for (size_t i = 0; i < q->npairs; i++)
			add_component(sb, i == 0, "L", i, q->pairs[i].left);
		strbuf_adds(sb, "],\"target\":[");
		for (size_t i = 0; i < q->npairs; i++)
			add_component(sb, i == 0, "R", i, q->pairs[i].right);
		strbuf_addc(sb, ']');
		break;
	case Q_TRUEFALSE:
	case Q_SHORT:
	case Q_NUMERIC:
		break;
	}
	strbuf_addc(sb, '}');
}

char *xapi_response(const struct question *q, const char *stored)
{
	struct quiz_response r;
	struct strbuf sb;
	char *why = NULL;

	quiz_response_init(&r);
	if (quiz_response_decode(q, stored, &r, &why) < 0) {
		free(why);
		return xstrdup(stored);
	}
	strbuf_init(&sb);
	switch (q->type) {
	case Q_TRUEFALSE:
		strbuf_adds(&sb, r.npicks && is_true_choice(q, r.picks[0]) ? "true" : "false");
		break;
	case Q_SHORT:
		strbuf_adds(&sb, r.text ? r.text : "");
		break;
	case Q_NUMERIC:
		add_number(&sb, r.number);
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < r.npicks; i++)
			strbuf_addf(&sb, "%sL%zu[.]R%zu", i ? "[,]" : "", i, r.picks[i]);
		break;
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_SCENARIO:
	case Q_ORDERING:
		for (size_t i = 0; i < r.npicks; i++)
			strbuf_addf(&sb, "%s%zu", i ? "[,]" : "", r.picks[i]);
		break;
	}
	quiz_response_release(&r);
	return strbuf_detach(&sb);
}

/* ---- statements ---- */

/* An id as one segment of an IRI path: unreserved characters kept, the
 * rest percent-encoded. */
static void add_segment(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			strbuf_addc(sb, (char)*p);
		else
			strbuf_addf(sb, "%%%02X", *p);
	}
}

/* "<home page>/upskill/<kind>/<id>[/questions/<question>]" */
static char *activity_id(const char *home, const char *kind, const char *id, const char *question)
{
	struct strbuf sb;
	size_t len = strlen(home);

	strbuf_init(&sb);
	while (len > 0 && home[len - 1] == '/')
		len--;
	strbuf_add(&sb, home, len);
	strbuf_addf(&sb, "/upskill/%s/", kind);
	add_segment(&sb, id);
	if (question) {
		strbuf_adds(&sb, "/questions/");
		add_segment(&sb, question);
	}
	return strbuf_detach(&sb);
}

static void add_agent(struct strbuf *sb, const char *home, long long learner)
{
	char name[24];

	snprintf(name, sizeof(name), "%lld", learner);
	strbuf_adds(sb, "{\"objectType\":\"Agent\",\"account\":{\"homePage\":");
	strbuf_add_json(sb, home);
	strbuf_adds(sb, ",\"name\":");
	strbuf_add_json(sb, name);
	strbuf_adds(sb, "}}");
}

static const char *verb_word(const char *verb)
{
	const char *end = strrchr(verb, ':'), *slash = strrchr(verb, '/');

	if (slash && (!end || slash > end))
		end = slash;
	return end ? end + 1 : verb;
}

/* An activity with a definition of type and, if known, a name. */
static void add_activity(struct strbuf *sb, const char *id, const char *type, const char *name)
{
	strbuf_adds(sb, "{\"objectType\":\"Activity\",\"id\":");
	strbuf_add_json(sb, id);
	strbuf_adds(sb, ",\"definition\":{\"type\":");
	strbuf_add_json(sb, type);
	if (name) {
		strbuf_adds(sb, ",\"name\":");
		add_lang(sb, name);
	}
	strbuf_adds(sb, "}}");
}

static void add_score(struct strbuf *sb, double raw, double max)
{
	double min = raw < 0 ? raw : 0, scaled = max > 0 ? raw / max : 0;

	if (scaled > 1)
		scaled = 1;
	if (scaled < -1)
		scaled = -1;
	if (raw > max)
		max = raw;
	strbuf_adds(sb, "\"score\":{\"scaled\":");
	add_number(sb, scaled);
	strbuf_adds(sb, ",\"raw\":");
	add_number(sb, raw);
	strbuf_adds(sb, ",\"min\":");
	add_number(sb, min);
	strbuf_adds(sb, ",\"max\":");
	add_number(sb, max);
	strbuf_addc(sb, '}');
}

/* What every statement of one event shares, and the parts that differ. */
struct build {
	const struct xapi_source *src;
	const struct store_event *e;
	long long actor; /* whom the statement is about */
	const char *verb;
	struct strbuf object; /* the object, as JSON */
	struct strbuf result; /* the result's members, or "" */
	struct strbuf ext;    /* context extensions' members after the event's */
	char *parent;         /* a parent activity id, or NULL */
	long long instructor; /* 0 for none */
};

static void build_init(struct build *b, const struct xapi_source *src, const struct store_event *e)
{
	memset(b, 0, sizeof(*b));
	b->src = src;
	b->e = e;
	b->actor = e->learner;
	strbuf_init(&b->object);
	strbuf_init(&b->result);
	strbuf_init(&b->ext);
}

static void build_release(struct build *b)
{
	strbuf_release(&b->object);
	strbuf_release(&b->result);
	strbuf_release(&b->ext);
	free(b->parent);
}

static void emit(struct build *b, const char *verb, const char *result, struct xapi_statement **out,
                 size_t *n)
{
	struct xapi_statement *st;
	struct strbuf sb;
	char ts[32];

	*out = xrealloc(*out, (*n + 1) * sizeof(**out));
	st = &(*out)[(*n)++];
	memset(st, 0, sizeof(*st));
	xapi_statement_id(b->e->hash, verb, st->id);
	st->verb = verb;
	st->event = b->e->id;
	xapi_timestamp(b->e->at, ts);
	strbuf_init(&sb);
	strbuf_addf(&sb, "{\"id\":\"%s\",\"actor\":", st->id);
	add_agent(&sb, b->src->home_page, b->actor);
	strbuf_adds(&sb, ",\"verb\":{\"id\":");
	strbuf_add_json(&sb, verb);
	strbuf_adds(&sb, ",\"display\":{\"en-US\":");
	strbuf_add_json(&sb, verb_word(verb));
	strbuf_adds(&sb, "}},\"object\":");
	strbuf_adds(&sb, b->object.buf);
	if (result && *result)
		strbuf_addf(&sb, ",\"result\":{%s}", result);
	strbuf_adds(&sb, ",\"context\":{\"platform\":\"upskill\",\"language\":\"" LANG "\"");
	if (b->instructor) {
		strbuf_adds(&sb, ",\"instructor\":");
		add_agent(&sb, b->src->home_page, b->instructor);
	}
	if (b->parent) {
		strbuf_adds(&sb, ",\"contextActivities\":{\"parent\":[{\"objectType\":\"Activity\","
		                 "\"id\":");
		strbuf_add_json(&sb, b->parent);
		strbuf_adds(&sb, "}]}");
	}
	strbuf_addf(&sb,
	            ",\"extensions\":{\"" XAPI_EXT_EVENT "\":{\"id\":%lld,\"hash\":", b->e->id);
	strbuf_add_json(&sb, b->e->hash);
	strbuf_addf(&sb, "}%s}}", b->ext.buf);
	strbuf_addf(&sb, ",\"timestamp\":\"%s\"}", ts);
	st->json = strbuf_detach(&sb);
}

static const struct course *find_module(const struct xapi_source *src, const char *id)
{
	return src->module ? src->module(src->ctx, id) : NULL;
}

static const struct question *find_question(const struct course *c, const char *id)
{
	for (size_t i = 0; c && i < c->quiz.nquestions; i++)
		if (strcmp(c->quiz.questions[i].id, id) == 0)
			return &c->quiz.questions[i];
	return NULL;
}

/* A member's number, written as JSON numbers are; -1 if missing. */
static int get_number(const struct json *j, const char *key, double *out)
{
	const struct json *v = json_get(j, key);
	char *end;

	if (!v || v->type != JSON_NUMBER)
		return -1;
	*out = strtod(v->text, &end);
	return *end ? -1 : 0;
}

static bool get_bool(const struct json *j, const char *key)
{
	const struct json *v = json_get(j, key);

	return v && v->type == JSON_TRUE;
}

static void module_object(struct build *b, const char *module)
{
	const struct course *c = find_module(b->src, module);
	char *id = activity_id(b->src->home_page, "modules", module, NULL);

	add_activity(&b->object, id, ACTIVITY_ASSESSMENT, c ? c->title : NULL);
	free(id);
}

static int from_answer(struct build *b, const struct json *d, struct xapi_statement **out,
                       size_t *n)
{
	const char *module = b->e->subject, *qid = json_get_string(d, "question");
	const char *response = json_get_string(d, "response");
	const struct question *q = find_question(find_module(b->src, module), qid ? qid : "");
	double fraction, weight;
	uint64_t attempt;
	char *id, *text;

	if (!qid || !response || get_number(d, "fraction", &fraction) < 0 ||
	    get_number(d, "weight", &weight) < 0 || json_get_uint(d, "attempt", &attempt) < 0)
		return -1;
	id = activity_id(b->src->home_page, "modules", module, qid);
	strbuf_adds(&b->object, "{\"objectType\":\"Activity\",\"id\":");
	strbuf_add_json(&b->object, id);
	free(id);
	if (q) {
		strbuf_adds(&b->object, ",\"definition\":");
		xapi_add_definition(&b->object, q);
	} else {
		strbuf_adds(&b->object, ",\"definition\":{\"type\":\"" ACTIVITY_INTERACTION "\"}");
	}
	strbuf_addc(&b->object, '}');
	b->parent = activity_id(b->src->home_page, "modules", module, NULL);
	strbuf_addf(&b->ext, ",\"" XAPI_EXT_ATTEMPT "\":%llu", (unsigned long long)attempt);
	add_score(&b->result, fraction * weight, weight);
	strbuf_addf(&b->result,
	            ",\"success\":%s,\"response\":", fraction >= 0.9999 ? "true" : "false");
	text = q ? xapi_response(q, response) : xstrdup(response);
	strbuf_add_json(&b->result, text);
	free(text);
	emit(b, XAPI_VERB_ANSWERED, b->result.buf, out, n);
	return 0;
}

static int from_finish(struct build *b, const struct json *d, struct xapi_statement **out,
                       size_t *n)
{
	double score, max;
	uint64_t attempt;
	bool passed = get_bool(d, "passed");
	struct strbuf done;

	if (get_number(d, "score", &score) < 0 || get_number(d, "max", &max) < 0 ||
	    json_get_uint(d, "attempt", &attempt) < 0)
		return -1;
	module_object(b, b->e->subject);
	strbuf_addf(&b->ext, ",\"" XAPI_EXT_ATTEMPT "\":%llu", (unsigned long long)attempt);
	if (get_bool(d, "practice"))
		strbuf_adds(&b->ext, ",\"" XAPI_EXT_PRACTICE "\":true");
	strbuf_init(&done);
	add_score(&done, score, max);
	strbuf_adds(&done, ",\"completion\":true");
	emit(b, XAPI_VERB_COMPLETED, done.buf, out, n);
	strbuf_addf(&done, ",\"success\":%s", passed ? "true" : "false");
	emit(b, passed ? XAPI_VERB_PASSED : XAPI_VERB_FAILED, done.buf, out, n);
	strbuf_release(&done);
	return 0;
}

static int from_ack(struct build *b, const struct json *d, struct xapi_statement **out, size_t *n)
{
	const char *version = json_get_string(d, "version");
	const char *text = json_get_string(d, "text_sha256");
	const struct course *c = find_module(b->src, b->e->subject);
	char *id;

	if (!version || !text)
		return -1;
	id = activity_id(b->src->home_page, "policies", b->e->subject, NULL);
	add_activity(&b->object, id, ACTIVITY_POLICY, c ? c->title : NULL);
	free(id);
	strbuf_adds(&b->ext, ",\"" XAPI_EXT_POLICY "\":");
	strbuf_add_json(&b->ext, version);
	strbuf_adds(&b->ext, ",\"" XAPI_EXT_TEXT_SHA256 "\":");
	strbuf_add_json(&b->ext, text);
	if (get_bool(d, "kiosk"))
		strbuf_adds(&b->ext, ",\"" XAPI_EXT_KIOSK "\":true");
	emit(b, XAPI_VERB_ACKNOWLEDGED, NULL, out, n);
	return 0;
}

static int from_handover(struct build *b, struct xapi_statement **out, size_t *n)
{
	char *id = activity_id(b->src->home_page, "duties", b->e->subject, NULL);

	add_activity(&b->object, id, ACTIVITY_DUTY, NULL);
	free(id);
	/* The statement is about the person the duty went to; whoever handed
	 * it over is the instructor. */
	if (b->e->actor && b->e->actor != b->e->learner)
		b->instructor = b->e->actor;
	emit(b, XAPI_VERB_HANDED_OVER, NULL, out, n);
	return 0;
}

int xapi_from_event(const struct xapi_source *src, const struct store_event *e,
                    struct xapi_statement **out, size_t *n, char **err)
{
	struct build b;
	struct json *d = NULL;
	char *why = NULL;
	int rc = 0;
	uint64_t attempt;

	if (strcmp(e->kind, "attempt.start") != 0 && strcmp(e->kind, "answer") != 0 &&
	    strcmp(e->kind, "attempt.finish") != 0 && strcmp(e->kind, "ack") != 0 &&
	    strcmp(e->kind, "duty.handover") != 0)
		return 0;
	d = json_parse(e->data, strlen(e->data), &why);
	if (!d || d->type != JSON_OBJECT || e->learner <= 0 || !*e->subject) {
		util_error(err, "event %lld (%s): not what that kind logs%s%s", e->id, e->kind,
		           why ? ": " : "", why ? why : "");
		free(why);
		json_free(d);
		return -1;
	}
	build_init(&b, src, e);
	if (strcmp(e->kind, "attempt.start") == 0) {
		rc = json_get_uint(d, "attempt", &attempt);
		if (rc == 0) {
			module_object(&b, e->subject);
			strbuf_addf(&b.ext, ",\"" XAPI_EXT_ATTEMPT "\":%llu",
			            (unsigned long long)attempt);
			emit(&b, XAPI_VERB_ATTEMPTED, NULL, out, n);
		}
	} else if (strcmp(e->kind, "answer") == 0) {
		rc = from_answer(&b, d, out, n);
	} else if (strcmp(e->kind, "attempt.finish") == 0) {
		rc = from_finish(&b, d, out, n);
	} else if (strcmp(e->kind, "ack") == 0) {
		rc = from_ack(&b, d, out, n);
	} else {
		rc = from_handover(&b, out, n);
	}
	if (rc < 0)
		util_error(err, "event %lld (%s): a field is missing from its data", e->id,
		           e->kind);
	build_release(&b);
	json_free(d);
	return rc;
}

void xapi_statements_free(struct xapi_statement *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].json);
	free(s);
}
