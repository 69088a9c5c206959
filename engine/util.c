/*
 * Shared helpers: aborting allocation, string building and string lists.
 */
#define _GNU_SOURCE /* sched_getcpu, CPU sets, pthread_attr_setaffinity_np */
#include "util.h"

#include <sched.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "upskill: out of memory (%zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

/* Before a table from xcalloc_table: how it was allocated. Its size is a
 * multiple of the strictest alignment, so the table after it is aligned. */
struct table_head {
	size_t mapped; /* bytes mapped, or 0: from calloc */
	max_align_t align;
};

#define TABLE_HUGE (2u << 20)
/* From this size a table is given a huge page of its own: on the machine
 * kind the project runs on, a fresh small page costs 10-15 us to fault in
 * and a huge one 0.2-3 ms (the more when the host has not backed it
 * lately), so a table of some 30 pages or more that is filled is cheaper
 * in huge pages (docs/performance.md, "fresh memory"). */
#define TABLE_HUGE_FROM (256u << 10)

struct thread_start {
	void *(*run)(void *);
	void *arg;
	bool placed;       /* started on a CPU other than its maker's */
	cpu_set_t allowed; /* the CPUs the process may run on */
};

static void *thread_begin(void *p)
{
	struct thread_start start = *(struct thread_start *)p;

	free(p);
	/* Once running, free to go anywhere the process may: the CPU it was
	 * put on may be busy later. It is in the set, so this moves nothing. */
	if (start.placed)
		sched_setaffinity(0, sizeof(start.allowed), &start.allowed);
	return start.run(start.arg);
}

/* Puts a thread about to be made on the CPUs the process may use other
 * than the caller's, if there are any: false if it is left where the
 * scheduler puts it. */
static bool place_elsewhere(pthread_attr_t *attr, cpu_set_t *allowed)
{
	cpu_set_t others;
	int here = sched_getcpu();

	if (here < 0 || here >= CPU_SETSIZE ||
	    sched_getaffinity(0, sizeof(*allowed), allowed) != 0 || !CPU_ISSET(here, allowed) ||
	    CPU_COUNT(allowed) < 2)
		return false;
	others = *allowed;
	CPU_CLR(here, &others);
	return pthread_attr_setaffinity_np(attr, sizeof(others), &others) == 0;
}

bool util_thread_start(pthread_t *thread, void *(*run)(void *), void *arg)
{
	struct thread_start *start = xmalloc(sizeof(*start));
	sigset_t all, before;
	pthread_attr_t attr;
	bool started;

	start->run = run;
	start->arg = arg;
	if (pthread_attr_init(&attr) != 0) {
		free(start);
		return false;
	}
	/* Left to the scheduler, a new thread was often queued behind its
	 * maker on the maker's CPU, and began 0.5-4 ms later, with the other
	 * CPU idle; put on the other from the start, it began within
	 * 0.05-0.16 ms (docs/performance.md). */
	start->placed = place_elsewhere(&attr, &start->allowed);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &before);
	started = pthread_create(thread, &attr, thread_begin, start) == 0;
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	pthread_attr_destroy(&attr);
	if (!started)
		free(start);
	return started;
}

