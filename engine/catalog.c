/*
 * The catalogue of loaded modules and programmes, and the checks that need
 * more than one file: duplicate ids, prerequisites that name no module,
 * prerequisite cycles, modules whose prerequisite was left out, and
 * programme steps that name no usable module.
 *
 * Loading and `validate` share one resolver. It takes the modules in load
 * order, some owned and some borrowed from an already-loaded catalogue, and
 * marks what has to be skipped, saying why; the caller keeps the rest.
 */
#include "catalog.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog-cache.h"
#include "catalog-scan.h"
#include "lookalike.h"

#define NO_NODE SIZE_MAX

struct mod {
	struct course *c;
	bool owned;   /* loaded here; borrowed from a known catalogue otherwise */
	bool dropped; /* a second module with an id already taken */
	bool skipped;
	size_t order; /* position in load order, to keep sorting stable */
	size_t node;  /* index in resolver.nodes, or NO_NODE when dropped */
	size_t *deps; /* node of each prerequisite, or NO_NODE if it names none */
	/* Tarjan's strongly connected components */
	size_t index, low, comp;
	bool on_stack;
};

struct prog {
	struct programme *p;
	bool owned;
	bool dropped; /* a second programme with an id already taken */
	bool skipped;
	size_t order;
};

struct resolver {
	struct mod *mods; /* load order */
	size_t nmods, mods_cap;
	struct prog *progs;
	size_t nprogs, progs_cap;
	struct mod **nodes; /* modules that were not dropped, sorted by id */
	size_t nnodes;
	struct strlist *out;                  /* where messages go */
	struct catalog_cache *cache;          /* NULL: every file is loaded */
	bool whole;                           /* modules with their bodies, or heads may do */
	const struct course_vouched *vouched; /* NULL: every file checked whole */
};

static void resolver_add_course(struct resolver *r, struct course *c, bool owned)
{
	struct mod *m;

	xgrow(&r->mods, &r->mods_cap, r->nmods + 1, sizeof(*r->mods));
	m = &r->mods[r->nmods];
	memset(m, 0, sizeof(*m));
	m->c = c;
	m->owned = owned;
	m->order = r->nmods++;
	m->node = NO_NODE;
}

static void resolver_add_programme(struct resolver *r, struct programme *p, bool owned)
{
	struct prog *g;

	xgrow(&r->progs, &r->progs_cap, r->nprogs + 1, sizeof(*r->progs));
	g = &r->progs[r->nprogs];
	memset(g, 0, sizeof(*g));
	g->p = p;
	g->owned = owned;
	g->order = r->nprogs++;
}

/* Loads the file at path into r, its problems into errors; st is its
 * status, taken before it was read, or NULL: it is not put in the cache. */
static void resolver_load(struct resolver *r, const char *path, const struct stat *st,
                          struct strlist *errors)
{
	struct course *c;
	struct programme *p;

	if (course_load_file_vouched(path, r->vouched, &c, &p, errors) < 0)
		return;
	if (r->cache && st) {
		catalog_cache_put(r->cache, path, st, c, p);
		/* Only the list wanted: the module whole is given up for its
		 * head, as a warm load would hand it out. A cold load of a large
		 * folder then holds what it holds warm, not every question. */
		if (c && !r->whole) {
			struct course *head = catalog_cache_head(r->cache, path);

			if (head) {
				course_free(c);
				c = head;
			}
		}
	}
	if (c)
		resolver_add_course(r, c, true);
	if (p)
		resolver_add_programme(r, p, true);
}

static void resolver_release(struct resolver *r)
{
	for (size_t i = 0; i < r->nmods; i++) {
		if (r->mods[i].owned) {
			/* A module left out (a second one with an id, say) leaves
			 * nothing behind in the cache that names it. */
			if (r->cache)
				catalog_cache_forget(r->cache, r->mods[i].c);
			course_free(r->mods[i].c);
		}
		free(r->mods[i].deps);
	}
	free(r->mods);
	for (size_t i = 0; i < r->nprogs; i++)
		if (r->progs[i].owned)
			programme_free(r->progs[i].p);
	free(r->progs);
	free(r->nodes);
}

