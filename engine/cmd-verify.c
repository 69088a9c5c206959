/*
 * verify [HEAD] [--checkpoint NOTE --key PUBLIC]: re-walks the chained event
 * log and checks the record against it; prints the head hash and the count
 * when all is well. HEAD, a head hash quoted in an earlier report, must
 * still be in the chain. A signed checkpoint proves more: that the record
 * still begins with exactly the events it covered (nothing rewritten,
 * however carefully the chain was recomputed, and nothing cut from the
 * end), checked with the signer's public key.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cmd.h"
#include "session.h"
#include "store-events.h"
#include "term.h"
#include "util.h"

/* A note is a few short lines; anything far larger is not one. */
#define NOTE_MAX 65536

static int check_against(struct session *s, struct store *st, const char *note_path,
                         const char *key_path, char **err)
{
	struct checkpoint_key key;
	struct checkpoint signed_c;
	size_t n = 0;
	char *note = NULL, *why = NULL;
	int rc = -1;

	if (!key_path)
		return util_error(err,
		                  "verify: --checkpoint needs the signer's public key: --key FILE");
	if (checkpoint_key_read(key_path, &key, err) < 0)
		return -1;
	note = util_read_file(note_path, NOTE_MAX, &why);
	if (!note) {
		util_error(err, "verify: %s", why);
		goto out;
	}
	if (checkpoint_open(note, &key, &signed_c, &why) < 0) {
		util_error(err, "verify: '%s': %s", note_path, why);
		goto out;
	}
	if (checkpoint_check_record(st, &signed_c, &n, err) < 0)
		goto out;
	fprintf(s->out,
	        "checkpoint of %llu events signed by '%s' holds; the record has grown by "
	        "%llu event%s since.\n",
	        (unsigned long long)signed_c.size, key.name,
	        (unsigned long long)(n - signed_c.size), n - signed_c.size == 1 ? "" : "s");
	rc = 0;
out:
	checkpoint_key_release(&key);
	free(note);
	free(why);
	return rc;
}

/* On a terminal, a line that shows how far the walk has got, redrawn in
 * place; it is gone when verify prints its result. */
struct progress_line {
	FILE *tty;
	bool drawn;
};

static void show_progress(void *ctx, long long done, long long total)
{
	struct progress_line *p = ctx;
	double share = total > 0 ? (double)done / (double)total : 0;
	char *bar = term_bar(share, 30);

	fprintf(p->tty, "\rverifying %s %lld of %lld events", bar, done, total);
	fflush(p->tty);
	p->drawn = true;
	free(bar);
}

/* A head hash as the user gave it: whole, or its first 8 or more hex digits
 * (reports print 16, then "..."), in either case. */
static int parse_head(const char *arg, char head[65], char **err)
{
	size_t n = strlen(arg);

	if (n > 3 && strcmp(arg + n - 3, "...") == 0)
		n -= 3;
	if (n < 8 || n > 64)
		return util_error(err, "verify: '%s' is not a head hash (8 to 64 hex digits)", arg);
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)arg[i]))
			return util_error(
			        err, "verify: '%s' is not a head hash (8 to 64 hex digits)", arg);
		head[i] = (char)tolower((unsigned char)arg[i]);
	}
	head[n] = '\0';
	return 0;
}

static int run_verify(struct session *s, const struct cmd_args *args, char **err)
{
	char head[65] = "";
	struct store *st = session_store_read(s, err);
	struct store_verify v;
	long long at = 0;
	struct progress_line line = {.tty = stderr};
	int rc;

	if (!st)
		return -1;
	if (args->argc == 1 && parse_head(args->argv[0], head, err) < 0)
		return -1;
	if (cmd_opt(args, "key") && !cmd_opt(args, "checkpoint"))
		return util_error(err, "verify: --key goes with --checkpoint NOTE");
	if (cmd_opt(args, "checkpoint") &&
	    check_against(s, st, cmd_opt(args, "checkpoint"), cmd_opt(args, "key"), err) < 0)
		return -1;
	rc = store_verify_with(st, &v, isatty(STDERR_FILENO) ? show_progress : NULL, &line, err);
	if (line.drawn)
		fputs("\r\033[K", stderr);
	if (rc < 0)
		return -1;
	if (rc > 0 && v.broken_id == 0) {
		util_error(err, "record not as upskill keeps it: %s", v.problem);
		store_verify_release(&v);
		return -1;
	}
	if (rc > 0) {
		util_error(err, "record broken at event %lld: %s", v.broken_id, v.problem);
		store_verify_release(&v);
		return -1;
	}
	store_verify_release(&v);
	/* An earlier head that is no longer in the chain means the log was cut
	 * back (or rewritten) since that report: the chain alone cannot show it. */
	if (args->argc == 1) {
		if (store_event_find_hash(st, head, &at, err) < 0)
			return -1;
		if (at < 0)
			return util_error(err,
			                  "verify: head %s begins more than one event's hash; give "
			                  "more of it",
			                  head);
		if (at == 0)
			return util_error(err,
			                  "head %s is not in the record: the log was cut back "
			                  "or rewritten since that report",
			                  head);
		fprintf(s->out, "head %.16s... is event %lld of the record.\n", head, at);
	}
	fprintf(s->out, "record intact: %lld event%s, head %s\n", v.events,
	        v.events == 1 ? "" : "s", v.events ? v.head : "(empty)");
	if (store_is_test_record(st))
		fprintf(s->out,
		        "This is a test record: its times may have been set by UPSKILL_NOW.\n");
	return 0;
}

static const char *const verify_options[] = {"checkpoint:", "key:", NULL};

const struct cmd_entry cmd_verify_entry = {
        .name = "verify",
        .min_args = 0,
        .max_args = 1,
        .options = verify_options,
        .usage = "[HEAD] [--checkpoint NOTE --key PUBLIC]",
        .help = "check the record has not been changed since it was written",
        .run = run_verify,
};
