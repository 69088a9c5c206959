/*
 * Reading a course folder for a catalogue load, here or on a thread of its
 * own (see catalog-scan.h).
 *
 * Why a thread: with a large library the status of every file, which the
 * compiled catalogue needs to know what changed, is most of a warm load
 * (800 files: some 3 ms of system calls on the project's machine kind, one
 * file at a time), and a staff member's first screen first signs in (opens
 * the record, finds the learner), which needs none of it. The thread
 * reads the folder and the cache file, decodes the heads of the modules
 * the cache holds, takes the files' status and hashes the files whose
 * times moved; the caller, once signed in, takes a share of the last two
 * (catalog_scan_wait). The thread writes nothing but the cache file's
 * mode, if that was not the user's alone (private.c). It touches nothing
 * but the scan, which nobody reads before it is done but the files'
 * status, each file claimed by one thread; and it blocks every signal, so
 * that a Ctrl-C still reaches the prompt's thread.
 */
#include "catalog-scan.h"

#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The thread and how it says it is done with the scan: joined only when the
 * scan is freed, since a thread's own end (its stack given back) is a
 * tenth of a millisecond that nobody needs to wait for. */
struct catalog_scan_thread {
	pthread_t id;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

/* The course files' paths, sorted, into sc->files: from the folder d, or
 * from the compiled catalogue's listing if the folder (status dir, or NULL)
 * is as it was when that was written. 0, or -1 with sc->error set. */
static int scan_names(struct catalog_scan *sc, DIR *d, const struct stat *dir)
{
	size_t *at = NULL, cap = 0, n = 0;
	const char **paths;
	struct dirent *de;
	bool listed = sc->cache && dir &&
	              catalog_cache_listing(sc->cache, dir, sc->prefix, &sc->names, &at, &cap, &n);

	while (!listed) {
		size_t len;

		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		len = strlen(de->d_name);
		if (catalog_course_file_name(de->d_name, len)) {
			/* Every path in one buffer, at offsets into it: no
			 * allocation per file, and not a printf (it was a tenth
			 * of a cached load). */
			xgrow(&at, &cap, n + 1, sizeof(*at));
			at[n++] = sc->names.len;
			strbuf_add(&sc->names, sc->prefix, sc->name_at);
			strbuf_add(&sc->names, de->d_name, len + 1);
		}
	}
	if (!listed && errno) {
		sc->error = errno;
		free(at);
		return -1;
	}
	paths = xcalloc(n + 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++)
		paths[i] = sc->names.buf + at[i];
	if (!listed) {
		/* Byte order, whatever the locale, so every machine loads
		 * alike. */
		util_sort_strings(paths, n);
		if (sc->cache && dir) {
			const char **names = xcalloc(n + 1, sizeof(*names));

			for (size_t i = 0; i < n; i++)
				names[i] = paths[i] + sc->name_at;
			catalog_cache_set_listing(sc->cache, dir, names, n);
			free(names);
		}
	}
	sc->files = xcalloc(n + 1, sizeof(*sc->files));
	for (size_t i = 0; i < n; i++) {
		sc->files[i].path = paths[i];
		sc->files[i].entry = -1;
	}
	sc->n = n;
	free(paths);
	free(at);
	return 0;
}

static bool stopped(struct catalog_scan *sc)
{
	return atomic_load_explicit(&sc->stop, memory_order_relaxed);
}

/* The file's status into st, through the folder: the path is not walked
 * again for every file (a fifth of each status at 800 files). */
static bool file_status(const struct catalog_scan *sc, const struct catalog_scan_file *f,
                        struct stat *st)
{
	return fstatat(dirfd(sc->folder), f->path + sc->name_at, st, 0) == 0;
}

static void keep_status(struct catalog_scan_file *f, const struct stat *st)
{
	f->st = memcpy(xmalloc(sizeof(*st)), st, sizeof(*st));
}

/* Takes the status of files not yet claimed, on whichever thread calls it,
 * until none is left. The file's times before it is read: one edited while
 * it is read then looks changed next time, never unchanged. */
static void scan_status(struct catalog_scan *sc)
{
	size_t i;

	while ((i = atomic_fetch_add_explicit(&sc->next, 1, memory_order_relaxed)) < sc->n &&
	       !stopped(sc)) {
		struct catalog_scan_file *f = &sc->files[i];
		struct stat st;

		if (!file_status(sc, f, &st))
			continue;
		f->seen = true;
		/* A file whose times moved is hashed here too, beside the
		 * sign-in. */
		if (f->entry >= 0)
			f->fresh = catalog_cache_check(sc->cache, f->entry, f->path, &st);
		if (f->fresh != CACHE_FILE_CURRENT)
			keep_status(f, &st);
	}
}

/* Every entry's head decoded, before the files' status: decoding reads the
 * cache, not the file, so it may come first, on this thread alone, while
 * the caller signs in; the status, system calls, it may share once it is
 * done. The modules are made in rooms of a few hundred each: none asks
 * the heap, which the threads share, for a thing of its own (at 800
 * modules, 2,400 calls of malloc made the caller's sign-in wait on the
 * heap's lock). A room's pages not used are never touched. */
static void scan_heads(struct catalog_scan *sc)
{
	struct course_room *rooms = NULL;

	for (size_t i = 0; i < sc->n && !stopped(sc); i++) {
		struct catalog_scan_file *f = &sc->files[i];

		if (f->entry >= 0)
			catalog_cache_peek(sc->cache, f->entry, f->path, &rooms, &f->course,
			                   &f->programme);
	}
	course_room_release(rooms);
}

/* The scan's own part: the cache, the names, every entry's head decoded,
 * then what is left of the files' status. */
static void scan_folder(struct catalog_scan *sc)
{
	struct stat dir;
	bool dir_known;

	/* The cache first: the time it takes as this load's, and writes as
	 * when it was made, comes before any status taken here, as the racy
	 * rule wants (catalog-cache.c). */
	if (sc->cache_path)
		sc->cache = catalog_cache_open(sc->cache_path, sc->dir);
	sc->folder = opendir(sc->dir);
	if (!sc->folder) {
		sc->error = errno ? errno : EIO;
		return;
	}
	/* The folder's status before it is read: a file added while it is
	 * read then looks changed next time. */
	dir_known = fstat(dirfd(sc->folder), &dir) == 0;
	if (scan_names(sc, sc->folder, dir_known ? &dir : NULL) < 0 || !sc->cache)
		return;
	for (size_t i = 0; i < sc->n; i++)
		sc->files[i].entry = catalog_cache_lookup(sc->cache, sc->files[i].path);
	atomic_store_explicit(&sc->ready, true, memory_order_release);
	scan_heads(sc);
	scan_status(sc);
}

/* On the caller's thread, once no other reads the scan: what was decoded
 * is taken where the file is as the cache holds it, one file at a time. A
 * file the cache turns out not to hold after all is loaded, with its
 * status taken now if it was not kept, so that the load is put back in
 * the cache. */
static void scan_finish(struct catalog_scan *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		struct catalog_scan_file *f = &sc->files[i];
		struct stat st;

		if (f->entry < 0 || !f->seen || stopped(sc)) {
			course_free(f->course);
			programme_free(f->programme);
			f->course = NULL;
			f->programme = NULL;
		} else if (catalog_cache_take(sc->cache, f->entry, f->st, f->fresh, sc->whole,
		                              &f->course, &f->programme)) {
			free(f->st);
			f->st = NULL;
		} else if (!f->st && sc->folder && file_status(sc, f, &st)) {
			keep_status(f, &st);
		}
	}
	if (sc->folder)
		closedir(sc->folder);
	sc->folder = NULL;
}

