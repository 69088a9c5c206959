/*
 * Duties handed back from the consultant to staff: the stages a person moves
 * through for a duty, and the evidence each stage needs. Pure rules, no I/O:
 * the caller brings the evidence, these say what is missing.
 */
#ifndef UPSKILL_DUTY_H
#define UPSKILL_DUTY_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum duty_stage {
	DUTY_NONE,        /* not started on this duty */
	DUTY_OBSERVING,   /* watches the consultant do it */
	DUTY_ASSISTED,    /* does it with the consultant alongside */
	DUTY_INDEPENDENT, /* does it alone; the consultant still answers for it */
	DUTY_HANDED_OVER, /* owns it */
};
#define DUTY_STAGE_COUNT 5

/* A module to have passed, at a minimum score. */
struct duty_module {
	char *module;
	int min_score; /* percent */
	int line;      /* in the plan file it came from, or 0 */
};

/* What proves readiness for a duty. */
struct duty {
	char *id;
	char *title;
	char *summary;               /* or NULL */
	struct duty_module *modules; /* needed from "assisted" on */
	size_t nmodules;
	char *policy; /* a policy module to be compliant with, from "independent" on; or NULL */
	int practice; /* supervised sessions logged, from "independent" on */
	int line;     /* in the plan file it came from, or 0 */
};

/* What a person has done towards a duty. */
struct duty_evidence {
	/* Best finished percent for each of the duty's modules, in the same
	 * order as duty->modules; -1 when never finished. */
	const double *best;
	bool policy_current;       /* compliant (or expiring) with duty->policy */
	const char *policy_reason; /* why not, when not */
	int practice;              /* sessions logged */
};

const char *duty_stage_name(enum duty_stage s);
/* "observing", "assisted", "independent", "handed-over" (or "handed over");
 * -1 if none. */
int duty_stage_parse(const char *s, enum duty_stage *out);

/*
 * Whether a person may move from one stage to another: forward one stage at
 * a time, and only with the evidence the new stage needs; back to any
 * earlier stage, with a reason. Returns 0, or -1 with every reason in
 * missing (one line each, like "needs 2 more supervised sessions").
 */
int duty_check_move(const struct duty *d, enum duty_stage from, enum duty_stage to,
                    const struct duty_evidence *e, bool has_reason, struct strlist *missing);

/* Everything the evidence still lacks for a stage, without the move rules. */
void duty_missing_for(const struct duty *d, enum duty_stage stage, const struct duty_evidence *e,
                      struct strlist *missing);

void duty_release(struct duty *d);

#endif
