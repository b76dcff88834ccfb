/*
 * expand.c - wfc expand: inlines every call of a subworkflow into main.
 *
 * The output is a new node tree built from the IR (never by editing YAML
 * text), so that it is canonical and backends/emit.c writes it for YAML or
 * JSON alike. A call step `S: {call: sub, args: ..., result: r, next: N}`
 * becomes
 *
 *   - S:
 *       steps:
 *         - S__args:            # the parameters, from the arguments or
 *             assign:           # their defaults; the return value; the
 *               - S__p: ${...}  # "returned" flag (only when needed)
 *               - S__ret: null
 *         - S__<step>: ...      # the subworkflow's steps, renamed
 *         - S__done:
 *             assign:
 *               - r: ${S__ret}
 *       next: N
 *
 * so that jumps to S and S's own `next` keep working. Step names of the
 * subworkflow get the prefix "S__", its variables (parameters included)
 * the prefix of S made a valid variable name; every new name is checked
 * against every name already in the output and numbered when taken. In
 * expressions only the names that resolution bound to a variable are
 * renamed, in the text as written, so the expression keeps its form.
 *
 * `return V` (and `next: end`) inside the subworkflow assigns S__ret and
 * jumps to S__done. Out of a for loop a jump is illegal, so there it sets
 * the flag and breaks, and a check after each such loop goes on leaving:
 * to S__done, or with another break from a loop around. A return inside a
 * parallel branch has unconfirmed meaning: expansion stops with an error.
 *
 * Subworkflows that cannot be inlined stay subworkflows, unchanged, with
 * every subworkflow they call: recursive ones (an error with --strict),
 * those called inside an expression, and those used as a retry predicate.
 */
#include "config.h"

#include "backends/expand.h"

#include "ir/limits.h"

#include <stdlib.h>
#include <string.h>

/* ---- sets of interned names ---- */

struct nameset {
    const char **slots;
    size_t cap, n;
};

static size_t name_hash(const char *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 7) & (cap - 1);
}

static bool set_has(const struct nameset *s, const char *name)
{
    if (!s->cap)
        return false;
    for (size_t i = name_hash(name, s->cap);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slots[i])
            return false;
        if (s->slots[i] == name)
            return true;
    }
}

static void set_add(struct nameset *s, const char *name)
{
    if (set_has(s, name))
        return;
    if (2 * (s->n + 1) > s->cap) {
        struct nameset bigger = {NULL, s->cap ? 2 * s->cap : 64, 0};
        bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
        if (!bigger.slots)
            wf_fatal_oom();
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                set_add(&bigger, s->slots[i]);
        free(s->slots);
        *s = bigger;
    }
    size_t i = name_hash(name, s->cap);
    while (s->slots[i])
        i = (i + 1) & (s->cap - 1);
    s->slots[i] = name;
    s->n++;
}

/* ---- state ---- */

struct rename {
    const char *from, *to; /* interned */
};

/* One workflow body being written: main or a kept subworkflow (names
 * unchanged), or an inlined call. */
struct frame {
    const wf_sub *sub;
    bool inlined;
    struct rename *vars, *steps;
    size_t nvars, nsteps;
    const char *step_prefix; /* "S__" */
    const char *ret, *flag;  /* variables; flag NULL when no loop holds a return */
    const char *done;        /* the step that takes the return value */
    int loops;               /* for loops of this body around the step being written */
    int branches;            /* parallel branches and iterations around it */
    int depth;               /* inlined calls around this body */
};

struct expander {
    wf_program *p;
    wf_arena *a;
    wf_strtab *strs;
    wf_diags *d;
    bool *kept;                 /* per subworkflow of p: stays a subworkflow */
    struct nameset steps, vars; /* names taken in the output's main */
    bool failed;
};

enum { MAX_DEPTH = 64 };

static const char *intern(struct expander *E, const char *s)
{
    return wf_intern_cstr(E->strs, s);
}

/* `want`, or want_2, want_3, ... when taken; then taken. */
static const char *unique(struct expander *E, struct nameset *s, const char *want)
{
    const char *name = intern(E, want);
    for (unsigned k = 2; set_has(s, name); k++)
        name = intern(E, wf_arena_printf(E->a, "%s_%u", want, k));
    set_add(s, name);
    return name;
}

static const char *lookup(const struct rename *r, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].from == name)
            return r[i].to;
    return NULL;
}

static const char *var_name(const struct frame *F, const char *name)
{
    const char *to = F->inlined ? lookup(F->vars, F->nvars, name) : NULL;
    return to ? to : name;
}

static const char *step_name(const struct frame *F, const char *name)
{
    const char *to = F->inlined ? lookup(F->steps, F->nsteps, name) : NULL;
    return to ? to : name;
}

static wf_node *str(struct expander *E, const char *text)
{
    return wf_node_new_string(E->a, text);
}

