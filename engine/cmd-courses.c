/*
 * The catalogue: courses (every module, with the signed-in learner's status
 * and what to do next) and show MODULE (one module in detail).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "progress.h"
#include "quiz.h"
#include "report.h"
#include "session.h"
#include "util.h"

/* The status column: a few words, a bar for a quiz under way. */
static char *status_text(const struct course *c, const struct standing *ms)
{
	struct standing_days days;
	char *bar, *text;
	int left;

	standing_days(ms, &days);
	switch (ms->state) {
	case STANDING_NOT_STARTED:
		return xstrdup("not started");
	case STANDING_READING:
		return xasprintf("reading, page %d of %d", ms->page + 1, ms->pages);
	case STANDING_QUIZ_OPEN:
		bar = term_bar(ms->questions ? (double)ms->answered / (double)ms->questions : 0,
		               10);
		text = xasprintf("quiz %s %zu/%zu answered", bar, ms->answered, ms->questions);
		free(bar);
		return text;
	case STANDING_PASSED:
		if (days.expires[0])
			return xasprintf("passed %d%% on %s, valid until %s", (int)ms->best_percent,
			                 days.passed, days.expires);
		return xasprintf("passed %d%% on %s", (int)ms->best_percent, days.passed);
	case STANDING_FAILED:
		left = ms->attempts_left;
		if (left < 0)
			return xasprintf("failed %d%% (pass mark %d%%), try again",
			                 (int)ms->last_percent, c->quiz.pass_mark);
		return xasprintf("failed %d%% (pass mark %d%%), %d attempt%s left",
		                 (int)ms->last_percent, c->quiz.pass_mark, left,
		                 left == 1 ? "" : "s");
	case STANDING_NO_ATTEMPTS:
		return xasprintf("failed %d%%, no attempts left: ask a consultant for another "
		                 "attempt",
		                 (int)ms->last_percent);
	case STANDING_LOCKED:
		return xasprintf("locked: needs %s", ms->locked_by);
	case STANDING_EXPIRED:
		if (ms->period_attempts > 0 && ms->attempts_left > 0)
			return xasprintf("expired on %s: take it again, %d attempt%s left",
			                 days.expires, ms->attempts_left,
			                 ms->attempts_left == 1 ? "" : "s");
		return xasprintf("expired on %s: take it again", days.expires);
	}
	return xstrdup("?");
}

static enum term_style status_style(enum standing_state state)
{
	switch (state) {
	case STANDING_PASSED:
		return TERM_GOOD;
	case STANDING_FAILED:
	case STANDING_NO_ATTEMPTS:
	case STANDING_EXPIRED:
		return TERM_BAD;
	case STANDING_QUIZ_OPEN:
	case STANDING_READING:
		return TERM_WARN;
	case STANDING_LOCKED:
		return TERM_DIM;
	case STANDING_NOT_STARTED:
		break;
	}
	return TERM_PLAIN;
}

static void print_skipped(struct session *s, const struct catalog *cat)
{
	if (cat->skipped.n == 0)
		return;
	fprintf(s->out, "\nNot loaded (%zu):\n", cat->skipped.n);
	for (size_t i = 0; i < cat->skipped.n; i++) {
		fputs("  ", s->out);
		term_puts(s->out, cat->skipped.items[i]);
		fputc('\n', s->out);
	}
}

static const struct report_column plain_columns[] = {
        {.key = "module"},
        {.key = "topic"},
        {.key = "ver"},
        {.key = "qs", .number = true},
        {.key = "min", .number = true},
        {.key = "title"},
};

/* The order modules are listed in: a programme's, stage by stage, when the
 * catalogue has exactly one (the week a consultant runs), then the modules
 * outside it; otherwise by id. The caller frees it. */
