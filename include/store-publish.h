/*
 * Publication (store-publish.c): nothing counts toward compliance or
 * readiness that the organisation did not publish. A consultant publishes
 * a module's exact file, by its SHA-256, as a version; a quiz finished on
 * any other file is practice. A version published by mistake is withdrawn
 * by a new event, never an edit. A policy's versions are its published
 * ones, in the order they were published.
 */
#ifndef UPSKILL_STORE_PUBLISH_H
#define UPSKILL_STORE_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* What publishing one module file records. */
struct publish_request {
	const char *module;
	const char *version;
	const char *file_sha256;
	/* For a policy module, its policy's version, kind of change, validity
	 * and text hash; policy_version NULL otherwise. */
	const char *policy_version;
	bool minor;
	int valid_months;
	const char *text_sha256;
};

/* The published module's event data (the JSON verify compares rows with). */
char *store_publish_data(const struct publish_request *r);

/* Publishes a file as a version, with an event by actor: 0 and *id, or
 * STORE_EXISTS when exactly this file is published already; -1 when that
 * version (or that policy version) is published with other content. */
int store_publish(struct store *st, long long actor, const struct publish_request *r, long long *id,
                  char **err);
/* Withdraws a published version, with an event carrying the reason. */
int store_withdraw(struct store *st, long long actor, const char *module, const char *version,
                   const char *reason, char **err);
/* The publication (not withdrawn) of exactly this file as this version of
 * module: 0 with *id, which is 0 when there is none. */
int store_publication_find(struct store *st, const char *module, const char *version,
                           const char *file_sha256, long long *id, char **err);
/* The live (not withdrawn) publication of module's version, whatever its
 * file: 0 with *id (0 if none) and *file_sha256 (the caller frees it). */
int store_publication_live(struct store *st, const char *module, const char *version, long long *id,
                           char **file_sha256, char **err);

/* The SHA-256 of every module file the record holds as published (withdrawn
 * or not), each once, sorted by strcmp, into out (course_vouched). */
int store_published_files(struct store *st, struct strlist *out, char **err);

/* A module's last live (not withdrawn) publication: the version, the
 * SHA-256 of the file published ("" for one registered with no file,
 * before publishing existed), and whether it published a policy. */
struct store_latest {
	char *module, *version, *file;
	bool policy;
};

/* Every module's last live publication, sorted by module id (strcmp), into
 * a new array the caller frees with store_latest_free. */
int store_published_latest(struct store *st, struct store_latest **out, size_t *n, char **err);
void store_latest_free(struct store_latest *v, size_t n);
/* The entry of v (sorted, n long) for module, or NULL. */
const struct store_latest *store_latest_find(const struct store_latest *v, size_t n,
                                             const char *module);

#endif
