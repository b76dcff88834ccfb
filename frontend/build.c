/*
 * build.c - node tree to IR, checking structure on the way.
 *
 * Every map of the language is first validated against its shape
 * (frontend/shape.c, from the table of ir/schema.c), then read key by key
 * into the IR. A value of the wrong type is reported and left out, so
 * building always finishes and reports every problem of a file in one run.
 * Expressions inside values are parsed by frontend/values.c. Recursion
 * follows the nesting of the document, which the loader bounds.
 *
 * Each map is described for messages by a `where` (frontend/shape.h) that
 * its parent builds on the stack ("the retry policy of step \"fetch\""), so
 * a message always says which step it is about; the text is made only when
 * a diagnostic needs it.
 */
#include "config.h"

#include "frontend/build.h"

#include <string.h>

#include "frontend/expr.h"
#include "frontend/shape.h"
#include "frontend/values.h"
#include "frontend/yaml.h"
#include "ir/report.h"
#include "ir/schema.h"
#include "support/suggest.h"

/* Step names of the current workflow: interned name -> first definition. */
struct name_table {
    const char **names;
    wf_span *spans;
    size_t cap, count;
};

struct builder {
    struct wf_values vx; /* arena, strings, diagnostics */
    const wf_node *root;
    wf_arena *a;
    wf_diags *d;
    wf_sub *sub; /* the workflow being built */
    struct name_table names;
    int loop_depth; /* for loops around the current step */
    bool library;   /* a file of subworkflows for another file's main */
};

static wf_step *build_body(struct builder *B, const wf_node *map, wf_name name, wf_block *parent,
                           wf_step *owner, const struct wf_where *where);
static wf_block *build_steps(struct builder *B, const wf_node *list, enum wf_block_role role,
                             wf_step *owner);

/* A step at `node` (its body map, or the list of an inline `try`). */
static wf_step *new_step(struct builder *B, const wf_node *node, wf_name name, wf_block *parent,
                         wf_step *owner)
{
    wf_step *st = wf_arena_zalloc(B->a, sizeof *st);
    st->name = name;
    st->span = node->span;
    st->node = node;
    st->parent = parent;
    st->owner = owner;
    return st;
}

/* ---- names ---- */

/* A name written as a number, boolean or null (a step `0x1F:`) is the
 * string Workflows makes of it, as for any key: "31", whatever the
 * spelling, the one `wfc emit` writes. */
static wf_name name_of(struct builder *B, const wf_node *n)
{
    if (n->kind <= WF_NODE_DOUBLE) {
        char text[40];
        wf_node_key_text(n, text, sizeof text);
        return (wf_name){wf_intern_cstr(B->vx.strs, text), n->span};
    }
    wf_name nm = {wf_intern(B->vx.strs, n->u.scalar.text, n->len), n->span};
    return nm;
}

static size_t ptr_hash(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

static void grow_names(struct builder *B)
{
    struct name_table *t = &B->names;
    size_t cap = t->cap ? t->cap * 2 : 64;
    const char **names = wf_arena_array(B->a, cap, sizeof *names);
    wf_span *spans = wf_arena_array(B->a, cap, sizeof *spans);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->names[i])
            continue;
        size_t j = ptr_hash(t->names[i], cap);
        while (names[j])
            j = (j + 1) & (cap - 1);
        names[j] = t->names[i];
        spans[j] = t->spans[i];
    }
    t->names = names;
    t->spans = spans;
    t->cap = cap;
}

/* Records a step name; returns where it was first defined, or NULL. */
static const wf_span *remember_step(struct builder *B, wf_name name)
{
    struct name_table *t = &B->names;
    if ((t->count + 1) * 2 > t->cap)
        grow_names(B);
    size_t j = ptr_hash(name.name, t->cap);
    while (t->names[j]) {
        if (t->names[j] == name.name)
            return &t->spans[j];
        j = (j + 1) & (t->cap - 1);
    }
    t->names[j] = name.name;
    t->spans[j] = name.span;
    t->count++;
    return NULL;
}

/* A literal string where Workflows wants a name. `what` names the role. */
static bool literal_name(struct builder *B, const wf_node *n, const char *what)
{
    if (wf_values_unclosed(&B->vx, n))
        return false;
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
        wf_values_bad_name(&B->vx, n);
        return false;
    }
    *out = name_of(B, n);
    return true;
}

/* The text of a where, for a message. */
static const char *W(struct builder *B, const struct wf_where *w)
{
    return wf_where_str(B->a, w);
}

/* ---- values ---- */

/* Checks that `n` is a map, else reports; `what` describes the value. */
static bool want_map(struct builder *B, const wf_node *n, const struct wf_where *what)
{
    if (n->kind == WF_NODE_MAP)
        return true;
    if (!wf_values_unclosed(&B->vx, n))
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a map; got %s", W(B, what),
                  wf_node_kind_name(n));
    return false;
}

