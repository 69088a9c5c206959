/*
 * Readiness for duties from the record; loading duty plans. See handover.h.
 */
#include "handover.h"

#include <stdlib.h>
#include <string.h>

#include "course.h"
#include "policy.h"
#include "progress.h"
#include "util.h"
#include "store-duties.h"

/* The courses a duty's readiness reads: its modules and its policy module
 * that the catalogue has, each once. */
static size_t duty_courses(const struct catalog *cat, const struct duty *d,
                           const struct course **out)
{
	size_t n = 0;

	for (size_t i = 0; i <= d->nmodules; i++) {
		const char *id = i < d->nmodules ? d->modules[i].module : d->policy;
		const struct course *c = id ? catalog_find(cat, id) : NULL;
		bool seen = false;
		for (size_t k = 0; k < n && c; k++)
			seen = seen || out[k] == c;
		if (c && !seen)
			out[n++] = c;
	}
	return n;
}

int handover_check(struct store *st, const struct catalog *cat, const struct duty *d,
                   long long learner, enum duty_stage from, enum duty_stage to, bool has_reason,
                   time_t now, struct strlist *missing, char **err)
{
	struct duty_evidence e = {0};
	struct compliance_result cr;
	const struct course **courses = xcalloc(d->nmodules + 2, sizeof(*courses));
	const struct course *policy = d->policy ? catalog_find(cat, d->policy) : NULL;
	double *best = xcalloc(d->nmodules + 1, sizeof(*best));
	size_t n = duty_courses(cat, d, courses);
	struct progress p = {0};
	int rc = -1;

	if (progress_load(st, courses, n, learner, NULL, now, &p, err) < 0)
		goto out;
	for (size_t i = 0; i < d->nmodules; i++) {
		long m = progress_module(&p, d->modules[i].module);
		const struct standing *s = m >= 0 && p.npeople ? &progress_row(&p, 0)[m] : NULL;
		best[i] = s && s->scored ? s->best_percent : -1;
	}
	e.best = best;
	if (d->policy) {
		long m = progress_module(&p, d->policy);
		if (!policy || !policy->policy || m < 0 || !p.npeople) {
			e.policy_current = false;
			e.policy_reason = "that policy module is not in the catalogue";
		} else {
			progress_compliance(&p, 0, (size_t)m, now, 0, &cr);
			e.policy_current =
			        cr.state == COMPLIANCE_COMPLIANT || cr.state == COMPLIANCE_EXPIRING;
			e.policy_reason = cr.reason;
		}
	}
	if (store_duty_practice_count(st, learner, d->id, &e.practice, err) < 0)
		goto out;
	duty_check_move(d, from, to, &e, has_reason, missing);
	rc = 0;
out:
	progress_release(&p);
	free(courses);
	free(best);
	return rc;
}

int handover_load_plan(struct store *st, const struct catalog *cat, const char *path,
                       long long actor, struct strlist *errors, int *added, int *updated)
{
	struct duty *plan = NULL;
	size_t n = 0, before = errors->n;
	char *why = NULL;
	int rc = -1;

	*added = *updated = 0;
	if (course_load_duties(path, &plan, &n, errors) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct duty *d = &plan[i];
		const struct course *p = d->policy ? catalog_find(cat, d->policy) : NULL;

		for (size_t k = 0; k < d->nmodules; k++)
			if (!catalog_find(cat, d->modules[k].module))
				strlist_addf(errors,
				             "%s:%d: duty '%s' needs module '%s', which is not in "
				             "the catalogue",
				             path, d->modules[k].line, d->id, d->modules[k].module);
		if (d->policy && (!p || !p->policy))
			strlist_addf(errors,
			             "%s:%d: duty '%s' names '%s' as its policy, which is not a "
			             "policy module in the catalogue",
			             path, d->line, d->id, d->policy);
	}
	/* All or nothing: one bad duty loads none of them. */
	if (errors->n > before)
		goto out;
	if (store_duty_put_all(st, plan, n, actor, added, updated, &why) < 0) {
		strlist_addf(errors, "%s: %s", path, why);
		free(why);
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		duty_release(&plan[i]);
	free(plan);
	return rc;
}
