# A record that shows tampering: an untouched database verifies; an answer
# edited, an acknowledgement deleted, or an event rewritten with the sqlite3
# shell (triggers dropped first and put back after) is named by verify,
# which exits non-zero; so is a trigger added, dropped or changed.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

org
staff Ann
printf 'login ann\nstart basics\n\n\nb\na b\nf\nname\n24\nc a b\n1b 2a\na\n' | upc >/dev/null
printf 'login ann\nstart rules\n\nt\nack rules\nI agree\n' | upc >/dev/null
out=$(upc verify) || fail "untouched database does not verify: $out"
events=$(sql 'SELECT count(*) FROM events')
head=$(sql 'SELECT hash FROM events ORDER BY id DESC LIMIT 1')
expect_eq "verify output" "record intact: $events events, head $head
This is a test record: its times may have been set by UPSKILL_NOW." "$out"

# tamper NAME SQL: a copy of the database changed by SQL; prints verify's
# error and checks it exits non-zero.
tamper() {
	cp "$DB" "$WORK/$1.db"
	unguarded "$WORK/$1.db" "$2"
	if "$UPSKILL" --db "$WORK/$1.db" --courses "$C" verify >/dev/null 2>"$WORK/$1.err"; then
		fail "$1: verify passed a tampered database"
	fi
	cat "$WORK/$1.err"
}

# The triggers stop the plain way in.
msg=$(sqlite3 "$DB" "DELETE FROM events WHERE id = 3" 2>&1) && fail "events deletable"
expect_in "append-only" "the event log is append-only" "$msg"

answer_event=$(sql "SELECT event_id FROM answers WHERE question_id = 'delete'")
out=$(tamper answer "UPDATE answers SET response = '0', fraction = 0 WHERE question_id = 'delete'")
expect_eq "edited answer" "error: record broken at event $answer_event: the answer logged as event $answer_event differs from the record: the record was changed" "$out"

# An answer deleted (its event is found without its row, through a set
# built once), and one whose link to its event was taken away.
out=$(tamper deleted_answer "DELETE FROM answers WHERE question_id = 'delete'")
expect_eq "deleted answer" "error: record broken at event $answer_event: the answer logged as event $answer_event is missing from the record: it was deleted" "$out"
out=$(tamper unlinked_answer "UPDATE answers SET event_id = NULL WHERE question_id = 'delete'")
expect_eq "unlinked answer" "error: record not as upskill keeps it: an answer in the record has no event that logged it: it was added or changed outside upskill" "$out"

ack_event=$(sql "SELECT event_id FROM acknowledgements")
out=$(tamper ack "DELETE FROM acknowledgements")
expect_eq "deleted ack" "error: record broken at event $ack_event: the acknowledgement logged as event $ack_event is missing from the record: it was deleted" "$out"

out=$(tamper both "UPDATE answers SET fraction = 0 WHERE question_id = 'speed'; DELETE FROM acknowledgements")
speed_event=$(sql "SELECT event_id FROM answers WHERE question_id = 'speed'")
expect_in "first broken named" "record broken at event $speed_event:" "$out"

out=$(tamper event "UPDATE events SET data = replace(data, '\"response\":\"1\"', '\"response\":\"0\"') WHERE id = $answer_event")
expect_in "rewritten event" "record broken at event $answer_event: event $answer_event (answer," "$out"
expect_in "rewritten event says how" "does not match its hash: it was changed after it was written" "$out"

out=$(tamper gone "DELETE FROM events WHERE id = 2")
expect_in "removed event" "record broken at event 2: event 2 is missing" "$out"

