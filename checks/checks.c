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

#include <stdlib.h>
#include <string.h>

#include "ir/resolve.h"
#include "ir/stdlib.h"
#include "ir/types.h"
#include "support/suggest.h"

/* SYNC checks: one line per check file, alphabetical. */
extern const struct wf_check wf_check_argument_type, wf_check_blocking_call_in_expression,
    wf_check_break_outside_loop, wf_check_endless_loop, wf_check_endless_recursion,
    wf_check_exceeds_limit, wf_check_expected_expression,
    wf_check_foreign_template, wf_check_illegal_jump, wf_check_invalid_predicate,
    wf_check_keyword_case,
    wf_check_long_expression, wf_check_missing_argument, wf_check_missing_dollar_brace,
    wf_check_polling_without_sleep, wf_check_possibly_undefined, wf_check_shadowed_module,
    wf_check_shared_not_defined, wf_check_string_interpolation, wf_check_too_many_arguments,
    wf_check_type_error, wf_check_undefined_step, wf_check_undefined_variable,
    wf_check_unknown_argument, wf_check_unknown_function, wf_check_unreachable_step,
    wf_check_unshared_assignment, wf_check_unused_result, wf_check_unused_subworkflow,
    wf_check_unused_variable;

static const struct wf_check *const checks[] = {
    &wf_check_argument_type,        &wf_check_blocking_call_in_expression,
    &wf_check_break_outside_loop,   &wf_check_endless_loop,
    &wf_check_endless_recursion,    &wf_check_exceeds_limit,
    &wf_check_expected_expression,  &wf_check_foreign_template,
    &wf_check_illegal_jump,         &wf_check_invalid_predicate,
    &wf_check_keyword_case,
    &wf_check_long_expression,      &wf_check_missing_argument,
    &wf_check_missing_dollar_brace, &wf_check_polling_without_sleep,
    &wf_check_possibly_undefined,   &wf_check_shadowed_module,
    &wf_check_shared_not_defined,   &wf_check_string_interpolation,
    &wf_check_too_many_arguments,   &wf_check_type_error,
    &wf_check_undefined_step,       &wf_check_undefined_variable,
    &wf_check_unknown_argument,     &wf_check_unknown_function,
    &wf_check_unreachable_step,     &wf_check_unshared_assignment,
    &wf_check_unused_result,        &wf_check_unused_subworkflow,
    &wf_check_unused_variable,
};

#define NCHECKS (sizeof checks / sizeof checks[0])

struct walk {
    struct wf_check_ctx cx[NCHECKS];
    bool on[NCHECKS]; /* whether the check runs on this file */
    /* The checks that run and have on_expr_node, and where the expression
     * being walked stands. */
    size_t node_checks[NCHECKS], nnode_checks;
    const struct wf_value_site *site;
    const wf_node *scalar;
};

static void visit_expr_node(void *ud, const wf_expr *e)
{
    struct walk *w = ud;
    for (size_t k = 0; k < w->nnode_checks; k++) {
        size_t i = w->node_checks[k];
        checks[i]->on_expr_node(&w->cx[i], w->site, w->scalar, e);
    }
}

static void visit_scalars(struct walk *w, const struct wf_value_site *site, const wf_node *n,
                          struct wf_scalar_place place)
{
    struct wf_scalar_place inner = {false, place.in_flow || n->style == WF_STYLE_FLOW};
    if (n->kind == WF_NODE_LIST) {
        for (size_t k = 0; k < n->len; k++)
            visit_scalars(w, site, n->u.items[k], inner);
        return;
    }
    if (n->kind == WF_NODE_MAP) {
        struct wf_scalar_place key = {true, inner.in_flow};
        for (size_t k = 0; k < n->len; k++) {
            visit_scalars(w, site, n->u.pairs[k].key, key);
            visit_scalars(w, site, n->u.pairs[k].value, inner);
        }
        return;
    }
    const wf_expr *e = n->kind == WF_NODE_EXPR ? n->u.scalar.v.expr : NULL;
    for (size_t i = 0; i < NCHECKS; i++) {
        if (!w->on[i])
            continue;
        if (checks[i]->on_scalar)
            checks[i]->on_scalar(&w->cx[i], site, n, &place);
        if (checks[i]->on_expr && e)
            checks[i]->on_expr(&w->cx[i], site, n, e);
    }
    if (e && w->nnode_checks) {
        w->site = site;
        w->scalar = n;
        wf_expr_visit(e, visit_expr_node, w);
    }
}

static void visit_value(void *ud, wf_step *step, const char *role, const char *key, unsigned item,
                        wf_node *value)
{
    struct walk *w = ud;
    struct wf_value_site site = {step, role, key, item, value};
    for (size_t i = 0; i < NCHECKS; i++)
        if (w->on[i] && checks[i]->on_value)
            checks[i]->on_value(&w->cx[i], &site);
    struct wf_scalar_place top = {false, value->in_flow};
    visit_scalars(w, &site, value, top);
}

