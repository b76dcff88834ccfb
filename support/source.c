/*
 * source.c - loading input files and mapping between line:col and bytes.
 *
 * One pass over the bytes validates UTF-8 and records line starts; it is the
 * only pass we add on top of libyaml's own, so it is written for speed
 * (ASCII runs are skipped eight bytes at a time).
 */
#include "config.h"

#include "support/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int wf_utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

uint32_t wf_utf8_decode(const char *p, int *len)
{
    const unsigned char *u = (const unsigned char *)p;
    int n = wf_utf8_len(u[0]);
    uint32_t cp;
    switch (n) {
    case 2:
        cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        break;
    case 3:
        cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        break;
    case 4:
        cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
             ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        break;
    default:
        cp = u[0];
        break;
    }
    *len = n;
    return cp;
}

size_t wf_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

int wf_char_width(uint32_t cp)
{
    if (cp == 0 || (cp >= 0x300 && cp <= 0x36F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0; /* combining marks, zero-width space, variation selectors */
    /* East Asian Wide and Fullwidth blocks, and the emoji planes. */
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

int wf_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    unsigned char c = s[i];
    int len = wf_utf8_len(c);
    if (len == 1)
        return c < 0x80 ? 1 : 0;
    if (i + (size_t)len > n)
        return 0;
    for (int k = 1; k < len; k++)
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
    uint32_t cp = wf_utf8_decode((const char *)s + i, &len);
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

struct line_vec {
    size_t *v;
    size_t n, cap;
};

static void push_line(struct line_vec *lv, size_t off)
{
    if (lv->n == lv->cap) {
        lv->cap = lv->cap ? lv->cap * 2 : 256;
        lv->v = wf_xrealloc(lv->v, lv->cap * sizeof *lv->v);
    }
    lv->v[lv->n++] = off;
}

static void encoding_error(wf_arena *a, struct wf_source_error *err, const struct line_vec *lv,
                           const char *text, size_t at, const char *msg)
{
    size_t start = lv->v[lv->n - 1];
    err->msg = wf_arena_strndup(a, msg, strlen(msg));
    err->line = (int)lv->n;
    err->col = (int)wf_utf8_count(text + start, at - start) + 1;
}

/* Validates the text and fills the line table. Returns false (with `err`
 * filled) at the first problem; the line table then covers the text up to
 * and including the offending line. */
static bool scan(wf_arena *a, wf_source *src, struct wf_source_error *err)
{
    const unsigned char *s = (const unsigned char *)src->text;
    size_t n = src->len, i = src->body;
    struct line_vec lv = {0};
    bool ok = true;
    src->ascii = true;
    push_line(&lv, i);
    while (i < n) {
        /* Skip runs of ordinary ASCII quickly. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            /* any byte < 0x0E (NUL, CR, LF among them)? */
            uint64_t low = (w - 0x0E0E0E0E0E0E0E0Eull) & ~w & 0x8080808080808080ull;
            if (low)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c == '\n') {
            push_line(&lv, ++i);
        } else if (c == '\r') {
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            push_line(&lv, i);
        } else if (c == 0) {
            encoding_error(a, err, &lv, src->text, i,
                           "file contains a NUL byte; a workflow must be UTF-8 text");
            ok = false;
            break;
        } else if (c < 0x80) {
            i++;
        } else {
            src->ascii = false;
            int len = wf_utf8_valid((const char *)s + i, n - i);
            if (len == 0) {
                encoding_error(a, err, &lv, src->text, i,
                               "invalid UTF-8 byte sequence; a workflow must be UTF-8 text");
                ok = false;
                break;
            }
            /* NEL, LS and PS are line breaks for YAML (and so for libyaml's marks). */
            bool brk = (len == 2 && c == 0xC2 && s[i + 1] == 0x85) ||
                       (len == 3 && c == 0xE2 && s[i + 1] == 0x80 &&
                        (s[i + 2] == 0xA8 || s[i + 2] == 0xA9));
            i += (size_t)len;
            if (brk)
                push_line(&lv, i);
        }
    }
    size_t *lines = wf_arena_array(a, lv.n, sizeof *lines);
    memcpy(lines, lv.v, lv.n * sizeof *lines);
    src->lines = lines;
    src->nlines = lv.n;
    free(lv.v);
    return ok;
}

/* A source over `text`, which is already in the arena and terminated. */
static wf_source *make_source(wf_arena *a, const char *name, const char *text, size_t len,
                              struct wf_source_error *err)
{
    wf_source *src = wf_arena_zalloc(a, sizeof *src);
    src->name = wf_arena_strndup(a, name, strlen(name));
    src->text = text;
    src->len = len;
    err->msg = NULL;
    err->line = err->col = 0;
    const unsigned char *u = (const unsigned char *)src->text;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        src->body = 3;
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        static const size_t first = 0;
        src->lines = &first;
        src->nlines = 1;
        err->msg = "file is UTF-16 or UTF-32 encoded (it starts with such a byte order mark); "
                   "a workflow must be UTF-8 text";
        err->line = err->col = 1;
        return src;
    }
    scan(a, src, err);
    return src;
}

wf_source *wf_source_from_bytes(wf_arena *a, const char *name, const char *text, size_t len,
                                struct wf_source_error *err)
{
    return make_source(a, name, wf_arena_strndup(a, text, len), len, err);
}

/* Diagnostic wording is lowercase: "No such file" becomes "no such file". */
static wf_source *io_error(wf_arena *a, struct wf_source_error *err, const char *what)
{
    char *msg = wf_arena_strndup(a, what, strlen(what));
    if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
        msg[0] = (char)(msg[0] - 'A' + 'a');
    err->msg = msg;
    err->line = err->col = 0;
    return NULL;
}

/* Reads all of standard input (bounded like a file). */
/* Reads `fd` to its end: standard input, and files whose size stat does
 * not tell (those of /proc say 0). */
static wf_source *load_stream(wf_arena *a, int fd, const char *name,
                              struct wf_source_error *err)
{
    size_t cap = 64 * 1024, len = 0;
    char *buf = wf_xmalloc(cap);
    for (;;) {
        if (len == cap) {
            if (cap >= WF_SOURCE_MAX_BYTES) {
                free(buf);
                return io_error(a, err,
                                wf_arena_printf(a, "%s is too large; wfc reads at most %u MB",
                                                fd == STDIN_FILENO ? "standard input" : "the file",
                                                WF_SOURCE_MAX_BYTES >> 20));
            }
            cap *= 2;
            buf = wf_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return io_error(a, err, strerror(errno));
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    wf_source *src = wf_source_from_bytes(a, name, buf, len, err);
    free(buf);
    return src;
}

wf_source *wf_source_load(wf_arena *a, const char *path, struct wf_source_error *err)
{
    if (strcmp(path, "-") == 0)
        return load_stream(a, STDIN_FILENO, "<stdin>", err);
    wf_source *src = NULL;
    char *buf = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return io_error(a, err, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        src = io_error(a, err, strerror(errno));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        src = io_error(a, err, "is a directory, not a workflow file");
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        src = io_error(a, err, "is not a regular file");
        goto done;
    }
    if ((uintmax_t)st.st_size > WF_SOURCE_MAX_BYTES) {
        src = io_error(a, err,
                       wf_arena_printf(a,
                                       "file is too large (%jd bytes); wfc reads at most %u MB "
                                       "(Workflows deploys at most 128 KB)",
                                       (intmax_t)st.st_size, WF_SOURCE_MAX_BYTES >> 20));
        goto done;
    }
    if (st.st_size == 0) { /* empty, or a size stat does not know */
        src = load_stream(a, fd, path, err);
        goto done;
    }
    size_t size = (size_t)st.st_size, got = 0;
    buf = wf_arena_alloc(a, size + 1);
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            src = io_error(a, err, strerror(errno));
            goto done;
        }
        if (r == 0)
            break; /* the file shrank while we read it */
        got += (size_t)r;
    }
    buf[got] = '\0';
    src = make_source(a, path, buf, got, err);
done:
    close(fd);
    return src;
}

const char *wf_source_line(const wf_source *s, int line, size_t *len)
{
    if (line < 1 || (size_t)line > s->nlines)
        return NULL;
    size_t start = s->lines[line - 1];
    size_t end = (size_t)line < s->nlines ? s->lines[line] : s->len;
    /* Drop the line break: LF, CRLF, CR, NEL, LS or PS. */
    const unsigned char *t = (const unsigned char *)s->text;
    if (end > start && t[end - 1] == '\n')
        end--;
    if (end > start && t[end - 1] == '\r')
        end--;
    else if (end >= start + 2 && t[end - 2] == 0xC2 && t[end - 1] == 0x85 &&
             (size_t)line < s->nlines)
        end -= 2;
    else if (end >= start + 3 && t[end - 3] == 0xE2 && t[end - 2] == 0x80 &&
             (t[end - 1] == 0xA8 || t[end - 1] == 0xA9) && (size_t)line < s->nlines)
        end -= 3;
    size_t n = end - start;
    const char *p = s->text + start;
    if ((size_t)line == s->nlines) {
        /* The last line of a table cut short by an encoding error ends at
         * the next break or NUL, not at the end of the file. */
        for (size_t k = 0; k < n; k++) {
            if (p[k] == '\n' || p[k] == '\r' || p[k] == '\0') {
                n = k;
                break;
            }
        }
    }
    *len = n;
    return p;
}

size_t wf_source_offset(const wf_source *s, int line, int col)
{
    size_t len;
    const char *p = wf_source_line(s, line, &len);
    if (!p)
        return s->len;
    if (s->ascii)
        return (size_t)(p - s->text) + (col < 1 ? 0 : (size_t)col - 1 < len ? (size_t)col - 1 : len);
    size_t i = 0;
    for (int c = 1; c < col && i < len; c++)
        i += (size_t)wf_utf8_len((unsigned char)p[i]);
    if (i > len)
        i = len;
    return (size_t)(p - s->text) + i;
}

wf_span wf_span_point(const wf_source *s, int line, int col)
{
    wf_span sp = {s, line, col, line, col + 1};
    return sp;
}
