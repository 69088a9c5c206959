/*
 * HTTP through libcurl: see http.h. Nothing else includes curl.h, and
 * libcurl is opened at the first request (dynlib.h).
 */
#include "http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "util.h"

/* The most of an answer kept: an LRS answers a batch with its ids or a
 * message, never megabytes. */
#define HTTP_MAX_BODY (8u * 1024u * 1024u)

static size_t collect(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct strbuf *sb = ctx;
	size_t len = size * nmemb;

	if (sb->len + len > HTTP_MAX_BODY)
		return 0; /* curl stops with CURLE_WRITE_ERROR */
	strbuf_add(sb, data, len);
	return len;
}

/* libcurl's functions this file calls, opened by libcurl_load. Called
 * through this table, curl_easy_setopt loses the check of its argument's
 * type that curl.h makes for GCC: each value below is of the type curl's
 * documentation gives for its option (long, curl_off_t, a pointer). */
#define LIBCURL "libcurl.so.4"
/* clang-format off */
#define LIBCURL_FUNCTIONS(X) \
	X(easy_cleanup) \
	X(easy_getinfo) \
	X(easy_init) \
	X(easy_perform) \
	X(easy_setopt) \
	X(easy_strerror) \
	X(global_init) \
	X(slist_append) \
	X(slist_free_all)
/* clang-format on */
static struct {
#define LIBCURL_SLOT(name) __typeof__(curl_##name) *name;
	LIBCURL_FUNCTIONS(LIBCURL_SLOT)
#undef LIBCURL_SLOT
} libcurl;

/* Opens libcurl and starts it, once: 0, or -1 with *err set. */
static int libcurl_load(char **err)
{
	static bool ready;
	void *lib;

	if (ready)
		return 0;
	if (!(lib = dynlib_open(LIBCURL, "libcurl4", err)))
		return -1;
#define LIBCURL_LOAD(name)                                                                         \
	if (dynlib_sym(lib, LIBCURL, "curl_" #name, &libcurl.name, sizeof(libcurl.name), err) < 0) \
		return -1;
	LIBCURL_FUNCTIONS(LIBCURL_LOAD)
#undef LIBCURL_LOAD
	if (libcurl.global_init(CURL_GLOBAL_DEFAULT) != 0)
		return util_error(err, "cannot start libcurl");
	ready = true;
	return 0;
}

int http_request(const char *method, const char *url, const char *body, const char *const *headers,
                 const char *userpwd, struct http_response *out, char **err)
{
	struct curl_slist *list = NULL;
	struct strbuf answer;
	char why[CURL_ERROR_SIZE] = "";
	CURL *curl;
	CURLcode rc;
	int result = -1;

	out->status = 0;
	out->body = NULL;
	if (libcurl_load(err) < 0)
		return -1;
	curl = libcurl.easy_init();
	if (!curl)
		return util_error(err, "cannot start libcurl");
	strbuf_init(&answer);
	for (const char *const *h = headers; h && *h; h++)
		list = libcurl.slist_append(list, *h);
	if (body)
		list = libcurl.slist_append(list, "Content-Type: application/json");
	libcurl.easy_setopt(curl, CURLOPT_URL, url);
	libcurl.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		libcurl.easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		libcurl.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	}
	libcurl.easy_setopt(curl, CURLOPT_HTTPHEADER, list);
	if (userpwd) {
		libcurl.easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		libcurl.easy_setopt(curl, CURLOPT_USERPWD, userpwd);
	}
	/* http and https only; no redirects, so credentials go nowhere else. */
	libcurl.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	libcurl.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	libcurl.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	libcurl.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	libcurl.easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	libcurl.easy_setopt(curl, CURLOPT_ERRORBUFFER, why);
	libcurl.easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	libcurl.easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
	rc = libcurl.easy_perform(curl);
	if (rc != CURLE_OK) {
		util_error(err, "%s: %s", url, *why ? why : libcurl.easy_strerror(rc));
		goto out;
	}
	libcurl.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = strbuf_detach(&answer);
	result = 0;
out:
	strbuf_release(&answer);
	libcurl.slist_free_all(list);
	libcurl.easy_cleanup(curl);
	return result;
}

void http_response_release(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
}
