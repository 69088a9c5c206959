/*
 * The compiled catalogue (see catalog-cache.h): a file of what the course
 * loader made, so a process rebuilds unchanged modules from it without
 * libxml2, and its reader, which trusts none of it.
 *
 * The file, in the machine's own byte order (a marker says which):
 *
 *   magic "upskill catalogue cache\n" (24 bytes), u32 byte-order marker,
 *   u32 CATALOG_CACHE_FORMAT, string upskill version, string SHA-256 of the
 *   built-in course schema, string the course folder, u32 sizes of the
 *   structs the loader makes, i64 seconds and nanoseconds when the cache
 *   was made, u32 entries, then each entry: string path, u64 device, inode,
 *   size, i64 modification and change times (seconds, nanoseconds),
 *   64 bytes SHA-256 (hex), u32 length and the encoded module or programme;
 *   last, a BLAKE2b checksum (32 bytes) of everything before it.
 *
 * A string is a u32 length and its bytes (no NUL); 0xFFFFFFFF stands for
 * NULL. Entries are in strictly increasing byte order of path.
 */
#include "catalog-cache.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "private.h"
#include "schema.h"

#define MAGIC           "upskill catalogue cache\n"
#define MAGIC_LEN       24
#define BYTE_ORDER_MARK 0x01020304u
#define NULL_LEN        0xFFFFFFFFu
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

struct entry {
	char *path;
	struct file_key key;
	char sha256[65];
	const unsigned char *data; /* the encoding, in image or owned */
	size_t len;
	unsigned char *owned; /* data, when put this run */
	bool keep;            /* got or put this run: written back */
};

struct catalog_cache {
	char *path; /* NULL: nothing is written */
	char *dir;
	unsigned char *image; /* the file read, owned */
	const unsigned char *data;
	size_t len;
	int64_t made_ns; /* when the cache read was made */
	int64_t now_ns;  /* when this one is: the start of this load */
	struct entry *entries;
	size_t n, cap;
	bool sorted; /* entries still in path order (nothing put out of order) */
	bool dirty;
	char note[160];
};

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

static void put_course(struct strbuf *sb, const struct course *c)
{
	put_str(sb, c->path);
	put_bytes(sb, c->sha256, 64);
	put_u32(sb, (uint32_t)c->line);
	put_u32(sb, (uint32_t)c->format);
	put_str(sb, c->id);
	put_str(sb, c->version);
	put_str(sb, c->title);
	put_str(sb, c->topic);
	put_str(sb, c->summary);
	put_u32(sb, (uint32_t)c->minutes);
	put_strs(sb, c->requires, c->nrequires);
	for (size_t i = 0; i < c->nrequires; i++)
		put_u32(sb, (uint32_t)c->requires_line[i]);
	put_u32(sb, (uint32_t)c->npages);
	for (size_t i = 0; i < c->npages; i++) {
		put_str(sb, c->pages[i].title);
		put_blocks(sb, c->pages[i].blocks, c->pages[i].nblocks);
	}
	put_u8(sb, c->policy != NULL);
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
	for (size_t i = 0; i < c->quiz.nquestions; i++)
		put_question(sb, &c->quiz.questions[i]);
}

