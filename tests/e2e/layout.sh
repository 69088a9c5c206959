# Reports in a real terminal (tmux) 60 and 200 columns wide: every cell
# shown whole, with no word broken across lines and no column squeezed
# narrower than 8 columns (or than all it holds, when that is less); a
# table too wide even so shows each row as a record. In a pipe nothing is
# cut or wrapped.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
C=tests/e2e/courses
org
staff "Priya Shah" "Sam Lee" "Alexandria Montgomery-Whitfield"
right=(b "a b" f "your name" 24 "c a b" "1b 2a" a)
out=$( (printf 'login Sam Lee\nstart basics\n\n\n' && printf '%s\n' "${right[@]}") |
	"$UPSKILL" --db "$DB" --courses "$C" 2>&1) || fail "Sam's quiz: $out"
out=$( (printf 'login Priya Shah\nstart basics\n\n\n' &&
	printf '%s\n' a "${right[@]:1:2}" "not it" 1 "b a c" "1a 2b" b) |
	"$UPSKILL" --db "$DB" --courses "$C" 2>&1) || fail "Priya's quiz: $out"

# shown WIDTH CMD…: what CMD prints at a terminal WIDTH columns wide, run
# signed in as Cat (or as Sam Lee for "progress" and "courses").
shown() {
	local width=$1 who=Cat
	shift
	case "$1" in progress | courses) who="Sam Lee" ;; esac
	t kill-session -t up 2>/dev/null
	t new-session -d -s up -x "$width" -y 200 \
		"NO_COLOR=1 '$UPSKILL' --db '$DB' --courses '$C' --as '$who' $*; echo __END__; sleep 30"
	wait_for "__END__"
	t capture-pane -p -J -t up -S - -E - | sed '/__END__/,$d'
}

# words OUT: the words of a report's cells, as its CSV gives them, that
# have a letter in them (numbers and durations are shown in other forms),
# dates cut to the day as the table shows them.
words() {
	tail -n +2 | tr -d '\r' | tr ',"' '\n\n' | tr ' ' '\n' | grep '[A-Za-z]' |
		sed -E 's/^([0-9]{4}-[0-9]{2}-[0-9]{2})T.*/\1/' | sort -u
}

checked=0
for cmd in "report compliance" "report learners" "report modules" "report questions basics" \
	"report learner Sam Lee" "report handover" "progress" "courses" "learner list"; do
	csv=
	# The tables' words are their CSV's (report learner's history is laid
	# out otherwise: only its lines and widths are checked).
	case "$cmd" in
	"report learner"*) ;;
	report*) csv=$(as_cat $cmd --format csv 2>&1) || fail "$cmd --format csv: $csv" ;;
	esac
	for width in 60 200; do
		screen_text=$(shown "$width" "$cmd")
		[ -n "$screen_text" ] || fail "$cmd at $width: nothing shown"
		# No line wider than the terminal (capture -J joins what the
		# terminal itself wrapped, so such a line would show), but for a
		# single word wider than it (a head hash at 60 columns).
		long=$(perl -CSD -ne 'chomp; my @w = split " "; print "$_\n" if length > '"$width"' && @w > 1' <<<"$screen_text")
		[ -z "$long" ] || fail "$cmd at $width: lines wider than the terminal: $long"
		# Every word of every cell whole on the screen.
		if [ -n "$csv" ]; then
			tokens=$(tr -s ' ' '\n' <<<"$screen_text" | sort -u)
			missing=$(words <<<"$csv" | comm -23 - <(printf '%s\n' "$tokens"))
			[ -z "$missing" ] || fail "$cmd at $width: words broken or cut: $(echo $missing)
$screen_text"
		fi
		# A table's columns: where its header's words begin (two spaces
		# or more apart). Each is 8 wide at least, or as wide as
		# everything under it.
		header=$(head -1 <<<"$screen_text")
		if ! grep -q '^[A-Z][A-Z ]*[A-Z]  [A-Z]' <<<"$header"; then
			checked=$((checked + 1))
			continue
		fi
		# Columns counted in characters (perl, as awk here counts bytes).
		problem=$(perl -CSD -e '
			my ($width, @lines) = (shift, split /\n/, shift);
			my $header = shift @lines;
			my @at = (0);
			push @at, $-[0] + length($1) while $header =~ /(  +)(?=\S)/g;
			for my $i (0 .. $#at) {
				my $from = $at[$i];
				my $to = $i < $#at ? $at[$i + 1] - 2 : $width;
				my $col = $to - $from;
				my $widest = 0;
				for my $l ($header, @lines) {
					last if $l eq "" && $l ne $header;
					my $c = length($l) > $from ? substr($l, $from, $col) : "";
					$c =~ s/ +$//;
					$widest = length $c if length $c > $widest;
				}
				print "column ", $i + 1, " is $col wide, holding $widest\n"
					if $col < 8 && $col < $widest;
			}' "$width" "$screen_text")
		[ -z "$problem" ] || fail "$cmd at $width: $problem
$screen_text"
		checked=$((checked + 1))
	done
done
expect_eq "views checked" 18 "$checked"

# Records at 60 columns: the compliance report's six columns do not fit,
# so each learner is a record, every field on its line.
screen_text=$(shown 60 report compliance)
expect_in "records at 60" "STATE    never trained" "$screen_text"
screen_text=$(shown 200 report compliance)
expect_in "a table at 200" "LEARNER" "$screen_text"
grep -q "^LEARNER  *POLICY" <<<"$screen_text" || fail "no table at 200: $screen_text"

# In a pipe nothing is cut or wrapped: a long title and a long name whole.
out=$(as_cat learner list | cat)
expect_in "a long name whole in a pipe" "Alexandria Montgomery-Whitfield" "$out"
out=$(up --as "Sam Lee" courses 2>/dev/null | cat)
expect_in "a long title whole in a pipe" "Engaging, replying and the monthly review" "$out"
[ -z "$(grep -F '...' <<<"$out")" ] || fail "cut in a pipe: $out"
