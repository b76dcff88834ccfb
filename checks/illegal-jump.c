/*
 * illegal-jump - a `next:` that crosses the boundary of a for loop (into
 * it, out of it, or from one loop to another) or of a parallel branch.
 * Workflows allows jumps only between steps of the same loop body
 * (syntax.md §2.5, official); leaving a loop is done with `next: break`,
 * `return` or `raise`. The same rule is applied to parallel branches and
 * parallel for bodies (unconfirmed, but a branch cannot run a step of its
 * parent). The advice follows the boundary: `next: break` or `continue`
 * for a for loop; for a parallel branch or iteration (where the meaning of
 * break is unconfirmed), letting it end or raising an error caught around
 * the parallel step. Jumps out of nested steps, switch branches, try and except
 * blocks to an enclosing list are allowed.
 * Fires: `next: found` from inside a for loop to a step after it.
 * Quiet: `next: check` between two steps of the same loop body.
 */
#include "config.h"

#include "checks/checks.h"

/* The loop or branch whose body holds steps of `scope`, or NULL. */
static const wf_scope *container(const wf_scope *s)
{
    for (; s; s = s->parent)
        if (s->kind == WF_SCOPE_FOR || s->kind == WF_SCOPE_PAR_FOR || s->kind == WF_SCOPE_BRANCH)
            return s;
    return NULL;
}

static bool inside(const wf_scope *inner, const wf_scope *outer)
{
    for (; inner; inner = inner->parent)
        if (inner == outer)
            return true;
    return false;
}

static const char *describe(wf_arena *a, const wf_scope *c)
{
    const char *owner = c->owner && c->owner->name.name ? c->owner->name.name : "?";
    if (c->kind == WF_SCOPE_BRANCH)
        return wf_arena_printf(a, "branch \"%s\" of step \"%s\"", c->branch->name.name, owner);
    return wf_arena_printf(a, "the %sloop of step \"%s\"",
                           c->kind == WF_SCOPE_PAR_FOR ? "parallel " : "", owner);
}

/* What to do instead of leaving the `n` containers from `a` outwards by a
 * jump, `par` the outermost parallel one among them (or NULL). */
static const char *advice(wf_arena *ar, const wf_scope *par, size_t n)
{
    if (!par)
        return n == 1 ? "leave the loop with \"next: break\", or skip to its next iteration "
                        "with \"next: continue\""
                      : "leave each loop with \"next: break\"";
    const char *owner = par->owner && par->owner->name.name ? par->owner->name.name : "?";
    bool branch = par->kind == WF_SCOPE_BRANCH;
    return wf_arena_printf(ar,
                           "%s cannot jump out of its parallel step: let the %s end (the steps "
                           "after \"%s\" run when all %s have ended), or raise an error and "
                           "catch it in a try around \"%s\"",
                           branch ? "a branch" : "an iteration of a parallel for",
                           branch ? "branch" : "iteration", owner,
                           branch ? "branches" : "iterations", owner);
}

static void on_next(struct wf_check_ctx *cx, const wf_step *from, const wf_next *nx)
{
    if (nx->kind != WF_NEXT_STEP || !nx->step)
        return;
    const wf_scope *a = container(from->names.scope), *b = container(nx->step->names.scope);
    if (a == b)
        return;
    wf_arena *ar = cx->prog->arena;
    const char *how;
    if (b && (!a || inside(b, a))) {
        how = wf_arena_printf(ar, "into %s", describe(ar, b));
    } else if (a && (!b || inside(a, b))) {
        /* Every boundary crossed, innermost first: break leaves one for
         * loop, nothing leaves a parallel branch. */
        const char *crossed = NULL;
        const wf_scope *par = NULL;
        size_t n = 0;
        for (const wf_scope *c = a; c != b; c = container(c->parent), n++) {
            crossed = crossed ? wf_arena_printf(ar, "%s and %s", crossed, describe(ar, c))
                              : describe(ar, c);
            if (c->kind != WF_SCOPE_FOR)
                par = c;
        }
        how = wf_arena_printf(ar, "out of %s; %s", crossed, advice(ar, par, n));
    } else {
        how = wf_arena_printf(ar, "from %s into %s", describe(ar, a), describe(ar, b));
    }
    wf_diag *dg = wf_report(cx->d, WF_CHK_ILLEGAL_JUMP, nx->target.span, "\"next: %s\" jumps %s",
                            nx->target.name, how);
    wf_diag_note(cx->d, dg, nx->step->name.span, "step \"%s\" is here", nx->step->name.name);
}

const struct wf_check wf_check_illegal_jump = {
    .id = WF_CHK_ILLEGAL_JUMP,
    .on_next = on_next,
};
