/*
 * ir.h - the intermediate representation of a workflow file: a program of
 * (sub)workflows, each a block of steps, each step of one kind with its
 * parts. Built by frontend/build.c, read by checks/ and backends/.
 *
 * Values that Workflows evaluates (assign values, call args, return and
 * raise values, conditions, loop lists, retry settings) are node trees from
 * ir/node.h whose `${...}` scalars carry parsed expressions. Names (steps,
 * variables, subworkflows, call targets) are interned, so they compare by
 * pointer. The language: ../shared/spec/syntax.md. Which keys each kind of
 * step takes is the table in ir/schema.c, not knowledge spread over here.
 */
#ifndef WF_IR_H
#define WF_IR_H

#include <stdbool.h>
#include <stddef.h>

#include "ir/expr.h"
#include "ir/node.h"
#include "support/arena.h"
#include "support/source.h"
#include "support/strtab.h"

typedef struct wf_program wf_program;
typedef struct wf_sub wf_sub;
typedef struct wf_block wf_block;
typedef struct wf_step wf_step;
typedef struct wf_branch wf_branch;

#include "ir/names.h"

/* SYNC step-kinds: ir/schema.c has one row per kind, in this order. */
enum wf_step_kind {
    WF_STEP_ASSIGN,
    WF_STEP_CALL,
    WF_STEP_SWITCH,
    WF_STEP_FOR,
    WF_STEP_PARALLEL,
    WF_STEP_TRY,
    WF_STEP_RAISE,
    WF_STEP_RETURN,
    WF_STEP_STEPS, /* nested steps: grouping only */
    WF_STEP_JUMP,  /* a body with only `next` */
    WF_STEP_KIND_COUNT,
};

/* A name as written, with its place. `name` is interned; NULL when absent. */
typedef struct wf_name {
    const char *name;
    wf_span span;
} wf_name;

enum wf_next_kind {
    WF_NEXT_NONE,     /* no `next`: fall through */
    WF_NEXT_STEP,     /* a step name */
    WF_NEXT_END,      /* end */
    WF_NEXT_BREAK,    /* break */
    WF_NEXT_CONTINUE, /* continue */
};

typedef struct wf_next {
    enum wf_next_kind kind;
    wf_name target;      /* the name as written (for every kind but NONE) */
    wf_step *step;       /* WF_NEXT_STEP: the target, bound by ir/resolve.c; NULL until then */
    const wf_step *busy; /* set by ir/flow.c when this jump closes a loop that fetches
                            (this step, e.g. an http.get) and never waits: a busy poll */
    bool endless;        /* set by ir/flow.c on the first jump of a loop that nothing
                            leaves: no return, raise, call or jump out */
} wf_next;

/* One entry of an `assign` list: TARGET: VALUE. */
typedef struct wf_assign {
    wf_expr *target;    /* NAME, FIELD or INDEX tree; NULL when it does not parse; its
                           offsets are into `text` */
    const char *text;   /* the target as written */
    const wf_node *key; /* the key scalar holding the target */
    wf_span span;       /* of the target */
    wf_node *value;
} wf_assign;

/* One argument of a call step: `name: value`, or a positional entry. */
typedef struct wf_arg {
    wf_name name; /* name.name NULL for a positional argument */
    wf_node *value;
} wf_arg;

/* One entry of a `switch` list. */
typedef struct wf_case {
    wf_node *condition;
    wf_span span;  /* the entry */
    wf_step *body; /* the inline action (steps, assign, call, return, raise, ...) as an
                      anonymous step, or NULL when the entry only jumps */
    wf_next next;
} wf_case;

/* The loop part of a `for` step or of a parallel `for`. */
typedef struct wf_loop {
    wf_name value;  /* the per-iteration variable */
    wf_name index;  /* optional */
    wf_node *in;    /* a list or an expression; NULL when `range` is used */
    wf_node *range; /* [begin, end] or an expression; NULL when `in` is used */
    wf_block *body;
    wf_span span; /* the map under `for:` */
} wf_loop;

/* A branch of a parallel step: `name: {steps: [...]}`. */
struct wf_branch {
    wf_name name;
    wf_block *body;
    wf_span span;
};

/* `retry:` either names a policy (`${http.default_retry}`) or spells one out. */
typedef struct wf_retry {
    wf_node *policy;    /* the whole value when it is an expression; else NULL */
    wf_node *predicate; /* the map form's keys, each NULL when absent */
    wf_node *max_retries;
    wf_node *initial_delay;
    wf_node *max_delay;
    wf_node *multiplier;
    wf_span span;
} wf_retry;

typedef struct wf_except {
    wf_name as; /* optional */
    wf_block *body;
    wf_span span;
} wf_except;

