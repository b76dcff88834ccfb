/*
 * missing-argument - a required argument is absent: `call: sys.sleep` without `seconds`,
 * `${text.split(s)}`, a subworkflow parameter without default left out. Quiet: parameters with a
 * default, optional library parameters. Workflows rejects such calls (a TypeError at run time, or a
 * deploy-time error when it can tell). Matching is in checks/call_args.c, shared with the other
 * argument checks.
 */
#include "config.h"

#include "checks/call_args.h"

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    wf_call_args_step(cx, st, WF_ARG_MISSING, WF_CHK_MISSING_ARGUMENT);
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    wf_call_args_expr(cx, scalar, e, WF_ARG_MISSING, WF_CHK_MISSING_ARGUMENT);
}

const struct wf_check wf_check_missing_argument = {
    .id = WF_CHK_MISSING_ARGUMENT,
    .needs_clean_build = true,
    .on_step = on_step,
    .on_expr_node = on_expr_node,
};