void *xcalloc_table(size_t n, size_t size)
{
	size_t bytes;
	struct table_head *t;

	if (size && n > (SIZE_MAX - sizeof(*t)) / size)
		out_of_memory(SIZE_MAX);
	bytes = sizeof(*t) + n * size;
	if (bytes < TABLE_HUGE_FROM) {
		t = xcalloc(1, bytes);
		t->mapped = 0;
		return t + 1;
	}
	/* Anonymous memory reads as zeroes; the advice is only a hint. A
	 * huge page covers an aligned 2 MiB, so the table starts on one and
	 * fills whole ones: mapped where the kernel chose, its first and last
	 * stretches got small pages, up to a thousand faults more. */
	if (bytes > SIZE_MAX - 2 * TABLE_HUGE)
		out_of_memory(bytes);
	bytes = (bytes + TABLE_HUGE - 1) / TABLE_HUGE * TABLE_HUGE;
	{
		char *m = mmap(NULL, bytes + TABLE_HUGE, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uintptr_t at;
		if (m == MAP_FAILED)
			out_of_memory(bytes);
		at = ((uintptr_t)m + TABLE_HUGE - 1) / TABLE_HUGE * TABLE_HUGE;
		if (at > (uintptr_t)m)
			munmap(m, at - (uintptr_t)m);
		if ((uintptr_t)m + TABLE_HUGE > at)
			munmap((char *)at + bytes, (uintptr_t)m + TABLE_HUGE - at);
		t = (struct table_head *)at;
	}
#ifdef MADV_HUGEPAGE
	madvise(t, bytes, MADV_HUGEPAGE);
#endif
	t->mapped = bytes;
	return t + 1;
}

void xfree_table(void *p)
{
	struct table_head *t = p;

	if (!t)
		return;
	t--;
	if (t->mapped)
		munmap(t, t->mapped);
	else
		free(t);
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory(size);
	return q;
}

void xgrow(void *array, size_t *cap, size_t need, size_t size)
{
	void **a = array;
	size_t n;

	if (need <= *cap)
		return;
	n = *cap ? *cap * 2 : 8;
	while (n < need)
		n *= 2;
	*a = xrealloc(*a, n * size);
	*cap = n;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		out_of_memory(0);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int util_error(char **err, const char *fmt, ...)
{
	va_list ap;

	if (!err || *err)
		return -1;
	va_start(ap, fmt);
	*err = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

void strbuf_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
	sb->len = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		xgrow(&sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_reserve(struct strbuf *sb, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		sb->cap = sb->len + n + 1;
		sb->buf = xrealloc(sb->buf, sb->cap);
	}
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_add_spaces(struct strbuf *sb, size_t n)
{
	static const char spaces[] = "                                ";

	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		strbuf_add(sb, spaces, k);
		n -= k;
	}
}

char *util_put_digits(char *out, unsigned long long a, int min)
{
	char rev[24];
	int n = 0;

	do {
		rev[n++] = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	while (n < min)
		rev[n++] = '0';
	while (n)
		*out++ = rev[--n];
	return out;
}

char *util_put_int(char *out, long long v)
{
	if (v < 0)
		*out++ = '-';
	return util_put_digits(out, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
	                       1);
}

/*
 * The exact value of a double rounded to four decimals is what "%.4f"
 * writes. s = v * 10000 is the exact product rounded once; below 1e13
 * (2^44) its unit in the last place is at most 2^-9, so s is within 2^-10
 * of the exact product. When s lies within 0.49 of a whole number k, the
 * exact product then lies within 0.491 of k and rounds to k whatever the
 * way ties go: the digits of k are printf's. Anything else (near a half,
 * too large, not a number) goes to printf itself. The sign is v's, as
 * printf writes it: "-0.0000" for -0.0 and for a small negative value.
 */
void strbuf_add_fixed4(struct strbuf *sb, double v)
{
	double s = v * 10000.0, f;
	unsigned long long a;
	char buf[32], *p = buf;

	if (!(s > -1e13 && s < 1e13)) {
		strbuf_addf(sb, "%.4f", v);
		return;
	}
	if (s < 0) {
		s = -s;
	}
	a = (unsigned long long)s; /* toward zero; s - a is then exact */
	f = s - (double)a;
	if (f >= 0.51) {
		a++;
	} else if (f > 0.49) {
		strbuf_addf(sb, "%.4f", v);
		return;
	}
	if (signbit(v))
		*p++ = '-';
	p = util_put_digits(p, a / 10000, 1);
	*p++ = '.';
	p = util_put_digits(p, a % 10000, 4);
	strbuf_add(sb, buf, (size_t)(p - buf));
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strbuf_adds(sb, s);
	free(s);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void strbuf_add_json(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_adds(sb, "\\\"");
			break;
		case '\\':
			strbuf_adds(sb, "\\\\");
			break;
		case '\n':
			strbuf_adds(sb, "\\n");
			break;
		case '\r':
			strbuf_adds(sb, "\\r");
			break;
		case '\t':
			strbuf_adds(sb, "\\t");
			break;
		default:
			if (*p < 0x20)
				strbuf_addf(sb, "\\u%04x", *p);
			else
				strbuf_addc(sb, (char)*p);
		}
	}
	strbuf_addc(sb, '"');
}

void strlist_init(struct strlist *l)
{
	l->items = NULL;
	l->n = l->cap = 0;
}

struct strpool_block {
	struct strpool_block *next;
	max_align_t align; /* the strings start after it */
};

/* Blocks double from the first, so a pool of a few strings stays small,
 * until a block would be a table given a huge page (xcalloc_table's
 * TABLE_HUGE_FROM): from there each fills one, as a block of 256 KiB then
 * faulted in a whole zeroed huge page for an eighth of its use. */
#define STRPOOL_FIRST 1024u
/* A block of the most fills a huge page (xcalloc_table). */
#define STRPOOL_MOST ((2u << 20) - 256u)

void strpool_init(struct strpool *p)
{
	p->blocks = NULL;
	p->next = NULL;
	p->left = p->block = 0;
}

/* n bytes of room at p->next, a new block begun if the newest is short. */
static void strpool_room(struct strpool *p, size_t n)
{
	size_t size;
	struct strpool_block *b;

	if (n > p->left) {
		size = !p->blocks                                    ? STRPOOL_FIRST
		       : sizeof(*b) + 2 * p->block < TABLE_HUGE_FROM ? 2 * p->block
		                                                     : STRPOOL_MOST;
		if (size < n)
			size = n;
		b = xcalloc_table(1, sizeof(*b) + size);
		b->next = p->blocks;
		p->blocks = b;
		p->next = (char *)(b + 1);
		p->left = p->block = size;
	}
}

const char *strpool_dup(struct strpool *p, const char *s)
{
	size_t n;
	char *copy;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	strpool_room(p, n);
	copy = memcpy(p->next, s, n);
	p->next += n;
	p->left -= n;
	return copy;
}

void *strpool_alloc(struct strpool *p, size_t size)
{
	size_t align = alignof(max_align_t), skip = (align - (uintptr_t)p->next % align) % align;
	void *at;

	/* A block's room starts aligned (after its max_align_t header), and
	 * size + align > p->left here, so a new block is begun. */
	if (skip + size > p->left) {
		strpool_room(p, size + align);
		skip = (align - (uintptr_t)p->next % align) % align;
	}
	at = p->next + skip;
	p->next += skip + size;
	p->left -= skip + size;
	return at;
}

void strpool_release(struct strpool *p)
{
	while (p->blocks) {
		struct strpool_block *b = p->blocks;
		p->blocks = b->next;
		xfree_table(b);
	}
	strpool_init(p);
}

void strpool_take(struct strpool *into, struct strpool *from)
{
	struct strpool_block *last = from->blocks;

	if (!last || into == from)
		return;
	if (!into->blocks) {
		*into = *from;
		strpool_init(from);
		return;
	}
	/* Behind into's newest block, where it allocates. */
	while (last->next)
		last = last->next;
	last->next = into->blocks->next;
	into->blocks->next = from->blocks;
	strpool_init(from);
}

void strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	strlist_init(l);
}

void strlist_add(struct strlist *l, const char *s)
{
	xgrow(&l->items, &l->cap, l->n + 1, sizeof(*l->items));
	l->items[l->n++] = xstrdup(s);
}

void strlist_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;

	xgrow(&l->items, &l->cap, l->n + 1, sizeof(*l->items));
	va_start(ap, fmt);
	l->items[l->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static int text_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	util_sort_strings((const char **)l->items, l->n);
}

void util_sort_strings(const char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), text_cmp);
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], s) == 0)
			return true;
	return false;
}

