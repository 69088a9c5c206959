/*
 * The duty register, for a signed-in consultant: duty list / add / edit /
 * load / log / stage / takeback, and handover DUTY NAME. Moves that the
 * evidence does not support are refused with everything still missing.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "clock.h"
#include "cmd.h"
#include "handover.h"
#include "session.h"
#include "util.h"
#include "store-duties.h"

/* The register, loading the shipped plan the first time it is empty. */
static int register_load(struct session *s, struct store *st, struct duty **duties, size_t *n,
                         char **err)
{
	struct catalog *cat;
	struct strlist errors;
	char *path;
	int added, updated, rc;
	bool ever = false;

	if (store_duty_list(st, duties, n, err) < 0)
		return -1;
	if (*n > 0)
		return 0;
	/* Emptied by duty remove: it stays empty. */
	if (store_duty_ever(st, &ever, err) < 0)
		return -1;
	if (ever)
		return 0;
	if (!(cat = session_catalog(s, err)))
		return -1;
	path = xasprintf("%s/%s", s->courses_dir, HANDOVER_DEFAULT_PLAN);
	strlist_init(&errors);
	rc = handover_load_plan(st, cat, path, s->me ? s->me->id : 0, &errors, &added, &updated);
	if (rc == 0)
		fprintf(s->out, "(the register was empty: loaded %d duties from '%s')\n", added,
		        path);
	else
		util_error(err, "the duty register is empty and the default plan did not load: %s",
		           errors.n ? errors.items[0] : path);
	strlist_release(&errors);
	free(path);
	if (rc < 0)
		return -1;
	return store_duty_list(st, duties, n, err);
}

static const struct duty *duty_find(const struct duty *duties, size_t n, const char *id, char **err)
{
	const char **ids = xcalloc(n + 1, sizeof(*ids));
	struct util_match m;

	for (size_t i = 0; i < n; i++)
		ids[i] = duties[i].id;
	util_match(id, ids, n, 0, &m);
	free(ids);
	if (m.index >= 0)
		return &duties[m.index];
	if (m.hits > 1)
		util_error(err, "ambiguous duty '%s' ('duty list' shows them)", id);
	else
		util_error(err, "no duty '%s' ('duty list' shows them)", id);
	return NULL;
}

/* A staff member by name; consultants hold duties only until handover. */
static struct learner *staff_find(struct store *st, const char *name, char **err)
{
	struct learner *l = xcalloc(1, sizeof(*l));

	if (store_learner_find(st, name, l, err) != 0)
		goto fail;
	if (l->role != ROLE_STAFF) {
		util_error(err, "'%s' is a consultant: duties are handed to staff", l->name);
		goto fail;
	}
	if (!l->active) {
		util_error(err, "'%s' has been deactivated", l->name);
		goto fail;
	}
	return l;
fail:
	learner_release(l);
	free(l);
	return NULL;
}

static void learner_free(struct learner *l)
{
	learner_release(l);
	free(l);
}

