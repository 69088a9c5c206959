/*
 * The command table and everything it drives: splitting a line into words,
 * finding the command by exact name or unique prefix, checking options,
 * argument counts and who may run it, and tab completion.
 */
#include "cmd.h"

#include <ctype.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog.h"
#include "pager.h"
#include "session.h"
#include "util.h"

extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_db_copy_entry;
extern const struct cmd_entry cmd_backup_entry;
extern const struct cmd_entry cmd_learner_add_entry;
extern const struct cmd_entry cmd_learner_list_entry;
extern const struct cmd_entry cmd_learner_deactivate_entry;
extern const struct cmd_entry cmd_learner_rename_entry;
extern const struct cmd_entry cmd_learner_activate_entry;
extern const struct cmd_entry cmd_learner_reset_entry;
extern const struct cmd_entry cmd_learner_grant_entry;
extern const struct cmd_entry cmd_login_entry;
extern const struct cmd_entry cmd_logout_entry;
extern const struct cmd_entry cmd_whoami_entry;
extern const struct cmd_entry cmd_search_entry;
extern const struct cmd_entry cmd_template_entry;
extern const struct cmd_entry cmd_quit_entry;
extern const struct cmd_entry cmd_exit_entry;
extern const struct cmd_entry cmd_courses_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_start_entry;
extern const struct cmd_entry cmd_quiz_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_progress_entry;
extern const struct cmd_entry cmd_refresh_entry;
extern const struct cmd_entry cmd_report_retention_entry;
extern const struct cmd_entry cmd_report_grants_entry;
extern const struct cmd_entry cmd_ack_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_checkpoint_entry;
extern const struct cmd_entry cmd_keygen_entry;
extern const struct cmd_entry cmd_publish_entry;
extern const struct cmd_entry cmd_withdraw_entry;
extern const struct cmd_entry cmd_setting_entry;
extern const struct cmd_entry cmd_receipt_entry;
extern const struct cmd_entry cmd_verify_receipt_entry;
extern const struct cmd_entry cmd_report_compliance_entry;
extern const struct cmd_entry cmd_duty_list_entry;
extern const struct cmd_entry cmd_duty_add_entry;
extern const struct cmd_entry cmd_duty_edit_entry;
extern const struct cmd_entry cmd_duty_remove_entry;
extern const struct cmd_entry cmd_duty_load_entry;
extern const struct cmd_entry cmd_duty_log_entry;
extern const struct cmd_entry cmd_duty_stage_entry;
extern const struct cmd_entry cmd_duty_takeback_entry;
extern const struct cmd_entry cmd_handover_entry;
extern const struct cmd_entry cmd_report_handover_entry;
extern const struct cmd_entry cmd_report_learners_entry;
extern const struct cmd_entry cmd_report_modules_entry;
extern const struct cmd_entry cmd_report_questions_entry;
extern const struct cmd_entry cmd_report_learner_entry;
extern const struct cmd_entry cmd_report_programme_entry;
extern const struct cmd_entry cmd_report_html_entry;
extern const struct cmd_entry cmd_sync_entry;
extern const struct cmd_entry cmd_assign_entry;
extern const struct cmd_entry cmd_unassign_entry;
extern const struct cmd_entry cmd_assignments_entry;
extern const struct cmd_entry cmd_report_assignments_entry;

/* The order help lists them in. */
/* clang-format off */
const struct cmd_entry *const cmd_table[] = {
	&cmd_help_entry,
	&cmd_courses_entry,
	&cmd_show_entry,
	&cmd_search_entry,
	&cmd_template_entry,
	&cmd_start_entry,
	&cmd_quiz_entry,
	&cmd_review_entry,
	&cmd_progress_entry,
	&cmd_assignments_entry,
	&cmd_refresh_entry,
	&cmd_ack_entry,
	&cmd_report_compliance_entry,
	&cmd_report_learners_entry,
	&cmd_report_modules_entry,
	&cmd_report_questions_entry,
	&cmd_report_learner_entry,
	&cmd_report_programme_entry,
	&cmd_report_retention_entry,
	&cmd_report_grants_entry,
	&cmd_report_assignments_entry,
	&cmd_report_html_entry,
	&cmd_verify_entry,
	&cmd_db_copy_entry,
	&cmd_backup_entry,
	&cmd_checkpoint_entry,
	&cmd_keygen_entry,
	&cmd_publish_entry,
	&cmd_withdraw_entry,
	&cmd_receipt_entry,
	&cmd_verify_receipt_entry,
	&cmd_duty_list_entry,
	&cmd_duty_add_entry,
	&cmd_duty_edit_entry,
	&cmd_duty_remove_entry,
	&cmd_duty_load_entry,
	&cmd_duty_log_entry,
	&cmd_duty_stage_entry,
	&cmd_handover_entry,
	&cmd_duty_takeback_entry,
	&cmd_report_handover_entry,
	&cmd_assign_entry,
	&cmd_unassign_entry,
	&cmd_init_entry,
	&cmd_learner_add_entry,
	&cmd_learner_list_entry,
	&cmd_learner_rename_entry,
	&cmd_learner_deactivate_entry,
	&cmd_learner_activate_entry,
	&cmd_learner_reset_entry,
	&cmd_learner_grant_entry,
	&cmd_setting_entry,
	&cmd_login_entry,
	&cmd_logout_entry,
	&cmd_whoami_entry,
	&cmd_validate_entry,
	&cmd_lint_entry,
	&cmd_import_entry,
	&cmd_export_entry,
	&cmd_sync_entry,
	&cmd_quit_entry,
	&cmd_exit_entry,
	NULL,
};
/* clang-format on */

