/*
 * The facts of standing (see store-facts.h): one query per kind of fact
 * (attempts finished and open apart), not per learner or module, folded in
 * C into each learner's cell for each module. The modules come in as one
 * bound JSON array, read with json_each. Grouping by (learner, module) in
 * SQL would cost a sort or an index walk with a table lookup per attempt,
 * several times these scans (measured: some 300 ms against 50 ms for 5,000
 * learners and 100,000 attempts).
 */
#include "store-facts.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "json.h"
#include "store-private.h"
#include "util.h"

/* The filter: one learner (?3) on the modules asked about (the bound JSON
 * array ?1, store-private.h) by the (learner, module) index; or everyone by
 * one scan of the table, the modules filtered in SQL when they are a few
 * (report compliance on the policies, a report narrowed to one module),
 * where most rows are not wanted, and otherwise left to fold_cell, which
 * finds each row's module anyway: filtering in SQL too cost a lookup in a
 * temporary index per row, a tenth of report learners on every module.
 * A few modules' attempts are read one module (?1) at a time (EACH): the
 * index by module then gives each module's rows in id order, where the IN
 * list's rows had to be sorted (a fifth of report compliance), and the
 * fold needs the order only within a (learner, module) cell. */
#define ONE(module)  " AND " module " IN " STORE_SQL_IN_JSON("?1") " AND learner_id = ?3"
#define SOME(module) " AND " module " IN " STORE_SQL_IN_JSON("?1")
#define EACH(module) " AND " module " = ?1"
#define ALL(module)  ""
#define FEW_MODULES  8
/* Everyone's finished attempts in a chunk of ids (?4 to ?5), read on
 * either of two threads: see struct scan. */
#define RANGE(module) " AND id BETWEEN ?4 AND ?5"

/* The publications, for the rules the fold applies to each attempt and
 * acknowledgement in C (a correlated subquery per row cost more than the
 * rest of the scan): an attempt on a withdrawn publication does not count
 * (practice ones do not either: STORE_ATTEMPT_COUNTS); the policy version a
 * pass counts for is the one its publication published; for an attempt
 * finished before publishing existed (no publication, and its policy
 * version in no event), only a version registered then too (a publication
 * with no file), so that an edited row cannot claim a later one. An
 * acknowledgement counts only of the exact text published as that version
 * and not withdrawn (see ack_published): one of a text published and
 * withdrawn does not carry over. */
#define PUBLICATIONS_SQL(who)                                                                      \
	"SELECT event_id, CASE WHEN withdrawn_by IS NULL THEN 0 ELSE 1 END, module_id,"            \
	" policy_version, CASE WHEN file_sha256 IS NULL THEN 1 ELSE 0 END, text_sha256"            \
	" FROM publications" who " ORDER BY event_id"
/* For one learner, only those these rules can reach from their own rows:
 * the publications their attempts name, those with no file of the modules
 * they attempted, and those of the policies they acknowledged. A learner's
 * first screen then reads a handful, not one per module in the library. */
#define PUBLICATIONS_OF_ONE                                                                        \
	" WHERE event_id IN (SELECT publication FROM attempts WHERE learner_id = ?1)"              \
	" OR (file_sha256 IS NULL AND module_id IN"                                                \
	" (SELECT module_id FROM attempts WHERE learner_id = ?1))"                                 \
	" OR module_id IN (SELECT policy_id FROM acknowledgements WHERE learner_id = ?1)"

/* Every attempt: one that does not count (practice, or on a withdrawn
 * publication) still spends one of the allowance, so it comes too, with
 * what fold_finished needs to tell. The open ones are read apart
 * (OPEN_SQL) and skipped here: nearly all rows are finished, and each
 * result column costs SQLite's VDBE about as much per row whether or not
 * it is read, so the open ones' columns and subqueries had cost every row.
 * Filtering finished_at in SQL costs more than skipping the few open rows
 * in C. practice, the record's last column, comes first: SQLite then
 * decodes the record's header in one go, not in a few steps. Measured on
 * 400,000 attempts, stepping alone: 0.99 G instructions with the open
 * ones' columns, 0.72 G without, 0.64 G with practice first. */
#define ATTEMPTS_SQL(who)                                                                          \
	"SELECT practice, learner_id, module_id, passed, percent, seconds, finished_at,"           \
	" module_version, policy_version, publication"                                             \
	" FROM attempts WHERE 1 = 1" who("module_id") " ORDER BY id"
/* The open attempts: the fold needs id order only among a cell's finished
 * attempts, and an open one's part of its cell (fold_open) is a sum, a
 * latest time and the one open attempt (the unique index one_open_attempt).
 * They come in that index's order, so SQLite scans only the open ones (in
 * id order it would scan the table). */
#define OPEN_ANSWERS "(SELECT count(*) FROM answers WHERE attempt_id = attempts.id)"
#define ATTEMPT_AT   STORE_ATTEMPT_AT("attempts")
#define OPEN_ORDER   " ORDER BY learner_id, module_id, id"
#define OPEN_SECONDS STORE_ATTEMPT_SECONDS("attempts")
#define OPEN_COLUMNS "learner_id, module_id, " OPEN_SECONDS ", " ATTEMPT_AT ", seed, plan"
#define OPEN_SQL(who)                                                                              \
	"SELECT " OPEN_COLUMNS ", " OPEN_ANSWERS                                                   \
	" FROM attempts WHERE finished_at IS NULL" who("module_id") OPEN_ORDER
#define LESSONS_SQL(who)                                                                           \
	"SELECT learner_id, module_id, page, read_all, seconds, updated_at FROM lesson_progress"   \
	" WHERE updated_at >= ?2" who("module_id")
/* Every acknowledgement with the hash of its text: fold_ack keeps only
 * those of a text published (PUBLICATIONS_SQL). */
#define ACKS_SQL(who)                                                                              \
	"SELECT learner_id, policy_id, version, at, kiosk, text_hash FROM acknowledgements"        \
	" WHERE 1 = 1" who("policy_id") " ORDER BY id"

/* A consultant's grants of attempts (learner grant): the event is the
 * record, so the chain holds them. */
