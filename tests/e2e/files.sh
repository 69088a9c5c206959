# Files are private (issue 13): under umask 022 everything upskill makes is
# 0600 and every folder it makes 0700 (the database with its -wal and -shm,
# the history, key files, checkpoint notes, receipts); a symbolic link, or a
# file owned by someone else, where one of those files goes is refused with
# a message naming it, and what the link points at is left untouched.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
C=tests/e2e/courses
umask 022
mode() { stat -c %a "$1"; }
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }
# Someone else's file, where the test can make one (it runs as root in CI).
foreign() { chown nobody "$1" 2>/dev/null; }
nobody=$(id -u nobody)

# A new record in folders upskill makes.
DB="$WORK/made/by/upskill/test.db"
org
expect_eq "new folder" 700 "$(mode "$WORK/made")"
expect_eq "new inner folder" 700 "$(mode "$WORK/made/by/upskill")"
expect_eq "new database" 600 "$(mode "$DB")"

# Its -wal and -shm, while a session has it open.
mkfifo "$WORK/in"
as_cat <"$WORK/in" >/dev/null &
pid=$!
exec 3>"$WORK/in"
for _ in $(seq "${WAIT_TENTHS:-50}"); do
	[ -e "$DB-wal" ] && [ -e "$DB-shm" ] && break
	sleep 0.1
done
[ -e "$DB-wal" ] && [ -e "$DB-shm" ] || fail "no -wal and -shm beside an open record"
expect_eq "-wal" 600 "$(mode "$DB-wal")"
expect_eq "-shm" 600 "$(mode "$DB-shm")"
exec 3>&-
wait "$pid" || fail "the session on the record failed"

# The XDG data folder, when upskill makes it.
XDG_DATA_HOME="$WORK/xdg/data" "$UPSKILL" --courses "$C" init Cat >/dev/null ||
	fail "init in the XDG folder"
expect_eq "XDG data folder" 700 "$(mode "$WORK/xdg/data")"
expect_eq "upskill's data folder" 700 "$(mode "$WORK/xdg/data/upskill")"
expect_eq "default database" 600 "$(mode "$WORK/xdg/data/upskill/upskill.db")"

# A folder the person made and named is theirs: left as it is.
mkdir -m 755 "$WORK/mine"
"$UPSKILL" --db "$WORK/mine/r.db" --courses "$C" init Cat >/dev/null || fail "init in own folder"
expect_eq "own folder untouched" 755 "$(mode "$WORK/mine")"
expect_eq "database in own folder" 600 "$(mode "$WORK/mine/r.db")"

# A record an older upskill left readable to others is made private.
chmod 644 "$WORK/mine/r.db"
"$UPSKILL" --db "$WORK/mine/r.db" --courses "$C" --as Cat whoami >/dev/null || fail "open old record"
expect_eq "old record made private" 600 "$(mode "$WORK/mine/r.db")"

# A database that is a link is refused, whether or not its target exists.
ln -s "$DB" "$WORK/link.db"
out=$("$UPSKILL" --db "$WORK/link.db" --courses "$C" --as Cat whoami 2>&1) && fail "a linked database was used"
expect_eq "linked database" "error: '$WORK/link.db' is a symbolic link: refusing to use it" "$out"
ln -s "$WORK/nothing.db" "$WORK/dangling.db"
out=$("$UPSKILL" --db "$WORK/dangling.db" --courses "$C" init Cat 2>&1) && fail "a dangling link was used"
expect_eq "dangling link" "error: '$WORK/dangling.db' is a symbolic link: refusing to use it" "$out"
[ -e "$WORK/nothing.db" ] && fail "a record was made through a link"
# So are its companions.
ln -s "$WORK/elsewhere" "$DB-wal"
out=$(as_cat whoami 2>&1) && fail "a linked -wal was used"
expect_eq "linked -wal" "error: '$DB-wal' is a symbolic link: refusing to use it" "$out"
[ -e "$WORK/elsewhere" ] && fail "the -wal link was followed"
rm "$DB-wal"

# Someone else's database is refused.
if cp "$DB" "$WORK/theirs.db" && foreign "$WORK/theirs.db"; then
	out=$("$UPSKILL" --db "$WORK/theirs.db" --courses "$C" --as Cat whoami 2>&1) &&
		fail "someone else's database was used"
	expect_eq "someone else's database" \
		"error: '$WORK/theirs.db' is owned by uid $nobody, not you: refusing to use it" "$out"
else
	echo "skipped: cannot make a file owned by nobody (not root)"
fi

# Key files, a checkpoint note and a receipt.
upc keygen acme-auditor "$WORK/auditor" >/dev/null || fail "keygen"
expect_eq "secret key" 600 "$(mode "$WORK/auditor")"
expect_eq "public key" 600 "$(mode "$WORK/auditor.pub")"
as_cat checkpoint --key "$WORK/auditor" --out "$WORK/cp.txt" >/dev/null || fail "checkpoint"
expect_eq "checkpoint note" 600 "$(mode "$WORK/cp.txt")"
as_cat receipt 1 --json "$WORK/r.json" >/dev/null || fail "receipt"
expect_eq "receipt" 600 "$(mode "$WORK/r.json")"
# A file of one's own is replaced, and private afterwards.
echo old >"$WORK/old.json"
as_cat receipt 1 --json "$WORK/old.json" >/dev/null || fail "receipt over a file"
expect_eq "replaced" "$(cat "$WORK/r.json")" "$(cat "$WORK/old.json")"
expect_eq "replaced file" 600 "$(mode "$WORK/old.json")"

