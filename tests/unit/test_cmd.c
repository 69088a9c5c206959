/*
 * The command table: splitting lines, exact and prefix lookup, ambiguity,
 * options and argument counts, who may run what, and completion.
 */
#include "fixture.h"

static int setup(void **state)
{
	struct session_fixture *f = xcalloc(1, sizeof(*f));

	fixture_dir(f, "cmd");
	/* No courses: these tests are about the table, not the catalogue. */
	fixture_open(f, "/nonexistent");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	free(*state);
	return 0;
}

/* Signs a consultant in directly, as auth.c would after a good passphrase:
 * these tests are about the command table, not about passphrases. */
static void sign_in_consultant(struct session_fixture *f)
{
	struct store *st = session_store(f->s, NULL);
	struct learner *l = calloc(1, sizeof(*l));
	char *err = NULL;

	assert_non_null(st);
	/* Added the first time, found after that. */
	if (store_learner_find(st, "Cat", l, &err) == STORE_NOT_FOUND) {
		free(err);
		err = NULL;
		assert_int_equal(store_learner_add(st, "Cat", ROLE_CONSULTANT, 0, NULL, &err), 0);
		assert_int_equal(store_learner_find(st, "Cat", l, &err), 0);
	}
	session_sign_in(f->s, l);
}

/* Runs a line; returns its status and leaves the error (or NULL) in *err. */
static int run(struct session_fixture *f, const char *line, char **err)
{
	*err = NULL;
	return cmd_run_line(f->s, line, err);
}

/* Signs staff in as a person does: the first time with the set-up code
 * learner add printed (the last one in the output), choosing their own
 * passphrase; after that with it. */
#define OWN "a passphrase of their own"
static void staff_login(struct session_fixture *f, const char *name)
{
	char *line = xasprintf("login %s", name), *err = NULL;
	const char *at, *last = NULL;
	char code[32] = "";

	fflush(f->out);
	for (at = f->output; (at = strstr(at, "set-up code for '")); at++)
		last = at;
	if (!last || sscanf(strstr(last, "': ") + 3, "%14s", code) != 1)
		code[0] = '\0';
	setenv("UPSKILL_PASSPHRASE", code[0] ? code : OWN, 1);
	setenv("UPSKILL_NEW_PASSPHRASE", OWN, 1);
	if (run(f, line, &err) != 0 && code[0]) {
		/* The code was someone else's: this one has chosen already. */
		free(err);
		setenv("UPSKILL_PASSPHRASE", OWN, 1);
		assert_int_equal(run(f, line, &err), 0);
	}
	unsetenv("UPSKILL_PASSPHRASE");
	unsetenv("UPSKILL_NEW_PASSPHRASE");
	free(line);
}

static void expect_error(struct session_fixture *f, const char *line, const char *message)
{
	fixture_fails(f, line, message);
}

