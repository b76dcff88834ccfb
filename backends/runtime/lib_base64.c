/*
 * lib_base64.c - base64.encode and base64.decode (spec stdlib.md §2), the
 * standard alphabet of RFC 4648 (A-Z a-z 0-9 + /).
 *
 * encode pads to a multiple of 4 unless `padding` is false. decode skips
 * CR and LF, as the documentation says; any other character outside the
 * alphabet is a ValueError, and so is input not aligned to 4 characters
 * when `padding` is true (the default), or any '=' when it is false.
 */
#include "config.h"

#include "backends/runtime/lib.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool wfrt_fn_base64_encode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"data", WFRT_LIB_BYTES},
                                                   {"padding", WFRT_LIB_BOOL | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("base64.encode", params, a))
        return false;
    bool pad = a[1].type != WFRT_BOOL || a[1].u.b;
    const unsigned char *p = (const unsigned char *)wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    for (size_t i = 0; i < n; i += 3) {
        uint32_t w = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            w |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            w |= p[i + 2];
        size_t chars = n - i >= 3 ? 4 : n - i + 1; /* 2 or 3 for a short group */
        for (size_t k = 0; k < 4; k++) {
            if (k < chars)
                wfrt_buf_addc(&b, alphabet[(w >> (18 - 6 * k)) & 0x3F]);
            else if (pad)
                wfrt_buf_addc(&b, '=');
        }
    }
    *out = wfrt_buf_string(&b);
    return true;
}

static int sextet(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* The alphabet's characters of `s` (CR and LF dropped) into b, and how many
 * '=' end it; false on a stray character or '=' inside the text. */
static bool strip(const char *s, size_t n, struct wfrt_buf *b, size_t *npad)
{
    *npad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            (*npad)++;
            continue;
        }
        if (*npad || sextet(c) < 0)
            return false;
        wfrt_buf_addc(b, (char)c);
    }
    return true;
}

bool wfrt_fn_base64_decode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"data", WFRT_LIB_STRING},
                                                   {"padding", WFRT_LIB_BOOL | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("base64.decode", params, a))
        return false;
    bool pad = a[1].type != WFRT_BOOL || a[1].u.b;
    struct wfrt_buf text = {0};
    size_t npad;
    wfrt_buf_add(&text, "", 0);
    bool ok = strip(wfrt_str_data(a[0]), wfrt_str_len(a[0]), &text, &npad);
    size_t n = text.len;
    if (ok && pad)
        ok = (n + npad) % 4 == 0 && npad <= 2 && (npad == 0 || n % 4 != 0);
    else if (ok)
        ok = npad == 0;
    if (ok)
        ok = n % 4 != 1; /* one character is never a whole byte */
    if (!ok) {
        wfrt_buf_free(&text);
        return wfrt_fail(WFRT_TAG_VALUE, "base64.decode: not valid base64%s",
                         pad ? " with padding" : " without padding");
    }
    struct wfrt_buf b = {0};
    wfrt_buf_add(&b, "", 0);
    for (size_t i = 0; i < n; i += 4) {
        size_t chars = n - i >= 4 ? 4 : n - i;
        uint32_t w = 0;
        for (size_t k = 0; k < 4; k++)
            w = (w << 6) | (k < chars ? (uint32_t)sextet((unsigned char)text.p[i + k]) : 0);
        for (size_t k = 0; k + 1 < chars; k++)
            wfrt_buf_addc(&b, (char)(w >> (16 - 8 * k)));
    }
    wfrt_buf_free(&text);
    *out = wfrt_buf_bytes(&b);
    return true;
}
