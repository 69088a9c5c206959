/*
 * The consultant's reports on people and modules:
 *
 *   report learners             one row per active member of staff
 *   report modules              per module: started, passed, failed, medians
 *   report questions MODULE     item analysis of a module's quiz
 *   report learner [NAME]       one person's full history
 *   report programme [ID]       the programme's stages against each learner
 *
 * Every one prints as a table, CSV or JSON through report.c and ends with
 * the record's head. The numbers come from store-reports.c (set-based
 * queries) and the arithmetic from reports.c.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "compliance.h"
#include "policy.h"
#include "progress.h"
#include "quiz.h"
#include "report-request.h"
#include "report.h"
#include "reports.h"
#include "session.h"
#include "store-duties.h"
#include "util.h"

/* Expiring, in the learners report, means within this many days (as report
 * compliance's default). */
#define REPORTS_WITHIN_DAYS 30

/* A multi-line rendering on one line, parts joined with "; ". */
static char *one_line(const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			strbuf_adds(&sb, "; ");
		else
			strbuf_addc(&sb, *p);
	}
	return strbuf_detach(&sb);
}

static const struct question *find_question(const struct course *c, const char *id)
{
	for (size_t i = 0; c && i < c->quiz.nquestions; i++)
		if (strcmp(c->quiz.questions[i].id, id) == 0)
			return &c->quiz.questions[i];
	return NULL;
}

/*
 * A stored answer as people read it, lettered in the module's own order (a
 * is the first choice in the file, whatever order the learner saw), on one
 * line; "as stored: 0,2" when the question is gone or has changed so that
 * the answer no longer fits it.
 */
static char *render_stored_as(const struct question *q, const size_t *order, const char *stored)
{
	struct quiz_response r;
	char *why = NULL, *text, *line;

	quiz_response_init(&r);
	if (!q || quiz_response_decode(q, stored, &r, &why) < 0) {
		free(why);
		return xasprintf("as stored: %s", stored);
	}
	text = quiz_render_response(q, order, &r);
	quiz_response_release(&r);
	line = one_line(text);
	free(text);
	return line;
}

/* Lettered as in the module file: the same letters for every learner. */
static char *render_stored(const struct question *q, const char *stored)
{
	return render_stored_as(q, NULL, stored);
}

/* ---- report learners ---- */

static const struct report_column learners_columns[] = {
        {.key = "learner"},
        {.key = "passed", .number = true},
        {.key = "in_progress", .number = true},
        {.key = "not_started", .number = true},
        {.key = "average_score", .number = true},
        {.key = "time_spent_seconds", .number = true},
        {.key = "last_activity", .date = true},
        {.key = "compliance"},
        {.key = "locked_out"},
};
#define LEARNERS_COLUMNS (sizeof(learners_columns) / sizeof(learners_columns[0]))

/* Short headers, so the table fits 80 columns with names of 15 or so. */
static const struct report_table_column learners_table[LEARNERS_COLUMNS] = {
        [2] = {.title = "doing"},     [3] = {.title = "to do"},
        [4] = {.title = "avg score"}, [5] = {.title = "time", .seconds = true},
        [6] = {.title = "last seen"}, [8] = {.title = "locked out of"},
};

/* The modules a person is locked out of (standing.h), row their standings,
 * by id, joined by spaces; NULL when none. The caller frees it. */
static char *locked_out_of(const struct progress *p, const struct standing *row)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t m = 0; m < p->nmodules; m++) {
		if (!row[m].locked_out)
			continue;
		if (sb.len)
			strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, p->modules[m]->id);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* The worst compliance state of person i across the policy modules in
 * scope: the rules of report compliance. False when there are none. */
static bool worst_compliance(const struct progress *p, size_t i, time_t now,
                             enum compliance_state *worst)
{
	int rank = -1;

	for (size_t m = 0; m < p->nmodules; m++) {
		struct compliance_result res;
		if (!p->modules[m]->policy)
			continue;
		progress_compliance(p, i, m, now, REPORTS_WITHIN_DAYS, &res);
		if (reports_compliance_rank(res.state) > rank) {
			rank = reports_compliance_rank(res.state);
			*worst = res.state;
		}
	}
	return rank >= 0;
}

/* One person's row of report learners, its cells in c (strings of its
 * own buffers, the progress's, or locked: the caller frees it); row is
 * room for their standings. */
struct learner_row {
	struct standing *row;
	char last[32], passed[REPORTS_NUMBER_SIZE], doing[REPORTS_NUMBER_SIZE],
	        todo[REPORTS_NUMBER_SIZE], avg[REPORTS_NUMBER_SIZE], secs[REPORTS_NUMBER_SIZE];
	const char *cells[LEARNERS_COLUMNS];
	char *locked;
};

