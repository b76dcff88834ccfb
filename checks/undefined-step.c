/*
 * undefined-step - a `next:` names no step of its workflow. Workflows
 * refuses the file at deploy time. Names are per workflow: a step of
 * another workflow does not count.
 * Fires: `next: finsh` with a step `finish`.  Quiet: `next: end`, `break`
 * and `continue`, which are keywords, not step names.
 */
#include "config.h"

#include "checks/checks.h"

static void on_next(struct wf_check_ctx *cx, const wf_step *from, const wf_next *nx)
{
    (void)from;
    if (nx->kind != WF_NEXT_STEP || nx->step)
        return;
    const char *best = wf_check_suggest_step(cx->sub, nx->target.name);
    if (best)
        wf_report(cx->d, WF_CHK_UNDEFINED_STEP, nx->target.span,
                  "step \"%s\" is not defined; did you mean \"%s\"?", nx->target.name, best);
    else
        wf_report(cx->d, WF_CHK_UNDEFINED_STEP, nx->target.span,
                  "step \"%s\" is not defined in workflow \"%s\"", nx->target.name,
                  cx->sub->name.name);
}

const struct wf_check wf_check_undefined_step = {
    .id = WF_CHK_UNDEFINED_STEP,
    .on_next = on_next,
};
