/*
 * The consultant's reports: the arithmetic of reports.c at its edges (the
 * discrimination index on a worked example), the CSV and JSON writers, and
 * every report command over a fixture record whose numbers are worked out by
 * hand below, checked byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "course.h"
#include "fixture.h"
#include "publish.h"
#include "store-publish.h"
#include "policy.h"
#include "report.h"
#include "reports.h"
#include "session.h"
#include "store.h"
#include "util.h"
#include "store-events.h"
#include "store-learning.h"
#include "store-policy.h"

/* ---- reports.c ---- */

static void test_median(void **state)
{
	double odd[] = {3, 1, 2};
	double even[] = {4, 1, 3, 2};
	double one[] = {7};
	double m = -1;

	(void)state;
	assert_true(reports_median(odd, 3, &m));
	assert_true(m == 2);
	assert_true(reports_median(even, 4, &m));
	assert_true(m == 2.5);
	assert_true(reports_median(one, 1, &m));
	assert_true(m == 7);
	assert_false(reports_median(NULL, 0, &m));
	assert_true(m == 0);
}

static void test_group_size(void **state)
{
	(void)state;
	/* 27% of n, to the nearest whole attempt, halves up; at least one;
	 * never more than half, so the groups cannot overlap. */
	assert_int_equal(reports_group_size(0), 0);
	assert_int_equal(reports_group_size(1), 0);
	assert_int_equal(reports_group_size(2), 1);   /* 0.54 -> 1 */
	assert_int_equal(reports_group_size(3), 1);   /* 0.81 -> 1 */
	assert_int_equal(reports_group_size(4), 1);   /* 1.08 -> 1 */
	assert_int_equal(reports_group_size(6), 2);   /* 1.62 -> 2 */
	assert_int_equal(reports_group_size(8), 2);   /* 2.16 -> 2 */
	assert_int_equal(reports_group_size(10), 3);  /* 2.70 -> 3 */
	assert_int_equal(reports_group_size(50), 14); /* 13.5 -> 14: halves up */
	assert_int_equal(reports_group_size(100), 27);
}

static void test_discrimination_worked(void **state)
{
	/*
	 * Eight attempts, given in no particular order, with their totals
	 * and the fraction each earned on the question:
	 *
	 *   attempt  total  fraction        ranked: 95 (3) 1
	 *      1      60     1                      80 (7) 0.5
	 *      2      20     0                      75 (4) 1
	 *      3      95     1                      60 (1) 1
	 *      4      75     1                      50 (5) 0
	 *      5      50     0                      50 (8) 1     (tie: earlier first)
	 *      6      30     1                      30 (6) 1
	 *      7      80     0.5                    20 (2) 0
	 *      8      50     1
	 *
	 * 27% of 8 is 2.16, so two attempts in each group. Upper: attempts 3
	 * and 7, fractions 1 and 0.5, mean 0.75. Lower: attempts 6 and 2,
	 * fractions 1 and 0, mean 0.5. D = 0.75 - 0.5 = 0.25.
	 */
	struct reports_item items[] = {
	        {60, 1, 1}, {20, 0, 2}, {95, 1, 3},   {75, 1, 4},
	        {50, 0, 5}, {30, 1, 6}, {80, 0.5, 7}, {50, 1, 8},
	};
	double d = -9;

	(void)state;
	assert_true(reports_discrimination(items, 8, &d));
	assert_true(d == 0.25);
	assert_int_equal(items[0].attempt, 3);
	assert_int_equal(items[4].attempt, 5);
	assert_int_equal(items[5].attempt, 8);
	assert_int_equal(items[7].attempt, 2);
}

static void test_discrimination_edges(void **state)
{
	/* Stronger attempts got it wrong, weaker ones right: D = -1. */
	struct reports_item reversed[] = {{100, 0, 1}, {0, 1, 2}};
	/* Everyone right: D = 0, and the question is too easy. */
	struct reports_item all[] = {{90, 1, 1}, {50, 1, 2}, {10, 1, 3}};
	struct reports_item single[] = {{90, 1, 1}};
	double d = 9;

	(void)state;
	assert_true(reports_discrimination(reversed, 2, &d));
	assert_true(d == -1);
	assert_true(reports_discrimination(all, 3, &d));
	assert_true(d == 0);
	/* One attempt is no groups at all. */
	assert_false(reports_discrimination(single, 1, &d));
	assert_true(d == 0);
	assert_false(reports_discrimination(NULL, 0, &d));
}

static void test_flags(void **state)
{
	(void)state;
	assert_string_equal(reports_item_flag(90, true, 0), "too easy");
	assert_string_equal(reports_item_flag(100, true, 0.5), "too easy");
	assert_string_equal(reports_item_flag(89.9, true, 0), "confusing");
	assert_string_equal(reports_item_flag(50, true, -0.25), "confusing");
	assert_string_equal(reports_item_flag(50, true, 0.004), "confusing"); /* shown as 0.00 */
	assert_string_equal(reports_item_flag(50, true, 0.01), "");
	assert_string_equal(reports_item_flag(50, false, 0), "");
}

static void test_item_mark(void **state)
{
	char out[REPORTS_MARK_SIZE];

	(void)state;
	/* Too few answers to judge: nothing, whatever the numbers. */
	assert_string_equal(reports_item_mark(9, 100, true, 0, out), "");
	assert_string_equal(reports_item_mark(10, 90, true, 0.5, out), "too easy");
	assert_string_equal(reports_item_mark(10, 89.9, true, 0.5, out), "");
	assert_string_equal(reports_item_mark(10, 30, true, 0.5, out), "");
	assert_string_equal(reports_item_mark(10, 29.9, true, 0.5, out), "too hard");
	/* D compared as printed: 0.195 shows as 0.20 and is not marked. */
	assert_string_equal(reports_item_mark(10, 50, true, 0.195, out), "");
	assert_string_equal(reports_item_mark(10, 50, true, 0.19, out), "not discriminating");
	assert_string_equal(reports_item_mark(10, 50, false, 0, out), "");
	assert_string_equal(reports_item_mark(40, 100, true, 0, out),
	                    "too easy; not discriminating");
	assert_string_equal(reports_item_mark(40, 0, true, -0.5, out),
	                    "too hard; not discriminating");
}

static void test_most_common(void **state)
{
	const char *values[] = {"b", "2", "a", "b", "a", "c"};
	const char *none[1] = {NULL};
	size_t count = 9;

	(void)state;
	/* a and b twice each: the smaller wins, so the answer is stable. */
	assert_string_equal(reports_most_common(values, 6, &count), "a");
	assert_int_equal(count, 2);
	assert_null(reports_most_common(none, 0, &count));
	assert_int_equal(count, 0);
}

