/*
 * unknown-argument - an argument the callee does not take: `body` for http.get, a misspelt
 * parameter name (did you mean), a list of arguments for a subworkflow, which takes them by name.
 * Quiet: every documented parameter; connectors, whose arguments wfc does not know. Workflows
 * rejects such calls (a TypeError at run time, or a deploy-time error when it can tell). Matching
 * is in checks/call_args.c, shared with the other argument checks.
 */
#include "config.h"

#include "checks/call_args.h"

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    wf_call_args_step(cx, st, WF_ARG_UNKNOWN, WF_CHK_UNKNOWN_ARGUMENT);
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    wf_call_args_expr(cx, scalar, e, WF_ARG_UNKNOWN, WF_CHK_UNKNOWN_ARGUMENT);
}

const struct wf_check wf_check_unknown_argument = {
    .id = WF_CHK_UNKNOWN_ARGUMENT,
    .on_step = on_step,
    .on_expr_node = on_expr_node,
};
