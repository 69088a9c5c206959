/*
 * The Merkle tree against published RFC 6962 test vectors: the eight leaf
 * inputs of the Certificate Transparency reference tests, the root of every
 * prefix of them, and the audit paths and consistency proofs those tests
 * give (as reproduced in transparency-dev/merkle, testonly/constants.go, and
 * in the proof tests of other RFC 6962 implementations). Then every proof
 * the code makes for trees of up to 40 leaves checks, and a proof changed
 * in any way, or checked against another tree, does not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "merkle.h"

static const struct {
	const char *hex;
} inputs[] = {{""},
              {"00"},
              {"10"},
              {"2021"},
              {"3031"},
              {"40414243"},
              {"5051525354555657"},
              {"606162636465666768696a6b6c6d6e6f"}};

/* The root of the first n inputs, n = 0..8. */
static const char *const roots[] = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

/* The leaf hashes of the inputs. */
static const char *const leaf_hashes[] = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
};

struct proof_vector {
	size_t a, b; /* leaf and tree size, or old and new sizes */
	const char *path[3];
	size_t n;
};

static const struct proof_vector inclusion[] = {
        {0, 1, {NULL}, 0},
        {0,
         8,
         {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
         3},
        {5,
         8,
         {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
         3},
        {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}, 1},
        {1,
         5,
         {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
         3},
};

static const struct proof_vector consistency[] = {
        {1, 1, {NULL}, 0},
        {1,
         8,
         {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
         3},
        {6,
         8,
         {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
         3},
        {2,
         5,
         {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
         2},
};

static struct merkle_hash leaves[8];

static void hash_of(const char *hex, struct merkle_hash *out)
{
	assert_int_equal(merkle_from_hex(hex, out), 0);
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < 8; i++) {
		uint8_t bytes[16];
		size_t n = strlen(inputs[i].hex) / 2;
		for (size_t k = 0; k < n; k++) {
			unsigned v;
			sscanf(inputs[i].hex + 2 * k, "%2x", &v);
			bytes[k] = (uint8_t)v;
		}
		merkle_leaf_hash(bytes, n, &leaves[i]);
	}
	return 0;
}

static void test_leaf_hashes_and_roots(void **state)
{
	char hex[2 * MERKLE_HASH + 1];
	struct merkle_hash root;

	(void)state;
	for (size_t i = 0; i < 8; i++) {
		merkle_hex(&leaves[i], hex);
		assert_string_equal(hex, leaf_hashes[i]);
	}
	for (size_t n = 0; n <= 8; n++) {
		merkle_root(leaves, n, &root);
		merkle_hex(&root, hex);
		assert_string_equal(hex, roots[n]);
	}
}

static void test_inclusion_vectors(void **state)
{
	struct merkle_hash proof[MERKLE_MAX_PROOF], want, root;
	char hex[2 * MERKLE_HASH + 1];

	(void)state;
	for (size_t v = 0; v < sizeof(inclusion) / sizeof(inclusion[0]); v++) {
		const struct proof_vector *t = &inclusion[v];
		size_t n = merkle_inclusion_proof(leaves, t->b, t->a, proof);
		assert_int_equal(n, t->n);
		for (size_t i = 0; i < n; i++) {
			merkle_hex(&proof[i], hex);
			assert_string_equal(hex, t->path[i]);
		}
		hash_of(roots[t->b], &root);
		assert_true(merkle_inclusion_check(&leaves[t->a], t->a, t->b, proof, n, &root));
		/* Any change fails: another leaf, place, size, root or path. */
		assert_false(merkle_inclusion_check(&leaves[(t->a + 1) % 8], t->a, t->b, proof, n,
		                                    &root));
		assert_false(
		        merkle_inclusion_check(&leaves[t->a], t->a + 1, t->b, proof, n, &root));
		/* (A size is bound to its own root: the same path may fit another
		 * size's shape, never its root.) */
		if (t->b < 8) {
			hash_of(roots[t->b + 1], &want);
			assert_false(merkle_inclusion_check(&leaves[t->a], t->a, t->b + 1, proof, n,
			                                    &want));
		}
		hash_of(roots[(t->b + 1) % 9], &want);
		assert_false(merkle_inclusion_check(&leaves[t->a], t->a, t->b, proof, n, &want));
		if (n) {
			proof[n - 1].b[7] ^= 1;
			assert_false(
			        merkle_inclusion_check(&leaves[t->a], t->a, t->b, proof, n, &root));
			assert_false(merkle_inclusion_check(&leaves[t->a], t->a, t->b, proof, n - 1,
			                                    &root));
		}
	}
}

static void test_consistency_vectors(void **state)
{
	struct merkle_hash proof[MERKLE_MAX_PROOF], old_root, new_root;
	char hex[2 * MERKLE_HASH + 1];

	(void)state;
	for (size_t v = 0; v < sizeof(consistency) / sizeof(consistency[0]); v++) {
		const struct proof_vector *t = &consistency[v];
		size_t n = merkle_consistency_proof(leaves, t->a, t->b, proof);
		assert_int_equal(n, t->n);
		for (size_t i = 0; i < n; i++) {
			merkle_hex(&proof[i], hex);
			assert_string_equal(hex, t->path[i]);
		}
		hash_of(roots[t->a], &old_root);
		hash_of(roots[t->b], &new_root);
		assert_true(merkle_consistency_check(t->a, t->b, &old_root, &new_root, proof, n));
		/* A rewritten past (another old root) or another new tree fails. */
		old_root.b[0] ^= 1;
		assert_false(merkle_consistency_check(t->a, t->b, &old_root, &new_root, proof, n));
		old_root.b[0] ^= 1;
		new_root.b[31] ^= 1;
		assert_false(merkle_consistency_check(t->a, t->b, &old_root, &new_root, proof, n));
		new_root.b[31] ^= 1;
		if (n) {
			proof[0].b[0] ^= 0x80;
			assert_false(merkle_consistency_check(t->a, t->b, &old_root, &new_root,
			                                      proof, n));
		}
	}
	assert_false(merkle_consistency_check(0, 8, &old_root, &new_root, proof, 0));
	assert_false(merkle_consistency_check(9, 8, &old_root, &new_root, proof, 0));
}

/* Every proof made for every tree up to 40 leaves checks. */
static void test_all_small_trees(void **state)
{
	struct merkle_hash many[40], proof[MERKLE_MAX_PROOF], root, old_root;

	(void)state;
	for (size_t i = 0; i < 40; i++) {
		uint8_t b = (uint8_t)i;
		merkle_leaf_hash(&b, 1, &many[i]);
	}
	for (size_t size = 1; size <= 40; size++) {
		merkle_root(many, size, &root);
		for (size_t i = 0; i < size; i++) {
			size_t n = merkle_inclusion_proof(many, size, i, proof);
			assert_true(merkle_inclusion_check(&many[i], i, size, proof, n, &root));
		}
		for (size_t old = 1; old <= size; old++) {
			size_t n = merkle_consistency_proof(many, old, size, proof);
			merkle_root(many, old, &old_root);
			assert_true(
			        merkle_consistency_check(old, size, &old_root, &root, proof, n));
		}
	}
}

static void test_hex(void **state)
{
	struct merkle_hash h;

	(void)state;
	assert_int_equal(merkle_from_hex(roots[0], &h), 0);
	assert_int_equal(merkle_from_hex("e3b0", &h), -1);
	assert_int_equal(
	        merkle_from_hex("0xb0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	                        &h),
	        -1);
	assert_int_equal(
	        merkle_from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550",
	                        &h),
	        -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_leaf_hashes_and_roots),
	        cmocka_unit_test(test_inclusion_vectors),
	        cmocka_unit_test(test_consistency_vectors),
	        cmocka_unit_test(test_all_small_trees),
	        cmocka_unit_test(test_hex),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
