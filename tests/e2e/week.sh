# A week-long set-up as a script: a consultant adds three staff; they take
# modules with different results; the consultant logs practice, hands two
# duties over, is refused a third with the missing evidence listed; and
# report handover shows exactly that.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
day() { UPSKILL_NOW="2026-03-0$1T09:00:00Z" upc "${@:2}"; }
RIGHT='b\na b\nf\nyour name\n24\nc a b\n1b 2a\na\n'
HALF='b\na b\nt\nyour name\n30\nc a b\n1a 2b\nb\n'

# Monday: the consultant sets up the organisation.
UPSKILL_NOW=2026-03-02T08:00:00Z org
UPSKILL_NOW=2026-03-02T09:00:00Z staff Ann Bo Cy
out=$(day 2 --as Cat duty list) || fail "duty list: $out"
expect_in "plan loaded" "(the register was empty: loaded 3 duties from 'tests/e2e/courses/duties/plan.xml')" "$out"

# Tuesday: everyone takes basics. Ann and Cy pass with 100%, Bo gets 50%.
printf "login ann\nstart basics\n\n\n$RIGHT" | day 3 >/dev/null
printf "login bo\nstart basics\n\n\n$HALF" | day 3 >/dev/null
printf "login cy\nstart basics\n\n\n$RIGHT" | day 3 >/dev/null
expect_eq "scores" "Ann|100.0
Bo|50.0
Cy|100.0" "$(sql "SELECT l.name, $(real a.percent) FROM attempts a JOIN learners l ON l.id = a.learner_id ORDER BY l.name")"

# Wednesday: Ann takes and acknowledges the policy; the others start watching.
printf 'login ann\nstart rules\n\nt\nack rules\nI agree\n' | day 4 >/dev/null
day 4 --as Cat duty stage Ann replies observing >/dev/null || fail "Ann observing"
day 4 --as Cat duty stage Bo posting observing >/dev/null || fail "Bo observing"
day 4 --as Cat duty stage Cy incidents observing >/dev/null || fail "Cy observing"

# Thursday: supervised practice, and moves as the evidence allows.
day 5 --as Cat duty stage Ann replies assisted >/dev/null || fail "Ann assisted"
day 5 --as Cat duty log Ann replies "answered the weekend comments with me" >/dev/null
day 5 --as Cat duty log Ann replies "handled a LinkedIn message" >/dev/null
day 5 --as Cat duty stage Ann replies independent >/dev/null || fail "Ann independent"
day 5 --as Cat duty stage Bo posting assisted >/dev/null || fail "Bo assisted"
day 5 --as Cat duty log Bo posting "scheduled Friday's posts" >/dev/null
day 5 --as Cat duty stage Bo posting independent >/dev/null || fail "Bo independent"

# Friday: two duties handed over, a third refused with what is missing.
out=$(day 6 --as Cat handover replies Ann --note "ready") || fail "handover to Ann: $out"
expect_eq "handed to Ann" "handed 'replies' over to Ann: they own it now" "$(echo "$out" | head -1)"
expect_in "receipt offered" "run 'receipt' once a consultant has signed a checkpoint" "$out"
day 6 --as Cat handover posting Bo >/dev/null || fail "handover to Bo"
out=$(day 6 --as Cat duty stage Cy incidents assisted 2>&1) && fail "Cy moved without evidence"
expect_eq "refused with the missing evidence" \
	"error: Cy cannot move to assisted on 'incidents': needs 'advanced' passed at 100% (not taken yet)" "$out"
out=$(day 6 --as Cat handover incidents Cy 2>&1) && fail "Cy handed over from observing"
expect_eq "no skipping" \
	"error: Cy cannot move to handed over on 'incidents': stages are not skipped: from observing the next is assisted" "$out"
out=$(day 6 --as Cat handover replies Bo 2>&1) && fail "a second owner"
expect_in "one owner" "Bo cannot move to handed over on 'replies'" "$out"

# The report says exactly that.
expect_eq "readiness, as CSV" "learner,duty,stage,next,ready,still_needs
Cy,incidents,observing,assisted,no,needs 'advanced' passed at 100% (not taken yet)" \
	"$(day 6 --as Cat report handover --format csv | tr -d '\r')"
expect_eq "timeline, as CSV" "at,duty,learner,from,to,by,note
2026-03-04T09:00:00Z,replies,Ann,not started,observing,Cat,
2026-03-04T09:00:00Z,posting,Bo,not started,observing,Cat,
2026-03-04T09:00:00Z,incidents,Cy,not started,observing,Cat,
2026-03-05T09:00:00Z,replies,Ann,observing,assisted,Cat,
2026-03-05T09:00:00Z,replies,Ann,assisted,independent,Cat,
2026-03-05T09:00:00Z,posting,Bo,observing,assisted,Cat,
2026-03-05T09:00:00Z,posting,Bo,assisted,independent,Cat,
2026-03-06T09:00:00Z,replies,Ann,independent,handed over,Cat,ready
2026-03-06T09:00:00Z,posting,Bo,independent,handed over,Cat," \
	"$(day 6 --as Cat report handover --timeline --format csv | tr -d '\r')"
