/*
 * Private files: see private.h. Checks are made on the descriptor that is
 * then used (fstat after an O_NOFOLLOW open), so a file swapped for a link
 * between a check and its use is never followed.
 */
#include "private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* 0 if the file open on fd (found at path) is a regular file of the user's,
 * made 0600 if it was open to others; -1 with a message if not. */
static int check_fd(int fd, const char *path, char **err)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		return util_error(err, "cannot read '%s': %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return util_error(err, "'%s' is not a regular file: refusing to use it", path);
	if (sb.st_uid != geteuid())
		return util_error(err, "'%s' is owned by uid %lu, not you: refusing to use it",
		                  path, (unsigned long)sb.st_uid);
	if ((sb.st_mode & 0077) && fchmod(fd, PRIVATE_FILE_MODE) < 0)
		return util_error(err, "cannot make '%s' private: %s", path, strerror(errno));
	return 0;
}

int private_open(const char *path, int flags, char **err)
{
	/* O_NONBLOCK: a FIFO put in the file's place must not hang the open;
	 * it is refused as not a regular file just after. */
	int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
	              PRIVATE_FILE_MODE);
	int saved;

	if (fd < 0) {
		saved = errno;
		if (saved == ELOOP)
			util_error(err, "'%s' is a symbolic link: refusing to use it", path);
		else if (saved == EISDIR || saved == ENXIO || saved == ENODEV ||
		         saved == EOPNOTSUPP)
			/* A folder, a FIFO nobody reads, a device or a socket. */
			util_error(err, "'%s' is not a regular file: refusing to use it", path);
		else
			util_error(err, "cannot open '%s': %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	if (check_fd(fd, path, err) < 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	/* Blocking again for the caller's reads and writes. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int private_fix(const char *path, char **err)
{
	char *why = NULL;
	int fd = private_open(path, O_RDONLY, &why);

	if (fd < 0) {
		if (errno == ENOENT) {
			free(why);
			return 0;
		}
		util_error(err, "%s", why);
		free(why);
		return -1;
	}
	close(fd);
	return 0;
}

int private_write(const char *path, const char *text, char **err)
{
	size_t len = strlen(text);
	int fd = private_open(path, O_WRONLY | O_CREAT, err);
	bool ok;

	if (fd < 0)
		return -1;
	/* Truncated only now that the file is known to be the user's own. */
	ok = ftruncate(fd, 0) == 0;
	while (ok && len > 0) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok) {
			text += n;
			len -= (size_t)n;
		}
	}
	if (close(fd) != 0)
		ok = false;
	if (!ok)
		return util_error(err, "cannot write '%s': %s", path, strerror(errno));
	return 0;
}