static size_t *list_order(const struct catalog *cat)
{
	size_t *order = xcalloc(cat->ncourses + 1, sizeof(*order)), n = 0;
	bool *placed = xcalloc(cat->ncourses + 1, sizeof(*placed));

	if (cat->nprogrammes == 1) {
		const struct programme *p = cat->programmes[0];
		for (size_t i = 0; i < p->nstages; i++)
			for (size_t k = 0; k < p->stages[i].nmodules; k++)
				for (size_t c = 0; c < cat->ncourses; c++)
					if (!placed[c] && strcmp(cat->courses[c]->id,
					                         p->stages[i].modules[k]) == 0) {
						placed[c] = true;
						order[n++] = c;
					}
	}
	for (size_t c = 0; c < cat->ncourses; c++)
		if (!placed[c])
			order[n++] = c;
	free(placed);
	return order;
}

/* The plain catalogue, for nobody signed in. */
static void list_plain(struct session *s, const struct catalog *cat)
{
	size_t *order = list_order(cat);
	struct report r;

	report_init(&r, "courses", plain_columns, 6);
	for (size_t k = 0; k < cat->ncourses; k++) {
		const struct course *c = cat->courses[order[k]];
		char *qs = xasprintf("%zu", c->quiz.nquestions), *min = xasprintf("%d", c->minutes);
		const char *cells[] = {c->id, c->topic, c->version, qs, min, c->title};
		report_add_row(&r, cells);
		free(qs);
		free(min);
	}
	report_print(&r, REPORT_TABLE, &s->term, s->out);
	report_release(&r);
	free(order);
}

static const struct report_column status_columns[] = {
        {.key = "module"},
        {.key = "title"},
        {.key = "status"},
};

static int list_with_status(struct session *s, const struct catalog *cat, struct store *st,
                            char **err)
{
	struct term *t = &s->term;
	const struct standing *row;
	const struct course *next;
	struct progress p;
	struct report r;
	size_t *order, locked_out = 0;

	if (progress_load_catalog(st, cat, s->me->id, clock_now(), &p, err) < 0) {
		progress_release(&p);
		return -1;
	}
	row = progress_row(&p, 0);
	order = list_order(cat);
	report_init(&r, "courses", status_columns, 3);
	for (size_t k = 0; k < cat->ncourses; k++) {
		size_t i = order[k];
		char *status = status_text(cat->courses[i], &row[i]);
		const char *cells[] = {cat->courses[i]->id, cat->courses[i]->title, status};
		report_add_row(&r, cells);
		report_style_row(&r, status_style(row[i].state));
		free(status);
	}
	report_print(&r, REPORT_TABLE, t, s->out);
	report_release(&r);
	free(order);
	next = standing_next(cat, row);
	if (next) {
		char *head = xasprintf("Next: %sstart %s%s ", term_on(t, TERM_BOLD), next->id,
		                       term_off(t));
		char *line = xasprintf("(%s, about %d minutes)", next->title, next->minutes);
		fputc('\n', s->out);
		term_wrap(t, s->out, line, 2, head);
		free(line);
		free(head);
	}
	for (size_t i = 0; i < cat->ncourses; i++)
		locked_out += row[i].locked_out;
	if (locked_out) {
		fputc('\n', s->out);
		progress_print_locked_out(&p, 0, s->out);
	} else if (!next) {
		fprintf(s->out, "\nEvery module you can take is passed. Well done.\n");
	}
	progress_release(&p);
	return 0;
}

static const struct report_column overview_columns[] = {
        {.key = "module"},
        {.key = "title"},
        {.key = "passed", .number = true},
        {.key = "under_way", .number = true},
        {.key = "not_started", .number = true},
};

/* A consultant's courses: the catalogue and how the group stands on each
 * module (active staff), not the consultant's own progress. */