out=$(day 6 --as Cat report handover)
expect_in "handed back 2 of 3" "Duties handed back: [#############.......] 2 of 3 (since 2026-03-02)" "$out"
day 6 --as Cat report handover --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["duties_handed_back"] == 2 and r["duties"] == 3, r
assert r["rows"][0]["learner"] == "Cy" and r["rows"][0]["ready"] == "no", r
' || fail "JSON report"
out=$(day 6 --as Cat duty list)
expect_in "owners listed" "replies  Replying to comments
  owner: Ann" "$out"

# Staff see where they stand in progress.
out=$(printf 'login cy\nprogress\n' | day 6)
expect_in "Cy's progress" "Handling a complaint: observing; before assisted it" "$out"
expect_in "what Cy needs" "- needs 'advanced' passed at 100% (not taken yet)" "$out"
out=$(printf 'login ann\nprogress\n' | day 6)
expect_in "Ann's progress" "Replying to comments: handed over to you" "$out"

# A lapsed policy: the duty is taken back, with the reason on record.
out=$(day 6 --as Cat duty takeback replies "policy acknowledgement lapsed") || fail "takeback: $out"
expect_in "taken back" "the consultant holds 'replies' again" "$out"
expect_eq "takeback on record" "duty.takeback|policy acknowledgement lapsed" \
	"$(sql "SELECT kind, $(json data note) FROM events WHERE kind = 'duty.takeback'")"
upc verify >/dev/null || fail "the record does not verify"

# Every view says the same about where each of them stands: progress,
# courses, report learners, report learner and report programme (on the
# same courses with a two-day programme added), and readiness above.
P="$WORK/with-programme"
mkdir -p "$P"
cp "$C"/*.xml "$P/"
cat >"$P/week.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<programme format="1" id="week">
  <title>The test week</title>
  <stage label="Day 1: Basics"><step module="basics"/><step module="advanced"/></stage>
  <stage label="Day 2: Policy"><step module="rules"/></stage>
</programme>
XML
view() { UPSKILL_NOW=2026-03-06T09:00:00Z "$UPSKILL" --db "$DB" --courses "$P" "$@"; }
learners=$(view --as Cat report learners --format csv | tr -d '\r')
programme=$(view --as Cat report programme --format csv | tr -d '\r')
for who in Ann Bo Cy; do
	shown=$(printf 'login %s\nprogress\n' "$who" | view)
	from_progress=$(sed -n 's/.*\] \([0-9]*\) of 3 modules passed.*/\1/p' <<<"$shown")
	[ -n "$from_progress" ] || fail "$who: no count in progress: $shown"
	from_courses=$(printf 'login %s\ncourses\n' "$who" | view | grep -c '  passed ')
	from_learners=$(grep "^$who," <<<"$learners" | cut -d, -f2)
	from_programme=$(grep "^$who," <<<"$programme" | cut -d, -f2,3 |
		awk -F'[,/]' '{ print $1 + $3 }')
	from_history=$(view --as Cat report learner "$who" --format json |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["modules_passed"])')
	expect_eq "$who: courses agrees with progress" "$from_progress" "$from_courses"
	expect_eq "$who: report learners agrees with progress" "$from_progress" "$from_learners"
	expect_eq "$who: report programme agrees with progress" "$from_progress" "$from_programme"
	expect_eq "$who: report learner agrees with progress" "$from_progress" "$from_history"
done
# The week's standings themselves: Ann passed basics and rules, Bo
# nothing (50% on basics), Cy basics.
expect_eq "passes" "Ann,2 Bo,0 Cy,1" "$(tail -n +2 <<<"$learners" | cut -d, -f1,2 | tr '\n' ' ' | sed 's/ $//')"

# What readiness reads is checked against the log: a duty's required score
# lowered, a stage moved, a practice note rewritten, or an attempt's policy
# version changed in the tables is named by verify.
duty_tamper() {
	local copy
	copy=$(copy_db "$1")
	unguarded "$copy" "$2"
	"$UPSKILL" --db "$copy" --courses "$P" verify 2>&1 && fail "$1: verify passed"
}
expect_in "required score lowered" "the duty logged as event" "$(duty_tamper score "UPDATE duty_modules SET min_score = 0")"
expect_in "stage moved" "the duty stage logged as event" "$(duty_tamper stage "UPDATE duty_stages SET stage = 3 WHERE stage < 3")"
expect_in "practice rewritten" "the practice session logged as event" "$(duty_tamper note "UPDATE duty_practice SET note = 'made up'")"
expect_in "policy version changed" "is not of the module version published as event" \
	"$(duty_tamper pv "UPDATE attempts SET policy_version = '9.9' WHERE policy_version IS NOT NULL")"
