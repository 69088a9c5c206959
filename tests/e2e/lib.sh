# Helpers for the end-to-end shell tests. Each test runs with WORK set to a
# fresh folder of its own and UPSKILL to the binary under test.
set -u
DB="$WORK/test.db"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# up ARGS…: runs upskill on the test database and shipped courses.
up() {
	"$UPSKILL" --db "$DB" --courses courses "$@"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

# expect_in WHAT NEEDLE HAYSTACK
expect_in() {
	case "$3" in
	*"$2"*) ;;
	*) fail "$1: [$2] not found in [$3]" ;;
	esac
}

# sql QUERY: runs a query on the test database.
sql() {
	sqlite3 -batch -noheader -cmd ".timeout 5000" "$DB" "$1"
}

# unguarded DB SQL: runs SQL on DB with the event log's triggers out of the
# way, then puts them back exactly as they were, as a careful intruder
# would: only the record's own checks can then show the change.
unguarded() {
	local drop make
	drop=$(sqlite3 "$1" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema
		WHERE type = 'trigger' AND tbl_name = 'events'")
	make=$(sqlite3 "$1" "SELECT sql || ';' FROM sqlite_schema
		WHERE type = 'trigger' AND tbl_name = 'events'")
	sqlite3 "$1" "$drop $2; $make" || fail "sqlite3 refused: $2"
}

# without_notes: standard input less the notes about the session (signed
# in, signed out, a first sign-in, reminders), which a script's run sends to
# standard error when its output is not a terminal: what is left is errors.
without_notes() {
	grep -vE '^(signed in as |signed out |First sign-in: |To do: |Overdue: |Reminder: )' || true
}

# The organisation's first consultant, Cat, whose passphrase scripts take
# from the environment.
export UPSKILL_PASSPHRASE="correct horse battery staple"
org() {
	"$UPSKILL" --db "$DB" --courses "${C:-courses}" init Cat >/dev/null || fail "init failed"
}
# staff NAME…: each added by Cat, then signed in once with the set-up code
# Cat was given, choosing the passphrase scripts use, as a new member of
# staff would at their first sign-in.
staff() {
	local name code own="$UPSKILL_PASSPHRASE"
	for name in "$@"; do
		code=$(as_cat learner add "$name" | sed -n "s/^set-up code for '.*': \([A-Z0-9-]*\) .*/\1/p")
		[ -n "$code" ] || fail "no set-up code for $name"
		UPSKILL_NEW_PASSPHRASE="$own" UPSKILL_PASSPHRASE="$code" \
			"$UPSKILL" --db "$DB" --courses "${C:-courses}" --as "$name" whoami >/dev/null ||
			fail "first sign-in of $name"
	done
}
# as_cat ARGS…: one command, signed in as Cat.
as_cat() {
	"$UPSKILL" --db "$DB" --courses "${C:-courses}" --as Cat "$@"
}

# Under valgrind (make valgrind) every run is many times slower: waits for
# a terminal to show something are longer.
if [ -n "${UPSKILL_VALGRIND:-}" ]; then
	export WAIT_TENTHS=400 FEED_NAPS=40000
fi