bool util_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool util_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len;
		unsigned long cp;

		/* Most text is ASCII: step over eight such bytes at a time. */
		while (i + 8 <= n) {
			uint64_t word;
			memcpy(&word, p + i, 8);
			if (word & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (i + len > n)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		i += len;
	}
	return true;
bad:
	if (bad_offset)
		*bad_offset = i;
	return false;
}

size_t util_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	size_t result;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

size_t util_width(const char *s)
{
	return util_width_n(s, strlen(s));
}

size_t util_width_n(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t w = 0;

	for (; p < end && *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		/* A colour escape, ESC [ ... letter, takes no column. */
		if (p[0] == 0x1b && p + 1 < end && p[1] == '[') {
			p += 2;
			while (p < end && *p &&
			       !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
				p++;
			if (p == end || !*p)
				break;
			continue;
		}
		/* U+0300..U+036F, combining diacritics, take no column. */
		if (p[0] == 0xcc || (p[0] == 0xcd && (p + 1 == end || p[1] < 0xb0)))
			continue;
		w++;
	}
	return w;
}

/* The length of the UTF-8 sequence at p, or 0 if it is not one. */
static size_t utf8_seq(const char *p)
{
	size_t n = 1;

	while (n < 4 && p[n] && ((unsigned char)p[n] & 0xc0) == 0x80)
		n++;
	for (; n > 0; n--)
		if (util_utf8_valid(p, n, NULL))
			return n;
	return 0;
}

/* The width of the control character at s (1 for C0 and DEL, 2 for a C1
 * control, which UTF-8 writes as 0xc2 0x80..0x9f), or 0 if it is not one. */
static size_t control_at(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xa0)
		return 2;
	return 0;
}