static void make_learner_row(const struct progress *p, size_t i, time_t now, struct learner_row *c)
{
	struct standing_summary sum;
	enum compliance_state worst;

	progress_row_into(p, i, now, c->row);
	standing_summarise(c->row, p->nmodules, &sum);
	progress_last_activity(p, i, c->last);
	c->cells[0] = p->people[i].name;
	c->cells[1] = reports_fmt_count((long long)sum.passed, c->passed);
	c->cells[2] = reports_fmt_count((long long)sum.in_progress, c->doing);
	c->cells[3] = reports_fmt_count((long long)sum.not_started, c->todo);
	c->cells[4] = sum.scored ? reports_fmt1_into(sum.mean_best, c->avg) : NULL;
	c->cells[5] = reports_fmt_count(sum.seconds, c->secs);
	c->cells[6] = c->last[0] ? c->last : NULL;
	c->cells[7] = worst_compliance(p, i, now, &worst) ? compliance_state_name(worst) : NULL;
	c->cells[8] = c->locked = locked_out_of(p, c->row);
}

/* The rows of people [from, to): every column's cells, in text; made on
 * this thread or on another, then taken into the report whole. */
struct learner_rows {
	const struct progress *p;
	time_t now;
	size_t from, to;
	const char **cells; /* LEARNERS_COLUMNS a row */
	size_t n;
	struct strpool text;
};

static void *make_learner_rows(void *arg)
{
	struct learner_rows *rows = arg;
	struct learner_row c = {.row = xcalloc(rows->p->nmodules + 1, sizeof(*c.row))};

	rows->cells = xcalloc((rows->to - rows->from) * LEARNERS_COLUMNS + 1, sizeof(*rows->cells));
	for (size_t i = rows->from; i < rows->to; i++) {
		const char **cells = &rows->cells[rows->n * LEARNERS_COLUMNS];

		if (!rows->p->people[i].active)
			continue;
		make_learner_row(rows->p, i, rows->now, &c);
		for (size_t k = 0; k < LEARNERS_COLUMNS; k++)
			cells[k] = strpool_dup(&rows->text, c.cells[k]);
		free(c.locked);
		rows->n++;
	}
	free(c.row);
	return NULL;
}

/* rows into r; in the table form, who is locked out is a line under it
 * (locked_out: Ann (rules); ...), added to locked. */
static void take_learner_rows(struct report *r, struct strbuf *locked, struct learner_rows *rows)
{
	for (size_t k = 0; r->ncolumns < LEARNERS_COLUMNS && k < rows->n; k++) {
		const char *const *cells = &rows->cells[k * LEARNERS_COLUMNS];

		if (cells[LEARNERS_COLUMNS - 1] && *cells[LEARNERS_COLUMNS - 1])
			strbuf_addf(locked, "%s%s (%s)", locked->len ? "; " : "", cells[0],
			            cells[LEARNERS_COLUMNS - 1]);
	}
	report_take_rows(r, rows->cells, LEARNERS_COLUMNS, rows->n, &rows->text);
}

/* From this many people, the second half of report learners' rows is made
 * on another thread (each person's standings on every module, some 20 ms
 * at 20,000 learners); below it the thread costs more than it saves. */
#define LEARNER_ROWS_BESIDE 2048

static int run_learners(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct progress p = {0};
	time_t now = clock_now();
	int rc = -1, init;
	struct store *st;
	struct report r;
	struct strbuf locked_table;
	struct learner_rows half[2] = {{.p = &p, .now = now}, {.p = &p, .now = now}};
	pthread_t thread;
	bool two = false;

	strbuf_init(&locked_table);
	strpool_init(&half[0].text);
	strpool_init(&half[1].text);
	/* The table already fills 80 columns: there, who is locked out is a
	 * line under it, in CSV and JSON a column. */
	init = report_request_init(&q, "report learners", s, args, err);
	report_init(&r, "learners", learners_columns,
	            init == 0 && q.format == REPORT_TABLE ? LEARNERS_COLUMNS - 1
	                                                  : LEARNERS_COLUMNS);
	report_set_table(&r, learners_table);
	if (init < 0 || !(st = session_store(s, err)) ||
	    progress_load_facts(st, q.courses, q.ncourses, 0, q.scope.since, &p, err) < 0)
		goto out;
	/* One person's standings at a time: everyone's at once was most of the
	 * report's memory. The second half of the people on another thread
	 * where there are many: it only reads p. */
	half[0].to = p.npeople;
	if (p.npeople >= LEARNER_ROWS_BESIDE) {
		half[1].from = half[0].to = p.npeople / 2;
		half[1].to = p.npeople;
		if (!(two = util_thread_start(&thread, make_learner_rows, &half[1])))
			half[0].to = p.npeople;
	}
	make_learner_rows(&half[0]);
	if (two)
		pthread_join(thread, NULL);
	for (size_t h = 0; h < 2; h++)
		take_learner_rows(&r, &locked_table, &half[h]);
	if (locked_table.len)
		report_add_meta(&r, "locked_out", locked_table.buf, false);
	report_request_meta(&r, &q);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	for (size_t h = 0; h < 2; h++) {
		free(half[h].cells);
		strpool_release(&half[h].text);
	}
	strbuf_release(&locked_table);
	progress_release(&p);
	report_request_release(&q);
	report_release(&r);
	return rc;
}

