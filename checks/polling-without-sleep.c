/*
 * polling-without-sleep - a loop made by `next` jumps that fetches a
 * resource (http.get, http.request with method GET, a connector's get, or
 * a subworkflow that does) and never waits (sys.sleep, sys.sleep_until,
 * events.await_callback, here or in a called subworkflow). It polls as
 * fast as steps run: each round costs steps (billed, and limited per
 * execution) and API quota, and the state it waits for will not come
 * sooner. A loop whose fetch reads a variable the loop assigns asks for
 * something new each round (a page token): pagination, left alone. The
 * loops are found by ir/flow.c (wf_next.busy).
 * Fires: get_job -> check (switch, next: get_job).
 * Quiet: the same with a sys.sleep step in the loop; a page-token loop.
 */
#include "config.h"

#include "checks/checks.h"

static void on_next(struct wf_check_ctx *cx, const wf_step *from, const wf_next *nx)
{
    (void)from;
    if (!nx->busy)
        return;
    const wf_step *fetch = nx->busy;
    wf_diag *d = wf_report(cx->d, WF_CHK_POLLING_WITHOUT_SLEEP, nx->target.span,
                           "this jump closes a loop that calls %s again and again without "
                           "waiting: it polls as fast as steps run, spending steps and quota; "
                           "call sys.sleep in the loop",
                           fetch->u.call.func.name);
    if (d)
        wf_diag_note(cx->d, d, fetch->u.call.func.span, "the call the loop repeats, in %s",
                     wf_check_step_desc(cx->prog->arena, fetch));
}

const struct wf_check wf_check_polling_without_sleep = {
    .id = WF_CHK_POLLING_WITHOUT_SLEEP,
    .needs_clean_build = true,
    .on_next = on_next,
};