static int run_list(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	const struct term *t = &s->term;
	struct duty *duties = NULL;
	struct learner *people = NULL;
	size_t n = 0, npeople = 0;
	int rc = -1;

	(void)args;
	if (!st || register_load(s, st, &duties, &n, err) < 0 ||
	    store_learner_list(st, &people, &npeople, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct duty *d = &duties[i];
		struct strbuf line;
		char *holder = NULL;
		long long owner;

		if (store_duty_holder(st, d->id, &owner, &holder, err) < 0)
			goto out;
		fprintf(s->out, "%s%s%s  ", term_on(t, TERM_BOLD), d->id, term_off(t));
		term_puts(s->out, d->title);
		fputc('\n', s->out);
		fprintf(s->out, "  owner: %s\n", holder ? holder : "the consultant");
		free(holder);
		strbuf_init(&line);
		for (size_t k = 0; k < d->nmodules; k++)
			strbuf_addf(&line, "%s%s %d%%", line.len ? ", " : "", d->modules[k].module,
			            d->modules[k].min_score);
		if (d->policy)
			strbuf_addf(&line, "%s%s passed and acknowledged", line.len ? ", " : "",
			            d->policy);
		if (d->practice)
			strbuf_addf(&line, "%s%d supervised session%s", line.len ? ", " : "",
			            d->practice, d->practice == 1 ? "" : "s");
		term_wrap(t, s->out, line.len ? line.buf : "nothing", 9, "  needs: ");
		line.len = 0;
		line.buf[0] = '\0';
		for (size_t p = 0; p < npeople; p++) {
			enum duty_stage stage;
			if (people[p].role != ROLE_STAFF || !people[p].active)
				continue;
			if (store_duty_stage(st, people[p].id, d->id, &stage, err) < 0) {
				strbuf_release(&line);
				goto out;
			}
			if (stage != DUTY_NONE)
				strbuf_addf(&line, "%s%s: %s", line.len ? ", " : "", people[p].name,
				            duty_stage_name(stage));
		}
		term_wrap(t, s->out, line.len ? line.buf : "nobody yet", 9, "  staff: ");
		strbuf_release(&line);
	}
	rc = 0;
out:
	duties_free(duties, n);
	learners_free(people, npeople);
	return rc;
}

const struct cmd_entry cmd_duty_list_entry = {
        .paged = true,
        .name = "duty",
        .sub = "list",
        .min_args = 0,
        .max_args = 0,
        .need = CMD_NEED_CONSULTANT,
        .usage = "",
        .help = "the duty register: owners, what each needs, who is at which stage",
        .run = run_list,
};

/* Reads --modules "a:80,b:75" into d. */
static int parse_modules(const char *spec, struct duty *d, char **err)
{
	char *copy = xstrdup(spec), *save = NULL;
	size_t cap = 0;
	int rc = 0;

	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':'), *end = NULL;
		long score = 80;

		while (*item == ' ')
			item++;
		if (colon) {
			*colon = '\0';
			score = strtol(colon + 1, &end, 10);
			if (end == colon + 1 || *end || score < 0 || score > 100) {
				rc = util_error(err,
				                "'%s' is not a score from 0 to 100 (like %s:80)",
				                colon + 1, item);
				break;
			}
		}
		if (!*item) {
			rc = util_error(err, "a module id is missing in '%s'", spec);
			break;
		}
		xgrow(&d->modules, &cap, d->nmodules + 1, sizeof(*d->modules));
		d->modules[d->nmodules].module = xstrdup(item);
		d->modules[d->nmodules].min_score = (int)score;
		d->modules[d->nmodules].line = 0;
		d->nmodules++;
	}
	free(copy);
	return rc;
}

/* Typed text kept in the register or the record (titles, summaries, notes)
 * is shown on terminals later: a control character in it is refused. */
static int text_check(const char *what, const char *text, char **err)
{
	if (util_find_control(text, NULL))
		return util_error(err, "the %s contains a control character", what);
	return 0;
}
/* Applies --title, --summary, --modules, --policy and --practice to d, and
 * checks modules and policy against the catalogue. */
