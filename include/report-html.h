/*
 * The record as one self-contained HTML page for a manager or an auditor
 * (report html): compliance by policy and who is overdue, assignments,
 * who is locked out of a quiz, modules passed over time, duties handed
 * back, questions that confuse people, retention, each person's section
 * (with their grants and refreshers), and the record's head and latest
 * checkpoint. Every
 * number is read from the JSON of the report commands themselves (run
 * through the command table), so the page and the CSV reports cannot
 * disagree. No scripts, no network: inline CSS and SVG only.
 */
#ifndef UPSKILL_REPORT_HTML_H
#define UPSKILL_REPORT_HTML_H

struct session;

/* The page for the session's record, as its signed-in consultant sees
 * the reports: a string the caller frees, or NULL with *err set. */
char *report_html(struct session *s, char **err);

#endif
