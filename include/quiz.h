/*
 * Quiz rules as a pure state machine: the seeded plan of an attempt (which
 * questions, in what order, with choices in what order), reading what a
 * learner types, the canonical stored form of an answer, grading, and the
 * progress of one attempt. Nothing here does I/O, touches the database or
 * reads the clock: the caller brings the seed, the input and the stored rows.
 *
 * Display orders. For each drawn question the plan holds order[], mapping a
 * display position to an index in the module:
 *   single, multiple, truefalse, scenario: display letter a+p shows choices[order[p]];
 *   ordering: display letter a+p shows item choices[order[p]];
 *   matching: left items are shown in module order, numbered 1..n; display
 *             letter a+p shows the right-hand side pairs[order[p]].right;
 *   short, numeric: no order (order is NULL, norder 0).
 * Functions taking `const size_t *order` accept NULL for module order.
 */
#ifndef UPSKILL_QUIZ_H
#define UPSKILL_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "course.h"
#include "util.h"

/* Letters a..z address choices, so no question shows more (the schema's limit too). */
#define QUIZ_MAX_CHOICES 26
/* The longest short answer accepted, in bytes. */
#define QUIZ_MAX_ANSWER_BYTES 1000

/* quiz_attempts_left() for a quiz without a limit. */
#define QUIZ_ATTEMPTS_UNLIMITED (-1)

/* ---- seeded random numbers (splitmix64) ---- */

/* The same seed gives the same sequence on every machine. */
struct quiz_rng {
	uint64_t state;
};
void quiz_rng_init(struct quiz_rng *rng, uint64_t seed);
uint64_t quiz_rng_next(struct quiz_rng *rng);
/* Uniform in [0, n), without modulo bias; n must be > 0. */
size_t quiz_rng_below(struct quiz_rng *rng, size_t n);

/* ---- the plan of an attempt ---- */

struct quiz_plan_item {
	const struct question *question; /* borrowed from the quiz */
	size_t *order;                   /* display position -> module index; owned by the plan */
	size_t norder;
};

struct quiz_plan {
	const struct quiz *quiz; /* borrowed: must outlive the plan */
	struct quiz_plan_item *items;
	size_t nitems;
	/* Filled by quiz_plan_parse() only: ids named by the stored plan that
	 * the module no longer has (left out of items), and ids whose stored
	 * display order no longer fits the question (made afresh from the seed). */
	struct strlist removed;
	struct strlist reshuffled;
};

/*
 * Draws the questions of an attempt: quiz->draw of them if 0 < draw <
 * nquestions, else all; shuffled if SHUFFLE_QUESTIONS, else in module order.
 * Choices are shuffled if SHUFFLE_CHOICES (true/false never); ordering items
 * and matching right-hand sides are always shuffled and, with two or more,
 * never shown already in the correct order. The same quiz and seed give the
 * same plan. The caller frees it with quiz_plan_free().
 */
struct quiz_plan *quiz_plan_new(const struct quiz *quiz, uint64_t seed);
void quiz_plan_free(struct quiz_plan *plan);

/*
 * The plan as a short string to store with the seed, e.g.
 * "v1 reply-speed:bca reply-sign reply-steps:cab" (order letters name module
 * indexes: a = 0). The caller frees it.
 */
char *quiz_plan_format(const struct quiz_plan *plan);

/*
 * Reads a stored plan back against the module as it is now. Questions are
 * found by id; one the module no longer has is left out and named in
 * plan->removed, and one whose choices changed so that the stored order no
 * longer fits gets a fresh order from seed and is named in plan->reshuffled,
 * so the caller can decide whether to go on. Returns a plan the caller frees,
 * or NULL with *err set if the text is not a stored plan.
 */
struct quiz_plan *quiz_plan_parse(const struct quiz *quiz, uint64_t seed, const char *text,
                                  char **err);

/* ---- responses ---- */

/*
 * One answer, in module terms so it survives any display order:
 *   single, truefalse, scenario: picks[0] is the chosen choice;
 *   multiple: the chosen choices, ascending, no duplicates, at least one;
 *   ordering: picks[k] is the item the learner put in position k;
 *   matching: picks[i] is the pair whose right-hand side was matched to left i;
 *   short: text as typed; numeric: number, and text its decimal form ("1000").
 */
struct quiz_response {
	enum question_type type;
	size_t *picks;
	size_t npicks;
	char *text;
	double number;
};
void quiz_response_init(struct quiz_response *r);
void quiz_response_release(struct quiz_response *r);

/*
 * Reads what a learner typed, letters and numbers referring to the display
 * order. On success *r holds the answer (release it); on failure returns -1,
 * *r is left empty and *err says why, e.g. "'e' is not one of the choices a–d".
 */
int quiz_parse_input(const struct question *q, const size_t *order, const char *input,
                     struct quiz_response *r, char **err);

/* A one-line reminder of what to type for this question; the caller frees it. */
char *quiz_input_help(const struct question *q);

/*
 * The canonical stored form: module indexes, 0-based, comma-separated
 * ("1", "0,2", "2,0,1"); for short answers the text as typed; for numeric
 * answers the decimal number ("12.5"). The caller frees it.
 */
char *quiz_response_encode(const struct question *q, const struct quiz_response *r);
/* Reads a stored form back, checking it against the question as it is now;
 * -1 with *err set (and *r empty) if it no longer fits. */
int quiz_response_decode(const struct question *q, const char *stored, struct quiz_response *r,
                         char **err);

/*
 * Readable forms with the letters the learner saw, e.g. "b) Within one working
 * day"; answers with several parts put one per line, without a final newline.
 * The caller frees them.
 */