static void put_programme(struct strbuf *sb, const struct programme *p)
{
	put_str(sb, p->path);
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

void catalog_cache_encode(const struct course *course, const struct programme *programme,
                          struct strbuf *out)
{
	if (course) {
		put_u8(out, ENTRY_MODULE);
		put_course(out, course);
	} else {
		put_u8(out, ENTRY_PROGRAMME);
		put_programme(out, programme);
	}
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

/* An int the loader made from a u32 it wrote. */
static int get_int(struct reader *r)
{
	uint32_t v = get_u32(r);

	return (int)(int32_t)v;
}

/* A string into the module's block; NULL for the NULL mark, and on error
 * (with r->bad set). A NUL inside is refused: the loader never makes one. */
static char *get_str(struct reader *r)
{
	uint32_t n = get_u32(r);
	const char *s;
	char *out;

	if (r->bad || n == NULL_LEN)
		return NULL;
	s = get_bytes(r, n);
	if (!s || memchr(s, '\0', n) || (size_t)(r->strings_end - r->strings) < (size_t)n + 1) {
		r->bad = true;
		return NULL;
	}
	out = r->strings;
	memcpy(out, s, n);
	out[n] = '\0';
	r->strings += n + 1;
	return out;
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
		q->choices[i].correct = get_u8(r) != 0;
		q->choices[i].feedback = get_str(r);
	}
	q->accepted = get_strs(r, &q->naccepted);
	q->case_sensitive = get_u8(r) != 0;
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

static void get_course(struct reader *r, struct course *c)
{
	const char *sha;

	c->path = get_str_set(r);
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
	c->requires = get_strs(r, &c->nrequires);
	if (c->nrequires)
		c->requires_line = xcalloc(c->nrequires, sizeof(*c->requires_line));
	for (size_t i = 0; i < c->nrequires; i++)
		c->requires_line[i] = get_int(r);
	c->pages = get_array(r, &c->npages, 8, sizeof(*c->pages));
	for (size_t i = 0; i < c->npages && !r->bad; i++) {
		c->pages[i].title = get_str(r);
		c->pages[i].blocks = get_blocks(r, &c->pages[i].nblocks, 0);
	}
	if (get_u8(r)) {
		c->policy = xcalloc(1, sizeof(*c->policy));
		c->policy->version = get_str_set(r);
		c->policy->valid_months = get_int(r);
		c->policy->minor = get_u8(r) != 0;
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
	c->quiz.questions = get_array(r, &c->quiz.nquestions, 40, sizeof(*c->quiz.questions));
	for (size_t i = 0; i < c->quiz.nquestions && !r->bad; i++)
		get_question(r, &c->quiz.questions[i]);
}

static void get_programme(struct reader *r, struct programme *p)
{
	p->path = get_str_set(r);
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

int catalog_cache_decode(const void *data, size_t len, struct course **course,
                         struct programme **programme)
{
	struct reader r = {.p = data, .end = (const unsigned char *)data + len};
	unsigned kind = get_u8(&r);

	*course = NULL;
	*programme = NULL;
	if (kind == ENTRY_MODULE) {
		struct course *c = course_new();

		r.strings = course_strings(c, len);
		r.strings_end = r.strings + len;
		get_course(&r, c);
		if (r.bad || r.p != r.end) {
			course_free(c);
			return -1;
		}
		*course = c;
		return 0;
	}
	if (kind == ENTRY_PROGRAMME) {
		struct programme *p = programme_new();

		r.strings = programme_strings(p, len);
		r.strings_end = r.strings + len;
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

/* ----- the file ----- */

/* What the cache depends on besides its entries: a cache made by another
 * build whose loader made other structs, or for another schema, is stale. */
static void put_header(struct strbuf *sb, const char *dir, int64_t made_ns)
{
	char schema[CRYPTO_SHA256_HEX];

	crypto_sha256_hex(schema_course_xsd(), schema_course_xsd_len(), schema);
	put_bytes(sb, MAGIC, MAGIC_LEN);
	put_u32(sb, BYTE_ORDER_MARK);
	put_u32(sb, CATALOG_CACHE_FORMAT);
	put_str(sb, UPSKILL_VERSION);
	put_str(sb, schema);
	put_str(sb, dir);
	put_u32(sb, (uint32_t)sizeof(struct course));
	put_u32(sb, (uint32_t)sizeof(struct question));
	put_u32(sb, (uint32_t)sizeof(struct block));
	put_u32(sb, (uint32_t)sizeof(struct programme));
	put_i64(sb, made_ns / 1000000000LL);
	put_i64(sb, made_ns % 1000000000LL);
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
	cc->dir = xstrdup(dir);
	cc->now_ns = now_ns();
	cc->sorted = true;
	return cc;
}

static void entries_release(struct catalog_cache *cc)
{
	for (size_t i = 0; i < cc->n; i++) {
		free(cc->entries[i].path);
		free(cc->entries[i].owned);
	}
	free(cc->entries);
	cc->entries = NULL;
	cc->n = cc->cap = 0;
}

/* Reads the header and the entries' keys (their encodings are decoded when
 * asked for). -1 with the reason in cc->note if anything is off. */
static int cache_parse(struct catalog_cache *cc)
{
	struct reader r = {.p = cc->data, .end = cc->data + cc->len};
	struct strbuf want;
	unsigned char sum[CRYPTO_CHECKSUM];
	const void *header;
	size_t n;
	int ret = -1;

	if (cc->len < MAGIC_LEN + CRYPTO_CHECKSUM || memcmp(cc->data, MAGIC, MAGIC_LEN) != 0) {
		snprintf(cc->note, sizeof(cc->note), "not a catalogue cache");
		return -1;
	}
	crypto_checksum(cc->data, cc->len - CRYPTO_CHECKSUM, sum);
	if (memcmp(sum, cc->data + cc->len - CRYPTO_CHECKSUM, CRYPTO_CHECKSUM) != 0) {
		snprintf(cc->note, sizeof(cc->note), "checksum does not match");
		return -1;
	}
	r.end -= CRYPTO_CHECKSUM;
	/* Everything up to the time it was made must be what this build would
	 * write for this folder. */
	strbuf_init(&want);
	put_header(&want, cc->dir, 0);
	want.len -= 16;
	header = get_bytes(&r, want.len);
	if (!header || memcmp(header, want.buf, want.len) != 0) {
		snprintf(cc->note, sizeof(cc->note),
		         "made by another upskill, schema or format, or for another folder");
		goto out;
	}
	cc->made_ns = get_i64(&r) * 1000000000LL;
	cc->made_ns += get_i64(&r);
	n = get_count(&r, 4 + 8 * 7 + 64 + 4);
	for (size_t i = 0; i < n && !r.bad; i++) {
		struct entry e = {0};
		uint32_t len, plen = get_u32(&r);
		const char *p = get_bytes(&r, plen);
		const char *sha;

		if (!p || plen == 0 || memchr(p, '\0', plen)) {
			r.bad = true;
			break;
		}
		e.key.dev = get_u64(&r);
		e.key.ino = get_u64(&r);
		e.key.size = get_u64(&r);
		e.key.mtime_s = get_i64(&r);
		e.key.mtime_ns = get_i64(&r);
		e.key.ctime_s = get_i64(&r);
		e.key.ctime_ns = get_i64(&r);
		sha = get_bytes(&r, 64);
		len = get_u32(&r);
		e.data = get_bytes(&r, len);
		if (!sha || !e.data) {
			r.bad = true;
			break;
		}
		memcpy(e.sha256, sha, 64);
		e.path = xstrndup(p, plen);
		/* Sorted and unique, so a lookup can bisect. */
		if (cc->n && strcmp(cc->entries[cc->n - 1].path, e.path) >= 0) {
			free(e.path);
			r.bad = true;
			break;
		}
		e.len = len;
		xgrow(&cc->entries, &cc->cap, cc->n + 1, sizeof(*cc->entries));
		cc->entries[cc->n++] = e;
	}
	if (r.bad || r.p != r.end) {
		snprintf(cc->note, sizeof(cc->note), "entries cut short or malformed");
		entries_release(cc);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&want);
	return ret;
}

/* Reads the cache file whole through a descriptor that follows no link and
 * that must be a regular file of the user's. */
static void cache_read(struct catalog_cache *cc)
{
	char *why = NULL;
	int fd = private_open(cc->path, O_RDONLY, &why);
	struct stat st;
	size_t got = 0;

	if (fd < 0) {
		if (errno != ENOENT)
			snprintf(cc->note, sizeof(cc->note), "%s", why);
		free(why);
		return;
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0 || (uint64_t)st.st_size > CACHE_MAX_BYTES) {
		snprintf(cc->note, sizeof(cc->note), "empty, unreadable or too large");
		close(fd);
		return;
	}
	cc->image = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, cc->image + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	cc->data = cc->image;
	cc->len = got;
	if (cache_parse(cc) < 0) {
		free(cc->image);
		cc->image = NULL;
		cc->data = NULL;
		cc->len = 0;
		cc->dirty = true;
	}
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

	cc->data = data;
	cc->len = len;
	if (cache_parse(cc) < 0) {
		cc->data = NULL;
		cc->len = 0;
	}
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

static struct entry *cache_find(struct catalog_cache *cc, const char *path)
{
	size_t lo = 0, hi = cc->n;

	if (!cc->sorted) {
		for (size_t i = 0; i < cc->n; i++)
			if (strcmp(cc->entries[i].path, path) == 0)
				return &cc->entries[i];
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(cc->entries[mid].path, path);

		if (d == 0)
			return &cc->entries[mid];
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

/* Whether the file at path now holds the bytes whose SHA-256 is sha. */
static bool content_same(const char *path, const struct file_key *k, const char *sha)
{
	char *why = NULL, hex[CRYPTO_SHA256_HEX];
	char *data;
	bool same;

	if (k->size > COURSE_MAX_BYTES)
		return false;
	data = util_read_file(path, COURSE_MAX_BYTES, &why);
	if (!data) {
		free(why);
		return false;
	}
	crypto_sha256_hex(data, strlen(data), hex);
	/* A NUL inside would make strlen short: then it is not the same. */
	same = strlen(data) == k->size && memcmp(hex, sha, 64) == 0;
	free(data);
	return same;
}

int catalog_cache_get(struct catalog_cache *cc, const char *path, const struct stat *st,
                      struct course **course, struct programme **programme)
{
	struct entry *e = cache_find(cc, path);
	struct file_key k;

	*course = NULL;
	*programme = NULL;
	if (!e || e->keep)
		return 0;
	file_key_of(st, &k);
	if (!key_same(&k, &e->key) || key_racy(&k, cc->made_ns)) {
		/* Only a module's hash is kept; a programme is small. */
		if (e->len == 0 || e->data[0] != ENTRY_MODULE || !content_same(path, &k, e->sha256))
			return 0;
		/* Written back when the times moved, or once they are old enough
		 * to be trusted next time. */
		if (!key_same(&k, &e->key) || !key_racy(&k, cc->now_ns))
			cc->dirty = true;
		e->key = k;
	}
	if (catalog_cache_decode(e->data, e->len, course, programme) < 0)
		return 0;
	if (*course &&
	    (strcmp((*course)->path, path) != 0 || memcmp((*course)->sha256, e->sha256, 64) != 0)) {
		course_free(*course);
		*course = NULL;
		return 0;
	}
	if (*programme && strcmp((*programme)->path, path) != 0) {
		programme_free(*programme);
		*programme = NULL;
		return 0;
	}
	e->keep = true;
	return 1;
}

void catalog_cache_put(struct catalog_cache *cc, const char *path, const struct stat *st,
                       const struct course *course, const struct programme *programme)
{
	struct entry *e = cache_find(cc, path);
	struct strbuf sb;

	if (!e) {
		xgrow(&cc->entries, &cc->cap, cc->n + 1, sizeof(*cc->entries));
		e = &cc->entries[cc->n++];
		memset(e, 0, sizeof(*e));
		e->path = xstrdup(path);
		if (cc->n > 1 && strcmp(cc->entries[cc->n - 2].path, path) > 0)
			cc->sorted = false;
	}
	free(e->owned);
	file_key_of(st, &e->key);
	memset(e->sha256, '0', 64);
	if (course)
		memcpy(e->sha256, course->sha256, 64);
	strbuf_init(&sb);
	catalog_cache_encode(course, programme, &sb);
	e->len = sb.len;
	e->owned = (unsigned char *)strbuf_detach(&sb);
	e->data = e->owned;
	e->keep = true;
	cc->dirty = true;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

int catalog_cache_save(struct catalog_cache *cc, char **err)
{
	struct strbuf sb;
	unsigned char sum[CRYPTO_CHECKSUM];
	char *tmp = NULL;
	size_t kept = 0, done = 0;
	int fd = -1, ret = -1;

	for (size_t i = 0; i < cc->n; i++)
		kept += cc->entries[i].keep;
	/* Entries of files no longer there make it worth writing too. */
	if (!cc->path || (!cc->dirty && kept == cc->n))
		return 0;
	if (!cc->sorted) {
		qsort(cc->entries, cc->n, sizeof(*cc->entries), entry_cmp);
		cc->sorted = true;
	}
	strbuf_init(&sb);
	put_header(&sb, cc->dir, cc->now_ns);
	put_u32(&sb, (uint32_t)kept);
	for (size_t i = 0; i < cc->n; i++) {
		const struct entry *e = &cc->entries[i];

		if (!e->keep)
			continue;
		put_str(&sb, e->path);
		put_u64(&sb, e->key.dev);
		put_u64(&sb, e->key.ino);
		put_u64(&sb, e->key.size);
		put_i64(&sb, e->key.mtime_s);
		put_i64(&sb, e->key.mtime_ns);
		put_i64(&sb, e->key.ctime_s);
		put_i64(&sb, e->key.ctime_ns);
		put_bytes(&sb, e->sha256, 64);
		put_u32(&sb, (uint32_t)e->len);
		put_bytes(&sb, e->data, e->len);
	}
	crypto_checksum(sb.buf, sb.len, sum);
	put_bytes(&sb, sum, sizeof(sum));

	/* A new file renamed over the old: a reader sees one or the other. */
	tmp = xasprintf("%s.%ld.tmp", cc->path, (long)getpid());
	unlink(tmp);
	fd = private_open(tmp, O_WRONLY | O_CREAT | O_EXCL, err);
	if (fd < 0)
		goto out;
	while (done < sb.len) {
		ssize_t n = write(fd, sb.buf + done, sb.len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			util_error(err, "cannot write '%s': %s", tmp, strerror(errno));
			goto out;
		}
		done += (size_t)n;
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
	strbuf_release(&sb);
	return ret;
}

void catalog_cache_free(struct catalog_cache *cc)
{
	if (!cc)
		return;
	entries_release(cc);
	free(cc->image);
	free(cc->path);
	free(cc->dir);
	free(cc);
}
