/*
 * Wall-clock time, fixed by UPSKILL_NOW on a test record (hooks.h), so that
 * tests can check dates exactly.
 */
#include "clock.h"
#include "hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

time_t clock_now(void)
{
	const char *fixed = hooks_now();
	time_t t;

	if (fixed && clock_parse(fixed, &t) == 0)
		return t;
	return time(NULL);
}

void clock_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), so UTC
 * needs no timegm() or TZ juggling. */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The two decimal digits at s as a number, or -1 if either is not a digit
 * (a NUL included). Unsigned, so one comparison each. */
static int two_digits(const char *s)
{
	unsigned a = (unsigned)((unsigned char)s[0] - '0'),
	         b = (unsigned)((unsigned char)s[1] - '0');

	return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

/* By hand rather than with sscanf: reports parse a time per attempt, and
 * the fixed layout needs no more than this (nor allows signs or spaces). */
int clock_parse(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	size_t len = strlen(s);

	if (len != 10 && len != 20)
		return -1;
	y = two_digits(s);
	mo = two_digits(s + 5);
	d = two_digits(s + 8);
	if (s[4] != '-' || s[7] != '-' || y < 0 || two_digits(s + 2) < 0)
		return -1;
	y = y * 100 + two_digits(s + 2);
	if (len == 20) {
		if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
			return -1;
		h = two_digits(s + 11);
		mi = two_digits(s + 14);
		sec = two_digits(s + 17);
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || h < 0 ||
	    mi < 0 || sec < 0)
		return -1;
	*out = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
	return 0;
}

time_t clock_add_months(time_t t, int months)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct tm tm;
	int y, m, d, last;

	gmtime_r(&t, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon + months;
	y += m >= 0 ? m / 12 : (m - 11) / 12;
	m = ((m % 12) + 12) % 12;
	last = days[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	d = tm.tm_mday > last ? last : tm.tm_mday;
	return (time_t)(days_from_civil(y, m + 1, d) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
	                tm.tm_sec);
}
