/*
 * Checkpoint notes: a note signed by a key opens with that key and no
 * other; any change to a signed line, the signature or the key id refuses
 * it; a note co-signed by two keys opens with either; key files round-trip
 * and both key files are written mode 0600; a secret key others could read
 * is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "util.h"

struct keys {
	char dir[64];
	struct checkpoint_key a, a_pub, b;
};

static void make_key(struct keys *k, const char *name, struct checkpoint_key *secret,
                     struct checkpoint_key *pub)
{
	char *path = xasprintf("%s/%s", k->dir, name), *pub_path = xasprintf("%s.pub", path);
	char *err = NULL;
	struct stat st;

	assert_int_equal(checkpoint_keygen(name, path, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(pub_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(checkpoint_key_read(path, secret, &err), 0);
	assert_true(secret->has_secret);
	assert_string_equal(secret->name, name);
	if (pub) {
		assert_int_equal(checkpoint_key_read(pub_path, pub, &err), 0);
		assert_false(pub->has_secret);
		assert_memory_equal(pub->pub, secret->pub, CRYPTO_SIGN_PUBLIC);
	}
	/* A second key of the same file name is refused. */
	assert_int_equal(checkpoint_keygen(name, path, &err), -1);
	free(err);
	free(path);
	free(pub_path);
}

static int setup(void **state)
{
	struct keys *k = xcalloc(1, sizeof(*k));

	strcpy(k->dir, "/tmp/upskill-checkpoint-XXXXXX");
	assert_non_null(mkdtemp(k->dir));
	make_key(k, "auditor", &k->a, &k->a_pub);
	make_key(k, "consultant", &k->b, NULL);
	*state = k;
	return 0;
}

static int teardown(void **state)
{
	struct keys *k = *state;
	char *cmd = xasprintf("rm -rf '%s'", k->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(k);
	return 0;
}

static struct checkpoint sample(void)
{
	struct checkpoint c = {.size = 8};

	for (int i = 0; i < MERKLE_HASH; i++)
		c.root.b[i] = (uint8_t)(i * 7);
	return c;
}

static void expect_refused(const char *note, const struct checkpoint_key *key, const char *why)
{
	struct checkpoint got;
	char *err = NULL;

	assert_int_equal(checkpoint_open(note, key, &got, &err), -1);
	assert_non_null(err);
	if (!strstr(err, why))
		fail_msg("expected [%s], got [%s]", why, err);
	free(err);
}

static void test_round_trip(void **state)
{
	struct keys *k = *state;
	struct checkpoint c = sample(), got;
	char *note = checkpoint_sign(&c, &k->a), *err = NULL;

	assert_int_equal(checkpoint_open(note, &k->a_pub, &got, &err), 0);
	assert_int_equal(got.size, 8);
	assert_memory_equal(got.root.b, c.root.b, MERKLE_HASH);
	assert_true(strncmp(note, "upskill-record\n8\n", 17) == 0);
	expect_refused(note, &k->b, "not signed by the key 'consultant'");
	free(note);
}

static void test_any_change_refused(void **state)
{
	struct keys *k = *state;
	struct checkpoint c = sample();
	char *note = checkpoint_sign(&c, &k->a);
	char *sig = strstr(note, "auditor ") + 8, *copy;

	/* The size, the root, the origin, the signature, the blank line. */
	copy = xstrdup(note);
	copy[15] = '9';
	expect_refused(copy, &k->a_pub, "does not verify");
	strcpy(copy, note);
	copy[18] = copy[18] == 'A' ? 'B' : 'A';
	expect_refused(copy, &k->a_pub, "");
	strcpy(copy, note);
	copy[0] = 'U';
	expect_refused(copy, &k->a_pub, "not an upskill checkpoint");
	strcpy(copy, note);
	copy[sig - note + 10] = copy[sig - note + 10] == 'A' ? 'B' : 'A';
	expect_refused(copy, &k->a_pub, "");
	strcpy(copy, note);
	*strstr(copy, "\n\n") = ' ';
	expect_refused(copy, &k->a_pub, "not an upskill checkpoint");
	expect_refused("", &k->a_pub, "not an upskill checkpoint");
	free(copy);
	free(note);
}

static void test_cosigned(void **state)
{
	struct keys *k = *state;
	struct checkpoint c = sample(), got;
	char *by_a = checkpoint_sign(&c, &k->a), *by_b = checkpoint_sign(&c, &k->b);
	char *both = xasprintf("%s%s", by_a, strstr(by_b, "\n\n") + 2), *err = NULL;

	assert_int_equal(checkpoint_open(both, &k->a_pub, &got, &err), 0);
	assert_int_equal(checkpoint_open(both, &k->b, &got, &err), 0);
	free(both);
	free(by_a);
	free(by_b);
}

static void test_bad_key_files(void **state)
{
	struct keys *k = *state;
	struct checkpoint_key key;
	char *path = xasprintf("%s/junk", k->dir), *err = NULL;
	FILE *f = fopen(path, "w");

	fputs("upskill-checkpoint-public auditor AAAA\n", f);
	fclose(f);
	assert_int_equal(checkpoint_key_read(path, &key, &err), -1);
	assert_non_null(strstr(err, "is not an upskill checkpoint key file"));
	free(err);
	err = NULL;
	assert_int_equal(checkpoint_key_read("/nonexistent/key", &key, &err), -1);
	assert_non_null(strstr(err, "cannot read key"));
	free(err);
	free(path);
}

/* As ssh does: a secret key open to others is not used; a public one is. */
static void test_open_secret_refused(void **state)
{
	struct keys *k = *state;
	struct checkpoint_key key;
	char *path = xasprintf("%s/auditor", k->dir), *pub_path = xasprintf("%s.pub", path);
	char *err = NULL, *want;

	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(checkpoint_key_read(path, &key, &err), -1);
	want = xasprintf("secret key '%s' is open to others (mode 0640): refusing to use it; "
	                 "make it yours alone with chmod 600 '%s'",
	                 path, path);
	assert_string_equal(err, want);
	assert_false(key.has_secret);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chmod(pub_path, 0644), 0);
	assert_int_equal(checkpoint_key_read(pub_path, &key, NULL), 0);
	free(want);
	free(err);
	free(path);
	free(pub_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_round_trip),
	        cmocka_unit_test(test_any_change_refused),
	        cmocka_unit_test(test_cosigned),
	        cmocka_unit_test(test_bad_key_files),
	        cmocka_unit_test(test_open_secret_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
