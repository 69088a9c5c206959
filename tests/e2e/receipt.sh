# Receipts: after an acknowledgement the person is told about their
# receipt; once a consultant has signed a checkpoint, receipt proves the
# event is in it, and verify-receipt checks that proof with the signer's
# public key alone, or also against the record. A receipt edited, checked
# with another key, or checked against a record changed since, fails.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
# verify-receipt with no database named at all.
nodb() { "$UPSKILL" --courses "$C" "$@"; }

org
staff Ann
staff Bo
upc keygen acme-auditor "$WORK/auditor" >/dev/null || fail "keygen"
upc keygen someone-else "$WORK/other" >/dev/null || fail "keygen other"

# Ann acknowledges; no checkpoint yet, so she is told how to get one later.
out=$(printf 'login Ann\nack rules\nI agree\n' | upc 2>&1) || fail "ack: $out"
ack=$(sql "SELECT id FROM events WHERE kind = 'ack'")
hash=$(sql "SELECT substr(hash, 1, 16) FROM events WHERE id = $ack")
expect_in "receipt line" "receipt: event $ack (hash $hash...); run 'receipt' once a consultant has signed a checkpoint" "$out"
out=$(printf 'login Ann\nreceipt\n' | upc 2>&1) && fail "a receipt without a checkpoint"
expect_in "not covered" "event $ack is not yet covered by a checkpoint; ask a consultant to run checkpoint, then run receipt again" "$out"
out=$(printf 'login Ann\nreceipt\n' | upc 2>&1 | grep -c 'not yet covered')
expect_eq "said once" 1 "$out"

# The consultant signs, with the key named in the environment; the
# checkpoint event keeps the whole note.
out=$(UPSKILL_CHECKPOINT_KEY="$WORK/auditor" as_cat checkpoint --out "$WORK/cp.txt") ||
	fail "checkpoint from the environment: $out"
expect_in "signed" "signed a checkpoint of $ack events as 'acme-auditor'" "$out"
expect_eq "note on record" "$(cat "$WORK/cp.txt")" \
	"$(sql "SELECT $(json data note) FROM events WHERE kind = 'checkpoint'")"
out=$(as_cat checkpoint 2>&1) && fail "checkpoint without a key"
expect_in "which key" "--key FILE (made by keygen), or set UPSKILL_CHECKPOINT_KEY" "$out"

# Ann's receipt, as text and as JSON.
out=$(printf 'login Ann\nreceipt --json %s\n' "$WORK/r.json" | upc 2>&1) || fail "receipt: $out"
expect_in "receipt text" "receipt for event $ack (ack, policy rules, at " "$out"
expect_in "receipt checkpoint" "checkpoint  $ack events, signed by 'acme-auditor'" "$out"
expect_in "receipt saved" "saved as JSON in '$WORK/r.json'" "$out"
expect_in "receipt json" '"receipt": "upskill-receipt-1"' "$(cat "$WORK/r.json")"
# Bo may not have Ann's; Cat may.
out=$(printf 'login Bo\nreceipt %s\n' "$ack" | upc 2>&1) && fail "Bo had Ann's receipt"
expect_in "not Bo's" "receipt: event $ack is not about you" "$out"
out=$(printf 'login Bo\nreceipt\n' | upc 2>&1) && fail "Bo had a receipt of nothing"
expect_in "nothing to prove" "you have no acknowledgement or handover" "$out"
out=$(as_cat receipt "$ack" --json - ) || fail "Cat's receipt: $out"
expect_eq "same receipt" "$(cat "$WORK/r.json")" "$out"
out=$(as_cat receipt 999 2>&1) && fail "a receipt of no event"
expect_in "no event" "the record has no event 999" "$out"