static void test_keys_and_numbers(void **state)
{
	struct {
		char *got;
		const char *want;
	} cases[] = {
	        {reports_key("Day 1: Strategy"), "day_1_strategy"},
	        {reports_key("  Day 2 -- Voice!  "), "day_2_voice"},
	        {reports_key("Ünïcode ok"), "n_code_ok"},
	        {reports_key("::"), ""},
	        {reports_fmt1(87.25), "87.3"}, /* halves away from zero */
	        {reports_fmt1(100), "100.0"},
	        {reports_fmt1(2.0 / 3 * 100), "66.7"},
	        {reports_fmt2(-0.25), "-0.25"},
	        {reports_fmt2(-0.001), "0.00"}, /* never "-0.00" */
	        {reports_fmt2(1.6), "1.60"},
	        {reports_fmt_seconds(32.5), "33"},
	        {reports_fmt_seconds(45), "45"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(cases[i].got, cases[i].want);
		free(cases[i].got);
	}
	{
		/* The buffer forms write what printf and reports_fmt1 would. */
		char buf[REPORTS_NUMBER_SIZE], want[REPORTS_NUMBER_SIZE];
		const long long counts[] = {0,
		                            7,
		                            10,
		                            12345,
		                            -1,
		                            -60,
		                            9223372036854775807LL,
		                            -9223372036854775807LL - 1};
		const double means[] = {0, 87.25, 100, 2.0 / 3 * 100, 0.04, -0.04, -12.35, 99.95};
		for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			snprintf(want, sizeof(want), "%lld", counts[i]);
			assert_string_equal(reports_fmt_count(counts[i], buf), want);
		}
		for (size_t i = 0; i < sizeof(means) / sizeof(means[0]); i++) {
			char *one = reports_fmt1(means[i]);
			assert_string_equal(reports_fmt1_into(means[i], buf), one);
			free(one);
		}
		assert_string_equal(reports_fmt1_into(-0.04, buf), "0.0");
	}
	assert_true(reports_percent(1, 3) > 33.33 && reports_percent(1, 3) < 33.34);
	assert_true(reports_percent(1, 0) == 0);
	assert_true(reports_compliance_rank(COMPLIANCE_NEVER) >
	            reports_compliance_rank(COMPLIANCE_OVERDUE));
	assert_true(reports_compliance_rank(COMPLIANCE_OVERDUE) >
	            reports_compliance_rank(COMPLIANCE_EXPIRING));
	assert_true(reports_compliance_rank(COMPLIANCE_EXPIRING) >
	            reports_compliance_rank(COMPLIANCE_COMPLIANT));
}

/* ---- report.c ---- */

static char *print_to_string(const struct report *r, enum report_format format, int width)
{
	struct term t = {.color = false, .width = width};
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	report_print(r, format, &t, out);
	fclose(out);
	return buf;
}

static const struct report_column writer_columns[] = {
        {"name", false, false},
        {"seconds", true, false},
        {"share", true, false},
        {"note", false, false},
};

static void test_writers(void **state)
{
	static const struct report_table_column look[] = {
	        {.title = NULL},
	        {.title = "time", .seconds = true},
	        {.bar = true},
	        {.title = NULL},
	};
	const char *row1[] = {"Bo, \"B\" Li", "3725", "40.0", "line one\nline two"};
	const char *row2[] = {"Ann", "59", NULL, "plain"};
	struct report r;
	char *out;

	(void)state;
	report_init(&r, "test", writer_columns, 4);
	report_add_row(&r, row1);
	report_add_row(&r, row2);
	report_add_meta(&r, "events", "2", true);

	/* RFC 4180: CRLF; fields with a comma, a quote or a line break quoted,
	 * quotes doubled; the line break inside the field kept as it is. */
	out = print_to_string(&r, REPORT_CSV, 80);
	assert_string_equal(out, "name,seconds,share,note\r\n"
	                         "\"Bo, \"\"B\"\" Li\",3725,40.0,\"line one\nline two\"\r\n"
	                         "Ann,59,,plain\r\n");
	free(out);

	out = print_to_string(&r, REPORT_JSON, 80);
	assert_string_equal(out, "{\n  \"report\": \"test\",\n  \"events\": 2,\n  \"rows\": [\n"
	                         "    {\"name\": \"Bo, \\\"B\\\" Li\", \"seconds\": 3725, "
	                         "\"share\": 40.0, \"note\": \"line one\\nline two\"},\n"
	                         "    {\"name\": \"Ann\", \"seconds\": 59, \"share\": null, "
	                         "\"note\": \"plain\"}\n  ]\n}\n");
	free(out);

	/* Without a look, a table shows cells as they are, a cell's own line
	 * breaks kept inside its column... */
	out = print_to_string(&r, REPORT_TABLE, 80);
	assert_string_equal(out, "NAME        SECONDS  SHARE  NOTE\n"
	                         "Bo, \"B\" Li     3725   40.0  line one\n"
	                         "                            line two\n"
	                         "Ann              59         plain\n"
	                         "\n"
	                         "events: 2\n");
	free(out);
	/* ...with one, durations, bars and shorter titles; CSV is unchanged. */
	report_set_table(&r, look);
	out = print_to_string(&r, REPORT_TABLE, 80);
	assert_string_equal(out, "NAME         TIME              SHARE  NOTE\n"
	                         "Bo, \"B\" Li  1h02m  [####......] 40.0  line one\n"
	                         "                                      line two\n"
	                         "Ann           59s                     plain\n"
	                         "\n"
	                         "events: 2\n");
	free(out);
	out = print_to_string(&r, REPORT_CSV, 80);
	assert_non_null(strstr(out, ",3725,40.0,"));
	free(out);
	report_release(&r);
}

/* OWASP on CSV injection: a cell starting with = + - @, a tab or a CR is
 * written after a single quote (and quoted), unless it is a plain number;
 * JSON keeps the exact text. */
/* A duration as a table shows it, at each boundary of its forms (written
 * by hand, as "%lds", "%ldm" and "%ldh%02ldm" would). */
