/*
 * cgen_expr.c - expressions and values for the C backend (backends/cgen.h):
 * each `${...}` becomes a sequence of runtime calls (wfrt_op_*, wfrt_get_*,
 * wfrt_fn_*) writing into temporaries, each value as written (a template:
 * literals, lists and maps with expressions anywhere) calls that build it.
 *
 * Operands are borrowed where the runtime borrows and handed over with
 * wfrt_take/wfrt_retain where it consumes, so each reference is released
 * exactly once (the ownership rule of wfrt.h). `and` and `or` short-circuit
 * after wfrt_truth: Workflows has no truthiness. Library functions take
 * their arguments in the order of the table in ir/stdlib.c, absent ones as
 * wfrt_absent(). Statements, steps and functions are in cgen.c.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "backends/cgen_impl.h"
#include "ir/stdlib.h"

/* ---- operands ---- */

struct opnd cg_const(const char *fmt, ...)
{
    struct opnd o;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o.text, sizeof o.text, fmt, ap);
    va_end(ap);
    memcpy(o.own, o.text, sizeof o.text);
    return o;
}

struct opnd cg_temp_opnd(int t)
{
    struct opnd o;
    snprintf(o.text, sizeof o.text, "t[%d]", t);
    snprintf(o.own, sizeof o.own, "wfrt_take(&t[%d])", t);
    return o;
}

struct opnd cg_slot_opnd(struct fn *F, int slot)
{
    struct opnd o;
    const char *var = cg_var(F, slot);
    snprintf(o.text, sizeof o.text, "%s", var);
    snprintf(o.own, sizeof o.own, "wfrt_retain(%s)", var);
    return o;
}

static struct opnd null_opnd(void)
{
    return cg_const("wfrt_null()");
}

static struct opnd int_opnd(int64_t i)
{
    if (i == INT64_MIN)
        return cg_const("wfrt_int(INT64_MIN)");
    return cg_const("wfrt_int(INT64_C(%" PRId64 "))", i);
}

/* Finite doubles as exact hexadecimal literals; the others by their bits. */
static struct opnd double_opnd(double d)
{
    if (isfinite(d))
        return cg_const("wfrt_double(%a)", d);
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return cg_const("wfrt_double_bits(UINT64_C(0x%016" PRIx64 "))", bits);
}

static struct opnd string_opnd(struct fn *F, const char *s, size_t len)
{
    int t = cg_temp(F);
    cg_line(F, "t[%d] = wfrt_string(%s, %zu);", t, cg_lit(F, s, len), len);
    return cg_temp_opnd(t);
}

/* ---- names ---- */

const char *cg_fn_symbol(struct fn *F, const char *dotted)
{
    char *s = wf_arena_printf(F->G->a, "wfrt_fn_%s", dotted);
    for (char *p = s; *p; p++)
        if (*p == '.')
            *p = '_';
    return s;
}

/* A read of a variable: its slot, after a check that it was assigned
 * unless the flow analysis proved it is on every path. A shared variable
 * that other branches may assign is read into a temporary under the lock,
 * whole, unless the lock is held already. */
static struct opnd name_opnd(struct fn *F, const wf_expr *e)
{
    const char *name = e->u.name;
    if (!e->read) { /* a module or a workflow, which are no values */
        cg_fail(F, "WFRT_TAG_TYPE",
                wf_arena_printf(
                    F->G->a, "\"%s\" is a name of the library or a workflow, not a value", name));
        return null_opnd();
    }
    const wf_use *u = &F->sub->names.uses[e->read - 1];
    if (!u->var) {
        cg_line(F, "wfrt_fail_unassigned(%s);", cg_lit_cstr(F, name));
        cg_line(F, "goto L%d;", cg_use(F, F->handler));
        return null_opnd();
    }
    int slot = (int)u->var->id;
    struct opnd o = cg_slot_opnd(F, slot);
    if (cg_guarded(F, slot) && !F->locked) {
        int t = cg_temp(F);
        cg_line(F, "wfrt_par_get(par, &%s, &t[%d]);", o.text, t);
        o = cg_temp_opnd(t);
    }
    if (u->state != WF_USE_DEFINED) {
        cg_line(F, "if (%s.type == WFRT_ABSENT) {", o.text);
        cg_line(F, "    wfrt_fail_unassigned(%s);", cg_lit_cstr(F, name));
        cg_line(F, "    goto L%d;", cg_use(F, F->handler));
        cg_line(F, "}");
    }
    return o;
}

