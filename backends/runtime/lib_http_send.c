/*
 * lib_http_send.c - one HTTP exchange with libcurl for the http module
 * (lib_http.h): the request as lib_http.c built it goes out, redirects are
 * followed here, and the final response comes back with its headers as a
 * map and its body as bytes. Deciding what the body means, and raising
 * HttpError for a status >= 400, is lib_http.c's part.
 *
 * Threads: curl_global_init runs once (pthread_once), and every exchange
 * has its own easy handle, so parallel branches share nothing; signals are
 * off (CURLOPT_NOSIGNAL) as libcurl requires in a threaded program.
 *
 * Redirects are followed by this file rather than by libcurl, so that the
 * method changes as in Go's http.Client (301, 302 and 303 turn a request
 * other than GET and HEAD into a GET without body; 307 and 308 keep both),
 * --http-rewrite applies to every URL a server redirects to, and the
 * Authorization header never reaches another origin. The timeout bounds
 * the whole exchange, redirects included.
 *
 * Failures map to the tags of the error-types page of Workflows (spec
 * errors.md §3), which the spec says to keep where the function pages
 * disagree: no connection at all (DNS, refused, TLS) is a
 * ConnectionFailedError, a connection that broke or answered garbage a
 * ConnectionError, the timeout a TimeoutError, a body past 2 MB a
 * ResourceLimitError. Messages name the workflow's URL without its query
 * and libcurl's reason, never a header.
 */
#include "config.h"

#include "backends/runtime/lib_http.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- once per process ---- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static CURLcode init_status;

static void global_init(void)
{
    init_status = curl_global_init(CURL_GLOBAL_DEFAULT);
    /* A peer that closes early must be an error of the call, never the end
     * of the runner: libcurl avoids SIGPIPE where it can, this covers the
     * rest (the runner writes its result with stdio and checks for errors). */
    signal(SIGPIPE, SIG_IGN);
}

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- URLs ---- */

char *wfrt_http_rewrite(const char *url)
{
    for (size_t i = 0; i < wfrt_opts.nrewrites; i++) {
        const char *rule = wfrt_opts.rewrites[i];
        const char *eq = strchr(rule, '=');
        if (!eq)
            continue;
        size_t from = (size_t)(eq - rule);
        if (strncmp(url, rule, from) != 0)
            continue;
        struct wfrt_buf b = {0};
        wfrt_buf_adds(&b, eq + 1);
        wfrt_buf_adds(&b, url + from);
        return b.p;
    }
    struct wfrt_buf b = {0};
    wfrt_buf_adds(&b, url);
    return b.p;
}

/* Part `what` of a parsed URL as a new string ("" when absent). */
static char *url_part(CURLU *u, CURLUPart what, unsigned flags)
{
    char *part = NULL;
    struct wfrt_buf b = {0};
    wfrt_buf_adds(&b, "");
    if (curl_url_get(u, what, &part, flags) == CURLUE_OK && part)
        wfrt_buf_adds(&b, part);
    curl_free(part);
    return b.p;
}

char *wfrt_http_shown_url(const char *url)
{
    CURLU *u = curl_url();
    struct wfrt_buf b = {0};
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
        wfrt_buf_adds(&b, "(an invalid URL)");
        curl_url_cleanup(u);
        return b.p;
    }
    char *parts[] = {url_part(u, CURLUPART_SCHEME, 0), url_part(u, CURLUPART_HOST, 0),
                     url_part(u, CURLUPART_PORT, 0), url_part(u, CURLUPART_PATH, 0)};
    wfrt_buf_adds(&b, parts[0]);
    wfrt_buf_adds(&b, "://");
    wfrt_buf_adds(&b, parts[1]);
    if (parts[2][0]) {
        wfrt_buf_addc(&b, ':');
        wfrt_buf_adds(&b, parts[2]);
    }
    wfrt_buf_adds(&b, parts[3]);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        free(parts[i]);
    curl_url_cleanup(u);
    return b.p;
}

/* "scheme://host:port" with the default port filled in, lower case; NULL
 * for a URL libcurl cannot parse. */