static const char *const filter_options[] = {"format:", "since:", "module:", "topic:", NULL};

const struct cmd_entry cmd_report_learners_entry = {
        .paged = true,
        .heads = true,
        .name = "report",
        .sub = "learners",
        .min_args = 0,
        .max_args = 0,
        .options = filter_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--since DATE] [--module ID] [--topic TOPIC] [--format table|csv|json]",
        .help = "each member of staff: modules passed, under way and not started, average "
                "score, time, last activity, compliance",
        .run = run_learners,
};

/* ---- report modules ---- */

static const struct report_column modules_columns[] = {
        {.key = "module"},
        {.key = "started", .number = true},
        {.key = "passed", .number = true},
        {.key = "failed", .number = true},
        {.key = "median_score", .number = true},
        {.key = "median_time_seconds", .number = true},
        {.key = "attempts_per_pass", .number = true},
};
#define MODULES_COLUMNS (sizeof(modules_columns) / sizeof(modules_columns[0]))

static const struct report_table_column modules_table[MODULES_COLUMNS] = {
        [4] = {.title = "med score"},
        [5] = {.title = "med time", .seconds = true},
        [6] = {.title = "tries/pass"},
};

/* Module m's row, from every member of staff's standing on it. */
static void add_module_row(struct report *r, const struct progress *p, size_t m)
{
	double *scores = xcalloc(p->npeople + 1, sizeof(*scores));
	double *times = xcalloc(p->npeople + 1, sizeof(*times));
	size_t started = 0, nscores = 0, passed = 0, failed = 0;
	long finished = 0, passes = 0;
	double median;
	char *cells[MODULES_COLUMNS] = {NULL};

	for (size_t i = 0; i < p->npeople; i++) {
		const struct standing *c = &progress_row(p, i)[m];
		if (!c->started)
			continue;
		times[started++] = (double)c->seconds;
		finished += c->attempts;
		passes += c->passes;
		if (c->scored)
			scores[nscores++] = c->best_percent;
		if (standing_is_passed(c))
			passed++;
		else if (standing_is_failed(c))
			failed++;
	}
	cells[0] = xstrdup(p->modules[m]->id);
	cells[1] = xasprintf("%zu", started);
	cells[2] = xasprintf("%zu", passed);
	cells[3] = xasprintf("%zu", failed);
	if (reports_median(scores, nscores, &median))
		cells[4] = reports_fmt1(median);
	if (reports_median(times, started, &median))
		cells[5] = reports_fmt_seconds(median);
	if (passes > 0)
		cells[6] = reports_fmt2((double)finished / (double)passes);
	report_add_row(r, (const char *const *)cells);
	for (size_t i = 0; i < MODULES_COLUMNS; i++)
		free(cells[i]);
	free(scores);
	free(times);
}

static int run_modules(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct progress p = {0};
	int rc = -1;
	struct store *st;
	struct report r;

	report_init(&r, "modules", modules_columns, MODULES_COLUMNS);
	report_set_table(&r, modules_table);
	/* Staff who have left still count: their attempts happened. */
	if (report_request_init(&q, "report modules", s, args, err) < 0 ||
	    !(st = session_store(s, err)) ||
	    progress_load(st, q.courses, q.ncourses, 0, q.scope.since, clock_now(), &p, err) < 0)
		goto out;
	for (size_t m = 0; m < p.nmodules; m++)
		add_module_row(&r, &p, m);
	report_request_meta(&r, &q);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	progress_release(&p);
	report_request_release(&q);
	report_release(&r);
	return rc;
}

const struct cmd_entry cmd_report_modules_entry = {
        .paged = true,
        .name = "report",
        .sub = "modules",
        .min_args = 0,
        .max_args = 0,
        .options = filter_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--since DATE] [--module ID] [--topic TOPIC] [--format table|csv|json]",
        .help = "each module: learners started, passed and failed, median score and time, "
                "attempts per pass",
        .run = run_modules,
};

/* ---- report questions MODULE ---- */

