/*
 * test_runner_main.c - a hand-written "compiled workflow" for the runner's
 * test (tests/runner.sh): its main gives back its argument, unless the
 * argument is a map asking for something else:
 *   {"raise": V}       raises V (wfrt_fail_value)
 *   {"fail": TAG}      fails with an error of that tag (wfrt_fail)
 *   {"bytes": S}       returns the bytes of string S
 *   {"bytes_in": S}    returns a list holding those bytes
 *   {"steps": N}       runs N steps named s1..sN, then returns N
 *   {"depth": N}       calls a routine recursively N levels deep, then
 *                      fails in the innermost one with a KeyError
 * It follows the contract of wfrt.h for generated code: every routine
 * enters and leaves the call stack, every step is counted.
 */
#include "config.h"

#include "backends/runtime/wfrt.h"

#include <stdio.h>

static bool recurse(int64_t n)
{
    if (!wfrt_call_enter("recurse"))
        return false;
    bool ok = wfrt_step("recurse", "again", 3);
    if (ok)
        ok = n > 1 ? recurse(n - 1) : wfrt_fail(WFRT_TAG_KEY, "key not found: bottom");
    wfrt_call_leave();
    return ok;
}

static bool run(wfrt_val arg, wfrt_val *result)
{
    const wfrt_val *v;
    if (arg.type != WFRT_MAP) {
        *result = wfrt_retain(arg);
        return true;
    }
    if ((v = wfrt_map_find(arg, "raise", 5)))
        return wfrt_fail_value(wfrt_retain(*v));
    if ((v = wfrt_map_find(arg, "fail", 4)) && v->type == WFRT_STRING)
        return wfrt_fail(wfrt_str_data(*v), "failed on purpose");
    if ((v = wfrt_map_find(arg, "bytes", 5)) && v->type == WFRT_STRING) {
        *result = wfrt_bytes(wfrt_str_data(*v), wfrt_str_len(*v));
        return true;
    }
    if ((v = wfrt_map_find(arg, "bytes_in", 8)) && v->type == WFRT_STRING) {
        *result = wfrt_list_new(1);
        wfrt_list_push(result, wfrt_bytes(wfrt_str_data(*v), wfrt_str_len(*v)));
        return true;
    }
    if ((v = wfrt_map_find(arg, "steps", 5)) && v->type == WFRT_INT) {
        static const char *const names[] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
        for (int64_t i = 0; i < v->u.i; i++)
            if (!wfrt_step("main", names[i % 8], (int)i + 1))
                return false;
        *result = wfrt_retain(*v);
        return true;
    }
    if ((v = wfrt_map_find(arg, "depth", 5)) && v->type == WFRT_INT) {
        if (!wfrt_step("main", "call", 2) || !recurse(v->u.i))
            return false;
        *result = wfrt_null();
        return true;
    }
    *result = wfrt_retain(arg);
    return true;
}

static bool echo_main(wfrt_val arg, wfrt_val *result)
{
    if (!wfrt_call_enter("main")) {
        wfrt_release(arg);
        return false;
    }
    bool ok = run(arg, result);
    wfrt_release(arg);
    wfrt_call_leave();
    return ok;
}

static const struct wfrt_program program = {"echo.yaml", echo_main};

int main(int argc, char **argv)
{
    return wfrt_main(argc, argv, &program);
}
