/*
 * build.c - node tree to IR, checking structure on the way.
 *
 * Every map of the language is first validated against its shape from
 * ir/schema.c (read_fields: unknown, missing and conflicting keys), then read
 * key by key into the IR. A value that has the wrong type is reported and
 * left out, so building always finishes and reports every problem of a file
 * in one run. Expressions inside values are parsed by frontend/values.c.
 * Recursion follows the nesting of the document, which the loader bounds.
 */
#include "config.h"

#include "frontend/build.h"

#include <string.h>

#include "frontend/expr.h"
#include "frontend/values.h"
#include "frontend/yaml.h"
#include "ir/report.h"
#include "ir/schema.h"
#include "support/suggest.h"

/* Step names seen in the current workflow: interned pointer -> first step. */
struct name_table {
    const char **names;
    wf_step **steps;
    size_t cap, count;
};

struct builder {
    struct wf_values vx; /* arena, strings, diagnostics */
    wf_arena *a;
    wf_diags *d;
    wf_program *prog;
    wf_sub *sub;          /* the workflow being built */
    struct name_table names;
    int loop_depth;       /* for loops around the current step */
};

#define MAX_KEYS 24

/* The keys of one map, validated against a shape. */
struct fields {
    const struct wf_shape *shape;
    const wf_node *map;
    const wf_node *key[MAX_KEYS]; /* by key index, see key_index */
    const wf_node *val[MAX_KEYS];
    int action;    /* index of the ACTION key present, or -1 */
    bool unknown;  /* an unknown key was reported */
};

static wf_step *build_body(struct builder *B, const wf_node *map, wf_name name, wf_block *parent,
                           wf_step *owner);
static wf_block *build_steps(struct builder *B, const wf_node *list, enum wf_block_role role,
                             wf_step *owner);
static wf_step *build_case_body(struct builder *B, const wf_node *map, const struct fields *f,
                                wf_step *sw, const char *where);
static wf_step *new_step(struct builder *B, const wf_node *map, wf_name name, wf_block *parent,
                         wf_step *owner);

/* ---- names ---- */

static wf_name name_of(struct builder *B, const wf_node *n)
{
    wf_name nm = {wf_intern(B->vx.strs, n->u.scalar.text, n->u.scalar.len), n->span};
    return nm;
}

static size_t ptr_hash(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

/* Records a step name; returns the step that already had it, or NULL. */
static wf_step *remember_step(struct builder *B, wf_step *step)
{
    struct name_table *t = &B->names;
    if ((t->count + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        const char **names = wf_arena_array(B->a, cap, sizeof *names);
        wf_step **steps = wf_arena_array(B->a, cap, sizeof *steps);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->names[i])
                continue;
            size_t j = ptr_hash(t->names[i], cap);
            while (names[j])
                j = (j + 1) & (cap - 1);
            names[j] = t->names[i];
            steps[j] = t->steps[i];
        }
        t->names = names;
        t->steps = steps;
        t->cap = cap;
    }
    size_t j = ptr_hash(step->name.name, t->cap);
    while (t->names[j]) {
        if (t->names[j] == step->name.name)
            return t->steps[j];
        j = (j + 1) & (t->cap - 1);
    }
    t->names[j] = step->name.name;
    t->steps[j] = step;
    t->count++;
    return NULL;
}

/* A literal string where Workflows wants a name. `what` names the role. */
static bool literal_name(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_STRING)
        return true;
    if (n->kind == WF_NODE_EXPR)
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span,
                  "%s must be written literally, not as an expression", what);
    else
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a string; got %s", what,
                  wf_node_kind_name(n));
    return false;
}

/* A variable name: [A-Za-z_][A-Za-z0-9_]*. */
static bool var_name(struct builder *B, const wf_node *n, const char *what, wf_name *out)
{
    if (!literal_name(B, n, what))
        return false;
    if (!wf_ir_valid_var_name(n->u.scalar.text)) {
        wf_report(B->d, WF_CHK_INVALID_NAME, n->span,
                  "\"%s\" is not a valid variable name; use letters, digits and underscores, "
                  "not starting with a digit",
                  n->u.scalar.text);
        return false;
    }
    *out = name_of(B, n);
    return true;
}

/* ---- shapes ---- */

/* Index of key `name` in the shape and its bases, counting base keys after
 * the shape's own; -1 when unknown. */
static int key_index(const struct wf_shape *shape, const char *name)
{
    int base = 0;
    for (; shape; shape = shape->base) {
        for (size_t i = 0; i < shape->nkeys; i++)
            if (strcmp(shape->keys[i].name, name) == 0)
                return base + (int)i;
        base += (int)shape->nkeys;
    }
    return -1;
}

static const struct wf_key *key_at(const struct wf_shape *shape, int idx)
{
    for (; shape; shape = shape->base) {
        if (idx < (int)shape->nkeys)
            return &shape->keys[idx];
        idx -= (int)shape->nkeys;
    }
    return NULL;
}

