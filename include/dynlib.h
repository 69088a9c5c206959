/*
 * Libraries opened when first needed rather than linked (dynlib.c): libpq
 * (db-postgres.c) and libcurl (http.c). Linked, they and the thirty
 * libraries they pull in (TLS, Kerberos, LDAP, ...) were loaded and
 * relocated by every process, most of which never speaks to a server:
 * 18 M instructions and some 6 MiB at each start (docs/performance.md).
 * libxml2 (course.c) too, at the first parse: with ICU and libstdc++ it was
 * 110 of the 241 page faults of `upskill --version` (each costs 10-15 us on
 * a VM) and 3.4 M of its 5.8 M instructions, and a warm start, whose
 * catalogue comes from the cache, never parses.
 */
#ifndef UPSKILL_DYNLIB_H
#define UPSKILL_DYNLIB_H

#include <stddef.h>

/* Opens the library soname (package: the Debian package that ships it,
 * named in the message); NULL with *err set when it cannot be. */
void *dynlib_open(const char *soname, const char *package, char **err);

/* Copies the address of the function name in lib into *slot, a function
 * pointer of size bytes: 0, or -1 with *err set when lib lacks it. */
int dynlib_sym(void *lib, const char *soname, const char *name, void *slot, size_t size,
               char **err);

#endif
