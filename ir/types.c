/*
 * types.c - gradual type inference over expressions and variables.
 *
 * A type is a set of runtime types (ir/types.h). Literals have one type;
 * parameters, loop values, `as` and anything unknown have every type. A
 * variable's type is the union of the types of all its assignments, taken
 * without regard to flow, computed to a fixed point together with what each
 * subworkflow returns (a call's result has its callee's return type).
 * Operators map types by the tables of spec/expressions.md §4; a
 * combination that always raises maps to nothing, so an operation whose
 * result is empty while its operands are not is one that always fails.
 * Checks (checks/type-error.c, checks/argument-type.c) decide what to say.
 */
#include "config.h"

#include "ir/types.h"

#include <string.h>

#include "ir/ir.h"
#include "ir/stdlib.h"

/* ---- operators on single types ---- */

static bool is_num(wf_tyset t)
{
    return t == WF_TY_INT || t == WF_TY_DOUBLE;
}

/* `+` (expressions.md §4.1): numbers add, a string on either side
 * concatenates an int, double, bool or string; everything else raises. */
static wf_tyset add1(wf_tyset a, wf_tyset b)
{
    if (a == WF_TY_INT && b == WF_TY_INT)
        return WF_TY_INT;
    if (is_num(a) && is_num(b))
        return WF_TY_DOUBLE;
    wf_tyset text = WF_TY_INT | WF_TY_DOUBLE | WF_TY_STRING | WF_TY_BOOL;
    if ((a == WF_TY_STRING && (b & text)) || (b == WF_TY_STRING && (a & text)))
        return WF_TY_STRING;
    return 0;
}

static wf_tyset binary1(enum wf_op op, wf_tyset a, wf_tyset b)
{
    switch (op) {
    case WF_OP_ADD:
        return add1(a, b);
    case WF_OP_SUB:
    case WF_OP_MUL:
    case WF_OP_IDIV:
    case WF_OP_MOD:
        if (!is_num(a) || !is_num(b))
            return 0;
        return a == WF_TY_INT && b == WF_TY_INT ? WF_TY_INT : WF_TY_DOUBLE;
    case WF_OP_DIV:
        return is_num(a) && is_num(b) ? WF_TY_DOUBLE : 0;
    case WF_OP_LT:
    case WF_OP_LE:
    case WF_OP_GT:
    case WF_OP_GE:
        return (is_num(a) && is_num(b)) || (a == WF_TY_STRING && b == WF_TY_STRING) ? WF_TY_BOOL
                                                                                    : 0;
    case WF_OP_EQ:
    case WF_OP_NE:
        return WF_TY_BOOL;
    case WF_OP_IN:
        return b == WF_TY_LIST || b == WF_TY_MAP ? WF_TY_BOOL : 0;
    case WF_OP_AND:
    case WF_OP_OR:
        return a == WF_TY_BOOL && b == WF_TY_BOOL ? WF_TY_BOOL : 0;
    default:
        return 0;
    }
}

wf_tyset wf_type_binary(enum wf_op op, wf_tyset a, wf_tyset b)
{
    wf_tyset r = 0;
    for (wf_tyset x = 1; x <= WF_TY_MAP; x <<= 1)
        for (wf_tyset y = 1; y <= WF_TY_MAP; y <<= 1)
            if ((a & x) && (b & y))
                r |= binary1(op, x, y);
    return r;
}

wf_tyset wf_type_unary(enum wf_op op, wf_tyset a)
{
    if (op == WF_OP_NOT)
        return a & WF_TY_BOOL;
    return a & WF_TY_NUMBER;
}

