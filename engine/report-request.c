/*
 * The options every report shares: see report-request.h.
 */
#include "report-request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "session.h"
#include "store-publish.h"
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
	q->cat = cat;
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

/* Adds key with the text sb holds (the reasons, each ending "; ") and a
 * last clause, and says it on standard error for CSV. */
static void trace_add(struct report *r, const struct report_request *q, const char *key,
                      struct strbuf *sb, const char *last)
{
	if (!sb->len)
		return;
	strbuf_adds(sb, last);
	report_add_meta(r, key, sb->buf, false);
	/* CSV has rows only: said on standard error, the file left clean. */
	if (q->format == REPORT_CSV)
		fprintf(stderr, "warning: %s: %s: %s\n", q->name, key, sb->buf);
	strbuf_release(sb);
	strbuf_init(sb);
}

/* Appends s made printable (a file's name or a message may hold anything;
 * words are cut only past a path's length, "FILE:LINE:" being one). */
static void add_printable(struct strbuf *sb, const char *s)
{
	char *p = util_printable(s, 4096);

	strbuf_adds(sb, p);
	free(p);
}

int report_request_trace(struct report *r, const struct report_request *q, struct store *st,
                         char **err)
{
	const struct strlist *why = q->cat ? &q->cat->skipped : NULL;
	struct store_latest *latest;
	size_t nlatest;
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; why && i < why->n; i++) {
		add_printable(&sb, why->items[i]);
		strbuf_adds(&sb, "; ");
	}
	trace_add(r, q, "course_files_not_loaded", &sb,
	          "their modules are in no report until they load ('courses' lists them)");
	strbuf_release(&sb);
	if (!q->cat)
		return 0;
	if (store_published_latest(st, &latest, &nlatest, err) < 0)
		return -1;
	strbuf_init(&sb);
	for (size_t i = 0; !q->module_arg && !q->topic_arg && i < nlatest; i++) {
		if (catalog_find(q->cat, latest[i].module))
			continue;
		add_printable(&sb, latest[i].module);
		strbuf_adds(&sb, " (version ");
		add_printable(&sb, latest[i].version);
		strbuf_adds(&sb, "); ");
	}
	trace_add(r, q, "published_not_in_folder", &sb,
	          "published, but no course file in the folder holds them, so no report shows "
	          "them");
	for (size_t m = 0; m < q->ncourses; m++) {
		const struct course *c = q->courses[m];
		const struct store_latest *l = store_latest_find(latest, nlatest, c->id);

		if (!l || !*l->file || strcmp(l->file, c->sha256) == 0)
			continue;
		add_printable(&sb, c->id);
		strbuf_adds(&sb, " (");
		add_printable(&sb, c->path);
		strbuf_adds(&sb, " is not the file published as version ");
		add_printable(&sb, l->version);
		strbuf_adds(&sb, "); ");
	}
	trace_add(r, q, "changed_since_published", &sb,
	          "these modules' settings in this report are the folder's, not the published "
	          "ones; 'publish' them or put the published files back");
	store_latest_free(latest, nlatest);
	strbuf_release(&sb);
	return 0;
}

/* Ends a report: the record's head, then the report in its format. */
int report_request_finish(struct session *s, struct report *r, const struct report_request *q,
                          struct store *st, char **err)
{
	if (report_request_trace(r, q, st, err) < 0)
		return -1;
	if (report_add_record_head(r, st, err) < 0)
		return -1;
	report_print(r, q->format, &s->term, s->out);
	return 0;
}