static int list_overview(struct session *s, const struct catalog *cat, struct store *st, char **err)
{
	static const struct report_table_column look[5] = {
	        [3] = {.title = "under way"}, [4] = {.title = "not started"}};
	size_t *order, staff = 0;
	struct progress p;
	struct report r;

	if (progress_load_catalog(st, cat, 0, clock_now(), &p, err) < 0) {
		progress_release(&p);
		return -1;
	}
	order = list_order(cat);
	report_init(&r, "courses", overview_columns, 5);
	report_set_table(&r, look);
	for (size_t i = 0; i < p.npeople; i++)
		staff += p.people[i].active;
	for (size_t k = 0; k < cat->ncourses; k++) {
		size_t m = order[k], passed = 0, going = 0, none = 0;
		char cells[3][24];
		for (size_t i = 0; i < p.npeople; i++) {
			const struct standing *row = progress_row(&p, i);
			if (!p.people[i].active)
				continue;
			if (row[m].state == STANDING_PASSED)
				passed++;
			else if (row[m].started)
				going++;
			else
				none++;
		}
		snprintf(cells[0], sizeof(cells[0]), "%zu", passed);
		snprintf(cells[1], sizeof(cells[1]), "%zu", going);
		snprintf(cells[2], sizeof(cells[2]), "%zu", none);
		const char *row[] = {cat->courses[m]->id, cat->courses[m]->title, cells[0],
		                     cells[1], cells[2]};
		report_add_row(&r, row);
	}
	report_print(&r, REPORT_TABLE, &s->term, s->out);
	report_release(&r);
	free(order);
	progress_release(&p);
	fprintf(s->out,
	        "\n%zu module%s; %zu active member%s of staff. 'report learners' and 'report "
	        "programme' go further.\n",
	        cat->ncourses, cat->ncourses == 1 ? "" : "s", staff, staff == 1 ? "" : "s");
	return 0;
}

static int run_courses(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog_list(s, err);
	struct store *st;

	(void)args;
	if (!cat)
		return -1;
	if (cat->ncourses == 0) {
		fprintf(s->out, "no modules in '%s'\n", s->courses_dir);
	} else if (s->me && s->me->role == ROLE_CONSULTANT) {
		st = session_store(s, err);
		if (!st || list_overview(s, cat, st, err) < 0)
			return -1;
	} else if (s->me) {
		st = session_store(s, err);
		if (!st || list_with_status(s, cat, st, err) < 0)
			return -1;
	} else {
		list_plain(s, cat);
		fprintf(s->out,
		        "\n%zu modules. 'show MODULE' for details; 'login NAME' to see "
		        "your progress.\n",
		        cat->ncourses);
	}
	print_skipped(s, cat);
	return 0;
}

const struct cmd_entry cmd_courses_entry = {
        .paged = true,
        .name = "courses",
        .min_args = 0,
        .max_args = 0,
        .list = true,
        .usage = "",
        .help = "the modules, with your status (staff) or the group's (consultants)",
        .run = run_courses,
};

/* "single choice (3), scenario (4)" */
static char *type_summary(const struct quiz *q)
{
	size_t counts[Q_TYPE_COUNT] = {0};
	struct strbuf sb;

	for (size_t i = 0; i < q->nquestions; i++)
		counts[q->questions[i].type]++;
	strbuf_init(&sb);
	for (int t = 0; t < Q_TYPE_COUNT; t++)
		if (counts[t])
			strbuf_addf(&sb, "%s%s (%zu)", sb.len ? ", " : "",
			            course_type_name((enum question_type)t), counts[t]);
	return strbuf_detach(&sb);
}

static const char *shuffle_text(unsigned shuffle)
{
	switch (shuffle) {
	case SHUFFLE_QUESTIONS:
		return "questions shuffled";
	case SHUFFLE_CHOICES:
		return "choices shuffled";
	case SHUFFLE_BOTH:
		return "questions and choices shuffled";
	default:
		return "in order";
	}
}

const struct course *cmd_find_module(struct session *s, const char *id, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	const char **ids;
	struct util_match m;
	char *list;

	if (!cat)
		return NULL;
	ids = xcalloc(cat->ncourses + 1, sizeof(*ids));
	for (size_t i = 0; i < cat->ncourses; i++)
		ids[i] = cat->courses[i]->id;
	util_match(id, ids, cat->ncourses, 4, &m);
	if (m.index < 0 && m.hits > 1) {
		list = util_match_list(id, ids, cat->ncourses);
		util_error(err, "ambiguous module '%s': could be %s", id, list);
		free(list);
	} else if (m.index < 0 && m.near) {
		util_error(err, "no module '%s' (did you mean '%s'?)", id, m.near);
	} else if (m.index < 0) {
		util_error(err, "no module '%s' ('courses' lists them)", id);
	}
	free(ids);
	return m.index < 0 ? NULL : cat->courses[m.index];
}

