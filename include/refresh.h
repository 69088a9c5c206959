/*
 * Refreshers: the spacing of one learner's questions after a pass, as pure
 * rules over FSRS-6 (fsrs.h). A card is one question of a module the learner
 * passed; its first review is their answer in the passing attempt, and each
 * refresher answer is a review after it. The grade of a review comes from the
 * answer's fraction alone; times are passed in, nothing here reads a clock.
 */
#ifndef UPSKILL_REFRESH_H
#define UPSKILL_REFRESH_H

#include <stdbool.h>
#include <time.h>

#include "fsrs.h"

/* The chance of recall each interval aims to keep. */
#define REFRESH_RETENTION 0.9
/* The longest interval, in days (FSRS's own bound on stability). */
#define REFRESH_MAX_DAYS 36500
/* The most questions one refresh session asks. */
#define REFRESH_SESSION_MAX 20

struct refresh_card {
	struct fsrs_state state;
	time_t reviewed; /* the last review */
	time_t due;      /* when the next is due */
	int interval;    /* days from the last review to due */
};

/* The grade an answer earns: fully right (fraction 1) is Good, partly right
 * is Hard, wrong is Again. Easy is never given: an answer alone cannot
 * tell that recall came easily. */
enum fsrs_rating refresh_rating(double fraction);

/* The card after its first review, an answer of fraction at time at. */
void refresh_first(struct refresh_card *c, double fraction, time_t at);

/* The card after a review at time at: whole days since the last review
 * (none, the same day, uses FSRS's short-term formula). */
void refresh_review(struct refresh_card *c, double fraction, time_t at);

/* The whole days from the card's last review to now, never negative. */
int refresh_elapsed_days(const struct refresh_card *c, time_t now);

/* The predicted chance of recall now, 0..1. */
double refresh_retrievability(const struct refresh_card *c, time_t now);

bool refresh_is_due(const struct refresh_card *c, time_t now);

#endif
