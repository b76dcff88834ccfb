/*
 * json.c - exact JSON both ways (RFC 8259), for the runner's argument and
 * result and for the library's json.* functions.
 *
 * Why our own: a JSON number without fraction or exponent is an integer of
 * Workflows and must keep all 64 bits, and a double must stay a double
 * (1.0 prints as 1.0); libraries that store numbers as doubles lose both.
 * The decoder accepts exactly RFC 8259 (no comments, no trailing commas,
 * no NaN, valid UTF-8 only, no lone surrogates) and refuses nesting deeper
 * than WFRT_JSON_MAX_DEPTH, all with ValueError. The encoder escapes what
 * RFC 8259 requires and passes every other byte through unchanged, so a
 * string that is not valid UTF-8 comes out byte for byte.
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a growing buffer ---- */

struct buf {
    char *p;
    size_t n, cap;
};

static void buf_grow(struct buf *b, size_t more)
{
    if (b->cap - b->n >= more)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->n < more) {
        if (cap > SIZE_MAX / 2)
            cap = SIZE_MAX; /* wfrt_xrealloc reports the failure */
        else
            cap *= 2;
    }
    b->p = wfrt_xrealloc(b->p, cap);
    b->cap = cap;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    buf_grow(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void buf_addc(struct buf *b, char c)
{
    buf_grow(b, 1);
    b->p[b->n++] = c;
}

static void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* ---- UTF-8 ---- */

/* The length of the valid UTF-8 sequence at p (before end), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
        hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
    } else
        return 0;
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | cp >> 6);
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | cp >> 12);
        s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | cp >> 18);
        s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_add(b, s, n);
}

/* ---- decoding ---- */

struct parser {
    const char *start, *p, *end;
    int depth;
};

static bool syntax_error(const struct parser *ps, const char *what)
{
    return wfrt_fail(WFRT_TAG_VALUE, "invalid JSON at offset %zu: %s", (size_t)(ps->p - ps->start),
                     what);
}

static void skip_space(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static bool parse_value(struct parser *ps, wfrt_val *out);

static bool parse_literal(struct parser *ps, const char *word, wfrt_val v, wfrt_val *out)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return syntax_error(ps, "expected a value");
    ps->p += n;
    *out = v;
    return true;
}

static bool is_digit(const struct parser *ps, const char *q)
{
    return q < ps->end && *q >= '0' && *q <= '9';
}

/* number = [ "-" ] int [ frac ] [ exp ]; an integer when neither frac nor
 * exp is present. */
static bool parse_number(struct parser *ps, wfrt_val *out)
{
    const char *q = ps->p;
    bool neg = q < ps->end && *q == '-', integer = true;
    if (neg)
        q++;
    if (!is_digit(ps, q))
        return syntax_error(ps, "expected a value");
    if (*q == '0')
        q++;
    else
        while (is_digit(ps, q))
            q++;
    const char *digits_end = q;
    if (q < ps->end && *q == '.') {
        integer = false;
        q++;
        if (!is_digit(ps, q)) {
            ps->p = q;
            return syntax_error(ps, "expected a digit after the decimal point");
        }
        while (is_digit(ps, q))
            q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        integer = false;
        q++;
        if (q < ps->end && (*q == '+' || *q == '-'))
            q++;
        if (!is_digit(ps, q)) {
            ps->p = q;
            return syntax_error(ps, "expected a digit in the exponent");
        }
        while (is_digit(ps, q))
            q++;
    }
    if (integer) {
        /* Accumulated as a negative number, whose range is the larger. */
        int64_t v = 0;
        for (const char *d = ps->p + neg; d < digits_end; d++) {
            if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, *d - '0', &v))
                return wfrt_fail(WFRT_TAG_VALUE,
                                 "invalid JSON at offset %zu: integer %.*s "
                                 "does not fit in 64 bits",
                                 (size_t)(ps->p - ps->start), (int)(digits_end - ps->p), ps->p);
        }
        if (!neg && v == INT64_MIN)
            return wfrt_fail(WFRT_TAG_VALUE,
                             "invalid JSON at offset %zu: integer %.*s "
                             "does not fit in 64 bits",
                             (size_t)(ps->p - ps->start), (int)(digits_end - ps->p), ps->p);
        *out = wfrt_int(neg ? v : -v);
        ps->p = q;
        return true;
    }
    size_t n = (size_t)(q - ps->p);
    char small[64], *text = n < sizeof small ? small : wfrt_xmalloc(n + 1);
    memcpy(text, ps->p, n);
    text[n] = '\0';
    double d = strtod(text, NULL);
    if (text != small)
        free(text);
    if (isinf(d))
        return syntax_error(ps, "number out of the range of a double");
    *out = wfrt_double(d);
    ps->p = q;
    return true;
}

