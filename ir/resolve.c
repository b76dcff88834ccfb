/*
 * resolve.c - scopes, variables, reads and call targets of a program.
 *
 * Per workflow, in three passes over its steps:
 *   1. scopes: every step learns its innermost scope (for bodies, except
 *      blocks, parallel branches and parallel for bodies open one);
 *      definitions are collected with the scope they stand in;
 *   2. declarations, outer scopes first: a name defined in a scope is the
 *      variable of the nearest enclosing scope that defines it too, else a
 *      new variable of its own scope (syntax.md §4.2: assigning a visible
 *      variable updates it; a new one lives in the current scope). Loop
 *      variables, `as` and parameters always declare.
 *   3. reads: every name in an evaluated expression is bound to the visible
 *      variable, or left unbound (with a same-named variable elsewhere
 *      noted for the message). Names of library modules and subworkflows
 *      that no variable shadows are not reads.
 * ir/flow.c then classifies each read by the control flow.
 */
#include "config.h"

#include "ir/resolve.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir/stdlib.h"

/* (scope, name) -> variable, for one workflow; kept in the workflow
 * (names.symtab) for lookups after resolution. */
struct symtab {
    const wf_scope **scopes;
    const char **names;
    wf_var **vars;
    size_t cap, count;
    wf_arena *a;
};

/* A definition waiting for its variable. */
struct pending {
    const char *name;
    wf_scope *scope;
    unsigned depth;
    unsigned seq;  /* source order */
    bool declares; /* param, loop variable, `as`: always a new variable */
    wf_def def;
};

struct resolver {
    wf_program *prog;
    wf_arena *a;
    wf_sub *sub;
    struct symtab tab;
    struct pending *pend;
    size_t npend, cappend;
    wf_use *uses;
    size_t nuses, capuses;
    wf_var **vars;
    size_t nvars, capvars;
};

/* ---- the symbol table ---- */

static size_t sym_hash(const wf_scope *s, const char *n, size_t cap)
{
    uintptr_t x = (uintptr_t)s * 31u + (uintptr_t)n;
    x ^= x >> 15;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 9) & (cap - 1);
}

static void sym_grow(struct symtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    const wf_scope **scopes = wf_arena_array(t->a, cap, sizeof *scopes);
    const char **names = wf_arena_array(t->a, cap, sizeof *names);
    wf_var **vars = wf_arena_array(t->a, cap, sizeof *vars);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->names[i])
            continue;
        size_t j = sym_hash(t->scopes[i], t->names[i], cap);
        while (names[j])
            j = (j + 1) & (cap - 1);
        scopes[j] = t->scopes[i];
        names[j] = t->names[i];
        vars[j] = t->vars[i];
    }
    t->scopes = scopes;
    t->names = names;
    t->vars = vars;
    t->cap = cap;
}

static wf_var *sym_get(const struct symtab *t, const wf_scope *s, const char *n)
{
    if (!t->cap)
        return NULL;
    for (size_t j = sym_hash(s, n, t->cap); t->names[j]; j = (j + 1) & (t->cap - 1))
        if (t->names[j] == n && t->scopes[j] == s)
            return t->vars[j];
    return NULL;
}

static void sym_put(struct symtab *t, const wf_scope *s, const char *n, wf_var *v)
{
    if ((t->count + 1) * 2 > t->cap)
        sym_grow(t);
    size_t j = sym_hash(s, n, t->cap);
    while (t->names[j])
        j = (j + 1) & (t->cap - 1);
    t->scopes[j] = s;
    t->names[j] = n;
    t->vars[j] = v;
    t->count++;
}

static wf_var *lookup(const struct symtab *t, const wf_scope *s, const char *n)
{
    for (; s; s = s->parent) {
        wf_var *v = sym_get(t, s, n);
        if (v)
            return v;
    }
    return NULL;
}

/* ---- pass 1: scopes and definitions ---- */

static unsigned depth_of(const wf_scope *s)
{
    unsigned d = 0;
    for (; s->parent; s = s->parent)
        d++;
    return d;
}

static wf_scope *new_scope(struct resolver *R, enum wf_scope_kind kind, wf_scope *parent,
                           wf_step *owner)
{
    wf_scope *s = wf_arena_zalloc(R->a, sizeof *s);
    s->kind = kind;
    s->parent = parent;
    s->owner = owner;
    return s;
}

