/*
 * db copy FROM TO: a whole record moved to a new database, SQLite to
 * PostgreSQL or back, each a file or a connection string. It needs no one
 * signed in: it reads one record and fills a new one, changing neither
 * what any report of the source says nor anything already in the target,
 * and whoever can open both databases can already read every row of them;
 * what protects the record is that the source must verify, the target must
 * be empty, and the copy is committed only once it verifies and ends at
 * the source's head (store-copy.c).
 */
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "db.h"
#include "session.h"
#include "store-copy.h"
#include "util.h"

static int run_db_copy(struct session *s, const struct cmd_args *args, char **err)
{
	const char *from = args->argv[0], *to = args->argv[1];
	struct store *src = NULL, *dst = NULL;
	long long events = 0;
	char head[65];
	int rc = -1;

	if (strcmp(from, to) == 0)
		return util_error(err, "db copy: '%s' is both the source and the target", from);
	if (!db_is_server(from) && access(from, F_OK) != 0)
		return util_error(err, "db copy: no record at '%s'", from);
	if (!db_is_server(to) && access(to, F_OK) == 0)
		return util_error(err,
		                  "db copy: '%s' exists: a record is only ever copied into a "
		                  "new one",
		                  to);
	if (store_open(from, &src, err) < 0)
		goto out;
	if (store_open_bare(to, &dst, err) < 0)
		goto out;
	if (store_copy(src, dst, &events, head, err) < 0)
		goto out;
	fprintf(s->out, "copied %lld event%s from '%s' to '%s'; both verify, head %s\n", events,
	        events == 1 ? "" : "s", from, to, head);
	rc = 0;
out:
	store_close(src);
	store_close(dst);
	return rc;
}

const struct cmd_entry cmd_db_copy_entry = {
        .name = "db",
        .sub = "copy",
        .min_args = 2,
        .max_args = 2,
        .complete = CMD_COMPLETE_FILE,
        .usage = "FROM TO",
        .help = "copy a whole record into a new database (SQLite file or PostgreSQL), verified",
        .run = run_db_copy,
};
