/*
 * lib_text.c - the text module (spec stdlib.md §12): every text.* function.
 * Strings are UTF-8 and indexed by code point, 0-based: the indexes that
 * find_all, find_all_regex and substring speak are code points, never
 * bytes. Non-string arguments are TypeErrors (the parameter tables below);
 * a substring, separator, replacement or pattern that is not UTF-8 is a
 * ValueError, as documented.
 *
 * Regular expressions are RE2's (lib_re2.h; lib_re2.cc says why RE2 and
 * not PCRE2). find_all_regex and replace_all_regex take the leftmost match,
 * the longest at one start (documented), with RE2's rule for empty
 * matches: one right after the previous match is skipped, so an empty
 * pattern matches at the start and after every code point. The
 * replacement is literal text: Workflows has no backreferences there.
 *
 * Charsets other than UTF-8 (text.decode, text.encode) go through iconv
 * from the C library; to_lower and to_upper use the simple case mappings
 * of the C.UTF-8 locale (one code point to one, so "ß" stays "ß"), and
 * only ASCII's where that locale is not installed.
 */
#include "config.h"

#include "backends/runtime/lib.h"
#include "backends/runtime/lib_re2.h"

#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <pthread.h>
#include <string.h>
#include <wctype.h>

/* The code points of s[0..n) up to byte `end`. */
static size_t chars_to(const char *s, size_t end)
{
    return wfrt_lib_utf8_count(s, end);
}

static bool need_utf8(const char *fn, const char *param, wfrt_val v)
{
    if (wfrt_lib_utf8_valid(wfrt_str_data(v), wfrt_str_len(v)))
        return true;
    return wfrt_fail(WFRT_TAG_VALUE, "%s: argument \"%s\" is not valid UTF-8", fn, param);
}

/* The first occurrence of needle (m > 0 bytes) in s[from..n), or n. */
static size_t find(const char *s, size_t n, size_t from, const char *needle, size_t m)
{
    while (from + m <= n) {
        const char *p = memchr(s + from, needle[0], n - from - m + 1);
        if (!p)
            return n;
        size_t at = (size_t)(p - s);
        if (memcmp(p, needle, m) == 0)
            return at;
        from = at + 1;
    }
    return n;
}

/* ---- charsets ---- */

/* Whether `name` is UTF-8 however spelled: "UTF-8", "utf8"... */
static bool is_utf8_name(wfrt_val name)
{
    const char *s = wfrt_str_data(name);
    size_t n = wfrt_str_len(name);
    if (n != 4 && n != 5)
        return false;
    char lower[5];
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    return memcmp(lower, "utf", 3) == 0 &&
           (n == 4 ? lower[3] == '8' : lower[3] == '-' && lower[4] == '8');
}

/* Converts in[0..n) from charset `from` to `to` with iconv, into b. 0 on
 * success, EINVAL for an unknown charset, EILSEQ for bytes that do not
 * convert. */
static int convert(const char *to, const char *from, const char *in, size_t n, struct wfrt_buf *b)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return EINVAL;
    int status = 0;
    char *src = (char *)in; /* iconv's parameter is not const-qualified */
    size_t left = n;
    wfrt_buf_add(b, "", 0);
    for (bool flushing = false;;) {
        char chunk[256];
        char *dst = chunk;
        size_t room = sizeof chunk;
        size_t r =
            flushing ? iconv(cd, NULL, NULL, &dst, &room) : iconv(cd, &src, &left, &dst, &room);
        wfrt_buf_add(b, chunk, sizeof chunk - room);
        if (r == (size_t)-1 && errno == E2BIG)
            continue;
        if (r == (size_t)-1) {
            status = EILSEQ; /* EILSEQ, or EINVAL for a truncated sequence */
            break;
        }
        if (flushing)
            break;
        flushing = true; /* the shift state back to the initial one */
    }
    iconv_close(cd);
    return status;
}

/* A charset name iconv may see: no "//TRANSLIT" or other suffixes. */
static bool plain_charset(wfrt_val name)
{
    const char *s = wfrt_str_data(name);
    size_t n = wfrt_str_len(name);
    return n > 0 && strlen(s) == n && !strchr(s, '/') && !strchr(s, ',');
}

