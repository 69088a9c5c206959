/*
 * The xAPI statement builder: each interaction type's
 * correctResponsesPattern and response syntax (on the end-to-end tests'
 * module, which has one question of each type, and on questions built as
 * structs for the variants it lacks), statement ids (a fixed vector, the
 * same event always giving the same id, one per verb), timestamps with
 * milliseconds, and whole statements read back with json.c; and the
 * store's side: the events read, what was sent kept per LRS, once, and
 * outside the chain that verify checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "course.h"
#include "json.h"
#include "store-events.h"
#include "store-policy.h"
#include "store-xapi.h"
#include "xapi.h"

#define HOME "https://training.example.org/acme/"
#define HASH "fcfabdd08c8769bc4d7cb9c4d31ea62326e62e40c945b7dcbd80e6d731860cde"

static struct course *basics;

static int load(void **state)
{
	struct programme *p = NULL;
	struct strlist errors;

	(void)state;
	strlist_init(&errors);
	if (course_load_file("tests/e2e/courses/basics.xml", &basics, &p, &errors) < 0)
		return -1;
	strlist_release(&errors);
	return 0;
}

static int unload(void **state)
{
	(void)state;
	course_free(basics);
	return 0;
}

static const struct question *question(const char *id)
{
	for (size_t i = 0; i < basics->quiz.nquestions; i++)
		if (strcmp(basics->quiz.questions[i].id, id) == 0)
			return &basics->quiz.questions[i];
	fail_msg("no question '%s'", id);
	return NULL;
}

static void expect_pattern(const char *id, const char *type, const char *want)
{
	const struct question *q = question(id);
	char *got = xapi_correct_pattern(q);

	assert_string_equal(xapi_interaction_type(q->type), type);
	assert_string_equal(got, want);
	free(got);
}

static void test_patterns(void **state)
{
	(void)state;
	expect_pattern("speed", "choice", "[\"1\"]");
	expect_pattern("good-reply", "choice", "[\"0[,]1\"]");
	expect_pattern("delete", "true-false", "[\"false\"]");
	expect_pattern("sign", "fill-in",
	               "[\"{case_matters=false}your name\",\"{case_matters=false}initials\"]");
	expect_pattern("hours", "numeric", "[\"20[:]28\"]");
	expect_pattern("steps", "sequencing", "[\"0[,]1[,]2\"]");
	expect_pattern("who", "matching", "[\"L0[.]R0[,]L1[.]R1\"]");
	/* A scenario is a choice, its situation part of the description. */
	expect_pattern("viral", "choice", "[\"0\"]");
}

/* The variants the module lacks: case that matters, an exact number, a
 * statement that is true. */
static void test_pattern_variants(void **state)
{
	struct choice tf[] = {{.text = (char *)"True", .correct = true}, {.text = (char *)"False"}};
	char *accepted[] = {(char *)"BBC", (char *)"The BBC"};
	struct question q = {.id = (char *)"q", .prompt = (char *)"p", .weight = 1};
	char *got;

	(void)state;
	q.type = Q_SHORT;
	q.accepted = accepted;
	q.naccepted = 2;
	q.case_sensitive = true;
	got = xapi_correct_pattern(&q);
	assert_string_equal(got, "[\"{case_matters=true}BBC\",\"{case_matters=true}The BBC\"]");
	free(got);
	memset(&q, 0, sizeof(q));
	q.type = Q_NUMERIC;
	q.answer = 12.5;
	got = xapi_correct_pattern(&q);
	assert_string_equal(got, "[\"12.5\"]");
	free(got);
	q.type = Q_TRUEFALSE;
	q.choices = tf;
	q.nchoices = 2;
	got = xapi_correct_pattern(&q);
	assert_string_equal(got, "[\"true\"]");
	free(got);
}

static void expect_response(const char *id, const char *stored, const char *want)
{
	char *got = xapi_response(question(id), stored);

	assert_string_equal(got, want);
	free(got);
}

static void test_responses(void **state)
{
	(void)state;
	expect_response("speed", "2", "2");
	expect_response("good-reply", "0,2", "0[,]2");
	expect_response("delete", "0", "true");
	expect_response("delete", "1", "false");
	expect_response("sign", "Your Name", "Your Name");
	expect_response("hours", "30", "30");
	expect_response("steps", "2,0,1", "2[,]0[,]1");
	/* picks[i] is the pair whose right-hand side went with left i. */
	expect_response("who", "1,0", "L0[.]R1[,]L1[.]R0");
	expect_response("viral", "1", "1");
	/* A stored answer that no longer fits the question is sent as stored. */
	expect_response("speed", "7", "7");
}

