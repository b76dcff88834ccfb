/*
 * keyword-case - a keyword in a case Workflows does not accept. Booleans
 * are true, True or TRUE (and false...), null is null, and the operators
 * and, or, not are lower or upper case, never mixed (expressions.md §2).
 * In YAML, `flag: tRue` is the string "tRue", not a boolean; in an
 * expression, `${x == tRue}` or `${a And b}` reads a variable "tRue" or
 * "And", which does not exist, and `${nOT (x)}` calls a function "nOT".
 * (`${a And b}` and `${Not x}` do not parse: expr-syntax gives the same
 * advice.)
 * Fires: `enabled: tRue`, `${ok And ready}`, `${nOT (x)}`.
 * Quiet: `True`, `FALSE`, `AND`; a quoted "tRue" (clearly meant as text);
 * `${nOT(x)}` when the file has a subworkflow "nOT".
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"

static void report(struct wf_check_ctx *cx, wf_span span, const char *name, const char *lower,
                   const char *here)
{
    wf_report(cx->d, WF_CHK_KEYWORD_CASE, span,
              "\"%s\" is not the keyword %s, which is spelled %s; %s", name, lower,
              wf_expr_keyword_spellings(lower), here);
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    if (e->kind == WF_EXPR_CALL) {
        /* `nOT (x)` reads as a call; a subworkflow of that name makes it
         * one. */
        const char *kw = wf_expr_miscased_keyword(e->u.call.callee);
        if (kw && !wf_ir_find_sub(cx->prog, e->u.call.callee))
            report(cx, wf_node_subspan(scalar, 2 + e->off, 2 + e->u.call.callee_end),
                   e->u.call.callee, kw, "here it calls a function that does not exist");
        return;
    }
    if (e->kind != WF_EXPR_NAME)
        return;
    const char *kw = wf_expr_miscased_keyword(e->u.name);
    /* A variable of that name would make it a read like any other. */
    if (kw && !(e->read && cx->sub->names.uses[e->read - 1].var))
        report(cx, wf_node_subspan(scalar, 2 + e->off, 2 + e->end), e->u.name, kw,
               "here it names a variable that does not exist");
}

static void on_scalar(struct wf_check_ctx *cx, const struct wf_value_site *site,
                      const wf_node *scalar, const struct wf_scalar_place *place)
{
    (void)site;
    if (place->is_key || scalar->kind != WF_NODE_STRING || scalar->style != WF_STYLE_PLAIN)
        return;
    const char *kw = wf_expr_miscased_keyword(scalar->u.scalar.text);
    if (kw && (strcmp(kw, "true") == 0 || strcmp(kw, "false") == 0 || strcmp(kw, "null") == 0))
        report(cx, scalar->span, scalar->u.scalar.text, kw, "here it is a string");
}

const struct wf_check wf_check_keyword_case = {
    .id = WF_CHK_KEYWORD_CASE,
    .on_scalar = on_scalar,
    .on_expr_node = on_expr_node,
};
