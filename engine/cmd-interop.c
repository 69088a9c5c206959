/*
 * import FILE... and export MODULE --format moodle|gift: question banks from
 * Moodle XML and GIFT made into module files, and a module's questions
 * written for Moodle. A file is imported whole or not at all, unless
 * --skip-bad: then its intact questions are, and the rest are listed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cmd.h"
#include "course.h"
#include "gift.h"
#include "interop.h"
#include "moodle.h"
#include "private.h"
#include "session.h"
#include "term.h"
#include "util.h"

static void put_line(struct session *s, const char *line)
{
	term_puts(s->out, line);
	fputc('\n', s->out);
}

static bool is_xml_file(const char *path)
{
	const char *dot = strrchr(path, '.');
	FILE *f;
	int c;

	if (dot && strcasecmp(dot, ".xml") == 0)
		return true;
	if (dot && (strcasecmp(dot, ".gift") == 0 || strcasecmp(dot, ".txt") == 0))
		return false;
	/* Otherwise by the first thing in it. */
	f = fopen(path, "r");
	if (!f)
		return false;
	while ((c = fgetc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xef ||
	       c == 0xbb || c == 0xbf)
		;
	fclose(f);
	return c == '<';
}

/* "12 questions (5 single choice, 7 true/false)" */
static char *counts(const struct bank *b)
{
	struct strbuf sb;
	size_t total = 0;
	bool first = true;

	for (int t = 0; t < Q_TYPE_COUNT; t++)
		total += b->counts[t];
	strbuf_init(&sb);
	strbuf_addf(&sb, "%zu question%s", total, total == 1 ? "" : "s");
	for (int t = 0; t < Q_TYPE_COUNT; t++) {
		if (!b->counts[t])
			continue;
		strbuf_addf(&sb, "%s%zu %s", first ? " (" : ", ", b->counts[t],
		            course_type_name((enum question_type)t));
		first = false;
	}
	if (!first)
		strbuf_addc(&sb, ')');
	if (b->npages)
		strbuf_addf(&sb, ", %zu lesson page%s", b->npages, b->npages == 1 ? "" : "s");
	strbuf_addf(&sb, ", %zu skipped, %zu refused", b->nskipped, b->nbad);
	return strbuf_detach(&sb);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* One file: read, checked, and written as modules only if all is well. */
static int import_one(struct session *s, const char *path, const char *dir,
                      const struct interop_options *o, bool skip_bad, char **err)
{
	struct bank b;
	struct interop_module *mods = NULL;
	size_t nmods = 0;
	struct strlist problems;
	char *summary = NULL;
	int rc = -1, got;
	bool xml = is_xml_file(path);

	bank_init(&b, path);
	strlist_init(&problems);
	got = xml ? moodle_import(path, &b) : gift_import(&b);
	for (size_t i = 0; i < b.notes.n; i++)
		put_line(s, b.notes.items[i]);
	for (size_t i = 0; i < b.errors.n; i++)
		put_line(s, b.errors.items[i]);
	summary = counts(&b);
	if (xml && got < 0) {
		/* A file that is not well-formed is never half imported. */
		util_error(err,
		           "import: '%s' is not well-formed XML (%zu problem%s); nothing written",
		           path, b.errors.n, b.errors.n == 1 ? "" : "s");
		goto out;
	}
	if (b.errors.n && !skip_bad) {
		util_error(err,
		           "import: %zu problem%s in '%s'; nothing written (--skip-bad imports "
		           "the intact questions)",
		           b.errors.n, b.errors.n == 1 ? "" : "s", path);
		goto out;
	}
	if (interop_modules(&b, o, &mods, &nmods, &problems) < 0) {
		for (size_t i = 0; i < problems.n; i++)
			put_line(s, problems.items[i]);
		util_error(err, "import: the modules made from '%s' do not load; nothing written",
		           path);
		goto out;
	}
	if (nmods == 0) {
		char *line =
		        xasprintf("%s has no questions upskill can take: nothing written", path);

		put_line(s, line);
		free(line);
	}
	/* Nothing is replaced, and nothing written unless all can be. */
	for (size_t i = 0; i < nmods; i++) {
		char *file = xasprintf("%s/%s.xml", dir, mods[i].id);
		struct stat st;
		bool exists = lstat(file, &st) == 0;

		if (exists)
			util_error(err, "import: '%s' exists; remove it or choose another --out",
			           file);
		free(file);
		if (exists)
			goto out;
	}
	for (size_t i = 0; i < nmods; i++) {
		char *file = xasprintf("%s/%s.xml", dir, mods[i].id);
		int w = private_write(file, mods[i].xml, err);

		if (w == 0) {
			char *line = xasprintf("wrote %s: %zu question%s", file, mods[i].nquestions,
			                       mods[i].nquestions == 1 ? "" : "s");

			put_line(s, line);
			free(line);
		}
		free(file);
		if (w < 0)
			goto out;
	}
	rc = 0;
out : {
	char *line = xasprintf("%s: %s", path, summary);

	put_line(s, line);
	free(line);
}
	free(summary);
	interop_modules_free(mods, nmods);
	strlist_release(&problems);
	bank_release(&b);
	return rc;
}

static int run_import(struct session *s, const struct cmd_args *args, char **err)
{
	const char *dir = cmd_opt(args, "out");
	const char *id = cmd_opt(args, "id");
	const char *topic = cmd_opt(args, "topic");
	struct stat st;
	int rc = 0;

	if (!dir)
		dir = ".";
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return util_error(err, "import: --out '%s' is not a folder", dir);
	if (id && args->argc > 1)
		return util_error(err, "import: --id names one module, so it takes one FILE");
	if (id) {
		char *slug = interop_slug(id);
		bool ok = slug && strcmp(slug, id) == 0;

		free(slug);
		if (!ok)
			return util_error(err,
			                  "import: --id '%s' is not a module id (lower case "
			                  "letters, digits and '-', up to 64)",
			                  id);
	}
	if (topic) {
		char *slug = interop_slug(topic);
		bool ok = slug && strcmp(slug, topic) == 0 && strlen(topic) <= 32 &&
		          topic[0] >= 'a' && topic[0] <= 'z';

		free(slug);
		if (!ok)
			return util_error(err,
			                  "import: --topic '%s' is not a topic (a lower-case word, "
			                  "up to 32)",
			                  topic);
	}
	for (int i = 0; i < args->argc; i++) {
		struct interop_options o = {
		        .id = id, .topic = topic, .source = base_name(args->argv[i])};
		char *one = NULL;

		if (import_one(s, args->argv[i], dir, &o, cmd_flag(args, "skip-bad"), &one) < 0) {
			/* Every file is tried; the first failure is the message. */
			if (rc == 0 && err && !*err)
				*err = one;
			else
				free(one);
			rc = -1;
		}
	}
	return rc;
}

static const char *const import_options[] = {"out:", "id:", "topic:", "skip-bad", NULL};

const struct cmd_entry cmd_import_entry = {
        .name = "import",
        .min_args = 1,
        .max_args = CMD_UNLIMITED,
        .options = import_options,
        .complete = CMD_COMPLETE_FILE,
        .usage = "FILE... [--out DIR] [--id ID] [--topic T] [--skip-bad]",
        .help = "make modules from Moodle XML or GIFT question banks",
        .run = run_import,
};

static int run_export(struct session *s, const struct cmd_args *args, char **err)
{
	static const char *const formats[] = {"moodle", "gift"};
	const char *format = cmd_opt(args, "format");
	const char *what = args->argv[0];
	const struct course *c = NULL;
	struct course *loaded = NULL;
	struct programme *prog = NULL;
	struct util_match m;
	struct strbuf out;
	struct strlist notes;
	int rc = -1;

	/* The record as xAPI statements; a module named "xapi" is still
	 * exported with --format. */
	if (!format && strcmp(what, "xapi") == 0)
		return cmd_export_xapi(s, args, err);
	if (cmd_opt(args, "since"))
		return util_error(err, "export: --since is for 'export xapi' only");
	if (!format)
		return util_error(err, "export: which format? --format moodle or --format gift");
	util_match(format, formats, 2, 0, &m);
	if (m.index < 0)
		return util_error(err, "export: unknown format '%s' (moodle or gift)", format);
	strbuf_init(&out);
	strlist_init(&notes);
	if (strchr(what, '/') ||
	    (strlen(what) > 4 && strcmp(what + strlen(what) - 4, ".xml") == 0)) {
		/* A module file anywhere, loaded as any course file is. */
		struct strlist errors;

		strlist_init(&errors);
		if (course_load_file(what, &loaded, &prog, &errors) < 0 || !loaded) {
			for (size_t i = 0; i < errors.n; i++)
				put_line(s, errors.items[i]);
			util_error(err, "export: '%s' is not a module that loads", what);
			strlist_release(&errors);
			goto out;
		}
		strlist_release(&errors);
		c = loaded;
	} else {
		c = cmd_find_module(s, what, err);
		if (!c)
			goto out;
	}
	if (m.index == 0) {
		if (moodle_export(c, &out, err) < 0)
			goto out;
	} else {
		gift_export(c, &out, &notes);
	}
	/* What GIFT cannot hold is said in comments at the top of the file,
	 * where whoever imports it reads it, and the file stays GIFT. */
	for (size_t i = 0; i < notes.n; i++) {
		fputs("// not exported: ", s->out);
		put_line(s, notes.items[i]);
	}
	if (notes.n)
		fputc('\n', s->out);
	fputs(out.buf, s->out);
	rc = 0;
out:
	course_free(loaded);
	programme_free(prog);
	strbuf_release(&out);
	strlist_release(&notes);
	return rc;
}

static const char *const export_options[] = {"format:", "since:", NULL};

const struct cmd_entry cmd_export_entry = {
        .name = "export",
        .min_args = 1,
        .max_args = 1,
        .options = export_options,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "MODULE --format moodle|gift | xapi [--since DATE]",
        .help = "a module as Moodle XML or GIFT; the record as xAPI",
        .run = run_export,
};
