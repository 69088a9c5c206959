/*
 * Refreshers as pure rules over FSRS-6: the grade an answer earns, the card
 * after a first review and after each later one, and when the next is due
 * at the desired retention. See refresh.h and docs/learning.md.
 */
#include "refresh.h"

#define DAY_SECONDS 86400

/* A fraction this close to 1 is fully right (fractions are stored to four
 * places). */
#define REFRESH_RIGHT 0.9999

enum fsrs_rating refresh_rating(double fraction)
{
	if (fraction >= REFRESH_RIGHT)
		return FSRS_GOOD;
	if (fraction > 0)
		return FSRS_HARD;
	return FSRS_AGAIN;
}

static void schedule(struct refresh_card *c, time_t at)
{
	c->reviewed = at;
	c->interval = fsrs_interval_days(fsrs_default_params, c->state.stability, REFRESH_RETENTION,
	                                 REFRESH_MAX_DAYS);
	c->due = at + (time_t)c->interval * DAY_SECONDS;
}

void refresh_first(struct refresh_card *c, double fraction, time_t at)
{
	c->state = fsrs_first(fsrs_default_params, refresh_rating(fraction));
	schedule(c, at);
}

int refresh_elapsed_days(const struct refresh_card *c, time_t now)
{
	if (now <= c->reviewed)
		return 0;
	return (int)((now - c->reviewed) / DAY_SECONDS);
}

void refresh_review(struct refresh_card *c, double fraction, time_t at)
{
	c->state = fsrs_next(fsrs_default_params, c->state, refresh_elapsed_days(c, at),
	                     refresh_rating(fraction));
	schedule(c, at);
}

double refresh_retrievability(const struct refresh_card *c, time_t now)
{
	double days = now > c->reviewed ? (double)(now - c->reviewed) / DAY_SECONDS : 0;

	return fsrs_retrievability(fsrs_default_params, days, c->state.stability);
}

bool refresh_is_due(const struct refresh_card *c, time_t now)
{
	return c->due <= now;
}