/* Checks that `n` is a non-empty list; `what` describes it ("\"assign\""). */
static bool want_items(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_NULL || (n->kind == WF_NODE_LIST && n->len == 0)) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, n->span, "%s is empty", what);
        return false;
    }
    if (n->kind == WF_NODE_LIST)
        return true;
    if (!wf_values_unclosed(&B->vx, n))
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a list; got %s", what,
                  wf_node_kind_name(n));
    return false;
}

/* A value Workflows evaluates: expressions anywhere inside are parsed. */
static wf_node *value(struct builder *B, const wf_node *n)
{
    wf_values_prepare(&B->vx, (wf_node *)n);
    return (wf_node *)n;
}

/* A scalar or an expression (condition, predicate). */
static wf_node *scalar_value(struct builder *B, const wf_node *n, const char *what)
{
    if (wf_node_is_scalar(n))
        return value(B, n);
    wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be an expression or a literal; got %s",
              what, wf_node_kind_name(n));
    return NULL;
}

/* A number or an expression (max_retries, backoff, concurrency_limit). */
static wf_node *number_value(struct builder *B, const wf_node *n, const char *what)
{
    /* A string here is usually a missing "${}": the checks say which
     * (missing-dollar-brace or type-error), with a fix-it. */
    if (n->kind == WF_NODE_INT || n->kind == WF_NODE_DOUBLE || n->kind == WF_NODE_EXPR ||
        (n->kind == WF_NODE_STRING && !wf_values_unclosed(&B->vx, n)))
        return value(B, n);
    if (!wf_values_unclosed(&B->vx, n))
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a number or an expression; got %s",
                  what, wf_node_kind_name(n));
    return NULL;
}

/* A literal list or an expression (for.in, for.range). */
static wf_node *list_value(struct builder *B, const wf_node *n, const char *what)
{
    if (n->kind == WF_NODE_LIST || n->kind == WF_NODE_EXPR ||
        (n->kind == WF_NODE_STRING && !wf_values_unclosed(&B->vx, n)))
        return value(B, n); /* a string: see number_value */
    if (!wf_values_unclosed(&B->vx, n))
        wf_report(B->d, WF_CHK_WRONG_TYPE, n->span, "%s must be a list or an expression; got %s",
                  what, wf_node_kind_name(n));
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

/* `next` beside `return` or `raise` is dead. */
static void check_dead_next(struct builder *B, const wf_step *body, const wf_node *next_key)
{
    if (body && next_key && (body->kind == WF_STEP_RETURN || body->kind == WF_STEP_RAISE))
        wf_report(B->d, WF_CHK_NEXT_AFTER_RETURN, next_key->span,
                  "\"next\" is never taken: the step ends with \"%s\"",
                  wf_step_kind_name(body->kind));
}

static void build_one_assign(struct builder *B, wf_step *st, const wf_node *item)
{
    if (item->kind != WF_NODE_MAP || item->len != 1) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                  "each assignment must be a map with one key, TARGET: VALUE; got %s",
                  item->kind == WF_NODE_MAP ? "a map with several keys" : wf_node_kind_name(item));
        return;
    }
    const wf_node *k = item->u.pairs[0].key;
    wf_assign *as = &st->u.assign.items[st->u.assign.n];
    as->span = k->span;
    as->value = value(B, item->u.pairs[0].value);
    if (k->kind == WF_NODE_EXPR) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, k->span,
                  "an assignment target is written without \"${}\": a name followed by .field "
                  "or [index]");
        return;
    }
    if (!wf_node_is_scalar(k)) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, k->span, "an assignment target must be a name; got %s",
                  wf_node_kind_name(k));
        return;
    }
    as->text = k->u.scalar.text;
    as->key = k;
    as->target = wf_values_parse_target(&B->vx, k);
    st->u.assign.n++;
}

static void build_assign(struct builder *B, wf_step *st, const wf_node *list)
{
    if (!want_items(B, list, "\"assign\""))
        return;
    st->u.assign.items = wf_arena_array(B->a, list->len, sizeof(wf_assign));
    for (size_t i = 0; i < list->len; i++)
        build_one_assign(B, st, list->u.items[i]);
}

static void build_args(struct builder *B, wf_step *st, const wf_node *n)
{
    st->u.call.args_node = (wf_node *)n;
    if (n->kind == WF_NODE_NULL)
        return; /* `args:` with nothing: no arguments */
    if (n->kind == WF_NODE_LIST) {
        st->u.call.positional = true;
        st->u.call.args = wf_arena_array(B->a, n->len, sizeof(wf_arg));
        for (size_t i = 0; i < n->len; i++)
            st->u.call.args[st->u.call.nargs++].value = value(B, n->u.items[i]);
        return;
    }
    if (n->kind != WF_NODE_MAP) {
        if (!wf_values_unclosed(&B->vx, n))
            wf_report(B->d, WF_CHK_WRONG_TYPE, n->span,
                      "\"args\" must be a map of arguments; got %s", wf_node_kind_name(n));
        return;
    }
    st->u.call.args = wf_arena_array(B->a, n->len, sizeof(wf_arg));
    for (size_t i = 0; i < n->len; i++) {
        const wf_node *k = n->u.pairs[i].key;
        if (!literal_name(B, k, "an argument name"))
            continue;
        wf_arg *arg = &st->u.call.args[st->u.call.nargs++];
        arg->name = name_of(B, k);
        arg->value = value(B, n->u.pairs[i].value);
    }
}