static const struct report_column questions_columns[] = {
        {.key = "question"},
        {.key = "answered", .number = true},
        {.key = "percent_correct", .number = true},
        {.key = "discrimination", .number = true},
        {.key = "flag"},
        {.key = "mark"},
        {.key = "wrong_answer_count", .number = true},
        {.key = "most_chosen_wrong_answer"},
};
#define QUESTIONS_COLUMNS (sizeof(questions_columns) / sizeof(questions_columns[0]))

static const struct report_table_column questions_table[QUESTIONS_COLUMNS] = {
        [2] = {.title = "correct %"},
        [3] = {.title = "d"},
        [6] = {.title = "times"},
        [7] = {.title = "most chosen wrong answer"},
};

/* One question's row from its answers (rows[0..n), all for question id). */
static void add_question_row(struct report *r, const char *id, const struct question *q,
                             const struct store_item_answer *rows, size_t n)
{
	struct reports_item *items = xcalloc(n + 1, sizeof(*items));
	const char **wrong = xcalloc(n + 1, sizeof(*wrong));
	size_t nwrong = 0, times = 0;
	double sum = 0, d = 0, percent;
	bool has_d;
	const char *common;
	char *cells[QUESTIONS_COLUMNS] = {NULL}, mark[REPORTS_MARK_SIZE];

	for (size_t i = 0; i < n; i++) {
		items[i].total = rows[i].percent;
		items[i].fraction = rows[i].fraction;
		items[i].attempt = rows[i].attempt_id;
		sum += rows[i].fraction;
		/* Partly right is not right: a half-credit answer counts as wrong. */
		if (rows[i].fraction < 1)
			wrong[nwrong++] = rows[i].response;
	}
	percent = n ? 100.0 * sum / (double)n : 0;
	has_d = reports_discrimination(items, n, &d);
	common = reports_most_common(wrong, nwrong, &times);

	cells[0] = xstrdup(id);
	cells[1] = xasprintf("%zu", n);
	if (n)
		cells[2] = reports_fmt1(percent);
	if (has_d)
		cells[3] = reports_fmt2(d);
	cells[4] = xstrdup(!q ? "removed" : n ? reports_item_flag(percent, has_d, d) : "");
	cells[5] = xstrdup(reports_item_mark(n, percent, has_d, d, mark));
	if (common) {
		cells[6] = xasprintf("%zu", times);
		cells[7] = render_stored(q, common);
	}
	report_add_row(r, (const char *const *)cells);
	for (size_t i = 0; i < QUESTIONS_COLUMNS; i++)
		free(cells[i]);
	free(items);
	free(wrong);
}

/* The answers to question id among rows (sorted by question id). */
static const struct store_item_answer *answers_to(const struct store_item_answer *rows, size_t n,
                                                  const char *id, size_t *count)
{
	size_t lo = 0, hi = n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(rows[mid].question_id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n && strcmp(rows[end].question_id, id) == 0; end++)
		;
	*count = end - lo;
	return rows + lo;
}

static int run_questions(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct store_item_answer *rows = NULL;
	const struct course *c;
	size_t nrows = 0, removed = 0;
	int rc = -1;
	struct store *st;
	struct report r;

	report_init(&r, "questions", questions_columns, QUESTIONS_COLUMNS);
	report_set_table(&r, questions_table);
	if (report_request_init(&q, "report questions", s, args, err) < 0)
		goto out;
	if (!(c = cmd_find_module(s, args->argv[0], err)) || !(st = session_store(s, err)))
		goto out;
	if (store_report_item_answers(st, c->id, q.scope.since, &rows, &nrows, err) < 0)
		goto out;
	for (size_t i = 0; i < c->quiz.nquestions; i++) {
		const struct question *question = &c->quiz.questions[i];
		size_t n;
		const struct store_item_answer *mine = answers_to(rows, nrows, question->id, &n);
		add_question_row(&r, question->id, question, mine, n);
	}
	/* Then answers to questions the module no longer has, under their ids. */
	for (size_t i = 0; i < nrows;) {
		size_t n;
		const struct store_item_answer *mine =
		        answers_to(rows, nrows, rows[i].question_id, &n);
		if (!find_question(c, rows[i].question_id)) {
			add_question_row(&r, rows[i].question_id, NULL, mine, n);
			removed++;
		}
		i += n;
	}
	report_add_meta(&r, "module", c->id, false);
	report_add_meta(&r, "version", c->version, false);
	if (q.since_arg)
		report_add_meta(&r, "since", q.since_arg, false);
	report_add_meta(&r, "letters", "as in the module file (a is its first choice)", false);
	if (removed)
		report_add_meta(&r, "removed",
		                "answered under an earlier version; no longer in the module",
		                false);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	item_answers_free(rows, nrows);
	report_request_release(&q);
	report_release(&r);
	return rc;
}

static const char *const since_options[] = {"format:", "since:", NULL};

