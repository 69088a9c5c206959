/*
 * What the consultant's reports read beyond standing (store-reports.c):
 * answers for item analysis, one learner's history and acknowledgements.
 */
#ifndef UPSKILL_STORE_REPORTS_H
#define UPSKILL_STORE_REPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"
#include "store-learning.h"

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
	bool kiosk; /* made at a kiosk, with no credential (settings.h) */
};

/* A learner's acknowledgements of the policies in scope, oldest first. Free
 * with store_acks_free. */
int store_report_acks(struct store *st, long long learner, const struct store_scope *scope,
                      struct store_ack **out, size_t *n, char **err);
void store_acks_free(struct store_ack *list, size_t n);

#endif
