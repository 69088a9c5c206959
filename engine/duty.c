/*
 * The duty stage machine and its readiness rules. See duty.h.
 *
 * What each stage needs:
 *   observing    nothing: anyone may watch;
 *   assisted     the duty's modules passed at their minimum scores;
 *   independent  those, a current policy acknowledgement and pass, and the
 *                supervised practice sessions;
 *   handed over  all of that still true.
 */
#include "duty.h"

#include <stdlib.h>
#include <string.h>

static const char *const stage_names[DUTY_STAGE_COUNT] = {
        "not started", "observing", "assisted", "independent", "handed over",
};

const char *duty_stage_name(enum duty_stage s)
{
	return (unsigned)s < DUTY_STAGE_COUNT ? stage_names[s] : "?";
}

int duty_stage_parse(const char *s, enum duty_stage *out)
{
	for (int i = DUTY_OBSERVING; i < DUTY_STAGE_COUNT; i++) {
		if (strcmp(s, stage_names[i]) == 0) {
			*out = (enum duty_stage)i;
			return 0;
		}
	}
	if (strcmp(s, "handed-over") == 0 || strcmp(s, "handover") == 0) {
		*out = DUTY_HANDED_OVER;
		return 0;
	}
	return -1;
}

void duty_missing_for(const struct duty *d, enum duty_stage stage, const struct duty_evidence *e,
                      struct strlist *missing)
{
	if (stage >= DUTY_ASSISTED) {
		for (size_t i = 0; i < d->nmodules; i++) {
			const struct duty_module *m = &d->modules[i];
			double best = e->best ? e->best[i] : -1;
			if (best >= m->min_score)
				continue;
			if (best < 0)
				strlist_addf(missing, "needs '%s' passed at %d%% (not taken yet)",
				             m->module, m->min_score);
			else
				strlist_addf(missing, "needs '%s' passed at %d%% (best %d%%)",
				             m->module, m->min_score, (int)best);
		}
	}
	if (stage >= DUTY_INDEPENDENT) {
		if (d->policy && !e->policy_current)
			strlist_addf(missing, "needs a current acknowledgement of '%s' (%s)",
			             d->policy,
			             e->policy_reason ? e->policy_reason : "not current");
		if (e->practice < d->practice) {
			int more = d->practice - e->practice;
			strlist_addf(missing, "needs %d more supervised session%s", more,
			             more == 1 ? "" : "s");
		}
	}
}

int duty_check_move(const struct duty *d, enum duty_stage from, enum duty_stage to,
                    const struct duty_evidence *e, bool has_reason, struct strlist *missing)
{
	size_t before = missing->n;

	if (to == from) {
		strlist_addf(missing, "already %s", duty_stage_name(to));
	} else if (to < from) {
		if (to == DUTY_NONE)
			strlist_addf(missing,
			             "a duty cannot be unstarted; move it back to observing");
		else if (!has_reason)
			strlist_addf(missing, "moving back from %s to %s needs a reason (--note)",
			             duty_stage_name(from), duty_stage_name(to));
	} else if (to != from + 1) {
		strlist_addf(missing, "stages are not skipped: from %s the next is %s",
		             duty_stage_name(from), duty_stage_name((enum duty_stage)(from + 1)));
	} else {
		duty_missing_for(d, to, e, missing);
	}
	return missing->n > before ? -1 : 0;
}

void duty_release(struct duty *d)
{
	if (!d)
		return;
	free(d->id);
	free(d->title);
	free(d->summary);
	for (size_t i = 0; i < d->nmodules; i++)
		free(d->modules[i].module);
	free(d->modules);
	free(d->policy);
	memset(d, 0, sizeof(*d));
}