static const wf_node *get(const struct fields *f, const char *name)
{
    int i = key_index(f->shape, name);
    return i >= 0 ? f->val[i] : NULL;
}

static const wf_node *get_key(const struct fields *f, const char *name)
{
    int i = key_index(f->shape, name);
    return i >= 0 ? f->key[i] : NULL;
}

/* The shape, other than `shape`, that knows the key `name`; NULL if none. */
static const struct wf_shape *shape_knowing(const struct wf_shape *shape, const char *name)
{
    static const struct wf_shape *const all[] = {
        &wf_shape_workflow, &wf_shape_step,   &wf_shape_case,   &wf_shape_loop,  &wf_shape_parallel,
        &wf_shape_branch,   &wf_shape_retry,  &wf_shape_backoff, &wf_shape_except,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] != shape && all[i]->base != shape && all[i]->nkeys &&
            wf_shape_key(all[i], name) && !wf_shape_key(all[i]->base, name))
            return all[i];
    return NULL;
}

static void report_unknown(struct builder *B, const struct wf_shape *shape, const wf_node *key,
                           const char *where)
{
    const char *cands[MAX_KEYS];
    size_t n = 0;
    for (const struct wf_shape *s = shape; s; s = s->base)
        for (size_t i = 0; i < s->nkeys && n < MAX_KEYS; i++)
            cands[n++] = s->keys[i].name;
    const char *name = key->u.scalar.text;
    const char *best = wf_suggest(name, cands, n);
    const struct wf_shape *other = best ? NULL : shape_knowing(shape, name);
    if (best)
        wf_report(B->d, WF_CHK_UNKNOWN_KEY, key->span,
                  "unknown key \"%s\" in %s; did you mean \"%s\"?", name, where, best);
    else if (other)
        wf_report(B->d, WF_CHK_UNKNOWN_KEY, key->span,
                  "unknown key \"%s\" in %s; \"%s\" belongs in %s", name, where, name,
                  other->what);
    else
        wf_report(B->d, WF_CHK_UNKNOWN_KEY, key->span, "unknown key \"%s\" in %s", name, where);
}

/* Validates `map` against `shape` and fills `f`. `where` describes the map
 * for messages ("step \"init\"", "the for loop of step \"each\""). */
static void read_fields(struct builder *B, const wf_node *map, const struct wf_shape *shape,
                        const char *where, struct fields *f)
{
    memset(f, 0, sizeof *f);
    f->shape = shape;
    f->map = map;
    f->action = -1;
    for (size_t i = 0; i < map->u.map.n; i++) {
        const wf_node *k = map->u.map.pairs[i].key;
        if (!wf_node_is_scalar(k)) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, k->span, "keys in %s must be strings; got %s",
                      where, wf_node_kind_name(k));
            f->unknown = true;
            continue;
        }
        int idx = key_index(shape, k->u.scalar.text);
        if (idx < 0) {
            report_unknown(B, shape, k, where);
            f->unknown = true;
            continue;
        }
        const struct wf_key *spec = key_at(shape, idx);
        if (spec->flags & WF_KEY_ACTION) {
            if (f->action >= 0) {
                wf_diag *dg = wf_report(B->d, WF_CHK_CONFLICTING_KEYS, k->span,
                                        "%s has both \"%s\" and \"%s\"; expected only one of %s",
                                        where, key_at(shape, f->action)->name, spec->name,
                                        shape->actions);
                wf_diag_note(B->d, dg, f->key[f->action]->span, "\"%s\" is here",
                             key_at(shape, f->action)->name);
                continue;
            }
            f->action = idx;
        }
        f->key[idx] = k;
        f->val[idx] = map->u.map.pairs[i].value;
    }
    for (int idx = 0; key_at(shape, idx); idx++) {
        const struct wf_key *spec = key_at(shape, idx);
        if (f->key[idx] && spec->needs && !get(f, spec->needs))
            wf_report(B->d, WF_CHK_CONFLICTING_KEYS, f->key[idx]->span,
                      "\"%s\" is only allowed together with \"%s\"", spec->name, spec->needs);
        if (!f->key[idx] && (spec->flags & WF_KEY_REQUIRED))
            wf_report(B->d, WF_CHK_MISSING_KEY, map->span, "%s is missing the required key \"%s\"",
                      where, spec->name);
    }
    if ((shape->flags & WF_SHAPE_NEEDS_ACTION) && f->action < 0 && !f->unknown)
        wf_report(B->d, WF_CHK_MISSING_KEY, map->span, "%s needs %s", where, shape->actions);
}

/* Checks that `n` is a map, else reports; `what` describes the value. */
static bool want_map(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_MAP)
        return true;
    wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a map; got %s", what,
              wf_node_kind_name(n));
    return false;
}

