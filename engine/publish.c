/*
 * A loaded module as a publication (publish.h).
 */
#include "publish.h"

#include <string.h>

#include "policy.h"
#include "store-publish.h"
#include "util.h"

int publish_course(struct store *st, long long actor, const struct course *c, long long *id,
                   char **err)
{
	char text[CRYPTO_SHA256_HEX];
	struct publish_request r = {
	        .module = c->id,
	        .version = c->version,
	        .file_sha256 = c->sha256,
	};

	if (c->policy) {
		policy_text_hash(c->policy, text);
		r.policy_version = c->policy->version;
		r.minor = c->policy->minor;
		r.valid_months = c->policy->valid_months;
		r.text_sha256 = text;
	}
	return store_publish(st, actor, &r, id, err);
}

int publish_state(struct store *st, const struct course *c, enum publish_state *out, char **err)
{
	struct publication *list = NULL;
	size_t n = 0;
	long long id;

	if (store_publication_find(st, c->id, c->version, c->sha256, &id, err) < 0)
		return -1;
	if (id) {
		*out = PUBLISH_CURRENT;
		return 0;
	}
	if (store_publication_list(st, &list, &n, err) < 0)
		return -1;
	*out = PUBLISH_NONE;
	for (size_t i = 0; i < n; i++)
		if (!list[i].withdrawn_by && strcmp(list[i].module_id, c->id) == 0 &&
		    strcmp(list[i].version, c->version) == 0)
			*out = PUBLISH_DIFFERENT;
	publications_free(list, n);
	return 0;
}

const char *publish_state_name(enum publish_state s)
{
	switch (s) {
	case PUBLISH_CURRENT:
		return "published";
	case PUBLISH_DIFFERENT:
		return "differs from the published file";
	case PUBLISH_NONE:
		break;
	}
	return "not published";
}
