/*
 * unknown-function - a call of a function that neither the standard library
 * nor the file defines: `call: sys.slep`, `${len2(x)}`, `${type(x)}`.
 * Workflows refuses it at deploy time. The message suggests the closest
 * library function or subworkflow, and knows the usual guesses from other
 * languages (type, str, float, round, ...).
 * Fires: `${text.to_uppper(s)}`.  Quiet: `${text.to_upper(s)}`, a call of a
 * subworkflow of the file, `call: googleapis.<service>.<version>...` (a
 * connector: wfc does not know every connector, so any is accepted), and
 * functions whose existence the spec leaves unconfirmed (math.floor).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "ir/stdlib.h"
#include "support/suggest.h"

/* Names other languages use for what Workflows calls differently. */
static const struct {
    const char *name, *instead;
} guesses[] = {
    {"type", "get_type"},      {"typeof", "get_type"},   {"str", "string"},
    {"float", "double"},       {"bool", "a comparison"}, {"abs", "math.abs"},
    {"min", "math.min"},       {"max", "math.max"},      {"floor", "math.floor"},
    {"round", "int"},          {"length", "len"},        {"size", "len"},
    {"concat", "list.concat"}, {"split", "text.split"},  {"contains", "\"in\""},
    {"json", "json.decode"},   {"now", "sys.now"},       {"sleep", "sys.sleep"},
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
                      "\"%s\" is not a Workflows function; use %s", name, guesses[i].instead);
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

struct expr_walk {
    struct wf_check_ctx *cx;
    const wf_node *scalar;
};

static void visit(void *ud, const wf_expr *e)
{
    struct expr_walk *w = ud;
    if (e->kind != WF_EXPR_CALL)
        return;
    const char *name = e->u.call.callee;
    if (wf_stdlib_find(name) || wf_ir_find_sub(w->cx->prog, name) || wf_stdlib_is_connector(name))
        return;
    report(w->cx, wf_node_subspan(w->scalar, 2 + e->off, 2 + e->u.call.callee_end), name);
}

static void on_expr(struct wf_check_ctx *cx, const struct wf_value_site *site,
                    const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    struct expr_walk w = {cx, scalar};
    wf_expr_visit(e, visit, &w);
}

const struct wf_check wf_check_unknown_function = {
    .id = WF_CHK_UNKNOWN_FUNCTION,
    .on_step = on_step,
    .on_expr = on_expr,
};