static void test_ids(void **state)
{
	char a[37], b[37], c[37];

	(void)state;
	/* The vector, also computed in Python by tests/e2e/xapi.sh's rule:
	 * SHA-256("upskill-xapi-1\n" hash "\n" verb), version 8, RFC 4122
	 * variant. */
	xapi_statement_id(HASH, XAPI_VERB_ATTEMPTED, a);
	assert_string_equal(a, "0e12bb31-ea56-820b-9ddd-c3f65637b6bd");
	xapi_statement_id(HASH, XAPI_VERB_COMPLETED, b);
	assert_string_equal(b, "4254afcc-551f-828c-8004-6e0eaad059aa");
	xapi_statement_id(HASH, XAPI_VERB_ATTEMPTED, c);
	assert_string_equal(a, c);
	xapi_statement_id("0" HASH, XAPI_VERB_ATTEMPTED, c);
	assert_string_not_equal(a, c);
	assert_int_equal(c[14], '8');
	assert_non_null(strchr("89ab", c[19]));
}

static void test_timestamps(void **state)
{
	char out[32];

	(void)state;
	xapi_timestamp("2026-03-02T09:00:00Z", out);
	assert_string_equal(out, "2026-03-02T09:00:00.000Z");
	xapi_timestamp("2026-12-31T23:59:59Z", out);
	assert_string_equal(out, "2026-12-31T23:59:59.000Z");
}

static const struct course *module_of(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, basics->id) == 0 ? basics : NULL;
}

static struct store_event event(long long id, const char *kind, const char *subject,
                                const char *data)
{
	struct store_event e = {.id = id,
	                        .at = (char *)"2026-03-03T09:00:00Z",
	                        .kind = (char *)kind,
	                        .actor = 2,
	                        .learner = 2,
	                        .subject = (char *)subject,
	                        .data = (char *)data,
	                        .prev = (char *)"",
	                        .hash = (char *)HASH};
	return e;
}

static struct json *parse(const char *text)
{
	char *err = NULL;
	struct json *j = json_parse(text, strlen(text), &err);

	assert_null(err);
	assert_non_null(j);
	return j;
}

static const char *path_string(const struct json *j, const char *a, const char *b, const char *c)
{
	const struct json *v = json_get(j, a);

	if (b)
		v = json_get(v, b);
	if (c)
		v = json_get(v, c);
	assert_non_null(v);
	return v->text;
}

static void test_answer_statement(void **state)
{
	const struct xapi_source src = {.home_page = HOME, .module = module_of};
	struct store_event e = event(14, "answer", "basics",
	                             "{\"attempt\":1,\"question\":\"who\",\"response\":\"1,0\","
	                             "\"fraction\":0.0000,\"weight\":2.0000,\"version\":\"1.0\"}");
	struct xapi_statement *s = NULL;
	size_t n = 0;
	char *err = NULL;
	struct json *j, *again;

	(void)state;
	assert_int_equal(xapi_from_event(&src, &e, &s, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].event, 14);
	assert_string_equal(s[0].verb, XAPI_VERB_ANSWERED);
	j = parse(s[0].json);
	assert_string_equal(path_string(j, "id", NULL, NULL), s[0].id);
	assert_string_equal(path_string(j, "actor", "account", "homePage"), HOME);
	assert_string_equal(path_string(j, "actor", "account", "name"), "2");
	assert_string_equal(path_string(j, "timestamp", NULL, NULL), "2026-03-03T09:00:00.000Z");
	/* The trailing slash of the home page is not doubled. */
	assert_string_equal(
	        path_string(j, "object", "id", NULL),
	        "https://training.example.org/acme/upskill/modules/basics/questions/who");
	assert_string_equal(path_string(j, "object", "definition", "interactionType"), "matching");
	assert_string_equal(path_string(j, "result", "response", NULL), "L0[.]R1[,]L1[.]R0");
	assert_int_equal(json_get(json_get(j, "result"), "success")->type, JSON_FALSE);
	assert_string_equal(path_string(json_get(j, "result"), "score", "max", NULL), "2");
	assert_string_equal(path_string(json_get(j, "result"), "score", "raw", NULL), "0");
	/* Made again from the same event: the same statement, byte for byte. */
	xapi_statements_free(s, n);
	s = NULL;
	n = 0;
	assert_int_equal(xapi_from_event(&src, &e, &s, &n, &err), 0);
	again = parse(s[0].json);
	assert_string_equal(path_string(again, "id", NULL, NULL), path_string(j, "id", NULL, NULL));
	json_free(again);
	json_free(j);
	xapi_statements_free(s, n);
}

static void test_finish_statements(void **state)
{
	const struct xapi_source src = {.home_page = HOME, .module = module_of};
	struct store_event e = event(22, "attempt.finish", "basics",
	                             "{\"attempt\":1,\"score\":4.0000,\"max\":8.0000,"
	                             "\"percent\":50.0,\"passed\":false,\"practice\":true}");
	struct xapi_statement *s = NULL;
	size_t n = 0;
	char *err = NULL;
	struct json *j;
	const struct json *ext;

	(void)state;
	assert_int_equal(xapi_from_event(&src, &e, &s, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].verb, XAPI_VERB_COMPLETED);
	assert_string_equal(s[1].verb, XAPI_VERB_FAILED);
	assert_string_not_equal(s[0].id, s[1].id);
	j = parse(s[1].json);
	assert_string_equal(path_string(json_get(j, "result"), "score", "scaled", NULL), "0.5");
	assert_int_equal(json_get(json_get(j, "result"), "success")->type, JSON_FALSE);
	ext = json_get(json_get(j, "context"), "extensions");
	assert_int_equal(json_get(ext, XAPI_EXT_PRACTICE)->type, JSON_TRUE);
	assert_string_equal(json_get(ext, XAPI_EXT_ATTEMPT)->text, "1");
	assert_string_equal(path_string(ext, XAPI_EXT_EVENT, "hash", NULL), HASH);
	json_free(j);
	xapi_statements_free(s, n);
}