/* obj.name: a field of a value, or a value of the library
 * (${http.default_retry}) when the chain starts at no variable. */
static struct opnd field_opnd(struct fn *F, const wf_expr *e)
{
    const char *dotted = wf_expr_dotted(F->G->a, e);
    if (dotted) {
        const struct wf_func *fn = wf_stdlib_find(dotted);
        if (fn && (fn->flags & WF_FN_VALUE)) {
            int t = cg_temp(F);
            cg_call_fn(F, fn, NULL, 0, t);
            return cg_temp_opnd(t);
        }
        cg_fail(F, "WFRT_TAG_TYPE",
                wf_arena_printf(F->G->a, "\"%s\" is not a value%s", dotted,
                                fn ? "; call it with (...)" : ""));
        return null_opnd();
    }
    struct opnd obj = cg_expr(F, e->u.field.obj);
    int t = cg_temp(F);
    cg_check(F, "wfrt_get_field(%s, %s, &t[%d])", obj.text, cg_lit_cstr(F, e->u.field.name), t);
    return cg_temp_opnd(t);
}

/* ---- calls ---- */

void cg_call_fn(struct fn *F, const struct wf_func *fn, const char *const *args, unsigned nargs,
                int t)
{
    const char *sym = cg_fn_symbol(F, fn->name);
    F->G->fns[fn - wf_stdlib] = true;
    if (fn->nparams == 0) {
        cg_check(F, "%s(NULL, 0, &t[%d])", sym, t);
        return;
    }
    char *list = wf_arena_printf(F->G->a, "%s", "");
    for (unsigned i = 0; i < fn->nparams; i++)
        list = wf_arena_printf(F->G->a, "%s%s%s", list, i ? ", " : "",
                               i < nargs && args[i] ? args[i] : "wfrt_absent()");
    cg_line(F, "{");
    F->depth++;
    cg_line(F, "const wfrt_val args[%u] = {%s};", fn->nparams, list);
    cg_check(F, "%s(args, %u, &t[%d])", sym, fn->nparams, t);
    F->depth--;
    cg_line(F, "}");
}

void cg_call_sub(struct fn *F, size_t index, const char *const *args, size_t nargs, int t)
{
    const wf_sub *sub = F->G->p->subs[index];
    char *list = wf_arena_printf(F->G->a, "%s", "");
    for (size_t i = 0; i < sub->nparams; i++)
        list = wf_arena_printf(F->G->a, "%s%s, ", list,
                               i < nargs && args[i] ? args[i] : "wfrt_absent()");
    cg_check(F, "wf_sub_%zu(%s&t[%d])", index, list, t);
}

/* f(a, b): a workflow or a library function, arguments by position. */
static struct opnd call_opnd(struct fn *F, const wf_expr *e)
{
    const char *callee = e->u.call.callee;
    size_t n = e->u.call.nargs;
    const char **args = wf_arena_array(F->G->a, n ? n : 1, sizeof *args);
    for (size_t i = 0; i < n; i++) {
        struct opnd o = cg_expr(F, e->u.call.args[i]);
        args[i] = wf_arena_strndup(F->G->a, o.text, strlen(o.text));
    }
    const wf_sub *sub = wf_ir_find_sub(F->G->p, callee);
    const struct wf_func *fn = sub ? NULL : wf_stdlib_find(callee);
    size_t nparams = sub ? sub->nparams : fn ? fn->nparams : 0;
    if (!sub && (!fn || (fn->flags & WF_FN_VALUE))) {
        cg_fail(F, wf_stdlib_is_connector(callee) ? "WFRT_TAG_SYSTEM" : "WFRT_TAG_TYPE",
                wf_arena_printf(F->G->a, "%s\"%s\" cannot be called in an expression",
                                wf_stdlib_is_connector(callee) ? "the connector " : "", callee));
        return null_opnd();
    }
    if (n > nparams && !(fn && (fn->flags & WF_FN_ARGS_UNKNOWN))) {
        cg_fail(F, "WFRT_TAG_TYPE",
                wf_arena_printf(F->G->a, "\"%s\" takes at most %zu arguments; got %zu", callee,
                                nparams, n));
        return null_opnd();
    }
    int t = cg_temp(F);
    if (sub)
        cg_call_sub(F, cg_sub_ref(F, sub), args, n, t);
    else
        cg_call_fn(F, fn, args, (unsigned)n, t);
    return cg_temp_opnd(t);
}

