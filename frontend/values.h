/*
 * values.h - parsing the expressions inside values that Workflows
 * evaluates (assign values, args, return, raise, conditions, ...), and the
 * targets of assignments. Used by frontend/build.c only.
 */
#ifndef WF_VALUES_H
#define WF_VALUES_H

#include "ir/node.h"
#include "support/diag.h"

struct wf_values {
    wf_arena *a;
    wf_strtab *strs;
    wf_diags *d;
};

/* Parses every `${...}` in `n` at any depth, map keys included, attaching
 * the trees to the nodes; reports expressions that do not parse or are not
 * closed. A node reached twice (through a YAML alias) is parsed once. */
void wf_values_prepare(const struct wf_values *vx, wf_node *n);

/* Whether `n` is a string that opens "${" and never closes it; reports it
 * (with the reason when one is visible) and returns true. For places that
 * would otherwise complain about the type of such a value. */
bool wf_values_unclosed(const struct wf_values *vx, const wf_node *n);

/* Reports the scalar `n` as an invalid variable name. */
void wf_values_bad_name(const struct wf_values *vx, const wf_node *n);

/* Parses the key of an assign entry as a target (`a`, `a.b`, `a[i]`);
 * returns NULL after reporting when it does not parse. */
wf_expr *wf_values_parse_target(const struct wf_values *vx, const wf_node *key);

#endif
