/*
 * shared-not-defined - a name in the `shared` list of a parallel step that
 * is not assigned before the step. `shared` makes an existing variable of
 * the enclosing scope writable from the branches; it does not create one
 * (syntax.md §2.6, gotcha G14), so the branches would write a variable that
 * does not exist.
 * Fires: `shared: [results]` with no assignment of `results` before.
 * Quiet: `- init: {assign: [{results: {}}]}` before the parallel step.
 */
#include "config.h"

#include "checks/checks.h"

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    for (size_t i = 0; i < sub->names.nuses; i++) {
        const wf_use *u = &sub->names.uses[i];
        if (!u->is_shared || u->state == WF_USE_DEFINED || u->state == WF_USE_UNKNOWN)
            continue;
        if (u->state == WF_USE_MAYBE)
            wf_report(cx->d, WF_CHK_SHARED_NOT_DEFINED, u->span,
                      "shared variable \"%s\" is assigned on some paths to this parallel step "
                      "only; assign it before the step on every path",
                      u->name);
        else
            wf_report(cx->d, WF_CHK_SHARED_NOT_DEFINED, u->span,
                      "shared variable \"%s\" is not assigned before this parallel step; "
                      "\"shared\" makes an existing variable writable, it does not create one",
                      u->name);
    }
}

const struct wf_check wf_check_shared_not_defined = {
    .id = WF_CHK_SHARED_NOT_DEFINED,
    .needs_clean_build = true,
    .on_sub = on_sub,
};
