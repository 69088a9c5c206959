/*
 * Receipts (receipt.h): made from the record, written as text and JSON,
 * read back and checked. Everything a receipt says about its event is
 * bound to the signed root: the content to the event's hash (recomputed
 * as the log computes it), the hash and index to the root by the Merkle
 * inclusion proof, and the root to the signer's key by the note.
 */
#include "receipt.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "digest.h"
#include "util.h"

static void event_copy(const struct store_event *from, struct store_event *to)
{
	to->id = from->id;
	to->at = xstrdup(from->at);
	to->kind = xstrdup(from->kind);
	to->actor = from->actor;
	to->learner = from->learner;
	to->subject = xstrdup(from->subject ? from->subject : "");
	to->data = xstrdup(from->data);
	to->prev = xstrdup(from->prev);
	to->hash = xstrdup(from->hash);
}

void receipt_release(struct receipt *r)
{
	store_event_release(&r->event);
	free(r->signer);
	free(r->note);
	memset(r, 0, sizeof(*r));
}

/* The leaf of an event: the Merkle leaf hash of its own hash's 32 bytes,
 * as store_event_leaves makes it. */
static int event_leaf(const char *hex, struct merkle_hash *leaf)
{
	struct merkle_hash raw;

	if (merkle_from_hex(hex, &raw) < 0)
		return -1;
	merkle_leaf_hash(raw.b, MERKLE_HASH, leaf);
	return 0;
}

int receipt_make(struct store *st, const struct store_event *e, struct receipt *out, char **err)
{
	struct merkle_hash *leaves = NULL, leaf, root;
	struct json *data = NULL;
	char *text = NULL, *why = NULL;
	size_t n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	event_copy(e, &out->event);
	out->index = (uint64_t)(e->id - 1);
	rc = store_checkpoint_covering(st, e->id, &out->checkpoint_event, &text, err);
	if (rc != 0)
		goto out; /* RECEIPT_NOT_COVERED is STORE_NOT_FOUND */
	rc = -1;
	data = json_parse(text, strlen(text), &why);
	if (!data || !json_get_string(data, "note") || !json_get_string(data, "signer")) {
		util_error(err, "the checkpoint recorded as event %lld is not readable",
		           out->checkpoint_event);
		goto out;
	}
	out->note = xstrdup(json_get_string(data, "note"));
	out->signer = xstrdup(json_get_string(data, "signer"));
	if (checkpoint_parse(out->note, &out->checkpoint, &why) < 0) {
		util_error(err, "the checkpoint recorded as event %lld: %s", out->checkpoint_event,
		           why);
		goto out;
	}
	if (store_event_leaves(st, &leaves, &n, err) < 0)
		goto out;
	if (n < out->checkpoint.size || out->index >= out->checkpoint.size ||
	    event_leaf(e->hash, &leaf) < 0 ||
	    memcmp(leaves[out->index].b, leaf.b, MERKLE_HASH) != 0) {
		util_error(err, "event %lld is not where the log should hold it: run verify",
		           e->id);
		goto out;
	}
	merkle_root(leaves, (size_t)out->checkpoint.size, &root);
	if (memcmp(root.b, out->checkpoint.root.b, MERKLE_HASH) != 0) {
		util_error(err,
		           "the first %llu events are not those the checkpoint recorded as event "
		           "%lld covered: the record was rewritten",
		           (unsigned long long)out->checkpoint.size, out->checkpoint_event);
		goto out;
	}
	out->nproof = merkle_inclusion_proof(leaves, (size_t)out->checkpoint.size,
	                                     (size_t)out->index, out->proof);
	rc = 0;
out:
	if (rc != 0)
		receipt_release(out);
	json_free(data);
	free(leaves);
	free(text);
	free(why);
	return rc;
}

/* What the subject of an event of this kind is. */
static const char *subject_label(const char *kind)
{
	if (strcmp(kind, "ack") == 0 || strncmp(kind, "policy", 6) == 0)
		return "policy ";
	if (strncmp(kind, "duty.", 5) == 0)
		return "duty ";
	return "";
}

char *receipt_summary(const struct receipt *r)
{
	char *kind = util_printable(r->event.kind, 40), *at = util_printable(r->event.at, 40);
	char *subject = util_printable(r->event.subject, 80), *s;

	/* An acknowledgement made at a kiosk says so wherever it is shown. */
	bool kiosk = strcmp(r->event.kind, "ack") == 0 && r->event.data &&
	             strstr(r->event.data, "\"kiosk\":true");

	if (*subject)
		s = xasprintf("event %lld (%s, %s%s, at %s%s)", r->event.id, kind,
		              subject_label(r->event.kind), subject, at,
		              kiosk ? ", at a kiosk, with no credential" : "");
	else
		s = xasprintf("event %lld (%s, at %s)", r->event.id, kind, at);
	free(kind);
	free(at);
	free(subject);
	return s;
}

