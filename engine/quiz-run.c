/*
 * Taking a quiz at the prompt: the I/O around quiz.c's state machine. Each
 * answer is committed to the record before its feedback is shown, and the
 * attempt's seed and plan are stored when it starts, so an attempt left by
 * 'q', Ctrl-D, a closed terminal or a killed process resumes with the same
 * questions in the same order at the first one not answered.
 */
#include "quiz-run.h"

#include <fcntl.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "hooks.h"
#include "progress.h"
#include "pager.h"
#include "session.h"
#include "util.h"
#include "store-learning.h"
#include "store-publish.h"

/* Time on one question counts up to this (see lesson.c). */
#define QUIZ_MAX_SECONDS_PER_QUESTION 600

uint64_t quiz_new_seed(void)
{
	const char *fixed = hooks_seed();
	uint64_t seed = 0;
	int fd;

	if (fixed)
		return strtoull(fixed, NULL, 10);
	fd = open("/dev/urandom", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &seed, sizeof(seed)) != (ssize_t)sizeof(seed))
			seed = 0;
		close(fd);
	}
	if (!seed)
		seed = (uint64_t)clock_now() ^ ((uint64_t)getpid() << 32);
	/* Stored in a signed 64-bit column: keep it positive and readable. */
	return seed & 0x7fffffffffffffffULL;
}

static void print_choices(struct session *s, const struct quiz_plan_item *item)
{
	const struct question *q = item->question;
	const struct term *t = &s->term;
	char first[32];

	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_TRUEFALSE:
	case Q_SCENARIO:
	case Q_ORDERING:
		for (size_t p = 0; p < item->norder; p++) {
			snprintf(first, sizeof(first), "  %c) ", (char)('a' + (int)p));
			term_wrap(t, s->out, q->choices[item->order[p]].text, 5, first);
		}
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < q->npairs; i++) {
			snprintf(first, sizeof(first), "  %zu. ", i + 1);
			term_wrap(t, s->out, q->pairs[i].left, 5, first);
		}
		fputs("  with\n", s->out);
		for (size_t p = 0; p < item->norder; p++) {
			snprintf(first, sizeof(first), "  %c) ", (char)('a' + (int)p));
			term_wrap(t, s->out, q->pairs[item->order[p]].right, 5, first);
		}
		break;
	case Q_SHORT:
	case Q_NUMERIC:
		break;
	}
}

void quiz_show_question(struct session *s, const struct quiz_plan_item *item, size_t number,
                        size_t total)
{
	const struct question *q = item->question;
	const struct term *t = &s->term;

	fprintf(s->out, "\n%sQuestion %zu of %zu%s %s(%s)%s\n", term_on(t, TERM_TITLE), number,
	        total, term_off(t), term_on(t, TERM_DIM), course_type_name(q->type), term_off(t));
	if (q->situation) {
		term_wrap(t, s->out, q->situation, 0, NULL);
		fputc('\n', s->out);
	}
	term_wrap(t, s->out, q->prompt, 0, NULL);
	print_choices(s, item);
}

void quiz_print_lines(struct session *s, const char *text, int indent)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		char *first = xasprintf("%*s", indent, "");
		term_wrap(&s->term, s->out, line, indent + 3, first);
		free(first);
		free(line);
		p += len;
		if (*p == '\n')
			p++;
	}
}

void quiz_show_feedback(struct session *s, const struct quiz_plan_item *item,
                        const struct quiz_response *r)
{
	const struct term *t = &s->term;
	struct quiz_feedback fb;

	quiz_feedback_init(&fb, item->question, item->order, r);
	if (fb.correct)
		fprintf(s->out, "%sRight.%s\n", term_on(t, TERM_GOOD), term_off(t));
	else if (fb.fraction > 0)
		fprintf(s->out, "%sPartly right (%.0f%%).%s\n", term_on(t, TERM_WARN),
		        fb.fraction * 100, term_off(t));
	else
		fprintf(s->out, "%sNot right.%s\n", term_on(t, TERM_BAD), term_off(t));
	for (size_t i = 0; i < fb.choices.n; i++) {
		/* "Right." was just said: a choice's feedback that opens with it
		 * too ("b) Right. With written consent...") does not say it again. */
		const char *text = fb.choices.items[i], *after = strstr(text, ") ");
		char *shown = NULL;
		if (fb.correct && after && strncmp(after + 2, "Right. ", 7) == 0)
			shown = xasprintf("%.*s%s", (int)(after + 2 - text), text, after + 9);
		term_wrap(t, s->out, shown ? shown : text, 5, "  ");
		free(shown);
	}
	if (!fb.correct) {
		fprintf(s->out, "The answer:\n");
		quiz_print_lines(s, fb.answer, 3);
	}
	if (fb.general)
		term_wrap(t, s->out, fb.general, 0, NULL);
	quiz_feedback_release(&fb);
}

