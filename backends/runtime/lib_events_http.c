/*
 * lib_events_http.c - the HTTP side of callback endpoints (lib_events.h):
 * requests of HTTP/1.0 and 1.1 read from plain sockets, handed whole to
 * the handler of lib_events.c, and answered. It knows nothing of
 * endpoints; which request is recorded is the handler's business.
 *
 * One thread serves every connection with poll(), so a client that
 * connects and says nothing (a browser's speculative connection) delays
 * nobody; it gets 408 after WFRT_EVENTS_READ_TIMEOUT. A connection carries
 * one request, and the answer says "Connection: close". Bodies come with
 * Content-Length or chunked; "Expect: 100-continue" is honoured. No other
 * transfer coding, no TLS, no HTTP/2: this is a local runner's listener,
 * on 127.0.0.1 only.
 *
 * A connection's bytes are parsed again from the start each time more
 * arrive (wfrt_events_parse is a function of the bytes, easy to test);
 * a request is at most some 64 KB of head and 512 KB of body, so that
 * costs little.
 */
#include "config.h"

#include "backends/runtime/lib_events.h"
#include "backends/runtime/lib_http.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- parsing ---- */

/* The offset just past the empty line that ends the head, or 0. */
static size_t head_end(const char *buf, size_t len)
{
    for (size_t i = 1; i < len; i++) {
        if (buf[i] != '\n')
            continue;
        if (buf[i - 1] == '\n' || (i >= 2 && buf[i - 1] == '\r' && buf[i - 2] == '\n'))
            return i + 1;
    }
    return 0;
}

/* The line at *pos (before end), without its "\r\n" or "\n"; advances
 * *pos past it. */
static const char *next_line(const char *buf, size_t end, size_t *pos, size_t *n)
{
    const char *line = buf + *pos;
    const char *nl = memchr(line, '\n', end - *pos);
    size_t len = nl ? (size_t)(nl - line) : end - *pos;
    *pos += len + (nl != NULL);
    if (len && line[len - 1] == '\r')
        len--;
    *n = len;
    return line;
}

/* A NUL-terminated copy of s[0..n), n > 0. */
static char *copy(const char *s, size_t n)
{
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, s, n);
    return b.p;
}

/* METHOD SP request-target SP HTTP-version, the target in origin form. */
static bool request_line(const char *s, size_t n, struct wfrt_events_request *rq)
{
    const char *sp1 = memchr(s, ' ', n);
    const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - s)) : NULL;
    if (!sp2)
        return false;
    size_t mlen = (size_t)(sp1 - s), tlen = (size_t)(sp2 - sp1 - 1);
    size_t vlen = n - (size_t)(sp2 + 1 - s);
    if (!wfrt_http_is_token(s, mlen) || tlen == 0 || sp1[1] != '/' ||
        !(vlen == 8 &&
          (memcmp(sp2 + 1, "HTTP/1.1", 8) == 0 || memcmp(sp2 + 1, "HTTP/1.0", 8) == 0)))
        return false;
    for (size_t i = 0; i < tlen; i++)
        if ((unsigned char)sp1[1 + i] <= ' ' || (unsigned char)sp1[1 + i] >= 0x7f)
            return false;
    rq->method = copy(s, mlen);
    rq->target = copy(sp1 + 1, tlen);
    return true;
}

/* What the headers say about the body. */
struct framing {
    long long length; /* Content-Length, or -1 */
    bool chunked, other_coding, expect_continue;
};

/* Content-Length: digits; a second one must say the same. */
static bool content_length(const char *v, size_t n, struct framing *f)
{
    long long len = 0;
    if (n == 0 || n > 15)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
        len = len * 10 + (v[i] - '0');
    }
    if (f->length >= 0 && f->length != len)
        return false;
    f->length = len;
    return true;
}

/* One header line into rq->headers and *f; false when malformed (a name
 * that is no token, or a folded line, obsolete and refused by RFC 9112). */
static bool header_line(const char *s, size_t n, struct wfrt_events_request *rq, struct framing *f)
{
    const char *colon = memchr(s, ':', n);
    if (!colon || !wfrt_http_is_token(s, (size_t)(colon - s)))
        return false;
    size_t nlen = (size_t)(colon - s), start = nlen + 1, end = n;
    while (start < end && (s[start] == ' ' || s[start] == '\t'))
        start++;
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    const char *v = s + start;
    size_t vlen = end - start;
    if (nlen == 14 && strncasecmp(s, "Content-Length", 14) == 0 && !content_length(v, vlen, f))
        return false;
    if (nlen == 17 && strncasecmp(s, "Transfer-Encoding", 17) == 0) {
        if (vlen == 7 && strncasecmp(v, "chunked", 7) == 0)
            f->chunked = true;
        else
            f->other_coding = true;
    }
    if (nlen == 6 && strncasecmp(s, "Expect", 6) == 0 && vlen == 12 &&
        strncasecmp(v, "100-continue", 12) == 0)
        f->expect_continue = true;
    wfrt_http_add_header(&rq->headers, s, nlen, v, vlen);
    return true;
}

