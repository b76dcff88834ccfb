/*
 * unreachable-step - a step that no path from the start of its workflow
 * reaches: it follows a `return`, a `raise` or an unconditional `next`, and
 * no jump leads to it. Only the first step of such a run is reported.
 * Workflows deploys it; it just never runs, which usually means a jump
 * goes to the wrong place or a step was left behind. A warning.
 * Fires: a step after `return:` that no `next` names.
 * Quiet: the same step named by a `next` of a switch above.
 */
#include "config.h"

#include "checks/checks.h"

static void check_block(struct wf_check_ctx *cx, const wf_block *b, bool entered)
{
    if (!b)
        return;
    bool prev_reachable = entered;
    for (size_t i = 0; i < b->n; i++) {
        const wf_step *st = b->steps[i];
        if (!st->names.reachable && prev_reachable)
            wf_report(cx->d, WF_CHK_UNREACHABLE_STEP, st->name.span,
                      "step \"%s\" is unreachable: no path from the start of workflow \"%s\" "
                      "leads to it",
                      st->name.name, cx->sub->name.name);
        prev_reachable = st->names.reachable;
    }
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    /* A block is entered when its owner runs; steps of a block whose owner
     * is itself unreachable were reported with the owner. */
    bool r = st->names.reachable;
    switch (st->kind) {
    case WF_STEP_STEPS:
        check_block(cx, st->u.steps, r);
        break;
    case WF_STEP_FOR:
        if (st->u.loop)
            check_block(cx, st->u.loop->body, r);
        break;
    case WF_STEP_PARALLEL:
        for (size_t i = 0; i < st->u.par.nbranches; i++)
            check_block(cx, st->u.par.branches[i].body, r);
        if (st->u.par.loop)
            check_block(cx, st->u.par.loop->body, r);
        break;
    case WF_STEP_TRY:
        if (st->u.try_.except)
            check_block(cx, st->u.try_.except->body, r);
        break;
    default:
        break;
    }
}

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    check_block(cx, sub->body, true);
}

const struct wf_check wf_check_unreachable_step = {
    .id = WF_CHK_UNREACHABLE_STEP,
    .needs_clean_build = true,
    .on_sub = on_sub,
    .on_step = on_step,
};
