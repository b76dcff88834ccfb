/*
 * endless-loop - a loop made by `next` jumps that nothing leaves: no step
 * in it returns, raises, calls anything (a call may fail and so end the
 * run), ends the workflow or jumps out of it, and no switch in it leads
 * out. It runs until the execution's limit of 100,000 steps, which fails
 * it with ResourceLimitError. An error: that is certain. The loops are
 * found by ir/flow.c (wf_next.endless), one report per loop.
 * Fires: a -> b -> a with assignments only.
 * Quiet: the same with a switch that leads out; a polling loop (it calls
 * http.get, which may fail); a for loop.
 */
#include "config.h"

#include "checks/checks.h"

static void on_next(struct wf_check_ctx *cx, const wf_step *from, const wf_next *nx)
{
    (void)from;
    if (nx->endless)
        wf_report(cx->d, WF_CHK_ENDLESS_LOOP, nx->target.span,
                  "this jump closes a loop that never ends: no step in it returns, raises, "
                  "calls anything or leads out of it, so every execution that gets here "
                  "fails at the limit of 100,000 steps");
}

const struct wf_check wf_check_endless_loop = {
    .id = WF_CHK_ENDLESS_LOOP,
    .needs_clean_build = true,
    .on_next = on_next,
};
