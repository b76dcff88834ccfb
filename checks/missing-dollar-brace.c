/*
 * missing-dollar-brace - a plain string that reads as an expression over
 * the workflow's variables, written without "${...}": Workflows takes it
 * as the literal text. `return: job_status.body` returns the string
 * "job_status.body"; `seconds: wait_time` sleeps for a string (a
 * TypeError); `condition: x == "a"` is a string, not a boolean. The
 * headline mistake of Workflows (gotcha G01).
 *
 * To stay quiet on real text, a string is reported only when it parses as
 * an expression (frontend/values.c parses candidates quietly), every name
 * in it is a variable visible at that step (or a library module or
 * function), and at least one is a variable. A bare variable name alone is
 * reported where a literal word is unlikely (return, raise, conditions,
 * loop lists, retry settings, the whole value of an argument), not in
 * assign values, where `status: done` may well mean the word.
 * Fires: `return: job_status.body` after `result: job_status`.
 * Quiet: `text: "job done"`, `status: done` in assign, `url: https://...`.
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"

static bool is_path(const wf_expr *e)
{
    while (e->kind == WF_EXPR_FIELD)
        e = e->u.field.obj;
    return e->kind == WF_EXPR_NAME;
}

static void on_scalar(struct wf_check_ctx *cx, const struct wf_value_site *site,
                      const wf_node *scalar, const struct wf_scalar_place *place)
{
    if (place->is_key || !wf_check_reads_as_expression(cx, site, scalar))
        return;
    const char *t = scalar->u.scalar.text;
    wf_diag *dg =
        is_path(scalar->u.scalar.v.expr)
            ? wf_report(cx->d, WF_CHK_MISSING_DOLLAR_BRACE, scalar->span,
                        "\"%s\" is literal text here, not the value of %s; Workflows "
                        "evaluates only values written as ${...}",
                        t, t)
            : wf_report(cx->d, WF_CHK_MISSING_DOLLAR_BRACE, scalar->span,
                        "this value is taken as literal text, not as an expression: Workflows "
                        "evaluates only values written as ${...}");
    wf_diag_fixit(
        cx->d, dg,
        wf_check_expression_fixit(cx->prog->arena, scalar, place->in_flow, scalar->u.scalar.text));
}

const struct wf_check wf_check_missing_dollar_brace = {
    .id = WF_CHK_MISSING_DOLLAR_BRACE,
    .needs_clean_build = true,
    .on_scalar = on_scalar,
};
