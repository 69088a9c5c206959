/*
 * Signed checkpoints (checkpoint.h): keygen NAME FILE makes a key pair kept
 * outside the record; checkpoint --key FILE (or the file named by
 * UPSKILL_CHECKPOINT_KEY) signs the record's current size and Merkle root,
 * records that it did with the note itself, and prints the note (or writes
 * it with --out). verify --checkpoint NOTE --key PUBLIC, in cmd-verify.c, proves
 * a record against such a note.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cmd.h"
#include "private.h"
#include "session.h"
#include "store-events.h"
#include "util.h"

/* A note is a few short lines; anything far larger is not one. */
#define NOTE_MAX 65536

static int run_keygen(struct session *s, const struct cmd_args *args, char **err)
{
	if (checkpoint_keygen(args->argv[0], args->argv[1], err) < 0)
		return -1;
	fprintf(s->out,
	        "made key '%s': secret in '%s' (keep it off this machine's record), public "
	        "key in '%s.pub' (give it to whoever checks the record)\n",
	        args->argv[0], args->argv[1], args->argv[1]);
	return 0;
}

const struct cmd_entry cmd_keygen_entry = {
        .name = "keygen",
        .min_args = 2,
        .max_args = 2,
        .usage = "NAME FILE",
        .help = "make a key for signing checkpoints: FILE (secret) and FILE.pub",
        .run = run_keygen,
};

static int run_checkpoint(struct session *s, const struct cmd_args *args, char **err)
{
	struct store *st = session_store(s, err);
	const char *path = cmd_opt(args, "out"), *key_path = cmd_opt(args, "key");
	const char *cosign = cmd_opt(args, "cosign");
	struct checkpoint_key key;
	struct checkpoint c;
	char *note = NULL, *why = NULL;
	int rc = -1;

	if (!key_path || !*key_path)
		key_path = getenv(CHECKPOINT_KEY_ENV);
	if (!key_path || !*key_path)
		return util_error(err, "checkpoint: which key? --key FILE (made by keygen), or "
		                       "set " CHECKPOINT_KEY_ENV);
	if (!st || checkpoint_key_read(key_path, &key, err) < 0)
		return -1;
	if (!key.has_secret) {
		util_error(err, "checkpoint: '%s' is a public key; signing needs the secret one",
		           key_path);
		goto out;
	}
	/* A place the note cannot be written is refused before anything is
	 * signed or recorded. */
	if (path && private_fix(path, &why) < 0) {
		util_error(err, "checkpoint: %s", why);
		goto out;
	}
	if (cosign) {
		char *given = util_read_file(cosign, NOTE_MAX, &why);
		int ok =
		        given ? checkpoint_cosign(st, s->me->id, &key, given, &c, &note, &why) : -1;
		free(given);
		if (ok < 0) {
			util_error(err, "checkpoint: cannot co-sign '%s': %s", cosign, why);
			goto out;
		}
	} else if (checkpoint_record(st, s->me->id, &key, &c, &note, &why) < 0) {
		util_error(err, "checkpoint: %s", why);
		goto out;
	}
	if (path) {
		if (private_write(path, note, &why) < 0) {
			util_error(err, "checkpoint: %s", why);
			goto out;
		}
		fprintf(s->out, "%s a checkpoint of %llu events as '%s' into '%s'\n",
		        cosign ? "co-signed" : "signed", (unsigned long long)c.size, key.name,
		        path);
	} else {
		fputs(note, s->out);
	}
	rc = 0;
out:
	checkpoint_key_release(&key);
	free(note);
	free(why);
	return rc;
}

static const char *const checkpoint_options[] = {"key:", "out:", "cosign:", NULL};

const struct cmd_entry cmd_checkpoint_entry = {
        .name = "checkpoint",
        .min_args = 0,
        .max_args = 0,
        .options = checkpoint_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "[--key FILE] [--cosign NOTE] [--out FILE]",
        .help = "sign the record as it stands now, for a later verify --checkpoint",
        .run = run_checkpoint,
};