static bool visit_step(void *ud, wf_step *st)
{
    struct walk *w = ud;
    for (size_t i = 0; i < NCHECKS; i++) {
        if (!w->on[i])
            continue;
        if (checks[i]->on_step)
            checks[i]->on_step(&w->cx[i], st);
        if (!checks[i]->on_next)
            continue;
        checks[i]->on_next(&w->cx[i], st, &st->next);
        if (st->kind == WF_STEP_SWITCH)
            for (size_t k = 0; k < st->u.sw.n; k++)
                checks[i]->on_next(&w->cx[i], st, &st->u.sw.cases[k].next);
    }
    wf_ir_step_values(st, visit_value, w);
    return true;
}

void wf_checks_run(wf_program *p, wf_diags *d)
{
    bool clean = d->counts[WF_SEV_ERROR] == 0;
    wf_resolve(p);
    wf_types_infer(p);
    struct walk w = {.nnode_checks = 0};
    for (size_t i = 0; i < NCHECKS; i++) {
        w.cx[i] = (struct wf_check_ctx){.prog = p, .d = d};
        w.on[i] = clean || !checks[i]->needs_clean_build;
        if (w.on[i] && checks[i]->on_expr_node)
            w.node_checks[w.nnode_checks++] = i;
        if (w.on[i] && checks[i]->state_size)
            w.cx[i].state = wf_arena_zalloc(p->arena, checks[i]->state_size);
        if (w.on[i] && checks[i]->on_program)
            checks[i]->on_program(&w.cx[i]);
    }
    for (size_t s = 0; s < p->nsubs; s++) {
        const wf_sub *sub = p->subs[s];
        for (size_t i = 0; i < NCHECKS; i++) {
            w.cx[i].sub = sub;
            if (w.on[i] && checks[i]->on_sub)
                checks[i]->on_sub(&w.cx[i], sub);
        }
        for (size_t k = 0; k < sub->nparams; k++)
            if (sub->params[k].def)
                visit_value(&w, NULL, "default", sub->params[k].name.name, 0, sub->params[k].def);
        if (sub->body)
            wf_ir_walk_steps(sub->body, visit_step, &w);
    }
    for (size_t i = 0; i < NCHECKS; i++)
        if (w.on[i] && checks[i]->on_end)
            checks[i]->on_end(&w.cx[i]);
}

/* ---- helpers for checks ---- */

static bool visible_from(const wf_scope *var_scope, const wf_scope *scope)
{
    for (; scope; scope = scope->parent)
        if (scope == var_scope)
            return true;
    return false;
}

/* Whether variable `v` comes into being only with the assignment that
 * holds read `u` (`- temp2: ${temp1 + 1}` creates temp2): no fix for it. */
static bool created_by(const wf_sub *sub, const wf_var *v, const wf_use *u)
{
    if (!u->step || v->first_step != u->step)
        return false;
    for (size_t i = 0; i < sub->names.ndefs; i++) {
        const wf_def *d = &sub->names.defs[i];
        if (d->var == v && d->step == u->step && d->item == u->item &&
            d->span.line == v->first.line && d->span.col == v->first.col)
            return true;
    }
    return false;
}

const char *wf_check_suggest_var(const wf_sub *sub, const wf_use *u)
{
    const struct wf_sub_names *nm = &sub->names;
    const wf_scope *scope = u->step ? u->step->names.scope : NULL;
    const char **cands = wf_xmalloc((nm->nvars ? nm->nvars : 1) * sizeof *cands);
    size_t n = 0;
    for (size_t i = 0; i < nm->nvars; i++)
        if (visible_from(nm->vars[i]->scope, scope) && !created_by(sub, nm->vars[i], u))
            cands[n++] = nm->vars[i]->name;
    const char *best = wf_suggest(u->name, cands, n);
    free(cands);
    return best;
}

struct step_names {
    const char **names;
    size_t n, cap;
};

static bool collect_step_name(void *ud, wf_step *st)
{
    struct step_names *sn = ud;
    if (!st->name.name)
        return true;
    if (sn->n == sn->cap) {
        sn->cap = sn->cap ? sn->cap * 2 : 64;
        sn->names = wf_xrealloc(sn->names, sn->cap * sizeof *sn->names);
    }
    sn->names[sn->n++] = st->name.name;
    return true;
}

const char *wf_check_suggest_step(const wf_sub *sub, const char *name)
{
    struct step_names sn = {0};
    if (sub->body)
        wf_ir_walk_steps(sub->body, collect_step_name, &sn);
    const char *best = wf_suggest(name, sn.names, sn.n);
    free(sn.names);
    return best;
}

/* `${inner}` between quotes `q`, doubling a single quote or escaping a
 * double quote and a backslash. */
