/*
 * Long output through a pager, as git does: at a terminal, a command's
 * output taller than the window goes to $PAGER (less -R when unset, so
 * colours stay); in a pipe, a file or a script, it is written as it is.
 */
#ifndef UPSKILL_PAGER_H
#define UPSKILL_PAGER_H

struct session;
struct pager;

/* Starts holding what the command prints, if s->out is a terminal (the
 * session's out is swapped for a buffer); NULL, and nothing changed,
 * otherwise. */
struct pager *pager_begin(struct session *s);

/* Puts s->out back and shows what was held: through the pager when it is
 * taller than the window, else as it is. NULL is a no-op. */
void pager_end(struct session *s, struct pager *p);

#endif
