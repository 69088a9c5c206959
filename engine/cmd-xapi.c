/*
 * export xapi [--since DATE] and sync --lrs URL: the record's events as
 * xAPI statements (xapi.c), written out, or posted in batches to a Learning
 * Record Store (http.c) with what it accepted remembered (store-xapi.c).
 * docs/xapi.md is the page for whoever runs the LRS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "cmd.h"
#include "crypto.h"
#include "http.h"
#include "json.h"
#include "report-request.h"
#include "session.h"
#include "settings.h"
#include "store-access.h"
#include "store-xapi.h"
#include "term.h"
#include "xapi.h"

/* Statements per POST unless --batch says otherwise, and the most allowed. */
#define SYNC_BATCH     50
#define SYNC_BATCH_MAX 500
/* Tries of one batch on a connection error or a 5xx (or 429): waits of
 * 1, 2, 4, 8 and 16 seconds between them. */
#define SYNC_TRIES 6
/* The environment variable that may hold "user:password" instead of a file. */
#define SYNC_AUTH_ENV "UPSKILL_LRS_AUTH"
#define AUTH_MAX      1024

static const struct course *module_of(void *ctx, const char *id)
{
	return catalog_find(ctx, id);
}

/* Everything the record's events say, as statements, from since on. */
static int make_statements(struct session *s, const char *name, const char *since,
                           struct xapi_statement **out, size_t *n, char **err)
{
	struct store *st = session_store(s, err);
	struct catalog *cat = st ? session_catalog(s, err) : NULL;
	struct store_event *events = NULL;
	size_t nevents = 0;
	char *home = NULL;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!cat)
		return -1;
	if (store_setting_get(st, SETTING_XAPI_HOME_PAGE, NULL, &home, err) < 0)
		return -1;
	if (!home || !*home) {
		util_error(err,
		           "%s: statements name people as accounts on the organisation's home "
		           "page; set it first with 'setting %s URL'",
		           name, SETTING_XAPI_HOME_PAGE);
		goto out;
	}
	if (store_xapi_events(st, since, &events, &nevents, err) < 0)
		goto out;
	struct xapi_source src = {.home_page = home, .module = module_of, .ctx = cat};
	for (size_t i = 0; i < nevents; i++)
		if (xapi_from_event(&src, &events[i], out, n, err) < 0)
			goto out;
	rc = 0;