/* ---- operators ---- */

/* SYNC expr-ops: by enum wf_op, the runtime function of each binary
 * operator (and/or short-circuit and are written apart). */
static const char *const binary_fns[] = {
    [WF_OP_MUL] = "wfrt_op_mul", [WF_OP_DIV] = "wfrt_op_div", [WF_OP_IDIV] = "wfrt_op_idiv",
    [WF_OP_MOD] = "wfrt_op_mod", [WF_OP_ADD] = "wfrt_op_add", [WF_OP_SUB] = "wfrt_op_sub",
    [WF_OP_EQ] = "wfrt_op_eq",   [WF_OP_NE] = "wfrt_op_ne",   [WF_OP_LT] = "wfrt_op_lt",
    [WF_OP_LE] = "wfrt_op_le",   [WF_OP_GT] = "wfrt_op_gt",   [WF_OP_GE] = "wfrt_op_ge",
    [WF_OP_IN] = "wfrt_op_in",
};

/* a and b, a or b: b is evaluated only when a does not decide. Every
 * write of `c` is read before the next one, so nested ones can share it. */
static struct opnd logic_opnd(struct fn *F, const wf_expr *e)
{
    bool is_and = e->u.binary.op == WF_OP_AND;
    struct opnd a = cg_expr(F, e->u.binary.lhs);
    F->uses_c = true;
    cg_check(F, "wfrt_truth(%s, &c)", a.text);
    cg_line(F, "if (%sc) {", is_and ? "" : "!");
    F->depth++;
    struct opnd b = cg_expr(F, e->u.binary.rhs);
    cg_check(F, "wfrt_truth(%s, &c)", b.text);
    F->depth--;
    cg_line(F, "}");
    int t = cg_temp(F);
    cg_line(F, "t[%d] = wfrt_bool(c);", t);
    return cg_temp_opnd(t);
}

static struct opnd binary_opnd(struct fn *F, const wf_expr *e)
{
    enum wf_op op = e->u.binary.op;
    if (op == WF_OP_AND || op == WF_OP_OR)
        return logic_opnd(F, e);
    struct opnd a = cg_expr(F, e->u.binary.lhs);
    struct opnd b = cg_expr(F, e->u.binary.rhs);
    int t = cg_temp(F);
    cg_check(F, "%s(%s, %s, &t[%d])", binary_fns[op], a.text, b.text, t);
    return cg_temp_opnd(t);
}

static struct opnd unary_opnd(struct fn *F, const wf_expr *e)
{
    struct opnd a = cg_expr(F, e->u.unary.operand);
    int t = cg_temp(F);
    cg_check(F, "%s(%s, &t[%d])", e->u.unary.op == WF_OP_NOT ? "wfrt_op_not" : "wfrt_op_neg",
             a.text, t);
    return cg_temp_opnd(t);
}

static struct opnd list_opnd(struct fn *F, const wf_expr *e)
{
    int t = cg_temp(F);
    cg_line(F, "t[%d] = wfrt_list_new(%zu);", t, e->u.list.n);
    for (size_t i = 0; i < e->u.list.n; i++) {
        struct opnd item = cg_expr(F, e->u.list.items[i]);
        cg_line(F, "wfrt_list_push(&t[%d], %s);", t, item.own);
    }
    return cg_temp_opnd(t);
}

