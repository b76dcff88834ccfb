/*
 * lib_http.c - the requests of the http module (spec stdlib.md §5.1):
 * http.get, post, put, patch, delete and request. This file checks the
 * arguments (in the order of ir/stdlib.c), builds the request (URL and
 * query, headers, body, bearer token) and turns the response into the map
 * {code, headers, body} a workflow sees, or into an HttpError for a status
 * of 400 or more. lib_http_send.c sends (libcurl, redirects, transfer
 * errors); lib_http_auth.c finds tokens; the retry policies and
 * predicates of §5.2 are in lib_retry.c.
 *
 * Where the spec leaves a choice open, this file takes the one stated at
 * the function it concerns: the encoding of a request body, how a
 * response body is decoded, the form of header names. A request never
 * reaches a Service Directory service here: private_service_name is
 * checked and the URL is used as written (point it elsewhere with
 * --http-rewrite).
 */
#include "config.h"

#include "backends/runtime/lib_http.h"

#include <inttypes.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_TIMEOUT 300.0 /* seconds (spec limits.md) */
#define MAX_TIMEOUT 1800.0
/* Workflows adds this to the User-Agent of its requests *(unconfirmed)*. */
#define USER_AGENT "GoogleCloudWorkflows; (+https://cloud.google.com/workflows/docs)"

/* The arguments of every request function, in one shape. */
struct args {
    const char *fn;     /* "http.get" */
    const char *method; /* upper case */
    wfrt_val url, timeout, body, headers, query, auth, service, ca;
};

/* ---- URL and query ---- */

void wfrt_http_escape(struct wfrt_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            wfrt_buf_addc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            wfrt_buf_add(b, e, 3);
        }
    }
}

/* The text of a query or form value (a string, number or boolean) into
 * b, escaped; false for another type (no error set). */
static bool add_scalar(struct wfrt_buf *b, wfrt_val v)
{
    char text[40];
    switch (v.type) {
    case WFRT_STRING:
        wfrt_http_escape(b, wfrt_str_data(v), wfrt_str_len(v));
        return true;
    case WFRT_INT:
        snprintf(text, sizeof text, "%" PRId64, v.u.i);
        break;
    case WFRT_DOUBLE:
        wfrt_format_double(v.u.d, text, sizeof text);
        break;
    case WFRT_BOOL:
        snprintf(text, sizeof text, "%s", v.u.b ? "true" : "false");
        break;
    default:
        return false;
    }
    wfrt_http_escape(b, text, strlen(text));
    return true;
}

static bool add_pair(struct wfrt_buf *b, wfrt_val key, wfrt_val v)
{
    if (b->len)
        wfrt_buf_addc(b, '&');
    wfrt_http_escape(b, wfrt_str_data(key), wfrt_str_len(key));
    wfrt_buf_addc(b, '=');
    return add_scalar(b, v);
}

/* A map as name=value pairs joined by '&' (a query, or a form body): a
 * list gives its name once per item. TypeError for other values. */
static bool encode_pairs(const char *fn, const char *what, wfrt_val map, struct wfrt_buf *b)
{
    for (size_t i = 0; i < wfrt_map_len(map); i++) {
        wfrt_val key = wfrt_map_key_at(map, i), v = wfrt_map_value_at(map, i);
        bool ok = true;
        if (v.type == WFRT_LIST) {
            for (size_t j = 0; ok && j < wfrt_list_len(v); j++)
                ok = add_pair(b, key, wfrt_list_at(v, j));
        } else {
            ok = add_pair(b, key, v);
        }
        if (!ok)
            return wfrt_fail(WFRT_TAG_TYPE,
                             "%s: the %s value \"%s\" must be a string, a number, a boolean or "
                             "a list of those, got %s",
                             fn, what, wfrt_str_data(key), wfrt_type_phrase(v));
    }
    return true;
}

/* The URL as written, up to its query, for messages about a bad one. */
static int url_head(const char *url)
{
    return (int)strcspn(url, "?#");
}

