# libxml2 is opened when a file is first parsed, not linked: a warm start,
# whose catalogue comes from the cache, never loads it, and without it a
# command that must parse says so once and nothing crashes.
. tests/e2e/lib.sh

export XDG_CACHE_HOME="$WORK/cache"
# loads CMD...: the libraries the dynamic linker maps while CMD runs.
loads() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u
}

cold=$(loads up courses)
expect_in "a cold load opens libxml2" "file=libxml2.so.2" "$cold"
warm=$(loads up courses)
[ -n "$warm" ] || fail "LD_DEBUG=files showed nothing"
case "$warm" in *libxml2* | *libicu*) fail "a warm courses loaded libxml2: $warm" ;; esac

# The same folder spelled otherwise (with "./", whole, with "/." after it,
# from another folder through "..") is the same compiled catalogue: warm
# too, its one file not replaced, and the first spelling still warm after.
top=$PWD
bin=$(realpath "$UPSKILL")
cache=$(ls "$XDG_CACHE_HOME"/upskill/catalogue-*)
inode=$(stat -c %i "$cache")
from_work=$(realpath --relative-to="$WORK" courses)
for spelled in ./courses "$top/courses" courses/. "$from_work" courses; do
	dir=$top
	[ "$spelled" = "$from_work" ] && dir=$WORK
	warm=$(cd "$dir" && loads "$bin" --db "$DB" --courses "$spelled" courses)
	[ -n "$warm" ] || fail "LD_DEBUG=files showed nothing for '$spelled'"
	case "$warm" in
	*libxml2* | *libicu*) fail "courses by '$spelled' after 'courses' loaded libxml2: $warm" ;;
	esac
done
expect_eq "one catalogue file for every spelling" "$cache" \
	"$(ls "$XDG_CACHE_HOME"/upskill/catalogue-*)"
expect_eq "the catalogue file not written again" "$inode" "$(stat -c %i "$cache")"

# Without the library (a file the dynamic linker finds first and refuses).
mkdir -p "$WORK/nolib"
: >"$WORK/nolib/libxml2.so.2"
nolib() { LD_LIBRARY_PATH="$WORK/nolib" "$@"; }
want="cannot load libxml2.so.2 (Debian package libxml2): $WORK/nolib/libxml2.so.2: file too short"

# The warm catalogue needs no parser.
out=$(nolib up courses 2>&1) || fail "warm courses without libxml2: $out"
expect_in "warm courses without libxml2" "strategy-foundations" "$out"

nolib up validate courses/*.xml >"$WORK/out" 2>"$WORK/err"
expect_eq "validate without libxml2 exits 1" 1 $?
expect_eq "validate says why, once" "$want" "$(cat "$WORK/out")"
expect_eq "validate's error" "error: validate: 1 problem found" "$(cat "$WORK/err")"

nolib up lint courses/*.xml >"$WORK/out" 2>&1
expect_eq "lint without libxml2 exits 1" 1 $?
expect_eq "lint says why, once" 1 "$(grep -c "^$want\$" "$WORK/out")"

# A Moodle question bank is streamed (course_xml_stream), not parsed whole.
mkdir -p "$WORK/imported"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<quiz>' '</quiz>' >"$WORK/bank.xml"
nolib up import "$WORK/bank.xml" --out "$WORK/imported" >"$WORK/out" 2>"$WORK/err" &&
	fail "import without libxml2 succeeded"
expect_eq "import says why, once" "$want" "$(grep -F "$want" "$WORK/out")"
[ -z "$(ls "$WORK/imported")" ] || fail "import without libxml2 wrote $(ls "$WORK/imported")"

# A cold load of the folder: one line for every file it could not read.
rm -rf "$XDG_CACHE_HOME"
out=$(nolib up courses 2>&1)
expect_in "cold courses without libxml2" "Not loaded (1):
  $want" "$out"