static const char *type_names(wf_arena *a, wf_tyset t, bool plural)
{
    /* SYNC types: the order of the bits in ir/types.h. */
    static const char *const one[] = {"null",     "a boolean", "an integer", "a double",
                                      "a string", "bytes",     "a list",     "a map"};
    static const char *const many[] = {"nulls",   "booleans",     "integers", "doubles",
                                       "strings", "bytes values", "lists",    "maps"};
    if (t == WF_TY_ANY)
        return plural ? "any values" : "any value";
    bool number = (t & WF_TY_NUMBER) == WF_TY_NUMBER;
    const char *names[8];
    unsigned n = 0;
    for (unsigned i = 0; i < 8; i++) {
        wf_tyset bit = 1u << i;
        if (!(t & bit) || (number && bit == WF_TY_DOUBLE))
            continue;
        if (number && bit == WF_TY_INT)
            names[n++] = plural ? "numbers" : "a number";
        else
            names[n++] = plural ? many[i] : one[i];
    }
    if (n == 0)
        return "nothing";
    const char *s = names[0];
    for (unsigned i = 1; i < n; i++)
        s = wf_arena_printf(a, "%s%s%s", s, i + 1 == n ? " or " : ", ", names[i]);
    return s;
}

const char *wf_type_name(wf_arena *a, wf_tyset t)
{
    return type_names(a, t, false);
}

const char *wf_type_name_plural(wf_arena *a, wf_tyset t)
{
    return type_names(a, t, true);
}

/* ---- inference ---- */

struct infer {
    const wf_program *prog;
    const wf_sub *sub;
    bool changed;
};

static struct wf_type any(void)
{
    struct wf_type t = {WF_TY_ANY, NULL};
    return t;
}

static struct wf_type just(wf_tyset set)
{
    struct wf_type t = {set, NULL};
    return t;
}

static struct wf_type call_type(const struct infer *I, const char *callee)
{
    const wf_sub *sub = wf_ir_find_sub(I->prog, callee);
    if (sub)
        return just(sub->names.returns ? sub->names.returns : WF_TY_ANY);
    const struct wf_func *fn = wf_stdlib_find(callee);
    if (!fn)
        return any();
    struct wf_type t = {fn->returns, fn->fields};
    return t;
}

static struct wf_type field_type(const struct wf_type *obj, const char *name)
{
    if (!obj->fields || !(obj->set == WF_TY_MAP))
        return any();
    /* The known shapes are HTTP responses and callback requests: code is an
     * integer, headers a map; anything else may be any value. */
    if (strcmp(name, "code") == 0)
        return just(WF_TY_INT);
    if (strcmp(name, "headers") == 0 || strcmp(name, "http_request") == 0)
        return just(WF_TY_MAP);
    return any();
}

static struct wf_type expr_type(const struct infer *I, const wf_expr *e);

static struct wf_type name_type(const struct infer *I, const wf_expr *e)
{
    if (!e->read || e->read > I->sub->names.nuses)
        return any();
    const wf_var *v = I->sub->names.uses[e->read - 1].var;
    if (!v)
        return any();
    struct wf_type t = {v->type, v->fields};
    return t;
}

static struct wf_type expr_type(const struct infer *I, const wf_expr *e)
{
    switch (e->kind) {
    case WF_EXPR_NULL:
        return just(WF_TY_NULL);
    case WF_EXPR_BOOL:
        return just(WF_TY_BOOL);
    case WF_EXPR_INT:
        return just(WF_TY_INT);
    case WF_EXPR_DOUBLE:
        return just(WF_TY_DOUBLE);
    case WF_EXPR_STRING:
        return just(WF_TY_STRING);
    case WF_EXPR_LIST:
        return just(WF_TY_LIST);
    case WF_EXPR_NAME:
        return name_type(I, e);
    case WF_EXPR_FIELD: {
        struct wf_type obj = expr_type(I, e->u.field.obj);
        return field_type(&obj, e->u.field.name);
    }
    case WF_EXPR_CALL:
        return call_type(I, e->u.call.callee);
    case WF_EXPR_UNARY:
        return just(wf_type_unary(e->u.unary.op, expr_type(I, e->u.unary.operand).set));
    case WF_EXPR_BINARY:
        return just(wf_type_binary(e->u.binary.op, expr_type(I, e->u.binary.lhs).set,
                                   expr_type(I, e->u.binary.rhs).set));
    default:
        return any();
    }
}

