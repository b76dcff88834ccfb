/*
 * cgen.c - the C backend (backends/cgen.h): programs, functions and steps.
 * Expressions and values are in cgen_expr.c; the state both share, in
 * cgen_impl.h.
 *
 * Each workflow reached from main becomes one function; for
 *
 *   fib:
 *     params: [n]
 *     steps:
 *       - small:
 *           switch:
 *             - condition: ${n < 2}
 *               return: ${n}
 *       - sum:
 *           return: ${fib(n - 1) + fib(n - 2)}
 *
 * it is (the parameters' checks and some lines left out):
 *
 *   static bool wf_sub_1(wfrt_val a0, wfrt_val *result)  // a<i> per param
 *   {
 *       wfrt_val v[1];            // variables by id, then hidden slots
 *       wfrt_val t[5];            // temporaries of the current statement
 *       wfrt_val ret = wfrt_null();
 *       bool c = false;
 *       if (!wfrt_call_enter("fib"))
 *           return false;
 *       ...
 *       if (!wfrt_var_put(&v[0], wfrt_retain(a0)))  // or its default,
 *           goto L1;              // or a TypeError
 *       if (!wfrt_step("fib", "small", 14))
 *           goto L1;
 *       if (!wfrt_op_lt(v[0], wfrt_int(INT64_C(2)), &t[0]))
 *           goto L1;
 *       if (!wfrt_truth(t[0], &c))
 *           goto L1;
 *       wfrt_slots_release(t, 1);
 *       if (!c)
 *           goto L4;
 *       wfrt_put(&ret, wfrt_retain(v[0]));
 *       goto L0;
 *   L4:;
 *       if (!wfrt_step("fib", "sum", 18))
 *           goto L1;
 *       if (!wfrt_op_sub(v[0], wfrt_int(INT64_C(1)), &t[0]))
 *           goto L1;
 *       if (!wf_sub_1(t[0], &t[1]))
 *           goto L1;
 *       ...
 *       if (!wfrt_op_add(t[1], t[3], &t[4]))
 *           goto L1;
 *       wfrt_put(&ret, wfrt_take(&t[4]));
 *       wfrt_slots_release(t, 5);
 *       goto L0;
 *   L0:;                          // success: release v, *result = ret
 *       ...
 *   L1:;                          // failure: release t, v and ret; false
 *       ...
 *   }
 *
 * Steps are laid out in source order, so falling through a list is
 * falling through the C; `next` is a goto to the step's label; switch is a
 * chain of tests of wfrt_truth; a for loop keeps its list in a hidden slot
 * with a counter (a range in a struct wfrt_range); a try body sends its errors to the label of
 * its handler, which takes the error (wfrt_catch), asks the retry
 * predicate, sleeps and jumps back, or runs the except block. Only the
 * labels some goto uses are written (-Wall must stay quiet).
 *
 * Variables start absent; a read that flow analysis (ir/flow.c) does not
 * prove assigned checks for it (KeyError). The variables a for body or an
 * except block creates are reset when it is entered and left: they do not
 * outlive their scope. Every store into a variable goes through the
 * wfrt_var_* functions, and a function's variables are released by
 * wfrt_frame_release, which keep the memory of the variables that
 * Workflows limits (wfrt.h); hidden slots (a for's list, a caught error, a
 * retry policy) and temporaries do not count.
 *
 * A parallel step's branches, or its for loop's body, become functions of
 * their own (gen_branch_fn shows one), which wfrt_parallel
 * (backends/runtime/parallel.c) runs on threads. A branch keeps the
 * variables it creates in its own `v` and reaches those of the code around
 * it through `up`, the array of the enclosing frames (up[0] is the
 * workflow function's v, up[1] an enclosing branch's), which the step
 * hands over as `env`. A variable listed in `shared` is written with the
 * step's lock held through the whole assignment (wfrt_par_lock, from the
 * evaluation of the value to the store) and read under it into a
 * temporary (wfrt_par_get); other variables of the code around a branch
 * are only read, and nothing writes them while the branches run. A
 * `return` in a branch hands its value to the step (wfrt_par_return),
 * which returns it from the function that runs the step; `break` and
 * `continue` in a parallel for end the iteration (break also stops new
 * ones, wfrt_par_break).
 */
#include "config.h"

#include "backends/cgen.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "backends/cgen_impl.h"
#include "ir/stdlib.h"

/* ---- emitting ---- */

void cg_line(struct fn *F, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(F->out, "%*s", 4 * (F->depth + 1), "");
    vfprintf(F->out, fmt, ap);
    fputc('\n', F->out);
    va_end(ap);
}

void cg_check(struct fn *F, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *call = wf_arena_vprintf(F->G->a, fmt, ap);
    va_end(ap);
    cg_line(F, "if (!%s)", call);
    cg_line(F, "    goto L%d;", cg_use(F, F->handler));
}

void cg_fail(struct fn *F, const char *tag, const char *msg)
{
    cg_line(F, "wfrt_fail(%s, \"%%s\", %s);", tag, cg_lit_cstr(F, msg));
    cg_line(F, "goto L%d;", cg_use(F, F->handler));
}

/* Every byte outside printable ASCII, and ", \ and ? (no escape, no
 * trigraph, no end of a comment can form), as a three-digit octal escape,
 * which never takes in the byte after it. Long strings are cut into
 * adjacent literals. */
const char *cg_lit(struct fn *F, const char *s, size_t len)
{
    static const char cut[] = "\"\n            \"";
    size_t cap = 4 * len + (sizeof cut - 1) * (len / 64 + 1) + 3, n = 0;
    char *out = wf_arena_alloc(F->G->a, cap);
    out[n++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (i > 0 && i % 64 == 0) {
            memcpy(out + n, cut, sizeof cut - 1);
            n += sizeof cut - 1;
        }
        if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '?')
            out[n++] = (char)ch;
        else
            n += (size_t)snprintf(out + n, cap - n, "\\%03o", ch);
    }
    out[n++] = '"';
    out[n] = '\0';
    return out;
}

const char *cg_lit_cstr(struct fn *F, const char *s)
{
    return cg_lit(F, s, strlen(s));
}

int cg_new_label(struct fn *F)
{
    if (F->nlabels == F->caplabels) {
        F->caplabels = F->caplabels ? 2 * F->caplabels : 64;
        F->labels = wf_xrealloc(F->labels, (size_t)F->caplabels);
    }
    F->labels[F->nlabels] = 0;
    return F->nlabels++;
}

