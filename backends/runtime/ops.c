/*
 * ops.c - the operators of Workflows' expressions (wfrt.h, "operators"),
 * by the tables of spec/expressions.md §4-6: arithmetic with exact
 * integers (overflow is a ValueError, never a wrap), `+` joining a string
 * with the text of a number or boolean, Python's floor division and
 * remainder, comparisons, `in`, and reading and assigning fields and
 * indexes. There is no truthiness: conditions must be booleans.
 *
 * Values are in value.c; the text of a double comes from json.c.
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static bool type_error2(const char *op, wfrt_val a, wfrt_val b)
{
    return wfrt_fail(WFRT_TAG_TYPE, "unsupported operand types for %s: %s and %s", op,
                     wfrt_type_name(a), wfrt_type_name(b));
}

static bool overflow(const char *op, wfrt_val a, wfrt_val b)
{
    return wfrt_fail(WFRT_TAG_VALUE, "integer overflow in %" PRId64 " %s %" PRId64, a.u.i, op,
                     b.u.i);
}

static bool is_num(wfrt_val v)
{
    return v.type == WFRT_INT || v.type == WFRT_DOUBLE;
}

static double as_double(wfrt_val v)
{
    return v.type == WFRT_INT ? (double)v.u.i : v.u.d;
}

/* A double result from finite operands must be finite. */
static bool double_result(const char *op, wfrt_val a, wfrt_val b, double r, wfrt_val *out)
{
    if (!isfinite(r) && isfinite(as_double(a)) && isfinite(as_double(b)))
        return wfrt_fail(WFRT_TAG_VALUE, "double overflow in %s", op);
    *out = wfrt_double(r);
    return true;
}

/* ---- + and the text of a value ---- */

/* The text `+` joins for a scalar (into buf, or the string's own bytes). */
static bool text_of(wfrt_val v, char *buf, size_t size, const char **s, size_t *len)
{
    switch (v.type) {
    case WFRT_STRING:
        *s = wfrt_str_data(v);
        *len = wfrt_str_len(v);
        return true;
    case WFRT_INT:
        *len = (size_t)snprintf(buf, size, "%" PRId64, v.u.i);
        break;
    case WFRT_DOUBLE:
        *len = wfrt_format_double(v.u.d, buf, size);
        break;
    case WFRT_BOOL:
        *len = (size_t)snprintf(buf, size, "%s", v.u.b ? "true" : "false");
        break;
    default:
        return false;
    }
    *s = buf;
    return true;
}

static bool concat(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    char abuf[40], bbuf[40];
    const char *as, *bs;
    size_t alen, blen;
    if (!text_of(a, abuf, sizeof abuf, &as, &alen) || !text_of(b, bbuf, sizeof bbuf, &bs, &blen))
        return type_error2("+", a, b);
    if (alen + blen > WFRT_MAX_STRING_BYTES)
        return wfrt_fail(WFRT_TAG_RESOURCE_LIMIT,
                         "string of %zu bytes exceeds the limit of %d bytes", alen + blen,
                         WFRT_MAX_STRING_BYTES);
    wfrt_val s = wfrt_string_alloc(alen + blen);
    struct wfrt_str *p = wfrt_as_str(s);
    memcpy(p->data, as, alen);
    memcpy(p->data + alen, bs, blen);
    if (a.type == WFRT_STRING && b.type == WFRT_STRING) {
        p->chars = wfrt_as_str(a)->chars + wfrt_as_str(b)->chars; /* no second scan */
        p->data[p->len] = '\0';
    } else {
        wfrt_str_finish(s);
    }
    *out = s;
    return true;
}

bool wfrt_op_add(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (a.type == WFRT_INT && b.type == WFRT_INT) {
        int64_t r;
        if (__builtin_add_overflow(a.u.i, b.u.i, &r))
            return overflow("+", a, b);
        *out = wfrt_int(r);
        return true;
    }
    if (is_num(a) && is_num(b))
        return double_result("+", a, b, as_double(a) + as_double(b), out);
    if (a.type == WFRT_STRING || b.type == WFRT_STRING)
        return concat(a, b, out);
    return type_error2("+", a, b);
}

/* ---- -, *, /, //, % ---- */

bool wfrt_op_sub(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (a.type == WFRT_INT && b.type == WFRT_INT) {
        int64_t r;
        if (__builtin_sub_overflow(a.u.i, b.u.i, &r))
            return overflow("-", a, b);
        *out = wfrt_int(r);
        return true;
    }
    if (is_num(a) && is_num(b))
        return double_result("-", a, b, as_double(a) - as_double(b), out);
    return type_error2("-", a, b);
}

bool wfrt_op_mul(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (a.type == WFRT_INT && b.type == WFRT_INT) {
        int64_t r;
        if (__builtin_mul_overflow(a.u.i, b.u.i, &r))
            return overflow("*", a, b);
        *out = wfrt_int(r);
        return true;
    }
    if (is_num(a) && is_num(b))
        return double_result("*", a, b, as_double(a) * as_double(b), out);
    return type_error2("*", a, b);
}

