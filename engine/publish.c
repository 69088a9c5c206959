/*
 * A loaded module as a publication (publish.h).
 */
#include "publish.h"

#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "store-publish.h"
#include "digest.h"
#include "util.h"

int publish_course(struct store *st, long long actor, const struct course *c, long long *id,
                   char **err)
{
	char text[DIGEST_SHA256_HEX];
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
	char *file = NULL;
	long long id;

	if (store_publication_live(st, c->id, c->version, &id, &file, err) < 0)
		return -1;
	*out = !id                                    ? PUBLISH_NONE
	       : file && strcmp(file, c->sha256) == 0 ? PUBLISH_CURRENT
	                                              : PUBLISH_DIFFERENT;
	free(file);
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