static int mod_cmp(const void *a, const void *b)
{
	const struct mod *x = *(const struct mod *const *)a;
	const struct mod *y = *(const struct mod *const *)b;
	int d = strcmp(x->c->id, y->c->id);

	if (d)
		return d;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int prog_cmp(const void *a, const void *b)
{
	const struct prog *x = *(const struct prog *const *)a;
	const struct prog *y = *(const struct prog *const *)b;
	int d = strcmp(x->p->id, y->p->id);

	if (d)
		return d;
	return x->order < y->order ? -1 : x->order > y->order;
}

static size_t resolver_find(const struct resolver *r, const char *id)
{
	size_t lo = 0, hi = r->nnodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(r->nodes[mid]->c->id, id);

		if (d == 0)
			return mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NO_NODE;
}

/* The first module with an id keeps it; later ones are dropped. */
static void resolve_duplicates(struct resolver *r)
{
	struct mod **sorted = xcalloc(r->nmods, sizeof(*sorted));

	bool in_order = true;

	for (size_t i = 0; i < r->nmods; i++) {
		sorted[i] = &r->mods[i];
		if (i && in_order && mod_cmp(&sorted[i - 1], &sorted[i]) > 0)
			in_order = false;
	}
	/* Files are read in name order, and a module's file is usually named
	 * after its id: then the modules are in order already. */
	if (!in_order)
		qsort(sorted, r->nmods, sizeof(*sorted), mod_cmp);
	r->nodes = xcalloc(r->nmods, sizeof(*r->nodes));
	for (size_t i = 0; i < r->nmods; i++) {
		struct mod *m = sorted[i];

		if (r->nnodes && strcmp(r->nodes[r->nnodes - 1]->c->id, m->c->id) == 0) {
			m->dropped = m->skipped = true;
			continue;
		}
		m->node = r->nnodes;
		r->nodes[r->nnodes++] = m;
	}
	free(sorted);
	/* Reported in load order, which is file order for a directory. */
	for (size_t i = 0; i < r->nmods; i++) {
		struct mod *m = &r->mods[i];

		if (m->dropped)
			strlist_addf(r->out, "%s:%d: module id '%s' is already used by '%s'",
			             m->c->path, m->c->line, m->c->id,
			             r->nodes[resolver_find(r, m->c->id)]->c->path);
	}
}

static void resolve_missing(struct resolver *r)
{
	for (size_t i = 0; i < r->nmods; i++) {
		struct mod *m = &r->mods[i];

		if (m->dropped)
			continue;
		/* Most modules require nothing: no allocation for those. */
		if (m->c->nrequires)
			m->deps = xcalloc(m->c->nrequires, sizeof(*m->deps));
		for (size_t k = 0; k < m->c->nrequires; k++) {
			m->deps[k] = resolver_find(r, m->c->requires[k]);
			if (m->deps[k] == NO_NODE) {
				m->skipped = true;
				strlist_addf(r->out, "%s:%d: prerequisite '%s' names no module",
				             m->c->path, m->c->requires_line[k], m->c->requires[k]);
			}
		}
	}
}

/* Tarjan's algorithm without recursion, so that a long chain of
 * prerequisites cannot overflow the stack. Sets comp on every node; the
 * sizes of the components go to *sizes (the caller frees it). */
static void resolve_components(struct resolver *r, size_t **sizes)
{
	size_t n = r->nnodes, next_index = 1, ncomp = 0;
	size_t *stack = xcalloc(n, sizeof(*stack)), nstack = 0;
	/* The depth-first path: a node and how many of its edges are done. */
	size_t *path = xcalloc(n, sizeof(*path)), *edge = xcalloc(n, sizeof(*edge)), npath = 0;

	*sizes = xcalloc(n, sizeof(**sizes));
	for (size_t root = 0; root < n; root++) {
		if (r->nodes[root]->index)
			continue;
		path[npath] = root;
		edge[npath++] = 0;
		r->nodes[root]->index = r->nodes[root]->low = next_index++;
		stack[nstack++] = root;
		r->nodes[root]->on_stack = true;
		while (npath) {
			size_t v = path[npath - 1];
			struct mod *mv = r->nodes[v];

			if (edge[npath - 1] < mv->c->nrequires) {
				size_t w = mv->deps[edge[npath - 1]++];
				struct mod *mw;

				if (w == NO_NODE)
					continue;
				mw = r->nodes[w];
				if (!mw->index) {
					mw->index = mw->low = next_index++;
					stack[nstack++] = w;
					mw->on_stack = true;
					path[npath] = w;
					edge[npath++] = 0;
				} else if (mw->on_stack && mw->index < mv->low) {
					mv->low = mw->index;
				}
				continue;
			}
			if (mv->low == mv->index) {
				size_t w;

				do {
					w = stack[--nstack];
					r->nodes[w]->on_stack = false;
					r->nodes[w]->comp = ncomp;
					(*sizes)[ncomp]++;
				} while (w != v);
				ncomp++;
			}
			npath--;
			if (npath) {
				struct mod *parent = r->nodes[path[npath - 1]];

				if (mv->low < parent->low)
					parent->low = mv->low;
			}
		}
	}
	free(stack);
	free(path);
	free(edge);
}

/* Every module on a cycle is skipped, each with the shortest cycle through
 * it, found breadth first inside its component. */
static void resolve_cycles(struct resolver *r)
{
	size_t n = r->nnodes;
	size_t *sizes, *parent, *queue, *seen;
	struct strbuf sb;

	if (!n)
		return;
	resolve_components(r, &sizes);
	parent = xcalloc(n, sizeof(*parent));
	queue = xcalloc(n, sizeof(*queue));
	seen = xcalloc(n, sizeof(*seen)); /* the start node + 1 that last reached it */
	strbuf_init(&sb);
	for (size_t i = 0; i < r->nmods; i++) {
		struct mod *m = &r->mods[i];
		size_t start = m->node, head = 0, tail = 0, last = NO_NODE, first_dep = 0;
		size_t *chain = NULL, nchain = 0;

		if (m->dropped || sizes[m->comp] < 2)
			continue;
		queue[tail++] = start;
		seen[start] = start + 1;
		while (head < tail && last == NO_NODE) {
			size_t v = queue[head++];
			const struct mod *mv = r->nodes[v];

			for (size_t k = 0; k < mv->c->nrequires; k++) {
				size_t w = mv->deps[k];

				if (w == NO_NODE || r->nodes[w]->comp != m->comp)
					continue;
				if (w == start) {
					last = v;
					break;
				}
				if (seen[w] != start + 1) {
					seen[w] = start + 1;
					parent[w] = v;
					queue[tail++] = w;
				}
			}
		}
		/* In a component of two or more, every node is on a cycle. */
		chain = xcalloc(n + 1, sizeof(*chain));
		for (size_t v = last; v != start; v = parent[v])
			chain[nchain++] = v;
		strbuf_adds(&sb, m->c->id);
		for (size_t k = nchain; k-- > 0;) {
			strbuf_adds(&sb, " -> ");
			strbuf_adds(&sb, r->nodes[chain[k]]->c->id);
		}
		strbuf_adds(&sb, " -> ");
		strbuf_adds(&sb, m->c->id);
		/* The line is that of the requires that starts the cycle. */
		for (size_t k = 0; k < m->c->nrequires; k++) {
			if (m->deps[k] == (nchain ? chain[nchain - 1] : start)) {
				first_dep = k;
				break;
			}
		}
		m->skipped = true;
		strlist_addf(r->out, "%s:%d: prerequisite cycle: %s", m->c->path,
		             m->c->requires_line[first_dep], sb.buf);
		free(strbuf_detach(&sb));
		free(chain);
	}
	strbuf_release(&sb);
	free(sizes);
	free(parent);
	free(queue);
	free(seen);
}

/* A module whose prerequisite was skipped cannot be taken either. Repeated
 * until nothing changes; once cycles are out the rest is a DAG, so the loop
 * ends. */
static void resolve_propagate(struct resolver *r)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < r->nmods; i++) {
			struct mod *m = &r->mods[i];

			if (m->skipped)
				continue;
			for (size_t k = 0; k < m->c->nrequires; k++) {
				const struct mod *dep = r->nodes[m->deps[k]];

				if (!dep->skipped)
					continue;
				m->skipped = changed = true;
				strlist_addf(r->out,
				             "%s:%d: prerequisite '%s' was skipped (see '%s')",
				             m->c->path, m->c->requires_line[k], dep->c->id,
				             dep->c->path);
				break;
			}
		}
	}
}

