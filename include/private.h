/*
 * Files only their owner can read. Everything upskill creates is 0600
 * (folders 0700, see paths_make_parent) whatever the umask, and a path it
 * is about to use is refused if it is a symbolic link, not a regular file,
 * or owned by someone else: on a shared machine, that is how another user
 * would read the record or make upskill write where they choose.
 */
#ifndef UPSKILL_PRIVATE_H
#define UPSKILL_PRIVATE_H

/* The mode of every file upskill creates. */
#define PRIVATE_FILE_MODE 0600

/* Opens path with flags (O_RDONLY, O_WRONLY or O_RDWR, and O_CREAT or
 * O_APPEND if wanted; never O_TRUNC) without following a symbolic link.
 * A new file is made 0600; an existing one must be a regular file of the
 * user's, and is made 0600 if others could read or write it. Returns the
 * descriptor (the caller closes it), or -1 with a message in *err and
 * errno set (ENOENT when the file is absent and O_CREAT was not given). */
int private_open(const char *path, int flags, char **err);

/* The checks of private_open on a file that may be absent: 0 if it is
 * absent or safe (and now 0600), -1 with a message otherwise. */
int private_fix(const char *path, char **err);

/* Writes text to path, replacing a regular file of the user's, as a file
 * of mode 0600; a symbolic link or someone else's file is refused. */
int private_write(const char *path, const char *text, char **err);

#endif
