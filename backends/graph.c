/*
 * graph.c - draws the step flow of a program (backends/graph.h) in two
 * passes: a walk over the IR builds a small graph model (nodes, clusters in
 * the order they open and close, edges), then a printer writes it as DOT
 * or as Mermaid. The model keeps the two printers in agreement; they differ
 * only in syntax and escaping.
 *
 * The edges follow the control flow of ir/flow.c, drawn for people rather
 * than for analysis: no loop heads, joins of try steps or except entries of
 * their own (the step's node stands for them), but a join node after each
 * parallel step. A `next` whose target comes later in the walk is recorded
 * against the step and bound to its node id once every node exists.
 * Values (conditions, loop lists) are shown as written, on one line, cut
 * to about 40 characters; step names are never cut.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/graph.h"

/* How many code points of a condition or a loop list a label shows. */
#define VALUE_MAX 40

/* SYNC shapes: dot_shapes, mmd_shapes */
enum shape {
    SH_START,
    SH_END,
    SH_ASSIGN,
    SH_CALL,
    SH_SWITCH,
    SH_FOR,
    SH_PARALLEL,
    SH_JOIN,
    SH_TRY,
    SH_RAISE,
    SH_RETURN,
    SH_STEPS,
    SH_JUMP,
};

/* SYNC styles: dot_styles, mmd_arrows */
enum style {
    ED_SEQ,   /* fall-through, loop bodies, branches */
    ED_JUMP,  /* a `next` (a step, end, break, continue) */
    ED_ERROR, /* a try step to its except block */
    ED_RETRY, /* a try step to itself */
    ED_CALL,  /* a call step to the subworkflow it calls */
    ED_INVIS, /* a return step to the end node: not drawn, but it keeps the end
                 node below the steps instead of beside the start */
};

struct gnode {
    const char *name;   /* first line of the label (cleaned, not escaped) */
    const char *detail; /* second line, or NULL */
    enum shape shape;
};

/* The nodes and clusters in output order. */
enum ev_kind { EV_OPEN, EV_NODE, EV_CLOSE };
struct event {
    enum ev_kind kind;
    unsigned id;       /* EV_NODE: the node; EV_OPEN: the cluster */
    const char *label; /* EV_OPEN */
    bool workflow;     /* EV_OPEN: a workflow's cluster (else a construct's) */
};

/* Where an edge leads: a node id, or a step or workflow whose node is
 * looked up once the walk is over. */
struct target {
    const void *key;
    unsigned id;
};

struct gedge {
    unsigned from;
    struct target to;
    enum style style;
    const char *label; /* or NULL */
};

/* What comes after a step that finishes normally, and how to draw the way
 * there: a plain edge to the next step, or the jump that a `next` makes. */
struct cont {
    struct target to;
    enum style style;
    const char *label;
};

/* Pointer to node id, open addressing. Only lookups go through it, never
 * the output order. */
struct pmap {
    const void **keys;
    unsigned *vals;
    size_t cap, n;
};

struct graph {
    wf_arena *a;
    struct gnode *nodes;
    size_t nnodes, capnodes;
    struct event *evs;
    size_t nevs, capevs;
    struct gedge *edges;
    size_t nedges, capedges;
    struct pmap map;
    unsigned nclusters;
    /* Nodes are known to edges by a key: a step's node by the step, a
     * workflow's start node by the workflow, its end node by &sub->body and
     * the join node of a parallel step by &step->u.par. Each node is
     * numbered when the output reaches it, so ids follow the output. */
    struct target end; /* the end node of the workflow being walked */
    bool in_loop;      /* inside a for body (or a parallel for) of that workflow */
    struct cont brk, cont;
};

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return p;
    *cap = *cap ? 2 * *cap : 64;
    return wf_xrealloc(p, *cap * size);
}

/* ---- the pointer map ---- */

static size_t pmap_slot(const void *key, size_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)key;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

static void pmap_put(struct pmap *m, const void *key, unsigned val);

