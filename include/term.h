/*
 * Output for people: text wrapped to the terminal, colour only on a terminal
 * and never with NO_COLOR set, progress bars. Piped output is plain.
 */
#ifndef UPSKILL_TERM_H
#define UPSKILL_TERM_H

#include <stdbool.h>
#include <stdio.h>

enum term_style {
	TERM_PLAIN,
	TERM_BOLD,
	TERM_DIM,
	TERM_GOOD,  /* green: right, passed */
	TERM_BAD,   /* red: wrong, failed, overdue */
	TERM_WARN,  /* yellow: partly right, expiring */
	TERM_TITLE, /* bold cyan: headings */
};

struct term {
	bool color;
	int width; /* columns to wrap to; 0: no limit (not a terminal) */
	int rows;  /* the window's height at a terminal; 0: not a terminal, or
	              not told (nothing is held back a screenful at a time) */
};

/* Looks at out: colour if it is a terminal, TERM is not "dumb" and NO_COLOR
 * is unset; the width from the terminal, else COLUMNS, else none (a pipe
 * or a file: nothing is wrapped or cut), and the window's height at a
 * terminal (0 elsewhere). Called again before each command,
 * so a resized window is followed. */
void term_init(struct term *t, FILE *out);

/* The escape that starts style, and the one that ends it; "" without colour. */
const char *term_on(const struct term *t, enum term_style style);
const char *term_off(const struct term *t);

/* Prints text word-wrapped to the width, each line starting with indent
 * spaces, the first with first instead (which may be longer, such as "a) ")
 * when first is not NULL. Ends with a newline. Control characters in text are
 * shown, never sent (util_visible); first is the caller's and may hold
 * colour. */
void term_wrap(const struct term *t, FILE *out, const char *text, int indent, const char *first);

/* Prints s with its control characters made visible (util_visible, newlines
 * kept): for course text, names and notes printed outside a wrap or table. */
void term_puts(FILE *out, const char *s);

/* A bar of width cells for a share 0..1, e.g. "[#####.....]"; the caller
 * frees it. */
char *term_bar(double share, int width);

#endif
