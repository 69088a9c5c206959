/*
 * SHA-256, from Nettle (digest.c is the only file that includes it): the
 * hash that names a course file's text, chains the record and keys the
 * catalogue cache. Nettle picks the processor's SHA instructions where it
 * has them, which hashes a course folder several times faster than portable
 * code.
 */
#ifndef UPSKILL_DIGEST_H
#define UPSKILL_DIGEST_H

#include <stddef.h>

/* 64 hex digits and a NUL. */
#define DIGEST_SHA256_HEX 65

/* The SHA-256 of len bytes at data, as lower-case hex into out. */
void digest_sha256_hex(const void *data, size_t len, char out[DIGEST_SHA256_HEX]);

/* A 32-byte digest as lower-case hex into out. */
void digest_hex(const unsigned char digest[32], char out[DIGEST_SHA256_HEX]);

/* The SHA-256 of the n buffers parts[i] of lens[i] bytes, one after the
 * other, as 32 bytes into out. */
void digest_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
                         unsigned char out[32]);

#endif