static void pmap_rehash(struct pmap *m)
{
    struct pmap old = *m;
    m->cap = old.cap ? 2 * old.cap : 256;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = wf_xmalloc(m->cap * sizeof *m->vals);
    if (!m->keys)
        wf_fatal_oom();
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            pmap_put(m, old.keys[i], old.vals[i]);
    free(old.keys);
    free(old.vals);
}

static void pmap_put(struct pmap *m, const void *key, unsigned val)
{
    if (2 * (m->n + 1) > m->cap)
        pmap_rehash(m);
    size_t j = pmap_slot(key, m->cap);
    while (m->keys[j] && m->keys[j] != key)
        j = (j + 1) & (m->cap - 1);
    if (!m->keys[j])
        m->n++;
    m->keys[j] = key;
    m->vals[j] = val;
}

static bool pmap_get(const struct pmap *m, const void *key, unsigned *val)
{
    if (!m->cap)
        return false;
    for (size_t j = pmap_slot(key, m->cap); m->keys[j]; j = (j + 1) & (m->cap - 1)) {
        if (m->keys[j] == key) {
            *val = m->vals[j];
            return true;
        }
    }
    return false;
}

/* ---- label text ---- */

/* A growing byte string. */
struct sbuf {
    char *s;
    size_t n, cap;
};

