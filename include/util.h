/*
 * Small helpers every module shares: allocation that aborts on failure,
 * formatted strings, a growable string buffer and a list of error messages.
 */
#ifndef UPSKILL_UTIL_H
#define UPSKILL_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define UTIL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define UTIL_PRINTF(f, a)
#endif

/* Allocation never returns NULL: running out of memory aborts with a message. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* n zeroed elements of size bytes for a large table, which the kernel is
 * asked to back with huge pages (2 MiB, where it has them): a table of
 * tens of megabytes then costs a few page faults, not thousands. Freed
 * only with xfree_table. */
void *xcalloc_table(size_t n, size_t size);
void xfree_table(void *p);

/* Starts run(arg) on a thread of its own, made with every signal blocked
 * (they are the prompt's to handle); false if it could not be made. */
bool util_thread_start(pthread_t *thread, void *(*run)(void *), void *arg);
void *xrealloc(void *p, size_t size);
/* Grows *array (of *cap elements of size bytes) so it holds at least need. */
void xgrow(void *array, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A new string formatted like printf; the caller frees it. */
char *xasprintf(const char *fmt, ...) UTIL_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) UTIL_PRINTF(1, 0);

/* Sets *err (if err is not NULL and *err is still NULL) to a formatted message
 * and returns -1, so error paths read `return util_error(err, "...")`. */
int util_error(char **err, const char *fmt, ...) UTIL_PRINTF(2, 3);

/* A growable NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
void strbuf_init(struct strbuf *sb);
/* Room for exactly n more bytes (and the NUL), so that adding them moves
 * nothing and a buffer whose size is known wastes none. */
void strbuf_reserve(struct strbuf *sb, size_t n);
void strbuf_release(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) UTIL_PRINTF(2, 3);
/* v as "%.4f" writes it, made by hand where printf's result is certain
 * (an answer's fraction and weight, thousands of them), by printf
 * elsewhere. */
void strbuf_add_fixed4(struct strbuf *sb, double v);
/* n spaces (a table's padding, a wrapped line's indent). */
void strbuf_add_spaces(struct strbuf *sb, size_t n);
/* The decimal digits of a, at least min of them (zeros in front), written
 * at out with no NUL; returns the end. Made by hand where thousands are
 * written (a report's numbers, the event hash). */
char *util_put_digits(char *out, unsigned long long a, int min);
/* v as "%lld" would write it, at out with no NUL; returns the end (at most
 * 20 bytes). */
char *util_put_int(char *out, long long v);
/* Hands the string to the caller (who frees it) and empties the buffer,
 * which may be added to again or released. */
char *strbuf_detach(struct strbuf *sb);

/* Copies of strings (and small arrays) that live and are freed together,
 * packed into a few blocks rather than an allocation each: a report's names and versions for
 * 20,000 learners are 100,000 small strings, and every allocation of its
 * own spends a header and fresh pages (docs/performance.md). */
struct strpool_block;
struct strpool {
	struct strpool_block *blocks;
	char *next; /* free room in the newest block: left bytes of its block */
	size_t left, block;
};
void strpool_init(struct strpool *p);
/* A copy of s in the pool (NULL for NULL), valid until strpool_release. */
const char *strpool_dup(struct strpool *p, const char *s);
/* size bytes in the pool, aligned for any type, valid until strpool_release
 * (small arrays of a report's cells). */
void *strpool_alloc(struct strpool *p, size_t size);
void strpool_release(struct strpool *p);
/* Moves every string of from into into (valid until into is released);
 * from is left empty (a pool taken into itself is left as it is). into
 * goes on allocating where it was. */
void strpool_take(struct strpool *into, struct strpool *from);

/* An ordered list of owned strings, used for error reports and name lists. */
struct strlist {
	char **items;
	size_t n;
	size_t cap;
};
void strlist_init(struct strlist *l);
void strlist_release(struct strlist *l);
void strlist_add(struct strlist *l, const char *s);
void strlist_addf(struct strlist *l, const char *fmt, ...) UTIL_PRINTF(2, 3);
/* Sorts the strings in byte order (strcmp), whatever the locale. */
void strlist_sort(struct strlist *l);
/* The same for an array of n strings that are not a strlist's. */
void util_sort_strings(const char **v, size_t n);
bool strlist_has(const struct strlist *l, const char *s);

/* Appends s as a JSON string literal, quotes included. */
void strbuf_add_json(struct strbuf *sb, const char *s);

/* True if s starts with prefix. */
bool util_starts_with(const char *s, const char *prefix);
/* True if the n bytes at s are valid UTF-8; *bad_offset gets the first bad byte. */
bool util_utf8_valid(const char *s, size_t n, size_t *bad_offset);
/* How many columns s takes at a terminal: its UTF-8 code points, less
 * combining marks and colour escapes (wide CJK characters count as one, a
 * known limit). */
size_t util_width(const char *s);
/* The same for the first n bytes of s (or up to its end). */
size_t util_width_n(const char *s, size_t n);
/* A copy of s cut to at most width columns, ending in "..." when cut; the
 * caller frees it. */
char *util_truncate(const char *s, size_t width);
/*
 * Text for a terminal. A control character is never sent raw: C0 controls
 * and DEL show in caret notation ("^[" for ESC, "^I" for a tab, "^?" for
 * DEL), C1 controls (U+0080..U+009F) as "<U+009B>", and a byte that is not
 * UTF-8 as '?'; printable UTF-8 is left as it is. Both return a copy the
 * caller frees.
 *
 * util_printable is for quoting input back in a message: it also cuts a run
 * of more than max_word characters without a space there, ending it in "…",
 * so a message cannot become megabytes long. util_visible is for text shown
 * whole (course text, names, notes, answers); with lines true it keeps
 * newlines as they are.
 */
char *util_printable(const char *s, size_t max_word);
char *util_visible(const char *s, bool lines);
/* The first control character in s (C0, DEL, or the first byte of a C1
 * control) that is not one of the bytes in allowed (which may be NULL), or
 * NULL if there is none. */
const char *util_find_control(const char *s, const char *allowed);
/* Prints s left-aligned in a field of width columns. */
void util_print_padded(FILE *out, const char *s, size_t width);
/* Levenshtein distance between two short ASCII strings. */
size_t util_edit_distance(const char *a, const char *b);

/* A whole small text file, NUL-terminated (the caller frees it), or NULL
 * with why: it cannot be read, holds a NUL byte, or is over max bytes. */
char *util_read_file(const char *path, size_t max, char **err);

/*
 * The one way a typed word picks among names (commands, subcommands,
 * modules, programmes, duties): the exact name, else the one name it is a
 * prefix of. index is the pick, or -1 with hits the number of names word is
 * a prefix of (0: none, 2 or more: ambiguous) and, when there are none,
 * near the closest name within edit distance near_within (exclusive), or
 * NULL. An empty word is a prefix of nothing.
 */
struct util_match {
	long index;
	size_t hits;
	const char *near;
};
void util_match(const char *word, const char *const *names, size_t n, size_t near_within,
                struct util_match *m);
/* The names word is a prefix of, or all of them when none is, as "a, b, c";
 * the caller frees it. For "could be" and "one of" messages. */
char *util_match_list(const char *word, const char *const *names, size_t n);

#endif