static void add_def(struct resolver *R, const char *name, wf_scope *scope, bool declares,
                    enum wf_def_kind kind, wf_span span, wf_step *step, unsigned item)
{
    if (!name)
        return;
    if (R->npend == R->cappend) {
        R->cappend = R->cappend ? R->cappend * 2 : 64;
        R->pend = wf_xrealloc(R->pend, R->cappend * sizeof *R->pend);
    }
    R->pend[R->npend] = (struct pending){
        name, scope, depth_of(scope), (unsigned)R->npend, declares, {NULL, kind, span, step, item}};
    R->npend++;
}

static void scope_block(struct resolver *R, const wf_block *b, wf_scope *scope);

static void scope_loop(struct resolver *R, wf_step *st, const wf_loop *lp, wf_scope *scope,
                       enum wf_scope_kind kind)
{
    if (!lp)
        return;
    wf_scope *body = new_scope(R, kind, scope, st);
    add_def(R, lp->value.name, body, true, WF_DEF_LOOP, lp->value.span, st, 0);
    add_def(R, lp->index.name, body, true, WF_DEF_LOOP, lp->index.span, st, 0);
    scope_block(R, lp->body, body);
}

static void scope_step(struct resolver *R, wf_step *st, wf_scope *scope);

static void scope_try(struct resolver *R, wf_step *st, wf_scope *scope)
{
    scope_step(R, st->u.try_.body, scope);
    const wf_except *ex = st->u.try_.except;
    if (!ex)
        return;
    wf_scope *es = new_scope(R, WF_SCOPE_EXCEPT, scope, st);
    add_def(R, ex->as.name, es, true, WF_DEF_EXCEPT, ex->as.span, st, 0);
    scope_block(R, ex->body, es);
}

static void scope_step(struct resolver *R, wf_step *st, wf_scope *scope)
{
    if (!st)
        return;
    st->names.scope = scope;
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        for (size_t i = 0; i < st->u.assign.n; i++) {
            const wf_assign *as = &st->u.assign.items[i];
            if (as->target && as->target->kind == WF_EXPR_NAME)
                add_def(R, as->target->u.name, scope, false, WF_DEF_ASSIGN, as->span, st,
                        (unsigned)i + 1);
        }
        break;
    case WF_STEP_CALL:
        add_def(R, st->u.call.result.name, scope, false, WF_DEF_RESULT, st->u.call.result.span, st,
                0);
        break;
    case WF_STEP_SWITCH:
        for (size_t i = 0; i < st->u.sw.n; i++)
            scope_step(R, st->u.sw.cases[i].body, scope);
        break;
    case WF_STEP_FOR:
        scope_loop(R, st, st->u.loop, scope, WF_SCOPE_FOR);
        break;
    case WF_STEP_PARALLEL:
        for (size_t i = 0; i < st->u.par.nbranches; i++) {
            wf_scope *bs = new_scope(R, WF_SCOPE_BRANCH, scope, st);
            bs->branch = &st->u.par.branches[i];
            scope_block(R, st->u.par.branches[i].body, bs);
        }
        scope_loop(R, st, st->u.par.loop, scope, WF_SCOPE_PAR_FOR);
        break;
    case WF_STEP_TRY:
        scope_try(R, st, scope);
        break;
    case WF_STEP_STEPS:
        scope_block(R, st->u.steps, scope);
        break;
    default:
        break;
    }
}

static void scope_block(struct resolver *R, const wf_block *b, wf_scope *scope)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        scope_step(R, b->steps[i], scope);
}

/* ---- pass 2: declarations ---- */

static wf_var *new_var(struct resolver *R, const struct pending *p)
{
    wf_var *v = wf_arena_zalloc(R->a, sizeof *v);
    v->name = p->name;
    v->scope = p->scope;
    v->kind = p->def.kind;
    v->first = p->def.span;
    v->first_step = p->def.step;
    v->id = (unsigned)R->nvars;
    if (R->nvars == R->capvars) {
        R->capvars = R->capvars ? R->capvars * 2 : 64;
        R->vars = wf_xrealloc(R->vars, R->capvars * sizeof *R->vars);
    }
    R->vars[R->nvars++] = v;
    sym_put(&R->tab, p->scope, p->name, v);
    return v;
}

/* Outer scopes first; in a scope, declaring definitions first; else
 * source order. */