static void put(struct expander *E, wf_node *map, const char *key, wf_node *value)
{
    wf_node_put(E->a, map, key, value);
}

static void push(struct expander *E, wf_node *list, wf_node *item)
{
    wf_node_push(E->a, list, item);
}

/* {key: value} */
static wf_node *pair(struct expander *E, const char *key, wf_node *value)
{
    wf_node *m = wf_node_new_map(E->a);
    put(E, m, key, value);
    return m;
}

/* Reports why the file cannot be expanded (`msg` is complete). */
static void fail(struct expander *E, wf_span at, const char *msg)
{
    wf_diag_report(E->d, WF_SEV_ERROR, NULL, at, "%s", msg);
    E->failed = true;
}

/* ---- expressions ---- */

struct edit {
    uint32_t off, end;
    const char *to;
};

struct edits {
    struct edit *v;
    size_t n, cap;
};

static void add_edit(struct edits *ed, uint32_t off, uint32_t end, const char *to)
{
    if (ed->n == ed->cap) {
        ed->cap = ed->cap ? 2 * ed->cap : 8;
        ed->v = wf_xrealloc(ed->v, ed->cap * sizeof *ed->v);
    }
    ed->v[ed->n++] = (struct edit){off, end, to};
}

struct name_walk {
    const struct frame *F;
    struct edits *ed;
    const wf_expr *base; /* of an assignment target: a name that is not a read */
};

/* Records the renaming of every variable in `e`. */
static void collect(struct name_walk *w, const wf_expr *e)
{
    switch (e->kind) {
    case WF_EXPR_NAME:
        if (e->read || e == w->base) {
            const char *to = var_name(w->F, e->u.name);
            if (to != e->u.name)
                add_edit(w->ed, e->off, e->end, to);
        }
        break;
    case WF_EXPR_FIELD:
        collect(w, e->u.field.obj);
        break;
    case WF_EXPR_INDEX:
        collect(w, e->u.index.obj);
        collect(w, e->u.index.index);
        break;
    case WF_EXPR_CALL:
        for (size_t i = 0; i < e->u.call.nargs; i++)
            collect(w, e->u.call.args[i]);
        break;
    case WF_EXPR_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            collect(w, e->u.list.items[i]);
        break;
    case WF_EXPR_UNARY:
        collect(w, e->u.unary.operand);
        break;
    case WF_EXPR_BINARY:
        collect(w, e->u.binary.lhs);
        collect(w, e->u.binary.rhs);
        break;
    default:
        break;
    }
}

static int cmp_edit(const void *a, const void *b)
{
    uint32_t x = ((const struct edit *)a)->off, y = ((const struct edit *)b)->off;
    return x < y ? -1 : x > y;
}

/* `text` (len bytes) with the edits applied, wrapped in `open` and `close`. */
static const char *apply(struct expander *E, const char *text, size_t len, struct edits *ed,
                         const char *open, const char *close)
{
    qsort(ed->v, ed->n, sizeof *ed->v, cmp_edit);
    size_t need = strlen(open) + len + strlen(close) + 1;
    for (size_t i = 0; i < ed->n; i++)
        need += strlen(ed->v[i].to);
    char *out = wf_arena_alloc(E->a, need);
    size_t k = 0, at = 0;
    k += (size_t)sprintf(out, "%s", open);
    for (size_t i = 0; i < ed->n; i++) {
        if (ed->v[i].off < at || ed->v[i].end > len)
            continue; /* an alias repeating a node: edited once */
        memcpy(out + k, text + at, ed->v[i].off - at);
        k += ed->v[i].off - at;
        k += (size_t)sprintf(out + k, "%s", ed->v[i].to);
        at = ed->v[i].end;
    }
    memcpy(out + k, text + at, len - at);
    k += len - at;
    sprintf(out + k, "%s", close);
    return out;
}

/* An expression scalar with the frame's variables renamed. */
static wf_node *rename_expr(struct expander *E, const struct frame *F, const wf_node *n)
{
    const wf_expr *e = n->u.scalar.v.expr;
    if (!e)
        return (wf_node *)n;
    struct edits ed = {0};
    struct name_walk w = {F, &ed, NULL};
    collect(&w, e);
    if (!ed.n)
        return (wf_node *)n;
    size_t len;
    const char *inner = wf_node_expr_text(n, &len);
    wf_node *out = str(E, apply(E, inner, len, &ed, "${", "}"));
    free(ed.v);
    return out;
}

/* A value Workflows evaluates, copied with the frame's variables renamed
 * (as is when nothing changes). */
