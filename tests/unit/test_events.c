/*
 * test_events.c - the events module of libwfrt (backends/runtime/
 * lib_events.c and lib_events_http.c) where the workflows of
 * testdata/run/events.test cannot look: the HTTP parser on exact bytes
 * (partial requests, chunked bodies, Expect: 100-continue, the limits),
 * the listener's answers to raw requests (404, 405 with Allow, 429, HEAD,
 * an idle connection that must not hold up others), an await that blocks
 * until another thread's request comes, the trace line, and stopping and
 * starting again. Under ASan and LSan it also shows that the listener's
 * thread and the requests no await took end cleanly.
 */
#include "config.h"

#include "backends/runtime/lib_events.h"
#include "tests/unit/unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---- */

/* Compact JSON of v, owned by the caller ("<bytes>" and the like when JSON
 * cannot hold it). */
static char *json(wfrt_val v)
{
    wfrt_val text;
    if (!wfrt_json_encode(v, -1, &text)) {
        wfrt_release(wfrt_error_take());
        return strdup("<not JSON>");
    }
    char *s = strdup(wfrt_str_data(text));
    wfrt_release(text);
    return s;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* events.create_callback_endpoint(method) (NULL: absent): the URL, owned. */
static char *create(const char *method)
{
    wfrt_val arg = method ? wfrt_string_cstr(method) : wfrt_absent(), out;
    char *url = NULL;
    if (wfrt_fn_events_create_callback_endpoint(&arg, 1, &out)) {
        const wfrt_val *u = wfrt_map_find(out, "url", 3);
        url = u && u->type == WFRT_STRING ? strdup(wfrt_str_data(*u)) : NULL;
        wfrt_release(out);
    } else {
        wfrt_release(wfrt_error_take());
    }
    wfrt_release(arg);
    return url;
}

/* events.await_callback({url}, timeout): true with the event in *out, or
 * false with the error's first tag in tag. */
static bool await(const char *url, double timeout, wfrt_val *out, char *tag, size_t size)
{
    wfrt_val args[2] = {wfrt_map_new(1), wfrt_double(timeout)};
    wfrt_map_set(&args[0], WFRT_LIB_KEY("url"), wfrt_string_cstr(url));
    bool ok = wfrt_fn_events_await_callback(args, 2, out);
    wfrt_release(args[0]);
    snprintf(tag, size, "%s", "");
    if (!ok) {
        wfrt_val err = wfrt_error_take();
        const wfrt_val *tags = wfrt_map_find(err, "tags", 4);
        if (tags && tags->type == WFRT_LIST && wfrt_list_len(*tags) > 0)
            snprintf(tag, size, "%s", wfrt_str_data(wfrt_list_at(*tags, 0)));
        wfrt_release(err);
    }
    return ok;
}

/* The port and the path of a callback URL. */
static unsigned port_of(const char *url)
{
    unsigned port = 0;
    return sscanf(url, "http://127.0.0.1:%u", &port) == 1 ? port : 0;
}

static const char *path_of(const char *url)
{
    const char *p = strstr(url, "://");
    return p ? strchr(p + 3, '/') : url;
}

static int connect_to(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {5, 0}; /* no test waits forever */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads until the server closes (or 5 s pass) into buf; the status. */
static int read_answer(int fd, char *buf, size_t size)
{
    size_t n = 0;
    ssize_t got;
    while (n + 1 < size && (got = recv(fd, buf + n, size - 1 - n, 0)) > 0)
        n += (size_t)got;
    buf[n] = '\0';
    int status = 0;
    sscanf(buf, "HTTP/1.1 %d", &status);
    return status;
}

/* Sends `request` as it is to the listener of `url`; the answer's status
 * (-1 when no connection), the whole answer in buf. */
static int raw(const char *url, const char *request, char *buf, size_t size)
{
    int fd = connect_to(port_of(url));
    if (fd < 0)
        return -1;
    send(fd, request, strlen(request), MSG_NOSIGNAL);
    int status = read_answer(fd, buf, size);
    close(fd);
    return status;
}

/* A request with a body and Content-Length to the path of `url` plus
 * `suffix`. */
static int post(const char *method, const char *url, const char *suffix, const char *type,
                const char *body)
{
    char req[4096], answer[2048];
    snprintf(req, sizeof req,
             "%s %s%s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n%s",
             method, path_of(url), suffix, type, strlen(body), body);
    return raw(url, req, answer, sizeof answer);
}

/* The JSON of field `name` of the event's http_request, owned. */
static char *field(wfrt_val ev, const char *name)
{
    wfrt_val http, v;
    if (!wfrt_get_field(ev, "http_request", &http)) {
        wfrt_release(wfrt_error_take());
        return strdup("<none>");
    }
    char *s = wfrt_get_field(http, name, &v) ? json(v) : strdup("<none>");
    if (wfrt_error_pending())
        wfrt_release(wfrt_error_take());
    else
        wfrt_release(v);
    wfrt_release(http);
    return s;
}

static void expect_field(wfrt_val ev, const char *name, const char *want, const char *what)
{
    char *got = field(ev, name);
    char why[512];
    snprintf(why, sizeof why, "got %s, expected %s", got, want);
    unit_check(strcmp(got, want) == 0, why, "%s: http_request.%s", what, name);
    free(got);
}

/* ---- the parser ---- */

static const struct {
    const char *name, *bytes;
    int status;
    const char *method, *target, *body;
} parses[] = {
    {"get", "GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n", WFRT_EVENTS_READY, "GET", "/a?b=1", ""},
    {"bare-lf", "GET / HTTP/1.0\nHost: x\n\n", WFRT_EVENTS_READY, "GET", "/", ""},
    {"head-incomplete", "POST /a HTTP/1.1\r\nHost: x\r\n", WFRT_EVENTS_MORE, NULL, NULL, NULL},
    {"body-incomplete", "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", WFRT_EVENTS_MORE, NULL,
     NULL, NULL},
    {"body", "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcdeXTRA", WFRT_EVENTS_READY, "POST",
     "/a", "abcde"},
    {"expect-continue", "POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
     WFRT_EVENTS_CONTINUE, NULL, NULL, NULL},
    {"chunked",
     "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\n"
     "Trailer: t\r\n\r\n",
     WFRT_EVENTS_READY, "POST", "/a", "abcde"},
    {"chunked-incomplete", "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
     WFRT_EVENTS_MORE, NULL, NULL, NULL},
    {"chunked-bad-size", "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, NULL,
     NULL, NULL},
    {"chunked-too-big", "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n", 413,
     NULL, NULL, NULL},
    {"length-too-big", "POST /a HTTP/1.1\r\nContent-Length: 524289\r\n\r\n", 413, NULL, NULL, NULL},
    {"length-conflict", "POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
     NULL, NULL, NULL},
    {"length-and-chunked",
     "POST /a HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, NULL, NULL,
     NULL},
    {"gzip-coding", "POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, NULL, NULL, NULL},
    {"absolute-target", "GET http://x/a HTTP/1.1\r\n\r\n", 400, NULL, NULL, NULL},
    {"http2", "GET / HTTP/2.0\r\n\r\n", 400, NULL, NULL, NULL},
    {"folded-header", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 400, NULL, NULL, NULL},
    {"bad-method", "G(T / HTTP/1.1\r\n\r\n", 400, NULL, NULL, NULL},
    {"space-in-target", "GET /a b HTTP/1.1\r\n\r\n", 400, NULL, NULL, NULL},
};

static void test_parse(void)
{
    for (size_t i = 0; i < sizeof parses / sizeof parses[0]; i++) {
        struct wfrt_events_request rq;
        int st = wfrt_events_parse(parses[i].bytes, strlen(parses[i].bytes), &rq);
        char why[256];
        snprintf(why, sizeof why, "status %d, expected %d", st, parses[i].status);
        bool ok = st == parses[i].status;
        if (ok && st == WFRT_EVENTS_READY) {
            const char *body = rq.body.p ? rq.body.p : "";
            ok = strcmp(rq.method, parses[i].method) == 0 &&
                 strcmp(rq.target, parses[i].target) == 0 && strcmp(body, parses[i].body) == 0;
            snprintf(why, sizeof why, "read %s %s [%s]", rq.method, rq.target, body);
            wfrt_events_request_free(&rq);
        }
        unit_check(ok, why, "parse/%s", parses[i].name);
    }
    /* Headers: canonical names, repeated ones joined. */
    const char *text = "GET / HTTP/1.1\r\ncontent-type:  text/plain \r\nX-a: 1\r\nx-A: 2\r\n\r\n";
    struct wfrt_events_request rq;
    char *got = NULL;
    if (wfrt_events_parse(text, strlen(text), &rq) == WFRT_EVENTS_READY) {
        got = json(rq.headers);
        wfrt_events_request_free(&rq);
    }
    const char *want = "{\"Content-Type\":\"text/plain\",\"X-A\":\"1, 2\"}";
    unit_check(got && strcmp(got, want) == 0, got, "parse/headers");
    free(got);
    /* A head that never ends, past the limit. */
    size_t n = WFRT_EVENTS_MAX_HEAD + 10;
    char *big = malloc(n);
    memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
    memset(big + 19, 'a', n - 19);
    unit_check(wfrt_events_parse(big, n, &rq) == 431, NULL, "parse/head-too-big");
    free(big);
}

/* ---- the listener ---- */

static void test_create(void)
{
    static const char *const vars[] = {"GOOGLE_CLOUD_PROJECT_ID", "GOOGLE_CLOUD_LOCATION",
                                       "GOOGLE_CLOUD_WORKFLOW_ID",
                                       "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    char *a = create(NULL), *b = create("get");
    const char *shape = "/v1/projects/local/locations/local/workflows/local/executions/";
    unit_check(a && port_of(a) > 0 && strstr(a, shape) && strstr(a, "/callbacks/"), a,
               "create: http://127.0.0.1:PORT/v1/projects/local/.../callbacks/ID");
    unit_check(a && b && strcmp(a, b) != 0 && port_of(a) == port_of(b), b,
               "create: two endpoints, two URLs, one listener");
    char *bad = create("FETCH");
    unit_check(!bad, bad, "create: an unknown method is refused");
    wfrt_events_stop();
    setenv("GOOGLE_CLOUD_PROJECT_ID", "my proj", 1);
    setenv("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID", "e1", 1);
    char *c = create("POST");
    unit_check(c && strstr(c, "/projects/my%20proj/locations/local/workflows/local/executions/e1/"
                              "callbacks/"),
               c, "create: the names come from GOOGLE_CLOUD_* when set");
    unsetenv("GOOGLE_CLOUD_PROJECT_ID");
    unsetenv("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID");
    wfrt_events_stop();
    free(a);
    free(b);
    free(c);
}

static void test_answers(void)
{
    char *url = create("POST"), *head = create("HEAD"), buf[2048], req[1024];
    if (!url || !head) {
        unit_check(false, "no endpoint", "answers: endpoints");
        return;
    }
    int st = post("POST", url, "", "application/json", "{\"a\":1}");
    unit_check(st == 200, NULL, "answers: POST to a POST endpoint is 200");
    snprintf(req, sizeof req, "POST %s HTTP/1.1\r\nContent-Length: 0\r\n\r\n", path_of(url));
    st = raw(url, req, buf, sizeof buf);
    unit_check(st == 200 && strstr(buf, "\r\n\r\n{}"), buf, "answers: the body of 200 is {}");
    st = raw(url, "POST /nowhere HTTP/1.1\r\nContent-Length: 0\r\n\r\n", buf, sizeof buf);
    unit_check(st == 404 && strstr(buf, "\"code\":404"), buf, "answers: an unknown path is 404");
    snprintf(req, sizeof req, "GET %s HTTP/1.1\r\n\r\n", path_of(url));
    st = raw(url, req, buf, sizeof buf);
    unit_check(st == 405 && strstr(buf, "\r\nAllow: POST\r\n"), buf,
               "answers: another method is 405 with Allow: POST");
    snprintf(req, sizeof req, "HEAD %s HTTP/1.1\r\n\r\n", path_of(head));
    st = raw(head, req, buf, sizeof buf);
    unit_check(st == 200 && strstr(buf, "\r\n\r\n") && !strstr(buf, "\r\n\r\n{"), buf,
               "answers: HEAD gets no body");
    st = raw(url, "BREW / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", buf, sizeof buf);
    unit_check(st == 501, buf, "answers: an unknown coding is 501");

    wfrt_val ev;
    char tag[64];
    bool ok = await(url, 0, &ev, tag, sizeof tag);
    unit_check(ok, tag, "await: the request recorded before is there");
    if (ok) {
        expect_field(ev, "body", "{\"a\":1}", "await");
        expect_field(ev, "method", "\"POST\"", "await");
        expect_field(ev, "query", "{}", "await");
        char want[512];
        snprintf(want, sizeof want, "\"%s\"", path_of(url));
        expect_field(ev, "url", want, "await");
        wfrt_release(ev);
    }
    ok = await(head, 0, &ev, tag, sizeof tag);
    if (ok) {
        expect_field(ev, "method", "\"HEAD\"", "await HEAD");
        expect_field(ev, "body", "null", "await HEAD");
        wfrt_release(ev);
    }
    unit_check(ok, tag, "await: HEAD was recorded");
    free(url);
    free(head);
}

static void test_queue(void)
{
    char *url = create(NULL), tag[64];
    int accepted = 0, st = 0;
    for (int i = 0; i < 101; i++) {
        char body[32];
        snprintf(body, sizeof body, "%d", i);
        st = post("POST", url, "", "application/json", body);
        accepted += st == 200;
    }
    unit_check(accepted == 100 && st == 429, NULL,
               "queue: 100 requests wait, the 101st is 429 (got %d, then %d)", accepted, st);
    bool in_order = true;
    for (int i = 0; i < 100; i++) {
        wfrt_val ev;
        if (!await(url, 0, &ev, tag, sizeof tag)) {
            in_order = false;
            break;
        }
        char *body = field(ev, "body"), want[32];
        snprintf(want, sizeof want, "%d", i);
        in_order = in_order && strcmp(body, want) == 0;
        free(body);
        wfrt_release(ev);
    }
    unit_check(in_order, NULL, "queue: awaits take the requests in the order they came");
    wfrt_val ev;
    unit_check(!await(url, 0, &ev, tag, sizeof tag) && strcmp(tag, "TimeoutError") == 0, tag,
               "queue: then, at timeout 0, TimeoutError");
    /* Queries: names in order, each with its values. */
    post("POST", url, "?a=1&b=x+y&a=%C3%A9&flag&=e&bad=%zz", "text/plain", "hi");
    if (await(url, 0, &ev, tag, sizeof tag)) {
        expect_field(ev, "query",
                     "{\"a\":[\"1\",\"\xc3\xa9\"],\"b\":[\"x y\"],\"flag\":[\"\"],\"\":[\"e\"],"
                     "\"bad\":[\"%zz\"]}",
                     "query");
        expect_field(ev, "body", "\"hi\"", "query");
        wfrt_release(ev);
    } else {
        unit_check(false, tag, "query: recorded");
    }
    /* Left in the queue for wfrt_events_stop to free. */
    post("POST", url, "", "application/json", "[1, 2, {\"left\": true}]");
    free(url);
}

static void test_connections(void)
{
    char *url = create(NULL), buf[2048], req[1024];
    /* A client that connects and says nothing holds up no other. */
    int idle = connect_to(port_of(url));
    double t0 = now();
    int st = post("POST", url, "", "application/json", "1");
    unit_check(st == 200 && now() - t0 < 2, NULL, "connections: an idle one delays nobody");
    /* Expect: 100-continue, then the body. */
    int fd = connect_to(port_of(url));
    snprintf(req, sizeof req,
             "POST %s HTTP/1.1\r\nExpect: 100-continue\r\nContent-Type: application/json\r\n"
             "Content-Length: 7\r\n\r\n",
             path_of(url));
    send(fd, req, strlen(req), MSG_NOSIGNAL);
    ssize_t got = recv(fd, buf, 25, 0);
    bool cont = got == 25 && memcmp(buf, "HTTP/1.1 100 Continue\r\n\r\n", 25) == 0;
    send(fd, "{\"x\":2}", 7, MSG_NOSIGNAL);
    st = read_answer(fd, buf, sizeof buf);
    close(fd);
    unit_check(cont && st == 200, buf, "connections: Expect: 100-continue is answered");
    /* Chunked, in pieces. */
    fd = connect_to(port_of(url));
    snprintf(req, sizeof req,
             "POST %s HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json"
             "\r\n\r\n2\r\n[3",
             path_of(url));
    send(fd, req, strlen(req), MSG_NOSIGNAL);
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    send(fd, "\r\n1\r\n]\r\n0\r\n\r\n", 14, MSG_NOSIGNAL);
    st = read_answer(fd, buf, sizeof buf);
    close(fd);
    unit_check(st == 200, buf, "connections: a chunked body in pieces");
    close(idle);
    wfrt_val ev;
    char tag[64];
    const char *want[] = {"1", "{\"x\":2}", "[3]"};
    for (size_t i = 0; i < 3; i++) {
        bool ok = await(url, 0, &ev, tag, sizeof tag);
        if (ok) {
            expect_field(ev, "body", want[i], "connections");
            wfrt_release(ev);
        } else {
            unit_check(false, tag, "connections: request %zu recorded", i + 1);
        }
    }
    free(url);
}

/* ---- waiting ---- */

struct later {
    const char *url;
    int status;
};

static void *post_later(void *arg)
{
    struct later *l = arg;
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    l->status = post("PUT", l->url, "?n=1", "application/json", "{\"late\":true}");
    return NULL;
}

/* Whether await(url, timeout) at --sleep-scale `scale` raises TimeoutError;
 * the seconds it took into *took. */
static bool times_out(const char *url, double timeout, double scale, double *took)
{
    wfrt_opts.sleep_scale = scale;
    double t0 = now();
    wfrt_val ev;
    char tag[64];
    bool ok = await(url, timeout, &ev, tag, sizeof tag);
    *took = now() - t0;
    if (ok)
        wfrt_release(ev);
    return !ok && strcmp(tag, "TimeoutError") == 0;
}

static void test_wait(void)
{
    char *url = create("PUT"), tag[64];
    wfrt_opts.sleep_scale = 1;
    struct later l = {url, 0};
    pthread_t t;
    pthread_create(&t, NULL, post_later, &l);
    double t0 = now();
    wfrt_val ev;
    bool ok = await(url, 30, &ev, tag, sizeof tag);
    double waited = now() - t0;
    pthread_join(t, NULL);
    unit_check(ok && waited > 0.1 && waited < 10 && l.status == 200, tag,
               "wait: await blocks until the request comes (%.2f s)", waited);
    if (ok) {
        expect_field(ev, "body", "{\"late\":true}", "wait");
        expect_field(ev, "query", "{\"n\":[\"1\"]}", "wait");
        wfrt_val rt, parsed;
        bool readable =
            wfrt_get_field(ev, "received_time", &rt) && wfrt_fn_time_parse(&rt, 1, &parsed);
        if (readable)
            wfrt_release(parsed);
        wfrt_release(wfrt_error_take());
        wfrt_release(rt);
        unit_check(readable, NULL, "wait: received_time is what time.parse reads");
        wfrt_release(ev);
    }
    double took;
    bool timed_out = times_out(url, 0.2, 1, &took);
    unit_check(timed_out && took > 0.15 && took < 5, NULL,
               "wait: timeout 0.2 raises TimeoutError after 0.2 s (%.2f s)", took);
    timed_out = times_out(url, 10, 0.01, &took);
    unit_check(timed_out && took > 0.05 && took < 5, NULL,
               "wait: --sleep-scale 0.01 makes timeout 10 last 0.1 s (%.2f s)", took);
    timed_out = times_out(url, 3600, 0, &took);
    unit_check(timed_out && took < 1, NULL, "wait: --sleep-scale 0 times out at once (%.2f s)",
               took);
    free(url);
}

static void test_await_errors(void)
{
    char *url = create(NULL), tag[64];
    wfrt_val ev;
    unit_check(!await("http://127.0.0.1:1/v1/x", 0, &ev, tag, sizeof tag) &&
                   strcmp(tag, "ValueError") == 0,
               tag, "await: an URL of no endpoint is a ValueError");
    unit_check(!await(url, -1, &ev, tag, sizeof tag) && strcmp(tag, "ValueError") == 0, tag,
               "await: a negative timeout is a ValueError");
    unit_check(!await(url, 1e9, &ev, tag, sizeof tag) && strcmp(tag, "ValueError") == 0, tag,
               "await: a timeout past a year is a ValueError");
    wfrt_val args[1] = {wfrt_map_new(1)};
    bool ok = wfrt_fn_events_await_callback(args, 1, &ev);
    wfrt_val err = wfrt_error_take();
    unit_check(!ok && wfrt_error_has_tag(err, "ValueError"), NULL,
               "await: a callback without url is a ValueError");
    wfrt_release(err);
    wfrt_map_set(&args[0], WFRT_LIB_KEY("url"), wfrt_int(1));
    ok = wfrt_fn_events_await_callback(args, 1, &ev);
    err = wfrt_error_take();
    unit_check(!ok && wfrt_error_has_tag(err, "TypeError"), NULL,
               "await: a url that is no string is a TypeError");
    wfrt_release(err);
    wfrt_release(args[0]);
    free(url);
}

/* ---- trace and stop ---- */

/* The options change only while no listener runs, as in the runner,
 * where they are set before the workflow starts. */
static void test_trace_and_stop(void)
{
    wfrt_events_stop();
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    wfrt_opts.trace = true;
    char *url = create("GET"), buf[1024];
    int st = raw(url, "GET /nowhere HTTP/1.1\r\n\r\n", buf, sizeof buf);
    unsigned port = port_of(url);
    wfrt_events_stop();
    wfrt_opts.trace = false;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[4096] = "";
    rewind(tmp);
    size_t n = fread(text, 1, sizeof text - 1, tmp);
    text[n] = '\0';
    fclose(tmp);
    char want[600];
    snprintf(want, sizeof want, "callback endpoint GET %s\n", url);
    unit_check(strstr(text, want) != NULL, text, "trace: the endpoint's URL");
    unit_check(st == 404 && strstr(text, "callback GET /nowhere -> 404\n"), text,
               "trace: each request and its answer");

    int fd = connect_to(port);
    unit_check(fd < 0, NULL, "stop: the port is closed");
    if (fd >= 0)
        close(fd);
    wfrt_val ev;
    char tag[64];
    unit_check(!await(url, 0, &ev, tag, sizeof tag) && strcmp(tag, "ValueError") == 0, tag,
               "stop: the endpoints are gone");
    wfrt_events_stop(); /* twice is nothing */
    char *again = create(NULL);
    unit_check(again && post("POST", again, "", "text/plain", "x") == 200, again,
               "stop: a new endpoint starts a new listener");
    free(url);
    free(again);
}

int main(void)
{
    test_parse();
    test_create();
    test_answers();
    test_queue();
    test_connections();
    test_wait();
    test_await_errors();
    test_trace_and_stop();
    wfrt_events_stop();
    return unit_exit();
}
