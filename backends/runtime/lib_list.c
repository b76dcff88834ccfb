/*
 * lib_list.c - list.concat and list.prepend (spec stdlib.md §7): a new list
 * with one more element, the argument unchanged. `val` is added as one
 * element even when it is a list (documented for concat). The copy is the
 * core's copy on write: concat shares the elements and copies the array
 * only because the argument still holds it.
 */
#include "config.h"

#include "backends/runtime/lib.h"

static const struct wfrt_lib_param params[] = {{"objs", WFRT_LIB_LIST}, {"val", WFRT_LIB_ANY}};

bool wfrt_fn_list_concat(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("list.concat", params, a))
        return false;
    wfrt_val list = wfrt_retain(a[0]);
    wfrt_list_push(&list, wfrt_retain(a[1]));
    *out = list;
    return true;
}

bool wfrt_list_append(wfrt_val *var, wfrt_val item)
{
    if (var->type != WFRT_LIST) {
        const wfrt_val args[2] = {*var, item};
        wfrt_val unused;
        return wfrt_fn_list_concat(args, 2, &unused); /* fails: its message */
    }
    wfrt_list_push(var, wfrt_retain(item));
    return true;
}

bool wfrt_fn_list_prepend(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("list.prepend", params, a))
        return false;
    size_t n = wfrt_list_len(a[0]);
    wfrt_val list = wfrt_list_new(n + 1);
    wfrt_list_push(&list, wfrt_retain(a[1]));
    for (size_t i = 0; i < n; i++)
        wfrt_list_push(&list, wfrt_retain(wfrt_list_at(a[0], i)));
    *out = list;
    return true;
}