static void build_call(struct builder *B, wf_step *st, const struct wf_fields *f)
{
    const wf_node *target = wf_fields_get(f, "call");
    if (literal_name(B, target, "the target of \"call\""))
        st->u.call.func = name_of(B, target);
    const wf_node *args = wf_fields_get(f, "args");
    if (args)
        build_args(B, st, args);
    const wf_node *result = wf_fields_get(f, "result");
    if (result)
        var_name(B, result, "\"result\"", &st->u.call.result);
}

/* The loop of `for:` or of `parallel: {for: ...}`; `key` is that "for" key. */
static wf_loop *build_loop(struct builder *B, const wf_node *key, const wf_node *map,
                           const struct wf_where *where, enum wf_block_role role, wf_step *owner)
{
    if (!want_map(B, map, WF_WHERE("\"for\"")))
        return NULL;
    struct wf_fields f;
    wf_fields_read(B->d, map, &wf_shape_loop, where, key->span, &f);
    wf_loop *lp = wf_arena_zalloc(B->a, sizeof *lp);
    lp->span = map->span;
    if (wf_fields_get(&f, "value"))
        var_name(B, wf_fields_get(&f, "value"), "the loop variable", &lp->value);
    if (wf_fields_get(&f, "index"))
        var_name(B, wf_fields_get(&f, "index"), "the index variable", &lp->index);
    if (wf_fields_get(&f, "in"))
        lp->in = list_value(B, wf_fields_get(&f, "in"), "\"in\"");
    const wf_node *r = wf_fields_get(&f, "range");
    if (r) {
        lp->range = list_value(B, r, "\"range\"");
        if (r->kind == WF_NODE_LIST && r->len != 2)
            wf_report(B->d, WF_CHK_INVALID_VALUE, r->span,
                      "\"range\" takes two bounds, [begin, end]; got %u", r->len);
    }
    if (wf_fields_get(&f, "steps")) {
        B->loop_depth++;
        lp->body = build_steps(B, wf_fields_get(&f, "steps"), role, owner);
        B->loop_depth--;
    }
    return lp;
}

/* One `- NAME: {steps: [...]}` of `branches`. */
static void build_branch(struct builder *B, wf_step *st, const wf_node *item,
                         const struct wf_where *where)
{
    if (item->kind != WF_NODE_MAP || item->len != 1) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                  "a branch must be a map with one key, its name: NAME: {steps: [...]}");
        return;
    }
    const wf_node *k = item->u.pairs[0].key, *body = item->u.pairs[0].value;
    if (!wf_node_is_scalar(k) || k->kind == WF_NODE_EXPR || k->kind == WF_NODE_NULL) {
        literal_name(B, k, "a branch name");
        return;
    }
    wf_branch *br = &st->u.par.branches[st->u.par.nbranches];
    br->name = name_of(B, k);
    br->span = item->span;
    for (size_t i = 0; i < st->u.par.nbranches; i++) {
        if (st->u.par.branches[i].name.name == br->name.name) {
            wf_diag *dg =
                wf_report(B->d, WF_CHK_DUPLICATE_STEP, k->span,
                          "branch \"%s\" is defined twice in %s", br->name.name, W(B, where));
            wf_diag_note(B->d, dg, st->u.par.branches[i].name.span, "first defined here");
        }
    }
    st->u.par.nbranches++;
    const struct wf_where *bwhere = WF_NAMED("branch", br->name.name);
    if (!want_map(B, body, bwhere))
        return;
    struct wf_fields f;
    wf_fields_read(B->d, body, &wf_shape_branch, bwhere, k->span, &f);
    if (wf_fields_get(&f, "steps"))
        br->body = build_steps(B, wf_fields_get(&f, "steps"), WF_BLOCK_BRANCH, st);
}

static void build_shared(struct builder *B, wf_step *st, const wf_node *shared)
{
    if (!want_items(B, shared, "\"shared\""))
        return;
    st->u.par.shared = wf_arena_array(B->a, shared->len, sizeof(wf_name));
    for (size_t i = 0; i < shared->len; i++)
        if (var_name(B, shared->u.items[i], "a shared variable",
                     &st->u.par.shared[st->u.par.nshared]))
            st->u.par.nshared++;
}

static void check_concurrency_limit(struct builder *B, const wf_node *limit)
{
    if ((limit->kind == WF_NODE_INT && limit->u.scalar.v.i < 1) || limit->kind == WF_NODE_DOUBLE)
        wf_report(B->d, WF_CHK_INVALID_VALUE, limit->span,
                  "\"concurrency_limit\" must be a positive integer; got %s", limit->u.scalar.text);
}

