/*
 * RFC 6962 / RFC 9162 Merkle trees: the definitions of section 2.1 written
 * as they read (the tree of n leaves splits at k, the largest power of two
 * below n), and the proof checks of RFC 9162 sections 2.1.3.2 and 2.1.4.2.
 */
#include "merkle.h"

#include <stdio.h>
#include <string.h>

#include "digest.h"

void merkle_leaf_hash(const void *input, size_t len, struct merkle_hash *out)
{
	static const uint8_t prefix = 0x00;
	const void *parts[] = {&prefix, input};
	const size_t lens[] = {1, len};

	digest_sha256_parts(parts, lens, 2, out->b);
}

void merkle_node_hash(const struct merkle_hash *left, const struct merkle_hash *right,
                      struct merkle_hash *out)
{
	static const uint8_t prefix = 0x01;
	const void *parts[] = {&prefix, left->b, right->b};
	const size_t lens[] = {1, MERKLE_HASH, MERKLE_HASH};

	digest_sha256_parts(parts, lens, 3, out->b);
}

/* The largest power of two smaller than n (n >= 2). */
static size_t split(size_t n)
{
	size_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

void merkle_root(const struct merkle_hash *leaves, size_t n, struct merkle_hash *out)
{
	struct merkle_hash left, right;
	size_t k;

	if (n == 0) {
		digest_sha256_parts(NULL, NULL, 0, out->b);
		return;
	}
	if (n == 1) {
		*out = leaves[0];
		return;
	}
	k = split(n);
	merkle_root(leaves, k, &left);
	merkle_root(leaves + k, n - k, &right);
	merkle_node_hash(&left, &right, out);
}

/* PATH(m, D[n]) of RFC 6962 2.1.1, appended to out from *len. */
static void path(const struct merkle_hash *leaves, size_t n, size_t m, struct merkle_hash *out,
                 size_t *len)
{
	size_t k;

	if (n <= 1)
		return;
	k = split(n);
	if (m < k) {
		path(leaves, k, m, out, len);
		merkle_root(leaves + k, n - k, &out[(*len)++]);
	} else {
		path(leaves + k, n - k, m - k, out, len);
		merkle_root(leaves, k, &out[(*len)++]);
	}
}

size_t merkle_inclusion_proof(const struct merkle_hash *leaves, size_t size, size_t index,
                              struct merkle_hash out[MERKLE_MAX_PROOF])
{
	size_t len = 0;

	if (index < size)
		path(leaves, size, index, out, &len);
	return len;
}

/* SUBPROOF(m, D[n], b) of RFC 6962 2.1.2. */
static void subproof(const struct merkle_hash *leaves, size_t n, size_t m, bool whole,
                     struct merkle_hash *out, size_t *len)
{
	size_t k;

	if (m == n) {
		if (!whole)
			merkle_root(leaves, n, &out[(*len)++]);
		return;
	}
	k = split(n);
	if (m <= k) {
		subproof(leaves, k, m, whole, out, len);
		merkle_root(leaves + k, n - k, &out[(*len)++]);
	} else {
		subproof(leaves + k, n - k, m - k, false, out, len);
		merkle_root(leaves, k, &out[(*len)++]);
	}
}

size_t merkle_consistency_proof(const struct merkle_hash *leaves, size_t old, size_t size,
                                struct merkle_hash out[MERKLE_MAX_PROOF])
{
	size_t len = 0;

	if (old > 0 && old <= size)
		subproof(leaves, size, old, true, out, &len);
	return len;
}

static bool is_odd(uint64_t x)
{
	return x & 1;
}

bool merkle_inclusion_check(const struct merkle_hash *leaf, size_t index, size_t size,
                            const struct merkle_hash *proof, size_t nproof,
                            const struct merkle_hash *root)
{
	uint64_t fn = index, sn;
	struct merkle_hash r;

	if (index >= size)
		return false;
	sn = (uint64_t)size - 1;
	r = *leaf;
	for (size_t i = 0; i < nproof; i++) {
		if (sn == 0)
			return false;
		if (is_odd(fn) || fn == sn) {
			merkle_node_hash(&proof[i], &r, &r);
			while (!is_odd(fn) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(&r, &proof[i], &r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r.b, root->b, MERKLE_HASH) == 0;
}

bool merkle_consistency_check(size_t old, size_t size, const struct merkle_hash *old_root,
                              const struct merkle_hash *new_root, const struct merkle_hash *proof,
                              size_t nproof)
{
	struct merkle_hash fr, sr;
	uint64_t fn, sn;
	size_t i = 0;

	if (old == 0 || old > size)
		return false;
	if (old == size)
		return nproof == 0 && memcmp(old_root->b, new_root->b, MERKLE_HASH) == 0;
	if (nproof == 0)
		return false;
	fn = (uint64_t)old - 1;
	sn = (uint64_t)size - 1;
	/* A tree of a power of two leaves is a whole subtree of the later one:
	 * its root starts the path instead of a proof entry. */
	if ((old & (old - 1)) == 0) {
		fr = *old_root;
	} else {
		fr = proof[0];
		i = 1;
	}
	sr = fr;
	while (is_odd(fn)) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < nproof; i++) {
		if (sn == 0)
			return false;
		if (is_odd(fn) || fn == sn) {
			merkle_node_hash(&proof[i], &fr, &fr);
			merkle_node_hash(&proof[i], &sr, &sr);
			while (!is_odd(fn) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(&sr, &proof[i], &sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(fr.b, old_root->b, MERKLE_HASH) == 0 &&
	       memcmp(sr.b, new_root->b, MERKLE_HASH) == 0;
}

void merkle_hex(const struct merkle_hash *h, char out[2 * MERKLE_HASH + 1])
{
	for (size_t i = 0; i < MERKLE_HASH; i++)
		snprintf(out + 2 * i, 3, "%02x", h->b[i]);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int merkle_from_hex(const char *hex, struct merkle_hash *out)
{
	for (size_t i = 0; i < MERKLE_HASH; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hi < 0 ? -1 : hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out->b[i] = (uint8_t)(hi << 4 | lo);
	}
	return hex[2 * MERKLE_HASH] == '\0' ? 0 : -1;
}