#define GRANTS_SQL(who)                                                                            \
	"SELECT learner_id, subject, at, data FROM events WHERE kind = "                           \
	"'attempt.grant'" STORE_SQL_NOT_ANSWER who("subject") " ORDER BY id"

/* Finding a learner's row and a module's cell while folding rows in. */
struct learner_slot {
	long long id;
	size_t at;
};

struct module_slot {
	const char *id;
	size_t at;
	const struct publication *pub; /* the one its last attempt named */
	/* The module's versions and policy versions met last, in the pool:
	 * nearly every cell of a module holds one of a few, so they are kept
	 * once (fold_version), not copied into each cell. */
	const char *version, *policy_version;
};

static int compare_learner_slot(const void *a, const void *b)
{
	const struct learner_slot *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* FNV-1a: the modules asked about are found by their id's hash, one
 * strcmp a row where a binary search made five on ids sharing a prefix. */
static size_t module_hash(const char *id)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return (size_t)h;
}

/* A publication, as fold_attempt's rules need it. */
struct publication {
	long long event;
	bool withdrawn;
	bool unfiled; /* registered with no file: before publishing existed */
	char *module;
	char *policy_version; /* NULL: none */
	char *text_sha256;    /* of the policy text published; NULL: none */
};

static int compare_publication(const void *a, const void *b)
{
	const struct publication *x = a, *y = b;

	return (x->event > y->event) - (x->event < y->event);
}

/* What an acknowledgement may be of: a policy text published as a version
 * and not withdrawn (strings borrowed from the publications). */
struct published_text {
	const char *module;
	const char *version;
	const char *sha256;
};

struct fold {
	const char *since;       /* "" for the whole record */
	struct strpool *strings; /* the people's strings and their cells' */
	struct clock_day day;    /* of the time parsed last */
	struct store_person *list;
	size_t n;
	/* Learner ids are a table's INTEGER PRIMARY KEY, so small and dense:
	 * by_id[id] is the learner's place in list + 1 (0: not loaded), for
	 * ids up to max_id; the others are found in learners, sorted by id. */
	size_t *by_id;
	long long max_id;
	struct learner_slot *learners;
	size_t nlearners;
	struct module_slot *modules; /* open addressing, mask + 1 slots (id NULL: empty) */
	size_t modules_mask;
	const bool *policy; /* by module: keep its dated facts for compliance */
	size_t nmodules;
	size_t module_at;         /* the module of the cell fold_cell found last */
	struct module_slot *slot; /* and its slot */
	struct publication *pubs; /* by event id */
	size_t npubs;
	bool withdrawals;             /* some publication is withdrawn */
	struct published_text *texts; /* sorted by compare_text */
	size_t ntexts;
};

/* The cell for (learner, module), columns col and col + 1, with its
 * module's slot, or NULL when either was not asked for (a consultant's
 * attempt, a module outside the scope). Only reads f: the other thread of
 * a scan in chunks (struct scan) calls it too. */
static struct standing_facts *find_cell(const struct fold *f, struct db_stmt *stmt, int col,
                                        struct module_slot **slot)
{
	long long learner = db_column_int64(stmt, col);
	const char *module = db_column_text(stmt, col + 1);
	struct module_slot *mhit;
	struct learner_slot lkey = {.id = learner}, *lhit;
	struct store_person *p = NULL;

	if (learner >= 0 && learner <= f->max_id) {
		if (f->by_id[learner])
			p = &f->list[f->by_id[learner] - 1];
	} else if ((lhit = bsearch(&lkey, f->learners, f->nlearners, sizeof(lkey),
	                           compare_learner_slot))) {
		p = &f->list[lhit->at];
	}
	if (!p || !module)
		return NULL;
	for (size_t h = module_hash(module);; h++) {
		mhit = &f->modules[h & f->modules_mask];
		if (!mhit->id)
			return NULL;
		if (strcmp(mhit->id, module) == 0)
			break;
	}
	*slot = mhit;
	return &p->facts[mhit->at];
}

/* find_cell, whose module the fold then works on. */
static struct standing_facts *fold_cell(struct fold *f, struct db_stmt *stmt, int col)
{
	struct module_slot *slot;
	struct standing_facts *c = find_cell(f, stmt, col, &slot);

	if (c) {
		f->slot = slot;
		f->module_at = slot->at;
	}
	return c;
}

/* Whether at is in scope (since): the record writes every time in one
 * form (clock_iso), so text order is time order. */
static bool scoped(const struct fold *f, const char *at)
{
	return at && (!*f->since || strcmp(at, f->since) >= 0);
}

/* Activity at t in c, the latest so far if it is. */
static void seen(struct standing_facts *c, time_t t)
{
	if (t > c->last_activity)
		c->last_activity = t;
}

/* Whether at (t once parsed: 0 when it is not a time) is in scope, and if
 * so the latest activity so far. */
static bool in_scope(struct fold *f, struct standing_facts *c, const char *at, time_t t)
{
	if (!scoped(f, at))
		return false;
	seen(c, t);
	return true;
}

/* A time of the record, 0 if it is not one. Most rows in a row are of one
 * day, so the day is read once (clock_parse_near). */
static time_t parsed_near(struct clock_day *day, const char *iso)
{
	time_t t = 0;

	if (!iso || clock_parse_near(day, iso, &t) < 0)
		return 0;
	return t;
}

static time_t parsed(struct fold *f, const char *iso)
{
	return parsed_near(&f->day, iso);
}

/* Room for one more element in *array (n of size bytes there), in the
 * pool: the array holds n = 0, 1, 2, 4, ... elements when it is moved to
 * twice as many, so most cells (one or two) take one small allocation and
 * none is freed one by one. */
static void grow_in_pool(struct fold *f, void *array, size_t n, size_t size)
{
	void **a = array, *bigger;

	if (n & (n - 1))
		return; /* room left: n is not 0 or a power of two */
	bigger = strpool_alloc(f->strings, (n ? 2 * n : 1) * size);
	if (n)
		memcpy(bigger, *a, n * size);
	*a = bigger;
}

/* c's rare facts, made (zero, in the pool) when it has none yet. */
static struct standing_rare *rare(struct fold *f, struct standing_facts *c)
{
	if (!c->rare) {
		c->rare = strpool_alloc(f->strings, sizeof(*c->rare));
		memset(c->rare, 0, sizeof(*c->rare));
	}
	return c->rare;
}

