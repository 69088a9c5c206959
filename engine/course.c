/*
 * Loads course modules and programmes from XML into the plain structs of
 * course.h. This is the only file that includes libxml2.
 *
 * Course files are untrusted: the size is checked before reading, the bytes
 * must be UTF-8, any DOCTYPE is refused as soon as the parser meets it (so no
 * entity is ever declared, let alone expanded or fetched), the parser never
 * touches the network, and every message libxml2 produces is collected as
 * "file:line: message" instead of being printed. The tree is then validated
 * against the built-in schema, compiled once per process, and walked once
 * more for the rules XSD 1.0 cannot say.
 *
 * The same care serves other XML formats (Moodle question banks) through
 * course_xml_stream at the end: a SAX push parser fed in chunks, so a big
 * export is never held whole, with plain callbacks so libxml2 stays here.
 */
#include "course.h"
#include "digest.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "dynlib.h"
#include "schema.h"
#include "scratch.h"

/*
 * libxml2 is opened when a file is first parsed, not linked (dynlib.h): with
 * ICU, libstdc++ and the rest it pulls in, it was half the page faults of
 * every start, and a warm start, whose catalogue comes from the cache, never
 * parses. These are the functions this file calls, filled by libxml_open as
 * libxml.<name> from the symbol <prefix><name>. xmlFree is a variable (a
 * function pointer) in this build, so its slot holds the variable's address.
 * The four error globals are macros over the __xml functions that return
 * the address of this thread's copy, as the header's own macros call them.
 */
#define LIBXML "libxml2.so.2"
/* clang-format off */
#define LIBXML_FUNCTIONS(X) \
	X(xml, CleanupParser) \
	X(xml, CreatePushParserCtxt) \
	X(xml, CtxtReadIO) \
	X(xml, CtxtUseOptions) \
	X(xml, DocGetRootElement) \
	X(xml, Free) \
	X(xml, FreeDoc) \
	X(xml, FreeParserCtxt) \
	X(xml, GetExternalEntityLoader) \
	X(xml, GetLineNo) \
	X(xml, InitParser) \
	X(xml, MemSetup) \
	X(xml, NewParserCtxt) \
	X(xml, NodeListGetString) \
	X(xml, ParseChunk) \
	X(xml, ResetLastError) \
	X(xml, SAX2Characters) \
	X(xml, SAX2Comment) \
	X(xml, SAX2EndElementNs) \
	X(xml, SAX2GetColumnNumber) \
	X(xml, SAX2GetLineNumber) \
	X(xml, SAX2ProcessingInstruction) \
	X(xml, SAX2Reference) \
	X(xml, SAX2StartElementNs) \
	X(xml, SchemaFree) \
	X(xml, SchemaFreeParserCtxt) \
	X(xml, SchemaFreeValidCtxt) \
	X(xml, SchemaNewMemParserCtxt) \
	X(xml, SchemaNewValidCtxt) \
	X(xml, SchemaParse) \
	X(xml, SchemaSetParserStructuredErrors) \
	X(xml, SchemaSetValidStructuredErrors) \
	X(xml, SchemaValidateDoc) \
	X(xml, SetExternalEntityLoader) \
	X(xml, SetGenericErrorFunc) \
	X(xml, SetStructuredErrorFunc) \
	X(xml, StopParser) \
	X(xml, StrEqual) \
	X(__xml, GenericError) \
	X(__xml, GenericErrorContext) \
	X(__xml, StructuredError) \
	X(__xml, StructuredErrorContext)
/* clang-format on */
static struct {
#define LIBXML_SLOT(prefix, name) __typeof__(prefix##name) *name;
	LIBXML_FUNCTIONS(LIBXML_SLOT)
#undef LIBXML_SLOT
} libxml;
static void *libxml_lib;     /* set once every slot is filled */
static char *libxml_failure; /* why it could not be, kept to say it once per list */

/*
 * A course file's tree in scratch memory. libxml2 makes a node, a name and
 * a string for each element and attribute and frees them one by one when
 * the tree goes: malloc and free were a fifth of a cold load's
 * instructions. While one file is parsed, checked and walked (doc_begin to
 * doc_end), libxml2's allocations come from doc_scratch, its frees of them
 * do nothing, and the whole is given back at once when the file is done;
 * the next file reuses the memory. Outside that, and for everything
 * allocated outside it, libxml2 gets malloc's.
 *
 * What libxml2 sets up the first time it is used (for a parse, or for a
 * validation) it keeps for the life of the process, so a kind of work is
 * done in scratch only once it has been done once with malloc's memory;
 * the schema is compiled with malloc's, and libxml2's copy of the last
 * error is cleared before the scratch is reset, so nothing libxml2 keeps
 * points into it.
 */
static struct scratch doc_scratch;
static bool doc_in_scratch;
/* The kinds of work (DOC_*) done once with malloc's memory. */
static unsigned doc_kinds_seen;
enum { DOC_PARSED = 1, DOC_VALIDATED = 2, DOC_SKIMMED = 4 };

static void *xml_malloc(size_t n)
{
	return doc_in_scratch ? scratch_alloc(&doc_scratch, n) : malloc(n);
}

static void *xml_realloc(void *p, size_t n)
{
	if (p && scratch_owns(&doc_scratch, p)) {
		/* A block of a file done with, kept by libxml2 past the reset,
		 * is not read: refused, which libxml2 takes for no memory. */
		return doc_in_scratch ? scratch_realloc(&doc_scratch, p, n) : NULL;
	}
	if (!p && doc_in_scratch)
		return scratch_alloc(&doc_scratch, n);
	return realloc(p, n);
}

static void xml_free(void *p)
{
	if (p && !scratch_owns(&doc_scratch, p))
		free(p);
}

static char *xml_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = xml_malloc(n);

	return copy ? memcpy(copy, s, n) : NULL;
}

/* The scratch for a file's tree, if work of these kinds was done before;
 * returns what doc_end needs. */
static unsigned doc_begin(unsigned kinds)
{
	doc_in_scratch = (doc_kinds_seen & kinds) == kinds;
	return kinds;
}

static void doc_end(unsigned kinds)
{
	if (doc_in_scratch) {
		libxml.ResetLastError();
		doc_in_scratch = false;
		scratch_reset(&doc_scratch);
	}
	doc_kinds_seen |= kinds;
}

/* Opens libxml2 before a file is parsed: 0, or -1 with the reason in errors.
 * A folder of modules parsed while the library is missing gets the reason
 * once, not once a file, and the library is looked for only once. */
static int libxml_open(struct strlist *errors)
{
	void *lib;

	if (libxml_lib)
		return 0;
	if (!libxml_failure) {
		if (!(lib = dynlib_open(LIBXML, "libxml2", &libxml_failure)))
			goto failed;
#define LIBXML_LOAD(prefix, name)                                                                  \
	if (dynlib_sym(lib, LIBXML, #prefix #name, &libxml.name, sizeof(libxml.name),              \
	               &libxml_failure) < 0)                                                       \
		goto failed;
		LIBXML_FUNCTIONS(LIBXML_LOAD)
#undef LIBXML_LOAD
		libxml_lib = lib;
		/* Before libxml2 allocates anything. */
		libxml.MemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup);
		libxml.InitParser();
		return 0;
	}
failed:
	if (!strlist_has(errors, libxml_failure))
		strlist_add(errors, libxml_failure);
	return -1;
}

/* A file with thousands of problems is better fixed from the first few; the
 * cap also bounds the memory a hostile file can make us spend on messages. */
#define COURSE_MAX_ERRORS 100

const char *const course_known_topics[] = {
        "strategy", "voice",    "policy",   "engagement", "handover",
        "content",  "accounts", "security", "law",        NULL,
};

/* The schema, compiled on first use and kept for the life of the process. */
static xmlSchemaPtr course_schema;
static xmlSchemaPtr duties_schema; /* the same for duty plans */
/* A "C" locale for numbers, so a learner's LC_NUMERIC cannot turn "2.5" into 2. */
static locale_t course_c_locale;

/*
 * Where a course's strings live. A module holds thousands of short strings
 * and loading spent most of its time in malloc and free, so they are carved
 * from a few blocks owned by the course and freed with it.
 */
struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct arena_block *head;
	struct arena_block *first; /* allocated with its owner, not freed alone */
};

/* Many modules' heads in one allocation (course_new_head), freed with the
 * last of them and its maker's hold. */
struct course_room {
	atomic_size_t holds;
	size_t used, cap;
	alignas(max_align_t) char data[];
};

/* What course_load_*() hands out: the public struct first, so a pointer to
 * it is a pointer to the box, and course_free() can find the strings. */
struct course_box {
	struct course course;
	struct arena strings;
	struct course_room *room; /* the box is in it, or NULL: malloc'd */
	/* The head's arrays (prerequisites and their lines, pages, policy)
	 * are in the box's own block, not malloc'd each (course_fixed). */
	bool fixed;
};

struct programme_box {
	struct programme programme;
	struct arena strings;
};

