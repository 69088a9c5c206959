# The allowance of attempts, counted per validity period: three failed
# attempts lock a learner out; progress says what to do; report learners
# and report compliance list them (table, CSV, JSON); a consultant's grant
# (an event, with a reason, held by verify) frees them; a year later, when
# the pass has run out, the refresher starts with a fresh allowance; grant
# refuses bad input with one line.
. tests/e2e/lib.sh
C="$WORK/courses"
allowance_courses "$C"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
at() { UPSKILL_NOW="$1" upc "${@:2}"; }
cat_at() { UPSKILL_NOW="$1" as_cat "${@:2}"; }
# fail_quiz TIME: Ann takes the quiz and gets it wrong.
fail_quiz() { printf 'login ann\nquiz rules\nf\n' | at "$1" 2>&1; }

org
staff Ann Bo
printf 'login ann\nstart rules\n\nf\n' | at 2026-03-02T10:00:00Z >/dev/null || fail "first attempt"
out=$(fail_quiz 2026-03-02T10:10:00Z)
expect_in "second attempt" "Attempt 2 of 3." "$out"
out=$(fail_quiz 2026-03-02T10:20:00Z)
expect_in "the last" "That was the last attempt allowed; ask a consultant for another attempt." "$out"
out=$(fail_quiz 2026-03-02T10:30:00Z)
expect_in "locked out" "error: line 2: quiz 'rules': all 3 attempts have been used; ask a consultant for another attempt" "$out"
expect_eq "no fourth attempt" 3 "$(sql "SELECT count(*) FROM attempts")"

# Ann sees it, and what to do.
out=$(printf 'login ann\nprogress\ncourses\n' | at 2026-03-02T10:40:00Z)
expect_in "progress note" "no attempts left: ask a consultant for another attempt" "$out"
expect_in "progress says" "Locked out of 'rules': every attempt allowed is used. Ask a consultant for another attempt." "$out"
case "$out" in *"Well done"*) fail "courses praises a learner locked out: $out" ;; esac
out=$(printf 'login ann\nstart rules\n\n' | at 2026-03-02T10:45:00Z)
expect_in "lessons, no quiz" "Lessons read. Every attempt at the quiz of 'rules' is used: ask a consultant for another attempt." "$out"

# The reports list her, in every format; Bo is not locked out.
out=$(cat_at 2026-03-02T11:00:00Z report learners --format csv | tr -d '\r')
expect_in "learners csv header" "last_activity,compliance,locked_out" "$out"
expect_in "learners csv Ann" "Ann,0,1,1,0.0," "$out"
expect_in "learners csv Ann locked" ",never trained,rules" "$out"
expect_in "learners csv Bo" "Bo,0,0,2,,0,,never trained," "$out"
out=$(cat_at 2026-03-02T11:00:00Z report learners)
# The table fills 80 columns already: there it is a line under it.
expect_in "learners table" "locked_out: Ann (rules)" "$out"
long=$(grep -v '^record_head: ' <<<"$out" | awk 'length($0) > 80')
expect_eq "learners table fits 80 columns" "" "$long"
cat_at 2026-03-02T11:00:00Z report learners --format json >"$WORK/learners.json"
python3 - "$WORK/learners.json" <<'PY' || fail "learners JSON: $(cat "$WORK/learners.json")"
import json, sys
rows = {r["learner"]: r for r in json.load(open(sys.argv[1]))["rows"]}
assert rows["Ann"]["locked_out"] == "rules", rows
assert rows["Bo"]["locked_out"] in (None, ""), rows
PY
out=$(cat_at 2026-03-02T11:00:00Z report compliance --format csv | tr -d '\r')
expect_in "compliance csv" "Ann,rules,1.0,never trained,,never acknowledged nor passed; locked out: every attempt at the quiz is used" "$out"
cat_at 2026-03-02T11:00:00Z report compliance --format json >"$WORK/compliance.json"
python3 - "$WORK/compliance.json" <<'PY' || fail "compliance JSON: $(cat "$WORK/compliance.json")"
import json, sys
rows = {(r["learner"], r["policy"]): r for r in json.load(open(sys.argv[1]))["rows"]}
assert "locked out" in rows[("Ann", "rules")]["reason"], rows
assert "locked out" not in rows[("Bo", "rules")]["reason"], rows
PY
expect_in "compliance table" "locked out" "$(cat_at 2026-03-02T11:00:00Z report compliance)"