/* The chunked body at p[0..n) into *out: WFRT_EVENTS_MORE, _READY, 400 or
 * 413. Chunk extensions and trailers are read and dropped. */
static int dechunk(const char *p, size_t n, struct wfrt_buf *out)
{
    size_t i = 0;
    for (;;) {
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl)
            return n - i > 1024 ? 400 : WFRT_EVENTS_MORE;
        size_t size = 0, k = i;
        for (; p + k < nl && wfrt_hex_digit(p[k]) >= 0; k++)
            if ((size = size * 16 + (size_t)wfrt_hex_digit(p[k])) > WFRT_EVENTS_MAX_BODY)
                return 413;
        if (k == i || (p + k < nl && !strchr(";\r \t", p[k])))
            return 400;
        i = (size_t)(nl - p) + 1;
        if (size == 0) {
            for (size_t len = 1; len;) { /* trailers, up to the empty line */
                if (!memchr(p + i, '\n', n - i))
                    return WFRT_EVENTS_MORE;
                next_line(p, n, &i, &len);
            }
            return WFRT_EVENTS_READY;
        }
        if (out->len + size > WFRT_EVENTS_MAX_BODY)
            return 413;
        if (n - i < size + 2)
            return WFRT_EVENTS_MORE;
        wfrt_buf_add(out, p + i, size);
        i += size;
        if (p[i] == '\r' && p[i + 1] == '\n')
            i += 2;
        else if (p[i] == '\n')
            i++;
        else
            return 400;
    }
}

/* The body after the head, framed as *f says. */
static int body(const char *p, size_t n, const struct framing *f, struct wfrt_buf *out)
{
    if (f->chunked)
        return dechunk(p, n, out);
    if (f->length <= 0)
        return WFRT_EVENTS_READY;
    if (f->length > WFRT_EVENTS_MAX_BODY)
        return 413;
    if (n < (size_t)f->length)
        return WFRT_EVENTS_MORE;
    wfrt_buf_add(out, p, (size_t)f->length);
    return WFRT_EVENTS_READY;
}

int wfrt_events_parse(const char *buf, size_t len, struct wfrt_events_request *rq)
{
    *rq = (struct wfrt_events_request){.headers = wfrt_map_new(8)};
    size_t end = head_end(buf, len), pos = 0, n;
    int status = WFRT_EVENTS_MORE;
    struct framing f = {.length = -1};
    if (!end || end > WFRT_EVENTS_MAX_HEAD) {
        status = end || len > WFRT_EVENTS_MAX_HEAD ? 431 : WFRT_EVENTS_MORE;
        goto done;
    }
    const char *line = next_line(buf, end, &pos, &n);
    status = request_line(line, n, rq) ? WFRT_EVENTS_READY : 400;
    while (status == WFRT_EVENTS_READY && (line = next_line(buf, end, &pos, &n), n > 0))
        if (!header_line(line, n, rq, &f))
            status = 400;
    if (status == WFRT_EVENTS_READY && f.other_coding)
        status = 501;
    else if (status == WFRT_EVENTS_READY && f.chunked && f.length >= 0)
        status = 400; /* which one frames the body? a smuggling attempt */
    if (status == WFRT_EVENTS_READY)
        status = body(buf + end, len - end, &f, &rq->body);
    if (status == WFRT_EVENTS_MORE && f.expect_continue)
        status = WFRT_EVENTS_CONTINUE;
done:
    if (status != WFRT_EVENTS_READY)
        wfrt_events_request_free(rq);
    return status;
}

void wfrt_events_request_free(struct wfrt_events_request *rq)
{
    free(rq->method);
    free(rq->target);
    wfrt_release(rq->headers);
    wfrt_buf_free(&rq->body);
    *rq = (struct wfrt_events_request){.headers = wfrt_null()};
}

/* ---- answering ---- */

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    default:
        return "Internal Server Error";
    }
}

/* Writes what the socket takes without blocking: the answers are small,
 * and a client that reads nothing must not stop the listener. */
static void send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t sent = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return;
        p += sent;
        n -= (size_t)sent;
    }
}