/* version in pool, as *last when they are the same (a module_slot's). */
static const char *pool_version(struct strpool *pool, const char **last, const char *version)
{
	if (!version)
		return NULL;
	if (!*last || strcmp(*last, version) != 0)
		*last = strpool_dup(pool, version);
	return *last;
}

static const char *fold_version(struct fold *f, const char **last, const char *version)
{
	return pool_version(f->strings, last, version);
}

/* Adds a dated fact of the module f->slot is on. */
static void add_dated(struct fold *f, struct compliance_fact **list, size_t *n, const char *version,
                      time_t at)
{
	grow_in_pool(f, list, *n, sizeof(**list));
	(*list)[*n].version = fold_version(f, &f->slot->policy_version, version ? version : "");
	(*list)[*n].at = at;
	(*list)[*n].kiosk = false;
	(*n)++;
}

/* The publication with event id, or NULL. */
static const struct publication *find_publication(const struct fold *f, long long event)
{
	struct publication key = {.event = event};

	return bsearch(&key, f->pubs, f->npubs, sizeof(key), compare_publication);
}

/* The policy version a finished attempt's pass counts for (see
 * PUBLICATIONS_SQL): "" for none. */
static const char *pass_policy_version(const struct fold *f, struct db_stmt *stmt)
{
	const char *module = db_column_text(stmt, 2);
	const char *version = db_column_text(stmt, 8);

	if (!version)
		return "";
	if (!db_column_is_null(stmt, 9))
		return version;
	for (size_t i = 0; i < f->npubs; i++)
		if (f->pubs[i].unfiled && f->pubs[i].policy_version &&
		    strcmp(f->pubs[i].policy_version, version) == 0 &&
		    strcmp(f->pubs[i].module, module) == 0)
			return version;
	return "";
}

/* A finished attempt as fold_finished takes it, read from its row by
 * read_finished: on this thread, or in a large scan on either (struct
 * scan). Strings are the row's, or its reader's pool's. */
struct finished {
	struct standing_facts *cell;
	struct module_slot *slot;
	time_t at;
	double percent;    /* in scope only */
	long long seconds; /* in scope only */
	long long publication;
	const char *version;        /* the module version: passed in scope only */
	const char *policy_version; /* what a pass of a policy counts for ("" none); else NULL */
	bool practice, passed, scoped, unpublished;
};

/* practice, learner, module, passed, percent, seconds, finished at,
 * version, policy version, publication; by id. Each column is read only
 * when the rules reach it. False for a row the fold skips. */
static bool read_finished(const struct fold *f, struct clock_day *day, struct db_stmt *stmt,
                          struct finished *r)
{
	const char *at;

	if (!(r->cell = find_cell(f, stmt, 1, &r->slot)) || !(at = db_column_text(stmt, 6)))
		return false;
	r->at = parsed_near(day, at);
	r->scoped = scoped(f, at);
	r->practice = db_column_int(stmt, 0) != 0;
	/* Most records have withdrawn nothing: then no publication is read.
	 * Most attempts name one: NULL is told from 0 only when it reads as 0. */
	r->publication = f->withdrawals ? db_column_int64(stmt, 9) : 0;
	r->unpublished = !f->withdrawals || (r->publication == 0 && db_column_is_null(stmt, 9));
	r->passed = db_column_int(stmt, 3) != 0;
	r->policy_version =
	        r->passed && f->policy[r->slot->at] ? pass_policy_version(f, stmt) : NULL;
	r->version = r->passed && r->scoped ? db_column_text(stmt, 7) : NULL;
	r->seconds = r->scoped ? db_column_int64(stmt, 5) : 0;
	r->percent = r->scoped ? db_column_double(stmt, 4) : 0;
	return true;
}

/* Whether a finished attempt counts: not practice, and not on a withdrawn
 * publication (STORE_ATTEMPT_COUNTS). */
static bool attempt_counts(struct fold *f, const struct finished *r)
{
	const struct publication *pub;

	if (r->practice)
		return false;
	if (r->unpublished)
		return true;
	/* A module's attempts mostly name the same publication: the one the
	 * last named is tried before the search. */
	pub = f->slot->pub;
	if (!pub || pub->event != r->publication)
		pub = f->slot->pub = find_publication(f, r->publication);
	return !pub || !pub->withdrawn;
}

/* Folds finished attempts in id order, a cell's at least. */
static void fold_finished(struct fold *f, const struct finished *r)
{
	struct standing_facts *c = r->cell;

	f->slot = r->slot;
	f->module_at = r->slot->at;
	if (c->nused == 0) {
		c->used_first = r->at;
	} else {
		grow_in_pool(f, &c->used_more, c->nused - 1, sizeof(*c->used_more));
		c->used_more[c->nused - 1] = r->at;
	}
	c->nused++;
	if (!attempt_counts(f, r))
		return;
	if (r->passed && r->at > c->record_passed_at)
		c->record_passed_at = r->at;
	if (r->policy_version) {
		struct standing_rare *rr = rare(f, c);

		add_dated(f, &rr->policy_passes, &rr->npolicy_passes, r->policy_version, r->at);
	}
	if (!r->scoped)
		return;
	seen(c, r->at);
	c->seconds += (long)r->seconds;
	c->last = r->percent;
	if (c->finished == 0 || c->last > c->best)
		c->best = c->last;
	c->finished++;
	if (r->passed) {
		c->passes++;
		c->passed_at = r->at;
		c->passed_version = fold_version(f, &f->slot->version, r->version);
	}
}

/* A row of finished attempts, read and folded at once. */
static void fold_finished_row(struct fold *f, struct db_stmt *stmt)
{
	struct finished r;

	if (read_finished(f, &f->day, stmt, &r))
		fold_finished(f, &r);
}

/* learner, module, seconds, when, seed, plan, answers; by learner, module
 * and id, so the latest of a cell would win were there two (the unique
 * index one_open_attempt allows one). */
