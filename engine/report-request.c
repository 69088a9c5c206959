/*
 * The options every report shares: see report-request.h.
 */
#include "report-request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "session.h"
#include "util.h"

void report_request_release(struct report_request *q)
{
	free(q->courses);
	free(q->ids);
}

/* --since DATE: a calendar date (YYYY-MM-DD) that exists. */
static int parse_since(struct report_request *q, char **err)
{
	time_t t;

	q->since[0] = '\0';
	if (!q->since_arg)
		return 0;
	if (strlen(q->since_arg) != 10 || clock_parse(q->since_arg, &t) < 0)
		goto bad;
	clock_iso(t, q->since, sizeof(q->since));
	/* 2026-02-31 parses as 3 March; a date that does not exist is refused. */
	if (strncmp(q->since, q->since_arg, 10) != 0)
		goto bad;
	return 0;
bad:
	q->since[0] = '\0';
	return util_error(err, "%s: '--since %s' is not a date (YYYY-MM-DD)", q->name,
	                  q->since_arg);
}

/* The topics of the catalogue, for a message. */
static char *topic_list(const struct catalog *cat)
{
	struct strlist seen;
	struct strbuf sb;

	strlist_init(&seen);
	strbuf_init(&sb);
	for (size_t i = 0; i < cat->ncourses; i++) {
		if (strlist_has(&seen, cat->courses[i]->topic))
			continue;
		strlist_add(&seen, cat->courses[i]->topic);
		strbuf_addf(&sb, "%s%s", seen.n > 1 ? ", " : "", cat->courses[i]->topic);
	}
	strlist_release(&seen);
	return strbuf_detach(&sb);
}

/*
 * Reads the options every report shares: --format, --since and, when the
 * report has them, --module and --topic, which narrow the catalogue's
 * modules to the report's scope.
 */
int report_request_init(struct report_request *q, const char *name, struct session *s,
                        const struct cmd_args *args, char **err)
{
	struct catalog *cat;
	const char *f = cmd_opt(args, "format");
	const struct course *only = NULL;

	memset(q, 0, sizeof(*q));
	q->name = name;
	q->format = REPORT_TABLE;
	q->since_arg = cmd_opt(args, "since");
	q->module_arg = cmd_opt(args, "module");
	q->topic_arg = cmd_opt(args, "topic");
	if (f && report_format_parse(f, &q->format) < 0)
		return util_error(err, "%s: unknown format '%s' (table, csv or json)", name, f);
	if (parse_since(q, err) < 0)
		return -1;
	if (!(cat = session_catalog(s, err)))
		return -1;
	q->not_loaded = &cat->skipped;
	if (q->module_arg && !(only = cmd_find_module(s, q->module_arg, err)))
		return -1;
	if (q->topic_arg) {
		bool known = false;
		for (size_t i = 0; i < cat->ncourses; i++)
			known = known || strcmp(cat->courses[i]->topic, q->topic_arg) == 0;
		if (!known) {
			char *topics = topic_list(cat);
			util_error(err, "%s: no module has the topic '%s' (topics: %s)", name,
			           q->topic_arg, topics);
			free(topics);
			return -1;
		}
		if (only && strcmp(only->topic, q->topic_arg) != 0)
			return util_error(err, "%s: module '%s' has the topic '%s', not '%s'", name,
			                  only->id, only->topic, q->topic_arg);
	}
	q->courses = xcalloc(cat->ncourses + 1, sizeof(*q->courses));
	q->ids = xcalloc(cat->ncourses + 1, sizeof(*q->ids));
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct course *c = cat->courses[i];
		if ((only && c != only) || (q->topic_arg && strcmp(c->topic, q->topic_arg) != 0))
			continue;
		q->courses[q->ncourses] = c;
		q->ids[q->ncourses++] = c->id;
	}
	q->scope.modules = q->ids;
	q->scope.nmodules = q->ncourses;
	q->scope.since = q->since[0] ? q->since : NULL;
	return 0;
}

/* Says in the report what it was narrowed to; keys appear only when used. */
void report_request_meta(struct report *r, const struct report_request *q)
{
	if (q->since_arg)
		report_add_meta(r, "since", q->since_arg, false);
	if (q->module_arg)
		report_add_meta(r, "module", q->ncourses ? q->ids[0] : q->module_arg, false);
	if (q->topic_arg)
		report_add_meta(r, "topic", q->topic_arg, false);
}

/* Why course files did not load, each reason made printable (a file's
 * name or a message may hold anything), or NULL when all did. */
static char *not_loaded_text(const struct report_request *q)
{
	const struct strlist *why = q->not_loaded;
	struct strbuf sb;

	if (!why || why->n == 0)
		return NULL;
	strbuf_init(&sb);
	for (size_t i = 0; i < why->n; i++) {
		/* Words cut only past a path's length: "FILE:LINE:" is one. */
		char *item = util_printable(why->items[i], 4096);

		strbuf_addf(&sb, "%s; ", item);
		free(item);
	}
	strbuf_adds(&sb, "their modules are in no report until they load ('courses' lists them)");
	return strbuf_detach(&sb);
}

void report_request_not_loaded(struct report *r, const struct report_request *q)
{
	char *text = not_loaded_text(q);

	if (!text)
		return;
	report_add_meta(r, "course_files_not_loaded", text, false);
	/* CSV has rows only: said on standard error, the file left clean. */
	if (q->format == REPORT_CSV)
		fprintf(stderr, "warning: %s: course files not loaded: %s\n", q->name, text);
	free(text);
}

/* Ends a report: the record's head, then the report in its format. */
int report_request_finish(struct session *s, struct report *r, const struct report_request *q,
                          struct store *st, char **err)
{
	report_request_not_loaded(r, q);
	if (report_add_record_head(r, st, err) < 0)
		return -1;
	report_print(r, q->format, &s->term, s->out);
	return 0;
}
