/*
 * flow.c - the control flow graph of a workflow and what is computed on it:
 * which steps can run, and for every read of a variable whether an
 * assignment reaches it on every path, on some, or on none.
 *
 * Nodes: the workflow's entry (which defines the parameters) and exit, one
 * node per step (inline bodies included) where the step's own assignments
 * take effect, plus a head for each loop (where the loop variables are
 * set), a join after parallel and try steps, and an entry to each except
 * block (where `as` is set). Edges follow sequence, `next`, switch entries
 * (a final `condition: true` leaves no way around the switch), loops (zero
 * iterations included), parallel branches, and errors: a step inside a
 * try body may fail before its own assignments take effect, so every
 * predecessor of such a step is also a predecessor of the except block.
 *
 * A read is defined for sure when an assignment of its variable dominates
 * it (every path from the entry passes the assignment): the usual case,
 * decided with the dominator tree in time proportional to the variable's
 * assignments. Otherwise a backward search from the read that stops at
 * assignments decides: reaching the entry means some path has none. A
 * search that succeeds proves the variable assigned at every node it
 * visited; later searches for the same variable stop there.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ir/resolve.h"

enum { N_ENTRY = 0, N_EXIT = 1, N_FIRST = 2 };

struct loop {
    unsigned head, exit;
};

/* A `next` naming a step, with the node it leaves from and the target's. */
struct jump {
    wf_next *nx;
    unsigned from, to;
};

struct flow {
    wf_sub *sub;
    unsigned nnodes;
    wf_step **step_of; /* the step of each node; NULL for entry, exit, heads, joins */
    size_t capstep;
    struct jump *jumps;
    size_t njumps, capjumps;
    unsigned *efrom, *eto;
    size_t nedges, capedges;
    struct loop *loops;
    size_t nloops, caploops;
    unsigned *handlers; /* except entries of the enclosing try steps; 0 = none */
    size_t nhandlers, caphandlers;
    unsigned *fail_node, *fail_exc; /* steps that may fail into an except block */
    size_t nfails, capfails;
    unsigned *pred_off, *preds, *succ_off, *succs; /* CSR */
    unsigned *gen_off, *gens;                      /* variables defined at each node */
    unsigned *def_off, *defs;   /* nodes defining each variable, by dominator interval */
    unsigned *def_up;           /* per entry of defs: the nearest earlier entry of the
                                   same variable whose interval encloses it, or ~0u */
    unsigned *dom_in, *dom_out; /* dominator tree intervals; 0 = unreached */
    unsigned *mark;             /* visit stamps */
    unsigned stamp;
    unsigned *stack;
    size_t capstack;
    /* (variable, node) pairs known to have the variable assigned on every
     * path to the node's exit: later searches stop there. */
    uint64_t *known;
    size_t capknown, nknown;
    unsigned *visited; /* nodes of the current search */
    size_t nvisited, capvisited;
};

/* ---- nodes ---- */

static unsigned extra_nodes(const wf_step *st)
{
    switch (st->kind) {
    case WF_STEP_FOR:
        return 1; /* head */
    case WF_STEP_PARALLEL:
    case WF_STEP_TRY:
        return 2; /* head and join; join and except entry */
    default:
        return 0;
    }
}

static bool number_step(void *ud, wf_step *st)
{
    struct flow *F = ud;
    unsigned k = 1 + extra_nodes(st);
    while (F->nnodes + k > F->capstep) {
        size_t cap = F->capstep ? 2 * F->capstep : 256;
        F->step_of = wf_xrealloc(F->step_of, cap * sizeof *F->step_of);
        memset(F->step_of + F->capstep, 0, (cap - F->capstep) * sizeof *F->step_of);
        F->capstep = cap;
    }
    st->names.node = F->nnodes;
    F->step_of[F->nnodes] = st;
    F->nnodes += k;
    return true;
}

/* ---- edges ---- */

static void edge(struct flow *F, unsigned from, unsigned to)
{
    if (F->nedges == F->capedges) {
        F->capedges = F->capedges ? F->capedges * 2 : 256;
        F->efrom = wf_xrealloc(F->efrom, F->capedges * sizeof *F->efrom);
        F->eto = wf_xrealloc(F->eto, F->capedges * sizeof *F->eto);
    }
    F->efrom[F->nedges] = from;
    F->eto[F->nedges] = to;
    F->nedges++;
}

static void push_loop(struct flow *F, unsigned head, unsigned exit)
{
    if (F->nloops == F->caploops) {
        F->caploops = F->caploops ? F->caploops * 2 : 8;
        F->loops = wf_xrealloc(F->loops, F->caploops * sizeof *F->loops);
    }
    F->loops[F->nloops++] = (struct loop){head, exit};
}

