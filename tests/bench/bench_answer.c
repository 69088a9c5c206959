/*
 * One answer committed durably, against the floor: a bare SQLite insert
 * with the same settings (WAL, synchronous=FULL), one transaction each.
 * Prints two lines of "ANSWER_US BARE_US ANSWER_CPU_US BARE_CPU_US RATIO
 * MIN MAX": the median microseconds per commit, on the clock and of the
 * process's CPU time (the CPU figure leaves out the wait for the disk,
 * which dominates the first and varies with other work on the machine),
 * then the median, least and greatest of the pairs' ratios on the clock
 * (each answer over the bare insert timed next to it).
 *
 * The first line is of a record in its steady state, the second of the
 * first COUNT commits of new files. Until SQLite first checkpoints a WAL
 * (1,000 pages) every commit makes the file longer, and a commit that
 * makes it longer waits for the file's size to be written too; an answer
 * writes four pages to the insert's one, so its WAL was past that after
 * 250 commits and the insert's was not, and the ratio depended on how
 * many commits were timed. The steady state, where both WALs are written
 * over in place, is what a record in use meets.
 *
 * usage: bench_answer DIR COUNT
 *        bench_answer URL COUNT   (a PostgreSQL database: prints the answer's
 *                                  "ANSWER_US ANSWER_CPU_US" only; the floor
 *                                  there is pgbench's, timed by tests/bench/run)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-learning.h"
#include "store.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "bench_answer: %s: %s\n", what, err ? err : "failed");
	exit(1);
}

/* The answer alone, into a new record on a PostgreSQL server. */
static int on_server(const char *url, int n, double *ours, double *ours_cpu)
{
	struct store *st = NULL;
	long long learner, attempt;
	char *err = NULL, qid[32];

	if (store_open(url, &st, &err) < 0 ||
	    store_learner_add(st, "Bench", ROLE_STAFF, 0, &learner, &err) < 0 ||
	    store_attempt_start(st, learner, "bench", "1.0", "bench", NULL, 1, "v1", &attempt,
	                        &err) < 0)
		die("store", err);
	for (int i = 0; i < n; i++) {
		double start = now_us(), start_cpu = cpu_us();

		snprintf(qid, sizeof(qid), "q%d", i);
		if (store_answer_add(st, attempt, qid, "1", 1.0, 1.0, "1.0", "bench", 3, &err) < 0)
			die("answer", err);
		ours[i] = now_us() - start;
		ours_cpu[i] = cpu_us() - start_cpu;
	}
	printf("%.0f %.0f\n", median(ours, n), median(ours_cpu, n));
	store_close(st);
	return 0;
}

/* Each pair's timings: the answer's and the insert's, on the clock and in
 * CPU time. */
struct figures {
	double *ours, *bare, *ours_cpu, *bare_cpu, *ratio;
};

static void figures_new(struct figures *f, int n)
{
	f->ours = calloc((size_t)n, sizeof(double));
	f->bare = calloc((size_t)n, sizeof(double));
	f->ours_cpu = calloc((size_t)n, sizeof(double));
	f->bare_cpu = calloc((size_t)n, sizeof(double));
	f->ratio = calloc((size_t)n, sizeof(double));
}

static void figures_free(struct figures *f)
{
	free(f->ours);
	free(f->bare);
	free(f->ours_cpu);
	free(f->bare_cpu);
	free(f->ratio);
}

/* n pairs, question ids from first on: interleaved, and in turn first, so
 * both see the same disk at the same moments and neither always follows
 * the other's fsync. */