size_t wfrt_http_scheme_len(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 ? 7 : strncasecmp(url, "https://", 8) == 0 ? 8 : 0;
}

/* The workflow's URL into b, checked (http or https, a host, no control
 * characters), with spaces and bytes past ASCII after the host
 * percent-encoded as a browser would. */
static bool escape_url(const char *fn, wfrt_val url, struct wfrt_buf *b)
{
    const char *s = wfrt_str_data(url);
    size_t n = wfrt_str_len(url);
    size_t scheme = wfrt_http_scheme_len(s);
    size_t host_end = scheme + strcspn(s + scheme, "/?#");
    if (!scheme || host_end == scheme || strlen(s) != n)
        return wfrt_fail(WFRT_TAG_VALUE,
                         "%s: invalid URL \"%.*s\": expected http:// or https:// and a host", fn,
                         url_head(s), s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return wfrt_fail(WFRT_TAG_VALUE, "%s: invalid URL \"%.*s\": it has a control character",
                             fn, url_head(s), s);
        if (i >= host_end && (c == ' ' || c >= 0x80)) {
            char e[4];
            snprintf(e, sizeof e, "%%%02X", c);
            wfrt_buf_add(b, e, 3);
        } else {
            wfrt_buf_addc(b, (char)c);
        }
    }
    return true;
}

/* Appends the encoded query q to the URL in b: after the URL's own query
 * ('&' between them), before its fragment. (libcurl's CURLU_APPENDQUERY
 * would lower the case of the escapes.) */
static void append_query(struct wfrt_buf *b, const struct wfrt_buf *q)
{
    size_t frag = strcspn(b->p, "#");
    const char *mark = memchr(b->p, '?', frag);
    const char *sep = !mark ? "?" : b->p[frag - 1] == '?' || b->p[frag - 1] == '&' ? "" : "&";
    struct wfrt_buf out = {0};
    wfrt_buf_add(&out, b->p, frag);
    wfrt_buf_adds(&out, sep);
    wfrt_buf_add(&out, q->p, q->len);
    wfrt_buf_adds(&out, b->p + frag);
    wfrt_buf_free(b);
    *b = out;
}

/* The URL to send: the workflow's, checked, with the query appended and
 * --http-rewrite applied; *shown is how messages name it. *has_port:
 * whether it names a port. */
static bool build_url(const struct args *A, char **send, char **shown, bool *has_port)
{
    struct wfrt_buf b = {0}, q = {0};
    char *full = NULL;
    CURLU *u = curl_url();
    bool ok = u && escape_url(A->fn, A->url, &b);
    if (ok && A->query.type == WFRT_MAP)
        ok = encode_pairs(A->fn, "query", A->query, &q);
    if (ok && q.len)
        append_query(&b, &q);
    CURLUcode rc = CURLUE_OK;
    if (ok && (rc = curl_url_set(u, CURLUPART_URL, b.p, 0)) != CURLUE_OK)
        ok = wfrt_fail(WFRT_TAG_VALUE, "%s: invalid URL \"%.*s\": %s", A->fn,
                       url_head(wfrt_str_data(A->url)), wfrt_str_data(A->url),
                       curl_url_strerror(rc));
    if (ok && curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK)
        ok = wfrt_fail(WFRT_TAG_VALUE, "%s: invalid URL \"%.*s\"", A->fn,
                       url_head(wfrt_str_data(A->url)), wfrt_str_data(A->url));
    if (ok) {
        char *port = NULL;
        *has_port = curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && port;
        curl_free(port);
        *send = wfrt_http_rewrite(full);
        *shown = wfrt_http_shown_url(full);
    }
    if (!u)
        ok = wfrt_fail(WFRT_TAG_SYSTEM, "%s: out of memory", A->fn);
    curl_free(full);
    curl_url_cleanup(u);
    wfrt_buf_free(&b);
    wfrt_buf_free(&q);
    return ok;
}

/* ---- the other arguments ---- */