static void fold_open(struct fold *f, struct db_stmt *stmt)
{
	struct standing_facts *c = fold_cell(f, stmt, 0);
	const char *at = db_column_text(stmt, 3);
	struct standing_rare *r;

	if (!c || !in_scope(f, c, at, parsed(f, at)))
		return;
	c->seconds += (long)db_column_int64(stmt, 2);
	c->open = true;
	r = rare(f, c);
	r->answered = (size_t)db_column_int64(stmt, 6);
	r->seed = (unsigned long long)db_column_int64(stmt, 4);
	r->plan = strpool_dup(f->strings, db_column_text(stmt, 5));
}

/* learner, module, at, data; by id */
static void fold_grant(struct fold *f, struct db_stmt *stmt)
{
	struct standing_facts *c = fold_cell(f, stmt, 0);
	const char *data = db_column_text(stmt, 3);
	struct json *j;
	uint64_t n = 0;

	if (!c || !data || !(j = json_parse(data, strlen(data), NULL)))
		return;
	if (json_get_uint(j, "n", &n) == 0 && n > 0) {
		struct standing_rare *r = rare(f, c);

		grow_in_pool(f, &r->grants, r->ngrants, sizeof(*r->grants));
		r->grants[r->ngrants].at = parsed(f, db_column_text(stmt, 2));
		r->grants[r->ngrants++].n = n > INT_MAX ? INT_MAX : (int)n;
	}
	json_free(j);
}

/* learner, module, page, read all, seconds, updated */
static void fold_lesson(struct fold *f, struct db_stmt *stmt)
{
	struct standing_facts *c = fold_cell(f, stmt, 0);
	const char *at = db_column_text(stmt, 5);

	if (!c || !in_scope(f, c, at, parsed(f, at)))
		return;
	c->lesson = true;
	c->page = db_column_int(stmt, 2);
	c->read_all = db_column_int(stmt, 3) != 0;
	c->seconds += (long)db_column_int64(stmt, 4);
}

static int compare_text(const void *a, const void *b)
{
	const struct published_text *x = a, *y = b;
	int d = strcmp(x->module, y->module);

	if (!d)
		d = strcmp(x->version, y->version);
	return d ? d : strcmp(x->sha256, y->sha256);
}

/* Whether an acknowledgement (policy, version, text hash) is of a text
 * published as that version and not withdrawn. */
static bool ack_published(const struct fold *f, struct db_stmt *stmt)
{
	struct published_text key = {
	        .module = db_column_text(stmt, 1),
	        .version = db_column_text(stmt, 2),
	        .sha256 = db_column_text(stmt, 5),
	};

	return key.module && key.version && key.sha256 &&
	       bsearch(&key, f->texts, f->ntexts, sizeof(key), compare_text);
}

/* learner, policy, version, at, kiosk, text hash; by id */
static void fold_ack(struct fold *f, struct db_stmt *stmt)
{
	struct standing_facts *c = fold_cell(f, stmt, 0);
	const char *at;

	if (!c || !ack_published(f, stmt))
		return;
	if (f->policy[f->module_at]) {
		struct standing_rare *r = rare(f, c);

		add_dated(f, &r->acks, &r->nacks, db_column_text(stmt, 2),
		          parsed(f, db_column_text(stmt, 3)));
		r->acks[r->nacks - 1].kiosk = db_column_int(stmt, 4) != 0;
	}
	at = db_column_text(stmt, 3);
	in_scope(f, c, at, parsed(f, at));
}

/* Runs sql with ?1 each of the n values of param in turn (the modules as a
 * JSON array, or one module), ?2 since and ?3 the learner, and hands each
 * row to fold. */
static int fold_rows(struct store *st, const char *sql, const char *const *param, size_t n,
                     long long learner, struct fold *f,
                     void (*fold)(struct fold *, struct db_stmt *), char **err)
{
	struct db_stmt *stmt = NULL;
	int step = DB_DONE;

	if (store_prepare(st, sql, &stmt, err) < 0)
		return -1;
	/* Read once, in order, and nothing else runs meanwhile. */
	db_stream(stmt);
	db_bind_text(stmt, 2, f->since);
	if (learner)
		db_bind_int64(stmt, 3, learner);
	for (size_t i = 0; i < n && step == DB_DONE; i++) {
		if (i)
			db_reset(stmt);
		db_bind_text(stmt, 1, param[i]);
		while ((step = db_step(stmt)) == DB_ROW)
			fold(f, stmt);
	}
	db_finalize(stmt);
	if (step != DB_DONE)
		return store_db_error(st, err, "cannot read the record");
	return 0;
}

/* Names as COLLATE NOCASE orders them on both engines (SQLite's NOCASE;
 * pgsql.c's lower() of the name in the "C" collation): ASCII letters
 * folded, then bytes compared. Names are unique that way; were two not,
 * the lower id first, as SQLite's index on the name gave them. */
static int compare_person_name(const void *a, const void *b)
{
	const struct store_person *x = a, *y = b;
	const unsigned char *p = (const unsigned char *)x->name,
	                    *q = (const unsigned char *)y->name;

	/* Bytes that are the same need no folding: most names share a
	 * prefix. */
	for (;; p++, q++) {
		int c = *p, d = *q;
		if (c == d) {
			if (!c)
				return (x->id > y->id) - (x->id < y->id);
			continue;
		}
		c = c >= 'A' && c <= 'Z' ? c + 32 : c;
		d = d >= 'A' && d <= 'Z' ? d + 32 : d;
		if (c != d)
			return c - d;
	}
}

/* Sorts everyone by name, unless they came so already (people added in
 * the order of their names, as a roll is often imported): a look at each
 * neighbour costs far less than the sort (24 M instructions at 20,000
 * learners, sorted or not). */
static void sort_people(struct store_person *list, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (compare_person_name(&list[i - 1], &list[i]) > 0) {
			qsort(list, n, sizeof(*list), compare_person_name);
			return;
		}
}

/* The learners asked for, each with a zeroed cell per module. Everyone
 * is read in the table's order, streamed, and sorted here: in the name
 * index's order each row was a lookup in the table, and the pages of both
 * stayed in SQLite's cache, 370 fresh pages of memory at 20,000 learners
 * (a third of report learners' page faults). */
