/*
 * Reading a module's lessons page by page at the prompt, and showing a
 * policy text. The page reached is saved as the learner turns pages.
 */
#ifndef UPSKILL_LESSON_H
#define UPSKILL_LESSON_H

#include <stdio.h>

#include "course.h"
#include "term.h"

struct session;

/* Prints blocks (a page or a policy text), wrapped to the terminal. */
void lesson_print_blocks(const struct term *t, FILE *out, const struct block *blocks, size_t n);

/* Blocks as printed at the terminal, and where each screenful of them
 * starts. */
struct lesson_view {
	char *text; /* NULL: print the blocks straight out, whole */
	size_t len;
	size_t *cut; /* part k is text[cut[k] .. cut[k + 1]) */
	size_t nparts;
};

/*
 * Cuts the blocks into screenfuls of the terminal, each leaving head_lines
 * for a heading over it and two lines for a blank and a prompt under it.
 * In a pipe or a script there is one part and no text. Release with
 * lesson_view_release.
 */
void lesson_view_make(struct session *s, const struct block *blocks, size_t n, size_t head_lines,
                      struct lesson_view *v);
void lesson_view_release(struct lesson_view *v);

/* How reading ended. */
enum lesson_end {
	LESSON_FINISHED, /* turned past the last page */
	LESSON_STOPPED,  /* 'q', Ctrl-C or end of input: the page is saved */
};

/*
 * Shows the module's pages from the one the learner reached (the first if
 * they had finished them before): Enter or 'n' for next, 'b' back, 'q'
 * stop. At a terminal, a page taller than the window is shown a screenful
 * at a time, each under the page's title (Enter for more, 'b' for the
 * screenful before); in a pipe or a script each page is printed whole.
 * Saves the page reached after every turn. Returns -1 with *err only
 * if the record could not be written.
 */
int lesson_read(struct session *s, const struct course *c, enum lesson_end *end, char **err);

#endif
