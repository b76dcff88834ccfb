/*
 * lib_common.c - the plumbing the standard library's files share (lib.h):
 * argument checks that raise Workflows' TypeError with the parameter's
 * name, UTF-8 walking and a growable buffer. No library function lives
 * here; each module has its file (lib_text.c, lib_map.c, ...).
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters ---- */

/* Appends to buf the accepted types as words: "a list, a map or a string". */
static void describe_types(unsigned types, char *buf, size_t size)
{
    static const struct {
        unsigned set;
        const char *phrase;
    } words[] = {
        {WFRT_LIB_NUMBER, "a number"}, {WFRT_LIB_INT, "an integer"}, {WFRT_LIB_DOUBLE, "a double"},
        {WFRT_LIB_STRING, "a string"}, {WFRT_LIB_BOOL, "a boolean"}, {WFRT_LIB_BYTES, "bytes"},
        {WFRT_LIB_LIST, "a list"},     {WFRT_LIB_MAP, "a map"},      {WFRT_LIB_NULL, "null"},
    };
    const char *picked[sizeof words / sizeof words[0]];
    size_t n = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if ((types & words[i].set) == words[i].set) {
            picked[n++] = words[i].phrase;
            types &= ~words[i].set;
        }
    }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s",
                 i == 0       ? ""
                 : i + 1 == n ? " or "
                              : ", ",
                 picked[i]);
    }
}

bool wfrt_lib_check(const char *fn, const struct wfrt_lib_param *params, size_t nparams,
                    const wfrt_val *args, size_t nargs, wfrt_val *a)
{
    if (nargs > nparams)
        return wfrt_fail(WFRT_TAG_TYPE, "%s: takes %zu argument%s, got %zu", fn, nparams,
                         nparams == 1 ? "" : "s", nargs);
    for (size_t i = 0; i < nparams; i++) {
        wfrt_val v = i < nargs ? args[i] : wfrt_absent();
        unsigned types = params[i].types;
        if (v.type == WFRT_ABSENT && !(types & WFRT_LIB_OPTIONAL))
            return wfrt_fail(WFRT_TAG_TYPE, "%s: missing argument \"%s\"", fn, params[i].name);
        if (!(types & WFRT_LIB_T(v.type))) {
            char want[128];
            describe_types(types & ~WFRT_LIB_OPTIONAL, want, sizeof want);
            return wfrt_fail(WFRT_TAG_TYPE, "%s: argument \"%s\" must be %s, got %s", fn,
                             params[i].name, want, wfrt_type_phrase(v));
        }
        a[i] = v;
    }
    return true;
}

bool wfrt_lib_str_is(wfrt_val v, const char *s)
{
    size_t n = strlen(s);
    return v.type == WFRT_STRING && wfrt_str_len(v) == n && memcmp(wfrt_str_data(v), s, n) == 0;
}

/* ---- UTF-8 ---- */

/* The length of a well-formed sequence at s[i], or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t i)
{
    unsigned c = s[i];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        return 0;
    }
    if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
    return len;
}

bool wfrt_lib_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_seq(u, n, i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

size_t wfrt_lib_utf8_step(const char *s, size_t n, size_t i)
{
    size_t len = utf8_seq((const unsigned char *)s, n, i);
    return len ? len : 1;
}

uint32_t wfrt_lib_utf8_decode(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = utf8_seq(u, n, *i);
    if (len == 0) {
        (*i)++;
        return 0xFFFD;
    }
    uint32_t cp = len == 1 ? u[*i] : u[*i] & (0x7Fu >> len);
    for (size_t k = 1; k < len; k++)
        cp = (cp << 6) | (u[*i + k] & 0x3Fu);
    *i += len;
    return cp;
}

size_t wfrt_lib_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t wfrt_lib_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* ---- a growable buffer ---- */

static void buf_reserve(struct wfrt_buf *b, size_t n)
{
    size_t need; /* the bytes, plus the NUL */
    if (__builtin_add_overflow(b->len, n, &need) || __builtin_add_overflow(need, 1, &need))
        need = SIZE_MAX; /* wfrt_xrealloc ends the process: this can never fit */
    if (b->p && b->cap >= need)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->p = wfrt_xrealloc(b->p, cap);
    b->cap = cap;
}

void wfrt_buf_add(struct wfrt_buf *b, const void *data, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void wfrt_buf_addc(struct wfrt_buf *b, char c)
{
    wfrt_buf_add(b, &c, 1);
}

void wfrt_buf_adds(struct wfrt_buf *b, const char *s)
{
    wfrt_buf_add(b, s, strlen(s));
}

void wfrt_buf_free(struct wfrt_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

wfrt_val wfrt_buf_string(struct wfrt_buf *b)
{
    wfrt_val s = wfrt_string(b->p ? b->p : "", b->len);
    wfrt_buf_free(b);
    return s;
}

wfrt_val wfrt_buf_bytes(struct wfrt_buf *b)
{
    wfrt_val s = wfrt_bytes(b->p ? b->p : "", b->len);
    wfrt_buf_free(b);
    return s;
}
