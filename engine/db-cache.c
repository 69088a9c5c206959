/*
 * The prepared-statement cache both drivers keep. See db-driver.h.
 */
#include <stdint.h>
#include <string.h>

#include "db-driver.h"
#include "util.h"

/* The slot of sql: its FNV-1a hash, cut to the table's size. */
static size_t slot_of(const char *sql)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h & (DB_CACHE_SLOTS - 1);
}

struct db_cached *db_cache_take(struct db_cache *c, const char *sql, bool *busy)
{
	*busy = false;
	for (struct db_cached *e = c->slots[slot_of(sql)]; e; e = e->next) {
		if (strcmp(e->sql, sql) != 0)
			continue;
		if (!e->in_use) {
			e->in_use = true;
			return e;
		}
		*busy = true;
	}
	return NULL;
}

void db_cache_keep(struct db_cache *c, struct db_cached *e, const char *sql, bool busy)
{
	size_t slot;

	e->in_use = true;
	if (busy || c->kept >= DB_CACHE_MAX)
		return;
	slot = slot_of(sql);
	e->sql = xstrdup(sql);
	e->next = c->slots[slot];
	c->slots[slot] = e;
	c->kept++;
}

void db_cache_clear(struct db_cache *c, void (*drop)(struct db_cached *e))
{
	for (size_t i = 0; i < DB_CACHE_SLOTS; i++) {
		struct db_cached *e = c->slots[i], *next;

		for (; e; e = next) {
			next = e->next;
			drop(e);
		}
		c->slots[i] = NULL;
	}
	c->kept = 0;
}
