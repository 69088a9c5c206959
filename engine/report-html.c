/*
 * report html's page (report-html.h). The reports are run as commands
 * with --format json into memory and read back with json.c: this file
 * arranges and escapes what they say, and counts rows for charts, but works
 * out no standing, compliance or readiness of its own.
 */
#include "report-html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cmd.h"
#include "html.h"
#include "json.h"
#include "session.h"
#include "store-events.h"
#include "util.h"

/* Runs one report command (words, NULL-terminated, without --format), with
 * arg (NULL for none) as its one positional argument after "--", so that a
 * name or id beginning with "--" is not taken for an option, and parses its
 * JSON: the tree (the caller frees it with json_free), or NULL with *err. */
static struct json *run_report(struct session *s, const char *const *words, const char *arg,
                               char **err)
{
	char *text = NULL, *why = NULL, **argv;
	size_t len = 0;
	int n = 0, argc, rc;
	FILE *saved = s->out, *mem;
	struct json *j = NULL;
	bool timer;

	while (words[n])
		n++;
	argv = xmalloc((size_t)(n + 4) * sizeof *argv);
	for (int i = 0; i < n; i++)
		argv[i] = xstrdup(words[i]);
	argc = n;
	argv[argc++] = xstrdup("--format");
	argv[argc++] = xstrdup("json");
	if (arg) {
		argv[argc++] = xstrdup("--");
		argv[argc++] = xstrdup(arg);
	}
	if (!(mem = open_memstream(&text, &len)))
		abort();
	/* The reports are parts of one command: --timer times that, not them. */
	timer = s->timer;
	s->timer = false;
	s->out = mem;
	rc = cmd_run_words(s, argv, argc, &why);
	s->out = saved;
	s->timer = timer;
	fclose(mem);
	if (rc < 0)
		util_error(err, "report html: %s", why ? why : "a report failed");
	else if (!(j = json_parse(text, len, &why)))
		util_error(err, "report html: '%s%s%s' gave no JSON: %s", words[0],
		           words[1] ? " " : "", words[1] ? words[1] : "", why);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	free(text);
	free(why);
	return j;
}

/* A member of an object as text: a string or a number as written; "" for
 * null or missing. */
static const char *field(const struct json *row, const char *key)
{
	const struct json *v = json_get(row, key);

	if (v && (v->type == JSON_STRING || v->type == JSON_NUMBER))
		return v->text;
	return "";
}

static const struct json *rows_of(const struct json *report)
{
	const struct json *rows = json_get(report, "rows");
	static const struct json none = {.type = JSON_ARRAY};

	return rows && rows->type == JSON_ARRAY ? rows : &none;
}

/* Where name is among the learners report's rows, for links; -1 if not. */
static long person_index(const struct json *learners, const char *name)
{
	const struct json *rows = rows_of(learners);

	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(field(&rows->items[i], "learner"), name) == 0)
			return (long)i;
	return -1;
}

/* A person's name, linked to their section when they have one. */
static void add_person(struct strbuf *sb, const struct json *learners, const char *name)
{
	long i = person_index(learners, name);

	if (i < 0) {
		html_add_text(sb, name);
		return;
	}
	strbuf_adds(sb, "<a href=\"#");
	html_add_id(sb, "person", (size_t)i);
	strbuf_adds(sb, "\">");
	html_add_text(sb, name);
	strbuf_adds(sb, "</a>");
}

/* Which rows a table shows. */
typedef bool row_filter(const struct json *row, const void *ctx);

/*
 * A table of report rows: one column per key, headed by its title; the
 * first column heads its row. Cells are the JSON's text as written, so
 * numbers read as the CSV has them, with data-key attributes for tests and
 * scripts. Columns named "learner" link to the person's section.
 */