out:
	for (size_t i = 0; i < nevents; i++)
		store_event_release(&events[i]);
	free(events);
	free(home);
	if (rc < 0) {
		xapi_statements_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static int need_consultant(struct session *s, const char *name, char **err)
{
	if (!s->me)
		return util_error(err, "'%s' needs a signed-in consultant: 'login NAME' first",
		                  name);
	if (s->me->role != ROLE_CONSULTANT)
		return util_error(err, "'%s' is for consultants; '%s' is signed in as staff", name,
		                  s->me->name);
	return 0;
}

int cmd_export_xapi(struct session *s, const struct cmd_args *args, char **err)
{
	struct report_request q;
	struct xapi_statement *stmts = NULL;
	size_t n = 0;
	int rc = -1;

	if (need_consultant(s, "export xapi", err) < 0)
		return -1;
	if (report_request_init(&q, "export xapi", s, args, err) < 0)
		goto out;
	if (make_statements(s, "export xapi", q.since, &stmts, &n, err) < 0)
		goto out;
	fputs("[", s->out);
	for (size_t i = 0; i < n; i++)
		fprintf(s->out, "%s\n%s", i ? "," : "", stmts[i].json);
	fputs(n ? "\n]\n" : "]\n", s->out);
	rc = 0;
out:
	report_request_release(&q);
	xapi_statements_free(stmts, n);
	return rc;
}

/* ---- sync ---- */

/* "user:password" from the file, which must be the user's own and open to
 * no one else (as ssh treats a private key), or from the environment. */
static char *read_auth(const char *path, char **err)
{
	char buf[AUTH_MAX + 1];
	struct stat sb;
	ssize_t got;
	size_t len;
	int fd;

	if (!path) {
		const char *env = getenv(SYNC_AUTH_ENV);
		if (!env || !*env) {
			util_error(err,
			           "sync: the LRS's credentials are needed: --auth-file FILE (mode "
			           "0600, one line user:password) or %s in the environment",
			           SYNC_AUTH_ENV);
			return NULL;
		}
		if (!strchr(env, ':')) {
			util_error(err, "sync: %s must read user:password", SYNC_AUTH_ENV);
			return NULL;
		}
		return xstrdup(env);
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		util_error(err, "sync: cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		util_error(err, "sync: '%s' is not a regular file", path);
		return NULL;
	}
	if (sb.st_uid != geteuid() || (sb.st_mode & 0077)) {
		close(fd);
		if (sb.st_uid != geteuid())
			util_error(err,
			           "sync: '%s' is owned by uid %lu, not you: refusing to use it",
			           path, (unsigned long)sb.st_uid);
		else
			util_error(err,
			           "sync: '%s' is open to others (mode %04o): refusing to use it; "
			           "make it yours alone with chmod 600 '%s'",
			           path, (unsigned)(sb.st_mode & 07777), path);
		return NULL;
	}
	got = read(fd, buf, AUTH_MAX);
	close(fd);
	if (got < 0) {
		util_error(err, "sync: cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	buf[got] = '\0';
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (!strchr(buf, ':') || (len == (size_t)got && got == AUTH_MAX)) {
		crypto_wipe(buf, sizeof(buf));
		util_error(err, "sync: '%s' must hold one line, user:password", path);
		return NULL;
	}
	char *auth = xstrdup(buf);
	crypto_wipe(buf, sizeof(buf));
	return auth;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool was_sent(const struct strlist *sent, const char *id)
{
	return sent->n && bsearch(&id, sent->items, sent->n, sizeof(*sent->items), by_text);
}

static const char *verb_name(const char *verb)
{
	const char *end = strrchr(verb, '/'), *colon = strrchr(verb, ':');

	if (colon && (!end || colon > end))
		end = colon;
	return end ? end + 1 : verb;
}

/* What the LRS said: its message, or its warnings joined. The caller frees
 * it. */
static char *lrs_message(const char *body)
{
	struct json *j = json_parse(body, strlen(body), NULL);
	const struct json *w;
	const char *m;
	struct strbuf sb;

	strbuf_init(&sb);
	if (j && (m = json_get_string(j, "message")) != NULL)
		strbuf_adds(&sb, m);
	if (j && (w = json_get(j, "warnings")) != NULL && w->type == JSON_ARRAY)
		for (size_t i = 0; i < w->n; i++)
			if (w->items[i].type == JSON_STRING)
				strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", w->items[i].text);
	if (!sb.len) {
		/* Not JSON, or JSON of another shape: the text, cut short. */
		strbuf_addf(&sb, "%.300s", body);
		for (char *p = sb.buf; *p; p++)
			if ((unsigned char)*p < ' ')
				*p = ' ';
	}
	json_free(j);
	return strbuf_detach(&sb);
}

/* Which statement of the batch the LRS's message names: by "statements.N"
 * (a validation warning's path) or by its id; -1 if none. */
static long named_statement(const char *text, const struct xapi_statement *const *batch, size_t n)
{
	const char *p = strstr(text, "statements.");

	if (p) {
		char *end;
		long i = strtol(p + 11, &end, 10);
		if (end != p + 11 && i >= 0 && (size_t)i < n)
			return i;
	}
	for (size_t i = 0; i < n; i++)
		if (strstr(text, batch[i]->id))
			return (long)i;
	return -1;
}

static void nap(unsigned seconds)
{
	struct timespec ts = {.tv_sec = (time_t)seconds};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Posts one batch: 0 once the LRS accepted it, -1 with the reason. */
static int post_batch(struct session *s, const char *endpoint, const char *auth,
                      const struct xapi_statement *const *batch, size_t n, size_t number,
                      char **err)
{
	static const char *const headers[] = {"X-Experience-API-Version: " XAPI_VERSION, NULL};
	struct strbuf body;
	struct http_response r = {0};
	unsigned wait = 1;
	int rc = -1;

	strbuf_init(&body);
	strbuf_addc(&body, '[');
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&body, "%s%s", i ? "," : "", batch[i]->json);
	strbuf_addc(&body, ']');
	for (int t = 1;; t++) {
		char *why = NULL;
		bool again;

		http_response_release(&r);
		if (http_request("POST", endpoint, body.buf, headers, auth, &r, &why) < 0) {
			again = true;
		} else if (r.status >= 200 && r.status < 300) {
			rc = 0;
			break;
		} else if (r.status >= 500 || r.status == 429) {
			why = xasprintf("HTTP %ld: %.200s", r.status, r.body);
			again = true;
		} else {
			char *m = lrs_message(r.body);
			long i = named_statement(m, batch, n);
			if (i >= 0)
				util_error(err,
				           "sync: the LRS refused batch %zu (HTTP %ld) for "
				           "statement %s "
				           "(event %lld, %s): %s; nothing in that batch was marked "
				           "sent",
				           number, r.status, batch[i]->id, batch[i]->event,
				           verb_name(batch[i]->verb), m);
			else
				util_error(err,
				           "sync: the LRS refused batch %zu (HTTP %ld), naming no "
				           "statement: %s; nothing in that batch was marked sent",
				           number, r.status, m);
			free(m);
			break;
		}
		if (again && t >= SYNC_TRIES) {
			util_error(err, "sync: batch %zu not sent after %d tries: %s", number, t,
			           why);
			free(why);
			break;
		}
		/* What the server said is shown, never sent to the terminal. */
		char *line =
		        xasprintf("sync: batch %zu: %s; trying again in %u s", number, why, wait);
		term_puts(s->out, line);
		fputc('\n', s->out);
		fflush(s->out);
		free(line);
		free(why);
		nap(wait);
		wait *= 2;
	}
	http_response_release(&r);
	strbuf_release(&body);
	return rc;
}

static int run_sync(struct session *s, const struct cmd_args *args, char **err)
{
	const char *url = cmd_opt(args, "lrs"), *batch_arg = cmd_opt(args, "batch");
	bool resend = cmd_flag(args, "resend");
	struct store *st = session_store(s, err);
	struct xapi_statement *stmts = NULL;
	const struct xapi_statement **todo = NULL;
	struct strlist sent;
	size_t n = 0, ntodo = 0, per = SYNC_BATCH, done = 0, batches = 0;
	char *lrs = NULL, *endpoint = NULL, *auth = NULL;
	int rc = -1;

	strlist_init(&sent);
	if (!st)
		return -1;
	if (!url)
		return util_error(err, "sync: which LRS? --lrs URL (its xAPI endpoint)");
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return util_error(err, "sync: '--lrs %s' is not an http:// or https:// URL", url);
	if (batch_arg) {
		char *end;
		long v = strtol(batch_arg, &end, 10);
		if (*end || end == batch_arg || v < 1 || v > SYNC_BATCH_MAX)
			return util_error(err, "sync: '--batch %s' is not a number from 1 to %d",
			                  batch_arg, SYNC_BATCH_MAX);
		per = (size_t)v;
	}
	/* One LRS, however its URL was typed: without the trailing slash. */
	lrs = xstrdup(url);
	for (size_t len = strlen(lrs); len > 8 && lrs[len - 1] == '/'; len--)
		lrs[len - 1] = '\0';
	endpoint = xasprintf("%s/statements", lrs);
	if (!(auth = read_auth(cmd_opt(args, "auth-file"), err)))
		goto out;
	if (make_statements(s, "sync", NULL, &stmts, &n, err) < 0)
		goto out;
	if (!resend && store_xapi_sent(st, lrs, &sent, err) < 0)
		goto out;
	if (sent.n)
		qsort(sent.items, sent.n, sizeof(*sent.items), by_text);
	todo = xcalloc(n + 1, sizeof(*todo));
	for (size_t i = 0; i < n; i++)
		if (!was_sent(&sent, stmts[i].id))
			todo[ntodo++] = &stmts[i];
	while (done < ntodo) {
		size_t k = ntodo - done < per ? ntodo - done : per;
		const char **ids = xcalloc(k, sizeof(*ids));
		long long *events = xcalloc(k, sizeof(*events));
		int r;

		for (size_t i = 0; i < k; i++) {
			ids[i] = todo[done + i]->id;
			events[i] = todo[done + i]->event;
		}
		r = post_batch(s, endpoint, auth, todo + done, k, batches + 1, err);
		if (r == 0)
			r = store_xapi_mark_sent(st, lrs, ids, events, k, err);
		free(ids);
		free(events);
		if (r < 0) {
			if (done)
				fprintf(s->out, "sync: %zu statement%s sent to %s before that\n",
				        done, done == 1 ? "" : "s", lrs);
			goto out;
		}
		done += k;
		batches++;
	}
	if (ntodo)
		fprintf(s->out, "sent %zu statement%s to %s in %zu batch%s (%zu sent before)\n",
		        ntodo, ntodo == 1 ? "" : "s", lrs, batches, batches == 1 ? "" : "es",
		        n - ntodo);
	else
		fprintf(s->out, "nothing new to send to %s (%zu statement%s sent before)\n", lrs, n,
		        n == 1 ? "" : "s");
	rc = 0;
out:
	if (auth)
		crypto_wipe(auth, strlen(auth));
	free(auth);
	free(lrs);
	free(endpoint);
	free(todo);
	strlist_release(&sent);
	xapi_statements_free(stmts, n);
	return rc;
}

static const char *const sync_options[] = {"lrs:", "auth-file:", "batch:", "resend", NULL};

const struct cmd_entry cmd_sync_entry = {
        .name = "sync",
        .max_args = 0,
        .options = sync_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_FILE,
        .usage = "--lrs URL [--auth-file FILE] [--batch N] [--resend]",
        .help = "send new xAPI statements to a learning record store",
        .run = run_sync,
};
