/*
 * error.c - the pending error of each thread (wfrt.h, "errors"): a function
 * that fails sets it and returns false, and whoever handles the failure
 * takes it (an except block, a retry, a parallel branch, the runner).
 *
 * With the error we keep where it was raised, the step the thread was
 * running (exec.c), for the runner's message about an uncaught error; it
 * is not part of the value a workflow sees.
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <string.h>

static _Thread_local bool has_pending;
static _Thread_local wfrt_val pending;
static _Thread_local struct wfrt_where pending_where;

bool wfrt_fail_value(wfrt_val err)
{
    if (has_pending)
        wfrt_release(pending);
    pending = err;
    has_pending = true;
    pending_where = wfrt_where_now();
    return false;
}

bool wfrt_fail(const char *tag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wfrt_val msg = wfrt_string_vprintf(fmt, ap);
    va_end(ap);
    wfrt_val tags = wfrt_list_new(1);
    wfrt_list_push(&tags, wfrt_string_cstr(tag));
    wfrt_val err = wfrt_map_new(2);
    wfrt_map_set(&err, wfrt_string("message", 7), msg);
    wfrt_map_set(&err, wfrt_string("tags", 4), tags);
    return wfrt_fail_value(err);
}

bool wfrt_error_pending(void)
{
    return has_pending;
}

wfrt_val wfrt_error_take(void)
{
    if (!has_pending)
        return wfrt_null();
    wfrt_val err = pending;
    has_pending = false;
    pending = wfrt_null();
    return err;
}

struct wfrt_where wfrt_error_where(void)
{
    return pending_where;
}

bool wfrt_error_has_tag(wfrt_val err, const char *tag)
{
    if (err.type != WFRT_MAP)
        return false;
    const wfrt_val *tags = wfrt_map_find(err, "tags", 4);
    if (!tags || tags->type != WFRT_LIST)
        return false;
    size_t len = strlen(tag);
    for (size_t i = 0; i < wfrt_list_len(*tags); i++) {
        wfrt_val t = wfrt_list_at(*tags, i);
        if (t.type == WFRT_STRING && wfrt_str_len(t) == len &&
            memcmp(wfrt_str_data(t), tag, len) == 0)
            return true;
    }
    return false;
}