bool wfrt_fn_text_decode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"data", WFRT_LIB_BYTES}, {"charset", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("text.decode", params, a))
        return false;
    const char *s = wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    if (a[1].type == WFRT_ABSENT || is_utf8_name(a[1])) {
        if (!wfrt_lib_utf8_valid(s, n))
            return wfrt_fail(WFRT_TAG_VALUE, "text.decode: the bytes are not valid UTF-8");
        *out = wfrt_string(s, n);
        return true;
    }
    const char *charset = wfrt_str_data(a[1]);
    struct wfrt_buf b = {0};
    int status = plain_charset(a[1]) ? convert("UTF-8", charset, s, n, &b) : EINVAL;
    if (status == 0 && !wfrt_lib_utf8_valid(b.p, b.len))
        status = EILSEQ;
    if (status != 0) {
        wfrt_buf_free(&b);
        if (status == EINVAL)
            return wfrt_fail(WFRT_TAG_VALUE, "text.decode: unknown charset \"%s\"", charset);
        return wfrt_fail(WFRT_TAG_VALUE, "text.decode: the bytes are not valid %s", charset);
    }
    *out = wfrt_buf_string(&b);
    return true;
}

bool wfrt_fn_text_encode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"text", WFRT_LIB_STRING}, {"charset", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("text.encode", params, a))
        return false;
    const char *s = wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    if (a[1].type == WFRT_ABSENT || is_utf8_name(a[1])) {
        *out = wfrt_bytes(s, n);
        return true;
    }
    const char *charset = wfrt_str_data(a[1]);
    struct wfrt_buf b = {0};
    int status = plain_charset(a[1]) ? convert(charset, "UTF-8", s, n, &b) : EINVAL;
    if (status != 0) {
        wfrt_buf_free(&b);
        if (status == EINVAL)
            return wfrt_fail(WFRT_TAG_VALUE, "text.encode: unknown charset \"%s\"", charset);
        return wfrt_fail(WFRT_TAG_VALUE, "text.encode: the text cannot be encoded in %s", charset);
    }
    *out = wfrt_buf_bytes(&b);
    return true;
}

/* ---- plain search ---- */

static const struct wfrt_lib_param source_substr[] = {{"source", WFRT_LIB_STRING},
                                                      {"substr", WFRT_LIB_STRING}};

/* An empty substr matches at every code point boundary, the end included. */
bool wfrt_fn_text_find_all(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("text.find_all", source_substr, a) ||
        !need_utf8("text.find_all", "substr", a[1]))
        return false;
    const char *s = wfrt_str_data(a[0]), *sub = wfrt_str_data(a[1]);
    size_t n = wfrt_str_len(a[0]), m = wfrt_str_len(a[1]);
    wfrt_val list = wfrt_list_new(0);
    if (m == 0) {
        size_t chars = wfrt_str_chars(a[0]);
        for (size_t i = 0; i <= chars; i++)
            wfrt_list_push(&list, wfrt_int((int64_t)i));
        *out = list;
        return true;
    }
    size_t index = 0, counted = 0; /* code points of s[0..counted) */
    for (size_t at = find(s, n, 0, sub, m); at < n; at = find(s, n, at + m, sub, m)) {
        index += chars_to(s + counted, at - counted);
        counted = at;
        wfrt_list_push(&list, wfrt_int((int64_t)index));
    }
    *out = list;
    return true;
}

