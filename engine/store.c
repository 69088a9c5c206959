/*
 * The SQLite record. The schema grows through an append-only list of
 * migrations keyed by PRAGMA user_version, each run inside one BEGIN
 * IMMEDIATE transaction, so a database is always at exactly one version and
 * two programs opening it at once cannot both migrate it.
 */
#include "store.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "clock.h"
#include "hooks.h"
#include "private.h"
#include "store-private.h"
#include "util.h"

/* "upsk" in ASCII: marks the file as ours, so another program's database is
 * never migrated by mistake. */
#define STORE_APPLICATION_ID 0x7570736b

/* Long enough that a colleague's write finishes first; "database is locked"
 * must never reach a user. */
#define STORE_BUSY_MS 30000

/*
 * Never edit or reorder an entry once it has shipped: databases in the field
 * are at every one of these versions. Add a new entry instead.
 */
static const char *const migrations[] = {
        /* 1: people. Nobody with records is ever deleted, only deactivated. */
        "CREATE TABLE learners ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
        "  role TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('staff', 'consultant')),"
        "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
        "  created_at TEXT NOT NULL,"
        "  passphrase TEXT"
        ");"
        "CREATE TRIGGER learners_never_deleted BEFORE DELETE ON learners BEGIN"
        "  SELECT RAISE(ABORT, 'learners are deactivated, never deleted');"
        "END;",

        /* 2: learning. An attempt keeps its seed and plan so a resumed attempt
         * shows the same questions; an answer keeps the module version it was
         * given under, so editing a module never loses it. */
        "CREATE TABLE attempts ("
        "  id INTEGER PRIMARY KEY,"
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  module_id TEXT NOT NULL,"
        "  module_version TEXT NOT NULL,"
        "  seed INTEGER NOT NULL,"
        "  plan TEXT NOT NULL,"
        "  started_at TEXT NOT NULL,"
        "  finished_at TEXT,"
        "  score REAL,"
        "  max_score REAL,"
        "  percent REAL,"
        "  passed INTEGER CHECK (passed IN (0, 1)),"
        "  seconds INTEGER NOT NULL DEFAULT 0"
        ");"
        "CREATE INDEX attempts_by_learner ON attempts (learner_id, module_id);"
        "CREATE UNIQUE INDEX one_open_attempt ON attempts (learner_id, module_id)"
        "  WHERE finished_at IS NULL;"
        "CREATE TABLE answers ("
        "  id INTEGER PRIMARY KEY,"
        "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
        "  question_id TEXT NOT NULL,"
        "  response TEXT NOT NULL,"
        "  fraction REAL NOT NULL,"
        "  weight REAL NOT NULL,"
        "  module_version TEXT NOT NULL,"
        "  answered_at TEXT NOT NULL,"
        "  UNIQUE (attempt_id, question_id)"
        ");"
        "CREATE TABLE lesson_progress ("
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  module_id TEXT NOT NULL,"
        "  page INTEGER NOT NULL,"
        "  pages INTEGER NOT NULL,"
        "  read_all INTEGER NOT NULL DEFAULT 0,"
        "  seconds INTEGER NOT NULL DEFAULT 0,"
        "  updated_at TEXT NOT NULL,"
        "  PRIMARY KEY (learner_id, module_id)"
        ");",

        /* 3: the event log that an auditor reads. Append-only: triggers refuse
         * any change, and each event will carry a hash chained to the one
         * before, so an edit made with another tool shows. */
        "CREATE TABLE events ("
        "  id INTEGER PRIMARY KEY,"
        "  at TEXT NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES learners(id),"
        "  learner_id INTEGER REFERENCES learners(id),"
        "  subject TEXT,"
        "  data TEXT NOT NULL DEFAULT '{}',"
        "  prev_hash TEXT,"
        "  hash TEXT"
        ");"
        "CREATE INDEX events_by_learner ON events (learner_id, kind);"
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN"
        "  SELECT RAISE(ABORT, 'the event log is append-only');"
        "END;"
        "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN"
        "  SELECT RAISE(ABORT, 'the event log is append-only');"
        "END;",

        /* 4: policy training. Every policy version seen, in order, with
         * whether it was a minor correction; acknowledgements with a hash of
         * the exact text; the policy version an attempt was taken under; and
         * the event each answer and acknowledgement was logged as, so that
         * verify can check the tables against the chained log. */
        "ALTER TABLE attempts ADD COLUMN policy_version TEXT;"
        "ALTER TABLE answers ADD COLUMN event_id INTEGER REFERENCES events(id);"
        "CREATE TABLE policy_versions ("
        "  policy_id TEXT NOT NULL,"
        "  version TEXT NOT NULL,"
        "  seq INTEGER NOT NULL,"
        "  minor INTEGER NOT NULL CHECK (minor IN (0, 1)),"
        "  valid_months INTEGER NOT NULL,"
        "  text_hash TEXT NOT NULL,"
        "  first_seen TEXT NOT NULL,"
        "  PRIMARY KEY (policy_id, version)"
        ");"
        "CREATE TABLE acknowledgements ("
        "  id INTEGER PRIMARY KEY,"
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  policy_id TEXT NOT NULL,"
        "  version TEXT NOT NULL,"
        "  text_hash TEXT NOT NULL,"
        "  at TEXT NOT NULL,"
        "  event_id INTEGER NOT NULL REFERENCES events(id)"
        ");"
        "CREATE INDEX acknowledgements_by_learner ON acknowledgements (learner_id, policy_id);",

        /* 5: failed sign-ins, by the name typed (which may name no one), so
         * that repeated failures slow down across processes. */
        "CREATE TABLE login_failures ("
        "  name TEXT NOT NULL COLLATE NOCASE,"
        "  at TEXT NOT NULL"
        ");"
        "CREATE INDEX login_failures_by_name ON login_failures (name, at);",

        /* 6: the duty register and handovers. A partial unique index keeps a
         * duty to one owner among staff; the consultant owns it otherwise. */
        "CREATE TABLE duties ("
        "  id TEXT PRIMARY KEY,"
        "  title TEXT NOT NULL,"
        "  summary TEXT,"
        "  policy TEXT,"
        "  practice INTEGER NOT NULL DEFAULT 0 CHECK (practice >= 0),"
        "  position INTEGER NOT NULL,"
        "  updated_at TEXT NOT NULL"
        ");"
        "CREATE TABLE duty_modules ("
        "  duty_id TEXT NOT NULL REFERENCES duties(id),"
        "  module_id TEXT NOT NULL,"
        "  min_score INTEGER NOT NULL CHECK (min_score BETWEEN 0 AND 100),"
        "  position INTEGER NOT NULL,"
        "  PRIMARY KEY (duty_id, module_id)"
        ");"
        "CREATE TABLE duty_stages ("
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  duty_id TEXT NOT NULL REFERENCES duties(id),"
        "  stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 4),"
        "  since TEXT NOT NULL,"
        "  PRIMARY KEY (learner_id, duty_id)"
        ");"
        "CREATE UNIQUE INDEX one_owner_per_duty ON duty_stages (duty_id) WHERE stage = 4;"
        "CREATE TABLE duty_practice ("
        "  id INTEGER PRIMARY KEY,"
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  duty_id TEXT NOT NULL REFERENCES duties(id),"
        "  note TEXT NOT NULL,"
        "  at TEXT NOT NULL,"
        "  logged_by INTEGER REFERENCES learners(id),"
        "  event_id INTEGER NOT NULL REFERENCES events(id)"
        ");"
        "CREATE INDEX duty_practice_by_learner ON duty_practice (learner_id, duty_id);",
        /* 7: what verify looks up, so it reads the log once in linear time:
         * the row that mirrors each answer and acknowledgement event, and an
         * event by its hash (verify HEAD). Without them a record of 40,000
         * events took 23 s to verify, and the time grew with its square. */
        "CREATE INDEX answers_by_event ON answers (event_id);"
        "CREATE INDEX acknowledgements_by_event ON acknowledgements (event_id);"
        "CREATE INDEX events_by_hash ON events (hash);",
        /* 8: each attempt's start and finish events found by the attempt,
         * so verify checks every attempt row against them in one pass. */
        "CREATE INDEX events_by_attempt ON events (kind, json_extract(data, '$.attempt'));",
        /* 9: nothing counts that the organisation did not publish. A
         * consultant publishes a module's exact file (its SHA-256) as a
         * version; a policy's versions are its published ones, so the
         * versions seen before publishing existed move here with the
         * events that logged them. An attempt records the publication it
         * was finished against, or that it was practice. */
        "CREATE TABLE publications ("
        "  event_id INTEGER PRIMARY KEY REFERENCES events(id),"
        "  module_id TEXT NOT NULL,"
        "  version TEXT NOT NULL,"
        "  file_sha256 TEXT,"
        "  policy_version TEXT,"
        "  minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),"
        "  valid_months INTEGER NOT NULL DEFAULT 0,"
        "  text_sha256 TEXT,"
        "  at TEXT NOT NULL,"
        "  withdrawn_by INTEGER REFERENCES events(id)"
        ");"
        "CREATE INDEX publications_by_module ON publications (module_id, version);"
        "INSERT INTO publications (event_id, module_id, version, policy_version, minor,"
        "  valid_months, text_sha256, at)"
        "  SELECT e.id, p.policy_id, p.version, p.version, p.minor, p.valid_months,"
        "  p.text_hash, e.at FROM policy_versions p JOIN events e"
        "  ON e.kind = 'policy.version' AND e.subject = p.policy_id"
        "  AND json_extract(e.data, '$.version') = p.version;"
        "DROP TABLE policy_versions;"
        "ALTER TABLE attempts ADD COLUMN publication INTEGER REFERENCES events(id);"
        "ALTER TABLE attempts ADD COLUMN practice INTEGER NOT NULL DEFAULT 0"
        "  CHECK (practice IN (0, 1));",
        /* 10: failed sign-ins are kept by a hash of the name typed, never
         * the name: a mistyped passphrase pasted as a name must not sit in
         * the record in the clear. Those kept before are let go. */
        "DELETE FROM login_failures;",
        /* 11: every person has a credential. setup marks a one-time code a
         * consultant gave, to be replaced by the person's own passphrase at
         * their first sign-in. */
        "ALTER TABLE learners ADD COLUMN setup INTEGER NOT NULL DEFAULT 0"
        "  CHECK (setup IN (0, 1));",
        /* 12: sign-in turns, so that processes side by side queue behind
         * each other; the organisation's settings for credentials, each
         * the mirror of its last event; and acknowledgements made at a
         * kiosk, where staff sign in without a credential. */
        "CREATE TABLE sign_in_turns ("
        "  name TEXT PRIMARY KEY,"
        "  at INTEGER NOT NULL"
        ");"
        "CREATE TABLE settings ("
        "  key TEXT PRIMARY KEY,"
        "  value TEXT NOT NULL,"
        "  reason TEXT NOT NULL,"
        "  event_id INTEGER NOT NULL REFERENCES events(id)"
        ");"
        "ALTER TABLE acknowledgements ADD COLUMN kiosk INTEGER NOT NULL DEFAULT 0"
        "  CHECK (kiosk IN (0, 1));",
        /* 13: which xAPI statements each LRS has accepted (store-xapi.c).
         * Bookkeeping of delivery, not part of the hash chain: it may be
         * lost or cleared without touching what the record says, and the
         * statements are then simply sent again. */
        "CREATE TABLE xapi_sent ("
        "  lrs TEXT NOT NULL,"
        "  statement_id TEXT NOT NULL,"
        "  event_id INTEGER NOT NULL REFERENCES events(id),"
        "  sent_at TEXT NOT NULL,"
        "  PRIMARY KEY (lrs, statement_id)"
        ");",
        /* 14: refresher answers (store-refresh.c), each the mirror of its
         * "refresh.answer" event, with the FSRS memory state and the due
         * time it left; verify replays each question's history. */
        "CREATE TABLE refresh_answers ("
        "  id INTEGER PRIMARY KEY,"
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  module_id TEXT NOT NULL,"
        "  question_id TEXT NOT NULL,"
        "  module_version TEXT NOT NULL,"
        "  response TEXT NOT NULL,"
        "  fraction REAL NOT NULL,"
        "  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),"
        "  elapsed_days INTEGER NOT NULL,"
        "  stability REAL NOT NULL,"
        "  difficulty REAL NOT NULL,"
        "  reviewed_at TEXT NOT NULL,"
        "  due_at TEXT NOT NULL,"
        "  event_id INTEGER NOT NULL UNIQUE REFERENCES events(id)"
        ");"
        "CREATE INDEX refresh_answers_by_card"
        "  ON refresh_answers (learner_id, module_id, question_id);",
        /* 15: modules assigned to people with a due date (store-assign.c),
         * each row the mirror of the last "assignment.set" event for its
         * person and module; an "assignment.remove" takes the row away. */
        "CREATE TABLE assignments ("
        "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
        "  module_id TEXT NOT NULL,"
        "  due_on TEXT NOT NULL,"
        "  reason TEXT NOT NULL,"
        "  assigned_by INTEGER REFERENCES learners(id),"
        "  assigned_at TEXT NOT NULL,"
        "  PRIMARY KEY (learner_id, module_id)"
        ");",
        /* 16: a module's attempts without reading everyone's: report
         * compliance reads the policies' (store-facts.c), a tenth of the
         * table or less, where a scan read it all. */
        "CREATE INDEX attempts_by_module ON attempts (module_id);",
        /* 17: fewer pages for an answer to write (each a WAL frame with
         * its checksum, written out before the commit returns), so no
         * index an answer enters for nothing. Verify finds answers without
         * an event as a set built once, not through answers_by_event; no
         * lookup reads events_by_hash (finding an event by a prefix of its
         * hash is a scan either way); every query that names a learner's
         * events names their kind too, so one index by kind and learner
         * serves those and the queries by kind alone, which no longer
         * parse each event's data on insert as events_by_attempt did; and
         * the attempt of each start and finish, which verify reads for
         * every attempt, is kept for those two kinds only. A query that
         * wants the partial index names its kind as a constant. */
        "DROP INDEX answers_by_event;"
        "DROP INDEX events_by_hash;"
        "DROP INDEX events_by_learner;"
        "DROP INDEX events_by_attempt;"
        "CREATE INDEX events_by_kind ON events (kind, learner_id);"
        "CREATE INDEX events_by_attempt ON events (kind, json_extract(data, '$.attempt'))"
        "  WHERE kind = 'attempt.start' OR kind = 'attempt.finish';",
        /* 18: one page fewer for an answer to write: no query reads
         * answers' events through events_by_kind (verify's read every
         * answer, and the xAPI statements' every event since a time, and
         * both scan), so answers, most of the log, leave it. SQLite uses
         * the partial index only for a query that says its term, so every
         * query by a constant kind carries STORE_SQL_NOT_ANSWER
         * (store-private.h). */
        /* In parentheses: clang takes two literals side by side in an
         * array for a missing comma (-Wstring-concatenation). */
        ("DROP INDEX events_by_kind;"
         "CREATE INDEX events_by_kind ON events (kind, learner_id) WHERE kind <> 'answer';"),
        /* 19: one page fewer again: an answer keeps its time in its own
         * row, where it was added to its attempt's on every answer (a page
         * of its own to write). The attempt takes their sum when it is
         * finished, and an open one's time is its row's and its answers'
         * (STORE_ATTEMPT_SECONDS); an open attempt's time so far stays in
         * its row, and its answers' start at 0. */
        "ALTER TABLE answers ADD COLUMN seconds INTEGER NOT NULL DEFAULT 0;",
};

