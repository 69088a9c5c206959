/*
 * The store's SQL as PostgreSQL reads it. The store writes SQLite's SQL
 * with a few named forms (store-private.h); this turns them, once per
 * statement at prepare, into PostgreSQL's: placeholders, JSON members,
 * JSON arrays, string aggregation, characters by code, and the case-blind
 * comparison of names. Pure: no I/O, no libpq.
 */
#ifndef UPSKILL_PGSQL_H
#define UPSKILL_PGSQL_H

/* The SQL text for PostgreSQL (the caller frees it); *nparams gets the
 * highest placeholder number. */
char *pgsql_rewrite(const char *sql, int *nparams);

#endif