static void test_other_events(void **state)
{
	const struct xapi_source src = {.home_page = "https://x.example", .module = module_of};
	struct store_event ack = event(30, "ack", "rules policy",
	                               "{\"policy\":\"rules\",\"version\":\"1.0\","
	                               "\"text_sha256\":\"abc\",\"kiosk\":true}");
	struct store_event other = event(31, "learner.add", "staff", "{\"name\":\"Ann\"}");
	struct store_event bad = event(32, "answer", "basics", "{\"attempt\":1}");
	struct store_event handover =
	        event(33, "duty.handover", "replies", "{\"duty\":\"replies\"}");
	struct xapi_statement *s = NULL;
	size_t n = 0;
	char *err = NULL;
	struct json *j;

	(void)state;
	assert_int_equal(xapi_from_event(&src, &other, &s, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(xapi_from_event(&src, &bad, &s, &n, &err), -1);
	assert_string_equal(err, "event 32 (answer): a field is missing from its data");
	free(err);
	err = NULL;
	assert_int_equal(n, 0);
	assert_int_equal(xapi_from_event(&src, &ack, &s, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(s[0].verb, XAPI_VERB_ACKNOWLEDGED);
	j = parse(s[0].json);
	/* Ids in IRIs are percent-encoded. */
	assert_string_equal(path_string(j, "object", "id", NULL),
	                    "https://x.example/upskill/policies/rules%20policy");
	assert_int_equal(
	        json_get(json_get(json_get(j, "context"), "extensions"), XAPI_EXT_KIOSK)->type,
	        JSON_TRUE);
	json_free(j);
	handover.actor = 1;
	assert_int_equal(xapi_from_event(&src, &handover, &s, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[1].verb, XAPI_VERB_HANDED_OVER);
	j = parse(s[1].json);
	assert_string_equal(path_string(j, "actor", "account", "name"), "2");
	assert_string_equal(path_string(json_get(j, "context"), "instructor", "account", "name"),
	                    "1");
	json_free(j);
	xapi_statements_free(s, n);
}

static void test_store(void **state)
{
	char dir[] = "/tmp/upskill-xapi-XXXXXX", *path, *cmd, *err = NULL;
	struct store *st = NULL;
	struct store_event *events = NULL;
	struct store_verify v;
	struct strlist sent;
	long long ann = 0;
	size_t n = 0;
	const char *ids[] = {"b-second", "a-first"};
	long long from[2];

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/test.db", dir);
	assert_int_equal(store_open(path, &st, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, &ann, &err), 0);
	assert_int_equal(store_ack_add(st, ann, "rules", "1.0", HASH, false, &err), 0);
	/* Of the events so far (the learner added, the ack), only the ack. */
	assert_int_equal(store_xapi_events(st, NULL, &events, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(events[0].kind, "ack");
	from[0] = from[1] = events[0].id;
	assert_int_equal(store_xapi_mark_sent(st, "http://lrs/xAPI", ids, from, 2, &err), 0);
	/* Marked again (a resend): still once each. */
	assert_int_equal(store_xapi_mark_sent(st, "http://lrs/xAPI", ids, from, 1, &err), 0);
	strlist_init(&sent);
	assert_int_equal(store_xapi_sent(st, "http://lrs/xAPI", &sent, &err), 0);
	assert_int_equal(sent.n, 2);
	assert_string_equal(sent.items[0], "a-first");
	assert_string_equal(sent.items[1], "b-second");
	strlist_release(&sent);
	strlist_init(&sent);
	assert_int_equal(store_xapi_sent(st, "http://other/xAPI", &sent, &err), 0);
	assert_int_equal(sent.n, 0);
	strlist_release(&sent);
	/* A later --since leaves it out. */
	store_event_release(&events[0]);
	free(events);
	assert_int_equal(store_xapi_events(st, "2999-01-01T00:00:00Z", &events, &n, &err), 0);
	assert_int_equal(n, 0);
	free(events);
	/* Bookkeeping is not the record: it verifies, with the same events. */
	memset(&v, 0, sizeof(v));
	assert_int_equal(store_verify(st, &v, &err), 0);
	assert_int_equal(v.events, 2);
	store_verify_release(&v);
	store_close(st);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_patterns),
	        cmocka_unit_test(test_pattern_variants),
	        cmocka_unit_test(test_responses),
	        cmocka_unit_test(test_ids),
	        cmocka_unit_test(test_timestamps),
	        cmocka_unit_test(test_answer_statement),
	        cmocka_unit_test(test_finish_statements),
	        cmocka_unit_test(test_other_events),
	        cmocka_unit_test(test_store),
	};

	return cmocka_run_group_tests_name("xapi", tests, load, unload);
}
