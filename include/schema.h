/*
 * The course schema (courses/upskill-course.xsd), built into the program so
 * that files can be validated wherever they are.
 */
#ifndef UPSKILL_SCHEMA_H
#define UPSKILL_SCHEMA_H

#include <stddef.h>

/* The schema text, NUL-terminated; owned by the program. */
const char *schema_course_xsd(void);
size_t schema_course_xsd_len(void);

#endif
