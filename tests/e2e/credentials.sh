# Every person has a credential: nobody signs in as someone else, or acts
# for them, without theirs; a set-up code works once and a reset issues a
# new one; PINs and a kiosk where the organisation chooses them, each on
# the record, with every acknowledgement made at a kiosk marked as such in
# reports; sign-in takes the same time for an unknown name, a wrong
# credential and a closed account (the figures are printed); guessing from
# processes side by side is held to the documented rate.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
# code_of NAME: the set-up code in 'learner add' or 'learner reset' output.
code_of() { sed -n "s/^set-up code for '$1': \([A-Z0-9-]*\) .*/\1/p"; }
failed="error: sign-in failed: no such person, a wrong passphrase, or an account closed"

org
staff Ann
code=$(as_cat learner add Bo | code_of Bo)
[ -n "$code" ] || fail "no set-up code for Bo"
out=$(UPSKILL_PASSPHRASE=$code UPSKILL_NEW_PASSPHRASE="bo keeps this one" upc --as Bo whoami 2>&1) ||
	fail "Bo's first sign-in: $out"
expect_in "first sign-in" "First sign-in: choose your own passphrase" "$out"

# Ann cannot become Bo with her own passphrase, the set-up code he used,
# or nothing at all; and a signed-in Ann cannot act for him.
expect_eq "Ann's passphrase for Bo" "$failed" "$(upc --as Bo whoami 2>&1)"
expect_eq "a used set-up code" "$failed" "$(UPSKILL_PASSPHRASE=$code upc --as Bo whoami 2>&1)"
out=$(printf 'login bo\n\nwhoami\n' | env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --courses "$C" --keep-going 2>&1)
expect_in "an empty passphrase" "sign-in failed" "$out"
expect_in "nobody signed in" "nobody is signed in" "$out"
out=$(printf 'report learner Bo\nlearner reset Bo\n' | upc --as Ann --keep-going 2>&1)
expect_in "Ann cannot read Bo's record" "staff can only see their own progress" "$out"
expect_in "nor reset his credential" "'learner reset' is for consultants" "$out"
# (After three failures in a row, he waits a second first.)
expect_in "Bo signs in with his own" "Bo (staff)" \
	"$(UPSKILL_PASSPHRASE="bo keeps this one" upc --as Bo whoami 2>&1)"

# A reset: a session open with the old passphrase ends at its next
# command, the old passphrase stops working, the new code works once.
mkfifo "$WORK/bo.in"
UPSKILL_PASSPHRASE="bo keeps this one" "$UPSKILL" --db "$DB" --courses "$C" --as Bo \
	<"$WORK/bo.in" >"$WORK/bo.out" 2>"$WORK/bo.err" &
bo=$!
exec 6>"$WORK/bo.in"
echo "whoami" >&6
for _ in $(seq 300); do
	grep -q "Bo (staff)" "$WORK/bo.out" && break
	sleep 0.05
done
grep -q "Bo (staff)" "$WORK/bo.out" || fail "Bo's session did not open: $(cat "$WORK/bo.err")"
code=$(as_cat learner reset Bo | code_of Bo)
[ -n "$code" ] || fail "no code from the reset"
echo "start rules" >&6
exec 6>&-
wait "$bo"
expect_in "open session ends at a reset" "the credential 'Bo' signed in with has been reset or changed since: signed out" \
	"$(cat "$WORK/bo.err")"
expect_eq "nothing started after the reset" 0 "$(sql "SELECT count(*) FROM attempts")"
expect_eq "old passphrase after a reset" "$failed" \
	"$(UPSKILL_PASSPHRASE="bo keeps this one" upc --as Bo whoami 2>&1)"
# The code itself, however written, is not a passphrase of his own.
bare=$(echo "$code" | tr -d - | tr 'A-Z' 'a-z')
out=$(UPSKILL_PASSPHRASE=$code UPSKILL_NEW_PASSPHRASE=$bare upc --as Bo whoami 2>&1) &&
	fail "the set-up code kept as his own"
expect_in "code refused as his own" "not the set-up code" "$out"
UPSKILL_PASSPHRASE=$code UPSKILL_NEW_PASSPHRASE="bo has a new one now" upc --as Bo whoami >/dev/null 2>&1 ||
	fail "the new code"
