# More edges people hit (issue 20): a foreign SQLite database is refused
# before a byte of it is written; verify reads an archived record on a
# folder that cannot be written; backup copies a record others are writing;
# a full disk says so; a duty nobody started can be taken back; a second
# window on an open attempt is told so. The file-level parts are SQLite's
# and guarded with is_pg.
. tests/e2e/lib.sh
org
staff "Priya Shah"

# readonly_run CMD…: runs CMD as root would be kept out of files it may
# not write (without the capability to override their modes), or as
# anyone else is.
readonly_run() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --bounding-set=-dac_override,-dac_read_search "$@"
	else
		"$@"
	fi
}

# A foreign SQLite database: refused, and its bytes are as they were (its
# header still says rollback journal: bytes 18-19 are 01 01, not WAL's 02 02).
if ! is_pg; then
	sqlite3 "$WORK/theirs.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES ('theirs')"
	before=$(sha256sum <"$WORK/theirs.db")
	expect_eq "their header" "01 01" "$(od -An -tx1 -j18 -N2 "$WORK/theirs.db" | xargs)"
	for cmd in verify "login Cat" "--as Cat verify"; do
		# shellcheck disable=SC2086
		out=$("$UPSKILL" --db "$WORK/theirs.db" --courses courses $cmd 2>&1) &&
			fail "$cmd on a foreign database: $out"
		expect_eq "$cmd refused" "error: '$WORK/theirs.db' is not an upskill database" "$out"
	done
	expect_eq "their bytes unchanged" "$before" "$(sha256sum <"$WORK/theirs.db")"
	expect_eq "still rollback journal" "01 01" "$(od -An -tx1 -j18 -N2 "$WORK/theirs.db" | xargs)"
	if [ -e "$WORK/theirs.db-wal" ]; then fail "a -wal was made beside their database"; fi
	# One in WAL mode already is refused too, and left in WAL mode.
	sqlite3 "$WORK/walled.db" "PRAGMA journal_mode = WAL; CREATE TABLE t(x)" >/dev/null
	out=$("$UPSKILL" --db "$WORK/walled.db" --courses courses verify 2>&1) &&
		fail "verify on a foreign WAL database: $out"
	expect_in "refused in WAL" "is not an upskill database" "$out"
fi

# verify on an archived record: a folder and file nobody may write, the
# record in WAL mode (with no -shm beside it) and in rollback-journal mode.
if ! is_pg; then
	head=$(up verify | sed -n 's/^record intact: .*, head //p')
	[ -n "$head" ] || fail "no head from verify"
	for mode in wal delete; do
		mkdir -p "$WORK/archive-$mode"
		sqlite3 "$DB" "VACUUM INTO '$WORK/archive-$mode/record.db'"
		expect_eq "$mode set" "$mode" \
			"$(sqlite3 "$WORK/archive-$mode/record.db" "PRAGMA journal_mode = $mode")"
		chmod a-w "$WORK/archive-$mode" "$WORK/archive-$mode/record.db"
		before=$(sha256sum <"$WORK/archive-$mode/record.db")
		out=$(readonly_run "$UPSKILL" --db "$WORK/archive-$mode/record.db" --courses courses \
			verify 2>&1) || fail "verify on a read-only $mode record: $out"
		expect_in "verify on a read-only $mode record" "record intact: " "$out"
		expect_in "the same head ($mode)" "$head" "$out"
		expect_eq "nothing made beside the $mode record" "record.db" \
			"$(ls "$WORK/archive-$mode")"
		expect_eq "the $mode record unchanged" "$before" \
			"$(sha256sum <"$WORK/archive-$mode/record.db")"
		# A change made behind the record is still found there.
		chmod u+w "$WORK/archive-$mode" "$WORK/archive-$mode/record.db"
		unguarded "$WORK/archive-$mode/record.db" "UPDATE events SET data = '{}' WHERE id = 2"
		rm -f "$WORK/archive-$mode/record.db-wal" "$WORK/archive-$mode/record.db-shm"
		chmod a-w "$WORK/archive-$mode" "$WORK/archive-$mode/record.db"
		out=$(readonly_run "$UPSKILL" --db "$WORK/archive-$mode/record.db" --courses courses \
			verify 2>&1) && fail "a changed read-only $mode record verified: $out"
		expect_in "the change found ($mode)" "record broken at event 2" "$out"
		chmod u+w "$WORK/archive-$mode" "$WORK/archive-$mode/record.db"
	done
fi