const struct cmd_entry cmd_report_questions_entry = {
        .paged = true,
        .name = "report",
        .sub = "questions",
        .min_args = 1,
        .max_args = 1,
        .options = since_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "MODULE [--since DATE] [--format table|csv|json]",
        .help = "each question of a module: answered, percent correct, discrimination, "
                "marks, the most chosen wrong answer",
        .run = run_questions,
};

/* ---- report learner [NAME] ---- */

static const struct report_column learner_columns[] = {
        {.key = "learner"},
        {.key = "record"},
        {.key = "module"},
        {.key = "version"},
        {.key = "attempt", .number = true},
        {.key = "started_at", .date = true},
        {.key = "finished_at", .date = true},
        {.key = "percent", .number = true},
        {.key = "passed"},
        {.key = "question"},
        {.key = "answer"},
        {.key = "fraction", .number = true},
        {.key = "at", .date = true},
        {.key = "text_sha256"},
};
#define LEARNER_COLUMNS (sizeof(learner_columns) / sizeof(learner_columns[0]))

/* "2026-03-02T09:00:00Z" as "2026-03-02 09:00". */
static char *when(const char *iso)
{
	if (!iso)
		return xstrdup("");
	return xasprintf("%.10s %.5s", iso, strlen(iso) > 11 ? iso + 11 : "");
}

/* The nested listing of one learner's history for people. */
static void print_history(struct session *s, const struct report *r, const char *name,
                          const struct store_history *hist, size_t nhist,
                          const struct store_ack *acks, size_t nacks, struct catalog *cat, bool own)
{
	const struct term *t = &s->term;
	FILE *out = s->out;
	int idw = 8;
	struct quiz_plan *plan;

	/* Question ids in one column, as wide as the longest. */
	for (size_t i = 0; i < nhist; i++)
		for (size_t k = 0; k < hist[i].nanswers; k++)
			if ((int)util_width(hist[i].answers[k].question_id) > idw)
				idw = (int)util_width(hist[i].answers[k].question_id);
	fprintf(out, "%sHistory of %s%s: %zu attempt%s, %zu acknowledgement%s\n",
	        term_on(t, TERM_TITLE), name, term_off(t), nhist, nhist == 1 ? "" : "s", nacks,
	        nacks == 1 ? "" : "s");
	for (size_t i = 0; i < nhist; i++) {
		const struct attempt *a = &hist[i].attempt;
		const struct course *c = catalog_find(cat, a->module_id);
		char *started = when(a->started_at), *finished = when(a->finished_at);

		char *head =
		        xasprintf("%s%s %s, attempt %d%s: ", term_on(t, TERM_BOLD), a->module_id,
		                  a->module_version, hist[i].number, term_off(t));
		char *line = a->finished_at ? xasprintf("started %s, finished %s, %.1f%%, %s",
		                                        started, finished, a->percent,
		                                        a->passed ? "passed" : "not passed")
		                            : xasprintf("started %s, under way", started);
		fputc('\n', out);
		term_wrap(t, out, line, 2, head);
		free(line);
		free(head);
		if (hist[i].nanswers == 0)
			fprintf(out, "  (no answers)\n");
		/* One's own history as one saw it: the questions' words, and the
		 * choices lettered as they were shown in that attempt. */
		plan = own && c ? quiz_plan_parse(&c->quiz, a->seed, a->plan, NULL) : NULL;
		for (size_t k = 0; k < hist[i].nanswers; k++) {
			const struct answer *an = &hist[i].answers[k];
			const struct question *q = find_question(c, an->question_id);
			const size_t *order = NULL;
			char *at = when(an->answered_at), *shown, *first;

			for (size_t j = 0; plan && j < plan->nitems; j++)
				if (plan->items[j].question == q)
					order = plan->items[j].order;
			shown = render_stored_as(q, order, an->response);
			if (plan && q) {
				first = xasprintf("  %s  %4.2f  ", at, an->fraction);
				term_wrap(t, out, q->prompt, (int)util_width(first), first);
				free(first);
				first = xasprintf("  %*s  %4s  ", 16, "", "");
				term_wrap(t, out, shown, (int)util_width(first), first);
			} else {
				first = xasprintf("  %s  %-*s  %4.2f  ", at, idw, an->question_id,
				                  an->fraction);
				term_wrap(t, out, shown, (int)util_width(first), first);
			}
			free(first);
			free(shown);
			free(at);
		}
		quiz_plan_free(plan);
		free(started);
		free(finished);
	}
	if (nacks)
		fprintf(out, "\n%sAcknowledgements%s\n", term_on(t, TERM_BOLD), term_off(t));
	for (size_t i = 0; i < nacks; i++) {
		char *at = when(acks[i].at);
		char *line = xasprintf("%s  %s version %s (text sha256 %.12s...)%s", at,
		                       acks[i].policy_id, acks[i].version, acks[i].text_hash,
		                       acks[i].kiosk ? ", at a kiosk, with no credential" : "");
		term_wrap(t, out, line, 4, "  ");
		free(line);
		free(at);
	}
	fputc('\n', out);
	term_wrap(t, out,
	          own ? "Answers are lettered as they were shown in each attempt."
	              : "Answers are lettered as in the module file (a is its first choice).",
	          0, NULL);
	report_print_meta(r, t, out);
}