static void test_report_duration(void **state)
{
	static const struct {
		long seconds;
		const char *shown;
	} cases[] = {
	        {0, "0s"},       {59, "59s"},       {60, "1m"},       {3599, "59m"},
	        {3600, "1h00m"}, {3661, "1h01m"},   {35999, "9h59m"}, {360000, "100h00m"},
	        {-5, "-5s"},     {-3600, "-3600s"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = report_duration(cases[i].seconds);
		assert_string_equal(d, cases[i].shown);
		free(d);
	}
}

static void test_csv_formulas(void **state)
{
	static const struct report_column cols[] = {
	        {"text", false, false},
	        {"index", true, false},
	};
	const char *rows[][2] = {
	        {"=HYPERLINK(\"http://x\",\"y\")", "-0.25"},
	        {"+Ann", "-1"},
	        {"@SUM(A1)", "0.5"},
	        {"-", "12"},
	        {"\tTab", "-3."},
	        {"\rCR", "--1"},
	        {"a=b", "-1e3"},
	};
	struct report r;
	char *out;

	(void)state;
	assert_true(report_csv_is_formula("=1+1"));
	assert_true(report_csv_is_formula("-x"));
	assert_true(report_csv_is_formula("-"));
	assert_true(report_csv_is_formula("-.5"));
	assert_false(report_csv_is_formula("-0.25"));
	assert_false(report_csv_is_formula("-7"));
	assert_false(report_csv_is_formula(""));
	assert_false(report_csv_is_formula("Ann=1"));
	report_init(&r, "test", cols, 2);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		report_add_row(&r, rows[i]);
	out = print_to_string(&r, REPORT_CSV, 80);
	assert_string_equal(out, "text,index\r\n"
	                         "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-0.25\r\n"
	                         "\"'+Ann\",-1\r\n"
	                         "\"'@SUM(A1)\",0.5\r\n"
	                         "\"'-\",12\r\n"
	                         "\"'\tTab\",\"'-3.\"\r\n"
	                         "\"'\rCR\",\"'--1\"\r\n"
	                         "a=b,\"'-1e3\"\r\n");
	free(out);
	out = print_to_string(&r, REPORT_JSON, 80);
	assert_non_null(strstr(out, "{\"text\": \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\", "
	                            "\"index\": -0.25}"));
	assert_non_null(strstr(out, "{\"text\": \"+Ann\", \"index\": -1}"));
	free(out);
	report_release(&r);
}

/* Every table goes through report.c: text that does not fit wraps inside
 * its column, the widest giving up room first and never below 8 columns or
 * its longest word; a table that cannot fit shows each row as a record;
 * with no width (a pipe) nothing is cut or wrapped; an empty last cell
 * leaves no trailing spaces; a row's style shows only in colour. */
static void test_table_fit_and_style(void **state)
{
	static const struct report_column cols[] = {
	        {.key = "id"}, {.key = "title"}, {.key = "status"}};
	const char *row1[] = {"m1", "A title far too long to leave the status whole", "passed"};
	const char *row2[] = {"m2", "Short", ""};
	struct term colour = {.color = true, .width = 80};
	struct report r;
	char *buf = NULL, *out;
	size_t size = 0;
	FILE *f;

	(void)state;
	report_init(&r, "t", cols, 3);
	report_add_row(&r, row1);
	report_style_row(&r, TERM_GOOD);
	report_add_row(&r, row2);
	out = print_to_string(&r, REPORT_TABLE, 80);
	assert_string_equal(out, "ID  TITLE                                           STATUS\n"
	                         "m1  A title far too long to leave the status whole  passed\n"
	                         "m2  Short\n");
	free(out);
	out = print_to_string(&r, REPORT_TABLE, 0);
	assert_string_equal(out, "ID  TITLE                                           STATUS\n"
	                         "m1  A title far too long to leave the status whole  passed\n"
	                         "m2  Short\n");
	free(out);
	out = print_to_string(&r, REPORT_TABLE, 40);
	assert_string_equal(out, "ID  TITLE                         STATUS\n"
	                         "m1  A title far too long to       passed\n"
	                         "    leave the status whole\n"
	                         "m2  Short\n");
	free(out);
	/* At 20 the title is at its least, 8 columns. */
	out = print_to_string(&r, REPORT_TABLE, 20);
	assert_string_equal(out, "ID  TITLE     STATUS\n"
	                         "m1  A title   passed\n"
	                         "    far too\n"
	                         "    long to\n"
	                         "    leave\n"
	                         "    the\n"
	                         "    status\n"
	                         "    whole\n"
	                         "m2  Short\n");
	free(out);
	/* Any narrower and the table cannot fit: each row is a record. */
	out = print_to_string(&r, REPORT_TABLE, 19);
	assert_string_equal(out, "ID      m1\n"
	                         "TITLE   A title far\n"
	                         "        too long to\n"
	                         "        leave the\n"
	                         "        status\n"
	                         "        whole\n"
	                         "STATUS  passed\n"
	                         "\n"
	                         "ID      m2\n"
	                         "TITLE   Short\n"
	                         "STATUS\n");
	free(out);
	f = open_memstream(&buf, &size);
	report_print(&r, REPORT_TABLE, &colour, f);
	fclose(f);
	assert_non_null(strstr(buf, term_on(&colour, TERM_GOOD)));
	free(buf);
	report_release(&r);
}

/* ---- the report commands over a fixture record ---- */

/*
 * The fixture. Modules (tests/e2e/courses): advanced (calm, where), basics
 * (speed, good-reply, delete, sign, hours, steps, who, viral) and rules (a
 * policy, one question: owns), plus a two-day programme. Staff: Ann,
 * "Bo, "B" Li", Cy, Di, and Ed (deactivated); Cat is a consultant, whose
 * attempt must count nowhere. Each attempt below: start time, answers
 * (response, fraction, seconds), percent and pass as recorded at the finish.
 *
 * 2 March, basics:
 *   1 Ann#1 09:00-09:10  speed 1 (1, 30s) good-reply 0,1 (1, 40s) delete 1 (1, 10s)
 *                        old-q 2 (0, 5s; a question since removed) viral 1 (0, 10s)
 *                        90%, passed
 *   2 Bo#1  09:20-09:30  speed 0 (0, 20s) good-reply 0 (0.5, 30s) delete 1 (1, 10s)
 *                        viral 0 (1, 10s)                       40%, failed
 *   3 Cy#1  09:40-09:50  speed 0 (0, 25s) good-reply 0 (0.5, 35s) delete 1 (1, 10s)
 *                        viral 1 (0, 10s)                       75%, passed
 *   4 Di#1  10:00-10:10  speed 2 (0, 15s) good-reply 2 (0, 20s) delete 1 (1, 10s)
 *                        viral 0 (1, 10s)                       20%, failed
 *   5 Bo#2  10:20-10:30  speed 1 (1, 10s) delete 1 (1, 10s)     80%, passed
 *   6 Di#2  10:40-10:50  speed 1 (1, 10s) delete 1 (1, 10s)     60%, passed
 *   7 Ed#1  11:00-11:10  speed 1 (1, 10s) delete 1 (1, 10s)     30%, failed
 *   8 Cy#2  11:20-11:30  speed 1 (1, 10s) delete 1 (1, 10s)     65%, passed
 *   - Cat   11:40-11:50  speed 1 (1, 10s)                       100%, passed
 *   Ann read both lesson pages at 08:50 (120s).
 * 3 March, advanced:
 *   9 Ann#1 09:00-09:05  calm 0 (1, 20s) where 0 (0, 20s)       50%, failed
 *  10 Ann#2 09:10-09:15  calm 0 (1, 10s) where 1 (1, 10s)       100%, passed
 *   Cy read page 1 of 1 at 09:30 (45s), no quiz.
 * 4 March, rules (policy version 1.0):
 *  11 Ann   09:00-09:05  owns 0 (1, 15s)   100%, passed; acknowledged 09:10
 *   Bo acknowledged 09:20 (no quiz). Di read the page at 09:25 (30s), then
 *  12 Di    09:30-09:35  owns 0 (1, 20s)   100%, passed (never acknowledged)
 * 5 March: Bo starts advanced at 09:00, answers calm 1 (0, 25s) at 09:02 and
 * stops there; Ed is deactivated at 10:00. The reports run on 10 March.
 */
#define REPORT_NOW "2026-03-10T12:00:00Z"

static time_t fixture_time;

static time_t fixture_now(void)
{
	return fixture_time;
}

static void set_time(const char *iso)
{
	assert_int_equal(clock_parse(iso, &fixture_time), 0);
}

struct fixture {
	struct session_fixture sf;
	char courses[96];
	long long ann, bo, cy, di, ed, cat;
	char rules_hash[DIGEST_SHA256_HEX];
};

struct given {
	const char *question;
	const char *response;
	double fraction;
	long seconds;
};

/* The modules the record was made with, all published. */
static struct catalog *record_cat;

/* One attempt: started at start, answered at answered (or start), finished
 * at finish (NULL leaves it open). */
static void take(struct store *st, long long who, const char *module, const char *policy_version,
                 const char *start, const char *answered, const struct given *answers, size_t n,
                 double percent, bool passed, const char *finish)
{
	long long id = 0;
	char *err = NULL;

	const char *sha = catalog_find(record_cat, module)->sha256;

	set_time(start);
	assert_int_equal(store_attempt_start(st, who, module, "1.0", sha, policy_version, 1, "v1",
	                                     &id, &err),
	                 0);
	set_time(answered ? answered : start);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(
		        store_answer_add(st, id, answers[i].question, answers[i].response,
		                         answers[i].fraction, 1,
		                         strcmp(answers[i].question, "old-q") == 0 ? "0.9" : "1.0",
		                         sha, answers[i].seconds, &err),
		        0);
	if (!finish)
		return;
	set_time(finish);
	assert_int_equal(store_attempt_finish(st, id, "1.0", sha, percent / 50, 2, percent, passed,
	                                      NULL, &err),
	                 0);
}

#define TAKE(st, who, module, pv, start, answered, percent, passed, finish, ...)                   \
	do {                                                                                       \
		const struct given g_[] = {__VA_ARGS__};                                           \
		take(st, who, module, pv, start, answered, g_, sizeof(g_) / sizeof(g_[0]),         \
		     percent, passed, finish);                                                     \
	} while (0)

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The record, written at schema version (as the upskill of that schema
 * wrote it: the store's statements are the same, and each reads only what
 * that schema has). */
static void build_record(struct fixture *f, int version)
{
	struct store *st = NULL;
	struct catalog *cat;
	char *err = NULL;

	cat = catalog_load_dir(f->courses, &err);
	assert_non_null(cat);
	assert_int_equal(cat->skipped.n, 0);
	assert_int_equal(cat->nprogrammes, 1);
	policy_text_hash(catalog_find(cat, "rules")->policy, f->rules_hash);

	assert_int_equal(store_open_version(f->sf.db, version, &st, &err), 0);
	assert_int_equal(store_version(st), version);
	store_set_clock(st, fixture_now);
	set_time("2026-03-01T08:00:00Z");
	assert_int_equal(store_learner_add(st, "Cat", ROLE_CONSULTANT, 0, &f->cat, &err), 0);
	assert_int_equal(store_learner_add(st, "Ann", ROLE_STAFF, 0, &f->ann, &err), 0);
	assert_int_equal(store_learner_add(st, "Bo, \"B\" Li", ROLE_STAFF, 0, &f->bo, &err), 0);
	assert_int_equal(store_learner_add(st, "Cy", ROLE_STAFF, 0, &f->cy, &err), 0);
	assert_int_equal(store_learner_add(st, "Di", ROLE_STAFF, 0, &f->di, &err), 0);
	assert_int_equal(store_learner_add(st, "Ed", ROLE_STAFF, 0, &f->ed, &err), 0);
	record_cat = cat;
	for (size_t m = 0; m < cat->ncourses; m++)
		assert_int_equal(publish_course(st, f->cat, cat->courses[m], NULL, &err), 0);
	/* An answer given under an earlier version of basics, on the same file. */
	{
		struct publish_request old = {.module = "basics",
		                              .version = "0.9",
		                              .file_sha256 = catalog_find(cat, "basics")->sha256};
		assert_int_equal(store_publish(st, f->cat, &old, NULL, &err), 0);
	}

	set_time("2026-03-02T08:50:00Z");
	assert_int_equal(store_lesson_set(st, f->ann, "basics", 1, 2, true, 120, &err), 0);
	TAKE(st, f->ann, "basics", NULL, "2026-03-02T09:00:00Z", NULL, 90, true,
	     "2026-03-02T09:10:00Z", {"speed", "1", 1, 30}, {"good-reply", "0,1", 1, 40},
	     {"delete", "1", 1, 10}, {"old-q", "2", 0, 5}, {"viral", "1", 0, 10});
	TAKE(st, f->bo, "basics", NULL, "2026-03-02T09:20:00Z", NULL, 40, false,
	     "2026-03-02T09:30:00Z", {"speed", "0", 0, 20}, {"good-reply", "0", 0.5, 30},
	     {"delete", "1", 1, 10}, {"viral", "0", 1, 10});
	TAKE(st, f->cy, "basics", NULL, "2026-03-02T09:40:00Z", NULL, 75, true,
	     "2026-03-02T09:50:00Z", {"speed", "0", 0, 25}, {"good-reply", "0", 0.5, 35},
	     {"delete", "1", 1, 10}, {"viral", "1", 0, 10});
	TAKE(st, f->di, "basics", NULL, "2026-03-02T10:00:00Z", NULL, 20, false,
	     "2026-03-02T10:10:00Z", {"speed", "2", 0, 15}, {"good-reply", "2", 0, 20},
	     {"delete", "1", 1, 10}, {"viral", "0", 1, 10});
	TAKE(st, f->bo, "basics", NULL, "2026-03-02T10:20:00Z", NULL, 80, true,
	     "2026-03-02T10:30:00Z", {"speed", "1", 1, 10}, {"delete", "1", 1, 10});
	TAKE(st, f->di, "basics", NULL, "2026-03-02T10:40:00Z", NULL, 60, true,
	     "2026-03-02T10:50:00Z", {"speed", "1", 1, 10}, {"delete", "1", 1, 10});
	TAKE(st, f->ed, "basics", NULL, "2026-03-02T11:00:00Z", NULL, 30, false,
	     "2026-03-02T11:10:00Z", {"speed", "1", 1, 10}, {"delete", "1", 1, 10});
	TAKE(st, f->cy, "basics", NULL, "2026-03-02T11:20:00Z", NULL, 65, true,
	     "2026-03-02T11:30:00Z", {"speed", "1", 1, 10}, {"delete", "1", 1, 10});
	TAKE(st, f->cat, "basics", NULL, "2026-03-02T11:40:00Z", NULL, 100, true,
	     "2026-03-02T11:50:00Z", {"speed", "1", 1, 10});

	TAKE(st, f->ann, "advanced", NULL, "2026-03-03T09:00:00Z", NULL, 50, false,
	     "2026-03-03T09:05:00Z", {"calm", "0", 1, 20}, {"where", "0", 0, 20});
	TAKE(st, f->ann, "advanced", NULL, "2026-03-03T09:10:00Z", NULL, 100, true,
	     "2026-03-03T09:15:00Z", {"calm", "0", 1, 10}, {"where", "1", 1, 10});
	set_time("2026-03-03T09:30:00Z");
	assert_int_equal(store_lesson_set(st, f->cy, "advanced", 0, 1, false, 45, &err), 0);

	TAKE(st, f->ann, "rules", "1.0", "2026-03-04T09:00:00Z", NULL, 100, true,
	     "2026-03-04T09:05:00Z", {"owns", "0", 1, 15});
	set_time("2026-03-04T09:10:00Z");
	assert_int_equal(store_ack_add(st, f->ann, "rules", "1.0", f->rules_hash, false, &err), 0);
	set_time("2026-03-04T09:20:00Z");
	assert_int_equal(store_ack_add(st, f->bo, "rules", "1.0", f->rules_hash, false, &err), 0);
	set_time("2026-03-04T09:25:00Z");
	assert_int_equal(store_lesson_set(st, f->di, "rules", 0, 1, true, 30, &err), 0);
	TAKE(st, f->di, "rules", "1.0", "2026-03-04T09:30:00Z", NULL, 100, true,
	     "2026-03-04T09:35:00Z", {"owns", "0", 1, 20});

	TAKE(st, f->bo, "advanced", NULL, "2026-03-05T09:00:00Z", "2026-03-05T09:02:00Z", 0, false,
	     NULL, {"calm", "1", 0, 25});
	set_time("2026-03-05T10:00:00Z");
	assert_int_equal(store_learner_set_active(st, "Ed", false, f->cat, &err), 0);
	assert_null(err);
	store_close(st);
	catalog_free(cat);
	record_cat = NULL;
}

static const char programme_xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<programme format=\"1\" id=\"week\">\n"
        "  <title>Test week</title>\n"
        "  <stage label=\"Day 1: Basics\"><step module=\"basics\"/></stage>\n"
        "  <stage label=\"Day 2: Under pressure\">\n"
        "    <step module=\"advanced\"/><step module=\"rules\"/>\n"
        "  </stage>\n"
        "</programme>\n";

static struct fixture *fixture_at(int version)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char cmd[256], path[160];

	fixture_dir(&f->sf, "reports");
	snprintf(f->courses, sizeof(f->courses), "%s/courses", f->sf.dir);
	snprintf(cmd, sizeof(cmd), "mkdir '%s' && cp tests/e2e/courses/*.xml '%s'", f->courses,
	         f->courses);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/week.xml", f->courses);
	write_file(path, programme_xml);
	/* A test record (hooks.h), made at the time its first rows carry. */
	setenv("UPSKILL_NOW", "2026-03-01T08:00:00Z", 1);
	build_record(f, version);

	setenv("UPSKILL_NOW", REPORT_NOW, 1);
	fixture_open(&f->sf, f->courses);
	return f;
}