#define MIGRATION_COUNT ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_latest_version(void)
{
	return MIGRATION_COUNT;
}

int store_pg_missing(void)
{
	for (int v = STORE_PG_BASELINE; v < MIGRATION_COUNT; v++)
		if (!store_pg_migration(v))
			return v + 1;
	return 0;
}

/* A full disk said so, in words that tell the user what to do: SQLite's
 * own "database or disk is full" (or "disk I/O error") says neither that
 * nothing was kept nor what would help. The write failed whole: its
 * transaction is rolled back. */
#define STORE_DISK_FULL                                                                            \
	"the disk is full: nothing was recorded from this command; free space and try again"

int store_db_error(struct store *st, char **err, const char *what)
{
	if (db_full(st->db))
		return util_error(err, "%s", STORE_DISK_FULL);
	return util_error(err, "%s: %s", what, db_errmsg(st->db));
}

/* The last failure on st's database, as "database 'PATH': message". */
static int database_error(struct store *st, char **err)
{
	if (db_full(st->db))
		return util_error(err, "%s", STORE_DISK_FULL);
	return util_error(err, "database '%s': %s", st->path, db_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql, char **err)
{
	if (db_exec(st->db, sql) < 0)
		return database_error(st, err);
	return 0;
}

/* One integer from a query of one row. */
static int pragma_int(struct store *st, const char *sql, int *out, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	if (db_prepare(st->db, sql, &stmt) < 0) {
		store_db_error(st, err, "cannot read database settings");
		goto out;
	}
	if (db_step(stmt) != DB_ROW) {
		util_error(err, "cannot open database '%s': %s", st->path, db_errmsg(st->db));
		goto out;
	}
	*out = db_column_int(stmt, 0);
	rc = 0;
out:
	db_finalize(stmt);
	return rc;
}

/* The record's schema settings, each read through the driver's named
 * function (db.h). */
static int setting(struct store *st, int (*read)(struct db *, int *), int *out, char **err)
{
	if (read(st->db, out) < 0)
		return util_error(err, "cannot open database '%s': %s", st->path,
		                  db_errmsg(st->db));
	return 0;
}

static char *name_data(const char *name);

static int name_people(struct store *st, char **err)
{
	struct learner *people = NULL;
	size_t n = 0;
	int rc = 0;

	if (store_learner_list(st, &people, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *data = name_data(people[i].name);
		rc = store_event_append(st, "learner.name", 0, people[i].id, NULL, data, NULL, err);
		free(data);
	}
	learners_free(people, n);
	return rc;
}

/* Brings the schema to target inside one write transaction, rereading the
 * version there because another process may have migrated meanwhile. */
static int log_credentials(struct store *st, char **err)
{
	struct db_stmt *stmt = NULL;
	int step, rc = 0;

	if (store_prepare(st,
	                  "SELECT id, passphrase, setup FROM learners WHERE passphrase IS NOT NULL"
	                  " ORDER BY id",
	                  &stmt, err) < 0)
		return -1;
	while (rc == 0 && (step = db_step(stmt)) == DB_ROW) {
		char *data =
		        store_credential_data(db_column_text(stmt, 1), db_column_int(stmt, 2) != 0);
		rc = store_event_append(st, "learner.credential", 0, db_column_int64(stmt, 0), NULL,
		                        data, NULL, err);
		free(data);
	}
	if (rc == 0 && step != DB_DONE)
		rc = store_db_error(st, err, "cannot log credentials");
	db_finalize(stmt);
	return rc;
}

/* Runs the migrations from version to target: SQLite's own list, or on
 * PostgreSQL its baseline and the twins after it (store-postgres.c). */
static int schema_apply(struct store *st, int version, int target, char **err)
{
	bool pg = strcmp(db_engine(st->db), "postgresql") == 0;

	while (version < target) {
		if (pg && version == 0) {
			if (target < STORE_PG_BASELINE)
				return util_error(err, "a PostgreSQL record starts at schema %d",
				                  STORE_PG_BASELINE);
			for (int i = 0; store_pg_baseline[i]; i++)
				if (store_exec(st, store_pg_baseline[i], err) < 0)
					return -1;
			version = STORE_PG_BASELINE;
			continue;
		}
		const char *sql = pg ? store_pg_migration(version) : migrations[version];
		if (!sql)
			return util_error(err, "migration %d has no PostgreSQL form", version + 1);
		if (store_exec(st, sql, err) < 0)
			return -1;
		version++;
	}
	return 0;
}

/* Refuses a database that is not upskill's, or of a newer upskill. */
static int check_ours(struct store *st, int version, int app_id, int tables, char **err)
{
	if (app_id != STORE_APPLICATION_ID && (app_id != 0 || tables > 0 || version > 0))
		return util_error(err, "'%s' is not an upskill database", st->path);
	if (version > MIGRATION_COUNT)
		return util_error(
		        err,
		        "database '%s' was written by a newer upskill (schema %d; this one "
		        "knows up to %d): upgrade upskill to use it",
		        st->path, version, MIGRATION_COUNT);
	return 0;
}

static int migrate(struct store *st, int target, char **err)
{
	int version, app_id, tables;

	if (store_begin(st, err) < 0)
		return -1;
	if (setting(st, db_schema_version, &version, err) < 0 ||
	    setting(st, db_application_id, &app_id, err) < 0 ||
	    setting(st, db_table_count, &tables, err) < 0)
		goto fail;
	if (check_ours(st, version, app_id, tables, err) < 0)
		goto fail;
	if (schema_apply(st, version, target, err) < 0)
		goto fail;
	if (target > version) {
		if (db_set_schema_version(st->db, target, STORE_APPLICATION_ID) < 0) {
			database_error(st, err);
			goto fail;
		}
	}
	/* People added before their names were logged: their names as they
	 * stand now, logged once, so that verify can hold the table to them. */
	if (version >= 3 && version < 9 && target >= 9 && name_people(st, err) < 0)
		goto fail;
	/* Credentials set before they were logged with a digest: logged once,
	 * as they stand, so that verify can hold every one to an event. */
	if (version >= 3 && version < 12 && target >= 12 && log_credentials(st, err) < 0)
		goto fail;
	/* A record made while a test hook is set is a test record, and says
	 * so in its first event, under the hooked clock. */
	if (version == 0 && target >= 3 && hooks_requested() && !st->bare) {
		hooks_enable(true);
		st->txn_now = 0;
		st->txn_now = store_now(st);
		if (store_event_append(st, "record.test", 0, 0, NULL, NULL, NULL, err) < 0)
			goto fail;
	}
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

/* A schema object: its type, name and the SQL that made it. */
struct schema_object {
	char *type, *name, *sql;
};

static void schema_row(struct db_stmt *stmt, void *item)
{
	struct schema_object *o = item;

	o->type = store_column_dup(stmt, 0);
	o->name = store_column_dup(stmt, 1);
	o->sql = store_column_dup(stmt, 2);
}

static void schema_release(void *item)
{
	struct schema_object *o = item;

	free(o->type);
	free(o->name);
	free(o->sql);
}

static void schema_free(struct schema_object *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		schema_release(&list[i]);
	free(list);
}

/* Every table, index, trigger and view but SQLite's own, by name. */
static int schema_list(struct store *st, struct schema_object **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;

	if (store_prepare(st, db_schema_query(st->db), &stmt, err) < 0)
		return -1;
	return store_collect(st, stmt, sizeof(**out), schema_row, schema_release, out, n,
	                     "cannot read the schema", err);
}

int store_schema_check(struct store *st, char **problem, char **err)
{
	struct store ref = {0};
	struct schema_object *want = NULL, *have = NULL;
	size_t nwant = 0, nhave = 0, i = 0, k = 0;
	int version, rc = -1;

	*problem = NULL;
	/* What upskill's own migrations make, up to this record's version. */
	if (setting(st, db_schema_version, &version, err) < 0)
		return -1;
	if (db_open_scratch(st->db, &ref.db) < 0) {
		util_error(err, "cannot open a scratch database: %s",
		           ref.db ? db_errmsg(ref.db) : "out of memory");
		goto out;
	}
	ref.path = (char *)"scratch";
	if (schema_apply(&ref, 0, version < MIGRATION_COUNT ? version : MIGRATION_COUNT, err) < 0)
		goto out;
	if (schema_list(&ref, &want, &nwant, err) < 0 || schema_list(st, &have, &nhave, err) < 0)
		goto out;
	while (i < nwant || k < nhave) {
		int order = i == nwant ? 1 : k == nhave ? -1 : strcmp(want[i].name, have[k].name);
		if (order < 0) {
			*problem = xasprintf("the %s '%s' that upskill made is missing",
			                     want[i].type, want[i].name);
			break;
		}
		if (order > 0) {
			*problem = xasprintf("the database has a %s '%s' that upskill did not make",
			                     have[k].type, have[k].name);
			break;
		}
		if (strcmp(want[i].type, have[k].type) != 0 ||
		    strcmp(want[i].sql, have[k].sql) != 0) {
			*problem = xasprintf("the %s '%s' is not the one upskill made",
			                     have[k].type, have[k].name);
			break;
		}
		i++;
		k++;
	}
	rc = *problem ? 1 : 0;
out:
	schema_free(want, nwant);
	schema_free(have, nhave);
	db_close(ref.db);
	return rc;
}

/* Whether the log holds its first event (a log emptied or cut at the head
 * outside upskill does not). */
static bool first_event_exists(struct store *st)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	char *why = NULL;

	if (store_prepare(st, "SELECT 1 FROM events WHERE id = 1", &stmt, &why) < 0 ||
	    store_step_one(st, stmt, &found, "cannot read the event log", &why) < 0)
		found = true;
	db_finalize(stmt);
	free(why);
	return found;
}

/* The test hooks are honoured on a test record and refused on any other. */
static int test_record_check(struct store *st, char **err)
{
	struct db_stmt *stmt = NULL;
	bool found = false;
	int rc;

	st->test_record = false;
	if (store_version(st) < 3)
		return 0;
	if (store_prepare(st, "SELECT 1 FROM events WHERE id = 1 AND kind = 'record.test'", &stmt,
	                  err) < 0)
		return -1;
	rc = store_step_one(st, stmt, &found, "cannot read the event log", err);
	db_finalize(stmt);
	if (rc < 0)
		return -1;
	st->test_record = found;
	hooks_enable(found);
	/* A record whose first event is gone cannot say which it is: verify
	 * says what is wrong with it, rather than this. */
	if (!found && hooks_requested() && !first_event_exists(st))
		return 0;
	if (!found && hooks_requested())
		return util_error(err,
		                  "'%s' is an organisation's record, not a test record: "
		                  "UPSKILL_NOW and UPSKILL_SEED are test hooks; unset them",
		                  st->path);
	return 0;
}

/* The database file and the -wal and -shm files SQLite keeps beside it must
 * be the user's own and private. SQLite makes the database with mode 0644
 * less the umask, and the -wal and -shm files with the database's mode; so
 * the database is made here, empty and 0600, before SQLite opens it (SQLite
 * treats an empty file as a new database), and a database made by an older
 * upskill under a loose umask is made 0600 with its companions. */
static int private_database(const char *path, char **err)
{
	char *companion = NULL;
	int fd, rc = -1;

	if (!*path || strcmp(path, ":memory:") == 0 || db_is_server(path))
		return 0;
	fd = private_open(path, O_RDONLY | O_CREAT, err);
	if (fd < 0)
		return -1;
	close(fd);
	companion = xasprintf("%s-wal", path);
	if (private_fix(companion, err) < 0)
		goto out;
	free(companion);
	companion = xasprintf("%s-shm", path);
	if (private_fix(companion, err) < 0)
		goto out;
	rc = 0;
out:
	free(companion);
	return rc;
}

bool store_is_test_record(struct store *st)
{
	return st->test_record;
}

static int open_store(const char *path, int version, bool bare, struct store **out, char **err)
{
	const struct db_open_options opt = {.busy_ms = STORE_BUSY_MS,
	                                    .application_id = STORE_APPLICATION_ID};
	struct store *st = xcalloc(1, sizeof(*st));

	*out = NULL;
	st->path = xstrdup(path);
	st->now = NULL;
	st->bare = bare;

	if (private_database(path, err) < 0)
		goto fail;
	if (db_open_with(path, &opt, &st->db) < 0) {
		if (db_full(st->db))
			util_error(err, "%s", STORE_DISK_FULL);
		else
			util_error(err, "cannot open database '%s': %s", path, db_errmsg(st->db));
		goto fail;
	}
	if (migrate(st, version, err) < 0 || (!bare && test_record_check(st, err) < 0))
		goto fail;
	st->schema = version;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open_version(const char *path, int version, struct store **out, char **err)
{
	return open_store(path, version, false, out, err);
}

int store_open_bare(const char *path, struct store **out, char **err)
{
	return open_store(path, MIGRATION_COUNT, true, out, err);
}

int store_open(const char *path, struct store **out, char **err)
{
	return store_open_version(path, MIGRATION_COUNT, out, err);
}

int store_open_read(const char *path, struct store **out, char **err)
{
	const struct db_open_options opt = {.busy_ms = STORE_BUSY_MS, .read_only = true};
	struct store *st;
	int version, app_id, tables;
	char *why = NULL;

	/* A new record is made as any command makes it; PostgreSQL's records
	 * are never on a medium that cannot be written. */
	if (db_is_server(path) || access(path, F_OK) != 0)
		return store_open(path, out, err);
	*out = NULL;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	if (db_open_with(path, &opt, &st->db) < 0) {
		if (db_full(st->db))
			util_error(err, "%s", STORE_DISK_FULL);
		else
			util_error(err, "cannot open database '%s': %s", path, db_errmsg(st->db));
		goto fail;
	}
	/* The three read in one snapshot: read one by one, a record being made
	 * by another process at that moment could show its tables but not yet
	 * its application id, and be called foreign. */
	if (store_exec(st, "BEGIN", err) < 0)
		goto fail;
	if (setting(st, db_schema_version, &version, err) < 0 ||
	    setting(st, db_application_id, &app_id, err) < 0 ||
	    setting(st, db_table_count, &tables, err) < 0) {
		store_exec(st, "ROLLBACK", &why);
		free(why);
		why = NULL;
		goto fail;
	}
	if (store_exec(st, "COMMIT", err) < 0 || check_ours(st, version, app_id, tables, err) < 0)
		goto fail;
	if (version < MIGRATION_COUNT) {
		/* An older record is brought up to date where it can be. */
		store_close(st);
		if (store_open(path, out, &why) == 0)
			return 0;
		util_error(err,
		           "record '%s' was written by an older upskill (schema %d) and cannot be "
		           "brought up to date here (%s): open it once where it can be written",
		           path, version, why);
		free(why);
		return -1;
	}
	if (test_record_check(st, err) < 0)
		goto fail;
	st->schema = version;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	db_close(st->db);
	free(st->path);
	free(st->answering_module);
	free(st);
}

int store_version(struct store *st)
{
	int v = -1;
	char *err = NULL;

	if (setting(st, db_schema_version, &v, &err) < 0)
		free(err);
	return v;
}

long long store_statements_prepared(struct store *st)
{
	return db_prepare_count(st->db);
}

void store_set_clock(struct store *st, time_t (*now)(void))
{
	st->now = now;
}

/* The current UTC time as ISO 8601, to the second. */
time_t store_now(struct store *st)
{
	/* One time for a whole write transaction, so that a row and the event
	 * that logs it always carry the same second (verify compares them). */
	if (st->txn_now && db_in_transaction(st->db))
		return st->txn_now;
	return st->now ? st->now() : clock_now();
}

void store_now_iso(struct store *st, char buf[32])
{
	clock_iso(store_now(st), buf, 32);
}

int store_begin(struct store *st, char **err)
{
	st->appended_known = false;
	if (db_begin(st->db) < 0)
		return database_error(st, err);
	st->txn_now = 0;
	st->txn_now = store_now(st);
	return 0;
}

int store_commit(struct store *st, char **err)
{
	unsigned before = 0;

	if (st->appended_known && db_data_version(st->db, &before) < 0)
		st->appended_known = false;
	if (db_commit(st->db) < 0) {
		database_error(st, err);
		store_rollback(st);
		return -1;
	}
	store_tail_end(st, true, before);
	return 0;
}

void store_rollback(struct store *st)
{
	db_rollback(st->db);
	store_tail_end(st, false, 0);
}

const char *role_name(enum role r)
{
	return r == ROLE_CONSULTANT ? "consultant" : "staff";
}

int role_parse(const char *s, enum role *out)
{
	if (strcmp(s, "staff") == 0)
		*out = ROLE_STAFF;
	else if (strcmp(s, "consultant") == 0)
		*out = ROLE_CONSULTANT;
	else
		return -1;
	return 0;
}

/* Whether s holds a character that changes the direction or lines of what
 * follows it: "\u202eeeL maS" shows as "Sam Lee". */
static bool has_direction_mark(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xd8 && p[1] == 0x9c) /* U+061C */
			return true;
		if (p[0] != 0xe2 || !p[1] || !p[2])
			continue;
		if (p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f ||  /* U+200E, U+200F */
		                     (p[2] >= 0xa8 && p[2] <= 0xae))) /* U+2028 to U+202E */
			return true;
		if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) /* U+2066 to U+2069 */
			return true;
	}
	return false;
}

