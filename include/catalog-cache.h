/*
 * The compiled catalogue: what a folder's valid files loaded as, kept in a
 * file under $XDG_CACHE_HOME/upskill/ so that the next process rebuilds the
 * modules from it without libxml2 and re-reads only the files that changed.
 *
 * The cache is input like any other and never trusted: a file that is not
 * upskill's, of another format, upskill version or schema, truncated, or
 * whose checksum over the whole does not match is ignored (and rewritten);
 * every read is bounds-checked. The cache is the folder's, by its real
 * path: "courses", "./courses" and its whole path share it. Each file's
 * entry is keyed by its name in the folder, device, inode, size,
 * modification and change times; a file whose times changed is hashed, and
 * its entry is kept if its SHA-256 is the same. A file changed within a
 * moment of the cache being written is always hashed (its times alone
 * cannot tell two edits in one clock tick apart).
 *
 * The folder's listing is kept as well, keyed by the folder's own device,
 * inode, size and times: a file added, removed or renamed changes them, so
 * a folder as it was need not be read again (at 800 files that read was a
 * sixth of a warm load); one changed within that moment is read.
 */
#ifndef UPSKILL_CATALOG_CACHE_H
#define UPSKILL_CATALOG_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "course.h"
#include "util.h"

/* Whether the name of a file in a course folder (len bytes) is a course
 * file's: not hidden, ending ".xml". The folder's read and the cache's
 * listing both take this rule. */
bool catalog_course_file_name(const char *name, size_t len);

/* Bumped whenever what the loader makes, or the encoding below, changes. */
#define CATALOG_CACHE_FORMAT 6

struct catalog_cache;

/* The cache for the course folder dir kept at path (NULL: none is read or
 * written, every file is loaded). Reads it if it is there and sound, and
 * made for dir's real path (however dir is spelled); an unusable one is set
 * aside, with the reason in catalog_cache_note. Never NULL; the caller frees
 * it with catalog_cache_free. */
struct catalog_cache *catalog_cache_open(const char *path, const char *dir);

/* The same from an image in memory (tests and the fuzzer); nothing is
 * written back. data is borrowed for the life of the cache. */
struct catalog_cache *catalog_cache_from_memory(const void *data, size_t len, const char *dir);

/* Why the cache file was not used ("" if it was, or there was none). */
const char *catalog_cache_note(const struct catalog_cache *cc);

/* How many entries the cache read holds that passed every check. */
size_t catalog_cache_entries(const struct catalog_cache *cc);

/* The file at path (the folder as this run spells it, a slash and the
 * file's name, which is its entry's key), whose stat (taken before anything
 * is read) is st: 1 with exactly one of *course or *programme set (the
 * caller owns it; its path is path) when the cache holds it as it is now, 0
 * when it has to be loaded. Unless whole, a module comes with its head
 * only: no lesson blocks and no question array (quiz.nquestions says how
 * many there will be), until catalog_cache_bodies reads them in. */
int catalog_cache_get(struct catalog_cache *cc, const char *path, const struct stat *st, bool whole,
                      struct course **course, struct programme **programme);

/*
 * catalog_cache_get in its steps, for a folder's scan on two threads
 * (catalog-scan.c). The entry is found first, on one thread. Its head
 * decoded (peek) and the file weighed against it (check) read the cache
 * and nothing else: any number may run
 * at once, on any thread, but beside no other call. What was decoded is
 * then taken, one file at a time, on one thread.
 */
/* The entry for the file at path, or -1 if the cache has none. */
long catalog_cache_lookup(struct catalog_cache *cc, const char *path);
/* The entry's head, decoded as catalog_cache_get would hand it out: 0 with
 * exactly one of *course or *programme set, or -1 with neither. A module
 * is made in rooms if that is given (NULL: on the heap; course_new_head). */
int catalog_cache_peek(const struct catalog_cache *cc, long entry, const char *path,
                       struct course_room **rooms, struct course **course,
                       struct programme **programme);