static void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        while (b->n + n + 1 > b->cap)
            b->cap = b->cap ? 2 * b->cap : 64;
        b->s = wf_xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void sbuf_str(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

/* Whether the code point is white space or a control character: a label
 * is one line, whatever the YAML held (block scalars, "\n" escapes). */
static bool is_blank(uint32_t cp)
{
    return cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp == 0x2028 || cp == 0x2029;
}

/* Byte offset of code point `k` of the UTF-8 string `s` (its end when it
 * has fewer). */
static size_t cp_offset(const char *s, size_t k)
{
    size_t o = 0;
    for (; k > 0 && s[o]; k--)
        o += (size_t)wf_utf8_len((unsigned char)s[o]);
    return o;
}

/* `s[0..n)` on one line: blanks and controls become single spaces, ends
 * trimmed. More than `max` code points (0: no limit) keep their start and
 * their end, where a comparison's operands differ, around an ellipsis
 * (U+2026): `max` in all. In the arena. */
static const char *clean(wf_arena *a, const char *s, size_t n, size_t max)
{
    char *out = wf_arena_alloc(a, n + 1);
    size_t o = 0, cps = 0;
    bool space = false;
    for (size_t i = 0; i < n;) {
        int len = wf_utf8_valid(s + i, n - i);
        if (!len) {
            i++; /* not UTF-8: cannot happen in a loaded source */
            continue;
        }
        uint32_t cp = wf_utf8_decode(s + i, &len);
        if (is_blank(cp)) {
            space = o > 0;
        } else {
            if (space)
                out[o++] = ' ';
            cps += space;
            space = false;
            memcpy(out + o, s + i, (size_t)len);
            o += (size_t)len;
            cps++;
        }
        i += (size_t)len;
    }
    out[o] = 0;
    if (!max || cps <= max)
        return out;
    size_t keep = max - 1, head = keep / 2, tail = keep - head;
    size_t h = cp_offset(out, head), t = cp_offset(out, cps - tail);
    while (h > 0 && out[h - 1] == ' ')
        h--;
    while (out[t] == ' ')
        t++;
    return wf_arena_printf(a, "%.*s\u2026%s", (int)h, out, out + t);
}

static const char *clean_str(wf_arena *a, const char *s)
{
    return clean(a, s, strlen(s), 0);
}

/* A value as written: the inside of a top-level `${...}`, scalars as their
 * text (strings inside lists and maps in double quotes), lists and maps in
 * flow style. */
static void value_text(struct sbuf *b, const wf_node *n, bool top)
{
    size_t len;
    switch (n->kind) {
    case WF_NODE_EXPR:
        if (top) {
            const char *t = wf_node_expr_text(n, &len);
            sbuf_add(b, t, len);
        } else {
            sbuf_str(b, n->u.scalar.text);
        }
        break;
    case WF_NODE_LIST:
        sbuf_str(b, "[");
        for (size_t i = 0; i < n->len; i++) {
            if (i)
                sbuf_str(b, ", ");
            value_text(b, n->u.items[i], false);
        }
        sbuf_str(b, "]");
        break;
    case WF_NODE_MAP:
        sbuf_str(b, "{");
        for (size_t i = 0; i < n->len; i++) {
            if (i)
                sbuf_str(b, ", ");
            value_text(b, n->u.pairs[i].key, false);
            sbuf_str(b, ": ");
            value_text(b, n->u.pairs[i].value, false);
        }
        sbuf_str(b, "}");
        break;
    case WF_NODE_STRING:
        if (!top)
            sbuf_str(b, "\"");
        sbuf_str(b, n->u.scalar.text);
        if (!top)
            sbuf_str(b, "\"");
        break;
    default:
        sbuf_str(b, n->u.scalar.text);
        break;
    }
}

/* `prefix` followed by the value, cleaned and cut; in the arena. */
static const char *value_label(struct graph *g, const char *prefix, const wf_node *n)
{
    struct sbuf b = {0};
    sbuf_str(&b, "");
    if (n)
        value_text(&b, n, true);
    const char *v = clean(g->a, b.s, b.n, VALUE_MAX);
    free(b.s);
    return *prefix ? wf_arena_printf(g->a, "%s%s", prefix, v) : v;
}

/* "for v in LIST" or "for v in range [a, b]". */
static const char *loop_label(struct graph *g, const char *head, const wf_loop *lp)
{
    if (!lp)
        return head;
    const char *v = lp->value.name ? clean_str(g->a, lp->value.name) : "?";
    const char *prefix =
        wf_arena_printf(g->a, "%s %s in %s", head, v, lp->in || !lp->range ? "" : "range ");
    return value_label(g, prefix, lp->in ? lp->in : lp->range);
}

/* ---- building the model ---- */

static void event(struct graph *g, struct event ev)
{
    g->evs = grow(g->evs, &g->capevs, g->nevs, sizeof *g->evs);
    g->evs[g->nevs++] = ev;
}

/* Adds a node where the output stands now, known to edges as `key`. */
static unsigned add_node(struct graph *g, const void *key, enum shape shape, const char *name,
                         const char *detail)
{
    g->nodes = grow(g->nodes, &g->capnodes, g->nnodes, sizeof *g->nodes);
    g->nodes[g->nnodes] = (struct gnode){name, detail, shape};
    unsigned id = (unsigned)g->nnodes++;
    pmap_put(&g->map, key, id);
    event(g, (struct event){EV_NODE, id, NULL, false});
    return id;
}

static void open_cluster(struct graph *g, const char *label, bool workflow)
{
    event(g, (struct event){EV_OPEN, g->nclusters++, label, workflow});
}

static void close_cluster(struct graph *g)
{
    event(g, (struct event){EV_CLOSE, 0, NULL, false});
}

static void edge(struct graph *g, unsigned from, struct target to, enum style style,
                 const char *label)
{
    g->edges = grow(g->edges, &g->capedges, g->nedges, sizeof *g->edges);
    g->edges[g->nedges++] = (struct gedge){from, to, style, label};
}

/* An edge along a continuation, labelled `label` (or NULL); the keyword
 * of a jump (end, break, continue) follows in parentheses. */
static void edge_to(struct graph *g, unsigned from, struct cont k, const char *label)
{
    if (label && k.label)
        label = wf_arena_printf(g->a, "%s (%s)", label, k.label);
    edge(g, from, k.to, k.style, label ? label : k.label);
}

static struct target at_node(unsigned id)
{
    return (struct target){NULL, id};
}

/* The node of a step, or the node that `key` names (see struct graph). */
static struct target at_key(const void *key)
{
    return (struct target){key, 0};
}

static struct target at_step(const wf_step *st)
{
    return at_key(st);
}

/* Where `next` leads from a step whose normal way on is `fall`. */
static struct cont next_of(struct graph *g, const wf_next *nx, struct cont fall)
{
    switch (nx->kind) {
    case WF_NEXT_STEP:
        if (nx->step)
            return (struct cont){at_step(nx->step), ED_JUMP, NULL};
        return fall;
    case WF_NEXT_END:
        return (struct cont){g->end, ED_JUMP, "end"};
    case WF_NEXT_BREAK:
        return g->in_loop ? g->brk : fall;
    case WF_NEXT_CONTINUE:
        return g->in_loop ? g->cont : fall;
    default:
        return fall;
    }
}

static void walk_step(struct graph *g, const wf_step *st, const char *name, struct cont k);

/* The way into a block whose end continues at `k`: `k` itself when the
 * block is empty. */
static struct cont block_entry(const wf_block *b, struct cont k)
{
    if (!b || b->n == 0)
        return k;
    return (struct cont){at_step(b->steps[0]), ED_SEQ, NULL};
}

/* Walks a block whose end continues at `k`. */
static void walk_block(struct graph *g, const wf_block *b, struct cont k)
{
    for (size_t i = 0; b && i < b->n; i++) {
        struct cont ki = k;
        if (i + 1 < b->n)
            ki = (struct cont){at_step(b->steps[i + 1]), ED_SEQ, NULL};
        walk_step(g, b->steps[i], NULL, ki);
    }
}

/* An edge from `from` into block `b` (labelled `label`), then the block. */
static void enter_block(struct graph *g, unsigned from, const wf_block *b, struct cont k,
                        const char *label)
{
    edge_to(g, from, block_entry(b, k), label);
    walk_block(g, b, k);
}

static void walk_switch(struct graph *g, const wf_step *st, unsigned id, const char *name,
                        struct cont k)
{
    bool covered = false;
    for (size_t i = 0; i < st->u.sw.n; i++) {
        const wf_case *c = &st->u.sw.cases[i];
        struct cont ck = next_of(g, &c->next, k);
        const char *cond = value_label(g, "", c->condition);
        if (c->body) {
            edge(g, id, at_step(c->body), ED_SEQ, cond);
            walk_step(g, c->body, wf_arena_printf(g->a, "%s case %zu", name, i + 1), ck);
        } else {
            edge_to(g, id, ck, cond);
        }
        covered = covered || wf_ir_case_always_true(c);
    }
    if (!covered)
        edge_to(g, id, k, "no match");
}

/* The body of a for step or of a parallel for: `back` is where an
 * iteration ends, `brk` where `break` leads. */
static void walk_loop_body(struct graph *g, const wf_loop *lp, unsigned id, struct cont back,
                           struct cont brk)
{
    if (!lp || !lp->body || !lp->body->n)
        return;
    bool saved_in = g->in_loop;
    struct cont saved_brk = g->brk, saved_cont = g->cont;
    g->in_loop = true;
    g->brk = (struct cont){brk.to, ED_JUMP, "break"};
    g->cont = (struct cont){back.to, ED_JUMP, "continue"};
    enter_block(g, id, lp->body, back, "each");
    g->in_loop = saved_in;
    g->brk = saved_brk;
    g->cont = saved_cont;
}

static void walk_parallel(struct graph *g, const wf_step *st, unsigned id, struct cont k)
{
    struct cont to_join = {at_key(&st->u.par), ED_SEQ, NULL};
    bool saved_in = g->in_loop;
    for (size_t i = 0; i < st->u.par.nbranches; i++) {
        const wf_branch *br = &st->u.par.branches[i];
        const char *bname = br->name.name ? clean_str(g->a, br->name.name) : "?";
        /* break and continue never leave a branch */
        g->in_loop = false;
        open_cluster(g, wf_arena_printf(g->a, "branch %s", bname), false);
        enter_block(g, id, br->body, to_join, bname);
        close_cluster(g);
    }
    g->in_loop = saved_in;
    if (st->u.par.loop)
        walk_loop_body(g, st->u.par.loop, id, to_join, to_join);
    else if (!st->u.par.nbranches)
        edge_to(g, id, to_join, NULL);
    unsigned join = add_node(g, &st->u.par, SH_JOIN, "join", NULL);
    edge_to(g, join, k, NULL);
}

static void walk_try(struct graph *g, const wf_step *st, unsigned id, const char *name,
                     struct cont k)
{
    const wf_step *body = st->u.try_.body;
    if (body && body->kind == WF_STEP_STEPS && !body->name.name) {
        /* `try: {steps: [...]}`: the try step's node stands for the group */
        enter_block(g, id, body->u.steps, next_of(g, &body->next, k), NULL);
    } else if (body) {
        edge(g, id, at_step(body), ED_SEQ, NULL);
        walk_step(g, body, wf_arena_printf(g->a, "%s body", name), k);
    } else {
        edge_to(g, id, k, NULL);
    }
    if (st->u.try_.retry)
        edge(g, id, at_node(id), ED_RETRY, "retry");
    const wf_except *ex = st->u.try_.except;
    if (ex && ex->body && ex->body->n) {
        const char *label =
            ex->as.name ? wf_arena_printf(g->a, "except as %s", clean_str(g->a, ex->as.name))
                        : "except";
        open_cluster(g, label, false);
        edge(g, id, block_entry(ex->body, k).to, ED_ERROR, "error");
        walk_block(g, ex->body, k);
        close_cluster(g);
    }
}

static enum shape shape_of(enum wf_step_kind kind)
{
    switch (kind) {
    case WF_STEP_ASSIGN:
        return SH_ASSIGN;
    case WF_STEP_CALL:
        return SH_CALL;
    case WF_STEP_SWITCH:
        return SH_SWITCH;
    case WF_STEP_FOR:
        return SH_FOR;
    case WF_STEP_PARALLEL:
        return SH_PARALLEL;
    case WF_STEP_TRY:
        return SH_TRY;
    case WF_STEP_RAISE:
        return SH_RAISE;
    case WF_STEP_RETURN:
        return SH_RETURN;
    case WF_STEP_STEPS:
        return SH_STEPS;
    default:
        return SH_JUMP;
    }
}

/* The second line of a step's label, or NULL. */
static const char *detail_of(struct graph *g, const wf_step *st)
{
    switch (st->kind) {
    case WF_STEP_CALL:
        return st->u.call.func.name ? clean_str(g->a, st->u.call.func.name) : NULL;
    case WF_STEP_FOR:
        return loop_label(g, "for", st->u.loop);
    case WF_STEP_PARALLEL:
        return st->u.par.loop ? loop_label(g, "parallel for", st->u.par.loop) : "parallel";
    case WF_STEP_TRY:
        return "try";
    case WF_STEP_RAISE:
        return "raise";
    case WF_STEP_RETURN:
        return "return";
    default:
        return NULL;
    }
}

/* Walks step `st` (`name`: what to call it when it has no name of its own,
 * an inline body), whose normal completion continues at `fall`. */
static void walk_step(struct graph *g, const wf_step *st, const char *name, struct cont fall)
{
    if (st->name.name)
        name = clean_str(g->a, st->name.name);
    /* a cluster around what a step holds: a group, a loop, branches, a try */
    bool cluster = st->kind == WF_STEP_STEPS || st->kind == WF_STEP_FOR ||
                   st->kind == WF_STEP_PARALLEL || st->kind == WF_STEP_TRY;
    if (cluster)
        open_cluster(g, wf_arena_printf(g->a, "%s %s", wf_step_kind_name(st->kind), name), false);
    unsigned id = add_node(g, st, shape_of(st->kind), name, detail_of(g, st));
    struct cont k = next_of(g, &st->next, fall);
    switch (st->kind) {
    case WF_STEP_RETURN:
        edge(g, id, g->end, ED_INVIS, NULL);
        break;
    case WF_STEP_RAISE:
        break; /* nothing follows in this workflow */
    case WF_STEP_STEPS:
        enter_block(g, id, st->u.steps, k, NULL);
        break;
    case WF_STEP_SWITCH:
        walk_switch(g, st, id, name, k);
        break;
    case WF_STEP_FOR:
        walk_loop_body(g, st->u.loop, id, (struct cont){at_node(id), ED_SEQ, NULL}, k);
        edge_to(g, id, k, "done");
        break;
    case WF_STEP_PARALLEL:
        walk_parallel(g, st, id, k);
        break;
    case WF_STEP_TRY:
        walk_try(g, st, id, name, k);
        break;
    default:
        edge_to(g, id, k, NULL);
        if (st->kind == WF_STEP_CALL && st->names.callee_sub)
            edge(g, id, (struct target){st->names.callee_sub, 0}, ED_CALL, "call");
        break;
    }
    if (cluster)
        close_cluster(g);
}

static void walk_sub(struct graph *g, const wf_sub *sub)
{
    open_cluster(g, sub->name.name ? clean_str(g->a, sub->name.name) : "main", true);
    unsigned start = add_node(g, sub, SH_START, "start", NULL);
    g->end = at_key(&sub->body);
    g->in_loop = false;
    enter_block(g, start, sub->body, (struct cont){g->end, ED_SEQ, NULL}, NULL);
    add_node(g, &sub->body, SH_END, "end", NULL);
    close_cluster(g);
}

/* Binds every edge's target to a node id; drops the ones that have none
 * (which a program that built cleanly does not have). */
static void bind_edges(struct graph *g)
{
    size_t o = 0;
    for (size_t i = 0; i < g->nedges; i++) {
        struct gedge e = g->edges[i];
        if (e.to.key && !pmap_get(&g->map, e.to.key, &e.to.id))
            continue;
        g->edges[o++] = e;
    }
    g->nedges = o;
}

/* ---- DOT ---- */

static const char *const dot_shapes[] = {
    [SH_START] = "shape=circle",
    [SH_END] = "shape=doublecircle",
    [SH_ASSIGN] = "shape=box",
    [SH_CALL] = "shape=box, style=rounded",
    [SH_SWITCH] = "shape=diamond",
    [SH_FOR] = "shape=hexagon",
    [SH_PARALLEL] = "shape=trapezium",
    [SH_JOIN] = "shape=invtrapezium",
    [SH_TRY] = "shape=box, style=dashed",
    [SH_RAISE] = "shape=octagon",
    [SH_RETURN] = "shape=doubleoctagon",
    [SH_STEPS] = "shape=folder",
    [SH_JUMP] = "shape=cds",
};

static const char *const dot_styles[] = {
    [ED_SEQ] = NULL,
    [ED_JUMP] = "style=bold, color=blue",
    [ED_ERROR] = "style=dashed, color=red",
    [ED_RETRY] = "style=dashed",
    [ED_CALL] = "style=dotted",
    [ED_INVIS] = "style=invis",
};

/* Text inside a DOT string: `"` and `\` escaped (a backslash would start
 * an escape such as \N, the node's name). */
static void dot_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void dot_label(FILE *out, const char *name, const char *detail)
{
    fputs("label=\"", out);
    dot_text(out, name);
    if (detail) {
        fputs("\\n", out);
        dot_text(out, detail);
    }
    fputc('"', out);
}

static void indent(FILE *out, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("    ", out);
}

static void print_dot(FILE *out, const struct graph *g)
{
    fputs("digraph workflow {\n", out);
    int depth = 1;
    for (size_t i = 0; i < g->nevs; i++) {
        const struct event *ev = &g->evs[i];
        if (ev->kind == EV_CLOSE) {
            indent(out, --depth);
            fputs("}\n", out);
            continue;
        }
        indent(out, depth);
        if (ev->kind == EV_OPEN) {
            fprintf(out, "subgraph cluster_%u {\n", ev->id);
            indent(out, ++depth);
            dot_label(out, ev->label, NULL);
            fputs(ev->workflow ? ";\n" : "; style=dashed;\n", out);
            continue;
        }
        const struct gnode *nd = &g->nodes[ev->id];
        fprintf(out, "n%u [", ev->id);
        dot_label(out, nd->name, nd->detail);
        fprintf(out, ", %s];\n", dot_shapes[nd->shape]);
    }
    for (size_t i = 0; i < g->nedges; i++) {
        const struct gedge *e = &g->edges[i];
        fprintf(out, "    n%u -> n%u", e->from, e->to.id);
        const char *style = dot_styles[e->style];
        if (e->label || style) {
            fputs(" [", out);
            if (e->label)
                dot_label(out, e->label, NULL);
            if (style)
                fprintf(out, "%s%s", e->label ? ", " : "", style);
            fputc(']', out);
        }
        fputs(";\n", out);
    }
    fputs("}\n", out);
}

/* ---- Mermaid ---- */

/* The brackets around a node's quoted label, by shape. */
static const char *const mmd_shapes[][2] = {
    [SH_START] = {"((", "))"},     [SH_END] = {"(((", ")))"},  [SH_ASSIGN] = {"[", "]"},
    [SH_CALL] = {"(", ")"},        [SH_SWITCH] = {"{", "}"},   [SH_FOR] = {"{{", "}}"},
    [SH_PARALLEL] = {"[/", "\\]"}, [SH_JOIN] = {"[\\", "/]"},  [SH_TRY] = {"[[", "]]"},
    [SH_RAISE] = {">", "]"},       [SH_RETURN] = {"([", "])"}, [SH_STEPS] = {"[/", "/]"},
    [SH_JUMP] = {"[\\", "\\]"},
};

static const char *const mmd_arrows[] = {
    [ED_SEQ] = "-->",    [ED_JUMP] = "==>",  [ED_ERROR] = "-.->",
    [ED_RETRY] = "-.->", [ED_CALL] = "-.->", [ED_INVIS] = "~~~",
};

/* Text inside a quoted Mermaid label: characters that Mermaid reads as
 * markup, entity codes, comments or edge text become entity codes. */
static void mmd_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '"':
            fputs("#quot;", out);
            break;
        case '#':
            fputs("#35;", out);
            break;
        case '%':
            fputs("#37;", out);
            break;
        case '&':
            fputs("#amp;", out);
            break;
        case '<':
            fputs("#lt;", out);
            break;
        case '>':
            fputs("#gt;", out);
            break;
        case '`':
            fputs("#96;", out);
            break;
        case '|':
            fputs("#124;", out);
            break;
        default:
            fputc(*s, out);
            break;
        }
    }
}