static int load_people(struct store *st, long long learner, size_t nmodules, struct fold *f,
                       char **err)
{
	struct db_stmt *stmt = NULL;
	size_t cap = 0;
	int step;

	if (store_prepare(st,
	                  learner ? "SELECT id, name, active FROM learners WHERE id = ?1"
	                          : "SELECT id, name, active FROM learners WHERE role = 'staff'",
	                  &stmt, err) < 0)
		return -1;
	if (learner)
		db_bind_int64(stmt, 1, learner);
	else
		db_stream(stmt);
	while ((step = db_step(stmt)) == DB_ROW) {
		struct store_person *p;
		xgrow(&f->list, &cap, f->n + 1, sizeof(*f->list));
		p = &f->list[f->n++];
		memset(p, 0, sizeof(*p));
		p->id = db_column_int64(stmt, 0);
		p->name = strpool_dup(f->strings, db_column_text(stmt, 1));
		p->active = db_column_int(stmt, 2) != 0;
	}
	db_finalize(stmt);
	if (step != DB_DONE)
		return store_db_error(st, err, "cannot read the record");
	sort_people(f->list, f->n);
	/* Everyone's cells in one block (store_people_free frees it through
	 * the first person's): one zeroed allocation rather than one each. */
	if (f->n) {
		struct standing_facts *all = xcalloc_table(f->n * nmodules + 1, sizeof(*all));
		for (size_t i = 0; i < f->n; i++)
			f->list[i].facts = all + i * nmodules;
	}
	return 0;
}

/* The publications, by event id. */
static int load_publications(struct store *st, long long learner, struct fold *f, char **err)
{
	struct db_stmt *stmt = NULL;
	size_t cap = 0;
	int step;

	if (store_prepare(st,
	                  learner ? PUBLICATIONS_SQL(PUBLICATIONS_OF_ONE) : PUBLICATIONS_SQL(""),
	                  &stmt, err) < 0)
		return -1;
	if (learner)
		db_bind_int64(stmt, 1, learner);
	while ((step = db_step(stmt)) == DB_ROW) {
		struct publication *p;
		xgrow(&f->pubs, &cap, f->npubs + 1, sizeof(*f->pubs));
		p = &f->pubs[f->npubs++];
		p->event = db_column_int64(stmt, 0);
		p->withdrawn = db_column_int(stmt, 1) != 0;
		f->withdrawals = f->withdrawals || p->withdrawn;
		p->module = store_column_dup(stmt, 2);
		p->policy_version = store_column_dup(stmt, 3);
		p->unfiled = db_column_int(stmt, 4) != 0;
		p->text_sha256 = store_column_dup(stmt, 5);
	}
	db_finalize(stmt);
	if (step != DB_DONE)
		return store_db_error(st, err, "cannot read the record");
	f->texts = xcalloc(f->npubs + 1, sizeof(*f->texts));
	for (size_t i = 0; i < f->npubs; i++) {
		const struct publication *p = &f->pubs[i];
		if (!p->withdrawn && p->policy_version && p->text_sha256)
			f->texts[f->ntexts++] = (struct published_text){
			        .module = p->module,
			        .version = p->policy_version,
			        .sha256 = p->text_sha256,
			};
	}
	qsort(f->texts, f->ntexts, sizeof(*f->texts), compare_text);
	return 0;
}

static void publications_free(struct publication *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].module);
		free(list[i].policy_version);
		free(list[i].text_sha256);
	}
	free(list);
}

/* The lookup tables of fold_cell. */
static void index_fold(struct fold *f, const char *const *modules, size_t nmodules)
{
	/* A direct table while it stays small next to the list itself. */
	f->max_id = -1;
	for (size_t i = 0; i < f->n; i++)
		if (f->list[i].id > f->max_id)
			f->max_id = f->list[i].id;
	if (f->max_id > (long long)(4 * f->n + 1024))
		f->max_id = 4 * (long long)f->n + 1024;
	f->by_id = xcalloc((size_t)(f->max_id + 2), sizeof(*f->by_id));
	/* Only the ids outside it are searched for, so only they are sorted
	 * (the list comes in name order). */
	f->learners = xcalloc(f->n + 1, sizeof(*f->learners));
	for (size_t i = 0; i < f->n; i++) {
		long long id = f->list[i].id;
		if (id >= 0 && id <= f->max_id)
			f->by_id[id] = i + 1;
		else
			f->learners[f->nlearners++] = (struct learner_slot){.id = id, .at = i};
	}
	qsort(f->learners, f->nlearners, sizeof(*f->learners), compare_learner_slot);
	/* At most half full, so a probe ends at an empty slot. */
	f->nmodules = nmodules;
	f->modules_mask = 15;
	while (f->modules_mask + 1 < 2 * nmodules + 2)
		f->modules_mask = 2 * f->modules_mask + 1;
	f->modules = xcalloc(f->modules_mask + 1, sizeof(*f->modules));
	for (size_t i = 0; i < nmodules; i++) {
		size_t h = module_hash(modules[i]);
		while (f->modules[h & f->modules_mask].id &&
		       strcmp(f->modules[h & f->modules_mask].id, modules[i]) != 0)
			h++;
		/* The first of a module asked about twice, as bsearch found one. */
		if (!f->modules[h & f->modules_mask].id)
			f->modules[h & f->modules_mask] =
			        (struct module_slot){.id = modules[i], .at = i};
	}
}

/* Whether module id, asked about at i, is asked about there first. */
static bool module_first(const struct fold *f, const char *id, size_t i)
{
	for (size_t h = module_hash(id);; h++) {
		const struct module_slot *slot = &f->modules[h & f->modules_mask];
		if (strcmp(slot->id, id) == 0)
			return slot->at == i;
	}
}

/* A large scan of finished attempts is read in chunks of ids, claimed in
 * turn by this thread and another, each on its own connection reading the
 * same snapshot (db_read_pair): SQLite's stepping and the rows' reading
 * are most of a report's time, and then run on two cores. In two halves,
 * one each, one thread waited 10-50 ms for the other in most runs at
 * 20,000 learners, as the host gave one core less than the other; chunks
 * claimed as each thread comes free keep both busy to the end. The fold
 * needs a cell's attempts in id order, so chunks are folded in order, on
 * this thread only: a chunk it claims in its turn is folded as it is read;
 * the other thread's, and this thread's claimed ahead of theirs, wait in
 * rows for their turn. Rows are used again chunk after chunk: a room for
 * all of the upper half's was 14 MiB of fresh memory at 20,000 learners.
 * The other thread only reads the fold (its lookup tables and
 * publications, made before it starts) and keeps the strings of its rows
 * in a pool of its own. */
