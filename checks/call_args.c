/*
 * call_args.c - arguments against parameters. Call steps name their
 * arguments (`args:` map), or list them in parameter order for library
 * functions; expressions always pass them by position. Subworkflow
 * parameters with a default are optional; library parameters say so in the
 * table (ir/stdlib.c). Connectors and functions whose parameters are not
 * documented are never checked.
 */
#include "config.h"

#include "checks/call_args.h"

#include <stdlib.h>
#include <string.h>

#include "ir/stdlib.h"
#include "support/suggest.h"

/* A callee's parameters, whichever kind of callee it is. */
struct params {
    const char *callee; /* as called */
    bool is_sub;        /* a subworkflow, not a library function */
    unsigned n;
    const char *name[64];
    bool required[64];
    bool one_of[64];
    bool has_one_of;
};

static bool callee_params(const char *name, const struct wf_func *fn, const wf_sub *sub,
                          struct params *ps)
{
    memset(ps, 0, sizeof *ps);
    ps->callee = name;
    if (sub) {
        ps->is_sub = true;
        for (size_t i = 0; i < sub->nparams && ps->n < 64; i++, ps->n++) {
            ps->name[ps->n] = sub->params[i].name.name;
            ps->required[ps->n] = !sub->params[i].def;
        }
        return true;
    }
    if (!fn || (fn->flags & (WF_FN_ARGS_UNKNOWN | WF_FN_VALUE)))
        return false;
    ps->has_one_of = fn->flags & WF_FN_ONE_OF;
    for (unsigned i = 0; i < fn->nparams && ps->n < 64; i++, ps->n++) {
        ps->name[ps->n] = fn->params[i].name;
        ps->required[ps->n] = fn->params[i].required;
        ps->one_of[ps->n] = fn->params[i].one_of;
    }
    return true;
}

/* "subworkflow \"fetch\"" or "\"len\"", for messages: made only when one
 * is reported. */
static const char *what(struct wf_check_ctx *cx, const struct params *ps)
{
    return wf_arena_printf(cx->prog->arena, ps->is_sub ? "subworkflow \"%s\"" : "\"%s\"",
                           ps->callee);
}

static int param_index(const struct params *ps, const char *name)
{
    for (unsigned i = 0; i < ps->n; i++)
        if (strcmp(ps->name[i], name) == 0)
            return (int)i;
    return -1;
}

/* "data, text or json" */
static const char *one_of_list(wf_arena *a, const struct params *ps)
{
    const char *s = NULL;
    unsigned left = 0;
    for (unsigned i = 0; i < ps->n; i++)
        left += ps->one_of[i];
    for (unsigned i = 0; i < ps->n; i++) {
        if (!ps->one_of[i])
            continue;
        left--;
        s = !s ? ps->name[i] : wf_arena_printf(a, "%s%s%s", s, left ? ", " : " or ", ps->name[i]);
    }
    return s ? s : "";
}

static void check_one_of(struct wf_check_ctx *cx, const struct params *ps, const bool *given,
                         wf_span at, enum wf_arg_problem kind, enum wf_check_id id)
{
    unsigned count = 0;
    for (unsigned i = 0; i < ps->n; i++)
        count += ps->one_of[i] && given[i];
    wf_arena *a = cx->prog->arena;
    if (count == 0 && kind == WF_ARG_MISSING)
        wf_report(cx->d, id, at, "%s needs exactly one of %s; got none", what(cx, ps),
                  one_of_list(a, ps));
    else if (count > 1 && kind == WF_ARG_TOO_MANY)
        wf_report(cx->d, id, at, "%s takes only one of %s; got %u of them", what(cx, ps),
                  one_of_list(a, ps), count);
}

static void check_missing(struct wf_check_ctx *cx, const struct params *ps, const bool *given,
                          wf_span at, enum wf_check_id id)
{
    for (unsigned i = 0; i < ps->n; i++)
        if (ps->required[i] && !given[i])
            wf_report(cx->d, id, at, "call of %s is missing the required argument \"%s\"",
                      what(cx, ps), ps->name[i]);
}

