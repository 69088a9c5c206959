/*
 * The test hooks' switch (hooks.h). The store turns it on for a test
 * record; nothing else does.
 */
#include "hooks.h"

#include <stdlib.h>

static bool enabled;

static const char *set(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

bool hooks_requested(void)
{
	return set("UPSKILL_NOW") || set("UPSKILL_SEED");
}

void hooks_enable(bool on)
{
	enabled = on;
}

const char *hooks_now(void)
{
	return enabled ? set("UPSKILL_NOW") : NULL;
}

const char *hooks_seed(void)
{
	return enabled ? set("UPSKILL_SEED") : NULL;
}