int cg_use(struct fn *F, int l)
{
    F->labels[l] |= 1;
    return l;
}

/* A marker line, turned into "L<n>:;" or nothing once the function is
 * done and it is known whether a goto uses the label. */
void cg_place(struct fn *F, int l)
{
    F->labels[l] |= 2;
    fprintf(F->out, "\001%d\n", l);
}

int cg_temp(struct fn *F)
{
    int t = F->ntemps++;
    if (F->ntemps > F->maxtemps)
        F->maxtemps = F->ntemps;
    return t;
}

void cg_stmt_end(struct fn *F)
{
    if (F->ntemps)
        cg_line(F, "wfrt_slots_release(t, %d);", F->ntemps);
    F->ntemps = 0;
}

static size_t sub_index(const wf_program *p, const wf_sub *sub)
{
    for (size_t i = 0; i < p->nsubs; i++)
        if (p->subs[i] == sub)
            return i;
    return 0;
}

size_t cg_sub_ref(struct fn *F, const wf_sub *sub)
{
    struct cg *G = F->G;
    size_t i = sub_index(G->p, sub);
    if (!G->queued[i]) {
        G->queued[i] = true;
        G->order[G->norder++] = i;
    }
    return i;
}

/* ---- labels of steps ---- */

static size_t ptr_hash(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 7) & (cap - 1);
}

static int step_label(struct fn *F, const wf_step *st)
{
    if (2 * (F->step_count + 1) > F->step_cap) {
        size_t cap = F->step_cap ? 2 * F->step_cap : 64;
        const wf_step **keys = calloc(cap, sizeof *keys);
        int *vals = calloc(cap, sizeof *vals);
        if (!keys || !vals)
            wf_fatal_oom();
        for (size_t i = 0; i < F->step_cap; i++) {
            if (!F->step_keys[i])
                continue;
            size_t j = ptr_hash(F->step_keys[i], cap);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = F->step_keys[i];
            vals[j] = F->step_labels[i];
        }
        free(F->step_keys);
        free(F->step_labels);
        F->step_keys = keys;
        F->step_labels = vals;
        F->step_cap = cap;
    }
    size_t j = ptr_hash(st, F->step_cap);
    for (; F->step_keys[j]; j = (j + 1) & (F->step_cap - 1))
        if (F->step_keys[j] == st)
            return F->step_labels[j];
    F->step_keys[j] = st;
    F->step_labels[j] = cg_new_label(F);
    F->step_count++;
    return F->step_labels[j];
}

/* ---- variables ---- */

/* The variable `name` as a definition in step `st` sees it. */
static int def_slot(struct fn *F, const wf_step *st, const char *name)
{
    const wf_var *v = wf_resolve_lookup(F->sub, st->names.scope, name);
    return v ? (int)v->id : F->nslots++; /* unbound: a slot nobody reads */
}

/* The variable `name` declared by the scope of kind `kind` that `owner`
 * opens (a loop's value or index, an except block's `as`), or -1. */
static int scope_var(struct fn *F, enum wf_scope_kind kind, const wf_step *owner, const char *name)
{
    for (size_t i = 0; i < F->sub->names.nvars; i++) {
        const wf_var *v = F->sub->names.vars[i];
        if (v->name == name && v->scope->kind == kind && v->scope->owner == owner)
            return (int)v->id;
    }
    return -1;
}

/* Entering or leaving a for body or an except block: what it created is
 * gone (and no longer counts against the memory of the variables). */
static void reset_scope(struct fn *F, enum wf_scope_kind kind, const wf_step *owner)
{
    for (size_t i = 0; i < F->sub->names.nvars; i++) {
        const wf_var *v = F->sub->names.vars[i];
        if (v->scope->kind == kind && v->scope->owner == owner)
            cg_line(F, "wfrt_var_clear(&%s);", cg_var(F, (int)v->id));
    }
}

/* The parallel branches and parallel for bodies around `s`, itself
 * included: the level of the function that holds its variables. */
static int scope_level(const wf_scope *s)
{
    int n = 0;
    for (; s; s = s->parent)
        n += s->kind == WF_SCOPE_BRANCH || s->kind == WF_SCOPE_PAR_FOR;
    return n;
}

/* The variable of slot `slot`, or NULL for a hidden slot. */
static const wf_var *slot_var(struct fn *F, int slot)
{
    if (slot < 0 || (size_t)slot >= F->sub->names.nvars)
        return NULL;
    const wf_var *v = F->sub->names.vars[slot];
    assert(v->id == (unsigned)slot);
    return v;
}

static int slot_level(struct fn *F, int slot)
{
    const wf_var *v = slot_var(F, slot);
    int l = v ? scope_level(v->scope) : F->level;
    return l < F->level ? l : F->level;
}

const char *cg_var(struct fn *F, int slot)
{
    int l = slot_level(F, slot);
    if (l == F->level)
        return wf_arena_printf(F->G->a, "v[%d]", slot);
    return wf_arena_printf(F->G->a, "up[%d][%d]", l, slot);
}

/* Stores the C value `val` (consumed) in slot `slot`: through wfrt_var_put,
 * which keeps the memory of the variables, when it is a variable's. */
static void store(struct fn *F, int slot, const char *val)
{
    if (slot_var(F, slot))
        cg_check(F, "wfrt_var_put(&%s, %s)", cg_var(F, slot), val);
    else
        cg_line(F, "wfrt_put(&%s, %s);", cg_var(F, slot), val);
}

bool cg_guarded(struct fn *F, int slot)
{
    int l = slot_level(F, slot);
    if (l >= F->level)
        return false;
    const wf_step *par = F->pars[l];
    const char *name = slot_var(F, slot)->name;
    for (size_t i = 0; i < par->u.par.nshared; i++)
        if (par->u.par.shared[i].name == name)
            return true;
    return false;
}

/* ---- steps ---- */

static void gen_step(struct fn *F, const wf_step *st);

static void gen_block(struct fn *F, const wf_block *b)
{
    for (size_t i = 0; b && i < b->n; i++)
        gen_step(F, b->steps[i]);
}