static char *origin_of(const char *url)
{
    CURLU *u = curl_url();
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
        curl_url_cleanup(u);
        return NULL;
    }
    char *scheme = url_part(u, CURLUPART_SCHEME, 0), *host = url_part(u, CURLUPART_HOST, 0),
         *port = url_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
    curl_url_cleanup(u);
    struct wfrt_buf b = {0};
    wfrt_buf_adds(&b, scheme);
    wfrt_buf_adds(&b, "://");
    wfrt_buf_adds(&b, host);
    wfrt_buf_addc(&b, ':');
    wfrt_buf_adds(&b, port);
    free(scheme);
    free(host);
    free(port);
    for (char *p = b.p; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return b.p;
}

/* ---- the response ---- */

struct xfer {
    struct wfrt_http_response *rs;
    bool too_big;
};

static size_t on_body(char *data, size_t size, size_t n, void *p)
{
    struct xfer *x = p;
    size_t len = size * n;
    if (len > WFRT_HTTP_MAX_RESPONSE - x->rs->body.len) {
        x->too_big = true;
        return CURL_WRITEFUNC_ERROR;
    }
    wfrt_buf_add(&x->rs->body, data, len);
    return len;
}

bool wfrt_http_is_token(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              (c && strchr("!#$%&'*+-.^_`|~", c))))
            return false;
    }
    return n > 0;
}

/* A header name in the canonical form of Go's net/http (Content-Type,
 * X-Goog-Request-Id), whatever case the server (or HTTP/2) used; a name
 * with other than token characters stays as it came. */
static wfrt_val canonical_name(const char *s, size_t n)
{
    wfrt_val v = wfrt_string(s, n);
    if (!wfrt_http_is_token(s, n))
        return v;
    char *d = (char *)wfrt_str_data(v);
    bool upper = true;
    for (size_t i = 0; i < n; i++) {
        char c = d[i];
        if (upper && c >= 'a' && c <= 'z')
            d[i] = (char)(c - 'a' + 'A');
        else if (!upper && c >= 'A' && c <= 'Z')
            d[i] = (char)(c - 'A' + 'a');
        upper = c == '-';
    }
    return v;
}

void wfrt_http_add_text(struct wfrt_buf *b, const char *s, size_t n)
{
    if (wfrt_lib_utf8_valid(s, n)) {
        wfrt_buf_add(b, s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char out[4];
        wfrt_buf_add(b, out, wfrt_lib_utf8_encode((unsigned char)s[i], out));
    }
}

void wfrt_http_add_header(wfrt_val *headers, const char *name, size_t name_len, const char *value,
                          size_t value_len)
{
    wfrt_val key = canonical_name(name, name_len);
    const wfrt_val *old = wfrt_map_find(*headers, wfrt_str_data(key), wfrt_str_len(key));
    struct wfrt_buf text = {0};
    if (old) {
        wfrt_buf_add(&text, wfrt_str_data(*old), wfrt_str_len(*old));
        wfrt_buf_add(&text, ", ", 2);
    }
    wfrt_http_add_text(&text, value, value_len);
    wfrt_map_set(headers, key, wfrt_buf_string(&text));
}

/* One header line: a status line starts the headers over (an interim 1xx
 * response came first). */
static size_t on_header(char *data, size_t size, size_t n, void *p)
{
    struct xfer *x = p;
    size_t len = size * n, end = len;
    while (end && (data[end - 1] == '\r' || data[end - 1] == '\n'))
        end--;
    if (end >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        wfrt_release(x->rs->headers);
        x->rs->headers = wfrt_map_new(16);
        return len;
    }
    const char *colon = end ? memchr(data, ':', end) : NULL;
    if (!colon || colon == data || data[0] == ' ' || data[0] == '\t')
        return len; /* the blank line, or a folded continuation (obsolete) */
    size_t start = (size_t)(colon + 1 - data);
    while (start < end && (data[start] == ' ' || data[start] == '\t'))
        start++;
    while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t'))
        end--;
    wfrt_http_add_header(&x->rs->headers, data, (size_t)(colon - data), data + start, end - start);
    return len;
}

/* ---- one hop ---- */

struct hop {
    const char *url;
    const char *method;
    const char *body; /* NULL: none */
    size_t body_len;
    bool with_auth;
};

static bool has_header(const struct curl_slist *l, const char *name)
{
    size_t n = strlen(name);
    for (; l; l = l->next)
        if (strncasecmp(l->data, name, n) == 0 && (l->data[n] == ':' || l->data[n] == ';'))
            return true;
    return false;
}

/* The header lines of a hop: the request's, the Authorization line when
 * the hop goes to the first origin, no Expect: 100-continue (a round trip
 * for nothing), and no Content-Type that libcurl would invent. */
static struct curl_slist *hop_headers(const struct wfrt_http_request *rq, const struct hop *hop)
{
    struct curl_slist *l = NULL;
    for (const struct curl_slist *h = rq->headers; h; h = h->next)
        l = curl_slist_append(l, h->data);
    if (hop->with_auth && rq->authorization)
        l = curl_slist_append(l, rq->authorization);
    l = curl_slist_append(l, "Expect:");
    if (!has_header(rq->headers, "Content-Type"))
        l = curl_slist_append(l, "Content-Type:");
    return l;
}

static void set_method(CURL *h, const struct hop *hop)
{
    bool post = strcmp(hop->method, "POST") == 0;
    if (strcmp(hop->method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        return;
    }
    /* POST, PUT and PATCH always carry a body, if an empty one (as Go's
     * client sends "Content-Length: 0"). */
    if (hop->body || post || strcmp(hop->method, "PUT") == 0 || strcmp(hop->method, "PATCH") == 0) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)hop->body_len);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, hop->body ? hop->body : "");
        if (!post)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, hop->method);
        return;
    }
    if (strcmp(hop->method, "GET") == 0)
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    else
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, hop->method);
}

