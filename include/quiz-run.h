/*
 * Taking a module's quiz at the prompt, and showing questions and feedback
 * (shared with review).
 */
#ifndef UPSKILL_QUIZ_RUN_H
#define UPSKILL_QUIZ_RUN_H

#include <stdint.h>

#include "course.h"
#include "quiz.h"

struct session;

/* Runs the signed-in learner's quiz on c: resumes the open attempt or starts
 * one if the attempts limit allows. Returns 0 when the learner finished or
 * stopped; -1 with *err when refused or the record could not be written. */
int quiz_run(struct session *s, const struct course *c, char **err);

/* A fresh seed for a quiz plan: UPSKILL_SEED on a test record (tests and
 * demonstrations), else the kernel's random numbers. */
uint64_t quiz_new_seed(void);

/* What the learner typed at a question. */
enum quiz_reply { QUIZ_REPLY_ANSWER, QUIZ_REPLY_STOP, QUIZ_REPLY_SKIP };

/* The next hint to show (borrowed), or -1 with *why (the caller frees it). */
typedef int quiz_hint_fn(void *ctx, const char **hint, char **why);

/* Says what to type, then reads lines until one is an answer to item (in
 * *r, which the caller releases), 'skip', or 'q' (or the input ends): help
 * and unreadable answers are answered and asked again, 'hint' calls hint
 * with ctx (NULL: no hints here). Nothing is written to the record. */
enum quiz_reply quiz_read_answer(struct session *s, const struct quiz_plan_item *item,
                                 quiz_hint_fn *hint, void *ctx, struct quiz_response *r);

/* Prints a question as the learner sees it, with the choices lettered in the
 * plan item's display order. */
void quiz_show_question(struct session *s, const struct quiz_plan_item *item, size_t number,
                        size_t total);

/* Prints right / partly right / not right, the feedback of each choice picked,
 * the correct answer when not fully right, and the general feedback. */
void quiz_show_feedback(struct session *s, const struct quiz_plan_item *item,
                        const struct quiz_response *r);

/* Prints text that holds one item per line (a rendered answer), each line
 * wrapped with indent spaces before it. */
void quiz_print_lines(struct session *s, const char *text, int indent);

#endif