/* A programme: its title and summary, then each day's stage with its
 * modules, their titles and minutes. */
static void show_programme(struct session *s, const struct catalog *cat, const struct programme *p)
{
	struct term *t = &s->term;

	fprintf(s->out, "%s%s%s (%s, a programme of %zu stage%s)\n", term_on(t, TERM_TITLE),
	        p->title, term_off(t), p->id, p->nstages, p->nstages == 1 ? "" : "s");
	if (p->summary)
		term_wrap(t, s->out, p->summary, 0, NULL);
	for (size_t i = 0; i < p->nstages; i++) {
		const struct stage *st = &p->stages[i];
		int minutes = 0;
		for (size_t k = 0; k < st->nmodules; k++) {
			const struct course *c = catalog_find(cat, st->modules[k]);
			minutes += c ? c->minutes : 0;
		}
		fprintf(s->out, "\n%s%s%s (about %d minutes)\n", term_on(t, TERM_BOLD), st->label,
		        term_off(t), minutes);
		for (size_t k = 0; k < st->nmodules; k++) {
			const struct course *c = catalog_find(cat, st->modules[k]);
			char *first = xasprintf("  %s  ", st->modules[k]);
			term_wrap(t, s->out, c ? c->title : "(not in this catalogue)",
			          (int)util_width(first), first);
			free(first);
		}
	}
}

static int run_show(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	const struct programme *p = cat ? catalog_find_programme(cat, args->argv[0]) : NULL;
	const struct course *c;
	struct term *t = &s->term;
	const struct quiz *q;
	struct strbuf sb;
	char *types, *line;

	if (!cat)
		return -1;
	if (p) {
		show_programme(s, cat, p);
		return 0;
	}
	if (!(c = cmd_find_module(s, args->argv[0], err)))
		return -1;
	q = &c->quiz;
	fprintf(s->out, "%s%s%s (%s, version %s)\n", term_on(t, TERM_TITLE), c->title, term_off(t),
	        c->id, c->version);
	fprintf(s->out, "Topic: %s. About %d minutes.", c->topic, c->minutes);
	if (c->nrequires) {
		fprintf(s->out, " Requires:");
		for (size_t i = 0; i < c->nrequires; i++)
			fprintf(s->out, "%s %s", i ? "," : "", c->requires[i]);
		fputc('.', s->out);
	}
	fputc('\n', s->out);
	term_wrap(t, s->out, c->summary, 0, NULL);
	fprintf(s->out, "\nLessons:\n");
	for (size_t i = 0; i < c->npages; i++)
		fprintf(s->out, "  %zu. %s\n", i + 1, c->pages[i].title);
	if (c->policy)
		fprintf(s->out, "\nPolicy: version %s, valid for %d months (%s change).\n",
		        c->policy->version, c->policy->valid_months,
		        c->policy->minor ? "minor" : "major");
	types = type_summary(q);
	strbuf_init(&sb);
	strbuf_addf(&sb, "Quiz: %zu questions", q->draw ? q->draw : q->nquestions);
	if (q->draw)
		strbuf_addf(&sb, " drawn from %zu", q->nquestions);
	strbuf_addf(&sb, "; pass mark %d%%; ", q->pass_mark);
	if (q->attempts)
		strbuf_addf(&sb, "%d attempt%s", q->attempts, q->attempts == 1 ? "" : "s");
	else
		strbuf_adds(&sb, "unlimited attempts");
	strbuf_addf(&sb, "; %s; feedback %s. Types: %s.", shuffle_text(q->shuffle),
	            q->feedback == FEEDBACK_END ? "at the end" : "after each answer", types);
	line = strbuf_detach(&sb);
	strbuf_release(&sb);
	fputc('\n', s->out);
	term_wrap(t, s->out, line, 0, NULL);
	free(line);
	free(types);
	return 0;
}

const struct cmd_entry cmd_show_entry = {
        .paged = true,
        .name = "show",
        .min_args = 1,
        .max_args = 1,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "MODULE",
        .help = "show a module: summary, lessons, quiz rules",
        .run = run_show,
};
