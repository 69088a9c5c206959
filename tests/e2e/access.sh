# Who may act, and who did: a consultant deactivated while signed in is
# signed out at their next command; the last active consultant cannot be
# deactivated; signing in as someone else says who was signed out; every
# person added names the consultant who added them.
. tests/e2e/lib.sh
C=tests/e2e/courses

org
UPSKILL_NEW_PASSPHRASE=$UPSKILL_PASSPHRASE as_cat learner add Dee --role consultant >/dev/null ||
	fail "add Dee"
staff Ann
cat_id=$(sql "SELECT id FROM learners WHERE name = 'Cat'")
expect_eq "adds are attributed" "$cat_id|$cat_id" \
	"$(sql "SELECT min(actor_id), max(actor_id) FROM events WHERE kind = 'learner.add' AND learner_id <> $cat_id")"

# Dee signs in and keeps her prompt open; Cat deactivates her meanwhile.
mkfifo "$WORK/dee.in"
"$UPSKILL" --db "$DB" --courses "$C" --keep-going <"$WORK/dee.in" >"$WORK/dee.out" 2>"$WORK/dee.err" &
dee=$!
exec 5>"$WORK/dee.in"
echo "login dee" >&5
for _ in $(seq 300); do
	grep -q "signed in as Dee" "$WORK/dee.err" && break
	sleep 0.05
done
grep -q "signed in as Dee" "$WORK/dee.err" || fail "Dee did not sign in: $(cat "$WORK/dee.err")"
as_cat learner deactivate Dee >/dev/null || fail "deactivate Dee"
echo "learner deactivate cat" >&5
echo "whoami" >&5
exec 5>&-
wait "$dee"
expect_in "signed out at the next command" "'Dee' has been deactivated or changed since signing in: signed out" "$(cat "$WORK/dee.err")"
expect_in "and nobody is signed in" "nobody is signed in" "$(cat "$WORK/dee.out")"
expect_eq "Cat still active" 1 "$(sql "SELECT active FROM learners WHERE name = 'Cat'")"

# Signing in over someone says who was signed out.
out=$(printf 'login ann\n' | as_cat 2>&1)
expect_in "who was signed out" "signed out Cat
signed in as Ann (staff)" "$out"
