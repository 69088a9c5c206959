# Long output at a terminal goes through the pager (less -R, or $PAGER), as
# git does: help in a window shorter than it is paged, and quitting the
# pager early leaves the prompt running; output that fits is shown as it
# is; in a pipe there is no pager.
. tests/e2e/lib.sh
. tests/e2e/tmux.sh
org
command -v less >/dev/null || fail "less is not installed"
t new-session -d -s up -x 80 -y 12 \
	"env -u PAGER XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 '$UPSKILL' --db '$DB' --courses courses --as Cat; sleep 30"
wait_last "upskill>"
t send-keys -t up "help" Enter
# less shows its prompt (":") at the bottom, the list's first lines above.
wait_last ":"
screen | grep -qF "Commands (a unique prefix is enough" || fail "help is not at the top of the pager: $(screen)"
t send-keys -t up q
wait_last "upskill>"
t send-keys -t up "whoami" Enter
wait_for "Cat (consultant)"
# Short output is not paged.
enter "help whoami"
wait_last "upskill>"
screen | grep -qF "usage: whoami" || fail "help whoami not shown: $(screen)"
t kill-session -t up

# $PAGER is used when set.
t new-session -d -s up -x 80 -y 12 \
	"PAGER='cat >$WORK/paged.txt' XDG_STATE_HOME='$XDG_STATE_HOME' NO_COLOR=1 '$UPSKILL' --db '$DB' --courses courses --as Cat; sleep 30"
wait_last "upskill>"
enter help
wait_last "upskill>"
grep -qF "Commands (a unique prefix is enough" "$WORK/paged.txt" || fail "PAGER was not given help"
t kill-session -t up

# In a pipe: never.
out=$(PAGER=false up help | head -1)
expect_eq "no pager in a pipe" "Commands (a unique prefix is enough; 'help COMMAND' for one):" "$out"
