/*
 * XDG base directories and the courses folder.
 */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "util.h"

#ifndef UPSKILL_DATADIR
#define UPSKILL_DATADIR "/usr/local/share/upskill"
#endif

/* $var if set to an absolute path (the XDG rule), else ~/fallback. */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	const char *home = getenv("HOME");

	if (v && v[0] == '/')
		return xstrdup(v);
	return xasprintf("%s/%s", home && *home ? home : ".", fallback);
}

char *paths_default_db(void)
{
	const char *env = getenv("UPSKILL_DB");
	char *dir, *path;

	if (env && *env)
		return xstrdup(env);
	dir = xdg_dir("XDG_DATA_HOME", ".local/share");
	path = xasprintf("%s/upskill/upskill.db", dir);
	free(dir);
	return path;
}

char *paths_history(void)
{
	char *dir = xdg_dir("XDG_STATE_HOME", ".local/state");
	char *path = xasprintf("%s/upskill/history", dir);

	free(dir);
	return path;
}

char *paths_catalog_cache(const char *courses_dir)
{
	char *real = realpath(courses_dir, NULL), *dir, *path;
	char hex[DIGEST_SHA256_HEX];

	if (!real)
		return NULL;
	digest_sha256_hex(real, strlen(real), hex);
	free(real);
	dir = xdg_dir("XDG_CACHE_HOME", ".cache");
	path = xasprintf("%s/upskill/catalogue-%.16s", dir, hex);
	free(dir);
	return path;
}

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

char *paths_default_courses(void)
{
	const char *env = getenv("UPSKILL_COURSES");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return xstrdup(env);
	if (is_dir(UPSKILL_DATADIR "/courses"))
		return xstrdup(UPSKILL_DATADIR "/courses");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *beside;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			beside = xasprintf("%s/courses", exe);
			if (is_dir(beside))
				return beside;
			free(beside);
		}
	}
	return xstrdup(UPSKILL_DATADIR "/courses");
}

int paths_make_parent(const char *file, char **err)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	int rc = 0;

	if (!slash || slash == dir)
		goto out;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			rc = util_error(err, "cannot create folder '%s': %s", dir, strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		rc = util_error(err, "cannot create folder '%s': %s", dir, strerror(errno));
out:
	free(dir);
	return rc;
}
