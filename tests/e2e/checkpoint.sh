# Signed checkpoints: a key made outside the record signs its size and
# Merkle root; later, verify --checkpoint proves the record still begins
# with exactly those events. The chain alone cannot show a tail cut off or
# a record rewritten with every hash recomputed; the checkpoint does. A
# note changed, or checked with another key, is refused.
. tests/e2e/lib.sh
C=tests/e2e/courses
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

org
staff Ann
staff Bo
out=$(upc keygen acme-auditor "$WORK/auditor") || fail "keygen: $out"
expect_eq "secret key file mode" 600 "$(stat -c %a "$WORK/auditor")"
expect_in "public key" "upskill-checkpoint-public acme-auditor " "$(cat "$WORK/auditor.pub")"
out=$(upc keygen acme-auditor "$WORK/auditor" 2>&1) && fail "keygen overwrote a key"
expect_in "existing key kept" "'$WORK/auditor.pub' exists already" "$out"
out=$(upc keygen "bad name" "$WORK/bad" 2>&1) && fail "keygen took a bad name"
expect_in "bad name" "is not a key name" "$out"

out=$(as_cat checkpoint --key "$WORK/auditor.pub" 2>&1) && fail "signed with a public key"
expect_in "public key refused" "signing needs the secret one" "$out"
out=$(upc checkpoint --key "$WORK/auditor" 2>&1) && fail "checkpoint without a consultant"
out=$(as_cat checkpoint --key "$WORK/auditor" --out "$WORK/cp.txt") || fail "checkpoint: $out"
expect_eq "signed" "signed a checkpoint of 12 events as 'acme-auditor' into '$WORK/cp.txt'" "$out"
expect_eq "note" "upskill-record
12" "$(head -2 "$WORK/cp.txt")"
expect_eq "checkpoint on record" 1 "$(sql "SELECT count(*) FROM events WHERE kind = 'checkpoint'")"

# The record grows; the checkpoint still holds.
staff Cy
out=$(upc verify --checkpoint "$WORK/cp.txt" --key "$WORK/auditor.pub") || fail "verify: $out"
expect_in "holds" "checkpoint of 12 events signed by 'acme-auditor' holds; the record has grown by 4 events since." "$out"
expect_in "and the chain" "record intact: 16 events" "$out"

# Another key, or a note changed, proves nothing.
upc keygen someone-else "$WORK/other" >/dev/null
out=$(upc verify --checkpoint "$WORK/cp.txt" --key "$WORK/other.pub" 2>&1) && fail "another key passed"
expect_in "another key" "this checkpoint is not signed by the key 'someone-else'" "$out"
sed '2s/12/11/' "$WORK/cp.txt" >"$WORK/cp-edited.txt"
out=$(upc verify --checkpoint "$WORK/cp-edited.txt" --key "$WORK/auditor.pub" 2>&1) &&
	fail "an edited note passed"
