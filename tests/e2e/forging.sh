# Forging compliance from inside the program does not work. On an
# organisation's record (made without test hooks) a staff member cannot
# set the clock with UPSKILL_NOW; their own copy of the policy module
# (same id and version, pass mark 0) runs only as practice, and cannot be
# acknowledged; so the compliance report does not change. A consultant
# reading a draft folder changes nothing either: only publishing does.
. tests/e2e/lib.sh
C=tests/e2e/courses
real() { env -u UPSKILL_NOW -u UPSKILL_SEED "$UPSKILL" --db "$DB" "$@"; }
report() { real --courses "$C" --as Cat report compliance --format csv; }

env -u UPSKILL_NOW -u UPSKILL_SEED "$UPSKILL" --db "$DB" --courses "$C" init Cat >/dev/null ||
	fail "init on a real record"
code=$(real --courses "$C" --as Cat learner add Ann | sed -n "s/^set-up code for 'Ann': \([A-Z0-9-]*\) .*/\1/p")
UPSKILL_NEW_PASSPHRASE="$UPSKILL_PASSPHRASE" UPSKILL_PASSPHRASE="$code" real --courses "$C" --as Ann whoami >/dev/null ||
	fail "Ann's first sign-in"
before=$(report)
expect_in "Ann untrained" "Ann,rules,1.0,never trained" "$before"
events=$(sql 'SELECT count(*) FROM events')
expect_eq "not a test record" 0 "$(sql "SELECT count(*) FROM events WHERE kind = 'record.test'")"

# The clock is not the user's to set on this record, nor the quiz order.
out=$(printf 'login ann\n' | UPSKILL_NOW=2026-01-01T09:00:00Z "$UPSKILL" --db "$DB" --courses "$C" 2>&1) &&
	fail "UPSKILL_NOW was honoured on an organisation's record"
expect_in "clock refused" "is an organisation's record, not a test record: UPSKILL_NOW and UPSKILL_SEED are test hooks; unset them" "$out"
env -u UPSKILL_NOW UPSKILL_SEED=7 "$UPSKILL" --db "$DB" --courses "$C" --as Cat courses >/dev/null 2>&1 &&
	fail "UPSKILL_SEED honoured"
expect_eq "nothing written" "$events" "$(sql 'SELECT count(*) FROM events')"

# Ann's own folder: the same module, pass mark 0, other policy text.
mkdir -p "$WORK/mine"
sed -e 's/<quiz pass="100">/<quiz pass="0">/' -e 's/holds every log-in/lets staff keep log-ins/' \
	"$C/rules.xml" >"$WORK/mine/rules.xml"
out=$(printf 'login ann\nstart rules\n\nf\n' | real --courses "$WORK/mine" 2>&1)
expect_in "labelled practice" "Practice: this copy of 'rules' (version 1.0, '$WORK/mine/rules.xml') is not the one the organisation published" "$out"
expect_in "practice at the end" "This attempt was practice" "$out"
expect_eq "recorded as practice" "1|" "$(sql "SELECT practice, coalesce(CAST(publication AS TEXT), '') FROM attempts")"
out=$(printf 'login ann\nack rules\nI agree\n' | real --courses "$WORK/mine" 2>&1)
expect_in "ack refused" "ack: this copy of 'rules' (version 1.0, '$WORK/mine/rules.xml') is not the one the organisation published" "$out"
expect_eq "no acknowledgement" 0 "$(sql 'SELECT count(*) FROM acknowledgements')"
expect_eq "the report is unchanged" "$before" "$(report)"

# An attempt begun on her copy stays practice even when she answers and
# finishes it on the published one.
printf 'login ann\nstart rules\n\n' | real --courses "$WORK/mine" >/dev/null 2>&1
out=$(printf 'login ann\nquiz rules\nt\n' | real --courses "$C" 2>&1)
expect_in "resumed as practice" "Practice: part of this attempt was taken on a copy of 'rules' that the organisation did not publish" "$out"
expect_eq "the mixed attempt is practice" "1|1" "$(sql 'SELECT count(*), max(practice) FROM attempts WHERE finished_at IS NOT NULL AND id > 1')"
expect_eq "still unchanged" "$before" "$(report)"

# On the published copy it counts.
printf 'login ann\nstart rules\n\nt\nack rules\nI agree\n' | real --courses "$C" >/dev/null 2>&1
expect_in "the real thing counts" "Ann,rules,1.0,compliant" "$(report)"

# A draft folder with policy 2.0, read by a consultant: nothing recorded,
# nothing changes, until it is published.
mkdir -p "$WORK/draft"
sed -e 's/<policy version="1.0"/<policy version="2.0"/' -e 's/<module id="rules" version="1.0"/<module id="rules" version="2.0"/' \
	"$C/rules.xml" >"$WORK/draft/rules.xml"
