/*
 * possibly-undefined - a variable is read where some paths have assigned
 * it and others have not: set in one branch of a switch only, inside a loop
 * before its first assignment, or after a jump that skips the assignment.
 * Workflows fails at run time when such a path is taken. A warning: the
 * paths may be impossible in practice.
 * Fires: `x` set under one condition of a switch without a default, then
 * read. Quiet: the same switch with `condition: true` assigning `x` too.
 */
#include "config.h"

#include "checks/checks.h"

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    for (size_t i = 0; i < sub->names.nuses; i++) {
        const wf_use *u = &sub->names.uses[i];
        if (u->state != WF_USE_MAYBE || u->is_shared)
            continue;
        wf_diag *dg = wf_report(cx->d, WF_CHK_POSSIBLY_UNDEFINED, u->span,
                                "variable \"%s\" may be read before it is assigned: some paths to "
                                "this point do not assign it",
                                u->name);
        wf_diag_note(cx->d, dg, u->var->first, "\"%s\" is assigned here", u->name);
    }
}

const struct wf_check wf_check_possibly_undefined = {
    .id = WF_CHK_POSSIBLY_UNDEFINED,
    .needs_clean_build = true,
    .on_sub = on_sub,
};
