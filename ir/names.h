/*
 * names.h - the part of the IR that name resolution fills in (ir/resolve.c,
 * ir/flow.c): scopes, variables, definitions and reads, and per-step facts.
 * Included by ir/ir.h; read it there.
 */
#ifndef WF_NAMES_H
#define WF_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "support/source.h"

struct wf_func;

enum wf_scope_kind {
    WF_SCOPE_SUB,     /* a workflow: its params and variables */
    WF_SCOPE_FOR,     /* a for body: the loop variables and what is first set inside */
    WF_SCOPE_EXCEPT,  /* an except block: `as` and what is first set inside */
    WF_SCOPE_BRANCH,  /* a parallel branch */
    WF_SCOPE_PAR_FOR, /* the body of a parallel for */
};

typedef struct wf_scope wf_scope;
struct wf_scope {
    enum wf_scope_kind kind;
    wf_scope *parent;        /* NULL for the workflow's scope */
    wf_step *owner;          /* the for, try or parallel step; NULL for the workflow */
    const wf_branch *branch; /* WF_SCOPE_BRANCH */
};

/* How a variable comes to exist. */
enum wf_def_kind {
    WF_DEF_PARAM,
    WF_DEF_ASSIGN, /* `name: value` in assign */
    WF_DEF_RESULT, /* `result:` of a call */
    WF_DEF_LOOP,   /* `value:` or `index:` of a loop */
    WF_DEF_EXCEPT, /* `as:` of an except block */
};

typedef struct wf_var wf_var;
struct wf_var {
    const char *name; /* interned */
    wf_scope *scope;
    enum wf_def_kind kind;     /* of the first definition in source order */
    wf_span first;             /* that definition */
    wf_step *first_step;       /* its step; NULL for a parameter */
    unsigned id;               /* index in the workflow's variable table */
    unsigned ndefs;            /* definitions (assignments, results, loop heads, ...) */
    unsigned nwrites;          /* writes into it (`v.key: x`, `v[i]: x`) */
    unsigned nreads;           /* reads in expressions and in targets' subscripts */
    unsigned type;             /* wf_tyset (ir/types.h) of every value it may hold */
    const char *const *fields; /* the keys it certainly has, when every assignment gives a
                                  map of one known shape (an HTTP response), else NULL */
};

/* Where a definition stands. */
typedef struct wf_def {
    wf_var *var;
    enum wf_def_kind kind;
    wf_span span;
    wf_step *step; /* NULL for a parameter; the loop's step for WF_DEF_LOOP, the try
                      step for WF_DEF_EXCEPT */
    unsigned item; /* 1-based entry of an assign list; 0 otherwise */
} wf_def;

enum wf_use_state {
    WF_USE_DEFINED,   /* assigned on every path that reaches the read */
    WF_USE_MAYBE,     /* assigned on some paths only */
    WF_USE_UNDEFINED, /* no assignment reaches the read (or none is visible) */
    WF_USE_UNKNOWN,   /* in a step that cannot run: not analysed */
};

/* A read of a variable in an expression (or the base of an assignment
 * target such as `m.key: ...`, which needs `m` to exist). */
typedef struct wf_use {
    const char *name;
    wf_var *var;       /* the visible declaration, or NULL */
    wf_var *elsewhere; /* when var is NULL: a variable of that name in a scope the read
                          cannot see (a loop variable after its loop, another
                          workflow's variable), for the message; else NULL */
    enum wf_use_state state;
    wf_span span;        /* the name in the source */
    wf_step *step;       /* the step whose value holds the read */
    const wf_node *node; /* the scalar that holds the expression */
    bool is_target;      /* the base of an assignment target */
    bool is_shared;      /* a name in the `shared` list of a parallel step */
    unsigned item;       /* 1-based entry of an assign list it stands in; 0 otherwise */
} wf_use;

/* Per workflow. */
struct wf_sub_names {
    wf_var **vars;
    size_t nvars;
    wf_def *defs;
    size_t ndefs;
    wf_use *uses;
    size_t nuses;
    unsigned returns; /* wf_tyset of what the workflow returns (ir/types.c) */
    bool fetches;     /* some step reads a resource, here or in a workflow it calls */
    bool waits;       /* some step pauses (sys.sleep, ...), here or in a callee */
    /* (scope, name) -> variable, open addressing; see wf_resolve_lookup. */
    struct {
        const wf_scope **scopes;
        const char **names;
        wf_var **vars;
        size_t cap, count;
    } symtab;
};

/* Per step, filled by resolution. */
struct wf_step_names {
    wf_scope *scope;                 /* the innermost scope holding the step */
    bool reachable;                  /* some path from the workflow's start runs it */
    const struct wf_func *callee_fn; /* a call step to the standard library */
    wf_sub *callee_sub;              /* a call step to a subworkflow */
    bool connector;                  /* a call step to a googleapis connector */
    unsigned node;                   /* its node in the control flow graph (ir/flow.c) */
    bool unavoidable; /* a call step on every path from the start to every end of its
                         workflow (return, end, raise): ir/flow.c */
};

#endif