char *quiz_render_response(const struct question *q, const size_t *order,
                           const struct quiz_response *r);
char *quiz_render_answer(const struct question *q, const size_t *order);

/* ---- grading ---- */

/* The form in which a short answer is compared with the accepted ones:
 * case (unless it matters), apostrophes, punctuation, spacing and (unless
 * case matters) articles smoothed away, and each member of a synonym group
 * put as the group's first; an answer of punctuation only keeps it. Two texts with the same form
 * are graded alike. The caller frees it. */
char *quiz_short_form(const struct question *q, const char *text);
/* Every distinct way of writing the accepted answers the grader takes:
 * each accepted answer in quiz_short_form()'s smoothing, with the members
 * of each synonym group in it swapped for one another (so a group
 * multiplies the forms), up to max. forms is initialised here; the caller
 * releases it. Returns forms->n. */
size_t quiz_short_forms(const struct question *q, struct strlist *forms, size_t max);
/* The forms the synonym groups add to the accepted answers, for exports
 * whose formats know only a list of answers: those of quiz_short_forms()
 * that are no accepted answer's own form, up to max. out is initialised
 * here; the caller releases it. */
size_t quiz_short_synonym_forms(const struct question *q, struct strlist *out, size_t max);

/* The share of the question's weight earned, 0..1. A response of another type gets 0. */
double quiz_grade(const struct question *q, const struct quiz_response *r);

struct quiz_feedback {
	double fraction;
	bool correct;           /* fully right */
	struct strlist choices; /* picked choices' feedback, "b) ...", in display order */
	char *answer;           /* the correct answer, as quiz_render_answer(); owned */
	const char *general;    /* the question's general feedback or NULL; borrowed */
};
void quiz_feedback_init(struct quiz_feedback *fb, const struct question *q, const size_t *order,
                        const struct quiz_response *r);
void quiz_feedback_release(struct quiz_feedback *fb);

/* ---- one attempt ---- */

struct quiz_attempt;

/* Starts an attempt on a copy of plan; the quiz and its questions are borrowed
 * and must outlive the attempt. Free it with quiz_attempt_free(). */
struct quiz_attempt *quiz_attempt_new(const struct quiz_plan *plan);
void quiz_attempt_free(struct quiz_attempt *a);

/* The attempt's own plan; borrowed, valid as long as the attempt. */
const struct quiz_plan *quiz_attempt_plan(const struct quiz_attempt *a);

/*
 * Feeds back one stored answer of a resumed attempt (regraded against the
 * module as it is now). -1 with *err if the question is not in the plan, is
 * already answered, or the stored form no longer fits it.
 */
int quiz_attempt_restore(struct quiz_attempt *a, const char *question_id, const char *stored,
                         char **err);

/*
 * The plan index of the question to ask next: the first unanswered one in
 * plan order, leaving skipped ones until nothing else is left, then the one
 * skipped longest ago. False when every question is answered.
 */
bool quiz_attempt_next(const struct quiz_attempt *a, size_t *index);

/* Records an answer to plan item index and sets *fraction to its grade. -1
 * with *err if index is out of range, already answered, or r does not fit. */
int quiz_attempt_answer(struct quiz_attempt *a, size_t index, const struct quiz_response *r,
                        double *fraction, char **err);

/* After the answers of a resumed attempt are restored: each unanswered
 * question with an answered one after it in the plan was skipped before
 * (the record keeps answers, not skips), so it is put aside again, in plan
 * order, and the attempt carries on where it was. */
void quiz_attempt_resume_skips(struct quiz_attempt *a);

/* Puts an unanswered question aside until the others are answered. */
int quiz_attempt_skip(struct quiz_attempt *a, size_t index, char **err);

/* Sets *hint (borrowed from the question) to the next hint not yet shown, or
 * returns -1 with "no more hints" (or "this question has no hints"). */
int quiz_attempt_hint(struct quiz_attempt *a, size_t index, const char **hint, char **err);
size_t quiz_attempt_hints_shown(const struct quiz_attempt *a, size_t index);

bool quiz_attempt_is_answered(const struct quiz_attempt *a, size_t index);
/* The recorded answer and its grade; NULL / 0 if unanswered. Borrowed. */
const struct quiz_response *quiz_attempt_response(const struct quiz_attempt *a, size_t index);
double quiz_attempt_fraction(const struct quiz_attempt *a, size_t index);
size_t quiz_attempt_answered(const struct quiz_attempt *a);
bool quiz_attempt_is_finished(const struct quiz_attempt *a);

struct quiz_result {
	double score;   /* sum of weight x fraction */
	double max;     /* sum of the drawn questions' weights */
	double percent; /* 100 x score / max, rounded down to 0.1; 0 if max is 0 */
	bool passed;    /* percent >= the quiz's pass mark */
	size_t *missed; /* plan indexes with fraction < 1 (unanswered included), in plan order */
	size_t nmissed;
};
/* The result so far (unanswered questions count 0); release it with quiz_result_release(). */
void quiz_attempt_result(const struct quiz_attempt *a, struct quiz_result *res);
void quiz_result_release(struct quiz_result *res);

/* ---- attempts allowed ---- */

/* Attempts still allowed after finished_attempts, when a consultant
 * granted granted more than the quiz's own limit: never below 0, or
 * QUIZ_ATTEMPTS_UNLIMITED when the quiz has no limit. Both counts are the
 * current validity period's (standing.h). */
int quiz_attempts_left(const struct quiz *quiz, int finished_attempts, int granted);
/* Whether a new attempt may start; if not, *reason (the caller frees it)
 * says why, e.g. "all 3 attempts have been used". */
bool quiz_may_start(const struct quiz *quiz, int finished_attempts, int granted, char **reason);

#endif
