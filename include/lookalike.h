/*
 * Names that look alike: a "skeleton" of a name, after Unicode's
 * confusables idea (UTS #39) with a small hand-written map, so that "Anna"
 * and "Аnna" (a Cyrillic A) or "Al" and "AI" compare equal. Pure: no I/O.
 */
#ifndef UPSKILL_LOOKALIKE_H
#define UPSKILL_LOOKALIKE_H

#include <stdbool.h>

/* The skeleton of UTF-8 text s (the caller frees it): letters in lower
 * case; Cyrillic and Greek letters that look like Latin ones, dotless i and
 * fullwidth ASCII as those Latin letters; 0 as o, and 1, i and I as l; "rn"
 * as "m"; zero-width characters dropped and runs of spaces (no-break ones
 * too) as one space. Other characters are kept as they are. */
char *lookalike_skeleton(const char *s);

/* True if a and b differ but look alike: their skeletons are equal. */
bool lookalike_is(const char *a, const char *b);

#endif