static int apply_options(struct session *s, const struct cmd_args *args, struct duty *d, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	const char *v;

	if (!cat)
		return -1;
	if ((v = cmd_opt(args, "title"))) {
		free(d->title);
		d->title = xstrdup(v);
	}
	if ((v = cmd_opt(args, "summary"))) {
		free(d->summary);
		d->summary = *v ? xstrdup(v) : NULL;
	}
	if ((v = cmd_opt(args, "modules"))) {
		for (size_t i = 0; i < d->nmodules; i++)
			free(d->modules[i].module);
		free(d->modules);
		d->modules = NULL;
		d->nmodules = 0;
		if (parse_modules(v, d, err) < 0)
			return -1;
	}
	if ((v = cmd_opt(args, "policy"))) {
		free(d->policy);
		d->policy = strcmp(v, "none") == 0 ? NULL : xstrdup(v);
	}
	if ((v = cmd_opt(args, "practice"))) {
		char *end;
		long n = strtol(v, &end, 10);
		if (end == v || *end || n < 0 || n > 100)
			return util_error(err,
			                  "--practice wants a number of sessions from 0 to 100");
		d->practice = (int)n;
	}
	for (size_t i = 0; i < d->nmodules; i++)
		if (!catalog_find(cat, d->modules[i].module))
			return util_error(err, "no module '%s' in the catalogue",
			                  d->modules[i].module);
	if (d->policy) {
		const struct course *p = catalog_find(cat, d->policy);
		if (!p || !p->policy)
			return util_error(err, "'%s' is not a policy module in the catalogue",
			                  d->policy);
	}
	if (!d->title || !*d->title)
		return util_error(err, "a duty needs a title");
	if (text_check("title", d->title, err) < 0 ||
	    (d->summary && text_check("summary", d->summary, err) < 0))
		return -1;
	return 0;
}

static const char *const duty_options[] = {
        "title:", "summary:", "modules:", "policy:", "practice:", NULL};

static int run_add(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct duty d = {0}, *duties = NULL;
	size_t n = 0;
	int rc = -1;

	if (!st || register_load(s, st, &duties, &n, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(duties[i].id, args->argv[0]) == 0) {
			util_error(err, "duty '%s' exists already: 'duty edit %s' changes it",
			           args->argv[0], args->argv[0]);
			goto out;
		}
	}
	if (strspn(args->argv[0], "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
	            strlen(args->argv[0]) ||
	    strlen(args->argv[0]) > 64) {
		util_error(err, "a duty id is lower-case letters, digits and dashes, like "
		                "'newsletter'");
		goto out;
	}
	d.id = xstrdup(args->argv[0]);
	d.title = xstrdup(args->argv[1]);
	if (apply_options(s, args, &d, err) < 0 || store_duty_put(st, &d, s->me->id, NULL, err) < 0)
		goto out;
	fprintf(s->out, "added duty '%s'\n", d.id);
	rc = 0;
out:
	duty_release(&d);
	duties_free(duties, n);
	return rc;
}

const struct cmd_entry cmd_duty_add_entry = {
        .name = "duty",
        .sub = "add",
        .min_args = 2,
        .max_args = 2,
        .options = duty_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "ID TITLE [--modules ID:SCORE,...] [--policy ID] [--practice N] [--summary TEXT]",
        .help = "add a duty to the register, with what proves readiness for it",
        .run = run_add,
};

static int run_edit(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct duty *duties = NULL, copy = {0};
	const struct duty *d;
	size_t n = 0;
	int rc = -1;

	if (!st || register_load(s, st, &duties, &n, err) < 0)
		goto out;
	if (!(d = duty_find(duties, n, args->argv[0], err)))
		goto out;
	if (args->nopts == 0) {
		util_error(err, "duty edit: nothing to change: give --title, --summary, --modules, "
		                "--policy or --practice");
		goto out;
	}
	/* Take the duty out of the list so apply_options owns what it replaces. */
	copy = *d;
	memset((struct duty *)d, 0, sizeof(*d));
	if (apply_options(s, args, &copy, err) < 0 ||
	    store_duty_put(st, &copy, s->me->id, NULL, err) < 0)
		goto out;
	fprintf(s->out, "changed duty '%s'\n", copy.id);
	rc = 0;
out:
	duty_release(&copy);
	duties_free(duties, n);
	return rc;
}

const struct cmd_entry cmd_duty_edit_entry = {
        .name = "duty",
        .sub = "edit",
        .min_args = 1,
        .max_args = 1,
        .options = duty_options,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_NONE,
        .usage = "DUTY [--title T] [--modules ID:SCORE,...] [--policy ID|none] [--practice N] "
                 "[--summary TEXT]",
        .help = "change a duty's title or what proves readiness (stages are kept)",
        .run = run_edit,
};

/* A duty added by mistake, taken out before anyone started on it: its
 * whole id, so no prefix removes the wrong one. */
static int run_remove(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);

	if (!st || store_duty_remove(st, args->argv[0], s->me->id, err) < 0)
		return -1;
	fprintf(s->out, "removed duty '%s' from the register (the log keeps its history)\n",
	        args->argv[0]);
	return 0;
}