static void test_split(void **state)
{
	char **w = NULL;
	int n = 0;
	char *err = NULL;

	(void)state;
	assert_int_equal(cmd_split("  learner  add \"Jane O'Neil\" --role=staff ", &w, &n, &err),
	                 0);
	assert_int_equal(n, 4);
	assert_string_equal(w[0], "learner");
	assert_string_equal(w[2], "Jane O'Neil");
	assert_string_equal(w[3], "--role=staff");
	cmd_words_free(w, n);

	assert_int_equal(cmd_split("a 'b \"c' \"d \\\" e\" f\\ g \"\"", &w, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(w[1], "b \"c");
	assert_string_equal(w[2], "d \" e");
	assert_string_equal(w[3], "f g");
	assert_string_equal(w[4], "");
	cmd_words_free(w, n);

	assert_int_equal(cmd_split("", &w, &n, &err), 0);
	assert_int_equal(n, 0);
	cmd_words_free(w, n);

	/* A name's apostrophe between letters needs no quoting; a quote
	 * that opens a word still quotes. */
	assert_int_equal(cmd_split("add Tom O'Neill Zo\xc3\xab's 'a b' 'c d'e", &w, &n, &err), 0);
	assert_int_equal(n, 6);
	assert_string_equal(w[2], "O'Neill");
	assert_string_equal(w[3], "Zo\xc3\xab's");
	assert_string_equal(w[4], "a b");
	assert_string_equal(w[5], "c de");
	cmd_words_free(w, n);

	assert_int_equal(cmd_split("say 'unfinished", &w, &n, &err), -1);
	assert_string_equal(err, "unterminated single quote");
	free(err);
}

static void lookup(const char *line, const char *name, const char *sub, int used)
{
	char **w = NULL;
	int n = 0, got_used = 0;
	const struct cmd_entry *e = NULL;
	char *err = NULL;

	assert_int_equal(cmd_split(line, &w, &n, &err), 0);
	assert_int_equal(cmd_lookup(w, n, &e, &got_used, &err), 0);
	assert_string_equal(e->name, name);
	if (sub)
		assert_string_equal(e->sub, sub);
	else
		assert_null(e->sub);
	assert_int_equal(got_used, used);
	cmd_words_free(w, n);
}

static void lookup_fails(const char *line, const char *message)
{
	char **w = NULL;
	int n = 0, used = 0;
	const struct cmd_entry *e = NULL;
	char *err = NULL;

	assert_int_equal(cmd_split(line, &w, &n, &err), 0);
	assert_int_equal(cmd_lookup(w, n, &e, &used, &err), -1);
	assert_null(e);
	assert_string_equal(err, message);
	free(err);
	cmd_words_free(w, n);
}

static void test_lookup(void **state)
{
	(void)state;
	lookup("help", "help", NULL, 1);
	lookup("he", "help", NULL, 1);
	lookup_fails("h", "ambiguous command 'h': could be help, handover");
	lookup("whoami extra", "whoami", NULL, 1);
	lookup("learner add Ann", "learner", "add", 2);
	lookup("lea ad Ann", "learner", "add", 2);
	lookup("learner deact Ann", "learner", "deactivate", 2);
	lookup("learner l", "learner", "list", 2);
	lookup("login Ann", "login", NULL, 1);
	lookup("logi Ann", "login", NULL, 1);
	lookup("logo", "logout", NULL, 1);

	lookup_fails("lo", "ambiguous command 'lo': could be login, logout");
	lookup_fails("l", "ambiguous command 'l': could be learner, login, logout, lint");
	lookup_fails("frobnicate", "unknown command 'frobnicate' ('help' lists them)");
	lookup_fails("hepl", "unknown command 'hepl' (did you mean 'help'?)");
	lookup_fails("learner", "'learner' needs a subcommand: add, list, rename, deactivate, "
	                        "activate, reset, grant");
	lookup_fails("learner remove x", "unknown subcommand 'learner remove' (one of: add, list, "
	                                 "rename, deactivate, activate, reset, grant)");
	lookup_fails("learner a", "ambiguous subcommand 'learner a': could be add, activate");
}

static void test_arguments(void **state)
{
	struct session_fixture *f = *state;
	char *err = NULL;

	sign_in_consultant(f);
	expect_error(f, "learner add",
	             "learner add: missing argument (usage: learner add NAME [--role "
	             "staff|consultant])");
	expect_error(f, "show a b", "show: too many arguments (usage: show MODULE)");
	/* A name's words need no quotes: the last argument takes the rest. */
	assert_int_equal(run(f, "learner add Priya   Shah --role staff", &err), 0);
	staff_login(f, "priya shah");
	assert_string_equal(f->s->me->name, "Priya Shah");
	assert_int_equal(run(f, "logout", &err), 0);
	sign_in_consultant(f);
	expect_error(f, "learner add a --colour red",
	             "learner add: unknown option '--colour' (usage: learner add NAME [--role "
	             "staff|consultant])");
	expect_error(f, "learner add a --role",
	             "learner add: option '--role' needs a value (usage: learner add NAME "
	             "[--role staff|consultant])");
	expect_error(f, "learner add a --role boss",
	             "learner add: unknown role 'boss' (staff or consultant)");
	expect_error(f, "quit now", "quit: too many arguments (usage: quit)");

	/* "--" ends the options, so a name may start with dashes. */
	assert_int_equal(run(f, "learner add -- --dash", &err), 0);
	staff_login(f, "-- --dash");
	assert_non_null(f->s->me);
	assert_string_equal(f->s->me->name, "--dash");
	assert_int_equal(f->s->me->role, ROLE_STAFF);

	/* Comments and blank lines do nothing. */
	assert_int_equal(run(f, "   ", &err), 0);
	assert_int_equal(run(f, "# learner add Nobody", &err), 0);
	assert_null(err);
}

static void test_output_and_session(void **state)
{
	struct session_fixture *f = *state;
	char *err = NULL;

	assert_int_equal(run(f, "whoami", &err), 0);
	assert_int_equal(run(f, "learner add 'Ann Lee'", &err), -1);
	assert_string_equal(err, "'learner add' needs a signed-in consultant: 'login NAME' first");
	free(err);
	sign_in_consultant(f);
	assert_int_equal(run(f, "learner add 'Ann Lee'", &err), 0);
	staff_login(f, "'ann lee'");
	assert_int_equal(run(f, "who", &err), 0);
	assert_int_equal(run(f, "logout", &err), 0);
	assert_int_equal(run(f, "quit", &err), 0);
	assert_true(f->s->quit);
	fflush(f->out);
	{
		const char *code = strstr(f->output, "set-up code for 'Ann Lee': ");
		char *want;

		assert_non_null(code);
		code += strlen("set-up code for 'Ann Lee': ");
		want = xasprintf(
		        "nobody is signed in\n"
		        "record: %s\n"
		        "added staff 'Ann Lee'\n"
		        "set-up code for 'Ann Lee': %.14s (give it in person; works once)\n"
		        "Ann Lee (staff)\n"
		        "record: %s\n",
		        f->s->db_path, code, f->s->db_path);
		assert_string_equal(f->output, want);
		free(want);
	}
	assert_null(f->s->me);
}

static void test_usage_strings(void **state)
{
	(void)state;
	for (const struct cmd_entry *const *e = cmd_table; *e; e++) {
		char *usage = cmd_usage(*e);
		assert_non_null((*e)->help);
		assert_non_null((*e)->run);
		assert_true(strlen((*e)->help) > 0);
		assert_true((*e)->max_args == CMD_UNLIMITED || (*e)->max_args >= (*e)->min_args);
		free(usage);
	}
}

static char *complete(struct session_fixture *f, const char *before, const char *word, int n)
{
	char **w = NULL;
	int nw = 0;
	bool files = false;
	char *err = NULL, *result;

	assert_int_equal(cmd_split(before, &w, &nw, &err), 0);
	result = cmd_complete(f->s, w, nw, word, n, &files);
	cmd_words_free(w, nw);
	return result;
}

static void expect_completion(struct session_fixture *f, const char *before, const char *word,
                              int n, const char *expected)
{
	char *got = complete(f, before, word, n);

	if (expected) {
		assert_non_null(got);
		assert_string_equal(got, expected);
	} else {
		assert_null(got);
	}
	free(got);
}

static void test_completion(void **state)
{
	struct session_fixture *f = *state;
	char *err = NULL;

	sign_in_consultant(f);
	expect_completion(f, "", "lo", 0, "login");
	expect_completion(f, "", "lo", 1, "logout");
	expect_completion(f, "", "lo", 2, NULL);
	expect_completion(f, "learner", "", 0, "add");
	expect_completion(f, "learner", "l", 0, "list");
	expect_completion(f, "learner add x", "--r", 0, "--role");
	assert_int_equal(run(f, "learner add 'Priya Shah'", &err), 0);
	assert_int_equal(run(f, "learner add Pat", &err), 0);
	expect_completion(f, "login", "p", 0, "Pat");
	expect_completion(f, "login", "p", 1, "Priya Shah");
	expect_completion(f, "login", "pr", 1, NULL);
	/* Names are for a signed-in consultant only: staff, and nobody, get
	 * no list of who has an account. */
	staff_login(f, "pat");
	expect_completion(f, "login", "p", 0, NULL);
	assert_int_equal(run(f, "logout", &err), 0);
	expect_completion(f, "login", "p", 0, NULL);
	expect_completion(f, "", "lo", 0, "login");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_split),
	        cmocka_unit_test(test_lookup),
	        cmocka_unit_test_setup_teardown(test_arguments, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_output_and_session, setup, teardown),
	        cmocka_unit_test(test_usage_strings),
	        cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
