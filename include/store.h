/*
 * The record: learners, attempts, answers and the event log in one SQLite
 * database. store.c is the only file that includes SQLite; nothing of it
 * leaks through this header.
 */
#ifndef UPSKILL_STORE_H
#define UPSKILL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "duty.h"

struct store;

enum role {
	ROLE_STAFF,
	ROLE_CONSULTANT,
};

/* Longest learner name accepted, in bytes. */
#define STORE_NAME_MAX 100

struct learner {
	long long id;
	char *name;
	enum role role;
	bool active;
	char *created_at; /* UTC, ISO 8601 */
};

/* Opens (creating if needed) the database at path and brings its schema up to
 * date. A database written by a newer upskill, or a file that is not an
 * upskill database, is refused. The folder must exist. */
int store_open(const char *path, struct store **out, char **err);

/* Like store_open, but migrates no further than version; for tests of the
 * migrations themselves. */
int store_open_version(const char *path, int version, struct store **out, char **err);
void store_close(struct store *st);

/* The schema version this program writes, and the one a store is at. */
int store_latest_version(void);
int store_version(struct store *st);

/* Where "now" comes from, for tests that need a fixed clock. */
void store_set_clock(struct store *st, time_t (*now)(void));

const char *role_name(enum role r);
/* Parses "staff" or "consultant"; -1 if neither. */
int role_parse(const char *s, enum role *out);

/* Checks a learner name: 1 to STORE_NAME_MAX bytes of valid UTF-8, no control
 * characters, not blank, no leading or trailing spaces. */
int store_name_check(const char *name, char **err);

/* Adds a learner; a name already taken (ignoring case) is refused. */
int store_learner_add(struct store *st, const char *name, enum role role, long long *id,
                      char **err);
/* Finds a learner by name, ignoring case. Returns 0 and fills *out (release
 * it with learner_release), or -1 with "no learner named 'x'". */
int store_learner_find(struct store *st, const char *name, struct learner *out, char **err);
/* Deactivates (or reactivates) a learner, with an event naming who did it
 * (actor, 0 if nobody signed in). Their records all stay. */
int store_learner_set_active(struct store *st, const char *name, bool active, long long actor,
                             char **err);
/* ---- accounts (store.c) ---- */

/* Adds a consultant with a passphrase hash in one transaction; actor is the
 * consultant adding them (0 for the first, made by init). */
int store_consultant_add(struct store *st, const char *name, const char *hash, long long actor,
                         long long *id, char **err);
/* A consultant's stored passphrase hash, or NULL if none is set. */
int store_passphrase_get(struct store *st, long long learner, char **hash, char **err);
/* Stores a new passphrase hash, with an event naming who set it. */
int store_passphrase_set(struct store *st, long long learner, const char *hash, long long actor,
                         char **err);
/* Failed sign-ins with this name (typed, not necessarily an account) since. */
int store_login_failures(struct store *st, const char *name, time_t since, int *n, char **err);
/* Records a failed sign-in, or clears the failures after a good one. */
int store_login_result(struct store *st, const char *name, bool ok, char **err);
int store_consultant_count(struct store *st, int *n, char **err);

/* All learners, sorted by name; the caller frees with learners_free. */
int store_learner_list(struct store *st, struct learner **out, size_t *n, char **err);
/* Names of active learners starting with prefix (ignoring case), sorted;
 * the caller frees each name and the array. */
int store_learner_names(struct store *st, const char *prefix, char ***names, size_t *n, char **err);

void learner_release(struct learner *l);

/* ---- learning: attempts, answers, lesson pages (store-learning.c) ---- */

struct attempt {
	long long id;
	long long learner_id;
	char *module_id;
	char *module_version;
	unsigned long long seed;
	char *plan; /* the stored quiz plan */
	char *started_at;
	char *finished_at; /* NULL while the attempt is open */
	double score;
	double max_score;
	double percent;
	bool passed;
	long seconds; /* time spent answering */
};

struct answer {
	char *question_id;
	char *response; /* the canonical stored form */
	double fraction;
	double weight;
	char *module_version;
	char *answered_at;
};