cat_id=$(sql "SELECT id FROM learners WHERE name = 'Cat'")
bo_id=$(sql "SELECT id FROM learners WHERE name = 'Bo'")
expect_eq "credential events for Bo: code, his own, reset by Cat, his own" \
	"$cat_id|true $bo_id|false $cat_id|true $bo_id|false" \
	"$(sql "SELECT actor_id || '|' || $(json data setup) FROM events
		WHERE kind = 'learner.credential' AND learner_id = $bo_id ORDER BY id" |
		tr '\n' ' ' | sed 's/ $//; s/|1/|true/g; s/|0/|false/g')"
expect_eq "no secret in any event" 0 "$(sql "SELECT count(*) FROM events WHERE data LIKE '%argon2%'
	OR data LIKE '%$code%' OR data LIKE '%bo has%'")"

# PINs, where the organisation chooses them for staff.
out=$(as_cat setting staff-credential pins 2>&1) && fail "a bad value was accepted"
expect_in "bad value" "'pins' is not a value for staff-credential (passphrase, pin or none)" "$out"
as_cat setting staff-credential pin >/dev/null || fail "setting pin"
code=$(as_cat learner add Dee | code_of Dee)
for pin in 12345 123456 777777 48031x; do
	out=$(UPSKILL_PASSPHRASE=$code UPSKILL_NEW_PASSPHRASE=$pin upc --as Dee whoami 2>&1) &&
		fail "PIN $pin was accepted"
done
expect_in "a run is refused" "a PIN cannot be one digit repeated or a run" \
	"$(UPSKILL_PASSPHRASE=$code UPSKILL_NEW_PASSPHRASE=123456 upc --as Dee whoami 2>&1)"
out=$(UPSKILL_PASSPHRASE=$code UPSKILL_NEW_PASSPHRASE=480316 upc --as Dee whoami 2>&1) ||
	fail "a good PIN: $out"
expect_in "asked for a PIN" "choose your own PIN" "$out"
expect_in "Dee signs in with her PIN" "Dee (staff)" \
	"$(UPSKILL_PASSPHRASE=480316 upc --as Dee whoami 2>&1)"
upc --as Ann whoami >/dev/null 2>&1 || fail "Ann's passphrase stops working when PINs are chosen"
as_cat setting pin-length 8 >/dev/null || fail "pin-length"
expect_in "settings listed" "pin-length         8" "$(as_cat setting)"

# A kiosk is an explicit, recorded choice, and says so on every
# acknowledgement made there.
out=$(as_cat setting staff-credential none 2>&1) && fail "a kiosk without a reason"
expect_in "kiosk needs a reason" "say why staff need no credential, with --reason TEXT" "$out"
as_cat setting staff-credential none --reason "one shared tablet in the staff room" >/dev/null ||
	fail "setting a kiosk"
out=$(printf 'start rules\n\nt\nack rules\nI agree\n' |
	env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --courses "$C" --as Ann 2>&1) ||
	fail "Ann at the kiosk: $out"
expect_in "Ann acknowledged" "Acknowledged version" "$out"
expect_eq "the acknowledgement is marked" 1 "$(sql "SELECT kiosk FROM acknowledgements")"
expect_in "compliance report says so" "acknowledged at a kiosk, with no credential" \
	"$(as_cat report compliance --format csv)"
expect_in "learner report says so" "Ann,acknowledgement at a kiosk,rules" \
	"$(as_cat report learner Ann --format csv)"
expect_eq "the setting's event names who and why" \
	"$cat_id|staff-credential|none|one shared tablet in the staff room" \
	"$(sql "SELECT actor_id, subject, $(json data value), $(json data reason)
		FROM events WHERE kind = 'setting' ORDER BY id DESC LIMIT 1")"
# Consultants still need their passphrase at a kiosk.
expect_eq "consultant at a kiosk" "$failed" \
	"$(UPSKILL_PASSPHRASE=wrong upc --as Cat whoami 2>&1)"
as_cat verify >/dev/null || fail "verify after the kiosk"
# Neither the mark nor the setting can be changed behind the record's back.
kept=$DB
DB=$(copy_db unmarked "$kept")
sql "UPDATE acknowledgements SET kiosk = 0"
out=$(as_cat verify 2>&1) && fail "verify missed an acknowledgement unmarked"
expect_in "unmarked found" "acknowledgement" "$out"
DB=$(copy_db setting "$kept")
sql "UPDATE settings SET value = 'passphrase' WHERE key = 'staff-credential'"
out=$(as_cat verify 2>&1) && fail "verify missed a setting changed"
expect_in "setting found" "setting" "$out"
DB=$kept