static char *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;

	if (!b || b->cap - b->used < n) {
		/* Blocks grow with the course; a long text gets its own. */
		size_t cap = b && b->cap < 64 * 1024 ? b->cap * 2 : 4096;

		if (cap < n)
			cap = n;
		b = xmalloc(sizeof(*b) + cap);
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

/* Gives back the end of the last allocation, p, keeping its first n bytes. */
static void arena_trim(struct arena *a, const char *p, size_t n)
{
	a->head->used = (size_t)(p - a->head->data) + n;
}

static char *arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(arena_alloc(a, n), s, n);
}

static void arena_release(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;

		if (a->head != a->first)
			free(a->head);
		a->head = next;
	}
}

/* What one load is collecting. */
struct loader {
	const char *name;
	struct strlist *errors;
	size_t first;   /* errors->n when this load began */
	size_t dropped; /* errors past COURSE_MAX_ERRORS, counted but not kept */
	bool refused;   /* the parser was stopped on purpose (a DOCTYPE) */
	/* Messages of the loader's own checks, held back so that they can be
	 * reported in file order whichever check found them first. */
	struct check *checks;
	size_t nchecks, checks_cap;
	struct arena *strings; /* of the course or programme being built */
	struct skim *skim;     /* a head-only parse (see skim_install), or NULL */
};

struct check {
	int line;
	size_t order;
	char *msg;
};

static void loader_addv(struct loader *ld, int line, const char *fmt, va_list ap) UTIL_PRINTF(3, 0);

static void loader_addv(struct loader *ld, int line, const char *fmt, va_list ap)
{
	char *msg;

	if (ld->errors->n - ld->first >= COURSE_MAX_ERRORS) {
		ld->dropped++;
		return;
	}
	msg = xvasprintf(fmt, ap);
	if (line > 0)
		strlist_addf(ld->errors, "%s:%d: %s", ld->name, line, msg);
	else
		strlist_addf(ld->errors, "%s: %s", ld->name, msg);
	free(msg);
}

static void loader_add(struct loader *ld, int line, const char *fmt, ...) UTIL_PRINTF(3, 4);

static void loader_add(struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	loader_addv(ld, line, fmt, ap);
	va_end(ap);
}

static size_t loader_count(const struct loader *ld)
{
	return ld->errors->n - ld->first + ld->dropped + ld->nchecks;
}

static void check_add(struct loader *ld, int line, const char *fmt, ...) UTIL_PRINTF(3, 4);

static void check_add(struct loader *ld, int line, const char *fmt, ...)
{
	struct check *c;
	va_list ap;

	xgrow(&ld->checks, &ld->checks_cap, ld->nchecks + 1, sizeof(*ld->checks));
	c = &ld->checks[ld->nchecks];
	c->line = line;
	c->order = ld->nchecks++;
	va_start(ap, fmt);
	c->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

static int check_cmp(const void *a, const void *b)
{
	const struct check *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Reports the held-back messages, by line and then in the order found. */
static void checks_flush(struct loader *ld)
{
	size_t n = ld->nchecks;

	if (!n)
		return;
	qsort(ld->checks, n, sizeof(*ld->checks), check_cmp);
	ld->nchecks = 0;
	for (size_t i = 0; i < n; i++) {
		loader_add(ld, ld->checks[i].line, "%s", ld->checks[i].msg);
		free(ld->checks[i].msg);
	}
	free(ld->checks);
	ld->checks = NULL;
	ld->checks_cap = 0;
}

/* Collects one libxml2 error, trimmed to a single line. Warnings (an
 * unsupported XML version number, say) do not make a course invalid. */
static void loader_xml_error(struct loader *ld, const xmlError *e)
{
	char *msg, *end, *shown;

	if (e->level == XML_ERR_WARNING)
		return;
	msg = xstrdup(e->message ? e->message : "unknown XML error");
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	end = msg + strlen(msg);
	while (end > msg && end[-1] == ' ')
		*--end = '\0';
	/* The schema quotes the value it refuses: a megabyte of version is
	 * shown as its start and an ellipsis, and the length the message gives. */
	shown = util_printable(msg, 80);
	loader_add(ld, e->line, "%s", shown);
	free(shown);
	free(msg);
}

/* The parser hands its own context to this handler, with our loader in
 * _private; the schema validator and the global fallback hand the loader. */
static void on_parser_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct loader *ld = ctxt->_private;

	loader_xml_error(ld, e);
	/* Past the cap the parse stops: a file can raise an error for every
	 * reference to an entity it cannot use, millions of them in nested
	 * references, each formatted by libxml2 (a fuzzed "billion laughs"
	 * whose XML declaration was broken ran for minutes). */
	if (ld->dropped)
		libxml.StopParser(ctxt);
}

static void on_error(void *data, xmlErrorPtr e)
{
	loader_xml_error(data, e);
}

/* A few libxml2 messages (internal and debugging notices) bypass the
 * structured channel and go to the generic one, which prints to stderr. A
 * course file's problems all come through the structured channel, so these
 * are dropped: the prompt layer alone prints. */
static void on_generic_error(void *data, const char *fmt, ...) UTIL_PRINTF(2, 3);

static void on_generic_error(void *data, const char *fmt, ...)
{
	(void)data;
	(void)fmt;
}

/* No course file may load anything from outside itself. */
static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* Called when the parser has read "<!DOCTYPE name ...", before any markup
 * declaration inside it, so stopping here refuses entity bombs and external
 * entities before a single entity exists. */
static void on_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	struct loader *ld = ctxt->_private;
	int line = ctxt->input ? ctxt->input->line : 0;

	(void)name;
	(void)external_id;
	(void)system_id;
	loader_add(ld, line, "DOCTYPE is not allowed in a course file (entities are refused)");
	ld->refused = true;
	libxml.StopParser(ctxt);
}

/* Routes every libxml2 message to ld while a load runs, and puts back
 * whatever handlers the rest of the program had. */
struct handlers {
	xmlStructuredErrorFunc serror;
	void *serror_data;
	xmlGenericErrorFunc error;
	void *error_data;
	xmlExternalEntityLoader entity_loader;
};

static void handlers_install(struct handlers *saved, struct loader *ld)
{
	saved->serror = *libxml.StructuredError();
	saved->serror_data = *libxml.StructuredErrorContext();
	saved->error = *libxml.GenericError();
	saved->error_data = *libxml.GenericErrorContext();
	saved->entity_loader = libxml.GetExternalEntityLoader();
	libxml.SetStructuredErrorFunc(ld, on_error);
	libxml.SetGenericErrorFunc(NULL, on_generic_error);
	libxml.SetExternalEntityLoader(refuse_entity);
}

static void handlers_restore(const struct handlers *saved)
{
	libxml.SetStructuredErrorFunc(saved->serror_data, saved->serror);
	libxml.SetGenericErrorFunc(saved->error_data, saved->error);
	libxml.SetExternalEntityLoader(saved->entity_loader);
}

static int schema_compile(struct loader *ld)
{
	xmlSchemaParserCtxtPtr pctxt = NULL;
	size_t before = loader_count(ld);
	bool in_scratch = doc_in_scratch;

	if (course_schema)
		return 0;
	/* Kept for the life of the process: malloc's, never the scratch. */
	doc_in_scratch = false;
	pctxt = libxml.SchemaNewMemParserCtxt(schema_course_xsd(), (int)schema_course_xsd_len());
	if (pctxt) {
		libxml.SchemaSetParserStructuredErrors(pctxt, on_error, ld);
		course_schema = libxml.SchemaParse(pctxt);
		libxml.SchemaFreeParserCtxt(pctxt);
	}
	doc_in_scratch = in_scratch;
	if (!course_schema) {
		/* A broken build, not a broken course; say so plainly. */
		if (loader_count(ld) == before)
			loader_add(ld, 0, "the built-in course schema does not compile");
		return -1;
	}
	return 0;
}

void course_cleanup(void)
{
	if (course_c_locale) {
		freelocale(course_c_locale);
		course_c_locale = (locale_t)0;
	}
	free(libxml_failure);
	libxml_failure = NULL;
	if (!libxml_lib)
		return;
	if (course_schema) {
		libxml.SchemaFree(course_schema);
		course_schema = NULL;
	}
	if (duties_schema) {
		libxml.SchemaFree(duties_schema);
		duties_schema = NULL;
	}
	libxml.CleanupParser();
	scratch_release(&doc_scratch);
	doc_kinds_seen = 0;
}

/* ----- reading the tree ----- */

static bool is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	       libxml.StrEqual(n->name, (const xmlChar *)name);
}

static int node_line(const xmlNode *n)
{
	long line = libxml.GetLineNo(n);

	return line > 0 && line < INT_MAX ? (int)line : 0;
}

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A copy of s with runs of XML white space made single spaces and the ends
 * trimmed, as readers of the text will see it. Most bytes are above a
 * space and are copied as they are (a course's text is 8 MiB at 200
 * modules); a run of white space is one step. */
static char *collapse(struct loader *ld, const xmlChar *s)
{
	const char *p = (const char *)s, *end;
	char *out, *q;

	if (!s)
		return NULL;
	end = p + strlen(p);
	out = q = arena_alloc(ld->strings, (size_t)(end - p) + 1);
	for (; p < end; p++) {
		const char *run;

		if ((unsigned char)*p > ' ' || !is_xml_space(*p)) {
			*q++ = *p;
			continue;
		}
		for (run = p; run < end && is_xml_space(*run); run++)
			;
		if (q != out && run < end)
			*q++ = ' ';
		p = run - 1;
	}
	*q = '\0';
	arena_trim(ld->strings, out, (size_t)(q - out) + 1);
	return out;
}