bool wfrt_fn_text_replace_all(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"source", WFRT_LIB_STRING}, {"substr", WFRT_LIB_STRING}, {"repl", WFRT_LIB_STRING}};
    wfrt_val a[3];
    if (!WFRT_LIB_CHECK("text.replace_all", params, a) ||
        !need_utf8("text.replace_all", "substr", a[1]) ||
        !need_utf8("text.replace_all", "repl", a[2]))
        return false;
    const char *s = wfrt_str_data(a[0]), *sub = wfrt_str_data(a[1]), *rep = wfrt_str_data(a[2]);
    size_t n = wfrt_str_len(a[0]), m = wfrt_str_len(a[1]), r = wfrt_str_len(a[2]);
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    if (m == 0) {
        for (size_t i = 0; i < n;) {
            size_t step = wfrt_lib_utf8_step(s, n, i);
            wfrt_buf_add(&b, rep, r);
            wfrt_buf_add(&b, s + i, step);
            i += step;
        }
        wfrt_buf_add(&b, rep, r);
        *out = wfrt_buf_string(&b);
        return true;
    }
    size_t done = 0;
    for (size_t at = find(s, n, 0, sub, m); at < n; at = find(s, n, at + m, sub, m)) {
        wfrt_buf_add(&b, s + done, at - done);
        wfrt_buf_add(&b, rep, r);
        done = at + m;
    }
    wfrt_buf_add(&b, s + done, n - done);
    *out = wfrt_buf_string(&b);
    return true;
}

bool wfrt_fn_text_split(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"source", WFRT_LIB_STRING},
                                                   {"separator", WFRT_LIB_STRING}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("text.split", params, a) || !need_utf8("text.split", "separator", a[1]))
        return false;
    const char *s = wfrt_str_data(a[0]), *sep = wfrt_str_data(a[1]);
    size_t n = wfrt_str_len(a[0]), m = wfrt_str_len(a[1]);
    if (m == 0)
        return wfrt_fail(WFRT_TAG_VALUE, "text.split: the separator is empty");
    wfrt_val list = wfrt_list_new(0);
    size_t done = 0;
    for (size_t at = find(s, n, 0, sep, m); at < n; at = find(s, n, at + m, sep, m)) {
        wfrt_list_push(&list, wfrt_string(s + done, at - done));
        done = at + m;
    }
    wfrt_list_push(&list, wfrt_string(s + done, n - done));
    *out = list;
    return true;
}

/* The byte offset of code point `index` (<= the count) in s[0..n). */
static size_t byte_offset(const char *s, size_t n, size_t index)
{
    size_t i = 0;
    for (size_t k = 0; k < index && i < n; k++)
        i += wfrt_lib_utf8_step(s, n, i);
    return i;
}

/* A negative index counts from the end; both are clamped to the string
 * (documented), and an empty string results when start is not before end. */
bool wfrt_fn_text_substring(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"source", WFRT_LIB_STRING}, {"start", WFRT_LIB_INT}, {"end", WFRT_LIB_INT}};
    wfrt_val a[3];
    if (!WFRT_LIB_CHECK("text.substring", params, a))
        return false;
    int64_t len = (int64_t)wfrt_str_chars(a[0]), idx[2] = {a[1].u.i, a[2].u.i};
    for (int k = 0; k < 2; k++) {
        if (idx[k] < 0)
            idx[k] = idx[k] < -len ? 0 : idx[k] + len;
        if (idx[k] > len)
            idx[k] = len;
    }
    if (idx[0] >= idx[1]) {
        *out = wfrt_string("", 0);
        return true;
    }
    const char *s = wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    size_t from = byte_offset(s, n, (size_t)idx[0]);
    size_t to = from + byte_offset(s + from, n - from, (size_t)(idx[1] - idx[0]));
    *out = wfrt_string(s + from, to - from);
    return true;
}

/* ---- case ---- */

/* The C.UTF-8 locale of the case mappings: made once for the process and
 * never changed after, (locale_t)0 where it is not installed. One per call
 * would cost a load each time and races inside the C library's cache of
 * locale data when parallel branches change case at once. */
static pthread_once_t case_once = PTHREAD_ONCE_INIT;
static locale_t case_locale;