/* Four hex digits at ps->p, or -1. */
static long hex4(const struct parser *ps)
{
    if (ps->end - ps->p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = wfrt_hex_digit(ps->p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* After a backslash: one escape, appended to b as UTF-8. */
static bool parse_escape(struct parser *ps, struct buf *b)
{
    if (ps->p == ps->end)
        return syntax_error(ps, "unterminated string");
    char c = *ps->p++;
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        buf_addc(b, to[k - from]);
        return true;
    }
    if (c != 'u') {
        ps->p--;
        return syntax_error(ps, "invalid escape in a string");
    }
    long cp = hex4(ps);
    if (cp < 0)
        return syntax_error(ps, "expected four hex digits after \\u");
    ps->p += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return syntax_error(ps, "lone low surrogate in a \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
            return syntax_error(ps, "high surrogate without a low surrogate");
        ps->p += 2;
        long lo = hex4(ps);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return syntax_error(ps, "high surrogate without a low surrogate");
        ps->p += 4;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    put_utf8(b, (uint32_t)cp);
    return true;
}

/* At the opening quote. */
static bool parse_string(struct parser *ps, wfrt_val *out)
{
    ps->p++;
    const char *run = ps->p; /* the start of bytes not yet copied into b */
    struct buf b = {0};
    bool ok = false;
    for (;;) {
        if (ps->p == ps->end) {
            syntax_error(ps, "unterminated string");
            goto done;
        }
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"' || c == '\\') {
            if (b.p || c == '\\')
                buf_add(&b, run, (size_t)(ps->p - run));
            ps->p++;
            if (c == '"')
                break;
            if (!parse_escape(ps, &b))
                goto done;
            run = ps->p;
        } else if (c < 0x20) {
            syntax_error(ps, "control character in a string");
            goto done;
        } else {
            size_t n = utf8_seq((const unsigned char *)ps->p, (const unsigned char *)ps->end);
            if (!n) {
                syntax_error(ps, "invalid UTF-8");
                goto done;
            }
            ps->p += n;
        }
    }
    if (b.p)
        *out = wfrt_string(b.p, b.n);
    else
        *out = wfrt_string(run, (size_t)(ps->p - 1 - run));
    ok = true;
done:
    free(b.p);
    return ok;
}

static bool enter(struct parser *ps)
{
    if (++ps->depth > WFRT_JSON_MAX_DEPTH)
        return wfrt_fail(WFRT_TAG_VALUE, "invalid JSON at offset %zu: nested deeper than %d",
                         (size_t)(ps->p - ps->start), WFRT_JSON_MAX_DEPTH);
    ps->p++;
    skip_space(ps);
    return true;
}

/* After an item: true with *more set for ",", false with the error set
 * for anything but `close`. */
static bool after_item(struct parser *ps, char close, bool *more)
{
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        skip_space(ps);
        *more = true;
        return true;
    }
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        *more = false;
        return true;
    }
    return syntax_error(ps, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
}

static bool parse_array(struct parser *ps, wfrt_val *out)
{
    if (!enter(ps))
        return false;
    wfrt_val list = wfrt_list_new(0);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        ps->depth--;
        *out = list;
        return true;
    }
    for (bool more = true; more;) {
        wfrt_val item;
        if (!parse_value(ps, &item) || (wfrt_list_push(&list, item), !after_item(ps, ']', &more))) {
            wfrt_release(list);
            return false;
        }
    }
    *out = list;
    return true;
}