/* The text under n (or an attribute's value), without a copy when it is a
 * single text node, as it almost always is; otherwise *owned holds a copy
 * the caller frees with xmlFree. Loading spends most of its time in malloc,
 * so the common case is worth the branch. */
static const xmlChar *content_of(const xmlNode *children, const xmlDoc *doc, xmlChar **owned)
{
	*owned = NULL;
	if (!children)
		return (const xmlChar *)"";
	if (children->type == XML_TEXT_NODE && !children->next && children->content)
		return children->content;
	*owned = libxml.NodeListGetString((xmlDoc *)doc, children, 1);
	return *owned ? *owned : (const xmlChar *)"";
}

/* XML refuses C0 controls but lets DEL and the C1 controls (U+0080 to
 * U+009F; U+009B starts a terminal command on some terminals) through. No
 * course text needs them, and refusing them here keeps them off every
 * screen that shows the text. */
static void check_controls(struct loader *ld, const xmlNode *n, const char *s)
{
	const char *c = s ? util_find_control(s, NULL) : NULL;

	if (c)
		check_add(ld, n->line, "a control character (U+%04X) in the text of <%s>",
		          (unsigned char)c[0] == 0xc2 ? (unsigned char)c[1] : (unsigned char)c[0],
		          (const char *)n->name);
}

static char *node_text(struct loader *ld, const xmlNode *n)
{
	xmlChar *owned;
	char *s = collapse(ld, content_of(n->children, n->doc, &owned));

	(*libxml.Free)(owned);
	check_controls(ld, n, s);
	return s;
}

static const xmlAttr *attr_find(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!a->ns && libxml.StrEqual(a->name, (const xmlChar *)name))
			return a;
	return NULL;
}

/* The attribute's value with white space collapsed, or NULL if absent. */
static char *attr_text(struct loader *ld, const xmlNode *n, const char *name)
{
	const xmlAttr *a = attr_find(n, name);
	xmlChar *owned;
	char *s;

	if (!a)
		return NULL;
	s = collapse(ld, content_of(a->children, n->doc, &owned));
	(*libxml.Free)(owned);
	check_controls(ld, n, s);
	return s;
}

/* True if only XML white space is left at s. */
static bool only_space(const char *s)
{
	while (is_xml_space(*s))
		s++;
	return *s == '\0';
}

static long attr_long(const xmlNode *n, const char *name, long dflt)
{
	const xmlAttr *a = attr_find(n, name);
	xmlChar *owned;
	const char *s;
	char *end;
	long v;

	if (!a)
		return dflt;
	s = (const char *)content_of(a->children, n->doc, &owned);
	errno = 0;
	v = strtol(s, &end, 10);
	/* The schema has already refused anything else; keep the default. */
	if (errno || end == s || !only_space(end))
		v = dflt;
	(*libxml.Free)(owned);
	return v;
}

/* xs:decimal as a double, read in the "C" locale whatever the program's. */
static double attr_decimal(const xmlNode *n, const char *name, double dflt)
{
	const xmlAttr *a = attr_find(n, name);
	xmlChar *owned;
	const char *s;
	char *end;
	double v = dflt;
	locale_t old;

	if (!a)
		return dflt;
	if (!course_c_locale)
		course_c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	s = (const char *)content_of(a->children, n->doc, &owned);
	if (course_c_locale) {
		old = uselocale(course_c_locale);
		v = strtod(s, &end);
		uselocale(old);
		if (end == s || !only_space(end) || !isfinite(v))
			v = dflt;
	}
	(*libxml.Free)(owned);
	return v;
}

/* True if the attribute is there and, white space aside, is value. */
static bool attr_is(const xmlNode *n, const char *name, const char *value)
{
	const xmlAttr *a = attr_find(n, name);
	xmlChar *owned;
	const char *s;
	size_t len = strlen(value);
	bool is;

	if (!a)
		return false;
	s = (const char *)content_of(a->children, n->doc, &owned);
	while (is_xml_space(*s))
		s++;
	is = strncmp(s, value, len) == 0 && only_space(s + len);
	(*libxml.Free)(owned);
	return is;
}

static bool attr_bool(const xmlNode *n, const char *name, bool dflt)
{
	if (attr_is(n, name, "true") || attr_is(n, name, "1"))
		return true;
	if (attr_is(n, name, "false") || attr_is(n, name, "0"))
		return false;
	return dflt;
}

/* Appends a zeroed element to a growable array and returns it. */
static void *grow_one(void *array, size_t *n, size_t *cap, size_t size)
{
	char *base;

	xgrow(array, cap, *n + 1, size);
	base = *(void **)array;
	memset(base + *n * size, 0, size);
	return base + (*n)++ * size;
}

static void push_string(char ***array, size_t *n, size_t *cap, char *s)
{
	char **slot = grow_one(array, n, cap, sizeof(**array));

	*slot = s;
}

/* ----- lessons and policy text ----- */

static void list_load(struct loader *ld, const xmlNode *n, struct block *b)
{
	size_t cap = 0;

	for (const xmlNode *c = n->children; c; c = c->next)
		if (is_elem(c, "item"))
			push_string(&b->items, &b->nitems, &cap, node_text(ld, c));
}

/* Reads the blocks under parent; examples only where lessons allow them. */
static void blocks_load(struct loader *ld, const xmlNode *parent, bool examples, struct block **out,
                        size_t *nout)
{
	size_t cap = 0;

	for (const xmlNode *c = parent->children; c; c = c->next) {
		struct block *b;

		if (is_elem(c, "h") || is_elem(c, "p") || is_elem(c, "key")) {
			b = grow_one(out, nout, &cap, sizeof(*b));
			b->kind = c->name[0] == 'h'   ? BLOCK_HEADING
			          : c->name[0] == 'p' ? BLOCK_PARAGRAPH
			                              : BLOCK_KEY;
			b->text = node_text(ld, c);
		} else if (is_elem(c, "list")) {
			b = grow_one(out, nout, &cap, sizeof(*b));
			b->kind = BLOCK_LIST;
			list_load(ld, c, b);
		} else if (examples && is_elem(c, "example")) {
			b = grow_one(out, nout, &cap, sizeof(*b));
			b->kind = BLOCK_EXAMPLE;
			b->text = attr_text(ld, c, "title");
			blocks_load(ld, c, false, &b->inner, &b->ninner);
		}
	}
}

/* The strings belong to the course's arena; only the arrays are freed. */
static void blocks_free(struct block *blocks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(blocks[i].items);
		blocks_free(blocks[i].inner, blocks[i].ninner);
	}
	free(blocks);
}

/* ----- questions ----- */

static const struct {
	const char *tag;
	enum question_type type;
} question_tags[] = {
        {"single", Q_SINGLE},     {"multiple", Q_MULTIPLE}, {"truefalse", Q_TRUEFALSE},
        {"short", Q_SHORT},       {"numeric", Q_NUMERIC},   {"ordering", Q_ORDERING},
        {"matching", Q_MATCHING}, {"scenario", Q_SCENARIO},
};

const char *course_type_name(enum question_type t)
{
	static const char *const names[Q_TYPE_COUNT] = {
	        [Q_SINGLE] = "single choice", [Q_MULTIPLE] = "multiple response",
	        [Q_TRUEFALSE] = "true/false", [Q_SHORT] = "short answer",
	        [Q_NUMERIC] = "numeric",      [Q_ORDERING] = "ordering",
	        [Q_MATCHING] = "matching",    [Q_SCENARIO] = "scenario",
	};

	return (unsigned)t < Q_TYPE_COUNT ? names[t] : "unknown";
}

static struct choice *choice_add(struct question *q, size_t *cap, char *text, bool correct,
                                 char *feedback)
{
	struct choice *ch = grow_one(&q->choices, &q->nchoices, cap, sizeof(*ch));

	ch->text = text;
	ch->correct = correct;
	ch->feedback = feedback;
	return ch;
}

static const char *choice_text(const struct question *q, size_t i)
{
	return q->choices[i].text;
}

static const char *pair_left(const struct question *q, size_t i)
{
	return q->pairs[i].left;
}

/* Two choices (or items, or left sides) with the same text cannot be told
 * apart by the learner, or graded. At most 26 of each, so pairwise is fine. */
static void check_distinct(struct loader *ld, const struct question *q, const char *what, size_t n,
                           const char *(*text)(const struct question *, size_t))
{
	/* More is a schema error; comparing them all would only cost time. */
	if (n > 26)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *a = text(q, i);

		for (size_t k = 0; a && k < i; k++) {
			const char *b = text(q, k);

			if (b && strcmp(a, b) == 0) {
				check_add(ld, q->line, "question '%s' has %s '%s' twice", q->id,
				          what, a);
				break;
			}
		}
	}
}

/* A synonym group is two or more words or phrases, separated by commas,
 * none of them empty. */
