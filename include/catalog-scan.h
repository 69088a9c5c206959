/*
 * A course folder read the way a catalogue load wants it: the course files'
 * names in byte order, each file's status (taken before the file is read),
 * the compiled catalogue opened, and what it holds for every unchanged file.
 * That part of a load needs neither libxml2 nor the record, so a session
 * starts it on a thread of its own as a command starts (catalog_scan_start)
 * and a staff member's sign-in runs beside it; the load then finishes on
 * the caller's thread (catalog_load_scanned) with the files that changed.
 *
 * A scan is a snapshot of the folder as the command started; one not taken
 * by the command it was started for is thrown away, never kept for the next.
 */
#ifndef UPSKILL_CATALOG_SCAN_H
#define UPSKILL_CATALOG_SCAN_H

#include <dirent.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "catalog-cache.h"
#include "course.h"
#include "util.h"

struct catalog_scan_file {
	const char *path; /* in the scan's names */
	/* Its status, taken before it was read, if it has to be loaded or its
	 * content compared with the cache's: NULL when the cache holds it as
	 * it is, or none was taken (no cache, or the call failed). Only
	 * those: 144 bytes a file is 30 fresh pages at 800 files, and a fresh
	 * page is dear (docs/performance.md). */
	struct stat *st;
	bool seen;                      /* its status was taken */
	enum catalog_cache_fresh fresh; /* and weighed against its entry */
	long entry;                     /* its entry in the compiled catalogue, or -1 */
	/* What the compiled catalogue holds for the file as it is now (the
	 * scan's until taken), or both NULL: the file is loaded. */
	struct course *course;
	struct programme *programme;
};

struct catalog_scan {
	char *dir;
	char *prefix;     /* of every path: the folder and a slash */
	size_t name_at;   /* its length: where a file's name starts in its path */
	char *cache_path; /* NULL: no compiled catalogue */
	bool whole;       /* modules from the cache with their bodies */
	struct catalog_scan_file *files;
	size_t n;
	struct catalog_cache *cache; /* NULL without cache_path, or once taken */
	int error;                   /* errno if the folder could not be read */
	struct strbuf names;
	DIR *folder; /* open while files' status may be taken */
	/* The thread reading it, if one was started; unread: none could be,
	 * so it is read when waited for. */
	struct catalog_scan_thread *thread;
	bool waited; /* for the thread, which is joined when the scan is freed */
	bool unread;
	atomic_bool stop; /* set when it is not wanted any more */
	/* Set once files and their entries are there: from then on any
	 * thread may take the status of the next file not claimed. */
	atomic_bool ready;
	atomic_size_t next;
};

/* Reads dir now, on this thread; cache_path as for catalog_load_dir_cached
 * (NULL: no compiled catalogue, no status taken). Never NULL. */
struct catalog_scan *catalog_scan_read(const char *dir, const char *cache_path, bool whole);

/* The same on a thread of its own (or, if none can be started, when it is
 * waited for). Modules come with their heads only. Never NULL. */
struct catalog_scan *catalog_scan_start(const char *dir, const char *cache_path);

/* Waits until the scan is done; then its fields may be read. */
void catalog_scan_wait(struct catalog_scan *sc);

/* Waits for it and frees it with what was not taken from it. */
void catalog_scan_free(struct catalog_scan *sc);

#endif