const struct cmd_entry cmd_duty_remove_entry = {
        .name = "duty",
        .sub = "remove",
        .min_args = 1,
        .max_args = 1,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_NONE,
        .usage = "DUTY",
        .help = "take a duty nobody has started out of the register (as an event)",
        .run = run_remove,
};

static int run_load(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	struct strlist errors;
	char *path;
	int added = 0, updated = 0, rc;

	if (!st)
		return -1;
	path = args->argc ? xstrdup(args->argv[0])
	                  : xasprintf("%s/%s", s->courses_dir, HANDOVER_DEFAULT_PLAN);
	strlist_init(&errors);
	rc = handover_load_plan(st, cat, path, s->me->id, &errors, &added, &updated);
	for (size_t i = 0; i < errors.n; i++) {
		term_puts(s->out, errors.items[i]);
		fputc('\n', s->out);
	}
	if (rc == 0) {
		fputs("loaded '", s->out);
		term_puts(s->out, path);
		fprintf(s->out, "': %d duties added, %d updated\n", added, updated);
	} else
		util_error(err, "duty load: '%s' not loaded (%zu problem%s); nothing changed", path,
		           errors.n, errors.n == 1 ? "" : "s");
	strlist_release(&errors);
	free(path);
	return rc;
}

const struct cmd_entry cmd_duty_load_entry = {
        .name = "duty",
        .sub = "load",
        .min_args = 0,
        .max_args = 1,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_FILE,
        .usage = "[FILE]",
        .help = "load a duty plan (the shipped one by default) into the register",
        .run = run_load,
};

static int run_log(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct duty *duties = NULL;
	struct learner *l = NULL;
	const struct duty *d;
	size_t n = 0;
	int count = 0, rc = -1;

	if (!st || register_load(s, st, &duties, &n, err) < 0)
		goto out;
	if (!(l = staff_find(st, args->argv[0], err)) ||
	    !(d = duty_find(duties, n, args->argv[1], err)))
		goto out;
	if (args->argv[2][strspn(args->argv[2], " \t")] == '\0') {
		util_error(err, "duty log: say what was practised in the note");
		goto out;
	}
	if (text_check("note", args->argv[2], err) < 0)
		goto out;
	if (store_duty_practice_add(st, l->id, d->id, args->argv[2], s->me->id, err) < 0 ||
	    store_duty_practice_count(st, l->id, d->id, &count, err) < 0)
		goto out;
	fprintf(s->out, "logged a supervised session of '%s' for %s (%d of %d)\n", d->id, l->name,
	        count, d->practice);
	rc = 0;
out:
	if (l)
		learner_free(l);
	duties_free(duties, n);
	return rc;
}

const struct cmd_entry cmd_duty_log_entry = {
        .name = "duty",
        .sub = "log",
        .min_args = 3,
        .max_args = 3,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "NAME DUTY NOTE",
        .help = "log a supervised practice session",
        .run = run_log,
};