static int setup(void **state)
{
	*state = fixture_at(store_latest_version());
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fixture_close(&f->sf);
	unsetenv("UPSKILL_NOW");
	free(f);
	return 0;
}

static void sign_in(struct fixture *f, const char *name)
{
	fixture_sign_in(&f->sf, name);
}

static char *run(struct fixture *f, const char *line)
{
	return fixture_run(&f->sf, line);
}

static void run_fails(struct fixture *f, const char *line, const char *message)
{
	fixture_fails(&f->sf, line, message);
}

/* The lines every report ends with: when, the record's size and head, and
 * that it is a test record. */
/* The fixture is a test record, and every report says so. */
#define TEST_RECORD "yes: times may have been set by UPSKILL_NOW"
static char *head_meta(struct fixture *f, bool json)
{
	char head[DIGEST_SHA256_HEX];
	long long events;
	char *err = NULL;

	assert_int_equal(store_head(session_store(f->sf.s, NULL), &events, head, &err), 0);
	if (json)
		return xasprintf("  \"generated_at\": \"" REPORT_NOW "\",\n"
		                 "  \"record_events\": %lld,\n  \"record_head\": \"%s\",\n"
		                 "  \"test_record\": \"" TEST_RECORD "\",\n",
		                 events, head);
	return xasprintf("generated_at: " REPORT_NOW "\nrecord_events: %lld\nrecord_head: %s\n"
	                 "test_record: " TEST_RECORD "\n",
	                 events, head);
}