# A session open at the kiosk ends at its next command once the kiosk is
# closed.
mkfifo "$WORK/ann.in"
env -u UPSKILL_PASSPHRASE "$UPSKILL" --db "$DB" --courses "$C" <"$WORK/ann.in" >"$WORK/ann.out" 2>"$WORK/ann.err" &
ann=$!
exec 5>"$WORK/ann.in"
echo "login ann" >&5
for _ in $(seq 300); do
	grep -q "signed in as Ann" "$WORK/ann.err" && break
	sleep 0.05
done
grep -q "signed in as Ann" "$WORK/ann.err" || fail "Ann did not sign in at the kiosk: $(cat "$WORK/ann.err")"
as_cat setting staff-credential passphrase >/dev/null || fail "closing the kiosk"
echo "whoami" >&5
exec 5>&-
wait "$ann"
expect_in "signed out when the kiosk closed" "the kiosk was closed): signed out" "$(cat "$WORK/ann.err")"

# Timing: an unknown name, a wrong passphrase and a closed account, tried
# in turn. Each try is a fresh process an hour after the one before on
# this test record's clock, so no try waits for the failures before it.
staff Eve
as_cat learner deactivate Eve >/dev/null || fail "deactivate Eve"
tries=50
[ -n "${UPSKILL_VALGRIND:-}" ] && tries=3
hour=$(date -u -d 2026-03-02T10:00:00Z +%s)
: >"$WORK/times"
for i in $(seq "$tries"); do
	for kind in unknown wrong closed; do
		case $kind in
		unknown) who="Nobody $i" ;;
		wrong) who=Bo ;;
		closed) who=Eve ;;
		esac
		at=$(date -u -d "@$((hour + (i * 3 + ${#kind}) * 3600))" +%Y-%m-%dT%H:%M:%SZ)
		start=$(date +%s%N)
		out=$(UPSKILL_NOW=$at UPSKILL_PASSPHRASE="not the one at all" upc --as "$who" whoami 2>&1)
		end=$(date +%s%N)
		expect_eq "$kind try $i" "$failed" "$out"
		echo "$kind $(((end - start) / 1000))" >>"$WORK/times"
	done
done
medians=$(python3 - "$WORK/times" <<'PY'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    k, us = line.split()
    t.setdefault(k, []).append(int(us) / 1000)
m = {k: statistics.median(v) for k, v in t.items()}
spread = (max(m.values()) - min(m.values())) / min(m.values()) * 100
print(" ".join(f"{k} {m[k]:.0f}" for k in ("unknown", "wrong", "closed")), f"{spread:.1f}")
PY
)
read -r _ unknown _ wrong _ closed spread <<<"$medians"
echo "report: sign-in timing, median of $tries tries each: unknown $unknown ms, wrong $wrong ms," \
	"closed $closed ms; largest difference $spread%" >&2
if [ -z "${UPSKILL_VALGRIND:-}" ]; then
	# Reported to the project's 10%; failed only far beyond it, where
	# an account's existence would show.
	python3 -c "import sys; sys.exit(0 if float('$spread') < 25 else 1)" ||
		fail "sign-in times differ by $spread% (unknown $unknown, wrong $wrong, closed $closed ms)"
fi

# Guessing Cat's passphrase from 16 processes at once, on the real clock,
# for 10 seconds: turns are taken one after another, the first three at
# once and then 1, 2 and 4 seconds apart, and the next are 15 and 31
# seconds out, so no more than 6 guesses can be checked.
end=$((SECONDS + 10))
guesser() {
	while [ "$SECONDS" -lt "$end" ]; do
		env -u UPSKILL_NOW UPSKILL_PASSPHRASE="guess $1" timeout -s KILL $((end - SECONDS)) \
			"$UPSKILL" --db "$DB" --courses "$C" --as Cat whoami 2>&1 | grep -o "sign-in failed\|tried too often"
		sleep 0.2
	done
}
for g in $(seq 16); do guesser "$g" >"$WORK/guess.$g" & done
wait
checked=$(cat "$WORK"/guess.* | grep -c "sign-in failed")
refused=$(cat "$WORK"/guess.* | grep -c "tried too often")
echo "report: 16 processes guessing for 10 s: $checked guesses checked, $refused tries refused" >&2
[ "$checked" -le 6 ] || fail "$checked guesses checked in 10 s (at most 6)"
# Under valgrind (make valgrind) a process takes seconds to start, so few
# tries get anywhere in 10 s: only the bound is checked there. Otherwise
# the guessers must have been checked and refused, or the test proved
# nothing.
if [ -z "${UPSKILL_VALGRIND:-}" ]; then
	[ "$checked" -ge 1 ] || fail "no guess was checked in 10 s"
	[ "$refused" -ge 1 ] || fail "no try was refused"
fi
