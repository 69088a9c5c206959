/*
 * Modules assigned to people with a due date: the rules, with the clock
 * passed in and no I/O, so that the commands, the reminders and the
 * report read one answer (assignment.c). A due date is a calendar day
 * (YYYY-MM-DD, UTC); the work is due by the end of it.
 */
#ifndef UPSKILL_ASSIGNMENT_H
#define UPSKILL_ASSIGNMENT_H

#include <stdbool.h>
#include <time.h>

enum assignment_state {
	ASSIGNMENT_OPEN,    /* not passed yet, and the due day not gone */
	ASSIGNMENT_OVERDUE, /* not passed, and the due day is over */
	ASSIGNMENT_DONE,    /* the module is passed (before the assignment too) */
};

/* "open", "overdue", "done". */
const char *assignment_state_name(enum assignment_state s);

/* The state of an assignment due on due ("YYYY-MM-DD") as of now, given
 * whether the module is passed. A day that is not a date counts as open,
 * never overdue: a bad row is verify's to name, not a reminder's. */
enum assignment_state assignment_state(const char *due, bool passed, time_t now);

/* Checks a due date typed by a consultant: a real calendar date, written
 * YYYY-MM-DD, today (UTC, as of now) or later. 0, or -1 with *err naming
 * cmd and the date. */
int assignment_due_check(const char *cmd, const char *due, time_t now, char **err);

#endif
