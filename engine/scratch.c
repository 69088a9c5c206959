/*
 * Scratch memory (scratch.h). Each block is preceded by its size, so a block
 * that is not the latest can still be copied when it grows.
 */
#include "scratch.h"

#include "util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A chunk's room: the largest tree of a shipped module fits in one. */
#define SCRATCH_CHUNK (1u << 20)
#define ALIGN         alignof(max_align_t)
/* Before each block: its size, padded so the block stays aligned. */
#define HEAD ((sizeof(size_t) + ALIGN - 1) / ALIGN * ALIGN)

struct scratch_chunk {
	struct scratch_chunk *next;
	size_t used, cap;
	max_align_t align; /* the blocks start after it */
};

static char *room(struct scratch_chunk *c)
{
	return (char *)(c + 1);
}

static size_t block_size(const void *p)
{
	size_t n;

	memcpy(&n, (const char *)p - HEAD, sizeof(n));
	return n;
}

static void set_block_size(void *p, size_t n)
{
	memcpy((char *)p - HEAD, &n, sizeof(n));
}

void scratch_init(struct scratch *s)
{
	s->chunks = s->spare = NULL;
	s->last = NULL;
}

/* A chunk with need bytes free at the front of s->chunks: an emptied one
 * that is big enough, or a new one. */
static struct scratch_chunk *chunk_for(struct scratch *s, size_t need)
{
	struct scratch_chunk **at = &s->spare, *c;

	while (*at && (*at)->cap < need)
		at = &(*at)->next;
	if (*at) {
		c = *at;
		*at = c->next;
	} else {
		size_t cap = need > SCRATCH_CHUNK ? need : SCRATCH_CHUNK;

		if (cap > SIZE_MAX - sizeof(*c))
			abort();
		c = xmalloc(sizeof(*c) + cap);
		c->cap = cap;
		POISON(room(c), cap);
	}
	c->used = 0;
	c->next = s->chunks;
	s->chunks = c;
	return c;
}

void *scratch_alloc(struct scratch *s, size_t size)
{
	struct scratch_chunk *c = s->chunks;
	size_t need;
	char *p;

	if (size > SIZE_MAX - HEAD - ALIGN)
		abort();
	need = HEAD + (size + ALIGN - 1) / ALIGN * ALIGN;
	if (!c || c->cap - c->used < need)
		c = chunk_for(s, need);
	p = room(c) + c->used + HEAD;
	c->used += need;
	UNPOISON(p - HEAD, HEAD + size);
	set_block_size(p, size);
	s->last = p;
	return p;
}

void *scratch_realloc(struct scratch *s, void *p, size_t size)
{
	size_t old;
	void *q;

	if (!p)
		return scratch_alloc(s, size);
	old = block_size(p);
	if (p == s->last) {
		struct scratch_chunk *c = s->chunks;
		size_t at = (size_t)((char *)p - room(c));

		if (size <= c->cap - at) {
			c->used = at + (size + ALIGN - 1) / ALIGN * ALIGN;
			UNPOISON(p, size);
			set_block_size(p, size);
			return p;
		}
	} else if (size <= old) {
		return p;
	}
	q = scratch_alloc(s, size);
	memcpy(q, p, old < size ? old : size);
	return q;
}

static bool in_chunks(const struct scratch_chunk *c, const void *p)
{
	uintptr_t at = (uintptr_t)p;

	for (; c; c = c->next)
		if (at >= (uintptr_t)(c + 1) && at < (uintptr_t)(c + 1) + c->cap)
			return true;
	return false;
}

bool scratch_owns(const struct scratch *s, const void *p)
{
	return in_chunks(s->chunks, p) || in_chunks(s->spare, p);
}

void scratch_reset(struct scratch *s)
{
	while (s->chunks) {
		struct scratch_chunk *c = s->chunks;

		s->chunks = c->next;
		POISON(room(c), c->cap);
		c->used = 0;
		c->next = s->spare;
		s->spare = c;
	}
	s->last = NULL;
}

void scratch_release(struct scratch *s)
{
	scratch_reset(s);
	while (s->spare) {
		struct scratch_chunk *c = s->spare;

		s->spare = c->next;
		UNPOISON(room(c), c->cap);
		free(c);
	}
}
