/*
 * blocking-call-in-expression - a function that blocks (HTTP requests,
 * sys.sleep, sys.sleep_until, sys.log, events.await_callback)
 * called inside ${...}. Workflows runs blocking functions only from a
 * `call` step and refuses the expression at deploy time (expressions.md §9).
 * Fires: `resp: ${http.get("https://example.com")}`.
 * Quiet: the same request as `call: http.get` with `args`; non-blocking
 * functions in expressions (`${text.split(s, ",")}`).
 */
#include "config.h"

#include "checks/checks.h"
#include "ir/stdlib.h"

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    if (e->kind != WF_EXPR_CALL)
        return;
    const char *name = e->u.call.callee;
    const struct wf_func *fn = wf_stdlib_find(name);
    if (!fn || !(fn->flags & WF_FN_BLOCKING) || wf_ir_find_sub(cx->prog, name))
        return;
    wf_report(cx->d, WF_CHK_BLOCKING_CALL_IN_EXPRESSION,
              wf_node_subspan(scalar, 2 + e->off, 2 + e->u.call.callee_end),
              "\"%s\" blocks and cannot be called inside an expression; call it from a call "
              "step (call: %s, args: ..., result: ...)",
              name, name);
}

const struct wf_check wf_check_blocking_call_in_expression = {
    .id = WF_CHK_BLOCKING_CALL_IN_EXPRESSION,
    .on_expr_node = on_expr_node,
};