/* Whether a byte of w is below 0x20, DEL, or 0xC2 (the first byte of a C1
 * control): only such a word needs a look byte by byte. */
static bool word_may_hold_control(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t del = w ^ (ones * 0x7f), c2 = w ^ (ones * 0xc2);

	return (((w - ones * 0x20) & ~w) | ((del - ones) & ~del) | ((c2 - ones) & ~c2)) & high;
}

const char *util_find_control(const char *s, const char *allowed)
{
	size_t n = strlen(s), i = 0;

	/* Course texts are long and hold none: eight bytes at a time. */
	for (;;) {
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (word_may_hold_control(w))
				break;
			i += 8;
		}
		for (size_t end = i + 8 < n ? i + 8 : n; i < end; i++)
			if (control_at(s + i) && !(allowed && strchr(allowed, s[i])))
				return s + i;
		if (i >= n)
			return NULL;
	}
}

/* Appends the visible form of the control character at s (n bytes): caret
 * notation for C0 and DEL ("^[" for ESC, "^?" for DEL), "<U+009B>" for C1. */
static void add_control(struct strbuf *sb, const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[n - 1];

	if (n == 2)
		strbuf_addf(sb, "<U+%04X>", c);
	else if (c == 0x7f)
		strbuf_adds(sb, "^?");
	else
		strbuf_addf(sb, "^%c", c + 0x40);
}

/* util_printable and util_visible: every control shown (newlines kept when
 * lines is true), bytes that are not UTF-8 as '?', and words cut after
 * max_word characters. */
