# One-shot commands, global options, exit codes and the database location.
. tests/e2e/lib.sh

out=$("$UPSKILL" --version) || fail "--version exited non-zero"
expect_in "--version" "upskill " "$out"
out=$("$UPSKILL" --help) || fail "--help exited non-zero"
expect_in "--help" "usage: upskill [--db PATH]" "$out"

"$UPSKILL" --bogus >/dev/null 2>"$WORK/err" && fail "--bogus accepted"
expect_in "--bogus" "upskill: unknown option '--bogus'" "$(cat "$WORK/err")"
"$UPSKILL" --db >/dev/null 2>"$WORK/err"
expect_eq "--db without a value exits 2" 2 $?

# One-shot commands run and exit; a failure exits 1 with one error line.
org
staff Ann
expect_eq "one-shot list" "Ann" "$(as_cat learner list | awk 'NR == 2 { print $1 }')"
as_cat learner add ann 2>"$WORK/err" && fail "duplicate accepted"
expect_eq "duplicate error" "error: 'ann' is already here as 'Ann' (names are the same in any case)" "$(cat "$WORK/err")"
up frob 2>/dev/null
expect_eq "unknown command exits 1" 1 $?

# The default database lives under XDG_DATA_HOME, created on first use.
"$UPSKILL" --courses courses init Default >/dev/null || fail "default db"
[ -f "$XDG_DATA_HOME/upskill/upskill.db" ] || fail "no database under XDG_DATA_HOME"
# UPSKILL_DB overrides it, and --db overrides that.
UPSKILL_DB="$WORK/env.db" "$UPSKILL" init Env >/dev/null || fail "UPSKILL_DB"
expect_eq "UPSKILL_DB used" 1 "$(sqlite3 "$WORK/env.db" 'SELECT count(*) FROM learners')"
UPSKILL_DB="$WORK/env.db" "$UPSKILL" --db "$WORK/flag.db" init Flag >/dev/null
expect_eq "--db wins" 1 "$(sqlite3 "$WORK/flag.db" 'SELECT count(*) FROM learners')"
expect_eq "env db untouched" 1 "$(sqlite3 "$WORK/env.db" 'SELECT count(*) FROM learners')"

# help and --version never create a database.
"$UPSKILL" --db "$WORK/none.db" help >/dev/null
[ ! -e "$WORK/none.db" ] || fail "help created a database"

# A database from a newer upskill is refused and left alone.
if is_pg; then
	sql "UPDATE upskill_meta SET version = 99"
else
	sqlite3 "$DB" "PRAGMA user_version = 99"
fi
up verify 2>"$WORK/err" && fail "newer database accepted"
expect_in "newer refused" "was written by a newer upskill (schema 99" "$(cat "$WORK/err")"
if is_pg; then
	expect_eq "newer untouched" 99 "$(sql 'SELECT version FROM upskill_meta')"
else
	expect_eq "newer untouched" 99 "$(sqlite3 "$DB" 'PRAGMA user_version')"
fi

# A file that is not a database gets a clear error, not a crash.
echo "not a database at all, just some text that is long enough" >"$WORK/text.db"
"$UPSKILL" --db "$WORK/text.db" verify 2>"$WORK/err" && fail "text file accepted"
expect_in "text file" "error: cannot open database '$WORK/text.db'" "$(cat "$WORK/err")"

# A script stops at a failed line and exits 1; with --keep-going the lines
# after it run, and it still exits 1. EOF ends it cleanly.
DB="$WORK/script.db"
printf 'init Zed\nlearner add Bo\nnope\nlearner add Cy\n' | up >/dev/null 2>"$WORK/err"
expect_eq "script with a failure exits 1" 1 $?
expect_eq "lines after a failure do not run" 0 "$(sql "SELECT count(*) FROM learners WHERE name = 'Cy'")"
expect_in "says where it stopped" "stopped at line 3: the lines after it were not run" "$(cat "$WORK/err")"
printf 'login zed\nnope\nlearner add Cy\n' | up --keep-going >/dev/null 2>&1
expect_eq "--keep-going: exits 1" 1 $?
expect_eq "--keep-going: lines after a failure run" 1 "$(sql "SELECT count(*) FROM learners WHERE name = 'Cy'")"
printf 'login zed\nlearner add Di' | up >/dev/null || fail "last line without newline"
expect_eq "last line without newline" 1 "$(sql "SELECT count(*) FROM learners WHERE name = 'Di'")"
printf 'login zed\nquit\nlearner add Ed\n' | up >/dev/null
expect_eq "quit stops the script" 0 "$(sql "SELECT count(*) FROM learners WHERE name = 'Ed'")"

# Who may do what: staff cannot add people or read others' records; a
# consultant's one-shot sign-in takes the passphrase from a file descriptor
# or the environment; a wrong passphrase and a missing account look alike.
DB="$WORK/auth.db"
org
staff Ann
printf 'login ann\nlearner add Bee\n' | up >/dev/null 2>"$WORK/err"
expect_eq "staff cannot add" "error: line 2: 'learner add' is for consultants; 'Ann' is signed in as staff" "$(without_notes <"$WORK/err")"
out=$(echo "$UPSKILL_PASSPHRASE" | env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --as Cat --passphrase-fd 3 learner list 3<&0 </dev/null) ||
	fail "passphrase from a file descriptor: $out"
expect_in "fd sign-in" "Cat   consultant" "$out"
wrong=$(UPSKILL_PASSPHRASE="not it at all" "$UPSKILL" --db "$DB" --as Cat learner list 2>&1)
missing=$(UPSKILL_PASSPHRASE="not it at all" "$UPSKILL" --db "$DB" --as Nobody learner list 2>&1)
expect_eq "same message for a wrong passphrase and no account" "$wrong" "$missing"
expect_eq "the message" "error: sign-in failed: no such person, a wrong passphrase, or an account closed" "$wrong"
# Three failures come free; the fourth waits a second, and says so.
for _ in 1 2; do
	UPSKILL_PASSPHRASE="still wrong" "$UPSKILL" --db "$DB" --as Cat learner list 2>/dev/null
done
start=$(date +%s)
out=$(UPSKILL_PASSPHRASE="still wrong" "$UPSKILL" --db "$DB" --as Cat learner list 2>&1)
expect_in "slowed down" "(3 failed sign-ins as 'Cat' lately: waiting 1 second)" "$out"
[ $(($(date +%s) - start)) -ge 1 ] || fail "no delay after repeated failures"
# Kept by the account, never the name typed.
cat_key="learner:$(sql "SELECT id FROM learners WHERE name = 'Cat'")"
expect_eq "failures kept" 4 "$(sql "SELECT count(*) FROM login_failures WHERE name = '$cat_key'")"
as_cat learner list >/dev/null || fail "the right passphrase still works"
expect_eq "failures cleared" 0 "$(sql "SELECT count(*) FROM login_failures WHERE name = '$cat_key'")"
# init is for the first consultant only.
up init Dee 2>"$WORK/err" && fail "a second init was accepted"
expect_in "second init" "this organisation has a consultant already" "$(cat "$WORK/err")"
# A short passphrase is refused.
UPSKILL_NEW_PASSPHRASE=short as_cat learner add Eve --role consultant 2>"$WORK/err" && fail "short passphrase"
expect_in "short passphrase" "a passphrase needs at least 10 characters" "$(cat "$WORK/err")"