static void push_handler(struct flow *F, unsigned exc)
{
    if (F->nhandlers == F->caphandlers) {
        F->caphandlers = F->caphandlers ? F->caphandlers * 2 : 8;
        F->handlers = wf_xrealloc(F->handlers, F->caphandlers * sizeof *F->handlers);
    }
    F->handlers[F->nhandlers++] = exc;
}

static void add_jump(struct flow *F, wf_next *nx, unsigned from)
{
    if (F->njumps == F->capjumps) {
        F->capjumps = F->capjumps ? F->capjumps * 2 : 16;
        F->jumps = wf_xrealloc(F->jumps, F->capjumps * sizeof *F->jumps);
    }
    F->jumps[F->njumps++] = (struct jump){nx, from, nx->step->names.node};
}

/* Where a `next` leads, taken after node `from`; `fall` when there is none. */
static unsigned target(struct flow *F, wf_next *nx, unsigned from, unsigned fall)
{
    switch (nx->kind) {
    case WF_NEXT_STEP:
        if (!nx->step)
            return fall;
        add_jump(F, nx, from);
        return nx->step->names.node;
    case WF_NEXT_END:
        return N_EXIT;
    case WF_NEXT_BREAK:
        return F->nloops ? F->loops[F->nloops - 1].exit : fall;
    case WF_NEXT_CONTINUE:
        return F->nloops ? F->loops[F->nloops - 1].head : fall;
    default:
        return fall;
    }
}

static void link_step(struct flow *F, wf_step *st, unsigned fall);

/* Links a block whose completion continues at `k`; returns its first node
 * (k for an empty block). */
static unsigned link_block(struct flow *F, const wf_block *b, unsigned k)
{
    if (!b || b->n == 0)
        return k;
    for (size_t i = 0; i < b->n; i++)
        link_step(F, b->steps[i], i + 1 < b->n ? b->steps[i + 1]->names.node : k);
    return b->steps[0]->names.node;
}

static void link_switch(struct flow *F, wf_step *st, unsigned n, unsigned k)
{
    bool covered = false;
    for (size_t i = 0; i < st->u.sw.n && !covered; i++) {
        wf_case *c = &st->u.sw.cases[i];
        unsigned ck = target(F, &c->next, c->body ? c->body->names.node : n, k);
        if (c->body) {
            edge(F, n, c->body->names.node);
            link_step(F, c->body, ck);
        } else {
            edge(F, n, ck);
        }
        covered = wf_ir_case_always_true(c);
    }
    if (!covered)
        edge(F, n, k); /* no condition matched */
}

/* A loop: each iteration starts at the head. The iterations of a parallel
 * for are independent (each has its own copies of the variables it
 * creates), so its body ends at the join, not back at the head: nothing one
 * iteration assigns reaches another. */
static void link_loop(struct flow *F, const wf_loop *lp, unsigned n, unsigned head, unsigned k,
                      bool parallel)
{
    edge(F, n, head);
    edge(F, head, k); /* done, or no iteration at all */
    if (!lp)
        return;
    push_loop(F, head, k);
    edge(F, head, link_block(F, lp->body, parallel ? k : head));
    F->nloops--;
}

static void link_parallel(struct flow *F, wf_step *st, unsigned n, unsigned k)
{
    unsigned head = n + 1, join = n + 2;
    for (size_t i = 0; i < st->u.par.nbranches; i++) {
        /* No loop around a branch: break and continue do not leave it. */
        size_t saved = F->nloops;
        F->nloops = 0;
        edge(F, n, link_block(F, st->u.par.branches[i].body, join));
        F->nloops = saved;
    }
    if (st->u.par.loop)
        link_loop(F, st->u.par.loop, n, head, join, true);
    else if (!st->u.par.nbranches)
        edge(F, n, join);
    edge(F, join, k);
}

static void link_try(struct flow *F, wf_step *st, unsigned n, unsigned k)
{
    unsigned join = n + 1, exc = n + 2;
    const wf_except *ex = st->u.try_.except;
    if (ex)
        push_handler(F, exc);
    if (st->u.try_.body) {
        edge(F, n, st->u.try_.body->names.node);
        link_step(F, st->u.try_.body, join);
    } else {
        edge(F, n, join);
    }
    if (ex) {
        F->nhandlers--;
        edge(F, n, exc);
        edge(F, exc, link_block(F, ex->body, join));
    }
    edge(F, join, k);
}

