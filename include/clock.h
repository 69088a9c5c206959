/*
 * The time upskill stamps records with. UPSKILL_NOW (an ISO 8601 UTC time
 * such as 2026-03-02T09:00:00Z) fixes it on a test record (hooks.h), for
 * tests and demonstrations.
 */
#ifndef UPSKILL_CLOCK_H
#define UPSKILL_CLOCK_H

#include <stdbool.h>
#include <time.h>

/* Now, or the time UPSKILL_NOW names on a test record. */
time_t clock_now(void);

/* Formats t as "2026-03-02T09:00:00Z" into buf (at least 21 bytes). */
void clock_iso(time_t t, char *buf, size_t size);

/* Formats t's date as "2026-03-02" into buf (at least 11 bytes). */
void clock_date(time_t t, char *buf, size_t size);

/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" as UTC; -1 if malformed. */
int clock_parse(const char *s, time_t *out);

/* The same for many times in a row, most of them of one day (a report's
 * attempts): the day last read is kept in *day (zeroed at first), and a
 * time of the same date reads only its time of day. */
struct clock_day {
	bool known;
	char date[10];
	long long days;
};
int clock_parse_near(struct clock_day *day, const char *s, time_t *out);

/* t plus months calendar months (UTC), the day clamped to the month's end:
 * 31 January plus one month is 28 or 29 February. */
time_t clock_add_months(time_t t, int months);

#endif