# An export through a link is refused, before anything is signed.
echo untouched >"$WORK/target"
ln -s "$WORK/target" "$WORK/cp-link.txt"
ln -s "$WORK/target" "$WORK/r-link.json"
before=$(sql "SELECT count(*) FROM events WHERE kind = 'checkpoint'")
out=$(as_cat checkpoint --key "$WORK/auditor" --out "$WORK/cp-link.txt" 2>&1) && fail "a note went through a link"
expect_eq "note through a link" \
	"error: checkpoint: '$WORK/cp-link.txt' is a symbolic link: refusing to use it" "$out"
expect_eq "nothing signed" "$before" "$(sql "SELECT count(*) FROM events WHERE kind = 'checkpoint'")"
out=$(as_cat receipt 1 --json "$WORK/r-link.json" 2>&1) && fail "a receipt went through a link"
expect_eq "receipt through a link" \
	"error: receipt: '$WORK/r-link.json' is a symbolic link: refusing to use it" "$out"
expect_eq "link target" untouched "$(cat "$WORK/target")"
expect_eq "link target mode" 644 "$(mode "$WORK/target")"

# Someone else's file is not replaced; a secret key others could read, or
# someone else's, is refused.
chmod 640 "$WORK/auditor"
out=$(as_cat checkpoint --key "$WORK/auditor" 2>&1) && fail "signed with a key open to others"
expect_eq "key open to others" "error: secret key '$WORK/auditor' is open to others (mode 0640): refusing to use it; make it yours alone with chmod 600 '$WORK/auditor'" "$out"
chmod 600 "$WORK/auditor"
if echo theirs >"$WORK/theirs.json" && foreign "$WORK/theirs.json"; then
	out=$(as_cat receipt 1 --json "$WORK/theirs.json" 2>&1) && fail "someone else's file was replaced"
	expect_eq "someone else's export" \
		"error: receipt: '$WORK/theirs.json' is owned by uid $nobody, not you: refusing to use it" "$out"
	expect_eq "their file kept" theirs "$(cat "$WORK/theirs.json")"
	foreign "$WORK/auditor"
	out=$(as_cat checkpoint --key "$WORK/auditor" 2>&1) && fail "signed with someone else's key"
	expect_eq "someone else's key" \
		"error: '$WORK/auditor' is owned by uid $nobody, not you: refusing to use it" "$out"
fi

# The history, at a real prompt, in a state folder upskill makes.
state="$WORK/state-new"
# prompt: opens the prompt on the record; "ENDED" shows once it has left.
# A session of its own keeps the tmux server up between prompts.
t new-session -d -s keep "sleep 300"
prompt() {
	t kill-session -t up 2>/dev/null
	t new-session -d -s up -x 250 -y 30 \
		"umask 022; XDG_STATE_HOME='$state' NO_COLOR=1 '$UPSKILL' --db '$DB' --courses '$C'; echo ENDED; sleep 30"
	wait_last "upskill>"
}
leave() {
	t send-keys -t up C-u C-d
	wait_for "ENDED"
}
hist="$state/upskill/history"
prompt
t send-keys -t up "whoami" Enter
wait_for "nobody is signed in"
leave
expect_eq "state folder" 700 "$(mode "$state")"
expect_eq "upskill's state folder" 700 "$(mode "$state/upskill")"
expect_eq "history" 600 "$(mode "$hist")"
expect_eq "history kept" whoami "$(cat "$hist")"

# A long history is cut to its last 1000 lines, read back in order; a
# last line with no newline does not swallow the next one.
seq -f 'line %g' 1 1500 | head -c -1 >"$hist"
prompt
t send-keys -t up Up
wait_for "upskill> line 1500"
t send-keys -t up C-u "whoami" Enter
wait_for "nobody is signed in"
leave
expect_eq "history cut" 1001 "$(wc -l <"$hist")"
expect_eq "oldest kept" "line 501" "$(head -1 "$hist")"
expect_eq "newest" "line 1500
whoami" "$(tail -2 "$hist")"

# A history that is a link, or someone else's, is not used: the prompt
# works, with a warning, and what the link points at is untouched.
rm "$hist"
ln -s "$WORK/target" "$hist"
prompt
screen | grep -qF "warning: no history this time: '$hist' is a symbolic link: refusing to use it" ||
	fail "no warning for a linked history: $(screen)"
t send-keys -t up "whoami" Enter
wait_for "nobody is signed in"
leave
expect_eq "history link target" untouched "$(cat "$WORK/target")"
rm "$hist"
if echo "theirs" >"$hist" && foreign "$hist"; then
	prompt
	screen | grep -qF "warning: no history this time: '$hist' is owned by uid $nobody, not you" ||
		fail "no warning for someone else's history: $(screen)"
	t send-keys -t up "whoami" Enter
	wait_for "nobody is signed in"
	leave
	expect_eq "their history kept" theirs "$(cat "$hist")"
fi
exit 0