static wf_node *value(struct expander *E, const struct frame *F, const wf_node *n)
{
    if (!n)
        return NULL;
    if (!F->inlined)
        return (wf_node *)n;
    switch (n->kind) {
    case WF_NODE_EXPR:
        return rename_expr(E, F, n);
    case WF_NODE_LIST: {
        wf_node *l = wf_node_new_list(E->a);
        for (size_t i = 0; i < n->len; i++)
            push(E, l, value(E, F, n->u.items[i]));
        return l;
    }
    case WF_NODE_MAP: {
        wf_node *m = wf_node_new_map(E->a);
        for (size_t i = 0; i < n->len; i++) {
            /* Keys may be expressions too: put, then swap in the key. */
            wf_node *k = value(E, F, n->u.pairs[i].key);
            put(E, m, "", value(E, F, n->u.pairs[i].value));
            m->u.pairs[m->len - 1].key = k;
        }
        return m;
    }
    default:
        return (wf_node *)n;
    }
}

/* An assignment target with its variables renamed. */
static const char *target(struct expander *E, const struct frame *F, const wf_assign *as)
{
    if (!F->inlined || !as->target)
        return as->text;
    struct edits ed = {0};
    const wf_expr *base = as->target;
    while (base->kind == WF_EXPR_FIELD || base->kind == WF_EXPR_INDEX)
        base = base->kind == WF_EXPR_FIELD ? base->u.field.obj : base->u.index.obj;
    struct name_walk w = {F, &ed, base};
    collect(&w, as->target);
    const char *out = ed.n ? apply(E, as->text, strlen(as->text), &ed, "", "") : as->text;
    free(ed.v);
    return out;
}

/* ---- steps ---- */

static wf_node *steps_of(struct expander *E, struct frame *F, const wf_block *b);
static wf_node *body_of(struct expander *E, struct frame *F, wf_step *st, const char *hint);

/* Whether a call step is inlined: a call of a subworkflow not kept. */
static bool inlined_call(const struct expander *E, const wf_step *st)
{
    const wf_sub *callee = st->kind == WF_STEP_CALL ? st->names.callee_sub : NULL;
    if (!callee)
        return false;
    for (size_t i = 0; i < E->p->nsubs; i++)
        if (E->p->subs[i] == callee)
            return !E->kept[i];
    return false;
}

/* The body of a step that does `body`, then leaves the inlined workflow. */
static wf_node *leave(struct expander *E, struct frame *F, wf_node *body, const char *hint,
                      wf_span at)
{
    if (F->branches) {
        fail(E, at,
             wf_arena_printf(E->a,
                             "cannot inline subworkflow \"%s\": it returns from inside a "
                             "parallel branch, whose meaning Workflows does not document",
                             F->sub->name.name));
        return body;
    }
    if (!F->loops) {
        put(E, body, "next", str(E, F->done));
        return body;
    }
    /* Out of a for loop only "break" may jump: raise the flag and break. */
    wf_node *flag = pair(E, F->flag, wf_node_new_bool(E->a, true));
    if (body->len == 1 && strcmp(body->u.pairs[0].key->u.scalar.text, "assign") == 0) {
        push(E, body->u.pairs[0].value, flag);
        put(E, body, "next", str(E, "break"));
        return body;
    }
    wf_node *exit = wf_node_new_map(E->a);
    wf_node *items = wf_node_new_list(E->a);
    push(E, items, flag);
    put(E, exit, "assign", items);
    put(E, exit, "next", str(E, "break"));
    if (body->len == 0)
        return exit;
    wf_node *list = wf_node_new_list(E->a);
    const char *base = hint ? hint : "leave";
    push(E, list, pair(E, unique(E, &E->steps, wf_arena_printf(E->a, "%s_then", base)), body));
    push(E, list, pair(E, unique(E, &E->steps, wf_arena_printf(E->a, "%s_leave", base)), exit));
    wf_node *w = wf_node_new_map(E->a);
    put(E, w, "steps", list);
    return w;
}

/* Adds the `next` of a step (or switch entry) to its body; in an inlined
 * workflow `next: end` leaves it. Returns the body. */
static wf_node *with_next(struct expander *E, struct frame *F, wf_node *body, const wf_next *nx,
                          const char *hint)
{
    switch (nx->kind) {
    case WF_NEXT_STEP:
        put(E, body, "next", str(E, step_name(F, nx->target.name)));
        return body;
    case WF_NEXT_END:
        if (F->inlined)
            return leave(E, F, body, hint, nx->target.span);
        put(E, body, "next", str(E, "end"));
        return body;
    case WF_NEXT_BREAK:
        put(E, body, "next", str(E, "break"));
        return body;
    case WF_NEXT_CONTINUE:
        put(E, body, "next", str(E, "continue"));
        return body;
    default:
        return body;
    }
}

static bool has_return(void *ud, wf_step *st)
{
    bool *found = ud;
    bool end = st->next.kind == WF_NEXT_END;
    if (st->kind == WF_STEP_SWITCH)
        for (size_t i = 0; i < st->u.sw.n; i++)
            end |= st->u.sw.cases[i].next.kind == WF_NEXT_END;
    if (st->kind == WF_STEP_RETURN || end) {
        *found = true;
        return false;
    }
    return true;
}