static void test_learners_report(void **state)
{
	struct fixture *f = *state;
	char *out;

	sign_in(f, "Cat");
	/*
	 * Three modules in the catalogue. Active staff only, by name.
	 * Ann: basics (best 90), advanced (best 100), rules (100): 3 passed,
	 *   average (90 + 100 + 100) / 3 = 96.7; time 95 + 120 (basics and its
	 *   lessons) + 60 (advanced) + 15 (rules) = 290; last: her
	 *   acknowledgement at 4 March 09:10; passed and acknowledged: compliant.
	 * Bo: basics passed (best 80); advanced under way; rules only
	 *   acknowledged, so not started: 1, 1, 1; average 80.0; 70 + 20 + 25 =
	 *   115; last: his answer at 5 March 09:02; in training (acknowledged,
	 *   no quiz pass yet: nothing was due).
	 * Cy: basics passed (best 75), advanced read, not taken: 1, 1, 1; 80 +
	 *   20 + 45 = 145; last 3 March 09:30; never trained.
	 * Di: basics (best 60) and rules (100) passed: 2, 0, 1; average 80.0;
	 *   55 + 20 + 30 + 20 = 125; last 4 March 09:35; in training (passed,
	 *   not acknowledged yet).
	 */
	out = run(f, "report learners --format csv");
	assert_string_equal(
	        out, "learner,passed,in_progress,not_started,average_score,"
	             "time_spent_seconds,last_activity,compliance,locked_out\r\n"
	             "Ann,3,0,0,96.7,290,2026-03-04T09:10:00Z,compliant,\r\n"
	             "\"Bo, \"\"B\"\" Li\",1,1,1,80.0,115,2026-03-05T09:02:00Z,in training,\r\n"
	             "Cy,1,1,1,75.0,145,2026-03-03T09:30:00Z,never trained,\r\n"
	             "Di,2,0,1,80.0,125,2026-03-04T09:35:00Z,in training,\r\n");
	free(out);

	/* Only basics: no policy module in scope, so no compliance. */
	out = run(f, "report learners --module basics --format csv");
	assert_string_equal(out, "learner,passed,in_progress,not_started,average_score,"
	                         "time_spent_seconds,last_activity,compliance,locked_out\r\n"
	                         "Ann,1,0,0,90.0,215,2026-03-02T09:10:00Z,,\r\n"
	                         "\"Bo, \"\"B\"\" Li\",1,0,0,80.0,90,2026-03-02T10:30:00Z,,\r\n"
	                         "Cy,1,0,0,75.0,100,2026-03-02T11:30:00Z,,\r\n"
	                         "Di,1,0,0,60.0,75,2026-03-02T10:50:00Z,,\r\n");
	free(out);

	/* From 4 March: Ann's rules and acknowledgement, Bo's open attempt and
	 * acknowledgement, Di's rules; Cy did nothing. The policy topic alone. */
	out = run(f, "report learners --since 2026-03-04 --format csv");
	assert_string_equal(out,
	                    "learner,passed,in_progress,not_started,average_score,"
	                    "time_spent_seconds,last_activity,compliance,locked_out\r\n"
	                    "Ann,1,0,2,100.0,15,2026-03-04T09:10:00Z,compliant,\r\n"
	                    "\"Bo, \"\"B\"\" Li\",0,1,2,,25,2026-03-05T09:02:00Z,in training,\r\n"
	                    "Cy,0,0,3,,0,,never trained,\r\n"
	                    "Di,1,0,2,100.0,50,2026-03-04T09:35:00Z,in training,\r\n");
	free(out);
}

