/*
 * backup FILE: a consistent copy of the record in a new file, made while
 * others are using it, and verified (store-backup.c). A consultant's: the
 * copy holds every row of the record.
 */
#include "cmd.h"
#include "session.h"
#include "store-backup.h"
#include "util.h"

static int run_backup(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store_existing(s, err);
	long long events = 0;
	char head[65];

	if (!st)
		return -1;
	if (store_backup(st, args->argv[0], &events, head, err) < 0)
		return -1;
	fprintf(s->out, "backed up %lld event%s to '%s'; the copy verifies, head %s\n", events,
	        events == 1 ? "" : "s", args->argv[0], head);
	return 0;
}

const struct cmd_entry cmd_backup_entry = {
        .name = "backup",
        .min_args = 1,
        .max_args = 1,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_FILE,
        .usage = "FILE",
        .help = "copy the record to a new file while others use it, verified",
        .run = run_backup,
};
