/*
 * Policy training for one learner: the exact text acknowledged and its
 * hash, and compliance worked out from the record with compliance.c.
 */
#ifndef UPSKILL_POLICY_H
#define UPSKILL_POLICY_H

#include <time.h>

#include "compliance.h"
#include "course.h"
#include "digest.h"
#include "store.h"

/* The policy text as plain lines (headings, paragraphs, "- " items), the
 * form whose hash an acknowledgement records; the caller frees it. */
char *policy_plain_text(const struct policy *p);
void policy_text_hash(const struct policy *p, char out[DIGEST_SHA256_HEX]);

/* The learner's compliance with the policy module c as of now, against
 * its published versions (store-publish.h). Reports on everyone use progress_load and
 * progress_compliance. */
int policy_compliance(struct store *st, const struct course *c, long long learner, time_t now,
                      int within_days, struct compliance_result *out, char **err);

#endif
