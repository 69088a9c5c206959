/*
 * start MODULE: read the lessons page by page, then take the quiz (or carry
 * on with a quiz under way). quiz MODULE: straight to the quiz once the
 * lessons have been read.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "lesson.h"
#include "progress.h"
#include "quiz-run.h"
#include "quiz.h"
#include "session.h"
#include "util.h"

/* The module, if the signed-in learner may take it now, and their standing
 * on it (prerequisites judged against the whole catalogue). */
static const struct course *open_module(struct session *s, const char *id, struct standing *ms,
                                        char **err)
{
	const struct course *c = cmd_find_module(s, id, err);
	struct progress p;
	struct store *st;
	long m;

	if (!c || !(st = session_store(s, err)))
		return NULL;
	if (progress_load_catalog(st, s->catalog, s->me->id, clock_now(), &p, err) < 0) {
		progress_release(&p);
		return NULL;
	}
	m = progress_module(&p, c->id);
	if (m < 0 || p.npeople != 1) {
		progress_release(&p);
		util_error(err, "internal error: no standing on '%s'", c->id);
		return NULL;
	}
	*ms = progress_row(&p, 0)[m];
	progress_release(&p);
	if (ms->state == STANDING_LOCKED) {
		util_error(err, "'%s' is locked: it needs '%s' passed first", c->id, ms->locked_by);
		return NULL;
	}
	return c;
}

/* After the last page: asks before spending an attempt on a module already
 * passed. */
static bool wants_quiz_again(struct session *s, const struct course *c)
{
	char *line = NULL, *question;
	bool yes;
	enum input_status in;

	/* At a terminal the question is readline's prompt, so the answer's
	 * echo and what follows never write over it; a script shows it as
	 * text. */
	question = xasprintf("You have passed '%s' already. Take the quiz again? [y/N] ", c->id);
	if (s->script)
		fputs(question, s->out);
	in = session_ask(s, s->script ? "" : question, &line);
	free(question);
	if (in != INPUT_LINE)
		return false;
	yes = line[0] == 'y' || line[0] == 'Y';
	free(line);
	return yes;
}

static int run_start(struct session *s, const struct cmd_args *args, char **err)
{
	struct standing ms;
	const struct course *c = open_module(s, args->argv[0], &ms, err);
	enum lesson_end end;

	if (!c)
		return -1;
	if (ms.state == STANDING_QUIZ_OPEN)
		return quiz_run(s, c, err);
	if (lesson_read(s, c, &end, err) < 0)
		return -1;
	if (end != LESSON_FINISHED)
		return 0;
	/* Locked out: reading again is allowed, the quiz waits for a grant. */
	if (ms.state == STANDING_NO_ATTEMPTS) {
		fprintf(s->out,
		        "Lessons read. Every attempt at the quiz of '%s' is used: ask a "
		        "consultant for another attempt.\n",
		        c->id);
		return 0;
	}
	if (ms.state == STANDING_PASSED && !wants_quiz_again(s, c)) {
		fprintf(s->out, "Lessons read. 'quiz %s' when you want to take the quiz.\n", c->id);
		return 0;
	}
	return quiz_run(s, c, err);
}

const struct cmd_entry cmd_start_entry = {
        .name = "start",
        .min_args = 1,
        .max_args = 1,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "MODULE",
        .help = "read a module's lessons, then take its quiz",
        .run = run_start,
};

static int run_quiz(struct session *s, const struct cmd_args *args, char **err)
{
	struct standing ms;
	const struct course *c = open_module(s, args->argv[0], &ms, err);

	if (!c)
		return -1;
	if (!ms.read_all && ms.state != STANDING_QUIZ_OPEN)
		return util_error(err, "read the lessons of '%s' first: 'start %s'", c->id, c->id);
	if (ms.state == STANDING_PASSED && ms.attempts_left == 0) {
		char day[11];
		clock_date(ms.passed_at, day, sizeof(day));
		return util_error(err,
		                  "you passed '%s' on %s with %d%%, and all %d attempts are used",
		                  c->id, day, (int)ms.best_percent, ms.period_attempts);
	}
	/* Passing again spends an attempt: asked at a terminal, and said
	 * outright in a script, whose next line is not an answer to a question
	 * it did not expect. */
	if (ms.state == STANDING_PASSED && !cmd_flag(args, "again")) {
		if (s->script)
			return util_error(
			        err,
			        "you have passed '%s' already; 'quiz %s --again' takes it "
			        "again",
			        c->id, c->id);
		if (!wants_quiz_again(s, c)) {
			fprintf(s->out, "Not taken: your pass stands.\n");
			return 0;
		}
	}
	return quiz_run(s, c, err);
}

static const char *const quiz_options[] = {"again", NULL};

const struct cmd_entry cmd_quiz_entry = {
        .name = "quiz",
        .min_args = 1,
        .max_args = 1,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_MODULE,
        .options = quiz_options,
        .usage = "MODULE [--again]",
        .help = "take a module's quiz, or carry on with one",
        .run = run_quiz,
};