/* Says so when this copy of the module is not the one the organisation
 * published: the attempt runs, as practice that counts for nothing. */
static int practice_note(struct session *s, struct store *st, const struct course *c, bool practice,
                         char **err)
{
	long long published;

	if (store_publication_find(st, c->id, c->version, c->sha256, &published, err) < 0)
		return -1;
	if (published && practice)
		fprintf(s->out,
		        "%sPractice:%s part of this attempt was taken on a copy of '%s' that the "
		        "organisation did not publish, so it will not count toward compliance "
		        "or readiness.\n",
		        term_on(&s->term, TERM_WARN), term_off(&s->term), c->id);
	else if (!published)
		fprintf(s->out,
		        "%sPractice:%s this copy of '%s' (version %s, '%s') is not the one the "
		        "organisation published, so this attempt will not count toward "
		        "compliance or readiness.\n",
		        term_on(&s->term, TERM_WARN), term_off(&s->term), c->id, c->version,
		        c->path);
	return 0;
}

/* Opens the learner's attempt (resuming one, or starting one if allowed). */
static int open_attempt(struct session *s, struct store *st, const struct course *c,
                        struct attempt *a, struct quiz_attempt **out, size_t *known, char **err)
{
	struct quiz_plan *plan = NULL;
	struct answer *answers = NULL;
	size_t nanswers = 0;
	bool found;
	int rc = -1;

	*out = NULL;
	if (store_attempt_open(st, s->me->id, c->id, a, &found, err) < 0)
		return -1;
	if (!found) {
		char *reason = NULL, *text;
		struct standing ms;
		uint64_t seed;
		long long id;

		if (progress_one(st, c, s->me->id, clock_now(), &ms, err) < 0)
			return -1;
		if (!quiz_may_start(&c->quiz, ms.period_attempts, ms.granted, &reason)) {
			util_error(err, "quiz '%s': %s; ask a consultant for another attempt",
			           c->id, reason);
			free(reason);
			return -1;
		}
		seed = quiz_new_seed();
		plan = quiz_plan_new(&c->quiz, seed);
		text = quiz_plan_format(plan);
		rc = store_attempt_start(st, s->me->id, c->id, c->version, c->sha256,
		                         c->policy ? c->policy->version : NULL, seed, text, &id,
		                         err);
		free(text);
		quiz_plan_free(plan);
		if (rc < 0)
			return -1;
		if (store_attempt_open(st, s->me->id, c->id, a, &found, err) < 0)
			return -1;
		if (c->quiz.attempts)
			fprintf(s->out, "\nQuiz: %s. Attempt %d of %d. Pass mark %d%%.\n", c->title,
			        ms.period_attempts + 1, ms.period_attempts + ms.attempts_left,
			        c->quiz.pass_mark);
		else
			fprintf(s->out, "\nQuiz: %s. Pass mark %d%%.\n", c->title,
			        c->quiz.pass_mark);
		fprintf(s->out, "Type 'hint' for a hint, 'skip' to leave a question for later, "
		                "'q' to stop (your answers are kept).\n");
	}
	if (practice_note(s, st, c, a->practice, err) < 0)
		return -1;

