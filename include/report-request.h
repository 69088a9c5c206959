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

struct catalog;

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
	/* The catalogue the modules came from (borrowed), for
	 * report_request_trace. */
	const struct catalog *cat;
};

/* Parses the options; -1 with a message naming the command (name) and the
 * bad argument. Release q with report_request_release, also on failure. */
int report_request_init(struct report_request *q, const char *name, struct session *s,
                        const struct cmd_args *args, char **err);
void report_request_release(struct report_request *q);

/* Says in the report what it was narrowed to; keys appear only when used. */
void report_request_meta(struct report *r, const struct report_request *q);

/* Says in the report where the folder read is not what the record holds
 * as published, since a report takes its modules from the folder: the
 * course files that did not load and why ("course_files_not_loaded"), the
 * modules published but in no file ("published_not_in_folder", unless
 * the report is narrowed to a module or topic), and the modules in scope
 * whose file is not the one last published ("changed_since_published").
 * For CSV, which has no place for them, they go to standard error. For a
 * report that does not end with report_request_finish. */
int report_request_trace(struct report *r, const struct report_request *q, struct store *st,
                         char **err);

/* Ends a report: report_request_trace, the record's head, then the report
 * in its format. */
int report_request_finish(struct session *s, struct report *r, const struct report_request *q,
                          struct store *st, char **err);

#endif