static void synonyms_check(struct loader *ld, const struct question *q, const char *group)
{
	size_t members = 0;
	bool empty = false;

	for (const char *p = group;;) {
		size_t len = strcspn(p, ",");
		bool blank = true;

		for (size_t i = 0; i < len; i++)
			blank = blank && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n');
		empty = empty || blank;
		members++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	if (empty || members < 2)
		check_add(ld, q->line,
		          "question '%s': synonyms '%s' needs two or more words or phrases, "
		          "separated by commas, none of them empty",
		          q->id, group);
}

static void question_check(struct loader *ld, struct question *q)
{
	size_t correct = 0;

	if (!q->id)
		return; /* the schema has said so; there is no name to give */
	for (size_t i = 0; i < q->nchoices; i++)
		correct += q->choices[i].correct;
	switch (q->type) {
	case Q_SINGLE:
	case Q_SCENARIO: {
		const char *kind = q->type == Q_SINGLE ? "single choice" : "a scenario";

		if (correct == 0)
			check_add(ld, q->line,
			          "question '%s' is %s but has no correct choice; it needs "
			          "exactly one",
			          q->id, kind);
		else if (correct > 1)
			check_add(
			        ld, q->line,
			        "question '%s' is %s but has %zu correct choices; it needs exactly "
			        "one",
			        q->id, kind, correct);
		check_distinct(ld, q, "the choice", q->nchoices, choice_text);
		break;
	}
	case Q_MULTIPLE:
		if (correct == 0)
			check_add(
			        ld, q->line,
			        "question '%s' is multiple response but has no correct choice; it "
			        "needs at least one",
			        q->id);
		check_distinct(ld, q, "the choice", q->nchoices, choice_text);
		break;
	case Q_ORDERING:
		check_distinct(ld, q, "the item", q->nchoices, choice_text);
		break;
	case Q_MATCHING:
		check_distinct(ld, q, "the left side", q->npairs, pair_left);
		break;
	case Q_SHORT:
		for (size_t i = 0; i < q->nsynonyms; i++)
			synonyms_check(ld, q, q->synonyms[i]);
		break;
	case Q_TRUEFALSE:
	case Q_NUMERIC:
		break;
	}
}

static void question_load(struct loader *ld, const xmlNode *n, enum question_type type,
                          struct question *q)
{
	size_t choices_cap = 0, accepted_cap = 0, synonyms_cap = 0, pairs_cap = 0, hints_cap = 0;

	q->type = type;
	q->id = attr_text(ld, n, "id");
	q->line = node_line(n);
	q->weight = attr_decimal(n, "weight", 1);
	if (type == Q_TRUEFALSE) {
		bool answer = attr_bool(n, "answer", true);

		choice_add(q, &choices_cap, arena_strdup(ld->strings, "True"), answer,
		           attr_text(ld, n, "feedback-true"));
		choice_add(q, &choices_cap, arena_strdup(ld->strings, "False"), !answer,
		           attr_text(ld, n, "feedback-false"));
	} else if (type == Q_SHORT) {
		q->case_sensitive = attr_bool(n, "case-sensitive", false);
	} else if (type == Q_NUMERIC) {
		q->answer = attr_decimal(n, "answer", 0);
		q->tolerance = attr_decimal(n, "tolerance", 0);
		q->unit = attr_text(ld, n, "unit");
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_elem(c, "prompt") && !q->prompt) {
			q->prompt = node_text(ld, c);
		} else if (is_elem(c, "situation") && type == Q_SCENARIO && !q->situation) {
			q->situation = node_text(ld, c);
		} else if (is_elem(c, "choice") &&
		           (type == Q_SINGLE || type == Q_MULTIPLE || type == Q_SCENARIO)) {
			choice_add(q, &choices_cap, node_text(ld, c),
			           attr_bool(c, "correct", false), attr_text(ld, c, "feedback"));
		} else if (is_elem(c, "item") && type == Q_ORDERING) {
			choice_add(q, &choices_cap, node_text(ld, c), false, NULL);
		} else if (is_elem(c, "accept") && type == Q_SHORT) {
			push_string(&q->accepted, &q->naccepted, &accepted_cap, node_text(ld, c));
		} else if (is_elem(c, "synonyms") && type == Q_SHORT) {
			push_string(&q->synonyms, &q->nsynonyms, &synonyms_cap, node_text(ld, c));
		} else if (is_elem(c, "pair") && type == Q_MATCHING) {
			struct pair *p = grow_one(&q->pairs, &q->npairs, &pairs_cap, sizeof(*p));

			p->left = attr_text(ld, c, "left");
			p->right = attr_text(ld, c, "right");
		} else if (is_elem(c, "hint")) {
			push_string(&q->hints, &q->nhints, &hints_cap, node_text(ld, c));
		} else if (is_elem(c, "feedback") && !q->feedback) {
			q->feedback = node_text(ld, c);
		}
	}
	question_check(ld, q);
}

static void question_release(struct question *q)
{
	free(q->choices);
	free(q->accepted);
	free(q->synonyms);
	free(q->pairs);
	free(q->hints);
}

/* What a head-only parse (skim_install) passed over: how many elements and
 * questions the quiz held. */
struct skim {
	int depth;    /* elements open, the root being 1 */
	int passing;  /* elements open from the one passed over down; 0: none */
	bool in_quiz; /* the element passed over is the module's first quiz */
	bool quiz_seen;
	size_t pool;      /* the first quiz's child elements */
	size_t questions; /* of them, questions (question_tags, no namespace) */
};

static bool is_question_tag(const xmlChar *name)
{
	for (size_t t = 0; t < sizeof(question_tags) / sizeof(question_tags[0]); t++)
		if (libxml.StrEqual(name, (const xmlChar *)question_tags[t].tag))
			return true;
	return false;
}

static void quiz_load(struct loader *ld, const xmlNode *n, struct quiz *quiz)
{
	size_t cap = 0;
	const char *s;

	quiz->pass_mark = (int)attr_long(n, "pass", 80);
	/* "unlimited", the default, is 0. */
	quiz->attempts = attr_is(n, "attempts", "unlimited") ? 0 : (int)attr_long(n, "attempts", 0);
	quiz->shuffle = attr_is(n, "shuffle", "questions") ? SHUFFLE_QUESTIONS
	                : attr_is(n, "shuffle", "choices") ? SHUFFLE_CHOICES
	                : attr_is(n, "shuffle", "both")    ? SHUFFLE_BOTH
	                                                   : SHUFFLE_NONE;
	quiz->feedback = attr_is(n, "feedback", "end") ? FEEDBACK_END : FEEDBACK_IMMEDIATE;

	s = attr_text(ld, n, "draw");
	quiz->draw = 0;
	if (s) {
		size_t pool = ld->skim ? ld->skim->pool : 0;
		char *end;
		unsigned long long v;

		for (const xmlNode *c = n->children; c; c = c->next)
			pool += c->type == XML_ELEMENT_NODE;
		errno = 0;
		v = strtoull(s, &end, 10);
		if (*s == '-' || end == s || *end) {
			/* not a number: the schema has said so */
		} else if (errno == ERANGE || v > pool) {
			check_add(ld, node_line(n), "quiz draws %s questions but has only %zu", s,
			          pool);
		} else {
			quiz->draw = (size_t)v;
		}
	}

	/* Passed over by a head-only parse: the number, not the questions, as
	 * the catalogue cache gives a module for a list (course_free knows). */
	if (ld->skim)
		quiz->nquestions = ld->skim->questions;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		for (size_t t = 0; t < sizeof(question_tags) / sizeof(question_tags[0]); t++) {
			if (libxml.StrEqual(c->name, (const xmlChar *)question_tags[t].tag)) {
				struct question *q = grow_one(&quiz->questions, &quiz->nquestions,
				                              &cap, sizeof(*q));

				question_load(ld, c, question_tags[t].type, q);
				break;
			}
		}
	}
}

/* ----- modules and programmes ----- */

static void topic_check(struct loader *ld, const xmlNode *n, const char *topic)
{
	const char *best = NULL;
	size_t best_distance = 3;

	for (size_t i = 0; course_known_topics[i]; i++) {
		size_t d;

		if (strcmp(topic, course_known_topics[i]) == 0)
			return;
		d = util_edit_distance(topic, course_known_topics[i]);
		if (d < best_distance) {
			best_distance = d;
			best = course_known_topics[i];
		}
	}
	if (best)
		check_add(ld, node_line(n), "unknown topic '%s' (did you mean '%s'?)", topic, best);
}

static void policy_load(struct loader *ld, const xmlNode *n, struct policy *p)
{
	p->version = attr_text(ld, n, "version");
	p->valid_months = (int)attr_long(n, "valid-months", 12);
	p->minor = attr_is(n, "change", "minor");
	blocks_load(ld, n, false, &p->blocks, &p->nblocks);
}

/* A name and where it was written, for check_unique(). */
struct named {
	const char *name;
	int line;
	size_t order; /* position in the file, from 0 */
};

static int named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int d = strcmp(x->name, y->name);

	if (d)
		return d;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Reports every name in v that was already written, as "WHAT 'NAME' VERB
 * (first on line N)". Steps and prerequisites have no upper bound, so this
 * sorts rather than compares every pair: a hostile file cannot make it
 * quadratic. Reorders v. */
