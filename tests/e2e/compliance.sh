# Policy compliance over time: never trained, a pass without an
# acknowledgement (in training), compliant until twelve months on, expiring, overdue, a
# minor correction that keeps acknowledgements and a major version that
# does not (with a grace period for those compliant before it); CSV and JSON for HR; --overdue for a reminder job; reminders
# at sign-in; deactivated staff leave the report but keep their records.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/rules.xml "$C/"
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
at() { UPSKILL_NOW="$1" upc "${@:2}"; }
# report TIME ARGS…: report compliance as Cat at TIME.
report() { UPSKILL_NOW="$1" as_cat report compliance "${@:2}"; }

org
staff Ann
as_cat learner add "Bo, \"B\" Li" >/dev/null

out=$(report 2026-03-02T09:00:00Z --format csv)
expect_eq "never trained" "learner,policy,version,state,until,reason
Ann,rules,1.0,never trained,,never acknowledged nor passed
\"Bo, \"\"B\"\" Li\",rules,1.0,never trained,,never acknowledged nor passed" "$(printf '%s' "$out" | tr -d '\r')"
report 2026-03-02T09:00:00Z --overdue >/dev/null 2>"$WORK/err"
expect_eq "--overdue exits 1" 1 $?
expect_eq "--overdue says why" "error: 2 learners are overdue, in training or never trained" "$(cat "$WORK/err")"

# Ann passes on 2 March, acknowledges on 3 March.
printf 'login ann\nstart rules\n\nt\n' | at 2026-03-02T10:00:00Z >/dev/null
# One step of the two on day 1 is training under way: nothing was due yet.
expect_in "pass without ack" "Ann,rules,1.0,in training,,\"quiz for version 1.0 passed, not acknowledged yet\"" \
	"$(report 2026-03-02T11:00:00Z --format csv)"
out=$(printf 'login ann\n' | at 2026-03-02T11:00:00Z 2>&1)
expect_in "reminder at sign-in" "To finish: 'rules': quiz for version 1.0 passed, not acknowledged yet: 'ack rules'." "$out"
case "$out" in *Overdue*) fail "in training is not overdue: $out" ;; esac
out=$(printf 'login ann\nack rules\nI agree\n' | at 2026-03-03T08:00:00Z)
expect_in "policy text shown" "Move the details to a private message." "$out"
expect_in "acknowledged" "Acknowledged version 1.0 of 'rules'" "$out"
expect_eq "ack recorded" "1.0|2026-03-03T08:00:00Z" "$(sql 'SELECT version, at FROM acknowledgements')"
hash=$(sql 'SELECT text_hash FROM acknowledgements')
expect_eq "hash of the exact text" 64 "${#hash}"

# Compliant until the earlier of the two plus 12 months.
expect_in "compliant" "Ann,rules,1.0,compliant,2027-03-02T10:00:00Z," \
	"$(report 2026-06-01T00:00:00Z --format csv)"
expect_in "expiring" "Ann,rules,1.0,expiring,2027-03-02T10:00:00Z,runs out on 2027-03-02" \
	"$(report 2027-02-20T00:00:00Z --within 30d --format csv)"
expect_in "not yet expiring at 7 days" "Ann,rules,1.0,compliant," \
	"$(report 2027-02-20T00:00:00Z --within 7 --format csv)"
expect_in "overdue after a year" "Ann,rules,1.0,overdue,,quiz pass ran out on 2027-03-02" \
	"$(report 2027-03-02T10:00:00Z --format csv)"
out=$(printf 'login ann\n' | at 2027-02-20T00:00:00Z 2>&1)
expect_in "expiring reminder" "Reminder: your training on 'rules' runs out on 2027-03-02" "$out"

# A minor correction keeps Ann compliant; the record says it was minor. It
# counts once a consultant publishes it: until then the report is as before.
sed -e 's/<policy version="1.0" valid-months="12">/<policy version="1.1" valid-months="12" change="minor">/' \
	-e 's/<module id="rules" version="1.0"/<module id="rules" version="1.1"/' \
	-e 's/holds every log-in/holds every log-in and password/' tests/e2e/courses/rules.xml >"$C/rules.xml"
expect_in "a draft changes nothing" "Ann,rules,1.0,compliant,2027-03-02T10:00:00Z," \
	"$(report 2026-07-01T00:00:00Z --format csv)"
UPSKILL_NOW=2026-07-01T00:00:00Z as_cat publish rules >/dev/null || fail "publish 1.1"
expect_in "minor keeps compliance" "Ann,rules,1.1,compliant,2027-03-02T10:00:00Z," \
	"$(report 2026-07-01T00:00:00Z --format csv)"