/* Both numbers and the divisor not zero, else the error of `op`. */
static bool division_operands(const char *op, wfrt_val a, wfrt_val b)
{
    if (!is_num(a) || !is_num(b))
        return type_error2(op, a, b);
    if (b.type == WFRT_INT ? b.u.i == 0 : b.u.d == 0)
        return wfrt_fail(WFRT_TAG_ZERO_DIVISION, "%s by zero",
                         op[0] == '%' ? "modulo" : "division");
    return true;
}

bool wfrt_op_div(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (!division_operands("/", a, b))
        return false;
    return double_result("/", a, b, as_double(a) / as_double(b), out);
}

/* Python's divmod of two doubles (b != 0): floor(a / b) computed without
 * the rounding of a / b, and the remainder with the sign of b. */
static void double_divmod(double a, double b, double *floordiv, double *mod)
{
    double m = fmod(a, b);
    double div = (a - m) / b;
    if (m != 0) {
        if ((b < 0) != (m < 0)) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, b);
    }
    if (div != 0) {
        double f = floor(div);
        if (div - f > 0.5)
            f += 1.0;
        div = f;
    } else {
        div = copysign(0.0, a / b);
    }
    *floordiv = div;
    *mod = m;
}

bool wfrt_op_idiv(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (!division_operands("//", a, b))
        return false;
    if (a.type == WFRT_INT && b.type == WFRT_INT) {
        if (a.u.i == INT64_MIN && b.u.i == -1)
            return overflow("//", a, b);
        int64_t q = a.u.i / b.u.i;
        if (a.u.i % b.u.i != 0 && (a.u.i < 0) != (b.u.i < 0))
            q--;
        *out = wfrt_int(q);
        return true;
    }
    double q, m;
    double_divmod(as_double(a), as_double(b), &q, &m);
    return double_result("//", a, b, q, out);
}

bool wfrt_op_mod(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (!division_operands("%", a, b))
        return false;
    if (a.type == WFRT_INT && b.type == WFRT_INT) {
        if (b.u.i == -1) { /* INT64_MIN % -1 is undefined in C */
            *out = wfrt_int(0);
            return true;
        }
        int64_t r = a.u.i % b.u.i;
        if (r != 0 && (r < 0) != (b.u.i < 0))
            r += b.u.i;
        *out = wfrt_int(r);
        return true;
    }
    double q, m;
    double_divmod(as_double(a), as_double(b), &q, &m);
    return double_result("%", a, b, m, out);
}

/* ---- unary ---- */

bool wfrt_op_neg(wfrt_val a, wfrt_val *out)
{
    if (a.type == WFRT_INT) {
        if (a.u.i == INT64_MIN)
            return wfrt_fail(WFRT_TAG_VALUE, "integer overflow in -(%" PRId64 ")", a.u.i);
        *out = wfrt_int(-a.u.i);
        return true;
    }
    if (a.type == WFRT_DOUBLE) {
        *out = wfrt_double(-a.u.d);
        return true;
    }
    return wfrt_fail(WFRT_TAG_TYPE, "unsupported operand type for unary -: %s", wfrt_type_name(a));
}

bool wfrt_op_not(wfrt_val a, wfrt_val *out)
{
    if (a.type != WFRT_BOOL)
        return wfrt_fail(WFRT_TAG_TYPE, "unsupported operand type for not: %s", wfrt_type_name(a));
    *out = wfrt_bool(!a.u.b);
    return true;
}

bool wfrt_truth(wfrt_val v, bool *out)
{
    if (v.type != WFRT_BOOL)
        return wfrt_fail(WFRT_TAG_TYPE, "expected a boolean; got: %s", wfrt_type_name(v));
    *out = v.u.b;
    return true;
}

/* ---- comparisons ---- */

bool wfrt_op_eq(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    *out = wfrt_bool(wfrt_equal(a, b));
    return true;
}

bool wfrt_op_ne(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    *out = wfrt_bool(!wfrt_equal(a, b));
    return true;
}

/* -1, 0, 1, or 2 for unordered (NaN); false with a TypeError for operands
 * that do not compare. */
static bool compare(const char *op, wfrt_val a, wfrt_val b, int *cmp)
{
    if (a.type == WFRT_INT && b.type == WFRT_INT) {
        *cmp = (a.u.i > b.u.i) - (a.u.i < b.u.i);
    } else if (a.type == WFRT_INT && b.type == WFRT_DOUBLE) {
        *cmp = wfrt_cmp_int_double(a.u.i, b.u.d);
    } else if (a.type == WFRT_DOUBLE && b.type == WFRT_INT) {
        int c = wfrt_cmp_int_double(b.u.i, a.u.d);
        *cmp = c == 2 ? 2 : -c;
    } else if (a.type == WFRT_DOUBLE && b.type == WFRT_DOUBLE) {
        *cmp = a.u.d < b.u.d ? -1 : a.u.d > b.u.d ? 1 : a.u.d == b.u.d ? 0 : 2;
    } else if (a.type == WFRT_STRING && b.type == WFRT_STRING) {
        /* Byte order of UTF-8 is code point order. */
        size_t la = wfrt_str_len(a), lb = wfrt_str_len(b);
        int c = memcmp(wfrt_str_data(a), wfrt_str_data(b), la < lb ? la : lb);
        *cmp = c ? (c > 0) - (c < 0) : (la > lb) - (la < lb);
    } else {
        return type_error2(op, a, b);
    }
    return true;
}

