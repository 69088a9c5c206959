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
up learner add Ann >/dev/null || fail "learner add failed"
expect_eq "one-shot list" "Ann" "$(up learner list | awk 'NR == 2 { print $1 }')"
up learner add ann 2>"$WORK/err" && fail "duplicate accepted"
expect_eq "duplicate error" "error: a learner named 'ann' already exists" "$(cat "$WORK/err")"
up frob 2>/dev/null
expect_eq "unknown command exits 1" 1 $?

# The default database lives under XDG_DATA_HOME, created on first use.
"$UPSKILL" --courses courses learner add Default >/dev/null || fail "default db"
[ -f "$XDG_DATA_HOME/upskill/upskill.db" ] || fail "no database under XDG_DATA_HOME"
# UPSKILL_DB overrides it, and --db overrides that.
UPSKILL_DB="$WORK/env.db" "$UPSKILL" learner add Env >/dev/null || fail "UPSKILL_DB"
expect_eq "UPSKILL_DB used" 1 "$(sqlite3 "$WORK/env.db" 'SELECT count(*) FROM learners')"
UPSKILL_DB="$WORK/env.db" "$UPSKILL" --db "$WORK/flag.db" learner add Flag >/dev/null
expect_eq "--db wins" 1 "$(sqlite3 "$WORK/flag.db" 'SELECT count(*) FROM learners')"
expect_eq "env db untouched" 1 "$(sqlite3 "$WORK/env.db" 'SELECT count(*) FROM learners')"

# help and --version never create a database.
"$UPSKILL" --db "$WORK/none.db" help >/dev/null
[ ! -e "$WORK/none.db" ] || fail "help created a database"

# A database from a newer upskill is refused and left alone.
sqlite3 "$DB" "PRAGMA user_version = 99"
up learner list 2>"$WORK/err" && fail "newer database accepted"
expect_in "newer refused" "was written by a newer upskill (schema 99" "$(cat "$WORK/err")"
expect_eq "newer untouched" 99 "$(sqlite3 "$DB" 'PRAGMA user_version')"

# A file that is not a database gets a clear error, not a crash.
echo "not a database at all, just some text that is long enough" >"$WORK/text.db"
"$UPSKILL" --db "$WORK/text.db" learner list 2>"$WORK/err" && fail "text file accepted"
expect_in "text file" "error: cannot open database '$WORK/text.db'" "$(cat "$WORK/err")"

# A script stops nothing on error but exits 1; EOF ends it cleanly.
DB="$WORK/script.db"
printf 'learner add Bo\nnope\nlearner add Cy\n' | up >/dev/null 2>&1
expect_eq "script with a failure exits 1" 1 $?
expect_eq "lines after a failure still run" 1 "$(sql "SELECT count(*) FROM learners WHERE name = 'Cy'")"
printf 'learner add Di' | up >/dev/null || fail "last line without newline"
expect_eq "last line without newline" 1 "$(sql "SELECT count(*) FROM learners WHERE name = 'Di'")"
printf 'quit\nlearner add Ed\n' | up >/dev/null
expect_eq "quit stops the script" 0 "$(sql "SELECT count(*) FROM learners WHERE name = 'Ed'")"
