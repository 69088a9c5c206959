/*
 * libFuzzer target for the course loader: every input is handed to
 * course_load_memory() as a course file, and whatever it returns (a module,
 * a programme, the error list) is freed again, so that -detect_leaks catches
 * anything the loader keeps per file. The compiled schema stays cached for
 * the process, as in the program; it is reachable, so not a leak.
 *
 * Besides crashes, leaks and hangs, the target checks the promise course.h
 * makes: 0 with exactly one of module or programme and no message, or -1
 * with neither and at least one message.
 *
 * Built and run by `make fuzz`; see docs/fuzzing.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "course.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, so that libFuzzer saves the input, when the result breaks the
 * contract of course_load_memory(). */
static void contract_check(int ret, const struct course *c, const struct programme *p,
                           const struct strlist *errors)
{
	const char *broken = NULL;

	if (ret == 0 && (c == NULL) == (p == NULL))
		broken = "returned 0 without exactly one of module or programme";
	else if (ret == 0 && errors->n > 0)
		broken = "returned 0 with error messages";
	else if (ret != 0 && (c || p))
		broken = "failed but handed back a module or programme";
	else if (ret != 0 && errors->n == 0)
		broken = "failed without an error message";
	else if (ret != 0 && ret != -1)
		broken = "returned neither 0 nor -1";
	if (broken) {
		fprintf(stderr, "fuzz_course: course_load_memory %s (returned %d)\n", broken, ret);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct course *c = NULL;
	struct programme *p = NULL;
	struct strlist errors;
	int ret;

	strlist_init(&errors);
	/* libFuzzer hands over exactly size bytes with nothing after them, as a
	 * file read into memory might be: any read past the end is a bug. */
	ret = course_load_memory("fuzz.xml", (const char *)data, size, &c, &p, &errors);
	contract_check(ret, c, p, &errors);
	course_free(c);
	programme_free(p);
	strlist_release(&errors);
	return 0;
}