# backup FILE while another process writes: each copy verifies, and is a
# single file (rollback journal) that stands alone.
if ! is_pg; then
	# The writer adds staff one after another until the backups are done
	# (at most 300): each line is given once the one before is taken, so
	# nothing is left queued when it is told to stop.
	: >"$WORK/writer.out"
	{
		echo "login Cat"
		i=0
		while [ ! -e "$WORK/backups-done" ] && [ $i -lt 300 ]; do
			i=$((i + 1))
			echo "learner add Writer $i"
			while [ "$(grep -c "^added staff" "$WORK/writer.out")" -lt $i ] &&
				[ ! -e "$WORK/backups-done" ]; do
				sleep 0.02
			done
		done
	} | up >"$WORK/writer.out" 2>&1 &
	writer=$!
	# Wait until the writer is under way.
	for _ in $(seq 1 100); do
		[ "$(sql "SELECT count(*) FROM learners WHERE name LIKE 'Writer %'")" -gt 5 ] && break
		sleep 0.05
	done
	for n in 1 2 3; do
		out=$(as_cat backup "$WORK/backup$n.db" 2>&1) || fail "backup $n during writes: $out"
		expect_in "backup $n" "the copy verifies, head " "$out"
		# The copy on its own (no -wal beside it) verifies and holds the events it said.
		if [ -e "$WORK/backup$n.db-wal" ]; then fail "backup $n left a -wal file"; fi
		count=$(echo "$out" | sed -n 's/^backed up \([0-9]*\) events .*/\1/p')
		out=$(up --db "$WORK/backup$n.db" verify 2>&1) || fail "backup $n does not verify: $out"
		expect_in "backup $n verifies alone" "record intact: $count events" "$out"
		expect_eq "backup $n is a single file" "01 01" "$(od -An -tx1 -j18 -N2 "$WORK/backup$n.db" | xargs)"
		expect_eq "backup $n is private" 600 "$(stat -c %a "$WORK/backup$n.db")"
	done
	alive() { [ -e "/proc/$1" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }
	alive "$writer" || echo "report: the writer had finished before the last backup"
	touch "$WORK/backups-done"
	wait "$writer" || fail "the writer: $(tail -3 "$WORK/writer.out")"
	out=$(up verify) || fail "verify after the writes: $out"
	# An existing file is never replaced.
	before=$(sha256sum <"$WORK/backup1.db")
	out=$(as_cat backup "$WORK/backup1.db" 2>&1) && fail "backup over a file: $out"
	expect_eq "an existing file refused" "error: backup: '$WORK/backup1.db' exists: a backup is only ever written to a new file" "$out"
	expect_eq "the existing file untouched" "$before" "$(sha256sum <"$WORK/backup1.db")"
	out=$(up --as "Priya Shah" backup "$WORK/priya.db" 2>&1) && fail "staff made a backup: $out"
	if [ -e "$WORK/priya.db" ]; then fail "staff's backup left a file"; fi
else
	out=$(as_cat backup "$WORK/backup.db" 2>&1) && fail "backup of a PostgreSQL record: $out"
	expect_eq "PostgreSQL's backup is pg_dump" 1 "$(echo "$out" | wc -l)"
	expect_in "PostgreSQL's backup is pg_dump" "pg_dump" "$out"
fi

# A full disk: the error says so, and that nothing was recorded. The
# record goes on a small tmpfs of its own (a mount namespace, where the
# test may make one), filled to the last byte.
if ! is_pg; then
	mkdir -p "$WORK/small"
	cat >"$WORK/full.sh" <<'INNER'
set -u
mount -t tmpfs -o size=4m tmpfs "$WORK/small" || exit 77
sqlite3 "$DB" "VACUUM INTO '$WORK/small/full.db'"
up() { "$UPSKILL" --db "$WORK/small/full.db" --courses courses "$@"; }
before=$(sqlite3 "$WORK/small/full.db" "SELECT count(*) FROM events")
dd if=/dev/zero of="$WORK/small/filler" bs=4k 2>/dev/null
out=$(printf 'login Cat\nlearner add Full Disk\n' | up 2>&1) && { echo "added on a full disk: $out"; exit 1; }
echo "$out" | grep -v '^signed in as '
after=$(sqlite3 "$WORK/small/full.db" "SELECT count(*) FROM events")
[ "$before" = "$after" ] || { echo "events $before then $after"; exit 1; }
rm "$WORK/small/filler"
up verify | head -1
up --as Cat learner add Full Disk | head -1
INNER
	out=$(export WORK DB UPSKILL; unshare -m bash "$WORK/full.sh" 2>&1)
	status=$?
	if [ $status = 77 ]; then
		echo "report: no tmpfs could be mounted here: the full disk was not tried"
	else
		[ $status = 0 ] || fail "on a full disk: $out"
		expect_in "the disk is full, in words" "the disk is full: nothing was recorded from this command; free space and try again" "$out"
		expect_in "intact after" "record intact: " "$out"
		expect_in "written once there is room" "added staff 'Full Disk'" "$out"
	fi
fi

# A log emptied or cut at its head says so, in words (never "event 0"),
# and a test record so treated is not taken for an organisation's.
for cut in "DELETE FROM events" "DELETE FROM events WHERE id <= 3"; do
	cutdb=$(copy_db "cut${#cut}")
	unguarded "$cutdb" "$cut"
	out=$("$UPSKILL" --db "$cutdb" --courses courses verify 2>&1) && fail "verify after $cut: $out"
	case "$out" in *"event 0"* | *"not a test record"*) fail "after $cut: $out" ;; esac
	case "$cut" in
	*"<="*) expect_eq "a headless log" "error: record broken at event 1: the log does not begin at its first event: events 1 to 3 were removed from it" "$out" ;;
	*) expect_in "an empty log" "error: record not as upskill keeps it: its event log is empty, yet it holds " "$out"
		expect_in "an empty log" "every event was deleted outside upskill" "$out" ;;
	esac