expect_in "edited note" "the signature of 'acme-auditor' on this checkpoint does not verify" "$out"
out=$(upc verify --checkpoint "$WORK/auditor.pub" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a key file passed as a note"
expect_in "not a note" "not an upskill checkpoint" "$out"
out=$(upc verify --key "$WORK/auditor.pub" 2>&1) && fail "--key alone"
expect_in "key alone" "--key goes with --checkpoint" "$out"

# Rewritten with every hash recomputed (Ann made a consultant when she was
# added, her row to match): the chain checks out, the checkpoint does not.
cp "$DB" "$WORK/rechained.db"
python3 - "$WORK/rechained.db" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# The protective trigger out of the way, and back after, as it was.
trigger = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'events_append_only_update'").fetchone()[0]
db.execute("DROP TRIGGER events_append_only_update")
ann = db.execute("SELECT id FROM learners WHERE name = 'Ann'").fetchone()[0]
db.execute("UPDATE learners SET role = 'consultant' WHERE id = ?", (ann,))
rows = db.execute("SELECT id, at, kind, actor_id, learner_id, subject, data FROM events ORDER BY id").fetchall()
prev = ""
for id_, at, kind, actor, learner, subject, data in rows:
    if kind == "learner.add" and subject == "staff" and learner == ann:
        subject = "consultant"  # promoted from the start
    text = "upskill-event-1\n%s\n%d\n%s\n%s\n%s\n%s\n%s\n%s" % (
        prev, id_, at, kind, actor if actor and actor > 0 else "",
        learner if learner and learner > 0 else "", subject or "", data)
    h = hashlib.sha256(text.encode()).hexdigest()
    db.execute("UPDATE events SET subject = ?, prev_hash = ?, hash = ? WHERE id = ?", (subject, prev, h, id_))
    prev = h
db.execute(trigger)
db.commit()
PY
rechain() { "$UPSKILL" --db "$WORK/rechained.db" --courses "$C" "$@"; }
out=$(rechain verify) || fail "the re-chained record should pass the chain alone: $out"
out=$(rechain verify --checkpoint "$WORK/cp.txt" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a rewritten record passed the checkpoint"
expect_in "rewritten" "the first 12 events are not those the checkpoint covered: the record was rewritten" "$out"

# The tail cut off, back past the checkpoint, with the people it added:
# the chain that is left checks out, the checkpoint does not.
cp "$DB" "$WORK/cut.db"
keep=$(sqlite3 "$WORK/cut.db" "SELECT sql FROM sqlite_schema WHERE name = 'learners_never_deleted'")
unguarded "$WORK/cut.db" "DROP TRIGGER learners_never_deleted;
	DELETE FROM learners WHERE name IN ('Ann', 'Bo', 'Cy'); DELETE FROM events WHERE id > 6; $keep"
cut() { "$UPSKILL" --db "$WORK/cut.db" --courses "$C" "$@"; }
out=$(cut verify) || fail "the cut record should pass the chain alone: $out"
out=$(cut verify --checkpoint "$WORK/cp.txt" --key "$WORK/auditor.pub" 2>&1) &&
	fail "a cut record passed the checkpoint"
expect_in "cut" "the record has 6 events, fewer than the 12 the checkpoint covered: events were removed" "$out"

# The untouched record still verifies.
upc verify --checkpoint "$WORK/cp.txt" --key "$WORK/auditor.pub" >/dev/null || fail "untouched record"

# The consultant co-signs the auditor's note: either key then proves it.
upc keygen acme-consultant "$WORK/consultant" >/dev/null
out=$(as_cat checkpoint --key "$WORK/consultant" --cosign "$WORK/cp.txt" --out "$WORK/both.txt") ||
	fail "co-sign: $out"
expect_eq "co-signed" "co-signed a checkpoint of 12 events as 'acme-consultant' into '$WORK/both.txt'" "$out"
expect_eq "two signatures" 2 "$(grep -c '^— ' "$WORK/both.txt")"
for k in auditor consultant; do
	upc verify --checkpoint "$WORK/both.txt" --key "$WORK/$k.pub" >/dev/null ||
		fail "the co-signed note does not verify with the $k's key"
done
expect_in "kept whole in the record" "acme-consultant" \
	"$(sql "SELECT json_extract(data, '\$.note') FROM events WHERE kind = 'checkpoint' ORDER BY id DESC LIMIT 1")"
out=$(as_cat checkpoint --key "$WORK/consultant" --cosign "$WORK/both.txt" 2>&1) && fail "co-signed twice"
expect_in "once per key" "it is signed by 'acme-consultant' already" "$out"
out=$("$UPSKILL" --db "$WORK/rechained.db" --courses "$C" --as Cat checkpoint --key "$WORK/consultant" \
	--cosign "$WORK/cp.txt" 2>&1) && fail "co-signed a rewritten record"
expect_in "not for a rewritten record" "cannot co-sign '$WORK/cp.txt': the first 12 events are not those the checkpoint covered" "$out"
