/*
 * The compiled catalogue (see catalog-cache.h): a file of what the course
 * loader made, so a process rebuilds unchanged modules from it without
 * libxml2, and its reader, which trusts none of it.
 *
 * The file, in the machine's own byte order (a marker says which):
 *
 *   the index: magic "upskill catalogue cache\n" (24 bytes), u64 the
 *   index's length, u32 byte-order marker, u32 CATALOG_CACHE_FORMAT,
 *   string upskill version, string SHA-256 of the built-in course schema,
 *   string the course folder's real path, u32 sizes of the structs the
 *   loader makes, i64 seconds and nanoseconds when the cache was made, u32
 *   entries, then each entry: string the file's name in the folder (no
 *   folder before it), u64 device, inode, size, i64 modification and
 *   change times (seconds, nanoseconds), 64 bytes SHA-256 (hex), u32
 *   length and the head (all a list of modules needs: a module's head
 *   starts with the counts of its prerequisites and pages and whether it
 *   is a policy, so that it decodes into one allocation), u64 where the
 *   body starts among the bodies, u32 its length, its checksum (XXH64);
 *   then the folder's listing: u8 0 for none, or 1, the folder's key
 *   (device, inode, size, times as an entry's) and u32 names, each a
 *   string (a course file's name, in strictly increasing byte order);
 *   then the checksum (8 bytes) of the index, and the bodies (the
 *   lesson pages' titles and blocks, and the questions, of each module).
 *
 * So the whole file is covered: the index by its checksum, each body by
 * one in the index. A process that needs only the list reads the index;
 * bodies are read, and checked, when a command needs them.
 *
 * A string is a u32 length and its bytes (no NUL); 0xFFFFFFFF stands for
 * NULL. Entries are in strictly increasing byte order of name.
 *
 * Nothing in the file is the folder as a command line spelled it: the
 * file is the folder's (paths_catalog_cache names it by a hash of the
 * real path), and "courses", "./courses", its whole path or "../x/courses"
 * from elsewhere are one folder. With the spelled path in the header and
 * the entries, each spelling threw the others' cache away (at 800 modules
 * a second of parsing). A module or programme decoded is given the path
 * of its file as this run spells it, as a load of the file would.
 */
#define _GNU_SOURCE /* O_TMPFILE, copy_file_range */
#include "catalog-cache.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "private.h"
#include "schema.h"

#define MAGIC           "upskill catalogue cache\n"
#define MAGIC_LEN       24
#define BYTE_ORDER_MARK 0x01020304u
#define NULL_LEN        0xFFFFFFFFu
#define CACHE_SUM       8 /* bytes of a checksum */
/* The cache is never larger than this many course files could make. */
#define CACHE_MAX_BYTES (1024u * 1024u * 1024u)
/* A file whose times are this close to when the cache was made is hashed
 * whatever its times say: a file system's clock ticks coarsely, so two
 * edits of one size in one tick leave the same times. */
#define RACY_NS 2000000000LL

enum entry_kind {
	ENTRY_MODULE = 1,
	ENTRY_PROGRAMME = 2,
};

