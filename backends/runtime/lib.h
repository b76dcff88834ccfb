/*
 * lib.h - what the files of the standard library (lib_*.c) share: the
 * checking of arguments against a table of parameters (the order and
 * types of ir/stdlib.c, with Workflows' TypeError), UTF-8 walking, and a
 * growable byte buffer. Private to libwfrt: generated code sees only
 * wfrt.h, where the functions themselves are declared (WFRT_LIB_FUNCTIONS).
 * The regex engine has its own header, lib_re2.h.
 */
#ifndef WFRT_LIB_H
#define WFRT_LIB_H

#include "backends/runtime/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- parameters ---- */

/* Sets of types a parameter accepts; WFRT_LIB_OPTIONAL lets it be absent. */
#define WFRT_LIB_T(type) (1u << (type))
#define WFRT_LIB_NULL WFRT_LIB_T(WFRT_NULL)
#define WFRT_LIB_BOOL WFRT_LIB_T(WFRT_BOOL)
#define WFRT_LIB_INT WFRT_LIB_T(WFRT_INT)
#define WFRT_LIB_DOUBLE WFRT_LIB_T(WFRT_DOUBLE)
#define WFRT_LIB_NUMBER (WFRT_LIB_INT | WFRT_LIB_DOUBLE)
#define WFRT_LIB_STRING WFRT_LIB_T(WFRT_STRING)
#define WFRT_LIB_BYTES WFRT_LIB_T(WFRT_BYTES)
#define WFRT_LIB_LIST WFRT_LIB_T(WFRT_LIST)
#define WFRT_LIB_MAP WFRT_LIB_T(WFRT_MAP)
#define WFRT_LIB_ANY                                                                               \
    (WFRT_LIB_NULL | WFRT_LIB_BOOL | WFRT_LIB_NUMBER | WFRT_LIB_STRING | WFRT_LIB_BYTES |          \
     WFRT_LIB_LIST | WFRT_LIB_MAP)
#define WFRT_LIB_OPTIONAL WFRT_LIB_T(WFRT_ABSENT)

/* One parameter of a library function, as in ir/stdlib.c (same names, same
 * order). */
struct wfrt_lib_param {
    const char *name;
    unsigned types; /* WFRT_LIB_* */
};

/* Checks the arguments of `fn` (its dotted name, for messages) against its
 * `nparams` parameters and copies them to a[0..nparams), an argument past
 * `nargs` being absent. TypeError for more arguments than parameters, a
 * required one absent or one of a type not accepted; nothing is retained. */
bool wfrt_lib_check(const char *fn, const struct wfrt_lib_param *params, size_t nparams,
                    const wfrt_val *args, size_t nargs, wfrt_val *a);

/* wfrt_lib_check with the size of a parameter array, inside a wfrt_fn. */
#define WFRT_LIB_CHECK(fn, params, a)                                                              \
    wfrt_lib_check((fn), (params), sizeof(params) / sizeof((params)[0]), args, nargs, (a))

/* The value of a number (int or double) as a double. */
static inline double wfrt_lib_num(wfrt_val v)
{
    return v.type == WFRT_INT ? (double)v.u.i : v.u.d;
}

/* Whether a string value equals the C string `s`. */
bool wfrt_lib_str_is(wfrt_val v, const char *s);

/* A new string or key from a C string literal. */
#define WFRT_LIB_KEY(lit) wfrt_string((lit), sizeof(lit) - 1)

/* ---- UTF-8 ---- */

/* Whether s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF). */
bool wfrt_lib_utf8_valid(const char *s, size_t n);

/* The byte length of the sequence starting at s[i] (i < n): 1 for a stray
 * or truncated byte, so that walking never stalls on bad input. */
size_t wfrt_lib_utf8_step(const char *s, size_t n, size_t i);

/* The code point at s[*i] (i < n), advancing *i past it; U+FFFD for a
 * malformed sequence, which is skipped one byte at a time. */
uint32_t wfrt_lib_utf8_decode(const char *s, size_t n, size_t *i);

/* Writes the UTF-8 form of `cp` to out; returns its length (1 to 4). */
size_t wfrt_lib_utf8_encode(uint32_t cp, char out[4]);

/* The number of code points in s[0..n) (bytes that start a sequence). */
size_t wfrt_lib_utf8_count(const char *s, size_t n);

/* ---- a growable buffer ---- */

struct wfrt_buf {
    char *p; /* NUL-terminated once anything was added; NULL before */
    size_t len, cap;
};

void wfrt_buf_add(struct wfrt_buf *b, const void *data, size_t n);
void wfrt_buf_addc(struct wfrt_buf *b, char c);
void wfrt_buf_adds(struct wfrt_buf *b, const char *s);
void wfrt_buf_free(struct wfrt_buf *b);
/* The contents as a new string or bytes value; the buffer is freed. */
wfrt_val wfrt_buf_string(struct wfrt_buf *b);
wfrt_val wfrt_buf_bytes(struct wfrt_buf *b);

/* ---- shared between files ---- */

/* Parses an RFC 3339 timestamp (section 5.6) into seconds since the epoch;
 * false when `s` is not one (no error is set). lib_time.c. */
bool wfrt_lib_parse_time(const char *s, size_t n, double *out);

/* The text a value shows in a log line or a string conversion: a string
 * as it is, a number or boolean as string() gives it, anything else as
 * compact JSON. lib_helpers.c. */
bool wfrt_lib_to_text(wfrt_val v, wfrt_val *out);

#endif
