/*
 * ir.c - queries and traversal over the IR of ir/ir.h.
 */
#include "config.h"

#include "ir/ir.h"

#include <string.h>

wf_sub *wf_ir_find_sub(const wf_program *p, const char *name)
{
    for (size_t i = 0; i < p->nsubs; i++)
        if (p->subs[i]->name.name == name)
            return p->subs[i];
    return NULL;
}

struct find {
    const char *name;
    wf_step *found;
};

static bool find_cb(void *ud, wf_step *st)
{
    struct find *f = ud;
    if (st->name.name == f->name) {
        f->found = st;
        return false;
    }
    return true;
}

wf_step *wf_ir_find_step(const wf_sub *sub, const char *name)
{
    struct find f = {name, NULL};
    if (sub->body)
        wf_ir_walk_steps(sub->body, find_cb, &f);
    return f.found;
}

static bool walk_block(const wf_block *b, bool (*fn)(void *, wf_step *), void *ud)
{
    if (!b)
        return true;
    for (size_t i = 0; i < b->n; i++)
        if (!wf_ir_walk_step(b->steps[i], fn, ud))
            return false;
    return true;
}

static bool walk_loop(const wf_loop *lp, bool (*fn)(void *, wf_step *), void *ud)
{
    return !lp || walk_block(lp->body, fn, ud);
}

bool wf_ir_walk_step(wf_step *st, bool (*fn)(void *ud, wf_step *step), void *ud)
{
    if (!st)
        return true;
    if (!fn(ud, st))
        return false;
    switch (st->kind) {
    case WF_STEP_SWITCH:
        for (size_t i = 0; i < st->u.sw.n; i++)
            if (!wf_ir_walk_step(st->u.sw.cases[i].body, fn, ud))
                return false;
        return true;
    case WF_STEP_FOR:
        return walk_loop(st->u.loop, fn, ud);
    case WF_STEP_PARALLEL:
        for (size_t i = 0; i < st->u.par.nbranches; i++)
            if (!walk_block(st->u.par.branches[i].body, fn, ud))
                return false;
        return walk_loop(st->u.par.loop, fn, ud);
    case WF_STEP_TRY:
        if (!wf_ir_walk_step(st->u.try_.body, fn, ud))
            return false;
        return !st->u.try_.except || walk_block(st->u.try_.except->body, fn, ud);
    case WF_STEP_STEPS:
        return walk_block(st->u.steps, fn, ud);
    default:
        return true;
    }
}

bool wf_ir_walk_steps(const wf_block *block, bool (*fn)(void *ud, wf_step *step), void *ud)
{
    return walk_block(block, fn, ud);
}

bool wf_ir_valid_var_name(const char *s)
{
    if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}
