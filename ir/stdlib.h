/*
 * stdlib.h - the one table of the Workflows standard library
 * (../shared/spec/stdlib.md): every function with its parameters (names,
 * types, which are required), what it returns, and whether it blocks (only
 * a `call` step may run it). Checks (unknown functions, arguments, blocking
 * calls in expressions, argument types), type inference, `wfc help
 * functions` and later the code generator all read it.
 */
#ifndef WF_STDLIB_H
#define WF_STDLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ir/types.h"

struct wf_param_spec {
    const char *name;
    wf_tyset types; /* accepted types; WF_TY_ANY when any */
    bool required;
    const char *def; /* documented default as a literal ("300", "true", "\"POST\""), or NULL */
    bool one_of;     /* in the group of which exactly one is given (WF_FN_ONE_OF) */
};

enum {
    WF_FN_BLOCKING = 1u << 0, /* only in a call step: http.*, sys.sleep, sys.log, ... */
    WF_FN_EXPR = 1u << 1,     /* may be called inside ${...} */
    WF_FN_VALUE = 1u << 2, /* a value, not called: ${http.default_retry}, retry.default_backoff */
    WF_FN_PREDICATE = 1u << 3, /* usable as a retry predicate: ${http.default_retry_predicate} */
    WF_FN_ONE_OF = 1u << 4,    /* exactly one of the params marked one_of must be given (sys.log) */
    WF_FN_UNCONFIRMED =
        1u << 5, /* existence unconfirmed by the spec (math.floor): never an error */
    WF_FN_ARGS_UNKNOWN = 1u << 6, /* parameters undocumented (experimental.*): check no arguments */
    WF_FN_FETCH = 1u << 7,        /* reads a resource without changing it (http.get): what a
                                     polling loop repeats */
    WF_FN_WAITS = 1u << 8,        /* pauses the execution (sys.sleep, events.await_callback) */
};

struct wf_func {
    const char *name;                   /* dotted: "sys.sleep", "len" */
    const struct wf_param_spec *params; /* in documented (positional) order */
    unsigned nparams;
    wf_tyset returns;
    const char *const *fields; /* known keys of a returned map (NULL-terminated), or NULL */
    unsigned flags;            /* WF_FN_* */
    const char *summary;       /* one line for `wfc help functions` */
};

/* The table, sorted by name. */
extern const struct wf_func wf_stdlib[];
extern const size_t wf_stdlib_count;

/* The entry named `name` (dotted), or NULL. Binary search. */
const struct wf_func *wf_stdlib_find(const char *name);

/* The parameter named `name` of `fn`, or NULL. */
const struct wf_param_spec *wf_stdlib_param(const struct wf_func *fn, const char *name);

/* Whether `name` is a module of the library ("sys", "http", "text", ...). */
bool wf_stdlib_is_module(const char *name);

/* Whether `name` is a connector call ("googleapis.<service>.<version>...."):
 * connectors are blocking calls whose arguments wfc does not know. */
bool wf_stdlib_is_connector(const char *name);

/* Prints the table for `wfc help functions`: one paragraph per function. */
void wf_stdlib_print_help(FILE *out);

#endif
