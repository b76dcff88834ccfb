/*
 * undefined-variable - a variable is read where no assignment can have
 * created it: none is visible from there (a typo, a loop variable read
 * after its loop, a variable of another workflow), or none reaches the read
 * on any path. Workflows refuses statically undefined names at deploy time
 * and fails at run time on the others.
 * Fires: `return: ${totl}` with only `total` assigned.
 * Quiet: a name assigned in both branches of a switch before the read; a
 * name read only on paths where it was assigned (possibly-undefined covers
 * reads that only some paths reach assigned).
 * Keywords in a case Workflows rejects ("True" is fine, "tRue" is not) are
 * left to keyword-case.
 */
#include "config.h"

#include "checks/checks.h"

static const char *where_var_lives(wf_arena *a, const wf_var *v)
{
    const wf_scope *s = v->scope;
    const char *owner = s->owner && s->owner->name.name ? s->owner->name.name : "?";
    switch (s->kind) {
    case WF_SCOPE_FOR:
        return v->kind == WF_DEF_LOOP
                   ? wf_arena_printf(a,
                                     "\"%s\" is the loop variable of step \"%s\" and exists "
                                     "only inside the loop",
                                     v->name, owner)
                   : wf_arena_printf(a,
                                     "\"%s\" is first assigned inside the loop of step \"%s\" "
                                     "and exists only there; assign it before the loop to "
                                     "keep it",
                                     v->name, owner);
    case WF_SCOPE_PAR_FOR:
        return wf_arena_printf(a,
                               "\"%s\" belongs to the parallel loop of step \"%s\" and exists "
                               "only inside it",
                               v->name, owner);
    case WF_SCOPE_EXCEPT:
        return wf_arena_printf(a,
                               "\"%s\" belongs to the except block of step \"%s\" and exists "
                               "only there; assign it before the try step to keep it",
                               v->name, owner);
    case WF_SCOPE_BRANCH:
        return wf_arena_printf(a, "\"%s\" is local to branch \"%s\" of step \"%s\"", v->name,
                               s->branch->name.name, owner);
    default:
        return NULL;
    }
}

static void report_invisible(struct wf_check_ctx *cx, const wf_sub *sub, const wf_use *u)
{
    wf_arena *a = cx->prog->arena;
    /* A variable of that name elsewhere explains more than a near name. */
    const char *best = u->elsewhere ? NULL : wf_check_suggest_var(sub, u);
    wf_diag *dg =
        best ? wf_report(cx->d, WF_CHK_UNDEFINED_VARIABLE, u->span,
                         "variable \"%s\" is not defined; did you mean \"%s\"?", u->name, best)
             : wf_report(cx->d, WF_CHK_UNDEFINED_VARIABLE, u->span,
                         "variable \"%s\" is not defined", u->name);
    const wf_var *v = u->elsewhere;
    if (!v)
        return;
    if (v->scope->kind == WF_SCOPE_SUB)
        wf_diag_note(cx->d, dg, v->first,
                     "a variable \"%s\" is defined in another workflow; workflows do not share "
                     "variables: pass it as a parameter",
                     v->name);
    else
        wf_diag_note(cx->d, dg, v->first, "%s", where_var_lives(a, v));
}

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    for (size_t i = 0; i < sub->names.nuses; i++) {
        const wf_use *u = &sub->names.uses[i];
        if (u->state != WF_USE_UNDEFINED || u->is_shared || wf_expr_miscased_keyword(u->name))
            continue;
        if (!u->var) {
            report_invisible(cx, sub, u);
            continue;
        }
        wf_diag *dg =
            wf_report(cx->d, WF_CHK_UNDEFINED_VARIABLE, u->span,
                      "variable \"%s\" is read before any assignment to it can run", u->name);
        wf_diag_note(cx->d, dg, u->var->first, "\"%s\" is assigned here", u->name);
    }
}

const struct wf_check wf_check_undefined_variable = {
    .id = WF_CHK_UNDEFINED_VARIABLE,
    .needs_clean_build = true,
    .on_sub = on_sub,
};