/* Whether the body of a for step leaves its workflow (return, next: end). */
static bool loop_leaves(wf_step *st)
{
    bool found = false;
    const wf_loop *lp = st->kind == WF_STEP_FOR ? st->u.loop : NULL;
    if (lp && lp->body)
        wf_ir_walk_steps(lp->body, has_return, &found);
    return found;
}

static wf_node *assign_list(struct expander *E, struct frame *F, const wf_step *st)
{
    wf_node *l = wf_node_new_list(E->a);
    for (size_t i = 0; i < st->u.assign.n; i++) {
        const wf_assign *as = &st->u.assign.items[i];
        push(E, l, pair(E, target(E, F, as), value(E, F, as->value)));
    }
    return l;
}

static wf_node *loop_map(struct expander *E, struct frame *F, const wf_loop *lp, bool parallel)
{
    wf_node *m = wf_node_new_map(E->a);
    if (lp->value.name)
        put(E, m, "value", str(E, var_name(F, lp->value.name)));
    if (lp->index.name)
        put(E, m, "index", str(E, var_name(F, lp->index.name)));
    if (lp->in)
        put(E, m, "in", value(E, F, lp->in));
    if (lp->range)
        put(E, m, "range", value(E, F, lp->range));
    if (parallel)
        F->branches++;
    else
        F->loops++;
    put(E, m, "steps", steps_of(E, F, lp->body));
    if (parallel)
        F->branches--;
    else
        F->loops--;
    return m;
}

static wf_node *parallel_map(struct expander *E, struct frame *F, const wf_step *st)
{
    wf_node *m = wf_node_new_map(E->a);
    if (st->u.par.nshared) {
        wf_node *l = wf_node_new_list(E->a);
        for (size_t i = 0; i < st->u.par.nshared; i++)
            push(E, l, str(E, var_name(F, st->u.par.shared[i].name)));
        put(E, m, "shared", l);
    }
    if (st->u.par.exception_policy)
        put(E, m, "exception_policy", value(E, F, st->u.par.exception_policy));
    if (st->u.par.concurrency_limit)
        put(E, m, "concurrency_limit", value(E, F, st->u.par.concurrency_limit));
    if (st->u.par.loop) {
        put(E, m, "for", loop_map(E, F, st->u.par.loop, true));
        return m;
    }
    wf_node *l = wf_node_new_list(E->a);
    F->branches++;
    for (size_t i = 0; i < st->u.par.nbranches; i++) {
        const wf_branch *br = &st->u.par.branches[i];
        push(E, l,
             pair(E, step_name(F, br->name.name), pair(E, "steps", steps_of(E, F, br->body))));
    }
    F->branches--;
    put(E, m, "branches", l);
    return m;
}

static wf_node *retry_of(struct expander *E, struct frame *F, const wf_retry *r)
{
    if (r->policy)
        return value(E, F, r->policy);
    wf_node *m = wf_node_new_map(E->a);
    if (r->predicate)
        put(E, m, "predicate", value(E, F, r->predicate));
    if (r->max_retries)
        put(E, m, "max_retries", value(E, F, r->max_retries));
    if (r->initial_delay || r->max_delay || r->multiplier) {
        wf_node *b = wf_node_new_map(E->a);
        if (r->initial_delay)
            put(E, b, "initial_delay", value(E, F, r->initial_delay));
        if (r->max_delay)
            put(E, b, "max_delay", value(E, F, r->max_delay));
        if (r->multiplier)
            put(E, b, "multiplier", value(E, F, r->multiplier));
        put(E, m, "backoff", b);
    }
    return m;
}

static void try_into(struct expander *E, struct frame *F, wf_step *st, wf_node *m, const char *hint)
{
    wf_step *body = st->u.try_.body;
    if (body)
        put(E, m, "try",
            body->kind == WF_STEP_STEPS && !body->name.name
                ? pair(E, "steps", steps_of(E, F, body->u.steps))
                : body_of(E, F, body, wf_arena_printf(E->a, "%s_try", hint)));
    if (st->u.try_.retry)
        put(E, m, "retry", retry_of(E, F, st->u.try_.retry));
    const wf_except *ex = st->u.try_.except;
    if (ex) {
        wf_node *x = wf_node_new_map(E->a);
        if (ex->as.name)
            put(E, x, "as", str(E, var_name(F, ex->as.name)));
        put(E, x, "steps", steps_of(E, F, ex->body));
        put(E, m, "except", x);
    }
}

