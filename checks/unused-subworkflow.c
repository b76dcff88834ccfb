/*
 * unused-subworkflow - a subworkflow that nothing calls: no call step, no
 * expression and no retry predicate names it. It is deployed and never
 * runs; often a call names it wrongly. A warning, and only in a file with
 * a main workflow: a file of subworkflows alone is a library whose callers
 * live elsewhere (wfc expand bundles such files).
 * Fires: `helper:` defined and never called.
 * Quiet: `call: helper`; `${helper(1)}`; `predicate: ${helper}`.
 */
#include "config.h"

#include <string.h>

#include "checks/checks.h"

struct state {
    bool *used; /* per subworkflow of the program */
};

static void mark(struct wf_check_ctx *cx, const char *name)
{
    struct state *s = cx->state;
    for (size_t i = 0; i < cx->prog->nsubs; i++)
        if (cx->prog->subs[i]->name.name == name)
            s->used[i] = true;
}

static void on_program(struct wf_check_ctx *cx)
{
    struct state *s = cx->state;
    s->used = wf_arena_array(cx->prog->arena, cx->prog->nsubs + 1, sizeof *s->used);
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    if (st->kind == WF_STEP_CALL && st->names.callee_sub)
        mark(cx, st->names.callee_sub->name.name);
}

static void visit(void *ud, const wf_expr *e)
{
    struct wf_check_ctx *cx = ud;
    if (e->kind == WF_EXPR_CALL)
        mark(cx, wf_intern_cstr(cx->prog->strs, e->u.call.callee));
    else if (e->kind == WF_EXPR_NAME)
        mark(cx, e->u.name); /* a predicate: ${my_predicate} */
}

static void on_expr_node(struct wf_check_ctx *cx, const struct wf_value_site *site,
                         const wf_node *scalar, const wf_expr *e)
{
    (void)site;
    (void)scalar;
    visit(cx, e);
}

static void on_end(struct wf_check_ctx *cx)
{
    struct state *s = cx->state;
    const wf_program *p = cx->prog;
    if (!p->main || p->simple)
        return;
    for (size_t i = 0; i < p->nsubs; i++)
        if (p->subs[i] != p->main && !s->used[i])
            wf_report(cx->d, WF_CHK_UNUSED_SUBWORKFLOW, p->subs[i]->name.span,
                      "subworkflow \"%s\" is never called", p->subs[i]->name.name);
}

const struct wf_check wf_check_unused_subworkflow = {
    .id = WF_CHK_UNUSED_SUBWORKFLOW,
    .needs_clean_build = true,
    .state_size = sizeof(struct state),
    .on_program = on_program,
    .on_step = on_step,
    .on_expr_node = on_expr_node,
    .on_end = on_end,
};
