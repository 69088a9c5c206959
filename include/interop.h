/*
 * Question banks from other systems (Moodle XML, GIFT) on their way to
 * upskill modules, and the rules that map one onto the other. moodle.c and
 * gift.c read their formats into struct raw_question and hand each to
 * interop_add(), which checks it and maps it onto upskill's question types
 * (or says why not); interop_modules() then groups the questions by
 * category into module files that upskill's own loader accepts.
 *
 * Every message is "file:line:col: message" (errors), or
 * "file:line: skipped TYPE question 'NAME'" and "file:line:col: warning:
 * ..." (notes, which do not stop an import).
 */
#ifndef UPSKILL_INTEROP_H
#define UPSKILL_INTEROP_H

#include <stdbool.h>
#include <stddef.h>

#include "course.h"
#include "util.h"

/* The tag an exported scenario carries, so that it comes back a scenario. */
#define INTEROP_SCENARIO_TAG "upskill-scenario"
/* The most answers a short answer's synonym groups add to an export (GIFT,
 * Moodle XML), whose formats have no synonyms. */
#define INTEROP_SYNONYM_FORMS 64

enum raw_type {
	RAW_MULTICHOICE,
	RAW_TRUEFALSE,
	RAW_SHORTANSWER,
	RAW_NUMERICAL,
	RAW_MATCHING,
	RAW_ORDERING,
	RAW_DESCRIPTION, /* text only: becomes a lesson page */
	RAW_CATEGORY,    /* not a question: sets the category of those after it */
	RAW_OTHER,       /* essay, cloze, calculated, plugins: skipped */
};

/* One answer as the source has it. fraction is a percentage (100, 50,
 * -33.33333); for matching, text is the left side and right the right. */
struct raw_answer {
	char *text;
	char *right;
	double fraction;
	bool has_fraction;
	char *feedback;
	double tolerance;
	int line, col;
};

/* One question as the source has it, text already plain (see
 * interop_html_text). Everything is owned by the struct (raw_release). */
struct raw_question {
	enum raw_type type;
	char *type_name; /* as the source names it: "multichoice", "essay" */
	char *name;      /* or NULL */
	char *idnumber;  /* or NULL */
	char *text;
	char *general_feedback;
	char *unit; /* numerical */
	bool single;
	bool usecase;
	double defaultgrade; /* 0 when the source gives none */
	struct raw_answer *answers;
	size_t nanswers, answers_cap;
	char **hints;
	size_t nhints, hints_cap;
	char **tags;
	size_t ntags, tags_cap;
	int line, col;
};

void raw_init(struct raw_question *r);
void raw_release(struct raw_question *r);
/* A new answer at the end of r's list, zeroed; r owns it. */
struct raw_answer *raw_answer_add(struct raw_question *r);

/* A question mapped onto upskill's format, with where it came from. */
struct bank_item {
	struct question q; /* strings heap-owned, freed by bank_release */
	char *category;    /* "" when the source has none */
	char *name;
	char **tags;
	size_t ntags;
	bool page; /* a text-only item: a lesson page, q.prompt its text */
	int line;
};

struct bank {
	const char *path; /* borrowed, for messages */
	char *category;   /* the category questions are added to now */
	struct bank_item *items;
	size_t nitems, items_cap;
	struct strlist errors; /* problems: the file is not clean */
	struct strlist notes;  /* skipped questions and warnings */
	size_t nbad;           /* questions refused for a problem */
	size_t counts[Q_TYPE_COUNT];
	size_t nskipped, npages;
};

void bank_init(struct bank *b, const char *path);
void bank_release(struct bank *b);

/* Checks r and maps it onto an upskill question in b, or adds to b's
 * errors (and nbad), or skips it with a note. r is left as it was. */
void interop_add(struct bank *b, const struct raw_question *r);

/* True if f (a percentage) is one of the fractions Moodle offers, or minus
 * one of them. */
bool interop_fraction_ok(double f);

/* A number as Moodle and GIFT write it (a dot for the decimal point, no
 * other text), whatever the locale; false if s is not one. */
bool interop_number(const char *s, double *out);
/* Appends v rounded to decimals places, with a dot and no exponent,
 * trailing zeros dropped ("2.5", "33.33333"). */
void interop_add_number(struct strbuf *sb, double v, int decimals);

/* Plain text from HTML: tags removed, entities decoded, paragraphs
 * separated by a blank line, list items on lines of their own starting
 * "- ", other white space collapsed. The caller frees it. */
char *interop_html_text(const char *html);

/* An id from a name: lower case letters, digits and '-', at most 64, or
 * NULL if nothing is left. The caller frees it. */
char *interop_slug(const char *name);

/* Options of an import. */
struct interop_options {
	const char *id;     /* one module with this id, or NULL: one per category */
	const char *topic;  /* or NULL: "imported" */
	const char *source; /* the file's name, for the module's lesson */
};

/* A module file made from b's questions. */
struct interop_module {
	char *id;
	char *xml;
	size_t nquestions;
};

/* Groups b's good questions into modules and writes each as a module file
 * (checked with upskill's loader before it is returned). Returns 0 with
 * *out (the caller frees with interop_modules_free), or -1 with errors. */
int interop_modules(const struct bank *b, const struct interop_options *o,
                    struct interop_module **out, size_t *n, struct strlist *errors);
void interop_modules_free(struct interop_module *m, size_t n);

#endif
