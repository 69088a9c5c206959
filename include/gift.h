/*
 * GIFT, Moodle's plain-text question format (gift.c): a recursive-descent
 * reader into a struct bank, and a module's questions written as GIFT.
 */
#ifndef UPSKILL_GIFT_H
#define UPSKILL_GIFT_H

#include <stddef.h>

#include "course.h"
#include "interop.h"
#include "util.h"

/* Reads GIFT text (len bytes, b->path naming it in messages) into b. Every
 * problem is in b->errors as "file:line:col: message"; returns -1 if there
 * is one, else 0. */
int gift_import_text(const char *text, size_t len, struct bank *b);

/* The same for the file at b->path; -1 also when it cannot be read. */
int gift_import(struct bank *b);

/* Appends c's questions to out as GIFT. What GIFT cannot say (ordering
 * questions, hints, weights, units, case sensitivity) is left out, each
 * with a line in notes. */
void gift_export(const struct course *c, struct strbuf *out, struct strlist *notes);

#endif
