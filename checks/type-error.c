/*
 * type-error - an operation that always raises a TypeError, by the operator
 * tables of spec/expressions.md §4 and the types wfc can infer
 * (ir/types.c): adding a list or a map (`[1] + [2]` is not concatenation),
 * arithmetic on strings or booleans, `and`, `or`, `not` and conditions on
 * non-booleans (there is no truthiness), `<` between a string and a number,
 * `in` on something that is not a list or a map, a field of something that
 * is not a map, or a key that a map of a known shape (an HTTP response:
 * code, headers, body) does not have. Unknown types stay silent: only an
 * operation that fails for every type its operands may have is reported.
 * Fires: `${items + "x"}` with `items: [1]`; `condition: ${count}` with
 * `count: 0`. Quiet: `${"n=" + 5}` (a string converts the other operand);
 * anything involving a parameter or a loop value of unknown type.
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"
#include "ir/types.h"
#include "support/suggest.h"

struct expr_walk {
    struct wf_check_ctx *cx;
    const wf_node *scalar;
};

static wf_tyset type_of(const struct expr_walk *w, const wf_expr *e)
{
    return wf_type_of_expr(w->cx->prog, w->cx->sub, e).set;
}

static wf_span span_of(const struct expr_walk *w, const wf_expr *e)
{
    return wf_node_subspan(w->scalar, 2 + e->off, 2 + e->end);
}

static bool known(wf_tyset t)
{
    return t && t != WF_TY_ANY;
}

/* The operands of a binary operator for a message: "a string and an
 * integer" (`sep` " and " or " with"), or "two lists". */
static const char *pair(wf_arena *ar, wf_tyset a, wf_tyset b, const char *sep)
{
    if (a == b && a != WF_TY_ANY)
        return wf_arena_printf(ar, "two %s", wf_type_name_plural(ar, a));
    return wf_arena_printf(ar, "%s%s%s", wf_type_name(ar, a), sep, wf_type_name(ar, b));
}

static void check_binary(const struct expr_walk *w, const wf_expr *e)
{
    enum wf_op op = e->u.binary.op;
    wf_tyset a = type_of(w, e->u.binary.lhs), b = type_of(w, e->u.binary.rhs);
    if (!a || !b || wf_type_binary(op, a, b))
        return;
    wf_arena *ar = w->cx->prog->arena;
    const char *bn = wf_type_name(ar, b);
    wf_diags *d = w->cx->d;
    wf_span sp = span_of(w, e);
    switch (op) {
    case WF_OP_ADD:
        wf_report(d, WF_CHK_TYPE_ERROR, sp, "\"+\" cannot add %s%s", pair(ar, a, b, " and "),
                  a == WF_TY_LIST  ? "; to append to a list use list.concat"
                  : a == WF_TY_MAP ? "; to combine maps use map.merge"
                                   : "");
        break;
    case WF_OP_LT:
    case WF_OP_LE:
    case WF_OP_GT:
    case WF_OP_GE:
        wf_report(d, WF_CHK_TYPE_ERROR, sp, "\"%s\" cannot compare %s", wf_op_name(op),
                  pair(ar, a, b, " with "));
        break;
    case WF_OP_IN:
        wf_report(d, WF_CHK_TYPE_ERROR, span_of(w, e->u.binary.rhs),
                  "the right side of \"in\" must be a list or a map; got %s", bn);
        break;
    case WF_OP_AND:
    case WF_OP_OR: {
        const wf_expr *bad = (a & WF_TY_BOOL) ? e->u.binary.rhs : e->u.binary.lhs;
        wf_report(d, WF_CHK_TYPE_ERROR, span_of(w, bad),
                  "\"%s\" needs booleans; this is always %s (Workflows has no truthiness)",
                  wf_op_name(op), wf_type_name(ar, type_of(w, bad)));
        break;
    }
    default:
        wf_report(d, WF_CHK_TYPE_ERROR, sp, "\"%s\" needs numbers; got %s", wf_op_name(op),
                  pair(ar, a, b, " and "));
        break;
    }
}

