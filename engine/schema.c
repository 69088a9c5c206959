/*
 * Embeds courses/upskill-course.xsd in the binary. The Makefile rebuilds this
 * object whenever the schema changes; the path is relative to the top of the
 * tree, where make runs the compiler.
 */
#include "schema.h"

__asm__(".section .rodata\n"
        ".global upskill_course_xsd_start\n"
        ".global upskill_course_xsd_end\n"
        "upskill_course_xsd_start:\n"
        ".incbin \"courses/upskill-course.xsd\"\n"
        "upskill_course_xsd_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char upskill_course_xsd_start[];
extern const char upskill_course_xsd_end[];

const char *schema_course_xsd(void)
{
	return upskill_course_xsd_start;
}

size_t schema_course_xsd_len(void)
{
	return (size_t)(upskill_course_xsd_end - upskill_course_xsd_start);
}
