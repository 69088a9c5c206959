/*
 * Where upskill keeps things: the database and history under the XDG base
 * directories, and the shipped courses.
 */
#ifndef UPSKILL_PATHS_H
#define UPSKILL_PATHS_H

/* The database path: UPSKILL_DB, else $XDG_DATA_HOME/upskill/upskill.db,
 * else ~/.local/share/upskill/upskill.db. The caller frees it. */
char *paths_default_db(void);

/* The readline history file under $XDG_STATE_HOME (or ~/.local/state). */
char *paths_history(void);

/* Where the compiled catalogue of a courses folder is kept:
 * $XDG_CACHE_HOME/upskill/catalogue-HASH (or ~/.cache/...), HASH from the
 * folder's real path; NULL if the folder cannot be resolved. The caller
 * frees it. */
char *paths_catalog_cache(const char *courses_dir);

/* The courses folder: UPSKILL_COURSES, else the installed one, else the
 * courses/ folder beside the program (running from a source tree). */
char *paths_default_courses(void);

/* Creates the folder that will hold file, and its parents (mode 0700 for
 * new ones). */
int paths_make_parent(const char *file, char **err);

#endif
