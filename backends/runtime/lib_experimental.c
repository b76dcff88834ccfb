/*
 * lib_experimental.c - experimental.executions.run, .map and
 * .execution_error (spec stdlib.md §15): they start child executions of
 * deployed workflows in Google Cloud, which a local runner does not have.
 * A call answers with the runner's --stub (or --stub-raise) for the
 * function's name, as a connector does; without one it fails with a
 * SystemError that says so.
 */
#include "config.h"

#include "backends/runtime/lib.h"

static bool unsupported(const char *fn, wfrt_val *out)
{
    const struct wfrt_stub *s = wfrt_stub_find("call", fn, wfrt_absent());
    if (s)
        return wfrt_stub_answer(s, out);
    return wfrt_fail(WFRT_TAG_SYSTEM,
                     "%s is not supported by the local runner: it starts executions of "
                     "workflows deployed in Google Cloud; give its result with --stub %s=JSON",
                     fn, fn);
}

/* The parameters are undocumented (ir/stdlib.c): any arguments are taken. */
bool wfrt_fn_experimental_executions_execution_error(const wfrt_val *args, size_t nargs,
                                                     wfrt_val *out)
{
    (void)args, (void)nargs;
    return unsupported("experimental.executions.execution_error", out);
}

bool wfrt_fn_experimental_executions_map(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    (void)args, (void)nargs;
    return unsupported("experimental.executions.map", out);
}

bool wfrt_fn_experimental_executions_run(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    (void)args, (void)nargs;
    return unsupported("experimental.executions.run", out);
}
