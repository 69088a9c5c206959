/*
 * Printing reports as a table, CSV (RFC 4180: CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled) or JSON (keys in column
 * order, so output is byte-for-byte stable).
 */
#include "report.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "digest.h"
#include "layout.h"
#include "reports.h"
#include "store.h"
#include "store-events.h"

int report_format_parse(const char *s, enum report_format *out)
{
	if (strcmp(s, "table") == 0)
		*out = REPORT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = REPORT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = REPORT_JSON;
	else
		return -1;
	return 0;
}

void report_init(struct report *r, const char *name, const struct report_column *columns,
                 size_t ncolumns)
{
	r->name = name;
	r->columns = columns;
	r->ncolumns = ncolumns;
	strpool_init(&r->text);
	r->cells = NULL;
	r->ncells = r->cells_cap = 0;
	strlist_init(&r->meta);
	r->table = NULL;
	r->styles = NULL;
	r->nstyles = 0;
}

void report_set_table(struct report *r, const struct report_table_column *table)
{
	r->table = table;
}

void report_release(struct report *r)
{
	strpool_release(&r->text);
	xfree_table(r->cells);
	r->cells = NULL;
	r->ncells = r->cells_cap = 0;
	strlist_release(&r->meta);
	free(r->styles);
	r->styles = NULL;
	r->nstyles = 0;
}

void report_style_row(struct report *r, enum term_style style)
{
	size_t row = report_rows(r);

	if (row == 0)
		return;
	if (r->nstyles < row) {
		r->styles = xrealloc(r->styles, row * sizeof(*r->styles));
		for (size_t i = r->nstyles; i < row; i++)
			r->styles[i] = TERM_PLAIN;
		r->nstyles = row;
	}
	r->styles[row - 1] = style;
}

/* Room for cap cells, at least need: a table (xcalloc_table), so a long
 * report's cells take a huge page, not a fresh small page every 512. */
static void cells_room(struct report *r, size_t need, size_t cap)
{
	const char **bigger;

	if (cap < need)
		cap = need;
	bigger = xcalloc_table(cap, sizeof(*bigger));
	if (r->ncells)
		memcpy(bigger, r->cells, r->ncells * sizeof(*bigger));
	xfree_table(r->cells);
	r->cells = bigger;
	r->cells_cap = cap;
}

void report_expect_rows(struct report *r, size_t n)
{
	size_t need = r->ncells + n * r->ncolumns;

	if (need > r->cells_cap)
		cells_room(r, need, need);
}

void report_add_row(struct report *r, const char *const *cells)
{
	if (r->ncells + r->ncolumns > r->cells_cap)
		cells_room(r, r->ncells + r->ncolumns, 2 * r->cells_cap + 64);
	for (size_t i = 0; i < r->ncolumns; i++)
		r->cells[r->ncells++] =
		        cells[i] && *cells[i] ? strpool_dup(&r->text, cells[i]) : "";
}

void report_take_rows(struct report *r, const char *const *cells, size_t stride, size_t n,
                      struct strpool *text)
{
	assert(stride >= r->ncolumns);
	report_expect_rows(r, n);
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < r->ncolumns; i++) {
			const char *c = cells[k * stride + i];
			r->cells[r->ncells++] = c && *c ? c : "";
		}
	strpool_take(&r->text, text);
}

void report_add_meta(struct report *r, const char *key, const char *value, bool number)
{
	strlist_add(&r->meta, key);
	strlist_add(&r->meta, value);
	strlist_add(&r->meta, number ? "n" : "s");
}

size_t report_rows(const struct report *r)
{
	return r->ncolumns ? r->ncells / r->ncolumns : 0;
}

static const char *cell(const struct report *r, size_t row, size_t col)
{
	return r->cells[row * r->ncolumns + col];
}

/* Whether s is a plain decimal number as the reports print them: an
 * optional minus, digits, and optionally a point and more digits ("-0.25"). */
static bool is_plain_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

bool report_csv_is_formula(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) && !is_plain_number(s);
}

/* RFC 4180, after OWASP's advice on CSV injection: a cell a spreadsheet
 * would run as a formula (see report_csv_is_formula) gets a leading single
 * quote, so it opens as the text it is. */
