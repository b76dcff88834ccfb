/*
 * lib_math.c - math.abs, math.floor, math.max and math.min (spec stdlib.md
 * §9). abs keeps the type of its argument; max and min give back the
 * operand they chose, with its type (max(1, 1.0) is the first, 1), and
 * compare an integer with a double exactly; floor gives an integer (its
 * existence is unconfirmed, see ir/stdlib.c). An integer result that does
 * not fit in 64 bits is a ValueError, as for the operators.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <math.h>

static const struct wfrt_lib_param x_params[] = {{"x", WFRT_LIB_NUMBER}};
static const struct wfrt_lib_param xy_params[] = {{"x", WFRT_LIB_NUMBER}, {"y", WFRT_LIB_NUMBER}};

bool wfrt_fn_math_abs(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("math.abs", x_params, a))
        return false;
    if (a[0].type == WFRT_DOUBLE) {
        *out = wfrt_double(fabs(a[0].u.d));
        return true;
    }
    if (a[0].u.i == INT64_MIN)
        return wfrt_fail(WFRT_TAG_VALUE, "math.abs: integer overflow");
    *out = wfrt_int(a[0].u.i < 0 ? -a[0].u.i : a[0].u.i);
    return true;
}

bool wfrt_fn_math_floor(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("math.floor", x_params, a))
        return false;
    if (a[0].type == WFRT_INT) {
        *out = a[0];
        return true;
    }
    double d = floor(a[0].u.d);
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return wfrt_fail(WFRT_TAG_VALUE, "math.floor: %g does not fit in an integer", a[0].u.d);
    *out = wfrt_int((int64_t)d);
    return true;
}

/* Whether a > b, exactly, for any two numbers (false when one is NaN). */
static bool greater(wfrt_val a, wfrt_val b)
{
    if (a.type == WFRT_INT && b.type == WFRT_INT)
        return a.u.i > b.u.i;
    if (a.type == WFRT_INT)
        return wfrt_cmp_int_double(a.u.i, b.u.d) == 1;
    if (b.type == WFRT_INT)
        return wfrt_cmp_int_double(b.u.i, a.u.d) == -1;
    return a.u.d > b.u.d;
}

bool wfrt_fn_math_max(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("math.max", xy_params, a))
        return false;
    *out = greater(a[1], a[0]) ? a[1] : a[0];
    return true;
}

bool wfrt_fn_math_min(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("math.min", xy_params, a))
        return false;
    *out = greater(a[0], a[1]) ? a[1] : a[0];
    return true;
}
