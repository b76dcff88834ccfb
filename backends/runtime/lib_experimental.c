/*
 * lib_experimental.c - experimental.executions.run, .map and
 * .execution_error (spec stdlib.md §15): they start child executions of
 * deployed workflows in Google Cloud, which a local runner does not have.
 * They exist so that a workflow naming them compiles, and fail when called
 * with a SystemError that says so.
 */
#include "config.h"

#include "backends/runtime/lib.h"

static bool unsupported(const char *fn)
{
    return wfrt_fail(WFRT_TAG_SYSTEM,
                     "%s is not supported by the local runner: it starts executions of "
                     "workflows deployed in Google Cloud",
                     fn);
}

/* The parameters are undocumented (ir/stdlib.c): any arguments are taken. */
bool wfrt_fn_experimental_executions_execution_error(const wfrt_val *args, size_t nargs,
                                                     wfrt_val *out)
{
    (void)args, (void)nargs, (void)out;
    return unsupported("experimental.executions.execution_error");
}

bool wfrt_fn_experimental_executions_map(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    (void)args, (void)nargs, (void)out;
    return unsupported("experimental.executions.map");
}

bool wfrt_fn_experimental_executions_run(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    (void)args, (void)nargs, (void)out;
    return unsupported("experimental.executions.run");
}
