/*
 * HTTP for sending to a Learning Record Store (http.c, the only file that
 * includes libcurl): one request at a time, with a body in and a body out.
 */
#ifndef UPSKILL_HTTP_H
#define UPSKILL_HTTP_H

struct http_response {
	long status; /* the HTTP status, e.g. 200 */
	char *body;  /* what the server answered, NUL-terminated; owned */
};

/*
 * Sends method ("POST" or "GET") to url with body (NULL for none, sent as
 * application/json), the extra headers (NULL-terminated, "Name: value"),
 * and Basic auth from userpwd ("user:password", or NULL). Returns 0 when a
 * response came, whatever its status (release it with http_response_release);
 * -1 with a message when none did (refused, unreachable, timed out).
 */
int http_request(const char *method, const char *url, const char *body, const char *const *headers,
                 const char *userpwd, struct http_response *out, char **err);
void http_response_release(struct http_response *r);

#endif
