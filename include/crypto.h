/*
 * Cryptography, from libsodium (crypto.c is the only file that includes
 * it): argon2id for passphrases, Ed25519 for signed checkpoints, and
 * Base64 for what is written out. SHA-256 is in digest.h.
 */
#ifndef UPSKILL_CRYPTO_H
#define UPSKILL_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for a stored passphrase hash ("$argon2id$v=19$m=...") and its NUL. */
#define CRYPTO_PASSPHRASE_HASH 128

/* A salted, slow argon2id hash of passphrase, in libsodium's self-describing
 * string form (salt and cost included). -1 only if memory runs out. */
int crypto_passphrase_hash(const char *passphrase, char out[CRYPTO_PASSPHRASE_HASH]);

/* Whether passphrase matches a stored hash. Takes as long for a wrong
 * passphrase as for a right one. */
bool crypto_passphrase_check(const char *stored, const char *passphrase);

/* Runs a check against a fixed hash and throws the result away, so that a
 * login for a name with no account takes as long as a wrong passphrase. */
void crypto_passphrase_dummy_check(const char *passphrase);

/* Ed25519: a new key pair; a signature of a message; its check. */
#define CRYPTO_SIGN_PUBLIC 32
#define CRYPTO_SIGN_SECRET 64
#define CRYPTO_SIGNATURE   64
void crypto_key_new(uint8_t pub[CRYPTO_SIGN_PUBLIC], uint8_t secret[CRYPTO_SIGN_SECRET]);
void crypto_key_sign(const void *msg, size_t len, const uint8_t secret[CRYPTO_SIGN_SECRET],
                     uint8_t sig[CRYPTO_SIGNATURE]);
bool crypto_key_check(const void *msg, size_t len, const uint8_t sig[CRYPTO_SIGNATURE],
                      const uint8_t pub[CRYPTO_SIGN_PUBLIC]);
/* Forgets a secret: memory the compiler may not skip clearing. */
void crypto_wipe(void *p, size_t len);

/* Standard Base64 with padding; the caller frees the text. Decoding takes
 * exactly len bytes' worth, and returns -1 for anything else. */
char *crypto_b64(const void *bin, size_t len);
int crypto_unb64(const char *text, void *bin, size_t len);

/* A uniformly random number below n, from the kernel's generator. */
unsigned crypto_random_below(unsigned n);

#endif
