/*
 * Cryptography through libsodium, a reviewed implementation, never a
 * home-made one: argon2id for consultants' passphrases, Ed25519 for signed
 * checkpoints, Base64 for what is written. (SHA-256 is Nettle's, in
 * digest.c, which uses the processor's SHA instructions.)
 */
#include "crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* sodium_init is idempotent and cheap after the first call; it fails only
 * when the system has no source of randomness. */
static void start(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "upskill: libsodium could not start\n");
		abort();
	}
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

/* A check against no account costs one argon2id run with the same limits
 * as a real one, never a hash and a check: the string below has those
 * limits, a fixed salt and a hash that nothing matches. */
void crypto_passphrase_dummy_check(const char *passphrase)
{
	char dummy[CRYPTO_PASSPHRASE_HASH];

	snprintf(dummy, sizeof(dummy),
	         "$argon2id$v=19$m=%zu,t=%llu,p=1$/4t/YtFbTMBOIoNHGcJZuw$"
	         "W8BFZf/CSdMhRpKPuU+gB9Ob/7JhAdh4kvlMj1vYmyM",
	         (size_t)(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024),
	         (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE);
	(void)crypto_passphrase_check(dummy, passphrase);
}

unsigned crypto_random_below(unsigned n)
{
	start();
	return randombytes_uniform(n);
}

void crypto_key_new(uint8_t pub[CRYPTO_SIGN_PUBLIC], uint8_t secret[CRYPTO_SIGN_SECRET])
{
	start();
	crypto_sign_ed25519_keypair(pub, secret);
}

void crypto_key_sign(const void *msg, size_t len, const uint8_t secret[CRYPTO_SIGN_SECRET],
                     uint8_t sig[CRYPTO_SIGNATURE])
{
	start();
	crypto_sign_ed25519_detached(sig, NULL, msg, len, secret);
}

bool crypto_key_check(const void *msg, size_t len, const uint8_t sig[CRYPTO_SIGNATURE],
                      const uint8_t pub[CRYPTO_SIGN_PUBLIC])
{
	start();
	return crypto_sign_ed25519_verify_detached(sig, msg, len, pub) == 0;
}

void crypto_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

char *crypto_b64(const void *bin, size_t len)
{
	size_t size = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *text = xmalloc(size);

	start();
	sodium_bin2base64(text, size, bin, len, sodium_base64_VARIANT_ORIGINAL);
	return text;
}

int crypto_unb64(const char *text, void *bin, size_t len)
{
	size_t got = 0;
	const char *end = NULL;

	start();
	if (sodium_base642bin(bin, len, text, strlen(text), NULL, &got, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != len || *end != '\0')
		return -1;
	return 0;
}
