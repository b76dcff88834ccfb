/*
 * lib_events.h - what the two files of the events module share; private to
 * libwfrt. lib_events.c is the module (create_callback_endpoint,
 * await_callback, the endpoints and their queues, starting and stopping
 * the listener); lib_events_http.c speaks HTTP/1.x on the listener's
 * sockets: it reads requests, hands each whole one to the module's
 * handler, and writes the answer.
 */
#ifndef WFRT_LIB_EVENTS_H
#define WFRT_LIB_EVENTS_H

#include "backends/runtime/lib.h"

/* The largest body a callback may carry (413 beyond): Workflows' data
 * size of an execution (spec limits.md, 512 KB for variables, arguments
 * and events), which a larger payload could never fit in. */
#define WFRT_EVENTS_MAX_BODY (512 * 1024)
/* The largest request line and headers together (431 beyond). */
#define WFRT_EVENTS_MAX_HEAD (64 * 1024)
/* Seconds a connection may take to send its whole request (408 after). */
#define WFRT_EVENTS_READ_TIMEOUT 30.0

/* One request, as the client sent it. */
struct wfrt_events_request {
    char *method;         /* a token, as sent (methods are case-sensitive) */
    char *target;         /* origin form: "/path" or "/path?query" */
    wfrt_val headers;     /* a map, as wfrt_http_add_header builds it */
    struct wfrt_buf body; /* without the chunked coding; at most WFRT_EVENTS_MAX_BODY */
};

/* What wfrt_events_parse says besides an HTTP status (>= 400) to answer. */
enum {
    WFRT_EVENTS_MORE = 0,     /* the request is not whole yet */
    WFRT_EVENTS_CONTINUE = 1, /* not whole, and the client waits for 100 Continue */
    WFRT_EVENTS_READY = 2,    /* whole: *rq is filled */
};

/* Parses the bytes a connection sent so far, buf[0..len). On
 * WFRT_EVENTS_READY *rq holds the request (release it with
 * wfrt_events_request_free); on anything else *rq holds nothing. Errors:
 * 400 (malformed; Content-Length with Transfer-Encoding), 413 (body past
 * WFRT_EVENTS_MAX_BODY), 431 (head past WFRT_EVENTS_MAX_HEAD), 501 (a
 * transfer coding other than chunked). Bytes past the request are
 * ignored. */
int wfrt_events_parse(const char *buf, size_t len, struct wfrt_events_request *rq);
void wfrt_events_request_free(struct wfrt_events_request *rq);

/* The answer to one request, which the handler fills in. */
struct wfrt_events_answer {
    int status;        /* 200, or an error status */
    const char *allow; /* for 405: the one method allowed; else NULL */
    char message[160]; /* for an error: what went wrong ("" for the reason phrase) */
};

/* Decides about a whole request; may take rq's body and headers. Runs on
 * the listener's thread. */
typedef void (*wfrt_events_handler)(struct wfrt_events_request *rq,
                                    struct wfrt_events_answer *answer);

struct wfrt_events_listener {
    int listen_fd; /* listening, blocking */
    int stop_fd;   /* readable: stop serving */
    wfrt_events_handler handle;
};

/* Serves connections on l->listen_fd, each with one request, until
 * l->stop_fd becomes readable; then closes every connection it accepted
 * (not the two descriptors) and returns. Answers 200 with "{}" (Google
 * APIs' Empty) or an error {"error": {"code": N, "message": "..."}}, never
 * a body to HEAD. */
void wfrt_events_serve(const struct wfrt_events_listener *l);

#endif