static void check_exception_policy(struct builder *B, const wf_node *policy)
{
    static const char only[] = "continueAll";
    if (policy->kind == WF_NODE_STRING && strcmp(policy->u.scalar.text, only) == 0)
        return;
    const char *cands[] = {only};
    bool close = wf_node_is_scalar(policy) && wf_suggest(policy->u.scalar.text, cands, 1);
    if (wf_node_is_scalar(policy))
        wf_report(B->d, WF_CHK_INVALID_VALUE, policy->span,
                  "\"exception_policy\" must be \"continueAll\", the only policy Workflows "
                  "supports; got \"%s\"%s",
                  policy->u.scalar.text, close ? " (mind the case)" : "");
    else
        wf_report(B->d, WF_CHK_INVALID_VALUE, policy->span,
                  "\"exception_policy\" must be \"continueAll\", the only policy Workflows "
                  "supports; got %s",
                  wf_node_kind_name(policy));
}

static void build_parallel(struct builder *B, wf_step *st, const struct wf_fields *sf,
                           const struct wf_where *where)
{
    const wf_node *key = wf_fields_key(sf, "parallel"), *map = wf_fields_get(sf, "parallel");
    if (!want_map(B, map, WF_WHERE("\"parallel\"")))
        return;
    const struct wf_where *pwhere = WF_PART("the parallel block", where);
    struct wf_fields f;
    wf_fields_read(B->d, map, &wf_shape_parallel, pwhere, key->span, &f);
    if (wf_fields_get(&f, "shared"))
        build_shared(B, st, wf_fields_get(&f, "shared"));
    const wf_node *limit = wf_fields_get(&f, "concurrency_limit");
    if (limit && (st->u.par.concurrency_limit = number_value(B, limit, "\"concurrency_limit\"")))
        check_concurrency_limit(B, limit);
    const wf_node *policy = wf_fields_get(&f, "exception_policy");
    if (policy) {
        st->u.par.exception_policy = (wf_node *)policy;
        check_exception_policy(B, policy);
    }
    const wf_node *branches = wf_fields_get(&f, "branches");
    if (branches && want_items(B, branches, "\"branches\"")) {
        st->u.par.branches = wf_arena_array(B->a, branches->len, sizeof(wf_branch));
        for (size_t i = 0; i < branches->len; i++)
            build_branch(B, st, branches->u.items[i], pwhere);
    }
    if (wf_fields_get(&f, "for"))
        st->u.par.loop = build_loop(B, wf_fields_key(&f, "for"), wf_fields_get(&f, "for"),
                                    WF_PART("the parallel for loop", where), WF_BLOCK_PAR_FOR, st);
}

static wf_retry *build_retry(struct builder *B, const wf_node *key, const wf_node *n,
                             const struct wf_where *where)
{
    wf_retry *r = wf_arena_zalloc(B->a, sizeof *r);
    r->span = n->span;
    if (n->kind == WF_NODE_EXPR) {
        r->policy = value(B, n);
        return r;
    }
    if (n->kind != WF_NODE_MAP) {
        if (!wf_values_unclosed(&B->vx, n))
            wf_report(B->d, WF_CHK_WRONG_TYPE, n->span,
                      "\"retry\" must be a policy expression such as ${http.default_retry}, or a "
                      "map with predicate, max_retries and backoff; got %s",
                      wf_node_kind_name(n));
        return NULL;
    }
    struct wf_fields f;
    wf_fields_read(B->d, n, &wf_shape_retry, where, key->span, &f);
    if (wf_fields_get(&f, "predicate"))
        r->predicate = scalar_value(B, wf_fields_get(&f, "predicate"), "\"predicate\"");
    if (wf_fields_get(&f, "max_retries"))
        r->max_retries = number_value(B, wf_fields_get(&f, "max_retries"), "\"max_retries\"");
    const wf_node *bo = wf_fields_get(&f, "backoff");
    if (!bo || !want_map(B, bo, WF_WHERE("\"backoff\"")))
        return r;
    struct wf_fields g;
    wf_fields_read(B->d, bo, &wf_shape_backoff, WF_PART("the backoff", where),
                   wf_fields_key(&f, "backoff")->span, &g);
    if (wf_fields_get(&g, "initial_delay"))
        r->initial_delay = number_value(B, wf_fields_get(&g, "initial_delay"), "\"initial_delay\"");
    if (wf_fields_get(&g, "max_delay"))
        r->max_delay = number_value(B, wf_fields_get(&g, "max_delay"), "\"max_delay\"");
    if (wf_fields_get(&g, "multiplier"))
        r->multiplier = number_value(B, wf_fields_get(&g, "multiplier"), "\"multiplier\"");
    return r;
}

static wf_except *build_except(struct builder *B, const wf_node *key, const wf_node *n,
                               const struct wf_where *where, wf_step *st)
{
    if (!want_map(B, n, WF_WHERE("\"except\"")))
        return NULL;
    struct wf_fields f;
    wf_fields_read(B->d, n, &wf_shape_except, where, key->span, &f);
    wf_except *ex = wf_arena_zalloc(B->a, sizeof *ex);
    ex->span = n->span;
    if (wf_fields_get(&f, "as"))
        var_name(B, wf_fields_get(&f, "as"), "\"as\"", &ex->as);
    if (wf_fields_get(&f, "steps"))
        ex->body = build_steps(B, wf_fields_get(&f, "steps"), WF_BLOCK_EXCEPT, st);
    return ex;
}

