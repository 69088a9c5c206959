/*
 * A consistent copy of a SQLite record to a new file while others go on
 * using it (backup).
 */
#ifndef UPSKILL_STORE_BACKUP_H
#define UPSKILL_STORE_BACKUP_H

#include "store.h"

/* Copies the whole record, as it stood at one commit, to path, which must
 * not exist (it is made 0600), then checks the copy verifies: *events gets
 * its count and head (65 bytes) its last event's hash. Writers go on
 * meanwhile. Refused for a PostgreSQL record (pg_dump or db copy do it).
 * 0, or -1 with *err and no file left at path. */
int store_backup(struct store *st, const char *path, long long *events, char head[65], char **err);

#endif