static bool want_list(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_LIST)
        return true;
    wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a list; got %s", what,
              wf_node_kind_name(n));
    return false;
}

/* `prefix` followed by the quoted name, e.g. step "init"; "this step" for
 * an anonymous one. */
static const char *describe(struct builder *B, const char *prefix, const char *name)
{
    return name ? wf_arena_printf(B->a, "%s\"%s\"", prefix, name) : "this step";
}

/* ---- values ---- */

/* A value Workflows evaluates: expressions anywhere inside are parsed. */
static wf_node *value(struct builder *B, const wf_node *n)
{
    wf_values_prepare(&B->vx, (wf_node *)n);
    return (wf_node *)n;
}

/* A scalar or an expression (condition, predicate). */
static wf_node *scalar_value(struct builder *B, const wf_node *n, const char *what)
{
    if (!wf_node_is_scalar(n)) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be an expression or a literal; got %s",
                  what, wf_node_kind_name(n));
        return NULL;
    }
    return value(B, n);
}

/* A number or an expression (max_retries, backoff, concurrency_limit). */
static wf_node *number_value(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_INT || n->kind == WF_NODE_DOUBLE || n->kind == WF_NODE_EXPR)
        return value(B, n);
    wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a number or an expression; got %s",
              what, wf_node_kind_name(n));
    return NULL;
}

/* A literal list or an expression (for.in, for.range). */
static wf_node *list_value(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_LIST || n->kind == WF_NODE_EXPR)
        return value(B, n);
    wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a list or an expression; got %s", what,
              wf_node_kind_name(n));
    return NULL;
}

/* ---- step parts ---- */

static void build_next(struct builder *B, const wf_node *n, wf_next *out)
{
    if (!literal_name(B, n, "the target of \"next\""))
        return;
    static const struct {
        const char *word;
        enum wf_next_kind kind;
    } words[] = {{"end", WF_NEXT_END}, {"break", WF_NEXT_BREAK}, {"continue", WF_NEXT_CONTINUE}};
    out->kind = WF_NEXT_STEP;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(n->u.scalar.text, words[i].word) == 0)
            out->kind = words[i].kind;
    out->target = name_of(B, n);
}

static void build_assign(struct builder *B, wf_step *st, const wf_node *list)
{
    if (!want_list(B, list, "\"assign\""))
        return;
    if (list->u.list.n == 0) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, list->span, "empty \"assign\" list");
        return;
    }
    st->u.assign.items = wf_arena_array(B->a, list->u.list.n, sizeof(wf_assign));
    for (size_t i = 0; i < list->u.list.n; i++) {
        const wf_node *item = list->u.list.items[i];
        if (item->kind != WF_NODE_MAP || item->u.map.n != 1) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                      "each assignment must be a map with one key, TARGET: VALUE; got %s%s",
                      item->kind == WF_NODE_MAP ? "a map with several keys" : wf_node_kind_name(item),
                      "");
            continue;
        }
        const wf_node *k = item->u.map.pairs[0].key;
        wf_assign *as = &st->u.assign.items[st->u.assign.n];
        as->span = k->span;
        as->value = value(B, item->u.map.pairs[0].value);
        if (k->kind == WF_NODE_EXPR) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, k->span,
                      "an assignment target is written without \"${}\": a name followed by "
                      ".field or [index]");
            continue;
        }
        if (!wf_node_is_scalar(k)) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, k->span,
                      "an assignment target must be a name; got %s", wf_node_kind_name(k));
            continue;
        }
        as->text = k->u.scalar.text;
        as->target = wf_values_parse_target(&B->vx, k);
        st->u.assign.n++;
    }
}

static void build_args(struct builder *B, wf_step *st, const wf_node *n)
{
    st->u.call.args_node = (wf_node *)n;
    if (n->kind == WF_NODE_NULL)
        return; /* `args:` with nothing: no arguments */
    if (n->kind == WF_NODE_LIST) {
        st->u.call.positional = true;
        st->u.call.args = wf_arena_array(B->a, n->u.list.n, sizeof(wf_arg));
        for (size_t i = 0; i < n->u.list.n; i++)
            st->u.call.args[st->u.call.nargs++].value = value(B, n->u.list.items[i]);
        return;
    }
    if (n->kind != WF_NODE_MAP) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "\"args\" must be a map of arguments; got %s",
                  wf_node_kind_name(n));
        return;
    }
    st->u.call.args = wf_arena_array(B->a, n->u.map.n, sizeof(wf_arg));
    for (size_t i = 0; i < n->u.map.n; i++) {
        const wf_node *k = n->u.map.pairs[i].key;
        if (!literal_name(B, k, "an argument name"))
            continue;
        wf_arg *arg = &st->u.call.args[st->u.call.nargs++];
        arg->name = name_of(B, k);
        arg->value = value(B, n->u.map.pairs[i].value);
    }
}