static void build_try(struct builder *B, wf_step *st, const struct wf_fields *f,
                      const struct wf_where *where)
{
    const wf_node *body = wf_fields_get(f, "try");
    wf_name anon = {NULL, body->span};
    if (body->kind == WF_NODE_LIST) {
        /* A bare list of steps: accepted by Google's schema like {steps: [...]}. */
        wf_step *inner = new_step(B, body, anon, NULL, st);
        inner->kind = WF_STEP_STEPS;
        inner->u.steps = build_steps(B, body, WF_BLOCK_TRY, inner);
        st->u.try_.body = inner;
    } else if (body->kind == WF_NODE_MAP) {
        st->u.try_.body = build_body(B, body, anon, NULL, st, WF_PART("the try block", where));
    } else if (!wf_values_unclosed(&B->vx, body)) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, body->span,
                  "\"try\" must be a step body or a list of steps; got %s",
                  wf_node_kind_name(body));
    }
    if (wf_fields_get(f, "retry"))
        st->u.try_.retry = build_retry(B, wf_fields_key(f, "retry"), wf_fields_get(f, "retry"),
                                       WF_PART("the retry policy", where));
    if (wf_fields_get(f, "except"))
        st->u.try_.except = build_except(B, wf_fields_key(f, "except"), wf_fields_get(f, "except"),
                                         WF_PART("the except block", where), st);
}

static void build_kind(struct builder *B, wf_step *st, const struct wf_fields *f,
                       const struct wf_where *where);

/* The inline action of a switch entry, as an anonymous step. */
static wf_step *build_case_body(struct builder *B, const wf_node *map, const struct wf_fields *f,
                                wf_step *sw, const struct wf_where *where)
{
    wf_name anon = {NULL, map->span};
    wf_step *st = new_step(B, map, anon, NULL, sw);
    st->kind = wf_step_kind_of_key(wf_fields_action(f));
    build_kind(B, st, f, where);
    return st;
}

static void build_case(struct builder *B, wf_step *st, const wf_node *item,
                       const struct wf_where *cwhere)
{
    if (!want_map(B, item, cwhere))
        return;
    struct wf_fields f;
    wf_fields_read(B->d, item, &wf_shape_case, cwhere, item->span, &f);
    wf_case *c = &st->u.sw.cases[st->u.sw.n++];
    c->span = item->span;
    if (wf_fields_get(&f, "condition"))
        c->condition = scalar_value(B, wf_fields_get(&f, "condition"), "\"condition\"");
    if (wf_fields_get(&f, "next"))
        build_next(B, wf_fields_get(&f, "next"), &c->next);
    if (f.action >= 0)
        c->body = build_case_body(B, item, &f, st, cwhere);
    check_dead_next(B, c->body, wf_fields_key(&f, "next"));
}

static void build_switch(struct builder *B, wf_step *st, const wf_node *list,
                         const struct wf_where *where)
{
    if (!want_items(B, list, "\"switch\""))
        return;
    st->u.sw.cases = wf_arena_array(B->a, list->len, sizeof(wf_case));
    for (size_t i = 0; i < list->len; i++)
        build_case(B, st, list->u.items[i], WF_NTH("condition", (unsigned)i + 1, where));
}

/* The block role of `steps:` in a step: nested steps, a switch entry's
 * steps or the steps of `try: {steps: ...}`. */
static enum wf_block_role steps_role(const wf_step *st)
{
    if (!st->owner)
        return WF_BLOCK_STEPS;
    return st->owner->kind == WF_STEP_TRY ? WF_BLOCK_TRY : WF_BLOCK_CASE;
}

/* Fills the kind-specific part of `st` from its validated fields. */
static void build_kind(struct builder *B, wf_step *st, const struct wf_fields *f,
                       const struct wf_where *where)
{
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        build_assign(B, st, wf_fields_get(f, "assign"));
        break;
    case WF_STEP_CALL:
        build_call(B, st, f);
        break;
    case WF_STEP_SWITCH:
        build_switch(B, st, wf_fields_get(f, "switch"), where);
        break;
    case WF_STEP_FOR:
        st->u.loop = build_loop(B, wf_fields_key(f, "for"), wf_fields_get(f, "for"),
                                WF_PART("the for loop", where), WF_BLOCK_FOR, st);
        break;
    case WF_STEP_PARALLEL:
        build_parallel(B, st, f, where);
        break;
    case WF_STEP_TRY:
        build_try(B, st, f, where);
        break;
    case WF_STEP_RAISE:
        st->u.value = value(B, wf_fields_get(f, "raise"));
        break;
    case WF_STEP_RETURN:
        st->u.value = value(B, wf_fields_get(f, "return"));
        break;
    case WF_STEP_STEPS:
        st->u.steps = build_steps(B, wf_fields_get(f, "steps"), steps_role(st), st);
        break;
    case WF_STEP_JUMP:
    case WF_STEP_KIND_COUNT:
        break;
    }
}

