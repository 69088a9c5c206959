/*
 * backup: the record copied with SQLite's online backup, in one read
 * transaction, so the copy is the record as it stood at one commit however
 * many write meanwhile (copying the file itself misses what is still in
 * the -wal file, and can catch a page half written). The copy is then
 * opened read-only and verified like any record.
 */
#include "store-backup.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "private.h"
#include "store-events.h"
#include "store-private.h"
#include "util.h"

/* Removes a copy that did not come out whole, with its journal. */
static void remove_copy(const char *path)
{
	char *journal = xasprintf("%s-journal", path);

	unlink(path);
	unlink(journal);
	free(journal);
}

static int check_copy(const char *path, long long *events, char head[65], char **err)
{
	struct store *copy = NULL;
	struct store_verify v = {0};
	int rc;

	if (store_open_read(path, &copy, err) < 0)
		return -1;
	rc = store_verify(copy, &v, err);
	store_close(copy);
	if (rc > 0)
		util_error(err,
		           "backup: the copy '%s' does not verify (%s): the record itself may "
		           "not; run verify",
		           path, v.problem);
	if (rc == 0) {
		*events = v.events;
		memcpy(head, v.head, 65);
	}
	store_verify_release(&v);
	return rc == 0 ? 0 : -1;
}

int store_backup(struct store *st, const char *path, long long *events, char head[65], char **err)
{
	int fd;

	if (strcmp(db_engine(st->db), "sqlite") != 0)
		return util_error(
		        err,
		        "backup: a PostgreSQL record is backed up with pg_dump (or copied "
		        "to a SQLite file with 'db copy %s FILE')",
		        st->path);
	if (db_is_server(path))
		return util_error(err,
		                  "backup: '%s' is a database: backup writes a file (to copy "
		                  "into PostgreSQL, use 'db copy')",
		                  path);
	if (access(path, F_OK) == 0)
		return util_error(
		        err, "backup: '%s' exists: a backup is only ever written to a new file",
		        path);
	fd = private_open(path, O_WRONLY | O_CREAT | O_EXCL, err);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_backup(st->db, path) < 0) {
		if (db_full(st->db))
			util_error(err, "backup: the disk is full: no backup was made; free space "
			                "and try again");
		else
			util_error(err, "backup: cannot copy to '%s': %s", path, db_errmsg(st->db));
		remove_copy(path);
		return -1;
	}
	if (check_copy(path, events, head, err) < 0) {
		remove_copy(path);
		return -1;
	}
	return 0;
}
