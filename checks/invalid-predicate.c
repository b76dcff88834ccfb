/*
 * invalid-predicate - a retry `predicate` that is not one. Workflows calls
 * the predicate with the error and retries while it returns true, so it
 * must name a function of one parameter: a predicate of the library
 * (http.default_retry_predicate, http.default_retry_predicate_non_idempotent,
 * retry.always, retry.never) or a subworkflow of the file. Anything else
 * fails the first time the step has something to retry: another library
 * function, a library name with a typo, a subworkflow that takes no
 * parameter or more than one required, a variable, a computed value.
 * Fires: `predicate: ${http.default_retry_predicat}`, `${http.post}`,
 * `${check}` for a subworkflow without params, `${1 + 1}`.
 * Quiet: `${retry.always}`, `${is_transient}` for a subworkflow with
 * `params: [e]` (or more, with defaults); a name no module or variable
 * answers to, which undefined-variable reports.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "ir/stdlib.h"
#include "support/suggest.h"

/* The predicates of the library, for messages and suggestions. */
static const char *predicates(wf_arena *a, const char ***names, size_t *n)
{
    const char *list = "";
    *names = wf_arena_array(a, wf_stdlib_count, sizeof **names);
    *n = 0;
    for (size_t i = 0; i < wf_stdlib_count; i++) {
        if (!(wf_stdlib[i].flags & WF_FN_PREDICATE))
            continue;
        (*names)[(*n)++] = wf_stdlib[i].name;
        list = wf_arena_printf(a, "%s%s%s", list, *list ? ", " : "", wf_stdlib[i].name);
    }
    return list;
}

/* A subworkflow used as a predicate: it is called with one argument. */
static void check_sub(struct wf_check_ctx *cx, wf_span span, const wf_sub *sub)
{
    size_t required = 0;
    for (size_t i = 0; i < sub->nparams; i++)
        required += sub->params[i].def == NULL;
    if (sub->nparams == 0)
        wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                  "subworkflow \"%s\" takes no parameter; a retry predicate is called with one, "
                  "the error",
                  sub->name.name);
    else if (required > 1)
        wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                  "subworkflow \"%s\" has %zu required parameters; a retry predicate is called "
                  "with one, the error",
                  sub->name.name, required);
}

static void check_predicate(struct wf_check_ctx *cx, const wf_node *n)
{
    if (n->kind != WF_NODE_EXPR || !n->u.scalar.v.expr)
        return; /* not an expression: expected-expression and wrong-type */
    const wf_expr *e = n->u.scalar.v.expr;
    wf_arena *a = cx->prog->arena;
    wf_span span = wf_node_subspan(n, 2 + e->off, 2 + e->end);
    const char *name = wf_expr_dotted(a, e);
    if (!name) {
        if (e->kind == WF_EXPR_NAME || e->kind == WF_EXPR_FIELD) {
            const wf_expr *base = e;
            while (base->kind == WF_EXPR_FIELD)
                base = base->u.field.obj;
            const wf_use *u = base->kind == WF_EXPR_NAME && base->read
                                  ? &cx->sub->names.uses[base->read - 1]
                                  : NULL;
            if (!u || !u->var)
                return; /* undefined-variable speaks about it */
            wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                      "a retry predicate names a function, not a variable; \"%s\" is a variable",
                      base->u.name);
            return;
        }
        wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                  "a retry predicate names a function, such as ${http.default_retry_predicate}; "
                  "this expression computes a value");
        return;
    }
    const wf_sub *sub = wf_ir_find_sub(cx->prog, name);
    if (sub) {
        check_sub(cx, span, sub);
        return;
    }
    const struct wf_func *fn = wf_stdlib_find(name);
    if (fn && (fn->flags & WF_FN_PREDICATE))
        return;
    const char **names;
    size_t count;
    const char *list = predicates(a, &names, &count);
    if (fn) {
        wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                  "\"%s\" is not a retry predicate; use a subworkflow of one parameter or one of "
                  "%s",
                  name, list);
        return;
    }
    const char *best = wf_suggest(name, names, count);
    if (best)
        wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                  "no retry predicate \"%s\"; did you mean \"%s\"?", name, best);
    else
        wf_report(cx->d, WF_CHK_INVALID_PREDICATE, span,
                  "no subworkflow or retry predicate \"%s\"; the library has %s", name, list);
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    if (st->kind == WF_STEP_TRY && st->u.try_.retry && st->u.try_.retry->predicate)
        check_predicate(cx, st->u.try_.retry->predicate);
}

const struct wf_check wf_check_invalid_predicate = {
    .id = WF_CHK_INVALID_PREDICATE,
    .on_step = on_step,
};
