/*
 * break-outside-loop - `next: break` or `next: continue` where no for loop
 * encloses the step. Inside a loop they are the implicit jump targets that
 * leave it or start its next iteration; outside they name nothing and
 * Workflows refuses the file. Inside a parallel for (but no plain for)
 * their meaning is unconfirmed, so wfc says nothing there.
 * A parallel branch is a boundary: a loop around the parallel step does
 * not count.
 * Fires: `next: break` in a switch at the top level of a workflow.
 * Quiet: the same switch inside a for loop's steps.
 */
#include "config.h"

#include "checks/checks.h"
#include "ir/resolve.h"

static void on_next(struct wf_check_ctx *cx, const wf_step *from, const wf_next *nx)
{
    if (nx->kind != WF_NEXT_BREAK && nx->kind != WF_NEXT_CONTINUE)
        return;
    if (wf_resolve_loop_of(from->names.scope, true))
        return;
    const wf_scope *branch = from->names.scope;
    while (branch && branch->kind != WF_SCOPE_BRANCH)
        branch = branch->parent;
    if (branch && branch->branch->name.name) {
        wf_report(cx->d, WF_CHK_BREAK_OUTSIDE_LOOP, nx->target.span,
                  "\"next: %s\" cannot leave parallel branch \"%s\"; let the branch end, and "
                  "decide after the parallel step",
                  nx->target.name, branch->branch->name.name);
        return;
    }
    wf_report(cx->d, WF_CHK_BREAK_OUTSIDE_LOOP, nx->target.span,
              "\"next: %s\" outside a for loop; use \"next: end\" to stop the workflow or name "
              "a step",
              nx->target.name);
}

const struct wf_check wf_check_break_outside_loop = {
    .id = WF_CHK_BREAK_OUTSIDE_LOOP,
    .on_next = on_next,
};
