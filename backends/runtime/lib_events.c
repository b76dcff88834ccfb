/*
 * lib_events.c - the events module (spec stdlib.md §3): callback
 * endpoints, as a local runner can have them.
 *
 * events.create_callback_endpoint gives a URL on a listener of this
 * process: 127.0.0.1, a port the system picks, opened with the first
 * endpoint and served by a thread of its own (lib_events_http.c speaks the
 * HTTP). A request there with the endpoint's method is recorded and
 * answered 200; events.await_callback takes the recorded requests of its
 * endpoint one at a time, oldest first, and waits for one when none is
 * there: requests that come before the await wait in a queue, none is
 * lost. wfrt_events_stop, at the end of the runner, stops the thread,
 * closes the sockets and frees what no await took. --trace prints each
 * endpoint's URL ("callback endpoint POST http://127.0.0.1:...") and each
 * request that reaches the listener ("callback POST /v1/... -> 200").
 *
 * The execution is the process, so the listener and its endpoints are
 * process-wide state, under one lock; the endpoints of an execution are
 * not valid in another, as in Workflows. Not done here: checking who
 * calls (Workflows wants a token allowed to send callbacks; here any
 * local program that knows the URL may, and an Authorization header is
 * just recorded), and events of other types than HTTP (Eventarc).
 *
 * Where the spec is silent or unconfirmed, this file chooses:
 * - The URL has the path of Workflows' endpoints,
 *   /v1/projects/P/locations/L/workflows/W/executions/E/callbacks/ID, with
 *   P, L, W and E from GOOGLE_CLOUD_PROJECT_ID, GOOGLE_CLOUD_LOCATION,
 *   GOOGLE_CLOUD_WORKFLOW_ID and GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID when
 *   set (what sys.get_env reads), else "local" and, for E, a random UUID
 *   per process. ID is a random UUID, so that no other local program can
 *   guess an endpoint.
 * - Answers: 200 and "{}" (Google APIs' Empty) when the request is
 *   recorded; 404 for a path that is no endpoint; 405 with Allow for
 *   another method than the endpoint's; 429 when 100 requests
 *   (MAX_PENDING) already wait at the endpoint (the spec names 429
 *   without saying when); 413 for a body past 512 KB; 400, 408, 431 and 501 for
 *   what HTTP cannot read. Errors carry {"error": {"code", "message"}}.
 * - The result of await_callback is {http_request, received_time, type}:
 *   http_request.body decoded by its Content-Type exactly as an http.*
 *   response body (JSON to a value, text/... to a string, anything else
 *   bytes, no body null); headers as an http.* response's (canonical
 *   names, string values, a repeated header joined with ", "), Host
 *   included; method as sent; query a map from each name to the list of
 *   its values in order, '+' read as a space (Go's url.Values: a name may
 *   repeat); url the request target as sent, path and query (Go's
 *   Request.URL). received_time is RFC 3339 in UTC as time.format writes
 *   it, so that time.parse reads it back; type is "HTTP".
 * - http_callback_method is any case of the seven methods, as http.request
 *   takes them; another string is a ValueError.
 * - await_callback: a callback map without "url" is a ValueError, a url
 *   that is not a string a TypeError, one that is no endpoint of this
 *   execution a ValueError; timeout must be 0 to 31536000 seconds (the
 *   longest execution, a year), else ValueError.
 * - The timeout is workflow time, like sys.sleep's seconds: it is waited
 *   --sleep-scale times as long (wfrt_opts.sleep_scale, as lib_sys.c
 *   scales sleep and sleep_until). At --sleep-scale 0 await_callback
 *   returns a request already queued or raises TimeoutError at once. (An
 *   http.* timeout is not scaled: it bounds a transfer, not a wait the
 *   workflow asked for.)
 */
#include "config.h"