struct rows {
	struct finished *at;
	size_t n, cap;
	bool own;    /* at is a table of its own, not a part of scan.room */
	bool theirs; /* the other thread's rows, given back to it once folded */
	bool failed; /* the other thread could not read its chunk (scan.err) */
};

/* What a thread reading chunks keeps: its statement, the day it parsed
 * last, the strings of the rows it read ahead of their fold. */
struct reader {
	struct db_stmt *stmt;
	struct clock_day day;
	struct strpool strings;
	const char **versions, **policy_versions; /* by module, as pool_version keeps them */
};

/* Chunks each thread may hold read and not yet folded: this one reads on
 * while the other's chunk before is still being read, up to MY_ROWS
 * chunks ahead. */
#define THEIR_ROWS 3
#define MY_ROWS    3

struct scan {
	struct fold *f;
	struct db *beside;          /* the other thread's connection */
	struct reader their_reader; /* and what it reads with */
	long long lo;               /* the least id */
	unsigned long long width;   /* ids a chunk */
	size_t nchunks;
	atomic_size_t next;                     /* the next chunk to claim */
	struct rows rows[THEIR_ROWS + MY_ROWS]; /* theirs first */
	struct finished *room;                  /* every rows' first room, one table */
	struct rows *mine[MY_ROWS];             /* this thread's free rows */
	size_t nmine;
	pthread_mutex_t lock;          /* guards what follows */
	pthread_cond_t changed;        /* a chunk read, rows given back, or stop */
	struct rows **ready;           /* by chunk: its rows once read, if not folded as read */
	struct rows *free[THEIR_ROWS]; /* the other thread's free rows */
	size_t nfree;
	bool stop; /* this thread is done, or failed */
	char *err; /* the other thread's engine message on failure */
};

/* From this many attempts (ids, counting any gaps) everyone's are read in
 * chunks on two threads: below it the second connection and thread cost
 * more than they save. */
#define CHUNKS_FROM 32768
/* Chunks in a scan, unless they would be narrower than CHUNK_IDS_LEAST: the
 * thread that reads its last chunk first waits for the other's, on average
 * half a chunk (some 1.5 ms at 20,000 learners). */
#define SCAN_CHUNKS     64
#define CHUNK_IDS_LEAST 2048
/* Rows are made room for at once, as many as a chunk's ids up to this
 * many; past it they grow as they are read. Ids are not rows: one attempt's
 * id far above the rest (a row copied or edited in) makes chunks of
 * billions of ids, nearly all of them empty. */
#define ROWS_ROOM_MOST (1u << 16)

/* Chunk k's first and last ids: the first chunk's from the least id there
 * could be, the last's to the greatest, so no row is left out. */
static void chunk_ids(const struct scan *s, size_t k, long long *from, long long *to)
{
	/* In unsigned arithmetic: k * width is at most the span of the ids
	 * above lo, so first is an id between the least and the greatest. */
	unsigned long long first = (unsigned long long)s->lo + k * s->width;

	*from = k == 0 ? LLONG_MIN : (long long)first;
	*to = k + 1 == s->nchunks ? LLONG_MAX : (long long)(first + s->width - 1);
}

static void reader_init(struct reader *rd, const struct fold *f)
{
	memset(rd, 0, sizeof(*rd));
	strpool_init(&rd->strings);
	rd->versions = xcalloc(f->nmodules + 1, sizeof(*rd->versions));
	rd->policy_versions = xcalloc(f->nmodules + 1, sizeof(*rd->policy_versions));
}

/* rd's statement on db, prepared on the thread that will step it. */
static int reader_prepare(struct reader *rd, struct db *db, const struct fold *f)
{
	if (db_prepare(db, ATTEMPTS_SQL(RANGE), &rd->stmt) < 0)
		return -1;
	db_stream(rd->stmt);
	db_bind_text(rd->stmt, 2, f->since);
	return 0;
}

/* Once every row rd read is folded: its rows' strings are in its pool. */
static void reader_release(struct reader *rd)
{
	db_finalize(rd->stmt);
	strpool_release(&rd->strings);
	free(rd->versions);
	free(rd->policy_versions);
}

/* Begins stepping rd's statement over chunk k: db_step's result. */
static int chunk_begin(const struct scan *s, struct reader *rd, size_t k)
{
	long long from, to;

	chunk_ids(s, k, &from, &to);
	db_reset(rd->stmt);
	db_bind_int64(rd->stmt, 4, from);
	db_bind_int64(rd->stmt, 5, to);
	return db_step(rd->stmt);
}

/* Room for one more row in out. */
static void rows_room(struct rows *out)
{
	struct finished *more;

	if (out->n < out->cap)
		return;
	more = xcalloc_table(2 * out->cap, sizeof(*more));
	memcpy(more, out->at, out->n * sizeof(*more));
	if (out->own)
		xfree_table(out->at);
	out->at = more;
	out->cap *= 2;
	out->own = true;
}

/* Chunk k's rows into out, their strings kept in rd's pool: DB_DONE, or
 * the step's code that failed. */
static int read_chunk(const struct scan *s, struct reader *rd, size_t k, struct rows *out)
{
	int step;

	out->n = 0;
	for (step = chunk_begin(s, rd, k); step == DB_ROW; step = db_step(rd->stmt)) {
		struct finished *r;

		rows_room(out);
		r = &out->at[out->n];
		if (!read_finished(s->f, &rd->day, rd->stmt, r))
			continue;
		r->version = pool_version(&rd->strings, &rd->versions[r->slot->at], r->version);
		r->policy_version = pool_version(&rd->strings, &rd->policy_versions[r->slot->at],
		                                 r->policy_version);
		out->n++;
	}
	return step;
}

/* The other thread: chunks claimed and read into rows, while there are
 * chunks and rows free, until told to stop. A statement it cannot prepare
 * leaves every chunk to this thread. */
