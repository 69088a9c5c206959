# Resource limits: course files are untrusted input, so a file past the
# size limit (5 MB and 50 MB), 100,000 nested elements, a billion-laughs
# entity bomb, and an error at the end of a 4 MB line are each refused
# fast (under a second) in bounded memory, with one `file:line: message`
# line from `upskill validate`; the worst file the size limit lets through
# (as many elements as fit) still loads in bounded memory; and a courses
# folder holding all these, plus a FIFO, a link to /dev/zero and a link
# loop, still loads its good modules and says what it skipped.
. tests/e2e/lib.sh
upc() { "$UPSKILL" --db "$DB" --courses "${C:-courses}" "$@"; }
good=tests/e2e/courses/basics.xml
limit=$(sed -n 's/^#define COURSE_MAX_BYTES (\([0-9]*\)u \* 1024u \* 1024u)$/\1/p' include/course.h)
[ -n "$limit" ] || fail "cannot read COURSE_MAX_BYTES from include/course.h"

# measured NAME ARGS…: runs upskill ARGS… with output in $WORK/NAME.out and
# .err; sets $st (exit status), $ms (wall time) and $kb (peak resident
# memory, from /usr/bin/time, else the best /proc shows while it runs).
measured() {
	local name=$1 start line
	shift
	start=$(date +%s%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$WORK/$name.rss" "$UPSKILL" --db "$DB" --courses courses "$@" \
			>"$WORK/$name.out" 2>"$WORK/$name.err"
		st=$?
		kb=$(tail -1 "$WORK/$name.rss")
	else
		"$UPSKILL" --db "$DB" --courses courses "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
		local pid=$!
		kb=0
		while [ -e "/proc/$pid/status" ]; do
			line=$(grep VmHWM "/proc/$pid/status" 2>/dev/null) && kb=$(echo "$line" | tr -dc 0-9)
		done
		wait "$pid"
		st=$?
	fi
	ms=$((($(date +%s%N) - start) / 1000000))
	[ "$st" -lt 128 ] || fail "$name: killed by signal $((st - 128))"
}

# Under valgrind (make valgrind) time and memory are valgrind's: the limits
# on them are not checked there, and the largest file is left out.
bounded() { [ -z "${UPSKILL_VALGRIND:-}" ]; }

# What validating a small good module costs this binary: a sanitizer build
# starts some 20 MB higher than a plain one, and the limits below are what a
# file costs beyond that.
measured baseline validate "$good"
base_kb=$kb

# refused NAME FILE LINE PATTERN MAX_MB: validate must refuse FILE with one
# line "FILE:LINE: message", the message matching PATTERN (an extended
# regular expression), within a second and MAX_MB of memory beyond the
# baseline.
refused() {
	local name=$1 file=$2 line=$3 pattern=$4 max_mb=$5
	measured "$name" validate "$file"
	expect_eq "$name: exit status" 1 "$st"
	expect_eq "$name: one problem" 1 "$(wc -l <"$WORK/$name.out")"
	expect_in "$name: file and line" "$file:$line: " "$(cat "$WORK/$name.out")"
	grep -qE -- "$pattern" "$WORK/$name.out" || fail "$name: message: $(cat "$WORK/$name.out")"
	expect_eq "$name: summary" "error: validate: 1 problem found" "$(cat "$WORK/$name.err")"
	if bounded; then
		[ "$ms" -lt 1000 ] || fail "$name: took $ms ms"
		[ "$kb" -lt $((base_kb + max_mb * 1024)) ] ||
			fail "$name: used $((kb / 1024)) MB ($((base_kb / 1024)) MB for a small module)"
	fi
	echo "$name: refused in $ms ms, $((kb / 1024)) MB"
}

# A module with something put in front of its title (a comment, a very long
# line of text ...): the bytes stay a well-formed module apart from it.
xml=$(<"$good")
# Bash 5.2 would read '&' in a replacement as the text replaced.
shopt -u patsub_replacement 2>/dev/null
module_with() { printf '%s\n' "${xml/<title>/$1<title>}"; }

# Past the size limit, by a little and by a lot: refused before reading, so
# the 50 MB file costs far less memory than its size.
{ module_with "<!-- "; head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' x; echo " -->"; } >"$WORK/big5.xml"
{ module_with "<!-- "; head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' x; echo " -->"; } >"$WORK/big50.xml"
refused size-5mb "$WORK/big5.xml" 1 "over the $limit MB limit for a course file" 64
refused size-50mb "$WORK/big50.xml" 1 "over the $limit MB limit for a course file" 25

# Deep nesting: 100,000 elements inside a lesson paragraph.
# repeated N TEXT: TEXT N times, on one line.
repeated() { yes "$2" | head -n "$1" | tr -d '\n'; }
printf '%s\n' "${xml/<p>/<p>$(repeated 100000 '<b>')$(repeated 100000 '</b>')}" >"$WORK/deep.xml"
grep -q '<b><b><b>' "$WORK/deep.xml" || fail "deep.xml was not made"
refused deep "$WORK/deep.xml" 8 "depth|deep|nest" 256

# A billion laughs: refused at its DOCTYPE, before any entity is expanded.
cp tests/courses/bad/file-billion-laughs.xml "$WORK/laughs.xml"
refused laughs "$WORK/laughs.xml" 2 "DOCTYPE is not allowed in a course file \(entities are refused\)" 256
# The same, its entities used in attribute values, on one line.
tr -d '\n' <tests/courses/bad/file-billion-laughs.xml | sed 's/<title>/<lesson title="\&lol9;"><p>x<\/p><\/lesson><title>/' \
	>"$WORK/laughs-line.xml"
refused laughs-line "$WORK/laughs-line.xml" 1 "DOCTYPE is not allowed" 256

# A line of nearly 4 MB, with a mistake at its end: the error names the
# right line, found fast.
printf '%s\n' "${xml/A comment left/$(repeated $(((limit * 1024 * 1024 - 4096) / 5)) 'word ')&nosuch; A comment left}" \
	>"$WORK/long-line.xml"
[ "$(wc -c <"$WORK/long-line.xml")" -lt $((limit * 1024 * 1024)) ] || fail "long-line.xml is past the limit"
refused long-line "$WORK/long-line.xml" 8 "Entity 'nosuch' not defined" 256

# The worst the limit lets through: a valid module packed with the
# smallest paragraphs that fit, a thousand to a lesson. It loads, and its
# memory stays bounded.
if bounded; then
	lesson="<lesson title=\"L\">
$(yes '<p>x</p>' | head -n 1000)
</lesson>"
	lessons=$(yes "$lesson" | head -n $(((limit * 1024 * 1024 - 8192) / (${#lesson} + 1) * (1002))))
	printf '%s\n' "${xml/<lesson title=\"Why replies matter\">/$lessons
<lesson title=\"Why replies matter\">}" >"$WORK/packed.xml"
	measured packed validate "$WORK/packed.xml"
	expect_eq "packed: valid" "1 file valid" "$(cat "$WORK/packed.out")"
	[ "$ms" -lt 10000 ] || fail "packed: took $ms ms"
	[ "$kb" -lt $((1024 * 1024)) ] || fail "packed: used $((kb / 1024)) MB"
	echo "packed ($(($(wc -c <"$WORK/packed.xml") / 1024)) kB): loaded in $ms ms, $((kb / 1024)) MB"
fi

# ---- A courses folder with all of these among good modules ------------------

C="$WORK/courses"
mkdir -p "$C"
cp tests/e2e/courses/*.xml "$C/"
cp "$WORK/big50.xml" "$WORK/deep.xml" "$WORK/laughs.xml" "$WORK/long-line.xml" "$C/"
mkfifo "$C/fifo.xml"
ln -s /dev/zero "$C/zero.xml"
ln -s loop.xml "$C/loop.xml"
start=$(date +%s%N)
out=$(upc courses 2>&1) || fail "courses with bad files: $out"
ms=$((($(date +%s%N) - start) / 1000000))
bounded && { [ "$ms" -lt 2000 ] || fail "courses with bad files: took $ms ms"; }
for id in advanced basics rules; do
	expect_in "good module listed" "$id  " "$out"
done
expect_in "says what it skipped" "Not loaded (7):" "$out"
expect_in "skipped: big" "$C/big50.xml:1: file is" "$out"
expect_in "skipped: deep" "$C/deep.xml:8: " "$out"
expect_in "skipped: laughs" "$C/laughs.xml:2: DOCTYPE is not allowed" "$out"
expect_in "skipped: long line" "$C/long-line.xml:8: Entity 'nosuch' not defined" "$out"
expect_in "skipped: FIFO" "$C/fifo.xml: not a regular file" "$out"
expect_in "skipped: /dev/zero" "$C/zero.xml: not a regular file" "$out"
expect_in "skipped: loop" "$C/loop.xml: cannot open" "$out"
echo "courses folder with 7 bad files: $ms ms"

# Learning still works from that folder.
org
staff Ann
out=$(printf 'login ann\nstart rules\n\nt\n' | upc 2>&1) || fail "learning beside bad files: $out"
expect_in "learning beside bad files" "Result: 1 of 1 points" "$out"