static void check_unique(struct loader *ld, struct named *v, size_t n, const char *what,
                         const char *verb)
{
	if (n < 2)
		return;
	qsort(v, n, sizeof(*v), named_cmp);
	for (size_t i = 1, head = 0; i < n; i++) {
		if (strcmp(v[head].name, v[i].name) != 0)
			head = i;
		else
			check_add(ld, v[i].line, "%s '%s' %s (first on line %d)", what, v[i].name,
			          verb, v[head].line);
	}
}

static void module_load(struct loader *ld, const xmlNode *root, struct course *c)
{
	size_t requires_cap = 0, lines_cap = 0, pages_cap = 0;
	bool quiz_read = false;

	c->line = node_line(root);
	c->format = (int)attr_long(root, "format", 1);
	c->id = attr_text(ld, root, "id");
	c->version = attr_text(ld, root, "version");
	c->topic = attr_text(ld, root, "topic");
	c->minutes = (int)attr_long(root, "minutes", 15);
	if (c->topic)
		topic_check(ld, root, c->topic);

	for (const xmlNode *n = root->children; n; n = n->next) {
		if (is_elem(n, "title") && !c->title) {
			c->title = node_text(ld, n);
		} else if (is_elem(n, "summary") && !c->summary) {
			c->summary = node_text(ld, n);
		} else if (is_elem(n, "requires")) {
			char *id = attr_text(ld, n, "module");
			int line = node_line(n);
			size_t nlines = c->nrequires;

			if (!id)
				continue;
			if (c->id && strcmp(id, c->id) == 0)
				check_add(ld, line, "module '%s' requires itself", id);
			push_string(&c->requires, &c->nrequires, &requires_cap, id);
			*(int *)grow_one(&c->requires_line, &nlines, &lines_cap, sizeof(int)) =
			        line;
		} else if (is_elem(n, "lesson")) {
			struct page *p = grow_one(&c->pages, &c->npages, &pages_cap, sizeof(*p));

			p->title = attr_text(ld, n, "title");
			blocks_load(ld, n, true, &p->blocks, &p->nblocks);
		} else if (is_elem(n, "policy") && !c->policy) {
			c->policy = xcalloc(1, sizeof(*c->policy));
			policy_load(ld, n, c->policy);
		} else if (is_elem(n, "quiz")) {
			/* A second quiz is a schema error; read only the first. */
			if (!quiz_read)
				quiz_load(ld, n, &c->quiz);
			quiz_read = true;
		}
	}
	if (!quiz_read) {
		c->quiz.pass_mark = 80;
		c->quiz.feedback = FEEDBACK_IMMEDIATE;
	}
	if (c->nrequires > 1) {
		struct named *v = xcalloc(c->nrequires, sizeof(*v));

		for (size_t i = 0; i < c->nrequires; i++)
			v[i] = (struct named){c->requires[i], c -> requires_line[i], i};
		check_unique(ld, v, c->nrequires, "prerequisite", "is listed twice");
		free(v);
	}
}

void course_free(struct course *c)
{
	struct course_box *box = (struct course_box *)c;

	if (!c)
		return;
	if (!box->fixed) {
		free(c->requires);
		free(c->requires_line);
	}
	for (size_t i = 0; i < c->npages; i++)
		blocks_free(c->pages[i].blocks, c->pages[i].nblocks);
	if (c->policy)
		blocks_free(c->policy->blocks, c->policy->nblocks);
	if (!box->fixed) {
		free(c->pages);
		free(c->policy);
	}
	/* A module whose questions are still in the catalogue cache has a
	 * count and no array (catalog-cache.c). */
	for (size_t i = 0; c->quiz.questions && i < c->quiz.nquestions; i++)
		question_release(&c->quiz.questions[i]);
	free(c->quiz.questions);
	arena_release(&box->strings);
	if (box->room)
		course_room_release(box->room);
	else
		free(box);
}

/* What a module's head takes from a room, or from the heap: the box, its
 * first block, and the block's room, rounded so that the next box is
 * aligned. */
size_t course_fixed_size(size_t n)
{
	size_t a = alignof(max_align_t);

	return (n + a - 1) / a * a;
}

static size_t course_head_bytes(size_t fixed, size_t strings)
{
	return course_fixed_size(sizeof(struct course_box) + sizeof(struct arena_block) +
	                         alignof(max_align_t) + fixed + (strings ? strings : 1));
}

/* A room's size unless a module needs more: a few hundred heads, one
 * allocation, whose pages not used yet are never touched. */
#define ROOM_BYTES ((size_t)256 << 10)

static struct course_room *room_new(size_t bytes)
{
	struct course_room *room = xmalloc(sizeof(*room) + bytes);

	atomic_init(&room->holds, 1);
	room->used = 0;
	room->cap = bytes;
	return room;
}

void course_room_release(struct course_room *room)
{
	if (room && atomic_fetch_sub_explicit(&room->holds, 1, memory_order_acq_rel) == 1)
		free(room);
}

struct course *course_new_head(struct course_room **rooms, size_t fixed, size_t strings)
{
	size_t bytes = course_head_bytes(fixed, strings);
	struct course_room *room = NULL;
	struct course_box *box;
	struct arena_block *b;

	if (rooms) {
		/* A room without the space is let go (its modules keep it)
		 * for a new one. */
		if (!*rooms || (*rooms)->cap - (*rooms)->used < bytes) {
			course_room_release(*rooms);
			*rooms = room_new(bytes > ROOM_BYTES ? bytes : ROOM_BYTES);
		}
		room = *rooms;
		box = (void *)(room->data + room->used);
		room->used += bytes;
		atomic_fetch_add_explicit(&room->holds, 1, memory_order_relaxed);
	} else {
		box = xmalloc(bytes);
	}
	memset(box, 0, sizeof(*box));
	box->room = room;
	box->fixed = true;
	b = (struct arena_block *)(box + 1);
	*b = (struct arena_block){.cap = bytes - sizeof(*box) - sizeof(*b)};
	box->strings.head = box->strings.first = b;
	return &box->course;
}

void *course_fixed(struct course *c, size_t n)
{
	struct arena_block *b = ((struct course_box *)c)->strings.first;
	size_t a = alignof(max_align_t);
	size_t at = b->used + (size_t)(-(uintptr_t)(b->data + b->used) & (a - 1));

	n = course_fixed_size(n);
	assert(((struct course_box *)c)->fixed && b->cap >= at && b->cap - at >= n);
	b->used = at + n;
	return memset(b->data + at, 0, n);
}

struct programme *programme_new(void)
{
	struct programme_box *box = xcalloc(1, sizeof(*box));

	return &box->programme;
}

char *course_strings(struct course *c, size_t n)
{
	return arena_alloc(&((struct course_box *)c)->strings, n ? n : 1);
}

char *programme_strings(struct programme *p, size_t n)
{
	return arena_alloc(&((struct programme_box *)p)->strings, n ? n : 1);
}

static void programme_load(struct loader *ld, const xmlNode *root, struct programme *p)
{
	size_t stages_cap = 0, nsteps = 0, steps_cap = 0, nlabels = 0, labels_cap = 0;
	struct named *steps = NULL, *labels = NULL;

	p->line = node_line(root);
	p->id = attr_text(ld, root, "id");
	for (const xmlNode *n = root->children; n; n = n->next) {
		struct stage *s;
		size_t modules_cap = 0, lines_cap = 0;

		if (is_elem(n, "title") && !p->title) {
			p->title = node_text(ld, n);
			continue;
		}
		if (is_elem(n, "summary") && !p->summary) {
			p->summary = node_text(ld, n);
			continue;
		}
		if (!is_elem(n, "stage"))
			continue;
		s = grow_one(&p->stages, &p->nstages, &stages_cap, sizeof(*s));
		s->label = attr_text(ld, n, "label");
		if (s->label) {
			struct named *l = grow_one(&labels, &nlabels, &labels_cap, sizeof(*l));

			*l = (struct named){s->label, node_line(n), nlabels - 1};
		}
		for (const xmlNode *c = n->children; c; c = c->next) {
			struct named *step;
			char *id;
			int line = node_line(c);
			size_t nlines = s->nmodules;

			if (!is_elem(c, "step") || !(id = attr_text(ld, c, "module")))
				continue;
			step = grow_one(&steps, &nsteps, &steps_cap, sizeof(*step));
			*step = (struct named){id, line, nsteps - 1};
			push_string(&s->modules, &s->nmodules, &modules_cap, id);
			*(int *)grow_one(&s->modules_line, &nlines, &lines_cap, sizeof(int)) = line;
		}
	}
	check_unique(ld, labels, nlabels, "stage", "appears twice");
	check_unique(ld, steps, nsteps, "module", "is a step twice");
	free(labels);
	free(steps);
}

void programme_free(struct programme *p)
{
	struct programme_box *box = (struct programme_box *)p;

	if (!p)
		return;
	for (size_t i = 0; i < p->nstages; i++) {
		free(p->stages[i].modules);
		free(p->stages[i].modules_line);
	}
	free(p->stages);
	arena_release(&box->strings);
	free(box);
}

/* ----- loading ----- */

static int line_of_offset(const char *data, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
}

