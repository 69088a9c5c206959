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

struct by_id {
	long long id;
	size_t index;
};

static int by_id_cmp(const void *a, const void *b)
{
	const struct by_id *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The facts in rows[*at..] that belong to learner (rows sorted by learner),
 * advancing *at past them. */
static size_t take_facts(const struct learner_dated *rows, size_t n, size_t *at, long long learner,
                         struct compliance_fact *out)
{
	size_t k = 0;

	while (*at < n && rows[*at].learner < learner)
		(*at)++;
	for (; *at < n && rows[*at].learner == learner; (*at)++, k++) {
		out[k].version = rows[*at].version;
		if (!rows[*at].at || clock_parse(rows[*at].at, &out[k].at) < 0)
			out[k].at = 0;
	}
	return k;
}

int policy_compliance_all(struct store *st, const struct course *c, const long long *learners,
                          size_t n, time_t now, int within_days, struct compliance_result *out,
                          char **err)
{
	struct policy_version *versions = NULL;
	struct compliance_version *cv = NULL;
	struct learner_dated *acks = NULL, *passes = NULL;
	struct compliance_fact *ack_facts = NULL, *pass_facts = NULL;
	struct by_id *order = NULL;
	size_t nversions = 0, nacks = 0, npasses = 0, ai = 0, pi = 0;
	int rc = -1;

	if (!c->policy)
		return util_error(err, "'%s' is not a policy module", c->id);
	/* Three queries for everyone, rather than three for each person. */
	if (store_policy_versions(st, c->id, &versions, &nversions, err) < 0 ||
	    store_policy_acks_all(st, c->id, &acks, &nacks, err) < 0 ||
	    store_policy_passes_all(st, c->id, &passes, &npasses, err) < 0)
		goto out;
	cv = xcalloc(nversions ? nversions : 1, sizeof(*cv));
	for (size_t i = 0; i < nversions; i++) {
		cv[i].version = versions[i].version;
		cv[i].minor = versions[i].minor;
	}
	ack_facts = xcalloc(nacks ? nacks : 1, sizeof(*ack_facts));
	pass_facts = xcalloc(npasses ? npasses : 1, sizeof(*pass_facts));
	order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = (struct by_id){learners[i], i};
	qsort(order, n, sizeof(*order), by_id_cmp);
	for (size_t i = 0; i < n; i++) {
		struct compliance_facts f = {
		        .versions = cv,
		        .nversions = nversions,
		        .valid_months = c->policy->valid_months,
		        .acks = ack_facts,
		        .passes = pass_facts,
		};
		f.nacks = take_facts(acks, nacks, &ai, order[i].id, ack_facts);
		f.npasses = take_facts(passes, npasses, &pi, order[i].id, pass_facts);
		compliance_evaluate(&f, now, within_days, &out[order[i].index]);
	}
	rc = 0;
out:
	free(order);
	free(ack_facts);
	free(pass_facts);
	free(cv);
	policy_versions_free(versions, nversions);
	learner_dated_free(acks, nacks);
	learner_dated_free(passes, npasses);
	return rc;
}
