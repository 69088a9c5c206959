/*
 * Receipts: made from a record with a signed checkpoint, written as JSON,
 * read back and checked, for every event of the record; an event no
 * checkpoint covers yet has none; a changed proof hash, event hash, index,
 * event content or note, or another key, is refused; and a record changed
 * after the receipt was made fails the check against it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "receipt.h"
#include "store-events.h"
#include "store-policy.h"
#include "testdb.h"
#include "util.h"

#define TEXT_HASH "27f03cde0d55fbb7d887b88050172c7941d11058f4e0fd016fe0b168b7c7dea4"

struct fixture {
	char dir[64];
	char db[160];
	struct store *st;
	struct checkpoint_key key, other;
	long long ann, ack;
};

static void key_make(struct fixture *f, const char *name, struct checkpoint_key *k)
{
	char *path = xasprintf("%s/%s", f->dir, name), *err = NULL;

	assert_int_equal(checkpoint_keygen(name, path, &err), 0);
	assert_int_equal(checkpoint_key_read(path, k, &err), 0);
	free(path);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char *path, *err = NULL;

	strcpy(f->dir, "/tmp/upskill-receipt-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	path = xasprintf("%s/test.db", f->dir);
	testdb_path(f->db, sizeof(f->db), path);
	assert_int_equal(store_open(f->db, &f->st, &err), 0);
	free(path);
	key_make(f, "auditor", &f->key);
	key_make(f, "someone-else", &f->other);
	assert_int_equal(store_learner_add(f->st, "Ann", ROLE_STAFF, 0, &f->ann, &err), 0);
	assert_int_equal(store_learner_add(f->st, "Bo", ROLE_STAFF, 0, NULL, &err), 0);
	assert_int_equal(store_ack_add(f->st, f->ann, "rules", "1.0", TEXT_HASH, false, &err), 0);
	{
		static const char *const kinds[] = {"ack", NULL};
		assert_int_equal(store_event_latest(f->st, f->ann, kinds, &f->ack, &err), 0);
		assert_true(f->ack > 0);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	store_close(f->st);
	checkpoint_key_release(&f->key);
	checkpoint_key_release(&f->other);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

/* Signs the record as it stands. */
static void sign(struct fixture *f)
{
	struct checkpoint c;
	char *note = NULL, *err = NULL;

	assert_int_equal(checkpoint_record(f->st, f->ann, &f->key, &c, &note, &err), 0);
	free(note);
}

static void make(struct fixture *f, long long id, struct receipt *r)
{
	struct store_event e;
	char *err = NULL;

	assert_int_equal(store_event_get(f->st, id, &e, &err), 0);
	assert_int_equal(receipt_make(f->st, &e, r, &err), 0);
	store_event_release(&e);
}

/* The receipt's JSON with the first from replaced by to, read back. */
static int edited(const struct receipt *r, const char *from, const char *to, struct receipt *out)
{
	char *json = receipt_json(r), *at = strstr(json, from), *err = NULL;
	struct strbuf sb;
	int rc;

	assert_non_null(at);
	strbuf_init(&sb);
	strbuf_add(&sb, json, (size_t)(at - json));
	strbuf_adds(&sb, to);
	strbuf_adds(&sb, at + strlen(from));
	rc = receipt_parse(sb.buf, sb.len, out, &err);
	free(err);
	strbuf_release(&sb);
	free(json);
	return rc;
}

static void test_not_covered(void **state)
{
	struct fixture *f = *state;
	struct store_event e;
	struct receipt r;
	char *err = NULL;

	assert_int_equal(store_event_get(f->st, f->ack, &e, &err), 0);
	assert_int_equal(receipt_make(f->st, &e, &r, &err), RECEIPT_NOT_COVERED);
	store_event_release(&e);
	assert_int_equal(store_event_get(f->st, 999, &e, &err), STORE_NOT_FOUND);
	assert_string_equal(err, "the record has no event 999");
	free(err);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	long long count;
	char head[65], *err = NULL;

	sign(f);
	assert_int_equal(store_head(f->st, &count, head, &err), 0);
	/* Every event the checkpoint covers has a receipt that checks, the
	 * same after JSON and back; the checkpoint's own event has none. */
	for (long long id = 1; id < count; id++) {
		struct receipt r, back;
		char *json, *again;

		make(f, id, &r);
		json = receipt_json(&r);
		assert_int_equal(receipt_parse(json, strlen(json), &back, &err), 0);
		again = receipt_json(&back);
		assert_string_equal(json, again);
		assert_int_equal(receipt_check(&back, &f->key, &err), 0);
		assert_int_equal(receipt_check_record(f->st, &back, &err), 0);
		free(json);
		free(again);
		receipt_release(&r);
		receipt_release(&back);
	}
	{
		struct store_event e;
		struct receipt r;
		assert_int_equal(store_event_get(f->st, count, &e, &err), 0);
		assert_int_equal(receipt_make(f->st, &e, &r, &err), RECEIPT_NOT_COVERED);
		store_event_release(&e);
	}
}