static void resolve_programmes(struct resolver *r)
{
	struct prog **sorted = xcalloc(r->nprogs, sizeof(*sorted));

	for (size_t i = 0; i < r->nprogs; i++)
		sorted[i] = &r->progs[i];
	qsort(sorted, r->nprogs, sizeof(*sorted), prog_cmp);
	for (size_t i = 1, first = 0; i < r->nprogs; i++) {
		if (strcmp(sorted[first]->p->id, sorted[i]->p->id) == 0)
			sorted[i]->dropped = sorted[i]->skipped = true;
		else
			first = i;
	}
	for (size_t i = 0; i < r->nprogs; i++) {
		struct prog *g = &r->progs[i];
		const struct programme *p = g->p;

		if (g->dropped) {
			for (size_t k = 0; k < r->nprogs; k++) {
				if (!r->progs[k].dropped && strcmp(r->progs[k].p->id, p->id) == 0) {
					strlist_addf(
					        r->out,
					        "%s:%d: programme id '%s' is already used by '%s'",
					        p->path, p->line, p->id, r->progs[k].p->path);
					break;
				}
			}
			continue;
		}
		for (size_t s = 0; s < p->nstages; s++) {
			const struct stage *st = &p->stages[s];

			for (size_t k = 0; k < st->nmodules; k++) {
				size_t node = resolver_find(r, st->modules[k]);

				if (node == NO_NODE) {
					g->skipped = true;
					strlist_addf(r->out,
					             "%s:%d: programme step '%s' names no module",
					             p->path, st->modules_line[k], st->modules[k]);
				} else if (r->nodes[node]->skipped) {
					g->skipped = true;
					strlist_addf(
					        r->out,
					        "%s:%d: programme step '%s' was skipped (see '%s')",
					        p->path, st->modules_line[k], st->modules[k],
					        r->nodes[node]->c->path);
				}
			}
		}
	}
	free(sorted);
}