static void size_error(struct loader *ld, unsigned long long size)
{
	const unsigned long long mb = 1024 * 1024;
	/* Rounded up, so a file just over the limit does not read as on it;
	 * split so that a huge sparse file cannot overflow the sum. */
	unsigned long long tenths = size / mb * 10 + ((size % mb) * 10 + mb - 1) / mb;

	loader_add(ld, 1, "file is %llu.%llu MB, over the %llu MB limit for a course file",
	           tenths / 10, tenths % 10, COURSE_MAX_BYTES / mb);
}

/* The checks that need no parser: size, emptiness and encoding. */
/* Shapes no course has. Past them libxml2 2.9 slows down with the square of
 * the count (attributes of one element; schema errors among siblings), so a
 * hostile file could hold a load for hours: they are refused first. */
#define COURSE_MAX_ATTRIBUTES 32
#define COURSE_MAX_CHILDREN   5000
#define COURSE_MAX_DEPTH      64

/* Skips to just past the next occurrence of end (the parser will say what
 * is wrong if there is none). */
static void skip_past(const char *data, size_t len, size_t *i, const char *end)
{
	size_t n = strlen(end);

	while (*i + n <= len) {
		const char *hit = memchr(data + *i, end[0], len - *i - n + 1);
		if (!hit)
			break;
		*i = (size_t)(hit - data);
		if (memcmp(hit, end, n) == 0) {
			*i += n;
			return;
		}
		(*i)++;
	}
	*i = len;
}

/* One pass over the bytes, before libxml2 sees them: counts each element's
 * attributes and children, and the nesting depth. Comments, CDATA,
 * processing instructions and quoted values are stepped over. Lines are
 * only counted for a message, so the pass is a memchr from tag to tag. */
static int shape_check(struct loader *ld, const char *data, size_t len)
{
	unsigned children[COURSE_MAX_DEPTH + 1] = {0};
	size_t i = 0, depth = 0;

	while (i < len) {
		const char *lt = memchr(data + i, '<', len - i);
		size_t tag;
		unsigned attrs = 0;
		bool closing;

		if (!lt)
			break;
		i = tag = (size_t)(lt - data);
		if (len - i >= 4 && memcmp(data + i, "<!--", 4) == 0) {
			i += 4;
			skip_past(data, len, &i, "-->");
			continue;
		}
		if (len - i >= 9 && memcmp(data + i, "<![CDATA[", 9) == 0) {
			i += 9;
			skip_past(data, len, &i, "]]>");
			continue;
		}
		if (len - i >= 2 && (data[i + 1] == '?' || data[i + 1] == '!')) {
			i += 2;
			skip_past(data, len, &i, data[i - 1] == '?' ? "?>" : ">");
			continue;
		}
		closing = len - i >= 2 && data[i + 1] == '/';
		for (i++; i < len && data[i] != '>'; i++) {
			if (data[i] == '"' || data[i] == '\'') {
				/* A quoted value, however long, in one step. */
				const char *close = memchr(data + i + 1, data[i], len - i - 1);

				if (!close) {
					i = len;
					break;
				}
				i = (size_t)(close - data);
			} else if (data[i] == '=') {
				attrs++;
			}
		}
		if (i >= len)
			break;
		if (closing) {
			if (depth > 0)
				depth--;
		} else {
			bool empty = data[i - 1] == '/';
			if (attrs > COURSE_MAX_ATTRIBUTES) {
				loader_add(ld, line_of_offset(data, tag),
				           "an element with %u attributes; a course element has at "
				           "most %d",
				           attrs, COURSE_MAX_ATTRIBUTES);
				return -1;
			}
			if (++children[depth] > COURSE_MAX_CHILDREN) {
				loader_add(
				        ld, line_of_offset(data, tag),
				        "more than %d elements side by side; a course file holds "
				        "far fewer",
				        COURSE_MAX_CHILDREN);
				return -1;
			}
			if (!empty) {
				if (depth == COURSE_MAX_DEPTH) {
					loader_add(
					        ld, line_of_offset(data, tag),
					        "elements nested past a depth of %d; a course file "
					        "needs a handful",
					        COURSE_MAX_DEPTH);
					return -1;
				}
				children[++depth] = 0;
			}
		}
		i++;
	}
	return 0;
}

static int bytes_check(struct loader *ld, const char *data, size_t len)
{
	size_t bad;
	const char *nul;

	if (len == 0) {
		loader_add(ld, 1, "file is empty; a course file holds a <module> or a <programme>");
		return -1;
	}
	if (len > COURSE_MAX_BYTES) {
		size_error(ld, len);
		return -1;
	}
	if (!util_utf8_valid(data, len, &bad)) {
		loader_add(ld, line_of_offset(data, bad),
		           "not valid UTF-8 (byte 0x%02X); course files must be UTF-8",
		           (unsigned char)data[bad]);
		return -1;
	}
	nul = memchr(data, '\0', len);
	if (nul) {
		loader_add(ld, line_of_offset(data, (size_t)(nul - data)),
		           "contains a NUL byte; course files must be UTF-8 text");
		return -1;
	}
	return shape_check(ld, data, len);
}

/* The file's bytes, handed to the parser a bufferful at a time. */
struct bytes_left {
	const char *p;
	size_t n;
};

static int read_bytes(void *context, char *buf, int len)
{
	struct bytes_left *b = context;
	size_t n = b->n < (size_t)len ? b->n : (size_t)len;

	memcpy(buf, b->p, n);
	b->p += n;
	b->n -= n;
	return (int)n;
}

/* ---- a head-only parse ----
 *
 * A file the record holds as published is read for a report with its
 * lesson pages' blocks and its questions passed over: the parser still reads
 * every byte, so the file must still be well formed, but builds no tree
 * below a <lesson> or a <quiz> of the module (their attributes are kept),
 * and counts the quiz's questions. The tree is most of a parse's cost. */

static struct skim *skim_of(void *ctx)
{
	return ((struct loader *)((xmlParserCtxtPtr)ctx)->_private)->skim;
}

static void skim_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                       int nns, const xmlChar **ns, int nattrs, int ndefaulted,
                       const xmlChar **attrs)
{
	struct skim *k = skim_of(ctx);

	if (k->passing) {
		if (k->passing == 1 && k->in_quiz) {
			k->pool++;
			k->questions += !uri && is_question_tag(name);
		}
		k->passing++;
		return;
	}
	libxml.SAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
	if (++k->depth == 2 && !uri &&
	    (libxml.StrEqual(name, BAD_CAST "lesson") || libxml.StrEqual(name, BAD_CAST "quiz"))) {
		k->passing = 1;
		k->in_quiz = name[0] == 'q' && !k->quiz_seen;
		k->quiz_seen = k->quiz_seen || name[0] == 'q';
	}
}

static void skim_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct skim *k = skim_of(ctx);

	if (k->passing > 1) {
		k->passing--;
		return;
	}
	k->passing = 0;
	k->in_quiz = false;
	k->depth--;
	libxml.SAX2EndElementNs(ctx, name, prefix, uri);
}

static void skim_characters(void *ctx, const xmlChar *ch, int len)
{
	if (!skim_of(ctx)->passing)
		libxml.SAX2Characters(ctx, ch, len);
}

static void skim_comment(void *ctx, const xmlChar *value)
{
	if (!skim_of(ctx)->passing)
		libxml.SAX2Comment(ctx, value);
}

static void skim_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (!skim_of(ctx)->passing)
		libxml.SAX2ProcessingInstruction(ctx, target, data);
}

static void skim_reference(void *ctx, const xmlChar *name)
{
	if (!skim_of(ctx)->passing)
		libxml.SAX2Reference(ctx, name);
}

/* Puts the head-only handlers in the parser's own table (each context has
 * its copy), over libxml2's tree builders they call. */
static void skim_install(xmlParserCtxtPtr ctxt)
{
	ctxt->sax->startElementNs = skim_start;
	ctxt->sax->endElementNs = skim_end;
	ctxt->sax->characters = skim_characters;
	ctxt->sax->ignorableWhitespace = skim_characters;
	ctxt->sax->comment = skim_comment;
	ctxt->sax->processingInstruction = skim_pi;
	ctxt->sax->reference = skim_reference;
}

static xmlDocPtr parse(struct loader *ld, const char *data, size_t len)
{
	struct bytes_left bytes = {data, len};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	/* Never NOENT, DTDLOAD, DTDATTR, DTDVALID or HUGE. The bytes are known to
	 * be UTF-8, so an encoding declaration saying otherwise is ignored.
	 * COMPACT keeps short texts inside their nodes, as xmllint does; it is
	 * safe because the tree is never modified. */
	int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
	              XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;

	ctxt = libxml.NewParserCtxt();
	if (!ctxt) {
		loader_add(ld, 0, "cannot create an XML parser");
		return NULL;
	}
	ctxt->_private = ld;
	ctxt->sax->serror = on_parser_error;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->externalSubset = NULL;
	if (ld->skim)
		skim_install(ctxt);
	/* Read as xmllint reads a file, a few kilobytes at a time into a
	 * buffer the parser keeps small: xmlCtxtReadMemory first copied the
	 * whole file, into memory touched for the first time. */
	doc = libxml.CtxtReadIO(ctxt, read_bytes, NULL, &bytes, ld->name, NULL, options);
	if (ld->refused) {
		libxml.FreeDoc(doc);
		doc = NULL;
	} else if (!doc && loader_count(ld) == 0) {
		loader_add(ld, 0, "not a well-formed XML document");
	}
	libxml.FreeParserCtxt(ctxt);
	return doc;
}

