/*
 * Moodle XML question banks (moodle.c): read into a struct bank, streaming,
 * and a module's questions written as one.
 */
#ifndef UPSKILL_MOODLE_H
#define UPSKILL_MOODLE_H

#include "course.h"
#include "interop.h"
#include "util.h"

/* Reads the Moodle XML question bank at path into b, a question at a time
 * as the file streams past. Returns 0 if the file is well-formed XML, -1
 * if not or if it cannot be read; every problem, in the XML or in a
 * question, is in b->errors. */
int moodle_import(const char *path, struct bank *b);

/* Appends c's questions to out as a Moodle XML question bank with one
 * category, named by the module's id. -1 with *err (the caller frees) for
 * a question Moodle cannot hold. */
int moodle_export(const struct course *c, struct strbuf *out, char **err);

#endif