/* Links step `st`, whose normal completion continues at `fall`. */
static void link_step(struct flow *F, wf_step *st, unsigned fall)
{
    unsigned n = st->names.node;
    unsigned k = target(F, &st->next, n, fall);
    /* An error anywhere in a try body continues at its except block. */
    if (F->nhandlers && F->handlers[F->nhandlers - 1]) {
        if (F->nfails == F->capfails) {
            F->capfails = F->capfails ? F->capfails * 2 : 64;
            F->fail_node = wf_xrealloc(F->fail_node, F->capfails * sizeof *F->fail_node);
            F->fail_exc = wf_xrealloc(F->fail_exc, F->capfails * sizeof *F->fail_exc);
        }
        F->fail_node[F->nfails] = n;
        F->fail_exc[F->nfails++] = F->handlers[F->nhandlers - 1];
    }
    switch (st->kind) {
    case WF_STEP_RETURN:
        edge(F, n, N_EXIT);
        break;
    case WF_STEP_RAISE:
        break; /* only the error path above */
    case WF_STEP_STEPS:
        edge(F, n, link_block(F, st->u.steps, k));
        break;
    case WF_STEP_SWITCH:
        link_switch(F, st, n, k);
        break;
    case WF_STEP_FOR:
        link_loop(F, st->u.loop, n, n + 1, k, false);
        break;
    case WF_STEP_PARALLEL:
        link_parallel(F, st, n, k);
        break;
    case WF_STEP_TRY:
        link_try(F, st, n, k);
        break;
    default:
        edge(F, n, k);
        break;
    }
}

/* ---- compressed adjacency ---- */

static void csr(unsigned n, size_t m, const unsigned *key, const unsigned *val, unsigned **off_out,
                unsigned **vals_out)
{
    unsigned *off = calloc((size_t)n + 1, sizeof *off);
    unsigned *vals = wf_xmalloc((m ? m : 1) * sizeof *vals);
    if (!off)
        wf_fatal_oom();
    for (size_t i = 0; i < m; i++)
        off[key[i] + 1]++;
    for (unsigned i = 0; i < n; i++)
        off[i + 1] += off[i];
    unsigned *fill = wf_xmalloc(((size_t)n + 1) * sizeof *fill);
    memcpy(fill, off, ((size_t)n + 1) * sizeof *fill);
    for (size_t i = 0; i < m; i++)
        vals[fill[key[i]]++] = val[i];
    free(fill);
    *off_out = off;
    *vals_out = vals;
}

/* The node where a definition takes effect. */
static unsigned def_node(const wf_def *d)
{
    switch (d->kind) {
    case WF_DEF_PARAM:
        return N_ENTRY;
    case WF_DEF_LOOP:
        return d->step->names.node + 1; /* the loop head */
    case WF_DEF_EXCEPT:
        return d->step->names.node + 2; /* the except entry */
    default:
        return d->step->names.node;
    }
}

static void build_gens(struct flow *F)
{
    const struct wf_sub_names *nm = &F->sub->names;
    unsigned *key = wf_xmalloc((nm->ndefs ? nm->ndefs : 1) * sizeof *key);
    unsigned *val = wf_xmalloc((nm->ndefs ? nm->ndefs : 1) * sizeof *val);
    for (size_t i = 0; i < nm->ndefs; i++) {
        key[i] = def_node(&nm->defs[i]);
        val[i] = nm->defs[i].var->id;
    }
    csr(F->nnodes, nm->ndefs, key, val, &F->gen_off, &F->gens);
    csr((unsigned)nm->nvars, nm->ndefs, val, key, &F->def_off, &F->defs);
    free(key);
    free(val);
}

/* ---- analyses ---- */

static void push(struct flow *F, size_t *sp, unsigned v)
{
    if (*sp == F->capstack) {
        F->capstack = F->capstack ? F->capstack * 2 : 256;
        F->stack = wf_xrealloc(F->stack, F->capstack * sizeof *F->stack);
    }
    F->stack[(*sp)++] = v;
}

/* Marks with `stamp` every node reachable along the adjacency `off`/`adj`
 * (successors or predecessors) from the `sp` nodes on the stack, which
 * are marked already; empties the stack. */
static void flood(struct flow *F, size_t sp, unsigned stamp, const unsigned *off,
                  const unsigned *adj)
{
    while (sp) {
        unsigned v = F->stack[--sp];
        for (unsigned i = off[v]; i < off[v + 1]; i++) {
            unsigned w = adj[i];
            if (F->mark[w] != stamp) {
                F->mark[w] = stamp;
                push(F, &sp, w);
            }
        }
    }
}

static bool reach_cb(void *ud, wf_step *st)
{
    const struct flow *F = ud;
    st->names.reachable = F->mark[st->names.node] == F->stamp;
    return true;
}

static void reachability(struct flow *F)
{
    size_t sp = 0;
    F->stamp++;
    push(F, &sp, N_ENTRY);
    F->mark[N_ENTRY] = F->stamp;
    flood(F, sp, F->stamp, F->succ_off, F->succs);
    if (F->sub->body)
        wf_ir_walk_steps(F->sub->body, reach_cb, F);
}

/* ---- dominators: Lengauer and Tarjan's algorithm with path compression
 * ("A fast algorithm for finding dominators in a flowgraph", 1979), kept
 * iterative so that a long chain of steps cannot exhaust the C stack; then
 * an interval per node of the dominator tree. ---- */

