/*
 * The rules of assignments (assignment.h): when one is due, overdue or
 * done, and which due dates a consultant may give.
 */
#include "assignment.h"

#include <string.h>

#include "clock.h"
#include "util.h"

const char *assignment_state_name(enum assignment_state s)
{
	switch (s) {
	case ASSIGNMENT_OVERDUE:
		return "overdue";
	case ASSIGNMENT_DONE:
		return "done";
	case ASSIGNMENT_OPEN:
		break;
	}
	return "open";
}

/* Whether s is a real calendar date written YYYY-MM-DD: clock_parse takes
 * 31 February, so the date must also come back the same. */
static bool is_date(const char *s, time_t *out)
{
	char back[16];

	if (strlen(s) != 10 || clock_parse(s, out) < 0)
		return false;
	clock_date(*out, back, sizeof(back));
	return strcmp(back, s) == 0;
}

enum assignment_state assignment_state(const char *due, bool passed, time_t now)
{
	char today[16];
	time_t t;

	if (passed)
		return ASSIGNMENT_DONE;
	if (!due || !is_date(due, &t))
		return ASSIGNMENT_OPEN;
	clock_date(now, today, sizeof(today));
	/* Both are YYYY-MM-DD: their order as strings is their order as days. */
	return strcmp(today, due) > 0 ? ASSIGNMENT_OVERDUE : ASSIGNMENT_OPEN;
}

int assignment_due_check(const char *cmd, const char *due, time_t now, char **err)
{
	char today[16];
	time_t t;

	if (!due || !*due)
		return util_error(err, "%s: give the due date, as --due YYYY-MM-DD", cmd);
	if (!is_date(due, &t))
		return util_error(err, "%s: '%s' is not a date; write it as YYYY-MM-DD", cmd, due);
	clock_date(now, today, sizeof(today));
	if (strcmp(due, today) < 0)
		return util_error(err, "%s: the due date '%s' is in the past (today is %s)", cmd,
		                  due, today);
	return 0;
}