# What compliance and readiness read is checked against its events too:
# an attempt's pass, score, time or owner, an acknowledgement's owner or
# date, and a copied acknowledgement.
finish_event=$(sql "SELECT id FROM events WHERE kind = 'attempt.finish' AND subject = 'basics'")
out=$(tamper passed "UPDATE attempts SET passed = 1 - passed, percent = 95 WHERE module_id = 'basics'")
expect_eq "a pass changed" "error: record broken at event $finish_event: the finished attempt logged as event $finish_event differs from the record: the record was changed" "$out"
rules_finish=$(sql "SELECT id FROM events WHERE kind = 'attempt.finish' AND subject = 'rules'")
out=$(tamper backdated "UPDATE attempts SET finished_at = '2025-09-01T09:00:00Z' WHERE module_id = 'rules'")
expect_in "a finish back-dated" "record broken at event $rules_finish: the finished attempt" "$out"
rules_start=$(sql "SELECT id FROM events WHERE kind = 'attempt.start' AND subject = 'rules'")
out=$(tamper moved "UPDATE attempts SET learner_id = (SELECT id FROM learners WHERE name = 'Cat') WHERE module_id = 'rules'")
expect_in "an attempt given to someone else" "record broken at event $rules_start: the attempt logged as event $rules_start differs" "$out"
out=$(tamper ackdate "UPDATE acknowledgements SET at = '2025-09-01T09:00:00Z'")
expect_in "an acknowledgement back-dated" "record broken at event $ack_event: the acknowledgement logged as event $ack_event differs" "$out"
out=$(tamper ackcopy "INSERT INTO acknowledgements (learner_id, policy_id, version, text_hash, at, event_id)
	SELECT (SELECT id FROM learners WHERE name = 'Cat'), policy_id, version, text_hash, at, event_id
	FROM acknowledgements")
expect_in "an acknowledgement copied" "record broken at event $ack_event: the acknowledgement logged as event $ack_event differs" "$out"
out=$(tamper noevent "INSERT INTO attempts (learner_id, module_id, module_version, seed, plan, started_at,
	finished_at, score, max_score, percent, passed) SELECT id, 'rules', '1.0', 1, '', '2026-03-02T09:00:00Z',
	'2026-03-02T09:05:00Z', 1, 1, 100, 1 FROM learners WHERE name = 'Cat'")
expect_eq "an attempt made up" "error: record not as upskill keeps it: an attempt in the record has no event that logged it: it was added or changed outside upskill" "$out"

# The schema is checked against the one upskill makes: a trigger that turns
# later fails into passes, a protective trigger gone, a view.
# schema_tamper NAME SQL: a copy changed by SQL as it is; verify's error.
schema_tamper() {
	cp "$DB" "$WORK/$1.db"
	sqlite3 "$WORK/$1.db" "$2" || fail "sqlite3 refused: $2"
	"$UPSKILL" --db "$WORK/$1.db" --courses "$C" verify 2>&1 && fail "$1: verify passed"
}
out=$(schema_tamper trigger "CREATE TRIGGER pass_everyone AFTER UPDATE OF finished_at ON attempts
	BEGIN UPDATE attempts SET passed = 1 WHERE id = NEW.id; END")
expect_eq "added trigger" "error: record not as upskill keeps it: the database has a trigger 'pass_everyone' that upskill did not make" "$out"
out=$(schema_tamper dropped "DROP TRIGGER events_append_only_delete")
expect_eq "dropped trigger" "error: record not as upskill keeps it: the trigger 'events_append_only_delete' that upskill made is missing" "$out"
out=$(schema_tamper changed "DROP TRIGGER learners_never_deleted; CREATE TRIGGER learners_never_deleted BEFORE DELETE ON learners BEGIN SELECT 1; END")
expect_eq "changed trigger" "error: record not as upskill keeps it: the trigger 'learners_never_deleted' is not the one upskill made" "$out"
out=$(schema_tamper view "CREATE VIEW staff AS SELECT * FROM learners")
expect_eq "added view" "error: record not as upskill keeps it: the database has a view 'staff' that upskill did not make" "$out"

out=$(upc verify) || fail "the original still verifies: $out"

# A head quoted in an earlier report must still be in the chain.
out=$(upc verify "$head") || fail "earlier head: $out"
expect_in "earlier head found" "is event $events of the record." "$out"
cp "$DB" "$WORK/cut.db"
unguarded "$WORK/cut.db" "DELETE FROM events WHERE id = $events; DELETE FROM acknowledgements"
# Cut back by its last event (and the row it mirrored), the chain alone
# still holds; the head kept from a report is what shows the cut.
"$UPSKILL" --db "$WORK/cut.db" --courses "$C" verify >/dev/null ||
	fail "a cleanly cut log should still chain"
"$UPSKILL" --db "$WORK/cut.db" --courses "$C" verify "$head" >/dev/null 2>"$WORK/cut.err" &&
	fail "verify HEAD missed a log cut back by its last event"
expect_in "cut shown" "head $head is not in the record: the log was cut back" "$(cat "$WORK/cut.err")"

# Who people are, and what counts, are checked the same way: a learner
# renamed, promoted or deactivated in the table; a publication's file
# changed, a withdrawal undone, a publication made up. Each is named
# against a checkpoint signed before it.
upc keygen auditor "$WORK/auditor" >/dev/null
as_cat checkpoint --key "$WORK/auditor" --out "$WORK/cp.txt" >/dev/null || fail "checkpoint"
# against NAME SQL: a copy changed by SQL; verify --checkpoint's error.
against() {
	cp "$DB" "$WORK/$1.db"
	unguarded "$WORK/$1.db" "$2"
	"$UPSKILL" --db "$WORK/$1.db" --courses "$C" verify --checkpoint "$WORK/cp.txt" \
		--key "$WORK/auditor.pub" 2>&1 && fail "$1: verify passed a tampered database"
}
ann_add=$(sql "SELECT id FROM events WHERE kind = 'learner.add' AND learner_id = (SELECT id FROM learners WHERE name = 'Ann')")
out=$(against renamed "UPDATE learners SET name = 'Anna' WHERE name = 'Ann'")
expect_in "a person renamed" "error: record broken at event $ann_add: the person logged as event $ann_add differs from the record: the record was changed" "$out"
out=$(against promoted "UPDATE learners SET role = 'consultant' WHERE name = 'Ann'")
expect_in "a person promoted" "record broken at event $ann_add: the person logged" "$out"
out=$(against deactivated "UPDATE learners SET active = 0 WHERE name = 'Ann'")
expect_in "a person deactivated" "record broken at event $ann_add: the person logged" "$out"
out=$(against madeup "INSERT INTO learners (name, role, created_at) VALUES ('Zed', 'consultant', '2026-03-02T09:00:00Z')")
expect_in "a person made up" "a person in the record has no event that logged it" "$out"
rules_pub=$(sql "SELECT event_id FROM publications WHERE module_id = 'rules'")
out=$(against pubfile "UPDATE publications SET file_sha256 = '$(printf '0%.0s' $(seq 64))' WHERE module_id = 'rules'")
expect_in "a publication's file changed" "error: record broken at event $rules_pub: the publication logged as event $rules_pub differs from the record: the record was changed" "$out"
out=$(against pubdraft "INSERT INTO publications (event_id, module_id, version, file_sha256, policy_version,
	valid_months, text_sha256, at) SELECT max(id), 'rules', '2.0', 'x', '2.0', 12, 'y', '2026-03-02T09:00:00Z' FROM events")
expect_in "a publication made up" "a publication in the record has no event that logged it" "$out"
as_cat withdraw basics 1.0 --reason "a test" >/dev/null || fail "withdraw"
out=$(against unwithdrawn "UPDATE publications SET withdrawn_by = NULL")
withdrawal=$(sql "SELECT id FROM events WHERE kind = 'module.withdraw'")
expect_in "a withdrawal undone" "error: record broken at event $withdrawal: the withdrawal logged as event $withdrawal is missing from the record: it was deleted" "$out"