/* Builds a step body: a named step's, or the anonymous inline body of a
 * try step when `owner` is set. `where` describes the body. */
static wf_step *build_body(struct builder *B, const wf_node *map, wf_name name, wf_block *parent,
                           wf_step *owner, const struct wf_where *where)
{
    wf_step *st = new_step(B, map, name, parent, owner);
    struct wf_fields f;
    wf_span at = name.name ? name.span : map->span;
    wf_fields_read(B->d, map, &wf_shape_step, where, at, &f);
    st->kind = WF_STEP_JUMP;
    if (f.action >= 0)
        st->kind = wf_step_kind_of_key(wf_fields_action(&f));
    else if (!wf_fields_get(&f, "next") && !f.bad)
        wf_report(B->d, WF_CHK_MISSING_KEY, at,
                  "%s does nothing: expected one of %s, or a \"next\"", W(B, where),
                  wf_shape_step.actions);
    const wf_node *next = wf_fields_get(&f, "next");
    if (next)
        build_next(B, next, &st->next);
    check_dead_next(B, st, wf_fields_key(&f, "next"));
    build_kind(B, st, &f, where);
    return st;
}

/* The name of a step item, or false after a report. */
static bool step_name(struct builder *B, const wf_node *k, wf_name *out)
{
    if (!wf_node_is_scalar(k) || k->kind == WF_NODE_EXPR || k->kind == WF_NODE_NULL ||
        k->len == 0) {
        wf_report(B->d, WF_CHK_INVALID_NAME, k->span, "%s",
                  k->kind == WF_NODE_EXPR ? "a step name must be written literally, not as an "
                                            "expression"
                                          : "a step needs a name");
        return false;
    }
    *out = name_of(B, k);
    return true;
}

/* A second key in a step item: usually a body key indented too little. */
static void report_sibling_key(struct builder *B, const wf_node *item)
{
    const wf_node *k = item->u.pairs[0].key, *k2 = item->u.pairs[1].key;
    const char *k2s = wf_node_is_scalar(k2) ? k2->u.scalar.text : "";
    if (wf_shape_key(&wf_shape_step, k2s) && wf_node_is_scalar(k))
        wf_report(B->d, WF_CHK_WRONG_TYPE, k2->span,
                  "\"%s\" sits beside step \"%s\" instead of inside it; indent it under the step "
                  "name",
                  k2s, k->u.scalar.text);
    else
        wf_report(B->d, WF_CHK_WRONG_TYPE, k2->span,
                  "a step is a map with one key, its name; this one has %u keys", item->len);
}

/* Whether `target` is `n` or inside it (pointer identity). */
static bool contains(const wf_node *n, const wf_node *target)
{
    if (n == target)
        return true;
    if (n->kind == WF_NODE_LIST) {
        for (size_t i = 0; i < n->len; i++)
            if (contains(n->u.items[i], target))
                return true;
    } else if (n->kind == WF_NODE_MAP) {
        for (size_t i = 0; i < n->len; i++)
            if (contains(n->u.pairs[i].key, target) || contains(n->u.pairs[i].value, target))
                return true;
    }
    return false;
}

/* The first YAML alias in `n` whose expansion holds `target`, or NULL. */
static const wf_node *alias_holding(const wf_node *n, const wf_node *target)
{
    if (n->alias)
        return contains(n, target) ? n : NULL;
    const wf_node *found = NULL;
    if (n->kind == WF_NODE_LIST) {
        for (size_t i = 0; i < n->len && !found; i++)
            found = alias_holding(n->u.items[i], target);
    } else if (n->kind == WF_NODE_MAP) {
        for (size_t i = 0; i < n->len && !found; i++)
            found = alias_holding(n->u.pairs[i].value, target);
    }
    return found;
}

static void report_duplicate_step(struct builder *B, const wf_node *key, wf_name name,
                                  const wf_span *first)
{
    const wf_node *alias = NULL;
    if (first->line == name.span.line && first->col == name.span.col)
        alias = alias_holding(B->root, key); /* the same node twice: an alias repeats it */
    if (alias) {
        wf_diag *dg = wf_report(B->d, WF_CHK_DUPLICATE_STEP, alias->span,
                                "this YAML alias repeats step \"%s\", which is then defined twice "
                                "in workflow \"%s\"",
                                name.name, B->sub->name.name);
        wf_diag_note(B->d, dg, *first, "step \"%s\" is defined here", name.name);
        return;
    }
    wf_diag *dg =
        wf_report(B->d, WF_CHK_DUPLICATE_STEP, name.span,
                  "step \"%s\" is defined twice in workflow \"%s\"", name.name, B->sub->name.name);
    wf_diag_note(B->d, dg, *first, "first defined here");
}

