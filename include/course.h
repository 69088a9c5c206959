/*
 * Course modules and programmes as plain structs, loaded from XML by course.c
 * (the only file that knows libxml2). A struct course owns every string and
 * array below it; course_free() releases the lot.
 */
#ifndef UPSKILL_COURSE_H
#define UPSKILL_COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "duty.h"
#include "util.h"

/* Course files larger than this are refused before parsing. */
#define COURSE_MAX_BYTES (4u * 1024u * 1024u)

enum block_kind {
	BLOCK_HEADING,
	BLOCK_PARAGRAPH,
	BLOCK_LIST,
	BLOCK_KEY,     /* a key point, shown highlighted */
	BLOCK_EXAMPLE, /* a worked example: title, then paragraphs and lists */
};

/* One block of a lesson page or of a policy text. Text has its white space
 * collapsed to single spaces. */
struct block {
	enum block_kind kind;
	char *text;   /* heading, paragraph, key point; example title or NULL */
	char **items; /* BLOCK_LIST: the items */
	size_t nitems;
	struct block *inner; /* BLOCK_EXAMPLE: its paragraphs and lists */
	size_t ninner;
};

struct page {
	char *title;
	struct block *blocks;
	size_t nblocks;
};

enum question_type {
	Q_SINGLE,
	Q_MULTIPLE,
	Q_TRUEFALSE,
	Q_SHORT,
	Q_NUMERIC,
	Q_ORDERING,
	Q_MATCHING,
	Q_SCENARIO,
};
#define Q_TYPE_COUNT 8

/* A choice of a single, multiple or scenario question, an item of an
 * ordering question (in the correct order), or, for true/false, the two
 * choices "True" and "False" made by the loader. */
struct choice {
	char *text;
	bool correct;
	char *feedback; /* NULL if none */
};

/* A matching pair; the learner sees the right-hand sides shuffled. */
struct pair {
	char *left;
	char *right;
};

struct question {
	char *id;
	enum question_type type;
	int line; /* where it starts in its file, for messages */
	double weight;
	char *situation; /* Q_SCENARIO only */
	char *prompt;
	struct choice *choices; /* single, multiple, truefalse, scenario; ordering items */
	size_t nchoices;
	char **accepted; /* Q_SHORT: accepted answers */
	size_t naccepted;
	/* Q_SHORT: groups of words or phrases that may stand for one another
	 * in an answer, each as written: "calendar, schedule, plan". */
	char **synonyms;
	size_t nsynonyms;
	bool case_sensitive; /* Q_SHORT */
	double answer;       /* Q_NUMERIC */
	double tolerance;    /* Q_NUMERIC, >= 0 */
	char *unit;          /* Q_NUMERIC, or NULL */
	struct pair *pairs;  /* Q_MATCHING */
	size_t npairs;
	char **hints;
	size_t nhints;
	char *feedback; /* general feedback, or NULL */
};

enum shuffle_mode {
	SHUFFLE_NONE = 0,
	SHUFFLE_QUESTIONS = 1,
	SHUFFLE_CHOICES = 2,
	SHUFFLE_BOTH = 3,
};

enum feedback_mode {
	FEEDBACK_IMMEDIATE,
	FEEDBACK_END,
};

struct quiz {
	int pass_mark;    /* percent, 0..100 */
	int attempts;     /* 0 means unlimited */
	unsigned shuffle; /* enum shuffle_mode bits */
	size_t draw;      /* questions drawn per attempt; 0 means all */
	enum feedback_mode feedback;
	struct question *questions;
	size_t nquestions;
};

/* The policy text a policy module carries. */
struct policy {
	char *version;
	int valid_months;
	bool minor; /* a minor correction: earlier acknowledgements still count */
	struct block *blocks;
	size_t nblocks;
};

struct course {
	char *path;      /* the file it was loaded from */
	char sha256[65]; /* of the file's bytes: what publishing records */
	int line;        /* where <module> starts, for messages */
	int format;
	char *id;
	char *version;
	char *title;
	char *topic;
	char *summary;
	int minutes;
	char **requires; /* prerequisite module ids */
	int *requires_line;
	size_t nrequires;
	struct page *pages;
	size_t npages;
	struct policy *policy; /* NULL unless a policy module */
	struct quiz quiz;
};

struct stage {
	char *label;
	char **modules;
	int *modules_line;
	size_t nmodules;
};

struct programme {
	char *path;
	int line; /* where <programme> starts, for messages */
	char *id;
	char *title;
	char *summary; /* or NULL */
	struct stage *stages;
	size_t nstages;
};

/* The topics the shipped library uses, ending in NULL; others are allowed,
 * but one spelled almost like these is taken for a typo. */
extern const char *const course_known_topics[];

/* What a course file turned out to hold. */
enum course_kind {
	COURSE_FILE_MODULE,
	COURSE_FILE_PROGRAMME,
};