static int cmp_pending(const void *pa, const void *pb)
{
    const struct pending *a = pa, *b = pb;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    if (a->declares != b->declares)
        return a->declares ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void declare(struct resolver *R)
{
    struct pending *sorted = wf_xmalloc((R->npend ? R->npend : 1) * sizeof *sorted);
    if (R->npend)
        memcpy(sorted, R->pend, R->npend * sizeof *sorted);
    qsort(sorted, R->npend, sizeof *sorted, cmp_pending);
    wf_sub *sub = R->sub;
    sub->names.defs = wf_arena_array(R->a, R->npend, sizeof *sub->names.defs);
    for (size_t i = 0; i < R->npend; i++) {
        struct pending *p = &sorted[i];
        wf_var *v =
            p->declares ? sym_get(&R->tab, p->scope, p->name) : lookup(&R->tab, p->scope, p->name);
        if (!v)
            v = new_var(R, p);
        v->ndefs++;
        p->def.var = v;
        sub->names.defs[sub->names.ndefs++] = p->def;
    }
    free(sorted);
}

/* ---- pass 3: reads ---- */

static void add_use(struct resolver *R, const char *name, wf_span span, wf_step *st,
                    const wf_node *node, unsigned item, bool is_target)
{
    if (R->nuses == R->capuses) {
        R->capuses = R->capuses ? R->capuses * 2 : 64;
        R->uses = wf_xrealloc(R->uses, R->capuses * sizeof *R->uses);
    }
    const wf_scope *scope = st ? st->names.scope : NULL;
    wf_var *v = scope ? lookup(&R->tab, scope, name) : NULL;
    if (v) {
        if (is_target)
            v->nwrites++;
        else
            v->nreads++;
    }
    R->uses[R->nuses++] =
        (wf_use){name, v, NULL, WF_USE_UNKNOWN, span, st, node, is_target, false, item};
}

/* Whether the name at the base of a field chain means something other than
 * a variable: a library module ("http" in ${http.default_retry}) or a
 * subworkflow (a retry predicate), when no variable shadows it. */
static bool names_no_variable(struct resolver *R, const char *name, const wf_step *st)
{
    if (st && lookup(&R->tab, st->names.scope, name))
        return false;
    return wf_stdlib_is_module(name) || wf_ir_find_sub(R->prog, name) ||
           strcmp(name, "googleapis") == 0;
}

/* Reads in expression `e`, which stands in scalar `n` at byte `base` of its
 * text (2, after "${", for expressions; 0 for assignment targets). */
static void expr_uses(struct resolver *R, const wf_expr *e, const wf_node *n, unsigned base,
                      wf_step *st, unsigned item)
{
    switch (e->kind) {
    case WF_EXPR_NAME:
        if (!names_no_variable(R, e->u.name, st)) {
            add_use(R, e->u.name, wf_node_subspan(n, base + e->off, base + e->end), st, n, item,
                    false);
            ((wf_expr *)e)->read = (uint32_t)R->nuses;
        }
        break;
    case WF_EXPR_FIELD:
        expr_uses(R, e->u.field.obj, n, base, st, item);
        break;
    case WF_EXPR_INDEX:
        expr_uses(R, e->u.index.obj, n, base, st, item);
        expr_uses(R, e->u.index.index, n, base, st, item);
        break;
    case WF_EXPR_CALL:
        for (size_t i = 0; i < e->u.call.nargs; i++)
            expr_uses(R, e->u.call.args[i], n, base, st, item);
        break;
    case WF_EXPR_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            expr_uses(R, e->u.list.items[i], n, base, st, item);
        break;
    case WF_EXPR_UNARY:
        expr_uses(R, e->u.unary.operand, n, base, st, item);
        break;
    case WF_EXPR_BINARY:
        expr_uses(R, e->u.binary.lhs, n, base, st, item);
        expr_uses(R, e->u.binary.rhs, n, base, st, item);
        break;
    default:
        break;
    }
}

static void node_uses(struct resolver *R, const wf_node *n, wf_step *st, unsigned item)
{
    if (n->kind == WF_NODE_EXPR && n->u.scalar.v.expr) {
        expr_uses(R, n->u.scalar.v.expr, n, 2, st, item);
    } else if (n->kind == WF_NODE_LIST) {
        for (size_t i = 0; i < n->len; i++)
            node_uses(R, n->u.items[i], st, item);
    } else if (n->kind == WF_NODE_MAP) {
        for (size_t i = 0; i < n->len; i++) {
            node_uses(R, n->u.pairs[i].key, st, item);
            node_uses(R, n->u.pairs[i].value, st, item);
        }
    }
}

static void value_uses(void *ud, wf_step *st, const char *role, const char *key, unsigned item,
                       wf_node *value)
{
    (void)role;
    (void)key;
    node_uses(ud, value, st, item);
}

/* `m.key: v` and `l[i]: v` read `m` and `l` (and `i`). */
static void target_uses(struct resolver *R, wf_step *st, const wf_assign *as, unsigned item)
{
    const wf_expr *t = as->target;
    if (!t || t->kind == WF_EXPR_NAME)
        return;
    const wf_expr *base = t;
    while (base->kind == WF_EXPR_FIELD || base->kind == WF_EXPR_INDEX) {
        if (base->kind == WF_EXPR_INDEX)
            expr_uses(R, base->u.index.index, as->key, 0, st, item);
        base = base->kind == WF_EXPR_FIELD ? base->u.field.obj : base->u.index.obj;
    }
    if (base->kind == WF_EXPR_NAME)
        add_use(R, base->u.name, wf_node_subspan(as->key, base->off, base->end), st, as->key, item,
                true);
}

static bool step_uses(void *ud, wf_step *st)
{
    struct resolver *R = ud;
    if (st->kind == WF_STEP_PARALLEL) {
        /* A shared name must exist before the step: classified like a read,
         * but neither counted as one nor reported as one. */
        for (size_t i = 0; i < st->u.par.nshared; i++) {
            const wf_name *nm = &st->u.par.shared[i];
            wf_var *v = lookup(&R->tab, st->names.scope, nm->name);
            add_use(R, nm->name, nm->span, st, NULL, 0, false);
            R->uses[R->nuses - 1].is_shared = true;
            if (v)
                v->nreads--;
        }
    }
    if (st->kind == WF_STEP_ASSIGN)
        for (size_t i = 0; i < st->u.assign.n; i++)
            target_uses(R, st, &st->u.assign.items[i], (unsigned)i + 1);
    wf_ir_step_values(st, value_uses, R);
    return true;
}

/* For a read that sees no variable: a variable of that name that exists
 * elsewhere, to explain why it is not visible. */
static wf_var *find_elsewhere(const wf_program *p, const wf_sub *sub, const char *name)
{
    for (size_t i = 0; i < sub->names.nvars; i++)
        if (sub->names.vars[i]->name == name)
            return sub->names.vars[i];
    for (size_t s = 0; s < p->nsubs; s++)
        for (size_t i = 0; p->subs[s] != sub && i < p->subs[s]->names.nvars; i++)
            if (p->subs[s]->names.vars[i]->name == name)
                return p->subs[s]->names.vars[i];
    return NULL;
}

/* ---- calls ---- */

static bool bind_call(void *ud, wf_step *st)
{
    const wf_program *p = ud;
    if (st->kind != WF_STEP_CALL || !st->u.call.func.name)
        return true;
    const char *f = st->u.call.func.name;
    st->names.callee_sub = wf_ir_find_sub(p, f);
    if (!st->names.callee_sub)
        st->names.callee_fn = wf_stdlib_find(f);
    if (!st->names.callee_sub && !st->names.callee_fn)
        st->names.connector = wf_stdlib_is_connector(f);
    return true;
}

/* ---- what calls do: fetch, wait ---- */

/* The literal string value of argument `name` of call step `st`, or NULL. */
static const char *literal_arg(const wf_step *st, const char *name)
{
    for (size_t i = 0; i < st->u.call.nargs; i++) {
        const wf_arg *a = &st->u.call.args[i];
        if (a->name.name && strcmp(a->name.name, name) == 0)
            return a->value && a->value->kind == WF_NODE_STRING ? a->value->u.scalar.text : NULL;
    }
    return NULL;
}

bool wf_resolve_fetches(const wf_step *st)
{
    if (st->kind != WF_STEP_CALL)
        return false;
    const struct wf_step_names *n = &st->names;
    if (n->callee_sub)
        return n->callee_sub->names.fetches;
    if (n->callee_fn && (n->callee_fn->flags & WF_FN_FETCH))
        return true;
    if (n->callee_fn && strcmp(n->callee_fn->name, "http.request") == 0) {
        const char *method = literal_arg(st, "method");
        return method && strcasecmp(method, "GET") == 0;
    }
    if (n->connector) {
        const char *dot = strrchr(st->u.call.func.name, '.');
        return dot && strcmp(dot, ".get") == 0;
    }
    return false;
}

bool wf_resolve_waits(const wf_step *st)
{
    if (st->kind != WF_STEP_CALL)
        return false;
    if (st->names.callee_sub)
        return st->names.callee_sub->names.waits;
    return st->names.callee_fn && (st->names.callee_fn->flags & WF_FN_WAITS);
}

struct summary {
    wf_sub *sub;
    bool changed;
};

static bool summarise_step(void *ud, wf_step *st)
{
    struct summary *S = ud;
    if (!S->sub->names.fetches && wf_resolve_fetches(st))
        S->sub->names.fetches = S->changed = true;
    if (!S->sub->names.waits && wf_resolve_waits(st))
        S->sub->names.waits = S->changed = true;
    return true;
}

/* Whether each workflow fetches or waits, through the workflows it calls
 * too: flags only ever turn on, so repeating until nothing changes ends
 * (after at most one round per workflow, recursion included). */
static void summarise(wf_program *p)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < p->nsubs; i++) {
            struct summary S = {p->subs[i], false};
            if (p->subs[i]->body)
                wf_ir_walk_steps(p->subs[i]->body, summarise_step, &S);
            changed |= S.changed;
        }
    }
}