/* One item of a list of steps: `- NAME: BODY`. */
static wf_step *build_step(struct builder *B, const wf_node *item, wf_block *block)
{
    if (item->kind != WF_NODE_MAP || item->len == 0) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                  "expected a step, a map with one key (the step name); got %s",
                  item->kind == WF_NODE_MAP ? "an empty map" : wf_node_kind_name(item));
        return NULL;
    }
    if (item->len > 1)
        report_sibling_key(B, item);
    const wf_node *k = item->u.pairs[0].key, *body = item->u.pairs[0].value;
    wf_name name;
    if (!step_name(B, k, &name))
        return NULL;
    const wf_span *first = remember_step(B, name);
    if (first)
        report_duplicate_step(B, k, name, first);
    B->sub->nsteps++;
    if (B->loop_depth > 0 &&
        (strcmp(name.name, "break") == 0 || strcmp(name.name, "continue") == 0))
        wf_report(B->d, WF_CHK_RESERVED_NAME, k->span,
                  "a step inside a for loop cannot be named \"%s\"; it is the reserved jump "
                  "target \"next: %s\"",
                  name.name, name.name);
    if (body->kind == WF_NODE_NULL) {
        if (item->len == 1)
            wf_report(B->d, WF_CHK_EMPTY_STEPS, k->span, "step \"%s\" has an empty body",
                      name.name);
        return NULL;
    }
    const struct wf_where *where = WF_NAMED("step", name.name);
    if (!want_map(B, body, WF_PART("the body", where)))
        return NULL;
    return build_body(B, body, name, block, NULL, where);
}

static wf_block *build_steps(struct builder *B, const wf_node *list, enum wf_block_role role,
                             wf_step *owner)
{
    wf_block *blk = wf_arena_zalloc(B->a, sizeof *blk);
    blk->role = role;
    blk->span = list->span;
    blk->owner = owner;
    blk->sub = B->sub;
    if (list->kind == WF_NODE_NULL || (list->kind == WF_NODE_LIST && list->len == 0)) {
        wf_report(B->d, WF_CHK_EMPTY_STEPS, list->span,
                  "empty list of steps; Workflows needs at least one step here");
        return blk;
    }
    if (list->kind != WF_NODE_LIST) {
        if (!wf_values_unclosed(&B->vx, list))
            wf_report(B->d, WF_CHK_WRONG_TYPE, list->span,
                      "expected a list of steps (each item \"- name: ...\"); got %s",
                      wf_node_kind_name(list));
        return blk;
    }
    blk->steps = wf_arena_array(B->a, list->len, sizeof *blk->steps);
    for (size_t i = 0; i < list->len; i++) {
        wf_step *st = build_step(B, list->u.items[i], blk);
        if (st)
            blk->steps[blk->n++] = st;
    }
    return blk;
}

/* ---- workflows ---- */

static void add_param(struct builder *B, wf_sub *sub, const wf_node *item)
{
    const wf_node *nm = item, *def = NULL;
    if (item->kind == WF_NODE_MAP && item->len == 1) {
        nm = item->u.pairs[0].key;
        def = item->u.pairs[0].value;
    } else if (item->kind == WF_NODE_MAP) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, item->span,
                  "a parameter with a default is a map with one key, NAME: DEFAULT");
        return;
    }
    wf_param pm = {{NULL, nm->span}, NULL};
    if (!var_name(B, nm, "a parameter name", &pm.name))
        return;
    pm.def = def ? value(B, def) : NULL;
    for (size_t j = 0; j < sub->nparams; j++) {
        if (sub->params[j].name.name == pm.name.name) {
            wf_diag *dg = wf_report(B->d, WF_CHK_DUPLICATE_KEY, nm->span,
                                    "parameter \"%s\" is declared twice", pm.name.name);
            wf_diag_note(B->d, dg, sub->params[j].name.span, "first declared here");
            return;
        }
    }
    sub->params[sub->nparams++] = pm;
}

static void build_params(struct builder *B, wf_sub *sub, const wf_node *list)
{
    sub->has_params = true;
    if (list->kind == WF_NODE_NULL)
        return;
    if (list->kind != WF_NODE_LIST) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, list->span, "\"params\" must be a list; got %s",
                  wf_node_kind_name(list));
        return;
    }
    sub->params = wf_arena_array(B->a, list->len, sizeof(wf_param));
    for (size_t i = 0; i < list->len; i++)
        add_param(B, sub, list->u.items[i]);
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
    const struct wf_where *where = WF_NAMED("workflow", sub->name.name);
    if (!want_map(B, body, where))
        return sub;
    struct wf_fields f;
    wf_fields_read(B->d, body, &wf_shape_workflow, where, key->span, &f);
    if (wf_fields_get(&f, "params"))
        build_params(B, sub, wf_fields_get(&f, "params"));
    if (wf_fields_get(&f, "steps"))
        sub->body = build_steps(B, wf_fields_get(&f, "steps"), WF_BLOCK_SUB, NULL);
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

/* A top-level key that is no workflow name; returns true after a report. */
static bool bad_workflow_key(struct builder *B, const wf_node *k)
{
    if (!wf_node_is_scalar(k))
        return !literal_name(B, k, "a workflow name");
    if (wf_shape_key(&wf_shape_workflow, k->u.scalar.text) ||
        wf_shape_key(&wf_shape_step, k->u.scalar.text)) {
        wf_report(B->d, WF_CHK_WRONG_TYPE, k->span,
                  "\"%s\" at the top level: expected a map of workflows (main: {steps: [...]}) or "
                  "a list of steps",
                  k->u.scalar.text);
        return true;
    }
    if (!literal_name(B, k, "a workflow name"))
        return true;
    if (!wf_ir_valid_var_name(k->u.scalar.text))
        wf_report(B->d, WF_CHK_INVALID_NAME, k->span,
                  "\"%s\" is not a valid workflow name; use letters, digits and underscores, not "
                  "starting with a digit",
                  k->u.scalar.text);
    return false;
}

