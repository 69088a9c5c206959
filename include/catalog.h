/*
 * The catalogue: every module and programme loaded from a course directory
 * (or from a list of files), after the checks that need more than one file:
 * duplicate ids, prerequisites that name no module, prerequisite cycles and
 * programme steps that name no module. A bad file never stops the others
 * loading; the catalogue keeps what is valid and says what it left out.
 */
#ifndef UPSKILL_CATALOG_H
#define UPSKILL_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "course.h"

struct catalog_cache;
#include "util.h"

/* Everything here is owned by the catalogue and read-only to callers; the
 * arrays may be walked directly to iterate. */
struct catalog {
	struct course **courses; /* sorted by id */
	size_t ncourses;
	struct programme **programmes; /* sorted by id */
	size_t nprogrammes;
	/* Why each left-out file or module was left out, one "file:line:
	 * message" (or "file: message") per line, in the order found. */
	struct strlist skipped;
	/* Where the modules' bodies (lesson blocks, questions) still are when
	 * the catalogue was loaded for a list: see catalog_load_bodies. NULL
	 * once every module is whole. */
	struct catalog_cache *bodies;
};

/*
 * Loads every "*.xml" file in dir, in byte order of name (dot files and
 * other names are ignored), then runs the cross-file checks. Returns a new
 * catalogue (the caller frees it), or NULL with *err set when the directory
 * itself cannot be read. Bad files are not an error: see skipped.
 */
struct catalog *catalog_load_dir(const char *dir, char **err);

/* The same, each module file v vouches for (see course.h; NULL for none)
 * loaded without the schema's second check. */
struct catalog *catalog_load_dir_vouched(const char *dir, const struct course_vouched *v,
                                         char **err);

/* The same, with the compiled catalogue kept at cache_path (see
 * catalog-cache.h; NULL for none): files unchanged since it was written
 * are rebuilt from it without being parsed, and it is rewritten if
 * anything changed. The catalogue is the same either way, except that
 * unless whole, modules from the cache may come without their lesson
 * blocks and question array (quiz.nquestions is set) until
 * catalog_load_bodies: enough for a list, and much faster. */
struct catalog *catalog_load_dir_cached(const char *dir, const char *cache_path, bool whole,
                                        char **err);

/* The same from a scan of the folder (catalog-scan.h), perhaps still under
 * way: waits for it, loads the files it could not take from the cache, and
 * frees it. */
struct catalog_scan;
struct catalog *catalog_load_scanned(struct catalog_scan *sc, char **err);

/* Makes every module whole (a no-op if it is): 0, or -1 with a message
 * if the cache changed under the process. Pointers into the catalogue
 * stay valid. */
int catalog_load_bodies(struct catalog *cat, char **err);

/* The same for the n files named in paths, in that order. Never NULL. */
struct catalog *catalog_load_files(const char *const *paths, size_t n);

void catalog_free(struct catalog *cat);

/* The module or programme with exactly this id, or NULL. */
const struct course *catalog_find(const struct catalog *cat, const char *id);
const struct programme *catalog_find_programme(const struct catalog *cat, const char *id);

/* The nth (from 0) module id that starts with prefix, in id order, or NULL
 * once there are no more: the shape of a readline completion generator,
 * whose state counts up from 0. The string belongs to the catalogue. */
const char *catalog_complete(const struct catalog *cat, const char *prefix, size_t n);

/* For each other module in cat whose id or title looks like c's without
 * being the same (lookalike.h: a Cyrillic letter for a Latin one, 0 for
 * o), appends a warning "FILE:LINE: ..." to out: a module made to pass for
 * another, the policy say, is easy to miss in a list. */
void catalog_lookalikes(const struct catalog *cat, const struct course *c, struct strlist *out);

/*
 * For `upskill validate FILE...`: loads each of the n files and appends every
 * problem to errors, including the cross-file checks among those files and
 * against known (may be NULL), so that a file requiring a shipped module
 * validates. A given module with the same id as one in known stands in for
 * it, as a new version of that module would. Returns 0 only if every file
 * is valid.
 */
int catalog_validate(const char *const *paths, size_t n, const struct catalog *known,
                     struct strlist *errors);

#endif
