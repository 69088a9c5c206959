/*
 * Private files: what is made is 0600 whatever the umask; a file of the
 * user's is replaced and made private; a link is never followed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"
#include "util.h"

struct fixture {
	char dir[64];
	char *file, *link, *target;
	mode_t umask;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/upskill-private-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->file = xasprintf("%s/file", f->dir);
	f->link = xasprintf("%s/link", f->dir);
	f->target = xasprintf("%s/target", f->dir);
	f->umask = umask(022);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->file);
	unlink(f->link);
	unlink(f->target);
	rmdir(f->dir);
	umask(f->umask);
	free(f->file);
	free(f->link);
	free(f->target);
	free(f);
	return 0;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static void write_plain(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_write_new_and_replace(void **state)
{
	struct fixture *f = *state;
	char *err = NULL, *text;

	assert_int_equal(private_write(f->file, "a longer first text\n", &err), 0);
	assert_int_equal(mode_of(f->file), 0600);
	/* A shorter text replaces all of the longer one. */
	assert_int_equal(chmod(f->file, 0644), 0);
	assert_int_equal(private_write(f->file, "short\n", &err), 0);
	assert_null(err);
	assert_int_equal(mode_of(f->file), 0600);
	text = util_read_file(f->file, 100, &err);
	assert_string_equal(text, "short\n");
	free(text);
}

static void test_link_refused(void **state)
{
	struct fixture *f = *state;
	char *err = NULL, *want, *text;

	write_plain(f->target, "kept\n", 0644);
	assert_int_equal(symlink(f->target, f->link), 0);
	want = xasprintf("'%s' is a symbolic link: refusing to use it", f->link);
	assert_int_equal(private_write(f->link, "x", &err), -1);
	assert_string_equal(err, want);
	free(err);
	err = NULL;
	assert_int_equal(private_open(f->link, O_RDWR | O_CREAT | O_APPEND, &err), -1);
	assert_string_equal(err, want);
	free(err);
	err = NULL;
	assert_int_equal(private_fix(f->link, &err), -1);
	assert_string_equal(err, want);
	free(err);
	text = util_read_file(f->target, 100, NULL);
	assert_string_equal(text, "kept\n");
	assert_int_equal(mode_of(f->target), 0644);
	free(text);
	free(want);
}

static void test_not_regular_refused(void **state)
{
	struct fixture *f = *state;
	char *err = NULL, *want;

	/* A FIFO must not hang the open. */
	assert_int_equal(mkfifo(f->file, 0600), 0);
	want = xasprintf("'%s' is not a regular file: refusing to use it", f->file);
	assert_int_equal(private_write(f->file, "x", &err), -1);
	assert_string_equal(err, want);
	free(err);
	free(want);
}

static void test_fix(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;
	int fd;

	/* Absent is fine and stays absent. */
	assert_int_equal(private_fix(f->file, &err), 0);
	assert_int_equal(access(f->file, F_OK), -1);
	write_plain(f->file, "x", 0664);
	assert_int_equal(private_fix(f->file, &err), 0);
	assert_int_equal(mode_of(f->file), 0600);
	unlink(f->file);
	errno = 0;
	assert_int_equal(private_open(f->file, O_RDONLY, &err), -1);
	assert_int_equal(errno, ENOENT);
	free(err);
	err = NULL;
	fd = private_open(f->file, O_RDWR | O_CREAT | O_APPEND, &err);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(mode_of(f->file), 0600);
}

/* Someone else's file, when the test can make one (as root). */
static void test_foreign_refused(void **state)
{
	struct fixture *f = *state;
	char *err = NULL, *want;

	write_plain(f->file, "theirs\n", 0644);
	if (geteuid() != 0 || chown(f->file, 65534, 65534) < 0)
		skip();
	want = xasprintf("'%s' is owned by uid 65534, not you: refusing to use it", f->file);
	assert_int_equal(private_write(f->file, "mine", &err), -1);
	assert_string_equal(err, want);
	assert_int_equal(mode_of(f->file), 0644);
	free(err);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_write_new_and_replace, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_link_refused, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_not_regular_refused, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_fix, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_foreign_refused, setup, teardown),
	};
	return cmocka_run_group_tests_name("private", tests, NULL, NULL);
}