struct lt {
    unsigned *dfnum;  /* preorder number, 1-based; 0 = not reached */
    unsigned *vertex; /* node of each preorder number */
    unsigned *parent; /* in the depth-first tree */
    unsigned *semi;   /* semidominator, as a preorder number */
    unsigned *label;  /* node with the least semi on the compressed path */
    unsigned *anc;    /* forest ancestor, or ~0u */
    unsigned *idom;
    unsigned *bucket, *bnext; /* nodes whose semidominator is a node */
    unsigned *chain;
};

static unsigned lt_dfs(struct flow *F, struct lt *T)
{
    unsigned *next = calloc(F->nnodes, sizeof *next);
    if (!next)
        wf_fatal_oom();
    unsigned n = 0;
    size_t sp = 0;
    push(F, &sp, N_ENTRY);
    T->dfnum[N_ENTRY] = ++n;
    T->vertex[n] = N_ENTRY;
    while (sp) {
        unsigned v = F->stack[sp - 1];
        unsigned i = F->succ_off[v] + next[v];
        if (i == F->succ_off[v + 1]) {
            sp--;
            continue;
        }
        next[v]++;
        unsigned w = F->succs[i];
        if (T->dfnum[w])
            continue;
        T->dfnum[w] = ++n;
        T->vertex[n] = w;
        T->parent[w] = v;
        push(F, &sp, w);
    }
    free(next);
    return n;
}

/* The node with the least semidominator on v's forest path, compressing it. */
static unsigned lt_eval(struct lt *T, unsigned v)
{
    if (T->anc[v] == ~0u)
        return v;
    size_t k = 0;
    for (unsigned x = v; T->anc[T->anc[x]] != ~0u; x = T->anc[x])
        T->chain[k++] = x;
    while (k--) {
        unsigned x = T->chain[k], a = T->anc[x];
        if (T->semi[T->label[a]] < T->semi[T->label[x]])
            T->label[x] = T->label[a];
        T->anc[x] = T->anc[a];
    }
    return T->label[v];
}

static unsigned *lt_idoms(struct flow *F)
{
    size_t nn = F->nnodes, bytes = (nn + 1) * sizeof(unsigned);
    struct lt T;
    unsigned **arrays[] = {&T.dfnum, &T.vertex, &T.parent, &T.semi,  &T.label,
                           &T.anc,   &T.idom,   &T.bucket, &T.bnext, &T.chain};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        if (!(*arrays[i] = calloc(1, bytes)))
            wf_fatal_oom();
    unsigned n = lt_dfs(F, &T);
    for (unsigned v = 0; v < nn; v++) {
        T.semi[v] = T.dfnum[v];
        T.label[v] = v;
        T.anc[v] = T.bucket[v] = ~0u;
    }
    for (unsigned i = n; i >= 2; i--) {
        unsigned w = T.vertex[i];
        for (unsigned k = F->pred_off[w]; k < F->pred_off[w + 1]; k++) {
            unsigned v = F->preds[k];
            if (!T.dfnum[v])
                continue; /* an unreachable predecessor */
            unsigned u = lt_eval(&T, v);
            if (T.semi[u] < T.semi[w])
                T.semi[w] = T.semi[u];
        }
        unsigned s = T.vertex[T.semi[w]], p = T.parent[w];
        T.bnext[w] = T.bucket[s];
        T.bucket[s] = w;
        T.anc[w] = p;
        for (unsigned v = T.bucket[p]; v != ~0u; v = T.bnext[v]) {
            unsigned u = lt_eval(&T, v);
            T.idom[v] = T.semi[u] < T.semi[v] ? u : p;
        }
        T.bucket[p] = ~0u;
    }
    for (unsigned i = 2; i <= n; i++) {
        unsigned w = T.vertex[i];
        if (T.idom[w] != T.vertex[T.semi[w]])
            T.idom[w] = T.idom[T.idom[w]];
    }
    T.idom[N_ENTRY] = N_ENTRY;
    for (unsigned v = 0; v < nn; v++)
        if (!T.dfnum[v])
            T.idom[v] = ~0u;
    unsigned *idom = T.idom;
    T.idom = NULL;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(*arrays[i]);
    return idom;
}