static bool check_timeout(const struct args *A, double *timeout)
{
    *timeout = A->timeout.type == WFRT_ABSENT ? DEFAULT_TIMEOUT : wfrt_lib_num(A->timeout);
    if (!(*timeout > 0 && *timeout <= MAX_TIMEOUT))
        return wfrt_fail(WFRT_TAG_VALUE,
                         "%s: timeout must be more than 0 and at most %g seconds, got %g", A->fn,
                         MAX_TIMEOUT, *timeout);
    return true;
}

/* projects/P/locations/L/namespaces/N/services/S, each part not empty. */
static bool service_name_ok(const char *s)
{
    static const char *const words[] = {"projects", "locations", "namespaces", "services"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(words[i]);
        if (strncmp(s, words[i], n) != 0 || s[n] != '/')
            return false;
        s += n + 1;
        size_t part = strcspn(s, "/");
        if (part == 0 || (i < 3 && s[part] != '/') || (i == 3 && s[part] != '\0'))
            return false;
        s += part + (i < 3);
    }
    return true;
}

static bool check_service(const struct args *A, bool has_port)
{
    if (A->service.type != WFRT_STRING)
        return true;
    if (!service_name_ok(wfrt_str_data(A->service)))
        return wfrt_fail(WFRT_TAG_VALUE,
                         "%s: invalid private_service_name \"%s\": expected "
                         "projects/P/locations/L/namespaces/N/services/S",
                         A->fn, wfrt_str_data(A->service));
    if (has_port)
        return wfrt_fail(WFRT_TAG_VALUE,
                         "%s: a URL with a port cannot go with private_service_name", A->fn);
    return true;
}

/* ca_certificate: DER bytes, checked with OpenSSL and handed to libcurl
 * as PEM (*pem, to free; NULL when absent). */
static bool check_ca(const struct args *A, char **pem)
{
    *pem = NULL;
    if (A->ca.type == WFRT_ABSENT)
        return true;
    if (A->ca.type != WFRT_BYTES)
        return wfrt_fail(WFRT_TAG_VALUE,
                         "%s: ca_certificate must be bytes (a DER certificate), got %s", A->fn,
                         wfrt_type_phrase(A->ca));
    const unsigned char *der = (const unsigned char *)wfrt_str_data(A->ca);
    X509 *cert = d2i_X509(NULL, &der, (long)wfrt_str_len(A->ca));
    BIO *bio = cert ? BIO_new(BIO_s_mem()) : NULL;
    char *data = NULL;
    long n = bio && PEM_write_bio_X509(bio, cert) ? BIO_get_mem_data(bio, &data) : 0;
    if (n > 0) {
        *pem = wfrt_xmalloc((size_t)n + 1);
        memcpy(*pem, data, (size_t)n);
        (*pem)[n] = '\0';
    }
    BIO_free(bio);
    X509_free(cert);
    if (!*pem)
        return wfrt_fail(WFRT_TAG_VALUE, "%s: ca_certificate is not a DER-encoded certificate",
                         A->fn);
    return true;
}

/* ---- headers ---- */

static bool header_name_ok(const char *s, size_t n)
{
    return strlen(s) == n && wfrt_http_is_token(s, n);
}

struct headers {
    struct curl_slist *lines;
    char *authorization;      /* the workflow's own Authorization line, or NULL */
    const char *content_type; /* the value of its Content-Type, or NULL */
    bool user_agent;
};

static void add_line(struct headers *H, const char *name, const char *value, const char *suffix)
{
    struct wfrt_buf line = {0};
    wfrt_buf_adds(&line, name);
    /* libcurl sends "Name;" as a header with an empty value. */
    wfrt_buf_adds(&line, *value || *suffix ? ": " : ";");
    wfrt_buf_adds(&line, value);
    wfrt_buf_adds(&line, *value && *suffix ? " " : "");
    wfrt_buf_adds(&line, suffix);
    if (strcasecmp(name, "Authorization") == 0) {
        wfrt_http_free_secret(H->authorization);
        H->authorization = line.p;
        return;
    }
    H->lines = curl_slist_append(H->lines, line.p);
    wfrt_buf_free(&line);
}

