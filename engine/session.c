/*
 * A session: the paths, the output stream, the signed-in learner, and the
 * store and catalogue opened on first use.
 */
#include "session.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog-scan.h"
#include "catalog.h"
#include "db.h"
#include "paths.h"
#include "settings.h"
#include "store-access.h"
#include "store-publish.h"
#include "util.h"

struct session *session_new(const char *db_path, const char *courses_dir, FILE *out)
{
	struct session *s = xcalloc(1, sizeof(*s));

	s->db_path = xstrdup(db_path);
	s->courses_dir = xstrdup(courses_dir);
	s->out = out;
	s->passphrase_fd = -1;
	term_init(&s->term, out);
	return s;
}

/* The catalogues replaced while commands ran (session_run). */
static void retired_free(struct session *s)
{
	for (size_t i = 0; i < s->nretired; i++)
		catalog_free(s->retired[i]);
	free(s->retired);
	s->retired = NULL;
	s->nretired = 0;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	session_sign_in(s, NULL);
	catalog_scan_free(s->scan);
	store_close(s->store);
	catalog_free(s->catalog);
	retired_free(s);
	free(s->db_path);
	free(s->courses_dir);
	free(s);
}

struct store *session_store(struct session *s, char **err)
{
	if (s->store && s->store_read_only) {
		store_close(s->store);
		s->store = NULL;
		s->store_read_only = false;
	}
	if (s->store)
		return s->store;
	if (!db_is_server(s->db_path) && paths_make_parent(s->db_path, err) < 0)
		return NULL;
	if (store_open(s->db_path, &s->store, err) < 0)
		return NULL;
	return s->store;
}

struct store *session_store_read(struct session *s, char **err)
{
	if (s->store)
		return s->store;
	if (!db_is_server(s->db_path) && paths_make_parent(s->db_path, err) < 0)
		return NULL;
	if (store_open_read(s->db_path, &s->store, err) < 0)
		return NULL;
	s->store_read_only = true;
	return s->store;
}

struct store *session_store_existing(struct session *s, char **err)
{
	if (!s->store && !db_is_server(s->db_path) && access(s->db_path, F_OK) != 0) {
		util_error(err, "no record at '%s'", s->db_path);
		return NULL;
	}
	return session_store(s, err);
}

/* Where the compiled catalogue of the course folder is kept, its folder
 * made; NULL if it cannot be (every file is then loaded, as before). */
static char *cache_path(struct session *s)
{
	char *cache = paths_catalog_cache(s->courses_dir), *why = NULL;

	if (cache && paths_make_parent(cache, &why) < 0) {
		free(why);
		free(cache);
		cache = NULL;
	}
	return cache;
}

void session_scan_ahead(struct session *s)
{
	char *cache;

	if (s->scan || s->catalog)
		return;
	cache = cache_path(s);
	s->scan = catalog_scan_start(s->courses_dir, cache);
	free(cache);
}

static struct catalog *catalog_open(struct session *s, enum session_catalog_kind want, char **err)
{
	struct catalog *cat;
	char *cache, *why = NULL;

	if (s->catalog && s->catalog_kind >= want)
		return s->catalog;
	if (want != SESSION_CATALOG_LIST) {
		/* From the files: see session.h. The files the record holds as
		 * published skip the schema's second check (course.h), and for
		 * heads are read only as far as a head. */
		struct strlist hashes;
		struct course_vouched vouched = {.heads = want == SESSION_CATALOG_HEADS};

		strlist_init(&hashes);
		if (s->store && store_published_files(s->store, &hashes, &why) == 0) {
			vouched.sha256 = hashes.items;
			vouched.n = hashes.n;
		}
		free(why); /* unread, every file is checked whole: slower, not wrong */
		cat = catalog_load_dir_vouched(s->courses_dir, &vouched, err);
		strlist_release(&hashes);
		if (!cat)
			return NULL;
		/* The caller may hold modules of the one replaced. */
		if (s->catalog) {
			s->retired = xrealloc(s->retired, (s->nretired + 1) * sizeof(*s->retired));
			s->retired[s->nretired++] = s->catalog;
		}
		s->catalog = cat;
		s->catalog_kind = want;
		return cat;
	}
	if (s->scan) {
		cat = catalog_load_scanned(s->scan, err);
		s->scan = NULL;
	} else {
		cache = cache_path(s);
		cat = catalog_load_dir_cached(s->courses_dir, cache, false, err);
		free(cache);
	}
	if (!cat)
		return NULL;
	s->catalog = cat;
	s->catalog_kind = SESSION_CATALOG_LIST;
	return cat;
}