#include "backends/runtime/lib_events.h"
#include "backends/runtime/lib_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 43200.0 /* seconds (spec stdlib.md §3) */
#define MAX_TIMEOUT 31536000.0  /* a year, the longest execution (spec limits.md) */
/* Requests waiting at one endpoint before it answers 429. */
#define MAX_PENDING 100

static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};

struct endpoint {
    struct endpoint *next;
    char *path;         /* /v1/.../callbacks/ID */
    char *url;          /* origin and path: what create returned */
    const char *method; /* one of methods[] */
    wfrt_val *pending;  /* the recorded requests, oldest first */
    size_t npending, cap;
};

/* The listener of the execution. Everything but `thread` is guarded by
 * `lock`; `running` says whether the rest is set up. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t arrived; /* CLOCK_MONOTONIC; broadcast for each recorded request */
    bool running;
    int listen_fd, stop[2]; /* stop[1] written: the thread returns */
    pthread_t thread;
    struct wfrt_events_listener listener;
    char *origin; /* "http://127.0.0.1:PORT" */
    char *prefix; /* the path of every endpoint, up to "callbacks/" */
    struct endpoint *endpoints;
} L = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- recording a request (on the listener's thread) ---- */

/* Percent-decoded text of a query name or value, '+' as a space; a '%'
 * without two hex digits stays as it is. */
static wfrt_val query_text(const char *s, size_t n)
{
    struct wfrt_buf raw = {0}, text = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && wfrt_hex_digit(s[i + 1]) >= 0 &&
            wfrt_hex_digit(s[i + 2]) >= 0) {
            wfrt_buf_addc(&raw, (char)(wfrt_hex_digit(s[i + 1]) * 16 + wfrt_hex_digit(s[i + 2])));
            i += 2;
        } else {
            wfrt_buf_addc(&raw, s[i] == '+' ? ' ' : s[i]);
        }
    }
    wfrt_http_add_text(&text, raw.p ? raw.p : "", raw.len);
    wfrt_buf_free(&raw);
    return wfrt_buf_string(&text);
}

/* The query of a target ("" when none) as {name: [value, ...]}. */
static wfrt_val query_map(const char *q)
{
    wfrt_val m = wfrt_map_new(4);
    while (*q) {
        size_t n = strcspn(q, "&");
        const char *eq = memchr(q, '=', n);
        size_t klen = eq ? (size_t)(eq - q) : n;
        if (n) {
            wfrt_val key = query_text(q, klen);
            wfrt_val value = eq ? query_text(eq + 1, n - klen - 1) : wfrt_string("", 0);
            wfrt_val *list = wfrt_map_slot(&m, wfrt_str_data(key), wfrt_str_len(key));
            if (list) {
                wfrt_list_push(list, value);
                wfrt_release(key);
            } else {
                wfrt_val l = wfrt_list_new(1);
                wfrt_list_push(&l, value);
                wfrt_map_set(&m, key, l);
            }
        }
        q += n + (q[n] == '&');
    }
    return m;
}

static wfrt_val time_text(double seconds)
{
    wfrt_val arg = wfrt_double(seconds), text;
    if (wfrt_fn_time_format(&arg, 1, &text))
        return text;
    wfrt_release(wfrt_error_take());
    return wfrt_null();
}

/* The value await_callback returns for rq (whose body and headers it
 * takes). */
static wfrt_val event(struct wfrt_events_request *rq, double received)
{
    const wfrt_val *ct = wfrt_map_find(rq->headers, "Content-Type", 12);
    wfrt_val http = wfrt_map_new(5);
    wfrt_map_set(&http, WFRT_LIB_KEY("body"),
                 wfrt_http_decode_body(ct ? wfrt_str_data(*ct) : NULL, &rq->body));
    wfrt_map_set(&http, WFRT_LIB_KEY("headers"), rq->headers);
    rq->headers = wfrt_null();
    wfrt_map_set(&http, WFRT_LIB_KEY("method"), wfrt_string_cstr(rq->method));
    const char *q = strchr(rq->target, '?');
    wfrt_map_set(&http, WFRT_LIB_KEY("query"), query_map(q ? q + 1 : ""));
    wfrt_map_set(&http, WFRT_LIB_KEY("url"), wfrt_string_cstr(rq->target));
    wfrt_val ev = wfrt_map_new(3);
    wfrt_map_set(&ev, WFRT_LIB_KEY("http_request"), http);
    wfrt_map_set(&ev, WFRT_LIB_KEY("received_time"), time_text(received));
    wfrt_map_set(&ev, WFRT_LIB_KEY("type"), WFRT_LIB_KEY("HTTP"));
    return ev;
}

