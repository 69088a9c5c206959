/*
 * Charts as inline SVG for the HTML report: drawn from numbers the reports
 * already give, never computing their own. Each chart is an <svg
 * role="img"> with a <title> and text labels on the picture, so it reads
 * without colour and prints; the report puts the same numbers in a table
 * beside it. Pure: appends to a strbuf.
 */
#ifndef UPSKILL_CHART_H
#define UPSKILL_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Horizontal stacked bars: one bar per label (nlabels), each made of
 * nseries parts; values[label * nseries + series] are counts. Series have
 * names (for the legend) and CSS colours. */
void chart_bars(struct strbuf *sb, const char *title, const char *const *labels, size_t nlabels,
                const char *const *series, const char *const *colours, size_t nseries,
                const long *values);

/* A running total by day: n points, days[i] an ISO date or time (its first
 * ten characters are the day; in order), totals[i] the total after it. */
void chart_steps(struct strbuf *sb, const char *title, const char *const *days, const long *totals,
                 size_t n);

/* A timeline: one lane per label (nlanes), and n marks, mark i in lane
 * lanes[i] on day days[i] (ISO), named names[i] (a stage, say). */
void chart_timeline(struct strbuf *sb, const char *title, const char *const *lane_labels,
                    size_t nlanes, const size_t *lanes, const char *const *days,
                    const char *const *names, size_t n);

/* The day number (days since 1970-01-01) of an ISO date or time "YYYY-MM-DD…";
 * false if it does not start with one. */
bool chart_day(const char *iso, long *day);

#endif
