/*
 * progress: the signed-in learner's standing on every module, with scores,
 * attempts, time spent and what to do next.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "handover.h"
#include "cmd.h"
#include "progress.h"
#include "quiz.h"
#include "reminders.h"
#include "session.h"
#include "util.h"

static char *duration(long seconds)
{
	if (seconds < 60)
		return xasprintf("%lds", seconds);
	if (seconds < 3600)
		return xasprintf("%ldm", seconds / 60);
	return xasprintf("%ldh%02ldm", seconds / 3600, seconds / 60 % 60);
}

/* The duties the learner is working towards or holds, and what the next
 * stage of each still needs. Nothing when they have none. */
static int print_duties(struct session *s, struct store *st, const struct catalog *cat, time_t now,
                        char **err)
{
	const struct term *t = &s->term;
	struct duty *duties = NULL;
	size_t n = 0;
	bool heading = false;
	int rc = -1;

	if (store_duty_list(st, &duties, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct duty *d = &duties[i];
		struct strlist missing;
		enum duty_stage stage;
		char *line;

		if (store_duty_stage(st, s->me->id, d->id, &stage, err) < 0)
			goto out;
		if (stage == DUTY_NONE)
			continue;
		if (!heading) {
			fprintf(s->out, "%sYour duties%s\n", term_on(t, TERM_TITLE), term_off(t));
			heading = true;
		}
		if (stage == DUTY_HANDED_OVER) {
			fprintf(s->out, "  %s: %shanded over to you%s\n", d->title,
			        term_on(t, TERM_GOOD), term_off(t));
			continue;
		}
		strlist_init(&missing);
		if (handover_check(st, cat, d, s->me->id, stage, (enum duty_stage)(stage + 1),
		                   false, now, &missing, err) < 0) {
			strlist_release(&missing);
			goto out;
		}
		if (missing.n == 0)
			line = xasprintf("%s: %s; ready for %s", d->title, duty_stage_name(stage),
			                 duty_stage_name((enum duty_stage)(stage + 1)));
		else
			line = xasprintf("%s: %s; before %s it", d->title, duty_stage_name(stage),
			                 duty_stage_name((enum duty_stage)(stage + 1)));
		term_wrap(t, s->out, line, 4, "  ");
		for (size_t k = 0; k < missing.n; k++)
			term_wrap(t, s->out, missing.items[k], 8, "    - ");
		free(line);
		strlist_release(&missing);
	}
	if (heading)
		fputc('\n', s->out);
	rc = 0;
out:
	duties_free(duties, n);
	return rc;
}

static int run_progress(struct session *s, const struct cmd_args *args, char **err)
{
	struct catalog *cat = session_catalog(s, err);
	struct store *st = cat ? session_store(s, err) : NULL;
	const struct term *t = &s->term;
	const struct course *next;
	time_t now = clock_now();
	long total = 0;
	size_t passed = 0, idw = 6;

	(void)args;
	if (!st)
		return -1;
	for (size_t i = 0; i < cat->ncourses; i++)
		if (strlen(cat->courses[i]->id) > idw)
			idw = strlen(cat->courses[i]->id);
	fprintf(s->out, "Progress for %s\n\n", s->me->name);
	fprintf(s->out, "%s%-*s  %-16s %5s %5s %8s  %s%s\n", term_on(t, TERM_BOLD), (int)idw,
	        "MODULE", "STATUS", "BEST", "TRIES", "TIME", "NOTE", term_off(t));
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct course *c = cat->courses[i];
		struct module_status ms;
		char best[16] = "-", *time_text, *note = NULL;
		int left;

		if (progress_status(st, cat, s->me->id, c, now, &ms, err) < 0)
			return -1;
		if (ms.attempts)
			snprintf(best, sizeof(best), "%d%%", (int)ms.best_percent);
		time_text = duration(ms.seconds);
		total += ms.seconds;
		switch (ms.state) {
		case STATE_LOCKED:
			note = xasprintf("needs '%s' passed first", ms.locked_by);
			break;
		case STATE_READING:
			note = xasprintf("page %d of %d", ms.page + 1, ms.pages);
			break;
		case STATE_QUIZ_OPEN:
			note = xasprintf("%zu of %zu answered", ms.answered, ms.questions);
			break;
		case STATE_PASSED:
			passed++;
			note = ms.expires_at[0] ? xasprintf("on %.10s, valid until %.10s",
			                                    ms.passed_at, ms.expires_at)
			                        : xasprintf("on %.10s", ms.passed_at);
			break;
		case STATE_EXPIRED:
			note = xasprintf("expired %.10s: take it again", ms.expires_at);
			break;
		case STATE_FAILED:
			left = quiz_attempts_left(&c->quiz, ms.attempts);
			note = left < 0 ? xasprintf("pass mark %d%%", c->quiz.pass_mark)
			                : xasprintf("pass mark %d%%, %d attempt%s left",
			                            c->quiz.pass_mark, left, left == 1 ? "" : "s");
			break;
		case STATE_NO_ATTEMPTS:
			note = xstrdup("no attempts left: ask your consultant");
			break;
		case STATE_NOT_STARTED:
			note = xstrdup("");
			break;
		}
		fprintf(s->out, "%-*s  %-16s %5s %5d %8s%s%s\n", (int)idw, c->id,
		        progress_state_name(ms.state), best, ms.attempts, time_text,
		        *note ? "  " : "", note);
		free(time_text);
		free(note);
	}
	{
		char *total_text = duration(total);
		char *bar =
		        term_bar(cat->ncourses ? (double)passed / (double)cat->ncourses : 0, 20);
		fprintf(s->out, "\n%s %zu of %zu modules passed; %s spent in all.\n", bar, passed,
		        cat->ncourses, total_text);
		free(bar);
		free(total_text);
	}
	fputc('\n', s->out);
	if (reminders_print(s, err) < 0 || print_duties(s, st, cat, now, err) < 0)
		return -1;
	next = progress_next(st, cat, s->me->id, now, err);
	if (!next && err && *err)
		return -1;
	if (next)
		fprintf(s->out, "Next: %sstart %s%s (%s)\n", term_on(t, TERM_BOLD), next->id,
		        term_off(t), next->title);
	return 0;
}

const struct cmd_entry cmd_progress_entry = {
        .name = "progress",
        .min_args = 0,
        .max_args = 0,
        .need = CMD_NEED_LEARNER,
        .usage = "",
        .help = "your modules, scores, time spent, what is next",
        .run = run_progress,
};