static void dominators(struct flow *F)
{
    unsigned *idom = lt_idoms(F);
    unsigned nn = F->nnodes, m = 0;
    unsigned *key = wf_xmalloc(nn * sizeof *key), *val = wf_xmalloc(nn * sizeof *val);
    for (unsigned v = 0; v < nn; v++) {
        if (v == N_ENTRY || idom[v] == ~0u)
            continue;
        key[m] = idom[v];
        val[m++] = v;
    }
    unsigned *kid_off, *kids;
    csr(nn, m, key, val, &kid_off, &kids);
    F->dom_in = calloc(nn, sizeof *F->dom_in);
    F->dom_out = calloc(nn, sizeof *F->dom_out);
    unsigned *next = calloc(nn, sizeof *next);
    if (!F->dom_in || !F->dom_out || !next)
        wf_fatal_oom();
    unsigned clock = 1;
    size_t sp = 0;
    push(F, &sp, N_ENTRY);
    F->dom_in[N_ENTRY] = clock++;
    while (sp) {
        unsigned v = F->stack[sp - 1];
        unsigned i = kid_off[v] + next[v];
        if (i < kid_off[v + 1]) {
            next[v]++;
            F->dom_in[kids[i]] = clock++;
            push(F, &sp, kids[i]);
            continue;
        }
        sp--;
        F->dom_out[v] = clock++;
    }
    free(next);
    free(kid_off);
    free(kids);
    free(key);
    free(val);
    free(idom);
}

struct keyed {
    unsigned key, node;
};

static int cmp_keyed(const void *a, const void *b)
{
    unsigned x = ((const struct keyed *)a)->key, y = ((const struct keyed *)b)->key;
    return x < y ? -1 : x > y;
}

/* Orders each variable's definitions by their dominator interval and links
 * each to the nearest earlier one that encloses it, so that a query is a
 * binary search plus a short climb. */
static void index_defs(struct flow *F, unsigned nvars)
{
    F->def_up = wf_xmalloc((F->def_off[nvars] ? F->def_off[nvars] : 1) * sizeof *F->def_up);
    unsigned *stack = wf_xmalloc((F->def_off[nvars] ? F->def_off[nvars] : 1) * sizeof *stack);
    struct keyed *tmp = wf_xmalloc((F->def_off[nvars] ? F->def_off[nvars] : 1) * sizeof *tmp);
    for (unsigned v = 0; v < nvars; v++) {
        unsigned lo = F->def_off[v], hi = F->def_off[v + 1];
        for (unsigned i = lo; i < hi; i++)
            tmp[i - lo] = (struct keyed){F->dom_in[F->defs[i]], F->defs[i]};
        qsort(tmp, hi - lo, sizeof *tmp, cmp_keyed);
        for (unsigned i = lo; i < hi; i++)
            F->defs[i] = tmp[i - lo].node;
        size_t sp = 0;
        for (unsigned i = lo; i < hi; i++) {
            unsigned d = F->defs[i];
            while (sp && F->dom_out[F->defs[stack[sp - 1]]] < F->dom_in[d])
                sp--;
            F->def_up[i] = sp ? stack[sp - 1] : ~0u;
            stack[sp++] = i;
        }
    }
    free(tmp);
    free(stack);
}

/* Whether a definition of `var` strictly dominates `node`. */
static bool dominated_by_def(const struct flow *F, unsigned var, unsigned node)
{
    unsigned lo = F->def_off[var], hi = F->def_off[var + 1];
    unsigned in = F->dom_in[node];
    if (!in)
        return false;
    /* The last definition that starts before the node in the tree order. */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (F->dom_in[F->defs[mid]] < in)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == F->def_off[var])
        return false;
    for (unsigned i = lo - 1; i != ~0u; i = F->def_up[i]) {
        unsigned d = F->defs[i];
        if (F->dom_in[d] && F->dom_out[node] < F->dom_out[d])
            return true;
    }
    return false;
}

static bool generates(const struct flow *F, unsigned node, unsigned var)
{
    for (unsigned i = F->gen_off[node]; i < F->gen_off[node + 1]; i++)
        if (F->gens[i] == var)
            return true;
    return false;
}

/* Whether an earlier entry of the same assign step sets the variable. */
static bool set_earlier_in_step(const wf_use *u)
{
    const wf_step *st = u->step;
    if (!u->item || st->kind != WF_STEP_ASSIGN)
        return false;
    for (unsigned i = 0; i + 1 < u->item && i < st->u.assign.n; i++) {
        const wf_expr *t = st->u.assign.items[i].target;
        if (t && t->kind == WF_EXPR_NAME && t->u.name == u->name)
            return true;
    }
    return false;
}

static uint64_t known_key(unsigned var, unsigned node)
{
    return ((uint64_t)var << 32 | node) + 1; /* 0 marks an empty slot */
}

static size_t known_slot(uint64_t key, size_t cap)
{
    key *= 0x9E3779B97F4A7C15ull;
    return (size_t)(key >> 20) & (cap - 1);
}

static bool is_known(const struct flow *F, unsigned var, unsigned node)
{
    if (!F->capknown)
        return false;
    uint64_t k = known_key(var, node);
    for (size_t j = known_slot(k, F->capknown); F->known[j]; j = (j + 1) & (F->capknown - 1))
        if (F->known[j] == k)
            return true;
    return false;
}