	plan = quiz_plan_parse(&c->quiz, a->seed, a->plan, err);
	if (!plan)
		goto out;
	if (plan->removed.n)
		fprintf(s->out,
		        "This module was edited since the attempt began: %zu of its questions "
		        "%s removed. Answers given to them stay in the record.\n",
		        plan->removed.n, plan->removed.n == 1 ? "was" : "were");
	*out = quiz_attempt_new(plan);
	if (store_answer_list(st, a->id, &answers, &nanswers, err) < 0)
		goto out;
	*known = nanswers;
	for (size_t i = 0; i < nanswers; i++) {
		char *why = NULL;
		if (strlist_has(&plan->removed, answers[i].question_id))
			continue;
		if (quiz_attempt_restore(*out, answers[i].question_id, answers[i].response, &why) <
		    0) {
			fprintf(s->out,
			        "note: your answer to '%s' no longer fits the edited "
			        "question (%s)\n",
			        answers[i].question_id, why);
			free(why);
		}
	}
	quiz_attempt_resume_skips(*out);
	if (found && nanswers)
		fprintf(s->out, "\nResuming your attempt at '%s': %zu of %zu answered.\n", c->title,
		        quiz_attempt_answered(*out), plan->nitems);
	rc = 0;
out:
	answers_free(answers, nanswers);
	quiz_plan_free(plan);
	if (rc < 0) {
		quiz_attempt_free(*out);
		*out = NULL;
	}
	return rc;
}

static void print_result(struct session *s, const struct course *c, struct quiz_attempt *qa,
                         const struct quiz_result *res, const struct standing *ms)
{
	const struct quiz_plan *plan = quiz_attempt_plan(qa);
	const struct term *t = &s->term;
	int left;

	fprintf(s->out, "\n%sResult:%s %.4g of %.4g points, %.1f%% (pass mark %d%%): ",
	        term_on(t, TERM_TITLE), term_off(t), res->score, res->max, res->percent,
	        c->quiz.pass_mark);
	if (res->passed)
		fprintf(s->out, "%spassed%s.\n", term_on(t, TERM_GOOD), term_off(t));
	else
		fprintf(s->out, "%snot passed%s.\n", term_on(t, TERM_BAD), term_off(t));
	if (res->nmissed) {
		fprintf(s->out, "\nTo look at again:\n");
		for (size_t i = 0; i < res->nmissed; i++) {
			const struct quiz_plan_item *item = &plan->items[res->missed[i]];
			char *prompt = t->width ? util_truncate(item->question->prompt,
			                                        (size_t)t->width > 14
			                                                ? (size_t)t->width - 6
			                                                : 8)
			                        : xstrdup(item->question->prompt);
			fprintf(s->out, "  - %s\n", prompt);
			free(prompt);
		}
		fprintf(s->out,
		        "'review %s' shows each answer with its feedback; 'start %s' "
		        "reads the lessons again.\n",
		        c->id, c->id);
	}
	if (!res->passed) {
		left = ms->attempts_left;
		if (left == 0)
			fprintf(s->out, "That was the last attempt allowed; ask a consultant for "
			                "another attempt.\n");
		else if (left > 0)
			fprintf(s->out, "%d attempt%s left: 'quiz %s' when you are ready.\n", left,
			        left == 1 ? "" : "s", c->id);
		else
			fprintf(s->out, "'quiz %s' to try again when you are ready.\n", c->id);
	}
}

static int finish(struct session *s, struct store *st, const struct course *c,
                  const struct attempt *a, struct quiz_attempt *qa, char **err)
{
	const struct quiz_plan *plan = quiz_attempt_plan(qa);
	struct quiz_result res;
	struct standing ms;
	bool counted = false;
	int rc;

	quiz_attempt_result(qa, &res);
	rc = store_attempt_finish(st, a->id, c->version, c->sha256, res.score, res.max, res.percent,
	                          res.passed, &counted, err);
	if (rc == 0 && c->quiz.feedback == FEEDBACK_END) {
		/* The review of every answer is long: at a terminal it goes through
		 * the pager when taller than the window (pager.h), and the result
		 * is shown after it, where it stays on the screen. */
		struct pager *pg = pager_begin(s);

		fprintf(s->out, "\n%sYour answers%s\n", term_on(&s->term, TERM_TITLE),
		        term_off(&s->term));
		for (size_t i = 0; i < plan->nitems; i++) {
			const struct quiz_response *r = quiz_attempt_response(qa, i);
			fprintf(s->out, "\n%zu. ", i + 1);
			term_wrap(&s->term, s->out, plan->items[i].question->prompt, 3, "");
			if (r)
				quiz_show_feedback(s, &plan->items[i], r);
		}
		pager_end(s, pg);
	}
	if (rc == 0)
		rc = progress_one(st, c, s->me->id, clock_now(), &ms, err);
	if (rc == 0)
		print_result(s, c, qa, &res, &ms);
	if (rc == 0 && !counted)
		fprintf(s->out,
		        "This attempt was practice: it was not taken entirely on the published "
		        "version of '%s', so it does not count toward compliance or readiness.\n",
		        c->id);
	quiz_result_release(&res);
	return rc;
}

