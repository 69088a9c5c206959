# The record on PostgreSQL, what only a server shows (make test-pg runs it
# with UPSKILL_TEST_PG set): the append-only log and the people refuse
# UPDATE, DELETE and TRUNCATE; names are one ignoring ASCII case and sort
# as SQLite sorts them; a trigger added behind upskill's back is named by
# verify; two organisations in two schemas of one database see nothing of
# each other; and db copy takes a record to SQLite and back, every report
# byte for byte the same from all three.
. tests/e2e/lib.sh
[ -n "${UPSKILL_TEST_PG:-}" ] || fail "UPSKILL_TEST_PG is not set: run make test-pg"
is_pg || fail "the test database is not on PostgreSQL: $DB"
C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/*.xml "$C/"
cat >"$C/week.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<programme format="1" id="week">
  <title>Test week</title>
  <stage label="Day 1: Basics"><step module="basics"/></stage>
  <stage label="Day 2: Policy"><step module="rules"/></stage>
</programme>
XML
at() { UPSKILL_NOW="$1" "$UPSKILL" --db "$DB" --courses "$C" "${@:2}"; }

org
staff Ann "Bo, \"B\" Li" zoë Émile "Jane O'Neil"
right='b\na,b\nf\nyour name\n24\nabc\n1a 2b\na\n'
wrong='a\nc\nt\nnope\n100\nabc\n1a 2b\nb\n'
printf "login ann\nstart basics\n\n\n$right" | at 2026-03-02T10:00:00Z >/dev/null || fail "Ann's attempt"
printf "login zoë\nstart basics\n\n\n$wrong" | at 2026-03-02T11:00:00Z >/dev/null || fail "zoë's attempt"
printf "login zoë\nquiz basics\n$right" | at 2026-03-03T09:00:00Z >/dev/null || fail "zoë again"
printf "login Émile\nstart basics\n\n\n$right" | at 2026-03-03T10:00:00Z >/dev/null || fail "Émile's attempt"
export UPSKILL_NOW=2026-03-04T09:00:00Z
expect_eq "attempts on record" 4 "$(sql 'SELECT count(*) FROM attempts WHERE finished_at IS NOT NULL')"

# The append-only log and the people, whoever asks.
for change in "UPDATE events SET kind = 'x' WHERE id = 2" "DELETE FROM events WHERE id = 2" \
	"TRUNCATE events CASCADE"; do
	out=$(sql "$change" 2>&1) && fail "allowed: $change"
	expect_in "refused: $change" "the event log is append-only" "$out"
done
for change in "DELETE FROM learners WHERE name = 'Ann'" "TRUNCATE learners CASCADE"; do
	out=$(sql "$change" 2>&1) && fail "allowed: $change"
	expect_in "refused: $change" "learners are deactivated, never deleted" "$out"
done
as_cat verify >/dev/null || fail "verify after the refusals"

# Names: one ignoring ASCII case only, as SQLite's NOCASE; listed in
# SQLite's order (ASCII letters folded, then bytes).
out=$(as_cat learner add ANN 2>&1) && fail "ANN added beside Ann"
expect_in "ANN refused" "'ANN' is already here as 'Ann' (names are the same in any case)" "$out"
as_cat learner add ZOË >/dev/null || fail "ZOË refused beside zoë (only ASCII is folded)"
expect_eq "found ignoring case" "Ann" "$(printf 'login aNn\nwhoami\n' | as_cat 2>/dev/null | sed -n 's/^\(Ann\) (staff)$/\1/p')"
expect_eq "learner list in SQLite's order" "Ann
Bo, \"B\" Li
Cat
Jane O'Neil
ZOË
zoë
Émile" "$(as_cat learner list | tail -n +2 | sed 's/  .*//')"

# A trigger added behind upskill's back is named, and taking it away again
# leaves the record as it was.
sql "CREATE FUNCTION pass_all() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN NEW.passed := 1; RETURN NEW; END\$\$;
	CREATE TRIGGER pass_all BEFORE INSERT ON attempts FOR EACH ROW EXECUTE FUNCTION pass_all()"
out=$(as_cat verify 2>&1) && fail "verify missed an added trigger"
expect_in "added trigger named" "the database has a trigger 'pass_all' that upskill did not make" "$out"
sql "DROP TRIGGER pass_all ON attempts; DROP FUNCTION pass_all()"
as_cat verify >/dev/null || fail "verify after the trigger was taken away"