/* Under the lock. */
static struct endpoint *find_path(const char *path, size_t n)
{
    for (struct endpoint *ep = L.endpoints; ep; ep = ep->next)
        if (strlen(ep->path) == n && memcmp(ep->path, path, n) == 0)
            return ep;
    return NULL;
}

static void handle(struct wfrt_events_request *rq, struct wfrt_events_answer *a)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    size_t plen = strcspn(rq->target, "?");
    pthread_mutex_lock(&L.lock);
    struct endpoint *ep = find_path(rq->target, plen);
    if (!ep) {
        a->status = 404;
        snprintf(a->message, sizeof a->message, "no callback endpoint has this URL");
    } else if (strcmp(rq->method, ep->method) != 0) {
        a->status = 405;
        a->allow = ep->method;
        snprintf(a->message, sizeof a->message, "this callback endpoint takes %s requests only",
                 ep->method);
    } else if (ep->npending >= MAX_PENDING) {
        a->status = 429;
        snprintf(a->message, sizeof a->message,
                 "%d requests already wait at this callback endpoint", MAX_PENDING);
    } else {
        if (ep->npending == ep->cap) {
            ep->cap = ep->cap ? 2 * ep->cap : 4;
            ep->pending = wfrt_xrealloc(ep->pending, ep->cap * sizeof *ep->pending);
        }
        ep->pending[ep->npending++] = event(rq, (double)now.tv_sec + (double)now.tv_nsec / 1e9);
        pthread_cond_broadcast(&L.arrived);
        a->status = 200;
    }
    pthread_mutex_unlock(&L.lock);
    if (wfrt_opts.trace) /* the path only: a query may hold secrets */
        fprintf(stderr, "callback %s %.*s -> %d\n", rq->method, (int)plen, rq->target, a->status);
}

/* ---- the listener ---- */

static void *serve(void *arg)
{
    wfrt_events_serve(arg);
    return NULL;
}

/* A part of the endpoints' path: the variable's value, escaped, or
 * `fallback`. */
static void add_part(struct wfrt_buf *b, const char *name, const char *fallback)
{
    const char *v = getenv(name);
    if (!v || !*v)
        v = fallback;
    wfrt_http_escape(b, v, strlen(v));
}

static bool set_names(unsigned port)
{
    wfrt_val exec;
    if (!wfrt_fn_uuid_generate(NULL, 0, &exec))
        return false;
    struct wfrt_buf b = {0};
    wfrt_buf_adds(&b, "/v1/projects/");
    add_part(&b, "GOOGLE_CLOUD_PROJECT_ID", "local");
    wfrt_buf_adds(&b, "/locations/");
    add_part(&b, "GOOGLE_CLOUD_LOCATION", "local");
    wfrt_buf_adds(&b, "/workflows/");
    add_part(&b, "GOOGLE_CLOUD_WORKFLOW_ID", "local");
    wfrt_buf_adds(&b, "/executions/");
    add_part(&b, "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID", wfrt_str_data(exec));
    wfrt_buf_adds(&b, "/callbacks/");
    wfrt_release(exec);
    L.prefix = b.p;
    b = (struct wfrt_buf){0};
    char origin[64];
    snprintf(origin, sizeof origin, "http://127.0.0.1:%u", port);
    wfrt_buf_adds(&b, origin);
    L.origin = b.p;
    return true;
}