struct file_key {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

/* An entry's fields besides its name and head: read from its record in
 * the index (entry_data), or its own if it was put or its key changed
 * this run. */
struct entry_data {
	struct file_key key;
	char sha256[64];
	/* The body, at body_at from the start of the bodies in the file read,
	 * or body (owned), or in the spool at spool_at. */
	uint64_t body_at;
	size_t body_len;
	unsigned char body_sum[CACHE_SUM];
	char *name;                 /* owned: an entry put this run */
	unsigned char *head, *body; /* owned: put this run */
	bool spooled;
	uint64_t spool_at;
};

/*
 * An entry read points into the index, which stays mapped (or read) for
 * the life of the cache: its name (no NUL in the index) and its head,
 * around which its key, SHA-256 and body's place are, read again when
 * wanted. At 800 modules that is 40 bytes an entry rather than 216, and
 * no copy of the names: fresh memory costs a page fault a page.
 */
struct entry {
	const char *name; /* name_len bytes, in the index or own->name */
	const unsigned char *head;
	struct entry_data *own; /* NULL unless put or its key changed this run */
	uint32_t name_len;
	uint32_t head_len;
	bool keep; /* got or put this run: written back */
};

/* In an entry of the index, after the name: the key (seven 8-byte fields),
 * the SHA-256, the head's length and the head (at REC_HEAD), then the
 * body's place. */
#define REC_KEY  0
#define REC_SHA  (REC_KEY + 7 * 8)
#define REC_HEAD (REC_SHA + 64 + 4)

/* A module handed out with its head only, and the entry of its body. */
struct pending {
	struct course *c;
	size_t entry;
};

struct catalog_cache {
	char *path;                  /* NULL: nothing is written */
	char *dir;                   /* the folder's real path: what the header names */
	int fd;                      /* the file read, kept for the bodies */
	const unsigned char *memory; /* or the image given, or the file mapped */
	void *map;                   /* the file mapped (see cache_map), or NULL */
	uint64_t size;
	const unsigned char *index; /* its header and index, checked: in memory */
	unsigned char *index_buf;   /* or read into this (the file not mapped) */
	uint64_t bodies_at;
	int64_t made_ns; /* when the cache read was made */
	int64_t now_ns;  /* when this one is: the start of this load */
	struct entry *entries;
	size_t n, cap;
	bool sorted; /* entries in name order (nothing put out of order) */
	size_t next; /* the entry after the last one found (cache_find) */
	bool dirty;
	struct pending *pending;
	size_t npending, pending_cap;
	bool failed; /* a body did not match the index: the bodies are not read */
	/* The folder's listing in the index read (catalog_cache_listing):
	 * its bytes from the u8 on, the folder's key, its names; or NULL. */
	const unsigned char *listing;
	size_t listing_len;
	struct file_key listing_key;
	const unsigned char *listed;
	uint32_t nlisted;
	bool listing_checked; /* found to be the folder as it is this run */
	/* The listing read from the folder this run, encoded, to be written
	 * in its place (catalog_cache_set_listing); len 0: none. */
	struct strbuf new_listing;
	/* The bodies put this run (see spool_open): SPOOL_UNTRIED, SPOOL_NONE
	 * or the unnamed file's descriptor; scratch is where each is made. */
	int spool_fd;
	uint64_t spool_len;
	struct strbuf scratch;
	char note[160];
};

#define SPOOL_UNTRIED (-1)
#define SPOOL_NONE    (-2)

/* ----- the checksum ----- */

/*
 * XXH64 (Yann Collet's xxHash, 64-bit, seed 0; the algorithm as its
 * specification, doc/xxhash_spec.md, gives it): the cache's checksum, at
 * about half an instruction a byte against BLAKE2b's five. It guards against
 * a cache cut short, spoilt or foreign, not against someone who can write
 * the user's files (they could as well change the program): see
 * docs/performance.md.
 */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t read64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t read32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t xxh_round(uint64_t acc, uint64_t input)
{
	acc += input * P2;
	return rotl64(acc, 31) * P1;
}

static uint64_t xxh_merge(uint64_t acc, uint64_t v)
{
	acc ^= xxh_round(0, v);
	return acc * P1 + P4;
}

uint64_t catalog_cache_checksum(const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = (uint64_t)0 - P1;

		do {
			v1 = xxh_round(v1, read64(p));
			v2 = xxh_round(v2, read64(p + 8));
			v3 = xxh_round(v3, read64(p + 16));
			v4 = xxh_round(v4, read64(p + 24));
			p += 32;
		} while ((size_t)(end - p) >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xxh_merge(h, v1);
		h = xxh_merge(h, v2);
		h = xxh_merge(h, v3);
		h = xxh_merge(h, v4);
	} else {
		h = P5;
	}
	h += (uint64_t)len;
	for (; (size_t)(end - p) >= 8; p += 8) {
		h ^= xxh_round(0, read64(p));
		h = rotl64(h, 27) * P1 + P4;
	}
	if ((size_t)(end - p) >= 4) {
		uint32_t v;

		memcpy(&v, p, sizeof(v));
		h ^= (uint64_t)v * P1;
		h = rotl64(h, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++) {
		h ^= (uint64_t)*p * P5;
		h = rotl64(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

/* The checksum as the file keeps it. */
static void checksum(const void *data, size_t len, unsigned char out[CACHE_SUM])
{
	uint64_t h = catalog_cache_checksum(data, len);

	memcpy(out, &h, CACHE_SUM);
}

/* ----- writing ----- */

static void put_bytes(struct strbuf *sb, const void *p, size_t n)
{
	strbuf_add(sb, p, n);
}

static void put_u8(struct strbuf *sb, unsigned v)
{
	strbuf_addc(sb, (char)(unsigned char)v);
}

static void put_u32(struct strbuf *sb, uint32_t v)
{
	put_bytes(sb, &v, sizeof(v));
}

static void put_u64(struct strbuf *sb, uint64_t v)
{
	put_bytes(sb, &v, sizeof(v));
}

static void put_i64(struct strbuf *sb, int64_t v)
{
	put_bytes(sb, &v, sizeof(v));
}

static void put_f64(struct strbuf *sb, double v)
{
	put_bytes(sb, &v, sizeof(v));
}

static void put_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		put_u32(sb, NULL_LEN);
		return;
	}
	put_u32(sb, (uint32_t)strlen(s));
	put_bytes(sb, s, strlen(s));
}

static void put_strs(struct strbuf *sb, char *const *v, size_t n)
{
	put_u32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_str(sb, v[i]);
}

static void put_blocks(struct strbuf *sb, const struct block *b, size_t n)
{
	put_u32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		put_u8(sb, b[i].kind);
		put_str(sb, b[i].text);
		put_strs(sb, b[i].items, b[i].nitems);
		put_blocks(sb, b[i].inner, b[i].ninner);
	}
}

static void put_question(struct strbuf *sb, const struct question *q)
{
	put_str(sb, q->id);
	put_u8(sb, q->type);
	put_u32(sb, (uint32_t)q->line);
	put_f64(sb, q->weight);
	put_str(sb, q->situation);
	put_str(sb, q->prompt);
	put_u32(sb, (uint32_t)q->nchoices);
	for (size_t i = 0; i < q->nchoices; i++) {
		put_str(sb, q->choices[i].text);
		put_u8(sb, q->choices[i].correct);
		put_str(sb, q->choices[i].feedback);
	}
	put_strs(sb, q->accepted, q->naccepted);
	put_strs(sb, q->synonyms, q->nsynonyms);
	put_u8(sb, q->case_sensitive);
	put_f64(sb, q->answer);
	put_f64(sb, q->tolerance);
	put_str(sb, q->unit);
	put_u32(sb, (uint32_t)q->npairs);
	for (size_t i = 0; i < q->npairs; i++) {
		put_str(sb, q->pairs[i].left);
		put_str(sb, q->pairs[i].right);
	}
	put_strs(sb, q->hints, q->nhints);
	put_str(sb, q->feedback);
}

/* A module's head: all but the lesson pages' titles and blocks and the
 * questions, which are its body, and its path. The head is what a list of
 * modules needs. The path is the folder as a run spells it, no part of
 * the module: decoding is given it (decode_head). */
static void put_course_head(struct strbuf *sb, const struct course *c)
{
	/* The counts of its arrays first: a head is decoded into one
	 * allocation of the size they give (decode_head). */
	put_u32(sb, (uint32_t)c->nrequires);
	put_u32(sb, (uint32_t)c->npages);
	put_u8(sb, c->policy != NULL);
	put_bytes(sb, c->sha256, 64);
	put_u32(sb, (uint32_t)c->line);
	put_u32(sb, (uint32_t)c->format);
	put_str(sb, c->id);
	put_str(sb, c->version);
	put_str(sb, c->title);
	put_str(sb, c->topic);
	put_str(sb, c->summary);
	put_u32(sb, (uint32_t)c->minutes);
	for (size_t i = 0; i < c->nrequires; i++)
		put_str(sb, c->requires[i]);
	for (size_t i = 0; i < c->nrequires; i++)
		put_u32(sb, (uint32_t)c->requires_line[i]);
	if (c->policy) {
		put_str(sb, c->policy->version);
		put_u32(sb, (uint32_t)c->policy->valid_months);
		put_u8(sb, c->policy->minor);
		put_blocks(sb, c->policy->blocks, c->policy->nblocks);
	}
	put_u32(sb, (uint32_t)c->quiz.pass_mark);
	put_u32(sb, (uint32_t)c->quiz.attempts);
	put_u32(sb, c->quiz.shuffle);
	put_u64(sb, c->quiz.draw);
	put_u8(sb, c->quiz.feedback);
	put_u32(sb, (uint32_t)c->quiz.nquestions);
}

static void put_course_body(struct strbuf *sb, const struct course *c)
{
	for (size_t i = 0; i < c->npages; i++) {
		put_str(sb, c->pages[i].title);
		put_blocks(sb, c->pages[i].blocks, c->pages[i].nblocks);
	}
	for (size_t i = 0; i < c->quiz.nquestions; i++)
		put_question(sb, &c->quiz.questions[i]);
}

/* A programme but its path, as a module's head. */
static void put_programme(struct strbuf *sb, const struct programme *p)
{
	put_u32(sb, (uint32_t)p->line);
	put_str(sb, p->id);
	put_str(sb, p->title);
	put_str(sb, p->summary);
	put_u32(sb, (uint32_t)p->nstages);
	for (size_t i = 0; i < p->nstages; i++) {
		const struct stage *s = &p->stages[i];

		put_str(sb, s->label);
		put_strs(sb, s->modules, s->nmodules);
		for (size_t k = 0; k < s->nmodules; k++)
			put_u32(sb, (uint32_t)s->modules_line[k]);
	}
}

/* The head (kind first) and the body, each on its own. */
static void encode_parts(const struct course *course, const struct programme *programme,
                         struct strbuf *head, struct strbuf *body)
{
	if (course) {
		put_u8(head, ENTRY_MODULE);
		put_course_head(head, course);
		put_course_body(body, course);
	} else {
		put_u8(head, ENTRY_PROGRAMME);
		put_programme(head, programme);
	}
}

void catalog_cache_encode(const struct course *course, const struct programme *programme,
                          struct strbuf *out)
{
	struct strbuf head, body;

	strbuf_init(&head);
	strbuf_init(&body);
	encode_parts(course, programme, &head, &body);
	put_u32(out, (uint32_t)head.len);
	put_bytes(out, head.buf, head.len);
	put_bytes(out, body.buf, body.len);
	strbuf_release(&head);
	strbuf_release(&body);
}

/* ----- reading: every read is checked against the end ----- */

struct reader {
	const unsigned char *p, *end;
	bool bad;
	/* Where decoded strings go: one block of the module's, as long as
	 * the encoding (a string takes fewer bytes than its encoding). */
	char *strings, *strings_end;
};

static const void *get_bytes(struct reader *r, size_t n)
{
	const unsigned char *p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	return p;
}

static unsigned get_u8(struct reader *r)
{
	const unsigned char *p = get_bytes(r, 1);

	return p ? *p : 0;
}

static uint32_t get_u32(struct reader *r)
{
	uint32_t v = 0;
	const void *p = get_bytes(r, sizeof(v));

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get_u64(struct reader *r)
{
	uint64_t v = 0;
	const void *p = get_bytes(r, sizeof(v));

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

static int64_t get_i64(struct reader *r)
{
	int64_t v = 0;
	const void *p = get_bytes(r, sizeof(v));

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

static double get_f64(struct reader *r)
{
	double v = 0;
	const void *p = get_bytes(r, sizeof(v));

	if (p)
		memcpy(&v, p, sizeof(v));
	return isfinite(v) ? v : (r->bad = true, 0);
}

/* A bool is written 0 or 1 and nothing else, so that every module has one
 * encoding (the fuzzer checks that decoding and encoding again is exact). */
static bool get_bool(struct reader *r)
{
	unsigned v = get_u8(r);

	if (v > 1)
		r->bad = true;
	return v == 1;
}

/* An int the loader made from a u32 it wrote. */
static int get_int(struct reader *r)
{
	uint32_t v = get_u32(r);

	return (int)(int32_t)v;
}

/* A string into the module's block; NULL for the NULL mark, and on error
 * (with r->bad set). A NUL inside is refused: the loader never makes one.
 * Some 6,400 are read at a start-up with 800 modules: one test each for
 * the input and the room. */
static char *get_str(struct reader *r)
{
	size_t left = (size_t)(r->end - r->p);
	const unsigned char *s = r->p + 4;
	uint32_t n;
	char *out;

	if (r->bad || left < 4)
		goto bad;
	memcpy(&n, r->p, 4);
	if (n == NULL_LEN) {
		r->p = s;
		return NULL;
	}
	if (left - 4 < n || (size_t)(r->strings_end - r->strings) <= n || memchr(s, '\0', n))
		goto bad;
	out = memcpy(r->strings, s, n);
	out[n] = '\0';
	r->strings += n + 1;
	r->p = s + n;
	return out;
bad:
	r->bad = true;
	return NULL;
}

/* A string that must be there. */
static char *get_str_set(struct reader *r)
{
	char *s = get_str(r);

	if (!s)
		r->bad = true;
	return s;
}

/* A count of things each taking at least min bytes, so that a count can
 * never ask for more memory than the rest of the input could fill. */
static size_t get_count(struct reader *r, size_t min)
{
	uint32_t n = get_u32(r);

	if (r->bad || (size_t)n > (size_t)(r->end - r->p) / min) {
		r->bad = true;
		return 0;
	}
	return n;
}

static void *get_array(struct reader *r, size_t *n, size_t min, size_t size)
{
	*n = get_count(r, min);
	return *n ? xcalloc(*n, size) : NULL;
}

static char **get_strs(struct reader *r, size_t *n)
{
	char **v = get_array(r, n, 4, sizeof(*v));

	for (size_t i = 0; i < *n; i++)
		v[i] = get_str_set(r);
	return v;
}

/* Blocks nest one level: an example holds paragraphs and lists. */
static struct block *get_blocks(struct reader *r, size_t *n, int depth)
{
	struct block *b = get_array(r, n, 13, sizeof(*b));

	for (size_t i = 0; i < *n && !r->bad; i++) {
		unsigned kind = get_u8(r);

		if (kind > BLOCK_EXAMPLE || (depth > 0 && kind == BLOCK_EXAMPLE))
			r->bad = true;
		b[i].kind = (enum block_kind)kind;
		b[i].text = get_str(r);
		if (!b[i].text && kind != BLOCK_LIST && kind != BLOCK_EXAMPLE)
			r->bad = true;
		b[i].items = get_strs(r, &b[i].nitems);
		b[i].inner = get_blocks(r, &b[i].ninner, depth + 1);
		if (b[i].ninner && kind != BLOCK_EXAMPLE)
			r->bad = true;
	}
	return b;
}

static void get_question(struct reader *r, struct question *q)
{
	unsigned type;

	q->id = get_str_set(r);
	type = get_u8(r);
	if (type >= Q_TYPE_COUNT)
		r->bad = true;
	q->type = (enum question_type)type;
	q->line = get_int(r);
	q->weight = get_f64(r);
	q->situation = get_str(r);
	q->prompt = get_str_set(r);
	q->choices = get_array(r, &q->nchoices, 9, sizeof(*q->choices));
	for (size_t i = 0; i < q->nchoices && !r->bad; i++) {
		q->choices[i].text = get_str_set(r);
		q->choices[i].correct = get_bool(r);
		q->choices[i].feedback = get_str(r);
	}
	q->accepted = get_strs(r, &q->naccepted);
	q->synonyms = get_strs(r, &q->nsynonyms);
	q->case_sensitive = get_bool(r);
	q->answer = get_f64(r);
	q->tolerance = get_f64(r);
	q->unit = get_str(r);
	q->pairs = get_array(r, &q->npairs, 8, sizeof(*q->pairs));
	for (size_t i = 0; i < q->npairs && !r->bad; i++) {
		q->pairs[i].left = get_str_set(r);
		q->pairs[i].right = get_str_set(r);
	}
	q->hints = get_strs(r, &q->nhints);
	q->feedback = get_str(r);
}

/* A string that is not in the encoding (the file's path), into the
 * module's block, where its caller made room for it. */
static char *get_given(struct reader *r, const char *s)
{
	size_t n = strlen(s) + 1;
	char *out = r->strings;

	assert((size_t)(r->strings_end - r->strings) >= n);
	memcpy(out, s, n);
	r->strings += n;
	return out;
}

/* The counts a module's head starts with, and what its arrays and strings
 * take: the head is decoded into one allocation of that size. */
struct head_shape {
	size_t nrequires, npages;
	bool policy;
	size_t fixed, strings;
};

/* The bytes of a module's head (its kind first) that are never a string:
 * kind, the counts of prerequisites and pages, whether a policy follows,
 * SHA-256, line, format, minutes, the prerequisites' lines, pass mark,
 * attempts, shuffle, draw, feedback and the number of questions. */
#define HEAD_FIXED (1 + 4 + 4 + 1 + 64 + 4 + 4 + 4 + 4 + 4 + 4 + 8 + 1 + 4)

/* What a head's arrays take of its module's block. */
static size_t head_fixed(size_t nrequires, size_t npages, bool policy)
{
	return course_fixed_size(nrequires * sizeof(char *)) +
	       course_fixed_size(nrequires * sizeof(int)) +
	       course_fixed_size(npages * sizeof(struct page)) +
	       (policy ? course_fixed_size(sizeof(struct policy)) : 0);
}

/* A page takes nothing of the head, whose count is of them, but at least
 * its title's length and its blocks' count in the body. */
#define BODY_PAGE_MIN 8

/* Reads the counts (r just past the kind) of a head of len bytes, whose
 * body is body_len bytes, for a file whose path takes path_size bytes. */
static void get_head_shape(struct reader *r, size_t len, size_t body_len, size_t path_size,
                           struct head_shape *h)
{
	/* A prerequisite takes at least its string's length and its line. */
	h->nrequires = get_count(r, 8);
	h->npages = get_u32(r);
	h->policy = get_bool(r);
	if (h->npages > body_len / BODY_PAGE_MIN)
		r->bad = true;
	h->fixed = r->bad ? 0 : head_fixed(h->nrequires, h->npages, h->policy);
	/* A head's strings take at most its length less its fixed fields (a
	 * string takes fewer bytes than its encoding), and the path given. */
	h->strings = (len > HEAD_FIXED ? len - HEAD_FIXED : 1) + path_size;
}

static void get_course_head(struct reader *r, struct course *c, const struct head_shape *h)
{
	const char *sha;

	sha = get_bytes(r, 64);
	if (sha) {
		memcpy(c->sha256, sha, 64);
		c->sha256[64] = '\0';
	}
	c->line = get_int(r);
	c->format = get_int(r);
	c->id = get_str_set(r);
	c->version = get_str_set(r);
	c->title = get_str_set(r);
	c->topic = get_str(r);
	c->summary = get_str(r);
	c->minutes = get_int(r);
	c->nrequires = h->nrequires;
	if (c->nrequires) {
		c->requires = course_fixed(c, c->nrequires * sizeof(*c->requires));
		c->requires_line = course_fixed(c, c->nrequires * sizeof(*c->requires_line));
	}
	/* Braced: clang-format reads "requires" as C++'s keyword. */
	for (size_t i = 0; i < c->nrequires; i++) {
		c->requires[i] = get_str_set(r);
	}
	for (size_t i = 0; i < c->nrequires; i++)
		c->requires_line[i] = get_int(r);
	/* The pages' titles and blocks come with the body: no list of
	 * modules shows them. */
	c->npages = h->npages;
	if (c->npages)
		c->pages = course_fixed(c, c->npages * sizeof(*c->pages));
	if (h->policy) {
		c->policy = course_fixed(c, sizeof(*c->policy));
		c->policy->version = get_str_set(r);
		c->policy->valid_months = get_int(r);
		c->policy->minor = get_bool(r);
		c->policy->blocks = get_blocks(r, &c->policy->nblocks, 0);
	}
	c->quiz.pass_mark = get_int(r);
	c->quiz.attempts = get_int(r);
	c->quiz.shuffle = get_u32(r);
	c->quiz.draw = (size_t)get_u64(r);
	c->quiz.feedback = (enum feedback_mode)get_u8(r);
	if (c->quiz.pass_mark < 0 || c->quiz.pass_mark > 100 || c->quiz.attempts < 0 ||
	    c->quiz.shuffle > SHUFFLE_BOTH || c->quiz.feedback > FEEDBACK_END)
		r->bad = true;
	/* The questions come with the body; their number is the head's. */
	c->quiz.nquestions = get_u32(r);
}

/* The body, into a course whose head is read: every page's blocks and as
 * many questions as the head says (at least 40 bytes each). */
static void get_course_body(struct reader *r, struct course *c)
{
	for (size_t i = 0; i < c->npages && !r->bad; i++) {
		c->pages[i].title = get_str(r);
		c->pages[i].blocks = get_blocks(r, &c->pages[i].nblocks, 0);
	}
	if (r->bad || c->quiz.nquestions > (size_t)(r->end - r->p) / 40) {
		r->bad = true;
		return;
	}
	if (c->quiz.nquestions)
		c->quiz.questions = xcalloc(c->quiz.nquestions, sizeof(*c->quiz.questions));
	for (size_t i = 0; i < c->quiz.nquestions && !r->bad; i++)
		get_question(r, &c->quiz.questions[i]);
}

/* A module read so far, its head only, is made safe to free: no count
 * promises more than its arrays hold. */
static void course_headless(struct course *c)
{
	if (!c->quiz.questions)
		c->quiz.nquestions = 0;
}

static void get_programme(struct reader *r, struct programme *p)
{
	p->line = get_int(r);
	p->id = get_str_set(r);
	p->title = get_str_set(r);
	p->summary = get_str(r);
	p->stages = get_array(r, &p->nstages, 8, sizeof(*p->stages));
	for (size_t i = 0; i < p->nstages && !r->bad; i++) {
		struct stage *s = &p->stages[i];

		s->label = get_str(r);
		s->modules = get_strs(r, &s->nmodules);
		if (s->nmodules)
			s->modules_line = xcalloc(s->nmodules, sizeof(*s->modules_line));
		for (size_t k = 0; k < s->nmodules; k++)
			s->modules_line[k] = get_int(r);
	}
}

/* Decodes a head into a new module (in rooms, if given: course_new_head)
 * or programme whose file is at path; a module's body is body_len bytes. */
static int decode_head(const void *data, size_t len, size_t body_len, const char *path,
                       struct course_room **rooms, struct course **course,
                       struct programme **programme)
{
	struct reader r = {.p = data, .end = (const unsigned char *)data + len};
	unsigned kind = get_u8(&r);
	size_t path_size = strlen(path) + 1;

	*course = NULL;
	*programme = NULL;
	if (kind == ENTRY_MODULE) {
		struct head_shape h;
		struct course *c;

		get_head_shape(&r, len, body_len, path_size, &h);
		if (r.bad)
			return -1;
		c = course_new_head(rooms, h.fixed, h.strings);
		r.strings = course_strings(c, h.strings);
		r.strings_end = r.strings + h.strings;
		c->path = get_given(&r, path);
		get_course_head(&r, c, &h);
		if (r.bad || r.p != r.end) {
			course_headless(c);
			course_free(c);
			return -1;
		}
		*course = c;
		return 0;
	}
	if (kind == ENTRY_PROGRAMME) {
		struct programme *p = programme_new();

		r.strings = programme_strings(p, len + path_size);
		r.strings_end = r.strings + len + path_size;
		p->path = get_given(&r, path);
		get_programme(&r, p);
		if (r.bad || r.p != r.end) {
			programme_free(p);
			return -1;
		}
		*programme = p;
		return 0;
	}
	return -1;
}

/* Decodes a module's body into c, whose head is read. On error c keeps
 * what was read (course_free releases it) and -1 is returned. */
static int decode_body(const void *data, size_t len, struct course *c)
{
	struct reader r = {.p = data, .end = (const unsigned char *)data + len};

	r.strings = course_strings(c, len);
	r.strings_end = r.strings + len;
	get_course_body(&r, c);
	course_headless(c);
	return r.bad || r.p != r.end ? -1 : 0;
}

int catalog_cache_decode(const void *data, size_t len, const char *path, struct course **course,
                         struct programme **programme)
{
	struct reader r = {.p = data, .end = (const unsigned char *)data + len};
	uint32_t head = get_u32(&r);

	*course = NULL;
	*programme = NULL;
	if (r.bad || head > len - 4 ||
	    decode_head(r.p, head, len - 4 - head, path, NULL, course, programme) < 0)
		return -1;
	if (*programme)
		return len - 4 == head ? 0 : (programme_free(*programme), *programme = NULL, -1);
	if (decode_body(r.p + head, len - 4 - head, *course) < 0) {
		course_free(*course);
		*course = NULL;
		return -1;
	}
	return 0;
}

/* ----- the file ----- */

/* What the cache depends on besides its entries: a cache made by another
 * build whose loader made other structs, or for another schema, or for
 * another folder (dir, its real path), is stale. Everything after the
 * index's length. */
static void put_header(struct strbuf *sb, const char *dir)
{
	unsigned char schema[CACHE_SUM];

	/* The checksum, not SHA-256: a fraction of the cost, on every start. */
	checksum(schema_course_xsd(), schema_course_xsd_len(), schema);
	put_u32(sb, BYTE_ORDER_MARK);
	put_u32(sb, CATALOG_CACHE_FORMAT);
	put_str(sb, UPSKILL_VERSION);
	put_bytes(sb, schema, sizeof(schema));
	put_str(sb, dir);
	put_u32(sb, (uint32_t)sizeof(struct course));
	put_u32(sb, (uint32_t)sizeof(struct question));
	put_u32(sb, (uint32_t)sizeof(struct block));
	put_u32(sb, (uint32_t)sizeof(struct programme));
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void file_key_of(const struct stat *st, struct file_key *k)
{
	k->dev = (uint64_t)st->st_dev;
	k->ino = (uint64_t)st->st_ino;
	k->size = (uint64_t)st->st_size;
	k->mtime_s = (int64_t)st->st_mtim.tv_sec;
	k->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
	k->ctime_s = (int64_t)st->st_ctim.tv_sec;
	k->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
}

static struct catalog_cache *cache_new(const char *path, const char *dir)
{
	struct catalog_cache *cc = xcalloc(1, sizeof(*cc));

	cc->path = path ? xstrdup(path) : NULL;
	/* The folder by its real path, as paths_catalog_cache hashes it for
	 * the file's name, not as spelled: any spelling is the same cache. A
	 * folder that cannot be resolved keeps the name given (it cannot be
	 * read either, and nothing is saved). */
	cc->dir = realpath(dir, NULL);
	if (!cc->dir)
		cc->dir = xstrdup(dir);
	cc->now_ns = now_ns();
	cc->fd = -1;
	cc->spool_fd = SPOOL_UNTRIED;
	strbuf_init(&cc->scratch);
	strbuf_init(&cc->new_listing);
	cc->sorted = true;
	return cc;
}

static void entries_release(struct catalog_cache *cc)
{
	for (size_t i = 0; i < cc->n; i++) {
		struct entry_data *own = cc->entries[i].own;

		if (own) {
			free(own->name);
			free(own->head);
			free(own->body);
			free(own);
		}
	}
	free(cc->entries);
	cc->entries = NULL;
	cc->n = cc->cap = 0;
}

/* An entry's key: its own, or as its record in the index has it. */
static void entry_key(const struct entry *e, struct file_key *k)
{
	const unsigned char *p = e->head - REC_HEAD + REC_KEY;

	if (e->own) {
		*k = e->own->key;
		return;
	}
	memcpy(&k->dev, p, 8);
	memcpy(&k->ino, p + 8, 8);
	memcpy(&k->size, p + 16, 8);
	memcpy(&k->mtime_s, p + 24, 8);
	memcpy(&k->mtime_ns, p + 32, 8);
	memcpy(&k->ctime_s, p + 40, 8);
	memcpy(&k->ctime_ns, p + 48, 8);
}

/* An entry's SHA-256 (hex, 64 bytes): its own, or its record's. */
static const char *entry_sha(const struct entry *e)
{
	return e->own ? e->own->sha256 : (const char *)e->head - REC_HEAD + REC_SHA;
}

/* An entry's fields: its own, or as its record in the index has them (the
 * index was checked whole when read). */
static void entry_data(const struct entry *e, struct entry_data *d)
{
	const unsigned char *p;

	if (e->own) {
		*d = *e->own;
		return;
	}
	memset(d, 0, sizeof(*d));
	entry_key(e, &d->key);
	memcpy(d->sha256, entry_sha(e), 64);
	p = e->head + e->head_len;
	memcpy(&d->body_at, p, 8);
	d->body_len = (size_t)read32(p + 8);
	memcpy(d->body_sum, p + 12, CACHE_SUM);
}

/* The entry's own fields, made from the index's the first time. */
static struct entry_data *entry_own(struct entry *e)
{
	if (!e->own) {
		struct entry_data d;

		entry_data(e, &d);
		e->own = xmalloc(sizeof(*e->own));
		*e->own = d;
	}
	return e->own;
}

/* The name of an entry, n bytes at p, against s (m bytes), in strcmp's
 * order. */
static int name_cmp(const char *p, size_t n, const char *s, size_t m)
{
	int d = memcmp(p, s, n < m ? n : m);

	return d ? d : (n > m) - (n < m);
}

/* len bytes at off of fd, into a new buffer; NULL if they are not all
 * there. */
static unsigned char *pread_new(int fd, uint64_t off, size_t len)
{
	unsigned char *buf = xmalloc(len ? len : 1);
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return NULL;
		}
		got += (size_t)n;
	}
	return buf;
}

/* len bytes at off of the file read: in place in the image given or the
 * file mapped, or read from its descriptor into *buf, a new buffer the
 * caller frees (NULL otherwise). NULL if they are not all there. */
static const unsigned char *read_at(const struct catalog_cache *cc, uint64_t off, size_t len,
                                    unsigned char **buf)
{
	*buf = NULL;
	if (off > cc->size || len > cc->size - off)
		return NULL;
	if (cc->memory)
		return cc->memory + off;
	*buf = pread_new(cc->fd, off, len);
	return *buf;
}

bool catalog_course_file_name(const char *name, size_t len)
{
	return len > 4 && name[0] != '.' && memcmp(name + len - 4, ".xml", 4) == 0;
}

/* Whether a name is one an entry or the folder's listing may hold: a
 * course file's, with no folder in it. No bound on its length but the
 * index's: a file system may allow 255 characters of several bytes each. */
static bool name_ok(const char *p, size_t n)
{
	return catalog_course_file_name(p, n) && !memchr(p, '/', n) && !memchr(p, '\0', n);
}

static void get_key(struct reader *r, struct file_key *k)
{
	k->dev = get_u64(r);
	k->ino = get_u64(r);
	k->size = get_u64(r);
	k->mtime_s = get_i64(r);
	k->mtime_ns = get_i64(r);
	k->ctime_s = get_i64(r);
	k->ctime_ns = get_i64(r);
}

static void put_key(struct strbuf *sb, const struct file_key *k)
{
	put_u64(sb, k->dev);
	put_u64(sb, k->ino);
	put_u64(sb, k->size);
	put_i64(sb, k->mtime_s);
	put_i64(sb, k->mtime_ns);
	put_i64(sb, k->ctime_s);
	put_i64(sb, k->ctime_ns);
}

/* The folder's listing, checked: names of course files, sorted, unique. */
static void get_listing(struct catalog_cache *cc, struct reader *r)
{
	const unsigned char *start = r->p;
	const char *prev = NULL;
	uint32_t prev_len = 0;
	unsigned has = get_u8(r);
	size_t n;

	if (r->bad || has == 0) {
		r->bad = r->bad || has != 0;
		return;
	}
	if (has != 1) {
		r->bad = true;
		return;
	}
	get_key(r, &cc->listing_key);
	n = get_count(r, 4 + 5);
	cc->listed = r->p;
	for (size_t i = 0; i < n && !r->bad; i++) {
		uint32_t len = get_u32(r);
		const char *p = get_bytes(r, len);

		if (!p || !name_ok(p, len) || (prev && name_cmp(prev, prev_len, p, len) >= 0)) {
			r->bad = true;
			return;
		}
		prev = p;
		prev_len = len;
	}
	if (r->bad)
		return;
	cc->nlisted = (uint32_t)n;
	cc->listing = start;
	cc->listing_len = (size_t)(r->p - start);
}

/* Reads and checks the header and the index; the bodies stay in the file
 * until asked for. -1 with the reason in cc->note if anything is off. */
static int cache_parse(struct catalog_cache *cc)
{
	struct reader r;
	struct strbuf want;
	unsigned char sum[CACHE_SUM], *buf;
	const unsigned char *top = read_at(cc, 0, MAGIC_LEN + 8, &buf);
	const void *header;
	uint64_t index_len = 0;
	size_t n;
	int ret = -1;

	if (top)
		memcpy(&index_len, top + MAGIC_LEN, 8);
	if (!top || memcmp(top, MAGIC, MAGIC_LEN) != 0 || index_len < MAGIC_LEN + 8) {
		free(buf);
		snprintf(cc->note, sizeof(cc->note), "not a catalogue cache");
		return -1;
	}
	free(buf);
	if (index_len > cc->size || cc->size - index_len < CACHE_SUM) {
		snprintf(cc->note, sizeof(cc->note), "cut short");
		return -1;
	}
	cc->index = read_at(cc, 0, (size_t)index_len + CACHE_SUM, &cc->index_buf);
	if (!cc->index) {
		snprintf(cc->note, sizeof(cc->note), "cut short");
		return -1;
	}
	cc->bodies_at = index_len + CACHE_SUM;
	checksum(cc->index, (size_t)index_len, sum);
	if (memcmp(sum, cc->index + index_len, CACHE_SUM) != 0) {
		snprintf(cc->note, sizeof(cc->note), "checksum does not match");
		return -1;
	}
	r = (struct reader){.p = cc->index + MAGIC_LEN + 8, .end = cc->index + index_len};
	strbuf_init(&want);
	put_header(&want, cc->dir);
	header = get_bytes(&r, want.len);
	if (!header || memcmp(header, want.buf, want.len) != 0) {
		snprintf(cc->note, sizeof(cc->note),
		         "made by another upskill, schema or format, or for another folder");
		goto out;
	}
	{
		int64_t sec = get_i64(&r), nsec = get_i64(&r);

		/* As written (now_ns): a time in seconds since 1970 that
		 * nanoseconds can hold, and the nanoseconds of one second. */
		if (sec < 0 || sec > INT64_MAX / 1000000000LL - 1 || nsec < 0 ||
		    nsec >= 1000000000LL)
			r.bad = true;
		else
			cc->made_ns = sec * 1000000000LL + nsec;
	}
	n = get_count(&r, 4 + 8 * 7 + 64 + 4 + 8 + 4 + CACHE_SUM);
	/* One allocation for the entries, which point into the index. */
	xgrow(&cc->entries, &cc->cap, n, sizeof(*cc->entries));
	for (size_t i = 0; i < n && !r.bad; i++) {
		struct entry e = {0};
		uint32_t plen = get_u32(&r);
		const char *p = get_bytes(&r, plen);
		const void *key, *sha, *bsum;
		uint64_t body_at;
		uint32_t body_len;

		if (!p || !name_ok(p, plen)) {
			r.bad = true;
			break;
		}
		key = get_bytes(&r, REC_SHA - REC_KEY);
		sha = get_bytes(&r, 64);
		e.head_len = get_u32(&r);
		e.head = get_bytes(&r, e.head_len);
		body_at = get_u64(&r);
		body_len = get_u32(&r);
		bsum = get_bytes(&r, CACHE_SUM);
		if (!key || !sha || !e.head || !bsum || e.head_len == 0 ||
		    body_at > cc->size - cc->bodies_at ||
		    body_len > cc->size - cc->bodies_at - body_at) {
			r.bad = true;
			break;
		}
		assert(e.head == (const unsigned char *)p + plen + REC_HEAD);
		e.name = p;
		e.name_len = plen;
		/* Sorted and unique, so a lookup can bisect. */
		if (cc->n) {
			const struct entry *last = &cc->entries[cc->n - 1];

			if (name_cmp(last->name, last->name_len, p, plen) >= 0) {
				r.bad = true;
				break;
			}
		}
		cc->entries[cc->n++] = e;
	}
	if (!r.bad)
		get_listing(cc, &r);
	if (r.bad || r.p != r.end) {
		snprintf(cc->note, sizeof(cc->note), "index cut short or malformed");
		entries_release(cc);
		cc->listing = NULL;
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&want);
	return ret;
}

static void cache_unmap(struct catalog_cache *cc)
{
	if (cc->map)
		munmap(cc->map, (size_t)cc->size);
	cc->map = NULL;
}

/* What was read is forgotten: every file will be loaded. */
static void cache_forget(struct catalog_cache *cc)
{
	entries_release(cc);
	cc->listing = NULL;
	free(cc->index_buf);
	cc->index_buf = NULL;
	cc->index = NULL;
	cache_unmap(cc);
	if (cc->fd >= 0)
		close(cc->fd);
	cc->fd = -1;
	cc->memory = NULL;
	cc->size = 0;
	cc->dirty = true;
}

/*
 * The file is mapped (read-only, private), not read: its index is then the
 * page cache's own pages, where reading it copied some 370 kB at 800
 * modules into fresh memory, a page fault a page. It is checked as much as
 * ever: the index whole against its checksum, every read against its
 * bounds, each body against its checksum before it is used; the lengths
 * that bound a read are taken from it once.
 *
 * A mapped file cut short under the mapping raises SIGBUS on a read past
 * its new end. upskill never does that to its cache: the file is the
 * user's own, 0600, opened only if so (private_open), and replaced by a
 * new file renamed over it, which leaves the one mapped whole until it is
 * unmapped. Only the user (or root) truncating it in place could, as they
 * could edit the program; guarding against that would take a SIGBUS
 * handler for the whole process, so none is installed. Where mmap fails,
 * the index is read with pread as before.
 */
static void cache_map(struct catalog_cache *cc)
{
	void *map = mmap(NULL, (size_t)cc->size, PROT_READ, MAP_PRIVATE, cc->fd, 0);

	if (map == MAP_FAILED)
		return;
	cc->map = map;
	cc->memory = map;
}

/* Opens the cache file through a descriptor that follows no link and that
 * must be a regular file of the user's; it is kept for the bodies. */
static void cache_read(struct catalog_cache *cc)
{
	char *why = NULL;
	struct stat st;

	cc->fd = private_open(cc->path, O_RDONLY, &why);
	if (cc->fd < 0) {
		if (errno != ENOENT)
			snprintf(cc->note, sizeof(cc->note), "%s", why);
		free(why);
		cc->dirty = true;
		return;
	}
	if (fstat(cc->fd, &st) < 0 || st.st_size <= 0 || (uint64_t)st.st_size > CACHE_MAX_BYTES) {
		snprintf(cc->note, sizeof(cc->note), "empty, unreadable or too large");
		cache_forget(cc);
		return;
	}
	cc->size = (uint64_t)st.st_size;
	cache_map(cc);
	if (cache_parse(cc) < 0)
		cache_forget(cc);
}

struct catalog_cache *catalog_cache_open(const char *path, const char *dir)
{
	struct catalog_cache *cc = cache_new(path, dir);

	if (path)
		cache_read(cc);
	return cc;
}

struct catalog_cache *catalog_cache_from_memory(const void *data, size_t len, const char *dir)
{
	struct catalog_cache *cc = cache_new(NULL, dir);

	cc->memory = data;
	cc->size = len;
	if (cache_parse(cc) < 0)
		cache_forget(cc);
	return cc;
}

const char *catalog_cache_note(const struct catalog_cache *cc)
{
	return cc->note;
}

size_t catalog_cache_entries(const struct catalog_cache *cc)
{
	return cc->n;
}

/* An entry's name against s (m bytes). */
static int entry_name_cmp(const struct entry *e, const char *s, size_t m)
{
	return name_cmp(e->name, e->name_len, s, m);
}

/* What an entry is keyed by: the name of the file at path in its folder,
 * after the last slash. A scan's paths are the folder as spelled, a slash
 * and a name (catalog-scan.c), and the name is the same by any spelling. */
static const char *name_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static struct entry *cache_find(struct catalog_cache *cc, const char *name)
{
	size_t lo = 0, hi = cc->n, next = cc->next, m = strlen(name);

	/* A folder is loaded in the index's order: the entry after the last
	 * one found is the likely one, no bisection needed. */
	cc->next = 0;
	if (next < cc->n && entry_name_cmp(&cc->entries[next], name, m) == 0) {
		cc->next = next + 1;
		return &cc->entries[next];
	}
	if (!cc->sorted) {
		for (size_t i = 0; i < cc->n; i++)
			if (entry_name_cmp(&cc->entries[i], name, m) == 0)
				return &cc->entries[i];
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = entry_name_cmp(&cc->entries[mid], name, m);

		if (d == 0) {
			cc->next = mid + 1;
			return &cc->entries[mid];
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool key_same(const struct file_key *a, const struct file_key *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
	       a->ctime_ns == b->ctime_ns;
}

/* Whether a file's times are too near when the cache was made to tell. */
static bool key_racy(const struct file_key *k, int64_t made_ns)
{
	int64_t m = k->mtime_s * 1000000000LL + k->mtime_ns;
	int64_t c = k->ctime_s * 1000000000LL + k->ctime_ns;

	return m >= made_ns - RACY_NS || c >= made_ns - RACY_NS;
}

int catalog_cache_listing(struct catalog_cache *cc, const struct stat *dir, const char *prefix,
                          struct strbuf *names, size_t **at, size_t *cap, size_t *n)
{
	struct reader r;
	struct file_key k;
	size_t plen = strlen(prefix), len0 = names->len, n0 = *n;

	if (!cc->listing)
		return 0;
	file_key_of(dir, &k);
	/* A folder changed in the moment the cache was written may have
	 * changed again within the same tick of its clock. */
	if (!key_same(&k, &cc->listing_key) || key_racy(&k, cc->made_ns))
		return 0;
	r = (struct reader){.p = cc->listed, .end = cc->listing + cc->listing_len};
	for (uint32_t i = 0; i < cc->nlisted; i++) {
		uint32_t len = get_u32(&r);
		const char *p = get_bytes(&r, len);

		/* Checked when the index was read; read again all the same. */
		if (!p) {
			names->len = len0;
			*n = n0;
			return 0;
		}
		xgrow(at, cap, *n + 1, sizeof(**at));
		(*at)[(*n)++] = names->len;
		strbuf_add(names, prefix, plen);
		strbuf_add(names, p, len);
		strbuf_add(names, "", 1);
	}
	cc->listing_checked = true;
	return 1;
}

void catalog_cache_set_listing(struct catalog_cache *cc, const struct stat *dir,
                               const char *const *names, size_t n)
{
	struct file_key k;

	file_key_of(dir, &k);
	strbuf_release(&cc->new_listing);
	strbuf_init(&cc->new_listing);
	put_u8(&cc->new_listing, 1);
	put_key(&cc->new_listing, &k);
	put_u32(&cc->new_listing, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_str(&cc->new_listing, names[i]);
	/* The folder was read because the listing kept was not there, not
	 * the folder's, or too new to be trusted: written back unless this
	 * one is too new as well (it is still written if anything else is). */
	if (!key_racy(&k, cc->now_ns))
		cc->dirty = true;
}

/* Whether the file at path now holds the bytes whose SHA-256 is sha. */
static bool content_same(const char *path, const struct file_key *k, const char *sha)
{
	char *why = NULL, hex[DIGEST_SHA256_HEX];
	char *data;
	bool same;

	if (k->size > COURSE_MAX_BYTES)
		return false;
	data = util_read_file(path, COURSE_MAX_BYTES, &why);
	if (!data) {
		free(why);
		return false;
	}
	digest_sha256_hex(data, strlen(data), hex);
	same = strlen(data) == k->size && memcmp(hex, sha, 64) == 0;
	free(data);
	return same;
}

/* ----- the spool ----- */

/*
 * The bodies made this run wait for catalog_cache_save in a file with no
 * name beside the cache (O_TMPFILE, 0600), not in memory: at 200 modules
 * they are 7 MiB, and touching that much new memory cost a cold load some
 * 20 ms on the project's machine kind (a page fault there is dear), where
 * writing it to the kernel's page cache costs 2.5 ms and copying it from
 * there into the new cache (copy_file_range) 1.5 ms. A file system that
 * offers no such file leaves them in memory, as before. The spool is this
 * process's own; its bodies are read back checked like any other.
 */
static bool spool_open(struct catalog_cache *cc)
{
	char *dir, *slash;

	if (cc->spool_fd >= 0)
		return true;
	if (cc->spool_fd == SPOOL_NONE || !cc->path)
		return false;
	dir = xstrdup(cc->path);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	cc->spool_fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	free(dir);
	if (cc->spool_fd < 0)
		cc->spool_fd = SPOOL_NONE;
	return cc->spool_fd >= 0;
}

/* Appends a body to the spool: 0, or -1 (nothing is promised of it). */
static int spool_put(struct catalog_cache *cc, const char *data, size_t len, struct entry_data *e)
{
	size_t done = 0;

	if (!spool_open(cc))
		return -1;
	while (done < len) {
		ssize_t n = pwrite(cc->spool_fd, data + done, len - done,
		                   (off_t)(cc->spool_len + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	e->spooled = true;
	e->spool_at = cc->spool_len;
	cc->spool_len += len;
	return 0;
}

/* A spooled body, into a new buffer; NULL if it cannot be read. */
static unsigned char *spool_read(const struct catalog_cache *cc, const struct entry_data *e)
{
	return pread_new(cc->spool_fd, e->spool_at, e->body_len);
}

/* The body of an entry whose fields are d: its own as put this run, or
 * from the file read or the spool, checked against its checksum, in place
 * in the file mapped or read into *buf, which the caller frees. NULL if it
 * is not sound. */
static const unsigned char *body_of(struct catalog_cache *cc, const struct entry_data *d,
                                    unsigned char **buf)
{
	unsigned char sum[CACHE_SUM];
	const unsigned char *body;

	*buf = NULL;
	if (d->body)
		return d->body;
	if (d->body_len == 0)
		return (const unsigned char *)"";
	if (d->spooled)
		body = *buf = spool_read(cc, d);
	else
		body = read_at(cc, cc->bodies_at + d->body_at, d->body_len, buf);
	if (!body)
		return NULL;
	checksum(body, d->body_len, sum);
	if (memcmp(sum, d->body_sum, CACHE_SUM) != 0) {
		free(*buf);
		*buf = NULL;
		return NULL;
	}
	return body;
}

/* Reads the body of entry e into c, whose head came from e. */
static int body_load(struct catalog_cache *cc, const struct entry *e, struct course *c)
{
	struct entry_data d;
	const unsigned char *data;
	unsigned char *buf;
	int ret;

	entry_data(e, &d);
	data = body_of(cc, &d, &buf);
	if (!data)
		return -1;
	ret = decode_body(data, d.body_len, c);
	free(buf);
	return ret;
}

long catalog_cache_lookup(struct catalog_cache *cc, const char *path)
{
	struct entry *e = cache_find(cc, name_of(path));

	return e ? (long)(e - cc->entries) : -1;
}

/* The length of an entry's body. */
static size_t entry_body_len(const struct entry *e)
{
	return e->own ? e->own->body_len : (size_t)read32(e->head + e->head_len + 8);
}

int catalog_cache_peek(const struct catalog_cache *cc, long entry, const char *path,
                       struct course_room **rooms, struct course **course,
                       struct programme **programme)
{
	const struct entry *e = &cc->entries[entry];

	return decode_head(e->head, e->head_len, entry_body_len(e), path, rooms, course, programme);
}

enum catalog_cache_fresh catalog_cache_check(const struct catalog_cache *cc, long entry,
                                             const char *path, const struct stat *st)
{
	const struct entry *e = &cc->entries[entry];
	struct file_key have, k;

	entry_key(e, &have);
	file_key_of(st, &k);
	if (key_same(&k, &have) && !key_racy(&k, cc->made_ns))
		return CACHE_FILE_CURRENT;
	/* Only a module's hash is kept; a programme is small. */
	if (e->head[0] == ENTRY_MODULE && content_same(path, &k, entry_sha(e)))
		return CACHE_FILE_SAME;
	return CACHE_FILE_CHANGED;
}

int catalog_cache_take(struct catalog_cache *cc, long entry, const struct stat *st,
                       enum catalog_cache_fresh fresh, bool whole, struct course **course,
                       struct programme **programme)
{
	struct entry *e = &cc->entries[entry];
	struct entry_data d;

	entry_data(e, &d);
	if (e->keep || (!*course && !*programme) || fresh == CACHE_FILE_CHANGED)
		goto drop;
	if (fresh == CACHE_FILE_SAME) {
		struct file_key k;

		file_key_of(st, &k);
		/* Written back when the times moved, or once they are old enough
		 * to be trusted next time. */
		if (!key_same(&k, &d.key) || !key_racy(&k, cc->now_ns))
			cc->dirty = true;
		entry_own(e)->key = k;
	}
	if (*course) {
		struct course *c = *course;

		if (memcmp(c->sha256, d.sha256, 64) != 0 || (whole && body_load(cc, e, c) < 0))
			goto drop;
		if (!whole) {
			/* Room for every entry at once, not grown a module at
			 * a time. */
			if (!cc->pending_cap)
				xgrow(&cc->pending, &cc->pending_cap, cc->n, sizeof(*cc->pending));
			xgrow(&cc->pending, &cc->pending_cap, cc->npending + 1,
			      sizeof(*cc->pending));
			cc->pending[cc->npending++] =
			        (struct pending){c, (size_t)(e - cc->entries)};
		}
	}
	e->keep = true;
	return 1;
drop:
	course_free(*course);
	programme_free(*programme);
	*course = NULL;
	*programme = NULL;
	return 0;
}

int catalog_cache_get(struct catalog_cache *cc, const char *path, const struct stat *st, bool whole,
                      struct course **course, struct programme **programme)
{
	long entry = catalog_cache_lookup(cc, path);

	*course = NULL;
	*programme = NULL;
	if (entry < 0 || catalog_cache_peek(cc, entry, path, NULL, course, programme) < 0)
		return 0;
	return catalog_cache_take(cc, entry, st, catalog_cache_check(cc, entry, path, st), whole,
	                          course, programme);
}

void catalog_cache_forget(struct catalog_cache *cc, const struct course *course)
{
	for (size_t k = 0; k < cc->npending; k++)
		if (cc->pending[k].c == course)
			cc->pending[k].c = NULL;
}

size_t catalog_cache_pending(const struct catalog_cache *cc)
{
	return cc->npending;
}

int catalog_cache_bodies(struct catalog_cache *cc, struct course *const *courses, size_t n,
                         char **err)
{
	/* Once a body has failed, asking again fails again: decoding into the
	 * modules a second time would lose what the first decode made. */
	if (cc->failed)
		return util_error(err,
		                  "'%s': the catalogue cache changed while in use; run the command "
		                  "again",
		                  cc->path ? cc->path : "cache");
	/* Only those still in the catalogue: one left out was freed. */
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < cc->npending; k++) {
			if (cc->pending[k].c != courses[i])
				continue;
			cc->pending[k].c = NULL; /* read, or spoilt: never read again */
			if (body_load(cc, &cc->entries[cc->pending[k].entry], courses[i]) < 0) {
				cc->failed = true;
				if (cc->path)
					unlink(cc->path);
				return catalog_cache_bodies(cc, courses, 0, err);
			}
			break;
		}
	}
	cc->npending = 0;
	return 0;
}

void catalog_cache_put(struct catalog_cache *cc, const char *path, const struct stat *st,
                       const struct course *course, const struct programme *programme)
{
	const char *name = name_of(path);
	struct entry *e = cache_find(cc, name);
	struct entry_data d, *own;
	struct strbuf head, body;
	unsigned char sum[CACHE_SUM];
	struct file_key k;

	file_key_of(st, &k);
	strbuf_init(&head);
	/* Each body is made in the same buffer, reserved about as long as its
	 * file (grown from nothing, a body was copied a dozen times on the
	 * way), and then spooled. */
	body = cc->scratch;
	body.len = 0;
	strbuf_reserve(&body, (size_t)st->st_size);
	encode_parts(course, programme, &head, &body);
	checksum(body.buf ? body.buf : "", body.len, sum);
	/* Loaded again only because its times were too fresh to trust (a
	 * programme, whose hash is not kept) and found the same: nothing to
	 * write. */
	if (e)
		entry_data(e, &d);
	if (programme && e && !e->keep && key_same(&k, &d.key) && e->head_len == head.len &&
	    memcmp(e->head, head.buf, head.len) == 0 && d.body_len == body.len &&
	    memcmp(d.body_sum, sum, sizeof(sum)) == 0) {
		e->keep = true;
		strbuf_release(&head);
		cc->scratch = body;
		return;
	}
	if (!e) {
		size_t m = strlen(name);

		xgrow(&cc->entries, &cc->cap, cc->n + 1, sizeof(*cc->entries));
		e = &cc->entries[cc->n++];
		memset(e, 0, sizeof(*e));
		e->own = xcalloc(1, sizeof(*e->own));
		e->name = e->own->name = xstrdup(name);
		e->name_len = (uint32_t)m;
		if (cc->n > 1 && entry_name_cmp(&cc->entries[cc->n - 2], name, m) > 0)
			cc->sorted = false;
	}
	own = entry_own(e);
	free(own->head);
	free(own->body);
	own->body = NULL;
	own->spooled = false;
	own->key = k;
	memset(own->sha256, '0', 64);
	if (course)
		memcpy(own->sha256, course->sha256, 64);
	e->head_len = (uint32_t)head.len;
	e->head = own->head = (unsigned char *)strbuf_detach(&head);
	own->body_len = body.len;
	if (spool_put(cc, body.buf ? body.buf : "", body.len, own) < 0)
		own->body = (unsigned char *)strbuf_detach(&body);
	memcpy(own->body_sum, sum, sizeof(sum));
	e->keep = true;
	cc->dirty = true;
	strbuf_release(&head);
	cc->scratch = body;
}

struct course *catalog_cache_head(struct catalog_cache *cc, const char *path)
{
	struct entry *e = cache_find(cc, name_of(path));
	struct course *c = NULL;
	struct programme *p = NULL;

	if (!e || !e->own || !e->own->head || !(e->own->body || e->own->spooled) ||
	    decode_head(e->head, e->head_len, e->own->body_len, path, NULL, &c, &p) < 0 || !c) {
		if (p)
			programme_free(p);
		return NULL;
	}
	xgrow(&cc->pending, &cc->pending_cap, cc->npending + 1, sizeof(*cc->pending));
	cc->pending[cc->npending++] = (struct pending){c, (size_t)(e - cc->entries)};
	return c;
}

static int entry_ptr_cmp(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;

	return name_cmp(x->name, x->name_len, y->name, y->name_len);
}

static int write_all(int fd, const char *data, size_t len, const char *path, char **err)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return util_error(err, "cannot write '%s': %s", path, strerror(errno));
		done += (size_t)n;
	}
	return 0;
}

/* Copies a spooled body to the end of what fd has written, in the kernel
 * where it can (copy_file_range), through memory otherwise. */
static int spool_copy(const struct catalog_cache *cc, const struct entry_data *e, int fd,
                      const char *path, char **err)
{
	loff_t from = (loff_t)e->spool_at;
	size_t left = e->body_len;
	unsigned char *body;
	int rc;

	errno = 0;
	while (left > 0) {
		ssize_t n = copy_file_range(cc->spool_fd, &from, fd, NULL, left, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		left -= (size_t)n;
	}
	if (left == 0)
		return 0;
	/* Not offered here (another file system, an old kernel): the rest
	 * through memory. */
	body = spool_read(cc, e);
	if (!body)
		return util_error(err, "cannot read back the cache's bodies: %s",
		                  errno ? strerror(errno) : "cut short");
	rc = write_all(fd, (const char *)body + (e->body_len - left), left, path, err);
	free(body);
	return rc;
}

int catalog_cache_save(struct catalog_cache *cc, char **err)
{
	struct strbuf index;
	uint64_t at = 0;
	unsigned char sum[CACHE_SUM];
	struct entry **order = NULL;
	char *tmp = NULL;
	size_t kept = 0, nkeep = 0;
	uint64_t index_len;
	int fd = -1, ret = -1;

	for (size_t i = 0; i < cc->n; i++)
		kept += cc->entries[i].keep;
	/* Entries of files no longer there make it worth writing too. */
	if (!cc->path || (!cc->dirty && kept == cc->n))
		return 0;
	strbuf_init(&index);
	/* In name order, through pointers: pending bodies know their entry by
	 * its place. */
	order = xcalloc(cc->n ? cc->n : 1, sizeof(*order));
	for (size_t i = 0; i < cc->n; i++)
		if (cc->entries[i].keep)
			order[nkeep++] = &cc->entries[i];
	qsort(order, nkeep, sizeof(*order), entry_ptr_cmp);

	put_bytes(&index, MAGIC, MAGIC_LEN);
	put_u64(&index, 0); /* the index's length, once known */
	put_header(&index, cc->dir);
	put_i64(&index, cc->now_ns / 1000000000LL);
	put_i64(&index, cc->now_ns % 1000000000LL);
	put_u32(&index, 0); /* the number of entries, once known */
	kept = 0;
	for (size_t i = 0; i < nkeep; i++) {
		const struct entry *e = order[i];
		struct entry_data d;

		entry_data(e, &d);
		put_u32(&index, e->name_len);
		put_bytes(&index, e->name, e->name_len);
		put_key(&index, &d.key);
		put_bytes(&index, d.sha256, 64);
		put_u32(&index, e->head_len);
		put_bytes(&index, e->head, e->head_len);
		put_u64(&index, at);
		put_u32(&index, (uint32_t)d.body_len);
		put_bytes(&index, d.body_sum, CACHE_SUM);
		at += d.body_len;
		kept++;
	}
	/* The listing read this run, or the one in the old index if it was
	 * found to be the folder's: one not checked is not written under this
	 * run's time, which would make it look older than it is. */
	if (cc->new_listing.len)
		put_bytes(&index, cc->new_listing.buf, cc->new_listing.len);
	else if (cc->listing && cc->listing_checked)
		put_bytes(&index, cc->listing, cc->listing_len);
	else
		put_u8(&index, 0);
	index_len = index.len;
	memcpy(index.buf + MAGIC_LEN, &index_len, 8);
	{
		/* The count sits just before the first entry. */
		struct strbuf head;
		uint32_t n32 = (uint32_t)kept;

		strbuf_init(&head);
		put_bytes(&head, MAGIC, MAGIC_LEN);
		put_u64(&head, 0);
		put_header(&head, cc->dir);
		memcpy(index.buf + head.len + 16, &n32, 4);
		strbuf_release(&head);
	}
	checksum(index.buf, index.len, sum);
	put_bytes(&index, sum, sizeof(sum));

	/* A new file renamed over the old: a reader sees one or the other. */
	tmp = xasprintf("%s.%ld.tmp", cc->path, (long)getpid());
	unlink(tmp);
	fd = private_open(tmp, O_WRONLY | O_CREAT | O_EXCL, err);
	if (fd < 0)
		goto out;
	if (write_all(fd, index.buf, index.len, tmp, err) < 0)
		goto out;
	/* The bodies one at a time, not gathered: at 800 modules they are
	 * some 27 MB. One of the old file's that no longer matches its
	 * checksum spoils the lot: nothing is replaced, the next load
	 * rebuilds. */
	for (size_t i = 0; i < nkeep; i++) {
		struct entry_data d;
		const unsigned char *body;
		unsigned char *buf;
		int rc;

		entry_data(order[i], &d);
		if (d.spooled) {
			if (spool_copy(cc, &d, fd, tmp, err) < 0)
				goto out;
			continue;
		}
		body = body_of(cc, &d, &buf);
		if (!body) {
			util_error(err, "'%s': a body does not match its checksum", cc->path);
			goto out;
		}
		rc = write_all(fd, (const char *)body, d.body_len, tmp, err);
		free(buf);
		if (rc < 0)
			goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		util_error(err, "cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, cc->path) < 0) {
		util_error(err, "cannot replace '%s': %s", cc->path, strerror(errno));
		goto out;
	}
	cc->dirty = false;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(order);
	strbuf_release(&index);
	return ret;
}

void catalog_cache_free(struct catalog_cache *cc)
{
	if (!cc)
		return;
	entries_release(cc);
	free(cc->index_buf);
	cache_unmap(cc);
	free(cc->pending);
	if (cc->fd >= 0)
		close(cc->fd);
	if (cc->spool_fd >= 0)
		close(cc->spool_fd);
	strbuf_release(&cc->scratch);
	strbuf_release(&cc->new_listing);
	free(cc->path);
	free(cc->dir);
	free(cc);
}
