/*
 * Policy training in the record (store-policy.c): each version of a policy
 * as published, and acknowledgements of its text.
 */
#ifndef UPSKILL_STORE_POLICY_H
#define UPSKILL_STORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

struct policy_version {
	char *version;
	bool minor; /* a minor correction: acknowledgements of the one before still count */
	int valid_months;
	char *text_hash;  /* SHA-256 of the policy text, hex */
	char *first_seen; /* when first published */
};

/* Every version of a policy published and not withdrawn, oldest first. */
int store_policy_versions(struct store *st, const char *policy, struct policy_version **out,
                          size_t *n, char **err);
/* Records that learner acknowledged the text (by its hash) of a version;
 * kiosk when they signed in without a credential (settings.h). */
int store_ack_add(struct store *st, long long learner, const char *policy, const char *version,
                  const char *text_hash, bool kiosk, char **err);
void policy_versions_free(struct policy_version *list, size_t n);

#endif
