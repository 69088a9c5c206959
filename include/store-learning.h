/*
 * Learning in the record (store-learning.c): attempts, answers in the order
 * given, and the lesson page each learner has reached.
 */
#ifndef UPSKILL_STORE_LEARNING_H
#define UPSKILL_STORE_LEARNING_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

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
	long seconds;  /* time spent answering */
	bool practice; /* taken (in part) on a file not published: counts for nothing */
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
/* Records that actor granted learner n more attempts at module, for
 * reason, as an attempt.grant event (the event is the whole record of it:
 * store-facts.c reads the grants from the chain). */
int store_attempt_grant(struct store *st, long long learner, const char *module, int n,
                        const char *reason, long long actor, char **err);
/* A grant of attempts as the record has it, for report grants. */
struct store_grant {
	char *learner;
	char *module;
	char *at;
	char *by;   /* the consultant's name now; NULL if none was signed in */
	char *data; /* the event's data: {"n":N,"reason":"..."} */
};

/* Every attempt.grant event, oldest first; learner 0 for everyone. Free
 * the list with store_grants_free. */
int store_grant_list(struct store *st, long long learner, struct store_grant **out, size_t *n,
                     char **err);
void store_grants_free(struct store_grant *list, size_t n);
/* Starts an attempt; refused if one is already open for that module.
 * policy_version is the policy's version for a policy module, else NULL.
 * file_sha256 is the module file's: an attempt on a file that is not the
 * published version (store-publish.h) is practice from the start. */
int store_attempt_start(struct store *st, long long learner, const char *module,
                        const char *version, const char *file_sha256, const char *policy_version,
                        unsigned long long seed, const char *plan, long long *id, char **err);
/* Records one answer and its event in one transaction, committed durably
 * before returning; the same question cannot be answered twice. An answer
 * given on an unpublished file makes the attempt practice. */
int store_answer_add(struct store *st, long long attempt, const char *question,
                     const char *response, double fraction, double weight, const char *version,
                     const char *file_sha256, long seconds, char **err);
/* Answers of an attempt in the order given; free with answers_free. */
int store_answer_list(struct store *st, long long attempt, struct answer **out, size_t *n,
                      char **err);
/* Closes an attempt with its result, against the publication of this file
 * as this version; *counted (if given) says whether it counts, or was
 * practice: begun, answered or finished on a file not published. */
int store_attempt_finish(struct store *st, long long attempt, const char *version,
                         const char *file_sha256, double score, double max, double percent,
                         bool passed, bool *counted, char **err);

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

void attempt_release(struct attempt *a);
void attempts_free(struct attempt *list, size_t n);
void answers_free(struct answer *list, size_t n);

#endif