static void gen_next(struct fn *F, const wf_next *nx)
{
    switch (nx->kind) {
    case WF_NEXT_NONE:
        return;
    case WF_NEXT_STEP:
        if (nx->step)
            cg_line(F, "goto L%d;", cg_use(F, step_label(F, nx->step)));
        else
            cg_fail(F, "WFRT_TAG_SYSTEM", "jump to an undefined step");
        return;
    case WF_NEXT_END:
        cg_line(F, "goto L%d;", cg_use(F, F->end));
        return;
    case WF_NEXT_BREAK:
    case WF_NEXT_CONTINUE:
        if (F->nloops == 0) {
            cg_fail(F, "WFRT_TAG_SYSTEM", "break or continue outside a for loop");
            return;
        }
        const struct cg_loop *lp = &F->loops[F->nloops - 1];
        if (lp->par && nx->kind == WF_NEXT_BREAK)
            cg_line(F, "wfrt_par_break(par);");
        cg_line(F, "goto L%d;", cg_use(F, nx->kind == WF_NEXT_BREAK ? lp->brk : lp->cont));
        return;
    }
}

/* `x: ${list.concat(x, item)}` with x assigned on every path: appends in
 * place (wfrt_list_append) rather than copying the list to drop the old
 * one right after, which makes a list built in a loop quadratic. The item
 * is still evaluated before the list is touched, as list.concat's
 * arguments are. Returns false for any other assignment. */
static bool append_in_place(struct fn *F, int slot, const wf_node *value)
{
    if (!value || value->kind != WF_NODE_EXPR || !value->u.scalar.v.expr)
        return false;
    const wf_expr *e = value->u.scalar.v.expr;
    if (e->kind != WF_EXPR_CALL || e->u.call.nargs != 2 ||
        strcmp(e->u.call.callee, "list.concat") != 0 || wf_ir_find_sub(F->G->p, e->u.call.callee))
        return false;
    const wf_expr *list = e->u.call.args[0];
    if (list->kind != WF_EXPR_NAME || !list->read)
        return false;
    const wf_use *u = &F->sub->names.uses[list->read - 1];
    if (!u->var || (int)u->var->id != slot || u->state != WF_USE_DEFINED)
        return false;
    struct opnd item = cg_expr(F, e->u.call.args[1]);
    cg_check(F, "wfrt_var_append(&%s, %s)", cg_var(F, slot), item.text);
    return true;
}

/* The value of `as` into slot `slot`, through the n subscripts of `path`
 * (none: the variable itself). */
static void assign_to(struct fn *F, int slot, const wf_expr *const *path, size_t n,
                      const wf_assign *as)
{
    if (n == 0 && append_in_place(F, slot, as->value))
        return;
    struct opnd val = cg_node(F, as->value);
    const char *var = cg_var(F, slot);
    if (n == 0) {
        store(F, slot, val.own);
        return;
    }
    cg_line(F, "if (%s.type == WFRT_ABSENT) {", var);
    cg_line(F, "    wfrt_fail_unassigned(%s);", cg_lit_cstr(F, slot_var(F, slot)->name));
    cg_line(F, "    goto L%d;", cg_use(F, F->handler));
    cg_line(F, "}");
    if (n == 1 && path[0]->kind == WF_EXPR_FIELD) {
        cg_check(F, "wfrt_var_set_field(&%s, %s, %s)", var, cg_lit_cstr(F, path[0]->u.field.name),
                 val.own);
        return;
    }
    char *keys = wf_arena_printf(F->G->a, "%s", "");
    for (size_t i = 0; i < n; i++) {
        struct opnd k;
        if (path[i]->kind == WF_EXPR_FIELD) {
            int tk = cg_temp(F);
            cg_line(F, "t[%d] = wfrt_string_cstr(%s);", tk, cg_lit_cstr(F, path[i]->u.field.name));
            k = cg_temp_opnd(tk);
        } else {
            k = cg_expr(F, path[i]->u.index.index);
        }
        keys = wf_arena_printf(F->G->a, "%s%s%s", keys, i ? ", " : "", k.text);
    }
    if (n == 1) {
        cg_check(F, "wfrt_var_set_index(&%s, %s, %s)", var, keys, val.own);
        return;
    }
    cg_line(F, "{");
    F->depth++;
    cg_line(F, "const wfrt_val path[%zu] = {%s};", n, keys);
    cg_check(F, "wfrt_var_set_path(&%s, path, %zu, %s)", var, n, val.own);
    F->depth--;
    cg_line(F, "}");
}

/* x: value, x.a[i]: value. In a branch, an assignment to a shared
 * variable holds the lock from the evaluation of its value to the store,
 * so that `n: ${n + 1}` in every branch counts them all; an error on the
 * way goes through a label that lets go of the lock. */
static void gen_assign(struct fn *F, const wf_step *st, const wf_assign *as)
{
    if (!as->target) {
        cg_fail(F, "WFRT_TAG_SYSTEM", "an assignment target does not parse");
        return;
    }
    /* The subscripts from the base out. */
    const wf_expr *t = as->target;
    size_t n = 0;
    for (const wf_expr *e = t; e->kind == WF_EXPR_FIELD || e->kind == WF_EXPR_INDEX;
         e = e->kind == WF_EXPR_FIELD ? e->u.field.obj : e->u.index.obj)
        n++;
    const wf_expr **path = wf_arena_array(F->G->a, n ? n : 1, sizeof *path);
    const wf_expr *base = t;
    for (size_t i = n; i-- > 0;) {
        path[i] = base;
        base = base->kind == WF_EXPR_FIELD ? base->u.field.obj : base->u.index.obj;
    }
    if (base->kind != WF_EXPR_NAME) {
        cg_fail(F, "WFRT_TAG_SYSTEM", "an assignment target must start with a variable");
        return;
    }
    int slot = def_slot(F, st, base->u.name);
    if (!cg_guarded(F, slot) || F->locked) {
        assign_to(F, slot, path, n, as);
        cg_stmt_end(F);
        return;
    }
    int outer = F->handler, unlock = cg_new_label(F);
    cg_line(F, "wfrt_par_lock(par);");
    F->locked = true;
    F->handler = unlock;
    assign_to(F, slot, path, n, as);
    F->locked = false;
    F->handler = outer;
    cg_line(F, "wfrt_par_unlock(par);");
    cg_stmt_end(F);
    if (F->labels[unlock] & 1) {
        int skip = cg_new_label(F);
        cg_line(F, "goto L%d;", cg_use(F, skip));
        cg_place(F, unlock);
        cg_line(F, "wfrt_par_unlock(par);");
        cg_line(F, "goto L%d;", cg_use(F, outer));
        cg_place(F, skip);
    }
}