static void validate_with(struct loader *ld, xmlDocPtr doc, xmlSchemaPtr schema)
{
	xmlSchemaValidCtxtPtr vctxt = libxml.SchemaNewValidCtxt(schema);
	size_t before = loader_count(ld);

	if (!vctxt) {
		loader_add(ld, 0, "cannot create a schema validator");
		return;
	}
	libxml.SchemaSetValidStructuredErrors(vctxt, on_error, ld);
	if (libxml.SchemaValidateDoc(vctxt, doc) != 0 && loader_count(ld) == before)
		loader_add(ld, 0, "does not match the schema");
	libxml.SchemaFreeValidCtxt(vctxt);
}

static int hash_cmp(const void *key, const void *item)
{
	return strcmp(key, *(char *const *)item);
}

static bool vouched_for(const struct course_vouched *v, const char *sha256)
{
	return v && v->n && bsearch(sha256, v->sha256, v->n, sizeof(*v->sha256), hash_cmp);
}

/* hash: whether the module's SHA-256 is wanted (not for a check only);
 * vouched: see course.h. */
static int load_memory(const char *name, const char *data, size_t len, struct course **course,
                       struct programme **programme, struct strlist *errors, bool hash,
                       const struct course_vouched *vouched)
{
	char sha256[DIGEST_SHA256_HEX] = "";
	struct loader ld = {.name = name, .errors = errors, .first = errors->n};
	struct skim skim = {0};
	struct handlers saved;
	bool vouched_ok;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	struct course *c = NULL;
	struct programme *p = NULL;
	unsigned kinds;
	int ret = -1;

	*course = NULL;
	*programme = NULL;
	if (bytes_check(&ld, data, len) < 0 || libxml_open(errors) < 0)
		return -1;

	if (hash)
		digest_sha256_hex(data, len, sha256);
	vouched_ok = hash && vouched_for(vouched, sha256);
	if (vouched_ok && vouched->heads)
		ld.skim = &skim;
	handlers_install(&saved, &ld);
	kinds = doc_begin(ld.skim ? DOC_SKIMMED : vouched_ok ? DOC_PARSED : DOC_VALIDATED);
	doc = parse(&ld, data, len);
	if (!doc)
		goto out;
	/* The schema is compiled the first time a file needs it: a report
	 * whose files are all vouched for never does. */
	if (!vouched_ok) {
		if (schema_compile(&ld) < 0)
			goto out;
		validate_with(&ld, doc, course_schema);
	}

	/* Walk the tree even when the schema refused it, so that every problem
	 * is reported at once; the walk expects nothing to be where it should. */
	root = libxml.DocGetRootElement(doc);
	if (root && is_elem(root, "module")) {
		struct course_box *box = xcalloc(1, sizeof(*box));

		c = &box->course;
		ld.strings = &box->strings;
		c->path = arena_strdup(ld.strings, name);
		memcpy(c->sha256, sha256, sizeof(sha256));
		module_load(&ld, root, c);
	} else if (root && is_elem(root, "programme")) {
		struct programme_box *box = xcalloc(1, sizeof(*box));

		p = &box->programme;
		ld.strings = &box->strings;
		p->path = arena_strdup(ld.strings, name);
		programme_load(&ld, root, p);
	}
	checks_flush(&ld);
	if (loader_count(&ld) > 0)
		goto out;
	if (!c && !p) {
		loader_add(&ld, root ? node_line(root) : 0,
		           "holds neither a <module> nor a <programme>");
		goto out;
	}
	*course = c;
	*programme = p;
	c = NULL;
	p = NULL;
	ret = 0;
out:
	if (ld.dropped)
		strlist_addf(errors, "%s: %zu more errors not shown", name, ld.dropped);
	course_free(c);
	programme_free(p);
	libxml.FreeDoc(doc);
	doc_end(kinds);
	handlers_restore(&saved);
	return ret;
}

int course_load_memory(const char *name, const char *data, size_t len, struct course **course,
                       struct programme **programme, struct strlist *errors)
{
	return load_memory(name, data, len, course, programme, errors, true, NULL);
}

int course_check_memory(const char *name, const char *data, size_t len, struct strlist *errors)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	int ret = load_memory(name, data, len, &c, &p, errors, false, NULL);

	course_free(c);
	programme_free(p);
	return ret;
}

/* Reads a whole course file after checking what it is and how big; NULL
 * with the reason in ld's errors. */
