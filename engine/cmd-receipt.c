/*
 * Receipts (receipt.h): receipt [EVENT] [--json FILE] proves one event of
 * the record against the latest signed checkpoint that covers it;
 * verify-receipt FILE --key PUBLIC checks such a receipt with no database,
 * or also against the record named with --db. After ack and handover,
 * cmd_receipt_offer tells the person about their receipt.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cmd.h"
#include "private.h"
#include "receipt.h"
#include "session.h"
#include "util.h"

/* A receipt is a few kilobytes; anything far larger is not one. */
#define RECEIPT_FILE_MAX (1024 * 1024)

/* What a person gets a receipt for when they name no event. */
static const char *const own_kinds[] = {"ack", "duty.handover", NULL};

static int not_covered(long long id, char **err)
{
	return util_error(err,
	                  "event %lld is not yet covered by a checkpoint; ask a consultant to run "
	                  "checkpoint, then run receipt again",
	                  id);
}

/* Writes text to path, or to out when path is "-". */
static int write_json(struct session *s, const char *path, const char *text, char **err)
{
	char *why = NULL;

	if (strcmp(path, "-") == 0) {
		fputs(text, s->out);
		return 0;
	}
	if (private_write(path, text, &why) < 0) {
		util_error(err, "receipt: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

static int run_receipt(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	const char *json_path = cmd_opt(args, "json");
	struct store_event e = {0};
	struct receipt r;
	char *text = NULL;
	long long id = 0;
	int rc = -1;

	if (!st)
		return -1;
	if (args->argc == 1) {
		char *end;
		errno = 0;
		id = strtoll(args->argv[0], &end, 10);
		if (errno || *end || id <= 0)
			return util_error(err, "receipt: '%s' is not an event number",
			                  args->argv[0]);
	} else {
		if (store_event_latest(st, s->me->id, own_kinds, &id, err) < 0)
			return -1;
		if (id == 0)
			return util_error(err, "receipt: you have no acknowledgement or handover "
			                       "to give a receipt for");
	}
	rc = store_event_get(st, id, &e, err);
	if (rc != 0)
		return -1;
	rc = -1;
	/* Staff see their own record only; a consultant sees everyone's. */
	if (s->me->role != ROLE_CONSULTANT && e.learner != s->me->id) {
		util_error(err, "receipt: event %lld is not about you: ask a consultant", id);
		goto out;
	}
	switch (receipt_make(st, &e, &r, err)) {
	case 0:
		break;
	case RECEIPT_NOT_COVERED:
		not_covered(id, err);
		goto out;
	default:
		goto out;
	}
	if (json_path && strcmp(json_path, "-") == 0) {
		text = receipt_json(&r);
		fputs(text, s->out);
	} else {
		/* The file first: a place that is refused leaves nothing shown. */
		if (json_path) {
			text = receipt_json(&r);
			if (write_json(s, json_path, text, err) < 0) {
				receipt_release(&r);
				goto out;
			}
			free(text);
		}
		text = receipt_text(&r);
		fputs(text, s->out);
		if (json_path) {
			fprintf(s->out,
			        "saved as JSON in '%s': check it with verify-receipt '%s' --key "
			        "SIGNER.pub\n",
			        json_path, json_path);
		}
	}
	receipt_release(&r);
	rc = 0;
out:
	free(text);
	store_event_release(&e);
	return rc;
}

static const char *const receipt_options[] = {"json:", NULL};

const struct cmd_entry cmd_receipt_entry = {
        .name = "receipt",
        .min_args = 0,
        .max_args = 1,
        .options = receipt_options,
        .need = CMD_NEED_LEARNER,
        .usage = "[EVENT] [--json FILE]",
        .help = "prove your latest acknowledgement or handover (or an event) is in a signed "
                "checkpoint",
        .run = run_receipt,
};

void cmd_receipt_offer(struct session *s, long long learner, const char *kind)
{
	const char *kinds[] = {kind, NULL}, *key_path = getenv(CHECKPOINT_KEY_ENV);
	struct store *st = s->store;
	struct store_event e = {0};
	struct checkpoint_key key;
	struct checkpoint c;
	struct receipt r;
	char *why = NULL, *note = NULL;
	long long id = 0;

	/* The event is committed: nothing here can undo it, so problems are
	 * said and the command still succeeds. */
	if (!st || store_event_latest(st, learner, kinds, &id, &why) < 0 || id == 0 ||
	    store_event_get(st, id, &e, &why) != 0)
		goto out;
	if (key_path && *key_path) {
		if (checkpoint_key_read(key_path, &key, &why) == 0) {
			int signed_ok = checkpoint_record(st, s->me->id, &key, &c, &note, &why);
			checkpoint_key_release(&key);
			if (signed_ok == 0 && receipt_make(st, &e, &r, &why) == 0) {
				char *text = receipt_text(&r);
				fputs(text, s->out);
				fprintf(s->out, "save it with: receipt %lld --json FILE\n", id);
				free(text);
				receipt_release(&r);
				goto out;
			}
		}
		fprintf(s->out, "receipt: no checkpoint signed with " CHECKPOINT_KEY_ENV ": %s\n",
		        why ? why : "it does not cover the event");
	}
	fprintf(s->out,
	        "receipt: event %lld (hash %.16s...); run 'receipt' once a consultant has signed "
	        "a checkpoint\n",
	        id, e.hash);
out:
	store_event_release(&e);
	free(note);
	free(why);
}

static int run_verify_receipt(struct session *s, const struct cmd_args *args, char **err)
{
	const char *path = args->argv[0], *key_path = cmd_opt(args, "key");
	struct checkpoint_key key;
	struct receipt r;
	struct store *st;
	char *text = NULL, *why = NULL, *summary = NULL;
	int rc = -1;

	if (!key_path)
		return util_error(err,
		                  "verify-receipt: which signer? --key FILE (their public key)");
	if (checkpoint_key_read(key_path, &key, err) < 0)
		return -1;
	text = util_read_file(path, RECEIPT_FILE_MAX, &why);
	if (!text) {
		util_error(err, "verify-receipt: %s", why);
		goto out_key;
	}
	if (receipt_parse(text, strlen(text), &r, &why) < 0) {
		util_error(err, "verify-receipt: '%s': %s", path, why);
		goto out_key;
	}
	if (receipt_check(&r, &key, &why) < 0) {
		util_error(err, "verify-receipt: '%s': %s", path, why);
		goto out;
	}
	summary = receipt_summary(&r);
	if (s->db_named) {
		if (!(st = session_store_existing(s, &why)) ||
		    receipt_check_record(st, &r, &why) < 0) {
			util_error(err, "verify-receipt: '%s' against the record: %s", path, why);
			goto out;
		}
	}
	fprintf(s->out, "%s is in the checkpoint of %llu events signed by '%s'.\n", summary,
	        (unsigned long long)r.checkpoint.size, key.name);
	if (s->db_named)
		fprintf(s->out,
		        "the record still holds event %lld with that hash, and its first %llu "
		        "events are those signed.\n",
		        r.event.id, (unsigned long long)r.checkpoint.size);
	rc = 0;
out:
	receipt_release(&r);
out_key:
	checkpoint_key_release(&key);
	free(summary);
	free(text);
	free(why);
	return rc;
}

static const char *const verify_receipt_options[] = {"key:", NULL};

const struct cmd_entry cmd_verify_receipt_entry = {
        .name = "verify-receipt",
        .min_args = 1,
        .max_args = 1,
        .options = verify_receipt_options,
        .complete = CMD_COMPLETE_FILE,
        .usage = "FILE --key PUBLIC",
        .help = "check a receipt against the signer's key (and the record, with --db)",
        .run = run_verify_receipt,
};
