/*
 * Policy compliance from the record: gathers versions, acknowledgements and
 * passes from the store and hands them to the pure rules in compliance.c.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "util.h"

static void add_blocks(struct strbuf *sb, const struct block *blocks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct block *b = &blocks[i];
		switch (b->kind) {
		case BLOCK_LIST:
			for (size_t k = 0; k < b->nitems; k++)
				strbuf_addf(sb, "- %s\n", b->items[k]);
			break;
		case BLOCK_EXAMPLE:
			if (b->text)
				strbuf_addf(sb, "%s\n", b->text);
			add_blocks(sb, b->inner, b->ninner);
			break;
		case BLOCK_HEADING:
		case BLOCK_PARAGRAPH:
		case BLOCK_KEY:
			strbuf_addf(sb, "%s\n", b->text);
			break;
		}
	}
}

char *policy_plain_text(const struct policy *p)
{
	struct strbuf sb;

	strbuf_init(&sb);
	add_blocks(&sb, p->blocks, p->nblocks);
	return strbuf_detach(&sb);
}

void policy_text_hash(const struct policy *p, char out[CRYPTO_SHA256_HEX])
{
	char *text = policy_plain_text(p);

	crypto_sha256_hex(text, strlen(text), out);
	free(text);
}

int policy_note_version(struct store *st, const struct course *c, char **err)
{
	char hash[CRYPTO_SHA256_HEX];

	if (!c->policy)
		return 0;
	policy_text_hash(c->policy, hash);
	return store_policy_seen(st, c->id, c->policy->version, c->policy->minor,
	                         c->policy->valid_months, hash, err);
}

/* Converts stored (version, time) rows for compliance.c. */
static struct compliance_fact *facts_of(const struct dated *rows, size_t n)
{
	struct compliance_fact *facts = xcalloc(n, sizeof(*facts));

	for (size_t i = 0; i < n; i++) {
		facts[i].version = rows[i].version;
		if (!rows[i].at || clock_parse(rows[i].at, &facts[i].at) < 0)
			facts[i].at = 0;
	}
	return facts;
}

int policy_compliance(struct store *st, const struct course *c, long long learner, time_t now,
                      int within_days, struct compliance_result *out, char **err)
{
	struct policy_version *versions = NULL;
	struct compliance_version *cv = NULL;
	struct compliance_fact *acks = NULL, *passes = NULL;
	struct dated *ack_rows = NULL, *pass_rows = NULL;
	size_t nversions = 0, nacks = 0, npasses = 0;
	struct compliance_facts f;
	int rc = -1;

	if (!c->policy)
		return util_error(err, "'%s' is not a policy module", c->id);
	if (store_policy_versions(st, c->id, &versions, &nversions, err) < 0 ||
	    store_acks(st, learner, c->id, &ack_rows, &nacks, err) < 0 ||
	    store_policy_passes(st, learner, c->id, &pass_rows, &npasses, err) < 0)
		goto out;
	cv = xcalloc(nversions, sizeof(*cv));
	for (size_t i = 0; i < nversions; i++) {
		cv[i].version = versions[i].version;
		cv[i].minor = versions[i].minor;
	}
	acks = facts_of(ack_rows, nacks);
	passes = facts_of(pass_rows, npasses);
	f = (struct compliance_facts){
	        .versions = cv,
	        .nversions = nversions,
	        .valid_months = c->policy->valid_months,
	        .acks = acks,
	        .nacks = nacks,
	        .passes = passes,
	        .npasses = npasses,
	};
	compliance_evaluate(&f, now, within_days, out);
	rc = 0;
out:
	free(cv);
	free(acks);
	free(passes);
	policy_versions_free(versions, nversions);
	dated_free(ack_rows, nacks);
	dated_free(pass_rows, npasses);
	return rc;
}