bool wfrt_op_lt(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    int c;
    if (!compare("<", a, b, &c))
        return false;
    *out = wfrt_bool(c == -1);
    return true;
}

bool wfrt_op_le(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    int c;
    if (!compare("<=", a, b, &c))
        return false;
    *out = wfrt_bool(c == -1 || c == 0);
    return true;
}

bool wfrt_op_gt(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    int c;
    if (!compare(">", a, b, &c))
        return false;
    *out = wfrt_bool(c == 1);
    return true;
}

bool wfrt_op_ge(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    int c;
    if (!compare(">=", a, b, &c))
        return false;
    *out = wfrt_bool(c == 1 || c == 0);
    return true;
}

bool wfrt_op_in(wfrt_val a, wfrt_val b, wfrt_val *out)
{
    if (b.type == WFRT_MAP) {
        *out = wfrt_bool(a.type == WFRT_STRING &&
                         wfrt_map_find(b, wfrt_str_data(a), wfrt_str_len(a)) != NULL);
        return true;
    }
    if (b.type == WFRT_LIST) {
        bool found = false;
        for (size_t i = 0, n = wfrt_list_len(b); i < n && !found; i++)
            found = wfrt_equal(a, wfrt_list_at(b, i));
        *out = wfrt_bool(found);
        return true;
    }
    return wfrt_fail(WFRT_TAG_TYPE, "The argument of 'in' must be a dict or an array; got: %s",
                     wfrt_type_name(b));
}

/* ---- fields and indexes ---- */

static bool key_error(const char *key, size_t len)
{
    return wfrt_fail(WFRT_TAG_KEY, "key not found: %.*s", (int)len, key);
}

static bool not_a_map(wfrt_val obj, const char *name)
{
    return wfrt_fail(WFRT_TAG_TYPE, "cannot access key \"%s\" of %s: not a map", name,
                     wfrt_type_phrase(obj));
}

/* The checks of obj[index]: a string key of a map or an integer index of
 * a list in range. */
static bool check_index(wfrt_val obj, wfrt_val index)
{
    if (obj.type == WFRT_MAP) {
        if (index.type != WFRT_STRING)
            return wfrt_fail(WFRT_TAG_TYPE, "map keys must be strings; got: %s",
                             wfrt_type_name(index));
        return true;
    }
    if (obj.type != WFRT_LIST)
        return wfrt_fail(WFRT_TAG_TYPE, "cannot index %s: not a list or a map",
                         wfrt_type_phrase(obj));
    if (index.type != WFRT_INT)
        return wfrt_fail(WFRT_TAG_TYPE, "list indices must be integers; got: %s",
                         wfrt_type_name(index));
    size_t len = wfrt_list_len(obj);
    if (index.u.i < 0 || (uint64_t)index.u.i >= len)
        return wfrt_fail(WFRT_TAG_INDEX, "list index %" PRId64 " out of range (length %zu)",
                         index.u.i, len);
    return true;
}

bool wfrt_get_field(wfrt_val obj, const char *name, wfrt_val *out)
{
    if (obj.type != WFRT_MAP)
        return not_a_map(obj, name);
    size_t len = strlen(name);
    const wfrt_val *v = wfrt_map_find(obj, name, len);
    if (!v)
        return key_error(name, len);
    *out = wfrt_retain(*v);
    return true;
}

bool wfrt_get_index(wfrt_val obj, wfrt_val index, wfrt_val *out)
{
    if (!check_index(obj, index))
        return false;
    if (obj.type == WFRT_LIST) {
        *out = wfrt_retain(wfrt_list_at(obj, (size_t)index.u.i));
        return true;
    }
    const wfrt_val *v = wfrt_map_find(obj, wfrt_str_data(index), wfrt_str_len(index));
    if (!v)
        return key_error(wfrt_str_data(index), wfrt_str_len(index));
    *out = wfrt_retain(*v);
    return true;
}

bool wfrt_set_field(wfrt_val *obj, const char *name, wfrt_val v)
{
    if (obj->type != WFRT_MAP) {
        wfrt_release(v);
        return not_a_map(*obj, name);
    }
    wfrt_map_set(obj, wfrt_string_cstr(name), v);
    return true;
}

bool wfrt_set_index(wfrt_val *obj, wfrt_val index, wfrt_val v)
{
    if (!check_index(*obj, index)) {
        wfrt_release(v);
        return false;
    }
    if (obj->type == WFRT_MAP) {
        wfrt_map_set(obj, wfrt_retain(index), v);
        return true;
    }
    wfrt_list_set(obj, (size_t)index.u.i, v);
    return true;
}