static void csv_field(FILE *out, const char *s)
{
	bool formula = report_csv_is_formula(s);

	if (!strpbrk(s, ",\"\r\n") && !formula) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void print_csv(const struct report *r, FILE *out)
{
	for (size_t c = 0; c < r->ncolumns; c++) {
		if (c)
			fputc(',', out);
		csv_field(out, r->columns[c].key);
	}
	fputs("\r\n", out);
	for (size_t row = 0; row < report_rows(r); row++) {
		for (size_t c = 0; c < r->ncolumns; c++) {
			if (c)
				fputc(',', out);
			csv_field(out, cell(r, row, c));
		}
		fputs("\r\n", out);
	}
}

static void json_string(FILE *out, const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_add_json(&sb, s);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static void print_json(const struct report *r, FILE *out)
{
	fputs("{\n  \"report\": ", out);
	json_string(out, r->name);
	for (size_t i = 0; i + 2 < r->meta.n; i += 3) {
		fputs(",\n  ", out);
		json_string(out, r->meta.items[i]);
		fputs(": ", out);
		if (r->meta.items[i + 2][0] == 'n')
			fputs(r->meta.items[i + 1], out);
		else
			json_string(out, r->meta.items[i + 1]);
	}
	fputs(",\n  \"rows\": [", out);
	for (size_t row = 0; row < report_rows(r); row++) {
		fputs(row ? ",\n    {" : "\n    {", out);
		for (size_t c = 0; c < r->ncolumns; c++) {
			const char *v = cell(r, row, c);
			if (c)
				fputs(", ", out);
			json_string(out, r->columns[c].key);
			fputs(": ", out);
			if (!*v)
				fputs("null", out);
			else if (r->columns[c].number)
				fputs(v, out);
			else
				json_string(out, v);
		}
		fputc('}', out);
	}
	fputs(report_rows(r) ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* report_duration into out, without allocating: a table shows one for
 * every row twice (once to measure, once to print). */
static char *duration_into(long seconds, char out[REPORT_DURATION_SIZE])
{
	char *end;

	if (seconds >= 3600) {
		end = util_put_int(out, seconds / 3600);
		*end++ = 'h';
		end = util_put_digits(end, (unsigned long long)(seconds / 60 % 60), 2);
		*end++ = 'm';
	} else {
		/* reports_fmt_count's digits: seconds may be negative. */
		end = util_put_int(out, seconds < 60 ? seconds : seconds / 60);
		*end++ = seconds < 60 ? 's' : 'm';
	}
	*end = '\0';
	return out;
}

char *report_duration(long seconds)
{
	char buf[REPORT_DURATION_SIZE];

	return xstrdup(duration_into(seconds, buf));
}

/* The width of a bar in a table cell. */
#define REPORT_BAR_CELLS 10

/* Room for what a table shows of a date or a duration (shown_raw). */
#define SHOWN_SCRATCH REPORT_DURATION_SIZE

/* What a table shows of a cell before control characters are made
 * visible: the cell itself, a date or duration written in scratch, or a
 * new string put in *owned. A table shows every row twice: the dates and
 * durations of 20,000 learners were 160,000 allocations. */
static const char *shown_raw(const struct report *r, size_t row, size_t col, char **owned,
                             char scratch[SHOWN_SCRATCH])
{
	const struct report_column *c = &r->columns[col];
	const struct report_table_column *look = r->table ? &r->table[col] : NULL;
	const char *v = cell(r, row, col);

	*owned = NULL;
	if (!*v)
		return v;
	if (c->date && strlen(v) > 10) {
		memcpy(scratch, v, 10);
		scratch[10] = '\0';
		return scratch;
	}
	if (look && look->seconds)
		return duration_into(strtol(v, NULL, 10), scratch);
	if (look && look->bar) {
		char *bar = term_bar(strtod(v, NULL) / 100.0, REPORT_BAR_CELLS);
		*owned = xasprintf("%s %s", bar, v);
		free(bar);
		return *owned;
	}
	return v;
}

/* The widest line of a cell. */
static size_t cell_width(const char *v)
{
	size_t widest = 0;
	struct strlist lines;

	if (!strchr(v, '\n'))
		return util_width(v);
	strlist_init(&lines);
	layout_wrap(v, 0, &lines);
	for (size_t i = 0; i < lines.n; i++)
		if (util_width(lines.items[i]) > widest)
			widest = util_width(lines.items[i]);
	strlist_release(&lines);
	return widest;
}

/* Whether layout_wrap would give v back whole as its only line when it is
 * no wider than the column: no tab or newline, and single spaces between
 * words and none at either end. Most cells of a long report are. */
static bool as_is(const char *v)
{
	if (*v == ' ')
		return false;
	for (const char *p = v; *p; p++)
		if (*p == '\t' || *p == '\n' || (*p == ' ' && (p[1] == ' ' || !p[1])))
			return false;
	return true;
}

/* What a table shows of a cell, its width (cell_width) and whether it is
 * printed as it is when it fits (as_is): dates without their time, seconds
 * as a duration, a percent after its bar. Empty cells stay empty. Control
 * characters are made visible (names, answers, notes and course text may
 * hold them); only the last column, which wraps, keeps its newlines. The
 * cell itself when it is shown as it is (most are: no copy), or a new
 * string also put in *owned for the caller to free. */
static const char *shown(const struct report *r, size_t row, size_t col, char **owned,
                         char scratch[SHOWN_SCRATCH], size_t *width, bool *whole)
{
	const char *raw = shown_raw(r, row, col, owned, scratch), *p = raw;
	bool lines = col + 1 == r->ncolumns, newline = false, twice = false;
	char *v;

	/* Printable ASCII is shown as it is, a column a byte; two spaces in a
	 * row are looked for on the way. */
	for (; (*p >= ' ' && *p <= '~') || (lines && *p == '\n'); p++) {
		newline = newline || *p == '\n';
		if (*p == ' ' && p[1] == ' ')
			twice = true;
	}
	if (!*p && !newline) {
		*width = (size_t)(p - raw);
		*whole = *raw != ' ' && (p == raw || p[-1] != ' ') && !twice;
		return raw;
	}
	if (!*p) {
		*width = cell_width(raw);
		*whole = false;
		return raw;
	}
	v = util_visible(raw, lines);
	free(*owned);
	*owned = v;
	*width = cell_width(v);
	*whole = as_is(v);
	return v;
}

static char *header(const struct report *r, size_t col)
{
	const char *title = r->table ? r->table[col].title : NULL;
	char *h = xstrdup(title ? title : r->columns[col].key);

	for (char *p = h; *p; p++)
		*p = *p == '_' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	return h;
}

void report_print_meta(const struct report *r, const struct term *t, FILE *out)
{
	if (r->meta.n)
		fputc('\n', out);
	for (size_t i = 0; i + 2 < r->meta.n; i += 3) {
		const char *key = r->meta.items[i], *value = r->meta.items[i + 1];
		/* What does not fit beside its key goes under it, wrapped. */
		if (t->width && util_width(key) + 2 + util_width(value) > (size_t)t->width) {
			fprintf(out, "%s:\n", key);
			term_wrap(t, out, value, 2, NULL);
		} else {
			fprintf(out, "%s: %s\n", key, value);
		}
	}
}

/* Whether a column may wrap inside itself: text may; numbers, dates,
 * durations and bars keep their width. */
static bool wraps(const struct report *r, size_t col)
{
	const struct report_table_column *look = r->table ? &r->table[col] : NULL;

	return !r->columns[col].number && !r->columns[col].date &&
	       !(look && (look->seconds || look->bar));
}

/* One row as lines, each cell wrapped inside its column; the last column
 * is not padded, and no line ends in spaces. A row whose cells all fit is
 * printed as it is, with nothing wrapped or copied. cell_width and whole:
 * each cell's (cell_width, as_is), found once for the whole table; line:
 * room for a line, kept from row to row. */
static void print_row(const struct report *r, const char *const *cells, const size_t *cell_width,
                      const bool *whole, const size_t *width, struct strbuf *line_buf, FILE *out)
{
	struct strlist *lines = NULL;
	size_t height = 1;
	bool plain = true;
	struct strbuf line = *line_buf;

	for (size_t c = 0; c < r->ncolumns && plain; c++)
		plain = whole[c] && (!width[c] || cell_width[c] <= width[c]);
	if (!plain) {
		lines = xcalloc(r->ncolumns, sizeof(*lines));
		for (size_t c = 0; c < r->ncolumns; c++) {
			strlist_init(&lines[c]);
			layout_wrap(cells[c], width[c], &lines[c]);
			if (lines[c].n > height)
				height = lines[c].n;
		}
	}
	for (size_t i = 0; i < height; i++) {
		line.len = 0;
		for (size_t c = 0; c < r->ncolumns; c++) {
			const char *v = plain ? cells[c] : i < lines[c].n ? lines[c].items[i] : "";
			size_t w = plain ? cell_width[c] : util_width(v);
			size_t pad = width[c] > w ? width[c] - w : 0, n = strlen(v);
			size_t before = r->columns[c].number ? pad : 0;
			size_t after = c + 1 == r->ncolumns   ? 0
			               : r->columns[c].number ? 2
			                                      : pad + 2;
			/* Written in place, one check of room a cell, where
			 * strbuf's calls checked it three times. */
			strbuf_reserve(&line, before + n + after + 1);
			memset(line.buf + line.len, ' ', before);
			memcpy(line.buf + line.len + before, v, n);
			memset(line.buf + line.len + before + n, ' ', after);
			line.len += before + n + after;
		}
		while (line.len && line.buf[line.len - 1] == ' ')
			line.len--;
		line.buf[line.len++] = '\n';
		line.buf[line.len] = '\0';
		fwrite(line.buf, 1, line.len, out);
	}
	*line_buf = line;
	for (size_t c = 0; lines && c < r->ncolumns; c++)
		strlist_release(&lines[c]);
	free(lines);
}

/* One row's cells as a table shows them (shown), with their widths and
 * whether each prints as it is; what was made to show them goes in owned,
 * for free_shown. */
static void show_row(const struct report *r, size_t row, const char **cells, size_t *widths,
                     bool *whole, char **owned, char (*scratch)[SHOWN_SCRATCH])
{
	for (size_t c = 0; c < r->ncolumns; c++)
		cells[c] = shown(r, row, c, &owned[c], scratch[c], &widths[c], &whole[c]);
}

static void free_shown(char **owned, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		if (owned[c])
			free(owned[c]);
		owned[c] = NULL;
	}
}

/* A table too wide for the terminal even with every column at its least:
 * each row as a record, a field a line, its value wrapped beside the
 * header (as psql's expanded display). */
static void print_records(const struct report *r, const struct term *t, char **headers, size_t rows,
                          FILE *out)
{
	size_t label = 0, n = r->ncolumns;
	const char **cells = xcalloc(n, sizeof(*cells));
	size_t *widths = xcalloc(n, sizeof(*widths));
	bool *whole = xcalloc(n, sizeof(*whole));
	char **owned = xcalloc(n, sizeof(*owned));
	char(*scratch)[SHOWN_SCRATCH] = xcalloc(n, sizeof(*scratch));

	for (size_t c = 0; c < n; c++)
		if (util_width(headers[c]) > label)
			label = util_width(headers[c]);
	for (size_t row = 0; row < rows; row++) {
		size_t room = (size_t)t->width > label + 2 ? (size_t)t->width - label - 2 : 1;
		show_row(r, row, cells, widths, whole, owned, scratch);
		if (row)
			fputc('\n', out);
		if (row < r->nstyles)
			fputs(term_on(t, r->styles[row]), out);
		for (size_t c = 0; c < n; c++) {
			struct strlist lines;
			strlist_init(&lines);
			layout_wrap(cells[c], room, &lines);
			for (size_t i = 0; i < lines.n; i++) {
				fprintf(out, "%s%s%s", i ? "" : term_on(t, TERM_BOLD),
				        i ? "" : headers[c], i ? "" : term_off(t));
				if (row < r->nstyles && !i)
					fputs(term_on(t, r->styles[row]), out);
				if (*lines.items[i])
					fprintf(out, "%*s%s",
					        (int)(label + 2 - (i ? 0 : util_width(headers[c]))),
					        "", lines.items[i]);
				fputc('\n', out);
			}
			strlist_release(&lines);
		}
		if (row < r->nstyles)
			fputs(term_off(t), out);
		free_shown(owned, n);
	}
	free(owned);
	free(scratch);
	free(whole);
	free(widths);
	free(cells);
}

/*
 * A table at the terminal's width: every cell shown whole, text columns
 * wrapping inside themselves, the widest giving up room first and none
 * narrower than LAYOUT_MIN_COLUMN (or its longest word); when even that is
 * too wide, each row as a record. Not at a terminal (width 0) nothing is
 * cut or wrapped. Rows are shown twice, once to measure the columns and
 * once to print them, a row at a time: keeping every cell as shown cost
 * four arrays of a cell's size (5 MB at 20,000 learners), each page of
 * which is a fault on a fresh page, and those cost more than showing a
 * row again (docs/performance.md).
 */
static void print_table(const struct report *r, const struct term *t, FILE *out)
{
	size_t n = r->ncolumns, rows = report_rows(r);
	size_t *natural = xcalloc(n, sizeof(*natural)), *least = xcalloc(n, sizeof(*least));
	size_t *width = xcalloc(n, sizeof(*width));
	bool *wrap = xcalloc(n, sizeof(*wrap)), fits;
	char **headers = xcalloc(n, sizeof(*headers));
	size_t *header_width = xcalloc(n, sizeof(*header_width));
	bool *header_whole = xcalloc(n, sizeof(*header_whole));
	/* One row as shown: each cell, its width, whether it prints as it
	 * is, and what was made to show it. */
	const char **cells = xcalloc(n, sizeof(*cells));
	size_t *widths = xcalloc(n, sizeof(*widths));
	bool *whole = xcalloc(n, sizeof(*whole));
	char **owned = xcalloc(n, sizeof(*owned));
	char(*scratch)[SHOWN_SCRATCH] = xcalloc(n, sizeof(*scratch));
	struct strbuf line;

	for (size_t c = 0; c < n; c++) {
		headers[c] = header(r, c);
		header_width[c] = cell_width(headers[c]);
		header_whole[c] = as_is(headers[c]);
		wrap[c] = wraps(r, c);
		natural[c] = header_width[c];
		least[c] = layout_longest_word(headers[c]);
	}
	for (size_t row = 0; row < rows; row++) {
		show_row(r, row, cells, widths, whole, owned, scratch);
		for (size_t c = 0; c < n; c++) {
			size_t w = widths[c];
			if (w > natural[c])
				natural[c] = w;
			/* Off a terminal no column is narrowed (layout_fit), so
			 * the least is not needed; and no word is wider than its
			 * cell. */
			if (t->width && wrap[c] && w > least[c] &&
			    (w = layout_longest_word(cells[c])) > least[c])
				least[c] = w;
		}
		free_shown(owned, n);
	}
	for (size_t c = 0; c < n; c++) {
		if (least[c] < LAYOUT_MIN_COLUMN)
			least[c] = LAYOUT_MIN_COLUMN;
		if (!wrap[c] || least[c] > natural[c])
			least[c] = natural[c];
	}
	fits = layout_fit(natural, least, wrap, n, 2, (size_t)t->width, width);
	if (!fits) {
		print_records(r, t, headers, rows, out);
	} else {
		strbuf_init(&line);
		fputs(term_on(t, TERM_BOLD), out);
		print_row(r, (const char *const *)headers, header_width, header_whole, width, &line,
		          out);
		fputs(term_off(t), out);
		for (size_t row = 0; row < rows; row++) {
			show_row(r, row, cells, widths, whole, owned, scratch);
			if (row < r->nstyles)
				fputs(term_on(t, r->styles[row]), out);
			print_row(r, cells, widths, whole, width, &line, out);
			if (row < r->nstyles)
				fputs(term_off(t), out);
			free_shown(owned, n);
		}
		strbuf_release(&line);
	}
	report_print_meta(r, t, out);
	free(owned);
	free(scratch);
	free(whole);
	free(widths);
	free(header_whole);
	free(header_width);
	for (size_t c = 0; c < n; c++)
		free(headers[c]);
	free(cells);
	free(headers);
	free(natural);
	free(least);
	free(width);
	free(wrap);
}

void report_print(const struct report *r, enum report_format format, const struct term *t,
                  FILE *out)
{
	switch (format) {
	case REPORT_CSV:
		print_csv(r, out);
		break;
	case REPORT_JSON:
		print_json(r, out);
		break;
	case REPORT_TABLE:
		print_table(r, t, out);
		break;
	}
}

int report_add_record_head(struct report *r, struct store *st, char **err)
{
	char head[DIGEST_SHA256_HEX], count[32], now[32];
	long long events;

	if (store_head(st, &events, head, err) < 0)
		return -1;
	clock_iso(clock_now(), now, sizeof(now));
	snprintf(count, sizeof(count), "%lld", events);
	report_add_meta(r, "generated_at", now, false);
	report_add_meta(r, "record_events", count, true);
	report_add_meta(r, "record_head", events ? head : "", false);
	/* A report from a test record says so: its times, "now" included, may
	 * have been set by UPSKILL_NOW, so it proves nothing to an auditor. */
	if (store_is_test_record(st))
		report_add_meta(r, "test_record", "yes: times may have been set by UPSKILL_NOW",
		                false);
	return 0;
}
