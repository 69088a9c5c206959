/*
 * Moodle XML question banks: reading one as it streams past (through
 * course_xml_stream, so libxml2 stays in course.c and no tree is built for
 * a big export), and writing a module's questions as one. The mapping rules
 * are interop.c's; this file knows only where Moodle keeps what.
 */
#include "moodle.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interop.h"
#include "quiz.h"

#define MOODLE_DEPTH 32

/* Where the reader is. Elements are known by their name and their
 * parent's, which is all Moodle's format needs. */
struct reader {
	struct bank *b;
	char *names[MOODLE_DEPTH];
	char *formats[MOODLE_DEPTH]; /* the format attribute in force */
	int depth;                   /* elements open; deeper ones are ignored */
	int skip;                    /* elements open beyond MOODLE_DEPTH */
	struct strbuf text;          /* the character data of the open leaf */
	bool in_question;
	bool root_seen;
	struct raw_question r;
	struct raw_answer *answer; /* the answer or subquestion open, or NULL */
	double multiplier;         /* of the unit open */
	char *unit_name;
};

static const char *attr(const char *const *attrs, const char *name)
{
	for (size_t i = 0; attrs && attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

/* The i-th open element from the top (0 is the one open now), or "". */
static const char *up(const struct reader *rd, int i)
{
	return rd->depth - 1 - i >= 0 ? rd->names[rd->depth - 1 - i] : "";
}

static double number_c(const char *s, bool *ok)
{
	double v = 0;

	*ok = interop_number(s, &v);
	return v;
}

static enum raw_type type_of(const char *t)
{
	static const struct {
		const char *name;
		enum raw_type type;
	} types[] = {
	        {"multichoice", RAW_MULTICHOICE}, {"truefalse", RAW_TRUEFALSE},
	        {"shortanswer", RAW_SHORTANSWER}, {"numerical", RAW_NUMERICAL},
	        {"matching", RAW_MATCHING},       {"ordering", RAW_ORDERING},
	        {"description", RAW_DESCRIPTION}, {"category", RAW_CATEGORY},
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (t && strcmp(t, types[i].name) == 0)
			return types[i].type;
	return RAW_OTHER;
}

/* Text as the learner should see it: HTML made plain unless the format
 * says the text is plain already. */
static char *as_text(const char *s, const char *format)
{
	if (format && (strcmp(format, "plain_text") == 0 || strcmp(format, "markdown") == 0)) {
		char *t = xstrdup(s);
		size_t n = strlen(t);

		while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\r'))
			t[--n] = '\0';
		return t;
	}
	return interop_html_text(s);
}

static void on_start(void *ctx, const char *name, const char *const *attrs, int line, int col)
{
	struct reader *rd = ctx;
	const char *format = attr(attrs, "format");

	rd->text.len = 0;
	rd->text.buf[0] = '\0';
	if (rd->depth >= MOODLE_DEPTH) {
		rd->skip++;
		return;
	}
	if (!rd->root_seen) {
		rd->root_seen = true;
		if (strcmp(name, "quiz") != 0)
			strlist_addf(
			        &rd->b->errors,
			        "%s:%d:%d: not a Moodle XML question bank: the root is <%s>, not "
			        "<quiz>",
			        rd->b->path, line, col, name);
	}
	rd->names[rd->depth] = xstrdup(name);
	rd->formats[rd->depth] = xstrdup(format          ? format
	                                 : rd->depth > 0 ? rd->formats[rd->depth - 1]
	                                                 : "html");
	rd->depth++;

	if (strcmp(name, "question") == 0 && strcmp(up(rd, 1), "quiz") == 0) {
		const char *t = attr(attrs, "type");

		raw_release(&rd->r);
		rd->in_question = true;
		rd->r.type = type_of(t);
		rd->r.type_name = xstrdup(t ? t : "untyped");
		rd->r.line = line;
		rd->r.col = col;
		rd->answer = NULL;
		return;
	}
	if (!rd->in_question)
		return;
	if (strcmp(name, "answer") == 0 && strcmp(up(rd, 1), "question") == 0) {
		const char *f = attr(attrs, "fraction");

		rd->answer = raw_answer_add(&rd->r);
		rd->answer->line = line;
		rd->answer->col = col;
		if (f) {
			bool ok;

			rd->answer->fraction = number_c(f, &ok);
			rd->answer->has_fraction = true;
			if (!ok) {
				strlist_addf(&rd->b->errors,
				             "%s:%d:%d: fraction '%s' is not a number", rd->b->path,
				             line, col, f);
				rd->answer->fraction = NAN;
			}
		}
	} else if (strcmp(name, "subquestion") == 0 && strcmp(up(rd, 1), "question") == 0) {
		rd->answer = raw_answer_add(&rd->r);
		rd->answer->line = line;
		rd->answer->col = col;
	} else if (strcmp(name, "unit") == 0) {
		rd->multiplier = NAN;
		free(rd->unit_name);
		rd->unit_name = NULL;
	}
}

static void push(char ***array, size_t *n, size_t *cap, char *s)
{
	xgrow(array, cap, *n + 1, sizeof(**array));
	(*array)[(*n)++] = s;
}

/* A leaf's text ends: put it where it belongs. */
static void leaf(struct reader *rd, const char *name)
{
	struct raw_question *r = &rd->r;
	const char *t = rd->text.buf;
	const char *parent = up(rd, 1), *grand = up(rd, 2);
	const char *format = rd->formats[rd->depth - 1];
	bool ok;

	if (strcmp(name, "text") == 0) {
		if (strcmp(parent, "name") == 0 && strcmp(grand, "question") == 0) {
			free(r->name);
			r->name = as_text(t, "plain_text");
		} else if (strcmp(parent, "questiontext") == 0) {
			free(r->text);
			r->text = as_text(t, format);
		} else if (strcmp(parent, "generalfeedback") == 0) {
			free(r->general_feedback);
			r->general_feedback = as_text(t, format);
		} else if (strcmp(parent, "category") == 0 && strcmp(grand, "question") == 0) {
			free(r->text);
			r->text = as_text(t, "plain_text");
		} else if (strcmp(parent, "answer") == 0 && rd->answer) {
			char **slot = strcmp(grand, "subquestion") == 0 ? &rd->answer->right
			                                                : &rd->answer->text;
			free(*slot);
			/* Moodle keeps these answers as plain text whatever the
			 * format says. */
			bool plain = r->type == RAW_NUMERICAL || r->type == RAW_TRUEFALSE ||
			             r->type == RAW_SHORTANSWER || slot == &rd->answer->right;

			*slot = as_text(t, plain ? "plain_text" : format);
		} else if (strcmp(parent, "subquestion") == 0 && rd->answer) {
			free(rd->answer->text);
			rd->answer->text = as_text(t, format);
		} else if (strcmp(parent, "feedback") == 0 && strcmp(grand, "answer") == 0 &&
		           rd->answer) {
			free(rd->answer->feedback);
			rd->answer->feedback = as_text(t, format);
		} else if (strcmp(parent, "hint") == 0) {
			push(&r->hints, &r->nhints, &r->hints_cap, as_text(t, format));
		} else if (strcmp(parent, "tag") == 0) {
			push(&r->tags, &r->ntags, &r->tags_cap, as_text(t, "plain_text"));
		}
		return;
	}
	if (strcmp(parent, "question") == 0) {
		if (strcmp(name, "defaultgrade") == 0) {
			r->defaultgrade = number_c(t, &ok);
			if (!ok)
				r->defaultgrade = 0;
		} else if (strcmp(name, "idnumber") == 0) {
			free(r->idnumber);
			r->idnumber = as_text(t, "plain_text");
		} else if (strcmp(name, "single") == 0) {
			r->single = strcasecmp(t, "true") == 0 || strcmp(t, "1") == 0;
		} else if (strcmp(name, "usecase") == 0) {
			r->usecase = strcmp(t, "1") == 0 || strcasecmp(t, "true") == 0;
		}
	} else if (strcmp(name, "tolerance") == 0 && strcmp(parent, "answer") == 0 && rd->answer) {
		rd->answer->tolerance = number_c(t, &ok);
		if (!ok)
			rd->answer->tolerance = NAN;
	} else if (strcmp(name, "multiplier") == 0 && strcmp(parent, "unit") == 0) {
		rd->multiplier = number_c(t, &ok);
	} else if (strcmp(name, "unit_name") == 0 && strcmp(parent, "unit") == 0) {
		free(rd->unit_name);
		rd->unit_name = as_text(t, "plain_text");
	}
}

static void on_end(void *ctx, const char *name, int line, int col)
{
	struct reader *rd = ctx;

	(void)line;
	(void)col;
	if (rd->skip > 0) {
		rd->skip--;
		return;
	}
	if (rd->depth == 0)
		return;
	if (rd->in_question) {
		if (strcmp(name, "question") == 0 && strcmp(up(rd, 1), "quiz") == 0) {
			interop_add(rd->b, &rd->r);
			raw_release(&rd->r);
			rd->in_question = false;
		} else if (strcmp(name, "unit") == 0) {
			/* The unit the answer is in is the one with multiplier 1. */
			if (rd->multiplier == 1 && rd->unit_name && !rd->r.unit) {
				rd->r.unit = rd->unit_name;
				rd->unit_name = NULL;
			}
		} else if ((strcmp(name, "answer") == 0 || strcmp(name, "subquestion") == 0) &&
		           strcmp(up(rd, 1), "question") == 0) {
			rd->answer = NULL;
		} else {
			leaf(rd, name);
		}
	}
	rd->depth--;
	free(rd->names[rd->depth]);
	free(rd->formats[rd->depth]);
	rd->text.len = 0;
	rd->text.buf[0] = '\0';
}

static void on_text(void *ctx, const char *s, size_t n)
{
	struct reader *rd = ctx;

	if (rd->in_question && rd->skip == 0)
		strbuf_add(&rd->text, s, n);
}

int moodle_import(const char *path, struct bank *b)
{
	struct reader rd;
	struct course_xml_handler h = {.start = on_start, .end = on_end, .text = on_text};
	int ret;

	memset(&rd, 0, sizeof(rd));
	rd.b = b;
	strbuf_init(&rd.text);
	strbuf_addc(&rd.text, 'x'); /* makes buf; emptied below */
	rd.text.len = 0;
	rd.text.buf[0] = '\0';
	raw_init(&rd.r);
	h.ctx = &rd;
	ret = course_xml_stream(path, &h, &b->errors);
	while (rd.depth > 0) {
		rd.depth--;
		free(rd.names[rd.depth]);
		free(rd.formats[rd.depth]);
	}
	raw_release(&rd.r);
	free(rd.unit_name);
	strbuf_release(&rd.text);
	return ret;
}

/* ----- writing ----- */

static void add_xml(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			strbuf_adds(sb, "&amp;");
		else if (*s == '<')
			strbuf_adds(sb, "&lt;");
		else if (*s == '>')
			strbuf_adds(sb, "&gt;");
		else
			strbuf_addc(sb, *s);
	}
}

/* HTML text in CDATA. The text is HTML-escaped first, so no "]]>" can end
 * the section early. */
static void add_html(struct strbuf *sb, const char *indent, const char *elem, const char *text)
{
	strbuf_addf(sb, "%s<%s format=\"html\">\n%s  <text><![CDATA[<p>", indent, elem, indent);
	add_xml(sb, text);
	strbuf_addf(sb, "</p>]]></text>\n%s</%s>\n", indent, elem);
}

static void add_plain(struct strbuf *sb, const char *text)
{
	strbuf_adds(sb, "<text>");
	add_xml(sb, text);
	strbuf_adds(sb, "</text>");
}

/* A percentage as Moodle writes it: at most five decimals. */
static void add_fraction(struct strbuf *sb, double f)
{
	interop_add_number(sb, f, 5);
}

static void add_answer(struct strbuf *sb, double fraction, const char *format, const char *text,
                       const char *feedback)
{
	strbuf_adds(sb, "    <answer fraction=\"");
	add_fraction(sb, fraction);
	strbuf_addf(sb, "\" format=\"%s\">\n", format);
	if (strcmp(format, "html") == 0) {
		strbuf_adds(sb, "      <text><![CDATA[<p>");
		add_xml(sb, text);
		strbuf_adds(sb, "</p>]]></text>\n");
	} else {
		strbuf_adds(sb, "      ");
		add_plain(sb, text);
		strbuf_addc(sb, '\n');
	}
	if (feedback)
		add_html(sb, "      ", "feedback", feedback);
	strbuf_adds(sb, "    </answer>\n");
}

static const char *const moodle_type[Q_TYPE_COUNT] = {
        [Q_SINGLE] = "multichoice", [Q_MULTIPLE] = "multichoice", [Q_TRUEFALSE] = "truefalse",
        [Q_SHORT] = "shortanswer",  [Q_NUMERIC] = "numerical",    [Q_ORDERING] = "ordering",
        [Q_MATCHING] = "matching",  [Q_SCENARIO] = "multichoice",
};

static int export_question(struct strbuf *sb, const struct question *q, char **err)
{
	strbuf_addf(sb, "  <question type=\"%s\">\n    <name>", moodle_type[q->type]);
	add_plain(sb, q->id);
	strbuf_adds(sb, "</name>\n");
	if (q->type == Q_SCENARIO) {
		strbuf_adds(sb, "    <questiontext format=\"html\">\n      <text><![CDATA[<p>");
		add_xml(sb, q->situation);
		strbuf_adds(sb, "</p><p>");
		add_xml(sb, q->prompt);
		strbuf_adds(sb, "</p>]]></text>\n    </questiontext>\n");
	} else {
		add_html(sb, "    ", "questiontext", q->prompt);
	}
	if (q->feedback)
		add_html(sb, "    ", "generalfeedback", q->feedback);
	strbuf_adds(sb, "    <defaultgrade>");
	interop_add_number(sb, q->weight, 10);
	strbuf_adds(sb, "</defaultgrade>\n    <penalty>0</penalty>\n    <hidden>0</hidden>\n"
	                "    <idnumber>");
	add_xml(sb, q->id);
	strbuf_adds(sb, "</idnumber>\n");
	switch (q->type) {
	case Q_SINGLE:
	case Q_SCENARIO:
	case Q_MULTIPLE: {
		size_t nright = 0;

		for (size_t i = 0; i < q->nchoices; i++)
			nright += q->choices[i].correct;
		if (q->type == Q_MULTIPLE && !interop_fraction_ok(100.0 / (double)nright))
			return util_error(
			        err,
			        "question '%s' has %zu right choices; Moodle's fractions allow "
			        "at most 10",
			        q->id, nright);
		strbuf_addf(sb, "    <single>%s</single>\n",
		            q->type == Q_MULTIPLE ? "false" : "true");
		strbuf_adds(sb, "    <shuffleanswers>true</shuffleanswers>\n"
		                "    <answernumbering>abc</answernumbering>\n");
		for (size_t i = 0; i < q->nchoices; i++) {
			const struct choice *ch = &q->choices[i];
			double f = q->type == Q_MULTIPLE
			                   ? (ch->correct ? 100.0 : -100.0) / (double)nright
			                   : (ch->correct ? 100 : 0);

			add_answer(sb, f, "html", ch->text, ch->feedback);
		}
		break;
	}
	case Q_TRUEFALSE:
		/* The loader makes True first, then False. */
		add_answer(sb, q->choices[0].correct ? 100 : 0, "moodle_auto_format", "true",
		           q->choices[0].feedback);
		add_answer(sb, q->choices[1].correct ? 100 : 0, "moodle_auto_format", "false",
		           q->choices[1].feedback);
		break;
	case Q_SHORT:
		strbuf_addf(sb, "    <usecase>%d</usecase>\n", q->case_sensitive ? 1 : 0);
		for (size_t i = 0; i < q->naccepted; i++)
			add_answer(sb, 100, "moodle_auto_format", q->accepted[i], NULL);
		/* Moodle has no synonyms: what they add is listed too. */
		{
			struct strlist extra;
			quiz_short_synonym_forms(q, &extra, INTEROP_SYNONYM_FORMS);
			for (size_t i = 0; i < extra.n; i++)
				add_answer(sb, 100, "moodle_auto_format", extra.items[i], NULL);
			strlist_release(&extra);
		}
		break;
	case Q_NUMERIC:
		strbuf_adds(sb, "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n"
		                "      <text>");
		interop_add_number(sb, q->answer, 10);
		strbuf_adds(sb, "</text>\n      <tolerance>");
		interop_add_number(sb, q->tolerance, 10);
		strbuf_adds(sb, "</tolerance>\n    </answer>\n");
		if (q->unit) {
			strbuf_adds(
			        sb,
			        "    <units>\n      <unit>\n        <multiplier>1</multiplier>\n"
			        "        <unit_name>");
			add_xml(sb, q->unit);
			strbuf_adds(
			        sb,
			        "</unit_name>\n      </unit>\n    </units>\n"
			        "    <unitgradingtype>0</unitgradingtype>\n"
			        "    <unitpenalty>0</unitpenalty>\n    <showunits>3</showunits>\n"
			        "    <unitsleft>0</unitsleft>\n");
		}
		break;
	case Q_ORDERING:
		strbuf_adds(sb,
		            "    <layouttype>VERTICAL</layouttype>\n"
		            "    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n"
		            "    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n");
		for (size_t i = 0; i < q->nchoices; i++) {
			strbuf_addf(sb,
			            "    <answer fraction=\"%zu\" format=\"moodle_auto_format\">\n"
			            "      ",
			            i + 1);
			add_plain(sb, q->choices[i].text);
			strbuf_adds(sb, "\n    </answer>\n");
		}
		break;
	case Q_MATCHING:
		strbuf_adds(sb, "    <shuffleanswers>true</shuffleanswers>\n");
		for (size_t i = 0; i < q->npairs; i++) {
			strbuf_adds(sb,
			            "    <subquestion format=\"html\">\n      <text><![CDATA[<p>");
			add_xml(sb, q->pairs[i].left);
			strbuf_adds(sb, "</p>]]></text>\n      <answer>\n        ");
			add_plain(sb, q->pairs[i].right);
			strbuf_adds(sb, "\n      </answer>\n    </subquestion>\n");
		}
		break;
	}
	for (size_t i = 0; i < q->nhints; i++)
		add_html(sb, "    ", "hint", q->hints[i]);
	if (q->type == Q_SCENARIO)
		strbuf_adds(sb, "    <tags>\n      <tag><text>" INTEROP_SCENARIO_TAG
		                "</text></tag>\n    </tags>\n");
	strbuf_adds(sb, "  </question>\n");
	return 0;
}

int moodle_export(const struct course *c, struct strbuf *out, char **err)
{
	strbuf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
	strbuf_adds(out,
	            "  <question type=\"category\">\n    <category>\n      <text>$course$/top/");
	add_xml(out, c->id);
	strbuf_adds(out, "</text>\n    </category>\n");
	add_html(out, "    ", "info", c->title);
	strbuf_adds(out, "  </question>\n");
	for (size_t i = 0; i < c->quiz.nquestions; i++)
		if (export_question(out, &c->quiz.questions[i], err) < 0)
			return -1;
	strbuf_adds(out, "</quiz>\n");
	return 0;
}