/* Moves name's duty to stage, if the evidence allows. */
static int move(struct session *s, const char *name, const char *duty_id, enum duty_stage to,
                const char *note, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	struct duty *duties = NULL;
	struct learner *l = NULL;
	struct strlist missing;
	const struct duty *d;
	enum duty_stage from;
	size_t n = 0;
	int rc = -1;

	strlist_init(&missing);
	if (!st || register_load(s, st, &duties, &n, err) < 0)
		goto out;
	if (note && text_check("note", note, err) < 0)
		goto out;
	if (!(l = staff_find(st, name, err)) || !(d = duty_find(duties, n, duty_id, err)))
		goto out;
	if (store_duty_stage(st, l->id, d->id, &from, err) < 0 ||
	    handover_check(st, cat, d, l->id, from, to, note && *note, clock_now(), &missing, err) <
	            0)
		goto out;
	if (missing.n) {
		struct strbuf sb;
		strbuf_init(&sb);
		for (size_t i = 0; i < missing.n; i++)
			strbuf_addf(&sb, "%s%s", i ? "; " : "", missing.items[i]);
		util_error(err, "%s cannot move to %s on '%s': %s", l->name, duty_stage_name(to),
		           d->id, sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	if (store_duty_move(st, l->id, d->id, from, to, s->me->id, note, err) < 0)
		goto out;
	if (to == DUTY_HANDED_OVER) {
		fprintf(s->out, "handed '%s' over to %s: they own it now\n", d->id, l->name);
		cmd_receipt_offer(s, l->id, "duty.handover");
	} else {
		fprintf(s->out, "%s: '%s' %s -> %s\n", l->name, d->id, duty_stage_name(from),
		        duty_stage_name(to));
	}
	rc = 0;
out:
	strlist_release(&missing);
	if (l)
		learner_free(l);
	duties_free(duties, n);
	return rc;
}

static const char *const note_option[] = {"note:", NULL};

static int run_stage(struct session *s, const struct cmd_args *args, char **err)
{
	enum duty_stage to;

	if (duty_stage_parse(args->argv[2], &to) < 0)
		return util_error(err,
		                  "duty stage: unknown stage '%s' (observing, assisted, "
		                  "independent, handed-over)",
		                  args->argv[2]);
	return move(s, args->argv[0], args->argv[1], to, cmd_opt(args, "note"), err);
}

const struct cmd_entry cmd_duty_stage_entry = {
        .name = "duty",
        .sub = "stage",
        .min_args = 3,
        .max_args = 3,
        .options = note_option,
        .need = CMD_NEED_CONSULTANT,
        .complete = CMD_COMPLETE_LEARNER,
        .usage = "NAME DUTY STAGE [--note TEXT]",
        .help = "move someone to the next stage of a duty, or back one with a note",
        .run = run_stage,
};

static int run_handover(struct session *s, const struct cmd_args *args, char **err)
{
	return move(s, args->argv[1], args->argv[0], DUTY_HANDED_OVER, cmd_opt(args, "note"), err);
}

const struct cmd_entry cmd_handover_entry = {
        .name = "handover",
        .min_args = 2,
        .max_args = 2,
        .options = note_option,
        .need = CMD_NEED_CONSULTANT,
        .usage = "DUTY NAME [--note TEXT]",
        .help = "hand a duty over to a staff member who is ready for it",
        .run = run_handover,
};

static int run_takeback(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	struct duty *duties = NULL;
	const struct duty *d;
	char *holder = NULL;
	long long owner = 0;
	size_t n = 0;
	int rc = -1;

	if (!st || register_load(s, st, &duties, &n, err) < 0 ||
	    !(d = duty_find(duties, n, args->argv[0], err)))
		goto out;
	if (store_duty_holder(st, d->id, &owner, &holder, err) < 0)
		goto out;
	if (!owner) {
		util_error(err, "'%s' is not handed over: the consultant holds it", d->id);
		goto out;
	}
	rc = move(s, holder, d->id, DUTY_INDEPENDENT, args->argv[1], err);
	if (rc == 0)
		fprintf(s->out, "the consultant holds '%s' again\n", d->id);
out:
	free(holder);
	duties_free(duties, n);
	return rc;
}

const struct cmd_entry cmd_duty_takeback_entry = {
        .name = "duty",
        .sub = "takeback",
        .min_args = 2,
        .max_args = 2,
        .need = CMD_NEED_CONSULTANT,
        .usage = "DUTY REASON",
        .help = "take a handed-over duty back to the consultant, saying why",
        .run = run_takeback,
};
