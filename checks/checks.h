/*
 * checks.h - the interface of a check: callbacks that the walker of
 * checks/checks.c calls once per program, workflow, step and expression
 * value, in one pass over the IR. A check reads the IR (and the bindings of
 * ir/resolve.c) and reports through wf_check_report; it never walks the IR
 * itself and never sees YAML. The table of checks is in checks/checks.c;
 * their ids, severities and summaries in ir/checks.def.
 */
#ifndef WF_CHECKS_H
#define WF_CHECKS_H

#include "ir/ir.h"
#include "ir/report.h"

struct wf_check_ctx {
    const wf_program *prog;
    wf_diags *d;
    const wf_sub *sub; /* the workflow being walked */
    void *state;       /* the running check's own state, if it asked for one */
};

/* One value that Workflows evaluates, with where it stands. */
struct wf_value_site {
    wf_step *step;    /* the step holding it (for a switch entry, the switch) */
    const char *role; /* "assign", "args", "condition", "return", "in", ... */
    const char *key;  /* the argument or target name, or NULL */
    unsigned item;    /* 1-based entry of an assign list; 0 otherwise */
    wf_node *value;
};

/* Where a scalar stands inside its value. */
struct wf_scalar_place {
    bool is_key;  /* a map key */
    bool in_flow; /* inside a [flow] or {flow} collection, where YAML reads {}[], */
};

struct wf_check {
    enum wf_check_id id;
    size_t state_size; /* bytes of zeroed state per program, or 0 */
    /* Skip the check when building the file reported errors: what it
     * reasons about (the variables, the flow) is incomplete then, and it
     * would only repeat the structural mistake in other words. */
    bool needs_clean_build;
    void (*on_program)(struct wf_check_ctx *cx);
    void (*on_sub)(struct wf_check_ctx *cx, const wf_sub *sub);
    void (*on_step)(struct wf_check_ctx *cx, wf_step *step);
    /* Every `next` of a step: its own, and those of a switch's conditions. */
    void (*on_next)(struct wf_check_ctx *cx, const wf_step *from, const wf_next *nx);
    void (*on_value)(struct wf_check_ctx *cx, const struct wf_value_site *site);
    /* Every scalar inside a value, map keys included. */
    void (*on_scalar)(struct wf_check_ctx *cx, const struct wf_value_site *site,
                      const wf_node *scalar, const struct wf_scalar_place *place);
    /* Every parsed expression inside a value: `scalar` holds it. */
    void (*on_expr)(struct wf_check_ctx *cx, const struct wf_value_site *site,
                    const wf_node *scalar, const wf_expr *e);
    /* Every node of those expressions, in the order of wf_expr_visit: the
     * walker visits each expression once for all the checks that have
     * this, rather than once per check. */
    void (*on_expr_node)(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e);
    void (*on_end)(struct wf_check_ctx *cx); /* after the whole program */
};

/* Resolves the names of `p` (ir/resolve.h), then runs every check over it;
 * diagnostics go to `d`, whose filter decides which survive. */
void wf_checks_run(wf_program *p, wf_diags *d);

/* Helpers shared by checks (checks/checks.c). */

/* The closest name to the one read by `u` among the variables visible
 * where it stands, for "did you mean"; NULL when none is close. A variable
 * the very assignment holding the read creates is no candidate. */
const char *wf_check_suggest_var(const wf_sub *sub, const wf_use *u);

/* The closest step name of `sub` to `name`, or NULL. */
const char *wf_check_suggest_step(const wf_sub *sub, const char *name);

/* Whether a plain string scalar of a value reads as an expression over the
 * workflow's variables written without "${}": it parses (frontend/values.c
 * tries quietly), every name in it is a visible variable or a library
 * module or function, at least one is a variable, and it is more than a
 * bare word where a word is a plausible literal. missing-dollar-brace
 * reports these; other checks leave them alone. */
bool wf_check_reads_as_expression(struct wf_check_ctx *cx, const struct wf_value_site *site,
                                  const wf_node *scalar);

/* Whether every name in `e` is a variable visible at `step` (or a library
 * module or function) and at least one is a variable. */
bool wf_check_names_known(struct wf_check_ctx *cx, const wf_step *step, const wf_expr *e);

/* `${inner}` written to replace scalar `n` so that YAML or JSON keeps it
 * one string: double-quoted (escaped) where `n` was double-quoted in a flow
 * collection, as in every JSON file, or where nothing needs escaping;
 * plain where YAML allows it; else single-quoted.
 * `in_flow`: `n` stands inside a [flow] or {flow} collection. In `a`. */
const char *wf_check_expression_fixit(wf_arena *a, const wf_node *n, bool in_flow,
                                      const char *inner);

/* "step \"x\"" or, for an inline body, its owner's description; in `a`. */
const char *wf_check_step_desc(wf_arena *a, const wf_step *st);

#endif
