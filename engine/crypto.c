/*
 * Hashing through libsodium, a reviewed implementation, never a home-made
 * one: SHA-256 for the record, argon2id for consultants' passphrases.
 */
#include "crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sodium_init is idempotent and cheap after the first call; it fails only
 * when the system has no source of randomness. */
static void start(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "upskill: libsodium could not start\n");
		abort();
	}
}

void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_SHA256_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	start();
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out, CRYPTO_SHA256_HEX, digest, sizeof(digest));
}

void crypto_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
                         unsigned char out[32])
{
	crypto_hash_sha256_state state;

	start();
	crypto_hash_sha256_init(&state);
	for (size_t i = 0; i < n; i++)
		crypto_hash_sha256_update(&state, parts[i], lens[i]);
	crypto_hash_sha256_final(&state, out);
}

/* The interactive limits (64 MiB, a fraction of a second here) suit a login
 * typed at a prompt. */
int crypto_passphrase_hash(const char *passphrase, char out[CRYPTO_PASSPHRASE_HASH])
{
	start();
	if (crypto_pwhash_str_alg(
	            out, passphrase, strlen(passphrase), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

bool crypto_passphrase_check(const char *stored, const char *passphrase)
{
	start();
	return crypto_pwhash_str_verify(stored, passphrase, strlen(passphrase)) == 0;
}

void crypto_passphrase_dummy_check(const char *passphrase)
{
	static char dummy[CRYPTO_PASSPHRASE_HASH];

	if (!dummy[0] && crypto_passphrase_hash("no account has this passphrase", dummy) < 0)
		return;
	(void)crypto_passphrase_check(dummy, passphrase);
}