static void add_known(struct flow *F, unsigned var, unsigned node)
{
    if ((F->nknown + 1) * 2 > F->capknown) {
        size_t cap = F->capknown ? F->capknown * 2 : 1024;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t)
            wf_fatal_oom();
        for (size_t i = 0; i < F->capknown; i++) {
            if (!F->known[i])
                continue;
            size_t j = known_slot(F->known[i], cap);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = F->known[i];
        }
        free(F->known);
        F->known = t;
        F->capknown = cap;
    }
    uint64_t k = known_key(var, node);
    size_t j = known_slot(k, F->capknown);
    while (F->known[j] && F->known[j] != k)
        j = (j + 1) & (F->capknown - 1);
    if (!F->known[j]) {
        F->known[j] = k;
        F->nknown++;
    }
}

static void note_visit(struct flow *F, unsigned node)
{
    if (F->nvisited == F->capvisited) {
        F->capvisited = F->capvisited ? F->capvisited * 2 : 256;
        F->visited = wf_xrealloc(F->visited, F->capvisited * sizeof *F->visited);
    }
    F->visited[F->nvisited++] = node;
}

static enum wf_use_state classify(struct flow *F, const wf_use *u)
{
    if (!u->var)
        return WF_USE_UNDEFINED;
    if (!u->step || !u->step->names.reachable)
        return WF_USE_UNKNOWN;
    if (set_earlier_in_step(u))
        return WF_USE_DEFINED;
    unsigned n = u->step->names.node, var = u->var->id;
    if (dominated_by_def(F, var, n))
        return WF_USE_DEFINED;
    bool found = false, at_entry = false;
    size_t sp = 0;
    F->stamp++;
    F->nvisited = 0;
    for (unsigned i = F->pred_off[n]; i < F->pred_off[n + 1]; i++)
        push(F, &sp, F->preds[i]);
    while (sp) {
        unsigned m = F->stack[--sp];
        if (F->mark[m] == F->stamp)
            continue;
        F->mark[m] = F->stamp;
        if (generates(F, m, var) || is_known(F, var, m)) {
            found = true;
            continue;
        }
        if (m == N_ENTRY) {
            at_entry = true;
            continue;
        }
        note_visit(F, m);
        for (unsigned i = F->pred_off[m]; i < F->pred_off[m + 1]; i++)
            if (F->mark[F->preds[i]] != F->stamp)
                push(F, &sp, F->preds[i]);
    }
    if (!found)
        return WF_USE_UNDEFINED;
    if (at_entry)
        return WF_USE_MAYBE;
    for (size_t i = 0; i < F->nvisited; i++)
        add_known(F, var, F->visited[i]);
    return WF_USE_DEFINED;
}

/* ---- busy polling loops ---- */

static bool dominates(const struct flow *F, unsigned a, unsigned b)
{
    return F->dom_in[a] && F->dom_in[b] && F->dom_in[a] <= F->dom_in[b] &&
           F->dom_out[b] <= F->dom_out[a];
}

/* The natural loop of a jump back to a step that dominates it: the nodes
 * from which the jump is reached without passing the target. */
struct loop_nodes {
    struct jump *jump;
    size_t first, n; /* in the shared node array */
};

static int cmp_loop_size(const void *a, const void *b)
{
    size_t x = ((const struct loop_nodes *)a)->n, y = ((const struct loop_nodes *)b)->n;
    return x < y ? -1 : x > y;
}

struct busy {
    unsigned *nodes; /* every loop's nodes, one loop after another */
    size_t nnodes, cap;
    struct loop_nodes *loops;
    size_t nloops;
    unsigned *use_off, *use_idx; /* the reads of each node's step (CSR) */
    unsigned *in_loop;           /* stamp: node in the loop being judged */
    bool *flagged;               /* node of a loop already reported */
};

static void add_node(struct busy *B, unsigned v)
{
    if (B->nnodes == B->cap) {
        B->cap = B->cap ? 2 * B->cap : 256;
        B->nodes = wf_xrealloc(B->nodes, B->cap * sizeof *B->nodes);
    }
    B->nodes[B->nnodes++] = v;
}

/* Collects the natural loop of back jump `j`; false when the work done so
 * far passes `budget` nodes (deeply nested loops in a huge file): the
 * analysis then gives up rather than take quadratic time. */
static bool natural_loop(struct flow *F, struct busy *B, struct jump *j, size_t budget)
{
    size_t first = B->nnodes, sp = 0;
    F->stamp++;
    F->mark[j->to] = F->stamp;
    add_node(B, j->to);
    if (F->mark[j->from] != F->stamp) {
        F->mark[j->from] = F->stamp;
        push(F, &sp, j->from);
        add_node(B, j->from);
    }
    while (sp) {
        unsigned v = F->stack[--sp];
        for (unsigned i = F->pred_off[v]; i < F->pred_off[v + 1]; i++) {
            unsigned w = F->preds[i];
            if (F->mark[w] == F->stamp || !dominates(F, j->to, w))
                continue;
            F->mark[w] = F->stamp;
            push(F, &sp, w);
            add_node(B, w);
        }
        if (B->nnodes > budget)
            return false;
    }
    B->loops[B->nloops++] = (struct loop_nodes){j, first, B->nnodes - first};
    return true;
}

