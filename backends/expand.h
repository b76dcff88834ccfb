/*
 * expand.h - wfc expand: every call of a subworkflow inlined into main, so
 * that one flat file deploys. The result is a node tree (ir/node.h) that
 * backends/emit.c writes as YAML or JSON.
 */
#ifndef WF_EXPAND_H
#define WF_EXPAND_H

#include <stdbool.h>

#include "ir/ir.h"
#include "support/diag.h"

struct wf_expand_options {
    bool strict; /* a recursive subworkflow is an error, not kept */
};

/* Expands `p`, which must be resolved (ir/resolve.h) and free of lint
 * errors. Returns the root of the flat document, in p's arena, or NULL
 * after reporting to `d` why it cannot be expanded. Subworkflows that
 * cannot be inlined (recursive ones, those called inside an expression or
 * used as a retry predicate) stay subworkflows, each with a note in `d`. */
wf_node *wf_expand(wf_program *p, wf_diags *d, const struct wf_expand_options *o);

#endif