static void mmd_label(FILE *out, const char *name, const char *detail)
{
    fputc('"', out);
    mmd_text(out, name);
    if (detail) {
        fputs("<br>", out);
        mmd_text(out, detail);
    }
    fputc('"', out);
}

static void print_mermaid(FILE *out, const struct graph *g)
{
    fputs("flowchart TD\n", out);
    int depth = 1;
    for (size_t i = 0; i < g->nevs; i++) {
        const struct event *ev = &g->evs[i];
        if (ev->kind == EV_CLOSE) {
            indent(out, --depth);
            fputs("end\n", out);
            continue;
        }
        indent(out, depth);
        if (ev->kind == EV_OPEN) {
            fprintf(out, "subgraph c%u[", ev->id);
            mmd_label(out, ev->label, NULL);
            fputs("]\n", out);
            /* Mermaid lays out a subgraph that no edge leaves across its
             * parent's direction unless it is told */
            indent(out, ++depth);
            fputs("direction TB\n", out);
            continue;
        }
        const struct gnode *nd = &g->nodes[ev->id];
        fprintf(out, "n%u%s", ev->id, mmd_shapes[nd->shape][0]);
        mmd_label(out, nd->name, nd->detail);
        fprintf(out, "%s\n", mmd_shapes[nd->shape][1]);
    }
    for (size_t i = 0; i < g->nedges; i++) {
        const struct gedge *e = &g->edges[i];
        fprintf(out, "    n%u %s", e->from, mmd_arrows[e->style]);
        if (e->label) {
            fputc('|', out);
            mmd_label(out, e->label, NULL);
            fputc('|', out);
        }
        fprintf(out, " n%u\n", e->to.id);
    }
}

void wf_graph_write(FILE *out, const wf_program *p, enum wf_graph_format format)
{
    struct graph g = {.a = p->arena};
    for (size_t i = 0; i < p->nsubs; i++)
        walk_sub(&g, p->subs[i]);
    bind_edges(&g);
    if (format == WF_GRAPH_MERMAID)
        print_mermaid(out, &g);
    else
        print_dot(out, &g);
    free(g.nodes);
    free(g.evs);
    free(g.edges);
    free(g.map.keys);
    free(g.map.vals);
}
