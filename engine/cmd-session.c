/*
 * Signing in and out: login NAME, logout, whoami, quit. (auth.c decides
 * who gets in.)
 */
#include <stdlib.h>

#include "auth.h"
#include "cmd.h"
#include "reminders.h"
#include "session.h"
#include "util.h"

void cmd_greet(struct session *s)
{
	FILE *note = session_note(s);

	fprintf(note, "signed in as %s (%s)\n", s->me->name, role_name(s->me->role));
	/* Signing in worked; a catalogue that cannot load only costs the reminders. */
	if (s->me->role == ROLE_STAFF) {
		char *why = NULL;
		if (reminders_print(s, note, &why) < 0)
			free(why);
	}
}

static int run_login(struct session *s, const struct cmd_args *args, char **err)
{
	char *before = s->me ? xstrdup(s->me->name) : NULL;

	if (auth_sign_in(s, args->argv[0], err) < 0) {
		free(before);
		return -1;
	}
	/* Whoever was signed in is not any more: say so. */
	if (before)
		fprintf(session_note(s), "signed out %s\n", before);
	free(before);
	cmd_greet(s);
	if (s->oneshot)
		fprintf(session_note(s),
		        "note: a sign-in lasts for one command from the shell; run others as "
		        "'upskill --as NAME COMMAND', or at the prompt ('upskill')\n");
	return 0;
}

const struct cmd_entry cmd_login_entry = {
        .name = "login",
        .min_args = 1,
        .max_args = 1,
        .rest = true,
        .complete = CMD_COMPLETE_LEARNER,
        .list = true,
        .usage = "NAME",
        .help = "sign in as a learner",
        .run = run_login,
};

static int run_logout(struct session *s, const struct cmd_args *args, char **err)
{
	(void)args;
	(void)err;
	if (!s->me) {
		fprintf(s->out, "nobody is signed in\n");
		return 0;
	}
	fprintf(session_note(s), "signed out %s\n", s->me->name);
	session_sign_in(s, NULL);
	return 0;
}

const struct cmd_entry cmd_logout_entry = {
        .name = "logout",
        .min_args = 0,
        .max_args = 0,
        .usage = "",
        .help = "sign out",
        .run = run_logout,
};

static int run_whoami(struct session *s, const struct cmd_args *args, char **err)
{
	(void)args;
	(void)err;
	char *record = session_record_shown(s);

	if (s->me)
		fprintf(s->out, "%s (%s)\n", s->me->name, role_name(s->me->role));
	else
		fprintf(s->out, "nobody is signed in\n");
	fprintf(s->out, "record: %s\n", record);
	free(record);
	return 0;
}

const struct cmd_entry cmd_whoami_entry = {
        .name = "whoami",
        .min_args = 0,
        .max_args = 0,
        .usage = "",
        .help = "show who is signed in, and which record is open",
        .run = run_whoami,
};

static int run_quit(struct session *s, const struct cmd_args *args, char **err)
{
	(void)args;
	(void)err;
	s->quit = true;
	return 0;
}

const struct cmd_entry cmd_quit_entry = {
        .name = "quit",
        .min_args = 0,
        .max_args = 0,
        .usage = "",
        .help = "leave upskill (Ctrl-D does the same)",
        .run = run_quit,
};

/* What people type to leave a shell: the same as quit, rather than "did
 * you mean 'init'?". */
const struct cmd_entry cmd_exit_entry = {
        .name = "exit",
        .min_args = 0,
        .max_args = 0,
        .usage = "",
        .help = "the same as quit",
        .run = run_quit,
};
