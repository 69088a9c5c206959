/*
 * Embeds the schemas in the binary: courses/upskill-course.xsd for modules
 * and programmes, courses/duties/upskill-duties.xsd for duty plans. The
 * Makefile rebuilds this object whenever either changes; the paths are
 * relative to the top of the tree, where make runs the compiler.
 */
#include "schema.h"

__asm__(".section .rodata\n"
        ".global upskill_course_xsd_start\n"
        ".global upskill_course_xsd_end\n"
        "upskill_course_xsd_start:\n"
        ".incbin \"courses/upskill-course.xsd\"\n"
        "upskill_course_xsd_end:\n"
        ".byte 0\n"
        ".global upskill_duties_xsd_start\n"
        ".global upskill_duties_xsd_end\n"
        "upskill_duties_xsd_start:\n"
        ".incbin \"courses/duties/upskill-duties.xsd\"\n"
        "upskill_duties_xsd_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char upskill_course_xsd_start[];
extern const char upskill_course_xsd_end[];
extern const char upskill_duties_xsd_start[];
extern const char upskill_duties_xsd_end[];

const char *schema_course_xsd(void)
{
	return upskill_course_xsd_start;
}

size_t schema_course_xsd_len(void)
{
	return (size_t)(upskill_course_xsd_end - upskill_course_xsd_start);
}

const char *schema_duties_xsd(void)
{
	return upskill_duties_xsd_start;
}

size_t schema_duties_xsd_len(void)
{
	return (size_t)(upskill_duties_xsd_end - upskill_duties_xsd_start);
}