/* Whether fetch step `st` reads a variable that loop `stamp` assigns (a
 * page token): pagination, which asks for something new each round. Loop
 * variables of a for loop around do not count: they change between
 * polling loops, not within one. */
static bool fetch_moves(const struct flow *F, const struct busy *B, const wf_step *st,
                        unsigned stamp)
{
    unsigned v = st->names.node;
    for (unsigned k = B->use_off[v]; k < B->use_off[v + 1]; k++) {
        const wf_use *u = &F->sub->names.uses[B->use_idx[k]];
        if (!u->var || u->is_target)
            continue;
        for (unsigned d = F->def_off[u->var->id]; d < F->def_off[u->var->id + 1]; d++)
            if (B->in_loop[F->defs[d]] == stamp && F->step_of[F->defs[d]])
                return true;
    }
    return false;
}

/* Judges one loop: marks its jump when it fetches, never waits, and is not
 * pagination. A loop whose fetches all lie in a smaller loop already
 * reported is left alone. */
static void judge_loop(struct flow *F, struct busy *B, const struct loop_nodes *L, unsigned stamp)
{
    const unsigned *nodes = B->nodes + L->first;
    for (size_t i = 0; i < L->n; i++)
        B->in_loop[nodes[i]] = stamp;
    const wf_step *fetch = NULL;
    for (size_t i = 0; i < L->n; i++) {
        const wf_step *st = F->step_of[nodes[i]];
        if (!st)
            continue;
        if (wf_resolve_waits(st))
            return;
        if (wf_resolve_fetches(st) && !B->flagged[nodes[i]]) {
            if (fetch_moves(F, B, st, stamp))
                return;
            if (!fetch || st->names.node < fetch->names.node)
                fetch = st; /* the first in source order */
        }
    }
    if (!fetch)
        return;
    L->jump->nx->busy = fetch;
    for (size_t i = 0; i < L->n; i++)
        B->flagged[nodes[i]] = true;
}

/* Marks the jump closing each loop that fetches a resource (http.get, ...)
 * and never waits. The loops are the natural loops of jumps back to a step
 * that dominates them, judged smallest first. */
static void find_busy_loops(struct flow *F)
{
    size_t nback = 0;
    for (size_t i = 0; i < F->njumps; i++)
        nback += dominates(F, F->jumps[i].to, F->jumps[i].from);
    if (!nback)
        return;
    struct busy B = {0};
    B.loops = wf_xmalloc(nback * sizeof *B.loops);
    size_t budget = 8 * (size_t)F->nnodes + 1024;
    for (size_t i = 0; i < F->njumps; i++) {
        struct jump *j = &F->jumps[i];
        if (dominates(F, j->to, j->from) && !natural_loop(F, &B, j, budget))
            break;
    }
    qsort(B.loops, B.nloops, sizeof *B.loops, cmp_loop_size);
    const struct wf_sub_names *nm = &F->sub->names;
    unsigned *key = wf_xmalloc((nm->nuses ? nm->nuses : 1) * sizeof *key);
    unsigned *val = wf_xmalloc((nm->nuses ? nm->nuses : 1) * sizeof *val);
    size_t m = 0;
    for (size_t i = 0; i < nm->nuses; i++) {
        if (!nm->uses[i].step)
            continue;
        key[m] = nm->uses[i].step->names.node;
        val[m++] = (unsigned)i;
    }
    csr(F->nnodes, m, key, val, &B.use_off, &B.use_idx);
    free(key);
    free(val);
    B.in_loop = calloc(F->nnodes, sizeof *B.in_loop);
    B.flagged = calloc(F->nnodes, sizeof *B.flagged);
    if (!B.in_loop || !B.flagged)
        wf_fatal_oom();
    for (size_t i = 0; i < B.nloops; i++)
        judge_loop(F, &B, &B.loops[i], (unsigned)i + 1);
    free(B.nodes);
    free(B.loops);
    free(B.use_off);
    free(B.use_idx);
    free(B.in_loop);
    free(B.flagged);
}

/* ---- loops that never end, calls that never can be avoided ---- */

/* Whether the step of node `v` can end the workflow's run or leave any
 * loop it is in by itself: a raise, or a call (which may fail; the
 * callee's errors are not followed). The exit node counts too. */
static bool ends_run(const struct flow *F, unsigned v)
{
    const wf_step *st = F->step_of[v];
    return v == N_EXIT || (st && (st->kind == WF_STEP_RAISE || st->kind == WF_STEP_CALL));
}

