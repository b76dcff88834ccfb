/*
 * schema.h - the one table of what Workflows accepts where: the kinds of
 * step and, for every map of the language (workflow body, step body, switch
 * entry, for loop, parallel, retry policy, backoff, except), its keys, the
 * type of each value, which are required and which exclude each other.
 *
 * frontend/build.c validates and reads maps through it; checks, emitters and
 * the code generator take step kinds and key names from it, so a key added
 * here is known everywhere. Source: ../shared/spec/syntax.md §1-2.
 */
#ifndef WF_SCHEMA_H
#define WF_SCHEMA_H

#include <stddef.h>

#include "ir/ir.h"

/* What a key's value must be. */
enum wf_vtype {
    WF_VT_ANY,           /* any value; expressions evaluated at any depth */
    WF_VT_SCALAR,        /* a scalar or an expression (condition, predicate) */
    WF_VT_STEPS,         /* a non-empty list of steps */
    WF_VT_CASES,         /* a non-empty list of switch entries */
    WF_VT_STEP_NAME,     /* `next`: a literal step name or end/break/continue */
    WF_VT_CALL_TARGET,   /* `call`: a literal function or subworkflow name */
    WF_VT_VAR,           /* a literal variable name */
    WF_VT_VARS,          /* a list of literal variable names */
    WF_VT_ASSIGNS,       /* a list of single-key maps TARGET: VALUE */
    WF_VT_ARGS,          /* a map of arguments (a list: positional, stdlib only) */
    WF_VT_LIST_OR_EXPR,  /* a literal list or an expression */
    WF_VT_NUM_OR_EXPR,   /* a number or an expression */
    WF_VT_SHAPE,         /* a map validated against `shape` */
    WF_VT_SHAPE_OR_EXPR, /* a map with `shape`, or an expression (retry: ${http.default_retry}) */
    WF_VT_BRANCHES,      /* a list of single-key maps NAME: {steps: [...]} */
    WF_VT_PARAMS,        /* a list of names and single-key maps name: default */
    WF_VT_LITERAL,       /* exactly the string in `literal` */
};

enum {
    WF_KEY_REQUIRED = 1u << 0,
    WF_KEY_ACTION = 1u << 1, /* one of the keys of which at most one may appear */
};

struct wf_shape;

struct wf_key {
    const char *name;
    enum wf_vtype type;
    unsigned flags;
    const char *needs;            /* a key that must be present too (args needs call) */
    const struct wf_shape *shape; /* WF_VT_SHAPE, WF_VT_SHAPE_OR_EXPR */
    const char *literal;          /* WF_VT_LITERAL */
};

enum {
    /* At least one ACTION key must be present. */
    WF_SHAPE_NEEDS_ACTION = 1u << 0,
    /* A step body: an ACTION key or at least a `next`. */
    WF_SHAPE_STEP_BODY = 1u << 1,
};

struct wf_shape {
    const char *what;    /* "a step", "a for loop", ... for messages */
    const char *actions; /* the ACTION keys in words, for "expected one of ..." */
    const struct wf_key *keys;
    size_t nkeys;
    unsigned flags;
    const struct wf_shape *base; /* keys of another shape also allowed here */
};

extern const struct wf_shape wf_shape_workflow; /* params, steps */
extern const struct wf_shape wf_shape_step;     /* a step body */
extern const struct wf_shape wf_shape_case;     /* a switch entry */
extern const struct wf_shape wf_shape_loop;     /* for: value, index, in, range, steps */
extern const struct wf_shape wf_shape_parallel;
extern const struct wf_shape wf_shape_branch; /* the body of a branch: steps */
extern const struct wf_shape wf_shape_retry;
extern const struct wf_shape wf_shape_backoff;
extern const struct wf_shape wf_shape_except;

/* SYNC step-kinds: one row per enum wf_step_kind, in order. */
struct wf_step_kind_info {
    enum wf_step_kind kind;
    const char *key;  /* the action key that selects the kind; "next" for a jump */
    const char *name; /* for messages and dumps */
};
extern const struct wf_step_kind_info wf_step_kinds[WF_STEP_KIND_COUNT];

/* The key `name` of `shape` (or of its base), or NULL. */
const struct wf_key *wf_shape_key(const struct wf_shape *shape, const char *name);

/* The step kind whose action key is `key`, or WF_STEP_KIND_COUNT. */
enum wf_step_kind wf_step_kind_of_key(const char *key);

/* Reserved words of the workflow syntax (spec/syntax.md §1.4). */
extern const char *const wf_reserved_words[];

#endif
