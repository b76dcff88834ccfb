/*
 * string-interpolation - "${...}" inside a longer string:
 * "gs://bucket/${name}/file". Workflows does not interpolate; a value is an
 * expression only when the whole string is one "${...}" (expressions.md
 * §8.1, gotcha G02), so this is the literal text with the dollar and the
 * braces in it. The fix-it builds the same text with "+", which Workflows
 * evaluates (a string converts numbers and booleans added to it).
 * To stay quiet on text meant for another interpreter (a shell command
 * for a Batch container: "echo ${BUCKET}"), it is reported only when the
 * names inside are the workflow's variables.
 * Fires: `url: "https://${host}/v1"` with a variable `host`.
 * Quiet: `url: ${"https://" + host}`, "echo ${BUCKET}" without such a
 * variable, text with a dollar but no "${" ("costs $5"), "$${...}"
 * (foreign-template).
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"

static void on_scalar(struct wf_check_ctx *cx, const struct wf_value_site *site,
                      const wf_node *scalar, const struct wf_scalar_place *place)
{
    const char *t = scalar->u.scalar.text;
    if (scalar->kind != WF_NODE_STRING || !strstr(t, "${") || strstr(t, "$${"))
        return;
    const wf_expr *e = scalar->u.scalar.v.expr; /* the concatenation, when it parses */
    if (!e || !wf_check_names_known(cx, site->step, e))
        return;
    wf_diag *dg = wf_report(cx->d, WF_CHK_STRING_INTERPOLATION, scalar->span,
                            "Workflows does not interpolate \"${...}\" inside a longer string; "
                            "this is literal text: build it with \"+\"");
    const char *expr = wf_expr_to_string(cx->prog->arena, e);
    const char *fix = wf_check_expression_fixit(cx->prog->arena, scalar, place->in_flow, expr);
    if (scalar->span.line == scalar->span.end_line)
        wf_diag_fixit(cx->d, dg, fix);
    else
        wf_diag_note(cx->d, dg, scalar->span, "write it as %s", fix);
}

const struct wf_check wf_check_string_interpolation = {
    .id = WF_CHK_STRING_INTERPOLATION,
    .on_scalar = on_scalar,
};
