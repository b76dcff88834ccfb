/*
 * unshared-assignment - a parallel branch (or parallel for iteration)
 * assigns a variable of the enclosing scope, or writes into it
 * (`m.key: ...`), without the variable being listed in the step's
 * `shared`. Workflows refuses the file at deploy time (the official sample
 * marks it as a deployment error): branches run concurrently, and only
 * shared variables may be written from them. Variables first assigned in
 * the branch are local to it and need nothing.
 * Fires: `- total: ${total + n}` in a parallel for, `total` not shared.
 * Quiet: the same with `shared: [total]`; `- local: 1` first set inside.
 */
#include "config.h"

#include "checks/checks.h"

static bool listed(const wf_step *par, const char *name)
{
    for (size_t i = 0; i < par->u.par.nshared; i++)
        if (par->u.par.shared[i].name == name)
            return true;
    return false;
}

/* The innermost parallel scope between `from` and the variable's scope
 * whose step does not share the variable, or NULL. */
static const wf_scope *unshared_boundary(const wf_scope *from, const wf_var *v)
{
    for (const wf_scope *s = from; s && s != v->scope; s = s->parent)
        if ((s->kind == WF_SCOPE_BRANCH || s->kind == WF_SCOPE_PAR_FOR) &&
            !listed(s->owner, v->name))
            return s;
    return NULL;
}

static void report(struct wf_check_ctx *cx, const wf_var *v, const wf_scope *s, wf_span at)
{
    const wf_step *par = s->owner;
    const char *who = s->kind == WF_SCOPE_BRANCH
                          ? wf_arena_printf(cx->prog->arena, "branch \"%s\"", s->branch->name.name)
                          : "the parallel for loop";
    wf_diag *dg = wf_report(cx->d, WF_CHK_UNSHARED_ASSIGNMENT, at,
                            "%s of step \"%s\" assigns \"%s\", a variable of the enclosing scope, "
                            "which is not in its \"shared\" list",
                            who, par->name.name ? par->name.name : "?", v->name);
    wf_diag_note(cx->d, dg, par->name.span, "add it to \"shared\" of step \"%s\"",
                 par->name.name ? par->name.name : "?");
}

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    const struct wf_sub_names *nm = &sub->names;
    for (size_t i = 0; i < nm->ndefs; i++) {
        const wf_def *d = &nm->defs[i];
        if ((d->kind != WF_DEF_ASSIGN && d->kind != WF_DEF_RESULT) || !d->step)
            continue;
        const wf_scope *s = unshared_boundary(d->step->names.scope, d->var);
        if (s)
            report(cx, d->var, s, d->span);
    }
    for (size_t i = 0; i < nm->nuses; i++) {
        const wf_use *u = &nm->uses[i];
        if (!u->is_target || !u->var)
            continue;
        const wf_scope *s = unshared_boundary(u->step->names.scope, u->var);
        if (s)
            report(cx, u->var, s, u->span);
    }
}

const struct wf_check wf_check_unshared_assignment = {
    .id = WF_CHK_UNSHARED_ASSIGNMENT,
    .needs_clean_build = true,
    .on_sub = on_sub,
};