events=$(sql 'SELECT count(*) FROM events')
out=$(real --courses "$WORK/draft" --as Cat report compliance --format csv)
expect_in "a draft changes nothing" "Ann,rules,1.0,compliant" "$out"
real --courses "$WORK/draft" --as Cat progress Ann >/dev/null 2>&1
expect_eq "a draft writes nothing" "$events" "$(sql 'SELECT count(*) FROM events')"
out=$(real --courses "$WORK/draft" --as Cat publish)
expect_in "publish shows it" "rules                        2.0      not published" "$out"
real --courses "$WORK/draft" --as Cat publish rules >/dev/null || fail "publish 2.0"
expect_in "published, it counts (in its grace period)" "Ann,rules,2.0,expiring" "$(report)"
# Published by mistake: withdrawn, as a new event; 1.0 is current again.
out=$(real --courses "$C" --as Cat withdraw rules 2.0 2>&1) && fail "withdraw without a reason"
expect_in "reason needed" "withdraw: say why, with --reason TEXT" "$out"
real --courses "$C" --as Cat withdraw rules 2.0 --reason "published a draft by mistake" >/dev/null ||
	fail "withdraw"
expect_in "withdrawn" "Ann,rules,1.0,compliant" "$(report)"
out=$(real --courses "$C" --as Cat withdraw rules 2.0 --reason again 2>&1) && fail "withdrew twice"
expect_in "once" "version 2.0 of 'rules' is not published" "$out"
out=$(real --courses "$C" --as Cat verify) || fail "verify: $out"
expect_in "intact" "record intact:" "$out"

# A copy of the policy with a longer validity does not stretch anyone's
# training: the period is the published one. (A test record, so that a
# year can pass.)
T="$WORK/hooked.db"
t() { UPSKILL_NOW="$1" "$UPSKILL" --db "$T" "${@:2}"; }
t 2025-01-01T09:00:00Z --courses "$C" init Cat >/dev/null || fail "init a test record"
code=$(t 2025-01-01T09:00:00Z --courses "$C" --as Cat learner add Ann | sed -n "s/^set-up code for 'Ann': \([A-Z0-9-]*\) .*/\1/p")
UPSKILL_NEW_PASSPHRASE="$UPSKILL_PASSPHRASE" UPSKILL_PASSPHRASE="$code" t 2025-01-01T09:00:00Z --courses "$C" --as Ann whoami >/dev/null ||
	fail "Ann's first sign-in on the test record"
printf 'login ann\nstart rules\n\nt\nack rules\nI agree\n' | t 2025-01-01T10:00:00Z --courses "$C" >/dev/null 2>&1
mkdir -p "$WORK/long"
sed 's/valid-months="12"/valid-months="120"/' "$C/rules.xml" >"$WORK/long/rules.xml"
for folder in "$C" "$WORK/long"; do
	expect_in "the published period holds ($folder)" "Ann,rules,1.0,overdue" \
		"$(t 2026-03-01T09:00:00Z --courses "$folder" --as Cat report compliance --format csv)"
done

# A policy version withdrawn cannot come back with other words: the old
# acknowledgements would seem to be of the new text.
mkdir -p "$WORK/v2" "$WORK/v2b"
sed -e 's/<policy version="1.0"/<policy version="2.0"/' -e 's/<module id="rules" version="1.0"/<module id="rules" version="2.0"/' \
	"$C/rules.xml" >"$WORK/v2/rules.xml"
sed -e 's/holds every log-in/lets staff share log-ins/' -e 's/<module id="rules" version="2.0"/<module id="rules" version="2.1"/' \
	"$WORK/v2/rules.xml" >"$WORK/v2b/rules.xml"
t 2026-03-01T09:00:00Z --courses "$WORK/v2" --as Cat publish rules >/dev/null || fail "publish 2.0"
t 2026-03-01T09:00:00Z --courses "$WORK/v2" --as Cat withdraw rules 2.0 --reason "wrong text" >/dev/null
out=$(t 2026-03-01T09:00:00Z --courses "$WORK/v2b" --as Cat publish rules 2>&1) &&
	fail "a withdrawn policy version came back with other text"
expect_in "one text per policy version" "policy version 2.0 of 'rules' was published before with other text" "$out"

# An attempt begun on one version and finished on another is practice,
# and the record still verifies.
sed -e 's/<policy version="1.0"/<policy version="3.0"/' -e 's/<module id="rules" version="1.0"/<module id="rules" version="3.0"/' \
	"$C/rules.xml" >"$WORK/v3.xml"
mkdir -p "$WORK/v3" && mv "$WORK/v3.xml" "$WORK/v3/rules.xml"
printf 'login ann\nstart rules\n\n' | t 2026-03-01T10:00:00Z --courses "$C" >/dev/null 2>&1
t 2026-03-01T11:00:00Z --courses "$WORK/v3" --as Cat publish rules >/dev/null || fail "publish 3.0"
out=$(printf 'login ann\nquiz rules\nt\n' | t 2026-03-01T12:00:00Z --courses "$WORK/v3" 2>&1)
expect_in "begun on 1.0, finished on 3.0: practice" "This attempt was practice" "$out"
out=$(t 2026-03-01T12:00:00Z --courses "$C" verify) || fail "verify after a version change mid-attempt: $out"
