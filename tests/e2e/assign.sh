# Assignments with due dates: a consultant assigns a module to two people
# and a programme to all staff; progress and the sign-in reminders show
# what is due; a pass marks it done; a day passing makes it overdue in
# report assignments (table, CSV, JSON); assigning again moves the date;
# unassign takes one back with a reason; bad input is refused with one
# line and nothing written; verify holds the rows to their events.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
for id in memo notes; do
	sed -e "s/id=\"rules\" version=\"1.0\" topic=\"policy\"/id=\"$id\" version=\"1.0\" topic=\"policy\"/" \
		-e '/<policy /,/<\/policy>/d' tests/e2e/courses/rules.xml >"$C/$id.xml"
done
cat >"$C/week.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<programme format="1" id="week">
  <title>The week</title>
  <stage label="Day 1">
    <step module="memo"/>
    <step module="notes"/>
  </stage>
</programme>
XML
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
at() { UPSKILL_NOW="$1" upc "${@:2}"; }
cat_at() { UPSKILL_NOW="$1" as_cat "${@:2}"; }
events() { sql "SELECT count(*) FROM events"; }
rows() { sql "SELECT count(*) FROM assignments"; }
T0=2026-03-02T09:00:00Z # as tests/e2e/run sets the clock

org
staff Ann Bob Cy
# Cy passed notes before it was assigned: that counts as done.
printf 'login Cy\nstart notes\n\nt\n' | at $T0 >/dev/null 2>&1 || fail "Cy's pass"

# One module to two people.
out=$(cat_at $T0 assign memo --to "Ann, Bob" --due 2026-03-06 --reason "Monday's session") ||
	fail "assign: $out"
expect_eq "assigned to two" "assigned 'memo' to 2 people, due 2026-03-06: 2 new, 0 moved to the new date; it is in the record" "$out"
expect_eq "two rows" "Ann|memo|2026-03-06|Monday's session
Bob|memo|2026-03-06|Monday's session" \
	"$(sql "SELECT l.name, a.module_id, a.due_on, a.reason FROM assignments a JOIN learners l ON l.id = a.learner_id ORDER BY l.name")"
expect_eq "two events by Cat" "assignment.set|Cat|Ann|memo|{\"due\":\"2026-03-06\",\"reason\":\"Monday's session\"}
assignment.set|Cat|Bob|memo|{\"due\":\"2026-03-06\",\"reason\":\"Monday's session\"}" \
	"$(sql "SELECT e.kind, a.name, l.name, e.subject, e.data FROM events e JOIN learners a ON a.id = e.actor_id
		JOIN learners l ON l.id = e.learner_id WHERE e.kind LIKE 'assignment.%' ORDER BY e.id")"

# A programme to every member of staff: each of its modules.
out=$(cat_at $T0 assign week --to-all --due 2026-03-09) || fail "assign week: $out"
expect_eq "to all" "assigned 'week' to 3 people, due 2026-03-09: 4 new, 2 moved to the new date; it is in the record
people added later are not included: assign it to them too" "$out"
expect_eq "six rows" 6 "$(rows)"
expect_eq "memo moved for Ann" "2026-03-09" \
	"$(sql "SELECT due_on FROM assignments a JOIN learners l ON l.id = a.learner_id WHERE l.name = 'Ann' AND module_id = 'memo'")"
out=$(cat_at $T0 assign memo --to Ann --due 2026-03-09) || fail "again: $out"
expect_in "the same date writes nothing" "0 new, 0 moved to the new date, 1 already due then" "$out"
expect_eq "8 assignment events" 8 "$(sql "SELECT count(*) FROM events WHERE kind = 'assignment.set'")"

# Staff see theirs: the list, the reminders at sign-in and progress.
out=$(at $T0 --as Ann assignments) || fail "assignments: $out"
expect_in "Ann's list" "memo" "$out"
expect_in "Ann's list, notes" "notes" "$out"
case "$out" in *Bob*) fail "Ann sees Bob's: $out" ;; esac
out=$(at $T0 --as Ann assignments Bob 2>&1) && fail "Ann saw Bob's: $out"
expect_eq "own only" "error: assignments: you see your own only ('assignments')" "$out"
out=$(printf 'login Ann\nwhoami\n' | at $T0 2>&1)
expect_in "reminder at sign-in" "To do: 'memo' is assigned to you, due 2026-03-09: 'start memo'." "$out"
out=$(at $T0 --as Ann progress 2>&1) || fail "progress: $out"
expect_in "progress shows the due date" "To do: 'notes' is assigned to you, due 2026-03-09" "$out"