void cmd_words_free(char **words, int nwords)
{
	for (int i = 0; i < nwords; i++)
		free(words[i]);
	free(words);
}

/* A letter, ASCII or any byte of a UTF-8 sequence (É, ö). */
static bool letter(unsigned char c)
{
	return isalpha(c) || c >= 0x80;
}

/* Whether the ' at p, inside the unquoted word w, stands between letters. */
static bool apostrophe(const struct strbuf *w, const char *p)
{
	return w->len > 0 && letter((unsigned char)w->buf[w->len - 1]) &&
	       letter((unsigned char)p[1]);
}

int cmd_split(const char *line, char ***words, int *nwords, char **err)
{
	struct strlist l;
	struct strbuf w;
	const char *p = line;
	char quote = 0;
	bool in_word = false;

	strlist_init(&l);
	strbuf_init(&w);
	for (;; p++) {
		char c = *p;
		if (c == '\0')
			break;
		if (quote) {
			if (c == quote) {
				quote = 0;
			} else if (quote == '"' && c == '\\' && (p[1] == '"' || p[1] == '\\')) {
				strbuf_addc(&w, *++p);
			} else {
				strbuf_addc(&w, c);
			}
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (in_word) {
				strlist_add(&l, w.buf);
				w.len = 0;
				w.buf[0] = '\0';
				in_word = false;
			}
		} else if (c == '\'' && apostrophe(&w, p)) {
			/* O'Neill, d'Arcy: a letter each side is a name's
			 * apostrophe, never a quote, so a name needs no quoting. */
			strbuf_addc(&w, c);
		} else if (c == '\'' || c == '"') {
			quote = c;
			in_word = true;
		} else if (c == '\\' && p[1] != '\0') {
			strbuf_addc(&w, *++p);
			in_word = true;
		} else {
			strbuf_addc(&w, c);
			in_word = true;
		}
	}
	if (quote) {
		strbuf_release(&w);
		strlist_release(&l);
		return util_error(err, "unterminated %s quote", quote == '"' ? "double" : "single");
	}
	if (in_word)
		strlist_add(&l, w.buf);
	strbuf_release(&w);
	*words = l.items;
	*nwords = (int)l.n;
	return 0;
}

/* Distinct first words of the table, in table order. */
static size_t command_names(const char **names, size_t max)
{
	size_t n = 0;

	for (const struct cmd_entry *const *e = cmd_table; *e; e++) {
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen = seen || strcmp(names[i], (*e)->name) == 0;
		if (!seen && n < max)
			names[n++] = (*e)->name;
	}
	return n;
}

/* Words the prompt or a question understands that are no command of the
 * table: a person named one of these could not be told from them. */
static const char *const prompt_words[] = {"exit", "q", "hint", "skip", "?", NULL};

int cmd_name_check(const char *name, char **err)
{
	const char *names[64];
	size_t n;

	if (store_name_check(name, err) < 0)
		return -1;
	n = command_names(names, 64);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, names[i]) == 0)
			goto reserved;
	for (const char *const *w = prompt_words; *w; w++)
		if (strcasecmp(name, *w) == 0)
			goto reserved;
	return 0;
reserved:
	return util_error(err,
	                  "'%s' is a word the prompt understands, not a name: give the "
	                  "person's name",
	                  name);
}

/* Picks the one candidate word matches exactly or as a unique prefix. With
 * quiet, an unknown command is not repeated in the message. */
