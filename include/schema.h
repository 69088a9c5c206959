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
/* The duty plan schema (courses/duties/upskill-duties.xsd). */
const char *schema_duties_xsd(void);
size_t schema_duties_xsd_len(void);

#endif
