/*
 * ack POLICY: shows the full text of a policy module's current version and
 * records the learner's acknowledgement of exactly that text, then tells
 * them about its receipt.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "lesson.h"
#include "policy.h"
#include "session.h"
#include "digest.h"
#include "util.h"
#include "store-policy.h"
#include "store-publish.h"

/* Over each screenful of a section: a blank line, the section's heading
 * (the policy's title line too, over the first), so a section longer than
 * the window never scrolls its heading away. */
#define ACK_HEAD_LINES 3

/* Asks for more between screenfuls; false if the learner stops. */
static bool more(struct session *s)
{
	char *line = NULL;
	bool stop;

	fputc('\n', s->out);
	if (session_ask(s, "[Enter] more, [q] stop > ", &line) != INPUT_LINE)
		return false;
	stop = strcmp(line, "q") == 0;
	free(line);
	return !stop;
}

/* On a terminal, one section (from one heading to the next) at a time, and
 * a section taller than the window a screenful at a time, each under the
 * section's heading ("(continued)" after the first); false if the learner
 * stops. Scripts get the whole text at once. */
static bool show_text(struct session *s, const struct policy *p)
{
	const struct term *t = &s->term;
	size_t start = 0;

	while (start < p->nblocks) {
		const struct block *head =
		        p->blocks[start].kind == BLOCK_HEADING ? &p->blocks[start] : NULL;
		size_t body = start + (head != NULL), end = body;
		struct lesson_view v;

		while (end < p->nblocks && p->blocks[end].kind != BLOCK_HEADING)
			end++;
		lesson_view_make(s, p->blocks + body, end - body, ACK_HEAD_LINES, &v);
		for (size_t part = 0; part < v.nparts; part++) {
			if (head)
				fprintf(s->out, "\n%s%s%s%s\n", term_on(t, TERM_BOLD), head->text,
				        part ? " (continued)" : "", term_off(t));
			if (v.text)
				fwrite(v.text + v.cut[part], 1, v.cut[part + 1] - v.cut[part],
				       s->out);
			else
				lesson_print_blocks(t, s->out, p->blocks + body, end - body);
			if (!s->interactive || (end == p->nblocks && part + 1 == v.nparts))
				continue;
			if (!more(s)) {
				lesson_view_release(&v);
				return false;
			}
		}
		lesson_view_release(&v);
		start = end;
	}
	return true;
}

/* "I agree" in any case, with spaces around it and perhaps a full stop, and
 * nothing else: "I agree not to" or "I agreed" is no record of consent. */
static bool agrees(const char *answer)
{
	while (*answer == ' ' || *answer == '\t')
		answer++;
	if (strncasecmp(answer, "i agree", 7) != 0)
		return false;
	answer += 7;
	if (*answer == '.' || *answer == '!')
		answer++;
	while (*answer == ' ' || *answer == '\t')
		answer++;
	return *answer == '\0';
}

static int run_ack(struct session *s, const struct cmd_args *args, char **err)
{
	const struct course *c = cmd_find_module(s, args->argv[0], err);
	const struct term *t = &s->term;
	char hash[DIGEST_SHA256_HEX];
	struct store *st;
	char *line = NULL;
	long long published;
	bool yes;

	if (!c || !(st = session_store(s, err)))
		return -1;
	if (!c->policy)
		return util_error(err, "'%s' has no policy text to acknowledge", c->id);
	if (store_publication_find(st, c->id, c->version, c->sha256, &published, err) < 0)
		return -1;
	if (!published)
		return util_error(err,
		                  "ack: this copy of '%s' (version %s, '%s') is not the one the "
		                  "organisation published; ask a consultant to publish it",
		                  c->id, c->version, c->path);
	policy_text_hash(c->policy, hash);
	fprintf(s->out, "%s%s%s, policy version %s\n", term_on(t, TERM_TITLE), c->title,
	        term_off(t), c->policy->version);
	if (!show_text(s, c->policy)) {
		fprintf(s->out, "Not acknowledged.\n");
		return 0;
	}
	fprintf(s->out,
	        "\nDo you acknowledge that you have read and will follow version %s of "
	        "this policy?\n",
	        c->policy->version);
	/* One Enter too many after the last section is no answer: asked again,
	 * rather than taken as "stop" (and the whole policy paged again). */
	for (;;) {
		if (session_ask(s, "Type 'I agree' to acknowledge, anything else to stop > ",
		                &line) != INPUT_LINE) {
			fprintf(s->out, "\nNot acknowledged.\n");
			return 0;
		}
		if (line[strspn(line, " \t")] != '\0')
			break;
		free(line);
	}
	yes = agrees(line);
	free(line);
	if (!yes) {
		fprintf(s->out, "Not acknowledged.\n");
		return 0;
	}
	if (store_ack_add(st, s->me->id, c->id, c->policy->version, hash, s->kiosk, err) < 0)
		return -1;
	fprintf(s->out, "Acknowledged version %s of '%s' (text SHA-256 %.16s...).\n",
	        c->policy->version, c->id, hash);
	cmd_receipt_offer(s, s->me->id, "ack");
	return 0;
}

const struct cmd_entry cmd_ack_entry = {
        .name = "ack",
        .min_args = 1,
        .max_args = 1,
        .need = CMD_NEED_LEARNER,
        .complete = CMD_COMPLETE_MODULE,
        .usage = "POLICY",
        .help = "read a policy's current version and acknowledge it",
        .run = run_ack,
};