static struct wf_type node_type(const struct infer *I, const wf_node *n)
{
    static const wf_tyset by_kind[] = {
        [WF_NODE_NULL] = WF_TY_NULL,     [WF_NODE_BOOL] = WF_TY_BOOL,
        [WF_NODE_INT] = WF_TY_INT,       [WF_NODE_DOUBLE] = WF_TY_DOUBLE,
        [WF_NODE_STRING] = WF_TY_STRING, [WF_NODE_LIST] = WF_TY_LIST,
        [WF_NODE_MAP] = WF_TY_MAP,
    };
    if (!n)
        return any();
    if (n->kind == WF_NODE_EXPR)
        return n->u.scalar.v.expr ? expr_type(I, n->u.scalar.v.expr) : any();
    return just(by_kind[n->kind]);
}

/* The type a definition gives its variable. */
static struct wf_type def_type(const struct infer *I, const wf_def *d)
{
    switch (d->kind) {
    case WF_DEF_ASSIGN:
        return node_type(I, d->step->u.assign.items[d->item - 1].value);
    case WF_DEF_RESULT:
        if (d->step->names.callee_sub || d->step->names.callee_fn)
            return call_type(I, d->step->u.call.func.name);
        return any();
    case WF_DEF_LOOP:
        return any();
    default:
        return any();
    }
}

static void join(struct infer *I, wf_var *v, struct wf_type t, bool first)
{
    unsigned set = v->type | t.set;
    const char *const *fields = first ? t.fields : (v->fields == t.fields ? v->fields : NULL);
    if (v->nwrites)
        fields = NULL; /* keys written later change the shape */
    if (set != v->type || fields != v->fields) {
        v->type = set;
        v->fields = fields;
        I->changed = true;
    }
}

struct returns {
    struct infer *I;
    unsigned set;
};

static bool return_cb(void *ud, wf_step *st)
{
    struct returns *r = ud;
    if (st->kind == WF_STEP_RETURN)
        r->set |= node_type(r->I, st->u.value).set;
    return true;
}

static void infer_sub(struct infer *I, wf_sub *sub)
{
    I->sub = sub;
    struct wf_sub_names *nm = &sub->names;
    for (size_t i = 0; i < nm->ndefs; i++) {
        wf_def *d = &nm->defs[i];
        if (d->kind == WF_DEF_PARAM || d->kind == WF_DEF_EXCEPT) {
            join(I, d->var, any(), false);
            continue;
        }
        if (d->kind == WF_DEF_LOOP) {
            bool index = d->step->kind == WF_STEP_FOR && d->step->u.loop &&
                         d->step->u.loop->index.name == d->var->name;
            join(I, d->var, index ? just(WF_TY_INT) : any(), false);
            continue;
        }
        join(I, d->var, def_type(I, d), d->var->type == 0);
    }
    /* A workflow that ends without `return` gives null. */
    struct returns r = {I, WF_TY_NULL};
    if (sub->body)
        wf_ir_walk_steps(sub->body, return_cb, &r);
    if (r.set != nm->returns) {
        nm->returns = r.set;
        I->changed = true;
    }
}

void wf_types_infer(wf_program *p)
{
    struct infer I = {p, NULL, true};
    /* Each pass only adds types; a bound keeps pathological files short. */
    for (int pass = 0; I.changed && pass < 16; pass++) {
        I.changed = false;
        for (size_t i = 0; i < p->nsubs; i++)
            infer_sub(&I, p->subs[i]);
    }
    for (size_t s = 0; s < p->nsubs; s++) {
        struct wf_sub_names *nm = &p->subs[s]->names;
        for (size_t i = 0; i < nm->nvars; i++)
            if (I.changed || nm->vars[i]->type == 0)
                nm->vars[i]->type = WF_TY_ANY; /* no fixed point reached, or no assignment */
        if (I.changed)
            nm->returns = WF_TY_ANY;
    }
}

struct wf_type wf_type_of_expr(const wf_program *p, const wf_sub *sub, const wf_expr *e)
{
    struct infer I = {p, sub, false};
    return expr_type(&I, e);
}

struct wf_type wf_type_of_node(const wf_program *p, const wf_sub *sub, const wf_node *n)
{
    struct infer I = {p, sub, false};
    return node_type(&I, n);
}
