/*
 * Signed checkpoints (checkpoint.h): keygen NAME FILE makes a key pair kept
 * outside the record; checkpoint --key FILE signs the record's current size
 * and Merkle root, records that it did, and prints the note (or writes it
 * with --out). verify --checkpoint NOTE --key PUBLIC, in cmd-verify.c, proves
 * a record against such a note.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cmd.h"
#include "session.h"
#include "store-events.h"
#include "util.h"

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
	const char *path = cmd_opt(args, "out");
	struct checkpoint_key key;
	struct checkpoint c;
	char root[2 * MERKLE_HASH + 1], *note = NULL, *data = NULL;
	int rc = -1;

	if (!cmd_opt(args, "key"))
		return util_error(err, "checkpoint: which key? --key FILE (made by keygen)");
	if (!st || checkpoint_key_read(cmd_opt(args, "key"), &key, err) < 0)
		return -1;
	if (!key.has_secret) {
		util_error(err, "checkpoint: '%s' is a public key; signing needs the secret one",
		           cmd_opt(args, "key"));
		goto out;
	}
	if (checkpoint_of(st, &c, err) < 0)
		goto out;
	note = checkpoint_sign(&c, &key);
	merkle_hex(&c.root, root);
	data = xasprintf("{\"size\":%llu,\"root\":\"%s\",\"signer\":\"%s\"}",
	                 (unsigned long long)c.size, root, key.name);
	if (store_checkpoint_record(st, s->me->id, data, err) < 0)
		goto out;
	if (path) {
		FILE *f = fopen(path, "w");
		if (!f || fputs(note, f) == EOF || fclose(f) != 0) {
			util_error(err, "checkpoint: cannot write '%s': %s", path, strerror(errno));
			goto out;
		}
		fprintf(s->out, "signed a checkpoint of %llu events as '%s' into '%s'\n",
		        (unsigned long long)c.size, key.name, path);
	} else {
		fputs(note, s->out);
	}
	rc = 0;
out:
	checkpoint_key_release(&key);
	free(note);
	free(data);
	return rc;
}

static const char *const checkpoint_options[] = {"key:", "out:", NULL};

const struct cmd_entry cmd_checkpoint_entry = {
        .name = "checkpoint",
        .min_args = 0,
        .max_args = 0,
        .options = checkpoint_options,
        .need = CMD_NEED_CONSULTANT,
        .usage = "--key FILE [--out FILE]",
        .help = "sign the record as it stands now, for a later verify --checkpoint",
        .run = run_checkpoint,
};