static void *read_chunks(void *arg)
{
	struct scan *s = arg;
	struct reader *rd = &s->their_reader;
	bool ok = reader_prepare(rd, s->beside, s->f) == 0;

	while (ok) {
		struct rows *rows;
		size_t k;

		pthread_mutex_lock(&s->lock);
		while (!s->nfree && !s->stop)
			pthread_cond_wait(&s->changed, &s->lock);
		rows = s->stop ? NULL : s->free[--s->nfree];
		pthread_mutex_unlock(&s->lock);
		if (!rows || (k = atomic_fetch_add(&s->next, 1)) >= s->nchunks)
			break;
		ok = read_chunk(s, rd, k, rows) == DB_DONE;
		pthread_mutex_lock(&s->lock);
		if (!ok) {
			rows->failed = true;
			s->err = xstrdup(db_errmsg(s->beside));
		}
		s->ready[k] = rows;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
	}
	/* Its rows' strings stay until they are folded (reader_release). */
	db_finalize(rd->stmt);
	rd->stmt = NULL;
	return NULL;
}

/* Chunk k's rows once read, waiting for them if block (NULL if not, and
 * they are not read yet). */
static struct rows *ready_chunk(struct scan *s, size_t k, bool block)
{
	struct rows *rows;

	pthread_mutex_lock(&s->lock);
	while (!(rows = s->ready[k]) && block)
		pthread_cond_wait(&s->changed, &s->lock);
	pthread_mutex_unlock(&s->lock);
	return rows;
}

/* Folds the chunks read from *folded on, up to end (waiting for each) or,
 * if not block, up to the first not read yet; each chunk's rows are given
 * back to the thread that read them. -1 if the other thread failed. */
static int fold_ready(struct scan *s, size_t *folded, size_t end, bool block)
{
	struct rows *rows;

	for (; *folded < end && (rows = ready_chunk(s, *folded, block)); ++*folded) {
		if (rows->failed)
			return -1;
		for (size_t i = 0; i < rows->n; i++)
			fold_finished(s->f, &rows->at[i]);
		if (!rows->theirs) {
			s->mine[s->nmine++] = rows;
			continue;
		}
		pthread_mutex_lock(&s->lock);
		s->free[s->nfree++] = rows;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
	}
	return 0;
}

/* This thread's part: chunks claimed in turn and read, each folded as it
 * is read if every chunk before it is folded, else kept in rows of its
 * own till then. -1 on failure, with *theirs set if the other thread's. */
static int fold_chunks(struct scan *s, struct reader *rd, bool *theirs)
{
	size_t folded = 0, k;
	int step;

	*theirs = true;
	while ((k = atomic_fetch_add(&s->next, 1)) < s->nchunks) {
		struct rows *rows;

		if (fold_ready(s, &folded, k, false) < 0)
			return -1;
		if (k == folded) {
			for (step = chunk_begin(s, rd, k); step == DB_ROW; step = db_step(rd->stmt))
				fold_finished_row(s->f, rd->stmt);
			folded = k + 1;
		} else {
			/* Rows come free as the chunk before them is folded. */
			while (!s->nmine)
				if (fold_ready(s, &folded, folded + 1, true) < 0)
					return -1;
			rows = s->mine[--s->nmine];
			step = read_chunk(s, rd, k, rows);
			pthread_mutex_lock(&s->lock);
			s->ready[k] = rows;
			pthread_mutex_unlock(&s->lock);
		}
		if (step != DB_DONE)
			return *theirs = false, -1;
	}
	return fold_ready(s, &folded, s->nchunks, true);
}

/* The least attempt id, and how far the greatest is above it (0: none). */
static int attempt_ids(struct store *st, long long *lo, unsigned long long *span, char **err)
{
	struct db_stmt *stmt = NULL;
	long long hi = 0;

	*lo = 0;
	*span = 0;
	if (store_prepare(st,
	                  "SELECT (SELECT min(id) FROM attempts), (SELECT max(id) FROM attempts)",
	                  &stmt, err) < 0)
		return -1;
	if (db_step(stmt) == DB_ROW && !db_column_is_null(stmt, 0)) {
		*lo = db_column_int64(stmt, 0);
		hi = db_column_int64(stmt, 1);
		*span = (unsigned long long)hi - (unsigned long long)*lo;
	}
	db_finalize(stmt);
	return 0;
}

/* Everyone's finished attempts, in chunks on two threads where there are
 * enough and db has a connection beside it (*done false where not:
 * nothing was read). */
static int fold_finished_chunks(struct store *st, struct db *beside, struct fold *f, bool *done,
                                char **err)
{
	struct scan s = {.f = f, .beside = beside};
	struct reader rd;
	unsigned long long span;
	size_t cap;
	pthread_t thread;
	bool theirs = false;
	int rc = 0;

	*done = false;
	if (!beside)
		return 0;
	if (attempt_ids(st, &s.lo, &span, err) < 0)
		return -1;
	if (span < CHUNKS_FROM)
		return 0;
	/* nchunks * width > span: every id is in a chunk. */
	s.width = span / SCAN_CHUNKS + 1;
	if (s.width < CHUNK_IDS_LEAST)
		s.width = CHUNK_IDS_LEAST;
	s.nchunks = (size_t)(span / s.width) + 1;
	reader_init(&rd, f);
	if (reader_prepare(&rd, st->db, f) < 0) {
		reader_release(&rd);
		return store_db_error(st, err, "cannot read the record");
	}
	reader_init(&s.their_reader, f);
	atomic_init(&s.next, 0);
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.changed, NULL);
	s.ready = xcalloc(s.nchunks, sizeof(*s.ready));
	/* Every rows' room in one table. */
	cap = s.width < ROWS_ROOM_MOST ? (size_t)s.width : ROWS_ROOM_MOST;
	s.room = xcalloc_table((THEIR_ROWS + MY_ROWS) * cap, sizeof(*s.room));
	for (size_t i = 0; i < THEIR_ROWS + MY_ROWS; i++) {
		s.rows[i] =
		        (struct rows){.at = s.room + i * cap, .cap = cap, .theirs = i < THEIR_ROWS};
		if (i < THEIR_ROWS)
			s.free[s.nfree++] = &s.rows[i];
		else
			s.mine[s.nmine++] = &s.rows[i];
	}
	if ((*done = util_thread_start(&thread, read_chunks, &s))) {
		rc = fold_chunks(&s, &rd, &theirs);
		pthread_mutex_lock(&s.lock);
		s.stop = true;
		pthread_cond_broadcast(&s.changed);
		pthread_mutex_unlock(&s.lock);
		pthread_join(thread, NULL);
		if (rc < 0)
			rc = theirs ? util_error(err, "cannot read the record: %s", s.err)
			            : store_db_error(st, err, "cannot read the record");
	}
	for (size_t i = 0; i < THEIR_ROWS + MY_ROWS; i++)
		if (s.rows[i].own)
			xfree_table(s.rows[i].at);
	xfree_table(s.room);
	free(s.ready);
	free(s.err);
	pthread_cond_destroy(&s.changed);
	pthread_mutex_destroy(&s.lock);
	reader_release(&rd);
	reader_release(&s.their_reader);
	return rc;
}

