/*
 * shadowed-module - a variable, parameter or subworkflow named like a
 * module of the standard library (text, map, list, json, time, sys, http,
 * ...). A dotted name in callee position names a function, so
 * `${text.split(s, ",")}` still calls the library, but how Workflows
 * resolves a name that is both is not documented, and a reader has to
 * stop and think. A warning, and for a variable only when its workflow
 * also calls a function of that module, in a call step or an expression:
 * `- list: [1, 2]` alone is common and harmless.
 * Fires: `- text: "hello"` and `${text.split(...)}` in one workflow, or a
 * subworkflow named `http`.  Quiet: `- text: "hello"` with no text.*
 * call; `- message: "hello"`.
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"
#include "ir/stdlib.h"

/* The modules whose functions a workflow calls, as (workflow, module)
 * pairs in a growing array. */
struct use {
    const wf_sub *sub;
    const char *module; /* interned */
};
struct state {
    struct use *uses;
    size_t n, cap;
};

/* Notes that the current workflow calls function `callee`. */
static void note_call(struct wf_check_ctx *cx, const char *callee)
{
    const char *dot = strchr(callee, '.');
    if (!dot)
        return;
    struct state *s = cx->state;
    const char *module = wf_intern(cx->prog->strs, callee, (size_t)(dot - callee));
    for (size_t i = 0; i < s->n; i++)
        if (s->uses[i].sub == cx->sub && s->uses[i].module == module)
            return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        struct use *grown = wf_arena_array(cx->prog->arena, cap, sizeof *grown);
        if (s->n)
            memcpy(grown, s->uses, s->n * sizeof *grown);
        s->uses = grown;
        s->cap = cap;
    }
    s->uses[s->n++] = (struct use){cx->sub, module};
}

static void visit(void *ud, const wf_expr *e)
{
    if (e->kind == WF_EXPR_CALL)
        note_call(ud, e->u.call.callee);
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    if (st->kind == WF_STEP_CALL && st->u.call.func.name)
        note_call(cx, st->u.call.func.name);
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    (void)scalar;
    visit(cx, e);
}

static bool calls_module(const struct state *s, const wf_sub *sub, const char *module)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->uses[i].sub == sub && s->uses[i].module == module)
            return true;
    return false;
}

static void on_end(struct wf_check_ctx *cx)
{
    const struct state *s = cx->state;
    for (size_t k = 0; k < cx->prog->nsubs; k++) {
        const wf_sub *sub = cx->prog->subs[k];
        if (wf_stdlib_is_module(sub->name.name))
            wf_report(cx->d, WF_CHK_SHADOWED_MODULE, sub->name.span,
                      "subworkflow \"%s\" has the name of a standard-library module; rename it",
                      sub->name.name);
        for (size_t i = 0; i < sub->names.nvars; i++) {
            const wf_var *v = sub->names.vars[i];
            if (calls_module(s, sub, v->name))
                wf_report(cx->d, WF_CHK_SHADOWED_MODULE, v->first,
                          "variable \"%s\" has the name of a standard-library module that "
                          "this workflow also calls (%s.<function>); rename the variable to "
                          "keep the two apart",
                          v->name, v->name);
        }
    }
}

const struct wf_check wf_check_shadowed_module = {
    .id = WF_CHK_SHADOWED_MODULE,
    .state_size = sizeof(struct state),
    .on_step = on_step,
    .on_expr_node = on_expr_node,
    .on_end = on_end,
};