/* The parameter of `params` (names interned for a workflow, table names
 * for the library) that argument `name` gives, or -1. */
static int param_position(const wf_sub *sub, const struct wf_func *fn, const char *name)
{
    size_t n = sub ? sub->nparams : fn->nparams;
    for (size_t i = 0; i < n; i++)
        if (sub ? sub->params[i].name.name == name : strcmp(fn->params[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* The value of a call step in temporary `t` into its `result`, if any. */
static void store_result(struct fn *F, const wf_step *st, int t)
{
    if (!st->u.call.result.name)
        return;
    int slot = def_slot(F, st, st->u.call.result.name);
    if (cg_guarded(F, slot))
        cg_check(F, "wfrt_par_put(par, &%s, wfrt_take(&t[%d]))", cg_var(F, slot), t);
    else
        store(F, slot, wf_arena_printf(F->G->a, "wfrt_take(&t[%d])", t));
}

/* call: f, args: {...}, result: r */
static void gen_call(struct fn *F, const wf_step *st)
{
    const char *callee = st->u.call.func.name;
    const wf_sub *sub = st->names.callee_sub;
    const struct wf_func *fn = st->names.callee_fn;
    size_t nargs = st->u.call.nargs;
    const char **ops = wf_arena_array(F->G->a, nargs ? nargs : 1, sizeof *ops);
    for (size_t i = 0; i < nargs; i++) {
        struct opnd o = cg_node(F, st->u.call.args[i].value);
        ops[i] = wf_arena_strndup(F->G->a, o.text, strlen(o.text));
    }
    if (!sub && !fn && st->names.connector) {
        int m = cg_temp(F), t = cg_temp(F);
        cg_line(F, "t[%d] = wfrt_map_new(%zu);", m, nargs);
        for (size_t i = 0; i < nargs; i++) {
            const char *name = st->u.call.args[i].name.name;
            if (name)
                cg_line(F, "wfrt_map_set(&t[%d], wfrt_string_cstr(%s), wfrt_retain(%s));", m,
                        cg_lit_cstr(F, name), ops[i]);
        }
        cg_check(F, "wfrt_connector(%s, t[%d], &t[%d])", cg_lit_cstr(F, callee), m, t);
        store_result(F, st, t);
        cg_stmt_end(F);
        return;
    }
    if (!sub && (!fn || (fn->flags & WF_FN_VALUE))) {
        cg_fail(F, "WFRT_TAG_TYPE",
                wf_arena_printf(F->G->a, "\"%s\" is not a library function or a workflow",
                                callee));
        return;
    }
    size_t nparams = sub ? sub->nparams : fn->nparams;
    const char **args = wf_arena_array(F->G->a, nparams ? nparams : 1, sizeof *args);
    memset(args, 0, (nparams ? nparams : 1) * sizeof *args);
    for (size_t i = 0; i < nargs; i++) {
        const char *name = st->u.call.args[i].name.name;
        int pos = st->u.call.positional || !name ? (int)i : param_position(sub, fn, name);
        if (pos < 0 || (size_t)pos >= nparams) {
            if (fn && (fn->flags & WF_FN_ARGS_UNKNOWN))
                continue;
            cg_fail(F, "WFRT_TAG_TYPE",
                    name ? wf_arena_printf(F->G->a, "\"%s\" has no parameter \"%s\"", callee, name)
                         : wf_arena_printf(F->G->a, "too many arguments for \"%s\"", callee));
            return;
        }
        args[pos] = ops[i];
    }
    int t = cg_temp(F);
    if (sub)
        cg_call_sub(F, cg_sub_ref(F, sub), args, nparams, t);
    else
        cg_call_fn(F, fn, args, (unsigned)nparams, t);
    store_result(F, st, t);
    cg_stmt_end(F);
}

static void gen_switch(struct fn *F, const wf_step *st)
{
    int end = cg_new_label(F);
    for (size_t i = 0; i < st->u.sw.n; i++) {
        const wf_case *c = &st->u.sw.cases[i];
        int skip = -1;
        if (!wf_ir_case_always_true(c)) {
            struct opnd cond = cg_node(F, c->condition);
            F->uses_c = true;
            cg_check(F, "wfrt_truth(%s, &c)", cond.text);
            cg_stmt_end(F);
            skip = cg_new_label(F);
            cg_line(F, "if (!c)");
            cg_line(F, "    goto L%d;", cg_use(F, skip));
        }
        if (c->body)
            gen_step(F, c->body);
        bool leaves =
            c->body && (c->body->kind == WF_STEP_RETURN || c->body->kind == WF_STEP_RAISE);
        if (c->next.kind != WF_NEXT_NONE)
            gen_next(F, &c->next);
        else if (!leaves)
            cg_line(F, "goto L%d;", cg_use(F, end));
        if (skip >= 0)
            cg_place(F, skip);
    }
    cg_place(F, end);
    gen_next(F, &st->next);
}

static void push_loop(struct fn *F, int cont, int brk, bool par)
{
    if (F->nloops == F->caploops) {
        F->caploops = F->caploops ? 2 * F->caploops : 8;
        F->loops = wf_xrealloc(F->loops, (size_t)F->caploops * sizeof *F->loops);
    }
    F->loops[F->nloops++] = (struct cg_loop){cont, brk, par};
}

static void gen_for(struct fn *F, const wf_step *st)
{
    const wf_loop *lp = st->u.loop;
    if (!lp) {
        cg_fail(F, "WFRT_TAG_SYSTEM", "a for loop without its loop");
        return;
    }
    int value = scope_var(F, WF_SCOPE_FOR, st, lp->value.name);
    int index = lp->index.name ? scope_var(F, WF_SCOPE_FOR, st, lp->index.name) : -1;
    if (value < 0)
        value = F->nslots++;
    int head = cg_new_label(F), cont = cg_new_label(F), brk = cg_new_label(F);
    int k = index >= 0 || !lp->range ? F->ncounters++ : -1;
    int list = -1, range = -1;
    if (lp->range) {
        range = F->nranges++;
        struct opnd r = cg_node(F, lp->range);
        cg_check(F, "wfrt_range_start(%s, &r%d)", r.text, range);
    } else {
        list = F->nslots++;
        struct opnd l = cg_node(F, lp->in);
        cg_line(F, "wfrt_put(&v[%d], %s);", list, l.own);
        cg_check(F, "wfrt_check_list(v[%d])", list);
    }
    cg_stmt_end(F);
    reset_scope(F, WF_SCOPE_FOR, st);
    if (k >= 0)
        cg_line(F, "k%d = 0;", k);
    if (range >= 0)
        store(F, value, "wfrt_null()"); /* see wfrt_range_next_var */
    cg_place(F, head);
    if (list >= 0) {
        cg_line(F, "if (k%d >= wfrt_list_len(v[%d]))", k, list);
        cg_line(F, "    goto L%d;", cg_use(F, brk));
        store(F, value, wf_arena_printf(F->G->a, "wfrt_retain(wfrt_list_at(v[%d], k%d))", list, k));
    } else {
        cg_line(F, "if (!wfrt_range_next_var(&r%d, &%s))", range, cg_var(F, value));
        cg_line(F, "    goto L%d;", cg_use(F, brk));
    }
    if (index >= 0)
        store(F, index, wf_arena_printf(F->G->a, "wfrt_int((int64_t)k%d)", k));
    push_loop(F, cont, brk, false);
    gen_block(F, lp->body);
    F->nloops--;
    cg_place(F, cont);
    if (k >= 0)
        cg_line(F, "k%d++;", k);
    cg_line(F, "goto L%d;", cg_use(F, head));
    cg_place(F, brk);
    reset_scope(F, WF_SCOPE_FOR, st);
    if (list >= 0)
        cg_line(F, "wfrt_put(&v[%d], wfrt_absent());", list);
    gen_next(F, &st->next);
}

/* A retry predicate: a workflow, a predicate of the library, or the one a
 * policy value names (kept in slot `policy`). */
struct pred {
    const wf_sub *sub;
    const struct wf_func *fn;
    int policy;
};

/* The predicate a value names (${name}, ${retry.always}); false when it
 * names none. */
static bool pred_of(struct fn *F, const wf_node *n, struct pred *pr)
{
    const wf_expr *e = n && n->kind == WF_NODE_EXPR ? n->u.scalar.v.expr : NULL;
    const char *name = e ? wf_expr_dotted(F->G->a, e) : NULL;
    if (!name)
        return false;
    pr->sub = wf_ir_find_sub(F->G->p, name);
    pr->fn = pr->sub ? NULL : wf_stdlib_find(name);
    return pr->sub || (pr->fn && (pr->fn->flags & WF_FN_PREDICATE));
}

/* Starts the retry policy of a try step into y<y>; false (after code that
 * fails) when the policy cannot be compiled. A policy given as an
 * expression (${http.default_retry}, or a variable holding one) is a map
 * that names its predicate, asked at run time. */
static bool gen_retry_start(struct fn *F, const wf_retry *rt, int y, struct pred *pr)
{
    if (rt->policy) {
        pr->policy = F->nslots++;
        struct opnd policy = cg_node(F, rt->policy);
        cg_line(F, "wfrt_put(&v[%d], %s);", pr->policy, policy.own);
        cg_check(F, "wfrt_retry_start_policy(&y%d, v[%d])", y, pr->policy);
        cg_stmt_end(F);
        return true;
    }
    if (!rt->predicate) {
        pr->fn = wf_stdlib_find("http.default_retry_predicate");
    } else if (!pred_of(F, rt->predicate, pr)) {
        cg_fail(F, "WFRT_TAG_TYPE",
                "a retry predicate must name a workflow or a predicate of the library");
        return false;
    }
    struct opnd a = rt->max_retries ? cg_node(F, rt->max_retries) : cg_const("wfrt_absent()");
    struct opnd b = rt->initial_delay ? cg_node(F, rt->initial_delay) : cg_const("wfrt_absent()");
    struct opnd c = rt->max_delay ? cg_node(F, rt->max_delay) : cg_const("wfrt_absent()");
    struct opnd d = rt->multiplier ? cg_node(F, rt->multiplier) : cg_const("wfrt_absent()");
    cg_check(F, "wfrt_retry_start(&y%d, %s, %s, %s, %s)", y, a.text, b.text, c.text, d.text);
    cg_stmt_end(F);
    return true;
}

/* Asks the predicate about the error in slot `err`: the answer in c. */
static void gen_predicate(struct fn *F, const struct pred *pr, int err)
{
    int t = cg_temp(F);
    char arg[24];
    snprintf(arg, sizeof arg, "v[%d]", err);
    const char *args[1] = {arg};
    if (pr->policy >= 0)
        cg_check(F, "wfrt_retry_policy_ask(v[%d], v[%d], &t[%d])", pr->policy, err, t);
    else if (pr->sub)
        cg_call_sub(F, cg_sub_ref(F, pr->sub), args, 1, t);
    else
        cg_call_fn(F, pr->fn, args, 1, t);
    F->uses_c = true;
    cg_check(F, "wfrt_truth(t[%d], &c)", t);
    cg_stmt_end(F);
}

static void gen_try(struct fn *F, const wf_step *st)
{
    const wf_retry *rt = st->u.try_.retry;
    const wf_except *ex = st->u.try_.except;
    int outer = F->handler, caught = cg_new_label(F), done = cg_new_label(F), again = -1;
    int err = F->nslots++, y = -1;
    struct pred pr = {NULL, NULL, -1};
    if (rt) {
        y = F->nretries;
        if (gen_retry_start(F, rt, y, &pr)) {
            F->nretries++; /* y<y> is declared only when used: -Wall */
            again = cg_new_label(F);
            cg_place(F, again);
        }
    }
    F->handler = caught;
    if (st->u.try_.body)
        gen_step(F, st->u.try_.body);
    F->handler = outer;
    cg_line(F, "goto L%d;", cg_use(F, done));
    cg_place(F, caught);
    cg_line(F, "wfrt_slots_release(t, sizeof t / sizeof t[0]);");
    cg_check(F, "wfrt_catch(&v[%d])", err);
    if (again >= 0) {
        cg_line(F, "if (y%d.attempt < y%d.max_retries) {", y, y);
        F->depth++;
        gen_predicate(F, &pr, err);
        cg_line(F, "if (c) {");
        F->depth++;
        cg_check(F, "wfrt_retry_wait(&y%d)", y);
        if (st->name.name) /* each attempt counts as a step */
            cg_check(F, "wfrt_step(%s, %s, %d)", cg_lit_cstr(F, F->sub->name.name),
                     cg_lit_cstr(F, st->name.name), st->name.span.line);
        cg_line(F, "goto L%d;", cg_use(F, again));
        F->depth--;
        cg_line(F, "}");
        F->depth--;
        cg_line(F, "}");
    }
    if (ex) {
        reset_scope(F, WF_SCOPE_EXCEPT, st);
        int as = ex->as.name ? scope_var(F, WF_SCOPE_EXCEPT, st, ex->as.name) : -1;
        if (as >= 0)
            cg_check(F, "wfrt_var_put(&%s, wfrt_take(&v[%d]))", cg_var(F, as), err);
        else
            cg_line(F, "wfrt_put(&v[%d], wfrt_absent());", err);
        gen_block(F, ex->body);
        reset_scope(F, WF_SCOPE_EXCEPT, st);
    } else {
        cg_line(F, "wfrt_fail_value(wfrt_take(&v[%d]));", err);
        cg_line(F, "goto L%d;", cg_use(F, outer));
    }
    cg_place(F, done);
    gen_next(F, &st->next);
}

static void gen_parallel(struct fn *F, const wf_step *st);

static void gen_step(struct fn *F, const wf_step *st)
{
    if (st->name.name) {
        cg_place(F, step_label(F, st));
        cg_check(F, "wfrt_step(%s, %s, %d)", cg_lit_cstr(F, F->sub->name.name),
                 cg_lit_cstr(F, st->name.name), st->name.span.line);
    }
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        for (size_t i = 0; i < st->u.assign.n; i++)
            gen_assign(F, st, &st->u.assign.items[i]);
        break;
    case WF_STEP_CALL:
        gen_call(F, st);
        break;
    case WF_STEP_SWITCH:
        gen_switch(F, st);
        return;
    case WF_STEP_FOR:
        gen_for(F, st);
        return;
    case WF_STEP_PARALLEL:
        gen_parallel(F, st);
        return;
    case WF_STEP_TRY:
        gen_try(F, st);
        return;
    case WF_STEP_RAISE: {
        struct opnd val = cg_node(F, st->u.value);
        cg_line(F, "wfrt_raise(%s);", val.own);
        cg_line(F, "goto L%d;", cg_use(F, F->handler));
        return;
    }
    case WF_STEP_RETURN: {
        struct opnd val = cg_node(F, st->u.value);
        cg_line(F, "wfrt_put(&ret, %s);", val.own);
        cg_stmt_end(F);
        cg_line(F, "goto L%d;", cg_use(F, F->end));
        return;
    }
    case WF_STEP_STEPS:
        gen_block(F, st->u.steps);
        break;
    case WF_STEP_JUMP:
    case WF_STEP_KIND_COUNT:
        break;
    }
    gen_next(F, &st->next);
}

/* ---- functions ---- */

static void prototype(FILE *out, const wf_program *p, size_t index)
{
    fprintf(out, "static bool wf_sub_%zu(", index);
    for (size_t i = 0; i < p->subs[index]->nparams; i++)
        fprintf(out, "wfrt_val a%zu, ", i);
    fputs("wfrt_val *result)", out);
}

/* The parameters into their slots: the argument, else the default, else
 * a TypeError. */
static void gen_params(struct fn *F)
{
    const wf_sub *sub = F->sub;
    for (size_t i = 0; i < sub->nparams; i++) {
        const wf_param *pm = &sub->params[i];
        const wf_var *var = NULL;
        for (size_t k = 0; k < sub->names.nvars && !var; k++)
            if (sub->names.vars[k]->name == pm->name.name && !sub->names.vars[k]->scope->parent)
                var = sub->names.vars[k];
        int slot = var ? (int)var->id : F->nslots++;
        cg_line(F, "if (a%zu.type != WFRT_ABSENT) {", i);
        F->depth++;
        store(F, slot, wf_arena_printf(F->G->a, "wfrt_retain(a%zu)", i));
        F->depth--;
        cg_line(F, "} else {");
        F->depth++;
        if (pm->def) {
            struct opnd d = cg_node(F, pm->def);
            store(F, slot, d.own);
            cg_stmt_end(F);
        } else {
            cg_fail(F, "WFRT_TAG_TYPE",
                    wf_arena_printf(F->G->a, "missing argument \"%s\" of workflow \"%s\"",
                                    pm->name.name, sub->name.name));
        }
        F->depth--;
        cg_line(F, "}");
    }
}

/* Copies the buffered body to `out`, writing the labels gotos use. A label
 * used but never placed (a step the code generator did not write) is
 * placed at the end, where it fails. */
static void flush_body(struct fn *F, FILE *out)
{
    for (char *p = F->buf; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (*p == '\001') {
            int l = atoi(p + 1);
            if (F->labels[l] & 1)
                fprintf(out, "L%d:;\n", l);
        } else {
            fwrite(p, 1, n, out);
        }
        p += n;
    }
}

/* A used label that was never placed (a jump to a step the code generator
 * did not write: out of a branch) fails where it is placed, at the end. */
static void place_strays(struct fn *F)
{
    for (int l = 0; l < F->nlabels; l++) {
        if ((F->labels[l] & 3) == 1 && l != F->end && l != F->fail && l != F->done) {
            cg_place(F, l);
            cg_fail(F, "WFRT_TAG_SYSTEM", "jump to a step that was not compiled");
        }
    }
}

static void open_fn(struct fn *F)
{
    F->out = open_memstream(&F->buf, &F->len);
    if (!F->out)
        wf_fatal_oom();
    F->nslots = (int)F->sub->names.nvars;
    F->end = cg_new_label(F);
    F->fail = cg_new_label(F);
    F->done = -1;
    F->handler = F->fail;
}

/* The declarations of a function's variables, temporaries and loop and
 * retry state, then the buffered body. */
static void close_fn(struct fn *F, FILE *out, const char *entry)
{
    fclose(F->out);
    fprintf(out, "    wfrt_val v[%d];\n", F->nslots ? F->nslots : 1);
    fprintf(out, "    wfrt_val t[%d];\n", F->maxtemps ? F->maxtemps : 1);
    fputs("    wfrt_val ret = wfrt_null();\n", out);
    if (F->uses_c)
        fputs("    bool c = false;\n", out);
    for (int i = 0; i < F->ncounters; i++)
        fprintf(out, "    size_t k%d = 0;\n", i);
    for (int i = 0; i < F->nranges; i++)
        fprintf(out, "    struct wfrt_range r%d = {.done = true};\n", i);
    for (int i = 0; i < F->nretries; i++)
        fprintf(out, "    struct wfrt_retry y%d = {.attempt = 0};\n", i);
    fputs(entry, out);
    fputs("    wfrt_slots_init(v, sizeof v / sizeof v[0]);\n", out);
    fputs("    wfrt_slots_init(t, sizeof t / sizeof t[0]);\n", out);
    flush_body(F, out);
    fputs("}\n", out);
    free(F->buf);
    free(F->labels);
    free(F->step_keys);
    free(F->step_labels);
    free(F->loops);
}

static void gen_sub(struct cg *G, size_t index, FILE *out)
{
    struct fn F = {.G = G, .sub = G->p->subs[index]};
    open_fn(&F);
    gen_params(&F);
    gen_block(&F, F.sub->body);
    place_strays(&F);
    cg_place(&F, F.end);
    cg_line(&F, "wfrt_frame_release(v, %zu, sizeof v / sizeof v[0]);", F.sub->names.nvars);
    cg_line(&F, "wfrt_call_leave();");
    cg_line(&F, "*result = ret;");
    cg_line(&F, "return true;");
    cg_place(&F, F.fail);
    cg_line(&F, "wfrt_slots_release(t, sizeof t / sizeof t[0]);");
    cg_line(&F, "wfrt_frame_release(v, %zu, sizeof v / sizeof v[0]);", F.sub->names.nvars);
    cg_line(&F, "wfrt_release(ret);");
    cg_line(&F, "wfrt_call_leave();");
    cg_line(&F, "return false;");

    fputc('\n', out);
    if (wf_ir_valid_var_name(F.sub->name.name))
        fprintf(out, "/* %s */\n", F.sub->name.name);
    prototype(out, G->p, index);
    fputs("\n{\n", out);
    close_fn(&F, out,
             wf_arena_printf(G->a, "    if (!wfrt_call_enter(%s))\n        return false;\n",
                             cg_lit_cstr(&F, F.sub->name.name)));
}

/* ---- parallel steps ---- */

/* Writes the function of a branch of parallel step `st` (its `body`), or
 * of the body of its for loop `lp`, into G->pars; returns its number.
 *
 *   static bool wf_par_2(struct wfrt_par *par, void *env, size_t index,
 *                        wfrt_val value)
 *   {
 *       wfrt_val *const *up = env;  // up[l]: the v of the code of level l
 *       wfrt_val v[9];              // the branch's variables, hidden slots
 *       ...
 *       if (!wfrt_var_put(&v[4], wfrt_retain(value)))  // a for's value
 *           goto L1;                                    // and index
 *       ...                         // the steps, as in a workflow's function
 *       goto L2;
 *   L0:;                            // return (or next: end) in the branch
 *       wfrt_par_return(par, index, wfrt_take(&ret));
 *   L2:;                            // the branch's end: release v, true
 *       ...
 *   L1:;                            // an unhandled error: release; false
 *       ...
 *   }
 */
static int gen_branch_fn(struct fn *P, const wf_step *st, const wf_block *body, const wf_loop *lp,
                         const char *branch)
{
    struct cg *G = P->G;
    int number = G->npars++;
    struct fn F = {.G = G, .sub = P->sub, .level = P->level + 1};
    const wf_step **pars = wf_arena_array(G->a, (size_t)F.level, sizeof *pars);
    for (int l = 0; l < P->level; l++)
        pars[l] = P->pars[l];
    pars[P->level] = st;
    F.pars = pars;
    open_fn(&F);
    F.done = cg_new_label(&F);
    if (lp) {
        int value = scope_var(&F, WF_SCOPE_PAR_FOR, st, lp->value.name);
        int index = lp->index.name ? scope_var(&F, WF_SCOPE_PAR_FOR, st, lp->index.name) : -1;
        if (value >= 0)
            cg_check(&F, "wfrt_var_put(&%s, wfrt_retain(value))", cg_var(&F, value));
        if (index >= 0)
            cg_check(&F, "wfrt_var_put(&%s, wfrt_int((int64_t)index))", cg_var(&F, index));
        push_loop(&F, F.done, F.done, true);
    }
    gen_block(&F, body);
    cg_line(&F, "goto L%d;", cg_use(&F, F.done));
    place_strays(&F);
    if (F.labels[F.end] & 1) {
        cg_place(&F, F.end);
        cg_line(&F, "wfrt_par_return(par, index, wfrt_take(&ret));");
    }
    cg_place(&F, F.done);
    cg_line(&F, "wfrt_frame_release(v, %zu, sizeof v / sizeof v[0]);", F.sub->names.nvars);
    cg_line(&F, "wfrt_release(ret);");
    cg_line(&F, "return true;");
    cg_place(&F, F.fail);
    cg_line(&F, "wfrt_slots_release(t, sizeof t / sizeof t[0]);");
    cg_line(&F, "wfrt_frame_release(v, %zu, sizeof v / sizeof v[0]);", F.sub->names.nvars);
    cg_line(&F, "wfrt_release(ret);");
    cg_line(&F, "return false;");

    FILE *out = G->pars;
    fputc('\n', out);
    if ((lp || wf_ir_valid_var_name(branch)) && wf_ir_valid_var_name(st->name.name))
        fprintf(out, "/* %s%s of step %s */\n", lp ? "the for loop" : "branch ", lp ? "" : branch,
                st->name.name);
    fprintf(out,
            "static bool wf_par_%d(struct wfrt_par *par, void *env, size_t index, "
            "wfrt_val value)\n{\n",
            number);
    fputs("    wfrt_val *const *up = env;\n", out);
    close_fn(&F, out, "    (void)par, (void)up, (void)index, (void)value;\n");
    return number;
}

/* A parallel step: the branches (or the loop's body) as functions, run by
 * wfrt_parallel with the frames of the code around them. The list or
 * range of a for is evaluated here, once; a branch's return comes back as
 * the step's value and returns from here too. */
static void gen_parallel(struct fn *F, const wf_step *st)
{
    const wf_loop *lp = st->u.par.loop;
    size_t nb = st->u.par.nbranches;
    if (!lp && nb == 0) {
        cg_fail(F, "WFRT_TAG_SYSTEM", "a parallel step without branches or a for loop");
        return;
    }
    struct opnd limit = st->u.par.concurrency_limit ? cg_node(F, st->u.par.concurrency_limit)
                                                    : cg_const("wfrt_absent()");
    int list = -1, range = -1;
    if (lp && lp->range) {
        range = F->nranges++;
        struct opnd r = cg_node(F, lp->range);
        cg_check(F, "wfrt_range_start(%s, &r%d)", r.text, range);
    } else if (lp) {
        list = F->nslots++;
        struct opnd l = cg_node(F, lp->in);
        cg_line(F, "wfrt_put(&v[%d], %s);", list, l.own);
        cg_check(F, "wfrt_check_list(v[%d])", list);
    }
    char *fns = wf_arena_printf(F->G->a, "%s", ""), *names = fns;
    int body = -1;
    if (lp) {
        body = gen_branch_fn(F, st, lp->body, lp, NULL);
    } else {
        for (size_t i = 0; i < nb; i++) {
            const char *name =
                st->u.par.branches[i].name.name ? st->u.par.branches[i].name.name : "?";
            int k = gen_branch_fn(F, st, st->u.par.branches[i].body, NULL, name);
            fns = wf_arena_printf(F->G->a, "%s%swf_par_%d", fns, i ? ", " : "", k);
            names = wf_arena_printf(F->G->a, "%s%s%s", names, i ? ", " : "", cg_lit_cstr(F, name));
        }
    }
    char *frames = wf_arena_printf(F->G->a, "%s", "");
    for (int l = 0; l < F->level; l++)
        frames = wf_arena_printf(F->G->a, "%sup[%d], ", frames, l);
    int t = cg_temp(F);
    cg_line(F, "{");
    F->depth++;
    if (!lp) {
        cg_line(F, "static const wfrt_branch_fn fns[%zu] = {%s};", nb, fns);
        cg_line(F, "static const char *const names[%zu] = {%s};", nb, names);
    }
    cg_line(F, "wfrt_val *fr[%d] = {%sv};", F->level + 1, frames);
    cg_line(F, "const struct wfrt_par_spec s = {");
    if (lp)
        cg_line(F, "    .body = wf_par_%d,", body);
    else
        cg_line(F, "    .branches = fns, .names = names, .nbranches = %zu,", nb);
    if (list >= 0)
        cg_line(F, "    .items = v[%d],", list);
    else
        cg_line(F, "    .items = wfrt_absent(),");
    if (range >= 0)
        cg_line(F, "    .range = &r%d,", range);
    cg_line(F, "    .limit = %s, .env = fr, .outer = %s,", limit.text, F->level ? "par" : "NULL");
    cg_line(F, "};");
    cg_check(F, "wfrt_parallel(&s, &t[%d])", t);
    F->depth--;
    cg_line(F, "}");
    if (list >= 0)
        cg_line(F, "wfrt_put(&v[%d], wfrt_absent());", list);
    cg_line(F, "if (t[%d].type != WFRT_ABSENT) {", t);
    cg_line(F, "    wfrt_put(&ret, wfrt_take(&t[%d]));", t);
    cg_line(F, "    wfrt_slots_release(t, %d);", F->ntemps);
    cg_line(F, "    goto L%d;", cg_use(F, F->end));
    cg_line(F, "}");
    cg_stmt_end(F);
    gen_next(F, &st->next);
}

/* ---- the program ---- */

static void write_main(FILE *out, struct cg *G, const char *name)
{
    struct fn F = {.G = G};
    size_t m = sub_index(G->p, G->p->main);
    fputs("\nstatic bool wf_main(wfrt_val arg, wfrt_val *result)\n{\n", out);
    fprintf(out, "    bool ok = wf_sub_%zu(", m);
    for (size_t i = 0; i < G->p->main->nparams; i++)
        fputs(i == 0 ? "arg, " : "wfrt_absent(), ", out);
    fputs("result);\n    wfrt_release(arg);\n    return ok;\n}\n", out);
    fprintf(out, "\nstatic const struct wfrt_program wf_program = {%s, wf_main};\n",
            cg_lit_cstr(&F, name));
    fputs("\nint main(int argc, char **argv)\n{\n"
          "    return wfrt_main(argc, argv, &wf_program);\n}\n",
          out);
}

bool wf_cgen_write(FILE *out, const wf_program *p, const char *name)
{
    struct cg G = {.p = p, .a = p->arena};
    G.queued = wf_arena_zalloc(G.a, p->nsubs * sizeof *G.queued + 1);
    G.order = wf_arena_array(G.a, p->nsubs + 1, sizeof *G.order);
    G.fns = wf_arena_zalloc(G.a, wf_stdlib_count * sizeof *G.fns);
    struct fn F0 = {.G = &G};
    cg_sub_ref(&F0, p->main);

    char *defs = NULL;
    size_t ndefs = 0;
    FILE *body = open_memstream(&defs, &ndefs);
    G.pars = open_memstream(&G.pars_buf, &G.pars_len);
    if (!body || !G.pars)
        wf_fatal_oom();
    for (size_t k = 0; k < G.norder; k++) /* writing one may queue others */
        gen_sub(&G, G.order[k], body);
    fclose(body);
    fclose(G.pars);

    fprintf(out, "/* Generated by wfc %s from a workflow; do not edit. */\n", PACKAGE_VERSION);
    fputs("#include <wfrt.h>\n\n", out);
    /* Declared here too, so that a function the runtime does not have yet
     * is missing at link time only. */
    for (size_t i = 0; i < wf_stdlib_count; i++)
        if (G.fns[i])
            fprintf(out, "bool %s(const wfrt_val *args, size_t nargs, wfrt_val *out);\n",
                    cg_fn_symbol(&F0, wf_stdlib[i].name));
    for (size_t k = 0; k < G.norder; k++) {
        prototype(out, p, G.order[k]);
        fputs(";\n", out);
    }
    for (int k = 0; k < G.npars; k++)
        fprintf(out,
                "static bool wf_par_%d(struct wfrt_par *par, void *env, size_t index, "
                "wfrt_val value);\n",
                k);
    fwrite(defs, 1, ndefs, out);
    fwrite(G.pars_buf, 1, G.pars_len, out);
    free(defs);
    free(G.pars_buf);
    write_main(out, &G, name);
    return !ferror(out);
}