static void test_summary_and_text(void **state)
{
	struct fixture *f = *state;
	struct receipt r;
	char *s, *text;

	sign(f);
	make(f, f->ack, &r);
	s = receipt_summary(&r);
	assert_non_null(strstr(s, "(ack, policy rules, at "));
	text = receipt_text(&r);
	assert_non_null(strstr(text, "signed by 'auditor'"));
	assert_non_null(strstr(text, "    upskill-record\n"));
	free(s);
	free(text);
	receipt_release(&r);
}

static void test_tampered(void **state)
{
	struct fixture *f = *state;
	char hex[2 * MERKLE_HASH + 1], *err = NULL;
	struct receipt r, bad;

	sign(f);
	/* Grown since: the receipt is against the newer checkpoint, and still
	 * there are several proof hashes to change. */
	assert_int_equal(store_learner_add(f->st, "Cy", ROLE_STAFF, 0, NULL, &err), 0);
	assert_int_equal(store_learner_add(f->st, "Di", ROLE_STAFF, 0, NULL, &err), 0);
	sign(f);
	make(f, f->ack, &r);
	assert_true(r.nproof >= 2);

	/* Another key. */
	assert_int_equal(receipt_check(&r, &f->other, &err), -1);
	assert_non_null(strstr(err, "not signed by the key 'someone-else'"));
	free(err);
	err = NULL;

	/* Each proof hash, one bit changed. */
	for (size_t i = 0; i < r.nproof; i++) {
		char changed[2 * MERKLE_HASH + 1];
		merkle_hex(&r.proof[i], hex);
		strcpy(changed, hex);
		changed[10] = changed[10] == '0' ? '1' : '0';
		assert_int_equal(edited(&r, hex, changed, &bad), 0);
		assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
		assert_non_null(strstr(err, "the proof does not lead from event"));
		free(err);
		err = NULL;
		receipt_release(&bad);
	}
	/* A proof hash left out. */
	bad = r;
	bad.nproof--;
	assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
	free(err);
	err = NULL;

	/* The event's hash, and its content with its hash kept. */
	{
		char changed[2 * MERKLE_HASH + 1];
		strcpy(changed, r.event.hash);
		changed[0] = changed[0] == 'a' ? 'b' : 'a';
		assert_int_equal(edited(&r, r.event.hash, changed, &bad), 0);
		assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
		assert_non_null(strstr(err, "does not match its hash"));
		free(err);
		err = NULL;
		receipt_release(&bad);
	}
	assert_int_equal(edited(&r, "\"subject\": \"rules\"", "\"subject\": \"other\"", &bad), 0);
	assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
	assert_non_null(strstr(err, "does not match its hash"));
	free(err);
	err = NULL;
	receipt_release(&bad);

	/* The index. */
	{
		char from[32], to[32];
		snprintf(from, sizeof(from), "\"index\": %lld", f->ack - 1);
		snprintf(to, sizeof(to), "\"index\": %lld", f->ack);
		assert_int_equal(edited(&r, from, to, &bad), 0);
		assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
		assert_non_null(strstr(err, "cannot be leaf"));
		free(err);
		err = NULL;
		receipt_release(&bad);
	}

	/* The note's size, or the receipt's own size beside it. */
	assert_int_equal(edited(&r, "upskill-record\\n", "upskill-record\\n1", &bad), 0);
	assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
	assert_non_null(strstr(err, "does not verify"));
	free(err);
	err = NULL;
	receipt_release(&bad);
	bad = r;
	bad.checkpoint.size++;
	assert_int_equal(receipt_check(&bad, &f->key, &err), -1);
	assert_non_null(strstr(err, "is not the one signed"));
	free(err);
	err = NULL;

	/* Not receipts at all. */
	assert_int_equal(edited(&r, "upskill-receipt-1", "upskill-receipt-2", &bad), -1);
	assert_int_equal(edited(&r, "\"proof\": [", "\"proof\": [1, ", &bad), -1);

	assert_int_equal(receipt_check(&r, &f->key, &err), 0);
	receipt_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_not_covered, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_summary_and_text, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_tampered, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
