/*
 * expected-expression - a literal string where Workflows needs a value of
 * another type: a list for a loop's `in` and `range`, a number for
 * `concurrency_limit`, `max_retries` and the backoff settings, a boolean
 * for a switch `condition`, a function for a retry `predicate`. Such a
 * value always fails. Usually the "${...}" was forgotten; when the string
 * reads as an expression over the workflow's variables, missing-dollar-brace
 * reports it instead, with the fix.
 * Fires: `max_retries: "five"`, `in: "abc"`, `condition: "yes"`,
 * `predicate: http.default_retry_predicate`.
 * Quiet: `max_retries: 5`, `in: ${items}`, `condition: true`.
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"
#include "ir/stdlib.h"

static const struct {
    const char *role;
    const char *needs;
} roles[] = {
    {"in", "a list or an expression"},
    {"range", "a list [begin, end] or an expression"},
    {"concurrency_limit", "a number or an expression"},
    {"max_retries", "a number or an expression"},
    {"initial_delay", "a number or an expression"},
    {"max_delay", "a number or an expression"},
    {"multiplier", "a number or an expression"},
    {"condition", "a boolean or an expression"},
    {"predicate", "a function given as an expression, such as ${http.default_retry_predicate}"},
};

static void on_value(struct wf_check_ctx *cx, const struct wf_value_site *site)
{
    const wf_node *n = site->value;
    if (n->kind != WF_NODE_STRING || strstr(n->u.scalar.text, "${"))
        return; /* string-interpolation speaks about "${" inside text */
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        if (strcmp(site->role, roles[i].role) != 0)
            continue;
        if (wf_check_reads_as_expression(cx, site, n))
            return;
        const char *t = n->u.scalar.text;
        wf_diag *dg = wf_report(cx->d, WF_CHK_EXPECTED_EXPRESSION, n->span,
                                "\"%s\" needs %s; this is the string \"%.40s%s\"", site->role,
                                roles[i].needs, t, n->len > 40 ? "..." : "");
        /* A library function or value named without "${}". */
        const struct wf_func *fn = wf_stdlib_find(t);
        if (fn && n->style == WF_STYLE_PLAIN)
            wf_diag_fixit(cx->d, dg, wf_arena_printf(cx->prog->arena, "${%s}", t));
        return;
    }
}

const struct wf_check wf_check_expected_expression = {
    .id = WF_CHK_EXPECTED_EXPRESSION,
    .on_value = on_value,
};