static void case_locale_init(void)
{
    case_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static bool change_case(const char *fn, const wfrt_val *args, size_t nargs, bool upper,
                        wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"source", WFRT_LIB_STRING}};
    wfrt_val a[1];
    if (!wfrt_lib_check(fn, params, 1, args, nargs, a))
        return false;
    const char *s = wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (!ascii)
        pthread_once(&case_once, case_locale_init);
    locale_t loc = ascii ? (locale_t)0 : case_locale;
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t cp = wfrt_lib_utf8_decode(s, n, &i);
        if (cp == 0xFFFD && i == at + 1 && (unsigned char)s[at] >= 0x80) {
            wfrt_buf_addc(&b, s[at]); /* a malformed byte passes unchanged */
            continue;
        }
        if (cp < 0x80)
            cp = upper ? (cp >= 'a' && cp <= 'z' ? cp - 32 : cp)
                       : (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        else if (loc)
            cp = (uint32_t)(upper ? towupper_l((wint_t)cp, loc) : towlower_l((wint_t)cp, loc));
        char enc[4];
        wfrt_buf_add(&b, enc, wfrt_lib_utf8_encode(cp, enc));
    }
    *out = wfrt_buf_string(&b);
    return true;
}

bool wfrt_fn_text_to_lower(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    return change_case("text.to_lower", args, nargs, false, out);
}

bool wfrt_fn_text_to_upper(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    return change_case("text.to_upper", args, nargs, true, out);
}

/* ---- URLs ---- */

static const struct wfrt_lib_param source_only[] = {{"source", WFRT_LIB_STRING}};

/* Percent-encodes every byte but RFC 3986's unreserved characters. */
static bool url_encode(const char *fn, const wfrt_val *args, size_t nargs, bool plus, wfrt_val *out)
{
    static const char hex[] = "0123456789ABCDEF";
    wfrt_val a[1];
    if (!wfrt_lib_check(fn, source_only, 1, args, nargs, a))
        return false;
    const unsigned char *s = (const unsigned char *)wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            wfrt_buf_addc(&b, (char)c);
        } else if (c == ' ' && plus) {
            wfrt_buf_addc(&b, '+');
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            wfrt_buf_add(&b, esc, 3);
        }
    }
    *out = wfrt_buf_string(&b);
    return true;
}

bool wfrt_fn_text_url_encode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    return url_encode("text.url_encode", args, nargs, false, out);
}

bool wfrt_fn_text_url_encode_plus(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    return url_encode("text.url_encode_plus", args, nargs, true, out);
}

/* %XX becomes its byte; '+' stays '+' (the inverse of url_encode). A '%'
 * without two hex digits, or bytes that are not UTF-8, are a ValueError. */
bool wfrt_fn_text_url_decode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("text.url_decode", source_only, a))
        return false;
    const char *s = wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            wfrt_buf_addc(&b, s[i]);
            continue;
        }
        int hi = i + 1 < n ? wfrt_hex_digit(s[i + 1]) : -1;
        int lo = i + 2 < n ? wfrt_hex_digit(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            wfrt_buf_free(&b);
            return wfrt_fail(WFRT_TAG_VALUE, "text.url_decode: malformed escape at character %zu",
                             chars_to(s, i));
        }
        wfrt_buf_addc(&b, (char)(hi * 16 + lo));
        i += 2;
    }
    if (!wfrt_lib_utf8_valid(b.p, b.len)) {
        wfrt_buf_free(&b);
        return wfrt_fail(WFRT_TAG_VALUE, "text.url_decode: the decoded text is not valid UTF-8");
    }
    *out = wfrt_buf_string(&b);
    return true;
}

/* ---- regular expressions ---- */

static const struct wfrt_lib_param source_regexp[] = {{"source", WFRT_LIB_STRING},
                                                      {"regexp", WFRT_LIB_STRING}};

static struct wfrt_re *compile(const char *fn, wfrt_val pattern, bool longest)
{
    if (!need_utf8(fn, "regexp", pattern))
        return NULL;
    char why[256];
    struct wfrt_re *re =
        wfrt_re_compile(wfrt_str_data(pattern), wfrt_str_len(pattern), longest, why, sizeof why);
    if (!re)
        wfrt_fail(WFRT_TAG_VALUE, "%s: invalid regular expression \"%s\": %s", fn,
                  wfrt_str_data(pattern), why);
    return re;
}