char *receipt_text(const struct receipt *r)
{
	char *summary = receipt_summary(r), *signer = util_printable(r->signer, 80);
	char root[2 * MERKLE_HASH + 1], hex[2 * MERKLE_HASH + 1];
	struct strbuf sb;

	strbuf_init(&sb);
	merkle_hex(&r->checkpoint.root, root);
	strbuf_addf(&sb, "receipt for %s\n", summary);
	strbuf_addf(&sb, "  event hash  %s\n", r->event.hash);
	strbuf_addf(&sb,
	            "  checkpoint  %llu events, signed by '%s', recorded as event %lld\n"
	            "  root        %s\n",
	            (unsigned long long)r->checkpoint.size, signer, r->checkpoint_event, root);
	strbuf_addf(&sb, "  proof       leaf %llu, %zu hash%s\n", (unsigned long long)r->index,
	            r->nproof, r->nproof == 1 ? "" : "es");
	for (size_t i = 0; i < r->nproof; i++) {
		merkle_hex(&r->proof[i], hex);
		strbuf_addf(&sb, "              %s\n", hex);
	}
	strbuf_adds(&sb, "  signed note\n");
	for (const char *line = r->note; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len)
			strbuf_adds(&sb, "    ");
		strbuf_add(&sb, line, len);
		strbuf_addc(&sb, '\n');
		line += len + (end ? 1 : 0);
	}
	free(summary);
	free(signer);
	return strbuf_detach(&sb);
}

char *receipt_json(const struct receipt *r)
{
	const struct store_event *e = &r->event;
	char hex[2 * MERKLE_HASH + 1];
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\n  \"receipt\": \"" RECEIPT_FORMAT "\",\n  \"event\": {\n");
	strbuf_addf(&sb, "    \"id\": %lld,\n    \"at\": ", e->id);
	strbuf_add_json(&sb, e->at);
	strbuf_adds(&sb, ",\n    \"kind\": ");
	strbuf_add_json(&sb, e->kind);
	strbuf_addf(&sb,
	            ",\n    \"actor\": %lld,\n    \"learner\": %lld,\n    \"subject\": ", e->actor,
	            e->learner);
	strbuf_add_json(&sb, e->subject);
	strbuf_adds(&sb, ",\n    \"data\": ");
	strbuf_add_json(&sb, e->data);
	strbuf_adds(&sb, ",\n    \"prev\": ");
	strbuf_add_json(&sb, e->prev);
	strbuf_adds(&sb, ",\n    \"hash\": ");
	strbuf_add_json(&sb, e->hash);
	strbuf_addf(&sb, "\n  },\n  \"index\": %llu,\n  \"checkpoint\": {\n",
	            (unsigned long long)r->index);
	merkle_hex(&r->checkpoint.root, hex);
	strbuf_addf(&sb, "    \"event\": %lld,\n    \"size\": %llu,\n    \"root\": \"%s\",\n",
	            r->checkpoint_event, (unsigned long long)r->checkpoint.size, hex);
	strbuf_adds(&sb, "    \"signer\": ");
	strbuf_add_json(&sb, r->signer);
	strbuf_adds(&sb, ",\n    \"note\": ");
	strbuf_add_json(&sb, r->note);
	strbuf_adds(&sb, "\n  },\n  \"proof\": [");
	for (size_t i = 0; i < r->nproof; i++) {
		merkle_hex(&r->proof[i], hex);
		strbuf_addf(&sb, "%s\n    \"%s\"", i ? "," : "", hex);
	}
	strbuf_adds(&sb, r->nproof ? "\n  ]\n}\n" : "]\n}\n");
	return strbuf_detach(&sb);
}

/* A string member copied, or NULL with why. */
static char *member(const struct json *j, const char *key, char **why)
{
	const char *v = json_get_string(j, key);

	if (!v) {
		util_error(why, "no \"%s\"", key);
		return NULL;
	}
	return xstrdup(v);
}

static int uint_member(const struct json *j, const char *key, uint64_t *out, char **why)
{
	if (json_get_uint(j, key, out) < 0)
		return util_error(why, "\"%s\" is not a whole number", key);
	return 0;
}

static int parse_event(const struct json *j, struct store_event *e, char **why)
{
	uint64_t id, actor, learner;

	if (!j || j->type != JSON_OBJECT)
		return util_error(why, "no \"event\"");
	if (uint_member(j, "id", &id, why) < 0 || uint_member(j, "actor", &actor, why) < 0 ||
	    uint_member(j, "learner", &learner, why) < 0)
		return -1;
	if (id == 0)
		return util_error(why, "\"id\" is not an event's");
	e->id = (long long)id;
	e->actor = (long long)actor;
	e->learner = (long long)learner;
	if (!(e->at = member(j, "at", why)) || !(e->kind = member(j, "kind", why)) ||
	    !(e->subject = member(j, "subject", why)) || !(e->data = member(j, "data", why)) ||
	    !(e->prev = member(j, "prev", why)) || !(e->hash = member(j, "hash", why)))
		return -1;
	return 0;
}