/* The learner's open (unfinished) attempt on a module: 0 and *found set. */
int store_attempt_open(struct store *st, long long learner, const char *module, struct attempt *out,
                       bool *found, char **err);
/* The learner's last finished attempt on a module. */
int store_attempt_last(struct store *st, long long learner, const char *module, struct attempt *out,
                       bool *found, char **err);
/* Every attempt of a learner, oldest first; module may be NULL for all. */
int store_attempt_list(struct store *st, long long learner, const char *module,
                       struct attempt **out, size_t *n, char **err);
int store_attempts_finished(struct store *st, long long learner, const char *module, int *n,
                            char **err);
/* Starts an attempt; refused if one is already open for that module.
 * policy_version is the policy's version for a policy module, else NULL. */
int store_attempt_start(struct store *st, long long learner, const char *module,
                        const char *version, const char *policy_version, unsigned long long seed,
                        const char *plan, long long *id, char **err);
/* Records one answer and its event in one transaction, committed durably
 * before returning; the same question cannot be answered twice. */
int store_answer_add(struct store *st, long long attempt, const char *question,
                     const char *response, double fraction, double weight, const char *version,
                     long seconds, char **err);
/* Answers of an attempt in the order given; free with answers_free. */
int store_answer_list(struct store *st, long long attempt, struct answer **out, size_t *n,
                      char **err);
/* Closes an attempt with its result. */
int store_attempt_finish(struct store *st, long long attempt, double score, double max,
                         double percent, bool passed, char **err);

/* Where a learner is in a module's lesson pages (0-based page). */
struct lesson_state {
	int page;
	int pages;
	bool read_all;
	long seconds;
};
int store_lesson_get(struct store *st, long long learner, const char *module,
                     struct lesson_state *out, bool *found, char **err);
/* Saves the page reached; read_all never goes back to false. Adds seconds. */
int store_lesson_set(struct store *st, long long learner, const char *module, int page, int pages,
                     bool read_all, long seconds, char **err);

/* ---- policy training (store-policy.c) ---- */

struct policy_version {
	char *version;
	bool minor; /* a minor correction: acknowledgements of the one before still count */
	int valid_months;
	char *text_hash; /* SHA-256 of the policy text, hex */
	char *first_seen;
};

/* Records a policy version the first time it is seen (with an event). */
int store_policy_seen(struct store *st, const char *policy, const char *version, bool minor,
                      int valid_months, const char *text_hash, char **err);
/* Every version of a policy seen so far, oldest first. */
int store_policy_versions(struct store *st, const char *policy, struct policy_version **out,
                          size_t *n, char **err);
/* Records that learner acknowledged the text (by its hash) of a version. */
int store_ack_add(struct store *st, long long learner, const char *policy, const char *version,
                  bool minor, int valid_months, const char *text_hash, char **err);
void policy_versions_free(struct policy_version *list, size_t n);

/* ---- reports (store-reports.c) ---- */

/*
 * What a report covers. modules: the module ids it looks at (the catalogue
 * after --module or --topic), or NULL for every module in the record, even
 * ones the catalogue no longer has. since: an ISO time from which activity
 * counts, or NULL for the whole record. An attempt counts from when it
 * finished or, while under way, from its latest answer (or its start);
 * lesson reading from the last page turned, with all of its time, because
 * reading time is kept per module, not per day.
 */
struct store_scope {
	const char *const *modules;
	size_t nmodules;
	const char *since;
};

/* One answer given in a finished attempt, with the attempt's percent. */
struct store_item_answer {
	long long attempt_id;
	double percent;
	char *question_id;
	char *response;
	double fraction;
	char *module_version;
};

/* Every answer given by staff in attempts at module finished on or after
 * since (NULL for all), ordered by question id and then attempt. Free with
 * item_answers_free. */
int store_report_item_answers(struct store *st, const char *module, const char *since,
                              struct store_item_answer **out, size_t *n, char **err);
void item_answers_free(struct store_item_answer *list, size_t n);