static void resolver_run(struct resolver *r)
{
	resolve_duplicates(r);
	resolve_missing(r);
	resolve_cycles(r);
	resolve_propagate(r);
	resolve_programmes(r);
}

/* Hands what survived to cat, sorted by id, and frees what did not. */
static void resolver_finish(struct resolver *r, struct catalog *cat)
{
	struct prog **sorted;

	cat->courses = xcalloc(r->nnodes, sizeof(*cat->courses));
	for (size_t i = 0; i < r->nnodes; i++) {
		struct mod *m = r->nodes[i];

		if (!m->skipped) {
			cat->courses[cat->ncourses++] = m->c;
			m->owned = false;
		}
	}
	sorted = xcalloc(r->nprogs, sizeof(*sorted));
	for (size_t i = 0; i < r->nprogs; i++)
		sorted[i] = &r->progs[i];
	qsort(sorted, r->nprogs, sizeof(*sorted), prog_cmp);
	cat->programmes = xcalloc(r->nprogs, sizeof(*cat->programmes));
	for (size_t i = 0; i < r->nprogs; i++) {
		if (!sorted[i]->skipped) {
			cat->programmes[cat->nprogrammes++] = sorted[i]->p;
			sorted[i]->owned = false;
		}
	}
	free(sorted);
	resolver_release(r);
}

