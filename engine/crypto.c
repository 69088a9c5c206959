/*
 * SHA-256 through libsodium: a reviewed implementation, never a home-made one.
 */
#include "crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_SHA256_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	/* sodium_init is idempotent and cheap after the first call; it only
	 * fails when the system has no source of randomness. */
	if (sodium_init() < 0) {
		fprintf(stderr, "upskill: libsodium could not start\n");
		abort();
	}
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out, CRYPTO_SHA256_HEX, digest, sizeof(digest));
}
