# Long text at a terminal of 24 rows: a lesson page taller than the window
# is shown a screenful at a time, each under the page's title ([Enter]
# more, [b] back, then on to the next page); the review of every answer at
# the end of a quiz (feedback="end") goes through the pager; ack shows a
# policy section taller than the window a screenful at a time, each under
# the section's heading; in a pipe all are printed whole, as before.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
command -v less >/dev/null || fail "less is not installed"
C="$WORK/courses"
mkdir -p "$C"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<module id="long" version="1.0" topic="engagement" minutes="5">'
	echo '  <title>A long read</title>'
	echo '  <summary>One page taller than any window.</summary>'
	echo '  <lesson title="The tall page">'
	for i in $(seq 1 25); do
		echo "    <p>Paragraph $i of the tall page.</p>"
	done
	echo '  </lesson>'
	echo '  <lesson title="The short page">'
	echo '    <p>Only this.</p>'
	echo '  </lesson>'
	echo '  <quiz pass="50" feedback="end">'
	for i in $(seq 1 12); do
		echo "    <truefalse id=\"q$i\" answer=\"true\">"
		echo "      <prompt>Statement number $i is true.</prompt>"
		echo "      <feedback>Feedback for statement $i.</feedback>"
		echo '    </truefalse>'
	done
	echo '  </quiz>'
	echo '</module>'
} >"$C/long.xml"
# A policy whose second section is taller than the window.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<module id="longpolicy" version="1.0" topic="policy" minutes="5">'
	echo '  <title>A long policy</title>'
	echo '  <summary>One section taller than any window.</summary>'
	echo '  <lesson title="About it"><p>Read it all.</p></lesson>'
	echo '  <policy version="1.0" valid-months="12">'
	echo '    <h>1. Scope</h>'
	echo '    <p>Everyone who posts.</p>'
	echo '    <h>2. Personal accounts</h>'
	for i in $(seq 1 25); do
		echo "    <p>Rule $i about personal accounts.</p>"
	done
	echo '    <h>3. Complaints</h>'
	echo '    <p>Reply once in public.</p>'
	echo '  </policy>'
	echo '  <quiz pass="50">'
	echo '    <truefalse id="q1" answer="true"><prompt>It is long.</prompt></truefalse>'
	echo '  </quiz>'
	echo '</module>'
} >"$C/longpolicy.xml"
org
staff Ann

t new-session -d -s up -x 80 -y 24 \
	"env -u PAGER XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 UPSKILL_PASSPHRASE='$UPSKILL_PASSPHRASE' '$UPSKILL' --db '$DB' --courses '$C' --as Ann; sleep 30"
wait_last "upskill>"
t send-keys -t up "start long" Enter
# The first screenful: the title at the top, the text cut before the prompt.
wait_last "[Enter] more, [b] back, [q] stop >"
screen | grep -qF "The tall page" || fail "the title scrolled off: $(screen)"
screen | grep -qF "page 1 of 2 (screen 1 of 3)" || fail "no screen count: $(screen)"
screen | grep -qF "Paragraph 1 of" || fail "the first paragraph is not shown: $(screen)"
screen | grep -qF "Paragraph 25 of" && fail "the whole page was printed at once: $(screen)"
t send-keys -t up Enter
wait_for "(screen 2 of 3)"
wait_last "[Enter] more, [b] back, [q] stop >"
screen | grep -qF "The tall page" || fail "the title is not over the second screenful: $(screen)"
screen | grep -qF "Paragraph 1 of" && fail "the first screenful is still shown: $(screen)"
# Back goes to the screenful before, on the same page.
t send-keys -t up b Enter
wait_for "(screen 1 of 3)"
wait_last "[Enter] more, [b] back, [q] stop >"
t send-keys -t up Enter
wait_for "(screen 2 of 3)"
t send-keys -t up Enter
wait_for "(screen 3 of 3)"
wait_last "[Enter] next, [b] back, [q] stop >"
screen | grep -qF "Paragraph 25 of" || fail "the last paragraph is not shown: $(screen)"
screen | grep -qF "The tall page" || fail "the title is not over the last screenful: $(screen)"
# A page that fits is shown whole, with no screen count.
t send-keys -t up Enter
wait_for "page 2 of 2"
wait_last "[Enter] go to the quiz, [b] back, [q] stop >"
screen | grep -qF "screen 1 of" && fail "a short page was cut: $(screen)"
t send-keys -t up Enter
# Twelve answers, then the review of every one goes through less.
for i in $(seq 1 12); do
	wait_for "Statement number $i is true."
	wait_last "answer>"
	t send-keys -t up t Enter
done
wait_last ":"
screen | grep -qF "Your answers" || fail "the review is not at the top of the pager: $(screen)"
screen | grep -qF "Result:" && fail "the result went into the pager: $(screen)"
t send-keys -t up q
wait_for "Result:"
wait_last "upskill>"
# ack: a section taller than the window goes a screenful at a time, each
# under the section's heading.
t send-keys -t up "ack longpolicy" Enter
wait_for "1. Scope"
wait_last "[Enter] more, [q] stop >"
t send-keys -t up Enter
wait_for "Rule 1 about"
wait_last "[Enter] more, [q] stop >"
screen | grep -qF "2. Personal accounts" || fail "the section's heading is not over it: $(screen)"
screen | grep -qF "Rule 25 about" && fail "the whole section was printed at once: $(screen)"
t send-keys -t up Enter
wait_for "2. Personal accounts (continued)"
wait_last "[Enter] more, [q] stop >"
screen | grep -qF "Rule 1 about" && fail "the first screenful is still shown: $(screen)"
# Each screenful holds nine rules at 24 rows; the third ends the section.
screen | grep -qF "Rule 10 about" || fail "the second screenful does not go on: $(screen)"
t send-keys -t up Enter
wait_for "Rule 25 about"
wait_last "[Enter] more, [q] stop >"
screen | grep -qF "2. Personal accounts (continued)" ||
	fail "the last screenful is not under the section's heading: $(screen)"
t send-keys -t up Enter
wait_for "3. Complaints"
screen | grep -qF "(continued)" && fail "a short section marked continued: $(screen)"
wait_last "Type 'I agree' to acknowledge, anything else to stop >"
t send-keys -t up "I agree" Enter
wait_for "Acknowledged version 1.0 of 'longpolicy'"
wait_last "upskill>"
t kill-session -t up

# In a pipe: the page whole, the review whole, no pager.
out=$(printf 'start long\n\n\n\n' | PAGER=false UPSKILL_PASSPHRASE="$UPSKILL_PASSPHRASE" "$UPSKILL" --db "$DB" --courses "$C" --as Ann 2>&1)
expect_in "whole page in a pipe" "Paragraph 25 of the tall page." "$out"
case "$out" in *"screen 1 of"* | *"[Enter] more"*) fail "a pipe was cut into screenfuls: $out" ;; esac
out=$( { echo 'quiz long --again'; for i in $(seq 1 12); do echo t; done; } |
	PAGER=false UPSKILL_PASSPHRASE="$UPSKILL_PASSPHRASE" "$UPSKILL" --db "$DB" --courses "$C" --as Ann 2>&1)
expect_in "whole review in a pipe" "Feedback for statement 12." "$out"
expect_in "then the result" "Result:" "$out"
