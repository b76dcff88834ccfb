/*
 * too-many-arguments - more positional arguments than parameters (`${len(a, b)}`), or several of a
 * group of which one is allowed (sys.log with both text and data). The caret is on the first
 * argument too many when its place is known ("takes no arguments" when there are none). Quiet:
 * calls within the parameter count. Workflows rejects such calls (a TypeError at run time, or a
 * deploy-time error when it can tell). Matching is in checks/call_args.c, shared with the other
 * argument checks.
 */
#include "config.h"

#include "checks/call_args.h"

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    wf_call_args_step(cx, st, WF_ARG_TOO_MANY, WF_CHK_TOO_MANY_ARGUMENTS);
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    wf_call_args_expr(cx, scalar, e, WF_ARG_TOO_MANY, WF_CHK_TOO_MANY_ARGUMENTS);
}

const struct wf_check wf_check_too_many_arguments = {
    .id = WF_CHK_TOO_MANY_ARGUMENTS,
    .on_step = on_step,
    .on_expr_node = on_expr_node,
};
