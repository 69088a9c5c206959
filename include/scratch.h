/*
 * Scratch memory: blocks handed out one after another from a few large
 * chunks and given back all at once (scratch_reset), for work that makes
 * many small allocations and frees them all when it ends, such as the tree
 * libxml2 builds for one course file (course.c). A chunk is kept across
 * resets, so the next piece of work reuses memory already faulted in.
 *
 * Not thread-safe: one scratch is used by one thread.
 */
#ifndef UPSKILL_SCRATCH_H
#define UPSKILL_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

struct scratch_chunk;

struct scratch {
	struct scratch_chunk *chunks; /* the one in use first */
	struct scratch_chunk *spare;  /* emptied by a reset, to be reused */
	void *last;                   /* the latest block, which can grow in place */
};

void scratch_init(struct scratch *s);
/* size bytes aligned for any type; aborts when memory runs out, as xmalloc. */
void *scratch_alloc(struct scratch *s, size_t size);
/* p (from this scratch) resized: grown in place when it is the latest
 * block and its chunk has room, else copied. */
void *scratch_realloc(struct scratch *s, void *p, size_t size);
/* Whether p points into one of this scratch's chunks. */
bool scratch_owns(const struct scratch *s, const void *p);
/* Every block given back; the chunks are kept for the next work. */
void scratch_reset(struct scratch *s);
/* Every chunk freed. */
void scratch_release(struct scratch *s);

#endif