int session_run(struct session *s, int (*run)(struct session *, const struct cmd_args *, char **),
                const struct cmd_args *args, char **err)
{
	int rc;

	s->running++;
	rc = run(s, args, err);
	if (--s->running == 0) {
		retired_free(s);
		catalog_scan_free(s->scan);
		s->scan = NULL;
	}
	return rc;
}

struct catalog *session_catalog(struct session *s, char **err)
{
	return catalog_open(
	        s, s->catalog_heads_enough ? SESSION_CATALOG_HEADS : SESSION_CATALOG_WHOLE, err);
}

struct catalog *session_catalog_list(struct session *s, char **err)
{
	return catalog_open(s, SESSION_CATALOG_LIST, err);
}

/* Whether the kiosk a session was signed in at has been closed since. */
static bool kiosk_ended(struct session *s)
{
	char *kind = NULL, *why = NULL;
	bool ended;

	if (store_setting_get(s->store, SETTING_STAFF_CREDENTIAL, "passphrase", &kind, &why) < 0) {
		free(why);
		return true;
	}
	ended = strcmp(kind, "none") != 0;
	free(kind);
	return ended;
}

/* Whether the credential a session signed in with is no longer the one
 * stored (a consultant reset it, or it was changed behind the record). */
static bool credential_changed(struct session *s)
{
	char *hash = NULL, *why = NULL;
	bool setup, changed;

	if (store_passphrase_get(s->store, s->me->id, &hash, &setup, &why) < 0) {
		free(why);
		return true;
	}
	changed = !hash || strcmp(hash, s->credential) != 0;
	free(hash);
	return changed;
}

int session_recheck(struct session *s, char **err)
{
	struct learner now;
	char *why = NULL;
	int rc;

	if (!s->me || !s->store)
		return 0;
	rc = store_learner_find(s->store, s->me->name, &now, &why);
	free(why);
	if (rc < 0)
		return util_error(err, "cannot read your account: signed out");
	if (rc == 0 && now.active && now.role == s->me->role) {
		learner_release(&now);
		if (s->kiosk && kiosk_ended(s))
			goto ended;
		if (s->credential && credential_changed(s))
			goto reset;
		return 0;
	}
	if (rc == 0)
		learner_release(&now);
	rc = util_error(err, "'%s' has been deactivated or changed since signing in: signed out",
	                s->me->name);
	session_sign_in(s, NULL);
	return rc;
reset:
	rc = util_error(err,
	                "the credential '%s' signed in with has been reset or changed since: "
	                "signed out",
	                s->me->name);
	session_sign_in(s, NULL);
	return rc;
ended:
	rc = util_error(err, "staff sign in with a credential again (the kiosk was closed): "
	                     "signed out");
	session_sign_in(s, NULL);
	return rc;
}

void session_sign_in(struct session *s, struct learner *l)
{
	if (s->me) {
		learner_release(s->me);
		free(s->me);
	}
	s->me = l;
	s->kiosk = false;
	free(s->credential);
	s->credential = NULL;
}

char *session_record_shown(const struct session *s)
{
	const char *p = s->db_path, *scheme = strstr(p, "://"), *at;
	const char *pw, *home;
	size_t n;

	/* postgresql://user:secret@host/db: the secret is left out. */
	if (scheme && (at = strchr(scheme + 3, '@')) &&
	    (pw = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))))
		return xasprintf("%.*s%s", (int)(pw - p), p, at);
	/* host=... password=secret ...: likewise. */
	if ((pw = strstr(p, "password="))) {
		const char *end = pw + strcspn(pw, " \t");
		return xasprintf("%.*spassword=...%s", (int)(pw - p), p, end);
	}
	/* A path in the home folder as "~/...", as a person would write it. */
	home = getenv("HOME");
	n = home ? strlen(home) : 0;
	if (n > 1 && strncmp(p, home, n) == 0 && p[n] == '/')
		return xasprintf("~%s", p + n);
	return xstrdup(p);
}

FILE *session_note(struct session *s)
{
	int fd = fileno(s->out);

	if (fd >= 0 && isatty(fd))
		return s->out;
	fflush(s->out);
	return stderr;
}

enum input_status session_ask(struct session *s, const char *prompt, char **line)
{
	*line = NULL;
	/* Whatever was shown (feedback, a question) is out before we wait. */
	fflush(s->out);
	if (!s->in)
		return INPUT_EOF;
	return s->in->read(s->in, prompt, line);
}