static void build_map_form(struct builder *B, wf_program *p, const wf_node *root)
{
    p->subs = wf_arena_array(B->a, root->len, sizeof *p->subs);
    bool bad_keys = false;
    for (size_t i = 0; i < root->len; i++) {
        const wf_node *k = root->u.pairs[i].key, *v = root->u.pairs[i].value;
        if (bad_workflow_key(B, k)) {
            bad_keys = true;
            continue;
        }
        wf_sub *sub = build_workflow(B, k, v);
        p->subs[p->nsubs++] = sub;
        if (strcmp(sub->name.name, "main") == 0)
            p->main = sub;
    }
    if (!p->main && !bad_keys && !B->library)
        wf_report(B->d, WF_CHK_MISSING_KEY, wf_span_point(p->src, root->span.line, root->span.col),
                  "no workflow named \"main\"; a file of workflows starts at \"main\"");
    if (p->main)
        check_main_params(B, p->main);
}

static wf_program *build(wf_arena *a, wf_strtab *strs, const wf_source *src, wf_node *root,
                         wf_diags *d, bool library)
{
    struct builder B = {.vx = {a, strs, d}, .root = root, .a = a, .d = d, .library = library};
    wf_program *p = wf_arena_zalloc(a, sizeof *p);
    p->src = src;
    p->root = root;
    p->arena = a;
    p->strs = strs;
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

wf_program *wf_build(wf_arena *a, wf_strtab *strs, const wf_source *src, wf_node *root, wf_diags *d)
{
    return build(a, strs, src, root, d, false);
}

/* Parses and builds a loaded source; `err` is what loading it found. */
static wf_program *build_source(wf_arena *a, wf_strtab *strs, wf_source *src,
                                const struct wf_source_error *err, wf_diags *d, bool library)
{
    if (err->msg) {
        wf_report(d, WF_CHK_YAML_SYNTAX, wf_span_point(src, err->line, err->col), "%s", err->msg);
        return NULL;
    }
    /* The tree and the IR take about twelve times the source: one piece,
     * up to a bound (beyond it the arena grows chunk by chunk). */
    size_t want = 12 * src->len;
    wf_arena_reserve(a, want < (64u << 20) ? want : (64u << 20));
    wf_node *root = wf_yaml_load(a, src, d);
    if (!root)
        return NULL;
    return build(a, strs, src, root, d, library);
}

static wf_program *build_file(wf_arena *a, wf_strtab *strs, const char *path, wf_diags *d,
                              bool library)
{
    wf_oom_context(path); /* until the next file: its checks come after */
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
    return build_source(a, strs, src, &err, d, library);
}

wf_program *wf_build_bytes(wf_arena *a, wf_strtab *strs, const char *name, const char *text,
                           size_t len, wf_diags *d)
{
    struct wf_source_error err;
    wf_source *src = wf_source_from_bytes(a, name, text, len, &err);
    return build_source(a, strs, src, &err, d, false);
}

wf_program *wf_build_file(wf_arena *a, wf_strtab *strs, const char *path, wf_diags *d)
{
    return build_file(a, strs, path, d, false);
}

wf_program *wf_build_library_file(wf_arena *a, wf_strtab *strs, const char *path, wf_diags *d)
{
    return build_file(a, strs, path, d, true);
}

bool wf_build_merge(wf_program *p, wf_program *const *libs, size_t nlibs, wf_diags *d)
{
    size_t total = p->nsubs;
    for (size_t i = 0; i < nlibs; i++)
        total += libs[i]->nsubs;
    wf_sub **subs = wf_arena_array(p->arena, total + 1, sizeof *subs);
    if (p->nsubs) /* a file without workflows has no array to copy */
        memcpy(subs, p->subs, p->nsubs * sizeof *subs);
    size_t n = p->nsubs;
    bool ok = true;
    for (size_t i = 0; i < nlibs; i++) {
        for (size_t j = 0; j < libs[i]->nsubs; j++) {
            wf_sub *s = libs[i]->subs[j];
            const wf_sub *first = NULL;
            for (size_t k = 0; k < n && !first; k++)
                if (strcmp(subs[k]->name.name, s->name.name) == 0)
                    first = subs[k];
            if (first) {
                wf_diag *dg = wf_diag_report(d, WF_SEV_ERROR, NULL, s->name.span,
                                             "workflow \"%s\" is defined twice", s->name.name);
                wf_diag_note(d, dg, first->name.span, "first defined here");
                ok = false;
                continue;
            }
            subs[n++] = s;
        }
    }
    p->subs = subs;
    p->nsubs = n;
    return ok;
}
