/*
 * Test hooks: UPSKILL_NOW (fix the clock) and UPSKILL_SEED (fix the quiz
 * shuffle) make tests and demonstrations repeatable, and would let anyone
 * back-date a record. So they are honoured only on a test record: one
 * that was created while a hook was set, which its first event says (in
 * the chain, so it cannot be claimed later without verify seeing it).
 * Opening any other record with a hook set is refused.
 */
#ifndef UPSKILL_HOOKS_H
#define UPSKILL_HOOKS_H

#include <stdbool.h>

/* Whether UPSKILL_NOW or UPSKILL_SEED is set (and not empty). */
bool hooks_requested(void);
/* Whether the hooks are honoured: off until a test record is opened. */
void hooks_enable(bool on);
/* The hook's value when enabled and set, else NULL. */
const char *hooks_now(void);
const char *hooks_seed(void);

#endif
