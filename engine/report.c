/*
 * Printing reports as a table, CSV (RFC 4180: CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled) or JSON (keys in column
 * order, so output is byte-for-byte stable).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

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
	strlist_init(&r->cells);
	strlist_init(&r->meta);
}

void report_release(struct report *r)
{
	strlist_release(&r->cells);
	strlist_release(&r->meta);
}

void report_add_row(struct report *r, const char *const *cells)
{
	for (size_t i = 0; i < r->ncolumns; i++)
		strlist_add(&r->cells, cells[i] ? cells[i] : "");
}

void report_add_meta(struct report *r, const char *key, const char *value, bool number)
{
	strlist_add(&r->meta, key);
	strlist_add(&r->meta, value);
	strlist_add(&r->meta, number ? "n" : "s");
}

size_t report_rows(const struct report *r)
{
	return r->ncolumns ? r->cells.n / r->ncolumns : 0;
}

static const char *cell(const struct report *r, size_t row, size_t col)
{
	return r->cells.items[row * r->ncolumns + col];
}

static void csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
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

/* What a table shows of a cell: dates without their time. */
static const char *shown(const struct report *r, size_t row, size_t col, char buf[11])
{
	const char *v = cell(r, row, col);

	if (r->columns[col].date && strlen(v) > 10) {
		memcpy(buf, v, 10);
		buf[10] = '\0';
		return buf;
	}
	return v;
}

static char *header(const char *key)
{
	char *h = xstrdup(key);

	for (char *p = h; *p; p++)
		*p = *p == '_' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	return h;
}

static void print_table(const struct report *r, const struct term *t, FILE *out)
{
	size_t *width = xcalloc(r->ncolumns, sizeof(*width));
	size_t rows = report_rows(r), total = 0, last;
	char **headers = xcalloc(r->ncolumns, sizeof(*headers));

	for (size_t c = 0; c < r->ncolumns; c++) {
		headers[c] = header(r->columns[c].key);
		width[c] = util_width(headers[c]);
		for (size_t row = 0; row < rows; row++) {
			char buf[11];
			if (util_width(shown(r, row, c, buf)) > width[c])
				width[c] = util_width(shown(r, row, c, buf));
		}
	}
	/* The last column takes what is left of the terminal, wrapping within it. */
	last = r->ncolumns - 1;
	for (size_t c = 0; c < last; c++)
		total += width[c] + 2;

	fputs(term_on(t, TERM_BOLD), out);
	for (size_t c = 0; c < r->ncolumns; c++) {
		if (c == last)
			fputs(headers[c], out);
		else if (r->columns[c].number)
			fprintf(out, "%*s  ", (int)width[c], headers[c]);
		else
			util_print_padded(out, headers[c], width[c] + 2);
	}
	fprintf(out, "%s\n", term_off(t));
	for (size_t row = 0; row < rows; row++) {
		struct strbuf prefix;
		char buf[11];

		strbuf_init(&prefix);
		for (size_t c = 0; c < last; c++) {
			const char *v = shown(r, row, c, buf);
			size_t w = util_width(v);
			if (r->columns[c].number)
				strbuf_addf(&prefix, "%*s", (int)(width[c] - w), "");
			strbuf_adds(&prefix, v);
			if (!r->columns[c].number)
				strbuf_addf(&prefix, "%*s", (int)(width[c] - w), "");
			strbuf_adds(&prefix, "  ");
		}
		term_wrap(t, out, shown(r, row, last, buf), (int)total, prefix.buf);
		strbuf_release(&prefix);
	}
	if (r->meta.n)
		fputc('\n', out);
	for (size_t i = 0; i + 2 < r->meta.n; i += 3)
		fprintf(out, "%s: %s\n", r->meta.items[i], r->meta.items[i + 1]);
	for (size_t c = 0; c < r->ncolumns; c++)
		free(headers[c]);
	free(headers);
	free(width);
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