enum quiz_reply quiz_read_answer(struct session *s, const struct quiz_plan_item *item,
                                 quiz_hint_fn *hint, void *ctx, struct quiz_response *r)
{
	const struct question *q = item->question;
	char *help = quiz_input_help(q);
	enum quiz_reply reply = QUIZ_REPLY_STOP;

	fprintf(s->out, "%s(%s; or %s)%s\n", term_on(&s->term, TERM_DIM), help,
	        hint ? "hint, skip, q" : "skip, q", term_off(&s->term));
	for (;;) {
		char *line = NULL, *text, *why = NULL;
		enum input_status in = session_ask(s, "answer> ", &line);
		size_t len;

		if (in != INPUT_LINE)
			break;
		text = line + strspn(line, " \t");
		len = strlen(text);
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			text[--len] = '\0';
		/* Words the prompt understands are never graded, even where any
		 * text would be an answer (a short answer): "quit" on the last
		 * question must not fail the attempt. */
		if (strcasecmp(text, "q") == 0 || strcasecmp(text, "quit") == 0 ||
		    strcasecmp(text, "exit") == 0 || strcasecmp(text, "skip") == 0) {
			reply = strcasecmp(text, "skip") == 0 ? QUIZ_REPLY_SKIP : QUIZ_REPLY_STOP;
			free(line);
			break;
		}
		if (strcasecmp(text, "hint") == 0) {
			const char *shown;
			if (!hint)
				fprintf(s->out, "no hints here: answer from memory\n");
			else if (hint(ctx, &shown, &why) == 0)
				term_wrap(&s->term, s->out, shown, 6, "Hint: ");
			else
				fprintf(s->out, "%s\n", why);
			free(why);
			free(line);
			continue;
		}
		if (*text == '\0' || strcmp(text, "?") == 0 || strcasecmp(text, "help") == 0) {
			fprintf(s->out, "%s\n", help);
			free(line);
			continue;
		}
		quiz_response_init(r);
		if (quiz_parse_input(q, item->order, text, r, &why) < 0) {
			/* The reason already says what would do; not counted as an answer. */
			fprintf(s->out, "%s\n", why);
			free(why);
			free(line);
			continue;
		}
		free(line);
		reply = QUIZ_REPLY_ANSWER;
		break;
	}
	free(help);
	return reply;
}

/*
 * Whether answers came into this attempt from elsewhere since this window
 * last read it: the same person with the quiz open in a second window (or
 * a second terminal). Answers from both would mix, each window showing
 * questions the other has answered, so this one says so and stops; the
 * record is read, so it holds on either engine and across machines.
 * known is how many answers this window knows the attempt has.
 */
static int other_window(struct session *s, struct store *st, const struct course *c,
                        const struct attempt *a, size_t known, bool *other, char **err)
{
	struct answer *answers = NULL;
	size_t n = 0;

	*other = false;
	if (store_answer_list(st, a->id, &answers, &n, err) < 0)
		return -1;
	if (n > known) {
		const char *at = answers[known].answered_at ? answers[known].answered_at : "";
		*other = true;
		fprintf(s->out,
		        "\nThis attempt is open in another window (answered there since %.5s UTC); "
		        "answers there and here would mix, so this window stops. Your answers are "
		        "kept: carry on in one window ('quiz %s').\n",
		        strlen(at) >= 16 ? at + 11 : "--:--", c->id);
	}
	answers_free(answers, n);
	return 0;
}