static wf_node *switch_list(struct expander *E, struct frame *F, const wf_step *st,
                            const char *hint)
{
    wf_node *l = wf_node_new_list(E->a);
    for (size_t i = 0; i < st->u.sw.n; i++) {
        const wf_case *c = &st->u.sw.cases[i];
        const char *h = wf_arena_printf(E->a, "%s_case%zu", hint, i + 1);
        wf_node *body = c->body ? body_of(E, F, c->body, h) : wf_node_new_map(E->a);
        body = with_next(E, F, body, &c->next, h);
        /* Leaving an inlined workflow turns a `return` into an assignment
         * and a jump: in an entry they go into a step of their own, the form
         * Workflows documents for entries (inline assign is less sure). */
        bool leaves = F->inlined &&
                      ((c->body && c->body->kind == WF_STEP_RETURN) || c->next.kind == WF_NEXT_END);
        if (leaves) {
            wf_node *list = wf_node_new_list(E->a);
            push(E, list,
                 pair(E, unique(E, &E->steps, wf_arena_printf(E->a, "%s_leave", h)), body));
            body = pair(E, "steps", list);
        }
        wf_node *entry = pair(E, "condition", value(E, F, c->condition));
        for (size_t k = 0; k < body->len; k++)
            put(E, entry, body->u.pairs[k].key->u.scalar.text, body->u.pairs[k].value);
        push(E, l, entry);
    }
    return l;
}

/* ---- inlining a call ---- */

static bool name_step(void *ud, wf_step *st)
{
    void **ctx = ud;
    struct expander *E = ctx[0];
    struct frame *G = ctx[1];
    if (st->name.name)
        G->steps[G->nsteps++] = (struct rename){
            st->name.name,
            unique(E, &E->steps, wf_arena_printf(E->a, "%s%s", G->step_prefix, st->name.name))};
    if (st->kind == WF_STEP_PARALLEL)
        for (size_t i = 0; i < st->u.par.nbranches; i++) {
            const char *b = st->u.par.branches[i].name.name;
            if (b)
                G->steps[G->nsteps++] = (struct rename){
                    b, unique(E, &E->steps, wf_arena_printf(E->a, "%s%s", G->step_prefix, b))};
        }
    return true;
}

static bool count_names(void *ud, wf_step *st)
{
    size_t *n = ud;
    *n += (st->name.name != NULL) + (st->kind == WF_STEP_PARALLEL ? st->u.par.nbranches : 0);
    return true;
}

static bool any_loop_leaves(void *ud, wf_step *st)
{
    bool *found = ud;
    if (st->kind == WF_STEP_FOR && loop_leaves(st)) {
        *found = true;
        return false;
    }
    return true;
}

