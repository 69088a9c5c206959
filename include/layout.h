/*
 * Fitting text to a width: words wrapped into lines, and a table's columns
 * shrunk to fit a terminal. Pure: no I/O, no terminal; widths are columns
 * as util_width counts them.
 */
#ifndef UPSKILL_LAYOUT_H
#define UPSKILL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* No column a table shows is narrower than this, unless all it ever holds
 * is narrower. */
#define LAYOUT_MIN_COLUMN 8

/*
 * Adds to lines (which the caller owns) text wrapped to width columns:
 * broken at spaces, and at its own newlines; runs of spaces between words
 * become one. A word wider than width is cut at width, the only case where
 * a word is broken. width 0 wraps nothing: only newlines break lines. An
 * empty text gives one empty line.
 */
void layout_wrap(const char *text, size_t width, struct strlist *lines);

/* The width of text's widest word (of its widest line, when it has no
 * space). */
size_t layout_longest_word(const char *text);

/*
 * Shrinks a table's columns to fit width, gap columns between each two:
 * out[i] starts at natural[i]; while the table is too wide, the widest
 * column that may wrap and is still above its least[i] gives up a column.
 * Returns true if the table then fits (or width is 0: no limit), false if
 * it cannot fit even with every column at its least.
 */
bool layout_fit(const size_t *natural, const size_t *least, const bool *wraps, size_t n, size_t gap,
                size_t width, size_t *out);

#endif