/* ---- jumps ---- */

static bool bind_jump(void *ud, wf_step *st)
{
    const wf_sub *sub = ud;
    if (st->next.kind == WF_NEXT_STEP)
        st->next.step = wf_ir_find_step(sub, st->next.target.name);
    if (st->kind == WF_STEP_SWITCH)
        for (size_t i = 0; i < st->u.sw.n; i++)
            if (st->u.sw.cases[i].next.kind == WF_NEXT_STEP)
                st->u.sw.cases[i].next.step =
                    wf_ir_find_step(sub, st->u.sw.cases[i].next.target.name);
    return true;
}

/* ---- driver ---- */

static void resolve_sub(wf_program *p, wf_sub *sub)
{
    struct resolver R = {.prog = p, .a = p->arena, .sub = sub};
    R.tab.a = p->arena;
    wf_scope *top = new_scope(&R, WF_SCOPE_SUB, NULL, NULL);
    for (size_t i = 0; i < sub->nparams; i++)
        add_def(&R, sub->params[i].name.name, top, true, WF_DEF_PARAM, sub->params[i].name.span,
                NULL, 0);
    scope_block(&R, sub->body, top);
    declare(&R);
    sub->names.vars = wf_arena_memdup(R.a, R.vars, R.nvars * sizeof *R.vars);
    sub->names.nvars = R.nvars;
    wf_ir_index_steps(sub, R.a);
    if (sub->body) {
        wf_ir_walk_steps(sub->body, step_uses, &R);
        wf_ir_walk_steps(sub->body, bind_call, p);
        wf_ir_walk_steps(sub->body, bind_jump, sub);
    }
    sub->names.uses = wf_arena_memdup(R.a, R.uses, R.nuses * sizeof *R.uses);
    sub->names.nuses = R.nuses;
    sub->names.symtab.scopes = R.tab.scopes;
    sub->names.symtab.names = R.tab.names;
    sub->names.symtab.vars = R.tab.vars;
    sub->names.symtab.cap = R.tab.cap;
    sub->names.symtab.count = R.tab.count;
    free(R.pend);
    free(R.uses);
    free(R.vars);
}

