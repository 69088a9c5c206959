/*
 * Signed checkpoint notes and their key files: see checkpoint.h.
 */
#include "checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-events.h"
#include "digest.h"
#include "util.h"

#define SECRET_TAG "upskill-checkpoint-secret"
#define PUBLIC_TAG "upskill-checkpoint-public"
/* U+2014, which starts a signature line in a signed note. */
#define DASH   "\xe2\x80\x94"
#define KEY_ID 4
/* A key file is one short line. */
#define KEY_FILE_MAX 512

int checkpoint_name_check(const char *name, char **err)
{
	size_t len = strlen(name);

	if (len == 0 || len > CHECKPOINT_NAME_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") !=
	            len)
		return util_error(
		        err, "'%s' is not a key name: 1 to %d letters, digits, '-', '.' or '_'",
		        name, CHECKPOINT_NAME_MAX);
	return 0;
}

/* The first bytes of SHA-256 over the name and the public key: which key a
 * signature line claims to be from. */
static void key_id(const char *name, const uint8_t pub[CRYPTO_SIGN_PUBLIC], uint8_t out[KEY_ID])
{
	static const char tag[] = "upskill-checkpoint-key\n";
	const void *parts[] = {tag, name, "\n", pub};
	const size_t lens[] = {sizeof(tag) - 1, strlen(name), 1, CRYPTO_SIGN_PUBLIC};
	unsigned char digest[32];

	digest_sha256_parts(parts, lens, 4, digest);
	memcpy(out, digest, KEY_ID);
}