static struct catalog *catalog_new(void)
{
	struct catalog *cat = xcalloc(1, sizeof(*cat));

	strlist_init(&cat->skipped);
	return cat;
}

struct catalog *catalog_load_files(const char *const *paths, size_t n)
{
	struct catalog *cat = catalog_new();
	struct resolver r = {0};

	r.out = &cat->skipped;
	r.whole = true;
	for (size_t i = 0; i < n; i++)
		resolver_load(&r, paths[i], NULL, &cat->skipped);
	resolver_run(&r);
	resolver_finish(&r, cat);
	return cat;
}

static struct catalog *load_scanned(struct catalog_scan *sc, const struct course_vouched *vouched,
                                    char **err)
{
	struct catalog *cat;
	struct resolver r = {0};

	catalog_scan_wait(sc);
	if (sc->error) {
		util_error(err, "cannot read course directory '%s': %s", sc->dir,
		           strerror(sc->error));
		catalog_scan_free(sc);
		return NULL;
	}
	cat = catalog_new();
	r.out = &cat->skipped;
	r.cache = sc->cache;
	r.whole = sc->whole;
	r.vouched = vouched;
	/* A file makes a module more often than not: room for one each, not
	 * an array grown and copied (fresh pages) as they come. */
	xgrow(&r.mods, &r.mods_cap, sc->n, sizeof(*r.mods));
	for (size_t i = 0; i < sc->n; i++) {
		struct catalog_scan_file *f = &sc->files[i];

		/* What the scan found in the cache is taken as it is; the
		 * rest is loaded here. */
		if (f->course)
			resolver_add_course(&r, f->course, true);
		else if (f->programme)
			resolver_add_programme(&r, f->programme, true);
		else
			resolver_load(&r, f->path, f->st, &cat->skipped);
		f->course = NULL;
		f->programme = NULL;
	}
	resolver_run(&r);
	resolver_finish(&r, cat);
	if (sc->cache) {
		char *why = NULL;

		/* A cache that cannot be written costs the next process time,
		 * nothing else: the catalogue loaded is the same. */
		catalog_cache_save(sc->cache, &why);
		free(why);
		if (catalog_cache_pending(sc->cache)) {
			cat->bodies = sc->cache; /* kept until the bodies are read */
			sc->cache = NULL;
		}
	}
	catalog_scan_free(sc);
	return cat;
}

static struct catalog *load_dir(const char *dir, const char *cache_path, bool whole,
                                const struct course_vouched *vouched, char **err)
{
	return load_scanned(catalog_scan_read(dir, cache_path, whole), vouched, err);
}

struct catalog *catalog_load_scanned(struct catalog_scan *sc, char **err)
{
	return load_scanned(sc, NULL, err);
}

struct catalog *catalog_load_dir(const char *dir, char **err)
{
	return load_dir(dir, NULL, true, NULL, err);
}

struct catalog *catalog_load_dir_vouched(const char *dir, const struct course_vouched *v,
                                         char **err)
{
	return load_dir(dir, NULL, true, v, err);
}

struct catalog *catalog_load_dir_cached(const char *dir, const char *cache_path, bool whole,
                                        char **err)
{
	return load_dir(dir, cache_path, whole, NULL, err);
}

int catalog_load_bodies(struct catalog *cat, char **err)
{
	int ret;

	if (!cat->bodies)
		return 0;
	ret = catalog_cache_bodies(cat->bodies, cat->courses, cat->ncourses, err);
	if (ret == 0) {
		catalog_cache_free(cat->bodies);
		cat->bodies = NULL;
	}
	return ret;
}