expect_eq "versions on record" "1.0|0
1.1|1" "$(sql 'SELECT policy_version, minor FROM publications ORDER BY event_id')"

# A major version needs both again. Ann was compliant with 1.1 when 2.0
# was published, so she has the organisation's grace period (30 days by
# default) from that publication: expiring until then, overdue after.
# Bo, never compliant, stays as he was.
sed -e 's/<policy version="1.0" valid-months="12">/<policy version="2.0" valid-months="12">/' \
	-e 's/<module id="rules" version="1.0"/<module id="rules" version="2.0"/' \
	tests/e2e/courses/rules.xml >"$C/rules.xml"
expect_in "grace setting" "policy-grace-days  30" "$(as_cat setting)"
UPSKILL_NOW=2026-08-01T00:00:00Z as_cat publish rules >/dev/null || fail "publish 2.0"
grace="version 2.0 published 2026-08-01: acknowledge and pass by 2026-08-31"
out=$(report 2026-08-01T00:00:00Z --format csv)
expect_in "major: grace period" "Ann,rules,2.0,expiring,2026-08-31T00:00:00Z,$grace" "$out"
expect_in "never compliant: as before" "Li\",rules,2.0,never trained,," "$out"
expect_in "grace even beyond --within" "Ann,rules,2.0,expiring,2026-08-31T00:00:00Z,$grace" \
	"$(report 2026-08-01T00:00:00Z --within 7 --format csv)"
out=$(printf 'login ann\n' | at 2026-08-02T00:00:00Z 2>&1)
expect_in "grace reminder" "Reminder: 'rules': $grace: 'quiz rules', then 'ack rules'." "$out"
case "$out" in *Overdue*) fail "Ann is not overdue within the grace period: $out" ;; esac
expect_in "html agrees" "$grace" \
	"$(UPSKILL_NOW=2026-08-02T00:00:00Z as_cat report html 2>/dev/null)"
expect_in "one second before the end" "Ann,rules,2.0,expiring," \
	"$(report 2026-08-30T23:59:59Z --format csv)"
expect_in "after the grace period" "Ann,rules,2.0,overdue,,version 2.0 published 2026-08-01: not acknowledged nor passed by 2026-08-31" \
	"$(report 2026-08-31T00:00:00Z --format csv)"
# The organisation sets none: overdue the day it is published (an event).
UPSKILL_NOW=2026-08-01T00:00:00Z as_cat setting policy-grace-days 0 >/dev/null || fail "setting the grace period"
expect_in "no grace" "Ann,rules,2.0,overdue,,\"version 2.0 not acknowledged, its quiz not passed\"" \
	"$(report 2026-08-01T00:00:00Z --format csv)"
expect_eq "setting on the record" 1 "$(sql "SELECT count(*) FROM events WHERE kind = 'setting' AND subject = 'policy-grace-days'")"

# JSON is valid and stable in its keys, with the record's head.
report 2026-08-01T00:00:00Z --format json >"$WORK/report.json"
python3 - "$WORK/report.json" <<'PY' || fail "JSON report: $(cat "$WORK/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["report"] == "compliance"
assert isinstance(r["record_events"], int) and len(r["record_head"]) == 64
assert [list(row) for row in r["rows"]][0] == ["learner", "policy", "version", "state", "until", "reason"]
assert {row["learner"] for row in r["rows"]} == {"Ann", 'Bo, "B" Li'}
PY
expect_in "table has the head" "record_head: $(sql 'SELECT hash FROM events ORDER BY id DESC LIMIT 1')" \
	"$(report 2026-08-01T00:00:00Z)"

# Deactivating needs a consultant; the records stay, the report drops her.
printf 'login ann\nlearner deactivate "Bo, \\"B\\" Li"\n' | upc >/dev/null 2>"$WORK/err"
expect_in "staff refused" "'learner deactivate' is for consultants" "$(cat "$WORK/err")"
printf 'login cat\nlearner deactivate ann\n' | at 2026-08-01T00:00:00Z >/dev/null ||
	fail "deactivate failed"
out=$(report 2026-08-01T00:00:00Z --format csv)
case "$out" in *Ann*) fail "deactivated learner still reported: $out" ;; esac
expect_eq "records kept" 1 "$(sql "SELECT count(*) FROM acknowledgements")"
printf 'login ann\n' | upc >/dev/null 2>"$WORK/err" && fail "deactivated learner signed in"
expect_in "cannot sign in" "sign-in failed: no such person, a wrong passphrase, or an account closed" "$(cat "$WORK/err")"
out=$(upc verify) || fail "verify after all this: $out"

