/*
 * Policy reminders for the signed-in learner: what is overdue, never done,
 * half done (in training) or running out soon, with the command that puts
 * it right.
 */
#ifndef UPSKILL_REMINDERS_H
#define UPSKILL_REMINDERS_H

#include <stdio.h>

struct session;

/* Days ahead that "running out soon" looks. */
#define REMINDER_DAYS 30

/* Prints to out one line per policy module that needs the learner's attention;
 * nothing when all is well. */
int reminders_print(struct session *s, FILE *out, char **err);

#endif
