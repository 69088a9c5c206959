/*
 * Reading JSON (RFC 8259) into a small tree, for files upskill wrote and a
 * person may have edited since: receipts. Strict: one value and nothing
 * after it, no duplicate keys, strings valid UTF-8 without NUL, nesting no
 * deeper than JSON_MAX_DEPTH. Writing JSON is strbuf_add_json (util.h).
 */
#ifndef UPSKILL_JSON_H
#define UPSKILL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 32

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	char *text;         /* a string's value, or a number as written */
	size_t n;           /* elements of an array or members of an object */
	struct json *items; /* those elements, or the members' values */
	char **keys;        /* the members' names (objects only) */
};

/* Parses len bytes of text; the caller frees the tree with json_free. NULL
 * with "at byte N: why" when it is not JSON as described above. */
struct json *json_parse(const char *text, size_t len, char **err);
void json_free(struct json *j);

/* The member of an object named key; NULL if j is no object or has none. */
const struct json *json_get(const struct json *j, const char *key);
/* A member's string value, or NULL if it is missing or not a string. */
const char *json_get_string(const struct json *j, const char *key);
/* A member that is a whole number 0 to 2^63-1, written without sign,
 * fraction or exponent: 0 and *out set, or -1. */
int json_get_uint(const struct json *j, const char *key, uint64_t *out);

#endif