# Acknowledging before the quiz, on the day: in training (not overdue, and
# not "never trained" either), in every report and reminder; overdue only
# once the acknowledgement's period has run out with the quiz not passed.
UPSKILL_NOW=2026-08-02T09:00:00Z staff Dee
printf 'login dee\nack rules\nI agree\n' | at 2026-08-02T10:00:00Z >/dev/null || fail "Dee's ack"
expect_in "ack before quiz" "Dee,rules,2.0,in training,,\"acknowledged version 2.0, its quiz not passed yet\"" \
	"$(report 2026-08-02T11:00:00Z --format csv)"
report 2026-08-02T11:00:00Z --overdue >/dev/null 2>"$WORK/err"
expect_eq "--overdue counts training" 1 $?
expect_in "learners: in training" "Dee,0,0,1,,0,2026-08-02T10:00:00Z,in training," \
	"$(UPSKILL_NOW=2026-08-02T11:00:00Z as_cat report learners --format csv | tr -d '\r')"
out=$(printf 'login dee\nprogress\n' | at 2026-08-02T11:00:00Z 2>&1)
expect_in "reminder: finish" "To finish: 'rules': acknowledged version 2.0, its quiz not passed yet: 'quiz rules'." "$out"
case "$out" in *Overdue*) fail "Dee is not overdue on day 1: $out" ;; esac
expect_in "a year on: overdue" "Dee,rules,2.0,overdue,,acknowledgement ran out on 2027-08-02 with the quiz for version 2.0 not passed" \
	"$(report 2027-08-02T10:00:00Z --format csv)"
expect_in "one second before: in training" "Dee,rules,2.0,in training," \
	"$(report 2027-08-02T09:59:59Z --format csv)"

# A course file that stops loading takes its module out of every report:
# the report says so, naming the file and why, in table and JSON.
cp tests/e2e/courses/rules.xml "$C/second.xml"
sed -i 's/id="rules"/id="second"/; s/<title>/<titel>/' "$C/second.xml"
out=$(report 2027-08-02T10:00:00Z)
expect_in "table: not loaded" "course_files_not_loaded" "$out"
expect_in "names the file" "second.xml:" "$out"
out=$(report 2027-08-02T10:00:00Z --format json)
expect_in "json: not loaded" "\"course_files_not_loaded\": \"$C/second.xml:" "$out"
out=$(UPSKILL_NOW=2027-08-02T10:00:00Z as_cat report learners --format json)
expect_in "learners: not loaded" "\"course_files_not_loaded\"" "$out"
out=$(report 2027-08-02T10:00:00Z --format csv 2>"$WORK/err")
case "$out" in *not_loaded*) fail "CSV rows only: $out" ;; esac
out=$(UPSKILL_NOW=2027-08-02T10:00:00Z as_cat report html 2>/dev/null)
expect_in "html: not loaded" "data-key=\"course_files_not_loaded\">Course files that did not load" "$out"
expect_in "html: names the file" "second.xml:" "$out"
expect_in "csv: said on stderr" "warning: report compliance: course_files_not_loaded: $C/second.xml:" \
	"$(cat "$WORK/err")"
rm "$C/second.xml"
case "$(report 2027-08-02T10:00:00Z)" in *course_files_not_loaded*) fail "fixed, still said" ;; esac

# A published module's file changed (a draft) or gone: its settings or its
# rows would change without a word, so the report says which.
cp "$C/rules.xml" "$WORK/rules.published"
sed -i 's/<title>House rules</<title>House rules, draft</' "$C/rules.xml"
out=$(report 2027-08-02T10:00:00Z --format json)
expect_in "draft: said" "\"changed_since_published\": \"rules ($C/rules.xml is not the file published as version" "$out"
out=$(UPSKILL_NOW=2027-08-02T10:00:00Z as_cat report html 2>/dev/null)
expect_in "html: draft" "data-key=\"changed_since_published\">Modules whose course file is not the one published: rules (" "$out"
rm "$C/rules.xml"
out=$(UPSKILL_NOW=2027-08-02T10:00:00Z as_cat report learners 2>&1)
expect_in "gone: said" "published_not_in_folder: rules (version" "$out"
# With no policy file left, report compliance has no rows to show: its error
# names the policies the record holds as published.
out=$(report 2027-08-02T10:00:00Z 2>&1) && fail "no policy file: succeeded: $out"
expect_in "no policy file: names the published" \
	"no policy modules in '$C', yet the record has these policies published: 'rules' (version" "$out"
mv "$WORK/rules.published" "$C/rules.xml"
case "$(report 2027-08-02T10:00:00Z)" in *_published*|*not_in_folder*) fail "put back, still said" ;; esac