static void test_modules_report(void **state)
{
	struct fixture *f = *state;
	char *out, *meta, *want;

	sign_in(f, "Cat");
	/*
	 * advanced: Ann (2 finished, 1 pass, best 100, 60s), Bo (open, 25s),
	 *   Cy (lessons, 45s): started 3, passed 1, failed 0; median score of
	 *   [100] = 100.0; median time of [25, 45, 60] = 45; 2 / 1 = 2.00.
	 * basics: Ann 215s, Bo 90s, Cy 100s, Di 75s and Ed (left, but his
	 *   attempt still counts) 20s, failed; Cat does not count. Started 5,
	 *   passed 4, failed 1; median of the best scores [90, 80, 75, 60, 30]
	 *   = 75.0; median of [20, 75, 90, 100, 215] = 90; 8 finished attempts
	 *   / 5 passes = 1.60.
	 * rules: Ann (15s) and Di (30 + 20s): an even count, so the median
	 *   time is (15 + 50) / 2 = 32.5, rounded to 33; 2 / 2 = 1.00.
	 */
	out = run(f, "report modules --format json");
	meta = head_meta(f, true);
	want = xasprintf("{\n  \"report\": \"modules\",\n%s  \"rows\": [\n"
	                 "    {\"module\": \"advanced\", \"started\": 3, \"passed\": 1, "
	                 "\"failed\": 0, \"median_score\": 100.0, \"median_time_seconds\": 45, "
	                 "\"attempts_per_pass\": 2.00},\n"
	                 "    {\"module\": \"basics\", \"started\": 5, \"passed\": 4, "
	                 "\"failed\": 1, \"median_score\": 75.0, \"median_time_seconds\": 90, "
	                 "\"attempts_per_pass\": 1.60},\n"
	                 "    {\"module\": \"rules\", \"started\": 2, \"passed\": 2, "
	                 "\"failed\": 0, \"median_score\": 100.0, \"median_time_seconds\": 33, "
	                 "\"attempts_per_pass\": 1.00}\n"
	                 "  ]\n}\n",
	                 meta);
	assert_string_equal(out, want);
	free(out);
	free(meta);
	free(want);

	/* From 4 March: only Bo's open attempt at advanced, nothing at basics. */
	out = run(f, "report modules --since 2026-03-04 --format csv");
	assert_string_equal(out, "module,started,passed,failed,median_score,median_time_seconds,"
	                         "attempts_per_pass\r\n"
	                         "advanced,1,0,0,,25,\r\n"
	                         "basics,0,0,0,,,\r\n"
	                         "rules,2,2,0,100.0,33,1.00\r\n");
	free(out);

	out = run(f, "report modules --topic policy --format csv");
	assert_string_equal(out, "module,started,passed,failed,median_score,median_time_seconds,"
	                         "attempts_per_pass\r\n"
	                         "rules,2,2,0,100.0,33,1.00\r\n");
	free(out);
}