/* One attempt of a learner's history and its answers, in the order given. */
struct store_history {
	struct attempt attempt;
	int number; /* 1 for the learner's first attempt at the module, and so on */
	struct answer *answers;
	size_t nanswers;
};

/* A learner's attempts in scope, oldest first, each with its answers. Free
 * with histories_free. */
int store_report_history(struct store *st, long long learner, const struct store_scope *scope,
                         struct store_history **out, size_t *n, char **err);
void histories_free(struct store_history *list, size_t n);

struct store_ack {
	char *policy_id;
	char *version;
	char *text_hash;
	char *at;
};

/* A learner's acknowledgements of the policies in scope, oldest first. Free
 * with store_acks_free. */
int store_report_acks(struct store *st, long long learner, const struct store_scope *scope,
                      struct store_ack **out, size_t *n, char **err);
void store_acks_free(struct store_ack *list, size_t n);

/* ---- the duty register (store-duties.c) ---- */

/* A move of a duty between stages, from the event log. */
struct duty_move {
	char *at;
	char *kind; /* duty.stage, duty.handover or duty.takeback */
	char *duty;
	char *learner;
	char *actor;
	char *from;
	char *to;
	char *note;
};

/* Adds a duty, or replaces an existing one's definition (stages kept). */
int store_duty_put(struct store *st, const struct duty *d, long long actor, bool *created,
                   char **err);
/* The same for n duties in one transaction: all or none. */
int store_duty_put_all(struct store *st, const struct duty *list, size_t n, long long actor,
                       int *added, int *updated, char **err);
/* The register in order; free with duties_free. */
int store_duty_list(struct store *st, struct duty **out, size_t *n, char **err);
/* A learner's stage on a duty (DUTY_NONE if not started). */
int store_duty_stage(struct store *st, long long learner, const char *duty, enum duty_stage *out,
                     char **err);
/* Who holds a duty (handed over), or 0 and NULL: then the consultant does. */
int store_duty_holder(struct store *st, const char *duty, long long *learner, char **name,
                      char **err);
/* Moves a learner's duty from one stage to another, with an event naming
 * who moved it and why; refused if the stage changed meanwhile, or if
 * someone else holds the duty when handing over. The caller checks
 * readiness first (duty.h). */
int store_duty_move(struct store *st, long long learner, const char *duty, enum duty_stage from,
                    enum duty_stage to, long long actor, const char *note, char **err);
/* Logs a supervised practice session. */
int store_duty_practice_add(struct store *st, long long learner, const char *duty, const char *note,
                            long long actor, char **err);
int store_duty_practice_count(struct store *st, long long learner, const char *duty, int *n,
                              char **err);
/* Every stage move, oldest first. */
int store_duty_timeline(struct store *st, struct duty_move **out, size_t *n, char **err);
/* The time of the first event: when the engagement began ("" if none). */
int store_first_event(struct store *st, char at[32], char **err);
void duties_free(struct duty *list, size_t n);
void duty_moves_free(struct duty_move *list, size_t n);

/* ---- the tamper-evident record (store-events.c) ---- */

struct store_verify {
	long long events;    /* events in an intact log */
	char head[65];       /* the last event's hash: quote it, and compare later */
	long long broken_id; /* the first event found broken */
	char *problem;       /* what is wrong with it; owned */
};

/* Re-walks the hash chain and checks answers and acknowledgements against
 * the events they were logged as. 0 if all is well (events and head set), 1
 * if not (broken_id and problem set), -1 on error. */
int store_verify(struct store *st, struct store_verify *v, char **err);
void store_verify_release(struct store_verify *v);
/* The id of the event with this hash, or 0 if none has it. */
int store_event_find_hash(struct store *st, const char *hash, long long *id, char **err);
/* The number of events and the hash of the last ("" when there are none). */
int store_head(struct store *st, long long *count, char head[65], char **err);

void attempt_release(struct attempt *a);
void attempts_free(struct attempt *list, size_t n);
void answers_free(struct answer *list, size_t n);
void learners_free(struct learner *list, size_t n);

#endif
