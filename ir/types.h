/*
 * types.h - the types of Workflows values as sets, for gradual inference:
 * a value's type is the set of types it may have at run time, WF_TY_ANY
 * when nothing is known. A check reports an operation only when every type
 * in the set makes it fail (spec/expressions.md §4: unknown stays silent).
 */
#ifndef WF_TYPES_H
#define WF_TYPES_H

/* One bit per runtime type. */
enum {
    WF_TY_NULL = 1u << 0,
    WF_TY_BOOL = 1u << 1,
    WF_TY_INT = 1u << 2,
    WF_TY_DOUBLE = 1u << 3,
    WF_TY_STRING = 1u << 4,
    WF_TY_BYTES = 1u << 5,
    WF_TY_LIST = 1u << 6,
    WF_TY_MAP = 1u << 7,
    WF_TY_NUMBER = WF_TY_INT | WF_TY_DOUBLE,
    WF_TY_ANY = 0xFFu,
};

typedef unsigned wf_tyset;

#include "ir/expr.h"
#include "support/arena.h"

struct wf_program;
struct wf_sub;
struct wf_node;

/* A type as inferred: the set, and for a map of a known shape (an HTTP
 * response) its keys (NULL-terminated), else NULL. */
struct wf_type {
    wf_tyset set;
    const char *const *fields;
};

/* Infers the type of every variable and what every workflow returns
 * (ir/types.c), after wf_resolve; fills wf_var.type and .fields and
 * names.returns. */
void wf_types_infer(struct wf_program *p);

/* The type of an expression, or of a value node, in workflow `sub`. */
struct wf_type wf_type_of_expr(const struct wf_program *p, const struct wf_sub *sub,
                               const wf_expr *e);
struct wf_type wf_type_of_node(const struct wf_program *p, const struct wf_sub *sub,
                               const struct wf_node *n);

/* The types `op` yields on operands of types a (and b); empty when every
 * combination raises a TypeError (spec/expressions.md §4). */
wf_tyset wf_type_binary(enum wf_op op, wf_tyset a, wf_tyset b);
wf_tyset wf_type_unary(enum wf_op op, wf_tyset a);

/* "an integer", "a string or null", "a number", ... for messages; in `a`
 * when several types are named. */
const char *wf_type_name(wf_arena *a, wf_tyset t);

/* The same in the plural: "strings or maps", "numbers". */
const char *wf_type_name_plural(wf_arena *a, wf_tyset t);

#endif