static void answer(int fd, const struct wfrt_events_answer *a, bool head)
{
    char body[256], text[768];
    if (a->status == 200)
        snprintf(body, sizeof body, "{}");
    else
        snprintf(body, sizeof body, "{\"error\":{\"code\":%d,\"message\":\"%s\"}}", a->status,
                 a->message[0] ? a->message : reason(a->status));
    int n = snprintf(text, sizeof text,
                     "HTTP/1.1 %d %s\r\n"
                     "Content-Type: application/json; charset=utf-8\r\n"
                     "Content-Length: %zu\r\n"
                     "%s%s%s"
                     "Connection: close\r\n\r\n"
                     "%s",
                     a->status, reason(a->status), strlen(body), a->allow ? "Allow: " : "",
                     a->allow ? a->allow : "", a->allow ? "\r\n" : "", head ? "" : body);
    send_all(fd, text, n > 0 && (size_t)n < sizeof text ? (size_t)n : 0);
}

/* ---- serving ---- */

#define MAX_CONNECTIONS 16

struct conn {
    int fd;
    struct wfrt_buf in; /* what it sent so far */
    double deadline;    /* monotonic seconds: 408 then */
    bool continued;     /* 100 Continue was sent */
};

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads what came on c; false when the connection is over (answered,
 * or gone before its request was whole). */
static bool on_readable(const struct wfrt_events_listener *l, struct conn *c)
{
    char chunk[16384];
    ssize_t got = recv(c->fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (got < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    if (got == 0)
        return false;
    wfrt_buf_add(&c->in, chunk, (size_t)got);
    struct wfrt_events_request rq;
    /* Chunked framing may add to the body's bytes, but not twice over. */
    int status = c->in.len > WFRT_EVENTS_MAX_HEAD + 2 * (size_t)WFRT_EVENTS_MAX_BODY
                     ? 413
                     : wfrt_events_parse(c->in.p, c->in.len, &rq);
    if (status == WFRT_EVENTS_MORE)
        return true;
    if (status == WFRT_EVENTS_CONTINUE) {
        if (!c->continued)
            send_all(c->fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
        c->continued = true;
        return true;
    }
    struct wfrt_events_answer a = {.status = status};
    if (status == WFRT_EVENTS_READY) {
        l->handle(&rq, &a);
        answer(c->fd, &a, strcmp(rq.method, "HEAD") == 0);
        wfrt_events_request_free(&rq);
    } else {
        answer(c->fd, &a, false);
    }
    return false;
}

static void end_conn(struct conn *c)
{
    shutdown(c->fd, SHUT_WR);
    close(c->fd);
    wfrt_buf_free(&c->in);
}

/* Waits for the next event: milliseconds up to the first deadline. */
static int poll_timeout(const struct conn *conns, size_t n)
{
    if (n == 0)
        return -1;
    double first = conns[0].deadline;
    for (size_t i = 1; i < n; i++)
        if (conns[i].deadline < first)
            first = conns[i].deadline;
    double left = first - monotonic();
    return left <= 0 ? 0 : (int)(left * 1000) + 1;
}

void wfrt_events_serve(const struct wfrt_events_listener *l)
{
    struct conn conns[MAX_CONNECTIONS];
    struct pollfd fds[MAX_CONNECTIONS + 2];
    size_t n = 0;
    for (;;) {
        fds[0] = (struct pollfd){.fd = l->stop_fd, .events = POLLIN};
        /* With every slot taken, new connections wait in the backlog. */
        fds[1] = (struct pollfd){.fd = l->listen_fd, .events = n < MAX_CONNECTIONS ? POLLIN : 0};
        for (size_t i = 0; i < n; i++)
            fds[2 + i] = (struct pollfd){.fd = conns[i].fd, .events = POLLIN};
        if (poll(fds, n + 2, poll_timeout(conns, n)) < 0 && errno != EINTR)
            break;
        if (fds[0].revents)
            break;
        /* From the last, so that moving the last into a freed slot skips nothing. */
        double now = monotonic();
        for (size_t i = n; i-- > 0;) {
            bool open = !fds[2 + i].revents || on_readable(l, &conns[i]);
            if (open && now >= conns[i].deadline) {
                answer(conns[i].fd, &(struct wfrt_events_answer){.status = 408}, false);
                open = false;
            }
            if (!open) {
                end_conn(&conns[i]);
                conns[i] = conns[--n];
            }
        }
        if (fds[1].revents & POLLIN) {
            int fd = accept(l->listen_fd, NULL, NULL);
            if (fd >= 0)
                conns[n++] = (struct conn){.fd = fd, .deadline = now + WFRT_EVENTS_READ_TIMEOUT};
        }
    }
    for (size_t i = 0; i < n; i++)
        end_conn(&conns[i]);
}
