/*
 * Tabular output in three forms: an aligned table for people (fitted to the
 * terminal), CSV per RFC 4180 and JSON for programs. A report is built row
 * by row and printed once. Every table the program prints goes through
 * here: the reports, and progress, courses and learner list.
 */
#ifndef UPSKILL_REPORT_H
#define UPSKILL_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "term.h"
#include "util.h"

enum report_format {
	REPORT_TABLE,
	REPORT_CSV,
	REPORT_JSON,
};

/* A column: its JSON key (and CSV header), and whether values are numbers
 * (printed bare in JSON, right-aligned in tables). The table header is the
 * key in capitals with spaces for underscores. */
struct report_column {
	const char *key;
	bool number;
	bool date; /* an ISO time: the table shows the date only */
};

/* How the table form shows a column, beyond struct report_column. */
struct report_table_column {
	const char *title; /* the header, when the key's is too wide; NULL for the key's */
	bool seconds;      /* a number of seconds: shown as "45s", "12m", "1h05m" */
	bool bar;          /* a percent, 0..100: shown after a bar */
};

struct report {
	const char *name; /* "compliance": the JSON "report" value */
	const struct report_column *columns;
	size_t ncolumns;
	/* The cells row by row ("" for an empty one), their text in a pool:
	 * a few blocks, not an allocation a cell, and never moved as it grows. */
	struct strpool text;
	const char **cells;
	size_t ncells, cells_cap;
	struct strlist meta; /* key, value, "n" or "s"...: JSON fields and table footer */
	const struct report_table_column *table; /* NULL, or one per column */
	enum term_style *styles;                 /* per row, for the table form; NULL: all plain */
	size_t nstyles;
};

/* Parses "table", "csv" or "json"; -1 otherwise. */
int report_format_parse(const char *s, enum report_format *out);

void report_init(struct report *r, const char *name, const struct report_column *columns,
                 size_t ncolumns);
void report_release(struct report *r);
/* Sets how a table shows each column (ncolumns of them, borrowed); without
 * it a table shows cells as they are. CSV and JSON are not affected. */
void report_set_table(struct report *r, const struct report_table_column *table);
/* Room for n more rows, when a report knows how many it will have. */
void report_expect_rows(struct report *r, size_t n);
/* Adds a row of ncolumns cells (NULL is an empty cell). */
void report_add_row(struct report *r, const char *const *cells);
/* Appends n rows made elsewhere (another thread): row k's cells are
 * cells[k * stride] on, its first r's columns taken, each a string of text
 * or NULL; text's strings become r's, not copied. */
void report_take_rows(struct report *r, const char *const *cells, size_t stride, size_t n,
                      struct strpool *text);
/* Shows the last row added in style, in the table form only. */
void report_style_row(struct report *r, enum term_style style);
/* Adds a line of context (the record's head hash, say): a JSON field, and a
 * line under the table; CSV stays pure rows. */
void report_add_meta(struct report *r, const char *key, const char *value, bool number);
size_t report_rows(const struct report *r);

/* Whether CSV neutralises s (OWASP's rule on CSV injection): it starts with
 * '=', '+', '-', '@', a tab or a carriage return and is not a plain number
 * such as "-0.25". Such a cell is written quoted, after a single quote. */
bool report_csv_is_formula(const char *s);

/* The lines of context under a table, after a blank line: "key: value",
 * the value under its key when the two do not fit on one line. */
void report_print_meta(const struct report *r, const struct term *t, FILE *out);
void report_print(const struct report *r, enum report_format format, const struct term *t,
                  FILE *out);

/* Adds when the report was made and the record's head (its number of events
 * and the last event's hash), so a later change to the record shows. */
struct store;
int report_add_record_head(struct report *r, struct store *st, char **err);

/* A number of seconds as a table shows it: "45s", "12m", "1h05m"; the
 * caller frees it. */
char *report_duration(long seconds);
#define REPORT_DURATION_SIZE 32

#endif
