/*
 * What every report command was asked for, parsed in one place: --format
 * (table, csv or json), --since DATE, and --module ID and --topic TOPIC,
 * which narrow the catalogue's modules to the report's scope. A command
 * reads only the options its entry declares; the others stay unset.
 */
#ifndef UPSKILL_REPORT_REQUEST_H
#define UPSKILL_REPORT_REQUEST_H

#include <stddef.h>

#include "catalog.h"
#include "cmd.h"
#include "report.h"
#include "store-reports.h"

struct session;

struct report_request {
	const char *name; /* "report learners", for messages */
	enum report_format format;
	char since[32]; /* "2026-03-02T00:00:00Z", or "" for the whole record */
	const char *since_arg;
	const char *module_arg;
	const char *topic_arg;
	/* The modules in scope after --module and --topic (borrowed from the
	 * catalogue), or all of the catalogue. */
	const struct course **courses;
	const char **ids;
	size_t ncourses;
	struct store_scope scope;
	/* Why course files were left out of the catalogue (borrowed from it):
	 * a module whose file does not load is in no report, so every report
	 * says which files those were (report_request_finish). */
	const struct strlist *not_loaded;
};

/* Parses the options; -1 with a message naming the command (name) and the
 * bad argument. Release q with report_request_release, also on failure. */
int report_request_init(struct report_request *q, const char *name, struct session *s,
                        const struct cmd_args *args, char **err);
void report_request_release(struct report_request *q);

/* Says in the report what it was narrowed to; keys appear only when used. */
void report_request_meta(struct report *r, const struct report_request *q);

/* Says in the report which course files did not load and why (key
 * "course_files_not_loaded"), if any, and for CSV, which has no place for
 * it, on standard error: for a report that does not end with
 * report_request_finish. */
void report_request_not_loaded(struct report *r, const struct report_request *q);

/* Ends a report: the course files that did not load, if any (key
 * "course_files_not_loaded"), the record's head, then the report in its
 * format. */
int report_request_finish(struct session *s, struct report *r, const struct report_request *q,
                          struct store *st, char **err);

#endif