static void build_call(struct builder *B, wf_step *st, const struct fields *f)
{
    const wf_node *target = get(f, "call");
    if (literal_name(B, target, "the target of \"call\""))
        st->u.call.func = name_of(B, target);
    const wf_node *args = get(f, "args");
    if (args)
        build_args(B, st, args);
    const wf_node *result = get(f, "result");
    if (result)
        var_name(B, result, "\"result\"", &st->u.call.result);
}

static wf_loop *build_loop(struct builder *B, const wf_node *map, const char *where,
                           enum wf_block_role role, wf_step *owner)
{
    if (!want_map(B, map, "\"for\""))
        return NULL;
    struct fields f;
    read_fields(B, map, &wf_shape_loop, where, &f);
    wf_loop *lp = wf_arena_zalloc(B->a, sizeof *lp);
    lp->span = map->span;
    if (get(&f, "value"))
        var_name(B, get(&f, "value"), "the loop variable", &lp->value);
    if (get(&f, "index"))
        var_name(B, get(&f, "index"), "the index variable", &lp->index);
    if (get(&f, "in"))
        lp->in = list_value(B, get(&f, "in"), "\"in\"");
    if (get(&f, "range")) {
        const wf_node *r = get(&f, "range");
        lp->range = list_value(B, r, "\"range\"");
        if (r->kind == WF_NODE_LIST && r->u.list.n != 2)
            wf_report(B->d, WF_CHK_INVALID_VALUE, r->span,
                      "\"range\" takes two bounds, [begin, end]; got %zu", r->u.list.n);
    }
    if (get(&f, "steps")) {
        B->loop_depth++;
        lp->body = build_steps(B, get(&f, "steps"), role, owner);
        B->loop_depth--;
    }
    return lp;
}

static void build_branches(struct builder *B, wf_step *st, const wf_node *list)
{
    if (!want_list(B, list, "\"branches\""))
        return;
    if (list->u.list.n == 0) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, list->span, "empty list of branches");
        return;
    }
    st->u.par.branches = wf_arena_array(B->a, list->u.list.n, sizeof(wf_branch));
    for (size_t i = 0; i < list->u.list.n; i++) {
        const wf_node *item = list->u.list.items[i];
        if (item->kind != WF_NODE_MAP || item->u.map.n != 1) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                      "a branch must be a map with one key, its name: NAME: {steps: [...]}");
            continue;
        }
        const wf_node *k = item->u.map.pairs[0].key, *body = item->u.map.pairs[0].value;
        if (!wf_node_is_scalar(k) || !literal_name(B, k, "a branch name"))
            continue;
        wf_branch *br = &st->u.par.branches[st->u.par.nbranches++];
        br->name = name_of(B, k);
        br->span = item->span;
        const char *where = wf_arena_printf(B->a, "branch \"%s\"", br->name.name);
        if (!want_map(B, body, where))
            continue;
        struct fields f;
        read_fields(B, body, &wf_shape_branch, where, &f);
        if (get(&f, "steps"))
            br->body = build_steps(B, get(&f, "steps"), WF_BLOCK_BRANCH, st);
    }
}

static void build_parallel(struct builder *B, wf_step *st, const wf_node *map, const char *where)
{
    if (!want_map(B, map, "\"parallel\""))
        return;
    struct fields f;
    read_fields(B, map, &wf_shape_parallel, where, &f);
    const wf_node *shared = get(&f, "shared");
    if (shared && want_list(B, shared, "\"shared\"")) {
        st->u.par.shared = wf_arena_array(B->a, shared->u.list.n, sizeof(wf_name));
        for (size_t i = 0; i < shared->u.list.n; i++)
            if (var_name(B, shared->u.list.items[i], "a shared variable",
                         &st->u.par.shared[st->u.par.nshared]))
                st->u.par.nshared++;
    }
    const wf_node *limit = get(&f, "concurrency_limit");
    if (limit) {
        st->u.par.concurrency_limit = number_value(B, limit, "\"concurrency_limit\"");
        if (limit->kind == WF_NODE_INT && limit->u.scalar.v.i < 1)
            wf_report(B->d, WF_CHK_INVALID_VALUE, limit->span,
                      "\"concurrency_limit\" must be a positive integer; got %s",
                      limit->u.scalar.text);
        if (limit->kind == WF_NODE_DOUBLE)
            wf_report(B->d, WF_CHK_INVALID_VALUE, limit->span,
                      "\"concurrency_limit\" must be a positive integer; got %s",
                      limit->u.scalar.text);
    }
    const wf_node *policy = get(&f, "exception_policy");
    if (policy) {
        st->u.par.exception_policy = (wf_node *)policy;
        if (policy->kind != WF_NODE_STRING || strcmp(policy->u.scalar.text, "continueAll") != 0)
            wf_report(B->d, WF_CHK_INVALID_VALUE, policy->span,
                      "\"exception_policy\" must be \"continueAll\", the only policy Workflows "
                      "supports; got %s%s%s",
                      wf_node_is_scalar(policy) ? "\"" : "",
                      wf_node_is_scalar(policy) ? policy->u.scalar.text
                                                : wf_node_kind_name(policy),
                      wf_node_is_scalar(policy) ? "\"" : "");
    }
    if (get(&f, "branches"))
        build_branches(B, st, get(&f, "branches"));
    if (get(&f, "for"))
        st->u.par.loop = build_loop(B, get(&f, "for"),
                                    wf_arena_printf(B->a, "the parallel for of %s", where),
                                    WF_BLOCK_PAR_FOR, st);
}