static bool parse_member(struct parser *ps, wfrt_val *map)
{
    if (ps->p == ps->end || *ps->p != '"')
        return syntax_error(ps, "expected a string as key");
    wfrt_val key, val;
    if (!parse_string(ps, &key))
        return false;
    skip_space(ps);
    if (ps->p == ps->end || *ps->p != ':') {
        wfrt_release(key);
        return syntax_error(ps, "expected ':'");
    }
    ps->p++;
    skip_space(ps);
    if (!parse_value(ps, &val)) {
        wfrt_release(key);
        return false;
    }
    wfrt_map_set(map, key, val);
    return true;
}

static bool parse_object(struct parser *ps, wfrt_val *out)
{
    if (!enter(ps))
        return false;
    wfrt_val map = wfrt_map_new(0);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        ps->depth--;
        *out = map;
        return true;
    }
    for (bool more = true; more;) {
        if (!parse_member(ps, &map) || !after_item(ps, '}', &more)) {
            wfrt_release(map);
            return false;
        }
    }
    *out = map;
    return true;
}

static bool parse_value(struct parser *ps, wfrt_val *out)
{
    if (ps->p == ps->end)
        return syntax_error(ps, "unexpected end of input");
    switch (*ps->p) {
    case '{':
        return parse_object(ps, out);
    case '[':
        return parse_array(ps, out);
    case '"':
        return parse_string(ps, out);
    case 't':
        return parse_literal(ps, "true", wfrt_bool(true), out);
    case 'f':
        return parse_literal(ps, "false", wfrt_bool(false), out);
    case 'n':
        return parse_literal(ps, "null", wfrt_null(), out);
    default:
        return parse_number(ps, out);
    }
}

bool wfrt_json_decode(const char *text, size_t len, wfrt_val *out)
{
    struct parser ps = {text, text, text + len, 0};
    wfrt_val v;
    skip_space(&ps);
    if (!parse_value(&ps, &v))
        return false;
    skip_space(&ps);
    if (ps.p != ps.end) {
        wfrt_release(v);
        return syntax_error(&ps, "unexpected text after the value");
    }
    *out = v;
    return true;
}

/* ---- encoding ---- */

size_t wfrt_format_double(double d, char *buf, size_t size)
{
    char s[40];
    if (isnan(d))
        strcpy(s, "nan");
    else if (isinf(d))
        strcpy(s, d < 0 ? "-inf" : "inf");
    else {
        /* Any decimal of 15 significant digits or fewer reads back as the
         * double nearest to it, so for a normal double %.15g is as short
         * as can be when it reads back; subnormals have fewer digits of
         * precision, and may need fewer than 15. */
        int prec = fabs(d) < DBL_MIN && d != 0 ? 1 : 15;
        for (; prec <= 17; prec++) {
            snprintf(s, sizeof s, "%.*g", prec, d);
            if (strtod(s, NULL) == d)
                break;
        }
        if (!strpbrk(s, ".e"))
            strcat(s, ".0");
    }
    size_t n = strlen(s);
    if (size)
        snprintf(buf, size, "%s", s);
    return n;
}

struct writer {
    struct buf b;
    const char *prefix, *indent; /* indent NULL: compact */
    int depth;
};

static void newline(struct writer *w)
{
    buf_addc(&w->b, '\n');
    buf_adds(&w->b, w->prefix);
    for (int i = 0; i < w->depth; i++)
        buf_adds(&w->b, w->indent);
}

