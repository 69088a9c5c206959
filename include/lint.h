/*
 * Item-writing checks on loaded modules: the faults that let a careful
 * guesser pass without reading (the key is the longest choice, a hint or
 * stem that gives the key away, very uneven choices, "all/none of the
 * above", near-duplicate stems, short answers with one accepted form,
 * questions on words the lessons never use). The checks are pure over
 * struct course; lint_files() only loads the files first. The thresholds
 * are the constants below, documented in docs/writing-items.md.
 */
#ifndef UPSKILL_LINT_H
#define UPSKILL_LINT_H

#include <stddef.h>

#include "course.h"
#include "util.h"

/* Warn when the key is the longest choice in more than this share of a
 * module's single-choice and scenario questions... */
#define LINT_LONGEST_SHARE 0.35
/* ...judged only in modules with at least this many of them. */
#define LINT_LONGEST_MIN_ITEMS 3
/* Choices are very uneven when the longest is more than this many times
 * the length of the shortest (in characters). */
#define LINT_UNEVEN_RATIO 3.0
/* A hint points at the key when it shares at least this many content words
 * with the key that no other choice has, and more than with any other
 * choice's own words. */
#define LINT_HINT_KEY_WORDS 2
/* Two stems are near-duplicates when the Jaccard index of their sets of
 * content words is at least this... */
#define LINT_STEM_JACCARD 0.55
/* ...and each has at least this many content words. */
#define LINT_STEM_MIN_WORDS 4
/* A short answer should accept at least this many distinct forms (distinct
 * after the grader's normalisation). */
#define LINT_SHORT_MIN_FORMS 3
/* A question is off the lessons when fewer than this share of its answer's
 * content words appear anywhere in the module's lessons (or policy text). */
#define LINT_LESSON_MIN_SHARE 0.5

enum lint_check {
	LINT_LONGEST_KEY,
	LINT_KEY_IN_HINT,
	LINT_KEY_IN_STEM,
	LINT_UNEVEN_CHOICES,
	LINT_ALL_NONE_ABOVE,
	LINT_DUPLICATE_STEM,
	LINT_SHORT_FORMS,
	LINT_OFF_LESSONS,
};
#define LINT_NCHECKS 8

/* What a run found: each warning as "file:line: message", in file order
 * and by line within a file, and how many of each check. Owned by the
 * caller: lint_result_init() before, lint_result_release() after. */
struct lint_result {
	struct strlist warnings;
	size_t counts[LINT_NCHECKS];
};
void lint_result_init(struct lint_result *r);
void lint_result_release(struct lint_result *r);

/* A short name for a check, as the summary prints it: "longest-key". */
const char *lint_check_name(enum lint_check c);

/* Runs every check on the modules (borrowed), the duplicate check across
 * all of them; appends to r. */
void lint_courses(const struct course *const *courses, size_t n, struct lint_result *r);

/* Loads each file (programmes are skipped) and lints the modules together.
 * Returns 0, or -1 if a file did not load, with its problems in errors as
 * "file:line: message" (the files that loaded are still linted). */
int lint_files(const char *const *paths, size_t n, struct lint_result *r, struct strlist *errors);

/* The content words of text (lower case, stop words dropped, a plural "s"
 * cut), each once, in a list the caller releases. For tests and the docs. */
void lint_words(const char *text, struct strlist *out);

/* The Jaccard index of two word sets: |a and b| / |a or b|, 0 if both are
 * empty. */
double lint_jaccard(const struct strlist *a, const struct strlist *b);

#endif