struct opnd cg_expr(struct fn *F, const wf_expr *e)
{
    switch (e->kind) {
    case WF_EXPR_NULL:
        return null_opnd();
    case WF_EXPR_BOOL:
        return cg_const("wfrt_bool(%s)", e->u.b ? "true" : "false");
    case WF_EXPR_INT:
        return int_opnd(e->u.i);
    case WF_EXPR_DOUBLE:
        return double_opnd(e->u.d);
    case WF_EXPR_STRING:
        return string_opnd(F, e->u.str.s, e->u.str.len);
    case WF_EXPR_LIST:
        return list_opnd(F, e);
    case WF_EXPR_NAME:
        return name_opnd(F, e);
    case WF_EXPR_FIELD:
        return field_opnd(F, e);
    case WF_EXPR_INDEX: {
        struct opnd obj = cg_expr(F, e->u.index.obj);
        struct opnd idx = cg_expr(F, e->u.index.index);
        int t = cg_temp(F);
        cg_check(F, "wfrt_get_index(%s, %s, &t[%d])", obj.text, idx.text, t);
        return cg_temp_opnd(t);
    }
    case WF_EXPR_CALL:
        return call_opnd(F, e);
    case WF_EXPR_UNARY:
        return unary_opnd(F, e);
    case WF_EXPR_BINARY:
        return binary_opnd(F, e);
    }
    return null_opnd();
}

/* ---- values as written ---- */

/* The string Workflows makes of a map key written as a number, a boolean
 * or null (the one `wfc emit --format json` writes). */
static const char *key_text(struct fn *F, const wf_node *k)
{
    switch (k->kind) {
    case WF_NODE_NULL:
        return "null";
    case WF_NODE_BOOL:
        return k->u.scalar.v.b ? "true" : "false";
    case WF_NODE_INT:
        return wf_arena_printf(F->G->a, "%" PRId64, k->u.scalar.v.i);
    case WF_NODE_DOUBLE:
        for (int prec = 1; prec < 17; prec++) {
            char *s = wf_arena_printf(F->G->a, "%.*g", prec, k->u.scalar.v.d);
            if (strtod(s, NULL) == k->u.scalar.v.d)
                return s;
        }
        return wf_arena_printf(F->G->a, "%.17g", k->u.scalar.v.d);
    default:
        return k->u.scalar.text;
    }
}

static struct opnd map_opnd(struct fn *F, const wf_node *n)
{
    int t = cg_temp(F);
    cg_line(F, "t[%d] = wfrt_map_new(%u);", t, n->len);
    for (size_t i = 0; i < n->len; i++) {
        const wf_node *k = n->u.pairs[i].key;
        if (k->kind == WF_NODE_EXPR) {
            struct opnd key = cg_node(F, k);
            struct opnd val = cg_node(F, n->u.pairs[i].value);
            cg_check(F, "wfrt_map_put(&t[%d], %s, %s)", t, key.own, val.own);
            continue;
        }
        const char *text = key_text(F, k);
        size_t len = k->kind == WF_NODE_STRING ? k->len : strlen(text);
        struct opnd val = cg_node(F, n->u.pairs[i].value);
        cg_line(F, "wfrt_map_set(&t[%d], wfrt_string(%s, %zu), %s);", t, cg_lit(F, text, len), len,
                val.own);
    }
    return cg_temp_opnd(t);
}

struct opnd cg_node(struct fn *F, const wf_node *n)
{
    if (!n)
        return null_opnd();
    switch (n->kind) {
    case WF_NODE_NULL:
        return null_opnd();
    case WF_NODE_BOOL:
        return cg_const("wfrt_bool(%s)", n->u.scalar.v.b ? "true" : "false");
    case WF_NODE_INT:
        return int_opnd(n->u.scalar.v.i);
    case WF_NODE_DOUBLE:
        return double_opnd(n->u.scalar.v.d);
    case WF_NODE_STRING:
        return string_opnd(F, n->u.scalar.text, n->len);
    case WF_NODE_EXPR:
        if (n->u.scalar.v.expr)
            return cg_expr(F, n->u.scalar.v.expr);
        cg_fail(F, "WFRT_TAG_SYSTEM", "an expression of the workflow does not parse");
        return null_opnd();
    case WF_NODE_LIST: {
        int t = cg_temp(F);
        cg_line(F, "t[%d] = wfrt_list_new(%u);", t, n->len);
        for (size_t i = 0; i < n->len; i++) {
            struct opnd item = cg_node(F, n->u.items[i]);
            cg_line(F, "wfrt_list_push(&t[%d], %s);", t, item.own);
        }
        return cg_temp_opnd(t);
    }
    case WF_NODE_MAP:
        return map_opnd(F, n);
    }
    return null_opnd();
}
