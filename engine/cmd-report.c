/*
 * report compliance [POLICY]: every active staff member's state for each
 * policy module (or one): compliant until when, expiring, in training,
 * overdue, never trained. With --overdue the exit status says whether anyone needs
 * reminding, for a scheduled job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "policy.h"
#include "progress.h"
#include "report-request.h"
#include "report.h"
#include "session.h"
#include "store-publish.h"
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

/* The error for a folder with no policy module. When the record holds
 * policies published whose files are not in it, it names them: the report
 * has nothing to show because they went missing, and says so. */
static void no_policies(struct session *s, struct store *st, char **err)
{
	struct store_latest *latest = NULL;
	size_t n = 0;
	struct strbuf missing;

	strbuf_init(&missing);
	if (store_published_latest(st, &latest, &n, err) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!latest[i].policy || catalog_find(s->catalog, latest[i].module))
			continue;
		/* The record's text, shown as it is only when printable. */
		char *id = util_visible(latest[i].module, false),
		     *version = util_visible(latest[i].version, false);
		strbuf_addf(&missing, "%s'%s' (version %s)", missing.len ? ", " : "", id, version);
		free(id);
		free(version);
	}
	if (missing.len)
		util_error(
		        err,
		        "no policy modules in '%s', yet the record has these policies published: "
		        "%s; put their course files back",
		        s->courses_dir, missing.buf);
	else
		util_error(err, "no policy modules in '%s'", s->courses_dir);
	store_latest_free(latest, n);
	strbuf_release(&missing);
}

static const struct report_column compliance_columns[] = {
        {"learner", false, false}, {"policy", false, false}, {"version", false, false},
        {"state", false, false},   {"until", false, true},   {"reason", false, false},
};

static int run_compliance(struct session *s, const struct cmd_args *args, char **err)
{
	const char *within_arg = cmd_opt(args, "within");
	int within = DEFAULT_WITHIN_DAYS, needing = 0, rc = -1;
	const struct course **policies = NULL, *only = NULL;
	size_t npolicies = 0;
	struct report_request q;
	struct progress p = {0};
	time_t now = clock_now();
	struct report r;
	struct store *st;

	report_init(&r, "compliance", compliance_columns, 6);
	if (report_request_init(&q, "report compliance", s, args, err) < 0)
		goto out;
	if (within_arg && (within = parse_days(within_arg)) < 0) {
		util_error(err,
		           "report compliance: '--within %s' is not a number of days (like 30d)",
		           within_arg);
		goto out;
	}
	if (args->argc == 1) {
		if (!(only = cmd_find_module(s, args->argv[0], err)))
			goto out;
		if (!only->policy) {
			util_error(err, "'%s' is not a policy module", only->id);
			goto out;
		}
	}
	policies = xcalloc(q.ncourses + 1, sizeof(*policies));
	for (size_t m = 0; m < q.ncourses; m++)
		if (q.courses[m]->policy && (!only || q.courses[m] == only))
			policies[npolicies++] = q.courses[m];
	if (!(st = session_store(s, err)))
		goto out;
	if (npolicies == 0) {
		no_policies(s, st, err);
		goto out;
	}
	if (progress_load(st, policies, npolicies, 0, NULL, now, &p, err) < 0)
		goto out;
	report_expect_rows(&r, npolicies * p.npeople);
	for (size_t m = 0; m < npolicies; m++) {
		for (size_t i = 0; i < p.npeople; i++) {
			struct compliance_result res;
			char until[32] = "";
			const char *cells[6];

			if (!p.people[i].active)
				continue;
			progress_compliance(&p, i, m, now, within, &res);
			if (res.until)
				clock_iso(res.until, until, sizeof(until));
			if (res.state == COMPLIANCE_OVERDUE || res.state == COMPLIANCE_NEVER ||
			    res.state == COMPLIANCE_TRAINING)
				needing++;
			cells[0] = p.people[i].name;
			cells[1] = policies[m]->id;
			/* The version that counts is the one last published, whatever
			 * the folder read holds (a draft changes nothing). */
			cells[2] = p.nversions[m] ? p.versions[m][p.nversions[m] - 1].version
			                          : "(not published)";
			cells[3] = compliance_state_name(res.state);
			cells[4] = until;
			/* Overdue and out of attempts: only a consultant's grant
			 * lets them train again. */
			if (progress_row(&p, i)[m].locked_out) {
				size_t len = strlen(res.reason);
				snprintf(res.reason + len, sizeof(res.reason) - len,
				         "%slocked out: every attempt at the quiz is used",
				         len ? "; " : "");
			}
			cells[5] = res.reason;
			report_add_row(&r, cells);
		}
	}
	if (report_request_finish(s, &r, &q, st, err) < 0)
		goto out;
	rc = 0;
	if (cmd_flag(args, "overdue") && needing > 0)
		rc = util_error(err, "%d %s overdue, in training or never trained", needing,
		                needing == 1 ? "learner is" : "learners are");
out:
	progress_release(&p);
	report_request_release(&q);
	report_release(&r);
	free(policies);
	return rc;
}

static const char *const compliance_options[] = {"format:", "within:", "overdue", NULL};

const struct cmd_entry cmd_report_compliance_entry = {
        .paged = true,
        .heads = true,
        .name = "report",
        .sub = "compliance",
        .min_args = 0,
        .max_args = 1,
        .options = compliance_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "[POLICY] [--within DAYS] [--overdue] [--format table|csv|json]",
        .help = "who is compliant with each policy, expiring, in training, overdue or never "
                "trained",
        .run = run_compliance,
};