int store_name_check(const char *name, char **err)
{
	size_t len = strlen(name);
	size_t bad;

	if (len == 0 || strspn(name, " \t") == len)
		return util_error(err, "a learner name cannot be empty");
	if (len > STORE_NAME_MAX)
		return util_error(err, "a learner name is at most %d bytes (this one is %zu)",
		                  STORE_NAME_MAX, len);
	if (!util_utf8_valid(name, len, &bad))
		return util_error(err, "learner name is not valid UTF-8 (byte %zu)", bad + 1);
	if (util_find_control(name, NULL))
		return util_error(err, "learner name contains a control character");
	if (has_direction_mark(name))
		return util_error(err, "learner name contains a direction mark or line separator "
		                       "(U+200E, U+202A to U+202E, U+2066 to U+2069, U+2028 …), "
		                       "which can make it show as another name");
	if (name[0] == ' ' || name[len - 1] == ' ')
		return util_error(err, "learner name '%s' starts or ends with a space", name);
	return 0;
}

int store_prepare(struct store *st, const char *sql, struct db_stmt **stmt, char **err)
{
	if (db_prepare(st->db, sql, stmt) < 0)
		return store_db_error(st, err, "database error");
	return 0;
}

char *store_json_array(const char *const *items, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addc(&sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(&sb, ',');
		strbuf_add_json(&sb, items[i]);
	}
	strbuf_addc(&sb, ']');
	return strbuf_detach(&sb);
}