struct wf_step {
    wf_name name; /* NULL name for the anonymous inline bodies of try and switch */
    enum wf_step_kind kind;
    wf_span span; /* the body map */
    wf_next next;
    wf_block *parent;           /* the block that lists this step; NULL for an inline body */
    wf_step *owner;             /* for an inline body: the try or switch step holding it */
    const wf_node *node;        /* the body map as loaded */
    struct wf_step_names names; /* filled by ir/resolve.c */
    union {
        struct {
            wf_assign *items;
            size_t n;
        } assign;
        struct {
            wf_name func; /* the call target: stdlib function, connector or subworkflow */
            wf_arg *args;
            size_t nargs;
            bool positional;    /* `args` was a list */
            wf_node *args_node; /* `args` as written, or NULL */
            wf_name result;     /* optional */
        } call;
        struct {
            wf_case *cases;
            size_t n;
        } sw;
        wf_loop *loop; /* WF_STEP_FOR */
        struct {
            wf_branch *branches; /* with `branches` */
            size_t nbranches;
            wf_loop *loop; /* with `for` */
            wf_name *shared;
            size_t nshared;
            wf_node *concurrency_limit; /* or NULL */
            wf_node *exception_policy;  /* or NULL */
        } par;
        struct {
            wf_step *body; /* a STEPS step for `try: {steps: ...}`, else the inline step */
            wf_retry *retry;
            wf_except *except;
        } try_;
        wf_node *value;  /* WF_STEP_RAISE, WF_STEP_RETURN */
        wf_block *steps; /* WF_STEP_STEPS */
    } u;
};

/* Which construct a block belongs to. */
enum wf_block_role {
    WF_BLOCK_SUB,     /* the steps of a (sub)workflow */
    WF_BLOCK_STEPS,   /* nested `steps:` of a step */
    WF_BLOCK_CASE,    /* `steps:` of a switch entry */
    WF_BLOCK_FOR,     /* body of a for loop */
    WF_BLOCK_BRANCH,  /* body of a parallel branch */
    WF_BLOCK_PAR_FOR, /* body of a parallel for */
    WF_BLOCK_TRY,     /* `try: {steps: ...}` */
    WF_BLOCK_EXCEPT,  /* `except: {steps: ...}` */
};

struct wf_block {
    wf_step **steps;
    size_t n;
    enum wf_block_role role;
    wf_span span;   /* the list */
    wf_step *owner; /* the step this block belongs to; NULL for a workflow's body */
    wf_sub *sub;    /* the (sub)workflow */
};

typedef struct wf_param {
    wf_name name;
    wf_node *def; /* the default value, or NULL for a required parameter */
} wf_param;

struct wf_sub {
    wf_name name; /* "main" for the main workflow (also in the simple form) */
    wf_param *params;
    size_t nparams;
    bool has_params; /* `params:` was written (possibly empty) */
    wf_block *body;
    wf_span span;              /* the workflow's body map (the whole list in the simple form) */
    size_t nsteps;             /* steps in the workflow, nested ones included */
    struct wf_sub_names names; /* filled by ir/resolve.c */
    /* Named steps by interned name (open addressing), built by
     * wf_ir_index_steps; empty until then. */
    struct {
        wf_step **slots;
        size_t cap;
    } step_index;
};

struct wf_program {
    const wf_source *src;
    wf_node *root;
    bool simple;   /* the document is a bare list of steps */
    wf_sub **subs; /* in source order; main among them */
    size_t nsubs;
    wf_sub *main; /* NULL when the file has none */
    wf_arena *arena;
    wf_strtab *strs;
};

/* The subworkflow named `name` (interned), or NULL. */
wf_sub *wf_ir_find_sub(const wf_program *p, const char *name);

/* The step named `name` (interned) anywhere in `sub`, or NULL: a hash
 * lookup once wf_ir_index_steps has run, else a walk. */
wf_step *wf_ir_find_step(const wf_sub *sub, const char *name);

/* Builds the name index of `sub` in `a` (the first step of each name wins). */
void wf_ir_index_steps(wf_sub *sub, wf_arena *a);

/* Calls `fn` on every step of `block`, depth first in source order, nested
 * and inline (anonymous) bodies included; stops early when fn returns false
 * and then returns false. Recursion is bounded by the loader's nesting
 * limit (WF_YAML_MAX_DEPTH). */
bool wf_ir_walk_steps(const wf_block *block, bool (*fn)(void *ud, wf_step *step), void *ud);

/* The same for one step and everything inside it. */
bool wf_ir_walk_step(wf_step *step, bool (*fn)(void *ud, wf_step *step), void *ud);

/* Calls `fn` for every value of `st` that Workflows evaluates, in source
 * order: assign values (key = the target as written, item = 1-based entry),
 * call args (key = the argument name), switch conditions, loop `in` and
 * `range`, concurrency_limit, retry settings, raise and return values.
 * Values of nested and inline steps are not included (walk those steps). */
typedef void (*wf_value_fn)(void *ud, wf_step *st, const char *role, const char *key, unsigned item,
                            wf_node *value);
void wf_ir_step_values(wf_step *st, wf_value_fn fn, void *ud);

/* Whether a switch entry's condition is the literal true (`true` or
 * `${true}`), which leaves no way around the switch. */
bool wf_ir_case_always_true(const wf_case *c);

/* Name of a step kind for messages and dumps ("assign", "call", ...). */
const char *wf_step_kind_name(enum wf_step_kind kind);

/* Whether `s` is a valid Workflows variable name: [A-Za-z_][A-Za-z0-9_]*. */
bool wf_ir_valid_var_name(const char *s);

/* Prints the program readably (for tests and debugging): one line per step
 * with its kind, position and parts; expressions in canonical form. */
void wf_ir_dump(FILE *out, const wf_program *p);

/* The same without the file name and the line:col positions, with doubles
 * by value ("%.17g") instead of as written and number, boolean and null map
 * keys as the strings Workflows reads: two files that mean the same print
 * the same (wfc dump-ir --no-positions). */
void wf_ir_dump_without_positions(FILE *out, const wf_program *p);

#endif