done

# duty remove: a duty added by mistake, nobody started on it, is taken out
# of the register as an event; the log keeps its history; verify holds it.
as_cat duty list >/dev/null 2>&1 || fail "duty list"
out=$(as_cat duty add typo-duty "Mistake duty") || fail "duty add: $out"
expect_in "listed" "typo-duty  Mistake duty" "$(as_cat duty list)"
out=$(as_cat duty remove typo 2>&1) && fail "removed by a prefix: $out"
expect_eq "the whole id" "error: no duty 'typo' ('duty list' shows them)" "$out"
out=$(up --as "Priya Shah" duty remove typo-duty 2>&1) && fail "staff removed a duty: $out"
out=$(as_cat duty remove typo-duty) || fail "duty remove: $out"
expect_eq "removed" "removed duty 'typo-duty' from the register (the log keeps its history)" "$out"
case "$(as_cat duty list)" in *typo-duty*) fail "duty list still shows it" ;; esac
case "$(as_cat report handover 2>&1)" in *typo-duty*) fail "report handover still shows it" ;; esac
expect_eq "the history kept" "duty.add|Mistake duty
duty.remove|Mistake duty" "$(sql "SELECT kind, $(json data title) FROM events WHERE subject = 'typo-duty' ORDER BY id")"
out=$(up verify) || fail "verify after duty remove: $out"
# Put back behind the record: verify finds it.
sql "INSERT INTO duties (id, title, practice, position, updated_at) VALUES ('typo-duty', 'Mistake duty', 0, 99, '2026-03-02T09:00:00Z')"
out=$(up verify 2>&1) && fail "a removed duty put back passed verify: $out"
expect_in "put back caught" "a duty in the record has no event that logged it" "$out"
sql "DELETE FROM duties WHERE id = 'typo-duty'"
# Added again, it is there again.
as_cat duty add typo-duty "Second try" >/dev/null || fail "added again"
expect_in "added again" "typo-duty  Second try" "$(as_cat duty list)"
out=$(up verify) || fail "verify after adding it again: $out"
# Once someone has started (practice logged), it stays.
as_cat duty log "Priya Shah" typo-duty "watched one" >/dev/null || fail "duty log"
out=$(as_cat duty remove typo-duty 2>&1) && fail "a started duty was removed: $out"
expect_eq "started stays" "error: duty remove: 'typo-duty' has been started (stages or practice are logged for it): it stays in the register; 'duty edit' changes it" "$out"
if out=$(as_cat duty remove nothing-such 2>&1); then fail "removed nothing: $out"; fi

# A second window on an open attempt: the first window, answering after the
# second did, is told the attempt is open elsewhere and stops; its answer is
# not kept, and the two windows' answers do not interleave.
DB=$(new_db windows)
C=tests/courses/good
org
staff Kim
mkfifo "$WORK/win1" "$WORK/win2"
UPSKILL_SEED=7 "$UPSKILL" --db "$DB" --courses "$C" <"$WORK/win1" >"$WORK/win1.out" 2>&1 &
win1=$!
exec 3>"$WORK/win1"
# Seed 7 asks the scenario first (b is right), then the numeric one (24).
printf 'login kim\nstart example-basics\n\nb\n' >&3
answers() { sql 'SELECT count(*) FROM answers'; }
for _ in $(seq 100); do [ "$(answers)" = 1 ] && break; sleep 0.05; done
expect_eq "window 1 answered" 1 "$(answers)"
# The second window resumes the same attempt and answers the next question.
out=$(printf 'login kim\nquiz example-basics\n24\nq\n' | "$UPSKILL" --db "$DB" --courses "$C" 2>&1) ||
	fail "window 2: $out"
expect_in "window 2 resumed" "Resuming your attempt" "$out"
expect_eq "window 2 answered" 2 "$(answers)"
# Back in window 1, still showing the numeric question.
printf '24\nquit\n' >&3
exec 3>&-
wait $win1
out=$(cat "$WORK/win1.out")
expect_in "window 1 told" "This attempt is open in another window (answered there since 09:00 UTC); answers there and here would mix, so this window stops." "$out"
expect_eq "window 1's late answer not kept" 2 "$(answers)"
expect_eq "one answer to each question" 0 \
	"$(sql 'SELECT count(*) FROM (SELECT question_id FROM answers GROUP BY question_id HAVING count(*) > 1) AS d')"
out=$(up verify) || fail "verify after two windows: $out"