static void named_args(struct wf_check_ctx *cx, const wf_step *st, const struct params *ps,
                       enum wf_arg_problem kind, enum wf_check_id id)
{
    bool given[64] = {false};
    for (size_t i = 0; i < st->u.call.nargs; i++) {
        const wf_arg *arg = &st->u.call.args[i];
        int k = param_index(ps, arg->name.name);
        if (k >= 0) {
            given[k] = true;
            continue;
        }
        if (kind != WF_ARG_UNKNOWN)
            continue;
        const char *best = wf_suggest(arg->name.name, ps->name, ps->n);
        if (!ps->is_sub && strcmp(ps->callee, "http.get") == 0 &&
            strcmp(arg->name.name, "body") == 0)
            wf_report(cx->d, id, arg->name.span,
                      "%s has no argument \"body\": a GET request sends no body; to send data "
                      "use http.post, or http.request with method: GET if a body is truly needed",
                      what(cx, ps));
        else if (best)
            wf_report(cx->d, id, arg->name.span, "%s has no argument \"%s\"; did you mean \"%s\"?",
                      what(cx, ps), arg->name.name, best);
        else
            wf_report(cx->d, id, arg->name.span, "%s has no argument \"%s\"", what(cx, ps),
                      arg->name.name);
    }
    if (kind == WF_ARG_MISSING)
        check_missing(cx, ps, given, st->u.call.func.span, id);
    if (ps->has_one_of)
        check_one_of(cx, ps, given, st->u.call.func.span, kind, id);
}

/* Whether `nargs` positional arguments have a problem of this kind: the
 * cheap test before the span of a message is worked out. */
static bool positional_problem(const struct params *ps, size_t nargs, enum wf_arg_problem kind)
{
    unsigned given_one_of = 0;
    bool missing = false;
    for (unsigned i = 0; i < ps->n; i++) {
        given_one_of += ps->one_of[i] && i < nargs;
        missing |= ps->required[i] && i >= nargs;
    }
    if (kind == WF_ARG_TOO_MANY)
        return nargs > ps->n || (ps->has_one_of && given_one_of > 1);
    if (kind == WF_ARG_MISSING)
        return missing || (ps->has_one_of && given_one_of == 0);
    return false;
}

/* Positional arguments: a list in a call step, or an expression call.
 * `extra` is where the first argument past the parameters is, if known;
 * else the count is reported `at` the callee. */
static void positional(struct wf_check_ctx *cx, const struct params *ps, size_t nargs, wf_span at,
                       const wf_span *extra, enum wf_arg_problem kind, enum wf_check_id id)
{
    bool given[64] = {false};
    for (size_t i = 0; i < nargs && i < ps->n; i++)
        given[i] = true;
    if (nargs > ps->n && kind == WF_ARG_TOO_MANY) {
        const char *takes = ps->n == 0   ? "no arguments"
                            : ps->n == 1 ? "1 argument"
                                         : wf_arena_printf(cx->prog->arena, "%u arguments", ps->n);
        wf_report(cx->d, id, extra ? *extra : at, "%s takes %s; got %zu", what(cx, ps), takes,
                  nargs);
    }
    if (kind == WF_ARG_MISSING)
        check_missing(cx, ps, given, at, id);
    if (ps->has_one_of)
        check_one_of(cx, ps, given, at, kind, id);
}

void wf_call_args_step(struct wf_check_ctx *cx, const wf_step *st, enum wf_arg_problem kind,
                       enum wf_check_id id)
{
    if (st->kind != WF_STEP_CALL || !st->u.call.func.name)
        return;
    struct params ps;
    const wf_sub *sub = st->names.callee_sub;
    if (!callee_params(st->u.call.func.name, st->names.callee_fn, sub, &ps))
        return;
    if (!st->u.call.positional) {
        named_args(cx, st, &ps, kind, id);
        return;
    }
    if (sub) {
        if (kind == WF_ARG_UNKNOWN)
            wf_report(cx->d, id, st->u.call.args_node->span,
                      "%s takes its arguments by name (a map of parameter: value), not as a "
                      "list",
                      what(cx, &ps));
        return;
    }
    const wf_node *first_extra = st->u.call.nargs > ps.n ? st->u.call.args[ps.n].value : NULL;
    positional(cx, &ps, st->u.call.nargs, st->u.call.func.span,
               first_extra ? &first_extra->span : NULL, kind, id);
}

void wf_call_args_expr(struct wf_check_ctx *cx, const wf_node *scalar, const wf_expr *e,
                       enum wf_arg_problem kind, enum wf_check_id id)
{
    if (e->kind != WF_EXPR_CALL)
        return;
    const char *name = e->u.call.callee;
    const wf_sub *sub = wf_ir_find_sub(cx->prog, name);
    struct params ps;
    if (!callee_params(name, sub ? NULL : wf_stdlib_find(name), sub, &ps))
        return;
    if (!positional_problem(&ps, e->u.call.nargs, kind))
        return;
    wf_span at = wf_node_subspan(scalar, 2 + e->off, 2 + e->u.call.callee_end);
    const wf_expr *x = e->u.call.nargs > ps.n ? e->u.call.args[ps.n] : NULL;
    wf_span extra = x ? wf_node_subspan(scalar, 2 + x->off, 2 + x->end) : at;
    positional(cx, &ps, e->u.call.nargs, at, x ? &extra : NULL, kind, id);
}