void catalog_free(struct catalog *cat)
{
	if (!cat)
		return;
	catalog_cache_free(cat->bodies);
	for (size_t i = 0; i < cat->ncourses; i++)
		course_free(cat->courses[i]);
	free(cat->courses);
	for (size_t i = 0; i < cat->nprogrammes; i++)
		programme_free(cat->programmes[i]);
	free(cat->programmes);
	strlist_release(&cat->skipped);
	free(cat);
}

/* The first course whose id is not less than key. */
static size_t lower_bound(const struct catalog *cat, const char *key)
{
	size_t lo = 0, hi = cat->ncourses;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(cat->courses[mid]->id, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct course *catalog_find(const struct catalog *cat, const char *id)
{
	size_t i = lower_bound(cat, id);

	return i < cat->ncourses && strcmp(cat->courses[i]->id, id) == 0 ? cat->courses[i] : NULL;
}

const struct programme *catalog_find_programme(const struct catalog *cat, const char *id)
{
	size_t lo = 0, hi = cat->nprogrammes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(cat->programmes[mid]->id, id);

		if (d == 0)
			return cat->programmes[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *catalog_complete(const struct catalog *cat, const char *prefix, size_t n)
{
	/* Ids sharing a prefix sit together in id order. */
	size_t i = lower_bound(cat, prefix);

	if (n >= cat->ncourses - i)
		return NULL;
	i += n;
	return util_starts_with(cat->courses[i]->id, prefix) ? cat->courses[i]->id : NULL;
}

int catalog_validate(const char *const *paths, size_t n, const struct catalog *known,
                     struct strlist *errors)
{
	struct resolver r = {0};
	struct resolver given = {0};
	size_t before = errors->n;

	r.out = errors;
	for (size_t i = 0; i < n; i++)
		resolver_load(&given, paths[i], NULL, errors);
	/* A given module or programme stands in for a known one with its id: it
	 * is a new version of it, or the very file the catalogue came from. */
	for (size_t i = 0; known && i < known->ncourses; i++) {
		bool replaced = false;

		for (size_t k = 0; k < given.nmods && !replaced; k++)
			replaced = strcmp(given.mods[k].c->id, known->courses[i]->id) == 0;
		if (!replaced)
			resolver_add_course(&r, known->courses[i], false);
	}
	for (size_t i = 0; known && i < known->nprogrammes; i++) {
		bool replaced = false;

		for (size_t k = 0; k < given.nprogs && !replaced; k++)
			replaced = strcmp(given.progs[k].p->id, known->programmes[i]->id) == 0;
		if (!replaced)
			resolver_add_programme(&r, known->programmes[i], false);
	}
	for (size_t i = 0; i < given.nmods; i++)
		resolver_add_course(&r, given.mods[i].c, true);
	for (size_t i = 0; i < given.nprogs; i++)
		resolver_add_programme(&r, given.progs[i].p, true);
	free(given.mods);
	free(given.progs);
	resolver_run(&r);
	resolver_release(&r);
	return errors->n == before ? 0 : -1;
}

void catalog_lookalikes(const struct catalog *cat, const struct course *c, struct strlist *out)
{
	for (size_t i = 0; i < cat->ncourses; i++) {
		const struct course *o = cat->courses[i];

		if (o == c)
			continue;
		if (lookalike_is(c->id, o->id))
			strlist_addf(out, "%s:%d: warning: module id '%s' looks like '%s' (%s)",
			             c->path, c->line, c->id, o->id, o->path);
		if (c->title && o->title && lookalike_is(c->title, o->title))
			strlist_addf(
			        out,
			        "%s:%d: warning: the title of '%s', '%s', looks like the title "
			        "of '%s' (%s)",
			        c->path, c->line, c->id, c->title, o->id, o->path);
	}
}
