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

static size_t name_slot(const char *name, size_t cap)
{
    uintptr_t x = (uintptr_t)name;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

struct index_fill {
    wf_step **slots;
    size_t cap;
};

static bool index_cb(void *ud, wf_step *st)
{
    struct index_fill *ix = ud;
    if (!st->name.name)
        return true;
    size_t j = name_slot(st->name.name, ix->cap);
    while (ix->slots[j] && ix->slots[j]->name.name != st->name.name)
        j = (j + 1) & (ix->cap - 1);
    if (!ix->slots[j])
        ix->slots[j] = st;
    return true;
}

void wf_ir_index_steps(wf_sub *sub, wf_arena *a)
{
    size_t cap = 16;
    while (cap < 2 * sub->nsteps + 2)
        cap *= 2;
    struct index_fill ix = {wf_arena_array(a, cap, sizeof(wf_step *)), cap};
    if (sub->body)
        wf_ir_walk_steps(sub->body, index_cb, &ix);
    sub->step_index.slots = ix.slots;
    sub->step_index.cap = cap;
}

wf_step *wf_ir_find_step(const wf_sub *sub, const char *name)
{
    if (sub->step_index.cap) {
        size_t cap = sub->step_index.cap;
        for (size_t j = name_slot(name, cap); sub->step_index.slots[j]; j = (j + 1) & (cap - 1))
            if (sub->step_index.slots[j]->name.name == name)
                return sub->step_index.slots[j];
        return NULL;
    }
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

static void loop_values(wf_step *st, const wf_loop *lp, wf_value_fn fn, void *ud)
{
    if (!lp)
        return;
    if (lp->in)
        fn(ud, st, "in", NULL, 0, lp->in);
    if (lp->range)
        fn(ud, st, "range", NULL, 0, lp->range);
}

static void retry_values(wf_step *st, const wf_retry *r, wf_value_fn fn, void *ud)
{
    static const char *const roles[] = {"retry",         "predicate", "max_retries",
                                        "initial_delay", "max_delay", "multiplier"};
    wf_node *vals[] = {r->policy,        r->predicate, r->max_retries,
                       r->initial_delay, r->max_delay, r->multiplier};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
        if (vals[i])
            fn(ud, st, roles[i], NULL, 0, vals[i]);
}

void wf_ir_step_values(wf_step *st, wf_value_fn fn, void *ud)
{
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        for (size_t i = 0; i < st->u.assign.n; i++)
            fn(ud, st, "assign", st->u.assign.items[i].text, (unsigned)i + 1,
               st->u.assign.items[i].value);
        break;
    case WF_STEP_CALL:
        for (size_t i = 0; i < st->u.call.nargs; i++)
            fn(ud, st, "args", st->u.call.args[i].name.name, 0, st->u.call.args[i].value);
        break;
    case WF_STEP_SWITCH:
        for (size_t i = 0; i < st->u.sw.n; i++)
            if (st->u.sw.cases[i].condition)
                fn(ud, st, "condition", NULL, 0, st->u.sw.cases[i].condition);
        break;
    case WF_STEP_FOR:
        loop_values(st, st->u.loop, fn, ud);
        break;
    case WF_STEP_PARALLEL:
        if (st->u.par.concurrency_limit)
            fn(ud, st, "concurrency_limit", NULL, 0, st->u.par.concurrency_limit);
        loop_values(st, st->u.par.loop, fn, ud);
        break;
    case WF_STEP_TRY:
        if (st->u.try_.retry)
            retry_values(st, st->u.try_.retry, fn, ud);
        break;
    case WF_STEP_RAISE:
    case WF_STEP_RETURN:
        if (st->u.value)
            fn(ud, st, wf_step_kind_name(st->kind), NULL, 0, st->u.value);
        break;
    default:
        break;
    }
}

bool wf_ir_case_always_true(const wf_case *c)
{
    const wf_node *n = c->condition;
    if (!n)
        return false;
    if (n->kind == WF_NODE_BOOL)
        return n->u.scalar.v.b;
    const wf_expr *e = n->kind == WF_NODE_EXPR ? n->u.scalar.v.expr : NULL;
    return e && e->kind == WF_EXPR_BOOL && e->u.b;
}
