/*
 * Merkle trees over the event log in the style of RFC 6962 and RFC 9162
 * (section 2.1): a leaf hash is SHA-256(0x00 || input), a node hash
 * SHA-256(0x01 || left || right), and the tree of n leaves splits at the
 * largest power of two below n. From them: the root of any prefix of the
 * log, inclusion proofs (one leaf is in a tree) and consistency proofs (a
 * tree only grew into a later one), and their checks. Pure computation over
 * hashes the caller holds; SHA-256 comes from crypto.c.
 */
#ifndef UPSKILL_MERKLE_H
#define UPSKILL_MERKLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH 32
/* The longest proof for any tree this program can hold (2^63 leaves). */
#define MERKLE_MAX_PROOF 128

struct merkle_hash {
	uint8_t b[MERKLE_HASH];
};

void merkle_leaf_hash(const void *input, size_t len, struct merkle_hash *out);
void merkle_node_hash(const struct merkle_hash *left, const struct merkle_hash *right,
                      struct merkle_hash *out);

/* The root of the tree over the first n leaf hashes (SHA-256 of nothing
 * when n is 0). */
void merkle_root(const struct merkle_hash *leaves, size_t n, struct merkle_hash *out);

/* The inclusion proof (audit path) of leaf index in the tree of the first
 * size leaves, into out; returns its length. index < size. */
size_t merkle_inclusion_proof(const struct merkle_hash *leaves, size_t size, size_t index,
                              struct merkle_hash out[MERKLE_MAX_PROOF]);
/* Whether proof shows that leaf is leaf index of the tree of size leaves
 * whose root is root. */
bool merkle_inclusion_check(const struct merkle_hash *leaf, size_t index, size_t size,
                            const struct merkle_hash *proof, size_t nproof,
                            const struct merkle_hash *root);

/* The consistency proof from the tree of the first old leaves to that of
 * the first size leaves (0 < old <= size), into out; returns its length. */
size_t merkle_consistency_proof(const struct merkle_hash *leaves, size_t old, size_t size,
                                struct merkle_hash out[MERKLE_MAX_PROOF]);
/* Whether proof shows that the tree of old leaves with root old_root is a
 * prefix of the tree of size leaves with root new_root. */
bool merkle_consistency_check(size_t old, size_t size, const struct merkle_hash *old_root,
                              const struct merkle_hash *new_root, const struct merkle_hash *proof,
                              size_t nproof);

/* Hex (64 digits and a NUL) and back; -1 if hex is not 64 hex digits. */
void merkle_hex(const struct merkle_hash *h, char out[2 * MERKLE_HASH + 1]);
int merkle_from_hex(const char *hex, struct merkle_hash *out);

#endif