static bool out_of_memory(const char *fn)
{
    return wfrt_fail(WFRT_TAG_RESOURCE_LIMIT, "%s: out of memory while matching", fn);
}

/* The matches of a pattern, one after the other, with RE2's rule for
 * empty matches (see the top of the file). */
struct matches {
    const struct wfrt_re *re;
    const char *s;
    size_t n, pos, last_end;
    bool matched; /* whether last_end is set */
};

/* 1 with the next match in [*begin, *end), 0 at the end, -1 out of memory. */
static int next_match(struct matches *it, size_t *begin, size_t *end)
{
    while (it->pos <= it->n) {
        int r = wfrt_re_search(it->re, it->s, it->n, it->pos, begin, end);
        if (r <= 0)
            return r;
        if (*begin == *end && it->matched && *begin == it->last_end) {
            if (*begin >= it->n)
                return 0;
            it->pos = *begin + wfrt_lib_utf8_step(it->s, it->n, *begin);
            continue;
        }
        it->matched = true;
        it->last_end = *end;
        if (*end > *begin)
            it->pos = *end;
        else
            it->pos = *end < it->n ? *end + wfrt_lib_utf8_step(it->s, it->n, *end) : it->n + 1;
        return 1;
    }
    return 0;
}

bool wfrt_fn_text_match_regex(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("text.match_regex", source_regexp, a))
        return false;
    struct wfrt_re *re = compile("text.match_regex", a[1], false);
    if (!re)
        return false;
    size_t begin, end;
    int r = wfrt_re_search(re, wfrt_str_data(a[0]), wfrt_str_len(a[0]), 0, &begin, &end);
    wfrt_re_free(re);
    if (r < 0)
        return out_of_memory("text.match_regex");
    *out = wfrt_bool(r > 0);
    return true;
}

bool wfrt_fn_text_find_all_regex(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("text.find_all_regex", source_regexp, a))
        return false;
    struct wfrt_re *re = compile("text.find_all_regex", a[1], true);
    if (!re)
        return false;
    struct matches it = {re, wfrt_str_data(a[0]), wfrt_str_len(a[0]), 0, 0, false};
    wfrt_val list = wfrt_list_new(0);
    size_t begin, end, index = 0, counted = 0;
    int r;
    while ((r = next_match(&it, &begin, &end)) > 0) {
        index += chars_to(it.s + counted, begin - counted);
        counted = begin;
        wfrt_val m = wfrt_map_new(2);
        wfrt_map_set(&m, WFRT_LIB_KEY("index"), wfrt_int((int64_t)index));
        wfrt_map_set(&m, WFRT_LIB_KEY("match"), wfrt_string(it.s + begin, end - begin));
        wfrt_list_push(&list, m);
    }
    wfrt_re_free(re);
    if (r < 0) {
        wfrt_release(list);
        return out_of_memory("text.find_all_regex");
    }
    *out = list;
    return true;
}

bool wfrt_fn_text_replace_all_regex(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"source", WFRT_LIB_STRING}, {"regexp", WFRT_LIB_STRING}, {"repl", WFRT_LIB_STRING}};
    wfrt_val a[3];
    if (!WFRT_LIB_CHECK("text.replace_all_regex", params, a) ||
        !need_utf8("text.replace_all_regex", "repl", a[2]))
        return false;
    struct wfrt_re *re = compile("text.replace_all_regex", a[1], true);
    if (!re)
        return false;
    struct matches it = {re, wfrt_str_data(a[0]), wfrt_str_len(a[0]), 0, 0, false};
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    size_t begin, end, done = 0;
    int r;
    while ((r = next_match(&it, &begin, &end)) > 0) {
        wfrt_buf_add(&b, it.s + done, begin - done);
        wfrt_buf_add(&b, wfrt_str_data(a[2]), wfrt_str_len(a[2]));
        done = end;
    }
    wfrt_re_free(re);
    if (r < 0) {
        wfrt_buf_free(&b);
        return out_of_memory("text.replace_all_regex");
    }
    wfrt_buf_add(&b, it.s + done, it.n - done);
    *out = wfrt_buf_string(&b);
    return true;
}
