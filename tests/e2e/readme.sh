# The README's first session, typed as a new user would at a real prompt
# (tmux, 80 columns) on a new record: what the screen shows must be the
# README's example, line for line. Its input lines are read from the
# example itself, so the two cannot drift apart.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
# The example: the text block that holds the consultant's name question.
example=$(awk '/^```/ { if (inblock) { if (found) exit; inblock = 0; block = "" } else inblock = 1; next }
	inblock { block = block $0 "\n"; if (/^Consultant.s name/) found = 1 }
	END { if (found) printf "%s", block }' README.md)
[ -n "$example" ] || fail "README.md has no first-session example"

# The record where it goes by default, as in the example.
DB="$HOME/.local/share/upskill/upskill.db"
t new-session -d -s up -x 80 -y 50 \
	"env -u UPSKILL_PASSPHRASE -u XDG_DATA_HOME XDG_STATE_HOME='$XDG_STATE_HOME' HOME='$HOME' NO_COLOR=1 '$UPSKILL' --courses courses; sleep 30"
lines=0
while IFS= read -r line; do
	lines=$((lines + 1))
	case "$line" in
	"Consultant's name (Enter to skip): "* | "upskill> "*)
		prompt="${line%%: *}: "
		[ "${line#upskill> }" != "$line" ] && prompt="upskill> "
		wait_last "${prompt% }"
		t send-keys -t up -l "${line#"$prompt"}"
		t send-keys -t up Enter
		;;
	"set-up code for "*)
		code=$(sed 's/.*: \([A-Z0-9-]*\) (.*/\1/' <<<"$line")
		;;
	"Passphrase for "*:)
		# Staff at their first sign-in: the code the consultant was given.
		wait_last "$line"
		t send-keys -t up -l "$code"
		t send-keys -t up Enter
		;;
	"New passphrase for "*: | "The same again:")
		wait_last "$line"
		t send-keys -t up -l "$UPSKILL_PASSPHRASE"
		t send-keys -t up Enter
		;;
	esac
done <<<"$example"
wait_for "page 1 of"
shown=$(t capture-pane -p -S - -t up | sed 's/ *$//' | head -n "$lines")
[ "$shown" = "$example" ] || fail "the screen differs from README.md's example:
$(diff <(printf '%s\n' "$example") <(printf '%s\n' "$shown"))"
t send-keys -t up q Enter
wait_last "upskill>"
t send-keys -t up quit Enter
