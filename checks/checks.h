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
    const wf_sub *sub;             /* the workflow being walked */
    void *state;                   /* the running check's own state, if it asked for one */
};

/* One value that Workflows evaluates, with where it stands. */
struct wf_value_site {
    wf_step *step;       /* the step holding it (for a switch entry, the switch) */
    const char *role;    /* "assign", "args", "condition", "return", "in", ... */
    const char *key;     /* the argument or target name, or NULL */
    wf_node *value;
};

struct wf_check {
    enum wf_check_id id;
    size_t state_size; /* bytes of zeroed state per program, or 0 */
    void (*on_program)(struct wf_check_ctx *cx);
    void (*on_sub)(struct wf_check_ctx *cx, const wf_sub *sub);
    void (*on_step)(struct wf_check_ctx *cx, wf_step *step);
    void (*on_value)(struct wf_check_ctx *cx, const struct wf_value_site *site);
    void (*on_end)(struct wf_check_ctx *cx); /* after the whole program */
};

/* Runs every check over `p`; diagnostics go to `d`, whose filter decides
 * which survive. */
void wf_checks_run(const wf_program *p, wf_diags *d);

#endif