static wf_retry *build_retry(struct builder *B, const wf_node *n, const char *where)
{
    wf_retry *r = wf_arena_zalloc(B->a, sizeof *r);
    r->span = n->span;
    if (n->kind == WF_NODE_EXPR) {
        r->policy = value(B, n);
        return r;
    }
    if (n->kind != WF_NODE_MAP) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span,
                  "\"retry\" must be a policy expression such as ${http.default_retry}, or a map "
                  "with predicate, max_retries and backoff; got %s",
                  wf_node_kind_name(n));
        return NULL;
    }
    struct fields f;
    read_fields(B, n, &wf_shape_retry, where, &f);
    if (get(&f, "predicate"))
        r->predicate = scalar_value(B, get(&f, "predicate"), "\"predicate\"");
    if (get(&f, "max_retries"))
        r->max_retries = number_value(B, get(&f, "max_retries"), "\"max_retries\"");
    const wf_node *bo = get(&f, "backoff");
    if (bo && want_map(B, bo, "\"backoff\"")) {
        struct fields g;
        read_fields(B, bo, &wf_shape_backoff, "\"backoff\"", &g);
        if (get(&g, "initial_delay"))
            r->initial_delay = number_value(B, get(&g, "initial_delay"), "\"initial_delay\"");
        if (get(&g, "max_delay"))
            r->max_delay = number_value(B, get(&g, "max_delay"), "\"max_delay\"");
        if (get(&g, "multiplier"))
            r->multiplier = number_value(B, get(&g, "multiplier"), "\"multiplier\"");
    }
    return r;
}

static wf_except *build_except(struct builder *B, const wf_node *n, const char *where, wf_step *st)
{
    if (!want_map(B, n, "\"except\""))
        return NULL;
    struct fields f;
    read_fields(B, n, &wf_shape_except, where, &f);
    wf_except *ex = wf_arena_zalloc(B->a, sizeof *ex);
    ex->span = n->span;
    if (get(&f, "as"))
        var_name(B, get(&f, "as"), "\"as\"", &ex->as);
    if (get(&f, "steps"))
        ex->body = build_steps(B, get(&f, "steps"), WF_BLOCK_EXCEPT, st);
    return ex;
}

static void build_try(struct builder *B, wf_step *st, const struct fields *f, const char *where)
{
    const wf_node *body = get(f, "try");
    wf_name anon = {NULL, body->span};
    if (body->kind == WF_NODE_LIST) {
        /* A bare list of steps: accepted by Google's schema like {steps: [...]}. */
        wf_step *inner = new_step(B, body, anon, NULL, st);
        inner->kind = WF_STEP_STEPS;
        inner->u.steps = build_steps(B, body, WF_BLOCK_TRY, inner);
        st->u.try_.body = inner;
    } else if (want_map(B, body, "\"try\"")) {
        st->u.try_.body = build_body(B, body, anon, NULL, st);
    }
    if (get(f, "retry"))
        st->u.try_.retry = build_retry(B, get(f, "retry"),
                                       wf_arena_printf(B->a, "the retry policy of %s", where));
    if (get(f, "except"))
        st->u.try_.except = build_except(B, get(f, "except"),
                                         wf_arena_printf(B->a, "the except block of %s", where), st);
}

static void build_switch(struct builder *B, wf_step *st, const wf_node *list, const char *where)
{
    if (!want_list(B, list, "\"switch\""))
        return;
    if (list->u.list.n == 0) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, list->span, "\"switch\" has no conditions");
        return;
    }
    st->u.sw.cases = wf_arena_array(B->a, list->u.list.n, sizeof(wf_case));
    for (size_t i = 0; i < list->u.list.n; i++) {
        const wf_node *item = list->u.list.items[i];
        const char *cwhere = wf_arena_printf(B->a, "condition %zu of %s", i + 1, where);
        if (!want_map(B, item, cwhere))
            continue;
        struct fields f;
        read_fields(B, item, &wf_shape_case, cwhere, &f);
        wf_case *c = &st->u.sw.cases[st->u.sw.n++];
        c->span = item->span;
        if (get(&f, "condition"))
            c->condition = scalar_value(B, get(&f, "condition"), "\"condition\"");
        if (get(&f, "next"))
            build_next(B, get(&f, "next"), &c->next);
        if (f.action >= 0)
            c->body = build_case_body(B, item, &f, st, cwhere);
    }
}

