/*
 * HTTP through libcurl: see http.h. Nothing else includes curl.h.
 */
#include "http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

int http_request(const char *method, const char *url, const char *body, const char *const *headers,
                 const char *userpwd, struct http_response *out, char **err)
{
	static bool ready;
	struct curl_slist *list = NULL;
	struct strbuf answer;
	char why[CURL_ERROR_SIZE] = "";
	CURL *curl;
	CURLcode rc;
	int result = -1;

	out->status = 0;
	out->body = NULL;
	if (!ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			return util_error(err, "cannot start libcurl");
		ready = true;
	}
	curl = curl_easy_init();
	if (!curl)
		return util_error(err, "cannot start libcurl");
	strbuf_init(&answer);
	for (const char *const *h = headers; h && *h; h++)
		list = curl_slist_append(list, *h);
	if (body)
		list = curl_slist_append(list, "Content-Type: application/json");
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
	if (userpwd) {
		curl_easy_setopt(curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(curl, CURLOPT_USERPWD, userpwd);
	}
	/* http and https only; no redirects, so credentials go nowhere else. */
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, why);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		util_error(err, "%s: %s", url, *why ? why : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = strbuf_detach(&answer);
	result = 0;
out:
	strbuf_release(&answer);
	curl_slist_free_all(list);
	curl_easy_cleanup(curl);
	return result;
}

void http_response_release(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
}
