/*
 * Libraries opened when first needed: see dynlib.h.
 */
#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

#include "util.h"

void *dynlib_open(const char *soname, const char *package, char **err)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!lib)
		util_error(err, "cannot load %s (Debian package %s): %s", soname, package,
		           dlerror());
	return lib;
}

int dynlib_sym(void *lib, const char *soname, const char *name, void *slot, size_t size, char **err)
{
	void *address = dlsym(lib, name);

	/* POSIX's way from dlsym's void * to a function pointer. */
	if (!address || size != sizeof(address))
		return util_error(err, "%s has no function %s", soname, name);
	memcpy(slot, &address, size);
	return 0;
}