/* The workflow's headers: a map of strings (TypeError otherwise), names
 * HTTP tokens and values on one line (ValueError otherwise). Content-Length
 * is libcurl's to set; a User-Agent gets Workflows' suffix. */
static bool build_headers(const struct args *A, struct headers *H)
{
    for (size_t i = 0; A->headers.type == WFRT_MAP && i < wfrt_map_len(A->headers); i++) {
        wfrt_val key = wfrt_map_key_at(A->headers, i), v = wfrt_map_value_at(A->headers, i);
        const char *name = wfrt_str_data(key);
        if (v.type != WFRT_STRING)
            return wfrt_fail(WFRT_TAG_TYPE,
                             "%s: the value of header \"%s\" must be a string, got %s", A->fn, name,
                             wfrt_type_phrase(v));
        if (!header_name_ok(name, wfrt_str_len(key)))
            return wfrt_fail(WFRT_TAG_VALUE, "%s: \"%s\" is not a valid header name", A->fn, name);
        const char *value = wfrt_str_data(v);
        if (strlen(value) != wfrt_str_len(v) || strpbrk(value, "\r\n"))
            return wfrt_fail(WFRT_TAG_VALUE, "%s: the value of header \"%s\" has a line break",
                             A->fn, name);
        if (strcasecmp(name, "Content-Length") == 0)
            continue;
        bool ua = strcasecmp(name, "User-Agent") == 0;
        H->user_agent |= ua;
        if (strcasecmp(name, "Content-Type") == 0)
            H->content_type = value;
        add_line(H, name, value, ua ? USER_AGENT : "");
    }
    if (!H->user_agent)
        add_line(H, "User-Agent", "", USER_AGENT);
    return true;
}

/* ---- the request body ---- */

/* The media type of a Content-Type value, lower case, without parameters. */
static void media_type(const char *ct, char *out, size_t size)
{
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = 0;
    for (; ct[n] && ct[n] != ';' && ct[n] != ' ' && ct[n] != '\t' && n + 1 < size; n++)
        out[n] = (ct[n] >= 'A' && ct[n] <= 'Z') ? (char)(ct[n] - 'A' + 'a') : ct[n];
    out[n] = '\0';
}

static bool is_json_type(const char *mt)
{
    size_t n = strlen(mt);
    return strcmp(mt, "application/json") == 0 || (n > 5 && strcmp(mt + n - 5, "+json") == 0);
}

static bool add_json(wfrt_val v, struct wfrt_buf *out)
{
    wfrt_val text;
    if (!wfrt_json_encode(v, -1, &text))
        return false;
    wfrt_buf_add(out, wfrt_str_data(text), wfrt_str_len(text));
    wfrt_release(text);
    return true;
}

/* The body into *out (out->p stays NULL without one), encoded as the
 * function pages say: without a Content-Type header, bytes go as they are
 * (application/octet-stream) and any other value as JSON
 * (application/json; charset=utf-8), the header being added; with one, a
 * JSON type takes JSON, a form takes a map as name=value pairs, and bytes
 * and strings otherwise go as they are. */
static bool encode_body(const struct args *A, struct headers *H, struct wfrt_buf *out)
{
    wfrt_val v = A->body;
    if (v.type == WFRT_ABSENT || v.type == WFRT_NULL)
        return true;
    if (!H->content_type) {
        bool raw = v.type == WFRT_BYTES;
        add_line(H, "Content-Type",
                 raw ? "application/octet-stream" : "application/json; charset=utf-8", "");
        if (!raw)
            return add_json(v, out);
    }
    char mt[128];
    media_type(H->content_type ? H->content_type : "", mt, sizeof mt);
    if (v.type == WFRT_BYTES || (v.type == WFRT_STRING && !is_json_type(mt))) {
        wfrt_buf_add(out, wfrt_str_data(v), wfrt_str_len(v));
        return true;
    }
    if (is_json_type(mt))
        return add_json(v, out);
    if (strcmp(mt, "application/x-www-form-urlencoded") == 0 && v.type == WFRT_MAP) {
        wfrt_buf_add(out, "", 0);
        return encode_pairs(A->fn, "form", v, out);
    }
    return wfrt_fail(WFRT_TAG_TYPE, "%s: with Content-Type \"%s\" the body must be %s, got %s",
                     A->fn, H->content_type,
                     strcmp(mt, "application/x-www-form-urlencoded") == 0
                         ? "a map, a string or bytes"
                         : "a string or bytes",
                     wfrt_type_phrase(v));
}

