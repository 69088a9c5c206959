/*
 * Hashing, from libsodium (crypto.c is the only file that includes it).
 */
#ifndef UPSKILL_CRYPTO_H
#define UPSKILL_CRYPTO_H

#include <stddef.h>

/* 64 hex digits and a NUL. */
#define CRYPTO_SHA256_HEX 65

/* The SHA-256 of len bytes at data, as lower-case hex into out. */
void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_SHA256_HEX]);

#endif
