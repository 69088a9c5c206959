/*
 * Assignments in the record (store-assign.c): a module given to a person
 * with a due date. Each row is the mirror of the last "assignment.set"
 * event for its person and module; "assignment.remove" takes it away.
 */
#ifndef UPSKILL_STORE_ASSIGN_H
#define UPSKILL_STORE_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

struct store_assignment {
	long long learner;
	char *name; /* the person's */
	bool active;
	char *module;
	char *due; /* YYYY-MM-DD */
	char *reason;
	char *assigned_by; /* a name, "" if unknown */
	char *assigned_at; /* ISO 8601 UTC */
	char *passed_at;   /* the latest pass that counts, or NULL */
};

/* What one assignment made of the record. */
struct store_assign_counts {
	int added; /* new */
	int moved; /* there already with another due date: the date changed */
	int same;  /* there already with this due date: nothing written */
};

/*
 * Assigns each of the nm modules to each of the nl people, due on due
 * (YYYY-MM-DD, checked by the caller), with reason ("" for none), as
 * actor, in one transaction: all or nothing. Every row added or moved is
 * an assignment.set event.
 */
int store_assign_set(struct store *st, const long long *learners, size_t nl,
                     const char *const *modules, size_t nm, const char *due, const char *reason,
                     long long actor, struct store_assign_counts *counts, char **err);

/* Removes the assignment of module to learner with an assignment.remove
 * event holding reason: 0, STORE_NOT_FOUND when there is none (nothing
 * written), or -1. */
int store_assign_remove(struct store *st, long long learner, const char *module, const char *reason,
                        long long actor, char **err);

/* The assignments of learner (0: everyone's), by name then due date then
 * module; the caller frees with store_assignments_free. */
int store_assign_list(struct store *st, long long learner, struct store_assignment **out, size_t *n,
                      char **err);
void store_assignments_free(struct store_assignment *list, size_t n);

#endif