static void add_table_as(struct strbuf *sb, const char *name, const char *caption,
                         const struct json *report, const char *const *keys,
                         const char *const *titles, row_filter *keep, const void *ctx,
                         const struct json *learners)
{
	const struct json *rows = rows_of(report);
	size_t shown = 0;

	for (size_t r = 0; r < rows->n; r++)
		if (!keep || keep(&rows->items[r], ctx))
			shown++;
	if (shown == 0) {
		strbuf_adds(sb, "<p class=\"none\">");
		html_add_text(sb, caption);
		strbuf_adds(sb, ": none.</p>\n");
		return;
	}
	strbuf_adds(sb, "<table data-report=\"");
	html_add_text(sb, name ? name : field(report, "report"));
	strbuf_adds(sb, "\"><caption>");
	html_add_text(sb, caption);
	strbuf_adds(sb, "</caption>\n<thead><tr>");
	for (size_t k = 0; keys[k]; k++) {
		strbuf_adds(sb, "<th scope=\"col\">");
		html_add_text(sb, titles[k]);
		strbuf_adds(sb, "</th>");
	}
	strbuf_adds(sb, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < rows->n; r++) {
		const struct json *row = &rows->items[r];
		if (keep && !keep(row, ctx))
			continue;
		strbuf_adds(sb, "<tr>");
		for (size_t k = 0; keys[k]; k++) {
			const struct json *v = json_get(row, keys[k]);
			strbuf_adds(sb, k == 0 ? "<th scope=\"row\"" : "<td");
			strbuf_adds(sb, " data-key=\"");
			html_add_text(sb, keys[k]);
			strbuf_adds(sb, v && v->type == JSON_NUMBER ? "\" class=\"num\">" : "\">");
			if (learners && strcmp(keys[k], "learner") == 0)
				add_person(sb, learners, field(row, keys[k]));
			else
				html_add_text(sb, field(row, keys[k]));
			strbuf_adds(sb, k == 0 ? "</th>" : "</td>");
		}
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

/* add_table, its data-report the report's own name. */
static void add_table(struct strbuf *sb, const char *caption, const struct json *report,
                      const char *const *keys, const char *const *titles, row_filter *keep,
                      const void *ctx, const struct json *learners)
{
	add_table_as(sb, NULL, caption, report, keys, titles, keep, ctx, learners);
}

static bool is_not_compliant(const struct json *row, const void *ctx)
{
	(void)ctx;
	return strcmp(field(row, "state"), "compliant") != 0;
}

static bool is_confusing(const struct json *row, const void *ctx)
{
	(void)ctx;
	return strcmp(field(row, "flag"), "confusing") == 0;
}

static bool is_learner(const struct json *row, const void *name)
{
	return strcmp(field(row, "learner"), name) == 0;
}

static bool is_locked_out(const struct json *row, const void *ctx)
{
	(void)ctx;
	return *field(row, "locked_out") != '\0';
}

static bool has_cards(const struct json *row, const void *ctx)
{
	(void)ctx;
	return atol(field(row, "questions")) > 0;
}

static const char *const compliance_states[] = {"compliant", "expiring", "in training", "overdue",
                                                "never trained"};
static const char *const compliance_colours[] = {"#1b5e20", "#7a4f00", "#0d47a1", "#b00020",
                                                 "#4a4a4a"};
#define NSTATES (sizeof(compliance_states) / sizeof(compliance_states[0]))

/* Compliance by policy: the rows of report compliance counted by state. */
static void add_compliance(struct strbuf *sb, const struct json *comp, const struct json *learners)
{
	const struct json *rows = rows_of(comp);
	struct strlist policies;
	long *counts;
	static const char *const keys[] = {"learner", "policy", "version", "state",
	                                   "until",   "reason", NULL};
	static const char *const titles[] = {"Learner", "Policy", "Version",
	                                     "State",   "Until",  "Reason"};

	strlist_init(&policies);
	for (size_t r = 0; r < rows->n; r++)
		if (!strlist_has(&policies, field(&rows->items[r], "policy")))
			strlist_add(&policies, field(&rows->items[r], "policy"));
	counts = xcalloc(policies.n * NSTATES + 1, sizeof *counts);
	for (size_t r = 0; r < rows->n; r++)
		for (size_t p = 0; p < policies.n; p++)
			for (size_t k = 0; k < NSTATES; k++)
				if (strcmp(field(&rows->items[r], "policy"), policies.items[p]) ==
				            0 &&
				    strcmp(field(&rows->items[r], "state"), compliance_states[k]) ==
				            0)
					counts[p * NSTATES + k]++;
	strbuf_adds(sb, "<section id=\"compliance\"><h2>Compliance by policy</h2>\n");
	if (policies.n == 0) {
		strbuf_adds(sb, "<p class=\"none\">No policy module is in the courses.</p>\n");
	} else {
		chart_bars(sb, "People in each compliance state, by policy",
		           (const char *const *)policies.items, policies.n, compliance_states,
		           compliance_colours, NSTATES, counts);
		strbuf_adds(sb, "<table data-report=\"compliance-counts\"><caption>People in each "
		                "compliance state, by policy</caption>\n<thead><tr><th "
		                "scope=\"col\">Policy</th>");
		for (size_t k = 0; k < NSTATES; k++)
			strbuf_addf(sb, "<th scope=\"col\">%s</th>", compliance_states[k]);
		strbuf_adds(sb, "</tr></thead>\n<tbody>\n");
		for (size_t p = 0; p < policies.n; p++) {
			strbuf_adds(sb, "<tr><th scope=\"row\" data-key=\"policy\">");
			html_add_text(sb, policies.items[p]);
			strbuf_adds(sb, "</th>");
			for (size_t k = 0; k < NSTATES; k++)
				strbuf_addf(sb, "<td class=\"num\" data-key=\"%s\">%ld</td>",
				            compliance_states[k], counts[p * NSTATES + k]);
			strbuf_adds(sb, "</tr>\n");
		}
		strbuf_adds(sb, "</tbody></table>\n");
	}
	strbuf_adds(sb, "<h3>Who needs attention</h3>\n");
	add_table(sb, "Expiring, in training, overdue or never trained (report compliance)", comp,
	          keys, titles, is_not_compliant, NULL, learners);
	strbuf_adds(sb, "</section>\n");
	free(counts);
	strlist_release(&policies);
}

static bool in_report(const struct json *row, const void *report)
{
	const struct json *rows = rows_of(report);

	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(field(&rows->items[i], "learner"), field(row, "learner")) == 0)
			return true;
	return false;
}

static const char *const assignment_states[] = {"done", "open", "overdue"};
static const char *const assignment_titles[] = {"Done", "Open", "Overdue"};
#define NASTATES (sizeof(assignment_states) / sizeof(assignment_states[0]))

/* Assignments: per module, the rows of assignments (everyone's) counted by
 * state, of the people report assignments covers (a deactivated person's
 * stay in the record but are nobody's to do); then report assignments'
 * own rows, one per person. */
static void add_assignments(struct strbuf *sb, const struct json *list, const struct json *report,
                            const struct json *learners)
{
	const struct json *rows = rows_of(list);
	struct strlist modules;
	long *counts;
	const char **next;
	static const char *const keys[] = {"learner",  "assigned",        "done", "open", "overdue",
	                                   "next_due", "overdue_modules", NULL};
	static const char *const titles[] = {"Learner", "Assigned", "Done",           "Open",
	                                     "Overdue", "Next due", "Overdue modules"};

	strlist_init(&modules);
	for (size_t r = 0; r < rows->n; r++)
		if (in_report(&rows->items[r], report) &&
		    !strlist_has(&modules, field(&rows->items[r], "module")))
			strlist_add(&modules, field(&rows->items[r], "module"));
	counts = xcalloc(modules.n * NASTATES + 1, sizeof *counts);
	next = xcalloc(modules.n + 1, sizeof *next);
	for (size_t r = 0; r < rows->n; r++) {
		const struct json *row = &rows->items[r];
		size_t m;

		if (!in_report(row, report))
			continue;
		for (m = 0; strcmp(modules.items[m], field(row, "module")) != 0; m++)
			;
		for (size_t k = 0; k < NASTATES; k++)
			if (strcmp(field(row, "state"), assignment_states[k]) == 0)
				counts[m * NASTATES + k]++;
		if (strcmp(field(row, "state"), "done") != 0 &&
		    (!next[m] || strcmp(field(row, "due"), next[m]) < 0))
			next[m] = field(row, "due");
	}
	strbuf_adds(sb, "<section id=\"assignments\"><h2>Assignments</h2>\n");
	if (modules.n == 0) {
		strbuf_adds(sb, "<p class=\"none\">No module is assigned to anyone.</p>\n");
	} else {
		strbuf_adds(sb, "<table data-report=\"assignments-by-module\"><caption>Each module "
		                "assigned: to how many people, done, open (not yet due) and "
		                "overdue</caption>\n<thead><tr><th scope=\"col\">Module</th>"
		                "<th scope=\"col\">Assigned</th>");
		for (size_t k = 0; k < NASTATES; k++)
			strbuf_addf(sb, "<th scope=\"col\">%s</th>", assignment_titles[k]);
		strbuf_adds(sb, "<th scope=\"col\">Next due</th></tr></thead>\n<tbody>\n");
		for (size_t m = 0; m < modules.n; m++) {
			long total = 0;

			for (size_t k = 0; k < NASTATES; k++)
				total += counts[m * NASTATES + k];
			strbuf_adds(sb, "<tr><th scope=\"row\" data-key=\"module\">");
			html_add_text(sb, modules.items[m]);
			strbuf_addf(sb, "</th><td class=\"num\" data-key=\"assigned\">%ld</td>",
			            total);
			for (size_t k = 0; k < NASTATES; k++)
				strbuf_addf(sb, "<td class=\"num\" data-key=\"%s\">%ld</td>",
				            assignment_states[k], counts[m * NASTATES + k]);
			strbuf_adds(sb, "<td data-key=\"next_due\">");
			html_add_text(sb, next[m] ? next[m] : "");
			strbuf_adds(sb, "</td></tr>\n");
		}
		strbuf_adds(sb, "</tbody></table>\n");
	}
	add_table(sb, "Each person's assignments (report assignments)", report, keys, titles, NULL,
	          NULL, learners);
	strbuf_adds(sb, "</section>\n");
	free(counts);
	free(next);
	strlist_release(&modules);
}

static const char *const retention_keys[] = {
        "module",          "learners",      "questions",     "due_now", "retention_percent",
        "refresh_answers", "refresh_right", "right_percent", NULL};
static const char *const retention_titles[] = {"Module",
                                               "Learners",
                                               "Questions spaced",
                                               "Due now",
                                               "Mean recall now %",
                                               "Refresher answers",
                                               "Right",
                                               "Right %"};

/* Retention: report retention's rows as they are, one per module. */
static void add_retention(struct strbuf *sb, const struct json *retention)
{
	strbuf_adds(sb, "<section id=\"retention\"><h2>Retention</h2>\n<p>How well what was "
	                "learned is holding: per module, the questions spaced by refreshers "
	                "(one per person who passed and question), how many are due now, the mean "
	                "predicted chance of recall now, and the refresher answers given and how "
	                "many were fully right, as in report retention.</p>\n");
	add_table(sb, "Retention by module (report retention)", retention, retention_keys,
	          retention_titles, NULL, NULL, NULL);
	strbuf_adds(sb, "</section>\n");
}

/* Locked out now: the people report learners says have used every attempt
 * at a quiz, each linked to their section, where their grants are. */
static void add_locked_out(struct strbuf *sb, const struct json *learners,
                           const struct json *grants)
{
	const struct json *rows = rows_of(learners);
	size_t n = 0;

	for (size_t r = 0; r < rows->n; r++)
		n += is_locked_out(&rows->items[r], NULL);
	strbuf_adds(sb, "<section id=\"locked-out\"><h2>Locked out of a quiz</h2>\n");
	if (n == 0) {
		strbuf_adds(sb, "<p class=\"none\">Nobody is locked out of a quiz now.</p>\n");
	} else {
		strbuf_adds(sb, "<table data-report=\"locked-out\"><caption>Who has used every "
		                "attempt at a quiz (report learners); <code>learner grant</code> "
		                "frees them</caption>\n<thead><tr><th scope=\"col\">Learner</th>"
		                "<th scope=\"col\">Locked out of</th></tr></thead>\n<tbody>\n");
		for (size_t r = 0; r < rows->n; r++) {
			const struct json *row = &rows->items[r];
			if (!is_locked_out(row, NULL))
				continue;
			strbuf_adds(sb, "<tr><th scope=\"row\" data-key=\"learner\">");
			add_person(sb, learners, field(row, "learner"));
			strbuf_adds(sb, "</th><td data-key=\"locked_out\">");
			html_add_text(sb, field(row, "locked_out"));
			strbuf_adds(sb, "</td></tr>\n");
		}
		strbuf_adds(sb, "</tbody></table>\n");
	}
	strbuf_addf(sb,
	            "<p>Attempts granted so far: <span data-key=\"grants\">%zu</span> (each "
	            "person's are in their section; report grants lists them all).</p>\n",
	            rows_of(grants)->n);
	strbuf_adds(sb, "</section>\n");
}

/* A passing attempt in a learner report: its module and when it finished. */
struct pass {
	const char *module;
	const char *day;
};

static int pass_cmp(const void *a, const void *b)
{
	const struct pass *x = a, *y = b;
	return strcmp(x->day, y->day);
}

/* Modules passed over time: each person's first passing attempt at each
 * module, from their learner report, counted by the day it finished. */
static void add_passes(struct strbuf *sb, struct json **histories, size_t npeople,
                       const struct json *modules)
{
	struct pass *passes = NULL;
	size_t npasses = 0, cap = 0, ndays = 0;
	const char **days;
	long *totals, *that_day;
	static const char *const keys[] = {"module",
	                                   "started",
	                                   "passed",
	                                   "failed",
	                                   "median_score",
	                                   "median_time_seconds",
	                                   "attempts_per_pass",
	                                   NULL};
	static const char *const titles[] = {
	        "Module",         "Started",         "Passed",           "Failed",
	        "Median score %", "Median time (s)", "Attempts per pass"};

	for (size_t i = 0; i < npeople; i++) {
		const struct json *rows = rows_of(histories[i]);
		size_t mine = npasses;
		for (size_t r = 0; r < rows->n; r++) {
			const struct json *row = &rows->items[r];
			bool seen = false;
			if (strcmp(field(row, "record"), "answer") != 0 ||
			    strcmp(field(row, "passed"), "yes") != 0)
				continue;
			for (size_t k = mine; k < npasses; k++)
				seen = seen || strcmp(passes[k].module, field(row, "module")) == 0;
			if (seen)
				continue;
			if (npasses == cap) {
				cap = cap ? 2 * cap : 16;
				passes = xrealloc(passes, cap * sizeof *passes);
			}
			passes[npasses].module = field(row, "module");
			passes[npasses++].day = field(row, "finished_at");
		}
	}
	if (npasses > 1)
		qsort(passes, npasses, sizeof *passes, pass_cmp);
	days = xcalloc(npasses + 1, sizeof *days);
	totals = xcalloc(npasses + 1, sizeof *totals);
	that_day = xcalloc(npasses + 1, sizeof *that_day);
	for (size_t k = 0; k < npasses; k++) {
		if (ndays == 0 || strncmp(days[ndays - 1], passes[k].day, 10) != 0) {
			days[ndays] = passes[k].day;
			totals[ndays] = ndays ? totals[ndays - 1] : 0;
			ndays++;
		}
		totals[ndays - 1]++;
		that_day[ndays - 1]++;
	}
	strbuf_adds(sb, "<section id=\"passes\"><h2>Modules passed over time</h2>\n");
	if (ndays == 0) {
		strbuf_adds(sb, "<p class=\"none\">Nobody has passed a module yet.</p>\n");
	} else {
		chart_steps(sb, "Modules passed, running total by day", days, totals, ndays);
		strbuf_adds(sb,
		            "<table data-report=\"passes\"><caption>Modules passed by day (each "
		            "person's first passing attempt at each module)</caption>\n<thead><tr>"
		            "<th scope=\"col\">Day</th><th scope=\"col\">Passed that day</th>"
		            "<th scope=\"col\">Running total</th></tr></thead>\n<tbody>\n");
		for (size_t d = 0; d < ndays; d++) {
			strbuf_adds(sb, "<tr><th scope=\"row\">");
			strbuf_add(sb, days[d], strlen(days[d]) < 10 ? strlen(days[d]) : 10);
			strbuf_addf(sb,
			            "</th><td class=\"num\">%ld</td><td class=\"num\" "
			            "data-key=\"total\">%ld</td></tr>\n",
			            that_day[d], totals[d]);
		}
		strbuf_adds(sb, "</tbody></table>\n");
	}
	add_table(sb, "Every module (report modules)", modules, keys, titles, NULL, NULL, NULL);
	strbuf_adds(sb, "</section>\n");
	free(passes);
	free(days);
	free(totals);
	free(that_day);
}

/* Duties handed back: the timeline of stage moves, and readiness. */
static void add_duties(struct strbuf *sb, const struct json *readiness, const struct json *timeline,
                       const struct json *learners)
{
	const struct json *rows = rows_of(timeline);
	struct strlist lanes;
	size_t *lane = xcalloc(rows->n + 1, sizeof *lane);
	const char **days = xcalloc(rows->n + 1, sizeof *days);
	const char **names = xcalloc(rows->n + 1, sizeof *names);
	static const char *const tkeys[] = {"at", "duty", "learner", "from",
	                                    "to", "by",   "note",    NULL};
	static const char *const ttitles[] = {"When", "Duty", "Learner", "From",
	                                      "To",   "By",   "Note"};
	static const char *const rkeys[] = {"learner", "duty",        "stage", "next",
	                                    "ready",   "still_needs", NULL};
	static const char *const rtitles[] = {"Learner", "Duty",  "Stage",
	                                      "Next",    "Ready", "Still needs"};

	strlist_init(&lanes);
	for (size_t r = 0; r < rows->n; r++) {
		char *label = xasprintf("%s: %s", field(&rows->items[r], "duty"),
		                        field(&rows->items[r], "learner"));
		size_t l;
		for (l = 0; l < lanes.n && strcmp(lanes.items[l], label) != 0; l++)
			;
		if (l == lanes.n)
			strlist_add(&lanes, label);
		free(label);
		lane[r] = l;
		days[r] = field(&rows->items[r], "at");
		names[r] = field(&rows->items[r], "to");
	}
	strbuf_adds(sb, "<section id=\"duties\"><h2>Duties handed back</h2>\n<p>");
	strbuf_addf(sb,
	            "<span data-key=\"duties_handed_back\">%s</span> of "
	            "<span data-key=\"duties\">%s</span> duties handed back",
	            field(timeline, "duties_handed_back"), field(timeline, "duties"));
	if (*field(timeline, "engagement_began")) {
		strbuf_adds(sb, " since the engagement began on ");
		html_add_text(sb, field(timeline, "engagement_began"));
	}
	strbuf_adds(sb, ".</p>\n");
	if (rows->n > 0)
		chart_timeline(
		        sb, "Stage moves by duty and person (filled: handed over), on a timeline",
		        (const char *const *)lanes.items, lanes.n, lane, days, names, rows->n);
	add_table(sb, "Every stage move (report handover --timeline)", timeline, tkeys, ttitles,
	          NULL, NULL, learners);
	add_table(sb, "Readiness for the next stage (report handover)", readiness, rkeys, rtitles,
	          NULL, NULL, learners);
	strbuf_adds(sb, "</section>\n");
	strlist_release(&lanes);
	free(lane);
	free(days);
	free(names);
}

/* Questions that confuse people: report questions' "confusing" flag, for
 * every module someone has started. */
static int add_questions(struct session *s, struct strbuf *sb, const struct json *modules,
                         char **err)
{
	const struct json *rows = rows_of(modules);
	size_t flagged = 0;
	static const char *const keys[] = {"question",
	                                   "answered",
	                                   "percent_correct",
	                                   "discrimination",
	                                   "wrong_answer_count",
	                                   "most_chosen_wrong_answer",
	                                   NULL};
	static const char *const titles[] = {"Question",      "Answered",
	                                     "Correct %",     "Discrimination",
	                                     "Wrong answers", "Most chosen wrong answer"};

	strbuf_adds(sb, "<section id=\"questions\"><h2>Questions that confuse people</h2>\n"
	                "<p>A question is confusing when people who did better on the quiz did no "
	                "better on it (a discrimination index of 0 or less), as in report "
	                "questions.</p>\n");
	for (size_t m = 0; m < rows->n; m++) {
		const char *id = field(&rows->items[m], "module");
		static const char *const words[] = {"report", "questions", NULL};
		const struct json *qrows;
		struct json *q;
		char *caption;
		size_t here = 0;

		if (atol(field(&rows->items[m], "started")) == 0)
			continue;
		if (!(q = run_report(s, words, id, err)))
			return -1;
		qrows = rows_of(q);
		for (size_t r = 0; r < qrows->n; r++)
			here += is_confusing(&qrows->items[r], NULL);
		if (here > 0) {
			strbuf_adds(sb, "<h3>");
			html_add_text(sb, id);
			strbuf_adds(sb, "</h3>\n");
			caption = xasprintf("Confusing questions in %s, version %s", id,
			                    field(q, "version"));
			add_table(sb, caption, q, keys, titles, is_confusing, NULL, NULL);
			free(caption);
		}
		flagged += here;
		json_free(q);
	}
	if (flagged == 0)
		strbuf_adds(sb, "<p class=\"none\" data-key=\"confusing\">No question is flagged "
		                "confusing.</p>\n");
	strbuf_adds(sb, "</section>\n");
	return 0;
}

/* Each person's section: their row of report learners and of report
 * compliance, their assignments with due dates and state, what they are
 * locked out of and the attempts granted them (report grants), their
 * refreshers per module (report retention --learner), and their attempts
 * and acknowledgements from report learner. */
static void add_people(struct strbuf *sb, const struct json *learners, const struct json *comp,
                       const struct json *assigned, const struct json *grants,
                       struct json **retention, struct json **histories)
{
	const struct json *rows = rows_of(learners);
	static const char *const lkeys[] = {"learner",       "passed",
	                                    "in_progress",   "not_started",
	                                    "average_score", "time_spent_seconds",
	                                    "last_activity", "compliance",
	                                    "locked_out",    NULL};
	static const char *const ltitles[] = {"Learner",       "Passed",          "In progress",
	                                      "Not started",   "Average score %", "Time (s)",
	                                      "Last activity", "Compliance",      "Locked out of"};
	static const char *const ckeys[] = {"policy", "version", "state", "until", "reason", NULL};
	static const char *const ctitles[] = {"Policy", "Version", "State", "Until", "Reason"};
	static const char *const akeys[] = {"module", "due", "state", "passed_on", "reason", NULL};
	static const char *const atitles[] = {"Module", "Due", "State", "Passed on", "Reason"};
	static const char *const hkeys[] = {"module",   "record", "version",  "attempt",
	                                    "question", "answer", "fraction", "percent",
	                                    "passed",   "at",     NULL};
	static const char *const htitles[] = {"Module",   "Record", "Version",  "Attempt",
	                                      "Question", "Answer", "Fraction", "Attempt %",
	                                      "Passed",   "At"};
	static const char *const gkeys[] = {"module", "attempts", "at", "by", "reason", NULL};
	static const char *const rkeys[] = {
	        "module",          "questions",     "due_now",       "retention_percent",
	        "refresh_answers", "refresh_right", "right_percent", NULL};
	static const char *const rtitles[] = {
	        "Module", "Questions spaced", "Due now", "Mean recall now %", "Refresher answers",
	        "Right",  "Right %"};
	static const char *const gtitles[] = {"Module", "Attempts", "When", "By", "Reason"};

	strbuf_adds(sb, "<section id=\"people\"><h2>People</h2>\n");
	add_table(sb, "Every active member of staff (report learners)", learners, lkeys, ltitles,
	          NULL, NULL, learners);
	for (size_t i = 0; i < rows->n; i++) {
		const char *name = field(&rows->items[i], "learner");
		char *caption;

		strbuf_adds(sb, "<section class=\"person\" id=\"");
		html_add_id(sb, "person", i);
		strbuf_adds(sb, "\"><h3>");
		html_add_text(sb, name);
		strbuf_addf(sb,
		            "</h3>\n<p>Modules passed: <span data-key=\"modules_passed\">%s</span> "
		            "of <span data-key=\"modules\">%s</span>.</p>\n",
		            field(histories[i], "modules_passed"), field(histories[i], "modules"));
		caption = xasprintf("Compliance of %s", name);
		add_table(sb, caption, comp, ckeys, ctitles, is_learner, name, NULL);
		free(caption);
		caption = xasprintf("Assignments of %s", name);
		add_table(sb, caption, assigned, akeys, atitles, is_learner, name, NULL);
		free(caption);
		if (is_locked_out(&rows->items[i], NULL)) {
			strbuf_adds(sb, "<p>Locked out of (every attempt used): <span "
			                "data-key=\"locked_out\">");
			html_add_text(sb, field(&rows->items[i], "locked_out"));
			strbuf_adds(sb, "</span>.</p>\n");
		}
		caption = xasprintf("Attempts granted to %s (report grants)", name);
		add_table(sb, caption, grants, gkeys, gtitles, is_learner, name, NULL);
		free(caption);
		caption =
		        xasprintf("Refreshers of %s, by module (report retention --learner)", name);
		add_table_as(sb, "retention-person", caption, retention[i], rkeys, rtitles,
		             has_cards, NULL, NULL);
		free(caption);
		caption = xasprintf("Answers and acknowledgements of %s (report learner)", name);
		add_table(sb, caption, histories[i], hkeys, htitles, NULL, NULL, NULL);
		free(caption);
		strbuf_adds(
		        sb,
		        "<p class=\"top\"><a href=\"#top\">Back to the top</a></p></section>\n");
	}
	strbuf_adds(sb, "</section>\n");
}

/* The record's head and its latest signed checkpoint. */
static int add_record(struct session *s, struct strbuf *sb, const struct json *any, char **err)
{
	struct store *st = session_store(s, err);
	long long id;
	char *data = NULL;
	struct json *cp = NULL;
	int rc;

	if (!st)
		return -1;
	strbuf_adds(sb, "<section id=\"record\"><h2>The record</h2>\n<dl>\n<dt>Events</dt><dd "
	                "data-key=\"record_events\">");
	html_add_text(sb, field(any, "record_events"));
	strbuf_adds(sb, "</dd>\n<dt>Head (the hash of the last event)</dt><dd class=\"hash\" "
	                "data-key=\"record_head\">");
	html_add_text(sb, field(any, "record_head"));
	strbuf_adds(sb, "</dd>\n<dt>Latest checkpoint</dt><dd data-key=\"checkpoint\">");
	rc = store_checkpoint_covering(st, 1, &id, &data, err);
	if (rc < 0)
		return -1;
	if (rc == STORE_NOT_FOUND || !(cp = json_parse(data, strlen(data), NULL))) {
		strbuf_adds(sb, "none signed: <code>upskill checkpoint</code> signs one");
	} else {
		strbuf_addf(sb, "event %lld, covering ", id);
		html_add_text(sb, field(cp, "size"));
		strbuf_adds(sb, " events, signed by ");
		html_add_text(sb, field(cp, "signer"));
		strbuf_adds(sb, "; root <span class=\"hash\">");
		html_add_text(sb, field(cp, "root"));
		strbuf_adds(sb, "</span>");
	}
	strbuf_adds(sb, "</dd>\n</dl>\n<p>Check the record with <code>upskill verify</code>; "
	                "this page is a copy of what it said when it was made.</p></section>\n");
	json_free(cp);
	free(data);
	return 0;
}

/* Where the folder the reports read is not what the record holds as
 * published (report_request_trace), a note at the top of the page. */
static void add_trace(struct strbuf *sb, const struct json *report)
{
	static const char *const keys[] = {"course_files_not_loaded", "published_not_in_folder",
	                                   "changed_since_published"};
	static const char *const says[] = {
	        "Course files that did not load, whose modules are on no page below",
	        "Modules published but in no course file",
	        "Modules whose course file is not the one published"};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (!*field(report, keys[k]))
			continue;
		strbuf_addf(sb, "<p class=\"note\" data-key=\"%s\">%s: ", keys[k], says[k]);
		html_add_text(sb, field(report, keys[k]));
		strbuf_adds(sb, ".</p>\n");
	}
}

