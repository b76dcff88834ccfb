/*
 * core.h - what the core files of libwfrt (value.c, error.c, json.c, ops.c,
 * exec.c) share beyond wfrt.h: the layout of the reference-counted objects
 * and a few helpers. Not installed, and not for generated code, which sees
 * only wfrt.h; the other parts of the runtime may include it for speed.
 */
#ifndef WFRT_CORE_H
#define WFRT_CORE_H

#include "backends/runtime/wfrt.h"

#include <stdarg.h>
#include <stdint.h>

/* Every object starts with this header. `refs` is changed with __atomic
 * builtins only: values cross the threads of parallel branches. */
struct wfrt_obj {
    uint32_t refs;
    uint8_t type; /* a wfrt_type: STRING, BYTES, LIST or MAP */
};

/* Strings and bytes: `len` bytes of data, then a NUL. */
struct wfrt_str {
    struct wfrt_obj h;
    size_t len;
    size_t chars; /* code points: bytes that do not continue a UTF-8 sequence */
    char data[];
};

/* Lists and maps remember the memory they count (wfrt_size_of) in `size`,
 * 0 while unknown: computed when first asked, kept up to date by the
 * functions that change the container (push, set, remove), and forgotten
 * by wfrt_list_slot and wfrt_map_slot, whose callers may change an item in
 * place. A shared container never changes, so its size stays true; it is
 * read and written with __atomic builtins all the same, since threads may
 * compute it at once. */
struct wfrt_list {
    struct wfrt_obj h;
    size_t len;
    size_t size;
    union {
        size_t cap;
        struct wfrt_obj *next_dead; /* once dead: the stack of objects to free */
    } u;
    wfrt_val *items;
};

struct wfrt_entry {
    wfrt_val key; /* a string */
    wfrt_val val;
    uint32_t hash;
};

/* Entries in insertion order; past WFRT_MAP_LINEAR entries, an open-address
 * index (`index`, `nindex` slots, a power of two, each 0 when free or the
 * entry's position + 1) finds keys without a scan. */
struct wfrt_map {
    struct wfrt_obj h;
    size_t len;
    size_t size; /* as a list's */
    union {
        size_t cap;
        struct wfrt_obj *next_dead;
    } u;
    struct wfrt_entry *entries;
    uint32_t *index;
    size_t nindex;
};

#define WFRT_MAP_LINEAR 8

static inline struct wfrt_str *wfrt_as_str(wfrt_val v)
{
    return (struct wfrt_str *)v.u.o;
}
static inline struct wfrt_list *wfrt_as_list(wfrt_val v)
{
    return (struct wfrt_list *)v.u.o;
}
static inline struct wfrt_map *wfrt_as_map(wfrt_val v)
{
    return (struct wfrt_map *)v.u.o;
}
static inline bool wfrt_is_obj(wfrt_val v)
{
    return v.type >= WFRT_STRING && v.type <= WFRT_MAP;
}

/* Allocation that cannot fail: out of memory ends the process (status 2). */
void *wfrt_xmalloc(size_t n);
void *wfrt_xrealloc(void *p, size_t n);

/* A string of `len` uninitialised bytes (plus the NUL) for the caller to
 * fill; wfrt_str_finish counts its code points once it is filled. */
wfrt_val wfrt_string_alloc(size_t len);
void wfrt_str_finish(wfrt_val s);

/* The slot of item i (< length) of *l, or of `key` in *m (NULL when
 * absent), after making the container unique (copy on write). The pointer
 * holds until the container changes. */
wfrt_val *wfrt_list_slot(wfrt_val *l, size_t i);
wfrt_val *wfrt_map_slot(wfrt_val *m, const char *key, size_t len);

/* Replaces item i (< length) of *l by `item` (consumed), copying a shared
 * list first; the list's size stays known. */
void wfrt_list_set(wfrt_val *l, size_t i, wfrt_val item);

/* Records that the list or map `v`, which the caller holds the only
 * reference to, counts `size` bytes (wfrt_size_of): for a caller that
 * changed an item in place through a slot and knows by how much. */
void wfrt_size_known(wfrt_val v, size_t size);

/* Compares an integer with a double exactly: -1, 0 or 1 as i <, ==, > d;
 * 2 when d is NaN. */
int wfrt_cmp_int_double(int64_t i, double d);

/* The value of hex digit `c`, or -1. */
static inline int wfrt_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The hash of a map key. */
uint32_t wfrt_hash(const char *s, size_t len);

/* An article and a type name for messages: "an integer", "a list", "null". */
const char *wfrt_type_phrase(wfrt_val v);

/* vprintf into a new string. */
wfrt_val wfrt_string_vprintf(const char *fmt, va_list ap) WFRT_PRINTF(1, 0);

/* Where the pending error was raised (exec.c keeps the current step of
 * each thread; error.c copies it when an error is set). */
struct wfrt_where {
    const char *routine, *step; /* NULL when no step ran */
    int line;
};
struct wfrt_where wfrt_where_now(void);
/* Makes `w` the calling thread's current step: a thread that runs a
 * parallel branch starts at its parent's (parallel.c). */
void wfrt_where_set(struct wfrt_where w);
/* Where the pending error, or the last one taken, was raised. */
struct wfrt_where wfrt_error_where(void);

/* A parallel step starts its threads after wfrt_parallel_enter and calls
 * wfrt_parallel_leave once it has joined them (exec.c: the counters of the
 * execution are plain while no parallel step runs). */
void wfrt_parallel_enter(void);
void wfrt_parallel_leave(void);

/* The stub the options give for `name` (the last one given), or NULL.
 * --trace prints the call: "KIND NAME ARGS -> stub" (ARGS, compact JSON,
 * left out when absent). Then the answer of a call to a stub: *out gets
 * its value (a new reference), or its error is raised. */
const struct wfrt_stub *wfrt_stub_find(const char *kind, const char *name, wfrt_val args);
bool wfrt_stub_answer(const struct wfrt_stub *s, wfrt_val *out);

/* Ends what the events module started for the execution (lib_events.c):
 * stops the callback listener, joins its thread, closes its sockets and
 * frees the requests no await took. Nothing when no endpoint was created;
 * a later endpoint starts a new listener. The runner's main calls it
 * before returning (through wfrt_at_end); no workflow code may run
 * meanwhile. */
void wfrt_events_stop(void);

/* Has the runner's main call `fn` before it returns. The events module
 * registers wfrt_events_stop when it starts its listener, so that main
 * does not name it: a program that creates no callback then links
 * neither the events nor the http module, nor libcurl's start-up. */
void wfrt_at_end(void (*fn)(void));

#endif
