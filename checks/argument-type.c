/*
 * argument-type - an argument of a standard-library function whose type
 * can never be one the function accepts: `sys.sleep` seconds given the
 * string "10", an `http.get` timeout of "30", `len` of a number, a header
 * map given as a list. The function raises a TypeError at run time
 * (gotcha G09). Types come from ir/types.c; parameter types from the table
 * of ir/stdlib.c. Unknown types, and values that may have an accepted type
 * among others, stay silent.
 * Fires: `seconds: "10"`.  Quiet: `seconds: 10`, `seconds: ${wait}` with
 * `wait` a parameter.
 */
#include "config.h"

#include "checks/checks.h"
#include "ir/stdlib.h"
#include "ir/types.h"

static const char *accepted(wf_arena *a, wf_tyset t)
{
    if ((t & WF_TY_NUMBER) == WF_TY_NUMBER && !(t & ~(WF_TY_NUMBER | WF_TY_NULL)))
        return "a number";
    return wf_type_name(a, t);
}

/* Whether a value of the types `got` can never be accepted by `p`. */
static bool never_accepted(const struct wf_param_spec *p, wf_tyset got)
{
    return got && got != WF_TY_ANY && !(got & p->types) && p->types != WF_TY_ANY;
}

static void report(struct wf_check_ctx *cx, const struct wf_func *fn, const struct wf_param_spec *p,
                   wf_tyset got, wf_span at)
{
    wf_report(cx->d, WF_CHK_ARGUMENT_TYPE, at, "argument \"%s\" of %s must be %s; got %s", p->name,
              fn->name, accepted(cx->prog->arena, p->types), wf_type_name(cx->prog->arena, got));
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    const struct wf_func *fn = st->names.callee_fn;
    if (st->kind != WF_STEP_CALL || !fn || (fn->flags & WF_FN_ARGS_UNKNOWN))
        return;
    for (size_t i = 0; i < st->u.call.nargs; i++) {
        const wf_arg *arg = &st->u.call.args[i];
        const struct wf_param_spec *p = arg->name.name ? wf_stdlib_param(fn, arg->name.name)
                                                       : (i < fn->nparams ? &fn->params[i] : NULL);
        struct wf_value_site site = {st, "args", arg->name.name, 0, arg->value};
        if (!p || wf_check_reads_as_expression(cx, &site, arg->value))
            continue;
        wf_tyset got = wf_type_of_node(cx->prog, cx->sub, arg->value).set;
        if (never_accepted(p, got))
            report(cx, fn, p, got, arg->value->span);
    }
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    if (e->kind != WF_EXPR_CALL || wf_ir_find_sub(cx->prog, e->u.call.callee))
        return;
    const struct wf_func *fn = wf_stdlib_find(e->u.call.callee);
    if (!fn || (fn->flags & WF_FN_ARGS_UNKNOWN))
        return;
    for (size_t i = 0; i < e->u.call.nargs && i < fn->nparams; i++) {
        const wf_expr *a = e->u.call.args[i];
        wf_tyset got = wf_type_of_expr(cx->prog, cx->sub, a).set;
        if (never_accepted(&fn->params[i], got))
            report(cx, fn, &fn->params[i], got,
                   wf_node_subspan(scalar, 2 + a->off, 2 + a->end));
    }
}

const struct wf_check wf_check_argument_type = {
    .id = WF_CHK_ARGUMENT_TYPE,
    .needs_clean_build = true,
    .on_step = on_step,
    .on_expr_node = on_expr_node,
};
