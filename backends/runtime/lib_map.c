/*
 * lib_map.c - map.get, map.delete, map.merge and map.merge_nested (spec
 * stdlib.md §8). None changes its arguments: results are copies, made
 * cheaply by the core's copy on write.
 *
 * map.get never fails on the map side: a missing key, or a value on the
 * way that is not a map (the argument itself included), gives null. Its
 * keys must be a string or a list of strings (TypeError). merge_nested
 * walks with an explicit stack, as the core does, since values may nest
 * as deep as a loop makes them.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <stdlib.h>

/* The value under `key` in m when m is a map, else NULL. */
static const wfrt_val *lookup(wfrt_val m, wfrt_val key)
{
    if (m.type != WFRT_MAP)
        return NULL;
    return wfrt_map_find(m, wfrt_str_data(key), wfrt_str_len(key));
}

bool wfrt_fn_map_get(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"map", WFRT_LIB_ANY},
                                                   {"keys", WFRT_LIB_STRING | WFRT_LIB_LIST}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("map.get", params, a))
        return false;
    if (a[1].type == WFRT_STRING) {
        const wfrt_val *v = lookup(a[0], a[1]);
        *out = v ? wfrt_retain(*v) : wfrt_null();
        return true;
    }
    size_t n = wfrt_list_len(a[1]);
    for (size_t i = 0; i < n; i++)
        if (wfrt_list_at(a[1], i).type != WFRT_STRING)
            return wfrt_fail(WFRT_TAG_TYPE, "map.get: keys[%zu] must be a string, got %s", i,
                             wfrt_type_phrase(wfrt_list_at(a[1], i)));
    wfrt_val cur = a[0];
    for (size_t i = 0; i < n; i++) {
        const wfrt_val *v = lookup(cur, wfrt_list_at(a[1], i));
        if (!v) {
            *out = wfrt_null();
            return true;
        }
        cur = *v;
    }
    *out = wfrt_retain(cur);
    return true;
}

bool wfrt_fn_map_delete(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"map", WFRT_LIB_MAP}, {"key", WFRT_LIB_STRING}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("map.delete", params, a))
        return false;
    wfrt_val m = wfrt_retain(a[0]);
    if (wfrt_map_find(m, wfrt_str_data(a[1]), wfrt_str_len(a[1])))
        wfrt_map_remove(&m, wfrt_str_data(a[1]), wfrt_str_len(a[1]));
    *out = m;
    return true;
}

static const struct wfrt_lib_param merge_params[] = {{"first", WFRT_LIB_MAP},
                                                     {"second", WFRT_LIB_MAP}};

/* Keys of `first` keep their places; new keys of `second` follow. */
bool wfrt_fn_map_merge(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("map.merge", merge_params, a))
        return false;
    wfrt_val m = wfrt_retain(a[0]);
    for (size_t i = 0; i < wfrt_map_len(a[1]); i++)
        wfrt_map_set(&m, wfrt_retain(wfrt_map_key_at(a[1], i)),
                     wfrt_retain(wfrt_map_value_at(a[1], i)));
    *out = m;
    return true;
}

/* One map being merged into: the slot that holds it (in its parent, made
 * unique, so the pointer holds while the parent is left alone, which it is
 * until this frame is done), the map merged in and the next key of it. */
struct merge_frame {
    wfrt_val *target;
    wfrt_val src;
    size_t next;
};

bool wfrt_fn_map_merge_nested(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("map.merge_nested", merge_params, a))
        return false;
    wfrt_val result = wfrt_retain(a[0]);
    size_t n = 0, cap = 8;
    struct merge_frame *stack = wfrt_xmalloc(cap * sizeof *stack);
    stack[n++] = (struct merge_frame){&result, a[1], 0};
    while (n) {
        struct merge_frame *f = &stack[n - 1];
        if (f->next == wfrt_map_len(f->src)) {
            n--;
            continue;
        }
        wfrt_val key = wfrt_map_key_at(f->src, f->next);
        wfrt_val val = wfrt_map_value_at(f->src, f->next);
        f->next++;
        if (val.type == WFRT_MAP) {
            wfrt_val *slot = wfrt_map_slot(f->target, wfrt_str_data(key), wfrt_str_len(key));
            if (slot && slot->type == WFRT_MAP) {
                if (n == cap) {
                    cap *= 2;
                    stack = wfrt_xrealloc(stack, cap * sizeof *stack);
                }
                stack[n++] = (struct merge_frame){slot, val, 0};
                continue;
            }
        }
        wfrt_map_set(f->target, wfrt_retain(key), wfrt_retain(val));
    }
    free(stack);
    *out = result;
    return true;
}
