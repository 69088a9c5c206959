# The templates shipped beside the courses (COURSES/templates/ID.md):
# 'template' lists them with their titles and summaries, 'template ID'
# prints one whole, in a pipe too, for anyone signed in; an unknown ID is
# one line naming it, with the nearest ID; a file without its title and
# summary lines is listed with what is wrong.
. tests/e2e/lib.sh
C="$WORK/courses"
mkdir -p "$C/templates"
cp tests/e2e/courses/basics.xml "$C/"
org
staff Sam
upc() { "$UPSKILL" --db "$DB" --courses "$C" "$@"; }

# No templates yet: said, not an error.
out=$(upc --as Sam template 2>&1) || fail "template with no folder: $out"
expect_eq "no templates" "no templates in $C/templates" "$out"

cat >"$C/templates/account-register.md" <<'MD'
# Account register
Summary: every account, who owns it and who holds admin.

| Account | Owned by | Admins |
|---|---|---|
| [PLATFORM AND NAME] | [ORGANISATION] | [TWO NAMES] |
MD
printf '# Model policy\nSummary: a policy to adopt.\n\n[ORGANISATION] uses social media.' \
	>"$C/templates/model-policy.md"
printf 'Just text\n' >"$C/templates/no-title.md"
printf '# Not shown\n' >"$C/templates/Not_An_Id.md"

out=$(upc --as Sam template 2>&1) || fail "template list: $out"
expect_in "listed with title" "account-register" "$out"
expect_in "the title" "Account register" "$out"
expect_in "the summary" "every account, who owns it and who holds admin." "$out"
expect_in "second template" "model-policy" "$out"
expect_in "a file without a title" "(no '# Title' on line 1)" "$out"
case "$out" in *Not_An_Id* | *"Not shown"*) fail "a file whose name is no ID is listed: $out" ;; esac

# Printed whole, into a file, by staff and by a consultant.
upc --as Sam template account-register >"$WORK/register.md" || fail "template account-register"
cmp -s "$C/templates/account-register.md" "$WORK/register.md" ||
	fail "the template is not printed as it is: $(cat "$WORK/register.md")"
out=$(as_cat template model-policy) || fail "template model-policy: $out"
expect_eq "last line ends" "[ORGANISATION] uses social media." "$(tail -1 <<<"$out")"
# A unique prefix is enough.
out=$(upc --as Sam template model) || fail "template model: $out"
expect_in "by prefix" "# Model policy" "$out"

# Unknown: one line naming it, and the nearest.
out=$(upc --as Sam template acount-register 2>&1) && fail "an unknown template printed: $out"
expect_eq "did you mean" "error: template: no template 'acount-register' (did you mean 'account-register'?)" "$out"
out=$(upc --as Sam template zzz 2>&1) && fail "zzz printed: $out"
expect_eq "nothing near" "error: template: no template 'zzz' ('template' lists them)" "$out"

# Signed-in only.
out=$(upc template 2>&1) && fail "template without a sign-in: $out"
expect_in "needs a sign-in" "needs a signed-in" "$out"
exit 0