static void put_string(struct buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_grow(b, len + 2);
    buf_addc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_add(b, s + run, i - run);
        run = i + 1;
        const char *esc = c == '"'    ? "\\\""
                          : c == '\\' ? "\\\\"
                          : c == '\b' ? "\\b"
                          : c == '\f' ? "\\f"
                          : c == '\n' ? "\\n"
                          : c == '\r' ? "\\r"
                          : c == '\t' ? "\\t"
                                      : NULL;
        if (esc) {
            buf_adds(b, esc);
        } else {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_add(b, u, 6);
        }
    }
    buf_add(b, s + run, len - run);
    buf_addc(b, '"');
}

static bool write_value(struct writer *w, wfrt_val v);

static bool write_container(struct writer *w, wfrt_val v)
{
    bool list = v.type == WFRT_LIST;
    size_t n = list ? wfrt_list_len(v) : wfrt_map_len(v);
    buf_addc(&w->b, list ? '[' : '{');
    if (n == 0) {
        buf_addc(&w->b, list ? ']' : '}');
        return true;
    }
    if (w->depth >= WFRT_JSON_MAX_DEPTH)
        return wfrt_fail(WFRT_TAG_VALUE, "cannot encode as JSON: nested deeper than %d",
                         WFRT_JSON_MAX_DEPTH);
    w->depth++;
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(&w->b, ',');
        if (w->indent)
            newline(w);
        if (!list) {
            wfrt_val k = wfrt_map_key_at(v, i);
            put_string(&w->b, wfrt_str_data(k), wfrt_str_len(k));
            buf_adds(&w->b, w->indent ? ": " : ":");
        }
        if (!write_value(w, list ? wfrt_list_at(v, i) : wfrt_map_value_at(v, i)))
            return false;
    }
    w->depth--;
    if (w->indent)
        newline(w);
    buf_addc(&w->b, list ? ']' : '}');
    return true;
}

static bool write_value(struct writer *w, wfrt_val v)
{
    char num[40];
    switch (v.type) {
    case WFRT_NULL:
    case WFRT_ABSENT:
        buf_adds(&w->b, "null");
        return true;
    case WFRT_BOOL:
        buf_adds(&w->b, v.u.b ? "true" : "false");
        return true;
    case WFRT_INT:
        snprintf(num, sizeof num, "%" PRId64, v.u.i);
        buf_adds(&w->b, num);
        return true;
    case WFRT_DOUBLE:
        if (!isfinite(v.u.d))
            return wfrt_fail(WFRT_TAG_VALUE, "cannot encode %s as JSON",
                             isnan(v.u.d) ? "NaN" : "infinity");
        wfrt_format_double(v.u.d, num, sizeof num);
        buf_adds(&w->b, num);
        return true;
    case WFRT_STRING:
        put_string(&w->b, wfrt_str_data(v), wfrt_str_len(v));
        return true;
    case WFRT_BYTES:
        return wfrt_fail(WFRT_TAG_VALUE, "cannot encode bytes as JSON");
    case WFRT_LIST:
    case WFRT_MAP:
        return write_container(w, v);
    }
    return wfrt_fail(WFRT_TAG_SYSTEM, "cannot encode an unknown value");
}

bool wfrt_json_encode_indent(wfrt_val v, const char *prefix, const char *indent, wfrt_val *out)
{
    struct writer w = {{0}, prefix ? prefix : "", indent, 0};
    bool ok = write_value(&w, v);
    if (ok)
        *out = wfrt_string(w.b.p ? w.b.p : "", w.b.n);
    free(w.b.p);
    return ok;
}

bool wfrt_json_encode(wfrt_val v, int indent, wfrt_val *out)
{
    char spaces[65];
    if (indent < 0)
        return wfrt_json_encode_indent(v, NULL, NULL, out);
    int n = indent < 64 ? indent : 64;
    memset(spaces, ' ', (size_t)n);
    spaces[n] = '\0';
    return wfrt_json_encode_indent(v, NULL, spaces, out);
}