static const char *match_word(const char *word, const char **cands, size_t n, const char *group,
                              bool quiet, char **err)
{
	struct util_match m;
	char *list;

	util_match(word, cands, n, group ? 0 : 3, &m);
	if (m.index >= 0)
		return cands[m.index];
	if (m.hits == 0 && !group) {
		/* Too many commands to list: suggest the nearest, if one is near. */
		if (quiet)
			util_error(
			        err,
			        "unknown command (not repeated, in case the line was a passphrase; "
			        "%s%s%s)",
			        m.near ? "did you mean '" : "'help' lists them",
			        m.near ? m.near : "", m.near ? "'?" : "");
		else if (m.near)
			util_error(err, "unknown command '%s' (did you mean '%s'?)", word, m.near);
		else
			util_error(err, "unknown command '%s' ('help' lists them)", word);
		return NULL;
	}
	list = util_match_list(word, cands, n);
	if (m.hits == 0)
		util_error(err, "unknown subcommand '%s %s' (one of: %s)", group, word, list);
	else if (group)
		util_error(err, "ambiguous subcommand '%s %s': could be %s", group, word, list);
	else
		util_error(err, "ambiguous command '%s': could be %s", word, list);
	free(list);
	return NULL;
}

static int lookup(char **words, int nwords, bool quiet, const struct cmd_entry **out, int *used,
                  char **err);

int cmd_lookup(char **words, int nwords, const struct cmd_entry **out, int *used, char **err)
{
	return lookup(words, nwords, false, out, used, err);
}

