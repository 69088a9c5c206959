/*
 * publish [MODULE... | --all]: makes the organisation's module files count.
 * A consultant publishes a module's exact file as its version; quizzes and
 * acknowledgements on any other copy are practice. With no argument, how
 * each loaded module stands. withdraw MODULE VERSION --reason TEXT takes
 * back a version published by mistake, as a new event.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cmd.h"
#include "publish.h"
#include "session.h"
#include "store-publish.h"
#include "term.h"
#include "util.h"

static void list_states(struct session *s, struct store *st, const struct catalog *cat, int *failed,
                        char **err)
{
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct course *c = cat->courses[i];
		enum publish_state state;

		if (publish_state(st, c, &state, err) < 0) {
			(*failed)++;
			return;
		}
		fprintf(s->out, "%-28s %-8s %s\n", c->id, c->version, publish_state_name(state));
	}
}

static int publish_one(struct session *s, struct store *st, const struct course *c, char **err)
{
	struct catalog *cat = session_catalog(s, NULL);
	struct strlist warnings;
	long long id = 0;
	int rc;

	/* Said before the module counts, to the consultant who makes it. */
	strlist_init(&warnings);
	if (cat)
		catalog_lookalikes(cat, c, &warnings);
	for (size_t i = 0; i < warnings.n; i++) {
		term_puts(s->out, warnings.items[i]);
		fputc('\n', s->out);
	}
	strlist_release(&warnings);
	rc = publish_course(st, s->me->id, c, &id, err);

	if (rc == STORE_EXISTS) {
		fprintf(s->out, "'%s' version %s is published already, from this same file.\n",
		        c->id, c->version);
		return 0;
	}
	if (rc < 0)
		return -1;
	fprintf(s->out, "published '%s' version %s (file SHA-256 %.16s..., event %lld).\n", c->id,
	        c->version, c->sha256, id);
	return 0;
}

static int run_publish(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct catalog *cat = st ? session_catalog(s, err) : NULL;
	int failed = 0;

	if (!cat)
		return -1;
	if (cmd_flag(args, "all") && args->argc > 0)
		return util_error(err, "publish: name modules or give --all, not both");
	if (!cmd_flag(args, "all") && args->argc == 0) {
		list_states(s, st, cat, &failed, err);
		return failed ? -1 : 0;
	}
	if (cmd_flag(args, "all")) {
		if (cat->ncourses == 0)
			return util_error(err, "publish: no modules are loaded from '%s'",
			                  s->courses_dir);
		for (size_t i = 0; i < cat->ncourses; i++) {
			char *why = NULL;
			if (publish_one(s, st, cat->courses[i], &why) < 0) {
				fprintf(stderr, "error: %s\n", why);
				free(why);
				failed++;
			}
		}
		if (failed)
			return util_error(err, "publish: %d of %zu modules not published", failed,
			                  cat->ncourses);
		return 0;
	}
	/* Named modules: all found before any is published. */
	for (int i = 0; i < args->argc; i++)
		if (!cmd_find_module(s, args->argv[i], err))
			return -1;
	for (int i = 0; i < args->argc; i++)
		if (publish_one(s, st, cmd_find_module(s, args->argv[i], err), err) < 0)
			return -1;
	return 0;
}

static const char *const publish_options[] = {"all", NULL};

const struct cmd_entry cmd_publish_entry = {
        .name = "publish",
        .min_args = 0,
        .max_args = CMD_UNLIMITED,
        .options = publish_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "[MODULE... | --all]",
        .help = "make modules count (none named: show which do)",
        .run = run_publish,
};

static int run_withdraw(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	const char *reason = cmd_opt(args, "reason");

	if (!st)
		return -1;
	if (!reason || !*reason)
		return util_error(err, "withdraw: say why, with --reason TEXT");
	if (store_withdraw(st, s->me->id, args->argv[0], args->argv[1], reason, err) < 0)
		return -1;
	fprintf(s->out,
	        "withdrew '%s' version %s: attempts on it no longer count, and a policy's "
	        "current version is the one published before it.\n",
	        args->argv[0], args->argv[1]);
	return 0;
}

static const char *const withdraw_options[] = {"reason:", NULL};

const struct cmd_entry cmd_withdraw_entry = {
        .name = "withdraw",
        .min_args = 2,
        .max_args = 2,
        .options = withdraw_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "MODULE VERSION --reason TEXT",
        .help = "take back a published version, on the record",
        .run = run_withdraw,
};