static void test_questions_report(void **state)
{
	struct fixture *f = *state;
	char *out, *meta, *want;

	sign_in(f, "Cat");
	/*
	 * speed, in all 8 staff attempts. Ranked by the attempt's percent:
	 *   Ann#1 90 (1), Bo#2 80 (1), Cy#1 75 (0), Cy#2 65 (1), Di#2 60 (1),
	 *   Bo#1 40 (0), Ed#1 30 (1), Di#1 20 (0).
	 *   Correct: 5 of 8 = 62.5%. Groups of 2 (27% of 8 = 2.16): upper mean
	 *   (1 + 1) / 2 = 1, lower (Ed#1, Di#1) (1 + 0) / 2 = 0.5: D = 0.50.
	 *   Wrong: "0" twice (a) Within a week), "2" once.
	 * good-reply, in 4: Ann#1 90 (1), Cy#1 75 (0.5), Bo#1 40 (0.5), Di#1 20
	 *   (0): mean 0.5 = 50.0%; groups of 1: 1 - 0 = 1.00. Half credit is
	 *   not right, so "0" (a) It answers the question) is wrong twice.
	 * delete: right in all 8: 100.0%, D = 0.00, too easy.
	 * viral, in 4: Ann#1 (0), Cy#1 (0), Bo#1 (1), Di#1 (1): 50.0%; upper
	 *   Ann#1 0, lower Di#1 1: D = -1.00, confusing; the wrong answer is "1"
	 *   (b) Ignore it), twice.
	 * old-q: no longer in the module: Ann's one wrong answer, as stored.
	 */
	out = run(f, "report questions basics --format csv");
	assert_string_equal(out, "question,answered,percent_correct,discrimination,flag,mark,"
	                         "wrong_answer_count,most_chosen_wrong_answer\r\n"
	                         "speed,8,62.5,0.50,,,2,a) Within a week\r\n"
	                         "good-reply,4,50.0,1.00,,,2,a) It answers the question\r\n"
	                         "delete,8,100.0,0.00,too easy,,,\r\n"
	                         "sign,0,,,,,,\r\n"
	                         "hours,0,,,,,,\r\n"
	                         "steps,0,,,,,,\r\n"
	                         "who,0,,,,,,\r\n"
	                         "viral,4,50.0,-1.00,confusing,,2,b) Ignore it\r\n"
	                         "old-q,1,0.0,,removed,,1,as stored: 2\r\n");
	free(out);

	out = run(f, "report questions advanced --format json");
	meta = head_meta(f, true);
	/* calm: Ann#1 (50) 1, Ann#2 (100) 1; where: 0 and 1. Bo's open
	 * attempt does not count. */
	want = xasprintf(
	        "{\n  \"report\": \"questions\",\n  \"module\": \"advanced\",\n"
	        "  \"version\": \"1.0\",\n"
	        "  \"letters\": \"as in the module file (a is its first choice)\",\n"
	        "%s  \"rows\": [\n"
	        "    {\"question\": \"calm\", \"answered\": 2, \"percent_correct\": 100.0, "
	        "\"discrimination\": 0.00, \"flag\": \"too easy\", \"mark\": null, "
	        "\"wrong_answer_count\": null, \"most_chosen_wrong_answer\": null},\n"
	        "    {\"question\": \"where\", \"answered\": 2, \"percent_correct\": 50.0, "
	        "\"discrimination\": 1.00, \"flag\": null, \"mark\": null, "
	        "\"wrong_answer_count\": 1, "
	        "\"most_chosen_wrong_answer\": \"a) In the public thread\"}\n"
	        "  ]\n}\n",
	        meta);
	assert_string_equal(out, want);
	free(out);
	free(meta);
	free(want);

	run_fails(f, "report questions nosuch", "no module 'nosuch' ('courses' lists them)");
}

static void test_learner_report(void **state)
{
	struct fixture *f = *state;
	char *out, *want;

	sign_in(f, "Cat");
	/* Bo: two attempts at basics, the open one at advanced, and his
	 * acknowledgement; answers lettered as in the module file. */
	out = run(f, "report learner 'Bo, \"B\" Li' --format csv");
	want = xasprintf(
	        "learner,record,module,version,attempt,started_at,finished_at,percent,passed,"
	        "question,answer,fraction,at,text_sha256\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,basics,1.0,1,2026-03-02T09:20:00Z,"
	        "2026-03-02T09:30:00Z,40.0,no,speed,a) Within a week,0.00,2026-03-02T09:20:00Z,\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,basics,1.0,1,2026-03-02T09:20:00Z,"
	        "2026-03-02T09:30:00Z,40.0,no,good-reply,a) It answers the question,0.50,"
	        "2026-03-02T09:20:00Z,\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,basics,1.0,1,2026-03-02T09:20:00Z,"
	        "2026-03-02T09:30:00Z,40.0,no,delete,b) False,1.00,2026-03-02T09:20:00Z,\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,basics,1.0,1,2026-03-02T09:20:00Z,"
	        "2026-03-02T09:30:00Z,40.0,no,viral,a) Reply with good humour and fix it,1.00,"
	        "2026-03-02T09:20:00Z,\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,basics,1.0,2,2026-03-02T10:20:00Z,"
	        "2026-03-02T10:30:00Z,80.0,yes,speed,b) Within one working day,1.00,"
	        "2026-03-02T10:20:00Z,\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,basics,1.0,2,2026-03-02T10:20:00Z,"
	        "2026-03-02T10:30:00Z,80.0,yes,delete,b) False,1.00,2026-03-02T10:20:00Z,\r\n"
	        "\"Bo, \"\"B\"\" Li\",answer,advanced,1.0,1,2026-03-05T09:00:00Z,,,,calm,"
	        "b) False,0.00,2026-03-05T09:02:00Z,\r\n"
	        "\"Bo, \"\"B\"\" "
	        "Li\",acknowledgement,rules,1.0,,,,,,,,,2026-03-04T09:20:00Z,%s\r\n",
	        f->rules_hash);
	assert_string_equal(out, want);
	free(out);
	free(want);

	/* --since keeps attempts active since then: the open one (its answer
	 * came on 5 March), not the acknowledgement of 4 March. */
	out = run(f, "report learner 'bo, \"b\" li' --since 2026-03-05 --format csv");
	assert_string_equal(out,
	                    "learner,record,module,version,attempt,started_at,finished_at,"
	                    "percent,passed,question,answer,fraction,at,text_sha256\r\n"
	                    "\"Bo, \"\"B\"\" Li\",answer,advanced,1.0,1,2026-03-05T09:00:00Z,,,,"
	                    "calm,b) False,0.00,2026-03-05T09:02:00Z,\r\n");
	free(out);

	/* The removed question's answer is still in Ann's history, as stored. */
	out = run(f, "report learner Ann --module basics");
	assert_non_null(strstr(out, "History of Ann: 1 attempt, 0 acknowledgements\n"));
	assert_non_null(strstr(out, "basics 1.0, attempt 1: started 2026-03-02 09:00, finished "
	                            "2026-03-02 09:10, 90.0%, passed\n"));
	assert_non_null(strstr(out, "  2026-03-02 09:00  old-q       0.00  as stored: 2\n"));
	free(out);

	/* A deactivated learner's history stays readable to a consultant. */
	out = run(f, "report learner ed --format csv");
	assert_non_null(strstr(out, "\r\nEd,answer,basics,1.0,1,2026-03-02T11:00:00Z,"));
	free(out);
	run_fails(f, "report learner nobody", "no learner named 'nobody'");
}

