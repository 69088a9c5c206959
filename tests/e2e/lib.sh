# Helpers for the end-to-end shell tests. Each test runs with WORK set to a
# fresh folder of its own and UPSKILL to the binary under test.
set -u
DB="$WORK/test.db"
# On PostgreSQL (make test-pg sets UPSKILL_TEST_PG to its server's base
# connection string) the test database is a fresh database on that server.
if [ -n "${UPSKILL_TEST_PG:-}" ]; then
	pgdb="e2e_$(basename "$WORK" | tr -c 'a-z0-9\n' '_')_$$"
	psql -qX -v ON_ERROR_STOP=1 -d "$UPSKILL_TEST_PG/postgres" -c "CREATE DATABASE $pgdb" ||
		{ echo "FAIL: cannot create database $pgdb" >&2; exit 1; }
	DB="$UPSKILL_TEST_PG/$pgdb"
fi

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

# is_pg [DB]: whether DB (the test database by default) is on PostgreSQL.
is_pg() {
	case "${1:-$DB}" in postgresql://* | postgres://*) return 0 ;; esac
	return 1
}

# copy_db NAME [FROM]: a copy of the test database (or FROM), named NAME;
# prints the copy's --db. A file is copied; on PostgreSQL a database is
# made from it as a template (nobody may be connected to it meanwhile).
copy_db() {
	local from=${2:-$DB}
	if is_pg "$from"; then
		psql -qX -v ON_ERROR_STOP=1 -d "$UPSKILL_TEST_PG/postgres" \
			-c "CREATE DATABASE ${from##*/}_$1 TEMPLATE ${from##*/}" >/dev/null ||
			fail "cannot copy $from"
		echo "${from}_$1"
	else
		rm -f "$WORK/$1.db-wal" "$WORK/$1.db-shm"
		cp "$from" "$WORK/$1.db"
		echo "$WORK/$1.db"
	fi
}

# new_db NAME: the --db of a new, empty database named NAME, of the test
# database's engine.
new_db() {
	if is_pg; then
		psql -qX -v ON_ERROR_STOP=1 -d "$UPSKILL_TEST_PG/postgres" \
			-c "CREATE DATABASE ${DB##*/}_$1" >/dev/null || fail "cannot make database $1"
		echo "${DB}_$1"
	else
		echo "$WORK/$1.db"
	fi
}

# real EXPR: SQL for the REAL EXPR as the sqlite3 shell shows it ("8.0"),
# which psql shows as "8".
real() {
	if is_pg; then
		echo "CASE WHEN ($1) = trunc($1) THEN CAST(CAST($1 AS numeric(30, 1)) AS text) ELSE CAST($1 AS text) END"
	else
		echo "$1"
	fi
}

# json DOC MEMBER: SQL for the member of a JSON document, as text.
json() {
	if is_pg; then
		echo "(($1)::json ->> '$2')"
	else
		echo "json_extract($1, '\$.$2')"
	fi
}

# has_control COLUMN: SQL true when COLUMN holds a C0 control or DEL.
has_control() {
	if is_pg; then
		echo "$1 ~ '[\x01-\x1f\x7f]'"
	else
		echo "$1 GLOB '*[$(printf '\001-\037\177')]*'"
	fi
}

# integrity: "ok" when the database's own check finds nothing wrong. On
# PostgreSQL a client killed mid-write cannot damage the server's files,
# so it only asks that the server answers.
integrity() {
	if is_pg; then
		sql "SELECT 'ok'"
	else
		sql 'PRAGMA integrity_check'
	fi
}

# sql QUERY: runs a query on the test database (with psql on PostgreSQL,
# whose unaligned output is sqlite3's: one row a line, columns by '|').
sql() {
	if is_pg; then
		psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" -c "$1"
	else
		sqlite3 -batch -noheader -cmd ".timeout 5000" "$DB" "$1"
	fi
}

# allowance_courses DIR: the policy module rules with an allowance of
# three attempts at its quiz, and open, the same with no policy and no
# limit, in DIR (made).
allowance_courses() {
	mkdir -p "$1"
	sed 's/<quiz pass="100">/<quiz pass="100" attempts="3">/' tests/e2e/courses/rules.xml >"$1/rules.xml"
	sed -e 's/id="rules" version="1.0" topic="policy"/id="open" version="1.0" topic="policy"/' \
		-e '/<policy /,/<\/policy>/d' tests/e2e/courses/rules.xml >"$1/open.xml"
}

# unguarded DB SQL: runs SQL on DB with the event log's triggers out of the
# way, then puts them back exactly as they were, as a careful intruder
# would: only the record's own checks can then show the change.
unguarded() {
	local drop make
	if is_pg "$1"; then
		# A superuser's session that fires no triggers and checks no
		# foreign keys, as the sqlite3 shell (foreign keys off) with
		# the triggers dropped.
		psql -qAtX -v ON_ERROR_STOP=1 -d "$1" -c "SET session_replication_role = replica;
			$2" >/dev/null ||
			fail "psql refused: $2"
		return
	fi
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
	grep -vE '^(signed in as |signed out |First sign-in: |To do: |To finish: |Overdue: |Reminder: )' || true
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
