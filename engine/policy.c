/*
 * Policy texts, their hashes and versions, and one learner's compliance
 * (progress.c gathers the facts; compliance.c holds the rules).
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "digest.h"
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

void policy_text_hash(const struct policy *p, char out[DIGEST_SHA256_HEX])
{
	char *text = policy_plain_text(p);

	digest_sha256_hex(text, strlen(text), out);
	free(text);
}

int policy_compliance(struct store *st, const struct course *c, long long learner, time_t now,
                      int within_days, struct compliance_result *out, char **err)
{
	const struct course *one[] = {c};
	struct progress p;
	int rc;

	if (!c->policy)
		return util_error(err, "'%s' is not a policy module", c->id);
	rc = progress_load(st, one, 1, learner, NULL, now, &p, err);
	if (rc == 0 && p.npeople == 1)
		progress_compliance(&p, 0, 0, now, within_days, out);
	else if (rc == 0)
		rc = util_error(err, "no learner with id %lld", learner);
	progress_release(&p);
	return rc;
}
