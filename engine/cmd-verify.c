/*
 * verify: re-walks the chained event log and checks the record against it;
 * prints the head hash and the count when all is well.
 */
#include "cmd.h"
#include "session.h"
#include "util.h"

static int run_verify(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct store_verify v;
	int rc;

	(void)args;
	if (!st)
		return -1;
	rc = store_verify(st, &v, err);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		util_error(err, "record broken at event %lld: %s", v.broken_id, v.problem);
		store_verify_release(&v);
		return -1;
	}
	fprintf(s->out, "record intact: %lld events, head %s\n", v.events,
	        v.events ? v.head : "(empty)");
	store_verify_release(&v);
	return 0;
}

const struct cmd_entry cmd_verify_entry = {
        .name = "verify",
        .min_args = 0,
        .max_args = 0,
        .usage = "",
        .help = "check that the record has not been changed since it was written",
        .run = run_verify,
};