/* Fills the kind-specific part of `st` from its validated fields. */
static void build_kind(struct builder *B, wf_step *st, const struct fields *f, const char *where)
{
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        build_assign(B, st, get(f, "assign"));
        break;
    case WF_STEP_CALL:
        build_call(B, st, f);
        break;
    case WF_STEP_SWITCH:
        build_switch(B, st, get(f, "switch"), where);
        break;
    case WF_STEP_FOR:
        st->u.loop = build_loop(B, get(f, "for"),
                                wf_arena_printf(B->a, "the for loop of %s", where), WF_BLOCK_FOR,
                                st);
        break;
    case WF_STEP_PARALLEL:
        build_parallel(B, st, get(f, "parallel"), where);
        break;
    case WF_STEP_TRY:
        build_try(B, st, f, where);
        break;
    case WF_STEP_RAISE:
        st->u.value = value(B, get(f, "raise"));
        break;
    case WF_STEP_RETURN:
        st->u.value = value(B, get(f, "return"));
        break;
    case WF_STEP_STEPS:
        st->u.steps = build_steps(B, get(f, "steps"),
                                  st->owner && st->owner->kind == WF_STEP_TRY ? WF_BLOCK_TRY
                                  : st->owner                                ? WF_BLOCK_CASE
                                                                             : WF_BLOCK_STEPS,
                                  st);
        break;
    case WF_STEP_JUMP:
    case WF_STEP_KIND_COUNT:
        break;
    }
}

static wf_step *new_step(struct builder *B, const wf_node *map, wf_name name, wf_block *parent,
                         wf_step *owner)
{
    wf_step *st = wf_arena_zalloc(B->a, sizeof *st);
    st->name = name;
    st->span = map->span;
    st->node = map;
    st->parent = parent;
    st->owner = owner;
    return st;
}

/* The inline action of a switch entry, as an anonymous step. */
static wf_step *build_case_body(struct builder *B, const wf_node *map, const struct fields *f,
                                wf_step *sw, const char *where)
{
    wf_name anon = {NULL, map->span};
    wf_step *st = new_step(B, map, anon, NULL, sw);
    st->kind = wf_step_kind_of_key(key_at(f->shape, f->action)->name);
    build_kind(B, st, f, where);
    return st;
}

/* Builds a step body: a named step's, or the anonymous inline body of a
 * try step when `owner` is set. */
static wf_step *build_body(struct builder *B, const wf_node *map, wf_name name, wf_block *parent,
                           wf_step *owner)
{
    wf_step *st = new_step(B, map, name, parent, owner);
    const char *where = name.name ? describe(B, "step ", name.name)
                                  : describe(B, "the try block of step ",
                                             owner ? owner->name.name : NULL);
    struct fields f;
    read_fields(B, map, &wf_shape_step, where, &f);
    st->kind = WF_STEP_JUMP;
    if (f.action >= 0)
        st->kind = wf_step_kind_of_key(key_at(f.shape, f.action)->name);
    else if (!get(&f, "next") && !f.unknown)
        wf_report(B->d, WF_CHK_MISSING_KEY, name.name ? name.span : map->span,
                  "%s does nothing: expected one of %s", where, wf_shape_step.actions);
    const wf_node *next = get(&f, "next");
    if (next) {
        build_next(B, next, &st->next);
        if (st->kind == WF_STEP_RETURN || st->kind == WF_STEP_RAISE)
            wf_report(B->d, WF_CHK_NEXT_AFTER_RETURN, get_key(&f, "next")->span,
                      "\"next\" is never taken: the step ends with \"%s\"",
                      wf_step_kind_name(st->kind));
    }
    build_kind(B, st, &f, where);
    return st;
}

