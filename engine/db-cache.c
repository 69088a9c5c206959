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

/* The slot of the address sql is at. Most SQL is a literal, at the same
 * address every time: this finds its statement without reading the text
 * byte by byte (a strcmp still confirms it, as an address may be reused). */
static size_t slot_of_address(const char *sql)
{
	uint64_t a = (uint64_t)(uintptr_t)sql * 0x9e3779b97f4a7c15u;

	return (size_t)(a >> 56) & (DB_CACHE_SLOTS - 1);
}

struct db_cached *db_cache_take(struct db_cache *c, const char *sql, bool *busy)
{
	struct db_cached **recent = &c->by_address[slot_of_address(sql)];

	*busy = false;
	if (*recent && !(*recent)->in_use && strcmp((*recent)->sql, sql) == 0) {
		(*recent)->in_use = true;
		return *recent;
	}
	for (struct db_cached *e = c->slots[slot_of(sql)]; e; e = e->next) {
		if (strcmp(e->sql, sql) != 0)
			continue;
		if (!e->in_use) {
			e->in_use = true;
			*recent = e;
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
	c->by_address[slot_of_address(sql)] = e;
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
		c->by_address[i] = NULL;
	}
	c->kept = 0;
}