static void set_options(CURL *h, const struct wfrt_http_request *rq, const struct hop *hop,
                        struct curl_slist *headers, struct xfer *x, double left, char *errbuf)
{
    curl_easy_setopt(h, CURLOPT_URL, hop->url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    long ms = (long)(left * 1000) + 1;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
    if (rq->connect_timeout > 0 && rq->connect_timeout < left)
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(rq->connect_timeout * 1000) + 1);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    /* Compressed responses are decoded (the size limit applies to what the
     * workflow receives), unless the workflow asked for an encoding itself. */
    if (!has_header(rq->headers, "Accept-Encoding"))
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    if (rq->ca_pem) {
        struct curl_blob blob = {(void *)rq->ca_pem, strlen(rq->ca_pem), CURL_BLOB_COPY};
        curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
        curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
    }
    set_method(h, hop);
}

static bool fail_transfer(const struct wfrt_http_request *rq, CURLcode rc, const char *errbuf,
                          bool too_big, bool http_url)
{
    const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (too_big)
        return wfrt_fail(WFRT_TAG_RESOURCE_LIMIT,
                         "%s: the response of %s %s is larger than the limit of %d bytes", rq->fn,
                         rq->method, rq->shown, WFRT_HTTP_MAX_RESPONSE);
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return wfrt_fail(WFRT_TAG_TIMEOUT, "%s: %s %s: no response within the timeout of %g s",
                         rq->fn, rq->method, rq->shown, rq->timeout);
    case CURLE_UNSUPPORTED_PROTOCOL:
        /* The URL was checked (http:// or https://): what libcurl does not
         * support is the server's reply ("HTTP/0.9": bytes that are no
         * HTTP at all), a broken connection like any other. Only a
         * redirect can still name another scheme. */
        if (!http_url)
            return wfrt_fail(WFRT_TAG_VALUE, "%s: cannot send %s %s: %s", rq->fn, rq->method,
                             rq->shown, why);
        return wfrt_fail(WFRT_TAG_CONNECTION, "%s: %s %s: the reply is not HTTP: %s", rq->fn,
                         rq->method, rq->shown, why);
    case CURLE_URL_MALFORMAT:
        return wfrt_fail(WFRT_TAG_VALUE, "%s: cannot send %s %s: %s", rq->fn, rq->method, rq->shown,
                         why);
    case CURLE_OUT_OF_MEMORY:
    case CURLE_FAILED_INIT:
        return wfrt_fail(WFRT_TAG_SYSTEM, "%s: %s %s: %s", rq->fn, rq->method, rq->shown, why);
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
        return wfrt_fail(WFRT_TAG_CONNECTION_FAILED, "%s: %s %s: cannot connect: %s", rq->fn,
                         rq->method, rq->shown, why);
    default:
        return wfrt_fail(WFRT_TAG_CONNECTION, "%s: %s %s: the connection failed: %s", rq->fn,
                         rq->method, rq->shown, why);
    }
}