# Ann passes memo: done, and no reminder for it.
printf 'login Ann\nstart memo\n\nt\n' | at 2026-03-03T10:00:00Z >/dev/null 2>&1 || fail "Ann's pass"
out=$(at 2026-03-03T11:00:00Z --as Ann assignments) || fail "assignments after the pass: $out"
expect_in "memo done" "$(printf 'memo    2026-03-09  done   2026-03-03')" "$out"
out=$(at 2026-03-03T11:00:00Z --as Ann progress 2>&1)
case "$out" in *"'memo' is assigned"*) fail "a reminder for a done module: $out" ;; esac

# After the due day, what is not passed is overdue.
T1=2026-03-10T09:00:00Z
out=$(cat_at $T1 report assignments) || fail "report: $out"
expect_in "table header" "LEARNER  ASSIGNED  DONE  OPEN  OVERDUE  NEXT DUE" "$out"
expect_in "Ann" "Ann             2     1     0        1  2026-03-09" "$out"
expect_in "overdue line" "overdue: Ann (notes); Bob (memo notes); Cy (memo)" "$out"
printf '%s\n' "$out" | awk 'length > 80 { bad = 1 } END { exit bad }' || fail "wider than 80 columns: $out"
out=$(cat_at $T1 report assignments --format csv | tr -d '\r') || fail "csv: $out"
expect_in "csv" "learner,assigned,done,open,overdue,next_due,overdue_modules
Ann,2,1,0,1,2026-03-09,notes
Bob,2,0,0,2,2026-03-09,memo notes
Cy,2,1,0,1,2026-03-09,memo" "$out"
out=$(cat_at $T1 report assignments --format json) || fail "json: $out"
printf '%s' "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
rows = {x["learner"]: x for x in r["rows"]}
assert rows["Bob"]["overdue"] == 2 and rows["Bob"]["done"] == 0, rows
assert rows["Cy"]["done"] == 1 and rows["Cy"]["overdue_modules"] == "memo", rows
' || fail "json: $out"
# The list for programs: every row, the same states.
out=$(cat_at $T1 assignments --format csv | tr -d '\r') || fail "assignments csv: $out"
expect_in "list as csv" "learner,module,due,state,passed_on,reason
Ann,memo,2026-03-09,done,2026-03-03,
Ann,notes,2026-03-09,overdue,," "$out"
expect_in "list as json" '"report": "assignment-list"' "$(cat_at $T1 assignments --format json)"
out=$(cat_at $T1 assignments --format xml 2>&1) && fail "assignments --format xml"
expect_eq "bad format" "error: assignments: unknown format 'xml' (table, csv or json)" "$out"
out=$(printf 'login Bob\nwhoami\n' | at $T1 2>&1)
expect_in "overdue at sign-in" "Overdue: 'memo' is assigned to you, was due 2026-03-09: 'start memo'." "$out"

# Assigning again moves the date: an event, and no longer overdue.
out=$(cat_at $T1 assign memo --to Bob --due 2026-03-16 --reason "off sick") || fail "move: $out"
expect_in "moved" "0 new, 1 moved to the new date" "$out"
expect_eq "Bob's new date" "2026-03-16|off sick" \
	"$(sql "SELECT due_on, reason FROM assignments a JOIN learners l ON l.id = a.learner_id WHERE l.name = 'Bob' AND module_id = 'memo'")"
out=$(cat_at $T1 report assignments --format csv | tr -d '\r')
expect_in "Bob: one open, one overdue" "Bob,2,0,1,1,2026-03-09,notes" "$out"

# Unassign, with a reason.
out=$(cat_at $T1 unassign notes --from Bob --reason "covered in his induction") || fail "unassign: $out"
expect_eq "unassigned" "'notes' is no longer assigned to Bob; the reason is in the record" "$out"
expect_eq "the removal is an event" "assignment.remove|{\"reason\":\"covered in his induction\"}" \
	"$(sql "SELECT kind, data FROM events WHERE kind = 'assignment.remove'")"
expect_eq "five rows" 5 "$(rows)"