char *store_column_dup(struct db_stmt *stmt, int col)
{
	const char *s = db_column_text(stmt, col);
	return s ? xstrdup(s) : NULL;
}

/* What a learner.add event says of the person besides their role. */
static char *name_data(const char *name)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "{\"name\":");
	strbuf_add_json(&sb, name);
	strbuf_addc(&sb, '}');
	return strbuf_detach(&sb);
}

/* Whether a name is free for person id (0 for a new one): 0, or -1 with
 * a refusal naming who has it when they were typed otherwise ("PRIYA
 * SHAH" is 'Priya Shah': names are the same in any case). Asked before
 * writing, inside the write transaction: on PostgreSQL nothing more can be
 * asked in a transaction once a write was refused. */
static int name_free(struct store *st, const char *name, long long id, char **err)
{
	struct db_stmt *stmt = NULL;
	char *held = NULL;
	bool found = false;
	int rc;

	if (store_prepare(st,
	                  "SELECT name FROM learners WHERE name COLLATE NOCASE = ? COLLATE NOCASE "
	                  "AND id <> ?",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, name);
	db_bind_int64(stmt, 2, id);
	rc = store_step_one(st, stmt, &found, "cannot read the learners", err);
	if (rc == 0 && found)
		held = store_column_dup(stmt, 0);
	db_finalize(stmt);
	if (rc < 0 || !found)
		return rc;
	if (strcmp(held, name) != 0)
		util_error(err, "'%s' is already here as '%s' (names are the same in any case)",
		           name, held);
	else
		util_error(err, "a learner named '%s' already exists", name);
	free(held);
	return -1;
}

/* Adds a person inside the caller's write transaction. */
static int learner_insert(struct store *st, const char *name, enum role role, long long actor,
                          long long *id, char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32], *data;
	long long new_id;
	int rc;

	store_now_iso(st, at);
	if (name_free(st, name, 0, err) < 0)
		return -1;
	if (store_prepare(st, "INSERT INTO learners (name, role, created_at) VALUES (?, ?, ?)",
	                  &stmt, err) < 0)
		return -1;
	db_bind_text(stmt, 1, name);
	db_bind_text(stmt, 2, role_name(role));
	db_bind_text(stmt, 3, at);
	rc = db_step(stmt);
	db_finalize(stmt);
	if (rc == DB_CONSTRAINT)
		return util_error(err, "a learner named '%s' already exists", name);
	if (rc != DB_DONE)
		return store_db_error(st, err, "cannot add learner");
	new_id = db_last_insert_id(st->db);
	data = name_data(name);
	rc = store_event_append(st, "learner.add", actor, new_id, role_name(role), data, NULL, err);
	free(data);
	if (rc < 0)
		return -1;
	*id = new_id;
	return 0;
}