/* Marks, for each set of reachable steps from which no path reaches the
 * exit, a raise or a call, the first `next` jump inside it: the loop it
 * closes runs until the execution's step limit. Such a set is closed
 * under successors and holds a cycle, hence a jump; one per set is
 * marked. */
static void find_endless_loops(struct flow *F)
{
    if (!F->njumps) /* then no cycle: loops without jumps end */
        return;
    size_t sp = 0;
    unsigned leaves = ++F->stamp;
    for (unsigned v = 0; v < F->nnodes; v++) {
        if (ends_run(F, v)) {
            F->mark[v] = leaves;
            push(F, &sp, v);
        }
    }
    flood(F, sp, leaves, F->pred_off, F->preds);
    unsigned reported = ++F->stamp;
    for (size_t i = 0; i < F->njumps; i++) {
        const struct jump *j = &F->jumps[i];
        unsigned from = j->from;
        if (!F->dom_in[from] || F->mark[from] == leaves || F->mark[from] == reported)
            continue;
        j->nx->endless = true;
        F->mark[from] = reported;
        push(F, &sp, from);
        flood(F, sp, reported, F->succ_off, F->succs);
        sp = 0;
    }
}

struct unavoidable {
    const struct flow *F;
    const unsigned *ends; /* reached nodes where a run ends: exit, raises */
    size_t nends;
};

static bool mark_unavoidable(void *ud, wf_step *st)
{
    const struct unavoidable *U = ud;
    if (st->kind != WF_STEP_CALL || !st->names.callee_sub)
        return true;
    bool all = U->nends > 0;
    for (size_t i = 0; all && i < U->nends; i++)
        all = dominates(U->F, st->names.node, U->ends[i]);
    st->names.unavoidable = all;
    return true;
}

/* Marks the calls of subworkflows that dominate every end of a run
 * (reached exit and raise steps): every run that ends passes them. */
static void find_unavoidable_calls(struct flow *F)
{
    if (!F->step_of) /* no steps */
        return;
    unsigned *ends = wf_xmalloc(F->nnodes * sizeof *ends);
    size_t n = 0;
    for (unsigned v = 0; v < F->nnodes; v++) {
        const wf_step *st = F->step_of[v];
        if (F->dom_in[v] && (v == N_EXIT || (st && st->kind == WF_STEP_RAISE)))
            ends[n++] = v;
    }
    struct unavoidable U = {F, ends, n};
    if (F->sub->body)
        wf_ir_walk_steps(F->sub->body, mark_unavoidable, &U);
    free(ends);
}

void wf_flow_analyse(wf_program *p, wf_sub *sub)
{
    (void)p;
    struct flow F = {.sub = sub, .nnodes = N_FIRST};
    if (sub->body) {
        wf_ir_walk_steps(sub->body, number_step, &F);
        edge(&F, N_ENTRY, link_block(&F, sub->body, N_EXIT));
    } else {
        edge(&F, N_ENTRY, N_EXIT);
    }
    /* A failing step's predecessors lead to the except block. */
    csr(F.nnodes, F.nedges, F.eto, F.efrom, &F.pred_off, &F.preds);
    for (size_t i = 0; i < F.nfails; i++)
        for (unsigned k = F.pred_off[F.fail_node[i]]; k < F.pred_off[F.fail_node[i] + 1]; k++)
            edge(&F, F.preds[k], F.fail_exc[i]);
    free(F.pred_off);
    free(F.preds);
    csr(F.nnodes, F.nedges, F.efrom, F.eto, &F.succ_off, &F.succs);
    csr(F.nnodes, F.nedges, F.eto, F.efrom, &F.pred_off, &F.preds);
    build_gens(&F);
    F.mark = calloc(F.nnodes, sizeof *F.mark);
    if (!F.mark)
        wf_fatal_oom();
    reachability(&F);
    dominators(&F);
    index_defs(&F, (unsigned)sub->names.nvars);
    find_busy_loops(&F);
    find_endless_loops(&F);
    find_unavoidable_calls(&F);
    for (size_t i = 0; i < sub->names.nuses; i++)
        sub->names.uses[i].state = classify(&F, &sub->names.uses[i]);
    free(F.step_of);
    free(F.jumps);
    free(F.efrom);
    free(F.eto);
    free(F.loops);
    free(F.handlers);
    free(F.fail_node);
    free(F.fail_exc);
    free(F.pred_off);
    free(F.preds);
    free(F.succ_off);
    free(F.succs);
    free(F.gen_off);
    free(F.gens);
    free(F.def_off);
    free(F.defs);
    free(F.def_up);
    free(F.dom_in);
    free(F.dom_out);
    free(F.mark);
    free(F.stack);
    free(F.known);
    free(F.visited);
}