/* Writes text to a new file at path with mode; an existing file is kept. */
static int write_new(const char *path, const char *text, mode_t mode, char **err)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0)
		return util_error(err, "cannot create '%s': %s", path, strerror(errno));
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		util_error(err, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

int checkpoint_keygen(const char *name, const char *path, char **err)
{
	uint8_t pub[CRYPTO_SIGN_PUBLIC], secret[CRYPTO_SIGN_SECRET];
	char *pub_path = xasprintf("%s.pub", path), *b64 = NULL, *line = NULL;
	int rc = -1;

	if (checkpoint_name_check(name, err) < 0)
		goto out;
	if (access(pub_path, F_OK) == 0) {
		util_error(err, "'%s' exists already: choose another name for the key file",
		           pub_path);
		goto out;
	}
	crypto_key_new(pub, secret);
	b64 = crypto_b64(secret, sizeof(secret));
	line = xasprintf("%s %s %s\n", SECRET_TAG, name, b64);
	if (write_new(path, line, 0600, err) < 0)
		goto out;
	crypto_wipe(line, strlen(line));
	crypto_wipe(b64, strlen(b64));
	free(line);
	free(b64);
	b64 = crypto_b64(pub, sizeof(pub));
	line = xasprintf("%s %s %s\n", PUBLIC_TAG, name, b64);
	/* Public, but made private like everything else: whoever checks
	 * is sent a copy. */
	if (write_new(pub_path, line, 0600, err) < 0) {
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	crypto_wipe(secret, sizeof(secret));
	if (line)
		crypto_wipe(line, strlen(line));
	if (b64)
		crypto_wipe(b64, strlen(b64));
	free(line);
	free(b64);
	free(pub_path);
	return rc;
}

int checkpoint_key_read(const char *path, struct checkpoint_key *out, char **err)
{
	char buf[KEY_FILE_MAX + 1], tag[32], name[CHECKPOINT_NAME_MAX + 2], b64[128];
	struct stat sb;
	ssize_t got;
	int fd, rc = -1;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return util_error(err, "cannot read key '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0) {
		close(fd);
		return util_error(err, "cannot read key '%s': %s", path, strerror(errno));
	}
	got = read(fd, buf, KEY_FILE_MAX);
	close(fd);
	if (got < 0)
		return util_error(err, "cannot read key '%s': %s", path, strerror(errno));
	buf[got] = '\0';
	if (sscanf(buf, "%31s %65s %127s", tag, name, b64) != 3 ||
	    checkpoint_name_check(name, NULL) < 0)
		goto bad;
	/* The check above keeps it to CHECKPOINT_NAME_MAX bytes. */
	memcpy(out->name, name, strlen(name) + 1);
	if (strcmp(tag, SECRET_TAG) == 0) {
		/* As ssh does: a secret key others could read or replace is
		 * refused, since anyone might have signed with it. */
		if (sb.st_uid != geteuid()) {
			util_error(err, "'%s' is owned by uid %lu, not you: refusing to use it",
			           path, (unsigned long)sb.st_uid);
			goto bad;
		}
		if (sb.st_mode & 0077) {
			util_error(err,
			           "secret key '%s' is open to others (mode %04o): refusing to "
			           "use it; make it yours alone with chmod 600 '%s'",
			           path, (unsigned)(sb.st_mode & 07777), path);
			goto bad;
		}
		if (crypto_unb64(b64, out->secret, sizeof(out->secret)) < 0)
			goto bad;
		/* An Ed25519 secret key ends with its public key. */
		memcpy(out->pub, out->secret + CRYPTO_SIGN_SECRET - CRYPTO_SIGN_PUBLIC,
		       CRYPTO_SIGN_PUBLIC);
		out->has_secret = true;
	} else if (strcmp(tag, PUBLIC_TAG) != 0 ||
	           crypto_unb64(b64, out->pub, sizeof(out->pub)) < 0) {
		goto bad;
	}
	rc = 0;
bad:
	crypto_wipe(buf, sizeof(buf));
	crypto_wipe(b64, sizeof(b64));
	if (rc < 0) {
		checkpoint_key_release(out);
		/* A refusal above keeps its own message: util_error sets the first. */
		util_error(err, "'%s' is not an upskill checkpoint key file", path);
	}
	return rc;
}

void checkpoint_key_release(struct checkpoint_key *k)
{
	crypto_wipe(k->secret, sizeof(k->secret));
	k->has_secret = false;
}

/* The signed part of a note. */
static char *body(const struct checkpoint *c)
{
	char *root = crypto_b64(c->root.b, MERKLE_HASH);
	char *text =
	        xasprintf("%s\n%llu\n%s\n", CHECKPOINT_ORIGIN, (unsigned long long)c->size, root);

	free(root);
	return text;
}

char *checkpoint_sign(const struct checkpoint *c, const struct checkpoint_key *key)
{
	uint8_t blob[KEY_ID + CRYPTO_SIGNATURE];
	char *text = body(c), *b64, *note;

	key_id(key->name, key->pub, blob);
	crypto_key_sign(text, strlen(text), key->secret, blob + KEY_ID);
	b64 = crypto_b64(blob, sizeof(blob));
	note = xasprintf("%s\n" DASH " %s %s\n", text, key->name, b64);
	free(b64);
	free(text);
	return note;
}

int checkpoint_parse(const char *note, struct checkpoint *out, char **err)
{
	const char *blank = strstr(note, "\n\n");
	char origin[32], root[64], sizebuf[32], *signed_part, *again, *end;
	bool same;

	memset(out, 0, sizeof(*out));
	if (!blank || sscanf(note, "%31[^\n]\n%31[^\n]\n%63[^\n]\n", origin, sizebuf, root) != 3 ||
	    strcmp(origin, CHECKPOINT_ORIGIN) != 0 || sizebuf[0] < '0' || sizebuf[0] > '9' ||
	    crypto_unb64(root, out->root.b, MERKLE_HASH) < 0)
		return util_error(err, "not an upskill checkpoint");
	errno = 0;
	out->size = strtoull(sizebuf, &end, 10);
	if (errno || *end)
		return util_error(err, "not an upskill checkpoint");
	/* The signed part is exactly the three lines, rebuilt the same way. */
	signed_part = xstrndup(note, (size_t)(blank - note) + 1);
	again = body(out);
	same = strcmp(again, signed_part) == 0;
	free(again);
	free(signed_part);
	if (!same)
		return util_error(err, "not an upskill checkpoint");
	return 0;
}

int checkpoint_open(const char *note, const struct checkpoint_key *key, struct checkpoint *out,
                    char **err)
{
	const char *blank = strstr(note, "\n\n"), *line;
	char *signed_part;
	uint8_t want[KEY_ID];
	bool signed_by = false;
	int rc = -1;

	if (checkpoint_parse(note, out, err) < 0)
		return -1;
	signed_part = xstrndup(note, (size_t)(blank - note) + 1);
	key_id(key->name, key->pub, want);
	for (line = blank + 2; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		char name[CHECKPOINT_NAME_MAX + 2], b64[160];
		uint8_t blob[KEY_ID + CRYPTO_SIGNATURE];
		if (strncmp(line, DASH " ", strlen(DASH) + 1) != 0 ||
		    sscanf(line + strlen(DASH) + 1, "%65s %159s", name, b64) != 2 ||
		    strcmp(name, key->name) != 0 || crypto_unb64(b64, blob, sizeof(blob)) < 0 ||
		    memcmp(blob, want, KEY_ID) != 0)
			continue;
		signed_by = true;
		if (crypto_key_check(signed_part, strlen(signed_part), blob + KEY_ID, key->pub)) {
			rc = 0;
			break;
		}
	}
	if (rc < 0 && signed_by)
		util_error(err, "the signature of '%s' on this checkpoint does not verify",
		           key->name);
	else if (rc < 0)
		util_error(err, "this checkpoint is not signed by the key '%s'", key->name);
	free(signed_part);
	return rc;
}

int checkpoint_of(struct store *st, struct checkpoint *out, char **err)
{
	struct merkle_hash *leaves = NULL;
	size_t n = 0;

	if (store_event_leaves(st, &leaves, &n, err) < 0)
		return -1;
	out->size = n;
	merkle_root(leaves, n, &out->root);
	free(leaves);
	return 0;
}

/* Records a signed note as a checkpoint event. The note itself goes in
 * the record, so that receipts can be made from the record later without
 * the key. */
static int note_record(struct store *st, long long actor, const struct checkpoint *c,
                       const char *signer, const char *note, char **err)
{
	char root[2 * MERKLE_HASH + 1];
	struct strbuf data;
	int rc;

	merkle_hex(&c->root, root);
	strbuf_init(&data);
	strbuf_addf(&data,
	            "{\"size\":%llu,\"root\":\"%s\",\"signer\":", (unsigned long long)c->size,
	            root);
	strbuf_add_json(&data, signer);
	strbuf_adds(&data, ",\"note\":");
	strbuf_add_json(&data, note);
	strbuf_addc(&data, '}');
	rc = store_checkpoint_record(st, actor, data.buf, err);
	strbuf_release(&data);
	return rc;
}

int checkpoint_record(struct store *st, long long actor, const struct checkpoint_key *key,
                      struct checkpoint *c, char **note, char **err)
{
	*note = NULL;
	if (!key->has_secret)
		return util_error(err, "'%s' is a public key; signing needs the secret one",
		                  key->name);
	if (checkpoint_of(st, c, err) < 0)
		return -1;
	*note = checkpoint_sign(c, key);
	if (note_record(st, actor, c, key->name, *note, err) < 0) {
		free(*note);
		*note = NULL;
		return -1;
	}
	return 0;
}

int checkpoint_cosign(struct store *st, long long actor, const struct checkpoint_key *key,
                      const char *note, struct checkpoint *c, char **out, char **err)
{
	struct checkpoint_key pub = *key;
	char *text, *sig, *why = NULL;
	size_t events;

	*out = NULL;
	if (!key->has_secret)
		return util_error(err, "'%s' is a public key; signing needs the secret one",
		                  key->name);
	if (checkpoint_parse(note, c, err) < 0)
		return -1;
	/* One signature per key: a second adds nothing. */
	pub.has_secret = false;
	if (checkpoint_open(note, &pub, c, &why) == 0)
		return util_error(err, "it is signed by '%s' already", key->name);
	free(why);
	/* Only what this record still holds is co-signed. */
	if (checkpoint_check_record(st, c, &events, err) < 0)
		return -1;
	sig = checkpoint_sign(c, key);
	text = strstr(sig, "\n\n");
	*out = xasprintf("%s%s", note, text + 2);
	free(sig);
	if (note_record(st, actor, c, key->name, *out, err) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int checkpoint_check_record(struct store *st, const struct checkpoint *signed_c, size_t *events,
                            char **err)
{
	struct merkle_hash *leaves = NULL, root;
	size_t n = 0;
	int rc = -1;

	if (store_event_leaves(st, &leaves, &n, err) < 0)
		return -1;
	if (n < signed_c->size) {
		util_error(err,
		           "the record has %zu events, fewer than the %llu the checkpoint covered: "
		           "events were removed",
		           n, (unsigned long long)signed_c->size);
		goto out;
	}
	merkle_root(leaves, (size_t)signed_c->size, &root);
	if (memcmp(root.b, signed_c->root.b, MERKLE_HASH) != 0) {
		util_error(err,
		           "the first %llu events are not those the checkpoint covered: the record "
		           "was rewritten",
		           (unsigned long long)signed_c->size);
		goto out;
	}
	*events = n;
	rc = 0;
out:
	free(leaves);
	return rc;
}