static const char css[] =
        "body{font:16px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;"
        "max-width:64rem;padding:1rem 1.5rem}\n"
        "a{color:#0b4f8a}\n"
        "h1{font-size:1.8rem}h2{border-bottom:2px solid #1a1a1a;margin-top:2.5rem}\n"
        "table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}\n"
        "caption{text-align:left;font-weight:600;padding:.3rem 0}\n"
        "th,td{border:1px solid #767676;padding:.25rem .4rem;text-align:left;vertical-align:top}\n"
        "thead th{background:#e8e8e8}\n"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
        ".hash{font-family:monospace;word-break:break-all}\n"
        ".chart{max-width:100%;height:auto;font-size:13px}\n"
        "nav ul{columns:2}\n.note{background:#fff4ce;padding:.5rem;border:1px solid #7a4f00}\n"
        "@media print{body{max-width:none;font-size:11pt}nav,.top{display:none}"
        "a{color:#1a1a1a;text-decoration:none}section.person{break-before:page}"
        "table,svg{break-inside:avoid}thead{display:table-header-group}}\n";

char *report_html(struct session *s, char **err)
{
	static const char *const w_comp[] = {"report", "compliance", NULL};
	static const char *const w_learners[] = {"report", "learners", NULL};
	static const char *const w_modules[] = {"report", "modules", NULL};
	static const char *const w_ready[] = {"report", "handover", NULL};
	static const char *const w_timeline[] = {"report", "handover", "--timeline", NULL};
	static const char *const w_assigned[] = {"report", "assignments", NULL};
	static const char *const w_list[] = {"assignments", NULL};
	static const char *const w_retention[] = {"report", "retention", NULL};
	static const char *const w_grants[] = {"report", "grants", NULL};
	struct json *comp = NULL, *learners = NULL, *modules = NULL, *ready = NULL,
	            *timeline = NULL, *assigned = NULL, *list = NULL, *retention = NULL,
	            *grants = NULL, **histories = NULL, **refreshers = NULL;
	size_t npeople = 0;
	struct strbuf sb;
	char *page = NULL;

	strbuf_init(&sb);
	/* The whole catalogue first: the reports that need only heads use it
	 * too, so the page comes from one read of the folder. */
	if (!session_catalog(s, err))
		goto out;
	if (!(comp = run_report(s, w_comp, NULL, err)) ||
	    !(learners = run_report(s, w_learners, NULL, err)) ||
	    !(modules = run_report(s, w_modules, NULL, err)) ||
	    !(ready = run_report(s, w_ready, NULL, err)) ||
	    !(timeline = run_report(s, w_timeline, NULL, err)) ||
	    !(assigned = run_report(s, w_assigned, NULL, err)) ||
	    !(list = run_report(s, w_list, NULL, err)) ||
	    !(retention = run_report(s, w_retention, NULL, err)) ||
	    !(grants = run_report(s, w_grants, NULL, err)))
		goto out;
	npeople = rows_of(learners)->n;
	histories = xcalloc(npeople + 1, sizeof *histories);
	refreshers = xcalloc(npeople + 1, sizeof *refreshers);
	for (size_t i = 0; i < npeople; i++) {
		static const char *const words[] = {"report", "learner", NULL};
		const char *name = field(&rows_of(learners)->items[i], "learner");
		const char *mine[] = {"report", "retention", "--learner", name, NULL};
		if (!(histories[i] = run_report(s, words, name, err)) ||
		    !(refreshers[i] = run_report(s, mine, NULL, err)))
			goto out;
	}
	strbuf_adds(&sb,
	            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	            "'none'; style-src 'unsafe-inline'\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>upskill: the training record at ");
	html_add_text(&sb, field(learners, "generated_at"));
	strbuf_addf(&sb,
	            "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header id=\"top\">"
	            "<h1>The training record at a glance</h1>\n<p>Made by upskill on ",
	            css);
	html_add_text(&sb, field(learners, "generated_at"));
	strbuf_adds(&sb, " from a record of <span data-key=\"record_events\">");
	html_add_text(&sb, field(learners, "record_events"));
	strbuf_adds(&sb, "</span> events.</p>\n");
	if (*field(learners, "test_record")) {
		strbuf_adds(&sb, "<p class=\"note\">A test record: ");
		html_add_text(&sb, field(learners, "test_record"));
		strbuf_adds(&sb, ".</p>\n");
	}
	add_trace(&sb, learners);
	strbuf_adds(&sb, "<nav aria-label=\"Contents\"><ul>\n"
	                 "<li><a href=\"#compliance\">Compliance by policy</a></li>\n"
	                 "<li><a href=\"#assignments\">Assignments</a></li>\n"
	                 "<li><a href=\"#locked-out\">Locked out of a quiz</a></li>\n"
	                 "<li><a href=\"#passes\">Modules passed over time</a></li>\n"
	                 "<li><a href=\"#duties\">Duties handed back</a></li>\n"
	                 "<li><a href=\"#questions\">Questions that confuse people</a></li>\n"
	                 "<li><a href=\"#retention\">Retention</a></li>\n"
	                 "<li><a href=\"#people\">People</a></li>\n"
	                 "<li><a href=\"#record\">The record</a></li>\n</ul></nav>\n</header>\n"
	                 "<main>\n");
	add_compliance(&sb, comp, learners);
	add_assignments(&sb, list, assigned, learners);
	add_locked_out(&sb, learners, grants);
	add_passes(&sb, histories, npeople, modules);
	add_duties(&sb, ready, timeline, learners);
	if (add_questions(s, &sb, modules, err) < 0)
		goto out;
	add_retention(&sb, retention);
	add_people(&sb, learners, comp, list, grants, refreshers, histories);
	if (add_record(s, &sb, learners, err) < 0)
		goto out;
	strbuf_adds(&sb, "</main>\n</body>\n</html>\n");
	page = strbuf_detach(&sb);
out:
	strbuf_release(&sb);
	json_free(comp);
	json_free(learners);
	json_free(modules);
	json_free(ready);
	json_free(timeline);
	json_free(assigned);
	json_free(list);
	json_free(retention);
	json_free(grants);
	for (size_t i = 0; histories && i < npeople; i++) {
		json_free(histories[i]);
		json_free(refreshers[i]);
	}
	free(histories);
	free(refreshers);
	return page;
}
