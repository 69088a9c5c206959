/*
 * Inline SVG charts for the HTML report (chart.h). Sizes are in SVG user
 * units; the page's CSS makes each chart as wide as the text and no wider
 * than it was drawn. Every label and tooltip goes through html_add_text.
 */
#include "chart.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

#define CHART_WIDTH 720
#define LABEL_WIDTH 200 /* the names left of bars and lanes */
#define BAR_HEIGHT  26
#define BAR_GAP     10
#define LANE_HEIGHT 30

static void svg_open(struct strbuf *sb, const char *title, int height)
{
	strbuf_addf(sb,
	            "<svg role=\"img\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	            "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\"><title>",
	            CHART_WIDTH, height, CHART_WIDTH, height);
	html_add_text(sb, title);
	strbuf_adds(sb, "</title>\n");
}

static void svg_text(struct strbuf *sb, double x, double y, const char *anchor, const char *fill,
                     const char *text)
{
	strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y, anchor,
	            fill);
	html_add_text(sb, text);
	strbuf_adds(sb, "</text>\n");
}

bool chart_day(const char *iso, long *day)
{
	int y, m, d;

	if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)iso[i]))
			return false;
	y = atoi(iso);
	m = atoi(iso + 5);
	d = atoi(iso + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	/* Days from civil (H. Hinnant's algorithm), for the proleptic
	 * Gregorian calendar. */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*day = era * 146097 + doe - 719468;
	return true;
}

void chart_bars(struct strbuf *sb, const char *title, const char *const *labels, size_t nlabels,
                const char *const *series, const char *const *colours, size_t nseries,
                const long *values)
{
	int legend = 28, height = legend + (int)nlabels * (BAR_HEIGHT + BAR_GAP) + 4;
	double area = CHART_WIDTH - LABEL_WIDTH - 60, x = LABEL_WIDTH;
	long most = 1;

	for (size_t i = 0; i < nlabels; i++) {
		long total = 0;
		for (size_t k = 0; k < nseries; k++)
			total += values[i * nseries + k];
		if (total > most)
			most = total;
	}
	svg_open(sb, title, height);
	for (size_t k = 0; k < nseries; k++) {
		strbuf_addf(sb, "<rect x=\"%.1f\" y=\"6\" width=\"14\" height=\"14\" fill=\"%s\"/>",
		            x, colours[k]);
		svg_text(sb, x + 18, 18, "start", "#1a1a1a", series[k]);
		x += 24 + 8.0 * (double)strlen(series[k]);
	}
	for (size_t i = 0; i < nlabels; i++) {
		double y = legend + (double)i * (BAR_HEIGHT + BAR_GAP);
		long total = 0;
		char count[32];

		svg_text(sb, LABEL_WIDTH - 8, y + BAR_HEIGHT / 2.0 + 5, "end", "#1a1a1a",
		         labels[i]);
		x = LABEL_WIDTH;
		for (size_t k = 0; k < nseries; k++) {
			long v = values[i * nseries + k];
			double w = area * (double)v / (double)most;
			if (v == 0)
				continue;
			strbuf_addf(sb,
			            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
			            "fill=\"%s\"><title>",
			            x, y, w, BAR_HEIGHT, colours[k]);
			html_add_text(sb, labels[i]);
			strbuf_addf(sb, ": %ld ", v);
			html_add_text(sb, series[k]);
			strbuf_adds(sb, "</title></rect>\n");
			if (w >= 18) {
				snprintf(count, sizeof count, "%ld", v);
				svg_text(sb, x + w / 2, y + BAR_HEIGHT / 2.0 + 5, "middle",
				         "#ffffff", count);
			}
			x += w;
			total += v;
		}
		snprintf(count, sizeof count, "%ld", total);
		svg_text(sb, x + 6, y + BAR_HEIGHT / 2.0 + 5, "start", "#1a1a1a", count);
	}
	strbuf_adds(sb, "</svg>\n");
}

/* The x of day d on an axis from first to last, left to right. */
static double day_x(long d, long first, long last, double left, double right)
{
	if (last <= first)
		return (left + right) / 2;
	return left + (right - left) * (double)(d - first) / (double)(last - first);
}