static void check_field(const struct expr_walk *w, const wf_expr *e)
{
    struct wf_type obj = wf_type_of_expr(w->cx->prog, w->cx->sub, e->u.field.obj);
    if (known(obj.set) && !(obj.set & WF_TY_MAP)) {
        wf_report(w->cx->d, WF_CHK_TYPE_ERROR, span_of(w, e),
                  "\".%s\" reads a field of %s, which has none", e->u.field.name,
                  wf_type_name(w->cx->prog->arena, obj.set));
        return;
    }
    if (!obj.fields || obj.set != WF_TY_MAP)
        return;
    size_t n = 0;
    while (obj.fields[n])
        n++;
    for (size_t i = 0; i < n; i++)
        if (strcmp(obj.fields[i], e->u.field.name) == 0)
            return;
    wf_arena *ar = w->cx->prog->arena;
    const char *best = wf_suggest(e->u.field.name, (const char *const *)obj.fields, n);
    const char *all = obj.fields[0];
    for (size_t i = 1; i < n; i++)
        all = wf_arena_printf(ar, "%s%s%s", all, i + 1 == n ? " and " : ", ", obj.fields[i]);
    if (best)
        wf_report(w->cx->d, WF_CHK_TYPE_ERROR, span_of(w, e),
                  "this map has no key \"%s\"; did you mean \"%s\"? (its keys are %s)",
                  e->u.field.name, best, all);
    else
        wf_report(w->cx->d, WF_CHK_TYPE_ERROR, span_of(w, e),
                  "this map has no key \"%s\"; its keys are %s", e->u.field.name, all);
}

static void visit(const struct expr_walk *w, const wf_expr *e)
{
    switch (e->kind) {
    case WF_EXPR_BINARY:
        check_binary(w, e);
        break;
    case WF_EXPR_UNARY: {
        wf_tyset a = type_of(w, e->u.unary.operand);
        if (known(a) && !wf_type_unary(e->u.unary.op, a))
            wf_report(w->cx->d, WF_CHK_TYPE_ERROR, span_of(w, e),
                      e->u.unary.op == WF_OP_NOT
                          ? "\"not\" needs a boolean; this is always %s (Workflows has no "
                            "truthiness)"
                          : "unary \"-\" needs a number; this is always %s",
                      wf_type_name(w->cx->prog->arena, a));
        break;
    }
    case WF_EXPR_FIELD:
        check_field(w, e);
        break;
    case WF_EXPR_INDEX: {
        wf_tyset a = type_of(w, e->u.index.obj);
        if (known(a) && !(a & (WF_TY_LIST | WF_TY_MAP | WF_TY_STRING)))
            wf_report(w->cx->d, WF_CHK_TYPE_ERROR, span_of(w, e),
                      "\"[...]\" indexes a list or a map; this is always %s",
                      wf_type_name(w->cx->prog->arena, a));
        break;
    }
    default:
        break;
    }
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    const struct expr_walk w = {cx, scalar};
    visit(&w, e);
}

/* A switch condition must be a boolean; literal strings are left to
 * expected-expression and missing-dollar-brace. */
static void on_value(struct wf_check_ctx *cx, const struct wf_value_site *site)
{
    if (strcmp(site->role, "condition") != 0)
        return;
    const wf_node *n = site->value;
    if (n->kind == WF_NODE_STRING)
        return;
    wf_tyset t = wf_type_of_node(cx->prog, cx->sub, n).set;
    if (!known(t) || (t & WF_TY_BOOL))
        return;
    if (n->kind == WF_NODE_EXPR)
        wf_report(cx->d, WF_CHK_TYPE_ERROR, n->span,
                  "a condition must be a boolean; this one is always %s (Workflows has no "
                  "truthiness)",
                  wf_type_name(cx->prog->arena, t));
    else
        wf_report(cx->d, WF_CHK_TYPE_ERROR, n->span,
                  "a condition must be a boolean; this one is %s",
                  wf_type_name(cx->prog->arena, t));
}

const struct wf_check wf_check_type_error = {
    .id = WF_CHK_TYPE_ERROR,
    .needs_clean_build = true,
    .on_value = on_value,
    .on_expr_node = on_expr_node,
};