/* The next hint of one question of the attempt. */
struct hint_of {
	struct quiz_attempt *qa;
	size_t index;
};

static int attempt_hint(void *ctx, const char **hint, char **why)
{
	struct hint_of *h = ctx;

	return quiz_attempt_hint(h->qa, h->index, hint, why);
}

/* Asks question index until it gets an answer (committed), a skip or a
 * stop; *elsewhere when another window answered meanwhile (nothing kept). */
static int ask(struct session *s, struct store *st, const struct course *c, const struct attempt *a,
               struct quiz_attempt *qa, size_t index, size_t *known, enum quiz_reply *reply,
               bool *elsewhere, char **err)
{
	const struct quiz_plan_item *item = &quiz_attempt_plan(qa)->items[index];
	const struct question *q = item->question;
	struct hint_of h = {qa, index};
	time_t shown = clock_now();
	struct quiz_response r;
	double fraction;
	char *stored;
	long spent;

	/* Each question keeps its number: one skipped comes back under it. */
	quiz_show_question(s, item, index + 1, quiz_attempt_plan(qa)->nitems);
	*reply = quiz_read_answer(s, item, attempt_hint, &h, &r);
	if (*reply != QUIZ_REPLY_ANSWER)
		return 0;
	spent = (long)(clock_now() - shown);
	if (spent < 0 || spent > QUIZ_MAX_SECONDS_PER_QUESTION)
		spent = spent < 0 ? 0 : QUIZ_MAX_SECONDS_PER_QUESTION;
	/* Another window answered meanwhile: this answer is not kept. */
	if (other_window(s, st, c, a, *known, elsewhere, err) < 0 || *elsewhere) {
		quiz_response_release(&r);
		return *elsewhere ? 0 : -1;
	}
	stored = quiz_response_encode(q, &r);
	fraction = quiz_grade(q, &r);
	/* The record first: feedback is only shown for an answer that is kept. */
	if (store_answer_add(st, a->id, q->id, stored, fraction, q->weight, c->version, c->sha256,
	                     spent, err) < 0 ||
	    quiz_attempt_answer(qa, index, &r, &fraction, err) < 0) {
		free(stored);
		quiz_response_release(&r);
		return -1;
	}
	free(stored);
	if (c->quiz.feedback == FEEDBACK_IMMEDIATE)
		quiz_show_feedback(s, item, &r);
	else
		fprintf(s->out, "Answer kept.\n");
	quiz_response_release(&r);
	(*known)++;
	return 0;
}

int quiz_run(struct session *s, const struct course *c, char **err)
{
	struct store *st = session_store(s, err);
	struct quiz_attempt *qa = NULL;
	struct attempt a;
	size_t index, known = 0;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	if (!st || open_attempt(s, st, c, &a, &qa, &known, err) < 0)
		goto out;
	while (quiz_attempt_next(qa, &index)) {
		enum quiz_reply reply;
		bool elsewhere = false;
		if (other_window(s, st, c, &a, known, &elsewhere, err) < 0)
			goto out;
		if (!elsewhere && ask(s, st, c, &a, qa, index, &known, &reply, &elsewhere, err) < 0)
			goto out;
		if (elsewhere) {
			rc = 0;
			goto out;
		}
		if (reply == QUIZ_REPLY_STOP) {
			fprintf(s->out,
			        "\nStopped with %zu of %zu answered; your answers are kept. "
			        "'quiz %s' carries on.\n",
			        quiz_attempt_answered(qa), quiz_attempt_plan(qa)->nitems, c->id);
			rc = 0;
			goto out;
		}
		if (reply == QUIZ_REPLY_SKIP) {
			char *why = NULL;
			size_t next;
			if (quiz_attempt_skip(qa, index, &why) < 0)
				fprintf(s->out, "%s\n", why);
			else if (quiz_attempt_next(qa, &next) && next == index)
				fprintf(s->out,
				        "It is the only question left, so here it is again ('q' "
				        "stops; your answers are kept).\n");
			else
				fprintf(s->out, "Skipped; it comes back after the others.\n");
			free(why);
		}
	}
	rc = finish(s, st, c, &a, qa, err);
out:
	quiz_attempt_free(qa);
	attempt_release(&a);
	return rc;
}
