/*
 * test_http.c - libwfrt's http module called from many threads at once, as
 * parallel branches call it: each thread sends its own requests to the
 * test server (tests/http_server.py, started by tests/http.sh, which
 * passes its port and a closed port) and checks that every response and
 * every error is its own. Under ASan and LSan it also shows that nothing
 * leaks over many calls, 1,000 of them to a server that misbehaves in every
 * way tests/http_server.py knows. The semantics of each function are the cases of
 * testdata/run/http.test.
 *
 * usage: test_http PORT CLOSED_PORT
 */
#include "config.h"

#include "backends/runtime/wfrt.h"
#include "tests/unit/unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define CALLS 30

static int port, closed_port;

struct worker {
    int id;
    int failures;
    char why[256];
};

/* The integer at obj.a.b (NULL-terminated path), or -1. */
static int64_t int_at(wfrt_val obj, const char *const *path)
{
    wfrt_val v = wfrt_retain(obj);
    for (; *path; path++) {
        wfrt_val next;
        if (!wfrt_get_field(v, *path, &next)) {
            wfrt_release(wfrt_error_take());
            wfrt_release(v);
            return -1;
        }
        wfrt_release(v);
        v = next;
    }
    int64_t i = v.type == WFRT_INT ? v.u.i : -1;
    wfrt_release(v);
    return i;
}

static void fail(struct worker *w, const char *what, int call)
{
    if (!w->failures++)
        snprintf(w->why, sizeof w->why, "thread %d, call %d: %s", w->id, call, what);
}

/* POST /echo with {thread, call}: the echoed JSON must be this call's. */
static void echo_call(struct worker *w, int call)
{
    static const char *const thread_path[] = {"body", "json", "thread", NULL};
    static const char *const call_path[] = {"body", "json", "call", NULL};
    wfrt_val body = wfrt_map_new(2), out;
    wfrt_map_set(&body, wfrt_string_cstr("thread"), wfrt_int(w->id));
    wfrt_map_set(&body, wfrt_string_cstr("call"), wfrt_int(call));
    wfrt_val args[3] = {wfrt_string_printf("http://127.0.0.1:%d/echo", port), wfrt_absent(), body};
    if (!wfrt_fn_http_post(args, 3, &out)) {
        wfrt_release(wfrt_error_take());
        fail(w, "http.post failed", call);
    } else {
        if (int_at(out, thread_path) != w->id || int_at(out, call_path) != call)
            fail(w, "the response is another call's", call);
        wfrt_release(out);
    }
    wfrt_release(args[0]);
    wfrt_release(body);
}

/* A call that must fail with `tag`. */
static void error_call(struct worker *w, int call, const char *url, const char *tag)
{
    wfrt_val args[1] = {wfrt_string_cstr(url)}, out;
    if (wfrt_fn_http_get(args, 1, &out)) {
        wfrt_release(out);
        fail(w, "an error was expected", call);
    } else {
        wfrt_val err = wfrt_error_take();
        if (!wfrt_error_has_tag(err, tag))
            fail(w, tag, call);
        wfrt_release(err);
    }
    wfrt_release(args[0]);
}

static void *run_worker(void *p)
{
    struct worker *w = p;
    char url[128];
    for (int i = 0; i < CALLS; i++) {
        echo_call(w, i);
        if (i % 5 == 0) {
            snprintf(url, sizeof url, "http://127.0.0.1:%d/status/404", port);
            error_call(w, i, url, WFRT_TAG_HTTP);
        }
        if (i % 7 == 0) {
            snprintf(url, sizeof url, "http://127.0.0.1:%d/x", closed_port);
            error_call(w, i, url, WFRT_TAG_CONNECTION_FAILED);
        }
    }
    return NULL;
}

/* ---- a misbehaving server: MISBEHAVED calls over THREADS threads ---- */

#define MISBEHAVED 1000

/* What one call to a misbehaving endpoint must give: an error with `tag`,
 * or (tag NULL) a response whose body has type `body_type`. */
struct misbehaviour {
    const char *path;
    double timeout; /* seconds; 0: the default */
    const char *tag;
    wfrt_type body_type;
};

static const struct misbehaviour misbehaviours[] = {
    {"/garbage", 0, WFRT_TAG_CONNECTION, WFRT_NULL},        /* no HTTP at all */
    {"/reset", 0, WFRT_TAG_CONNECTION, WFRT_NULL},          /* RST before a reply */
    {"/truncated", 0, WFRT_TAG_CONNECTION, WFRT_NULL},      /* body cut short */
    {"/big/2097153", 0, WFRT_TAG_RESOURCE_LIMIT, WFRT_NULL}, /* 2 MB + 1 */
    {"/loop", 0, WFRT_TAG_CONNECTION, WFRT_NULL},           /* redirects forever */
    {"/slow/2", 0.05, WFRT_TAG_TIMEOUT, WFRT_NULL},         /* stalls */
    {"/status/500", 0, WFRT_TAG_HTTP, WFRT_NULL},
    {"/type/bad-json", 0, NULL, WFRT_STRING},  /* says JSON, is not: text */
    {"/type/latin1", 0, NULL, WFRT_BYTES},     /* text, but not UTF-8 */
};

#define NMISBEHAVIOURS (sizeof misbehaviours / sizeof misbehaviours[0])

static void misbehaved_call(struct worker *w, int call)
{
    const struct misbehaviour *m = &misbehaviours[(size_t)call % NMISBEHAVIOURS];
    wfrt_val args[2] = {wfrt_string_printf("http://127.0.0.1:%d%s", port, m->path),
                        m->timeout > 0 ? wfrt_double(m->timeout) : wfrt_absent()};
    wfrt_val out;
    bool ok = wfrt_fn_http_get(args, 2, &out);
    if (ok) {
        wfrt_val body;
        if (!wfrt_get_field(out, "body", &body)) {
            wfrt_release(wfrt_error_take());
            body = wfrt_null();
        }
        if (m->tag || body.type != m->body_type)
            fail(w, m->path, call);
        wfrt_release(body);
        wfrt_release(out);
    } else {
        wfrt_val err = wfrt_error_take();
        if (!m->tag || !wfrt_error_has_tag(err, m->tag))
            fail(w, m->path, call);
        wfrt_release(err);
    }
    wfrt_release(args[0]);
}

static void *run_misbehaved(void *p)
{
    struct worker *w = p;
    for (int i = w->id; i < MISBEHAVED; i += THREADS)
        misbehaved_call(w, i);
    return NULL;
}

/* Runs `fn` on THREADS workers; each must have no failure. */
static void run_threads(void *(*fn)(void *), const char *what)
{
    struct worker workers[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){.id = i};
        pthread_create(&threads[i], NULL, fn, &workers[i]);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < THREADS; i++)
        unit_check(workers[i].failures == 0, workers[i].why, "%s/thread-%d", what, i);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_http PORT CLOSED_PORT\n");
        return 2;
    }
    port = atoi(argv[1]);
    closed_port = atoi(argv[2]);
    run_threads(run_worker, "http-threads: calls of its own");
    /* Garbage, resets, truncated and oversized bodies, redirect loops,
     * stalls, wrong content types: each the documented error or value,
     * and (under ASan and LSan) nothing leaks over the 1,000 calls. */
    run_threads(run_misbehaved, "http-misbehaving-server: 1,000 calls");
    return unit_exit();
}
