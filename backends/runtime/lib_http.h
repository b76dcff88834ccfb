/*
 * lib_http.h - what the three files of the http module share; private to
 * libwfrt. lib_http.c checks the arguments of http.get ... http.request
 * and turns them into a request, and the response into the value (or the
 * HttpError) a workflow sees; lib_http_send.c sends a request with
 * libcurl, follows redirects and maps transfer failures to Workflows'
 * tags; lib_http_auth.c finds the bearer token of an `auth` argument.
 */
#ifndef WFRT_LIB_HTTP_H
#define WFRT_LIB_HTTP_H

#include "backends/runtime/lib.h"

#include <curl/curl.h>

/* The largest response body Workflows accepts (spec limits.md, "HTTP
 * response body size": 2 MB, taken as 2 MiB); a larger one is a
 * ResourceLimitError. */
#define WFRT_HTTP_MAX_RESPONSE (2 * 1024 * 1024)

/* Redirects followed before giving up with a ConnectionError: the bound of
 * Go's http.Client and of browsers, so that a redirect loop ends. */
#define WFRT_HTTP_MAX_REDIRECTS 10

struct wfrt_http_request {
    const char *fn;     /* "http.get": the start of every message */
    const char *method; /* GET, HEAD, POST, PUT, DELETE, OPTIONS or PATCH */
    const char *url;    /* what to send to: --http-rewrite already applied */
    const char *shown;  /* the URL for messages (wfrt_http_shown_url) */
    /* Header lines ("Name: value"), Authorization excepted; not owned. */
    struct curl_slist *headers;
    /* "Authorization: ..." or NULL: sent to the origin of `url` only, never
     * along a redirect to another one. */
    const char *authorization;
    const char *body; /* NULL: no body */
    size_t body_len;
    double timeout;         /* seconds > 0, for the whole exchange */
    double connect_timeout; /* seconds; 0 for no other bound than timeout */
    const char *ca_pem;     /* NULL, or the only CA certificate to trust (PEM) */
};

struct wfrt_http_response {
    long code;
    wfrt_val headers;     /* a map: canonical names (Content-Type), string values */
    struct wfrt_buf body; /* at most WFRT_HTTP_MAX_RESPONSE bytes */
};

/* Sends `rq`, following redirects (301, 302, 303, 307, 308) as Go's
 * http.Client does, and fills *rs with the final response, whatever its
 * status; the caller releases rs->headers and frees rs->body. False with
 * the pending error set (and *rs empty) when no response came:
 * ConnectionFailedError, ConnectionError, TimeoutError, ResourceLimitError,
 * ValueError. Thread-safe: one curl handle per call. */
bool wfrt_http_send(const struct wfrt_http_request *rq, struct wfrt_http_response *rs);

/* `url` with the first --http-rewrite whose FROM is a prefix of it
 * replaced by its TO (a copy when none is); the caller frees it. */
char *wfrt_http_rewrite(const char *url);

/* The URL as messages and traces show it: scheme, host, port and path,
 * without user information, query or fragment (they may hold secrets);
 * the caller frees it. */
char *wfrt_http_shown_url(const char *url);

/* Percent-encodes s[0..n) for a query or a form, keeping only RFC 3986's
 * unreserved characters. */
void wfrt_http_escape(struct wfrt_buf *b, const char *s, size_t n);

/* The value of a body (the buffer is taken) as its Content-Type says
 * (`content_type` NULL when there is none): JSON (application/json,
 * +json) decoded, text/... a string, anything else bytes; an empty body
 * without a type, or of a JSON type, is null. JSON that does not parse
 * stays text (a string when it is UTF-8, else bytes). For responses here,
 * and for the requests a callback endpoint receives (lib_events.c). */
wfrt_val wfrt_http_decode_body(const char *content_type, struct wfrt_buf *body);

/* Adds a header as it came over the wire (name and value trimmed) to the
 * map *headers: the name in the canonical form of Go's net/http
 * (Content-Type, X-Goog-Request-Id), the value a string (UTF-8 as it is,
 * anything else read as ISO-8859-1); a repeated name joins its values with
 * ", ". For responses here and for callback requests. */
void wfrt_http_add_header(wfrt_val *headers, const char *name, size_t name_len, const char *value,
                          size_t value_len);

/* Whether s[0..n) is an HTTP token (RFC 9110 §5.6.2): a header name or a
 * method; never when empty. */
bool wfrt_http_is_token(const char *s, size_t n);

/* The length of the "http://" or "https://" (any case) that `url` starts
 * with; 0 for any other scheme. */
size_t wfrt_http_scheme_len(const char *url);

/* Appends s[0..n) to b as text: UTF-8 as it is, anything else read as
 * ISO-8859-1 (HTTP's historical charset), so that the result is UTF-8. */
void wfrt_http_add_text(struct wfrt_buf *b, const char *s, size_t n);

/* The header line "Authorization: Bearer TOKEN" for the `auth` argument of
 * `fn` (a map, checked here: ValueError for a bad one), for a request to
 * `url` (the default OIDC audience). The token comes from the environment
 * (WFC_ACCESS_TOKEN for OAuth2, WFC_ID_TOKEN for OIDC) or the metadata
 * server; AuthError when neither has one. The caller frees *line with
 * wfrt_http_free_secret. */
bool wfrt_http_auth_line(const char *fn, wfrt_val auth, const char *url, char **line);

/* Clears and frees a string that held a token. */
void wfrt_http_free_secret(char *s);

#endif