# Bad input for grant: one clear line each, nothing written.
events=$(sql "SELECT count(*) FROM events")
grant_fails() {
	local want=$1
	shift
	cat_at 2026-03-02T11:00:00Z learner grant "$@" >/dev/null 2>"$WORK/err" &&
		fail "grant $* accepted"
	expect_eq "grant $*" "$want" "$(cat "$WORK/err")"
}
grant_fails "error: no learner named 'Zed'" Zed rules --reason "x"
grant_fails "error: no module 'nosuch' ('courses' lists them)" Ann nosuch --reason "x"
grant_fails "error: learner grant: '0' is not a number of attempts (1 to 10)" Ann rules 0 --reason "x"
grant_fails "error: learner grant: '1.5' is not a number of attempts (1 to 10)" Ann rules 1.5 --reason "x"
grant_fails "error: learner grant: 'two' is not a number of attempts (1 to 10)" Ann rules two --reason "x"
grant_fails "error: learner grant: '11' is not a number of attempts (1 to 10)" Ann rules 11 --reason "x"
grant_fails "error: learner grant: give the reason, as --reason \"TEXT\"; it stays in the record" Ann rules
grant_fails "error: learner grant: give the reason, as --reason \"TEXT\"; it stays in the record" Ann rules --reason "  "
grant_fails "error: learner grant: 'open' allows unlimited attempts already" Ann open --reason "x"
printf 'login ann\nlearner grant ann rules --reason mine\n' | upc >/dev/null 2>"$WORK/err" &&
	fail "staff granted themselves"
expect_in "staff refused" "'learner grant' is for consultants" "$(cat "$WORK/err")"
expect_eq "nothing written" "$events" "$(sql "SELECT count(*) FROM events")"

# The grant: an event with its reason; Ann takes her fourth attempt and passes.
out=$(cat_at 2026-03-02T11:00:00Z learner grant ann rules --reason "talked it through on 2 March") ||
	fail "grant: $out"
expect_eq "granted" "granted 'Ann' 1 more attempt at 'rules'; it is in the record" "$out"
expect_eq "the event" "attempt.grant|rules|1|talked it through on 2 March" \
	"$(sql "SELECT kind, subject, $(json data n), $(json data reason) FROM events WHERE kind = 'attempt.grant'")"
expect_eq "report grants" "learner,module,attempts,at,by,reason
Ann,rules,1,2026-03-02T11:00:00Z,Cat,talked it through on 2 March" \
	"$(cat_at 2026-03-02T11:00:00Z report grants --format csv | tr -d '\r')"
expect_eq "Ann freed" "Ann,0,1,1,0.0,0,2026-03-02T10:45:00Z,never trained," \
	"$(cat_at 2026-03-02T11:00:00Z report learners --format csv | tr -d '\r' | grep '^Ann')"
out=$(printf 'login ann\nquiz rules\nt\nack rules\nI agree\n' | at 2026-03-02T12:00:00Z 2>&1)
expect_in "fourth attempt" "Attempt 4 of 4." "$out"
expect_in "passed" "passed." "$out"
expect_in "compliant" "Ann,rules,1.0,compliant,2027-03-02T12:00:00Z," \
	"$(cat_at 2026-03-02T13:00:00Z report compliance --format csv | tr -d '\r')"
out=$(upc verify) || fail "verify: $out"

# A grant changed in the record breaks the chain, and verify says so.
copy=$(copy_db tampered)
unguarded "$copy" "UPDATE events SET data = '{\"n\":9,\"reason\":\"talked it through on 2 March\"}' WHERE kind = 'attempt.grant'"
"$UPSKILL" --db "$copy" --courses "$C" verify >"$WORK/out" 2>&1 && fail "verify missed an edited grant"
expect_in "verify names the grant" "event" "$(cat "$WORK/out")"

# A year on the pass runs out: the refresher has three attempts again (the
# grant was for the period before, and does not carry over).
out=$(printf 'login ann\nprogress\n' | at 2027-03-03T10:00:00Z)
expect_in "expired" "expired 2027-03-02: take it again" "$out"
out=$(fail_quiz 2027-03-03T10:10:00Z)
expect_in "refresher, fresh allowance" "Attempt 1 of 3." "$out"
expect_in "two left" "2 attempts left: 'quiz rules' when you are ready." "$out"
out=$(printf 'login ann\nprogress\n' | at 2027-03-03T10:20:00Z)
expect_in "expired, attempts left" "expired 2027-03-02: take it again, 2 attempts left" "$out"
fail_quiz 2027-03-03T10:30:00Z >/dev/null
fail_quiz 2027-03-03T10:40:00Z >/dev/null
out=$(fail_quiz 2027-03-03T10:50:00Z)
expect_in "locked out again" "all 3 attempts have been used; ask a consultant" "$out"
expect_in "listed again" ",rules" \
	"$(cat_at 2027-03-03T11:00:00Z report learners --format csv | tr -d '\r' | grep '^Ann')"
out=$(upc verify) || fail "verify at the end: $out"
