/*
 * Assignments: a consultant gives modules to people with a due date.
 *
 *   assign MODULE|PROGRAMME --to NAME[,NAME...]|--to-all --due DATE [--reason TEXT]
 *   unassign MODULE --from NAME --reason TEXT
 *   assignments [NAME]          what is assigned, due, overdue or done
 *   report assignments          per person: assigned, done, open, overdue
 *
 * The rules are assignment.c's, the record store-assign.c's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assignment.h"
#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "report-request.h"
#include "report.h"
#include "session.h"
#include "store-assign.h"
#include "util.h"

/* Text with the spaces at either end left off; the caller frees it. */
static char *trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

/* The people --to names (comma-separated) or --to-all means, as ids
 * without repeats: every name must be an active person. */
static int who(struct store *st, const struct cmd_args *args, struct learner **people, size_t *n,
               char **err)
{
	const char *to = cmd_opt(args, "to");
	struct learner *all = NULL;
	size_t nall = 0, cap = 0;

	*people = NULL;
	*n = 0;
	if (to && cmd_flag(args, "to-all"))
		return util_error(err, "assign: give --to NAME[,NAME...] or --to-all, not both");
	if (!to && !cmd_flag(args, "to-all"))
		return util_error(err, "assign: say who, as --to NAME[,NAME...] or --to-all");
	if (!to) {
		if (store_learner_list(st, &all, &nall, err) < 0)
			return -1;
		for (size_t i = 0; i < nall; i++) {
			if (!all[i].active || all[i].role != ROLE_STAFF)
				continue;
			xgrow(people, &cap, *n + 1, sizeof(**people));
			(*people)[(*n)++] = all[i];
			memset(&all[i], 0, sizeof(all[i]));
		}
		learners_free(all, nall);
		if (!*n)
			return util_error(err, "assign: there is no active member of staff");
		return 0;
	}
	for (const char *p = to;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *name = trimmed(p, len);
		struct learner l;
		bool again = false;
		int rc;

		if (!*name) {
			free(name);
			goto bad;
		}
		rc = store_learner_find(st, name, &l, err);
		if (rc != 0) {
			if (rc == STORE_NOT_FOUND) {
				char *why = *err;
				*err = xasprintf("assign: %s", why);
				free(why);
			}
			free(name);
			goto fail;
		}
		free(name);
		if (!l.active) {
			util_error(err, "assign: '%s' is deactivated", l.name);
			learner_release(&l);
			goto fail;
		}
		for (size_t i = 0; i < *n; i++)
			again = again || (*people)[i].id == l.id;
		if (again) {
			learner_release(&l);
		} else {
			xgrow(people, &cap, *n + 1, sizeof(**people));
			(*people)[(*n)++] = l;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
bad:
	util_error(err, "assign: '%s' has an empty name; separate names with commas", to);
fail:
	learners_free(*people, *n);
	*people = NULL;
	*n = 0;
	return -1;
}

/* The modules the argument names: a programme's every module, in order
 * and once each, or one module (exact id or unique prefix). */
static int which(struct session *s, const char *arg, struct strlist *ids, const char **title,
                 char **err)
{
	struct catalog *cat = session_catalog_list(s, err);
	const struct programme *pr;
	const struct course *c;

	if (!cat)
		return -1;
	if ((pr = catalog_find_programme(cat, arg))) {
		for (size_t i = 0; i < pr->nstages; i++)
			for (size_t m = 0; m < pr->stages[i].nmodules; m++)
				if (!strlist_has(ids, pr->stages[i].modules[m]))
					strlist_add(ids, pr->stages[i].modules[m]);
		*title = pr->id;
		if (!ids->n)
			return util_error(err, "assign: programme '%s' names no module", pr->id);
		return 0;
	}
	if (!(c = cmd_find_module(s, arg, err))) {
		char *why = *err;
		*err = xasprintf("assign: %s", why);
		free(why);
		return -1;
	}
	strlist_add(ids, c->id);
	*title = c->id;
	return 0;
}

static int run_assign(struct session *s, const struct cmd_args *args, char **err)
{
	const char *due = cmd_opt(args, "due"), *reason = cmd_opt(args, "reason"), *what = NULL;
	struct store_assign_counts counts;
	struct learner *people = NULL;
	struct strlist ids;
	long long *pids = NULL;
	struct store *st;
	size_t n = 0;
	int rc = -1;

	strlist_init(&ids);
	if (assignment_due_check("assign", due, clock_now(), err) < 0 ||
	    which(s, args->argv[0], &ids, &what, err) < 0 || !(st = session_store(s, err)) ||
	    who(st, args, &people, &n, err) < 0)
		goto out;
	pids = xcalloc(n, sizeof(*pids));
	for (size_t i = 0; i < n; i++)
		pids[i] = people[i].id;
	if (store_assign_set(st, pids, n, (const char *const *)ids.items, ids.n, due,
	                     reason ? reason : "", s->me->id, &counts, err) < 0)
		goto out;
	fprintf(s->out, "assigned '%s' to %zu %s, due %s: %d new, %d moved to the new date", what,
	        n, n == 1 ? "person" : "people", due, counts.added, counts.moved);
	if (counts.same)
		fprintf(s->out, ", %d already due then", counts.same);
	fprintf(s->out, "; it is in the record\n");
	if (cmd_flag(args, "to-all"))
		fprintf(s->out, "people added later are not included: assign it to them too\n");
	rc = 0;
out:
	free(pids);
	learners_free(people, n);
	strlist_release(&ids);
	return rc;
}

static const char *const assign_options[] = {"to:", "to-all", "due:", "reason:", NULL};

const struct cmd_entry cmd_assign_entry = {
        .name = "assign",
        .min_args = 1,
        .max_args = 1,
        .options = assign_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .list = true,
        .usage = "MODULE|PROGRAMME --to NAME[,NAME...]|--to-all --due YYYY-MM-DD "
                 "[--reason \"TEXT\"]",
        .help = "give people a module (or a programme's modules) to pass by a date",
        .run = run_assign,
};

static int run_unassign(struct session *s, const struct cmd_args *args, char **err)
{
	const char *from = cmd_opt(args, "from"), *reason = cmd_opt(args, "reason");
	const char *module = args->argv[0];
	struct store *st;
	struct learner l;
	int rc;

	while (reason && isspace((unsigned char)*reason))
		reason++;
	if (!from || !*from)
		return util_error(err, "unassign: say whose, as --from NAME");
	if (!reason || !*reason)
		return util_error(err, "unassign: give the reason, as --reason \"TEXT\"; it stays "
		                       "in the record");
	if (!(st = session_store(s, err)))
		return -1;
	rc = store_learner_find(st, from, &l, err);
	if (rc == STORE_NOT_FOUND) {
		char *why = *err;
		*err = xasprintf("unassign: %s", why);
		free(why);
	}
	if (rc != 0)
		return -1;
	rc = store_assign_remove(st, l.id, module, reason, s->me->id, err);
	if (rc == STORE_NOT_FOUND)
		rc = util_error(err,
		                "unassign: '%s' is not assigned to %s ('assignments %s' "
		                "lists theirs)",
		                module, l.name, l.name);
	else if (rc == 0)
		fprintf(s->out, "'%s' is no longer assigned to %s; the reason is in the record\n",
		        module, l.name);
	learner_release(&l);
	return rc;
}

static const char *const unassign_options[] = {"from:", "reason:", NULL};

const struct cmd_entry cmd_unassign_entry = {
        .name = "unassign",
        .min_args = 1,
        .max_args = 1,
        .options = unassign_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "MODULE --from NAME --reason \"TEXT\"",
        .help = "take back an assigned module, with a reason",
        .run = run_unassign,
};

/* ---- assignments ---- */

static const struct report_column list_columns[] = {
        {.key = "learner"}, {.key = "module"},    {.key = "due"},
        {.key = "state"},   {.key = "passed_on"}, {.key = "reason"},
};
#define LIST_COLUMNS (sizeof(list_columns) / sizeof(list_columns[0]))

static const struct report_table_column list_table[LIST_COLUMNS] = {
        [4] = {.title = "passed"},
};

static int run_assignments(struct session *s, const struct cmd_args *args, char **err)
{
	struct store_assignment *list = NULL;
	struct store *st;
	struct report r;
	time_t now = clock_now();
	long long whose = s->me->id;
	const char *f = cmd_opt(args, "format");
	enum report_format format = REPORT_TABLE;
	size_t n = 0;
	int rc = -1;

	if (f && report_format_parse(f, &format) < 0)
		return util_error(err, "assignments: unknown format '%s' (table, csv or json)", f);
	if (!(st = session_store(s, err)))
		return -1;
	if (args->argc > 0) {
		struct learner l;
		int found = store_learner_find(st, args->argv[0], &l, err);
		if (found == STORE_NOT_FOUND) {
			char *why = *err;
			*err = xasprintf("assignments: %s", why);
			free(why);
		}
		if (found != 0)
			return -1;
		whose = l.id;
		learner_release(&l);
		if (whose != s->me->id && s->me->role != ROLE_CONSULTANT)
			return util_error(err,
			                  "assignments: you see your own only ('assignments')");
	} else if (s->me->role == ROLE_CONSULTANT) {
		whose = 0;
	}
	if (store_assign_list(st, whose, &list, &n, err) < 0)
		return -1;
	/* For programs (report html reads the JSON), an empty list is an
	 * empty report, not a sentence. */
	if (!n && format == REPORT_TABLE) {
		fprintf(s->out, "%s\n",
		        whose == 0           ? "nothing is assigned to anyone"
		        : whose == s->me->id ? "nothing is assigned to you"
		                             : "nothing is assigned to them");
		rc = 0;
		goto out;
	}
	report_init(&r, "assignment-list", list_columns, LIST_COLUMNS);
	report_set_table(&r, list_table);
	for (size_t i = 0; i < n; i++) {
		const struct store_assignment *a = &list[i];
		enum assignment_state state = assignment_state(a->due, a->passed_at != NULL, now);
		char passed[16] = "";
		const char *cells[LIST_COLUMNS] = {a->name,
		                                   a->module,
		                                   a->due,
		                                   assignment_state_name(state),
		                                   passed[0] ? passed : NULL,
		                                   a->reason[0] ? a->reason : NULL};

		if (a->passed_at)
			snprintf(passed, sizeof(passed), "%.10s", a->passed_at);
		cells[4] = passed[0] ? passed : NULL;
		report_add_row(&r, cells);
		if (state == ASSIGNMENT_OVERDUE)
			report_style_row(&r, TERM_BAD);
	}
	/* The table stays as it was; CSV and JSON carry the record's head as
	 * every report's do. */
	if (format == REPORT_TABLE || report_add_record_head(&r, st, err) == 0) {
		report_print(&r, format, &s->term, s->out);
		rc = 0;
	}
	report_release(&r);
out:
	store_assignments_free(list, n);
	return rc;
}

static const char *const list_options[] = {"format:", NULL};

const struct cmd_entry cmd_assignments_entry = {
        .paged = true,
        .name = "assignments",
        .min_args = 0,
        .max_args = 1,
        .rest = true,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_LEARNER,
        .options = list_options,
        .usage = "[NAME] [--format table|csv|json]",
        .help = "modules assigned, with due dates: yours, or (consultant) anyone's",
        .run = run_assignments,
};

/* ---- report assignments ---- */

static const struct report_column report_columns[] = {
        {.key = "learner"},
        {.key = "assigned", .number = true},
        {.key = "done", .number = true},
        {.key = "open", .number = true},
        {.key = "overdue", .number = true},
        {.key = "next_due"},
        {.key = "overdue_modules"},
};
#define REPORT_COLUMNS (sizeof(report_columns) / sizeof(report_columns[0]))

static const struct report_table_column report_table[REPORT_COLUMNS] = {
        [5] = {.title = "next due"},
};

static int run_report_assignments(struct session *s, const struct cmd_args *args, char **err)
{
	struct store_assignment *list = NULL;
	struct learner *people = NULL;
	struct report_request q;
	struct strbuf overdue_table;
	struct store *st = NULL;
	struct report r;
	time_t now = clock_now();
	size_t n = 0, npeople = 0;
	int rc = -1, init;

	strbuf_init(&overdue_table);
	/* As in report learners: the table keeps to 80 columns, so which
	 * modules are overdue is a line under it, a column in CSV and JSON. */
	init = report_request_init(&q, "report assignments", s, args, err);
	report_init(&r, "assignments", report_columns,
	            init == 0 && q.format == REPORT_TABLE ? REPORT_COLUMNS - 1 : REPORT_COLUMNS);
	report_set_table(&r, report_table);
	if (init < 0 || !(st = session_store(s, err)) ||
	    store_learner_list(st, &people, &npeople, err) < 0 ||
	    store_assign_list(st, 0, &list, &n, err) < 0)
		goto out;
	for (size_t i = 0; i < npeople; i++) {
		int count[3] = {0}, total = 0;
		const char *next = NULL;
		char *cells_text[4];
		const char *cells[REPORT_COLUMNS];
		struct strbuf late;

		strbuf_init(&late);
		for (size_t k = 0; k < n; k++) {
			enum assignment_state state;
			if (list[k].learner != people[i].id)
				continue;
			state = assignment_state(list[k].due, list[k].passed_at != NULL, now);
			count[state]++;
			total++;
			if (state != ASSIGNMENT_DONE && (!next || strcmp(list[k].due, next) < 0))
				next = list[k].due;
			if (state == ASSIGNMENT_OVERDUE)
				strbuf_addf(&late, "%s%s", late.len ? " " : "", list[k].module);
		}
		/* Every active member of staff, and any active consultant with
		 * work; a deactivated person's assignments stay in the record
		 * but are nobody's to do. */
		if (!people[i].active || (!total && people[i].role != ROLE_STAFF)) {
			strbuf_release(&late);
			continue;
		}
		cells_text[0] = xasprintf("%d", total);
		cells_text[1] = xasprintf("%d", count[ASSIGNMENT_DONE]);
		cells_text[2] = xasprintf("%d", count[ASSIGNMENT_OPEN]);
		cells_text[3] = xasprintf("%d", count[ASSIGNMENT_OVERDUE]);
		cells[0] = people[i].name;
		for (int c = 0; c < 4; c++)
			cells[c + 1] = cells_text[c];
		cells[5] = next;
		cells[6] = late.len ? late.buf : NULL;
		report_add_row(&r, cells);
		if (count[ASSIGNMENT_OVERDUE])
			report_style_row(&r, TERM_BAD);
		if (late.len && r.ncolumns < REPORT_COLUMNS)
			strbuf_addf(&overdue_table, "%s%s (%s)", overdue_table.len ? "; " : "",
			            people[i].name, late.buf);
		for (int c = 0; c < 4; c++)
			free(cells_text[c]);
		strbuf_release(&late);
	}
	if (overdue_table.len)
		report_add_meta(&r, "overdue", overdue_table.buf, false);
	rc = report_request_finish(s, &r, &q, st, err);
out:
	strbuf_release(&overdue_table);
	store_assignments_free(list, n);
	learners_free(people, npeople);
	report_request_release(&q);
	report_release(&r);
	return rc;
}

static const char *const report_options[] = {"format:", NULL};

const struct cmd_entry cmd_report_assignments_entry = {
        .paged = true,
        .name = "report",
        .sub = "assignments",
        .min_args = 0,
        .max_args = 0,
        .options = report_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--format table|csv|json]",
        .help = "each person: modules assigned, done, open and overdue, and the next due date",
        .run = run_report_assignments,
};