int store_learner_add(struct store *st, const char *name, enum role role, long long actor,
                      long long *id, char **err)
{
	long long new_id = 0;

	if (store_name_check(name, err) < 0)
		return -1;
	if (store_begin(st, err) < 0)
		return -1;
	if (learner_insert(st, name, role, actor, &new_id, err) < 0 || store_commit(st, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (id)
		*id = new_id;
	return 0;
}

static void learner_from_row(struct db_stmt *stmt, struct learner *l)
{
	enum role role = ROLE_STAFF;

	role_parse(db_column_text(stmt, 2), &role);
	l->id = db_column_int64(stmt, 0);
	l->name = store_column_dup(stmt, 1);
	l->role = role;
	l->active = db_column_int(stmt, 3) != 0;
	l->created_at = store_column_dup(stmt, 4);
}

#define LEARNER_COLUMNS "id, name, role, active, created_at"

int store_learner_find(struct store *st, const char *name, struct learner *out, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (store_prepare(st,
	                  "SELECT " LEARNER_COLUMNS " FROM learners"
	                  " WHERE name COLLATE NOCASE = ? COLLATE NOCASE",
	                  &stmt, err) < 0)
		goto out;
	db_bind_text(stmt, 1, name);
	switch (db_step(stmt)) {
	case DB_ROW:
		learner_from_row(stmt, out);
		rc = 0;
		break;
	case DB_DONE:
		util_error(err, "no learner named '%s'", name);
		rc = STORE_NOT_FOUND;
		break;
	default:
		store_db_error(st, err, "cannot look up learner");
	}
out:
	db_finalize(stmt);
	return rc;
}

static void learner_row(struct db_stmt *stmt, void *item)
{
	learner_from_row(stmt, item);
}

static void learner_item_release(void *item)
{
	learner_release(item);
}

int store_learner_list(struct store *st, struct learner **out, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;

	*out = NULL;
	*n = 0;
	if (store_prepare(st,
	                  "SELECT " LEARNER_COLUMNS " FROM learners ORDER BY name COLLATE NOCASE",
	                  &stmt, err) < 0)
		return -1;
	return store_collect(st, stmt, sizeof(**out), learner_row, learner_item_release, out, n,
	                     "cannot list learners", err);
}

int store_learner_names(struct store *st, const char *prefix, char ***names, size_t *n, char **err)
{
	struct db_stmt *stmt = NULL;
	struct strlist l;
	size_t plen = strlen(prefix);
	int step;

	strlist_init(&l);
	if (store_prepare(st,
	                  "SELECT name FROM learners WHERE active = 1 ORDER BY name COLLATE NOCASE",
	                  &stmt, err) < 0)
		return -1;
	while ((step = db_step(stmt)) == DB_ROW) {
		const char *name = db_column_text(stmt, 0);
		if (strncasecmp(name, prefix, plen) == 0)
			strlist_add(&l, name);
	}
	db_finalize(stmt);
	if (step != DB_DONE) {
		strlist_release(&l);
		return store_db_error(st, err, "cannot list learners");
	}
	*names = l.items;
	*n = l.n;
	return 0;
}

void learner_release(struct learner *l)
{
	if (!l)
		return;
	free(l->name);
	free(l->created_at);
	memset(l, 0, sizeof(*l));
}

void learners_free(struct learner *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		learner_release(&list[i]);
	free(list);
}

int store_learner_set_active(struct store *st, const char *name, bool active, long long actor,
                             char **err)
{
	struct learner l;
	struct db_stmt *stmt = NULL;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_learner_find(st, name, &l, err) != 0)
		goto fail;
	if (l.active == active) {
		util_error(err, "'%s' is already %s", l.name, active ? "active" : "inactive");
		learner_release(&l);
		goto fail;
	}
	/* Someone must always be able to sign in and put things right: the
	 * last active consultant stays. */
	if (!active && l.role == ROLE_CONSULTANT) {
		int others = 0;
		if (pragma_int(st,
		               "SELECT count(*) FROM learners WHERE role = 'consultant' AND active "
		               "= 1",
		               &others, err) < 0) {
			learner_release(&l);
			goto fail;
		}
		if (others <= 1) {
			util_error(err,
			           "'%s' is the last active consultant: add or reactivate another "
			           "first, or nobody could manage this record",
			           l.name);
			learner_release(&l);
			goto fail;
		}
	}
	if (store_prepare(st, "UPDATE learners SET active = ? WHERE id = ?", &stmt, err) < 0) {
		learner_release(&l);
		goto fail;
	}
	db_bind_int(stmt, 1, active);
	db_bind_int64(stmt, 2, l.id);
	if (db_step(stmt) != DB_DONE) {
		store_db_error(st, err, "cannot change learner");
		learner_release(&l);
		goto fail;
	}
	db_finalize(stmt);
	stmt = NULL;
	if (store_event_append(st, active ? "learner.activate" : "learner.deactivate", actor, l.id,
	                       NULL, NULL, NULL, err) < 0) {
		learner_release(&l);
		goto fail;
	}
	learner_release(&l);
	return store_commit(st, err);
fail:
	db_finalize(stmt);
	store_rollback(st);
	return -1;
}

int store_learner_rename(struct store *st, const char *name, const char *new_name, long long actor,
                         char **err)
{
	struct learner l;
	struct db_stmt *stmt = NULL;
	struct strbuf data;
	int rc;

	if (store_name_check(new_name, err) < 0 || store_begin(st, err) < 0)
		return -1;
	if (store_learner_find(st, name, &l, err) != 0)
		goto fail;
	if (strcmp(l.name, new_name) == 0) {
		util_error(err, "'%s' is already the name", l.name);
		learner_release(&l);
		goto fail;
	}
	if (name_free(st, new_name, l.id, err) < 0) {
		learner_release(&l);
		goto fail;
	}
	if (store_prepare(st, "UPDATE learners SET name = ? WHERE id = ?", &stmt, err) < 0) {
		learner_release(&l);
		goto fail;
	}
	db_bind_text(stmt, 1, new_name);
	db_bind_int64(stmt, 2, l.id);
	rc = db_step(stmt);
	db_finalize(stmt);
	stmt = NULL;
	if (rc == DB_CONSTRAINT) {
		util_error(err, "a learner named '%s' already exists", new_name);
		learner_release(&l);
		goto fail;
	}
	if (rc != DB_DONE) {
		store_db_error(st, err, "cannot rename learner");
		learner_release(&l);
		goto fail;
	}
	/* A learner.name event, as the upgrade that first logged names wrote:
	 * the name from now on, and the one it replaces. */
	strbuf_init(&data);
	strbuf_adds(&data, "{\"name\":");
	strbuf_add_json(&data, new_name);
	strbuf_adds(&data, ",\"was\":");
	strbuf_add_json(&data, l.name);
	strbuf_addc(&data, '}');
	rc = store_event_append(st, "learner.name", actor, l.id, NULL, data.buf, NULL, err);
	strbuf_release(&data);
	learner_release(&l);
	if (rc < 0)
		goto fail;
	return store_commit(st, err);
fail:
	db_finalize(stmt);
	store_rollback(st);
	return -1;
}

/* Sets a person's credential hash inside the caller's transaction, with
 * an event that says whether it is a set-up code and the SHA-256 of the
 * stored hash (never the secret), so verify finds a hash swapped in the
 * table without one. */
static int credential_put(struct store *st, long long learner, const char *hash, bool setup,
                          long long actor, char **err)
{
	struct db_stmt *stmt = NULL;
	char *data = store_credential_data(hash, setup);
	int rc;

	if (store_prepare(st, "UPDATE learners SET passphrase = ?, setup = ? WHERE id = ?", &stmt,
	                  err) < 0) {
		free(data);
		return -1;
	}
	db_bind_text(stmt, 1, hash);
	db_bind_int(stmt, 2, setup);
	db_bind_int64(stmt, 3, learner);
	if (store_step_done(st, stmt, "cannot set the credential", err) < 0) {
		free(data);
		return -1;
	}
	rc = store_event_append(st, "learner.credential", actor, learner, NULL, data, NULL, err);
	free(data);
	return rc;
}

int store_credential_set(struct store *st, long long learner, const char *hash, bool setup,
                         long long actor, char **err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (credential_put(st, learner, hash, setup, actor, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int store_staff_add(struct store *st, const char *name, const char *setup_hash, long long actor,
                    long long *id, char **err)
{
	long long new_id = 0;

	/* One transaction: a person never exists without their set-up code. */
	if (store_name_check(name, err) < 0)
		return -1;
	if (store_begin(st, err) < 0)
		return -1;
	if (learner_insert(st, name, ROLE_STAFF, actor, &new_id, err) < 0 ||
	    credential_put(st, new_id, setup_hash, true, actor, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (id)
		*id = new_id;
	return store_commit(st, err);
}

int store_passphrase_get(struct store *st, long long learner, char **hash, bool *setup, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	*hash = NULL;
	*setup = false;
	if (store_prepare(st, "SELECT passphrase, setup FROM learners WHERE id = ?", &stmt, err) <
	    0)
		return -1;
	db_bind_int64(stmt, 1, learner);
	if (db_step(stmt) == DB_ROW) {
		*hash = store_column_dup(stmt, 0);
		*setup = db_column_int(stmt, 1) != 0;
		rc = 0;
	} else {
		store_db_error(st, err, "cannot read the account");
	}
	db_finalize(stmt);
	return rc;
}

int store_consultant_count(struct store *st, int *n, char **err)
{
	struct db_stmt *stmt = NULL;
	int rc = -1;

	if (store_prepare(st, "SELECT count(*) FROM learners WHERE role = 'consultant'", &stmt,
	                  err) < 0)
		return -1;
	if (db_step(stmt) == DB_ROW) {
		*n = db_column_int(stmt, 0);
		rc = 0;
	} else {
		store_db_error(st, err, "cannot count consultants");
	}
	db_finalize(stmt);
	return rc;
}

int store_consultant_add(struct store *st, const char *name, const char *hash, long long actor,
                         long long *id, char **err)
{
	struct db_stmt *stmt = NULL;
	char at[32], *data;
	long long new_id;
	int rc;

	if (store_name_check(name, err) < 0)
		return -1;
	if (store_begin(st, err) < 0)
		return -1;
	/* The first consultant (no actor): init checked there was none, but
	 * another init may have won since, so check again under the lock. */
	if (actor == 0) {
		int consultants = 0;
		if (pragma_int(st, "SELECT count(*) FROM learners WHERE role = 'consultant'",
		               &consultants, err) < 0)
			goto fail;
		if (consultants > 0) {
			util_error(err, "init: this organisation has a consultant already; sign in "
			                "as one to add people");
			goto fail;
		}
	}
	store_now_iso(st, at);
	if (name_free(st, name, 0, err) < 0)
		goto fail;
	if (store_prepare(st,
	                  "INSERT INTO learners (name, role, created_at, passphrase)"
	                  " VALUES (?, 'consultant', ?, ?)",
	                  &stmt, err) < 0)
		goto fail;
	db_bind_text(stmt, 1, name);
	db_bind_text(stmt, 2, at);
	db_bind_text(stmt, 3, hash);
	switch (db_step(stmt)) {
	case DB_DONE:
		break;
	case DB_CONSTRAINT:
		util_error(err, "a learner named '%s' already exists", name);
		goto fail;
	default:
		store_db_error(st, err, "cannot add consultant");
		goto fail;
	}
	db_finalize(stmt);
	stmt = NULL;
	new_id = db_last_insert_id(st->db);
	data = name_data(name);
	rc = store_event_append(st, "learner.add", actor, new_id, "consultant", data, NULL, err);
	free(data);
	if (rc < 0 || credential_put(st, new_id, hash, false, actor ? actor : new_id, err) < 0)
		goto fail;
	if (store_commit(st, err) < 0)
		return -1;
	if (id)
		*id = new_id;
	return 0;
fail:
	db_finalize(stmt);
	store_rollback(st);
	return -1;
}

int store_step_done(struct store *st, struct db_stmt *stmt, const char *what, char **err)
{
	int rc = db_step(stmt);

	db_finalize(stmt);
	if (rc != DB_DONE)
		return store_db_error(st, err, what);
	return 0;
}

int store_collect(struct store *st, struct db_stmt *stmt, size_t size,
                  void (*row)(struct db_stmt *stmt, void *item), void (*release)(void *item),
                  void *out, size_t *n, const char *what, char **err)
{
	char *list = NULL;
	size_t count = 0, cap = 0;
	int step;

	*(void **)out = NULL;
	*n = 0;
	while ((step = db_step(stmt)) == DB_ROW) {
		xgrow(&list, &cap, count + 1, size);
		memset(list + count * size, 0, size);
		row(stmt, list + count * size);
		count++;
	}
	if (step != DB_DONE) {
		store_db_error(st, err, what);
		db_finalize(stmt);
		for (size_t i = 0; i < count; i++)
			release(list + i * size);
		free(list);
		return -1;
	}
	db_finalize(stmt);
	*(void **)out = list;
	*n = count;
	return 0;
}

int store_step_one(struct store *st, struct db_stmt *stmt, bool *found, const char *what,
                   char **err)
{
	switch (db_step(stmt)) {
	case DB_ROW:
		*found = true;
		return 0;
	case DB_DONE:
		*found = false;
		return 0;
	default:
		*found = false;
		return store_db_error(st, err, what);
	}
}
