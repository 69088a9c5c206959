/*
 * SHA-256 through Nettle. Debian builds Nettle "fat": at its first call it
 * asks the processor which instructions it has and uses the SHA extensions
 * where present, its own x86-64 assembly where not.
 */
#include "digest.h"

#include <nettle/sha2.h>
#include <nettle/version.h>

void digest_hex(const unsigned char digest[32], char out[DIGEST_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < 32; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

void digest_sha256_hex(const void *data, size_t len, char out[DIGEST_SHA256_HEX])
{
	unsigned char digest[SHA256_DIGEST_SIZE];

	digest_sha256_parts(&data, &len, 1, digest);
	digest_hex(digest, out);
}

void digest_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
                         unsigned char out[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	for (size_t i = 0; i < n; i++)
		sha256_update(&ctx, lens[i], parts[i]);
		/* Nettle 4 dropped the length: the whole digest is always written. */
#if NETTLE_VERSION_MAJOR >= 4
	sha256_digest(&ctx, out);
#else
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
#endif
}
