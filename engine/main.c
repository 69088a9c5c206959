/*
 * upskill's entry point: reads the global options, then either runs one
 * command (upskill COMMAND ARGS…) or the prompt. Everything else lives
 * elsewhere.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"
#include "cmd.h"
#include "course.h"
#include "paths.h"
#include "repl.h"
#include "session.h"
#include "util.h"

static const char usage_text[] =
        "usage: upskill [--db PATH] [--courses DIR] [--as NAME] [--passphrase-fd N]\n"
        "               [--timer] [--keep-going] [COMMAND [ARGS...]]\n"
        "       upskill --help | --version\n"
        "\n"
        "A terminal course runner for social-media training. With no command it\n"
        "opens the prompt ('help' there lists the commands); with one it runs it\n"
        "and exits; with a script on standard input it runs each line.\n"
        "\n"
        "  --db PATH       the database (default: $UPSKILL_DB, or\n"
        "                  $XDG_DATA_HOME/upskill/upskill.db)\n"
        "  --courses DIR   the course modules (default: $UPSKILL_COURSES, or the\n"
        "                  installed ones)\n"
        "  --as NAME       sign in as NAME first (the passphrase or PIN comes\n"
        "                  from --passphrase-fd, $UPSKILL_PASSPHRASE or the terminal)\n"
        "  --passphrase-fd N\n"
        "                  read passphrases from file descriptor N, one a line\n"
        "  --timer         say how long each command took, on standard error\n"
        "  --keep-going    in a script, run the lines after one that failed (by\n"
        "                  default a script stops at its first failed line)\n"
        "  --help          show this help\n"
        "  --version       show the version\n";

/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. */
static int take_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t len = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, len) != 0)
		return 0;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	if (arg[len] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "upskill: option '%s' needs a value\n", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *courses = NULL, *as = NULL, *fd = NULL;
	bool timer = false, keep_going = false;
	char *db_path = NULL, *courses_dir = NULL;
	struct session *s;
	int i, status;

	/* Everything upskill makes is its user's alone (the record holds
	 * passphrase hashes), whatever umask the shell left: SQLite's -wal and
	 * -shm files, the history, keys and exports are 0600, folders 0700. */
	umask(077);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		int r;

		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--timer") == 0) {
			timer = true;
			continue;
		}
		if (strcmp(argv[i], "--keep-going") == 0) {
			keep_going = true;
			continue;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("upskill %s\n", UPSKILL_VERSION);
			return 0;
		}
		if ((r = take_value(argc, argv, &i, "--db", &db)) != 0 ||
		    (r = take_value(argc, argv, &i, "--courses", &courses)) != 0 ||
		    (r = take_value(argc, argv, &i, "--as", &as)) != 0 ||
		    (r = take_value(argc, argv, &i, "--passphrase-fd", &fd)) != 0) {
			if (r < 0)
				return 2;
			continue;
		}
		fprintf(stderr, "upskill: unknown option '%s'\n%s", argv[i], usage_text);
		return 2;
	}

	db_path = db ? xstrdup(db) : paths_default_db();
	courses_dir = courses ? xstrdup(courses) : paths_default_courses();
	s = session_new(db_path, courses_dir, stdout);
	s->timer = timer;
	s->keep_going = keep_going;
	s->db_named = db || (getenv("UPSKILL_DB") && *getenv("UPSKILL_DB"));
	free(db_path);
	free(courses_dir);

	if (fd) {
		char *end;
		long n = strtol(fd, &end, 10);
		if (*end || n < 0 || n > 1024) {
			fprintf(stderr,
			        "upskill: --passphrase-fd wants a file descriptor number\n");
			session_free(s);
			return 2;
		}
		s->passphrase_fd = (int)n;
	}
	if (as) {
		char *err = NULL;

		/* A command that lists the catalogue has the course folder read
		 * beside the sign-in (a passphrase's hashing takes longer). */
		if (i < argc) {
			const struct cmd_entry *e;
			int used;

			if (cmd_lookup(argv + i, argc - i, &e, &used, &err) == 0 && e->list)
				session_scan_ahead(s);
			free(err);
			err = NULL;
		}
		repl_use_plain_input(s);
		if (auth_sign_in(s, as, &err) < 0) {
			repl_report(s, 0, err ? err : "sign-in failed");
			free(err);
			session_free(s);
			return 1;
		}
	}
	if (i < argc) {
		char *err = NULL;

		repl_use_plain_input(s);
		s->oneshot = true;
		status = 0;
		if (cmd_run_words(s, argv + i, argc - i, &err) < 0) {
			repl_report(s, 0, err ? err : "command failed");
			status = 1;
		}
		free(err);
	} else {
		status = repl_run(s);
	}
	session_free(s);
	course_cleanup();
	return status;
}