void wf_resolve(wf_program *p)
{
    for (size_t i = 0; i < p->nsubs; i++)
        resolve_sub(p, p->subs[i]);
    summarise(p);
    for (size_t s = 0; s < p->nsubs; s++) {
        wf_sub *sub = p->subs[s];
        for (size_t i = 0; i < sub->names.nuses; i++)
            if (!sub->names.uses[i].var)
                sub->names.uses[i].elsewhere = find_elsewhere(p, sub, sub->names.uses[i].name);
        wf_flow_analyse(p, sub);
    }
}

wf_var *wf_resolve_lookup(const wf_sub *sub, const wf_scope *scope, const char *name)
{
    struct symtab t = {(const wf_scope **)sub->names.symtab.scopes,
                       sub->names.symtab.names,
                       sub->names.symtab.vars,
                       sub->names.symtab.cap,
                       sub->names.symtab.count,
                       NULL};
    return lookup(&t, scope, name);
}

const wf_scope *wf_resolve_loop_of(const wf_scope *scope, bool parallel)
{
    for (; scope && scope->kind != WF_SCOPE_BRANCH; scope = scope->parent)
        if (scope->kind == WF_SCOPE_FOR || (parallel && scope->kind == WF_SCOPE_PAR_FOR))
            return scope;
    return NULL;
}