static int lookup(char **words, int nwords, bool quiet, const struct cmd_entry **out, int *used,
                  char **err)
{
	const char *names[64];
	const char *subs[64];
	const struct cmd_entry *single = NULL;
	const char *name, *sub;
	size_t nsubs = 0;

	*out = NULL;
	if (nwords < 1)
		return util_error(err, "no command given");
	name = match_word(words[0], names, command_names(names, 64), NULL, quiet, err);
	if (!name)
		return -1;
	for (const struct cmd_entry *const *e = cmd_table; *e; e++) {
		if (strcmp((*e)->name, name) != 0)
			continue;
		if (!(*e)->sub)
			single = *e;
		else if (nsubs < 64)
			subs[nsubs++] = (*e)->sub;
	}
	if (single) {
		*out = single;
		*used = 1;
		return 0;
	}
	if (nwords < 2) {
		struct strbuf list;
		strbuf_init(&list);
		for (size_t i = 0; i < nsubs; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", subs[i]);
		util_error(err, "'%s' needs a subcommand: %s", name, list.buf);
		strbuf_release(&list);
		return -1;
	}
	sub = match_word(words[1], subs, nsubs, name, false, err);
	if (!sub)
		return -1;
	for (const struct cmd_entry *const *e = cmd_table; *e; e++) {
		if (strcmp((*e)->name, name) == 0 && (*e)->sub && strcmp((*e)->sub, sub) == 0) {
			*out = *e;
			*used = 2;
			return 0;
		}
	}
	return util_error(err, "internal error: no entry for '%s %s'", name, sub);
}

char *cmd_usage(const struct cmd_entry *e)
{
	return xasprintf("%s%s%s%s%s", e->name, e->sub ? " " : "", e->sub ? e->sub : "",
	                 e->usage && *e->usage ? " " : "", e->usage ? e->usage : "");
}

static char *entry_name(const struct cmd_entry *e)
{
	return e->sub ? xasprintf("%s %s", e->name, e->sub) : xstrdup(e->name);
}

/* Finds the declared option matching "--word"; *takes_value says whether it
 * wants a value. */
static const char *find_option(const struct cmd_entry *e, const char *word, bool *takes_value)
{
	size_t len = strlen(word);

	for (const char *const *o = e->options; o && *o; o++) {
		size_t olen = strlen(*o);
		bool value = olen > 0 && (*o)[olen - 1] == ':';
		size_t nlen = value ? olen - 1 : olen;
		if (nlen == len && strncmp(*o, word, len) == 0) {
			*takes_value = value;
			return *o;
		}
	}
	return NULL;
}

static int parse_args(const struct cmd_entry *e, char **words, int nwords, struct cmd_args *args,
                      char **err)
{
	char *name = entry_name(e);
	char *usage = cmd_usage(e);
	bool only_positional = false;
	int rc = -1;

	memset(args, 0, sizeof(*args));
	args->argv = xcalloc((size_t)nwords + 1, sizeof(char *));
	for (int i = 0; i < nwords; i++) {
		const char *w = words[i];
		const char *opt, *eq;
		char *key;
		bool takes_value = false;

		if (only_positional || strncmp(w, "--", 2) != 0) {
			args->argv[args->argc++] = words[i];
			continue;
		}
		if (w[2] == '\0') {
			only_positional = true;
			continue;
		}
		eq = strchr(w, '=');
		key = eq ? xstrndup(w + 2, (size_t)(eq - w - 2)) : xstrdup(w + 2);
		opt = find_option(e, key, &takes_value);
		free(key);
		if (!opt) {
			util_error(err, "%s: unknown option '%s' (usage: %s)", name, w, usage);
			goto out;
		}
		if (args->nopts == CMD_MAX_OPTIONS) {
			util_error(err, "%s: too many options", name);
			goto out;
		}
		args->opts[args->nopts].name = opt;
		if (takes_value) {
			if (eq) {
				args->opts[args->nopts].value = (char *)(eq + 1);
			} else if (i + 1 < nwords) {
				args->opts[args->nopts].value = words[++i];
			} else {
				util_error(err, "%s: option '%s' needs a value (usage: %s)", name,
				           w, usage);
				goto out;
			}
		} else if (eq) {
			util_error(err, "%s: option '--%s' takes no value", name, opt);
			goto out;
		}
		args->nopts++;
	}
	if (args->argc < e->min_args) {
		util_error(err, "%s: missing argument (usage: %s)", name, usage);
		goto out;
	}
	if (e->rest && e->max_args > 0 && args->argc > e->max_args) {
		struct strbuf sb;
		strbuf_init(&sb);
		for (int i = e->max_args - 1; i < args->argc; i++)
			strbuf_addf(&sb, "%s%s", sb.len ? " " : "", args->argv[i]);
		args->joined = strbuf_detach(&sb);
		strbuf_release(&sb);
		args->argv[e->max_args - 1] = args->joined;
		args->argc = e->max_args;
	}
	if (e->max_args != CMD_UNLIMITED && args->argc > e->max_args) {
		util_error(err, "%s: too many arguments (usage: %s)", name, usage);
		goto out;
	}
	rc = 0;
out:
	free(name);
	free(usage);
	return rc;
}

static bool option_matches(const char *declared, const char *name)
{
	size_t len = strlen(name);
	return strncmp(declared, name, len) == 0 && (declared[len] == '\0' || declared[len] == ':');
}

const char *cmd_opt(const struct cmd_args *args, const char *name)
{
	for (size_t i = 0; i < args->nopts; i++)
		if (option_matches(args->opts[i].name, name))
			return args->opts[i].value;
	return NULL;
}

bool cmd_flag(const struct cmd_args *args, const char *name)
{
	for (size_t i = 0; i < args->nopts; i++)
		if (option_matches(args->opts[i].name, name))
			return true;
	return false;
}

static int check_need(struct session *s, const struct cmd_entry *e, char **err)
{
	char *name;
	int rc = 0;

	if (e->need == CMD_NEED_NOTHING)
		return 0;
	name = entry_name(e);
	/* From the shell each command is a process of its own: a sign-in
	 * goes with it (--as), as a 'login' before it was forgotten. */
	if (!s->me && s->oneshot)
		rc = util_error(err, "'%s' needs a signed-in %s: 'upskill --as NAME %s ...'", name,
		                e->need == CMD_NEED_CONSULTANT ? "consultant" : "learner", name);
	else if (!s->me && e->need == CMD_NEED_CONSULTANT)
		rc = util_error(err, "'%s' needs a signed-in consultant: 'login NAME' first", name);
	else if (!s->me)
		rc = util_error(err, "'%s' needs a signed-in learner: 'login NAME' first", name);
	else if (e->need == CMD_NEED_CONSULTANT && s->me->role != ROLE_CONSULTANT)
		rc = util_error(err, "'%s' is for consultants; '%s' is signed in as staff", name,
		                s->me->name);
	free(name);
	return rc;
}

int cmd_run_words(struct session *s, char **words, int nwords, char **err)
{
	const struct cmd_entry *e;
	struct cmd_args args;
	int used, rc;

	/* The window may have been resized since the last command. */
	term_init(&s->term, s->out);
	/* COMMAND --help, anywhere before a "--", is help on it, run as nothing
	 * else is: no sign-in needed, nothing done. */
	for (int i = 1; i < nwords && strcmp(words[i], "--") != 0; i++)
		if (strcmp(words[i], "--help") == 0)
			return cmd_help_for(s, words, i > 2 ? 2 : i, err);
	/* A script's line that is no command may be a passphrase that missed
	 * its prompt: it is never repeated in the error. */
	if (lookup(words, nwords, s->script, &e, &used, err) < 0)
		return -1;
	if (parse_args(e, words + used, nwords - used, &args, err) < 0) {
		free(args.argv);
		free(args.joined);
		return -1;
	}
	rc = session_recheck(s, err);
	if (rc == 0)
		rc = check_need(s, e, err);
	if (rc == 0) {
		struct timespec start, end;

		struct pager *pager = e->paged ? pager_begin(s) : NULL;

		bool outer_heads = s->catalog_heads_enough; /* report html runs reports */

		clock_gettime(CLOCK_MONOTONIC, &start);
		s->catalog_heads_enough = e->heads;
		if (e->list && !s->running)
			session_scan_ahead(s);
		rc = session_run(s, e->run, &args, err);
		s->catalog_heads_enough = outer_heads;
		clock_gettime(CLOCK_MONOTONIC, &end);
		pager_end(s, pager);
		if (s->timer) {
			fflush(s->out);
			fprintf(stderr, "time: %.1f ms\n",
			        (double)(end.tv_sec - start.tv_sec) * 1e3 +
			                (double)(end.tv_nsec - start.tv_nsec) / 1e6);
		}
	}
	free(args.argv);
	free(args.joined);
	fflush(s->out);
	return rc;
}

int cmd_run_line(struct session *s, const char *line, char **err)
{
	char **words = NULL;
	int nwords = 0, rc;

	if (cmd_split(line, &words, &nwords, err) < 0)
		return -1;
	if (nwords == 0 || words[0][0] == '#') {
		cmd_words_free(words, nwords);
		return 0;
	}
	rc = cmd_run_words(s, words, nwords, err);
	cmd_words_free(words, nwords);
	return rc;
}

/* The n-th of cands that starts with word, or NULL. */
static char *nth_match(const char **cands, size_t ncands, const char *word, int n)
{
	size_t len = strlen(word);

	for (size_t i = 0; i < ncands; i++)
		if (strncmp(cands[i], word, len) == 0 && n-- == 0)
			return xstrdup(cands[i]);
	return NULL;
}

/* People's names are completed only for a signed-in consultant, who may
 * list them anyway: Tab gives nobody else a list of who has an account. */
static char *complete_learner(struct session *s, const char *word, int n)
{
	struct store *st;
	char **names = NULL, *result = NULL;
	size_t count = 0;

	if (!s->me || s->me->role != ROLE_CONSULTANT)
		return NULL;
	st = session_store(s, NULL);
	if (!st || store_learner_names(st, word, &names, &count, NULL) < 0)
		return NULL;
	if ((size_t)n < count)
		result = xstrdup(names[n]);
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return result;
}

char *cmd_complete(struct session *s, char **before, int nbefore, const char *word, int n,
                   bool *want_files)
{
	const char *cands[64];
	const struct cmd_entry *e = NULL;
	size_t ncands = 0;
	int used;

	*want_files = false;
	if (nbefore == 0)
		return nth_match(cands, command_names(cands, 64), word, n);
	if (cmd_lookup(before, nbefore, &e, &used, NULL) < 0) {
		/* Perhaps the first word names a group still waiting for its
		 * subcommand. */
		if (nbefore != 1)
			return NULL;
		for (const struct cmd_entry *const *p = cmd_table; *p; p++)
			if ((*p)->sub && strcmp((*p)->name, before[0]) == 0 && ncands < 64)
				cands[ncands++] = (*p)->sub;
		return nth_match(cands, ncands, word, n);
	}
	if (strncmp(word, "--", 2) == 0) {
		char *opts[CMD_MAX_OPTIONS * 2];
		size_t nopts = 0;
		char *result;
		for (const char *const *o = e->options; o && *o && nopts < CMD_MAX_OPTIONS * 2;
		     o++) {
			size_t olen = strlen(*o);
			if ((*o)[olen - 1] == ':')
				olen--;
			opts[nopts++] = xasprintf("--%.*s", (int)olen, *o);
		}
		result = nth_match((const char **)opts, nopts, word, n);
		for (size_t i = 0; i < nopts; i++)
			free(opts[i]);
		return result;
	}
	switch (e->complete) {
	case CMD_COMPLETE_LEARNER:
		return complete_learner(s, word, n);
	case CMD_COMPLETE_FILE:
		*want_files = true;
		return NULL;
	case CMD_COMPLETE_MODULE: {
		struct catalog *cat = session_catalog_list(s, NULL);
		const char *id = cat ? catalog_complete(cat, word, (size_t)n) : NULL;
		return id ? xstrdup(id) : NULL;
	}
	case CMD_COMPLETE_NONE:
		break;
	}
	return NULL;
}