void chart_steps(struct strbuf *sb, const char *title, const char *const *days, const long *totals,
                 size_t n)
{
	const int height = 230, top = 30, bottom = 190;
	const double left = 60, right = CHART_WIDTH - 30;
	long first = 0, last = 0, most = 1, d;
	char label[32];
	double prev_y = bottom;

	for (size_t i = 0; i < n; i++) {
		if (!chart_day(days[i], &d))
			continue;
		if (i == 0 || d < first)
			first = d;
		if (i == 0 || d > last)
			last = d;
		if (totals[i] > most)
			most = totals[i];
	}
	svg_open(sb, title, height);
	strbuf_addf(sb,
	            "<line x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#1a1a1a\"/>"
	            "<line x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#1a1a1a\"/>\n",
	            left, bottom, right, bottom, left, top, left, bottom);
	snprintf(label, sizeof label, "%ld", most);
	svg_text(sb, left - 8, top + 5, "end", "#1a1a1a", label);
	svg_text(sb, left - 8, bottom + 5, "end", "#1a1a1a", "0");
	if (n > 0) {
		char a[11] = "", b[11] = "";
		memcpy(a, days[0], 10);
		memcpy(b, days[n - 1], 10);
		svg_text(sb, left, bottom + 22, "start", "#1a1a1a", a);
		if (strcmp(a, b) != 0)
			svg_text(sb, right, bottom + 22, "end", "#1a1a1a", b);
	}
	strbuf_adds(sb,
	            "<polyline fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2.5\" points=\"");
	for (size_t i = 0; i < n; i++) {
		double x, y;
		if (!chart_day(days[i], &d))
			continue;
		x = day_x(d, first, last, left + 10, right - 10);
		y = bottom - (bottom - top) * (double)totals[i] / (double)most;
		strbuf_addf(sb, "%.1f,%.1f %.1f,%.1f ", x, prev_y, x, y);
		prev_y = y;
	}
	strbuf_adds(sb, "\"/>\n");
	for (size_t i = 0; i < n; i++) {
		double x, y;
		if (!chart_day(days[i], &d))
			continue;
		x = day_x(d, first, last, left + 10, right - 10);
		y = bottom - (bottom - top) * (double)totals[i] / (double)most;
		strbuf_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#0b4f8a\"><title>",
		            x, y);
		strbuf_add(sb, days[i], 10);
		strbuf_addf(sb, ": %ld</title></circle>\n", totals[i]);
		snprintf(label, sizeof label, "%ld", totals[i]);
		svg_text(sb, x, y - 8, "middle", "#1a1a1a", label);
	}
	strbuf_adds(sb, "</svg>\n");
}

void chart_timeline(struct strbuf *sb, const char *title, const char *const *lane_labels,
                    size_t nlanes, const size_t *lanes, const char *const *days,
                    const char *const *names, size_t n)
{
	const int top = 10, axis = top + (int)nlanes * LANE_HEIGHT + 6;
	const double left = LABEL_WIDTH, right = CHART_WIDTH - 30;
	long first = 0, last = 0, d;
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!chart_day(days[i], &d))
			continue;
		if (!any || d < first)
			first = d;
		if (!any || d > last)
			last = d;
		any = true;
	}
	svg_open(sb, title, axis + 30);
	strbuf_addf(sb, "<line x1=\"%.0f\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#1a1a1a\"/>\n",
	            left, axis, right, axis);
	for (size_t l = 0; l < nlanes; l++) {
		double y = top + (double)l * LANE_HEIGHT + LANE_HEIGHT / 2.0;
		svg_text(sb, left - 8, y + 5, "end", "#1a1a1a", lane_labels[l]);
		strbuf_addf(
		        sb,
		        "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#767676\" "
		        "stroke-dasharray=\"2 4\"/>\n",
		        left, y, right, y);
	}
	if (any) {
		char a[11] = "", b[11] = "";
		memcpy(a, days[0], 10);
		memcpy(b, days[n - 1], 10);
		svg_text(sb, left, axis + 20, "start", "#1a1a1a", a);
		if (strcmp(a, b) != 0)
			svg_text(sb, right, axis + 20, "end", "#1a1a1a", b);
	}
	for (size_t i = 0; i < n; i++) {
		double x, y;
		size_t before = 0;
		if (lanes[i] >= nlanes || !chart_day(days[i], &d))
			continue;
		/* Moves on one day in one lane sit side by side, in order. */
		for (size_t j = 0; j < i; j++)
			if (lanes[j] == lanes[i] && strncmp(days[j], days[i], 10) == 0)
				before++;
		x = day_x(d, first, last, left + 12, right - 40) + 12.0 * (double)before;
		y = top + (double)lanes[i] * LANE_HEIGHT + LANE_HEIGHT / 2.0;
		strbuf_addf(
		        sb,
		        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"#1a1a1a\">"
		        "<title>",
		        x, y, strcmp(names[i], "handed over") == 0 ? "#1b5e20" : "#ffffff");
		strbuf_add(sb, days[i], 10);
		strbuf_adds(sb, ": ");
		html_add_text(sb, names[i]);
		strbuf_adds(sb, "</title></circle>\n");
	}
	strbuf_adds(sb, "</svg>\n");
}