static void timed(struct store *st, long long attempt, sqlite3 *db, sqlite3_stmt *stmt, int n,
                  int first, struct figures *f)
{
	char qid[32], *err = NULL;

	for (int i = 0; i < n; i++) {
		snprintf(qid, sizeof(qid), "q%d", first + i);
		for (int k = 0; k < 2; k++) {
			double start = now_us(), start_cpu = cpu_us();

			if ((k + i) % 2 == 0) {
				if (store_answer_add(st, attempt, qid, "1", 1.0, 1.0, "1.0",
				                     "bench", 3, &err) < 0)
					die("answer", err);
				f->ours[i] = now_us() - start;
				f->ours_cpu[i] = cpu_us() - start_cpu;
				continue;
			}
			sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
			sqlite3_bind_text(stmt, 1, qid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(stmt, 2, "2026-03-02T09:00:00Z", -1, SQLITE_STATIC);
			if (sqlite3_step(stmt) != SQLITE_DONE)
				die("insert", sqlite3_errmsg(db));
			sqlite3_reset(stmt);
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			f->bare[i] = now_us() - start;
			f->bare_cpu[i] = cpu_us() - start_cpu;
		}
	}
}

static void print(struct figures *f, int n)
{
	double mid;

	for (int i = 0; i < n; i++)
		f->ratio[i] = f->ours[i] / f->bare[i];
	printf("%.0f %.0f %.0f %.0f", median(f->ours, n), median(f->bare, n),
	       median(f->ours_cpu, n), median(f->bare_cpu, n));
	/* median sorts ratio: its ends are then the least and the greatest. */
	mid = median(f->ratio, n);
	printf(" %.2f %.2f %.2f\n", mid, f->ratio[0], f->ratio[n - 1]);
}

int main(int argc, char **argv)
{
	char path[4096], bare[4096];
	struct store *st = NULL;
	sqlite3 *db = NULL, *again = NULL;
	sqlite3_stmt *stmt = NULL;
	long long learner, attempt;
	char *err = NULL;
	struct figures fresh, steady;
	double *ours, *ours_cpu;
	int n;

	if (argc != 3 || (n = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: bench_answer DIR COUNT\n");
		return 2;
	}
	if (strstr(argv[1], "://")) {
		ours = calloc((size_t)n, sizeof(*ours));
		ours_cpu = calloc((size_t)n, sizeof(*ours_cpu));
		return on_server(argv[1], n, ours, ours_cpu);
	}
	figures_new(&fresh, n);
	figures_new(&steady, n);
	snprintf(path, sizeof(path), "%s/answers.db", argv[1]);
	snprintf(bare, sizeof(bare), "%s/bare.db", argv[1]);
	remove(path);
	remove(bare);

	if (store_open(path, &st, &err) < 0 ||
	    store_learner_add(st, "Bench", ROLE_STAFF, 0, &learner, &err) < 0 ||
	    store_attempt_start(st, learner, "bench", "1.0", "bench", NULL, 1, "v1", &attempt,
	                        &err) < 0)
		die("store", err);
	/* The floor: the same row written the plainest way. */
	if (sqlite3_open(bare, &db) != SQLITE_OK ||
	    sqlite3_exec(db,
	                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	                 " CREATE TABLE answers (attempt_id INTEGER, question_id TEXT,"
	                 " response TEXT, fraction REAL, weight REAL, module_version TEXT,"
	                 " answered_at TEXT)",
	                 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO answers VALUES (1, ?, '1', 1, 1, '1.0', ?)", -1,
	                       &stmt, NULL) != SQLITE_OK)
		die("sqlite", sqlite3_errmsg(db));
	/* One pass over fresh files first, then both WALs checkpointed so
	 * that the next commits write them over from their start. */
	timed(st, attempt, db, stmt, n, 0, &fresh);
	if (sqlite3_open(path, &again) != SQLITE_OK ||
	    sqlite3_exec(again, "PRAGMA wal_checkpoint(RESTART)", NULL, NULL, NULL) != SQLITE_OK)
		die("checkpoint", sqlite3_errmsg(again));
	if (sqlite3_exec(db, "PRAGMA wal_checkpoint(RESTART)", NULL, NULL, NULL) != SQLITE_OK)
		die("checkpoint", sqlite3_errmsg(db));
	sqlite3_close(again);
	timed(st, attempt, db, stmt, n, n, &steady);
	print(&steady, n);
	print(&fresh, n);
	store_close(st);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	figures_free(&fresh);
	figures_free(&steady);
	return 0;
}
