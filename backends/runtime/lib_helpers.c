/*
 * lib_helpers.c - the expression helpers of the standard library, the
 * functions without a module: default, if, keys, len, int, double, string
 * and get_type (spec stdlib.md §1). Their parameters follow ir/stdlib.c.
 *
 * string() formats numbers as the `+` operator does when it meets a string
 * (ops.c), so that `string(x)` and `"" + x` can never disagree. The `in`
 * helper of the documentation is the operator, in ops.c.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool wfrt_fn_default(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"val", WFRT_LIB_ANY},
                                                   {"default_val", WFRT_LIB_ANY}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("default", params, a))
        return false;
    *out = wfrt_retain(a[0].type == WFRT_NULL ? a[1] : a[0]);
    return true;
}

/* Both values were evaluated by the caller: Workflows' if() is a function,
 * not a short-circuit. A null condition counts as false (documented). */
bool wfrt_fn_if(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"condition", WFRT_LIB_BOOL | WFRT_LIB_NULL},
                                                   {"if_true", WFRT_LIB_ANY},
                                                   {"if_false", WFRT_LIB_ANY}};
    wfrt_val a[3];
    if (!WFRT_LIB_CHECK("if", params, a))
        return false;
    bool cond = a[0].type == WFRT_BOOL && a[0].u.b;
    *out = wfrt_retain(cond ? a[1] : a[2]);
    return true;
}

bool wfrt_fn_keys(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"map", WFRT_LIB_MAP}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("keys", params, a))
        return false;
    size_t n = wfrt_map_len(a[0]);
    wfrt_val list = wfrt_list_new(n);
    for (size_t i = 0; i < n; i++)
        wfrt_list_push(&list, wfrt_retain(wfrt_map_key_at(a[0], i)));
    *out = list;
    return true;
}

/* A string's length counts code points, as Workflows does. */
bool wfrt_fn_len(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"value", WFRT_LIB_LIST | WFRT_LIB_MAP | WFRT_LIB_STRING}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("len", params, a))
        return false;
    size_t n = a[0].type == WFRT_LIST  ? wfrt_list_len(a[0])
               : a[0].type == WFRT_MAP ? wfrt_map_len(a[0])
                                       : wfrt_str_chars(a[0]);
    *out = wfrt_int((int64_t)n);
    return true;
}

/* ---- conversions ---- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* [+-]digits, nothing around it. */
static bool parse_int_text(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i == n)
        return false;
    uint64_t mag = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (mag > (limit - d) / 10)
            return false;
        mag = mag * 10 + d;
    }
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return true;
}

/* A decimal number: [+-](digits[.digits]|.digits)([eE][+-]digits). No
 * "inf", "nan" or hexadecimal, which strtod would take. */
static bool is_decimal_text(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && is_digit(s[i]); i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && is_digit(s[i]); i++)
            digits++;
    if (digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i == n || !is_digit(s[i]))
            return false;
        while (i < n && is_digit(s[i]))
            i++;
    }
    return i == n;
}

/* int(): a double truncates toward zero; a string must hold an integer. */
bool wfrt_fn_int(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"value", WFRT_LIB_STRING | WFRT_LIB_NUMBER}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("int", params, a))
        return false;
    if (a[0].type == WFRT_INT) {
        *out = a[0];
        return true;
    }
    if (a[0].type == WFRT_DOUBLE) {
        double d = trunc(a[0].u.d);
        /* -2^63 is exact as a double; 2^63 is the first value past the range. */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
            return wfrt_fail(WFRT_TAG_VALUE, "int: %g does not fit in an integer", a[0].u.d);
        *out = wfrt_int((int64_t)d);
        return true;
    }
    int64_t i;
    if (!parse_int_text(wfrt_str_data(a[0]), wfrt_str_len(a[0]), &i))
        return wfrt_fail(WFRT_TAG_VALUE, "int: cannot convert \"%s\" to an integer",
                         wfrt_str_data(a[0]));
    *out = wfrt_int(i);
    return true;
}

/* double(): a string or an int (stdlib.md §1, ir/stdlib.c); unlike int(),
 * whose own type passes through, a double is not taken. */
bool wfrt_fn_double(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"value", WFRT_LIB_STRING | WFRT_LIB_INT}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("double", params, a))
        return false;
    if (a[0].type == WFRT_INT) {
        *out = wfrt_double((double)a[0].u.i);
        return true;
    }
    const char *s = wfrt_str_data(a[0]);
    if (!is_decimal_text(s, wfrt_str_len(a[0])))
        return wfrt_fail(WFRT_TAG_VALUE, "double: cannot convert \"%s\" to a double", s);
    errno = 0;
    double d = strtod(s, NULL);
    if (errno == ERANGE && isinf(d))
        return wfrt_fail(WFRT_TAG_VALUE, "double: \"%s\" is out of range", s);
    *out = wfrt_double(d); /* underflow gives 0 or a subnormal, as in JSON */
    return true;
}

bool wfrt_fn_string(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"value", WFRT_LIB_NUMBER | WFRT_LIB_BOOL | WFRT_LIB_STRING}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("string", params, a))
        return false;
    if (a[0].type == WFRT_STRING) {
        *out = wfrt_retain(a[0]);
        return true;
    }
    wfrt_val empty = wfrt_string("", 0);
    bool ok = wfrt_op_add(empty, a[0], out);
    wfrt_release(empty);
    return ok;
}

bool wfrt_fn_get_type(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"value", WFRT_LIB_ANY}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("get_type", params, a))
        return false;
    *out = wfrt_string_cstr(wfrt_type_name(a[0]));
    return true;
}

bool wfrt_lib_to_text(wfrt_val v, wfrt_val *out)
{
    switch (v.type) {
    case WFRT_STRING:
        *out = wfrt_retain(v);
        return true;
    case WFRT_BOOL:
    case WFRT_INT:
    case WFRT_DOUBLE:
        return wfrt_fn_string(&v, 1, out);
    default:
        return wfrt_json_encode(v, -1, out);
    }
}