/* What the two connections of a pair read of the record's ends: the log's
 * last event (its id and hash) and the last attempt. Connections begun
 * together on one file read them alike; one that opened another file put
 * in the record's place since (a copy restored over it) does not, and its
 * rows must not be folded in. False if db could not say. */
static bool record_ends(struct db *db, long long ids[2], char hash[65])
{
	struct db_stmt *stmt = NULL;
	bool ok = false;

	if (db_prepare(db,
	               "SELECT e.id, e.hash, (SELECT max(id) FROM attempts) FROM events e"
	               " WHERE e.id = (SELECT max(id) FROM events)",
	               &stmt) < 0)
		return false;
	if (db_step(stmt) == DB_ROW) {
		const char *h = db_column_text(stmt, 1);

		ids[0] = db_column_int64(stmt, 0);
		ids[1] = db_column_int64(stmt, 2);
		snprintf(hash, 65, "%s", h ? h : "");
		ok = true;
	}
	db_finalize(stmt);
	return ok;
}

static bool same_record(struct db *db, struct db *beside)
{
	long long a[2], b[2];
	char ha[65], hb[65];

	return record_ends(db, a, ha) && record_ends(beside, b, hb) && a[0] == b[0] &&
	       a[1] == b[1] && strcmp(ha, hb) == 0;
}

/* Whether a record's attempts are enough to read in chunks, as it is
 * before a snapshot is taken (fold_finished_chunks asks again in it): a
 * small one is not given a second connection for nothing. */
static bool chunks_worth(struct store *st)
{
	unsigned long long span;
	long long lo;
	char *err = NULL;
	bool worth = db_can_pair(st->db) && attempt_ids(st, &lo, &span, &err) == 0 &&
	             span >= CHUNKS_FROM;

	free(err);
	return worth;
}

int store_facts_load(struct store *st, long long learner, const char *const *modules,
                     const bool *policy, size_t n, const char *since, struct strpool *strings,
                     struct store_person **out, size_t *npeople, char **err)
{
	/* The open attempts are few, so all of them are read when the
	 * finished ones are read a module at a time: filtering them in SQL
	 * would walk every attempt of those modules by attempts_by_module. */
	static const char *const sql[3][5] = {
	        {ATTEMPTS_SQL(ALL), OPEN_SQL(ALL), LESSONS_SQL(ALL), ACKS_SQL(ALL),
	         GRANTS_SQL(ALL)},
	        {ATTEMPTS_SQL(ONE), OPEN_SQL(ONE), LESSONS_SQL(ONE), ACKS_SQL(ONE),
	         GRANTS_SQL(ONE)},
	        {ATTEMPTS_SQL(EACH), OPEN_SQL(ALL), LESSONS_SQL(SOME), ACKS_SQL(SOME),
	         GRANTS_SQL(SOME)},
	};
	struct fold f = {.since = since ? since : "", .strings = strings, .policy = policy};
	struct db *beside = NULL;
	char *json = store_json_array(modules, n);
	const char *const all[1] = {json}, **each = xcalloc(n + 1, sizeof(*each));
	const char *const *by = all;
	size_t nby = 1;
	int rc = -1, one = learner ? 1 : n < FEW_MODULES ? 2 : 0, began = 1;
	bool chunks = false;

	*out = NULL;
	*npeople = 0;
	/* A report of everyone reads in one snapshot, as a second connection
	 * can beside it for the other thread's chunks of the attempts. */
	if (!learner &&
	    (began = db_read_pair(st->db, one == 0 && chunks_worth(st) ? &beside : NULL)) < 0) {
		store_db_error(st, err, "cannot read the record");
		goto out;
	}
	if (beside && !same_record(st->db, beside)) {
		db_close(beside);
		beside = NULL;
	}
	if (load_people(st, learner, n, &f, err) < 0)
		goto out;
	index_fold(&f, modules, n);
	if (one == 2) {
		/* Each module once, as the IN list has it. */
		nby = 0;
		for (size_t i = 0; i < n; i++)
			if (module_first(&f, modules[i], i))
				each[nby++] = modules[i];
		by = each;
	}
	if (load_publications(st, learner, &f, err) < 0 ||
	    fold_finished_chunks(st, beside, &f, &chunks, err) < 0 ||
	    (!chunks &&
	     fold_rows(st, sql[one][0], by, nby, learner, &f, fold_finished_row, err) < 0) ||
	    fold_rows(st, sql[one][1], all, 1, learner, &f, fold_open, err) < 0 ||
	    fold_rows(st, sql[one][2], all, 1, learner, &f, fold_lesson, err) < 0 ||
	    fold_rows(st, sql[one][3], all, 1, learner, &f, fold_ack, err) < 0 ||
	    fold_rows(st, sql[one][4], all, 1, learner, &f, fold_grant, err) < 0)
		goto out;
	*out = f.list;
	*npeople = f.n;
	f.list = NULL;
	f.n = 0;
	rc = 0;
out:
	if (began == 0)
		db_read_end(st->db, beside);
	store_people_free(f.list, f.n);
	free(f.by_id);
	free(f.learners);
	free(f.modules);
	publications_free(f.pubs, f.npubs);
	free(f.texts);
	free(each);
	free(json);
	return rc;
}

void store_people_free(struct store_person *list, size_t npeople)
{
	/* The cells' strings and arrays are the pool's: nothing to free in
	 * them one by one. */
	if (npeople)
		xfree_table(list[0].facts);
	free(list);
}