static char *file_read(struct loader *ld, const char *path, size_t *len_out)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0, want;
	int fd;

	/* O_NONBLOCK so that a FIFO named like a course cannot hang the load. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		loader_add(ld, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		loader_add(ld, 0, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		loader_add(ld, 0, "not a regular file");
		goto fail;
	}
	/* Refuse by size before reading a byte; a file that grows while we
	 * read is still cut off one byte past the limit. */
	if ((unsigned long long)st.st_size > COURSE_MAX_BYTES) {
		size_error(ld, (unsigned long long)st.st_size);
		goto fail;
	}
	want = (size_t)st.st_size + 1;
	data = xmalloc(want);
	for (;;) {
		ssize_t got;

		if (len == want) {
			if (want > COURSE_MAX_BYTES)
				break;
			want = want * 2 > COURSE_MAX_BYTES + 1 ? COURSE_MAX_BYTES + 1 : want * 2;
			data = xrealloc(data, want);
		}
		got = read(fd, data + len, want - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			loader_add(ld, 0, "cannot read: %s", strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	*len_out = len;
	return data;
fail:
	close(fd);
	free(data);
	return NULL;
}

int course_load_file(const char *path, struct course **course, struct programme **programme,
                     struct strlist *errors)
{
	return course_load_file_vouched(path, NULL, course, programme, errors);
}

int course_load_file_vouched(const char *path, const struct course_vouched *v,
                             struct course **course, struct programme **programme,
                             struct strlist *errors)
{
	struct loader ld = {.name = path, .errors = errors, .first = errors->n};
	size_t len = 0;
	char *data;
	int ret;

	*course = NULL;
	*programme = NULL;
	data = file_read(&ld, path, &len);
	if (!data)
		return -1;
	ret = load_memory(path, data, len, course, programme, errors, true, v);
	free(data);
	return ret;
}

/* ---- duty plans ---- */

static int duties_schema_compile(struct loader *ld)
{
	xmlSchemaParserCtxtPtr pctxt;

	if (duties_schema)
		return 0;
	pctxt = libxml.SchemaNewMemParserCtxt(schema_duties_xsd(), (int)schema_duties_xsd_len());
	if (pctxt) {
		libxml.SchemaSetParserStructuredErrors(pctxt, on_error, ld);
		duties_schema = libxml.SchemaParse(pctxt);
		libxml.SchemaFreeParserCtxt(pctxt);
	}
	if (!duties_schema) {
		loader_add(ld, 0, "the built-in duty schema does not compile");
		return -1;
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* One <duty>, into malloc'd strings the caller's duty_release frees. */
static void duty_load(struct loader *ld, const xmlNode *n, struct duty *d)
{
	size_t cap = 0;

	d->id = dup_or_null(attr_text(ld, n, "id"));
	d->title = dup_or_null(attr_text(ld, n, "title"));
	d->policy = dup_or_null(attr_text(ld, n, "policy"));
	d->line = node_line(n);
	d->practice = (int)attr_long(n, "practice", 0);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_elem(c, "summary")) {
			d->summary = dup_or_null(node_text(ld, c));
		} else if (is_elem(c, "needs")) {
			struct duty_module *m =
			        grow_one(&d->modules, &d->nmodules, &cap, sizeof(*m));
			m->module = dup_or_null(attr_text(ld, c, "module"));
			m->min_score = (int)attr_long(c, "score", 80);
			m->line = node_line(c);
		}
	}
}

int course_load_duties(const char *path, struct duty **out, size_t *n, struct strlist *errors)
{
	struct loader ld = {.name = path, .errors = errors, .first = errors->n};
	struct arena strings = {0};
	struct handlers saved;
	struct duty *list = NULL;
	size_t count = 0, cap = 0, len = 0;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	char *data;
	int ret = -1;

	*out = NULL;
	*n = 0;
	data = file_read(&ld, path, &len);
	if (!data || bytes_check(&ld, data, len) < 0 || libxml_open(errors) < 0) {
		free(data);
		return -1;
	}
	ld.strings = &strings;
	handlers_install(&saved, &ld);
	if (duties_schema_compile(&ld) < 0)
		goto out;
	doc = parse(&ld, data, len);
	if (!doc)
		goto out;
	validate_with(&ld, doc, duties_schema);
	root = libxml.DocGetRootElement(doc);
	if (loader_count(&ld) > 0)
		goto out;
	if (!root || !is_elem(root, "duties")) {
		loader_add(&ld, root ? node_line(root) : 0, "holds no <duties> plan");
		goto out;
	}
	for (const xmlNode *c = root->children; c; c = c->next)
		if (is_elem(c, "duty"))
			duty_load(&ld, c, grow_one(&list, &count, &cap, sizeof(*list)));
	*out = list;
	*n = count;
	list = NULL;
	count = 0;
	ret = 0;
out:
	for (size_t i = 0; i < count; i++)
		duty_release(&list[i]);
	free(list);
	libxml.FreeDoc(doc);
	handlers_restore(&saved);
	arena_release(&strings);
	free(data);
	return ret;
}

/* ----- streaming other XML formats ----- */

#define STREAM_OPEN 64

/* What one course_xml_stream() run keeps: the caller's handler, where
 * messages go, and the parser, so the DOCTYPE hook can stop it. */
struct xml_stream {
	const char *name;
	const struct course_xml_handler *h;
	struct strlist *errors;
	size_t first;
	size_t dropped;
	bool refused;
	size_t nerrors; /* the XML's own, not those the callbacks add */
	xmlParserCtxtPtr ctxt;
	char **attrs; /* the current element's attributes, NUL-terminated copies */
	size_t attrs_cap;
	/* The elements open, where each started: a file that ends early says
	 * which it leaves open. Those deeper than STREAM_OPEN are counted. */
	struct {
		char *name;
		int line, col;
	} open[STREAM_OPEN];
	int depth;
};

static void stream_add(struct xml_stream *st, int line, int col, const char *msg)
{
	st->nerrors++;
	if (st->errors->n - st->first >= COURSE_MAX_ERRORS) {
		st->dropped++;
		return;
	}
	if (line > 0 && col > 0)
		strlist_addf(st->errors, "%s:%d:%d: %s", st->name, line, col, msg);
	else if (line > 0)
		strlist_addf(st->errors, "%s:%d: %s", st->name, line, msg);
	else
		strlist_addf(st->errors, "%s: %s", st->name, msg);
}

static void stream_error(void *data, xmlErrorPtr e)
{
	struct xml_stream *st = data;
	char *msg, *end;

	if (e->level == XML_ERR_WARNING)
		return;
	msg = xstrdup(e->message ? e->message : "unknown XML error");
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	end = msg + strlen(msg);
	while (end > msg && end[-1] == ' ')
		*--end = '\0';
	if (e->code == XML_ERR_DOCUMENT_END && st->depth > 0) {
		/* libxml2's push parser says "Extra content at the end of the
		 * document" of a file that stops inside its root: say what is
		 * left open instead, the innermost first. */
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_adds(&sb, "the file ends before it closes ");
		for (int i = (st->depth < STREAM_OPEN ? st->depth : STREAM_OPEN) - 1, shown = 0;
		     i >= 0; i--, shown++) {
			if (shown == 4) {
				strbuf_addf(&sb, " and %d more", i + 1);
				break;
			}
			strbuf_addf(&sb, "%s<%s> (%d:%d)", shown ? ", " : "", st->open[i].name,
			            st->open[i].line, st->open[i].col);
		}
		free(msg);
		msg = strbuf_detach(&sb);
	}
	stream_add(st, e->line, e->int2, msg);
	free(msg);
}

static int stream_col(struct xml_stream *st)
{
	return st->ctxt ? libxml.SAX2GetColumnNumber(st->ctxt) : 0;
}

static int stream_line(struct xml_stream *st)
{
	return st->ctxt ? libxml.SAX2GetLineNumber(st->ctxt) : 0;
}

/* Where the start tag just read began. The parser stands after its '>';
 * '<' cannot appear inside a tag, so the last '<' before is its start. A
 * tag over several lines is placed by the line it starts on, counted back
 * from the one the parser is on. */
static void stream_tag_start(struct xml_stream *st, int *line, int *col)
{
	xmlParserInputPtr in = st->ctxt ? st->ctxt->input : NULL;
	const xmlChar *lt, *bol;
	int newlines = 0, chars = 0;

	*line = stream_line(st);
	*col = stream_col(st);
	if (!in || !in->base || !in->cur)
		return;
	for (lt = in->cur; lt > in->base && *lt != '<'; lt--)
		if (*lt == '\n')
			newlines++;
	if (*lt != '<')
		return;
	if (newlines == 0) {
		for (const xmlChar *p = lt; p < in->cur; p++)
			chars += (*p & 0xc0) != 0x80;
		*col -= chars;
		return;
	}
	for (bol = lt; bol > in->base && bol[-1] != '\n'; bol--)
		;
	if (bol == in->base && in->base != lt && st->ctxt->input->line > 1)
		return; /* the start of its line is no longer in the buffer */
	*line -= newlines;
	*col = 1;
	for (const xmlChar *p = bol; p < lt; p++)
		*col += (*p & 0xc0) != 0x80;
}

static void stream_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
	struct xml_stream *st = data;

	(void)name;
	(void)external_id;
	(void)system_id;
	stream_add(st, stream_line(st), stream_col(st),
	           "DOCTYPE is not allowed (entities are refused)");
	st->refused = true;
	libxml.StopParser(st->ctxt);
}

static void stream_start(void *data, const xmlChar *localname, const xmlChar *prefix,
                         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct xml_stream *st = data;
	size_t n = 0;

	(void)prefix;
	(void)uri;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	xgrow(&st->attrs, &st->attrs_cap, 2 * (size_t)nb_attributes + 1, sizeof(*st->attrs));
	/* Each attribute is five pointers: name, prefix, URI, value, value end. */
	for (int i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attributes + 5 * i;

		st->attrs[n++] = xstrdup((const char *)a[0]);
		st->attrs[n++] = xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
	}
	st->attrs[n] = NULL;
	{
		int line, col;

		stream_tag_start(st, &line, &col);
		if (st->depth < STREAM_OPEN) {
			st->open[st->depth].name = xstrdup((const char *)localname);
			st->open[st->depth].line = line;
			st->open[st->depth].col = col;
		}
		st->depth++;
		if (st->h->start)
			st->h->start(st->h->ctx, (const char *)localname,
			             (const char *const *)st->attrs, line, col);
	}
	for (size_t i = 0; i < n; i++)
		free(st->attrs[i]);
}

static void stream_end(void *data, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri)
{
	struct xml_stream *st = data;

	(void)prefix;
	(void)uri;
	if (st->depth > 0 && --st->depth < STREAM_OPEN) {
		free(st->open[st->depth].name);
		st->open[st->depth].name = NULL;
	}
	if (st->h->end)
		st->h->end(st->h->ctx, (const char *)localname, stream_line(st), stream_col(st));
}

static void stream_text(void *data, const xmlChar *s, int len)
{
	struct xml_stream *st = data;

	if (st->h->text && len > 0)
		st->h->text(st->h->ctx, (const char *)s, (size_t)len);
}

int course_xml_stream(const char *path, const struct course_xml_handler *h, struct strlist *errors)
{
	struct xml_stream st = {.name = path, .h = h, .errors = errors, .first = errors->n};
	/* Messages that come by libxml2's global channel, kept apart so that
	 * those the callbacks add are not taken for the XML's. */
	struct strlist stray;
	struct loader ld = {.name = path, .errors = &stray};
	struct handlers saved;
	xmlSAXHandler sax;
	char buf[64 * 1024];
	ssize_t got;
	int fd, ret = -1;
	/* As for course files: never NOENT, DTDLOAD, DTDATTR or DTDVALID. RECOVER
	 * keeps the parser going after an error, so that all are reported. */
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_RECOVER;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		strlist_addf(errors, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	if (libxml_open(errors) < 0) {
		close(fd);
		return -1;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = stream_start;
	sax.endElementNs = stream_end;
	sax.characters = stream_text;
	sax.cdataBlock = stream_text;
	sax.internalSubset = stream_doctype;
	sax.serror = stream_error;

	strlist_init(&stray);
	handlers_install(&saved, &ld);
	st.ctxt = libxml.CreatePushParserCtxt(&sax, &st, NULL, 0, path);
	if (!st.ctxt) {
		stream_add(&st, 0, 0, "cannot create an XML parser");
		goto out;
	}
	libxml.CtxtUseOptions(st.ctxt, options);
	while ((got = read(fd, buf, sizeof(buf))) > 0 && !st.refused)
		libxml.ParseChunk(st.ctxt, buf, (int)got, 0);
	if (got < 0) {
		stream_add(&st, 0, 0, "cannot read the whole file");
		goto out;
	}
	if (!st.refused)
		libxml.ParseChunk(st.ctxt, NULL, 0, 1);
	if (!st.ctxt->wellFormed && st.nerrors == 0)
		stream_add(&st, 0, 0, "not a well-formed XML document");
	ret = st.nerrors == 0 && stray.n == 0 ? 0 : -1;
out:
	if (st.dropped)
		strlist_addf(errors, "%s: %zu more errors not shown", path, st.dropped);
	if (st.ctxt) {
		if (st.ctxt->myDoc)
			libxml.FreeDoc(st.ctxt->myDoc);
		libxml.FreeParserCtxt(st.ctxt);
	}
	free(st.attrs);
	for (int i = 0; i < st.depth && i < STREAM_OPEN; i++)
		free(st.open[i].name);
	handlers_restore(&saved);
	for (size_t i = 0; i < stray.n; i++)
		strlist_add(errors, stray.items[i]);
	strlist_release(&stray);
	close(fd);
	return ret;
}
