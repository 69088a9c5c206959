/*
 * verify [HEAD]: re-walks the chained event log and checks the record
 * against it; prints the head hash and the count when all is well. HEAD, a
 * head hash quoted in an earlier report, must still be in the chain.
 */
#include "cmd.h"
#include "session.h"
#include "util.h"
#include "store-events.h"

static int run_verify(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct store_verify v;
	long long at = 0;
	int rc;

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
	store_verify_release(&v);
	/* An earlier head that is no longer in the chain means the log was cut
	 * back (or rewritten) since that report: the chain alone cannot show it. */
	if (args->argc == 1) {
		if (store_event_find_hash(st, args->argv[0], &at, err) < 0)
			return -1;
		if (at == 0)
			return util_error(err,
			                  "head %s is not in the record: the log was cut back "
			                  "or rewritten since that report",
			                  args->argv[0]);
		fprintf(s->out, "head %.16s... is event %lld of the record.\n", args->argv[0], at);
	}
	fprintf(s->out, "record intact: %lld events, head %s\n", v.events,
	        v.events ? v.head : "(empty)");
	return 0;
}

const struct cmd_entry cmd_verify_entry = {
        .name = "verify",
        .min_args = 0,
        .max_args = 1,
        .usage = "[HEAD]",
        .help = "check the record has not been changed since it was written",
        .run = run_verify,
};
