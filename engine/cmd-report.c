/*
 * report compliance [POLICY]: every active staff member's state for each
 * policy module (or one): compliant until when, expiring, overdue, never
 * trained. With --overdue the exit status says whether anyone needs
 * reminding, for a scheduled job.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "policy.h"
#include "report.h"
#include "session.h"
#include "util.h"

#define DEFAULT_WITHIN_DAYS 30

/* "30d" or "30": days; -1 if neither. */
static int parse_days(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || n < 0 || n > 3650 || (*end && strcmp(end, "d") != 0))
		return -1;
	return (int)n;
}

/* The common options of every report. */
static int report_options(const struct cmd_args *args, enum report_format *format, char **err)
{
	const char *f = cmd_opt(args, "format");

	*format = REPORT_TABLE;
	if (f && report_format_parse(f, format) < 0)
		return util_error(err, "unknown format '%s' (table, csv or json)", f);
	return 0;
}

static const struct report_column compliance_columns[] = {
        {"learner", false, false}, {"policy", false, false}, {"version", false, false},
        {"state", false, false},   {"until", false, true},   {"reason", false, false},
};

static int run_compliance(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	const char *within_arg = cmd_opt(args, "within");
	int within = DEFAULT_WITHIN_DAYS, needing = 0, rc = -1;
	const struct course *only = NULL;
	enum report_format format;
	struct learner *people = NULL;
	struct compliance_result *results = NULL;
	long long *ids = NULL;
	size_t npeople = 0, npolicies = 0;
	time_t now = clock_now();
	struct report r;
	struct store *st;

	if (!cat || report_options(args, &format, err) < 0)
		return -1;
	if (within_arg && (within = parse_days(within_arg)) < 0)
		return util_error(err,
		                  "report compliance: '--within %s' is not a number of days "
		                  "(like 30d)",
		                  within_arg);
	if (args->argc == 1) {
		only = cmd_find_module(s, args->argv[0], err);
		if (!only)
			return -1;
		if (!only->policy)
			return util_error(err, "'%s' is not a policy module", only->id);
	}
	if (!(st = session_store(s, err)) || store_learner_list(st, &people, &npeople, err) < 0)
		return -1;
	report_init(&r, "compliance", compliance_columns, 6);
	for (size_t m = 0; m < cat->ncourses; m++) {
		const struct course *c = cat->courses[m];
		if (!c->policy || (only && c != only))
			continue;
		npolicies++;
		if (policy_note_version(st, c, err) < 0)
			goto out;
		if (!results) {
			ids = xcalloc(npeople ? npeople : 1, sizeof(*ids));
			results = xcalloc(npeople ? npeople : 1, sizeof(*results));
			for (size_t i = 0; i < npeople; i++)
				ids[i] = people[i].id;
		}
		if (policy_compliance_all(st, c, ids, npeople, now, within, results, err) < 0)
			goto out;
		for (size_t i = 0; i < npeople; i++) {
			const struct compliance_result res = results[i];
			char until[32] = "";
			const char *cells[6];

			if (!people[i].active || people[i].role != ROLE_STAFF)
				continue;
			if (res.until)
				clock_iso(res.until, until, sizeof(until));
			if (res.state == COMPLIANCE_OVERDUE || res.state == COMPLIANCE_NEVER)
				needing++;
			cells[0] = people[i].name;
			cells[1] = c->id;
			cells[2] = c->policy->version;
			cells[3] = compliance_state_name(res.state);
			cells[4] = until;
			cells[5] = res.reason;
			report_add_row(&r, cells);
		}
	}
	if (npolicies == 0) {
		util_error(err, "no policy modules in '%s'", s->courses_dir);
		goto out;
	}
	if (report_add_record_head(&r, st, err) < 0)
		goto out;
	report_print(&r, format, &s->term, s->out);
	rc = 0;
	if (cmd_flag(args, "overdue") && needing > 0)
		rc = util_error(err, "%d %s overdue or never trained", needing,
		                needing == 1 ? "learner is" : "learners are");
out:
	report_release(&r);
	learners_free(people, npeople);
	free(ids);
	free(results);
	return rc;
}

static const char *const compliance_options[] = {"format:", "within:", "overdue", NULL};

const struct cmd_entry cmd_report_compliance_entry = {
        .name = "report",
        .sub = "compliance",
        .min_args = 0,
        .max_args = 1,
        .options = compliance_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "[POLICY] [--within DAYS] [--overdue] [--format table|csv|json]",
        .help = "who is compliant with each policy, expiring, overdue or never trained",
        .run = run_compliance,
};