/* ---- the response ---- */

/* Text as a string when it is UTF-8, else as bytes. */
static wfrt_val text_or_bytes(struct wfrt_buf *b)
{
    return wfrt_lib_utf8_valid(b->p ? b->p : "", b->len) ? wfrt_buf_string(b) : wfrt_buf_bytes(b);
}

wfrt_val wfrt_http_decode_body(const char *content_type, struct wfrt_buf *body)
{
    char mt[128] = "";
    if (content_type)
        media_type(content_type, mt, sizeof mt);
    if (body->len == 0 && (!content_type || is_json_type(mt))) {
        wfrt_buf_free(body);
        return wfrt_null();
    }
    if (is_json_type(mt)) {
        wfrt_val v;
        if (wfrt_json_decode(body->p, body->len, &v)) {
            wfrt_buf_free(body);
            return v;
        }
        wfrt_release(wfrt_error_take());
        return text_or_bytes(body);
    }
    if (strncmp(mt, "text/", 5) == 0)
        return text_or_bytes(body);
    return wfrt_buf_bytes(body);
}

/* The body of a response, decoded; takes the buffer. */
static wfrt_val decode_body(struct wfrt_http_response *rs)
{
    const wfrt_val *ct = wfrt_map_find(rs->headers, "Content-Type", 12);
    return wfrt_http_decode_body(ct ? wfrt_str_data(*ct) : NULL, &rs->body);
}

/* The response map, or the HttpError of a status >= 400 (spec errors.md:
 * message, tags, code, headers, body). Takes rs's contents. */
static bool respond(struct wfrt_http_response *rs, wfrt_val *out)
{
    wfrt_val body = decode_body(rs), headers = rs->headers;
    rs->headers = wfrt_null();
    wfrt_val map;
    if (rs->code >= 400) {
        wfrt_fail(WFRT_TAG_HTTP, "HTTP server responded with error code %ld", rs->code);
        map = wfrt_error_take();
    } else {
        map = wfrt_map_new(3);
    }
    wfrt_map_set(&map, WFRT_LIB_KEY("code"), wfrt_int(rs->code));
    wfrt_map_set(&map, WFRT_LIB_KEY("headers"), headers);
    wfrt_map_set(&map, WFRT_LIB_KEY("body"), body);
    if (rs->code >= 400)
        return wfrt_fail_value(map);
    *out = map;
    return true;
}

/* ---- the functions ---- */

static bool request(const struct args *A, wfrt_val *out)
{
    struct wfrt_http_request rq = {.fn = A->fn, .method = A->method};
    struct headers H = {0};
    struct wfrt_buf body = {0};
    char *send = NULL, *shown = NULL, *ca = NULL, *token = NULL;
    bool has_port = false;
    bool ok = check_timeout(A, &rq.timeout) && build_url(A, &send, &shown, &has_port) &&
              check_service(A, has_port) && check_ca(A, &ca) && build_headers(A, &H) &&
              encode_body(A, &H, &body);
    if (ok && A->auth.type == WFRT_MAP)
        ok = wfrt_http_auth_line(A->fn, A->auth, wfrt_str_data(A->url), &token);
    if (ok) {
        rq.url = send;
        rq.shown = shown;
        rq.headers = H.lines;
        rq.authorization = token ? token : H.authorization;
        rq.body = body.p;
        rq.body_len = body.len;
        rq.ca_pem = ca;
        struct wfrt_http_response rs;
        ok = wfrt_http_send(&rq, &rs) && respond(&rs, out);
    }
    wfrt_http_free_secret(token);
    wfrt_http_free_secret(H.authorization);
    curl_slist_free_all(H.lines);
    wfrt_buf_free(&body);
    free(send);
    free(shown);
    free(ca);
    return ok;
}