static const char *quoted(wf_arena *a, char q, const char *inner)
{
    size_t k = 0, len = strlen(inner);
    char *out = wf_arena_alloc(a, 2 * len + 6);
    out[k++] = q, out[k++] = '$', out[k++] = '{';
    for (size_t i = 0; i < len; i++) {
        if (inner[i] == q && q == '\'')
            out[k++] = '\'';
        else if (q == '"' && (inner[i] == '"' || inner[i] == '\\'))
            out[k++] = '\\';
        out[k++] = inner[i];
    }
    out[k++] = '}', out[k++] = q, out[k] = '\0';
    return out;
}

const char *wf_check_expression_fixit(wf_arena *a, const wf_node *n, bool in_flow,
                                      const char *inner)
{
    /* Double quotes stay (JSON has no other), unless escaping them in a
     * block would only hurt reading. */
    bool escapes = strchr(inner, '"') || strchr(inner, '\\');
    if (n->style == WF_STYLE_DOUBLE && (in_flow || !escapes))
        return quoted(a, '"', inner);
    /* Plain unless YAML would cut or split it: ": ", " #", and anywhere in a
     * flow collection, whose indicators include the braces of ${}. */
    size_t len = strlen(inner);
    bool plain_ok = n->style != WF_STYLE_DOUBLE && n->style != WF_STYLE_SINGLE && !in_flow &&
                    !strstr(inner, ": ") && !strstr(inner, " #") && len && inner[0] != ' ' &&
                    inner[len - 1] != ' ';
    return plain_ok ? wf_arena_printf(a, "${%s}", inner) : quoted(a, '\'', inner);
}

const char *wf_check_step_desc(wf_arena *a, const wf_step *st)
{
    while (!st->name.name && st->owner)
        st = st->owner;
    return st->name.name ? wf_arena_printf(a, "step \"%s\"", st->name.name) : "this step";
}

/* ---- strings that read as expressions ---- */

struct names {
    struct wf_check_ctx *cx;
    const wf_scope *scope;
    unsigned vars;    /* names that are visible variables */
    unsigned unknown; /* names that are nothing known */
    bool code;        /* an operator, a call, a subscript or a literal next to names */
};

static void visit(void *ud, const wf_expr *e)
{
    struct names *n = ud;
    switch (e->kind) {
    case WF_EXPR_NAME:
        if (wf_resolve_lookup(n->cx->sub, n->scope, e->u.name))
            n->vars++;
        else if (!wf_stdlib_is_module(e->u.name))
            n->unknown++;
        break;
    case WF_EXPR_CALL:
        n->code = true;
        if (!wf_stdlib_find(e->u.call.callee) && !wf_ir_find_sub(n->cx->prog, e->u.call.callee))
            n->unknown++;
        break;
    case WF_EXPR_BINARY:
        /* "model-version", "models/latest": a hyphen or slash with no space
         * around it joins words of a name or a path far more often than it
         * subtracts or divides. */
        if ((e->u.binary.op == WF_OP_SUB || e->u.binary.op == WF_OP_DIV) &&
            e->u.binary.rhs->off == e->u.binary.lhs->end + 1)
            break;
        n->code = true;
        break;
    case WF_EXPR_UNARY:
    case WF_EXPR_INDEX:
        n->code = true;
        break;
    default:
        break;
    }
}

/* A name, or a field chain on a name: "job_status.body". */
static bool is_path(const wf_expr *e)
{
    while (e->kind == WF_EXPR_FIELD)
        e = e->u.field.obj;
    return e->kind == WF_EXPR_NAME;
}

static bool word_is_suspect(const struct wf_value_site *site, const wf_node *scalar)
{
    if (strcmp(site->role, "assign") == 0 || strcmp(site->role, "default") == 0)
        return false;
    return site->value == scalar; /* the whole value, not a word inside a map */
}

bool wf_check_names_known(struct wf_check_ctx *cx, const wf_step *step, const wf_expr *e)
{
    if (!step)
        return false;
    struct names n = {cx, step->names.scope, 0, 0, false};
    wf_expr_visit(e, visit, &n);
    return !n.unknown && n.vars;
}

bool wf_check_reads_as_expression(struct wf_check_ctx *cx, const struct wf_value_site *site,
                                  const wf_node *scalar)
{
    const wf_expr *e = scalar->u.scalar.v.expr;
    if (scalar->kind != WF_NODE_STRING || !e || !site->step ||
        memchr(scalar->u.scalar.text, '$', scalar->len))
        return false;
    struct names n = {cx, site->step->names.scope, 0, 0, false};
    wf_expr_visit(e, visit, &n);
    if (n.unknown || !n.vars)
        return false;
    if (n.code)
        return true;
    /* A bare name or path: only unquoted (a quoted word is meant as text). */
    return scalar->style == WF_STYLE_PLAIN && is_path(e) &&
           (e->kind == WF_EXPR_FIELD || word_is_suspect(site, scalar));
}
