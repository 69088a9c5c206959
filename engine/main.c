#include <stdio.h>
#include "schema.h"
int main(void)
{
	printf("%zu\n", schema_course_xsd_len());
	return 0;
}