# Checked with the public key alone: no database is made for it.
out=$(nodb verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub") || fail "no db: $out"
expect_eq "proven" "event $ack (ack, policy rules, at 2026-03-02T09:00:00Z) is in the checkpoint of $ack events signed by 'acme-auditor'." "$out"
[ -e "$XDG_DATA_HOME/upskill" ] && fail "verify-receipt made a database"
out=$(nodb --db "$WORK/none.db" verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a missing record passed"
expect_in "no record" "no record at '$WORK/none.db'" "$out"
[ -e "$WORK/none.db" ] && fail "verify-receipt made the named database"
# And against the record, which has grown since.
staff Cy
out=$(upc verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub") || fail "with db: $out"
expect_in "record holds" "the record still holds event $ack with that hash, and its first $ack events are those signed." "$out"

# Another key proves nothing.
out=$(nodb verify-receipt "$WORK/r.json" --key "$WORK/other.pub" 2>&1) && fail "another key passed"
expect_eq "other key" "error: verify-receipt: '$WORK/r.json': its checkpoint: this checkpoint is not signed by the key 'someone-else'" "$out"
out=$(nodb verify-receipt "$WORK/r.json" 2>&1) && fail "no key passed"
expect_in "no key" "which signer? --key FILE" "$out"

# Edited receipts: the hash, the index, a proof hash, the note, the time.
edited() { # NAME SED-SCRIPT EXPECTED
	sed "$2" "$WORK/r.json" >"$WORK/$1.json"
	cmp -s "$WORK/r.json" "$WORK/$1.json" && fail "$1: sed changed nothing"
	out=$(nodb verify-receipt "$WORK/$1.json" --key "$WORK/auditor.pub" 2>&1) &&
		fail "$1: an edited receipt passed"
	expect_in "$1" "error: verify-receipt: '$WORK/$1.json': $3" "$out"
}
edited hash '/"hash"/s/"\([0-9a-f]\)/"f\1/; /"hash"/s/[0-9a-f]"/"/' "event $ack does not match its hash"
edited index "s/\"index\": $((ack - 1))/\"index\": $ack/" "event $ack cannot be leaf $ack"
edited proof '/"proof"/{n;s/"0/"X/;s/"[1-9a-f]/"0/;s/"X/"1/}' "the proof does not lead from event $ack to the signed root"
edited note 's/upskill-record\\n[0-9]*\\n/upskill-record\\n1\\n/' "its checkpoint: the signature of 'acme-auditor' on this checkpoint does not verify"
edited at 's/"at": "2026-03-02/"at": "2026-02-02/' "event $ack does not match its hash"
edited size "s/\"size\": $ack/\"size\": $((ack + 1))/" "its checkpoint's size or root is not the one signed"
edited json 's/"receipt"/"receipt" x/' "not an upskill receipt: at byte"

# Records changed since: the tail cut back past the event, the event's row
# edited with its hash left, and the chain rewritten from the event on.
cut=$(copy_db cut)
unguarded "$cut" "DELETE FROM events WHERE id >= $ack"
out=$("$UPSKILL" --db "$cut" verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a cut record passed"
expect_eq "cut" "error: verify-receipt: '$WORK/r.json' against the record: the record has no event $ack: events were removed" "$out"
edited=$(copy_db edited)
unguarded "$edited" "UPDATE events SET at = '2026-01-01T09:00:00Z' WHERE id = $ack"
out=$("$UPSKILL" --db "$edited" verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub" 2>&1) &&
	fail "an edited event passed"
expect_in "edited" "the record's event $ack is not what the receipt proves: the record was changed" "$out"
rehashed=$(copy_db rehashed)
unguarded "$rehashed" "UPDATE events SET hash = '$(printf '%064d' 0)' WHERE id = $ack"
out=$("$UPSKILL" --db "$rehashed" verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a rehashed event passed"
expect_in "rehashed" "the record's event $ack has hash 0000000000000000..., not the receipt's $hash...: the record was changed" "$out"
before=$(copy_db before)
unguarded "$before" "UPDATE events SET hash = '$(printf '%064d' 0)' WHERE id = 1"
out=$("$UPSKILL" --db "$before" verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a rewritten record passed"
expect_in "rewritten" "the first $ack events are not those the checkpoint covered: the record was rewritten" "$out"
# The untouched record still passes.
upc verify-receipt "$WORK/r.json" --key "$WORK/auditor.pub" >/dev/null || fail "untouched record"

# With the key in the environment, an acknowledgement comes with its
# receipt at once, on a checkpoint signed there and then.
out=$(printf 'login Bo\nack rules\nI agree\nreceipt --json %s\n' "$WORK/bo.json" |
	UPSKILL_CHECKPOINT_KEY="$WORK/auditor" upc 2>&1) || fail "Bo's ack: $out"
bo=$(sql "SELECT max(id) FROM events WHERE kind = 'ack'")
expect_in "receipt at once" "receipt for event $bo (ack, policy rules, at " "$out"
expect_in "how to save" "save it with: receipt $bo --json FILE" "$out"
expect_eq "signed at once" "$bo" \
	"$(sql "SELECT $(json data size) FROM events WHERE kind = 'checkpoint' ORDER BY id DESC LIMIT 1")"
out=$(upc verify-receipt "$WORK/bo.json" --key "$WORK/auditor.pub") || fail "Bo's receipt: $out"
expect_in "Bo's proven" "event $bo (ack, policy rules" "$out"
# A public key in the environment signs nothing; the ack still stands.
out=$(printf 'login Bo\nack rules\nI agree\n' | UPSKILL_CHECKPOINT_KEY="$WORK/auditor.pub" upc 2>&1) ||
	fail "ack with a public key: $out"
expect_in "public key said" "receipt: no checkpoint signed with UPSKILL_CHECKPOINT_KEY: 'acme-auditor' is a public key" "$out"
expect_in "and the line" "run 'receipt' once a consultant has signed a checkpoint" "$out"
upc verify >/dev/null || fail "the record after receipts"
