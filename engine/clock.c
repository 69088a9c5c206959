/*
 * Wall-clock time, fixed by UPSKILL_NOW on a test record (hooks.h), so that
 * tests can check dates exactly.
 */
#include "clock.h"
#include "hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

time_t clock_now(void)
{
	const char *fixed = hooks_now();
	time_t t;

	if (fixed && clock_parse(fixed, &t) == 0)
		return t;
	return time(NULL);
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

/* The last second of 9999-12-31: up to it a year has four digits. */
#define CLOCK_FAST_MAX 253402300799LL

/* t as UTC, as gmtime_r gives it (the fields clock.c reads): by the inverse
 * of days_from_civil for 1970 to 9999, where reports spend their times
 * (gmtime_r takes glibc's time zone lock and costs some ten times as much),
 * and by gmtime_r outside it. */
static void utc(time_t t, struct tm *tm)
{
	long long days, era, doe, yoe, doy, mp, secs;

	if (t < 0 || (long long)t > CLOCK_FAST_MAX) {
		gmtime_r(&t, tm);
		return;
	}
	days = (long long)t / 86400;
	secs = (long long)t % 86400;
	era = (days + 719468) / 146097;
	doe = days + 719468 - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	memset(tm, 0, sizeof(*tm));
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->tm_year = (int)(yoe + era * 400 + (tm->tm_mon <= 1)) - 1900;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
}

/* n (0..99) as two digits at p. */
static void put2(char *p, int n)
{
	p[0] = (char)('0' + n / 10);
	p[1] = (char)('0' + n % 10);
}

/* "YYYY-MM-DD" into buf (11 bytes or more), as strftime's "%Y-%m-%d" for
 * a year of four digits. */
static void put_date(char *buf, const struct tm *tm)
{
	int y = tm->tm_year + 1900;

	put2(buf, y / 100);
	put2(buf + 2, y % 100);
	buf[4] = '-';
	put2(buf + 5, tm->tm_mon + 1);
	buf[7] = '-';
	put2(buf + 8, tm->tm_mday);
	buf[10] = '\0';
}

/* t's date written by hand into buf, as put_date, when buf has room for
 * the whole (with its time of day, if with_time) and t is in the range
 * put_date knows (1970 to 9999); otherwise the whole by strftime, and
 * false. */
static bool date_by_hand(time_t t, struct tm *tm, char *buf, size_t size, bool with_time)
{
	utc(t, tm);
	if (size < (with_time ? 21u : 11u) || t < 0 || (long long)t > CLOCK_FAST_MAX) {
		if (with_time)
			strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", tm);
		else
			strftime(buf, size, "%Y-%m-%d", tm);
		return false;
	}
	put_date(buf, tm);
	return true;
}

void clock_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!date_by_hand(t, &tm, buf, size, true))
		return;
	buf[10] = 'T';
	put2(buf + 11, tm.tm_hour);
	buf[13] = ':';
	put2(buf + 14, tm.tm_min);
	buf[16] = ':';
	put2(buf + 17, tm.tm_sec);
	buf[19] = 'Z';
	buf[20] = '\0';
}

void clock_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	date_by_hand(t, &tm, buf, size, false);
}

/* The two decimal digits at s as a number, or -1 if either is not a digit
 * (a NUL included). Unsigned, so one comparison each. */
static int two_digits(const char *s)
{
	unsigned a = (unsigned)((unsigned char)s[0] - '0'),
	         b = (unsigned)((unsigned char)s[1] - '0');

	return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

/* The date at s (YYYY-MM-DD) as days since 1970-01-01: 0, or -1 if it is
 * not one. */
static int parse_date(const char *s, long long *days)
{
	int y = two_digits(s), mo = two_digits(s + 5), d = two_digits(s + 8);

	if (s[4] != '-' || s[7] != '-' || y < 0 || two_digits(s + 2) < 0)
		return -1;
	y = y * 100 + two_digits(s + 2);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	*days = (long long)days_from_civil(y, mo, d);
	return 0;
}

/* The seconds into the day of s (a time of len 10 or 20, its date already
 * read): 0 for a date alone; -1 if it is not one. */
static long parse_time_of_day(const char *s, size_t len)
{
	int h, mi, sec;

	if (len == 10)
		return 0;
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	h = two_digits(s + 11);
	mi = two_digits(s + 14);
	sec = two_digits(s + 17);
	if (h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
		return -1;
	return h * 3600L + mi * 60L + sec;
}

/* By hand rather than with sscanf: reports parse a time per attempt, and
 * the fixed layout needs no more than this (nor allows signs or spaces). */
int clock_parse(const char *s, time_t *out)
{
	return clock_parse_near(NULL, s, out);
}

int clock_parse_near(struct clock_day *day, const char *s, time_t *out)
{
	size_t len = strlen(s);
	long long days;
	long tod;

	if (len != 10 && len != 20)
		return -1;
	if (day && day->known && memcmp(day->date, s, sizeof(day->date)) == 0) {
		days = day->days;
	} else {
		if (parse_date(s, &days) < 0)
			return -1;
		if (day) {
			memcpy(day->date, s, sizeof(day->date));
			day->days = days;
			day->known = true;
		}
	}
	if ((tod = parse_time_of_day(s, len)) < 0)
		return -1;
	*out = (time_t)(days * 86400 + tod);
	return 0;
}

time_t clock_add_months(time_t t, int months)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct tm tm;
	int y, m, d, last;

	utc(t, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon + months;
	y += m >= 0 ? m / 12 : (m - 11) / 12;
	m = ((m % 12) + 12) % 12;
	last = days[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	d = tm.tm_mday > last ? last : tm.tm_mday;
	return (time_t)(days_from_civil(y, m + 1, d) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
	                tm.tm_sec);
}
