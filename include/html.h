/*
 * Writing HTML text safely: every string from the record or a course file
 * goes into a page through html_add_text, which escapes the five characters
 * that could end an element or an attribute. Pure; no I/O.
 */
#ifndef UPSKILL_HTML_H
#define UPSKILL_HTML_H

#include "util.h"

/* Appends s with &, <, >, " and ' escaped, for element text and for
 * attribute values in double quotes alike. Control characters are shown as
 * util_visible shows them, never sent. */
void html_add_text(struct strbuf *sb, const char *s);

/* Appends an id for an anchor made of prefix and a number: "person-3". */
void html_add_id(struct strbuf *sb, const char *prefix, size_t n);

#endif