/* The staff-only rule: anyone may see their own history; only consultants
 * anyone else's. A name that matches nobody gets the same answer, so staff
 * cannot probe for names. */
static int find_subject(struct session *s, const struct cmd_args *args, struct store *st,
                        struct learner *who, char **err)
{
	const char *name = args->argc ? args->argv[0] : s->me->name;
	char *why = NULL;
	int found = store_learner_find(st, name, who, &why);

	if (found < 0) {
		util_error(err, "%s", why);
		free(why);
		return -1;
	}
	if (s->me->role != ROLE_CONSULTANT && (found != 0 || who->id != s->me->id)) {
		if (found == 0)
			learner_release(who);
		free(why);
		return util_error(err, "staff can only see their own progress; 'progress' shows "
		                       "yours");
	}
	if (found != 0) {
		util_error(err, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

/* The learner's standing on the modules in scope, as every other view
 * counts it: "modules_passed" of "modules". */
static int add_standing_meta(struct report *r, struct store *st, const struct report_request *q,
                             long long learner, char **err)
{
	struct progress p;
	struct standing_summary sum = {0};
	char passed[24], total[24];
	int rc = progress_load(st, q->courses, q->ncourses, learner, q->scope.since, clock_now(),
	                       &p, err);

	if (rc == 0 && p.npeople == 1)
		standing_summarise(progress_row(&p, 0), p.nmodules, &sum);
	progress_release(&p);
	if (rc < 0)
		return -1;
	snprintf(passed, sizeof(passed), "%zu", sum.passed);
	snprintf(total, sizeof(total), "%zu", q->ncourses);
	report_add_meta(r, "modules_passed", passed, true);
	report_add_meta(r, "modules", total, true);
	return 0;
}

static int run_learner(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct store_history *hist = NULL;
	struct store_ack *acks = NULL;
	size_t nhist = 0, nacks = 0;
	struct learner who;
	struct catalog *cat;
	int rc = -1;
	struct store *st;
	struct report r;

	memset(&who, 0, sizeof(who));
	memset(&q, 0, sizeof(q));
	report_init(&r, "learner", learner_columns, LEARNER_COLUMNS);
	if (!(st = session_store(s, err)) || find_subject(s, args, st, &who, err) < 0)
		goto out;
	if (report_request_init(&q, "report learner", s, args, err) < 0)
		goto out;
	cat = session_catalog(s, err);
	/* Without a filter, every attempt, even at modules since removed. */
	if (!q.module_arg && !q.topic_arg)
		q.scope.modules = NULL;
	if (store_report_history(st, who.id, &q.scope, &hist, &nhist, err) < 0 ||
	    store_report_acks(st, who.id, &q.scope, &acks, &nacks, err) < 0)
		goto out;
	for (size_t i = 0; i < nhist; i++) {
		const struct attempt *a = &hist[i].attempt;
		const struct course *c = catalog_find(cat, a->module_id);
		char *number = xasprintf("%d", hist[i].number);
		char *percent = a->finished_at ? reports_fmt1(a->percent) : NULL;
		const char *passed = a->finished_at ? (a->passed ? "yes" : "no") : NULL;

		for (size_t k = 0; k < hist[i].nanswers || k == 0; k++) {
			const struct answer *an = k < hist[i].nanswers ? &hist[i].answers[k] : NULL;
			char *shown =
			        an ? render_stored(find_question(c, an->question_id), an->response)
			           : NULL;
			char *fraction = an ? reports_fmt2(an->fraction) : NULL;
			const char *cells[LEARNER_COLUMNS] = {
			        who.name,
			        an ? "answer" : "attempt",
			        a->module_id,
			        a->module_version,
			        number,
			        a->started_at,
			        a->finished_at,
			        percent,
			        passed,
			        an ? an->question_id : NULL,
			        shown,
			        fraction,
			        an ? an->answered_at : NULL,
			        NULL,
			};
			report_add_row(&r, cells);
			free(shown);
			free(fraction);
		}
		free(number);
		free(percent);
	}
	for (size_t i = 0; i < nacks; i++) {
		const char *cells[LEARNER_COLUMNS] = {
		        who.name,
		        acks[i].kiosk ? "acknowledgement at a kiosk" : "acknowledgement",
		        acks[i].policy_id,
		        acks[i].version,
		        NULL,
		        NULL,
		        NULL,
		        NULL,
		        NULL,
		        NULL,
		        NULL,
		        NULL,
		        acks[i].at,
		        acks[i].text_hash,
		};
		report_add_row(&r, cells);
	}
	report_add_meta(&r, "learner", who.name, false);
	if (add_standing_meta(&r, st, &q, who.id, err) < 0)
		goto out;
	report_request_meta(&r, &q);
	if (report_request_trace(&r, &q, st, err) < 0)
		goto out;
	if (report_add_record_head(&r, st, err) < 0)
		goto out;
	if (q.format == REPORT_TABLE)
		print_history(s, &r, who.name, hist, nhist, acks, nacks, cat,
		              s->me && s->me->id == who.id && s->me->role == ROLE_STAFF);
	else
		report_print(&r, q.format, &s->term, s->out);
	rc = 0;
out:
	report_request_release(&q);
	histories_free(hist, nhist);
	store_acks_free(acks, nacks);
	learner_release(&who);
	report_release(&r);
	return rc;
}

const struct cmd_entry cmd_report_learner_entry = {
        .paged = true,
        .name = "report",
        .sub = "learner",
        .min_args = 0,
        .max_args = 1,
        .rest = true,
        .options = filter_options,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "[NAME] [--since DATE] [--module ID] [--topic TOPIC] [--format "
                 "table|csv|json]",
        .help = "one person's history: every attempt and answer, and acknowledgements "
                "(staff: only their own)",
        .run = run_learner,
};

/* ---- report programme [PROGRAMME] ---- */

/* The programme named (exactly or by unique prefix), or the only one. */
static const struct programme *find_programme(struct catalog *cat, const char *id, const char *dir,
                                              char **err)
{
	const char **ids;
	struct util_match m = {.index = -1};
	char *list;

	if (cat->nprogrammes == 0)
		return util_error(err, "no programmes in '%s'", dir), NULL;
	if (!id && cat->nprogrammes == 1)
		return cat->programmes[0];
	ids = xcalloc(cat->nprogrammes + 1, sizeof(*ids));
	for (size_t i = 0; i < cat->nprogrammes; i++)
		ids[i] = cat->programmes[i]->id;
	if (id)
		util_match(id, ids, cat->nprogrammes, 0, &m);
	if (m.index < 0) {
		list = util_match_list("", ids, cat->nprogrammes);
		if (!id)
			util_error(err, "report programme: which programme? (one of: %s)", list);
		else if (m.hits == 0)
			util_error(err, "no programme '%s' (one of: %s)", id, list);
		else
			util_error(err, "ambiguous programme '%s' (one of: %s)", id, list);
		free(list);
	}
	free(ids);
	return m.index < 0 ? NULL : cat->programmes[m.index];
}

/* --day N: 1 to the number of stages. By default, today's day of the
 * engagement (counted in days from the record's first event, day 1 that
 * day), so that on day 1 nobody is "not on track" for days to come; the
 * last stage once the engagement has run its length. */
static int parse_day(const char *arg, const struct programme *p, struct store *st, size_t *day,
                     char **err)
{
	char *end, began[32];
	long n;
	time_t start;

	*day = p->nstages;
	if (!arg) {
		if (store_first_event(st, began, err) < 0)
			return -1;
		if (began[0] && clock_parse(began, &start) == 0 && clock_now() >= start) {
			long long days = (long long)((clock_now() - start) / 86400) + 1;
			if (days < (long long)p->nstages)
				*day = (size_t)days;
		}
		return 0;
	}
	n = strtol(arg, &end, 10);
	if (end == arg || *end || n < 1 || (size_t)n > p->nstages)
		return util_error(err,
		                  "report programme: '--day %s' is not a day of '%s' (1 to %zu)",
		                  arg, p->id, p->nstages);
	*day = (size_t)n;
	return 0;
}

/* Column keys for the stages: made of the labels, or stage_N where a label
 * gives nothing or repeats another's; and short table titles. */
static void stage_columns(const struct programme *p, struct report_column *cols,
                          struct report_table_column *look, char **keys, char **titles)
{
	for (size_t i = 0; i < p->nstages; i++) {
		const char *label = p->stages[i].label;
		const char *colon = strchr(label, ':');
		char *key = reports_key(label);
		bool taken = !*key;

		for (size_t k = 0; k < i && !taken; k++)
			taken = strcmp(keys[k], key) == 0;
		if (taken) {
			free(key);
			key = xasprintf("stage_%zu", i + 1);
		}
		keys[i] = key;
		/* "Day 1: Strategy" is titled "DAY 1": five stages must fit a terminal. */
		if (colon && colon > label && colon - label <= 8)
			titles[i] = xstrndup(label, (size_t)(colon - label));
		else
			titles[i] = xasprintf("stage %zu", i + 1);
		cols[i + 1] = (struct report_column){.key = keys[i]};
		look[i + 1].title = titles[i];
	}
}

static int run_programme(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct catalog *cat;
	const struct programme *p;
	struct progress pr = {0};
	struct report_column *cols = NULL;
	struct report_table_column *look = NULL;
	char **keys = NULL, **titles = NULL;
	const struct course **mods = NULL;
	size_t nmods = 0, ncols = 0, day;
	char day_text[32];
	int rc = -1;
	struct store *st;
	struct report r;

	memset(&r, 0, sizeof(r));
	if (report_request_init(&q, "report programme", s, args, err) < 0) {
		report_request_release(&q);
		return -1;
	}
	cat = session_catalog(s, err);
	if (!(p = find_programme(cat, args->argc ? args->argv[0] : NULL, s->courses_dir, err)) ||
	    !(st = session_store(s, err)) || parse_day(cmd_opt(args, "day"), p, st, &day, err) < 0)
		goto out;

	ncols = p->nstages + 3;
	cols = xcalloc(ncols, sizeof(*cols));
	look = xcalloc(ncols, sizeof(*look));
	keys = xcalloc(p->nstages + 1, sizeof(*keys));
	titles = xcalloc(p->nstages + 1, sizeof(*titles));
	cols[0] = (struct report_column){.key = "learner"};
	stage_columns(p, cols, look, keys, titles);
	cols[p->nstages + 1] = (struct report_column){.key = "percent_passed", .number = true};
	look[p->nstages + 1] = (struct report_table_column){.title = "progress", .bar = true};
	cols[p->nstages + 2] = (struct report_column){.key = "on_track"};
	report_init(&r, "programme", cols, ncols);
	report_set_table(&r, look);

	/* The programme's modules that the catalogue has, each once. */
	for (size_t i = 0; i < p->nstages; i++)
		nmods += p->stages[i].nmodules;
	mods = xcalloc(nmods + 1, sizeof(*mods));
	nmods = 0;
	for (size_t i = 0; i < p->nstages; i++) {
		for (size_t k = 0; k < p->stages[i].nmodules; k++) {
			const struct course *c = catalog_find(cat, p->stages[i].modules[k]);
			bool seen = false;
			for (size_t j = 0; j < nmods && c; j++)
				seen = seen || mods[j] == c;
			if (c && !seen)
				mods[nmods++] = c;
		}
	}
	if (progress_load(st, mods, nmods, 0, q.scope.since, clock_now(), &pr, err) < 0)
		goto out;

	for (size_t i = 0; i < pr.npeople; i++) {
		const struct standing *row = progress_row(&pr, i);
		size_t total = 0, done = 0;
		char **cells;

		if (!pr.people[i].active)
			continue;
		cells = xcalloc(ncols, sizeof(*cells));
		cells[0] = xstrdup(pr.people[i].name);
		for (size_t g = 0; g < p->nstages; g++) {
			size_t k, n;
			standing_stage(&p->stages[g], mods, row, nmods, &k, &n);
			total += n;
			done += k;
			cells[g + 1] = xasprintf("%zu/%zu", k, n);
		}
		cells[p->nstages + 1] = reports_fmt1(reports_percent((double)done, (double)total));
		cells[p->nstages + 2] =
		        xstrdup(standing_on_track(p, day, mods, row, nmods) ? "yes" : "no");
		report_add_row(&r, (const char *const *)cells);
		for (size_t c = 0; c < ncols; c++)
			free(cells[c]);
		free(cells);
	}
	snprintf(day_text, sizeof(day_text), "%zu", day);
	report_add_meta(&r, "programme", p->id, false);
	report_add_meta(&r, "day", day_text, true);
	if (q.since_arg)
		report_add_meta(&r, "since", q.since_arg, false);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	report_request_release(&q);
	report_release(&r);
	progress_release(&pr);
	for (size_t i = 0; keys && titles && i < p->nstages; i++) {
		free(keys[i]);
		free(titles[i]);
	}
	free(keys);
	free(titles);
	free(cols);
	free(look);
	free(mods);
	return rc;
}

static const char *const programme_options[] = {"format:", "since:", "day:", NULL};

const struct cmd_entry cmd_report_programme_entry = {
        .paged = true,
        .name = "report",
        .sub = "programme",
        .min_args = 0,
        .max_args = 1,
        .options = programme_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[PROGRAMME] [--day N] [--since DATE] [--format table|csv|json]",
        .help = "each member of staff against the programme's stages: who is on track",
        .run = run_programme,
};