static int parse_checkpoint(const struct json *j, struct receipt *r, char **why)
{
	uint64_t event;
	const char *root;

	if (!j || j->type != JSON_OBJECT)
		return util_error(why, "no \"checkpoint\"");
	if (uint_member(j, "event", &event, why) < 0 ||
	    uint_member(j, "size", &r->checkpoint.size, why) < 0)
		return -1;
	r->checkpoint_event = (long long)event;
	root = json_get_string(j, "root");
	if (!root || merkle_from_hex(root, &r->checkpoint.root) < 0)
		return util_error(why, "\"root\" is not a hash");
	if (!(r->signer = member(j, "signer", why)) || !(r->note = member(j, "note", why)))
		return -1;
	return 0;
}

int receipt_parse(const char *text, size_t len, struct receipt *out, char **err)
{
	struct json *j;
	const struct json *proof;
	char *why = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	j = json_parse(text, len, &why);
	if (!j)
		goto out;
	if (!json_get_string(j, "receipt") ||
	    strcmp(json_get_string(j, "receipt"), RECEIPT_FORMAT)) {
		util_error(&why, "no \"receipt\": \"" RECEIPT_FORMAT "\"");
		goto out;
	}
	if (parse_event(json_get(j, "event"), &out->event, &why) < 0 ||
	    uint_member(j, "index", &out->index, &why) < 0 ||
	    parse_checkpoint(json_get(j, "checkpoint"), out, &why) < 0)
		goto out;
	proof = json_get(j, "proof");
	if (!proof || proof->type != JSON_ARRAY || proof->n > MERKLE_MAX_PROOF) {
		util_error(&why, "no \"proof\" list");
		goto out;
	}
	for (size_t i = 0; i < proof->n; i++) {
		if (proof->items[i].type != JSON_STRING ||
		    merkle_from_hex(proof->items[i].text, &out->proof[i]) < 0) {
			util_error(&why, "proof hash %zu is not a hash", i + 1);
			goto out;
		}
	}
	out->nproof = proof->n;
	rc = 0;
out:
	if (rc < 0) {
		util_error(err, "not an upskill receipt: %s", why);
		receipt_release(out);
	}
	json_free(j);
	free(why);
	return rc;
}

int receipt_check(const struct receipt *r, const struct checkpoint_key *key, char **err)
{
	const struct store_event *e = &r->event;
	char hash[DIGEST_SHA256_HEX], *why = NULL;
	struct checkpoint signed_c;
	struct merkle_hash leaf;

	if (checkpoint_open(r->note, key, &signed_c, &why) < 0) {
		util_error(err, "its checkpoint: %s", why);
		free(why);
		return -1;
	}
	if (signed_c.size != r->checkpoint.size ||
	    memcmp(signed_c.root.b, r->checkpoint.root.b, MERKLE_HASH) != 0)
		return util_error(err, "its checkpoint's size or root is not the one signed");
	store_event_hash(e->id, e->at, e->kind, e->actor, e->learner, e->subject, e->data, e->prev,
	                 hash);
	if (strcmp(hash, e->hash) != 0 || event_leaf(e->hash, &leaf) < 0)
		return util_error(
		        err, "event %lld does not match its hash: the receipt was altered", e->id);
	if (r->index != (uint64_t)(e->id - 1))
		return util_error(err, "event %lld cannot be leaf %llu: the receipt was altered",
		                  e->id, (unsigned long long)r->index);
	if (r->index >= signed_c.size)
		return util_error(err,
		                  "event %lld is not among the %llu events the checkpoint covers",
		                  e->id, (unsigned long long)signed_c.size);
	if (!merkle_inclusion_check(&leaf, (size_t)r->index, (size_t)signed_c.size, r->proof,
	                            r->nproof, &signed_c.root))
		return util_error(err,
		                  "the proof does not lead from event %lld to the signed root: the "
		                  "receipt was altered",
		                  e->id);
	return 0;
}

int receipt_check_record(struct store *st, const struct receipt *r, char **err)
{
	struct store_event now;
	size_t events;
	char *why = NULL;
	int rc;

	rc = store_event_get(st, r->event.id, &now, &why);
	if (rc == STORE_NOT_FOUND)
		util_error(err, "the record has no event %lld: events were removed", r->event.id);
	else if (rc < 0)
		util_error(err, "%s", why);
	free(why);
	if (rc != 0)
		return -1;
	rc = strcmp(now.hash, r->event.hash) == 0 ? 0 : -1;
	if (rc < 0) {
		util_error(err,
		           "the record's event %lld has hash %.16s..., not the receipt's %.16s...: "
		           "the record was changed",
		           r->event.id, now.hash, r->event.hash);
	} else if (strcmp(now.at, r->event.at) != 0 || strcmp(now.kind, r->event.kind) != 0 ||
	           now.actor != r->event.actor || now.learner != r->event.learner ||
	           strcmp(now.subject, r->event.subject) != 0 ||
	           strcmp(now.data, r->event.data) != 0 || strcmp(now.prev, r->event.prev) != 0) {
		/* Same hash, other content: the row was edited and its hash left. */
		util_error(err,
		           "the record's event %lld is not what the receipt proves: the record was "
		           "changed",
		           r->event.id);
		rc = -1;
	}
	store_event_release(&now);
	if (rc < 0)
		return -1;
	return checkpoint_check_record(st, &r->checkpoint, &events, err);
}