static char *visible(const char *s, size_t max_word, bool lines)
{
	struct strbuf sb;
	size_t word = 0;

	/* Most text needs nothing done: said so in two passes, eight bytes
	 * at a time where it can be, not a code point at a time (a line of
	 * a reminder was some 9,000 instructions). */
	if (max_word == SIZE_MAX && !util_find_control(s, lines ? "\n" : NULL) &&
	    util_utf8_valid(s, strlen(s), NULL))
		return xstrdup(s);
	strbuf_init(&sb);
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_seq(s), ctl = control_at(s);

		if (c == ' ' || (lines && c == '\n')) {
			word = 0;
		} else if (word == max_word) {
			strbuf_adds(&sb, "…");
			while (*s && *s != ' ' && !(lines && *s == '\n'))
				s++;
			word = 0;
			continue;
		} else {
			word++;
		}
		if (lines && c == '\n') {
			strbuf_addc(&sb, '\n');
			s++;
		} else if (ctl) {
			add_control(&sb, s, ctl);
			s += ctl;
		} else if (n == 0) {
			strbuf_addc(&sb, '?');
			s++;
		} else {
			strbuf_add(&sb, s, n);
			s += n;
		}
	}
	return strbuf_detach(&sb);
}

char *util_printable(const char *s, size_t max_word)
{
	return visible(s, max_word, false);
}

char *util_visible(const char *s, bool lines)
{
	return visible(s, SIZE_MAX, lines);
}

void util_print_padded(FILE *out, const char *s, size_t width)
{
	size_t w = util_width(s);

	fputs(s, out);
	for (; w < width; w++)
		fputc(' ', out);
}

char *util_truncate(const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t cols = 0;

	if (util_width(s) <= width)
		return xstrdup(s);
	if (width < 4)
		return xstrndup("...", width);
	/* Keep whole code points up to width - 3 columns, then "...". */
	for (; *p; p++) {
		if ((*p & 0xc0) != 0x80) {
			if (cols == width - 3)
				break;
			cols++;
		}
	}
	{
		char *out = xmalloc((size_t)(p - (const unsigned char *)s) + 4);
		memcpy(out, s, (size_t)(p - (const unsigned char *)s));
		memcpy(out + (p - (const unsigned char *)s), "...", 4);
		return out;
	}
}

void util_match(const char *word, const char *const *names, size_t n, size_t near_within,
                struct util_match *m)
{
	size_t len = strlen(word), best = near_within;

	m->index = -1;
	m->hits = 0;
	m->near = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], word) == 0) {
			m->index = (long)i;
			m->hits = 1;
			return;
		}
		if (len && strncmp(names[i], word, len) == 0) {
			m->index = m->hits ? -1 : (long)i;
			m->hits++;
		}
	}
	if (m->hits > 1)
		m->index = -1;
	if (m->hits)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t nlen = strlen(names[i]), d;
		/* The distance is at least the difference in length; this also
		 * spares the work for a pasted megabyte. */
		if (len >= nlen + best || nlen >= len + best)
			continue;
		d = util_edit_distance(word, names[i]);
		/* A name every character of which would change is no near
		 * miss ("db" for two stray bytes). */
		if (d < best && d < nlen) {
			best = d;
			m->near = names[i];
		}
	}
}

char *util_match_list(const char *word, const char *const *names, size_t n)
{
	size_t len = strlen(word), hits = 0;
	struct strbuf list;

	for (size_t i = 0; i < n; i++)
		hits += len && strncmp(names[i], word, len) == 0;
	strbuf_init(&list);
	for (size_t i = 0; i < n; i++) {
		if (hits && strncmp(names[i], word, len) != 0)
			continue;
		strbuf_adds(&list, list.len ? ", " : "");
		strbuf_adds(&list, names[i]);
	}
	return strbuf_detach(&list);
}

char *util_read_file(const char *path, size_t max, char **err)
{
	FILE *f = fopen(path, "rbe"); /* not left open in a child */
	char *buf;
	size_t got;

	if (!f) {
		util_error(err, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(max + 2);
	got = fread(buf, 1, max + 1, f);
	fclose(f);
	buf[got] = '\0';
	if (got > max) {
		free(buf);
		util_error(err, "'%s' is larger than %zu bytes", path, max);
		return NULL;
	}
	if (strlen(buf) != got) {
		free(buf);
		util_error(err, "'%s' is not a text file", path);
		return NULL;
	}
	return buf;
}