/* `name` made a valid variable name (step names may hold any character). */
static const char *var_prefix(struct expander *E, const char *name)
{
    char *s = wf_arena_printf(E->a, "%s%s__", (name[0] >= '0' && name[0] <= '9') ? "_" : "", name);
    for (char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
            *c = '_';
    return s;
}

/* The value of argument `name` of call step `st`, or NULL. */
static const wf_node *argument(const wf_step *st, const char *name)
{
    for (size_t i = 0; i < st->u.call.nargs; i++)
        if (st->u.call.args[i].name.name == name)
            return st->u.call.args[i].value;
    return NULL;
}

/* The body of call step `st` of frame F with its subworkflow inlined:
 * {steps: [...]}. `name` is the step's name in the output. */
static wf_node *inline_call(struct expander *E, struct frame *F, wf_step *st, const char *name)
{
    const wf_sub *sub = st->names.callee_sub;
    if (F->depth + 1 > MAX_DEPTH) {
        fail(E, st->u.call.func.span,
             wf_arena_printf(E->a, "cannot inline \"%s\": calls nest deeper than %d levels",
                             sub->name.name, MAX_DEPTH));
        return wf_node_new_map(E->a);
    }
    const char *vp = var_prefix(E, name);
    struct frame G = {.sub = sub, .inlined = true, .depth = F->depth + 1};
    G.step_prefix = wf_arena_printf(E->a, "%s__", name);
    G.vars = wf_arena_array(E->a, sub->names.nvars + 1, sizeof *G.vars);
    for (size_t i = 0; i < sub->names.nvars; i++) {
        const char *v = sub->names.vars[i]->name;
        if (!lookup(G.vars, G.nvars, v))
            G.vars[G.nvars++] =
                (struct rename){v, unique(E, &E->vars, wf_arena_printf(E->a, "%s%s", vp, v))};
    }
    size_t nnames = 0;
    if (sub->body)
        wf_ir_walk_steps(sub->body, count_names, &nnames);
    G.steps = wf_arena_array(E->a, nnames + 1, sizeof *G.steps);
    void *ctx[2] = {E, &G};
    if (sub->body)
        wf_ir_walk_steps(sub->body, name_step, ctx);
    G.ret = unique(E, &E->vars, wf_arena_printf(E->a, "%sret", vp));
    bool flag = false;
    if (sub->body)
        wf_ir_walk_steps(sub->body, any_loop_leaves, &flag);
    G.flag = flag ? unique(E, &E->vars, wf_arena_printf(E->a, "%sreturned", vp)) : NULL;
    const char *args_step = unique(E, &E->steps, wf_arena_printf(E->a, "%sargs", G.step_prefix));
    G.done = unique(E, &E->steps, wf_arena_printf(E->a, "%sdone", G.step_prefix));

    /* The arguments are the caller's expressions: F renames them. */
    wf_node *binds = wf_node_new_list(E->a);
    for (size_t i = 0; i < sub->nparams; i++) {
        const wf_param *pm = &sub->params[i];
        const wf_node *arg = argument(st, pm->name.name);
        push(E, binds,
             pair(E, var_name(&G, pm->name.name),
                  arg       ? value(E, F, arg)
                  : pm->def ? pm->def
                            : wf_node_new_null(E->a)));
    }
    push(E, binds, pair(E, G.ret, wf_node_new_null(E->a)));
    if (G.flag)
        push(E, binds, pair(E, G.flag, wf_node_new_bool(E->a, false)));

    wf_node *list = wf_node_new_list(E->a);
    push(E, list, pair(E, args_step, pair(E, "assign", binds)));
    wf_node *body = steps_of(E, &G, sub->body);
    for (size_t i = 0; i < body->len; i++)
        push(E, list, body->u.items[i]);
    /* The done step takes the result, then releases what the subworkflow
     * kept in its variables: they would count against the memory limit of
     * the caller until it ends, where the call freed them on return. */
    const char *result = st->u.call.result.name;
    wf_node *items = wf_node_new_list(E->a);
    if (result)
        push(E, items, pair(E, var_name(F, result), str(E, wf_arena_printf(E->a, "${%s}", G.ret))));
    for (size_t i = 0; i < sub->names.nvars; i++) {
        const wf_var *v = sub->names.vars[i];
        const char *to = var_name(&G, v->name);
        bool first = true;
        for (size_t k = 0; k < i && first; k++)
            first = sub->names.vars[k]->name != v->name;
        if (first && v->scope && v->scope->kind == WF_SCOPE_SUB)
            push(E, items, pair(E, to, wf_node_new_null(E->a)));
    }
    push(E, items, pair(E, G.ret, wf_node_new_null(E->a)));
    if (G.flag)
        push(E, items, pair(E, G.flag, wf_node_new_null(E->a)));
    /* At most 50 assignments a step (ir/limits.h). */
    const char *step = G.done;
    for (size_t from = 0; from < items->len; from += WF_LIMIT_ASSIGNMENTS) {
        wf_node *part = wf_node_new_list(E->a);
        for (size_t k = from; k < items->len && k < from + WF_LIMIT_ASSIGNMENTS; k++)
            push(E, part, items->u.items[k]);
        push(E, list, pair(E, step, pair(E, "assign", part)));
        if (from + WF_LIMIT_ASSIGNMENTS < items->len)
            step = unique(E, &E->steps, wf_arena_printf(E->a, "%s_more", G.done));
    }
    return pair(E, "steps", list);
}

/* ---- steps ---- */

/* The body map of `st`; `hint` names it for the names of steps it needs
 * (its own output name, or its owner's for an inline body). */
static wf_node *body_of(struct expander *E, struct frame *F, wf_step *st, const char *hint)
{
    wf_node *m = wf_node_new_map(E->a);
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        put(E, m, "assign", assign_list(E, F, st));
        break;
    case WF_STEP_CALL:
        if (inlined_call(E, st)) {
            m = inline_call(E, F, st, hint);
            break;
        }
        put(E, m, "call", str(E, st->u.call.func.name));
        if (st->u.call.args_node)
            put(E, m, "args", value(E, F, st->u.call.args_node));
        if (st->u.call.result.name)
            put(E, m, "result", str(E, var_name(F, st->u.call.result.name)));
        break;
    case WF_STEP_SWITCH:
        put(E, m, "switch", switch_list(E, F, st, hint));
        break;
    case WF_STEP_FOR:
        put(E, m, "for", loop_map(E, F, st->u.loop, false));
        break;
    case WF_STEP_PARALLEL:
        put(E, m, "parallel", parallel_map(E, F, st));
        break;
    case WF_STEP_TRY:
        try_into(E, F, st, m, hint);
        break;
    case WF_STEP_RAISE:
        put(E, m, "raise", value(E, F, st->u.value));
        break;
    case WF_STEP_RETURN:
        if (!F->inlined) {
            put(E, m, "return", value(E, F, st->u.value));
            break;
        }
        put(E, m, "assign", wf_node_new_list(E->a));
        push(E, m->u.pairs[0].value, pair(E, F->ret, value(E, F, st->u.value)));
        return leave(E, F, m, hint, st->span);
    case WF_STEP_STEPS:
        put(E, m, "steps", steps_of(E, F, st->u.steps));
        break;
    case WF_STEP_JUMP:
    case WF_STEP_KIND_COUNT:
        break;
    }
    return with_next(E, F, m, &st->next, hint);
}