/* One item of a list of steps: `- NAME: BODY`. */
static wf_step *build_step(struct builder *B, const wf_node *item, wf_block *block)
{
    if (item->kind != WF_NODE_MAP || item->u.map.n == 0) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                  "expected a step, a map with one key (the step name); got %s",
                  wf_node_kind_name(item));
        return NULL;
    }
    const wf_node *k = item->u.map.pairs[0].key, *body = item->u.map.pairs[0].value;
    if (item->u.map.n > 1) {
        const wf_node *k2 = item->u.map.pairs[1].key;
        const char *k2s = wf_node_is_scalar(k2) ? k2->u.scalar.text : "";
        if (wf_shape_key(&wf_shape_step, k2s) && wf_node_is_scalar(k))
            wf_report(B->d, WF_CHK_WRONG_TYPE, k2->span,
                      "\"%s\" sits beside step \"%s\" instead of inside it; indent it under the "
                      "step name",
                      k2s, k->u.scalar.text);
        else
            wf_report(B->d, WF_CHK_WRONG_TYPE, k2->span,
                      "a step is a map with one key, its name; this one has %zu keys",
                      item->u.map.n);
    }
    if (!wf_node_is_scalar(k) || k->kind == WF_NODE_EXPR || k->u.scalar.len == 0 ||
        k->kind == WF_NODE_NULL) {
        wf_report(B->d, WF_CHK_INVALID_NAME, k->span, "%s",
                  k->kind == WF_NODE_EXPR ? "a step name must be written literally, not as an "
                                            "expression"
                                          : "a step needs a name");
        return NULL;
    }
    wf_name name = name_of(B, k);
    if (body->kind == WF_NODE_NULL) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, k->span, "step \"%s\" has an empty body", name.name);
        return NULL;
    }
    if (!want_map(B, body, describe(B, "the body of step ", name.name)))
        return NULL;
    if (B->loop_depth > 0 && (strcmp(name.name, "break") == 0 || strcmp(name.name, "continue") == 0))
        wf_report(B->d, WF_CHK_RESERVED_NAME, k->span,
                  "a step inside a for loop cannot be named \"%s\"; it is the reserved jump "
                  "target \"next: %s\"",
                  name.name, name.name);
    wf_step *st = build_body(B, body, name, block, NULL);
    wf_step *first = remember_step(B, st);
    if (first) {
        wf_diag *dg = wf_report(B->d, WF_CHK_DUPLICATE_STEP, k->span,
                                "step \"%s\" is defined twice in workflow \"%s\"", name.name,
                                B->sub->name.name);
        wf_diag_note(B->d, dg, first->name.span, "first defined here");
    }
    B->sub->nsteps++;
    return st;
}

static wf_block *build_steps(struct builder *B, const wf_node *list, enum wf_block_role role,
                             wf_step *owner)
{
    wf_block *blk = wf_arena_zalloc(B->a, sizeof *blk);
    blk->role = role;
    blk->span = list->span;
    blk->owner = owner;
    blk->sub = B->sub;
    if (list->kind != WF_NODE_LIST) {
        if (list->kind == WF_NODE_NULL)
            wf_report(B->d, WF_CHK_EMPTY_STEPS, list->span, "empty list of steps");
        else
            wf_report(B->d, WF_CHK_WRONG_TYPE, list->span,
                      "expected a list of steps (each item \"- name: ...\"); got %s",
                      wf_node_kind_name(list));
        return blk;
    }
    if (list->u.list.n == 0) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, list->span,
                  "empty list of steps; Workflows needs at least one step here");
        return blk;
    }
    blk->steps = wf_arena_array(B->a, list->u.list.n, sizeof *blk->steps);
    for (size_t i = 0; i < list->u.list.n; i++) {
        wf_step *st = build_step(B, list->u.list.items[i], blk);
        if (st)
            blk->steps[blk->n++] = st;
    }
    return blk;
}

/* ---- workflows ---- */

static void build_params(struct builder *B, wf_sub *sub, const wf_node *list)
{
    sub->has_params = true;
    if (list->kind == WF_NODE_NULL)
        return;
    if (!want_list(B, list, "\"params\""))
        return;
    sub->params = wf_arena_array(B->a, list->u.list.n, sizeof(wf_param));
    for (size_t i = 0; i < list->u.list.n; i++) {
        const wf_node *item = list->u.list.items[i], *nm = item, *def = NULL;
        if (item->kind == WF_NODE_MAP && item->u.map.n == 1) {
            nm = item->u.map.pairs[0].key;
            def = item->u.map.pairs[0].value;
        } else if (item->kind == WF_NODE_MAP) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                      "a parameter with a default is a map with one key, NAME: DEFAULT");
            continue;
        }
        wf_param pm = {{NULL, nm->span}, NULL};
        if (!var_name(B, nm, "a parameter name", &pm.name))
            continue;
        pm.def = def ? value(B, def) : NULL;
        for (size_t j = 0; j < sub->nparams; j++) {
            if (sub->params[j].name.name == pm.name.name) {
                wf_diag *dg = wf_report(B->d, WF_CHK_DUPLICATE_KEY, nm->span,
                                        "parameter \"%s\" is declared twice", pm.name.name);
                wf_diag_note(B->d, dg, sub->params[j].name.span, "first declared here");
                pm.name.name = NULL;
                break;
            }
        }
        if (pm.name.name)
            sub->params[sub->nparams++] = pm;
    }
}

static wf_sub *new_sub(struct builder *B, wf_name name, wf_span span)
{
    wf_sub *sub = wf_arena_zalloc(B->a, sizeof *sub);
    sub->name = name;
    sub->span = span;
    B->sub = sub;
    memset(&B->names, 0, sizeof B->names);
    return sub;
}

