/*
 * review MODULE: the signed-in learner's last finished attempt, question by
 * question: what they answered, the right answer and the feedback, with the
 * choices lettered as they saw them.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "quiz-run.h"
#include "session.h"
#include "util.h"
#include "store-learning.h"

static const struct answer *find_answer(const struct answer *list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].question_id, id) == 0)
			return &list[i];
	return NULL;
}

enum step { STEP_NEXT, STEP_BACK, STEP_STOP };

/* On a terminal, one question at a time: Enter (or n) for the next, b for
 * the one before (as the lesson pager), q to stop. */
static enum step more(struct session *s)
{
	char *line = NULL;
	enum step step = STEP_NEXT;

	if (!s->interactive)
		return STEP_NEXT;
	if (session_ask(s, "[Enter] next, [b] back, [q] stop > ", &line) != INPUT_LINE)
		return STEP_STOP;
	if (strcmp(line, "q") == 0)
		step = STEP_STOP;
	else if (strcmp(line, "b") == 0)
		step = STEP_BACK;
	free(line);
	return step;
}

static int run_review(struct session *s, const struct cmd_args *args, char **err)
{
	const struct course *c = cmd_find_module(s, args->argv[0], err);
	struct store *st;
	struct quiz_plan *plan = NULL;
	struct answer *answers = NULL;
	struct attempt a;
	size_t nanswers = 0;
	size_t *shown_items = NULL, nshown = 0;
	bool found;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	if (!c || !(st = session_store(s, err)))
		return -1;
	if (store_attempt_last(st, s->me->id, c->id, &a, &found, err) < 0)
		return -1;
	if (!found)
		return util_error(err, "no finished attempt at '%s' to review yet", c->id);
	plan = quiz_plan_parse(&c->quiz, a.seed, a.plan, err);
	if (!plan || store_answer_list(st, a.id, &answers, &nanswers, err) < 0)
		goto out;

	fprintf(s->out, "Your attempt at '%s' on %.10s: %.1f%%, %s.\n", c->title, a.finished_at,
	        a.percent, a.passed ? "passed" : "not passed");
	/* The questions to show, in plan order: all, or with --wrong those not
	 * wholly right (unanswered ones included). */
	shown_items = xcalloc(plan->nitems + 1, sizeof(*shown_items));
	for (size_t i = 0; i < plan->nitems; i++) {
		const struct answer *ans =
		        find_answer(answers, nanswers, plan->items[i].question->id);
		if (!cmd_flag(args, "wrong") || !ans || ans->fraction < 1)
			shown_items[nshown++] = i;
	}
	if (nshown == 0)
		fprintf(s->out, "Every answer was right: nothing to look at again.\n");
	for (size_t k = 0; k < nshown;) {
		size_t i = shown_items[k];
		const struct quiz_plan_item *item = &plan->items[i];
		const struct answer *ans = find_answer(answers, nanswers, item->question->id);
		struct quiz_response r;
		char *why = NULL, *shown;
		enum step step;

		quiz_show_question(s, item, i + 1, plan->nitems);
		quiz_response_init(&r);
		if (!ans) {
			fprintf(s->out, "You did not answer this one.\n");
		} else if (quiz_response_decode(item->question, ans->response, &r, &why) < 0) {
			fprintf(s->out, "Your answer (to version %s of the question): %s\n",
			        ans->module_version, ans->response);
			free(why);
		} else {
			shown = quiz_render_response(item->question, item->order, &r);
			fprintf(s->out, "Your answer:\n");
			quiz_print_lines(s, shown, 3);
			free(shown);
			quiz_show_feedback(s, item, &r);
		}
		quiz_response_release(&r);
		if (k + 1 == nshown)
			break;
		step = more(s);
		if (step == STEP_STOP)
			break;
		if (step == STEP_BACK)
			k = k ? k - 1 : 0;
		else
			k++;
	}
	free(shown_items);
	for (size_t i = 0; i < plan->removed.n; i++) {
		const struct answer *ans = find_answer(answers, nanswers, plan->removed.items[i]);
		fprintf(s->out,
		        "\nQuestion '%s' has been removed from the module since; your answer "
		        "(%s) stays in the record under version %s.\n",
		        plan->removed.items[i], ans ? ans->response : "none",
		        ans ? ans->module_version : a.module_version);
	}
	rc = 0;
out:
	answers_free(answers, nanswers);
	quiz_plan_free(plan);
	attempt_release(&a);
	return rc;
}

static const char *const review_options[] = {"wrong", NULL};

const struct cmd_entry cmd_review_entry = {
        .name = "review",
        .min_args = 1,
        .max_args = 1,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_MODULE,
        .options = review_options,
        .usage = "MODULE [--wrong]",
        .help = "your last attempt: your answers, the right ones (--wrong: the missed)",
        .run = run_review,
};
