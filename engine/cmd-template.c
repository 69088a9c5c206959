/*
 * template [ID]: the documents a consultant hands over (a register of
 * accounts, a policy to fill in), shipped beside the courses as
 * templates/ID.md. Each starts with "# Title" and "Summary: one sentence";
 * the rest is Markdown with [FILL-IN] fields. Without an ID they are
 * listed; with one, that template is printed whole, to be saved with a
 * redirect ("upskill --as Cat template account-register > register.md").
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "report.h"
#include "session.h"
#include "term.h"
#include "util.h"

/* Bigger than any document worth handing over; bounds a stray file. */
#define TEMPLATE_MAX_BYTES (1024 * 1024)

/* An ID is what a module id may be: lower-case letters, digits and '-'. */
static bool template_id_ok(const char *id, size_t len)
{
	if (len == 0 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '-'))
			return false;
	return true;
}

/* The IDs of the templates in dir, sorted; 0 when there is no such folder. */
static size_t template_ids(const char *dir, struct strlist *ids)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	strlist_init(ids);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 3 && strcmp(e->d_name + len - 3, ".md") == 0 &&
		    template_id_ok(e->d_name, len - 3))
			strlist_addf(ids, "%.*s", (int)(len - 3), e->d_name);
	}
	closedir(d);
	strlist_sort(ids);
	return ids->n;
}

/* The text of line n (0-based) of text, without its newline; the caller
 * frees it. */
static char *line_of(const char *text, int n)
{
	const char *p = text, *end;

	while (n-- > 0) {
		p = strchr(p, '\n');
		if (!p)
			return xstrdup("");
		p++;
	}
	end = p + strcspn(p, "\r\n");
	return xstrndup(p, (size_t)(end - p));
}

/* Lists every template: its ID, title and summary. A file whose first two
 * lines are not a title and a summary is listed with what is wrong. */
static int list_templates(struct session *s, const char *dir, char **err)
{
	static const struct report_column columns[] = {
	        {.key = "template"},
	        {.key = "title"},
	        {.key = "summary"},
	};
	struct strlist ids;
	struct report r;

	if (template_ids(dir, &ids) == 0) {
		strlist_release(&ids);
		fprintf(s->out, "no templates in %s\n", dir);
		return 0;
	}
	report_init(&r, "templates", columns, 3);
	for (size_t i = 0; i < ids.n; i++) {
		char *path = xasprintf("%s/%s.md", dir, ids.items[i]), *why = NULL;
		char *text = util_read_file(path, TEMPLATE_MAX_BYTES, &why);
		char *title = text ? line_of(text, 0) : NULL;
		char *summary = text ? line_of(text, 1) : NULL;
		const char *t = "", *sum = "";

		if (!text) {
			t = "(cannot be read)";
		} else if (!util_starts_with(title, "# ")) {
			t = "(no '# Title' on line 1)";
		} else {
			t = title + 2;
			if (util_starts_with(summary, "Summary: "))
				sum = summary + 9;
			else
				sum = "(no 'Summary: ' on line 2)";
		}
		const char *cells[] = {ids.items[i], t, sum};
		report_add_row(&r, cells);
		free(path);
		free(why);
		free(text);
		free(title);
		free(summary);
	}
	report_print(&r, REPORT_TABLE, &s->term, s->out);
	report_release(&r);
	strlist_release(&ids);
	(void)err;
	return 0;
}

/* Prints one template whole, as the file has it (control characters made
 * visible, as all course text is). */
static int print_template(struct session *s, const char *dir, const char *id, char **err)
{
	struct strlist ids;
	struct util_match m;
	char *path, *text, *why = NULL;
	int rc = 0;

	template_ids(dir, &ids);
	util_match(id, (const char *const *)ids.items, ids.n, 4, &m);
	if (m.index < 0) {
		if (m.hits > 1) {
			char *list = util_match_list(id, (const char *const *)ids.items, ids.n);
			rc = util_error(err, "template: ambiguous template '%s': could be %s", id,
			                list);
			free(list);
		} else if (m.near) {
			rc = util_error(err, "template: no template '%s' (did you mean '%s'?)", id,
			                m.near);
		} else if (ids.n == 0) {
			rc = util_error(err, "template: no template '%s' (no templates in %s)", id,
			                dir);
		} else {
			rc = util_error(err, "template: no template '%s' ('template' lists them)",
			                id);
		}
		strlist_release(&ids);
		return rc;
	}
	path = xasprintf("%s/%s.md", dir, ids.items[m.index]);
	text = util_read_file(path, TEMPLATE_MAX_BYTES, &why);
	if (!text) {
		rc = util_error(err, "template: %s", why ? why : "cannot be read");
	} else {
		size_t len = strlen(text);
		term_puts(s->out, text);
		if (len && text[len - 1] != '\n')
			fputc('\n', s->out);
	}
	free(why);
	free(text);
	free(path);
	strlist_release(&ids);
	return rc;
}

static int run_template(struct session *s, const struct cmd_args *args, char **err)
{
	char *dir = xasprintf("%s/templates", s->courses_dir);
	int rc;

	if (args->argc == 0)
		rc = list_templates(s, dir, err);
	else
		rc = print_template(s, dir, args->argv[0], err);
	free(dir);
	return rc;
}

const struct cmd_entry cmd_template_entry = {
        .name = "template",
        .min_args = 0,
        .max_args = 1,
        .need = CMD_NEED_LEARNER,
        .paged = true,
        .usage = "[ID]",
        .help = "the templates to hand over: list them, or print one to fill in",
        .run = run_template,
};
