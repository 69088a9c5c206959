/*
 * Facts from the record, rules from standing.c and compliance.c: see
 * progress.h.
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "settings.h"
#include "store-access.h"
#include "util.h"

/* A policy's validity is the one its version last published says, never
 * what the folder read says: a copy with a longer period changes nothing.
 * 0 (nothing lasts) when no version is published. */
static int published_months(const struct progress *p, size_t m)
{
	return p->nversions[m] ? p->versions[m][p->nversions[m] - 1].valid_months : 0;
}

/* The grace period after a major policy version, as the record sets it. */
static int grace_days(struct store *st, int *out, char **err)
{
	const struct setting_def *def = setting_find(SETTING_POLICY_GRACE_DAYS);
	char *value = NULL;

	if (store_setting_get(st, def->key, def->fallback, &value, err) < 0)
		return -1;
	*out = atoi(value);
	free(value);
	return 0;
}

/* A policy's versions as compliance.c reads them (strings borrowed). */
static struct compliance_version *rule_versions(const struct policy_version *v, size_t n)
{
	struct compliance_version *cv = xcalloc(n + 1, sizeof(*cv));

	for (size_t k = 0; k < n; k++) {
		cv[k].version = v[k].version;
		cv[k].minor = v[k].minor;
		if (!v[k].first_seen || clock_parse(v[k].first_seen, &cv[k].published) < 0)
			cv[k].published = 0;
	}
	return cv;
}

/* The facts of everyone asked for, and with rows their standings too. */
static int load(struct store *st, const struct course *const *modules, size_t n, long long learner,
                const char *since, time_t now, bool rows, struct progress *out, char **err)
{
	const char **ids = xcalloc(n + 1, sizeof(*ids));
	bool *policy = xcalloc(n + 1, sizeof(*policy));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->modules = xcalloc(n + 1, sizeof(*out->modules));
	out->nmodules = n;
	out->versions = xcalloc(n + 1, sizeof(*out->versions));
	out->nversions = xcalloc(n + 1, sizeof(*out->nversions));
	if (grace_days(st, &out->grace_days, err) < 0)
		goto done;
	for (size_t m = 0; m < n; m++) {
		out->modules[m] = modules[m];
		ids[m] = modules[m]->id;
		policy[m] = modules[m]->policy != NULL;
		if (modules[m]->policy &&
		    store_policy_versions(st, modules[m]->id, &out->versions[m], &out->nversions[m],
		                          err) < 0)
			goto done;
	}
	out->rule_versions = xcalloc(n + 1, sizeof(*out->rule_versions));
	for (size_t m = 0; m < n; m++)
		out->rule_versions[m] = rule_versions(out->versions[m], out->nversions[m]);
	if (store_facts_load(st, learner, ids, policy, n, since, &out->strings, &out->people,
	                     &out->npeople, err) < 0)
		goto done;
	/* Only a published policy's cells: the others are left 0, and a pass
	 * over everyone's cells to write them is one more walk of the largest
	 * block a report holds. */
	for (size_t m = 0; m < n; m++)
		if (published_months(out, m))
			for (size_t i = 0; i < out->npeople; i++)
				out->people[i].facts[m].valid_months = published_months(out, m);
	if (rows) {
		out->standing = xcalloc_table(out->npeople * n + 1, sizeof(*out->standing));
		for (size_t i = 0; i < out->npeople; i++)
			progress_row_into(out, i, now, &out->standing[i * n]);
	}
	rc = 0;
done:
	free(ids);
	free(policy);
	return rc;
}

int progress_load(struct store *st, const struct course *const *modules, size_t n,
                  long long learner, const char *since, time_t now, struct progress *out,
                  char **err)
{
	return load(st, modules, n, learner, since, now, true, out, err);
}

int progress_load_facts(struct store *st, const struct course *const *modules, size_t n,
                        long long learner, const char *since, struct progress *out, char **err)
{
	/* now only judges standings, and none are made here. */
	return load(st, modules, n, learner, since, 0, false, out, err);
}

void progress_row_into(const struct progress *p, size_t i, time_t now, struct standing *row)
{
	for (size_t m = 0; m < p->nmodules; m++)
		standing_module(p->modules[m], &p->people[i].facts[m], now, &row[m]);
	standing_lock(p->modules, p->nmodules, row);
}

int progress_load_catalog(struct store *st, const struct catalog *cat, long long learner,
                          time_t now, struct progress *out, char **err)
{
	return progress_load(st, (const struct course *const *)cat->courses, cat->ncourses, learner,
	                     NULL, now, out, err);
}

int progress_one(struct store *st, const struct course *c, long long learner, time_t now,
                 struct standing *out, char **err)
{
	struct progress p;
	int rc = progress_load(st, &c, 1, learner, NULL, now, &p, err);

	if (rc == 0 && p.npeople != 1)
		rc = util_error(err, "internal error: no standing on '%s'", c->id);
	if (rc == 0)
		*out = progress_row(&p, 0)[0];
	/* locked_by points into the catalogue, not into p. */
	progress_release(&p);
	return rc;
}

void progress_release(struct progress *p)
{
	for (size_t m = 0; m < p->nmodules; m++) {
		if (p->versions)
			policy_versions_free(p->versions[m], p->nversions[m]);
		if (p->rule_versions)
			free(p->rule_versions[m]);
	}
	free(p->rule_versions);
	free(p->versions);
	free(p->nversions);
	store_people_free(p->people, p->npeople);
	strpool_release(&p->strings);
	xfree_table(p->standing);
	free(p->modules);
	memset(p, 0, sizeof(*p));
}

const struct standing *progress_row(const struct progress *p, size_t i)
{
	return &p->standing[i * p->nmodules];
}

long progress_module(const struct progress *p, const char *id)
{
	for (size_t m = 0; m < p->nmodules; m++)
		if (strcmp(p->modules[m]->id, id) == 0)
			return (long)m;
	return -1;
}

size_t progress_print_locked_out(const struct progress *p, size_t i, FILE *out)
{
	const struct standing *row = progress_row(p, i);
	size_t n = 0;

	for (size_t m = 0; m < p->nmodules; m++) {
		if (!row[m].locked_out)
			continue;
		fprintf(out,
		        "Locked out of '%s': every attempt allowed is used. Ask a consultant for "
		        "another attempt.\n",
		        p->modules[m]->id);
		n++;
	}
	return n;
}

void progress_last_activity(const struct progress *p, size_t i, char out[32])
{
	time_t last = 0;

	for (size_t m = 0; m < p->nmodules; m++)
		if (p->people[i].facts[m].last_activity > last)
			last = p->people[i].facts[m].last_activity;
	out[0] = '\0';
	if (last > 0)
		clock_iso(last, out, 32);
}

void progress_compliance(const struct progress *p, size_t i, size_t m, time_t now, int within_days,
                         struct compliance_result *out)
{
	const struct standing_rare *f = standing_rare_of(&p->people[i].facts[m]);
	struct compliance_facts facts = {
	        .versions = p->rule_versions[m],
	        .nversions = p->nversions[m],
	        .valid_months = published_months(p, m),
	        .grace_days = p->grace_days,
	        .acks = f->acks,
	        .nacks = f->nacks,
	        .passes = f->policy_passes,
	        .npasses = f->npolicy_passes,
	};

	compliance_evaluate(&facts, now, within_days, out);
}