/* The file at path, whose status is st, against its entry: current (its
 * key, old enough to trust), the same (times moved, but its bytes hash
 * to the entry's SHA-256: the file is read), or changed. */
enum catalog_cache_fresh {
	CACHE_FILE_CHANGED,
	CACHE_FILE_CURRENT,
	CACHE_FILE_SAME,
};
enum catalog_cache_fresh catalog_cache_check(const struct catalog_cache *cc, long entry,
                                             const char *path, const struct stat *st);
/* Takes what peek decoded for the file (*course or *programme) if the
 * cache holds it as it is now, as check said (fresh) of its status st: 1,
 * or 0 with what was given freed and both NULL. st is read only if the
 * file is the same but not current. */
int catalog_cache_take(struct catalog_cache *cc, long entry, const struct stat *st,
                       enum catalog_cache_fresh fresh, bool whole, struct course **course,
                       struct programme **programme);

/* Forgets a module handed out with its head only that the caller is about
 * to free, so that nothing holds its address. */
void catalog_cache_forget(struct catalog_cache *cc, const struct course *course);

/* How many modules were handed out with their head only. */
size_t catalog_cache_pending(const struct catalog_cache *cc);

/* Reads the bodies of those of the n courses that came with their head
 * only, each checked against its checksum, into the same structs. 0, or -1
 * with a message in *err if a body is not what the index promised (the
 * cache file is then removed). */
int catalog_cache_bodies(struct catalog_cache *cc, struct course *const *courses, size_t n,
                         char **err);

/* The course files the folder held when the cache was written, if the
 * folder's status dir (taken before it is read) is what it was then, and
 * old enough to be trusted: 1, each appended to names as prefix, its name
 * and a NUL, in byte order, its offset in names added to *at (n of them,
 * room for *cap: see xgrow). 0: the folder has to be read. A file added,
 * removed or renamed changes the folder's times; one edited in place does
 * not, and its own status says so. */
int catalog_cache_listing(struct catalog_cache *cc, const struct stat *dir, const char *prefix,
                          struct strbuf *names, size_t **at, size_t *cap, size_t *n);

/* The course files' names (without the folder) read from the folder now,
 * in byte order, its status dir taken before it was read: written with
 * the cache in place of the one it held. */
void catalog_cache_set_listing(struct catalog_cache *cc, const struct stat *dir,
                               const char *const *names, size_t n);

/* Records what the file at path (as for catalog_cache_get; stat st, taken
 * before it was read) loaded as; exactly one of course and programme is
 * non-NULL. Both are borrowed. */
void catalog_cache_put(struct catalog_cache *cc, const char *path, const struct stat *st,
                       const struct course *course, const struct programme *programme);

/* The module just put for path, made again from its head like one that
 * catalog_cache_get hands out without its body: a command that needs only
 * the list then holds no module whole, cold or warm. NULL if there is none
 * (the caller keeps the one it loaded). */
struct course *catalog_cache_head(struct catalog_cache *cc, const char *path);

/* Writes the cache back, as a new file renamed over the old, if anything
 * in it changed: only files got or put since it was opened are kept. 0, or
 * -1 with a message in *err. */
int catalog_cache_save(struct catalog_cache *cc, char **err);

void catalog_cache_free(struct catalog_cache *cc);

/* The checksum the cache keeps of its index and of each body: XXH64 with
 * seed 0 (the file stores it in the machine's byte order). */
uint64_t catalog_cache_checksum(const void *data, size_t len);

/* One module or programme encoded, appended to out, and decoded again: the
 * encoding the cache keeps, which leaves out the file's path (a run's own
 * spelling of it): decoding is given it. Decoding returns 0 with one of
 * *course or *programme set (the caller owns it), or -1 if the bytes are
 * not one whole, well-formed encoding. */
void catalog_cache_encode(const struct course *course, const struct programme *programme,
                          struct strbuf *out);
int catalog_cache_decode(const void *data, size_t len, const char *path, struct course **course,
                         struct programme **programme);

#endif