/*
 * Loads one file: checks size and encoding, parses safely (no network, no
 * DTD, no entity expansion), validates against the built-in schema and runs
 * the checks the schema cannot express that concern this file alone. Every
 * problem found is appended to errors as "file:line: message". Returns 0 and
 * sets exactly one of *course or *programme (the caller owns it) when the
 * file is valid; otherwise -1 with nothing set. libxml2 is opened by the
 * first load (or stream) that parses: if it cannot be, that one and every
 * later one fail, and the reason goes into errors once per list.
 */
int course_load_file(const char *path, struct course **course, struct programme **programme,
                     struct strlist *errors);

/* Module files the record holds as published, by the SHA-256 (hex) of their
 * bytes, sorted by strcmp. A file whose bytes hash to one of them is exactly
 * what a consultant published, which the schema checked then, so it is not
 * checked against the schema again: every other check still runs, as does
 * the tree walk that expects nothing to be where it should (course.c).
 * With heads, such a file is also read for its head only, as the catalogue
 * cache gives a module for a list: the lesson pages' titles without their
 * blocks, the quiz's settings and number of questions without the
 * questions (quiz.questions NULL). The file must still be well formed; the
 * checks of what is passed over ran when it was published. */
struct course_vouched {
	char *const *sha256;
	size_t n;
	bool heads;
};

/* course_load_file, the schema's check left out for a file v vouches for
 * (v may be NULL: every file checked). */
int course_load_file_vouched(const char *path, const struct course_vouched *v,
                             struct course **course, struct programme **programme,
                             struct strlist *errors);

/* Same, from memory; name is used in messages. */
int course_load_memory(const char *name, const char *data, size_t len, struct course **course,
                       struct programme **programme, struct strlist *errors);

/* Whether the text would load, with every problem in errors as
 * course_load_memory gives them; nothing is kept (and no hash made). */
int course_check_memory(const char *name, const char *data, size_t len, struct strlist *errors);

/* Free what course_load_*() made, and only that: the strings share a few
 * blocks, so none may be freed or replaced on its own. NULL is a no-op. */
/*
 * Loads a duty plan (courses/duties/plan.xml and its like) with the same
 * care as a course file, validated against the built-in duty schema.
 * Returns 0 with the duties (the caller releases each with duty_release and
 * frees the array), or -1 with every problem in errors as file:line.
 * Whether the modules and policies named exist is the caller's to check.
 */
int course_load_duties(const char *path, struct duty **out, size_t *n, struct strlist *errors);

/*
 * A streaming reader for other XML formats (Moodle question banks), so that
 * libxml2 stays in course.c. The file is read in chunks through a SAX push
 * parser (no tree is built), with the same care as a course file: no
 * network, any DOCTYPE refused before a single entity exists, no entity
 * expansion. Parsing recovers after an error, so every problem in a file is
 * found in one pass; each is appended to errors as "file:line:col: message".
 * Names and text are UTF-8; attrs is name, value, name, value, ..., NULL.
 * Strings handed to the callbacks are borrowed for the call only.
 */
struct course_xml_handler {
	void *ctx;
	void (*start)(void *ctx, const char *name, const char *const *attrs, int line, int col);
	void (*end)(void *ctx, const char *name, int line, int col);
	/* Character data, CDATA included, in pieces of any size. */
	void (*text)(void *ctx, const char *s, size_t n);
};

/* Returns 0 if the file is well-formed XML, -1 (with every problem in
 * errors) if not or if it cannot be read. The callbacks run either way. */
int course_xml_stream(const char *path, const struct course_xml_handler *h, struct strlist *errors);

void course_free(struct course *c);
void programme_free(struct programme *p);

/*
 * For the catalogue cache (catalog-cache.c), which rebuilds modules without
 * libxml2: a module's head made in one allocation, with fixed bytes for its
 * head's arrays, each taken with course_fixed (the sum of course_fixed_size
 * of each), and strings bytes for its first course_strings; an empty
 * programme, whose arrays are malloc'd each on its own; and blocks for
 * their strings, owned by them and freed with them. Anything else a module
 * gains (its body's blocks and questions) is malloc'd, as a loaded one's.
 * Given rooms (a pointer to NULL at first), a module is made in the room
 * there, or in a new one put there if that has not the space: then a few
 * hundred modules share one allocation, freed with the last of them and
 * its maker's hold, which the maker lets go when done
 * (course_room_release(*rooms)). A room is filled on one thread; its
 * modules may be freed on any.
 */
struct course_room;
void course_room_release(struct course_room *room);
size_t course_fixed_size(size_t n);
struct course *course_new_head(struct course_room **rooms, size_t fixed, size_t strings);
void *course_fixed(struct course *c, size_t n);
struct programme *programme_new(void);
char *course_strings(struct course *c, size_t n);
char *programme_strings(struct programme *p, size_t n);

/* A question type for people: "single choice", "multiple response", ... */
const char *course_type_name(enum question_type t);

/* Frees the compiled schema the loader keeps for the life of the process and
 * libxml2's global state, if libxml2 was opened. Only for leak-checked tests
 * and at exit: nothing may be loaded afterwards. */
void course_cleanup(void);

#endif
