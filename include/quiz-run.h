/*
 * Taking a module's quiz at the prompt, and showing questions and feedback
 * (shared with review).
 */
#ifndef UPSKILL_QUIZ_RUN_H
#define UPSKILL_QUIZ_RUN_H

#include "course.h"
#include "quiz.h"

struct session;

/* Runs the signed-in learner's quiz on c: resumes the open attempt or starts
 * one if the attempts limit allows. Returns 0 when the learner finished or
 * stopped; -1 with *err when refused or the record could not be written. */
int quiz_run(struct session *s, const struct course *c, char **err);

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