/* Sends one hop into *rs (emptied first); false with the error set. */
static bool perform(CURL *h, const struct wfrt_http_request *rq, const struct hop *hop,
                    double deadline, struct wfrt_http_response *rs)
{
    wfrt_release(rs->headers);
    rs->headers = wfrt_map_new(16);
    wfrt_buf_free(&rs->body);
    double left = deadline - monotonic();
    if (left <= 0)
        return fail_transfer(rq, CURLE_OPERATION_TIMEDOUT, "", false, true);
    char errbuf[CURL_ERROR_SIZE] = "";
    struct xfer x = {rs, false};
    struct curl_slist *headers = hop_headers(rq, hop);
    curl_easy_reset(h);
    set_options(h, rq, hop, headers, &x, left, errbuf);
    CURLcode rc = curl_easy_perform(h);
    /* The handle outlives this frame's buffer and list (cleanup may still
     * report into the one): unhook both. */
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &rs->code);
    if (wfrt_opts.trace) {
        /* The workflow's URL, as it wrote it; a redirect's as it came. */
        char *shown = hop->url == rq->url ? NULL : wfrt_http_shown_url(hop->url);
        if (rc == CURLE_OK)
            fprintf(stderr, "http %s %s -> %ld\n", hop->method, shown ? shown : rq->shown,
                    rs->code);
        else
            fprintf(stderr, "http %s %s -> failed: %s\n", hop->method, shown ? shown : rq->shown,
                    x.too_big ? "response too large" : curl_easy_strerror(rc));
        free(shown);
    }
    return rc == CURLE_OK ||
           fail_transfer(rq, rc, errbuf, x.too_big, wfrt_http_scheme_len(hop->url) > 0);
}

/* After a response with `code`, whether to follow it, and how: the method
 * and body of the next hop change as in Go's http.Client. */
static bool follow(long code, struct hop *hop)
{
    switch (code) {
    case 301:
    case 302:
    case 303:
        if (strcmp(hop->method, "GET") != 0 && strcmp(hop->method, "HEAD") != 0)
            hop->method = "GET";
        hop->body = NULL;
        hop->body_len = 0;
        return true;
    case 307:
    case 308:
        return true;
    default:
        return false;
    }
}

bool wfrt_http_send(const struct wfrt_http_request *rq, struct wfrt_http_response *rs)
{
    pthread_once(&init_once, global_init);
    rs->code = 0;
    rs->headers = wfrt_null();
    rs->body = (struct wfrt_buf){0};
    if (init_status != CURLE_OK)
        return wfrt_fail(WFRT_TAG_SYSTEM, "%s: libcurl cannot start: %s", rq->fn,
                         curl_easy_strerror(init_status));
    CURL *h = curl_easy_init();
    if (!h)
        return wfrt_fail(WFRT_TAG_SYSTEM, "%s: libcurl cannot start", rq->fn);
    double deadline = monotonic() + rq->timeout;
    char *origin = origin_of(rq->url), *url = NULL, *next_origin = NULL;
    struct hop hop = {rq->url, rq->method, rq->body, rq->body_len, true};
    bool ok;
    for (int redirects = 0;; redirects++) {
        ok = perform(h, rq, &hop, deadline, rs);
        char *location = NULL;
        if (!ok || !follow(rs->code, &hop) ||
            curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location) != CURLE_OK || !location)
            break;
        if (redirects == WFRT_HTTP_MAX_REDIRECTS) {
            ok = wfrt_fail(WFRT_TAG_CONNECTION, "%s: %s %s: stopped after %d redirects", rq->fn,
                           rq->method, rq->shown, WFRT_HTTP_MAX_REDIRECTS);
            break;
        }
        char *next = wfrt_http_rewrite(location); /* location belongs to h */
        free(url);
        url = next;
        hop.url = url;
        free(next_origin);
        next_origin = origin_of(url);
        hop.with_auth = origin && next_origin && strcmp(origin, next_origin) == 0;
    }
    if (!ok) {
        wfrt_release(rs->headers);
        rs->headers = wfrt_null();
        wfrt_buf_free(&rs->body);
    }
    free(origin);
    free(next_origin);
    free(url);
    curl_easy_cleanup(h);
    return ok;
}