static struct catalog_scan *scan_new(const char *dir, const char *cache_path, bool whole)
{
	struct catalog_scan *sc = xcalloc(1, sizeof(*sc));
	size_t len = strlen(dir);

	sc->dir = xstrdup(dir);
	/* "dir/", or dir as it is if it ends in a slash. */
	sc->prefix = xmalloc(len + 2);
	memcpy(sc->prefix, dir, len);
	strcpy(sc->prefix + len, len && dir[len - 1] == '/' ? "" : "/");
	sc->name_at = strlen(sc->prefix);
	sc->cache_path = cache_path ? xstrdup(cache_path) : NULL;
	sc->whole = whole;
	strbuf_init(&sc->names);
	return sc;
}

struct catalog_scan *catalog_scan_read(const char *dir, const char *cache_path, bool whole)
{
	struct catalog_scan *sc = scan_new(dir, cache_path, whole);

	scan_folder(sc);
	scan_finish(sc);
	return sc;
}

static void *scan_thread(void *arg)
{
	struct catalog_scan *sc = arg;
	struct catalog_scan_thread *t = sc->thread;

	scan_folder(sc);
	pthread_mutex_lock(&t->lock);
	t->done = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct catalog_scan *catalog_scan_start(const char *dir, const char *cache_path)
{
	struct catalog_scan *sc = scan_new(dir, cache_path, false);

	sc->thread = xcalloc(1, sizeof(*sc->thread));
	pthread_mutex_init(&sc->thread->lock, NULL);
	pthread_cond_init(&sc->thread->cond, NULL);
	/* One heap for both threads: the thread's few allocations of its own
	 * (a file's status, a file read to be hashed; the heads go into
	 * rooms) are not worth a second, which grows a page at a time, a
	 * system call each. */
	mallopt(M_ARENA_MAX, 1);
	if (!util_thread_start(&sc->thread->id, scan_thread, sc)) {
		/* Read when it is waited for, as if no thread had been asked. */
		pthread_cond_destroy(&sc->thread->cond);
		pthread_mutex_destroy(&sc->thread->lock);
		free(sc->thread);
		sc->thread = NULL;
		sc->unread = true;
	}
	return sc;
}

void catalog_scan_wait(struct catalog_scan *sc)
{
	struct catalog_scan_thread *t = sc->thread;

	if (t && !sc->waited) {
		/* The files' status left, taken on both threads: at 800 files
		 * the scan outlasts a sign-in, by half a millisecond of system
		 * calls alone. */
		if (atomic_load_explicit(&sc->ready, memory_order_acquire))
			scan_status(sc);
		pthread_mutex_lock(&t->lock);
		while (!t->done)
			pthread_cond_wait(&t->cond, &t->lock);
		pthread_mutex_unlock(&t->lock);
		sc->waited = true;
		scan_finish(sc);
	} else if (sc->unread) {
		sc->unread = false;
		scan_folder(sc);
		scan_finish(sc);
	}
}

void catalog_scan_free(struct catalog_scan *sc)
{
	if (!sc)
		return;
	/* Not taken: what is not read yet is not read at all (a failed
	 * sign-in does not wait for 800 files' status). */
	sc->unread = false;
	atomic_store(&sc->stop, true);
	catalog_scan_wait(sc);
	if (sc->thread) {
		pthread_join(sc->thread->id, NULL);
		pthread_cond_destroy(&sc->thread->cond);
		pthread_mutex_destroy(&sc->thread->lock);
		free(sc->thread);
	}
	for (size_t i = 0; i < sc->n; i++) {
		course_free(sc->files[i].course);
		programme_free(sc->files[i].programme);
		free(sc->files[i].st);
	}
	catalog_cache_free(sc->cache);
	free(sc->files);
	strbuf_release(&sc->names);
	free(sc->cache_path);
	free(sc->prefix);
	free(sc->dir);
	free(sc);
}