/* The parameters of ir/stdlib.c (SYNC stdlib), with its types: a null
 * header, query or auth map is a TypeError, as `wfc lint` says. */
#define P_URL                                                                                      \
    {                                                                                              \
        "url", WFRT_LIB_STRING                                                                     \
    }
#define P_TIMEOUT                                                                                  \
    {                                                                                              \
        "timeout", WFRT_LIB_NUMBER | WFRT_LIB_OPTIONAL                                             \
    }
#define P_BODY                                                                                     \
    {                                                                                              \
        "body", WFRT_LIB_ANY | WFRT_LIB_OPTIONAL                                                   \
    }
#define P_OPTIONS                                                                                  \
    {"headers", WFRT_LIB_MAP | WFRT_LIB_OPTIONAL}, {"query", WFRT_LIB_MAP | WFRT_LIB_OPTIONAL},    \
        {"auth", WFRT_LIB_MAP | WFRT_LIB_OPTIONAL},                                                \
        {"private_service_name", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL},                             \
    {                                                                                              \
        "ca_certificate", WFRT_LIB_ANY | WFRT_LIB_OPTIONAL                                         \
    }

static const struct wfrt_lib_param p_get[] = {P_URL, P_TIMEOUT, P_OPTIONS};
static const struct wfrt_lib_param p_body[] = {P_URL, P_TIMEOUT, P_BODY, P_OPTIONS};
static const struct wfrt_lib_param p_request[] = {
    {"method", WFRT_LIB_STRING}, P_URL, P_TIMEOUT, P_BODY, P_OPTIONS};

/* a[0..8): url, timeout, body, headers, query, auth, service, ca. */
static bool with_body(const char *fn, const char *method, const wfrt_val *a, wfrt_val *out)
{
    struct args A = {fn, method, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]};
    return request(&A, out);
}

bool wfrt_fn_http_get(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[7];
    if (!WFRT_LIB_CHECK("http.get", p_get, a))
        return false;
    struct args A = {"http.get", "GET", a[0], a[1], wfrt_absent(), a[2], a[3], a[4], a[5], a[6]};
    return request(&A, out);
}

#define BODY_FUNCTION(suffix, name, method)                                                        \
    bool wfrt_fn_http_##suffix(const wfrt_val *args, size_t nargs, wfrt_val *out)                  \
    {                                                                                              \
        wfrt_val a[8];                                                                             \
        return WFRT_LIB_CHECK(name, p_body, a) && with_body(name, method, a, out);                 \
    }
BODY_FUNCTION(post, "http.post", "POST")
BODY_FUNCTION(put, "http.put", "PUT")
BODY_FUNCTION(patch, "http.patch", "PATCH")
BODY_FUNCTION(delete, "http.delete", "DELETE")

/* method: one of the seven of the function page, in any case. */
bool wfrt_fn_http_request(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const char *const methods[] = {"GET",    "HEAD",    "POST", "PUT",
                                          "DELETE", "OPTIONS", "PATCH"};
    wfrt_val a[9];
    if (!WFRT_LIB_CHECK("http.request", p_request, a))
        return false;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (wfrt_str_len(a[0]) == strlen(methods[i]) &&
            strcasecmp(wfrt_str_data(a[0]), methods[i]) == 0)
            return with_body("http.request", methods[i], a + 1, out);
    return wfrt_fail(WFRT_TAG_VALUE,
                     "http.request: unknown method \"%s\"; expected GET, HEAD, POST, PUT, DELETE, "
                     "OPTIONS or PATCH",
                     wfrt_str_data(a[0]));
}
