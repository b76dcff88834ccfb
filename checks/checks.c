/*
 * checks.c - the table of checks and the walker that runs them.
 *
 * One pass over the IR calls every check's callbacks: on_program, then per
 * workflow on_sub, on_step for every step (inline bodies included) and
 * on_value for every value Workflows evaluates, then on_end. Checks keep
 * their own state in cx->state, allocated per program in the program's
 * arena. The order of the table is the order checks run in; output order
 * comes from sorting the diagnostics, not from here.
 */
#include "config.h"

#include "checks/checks.h"

#include <string.h>

/* SYNC checks: one line per check file, alphabetical. */
static const struct wf_check *const checks[] = {
    NULL, /* keeps the array non-empty while no semantic check exists */
};

#define NCHECKS (sizeof checks / sizeof checks[0])

struct walk {
    struct wf_check_ctx cx[NCHECKS];
};

static void visit_value(struct walk *w, wf_step *step, const char *role, const char *key,
                        wf_node *value)
{
    if (!value)
        return;
    struct wf_value_site site = {step, role, key, value};
    for (size_t i = 0; i < NCHECKS; i++)
        if (checks[i] && checks[i]->on_value)
            checks[i]->on_value(&w->cx[i], &site);
}

static void visit_loop(struct walk *w, wf_step *st, const wf_loop *lp)
{
    if (!lp)
        return;
    visit_value(w, st, "in", NULL, lp->in);
    visit_value(w, st, "range", NULL, lp->range);
}

/* The values of one step, in source order. */
static void visit_values(struct walk *w, wf_step *st)
{
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        for (size_t i = 0; i < st->u.assign.n; i++)
            visit_value(w, st, "assign", st->u.assign.items[i].text, st->u.assign.items[i].value);
        break;
    case WF_STEP_CALL:
        for (size_t i = 0; i < st->u.call.nargs; i++)
            visit_value(w, st, "args", st->u.call.args[i].name.name, st->u.call.args[i].value);
        break;
    case WF_STEP_SWITCH:
        for (size_t i = 0; i < st->u.sw.n; i++)
            visit_value(w, st, "condition", NULL, st->u.sw.cases[i].condition);
        break;
    case WF_STEP_FOR:
        visit_loop(w, st, st->u.loop);
        break;
    case WF_STEP_PARALLEL:
        visit_value(w, st, "concurrency_limit", NULL, st->u.par.concurrency_limit);
        visit_loop(w, st, st->u.par.loop);
        break;
    case WF_STEP_TRY:
        if (st->u.try_.retry) {
            const wf_retry *r = st->u.try_.retry;
            visit_value(w, st, "retry", NULL, r->policy);
            visit_value(w, st, "predicate", NULL, r->predicate);
            visit_value(w, st, "max_retries", NULL, r->max_retries);
            visit_value(w, st, "initial_delay", NULL, r->initial_delay);
            visit_value(w, st, "max_delay", NULL, r->max_delay);
            visit_value(w, st, "multiplier", NULL, r->multiplier);
        }
        break;
    case WF_STEP_RAISE:
        visit_value(w, st, "raise", NULL, st->u.value);
        break;
    case WF_STEP_RETURN:
        visit_value(w, st, "return", NULL, st->u.value);
        break;
    default:
        break;
    }
}

static bool visit_step(void *ud, wf_step *st)
{
    struct walk *w = ud;
    for (size_t i = 0; i < NCHECKS; i++)
        if (checks[i] && checks[i]->on_step)
            checks[i]->on_step(&w->cx[i], st);
    visit_values(w, st);
    return true;
}

void wf_checks_run(const wf_program *p, wf_diags *d)
{
    struct walk w;
    for (size_t i = 0; i < NCHECKS; i++) {
        w.cx[i] = (struct wf_check_ctx){.prog = p, .d = d};
        if (checks[i] && checks[i]->state_size)
            w.cx[i].state = wf_arena_zalloc(p->arena, checks[i]->state_size);
        if (checks[i] && checks[i]->on_program)
            checks[i]->on_program(&w.cx[i]);
    }
    for (size_t s = 0; s < p->nsubs; s++) {
        const wf_sub *sub = p->subs[s];
        for (size_t i = 0; i < NCHECKS; i++) {
            w.cx[i].sub = sub;
            if (checks[i] && checks[i]->on_sub)
                checks[i]->on_sub(&w.cx[i], sub);
        }
        for (size_t k = 0; k < sub->nparams; k++)
            if (sub->params[k].def)
                visit_value(&w, NULL, "default", sub->params[k].name.name, sub->params[k].def);
        if (sub->body)
            wf_ir_walk_steps(sub->body, visit_step, &w);
    }
    for (size_t i = 0; i < NCHECKS; i++)
        if (checks[i] && checks[i]->on_end)
            checks[i]->on_end(&w.cx[i]);
}