/* After a for loop of an inlined workflow whose body may leave it: leave
 * too when it did. */
static wf_node *check_after_loop(struct expander *E, struct frame *F, const char *loop_name)
{
    wf_node *entry = pair(E, "condition", str(E, wf_arena_printf(E->a, "${%s}", F->flag)));
    put(E, entry, "next", str(E, F->loops ? "break" : F->done));
    wf_node *cases = wf_node_new_list(E->a);
    push(E, cases, entry);
    const char *name =
        unique(E, &E->steps, wf_arena_printf(E->a, "%s_left", loop_name ? loop_name : "loop"));
    return pair(E, name, pair(E, "switch", cases));
}

static wf_node *steps_of(struct expander *E, struct frame *F, const wf_block *b)
{
    wf_node *l = wf_node_new_list(E->a);
    if (!b)
        return l;
    for (size_t i = 0; i < b->n; i++) {
        wf_step *st = b->steps[i];
        const char *name = step_name(F, st->name.name);
        wf_node *body = body_of(E, F, st, name);
        /* The last step of the workflow goes on to the done step anyway. */
        if (F->inlined && b == F->sub->body && i + 1 == b->n && body->len &&
            strcmp(body->u.pairs[body->len - 1].key->u.scalar.text, "next") == 0 &&
            strcmp(body->u.pairs[body->len - 1].value->u.scalar.text, F->done) == 0)
            body->len--;
        push(E, l, pair(E, name, body));
        if (F->inlined && F->flag && st->kind == WF_STEP_FOR && loop_leaves(st))
            push(E, l, check_after_loop(E, F, name));
    }
    return l;
}

/* ---- which subworkflows stay ---- */

static size_t index_of(const wf_program *p, const wf_sub *sub)
{
    for (size_t i = 0; i < p->nsubs; i++)
        if (p->subs[i] == sub)
            return i;
    return p->nsubs;
}

struct refs {
    const wf_program *p;
    bool *used_in_expr; /* per subworkflow */
};

static void expr_refs(struct refs *R, const wf_expr *e)
{
    switch (e->kind) {
    case WF_EXPR_NAME: {
        const wf_sub *s = e->read ? NULL : wf_ir_find_sub(R->p, e->u.name);
        if (s)
            R->used_in_expr[index_of(R->p, s)] = true; /* a retry predicate */
        break;
    }
    case WF_EXPR_CALL: {
        const wf_sub *s = wf_ir_find_sub(R->p, e->u.call.callee);
        if (s)
            R->used_in_expr[index_of(R->p, s)] = true;
        for (size_t i = 0; i < e->u.call.nargs; i++)
            expr_refs(R, e->u.call.args[i]);
        break;
    }
    case WF_EXPR_FIELD:
        expr_refs(R, e->u.field.obj);
        break;
    case WF_EXPR_INDEX:
        expr_refs(R, e->u.index.obj);
        expr_refs(R, e->u.index.index);
        break;
    case WF_EXPR_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            expr_refs(R, e->u.list.items[i]);
        break;
    case WF_EXPR_UNARY:
        expr_refs(R, e->u.unary.operand);
        break;
    case WF_EXPR_BINARY:
        expr_refs(R, e->u.binary.lhs);
        expr_refs(R, e->u.binary.rhs);
        break;
    default:
        break;
    }
}

static void node_refs(struct refs *R, const wf_node *n)
{
    if (n->kind == WF_NODE_EXPR && n->u.scalar.v.expr)
        expr_refs(R, n->u.scalar.v.expr);
    else if (n->kind == WF_NODE_LIST)
        for (size_t i = 0; i < n->len; i++)
            node_refs(R, n->u.items[i]);
    else if (n->kind == WF_NODE_MAP)
        for (size_t i = 0; i < n->len; i++) {
            node_refs(R, n->u.pairs[i].key);
            node_refs(R, n->u.pairs[i].value);
        }
}

static void value_refs(void *ud, wf_step *st, const char *role, const char *key, unsigned item,
                       wf_node *v)
{
    (void)st, (void)role, (void)key, (void)item;
    node_refs(ud, v);
}

static bool step_refs(void *ud, wf_step *st)
{
    wf_ir_step_values(st, value_refs, ud);
    return true;
}

struct edges {
    const wf_program *p;
    bool *row;
};

static bool call_edge(void *ud, wf_step *st)
{
    struct edges *e = ud;
    if (st->kind == WF_STEP_CALL && st->names.callee_sub)
        e->row[index_of(e->p, st->names.callee_sub)] = true;
    return true;
}

/* Marks the subworkflows that stay: recursive ones (unless strict, which
 * reports them), those named in expressions, and everything they call. */