# Bad input: one line each, nothing written.
n=$(events)
bad() { # EXPECTED ARGS...
	local want=$1 got
	shift
	got=$(cat_at $T1 "$@" 2>&1) && fail "accepted: $* -> $got"
	expect_eq "refused: $*" "$want" "$got"
}
bad "error: assign: no module 'nothing' ('courses' lists them)" assign nothing --to Ann --due 2026-03-20
bad "error: assign: no learner named 'Zed'" assign memo --to "Ann,Zed" --due 2026-03-20
bad "error: assign: '2026-02-30' is not a date; write it as YYYY-MM-DD" assign memo --to Ann --due 2026-02-30
bad "error: assign: '20/03/2026' is not a date; write it as YYYY-MM-DD" assign memo --to Ann --due 20/03/2026
bad "error: assign: the due date '2026-03-09' is in the past (today is 2026-03-10)" assign memo --to Ann --due 2026-03-09
bad "error: assign: give the due date, as --due YYYY-MM-DD" assign memo --to Ann
bad "error: assign: say who, as --to NAME[,NAME...] or --to-all" assign memo --due 2026-03-20
bad "error: assign: give --to NAME[,NAME...] or --to-all, not both" assign memo --to Ann --to-all --due 2026-03-20
bad "error: unassign: give the reason, as --reason \"TEXT\"; it stays in the record" unassign memo --from Ann
bad "error: unassign: 'notes' is not assigned to Bob ('assignments Bob' lists theirs)" unassign notes --from Bob --reason x
out=$(at $T1 --as Ann assign memo --to Ann --due 2026-03-20 2>&1) && fail "staff assigned: $out"
expect_in "staff refused" "consultant" "$out"
expect_eq "one line" 1 "$(printf '%s\n' "$out" | wc -l)"
expect_eq "nothing written" "$n" "$(events)"
expect_eq "still five rows" 5 "$(rows)"
# Today is allowed.
cat_at $T1 assign notes --to Bob --due 2026-03-10 >/dev/null || fail "today refused"

# Verify: intact, then a due date changed in the table is caught.
out=$(upc verify) || fail "verify: $out"
copy=$(copy_db tampered)
unguarded "$copy" "UPDATE assignments SET due_on = '2026-12-31' WHERE module_id = 'memo' AND learner_id = (SELECT id FROM learners WHERE name = 'Bob')"
"$UPSKILL" --db "$copy" --courses "$C" verify >"$WORK/out" 2>&1 && fail "verify missed a moved due date"
expect_in "verify names the assignment" "the assignment logged as event" "$(cat "$WORK/out")"
copy=$(copy_db dropped)
unguarded "$copy" "DELETE FROM assignments WHERE module_id = 'notes' AND learner_id = (SELECT id FROM learners WHERE name = 'Ann')"
"$UPSKILL" --db "$copy" --courses "$C" verify >"$WORK/out" 2>&1 && fail "verify missed a deleted assignment"
expect_in "verify names the deletion" "is missing from the record" "$(cat "$WORK/out")"
copy=$(copy_db added)
unguarded "$copy" "INSERT INTO assignments VALUES ((SELECT id FROM learners WHERE name = 'Bob'), 'notes2', '2026-04-01', '', NULL, '2026-03-10T09:00:00Z')"
"$UPSKILL" --db "$copy" --courses "$C" verify >"$WORK/out" 2>&1 && fail "verify missed an added assignment"
expect_in "verify names the row" "an assignment in the record has no event" "$(cat "$WORK/out")"
out=$(upc verify) || fail "verify at the end: $out"

# A copy of the record (db copy) carries the assignments and verifies.
out=$(upc db copy "$DB" "$WORK/copy.db") || fail "db copy: $out"
expect_eq "copied rows" 6 "$(sqlite3 "$WORK/copy.db" 'SELECT count(*) FROM assignments')"
"$UPSKILL" --db "$WORK/copy.db" --courses "$C" verify >/dev/null || fail "the copy does not verify"

# A deactivated person leaves the report; their assignments stay.
cat_at $T1 learner deactivate Cy >/dev/null || fail "deactivate Cy"
out=$(cat_at $T1 report assignments --format csv | tr -d '\r')
case "$out" in *Cy,*) fail "Cy still in the report: $out" ;; esac
expect_eq "Cy's rows stay" 2 "$(sql "SELECT count(*) FROM assignments a JOIN learners l ON l.id = a.learner_id WHERE l.name = 'Cy'")"