static void test_staff_may_see_only_themselves(void **state)
{
	struct fixture *f = *state;
	char *out;

	sign_in(f, "Di");
	run_fails(f, "report learner Ann",
	          "staff can only see their own progress; 'progress' shows yours");
	/* Whether the name exists or not, the same answer. */
	run_fails(f, "report learner nobody",
	          "staff can only see their own progress; 'progress' shows yours");
	run_fails(f, "report learners",
	          "'report learners' is for consultants; 'Di' is signed in "
	          "as staff");
	run_fails(f, "report modules",
	          "'report modules' is for consultants; 'Di' is signed in "
	          "as staff");
	run_fails(f, "report questions basics",
	          "'report questions' is for consultants; 'Di' is "
	          "signed in as staff");
	run_fails(f, "report programme",
	          "'report programme' is for consultants; 'Di' is signed "
	          "in as staff");
	out = run(f, "report learner di --format csv");
	assert_non_null(strstr(out, "\r\nDi,answer,basics,1.0,1,"));
	free(out);
	/* Without a name, one's own. */
	out = run(f, "report learner --format csv");
	assert_non_null(strstr(out, "\r\nDi,answer,rules,1.0,1,2026-03-04T09:30:00Z,"));
	free(out);
	session_sign_in(f->sf.s, NULL);
	run_fails(f, "report learner Di",
	          "'report learner' needs a signed-in learner: 'login "
	          "NAME' first");
}

static void test_programme_report(void **state)
{
	struct fixture *f = *state;
	char *out, *meta, *want;

	sign_in(f, "Cat");
	/* Day 1 is basics; day 2 advanced and rules. Ann has all three; Di
	 * basics and rules; Bo and Cy basics only. 3 modules in all. */
	out = run(f, "report programme --format csv");
	assert_string_equal(out, "learner,day_1_basics,day_2_under_pressure,percent_passed,"
	                         "on_track\r\n"
	                         "Ann,1/1,2/2,100.0,yes\r\n"
	                         "\"Bo, \"\"B\"\" Li\",1/1,0/2,33.3,no\r\n"
	                         "Cy,1/1,0/2,33.3,no\r\n"
	                         "Di,1/1,1/2,66.7,no\r\n");
	free(out);
	/* On day 1 everyone who has passed basics is on track. */
	out = run(f, "report programme week --day 1 --format csv");
	assert_non_null(strstr(out, "\r\nCy,1/1,0/2,33.3,yes\r\n"));
	free(out);

	out = run(f, "report programme --day 1");
	meta = head_meta(f, false);
	want = xasprintf("LEARNER     DAY 1  DAY 2            PROGRESS  ON TRACK\n"
	                 "Ann         1/1    2/2    [##########] 100.0  yes\n"
	                 "Bo, \"B\" Li  1/1    0/2     [###.......] 33.3  yes\n"
	                 "Cy          1/1    0/2     [###.......] 33.3  yes\n"
	                 "Di          1/1    1/2     [#######...] 66.7  yes\n"
	                 "\nprogramme: week\nday: 1\n%s",
	                 meta);
	assert_string_equal(out, want);
	free(out);
	free(meta);
	free(want);

	run_fails(f, "report programme --day 3",
	          "report programme: '--day 3' is not a day of 'week' (1 to 2)");
	run_fails(f, "report programme nope", "no programme 'nope' (one of: week)");
}

static void test_bad_options(void **state)
{
	struct fixture *f = *state;

	sign_in(f, "Cat");
	run_fails(f, "report learners --since 2026-02-30",
	          "report learners: '--since 2026-02-30' is not a date (YYYY-MM-DD)");
	run_fails(f, "report learners --since yesterday",
	          "report learners: '--since yesterday' is not a date (YYYY-MM-DD)");
	run_fails(f, "report modules --format xml",
	          "report modules: unknown format 'xml' (table, csv or json)");
	run_fails(f, "report modules --topic voice",
	          "report modules: no module has the topic 'voice' (topics: engagement, policy)");
	run_fails(f, "report learners --module basics --topic policy",
	          "report learners: module 'basics' has the topic 'engagement', not 'policy'");
}

/* A record of schema 17, before answers left events_by_kind and before
 * they kept their time in their own rows, opens at the latest schema
 * (migrations 18 and 19 on either engine) and reads as the same record
 * made new does: every report, and verify. */
static void test_migrated_record(void **state)
{
	static const char *const lines[] = {
	        "report learners --format csv",
	        "report modules --format json",
	        "report questions basics --format csv",
	        "report learner Ann --format csv",
	        "report programme --format csv",
	        "report compliance --format csv",
	        "verify",
	};
	struct fixture *made = *state, *old = fixture_at(17);

	assert_int_equal(store_version(session_store(old->sf.s, NULL)), store_latest_version());
	sign_in(made, "Cat");
	sign_in(old, "Cat");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char *want = run(made, lines[i]), *got = run(old, lines[i]);

		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	fixture_close(&old->sf);
	free(old);
}

static int cleanup(void **state)
{
	(void)state;
	course_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_median),
	        cmocka_unit_test(test_table_fit_and_style),
	        cmocka_unit_test(test_group_size),
	        cmocka_unit_test(test_discrimination_worked),
	        cmocka_unit_test(test_discrimination_edges),
	        cmocka_unit_test(test_item_mark),
	        cmocka_unit_test(test_flags),
	        cmocka_unit_test(test_most_common),
	        cmocka_unit_test(test_keys_and_numbers),
	        cmocka_unit_test(test_writers),
	        cmocka_unit_test(test_csv_formulas),
	        cmocka_unit_test(test_report_duration),
	        cmocka_unit_test_setup_teardown(test_learners_report, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_modules_report, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_questions_report, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_learner_report, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_staff_may_see_only_themselves, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_programme_report, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_migrated_record, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, cleanup);
}