static void find_kept(struct expander *E, bool strict)
{
    const wf_program *p = E->p;
    size_t n = p->nsubs;
    /* The call graph over call steps, as an adjacency matrix. */
    bool *g = calloc(n * n + 1, sizeof *g);
    if (!g)
        wf_fatal_oom();
    for (size_t i = 0; i < n; i++) {
        struct edges ed = {p, g + i * n};
        if (p->subs[i]->body)
            wf_ir_walk_steps(p->subs[i]->body, call_edge, &ed);
    }
    /* Transitive closure (Warshall): n is the number of subworkflows. */
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < n; i++)
            if (g[i * n + k])
                for (size_t j = 0; j < n; j++)
                    g[i * n + j] |= g[k * n + j];
    struct refs R = {p, calloc(n + 1, sizeof *R.used_in_expr)};
    if (!R.used_in_expr)
        wf_fatal_oom();
    for (size_t i = 0; i < n; i++)
        if (p->subs[i]->body)
            wf_ir_walk_steps(p->subs[i]->body, step_refs, &R);
    for (size_t i = 0; i < n; i++) {
        const wf_sub *s = p->subs[i];
        if (s == p->main)
            continue;
        if (g[i * n + i]) {
            if (strict) {
                fail(E, s->name.span,
                     wf_arena_printf(E->a,
                                     "subworkflow \"%s\" calls itself (directly or through "
                                     "other subworkflows); a recursive call cannot be inlined",
                                     s->name.name));
                continue;
            }
            E->kept[i] = true;
            wf_diag_report(E->d, WF_SEV_NOTE, NULL, s->name.span,
                           "subworkflow \"%s\" calls itself (directly or through other "
                           "subworkflows); it stays a subworkflow",
                           s->name.name);
        } else if (R.used_in_expr[i]) {
            E->kept[i] = true;
            wf_diag_report(E->d, WF_SEV_NOTE, NULL, s->name.span,
                           "subworkflow \"%s\" is called inside an expression or used as a retry "
                           "predicate; it stays a subworkflow",
                           s->name.name);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (E->kept[i])
            for (size_t j = 0; j < n; j++)
                if (g[i * n + j] && p->subs[j] != p->main)
                    E->kept[j] = true;
    free(R.used_in_expr);
    free(g);
}

/* ---- the document ---- */

static bool take_step_names(void *ud, wf_step *st)
{
    struct expander *E = ud;
    if (st->name.name)
        set_add(&E->steps, st->name.name);
    if (st->kind == WF_STEP_PARALLEL)
        for (size_t i = 0; i < st->u.par.nbranches; i++)
            if (st->u.par.branches[i].name.name)
                set_add(&E->steps, st->u.par.branches[i].name.name);
    return true;
}

static wf_node *workflow(struct expander *E, const wf_sub *sub)
{
    struct frame F = {.sub = sub};
    wf_node *m = wf_node_new_map(E->a);
    if (sub->has_params) {
        wf_node *l = wf_node_new_list(E->a);
        for (size_t i = 0; i < sub->nparams; i++) {
            const wf_param *pm = &sub->params[i];
            push(E, l, pm->def ? pair(E, pm->name.name, pm->def) : str(E, pm->name.name));
        }
        put(E, m, "params", l);
    }
    put(E, m, "steps", steps_of(E, &F, sub->body));
    return m;
}

wf_node *wf_expand(wf_program *p, wf_diags *d, const struct wf_expand_options *o)
{
    struct expander E = {.p = p, .a = p->arena, .strs = p->strs, .d = d};
    E.kept = wf_arena_array(p->arena, p->nsubs + 1, sizeof *E.kept);
    if (!p->main) {
        wf_diag_report(d, WF_SEV_ERROR, NULL, wf_span_point(p->src, 1, 1),
                       "no workflow named \"main\" to expand");
        return NULL;
    }
    find_kept(&E, o && o->strict);
    if (E.failed)
        return NULL;
    if (p->main->body)
        wf_ir_walk_steps(p->main->body, take_step_names, &E);
    for (size_t i = 0; i < p->main->names.nvars; i++)
        set_add(&E.vars, p->main->names.vars[i]->name);
    bool any_kept = false;
    for (size_t i = 0; i < p->nsubs; i++)
        any_kept |= E.kept[i];
    wf_node *root;
    if (p->simple && !any_kept) {
        struct frame F = {.sub = p->main};
        root = steps_of(&E, &F, p->main->body);
    } else {
        root = wf_node_new_map(E.a);
        put(&E, root, "main", workflow(&E, p->main));
        for (size_t i = 0; i < p->nsubs; i++)
            if (E.kept[i])
                put(&E, root, p->subs[i]->name.name, workflow(&E, p->subs[i]));
    }
    free(E.steps.slots);
    free(E.vars.slots);
    return E.failed ? NULL : root;
}