static wf_sub *build_workflow(struct builder *B, const wf_node *key, const wf_node *body)
{
    wf_sub *sub = new_sub(B, name_of(B, key), body->span);
    const char *where = wf_arena_printf(B->a, "workflow \"%s\"", sub->name.name);
    if (!want_map(B, body, where))
        return sub;
    struct fields f;
    read_fields(B, body, &wf_shape_workflow, where, &f);
    if (get(&f, "params"))
        build_params(B, sub, get(&f, "params"));
    if (get(&f, "steps"))
        sub->body = build_steps(B, get(&f, "steps"), WF_BLOCK_SUB, NULL);
    return sub;
}

static void check_main_params(struct builder *B, const wf_sub *main)
{
    if (main->nparams > 1)
        wf_report(B->d, WF_CHK_INVALID_VALUE, main->params[1].name.span,
                  "workflow \"main\" takes a single parameter, which receives the whole "
                  "execution argument; got %zu",
                  main->nparams);
    for (size_t i = 0; i < main->nparams; i++)
        if (main->params[i].def)
            wf_report(B->d, WF_CHK_INVALID_VALUE, main->params[i].def->span,
                      "the parameter of \"main\" cannot have a default; it is null when the "
                      "execution has no argument");
}

static void build_map_form(struct builder *B, wf_program *p, const wf_node *root)
{
    p->subs = wf_arena_array(B->a, root->u.map.n, sizeof *p->subs);
    for (size_t i = 0; i < root->u.map.n; i++) {
        const wf_node *k = root->u.map.pairs[i].key, *v = root->u.map.pairs[i].value;
        if (!wf_node_is_scalar(k) || !literal_name(B, k, "a workflow name"))
            continue;
        if (wf_shape_key(&wf_shape_workflow, k->u.scalar.text) ||
            wf_shape_key(&wf_shape_step, k->u.scalar.text)) {
            wf_report(B->d, WF_CHK_WRONG_TYPE, k->span,
                      "\"%s\" at the top level: expected a map of workflows (main: {steps: "
                      "[...]}) or a list of steps",
                      k->u.scalar.text);
            continue;
        }
        wf_sub *sub = build_workflow(B, k, v);
        if (!wf_ir_valid_var_name(sub->name.name))
            wf_report(B->d, WF_CHK_INVALID_NAME, k->span,
                      "\"%s\" is not a valid workflow name; use letters, digits and underscores, "
                      "not starting with a digit",
                      sub->name.name);
        p->subs[p->nsubs++] = sub;
        if (strcmp(sub->name.name, "main") == 0)
            p->main = sub;
    }
    if (!p->main && p->nsubs > 0)
        wf_report(B->d, WF_CHK_MISSING_KEY, wf_span_point(p->src, root->span.line, root->span.col),
                  "no workflow named \"main\"; a file of workflows starts at \"main\"");
    if (p->main)
        check_main_params(B, p->main);
}

wf_program *wf_build(wf_arena *a, wf_strtab *strs, const wf_source *src, wf_node *root,
                     wf_diags *d)
{
    struct builder B = {.vx = {a, strs, d}, .a = a, .d = d};
    wf_program *p = wf_arena_zalloc(a, sizeof *p);
    p->src = src;
    p->root = root;
    p->arena = a;
    p->strs = strs;
    B.prog = p;
    if (root->kind == WF_NODE_LIST) {
        p->simple = true;
        wf_name main_name = {wf_intern_cstr(strs, "main"), root->span};
        wf_sub *sub = new_sub(&B, main_name, root->span);
        sub->body = build_steps(&B, root, WF_BLOCK_SUB, NULL);
        p->subs = wf_arena_array(a, 1, sizeof *p->subs);
        p->subs[p->nsubs++] = sub;
        p->main = sub;
    } else if (root->kind == WF_NODE_MAP) {
        build_map_form(&B, p, root);
    } else {
        wf_report(d, WF_CHK_WRONG_TYPE, root->span,
                  "expected a map of workflows or a list of steps; got %s",
                  wf_node_kind_name(root));
    }
    return p;
}

wf_program *wf_build_file(wf_arena *a, wf_strtab *strs, const char *path, wf_diags *d)
{
    struct wf_source_error err;
    wf_source *src = wf_source_load(a, path, &err);
    if (!src) {
        wf_source *named = wf_arena_zalloc(a, sizeof *named);
        named->name = wf_arena_strndup(a, path, strlen(path));
        named->text = "";
        wf_span sp = {named, 0, 0, 0, 0};
        wf_report(d, WF_CHK_IO_ERROR, sp, "%s", err.msg);
        return NULL;
    }
    if (err.msg) {
        wf_report(d, WF_CHK_YAML_SYNTAX, wf_span_point(src, err.line, err.col), "%s", err.msg);
        return NULL;
    }
    wf_node *root = wf_yaml_load(a, src, d);
    if (!root)
        return NULL;
    return wf_build(a, strs, src, root, d);
}
