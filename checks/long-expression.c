/*
 * long-expression - an expression longer than 400 characters. Workflows
 * limits the length of an expression; the number 400 is not confirmed by
 * the official pages (ir/limits.h), hence a warning. Long expressions are
 * hard to read anyway: assign the parts to variables.
 * Fires: a 450-character URL built in one expression.
 * Quiet: the same URL built in two assignments.
 */
#include "config.h"

#include "checks/checks.h"
#include "ir/limits.h"

static void on_expr(struct wf_check_ctx *cx, const struct wf_value_site *site,
                    const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    (void)e;
    size_t len = wf_utf8_count(scalar->u.scalar.text, scalar->len);
    if (len > WF_LIMIT_EXPRESSION_CHARS)
        wf_report(cx->d, WF_CHK_LONG_EXPRESSION, scalar->span,
                  "this expression has %zu characters; Workflows limits the length of "
                  "expressions (about %d): assign parts of it to variables",
                  len, WF_LIMIT_EXPRESSION_CHARS);
}

const struct wf_check wf_check_long_expression = {
    .id = WF_CHK_LONG_EXPRESSION,
    .on_expr = on_expr,
};
