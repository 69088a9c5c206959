/*
 * Publishing a loaded module (publish.c): what its file and policy say, put
 * to the record as a publication (store-publish.h), and how a module stands
 * against what is published.
 */
#ifndef UPSKILL_PUBLISH_H
#define UPSKILL_PUBLISH_H

#include "course.h"
#include "store.h"

/* Publishes c as it was loaded, by actor: 0 and *id, STORE_EXISTS when
 * exactly this file is published already, or -1. */
int publish_course(struct store *st, long long actor, const struct course *c, long long *id,
                   char **err);

enum publish_state {
	PUBLISH_CURRENT,   /* this file is the published version */
	PUBLISH_DIFFERENT, /* another file is published as this version */
	PUBLISH_NONE,      /* this version is not published */
};

/* How c, as loaded, stands against the record's publications. */
int publish_state(struct store *st, const struct course *c, enum publish_state *out, char **err);
const char *publish_state_name(enum publish_state s);

#endif
