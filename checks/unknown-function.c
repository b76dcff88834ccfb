/*
 * unknown-function - a call of a function that neither the standard library
 * nor the file defines: `call: sys.slep`, `${len2(x)}`, `${type(x)}`.
 * Workflows refuses it at deploy time. The message suggests the closest
 * library function or subworkflow, and knows the usual guesses from other
 * languages (type, str, float, round, ...). A value of the library
 * (`http.default_retry`) called like a function is reported too.
 * Fires: `${text.to_uppper(s)}`, `${http.default_retry()}`.
 * Quiet: `${text.to_upper(s)}`, a call of a subworkflow of the file,
 * `call: googleapis.<service>.<version>...` (a connector: wfc does not know
 * every connector, so any is accepted), functions whose existence the spec
 * leaves unconfirmed (math.floor), and a case variant of a keyword
 * (`${nOT (x)}`), which keyword-case reports.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "ir/stdlib.h"
#include "support/suggest.h"

/* Names other languages use for what Workflows calls differently, with
 * what to write instead. */
static const struct {
    const char *name, *advice;
} guesses[] = {
    {"type", "use get_type"},
    {"typeof", "use get_type"},
    {"str", "use string"},
    {"float", "use double"},
    {"bool", "use a comparison"},
    {"abs", "use math.abs"},
    {"min", "use math.min"},
    {"max", "use math.max"},
    {"floor", "use math.floor"},
    /* int truncates toward zero (spec/stdlib.md §1); math.floor is
     * unconfirmed, so it is not offered. */
    {"round", "int truncates, so round with int(x + 0.5) for x >= 0 and int(x - 0.5) for x < 0"},
    {"length", "use len"},
    {"size", "use len"},
    {"concat", "use list.concat"},
    {"split", "use text.split"},
    {"contains", "use \"in\""},
    {"json", "use json.decode"},
    {"now", "use sys.now"},
    {"sleep", "use sys.sleep"},
};

static const char *closest(const wf_program *p, const char *name)
{
    size_t n = wf_stdlib_count + p->nsubs;
    const char **cands = wf_xmalloc(n * sizeof *cands);
    size_t k = 0;
    for (size_t i = 0; i < wf_stdlib_count; i++)
        cands[k++] = wf_stdlib[i].name;
    for (size_t i = 0; i < p->nsubs; i++)
        cands[k++] = p->subs[i]->name.name;
    const char *best = wf_suggest(name, cands, k);
    free(cands);
    return best;
}

static void report(struct wf_check_ctx *cx, wf_span span, const char *name)
{
    for (size_t i = 0; i < sizeof guesses / sizeof guesses[0]; i++) {
        if (strcmp(name, guesses[i].name) == 0) {
            wf_report(cx->d, WF_CHK_UNKNOWN_FUNCTION, span,
                      "\"%s\" is not a Workflows function; %s", name, guesses[i].advice);
            return;
        }
    }
    const char *best = closest(cx->prog, name);
    const char *dot = strrchr(name, '.');
    if (!best && dot) {
        char *module = wf_arena_strndup(cx->prog->arena, name, (size_t)(dot - name));
        if (!wf_stdlib_is_module(module))
            return; /* a library module wfc does not know */
    }
    if (best)
        wf_report(cx->d, WF_CHK_UNKNOWN_FUNCTION, span,
                  "no function or subworkflow \"%s\"; did you mean \"%s\"?", name, best);
    else
        wf_report(cx->d, WF_CHK_UNKNOWN_FUNCTION, span, "no function or subworkflow \"%s\"", name);
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    if (st->kind != WF_STEP_CALL || !st->u.call.func.name)
        return;
    const struct wf_step_names *nm = &st->names;
    if (nm->callee_sub || nm->connector)
        return;
    if (nm->callee_fn && (nm->callee_fn->flags & WF_FN_VALUE))
        wf_report(cx->d, WF_CHK_UNKNOWN_FUNCTION, st->u.call.func.span,
                  "\"%s\" is a value, not a function; it cannot be called", st->u.call.func.name);
    else if (!nm->callee_fn)
        report(cx, st->u.call.func.span, st->u.call.func.name);
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    if (e->kind != WF_EXPR_CALL)
        return;
    const char *name = e->u.call.callee;
    if (wf_ir_find_sub(cx->prog, name) || wf_stdlib_is_connector(name))
        return;
    /* `nOT (x)` is a miscased keyword, which keyword-case reports. */
    if (wf_expr_miscased_keyword(name))
        return;
    const struct wf_func *fn = wf_stdlib_find(name);
    if (fn && !(fn->flags & WF_FN_VALUE))
        return;
    wf_span span = wf_node_subspan(scalar, 2 + e->off, 2 + e->u.call.callee_end);
    if (fn)
        wf_report(cx->d, WF_CHK_UNKNOWN_FUNCTION, span,
                  "\"%s\" is a value, not a function; it cannot be called", name);
    else
        report(cx, span, name);
}

const struct wf_check wf_check_unknown_function = {
    .id = WF_CHK_UNKNOWN_FUNCTION,
    .on_step = on_step,
    .on_expr_node = on_expr_node,
};