static void close_fds(void)
{
    int fds[] = {L.listen_fd, L.stop[0], L.stop[1]};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

static void free_names(void)
{
    free(L.origin);
    free(L.prefix);
    L.origin = L.prefix = NULL;
}

/* Opens the listener and starts its thread; under the lock. */
static bool start(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    L.stop[0] = L.stop[1] = -1;
    L.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    int err = 0;
    if (L.listen_fd < 0 || fcntl(L.listen_fd, F_SETFD, FD_CLOEXEC) != 0 ||
        bind(L.listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(L.listen_fd, 64) != 0 ||
        getsockname(L.listen_fd, (struct sockaddr *)&addr, &len) != 0 || pipe(L.stop) != 0)
        err = errno;
    if (!err && !set_names(ntohs(addr.sin_port))) {
        close_fds();
        return false;
    }
    pthread_condattr_t attr;
    if (!err && (err = pthread_condattr_init(&attr)) == 0) {
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        err = pthread_cond_init(&L.arrived, &attr);
        pthread_condattr_destroy(&attr);
        L.listener = (struct wfrt_events_listener){L.listen_fd, L.stop[0], handle};
        if (!err && (err = pthread_create(&L.thread, NULL, serve, &L.listener)) != 0)
            pthread_cond_destroy(&L.arrived);
    }
    if (!err) {
        L.running = true;
        wfrt_at_end(wfrt_events_stop);
        return true;
    }
    close_fds();
    free_names();
    char why[128] = "unknown error";
    strerror_r(err, why, sizeof why);
    return wfrt_fail(WFRT_TAG_SYSTEM,
                     "events.create_callback_endpoint: cannot listen on 127.0.0.1: %s", why);
}

void wfrt_events_stop(void)
{
    pthread_mutex_lock(&L.lock);
    bool running = L.running;
    L.running = false;
    pthread_mutex_unlock(&L.lock);
    if (!running)
        return;
    while (write(L.stop[1], "x", 1) < 0 && errno == EINTR)
        continue;
    pthread_join(L.thread, NULL);
    close_fds();
    pthread_cond_destroy(&L.arrived);
    while (L.endpoints) {
        struct endpoint *ep = L.endpoints;
        L.endpoints = ep->next;
        for (size_t i = 0; i < ep->npending; i++)
            wfrt_release(ep->pending[i]);
        free(ep->pending);
        free(ep->path);
        free(ep->url);
        free(ep);
    }
    free_names();
}

/* ---- the functions ---- */

/* A new endpoint for `method`, its URL into *url (a new string). */
static bool add_endpoint(const char *method, wfrt_val *url)
{
    wfrt_val id;
    if (!wfrt_fn_uuid_generate(NULL, 0, &id))
        return false;
    pthread_mutex_lock(&L.lock);
    bool ok = L.running || start();
    if (ok) {
        struct endpoint *ep = wfrt_xmalloc(sizeof *ep), **end = &L.endpoints;
        *ep = (struct endpoint){.method = method};
        struct wfrt_buf b = {0};
        wfrt_buf_adds(&b, L.prefix);
        wfrt_buf_adds(&b, wfrt_str_data(id));
        ep->path = b.p;
        b = (struct wfrt_buf){0};
        wfrt_buf_adds(&b, L.origin);
        wfrt_buf_adds(&b, ep->path);
        ep->url = b.p;
        while (*end)
            end = &(*end)->next;
        *end = ep;
        *url = wfrt_string_cstr(ep->url);
    }
    pthread_mutex_unlock(&L.lock);
    wfrt_release(id);
    return ok;
}

bool wfrt_fn_events_create_callback_endpoint(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"http_callback_method", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("events.create_callback_endpoint", params, a))
        return false;
    const char *method = a[0].type == WFRT_ABSENT ? "POST" : NULL;
    for (size_t i = 0; !method && i < sizeof methods / sizeof methods[0]; i++)
        if (wfrt_str_len(a[0]) == strlen(methods[i]) &&
            strcasecmp(wfrt_str_data(a[0]), methods[i]) == 0)
            method = methods[i];
    if (!method)
        return wfrt_fail(WFRT_TAG_VALUE,
                         "events.create_callback_endpoint: unknown http_callback_method \"%s\"; "
                         "expected GET, HEAD, POST, PUT, DELETE, OPTIONS or PATCH",
                         wfrt_str_data(a[0]));
    wfrt_val url;
    if (!add_endpoint(method, &url))
        return false;
    if (wfrt_opts.trace)
        fprintf(stderr, "callback endpoint %s %s\n", method, wfrt_str_data(url));
    *out = wfrt_map_new(1);
    wfrt_map_set(out, WFRT_LIB_KEY("url"), url);
    return true;
}

/* The monotonic time `seconds` from now (at most some 30 years). */
static struct timespec deadline_after(double seconds)
{
    if (!(seconds > 0))
        seconds = 0;
    else if (seconds > 1e9)
        seconds = 1e9;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    time_t whole = (time_t)seconds;
    long nsec = t.tv_nsec + (long)((seconds - (double)whole) * 1e9);
    t.tv_sec += whole + nsec / 1000000000L;
    t.tv_nsec = nsec % 1000000000L;
    return t;
}

/* Waits for the first request queued at the endpoint of `url` until
 * `deadline`: true with it in *out; false when the time is up (no error
 * set) or no endpoint has that URL (ValueError set). */
static bool take_request(const char *url, const struct timespec *deadline, bool *known,
                         wfrt_val *out)
{
    pthread_mutex_lock(&L.lock);
    struct endpoint *ep = L.endpoints;
    while (ep && strcmp(ep->url, url) != 0)
        ep = ep->next;
    *known = ep != NULL;
    int rc = 0;
    while (ep && ep->npending == 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&L.arrived, &L.lock, deadline);
    bool got = ep && ep->npending > 0;
    if (got) {
        *out = ep->pending[0];
        memmove(ep->pending, ep->pending + 1, --ep->npending * sizeof *ep->pending);
    }
    pthread_mutex_unlock(&L.lock);
    return got;
}

bool wfrt_fn_events_await_callback(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"callback", WFRT_LIB_MAP}, {"timeout", WFRT_LIB_NUMBER | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("events.await_callback", params, a))
        return false;
    const wfrt_val *url = wfrt_map_find(a[0], "url", 3);
    if (!url)
        return wfrt_fail(WFRT_TAG_VALUE,
                         "events.await_callback: the callback has no \"url\"; pass the map "
                         "events.create_callback_endpoint returned");
    if (url->type != WFRT_STRING)
        return wfrt_fail(WFRT_TAG_TYPE,
                         "events.await_callback: the callback's url must be a "
                         "string, got %s",
                         wfrt_type_phrase(*url));
    double timeout = a[1].type == WFRT_ABSENT ? DEFAULT_TIMEOUT : wfrt_lib_num(a[1]);
    if (!(timeout >= 0 && timeout <= MAX_TIMEOUT))
        return wfrt_fail(WFRT_TAG_VALUE,
                         "events.await_callback: timeout must be 0 to %g seconds, got %g",
                         MAX_TIMEOUT, timeout);
    struct timespec deadline = deadline_after(timeout * wfrt_opts.sleep_scale);
    bool known;
    if (take_request(wfrt_str_data(*url), &deadline, &known, out))
        return true;
    if (!known)
        return wfrt_fail(WFRT_TAG_VALUE,
                         "events.await_callback: \"%s\" is not a callback endpoint of this "
                         "execution",
                         wfrt_str_data(*url));
    return wfrt_fail(WFRT_TAG_TIMEOUT,
                     "events.await_callback: no request reached the callback endpoint within "
                     "the timeout of %g s",
                     timeout);
}