# Every report, in every format, from a record: the commands and the
# output compared.
reports() {
	local db=$1 f
	for f in table csv json; do
		UPSKILL_NOW=2026-03-10T09:00:00Z "$UPSKILL" --db "$db" --courses "$C" --as Cat <<EOF2 2>&1
report learners --format $f
report modules --format $f
report questions basics --format $f
report compliance --format $f
report learner Ann --format $f
report learner zoë --format $f
report programme week --format $f
report handover --format $f
progress
EOF2
	done
}
reports "$DB" >"$WORK/pg.out"
grep -q 'error' "$WORK/pg.out" && fail "a report failed: $(grep error "$WORK/pg.out")"
[ "$(wc -l <"$WORK/pg.out")" -gt 60 ] || fail "reports too short: $(cat "$WORK/pg.out")"

# To SQLite and back, verified each way; reports the same from all three.
out=$(up db copy "$DB" "$WORK/copy.db") || fail "copy to SQLite: $out"
expect_in "copied to SQLite" "both verify, head $(sql 'SELECT hash FROM events ORDER BY id DESC LIMIT 1')" "$out"
back=$(new_db back)
out=$(up db copy "$WORK/copy.db" "$back") || fail "copy back: $out"
reports "$WORK/copy.db" >"$WORK/sqlite.out"
reports "$back" >"$WORK/back.out"
diff -u "$WORK/pg.out" "$WORK/sqlite.out" || fail "the SQLite copy's reports differ"
diff -u "$WORK/pg.out" "$WORK/back.out" || fail "the copy back's reports differ"
# The copy back goes on: ids follow the copied ones.
"$UPSKILL" --db "$back" --courses "$C" --as Cat learner add Newcomer >/dev/null || fail "adding after the copy"
"$UPSKILL" --db "$back" --courses "$C" --as Cat verify >/dev/null || fail "verify after adding"
# A copy is only ever made into a new record.
out=$(up db copy "$WORK/copy.db" "$back" 2>&1) && fail "copied over a record"
expect_in "non-empty target refused" "the target is not empty" "$out"
out=$(up db copy "$DB" "$WORK/copy.db" 2>&1) && fail "copied over a file"
expect_in "existing file refused" "exists: a record is only ever copied into a new one" "$out"
# A source that does not verify is not copied.
broken=$(copy_db broken)
unguarded "$broken" "UPDATE answers SET fraction = 1"
out=$(up db copy "$broken" "$(new_db frombroken)" 2>&1) && fail "a broken record was copied"
expect_in "broken source refused" "db copy: the source does not verify" "$out"

# Two organisations in one database, one schema each, chosen by the
# connection string: nothing of one is seen from the other.
orgs=$(new_db orgs)
psql -qX -v ON_ERROR_STOP=1 -d "$orgs" -c "CREATE SCHEMA north; CREATE SCHEMA south" || fail "schemas"
north="$orgs?options=-csearch_path%3Dnorth"
south="$orgs?options=-csearch_path%3Dsouth"
"$UPSKILL" --db "$north" --courses "$C" init Nina >/dev/null || fail "north init"
"$UPSKILL" --db "$south" --courses "$C" init Sam >/dev/null || fail "south init"
"$UPSKILL" --db "$north" --courses "$C" --as Nina learner add Ned >/dev/null || fail "north add"
expect_eq "north sees its own" "Ned Nina" "$("$UPSKILL" --db "$north" --courses "$C" --as Nina learner list | tail -n +2 | sed 's/  .*//' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "south sees its own" "Sam" "$("$UPSKILL" --db "$south" --courses "$C" --as Sam learner list | tail -n +2 | sed 's/  .*//')"
out=$("$UPSKILL" --db "$south" --courses "$C" --as Nina whoami 2>&1) && fail "Nina signed in to south"
"$UPSKILL" --db "$north" --courses "$C" --as Nina verify >/dev/null || fail "north verify"
"$UPSKILL" --db "$south" --courses "$C" --as Sam verify >/dev/null || fail "south verify"
out=$("$UPSKILL" --db "$orgs?options=-csearch_path%3Dnowhere" --courses "$C" init X 2>&1) &&
	fail "a schema that does not exist was used"
expect_in "missing schema named" "no schema to keep the record in" "$out"
