/*
 * dump.c - the IR as readable text, for `wfc dump-ir` and the tests.
 *
 * One line per step ("step NAME [KIND] @LINE:COL"), indented by nesting, then
 * one line per part. Values print in a compact flow notation with every
 * expression in canonical form, so a test can see how the parser read it.
 * The format is for people and tests, not a stable interface.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "ir/schema.h"
#include "support/diag.h"

/* Where the dump goes and what it leaves out. */
struct dump {
    FILE *out;
    bool positions; /* "@LINE:COL" and the file name; doubles as written */
};

static void dump_block(const struct dump *dp, const wf_block *b, int depth);

static void indent(FILE *out, int depth)
{
    fprintf(out, "%*s", 2 * depth, "");
}

/* " @LINE:COL", unless positions are left out. */
static void position(const struct dump *dp, wf_span sp)
{
    if (dp->positions)
        fprintf(dp->out, " @%d:%d", sp.line, sp.col);
}

static void dump_scalar_text(FILE *out, const wf_node *n)
{
    /* A string with NUL bytes prints up to the first one, then a marker. */
    if (strlen(n->u.scalar.text) != n->len) {
        wf_json_string(out, n->u.scalar.text);
        fputs("<...>", out);
        return;
    }
    wf_json_string(out, n->u.scalar.text);
}

static void dump_key(const struct dump *dp, const wf_node *k);

static void dump_value(const struct dump *dp, const wf_node *n)
{
    FILE *out = dp->out;
    if (!n) {
        fputs("<missing>", out);
        return;
    }
    switch (n->kind) {
    case WF_NODE_NULL:
        fputs("null", out);
        break;
    case WF_NODE_BOOL:
        fputs(n->u.scalar.v.b ? "true" : "false", out);
        break;
    case WF_NODE_INT:
        fprintf(out, "%" PRId64, n->u.scalar.v.i);
        break;
    case WF_NODE_DOUBLE:
        if (dp->positions)
            fprintf(out, "%s(double)", n->u.scalar.text);
        else /* by value: 1e3 and 1000.0 are the same number */
            fprintf(out, "%.17g(double)", n->u.scalar.v.d);
        break;
    case WF_NODE_STRING:
        dump_scalar_text(out, n);
        break;
    case WF_NODE_EXPR:
        if (n->u.scalar.v.expr) {
            fputs("${", out);
            wf_expr_print(out, n->u.scalar.v.expr);
            fputs("}", out);
        } else {
            fputs("<unparsed ", out);
            dump_scalar_text(out, n);
            fputs(">", out);
        }
        break;
    case WF_NODE_LIST:
        fputc('[', out);
        for (size_t i = 0; i < n->len; i++) {
            if (i)
                fputs(", ", out);
            dump_value(dp, n->u.items[i]);
        }
        fputc(']', out);
        break;
    case WF_NODE_MAP:
        fputc('{', out);
        for (size_t i = 0; i < n->len; i++) {
            if (i)
                fputs(", ", out);
            dump_key(dp, n->u.pairs[i].key);
            fputs(": ", out);
            dump_value(dp, n->u.pairs[i].value);
        }
        fputc('}', out);
        break;
    }
}

/* A map key. Workflows' keys are strings, so without positions a number,
 * boolean or null key prints as the string Workflows makes of it (the one
 * `wfc emit --format json` writes): 1 and "1" are the same key. */
static void dump_key(const struct dump *dp, const wf_node *k)
{
    if (dp->positions || !k || k->kind > WF_NODE_DOUBLE) {
        dump_value(dp, k);
        return;
    }
    char text[40];
    wf_node_key_text(k, text, sizeof text);
    wf_json_string(dp->out, text);
}

static void part(const struct dump *dp, int depth, const char *label, const wf_node *v)
{
    FILE *out = dp->out;
    indent(out, depth);
    fprintf(out, "%s ", label);
    dump_value(dp, v);
    fputc('\n', out);
}

static void dump_next(FILE *out, const wf_next *nx, int depth)
{
    if (nx->kind == WF_NEXT_NONE)
        return;
    indent(out, depth);
    fprintf(out, "next %s%s\n", nx->target.name, nx->kind == WF_NEXT_STEP ? "" : " (keyword)");
}

static void dump_step(const struct dump *dp, const wf_step *st, int depth);

static void dump_loop(const struct dump *dp, const wf_loop *lp, int depth)
{
    FILE *out = dp->out;
    if (!lp)
        return;
    indent(out, depth);
    fprintf(out, "value %s", lp->value.name ? lp->value.name : "<missing>");
    if (lp->index.name)
        fprintf(out, " index %s", lp->index.name);
    fputc('\n', out);
    if (lp->in)
        part(dp, depth, "in", lp->in);
    if (lp->range)
        part(dp, depth, "range", lp->range);
    dump_block(dp, lp->body, depth);
}

static void dump_call(const struct dump *dp, const wf_step *st, int depth)
{
    FILE *out = dp->out;
    indent(out, depth);
    fprintf(out, "call %s\n", st->u.call.func.name ? st->u.call.func.name : "<missing>");
    for (size_t i = 0; i < st->u.call.nargs; i++) {
        const wf_arg *a = &st->u.call.args[i];
        indent(out, depth);
        if (a->name.name)
            fprintf(out, "arg %s = ", a->name.name);
        else
            fprintf(out, "arg #%zu = ", i);
        dump_value(dp, a->value);
        fputc('\n', out);
    }
    if (st->u.call.result.name) {
        indent(out, depth);
        fprintf(out, "result %s\n", st->u.call.result.name);
    }
}

static void dump_parallel(const struct dump *dp, const wf_step *st, int depth)
{
    FILE *out = dp->out;
    if (st->u.par.nshared) {
        indent(out, depth);
        fputs("shared", out);
        for (size_t i = 0; i < st->u.par.nshared; i++)
            fprintf(out, " %s", st->u.par.shared[i].name);
        fputc('\n', out);
    }
    if (st->u.par.concurrency_limit)
        part(dp, depth, "concurrency_limit", st->u.par.concurrency_limit);
    if (st->u.par.exception_policy)
        part(dp, depth, "exception_policy", st->u.par.exception_policy);
    for (size_t i = 0; i < st->u.par.nbranches; i++) {
        const wf_branch *br = &st->u.par.branches[i];
        indent(out, depth);
        fprintf(out, "branch %s", br->name.name);
        position(dp, br->name.span);
        fputc('\n', out);
        dump_block(dp, br->body, depth + 1);
    }
    if (st->u.par.loop) {
        indent(out, depth);
        fputs("for\n", out);
        dump_loop(dp, st->u.par.loop, depth + 1);
    }
}

static void dump_try(const struct dump *dp, const wf_step *st, int depth)
{
    FILE *out = dp->out;
    indent(out, depth);
    fputs("try\n", out);
    dump_step(dp, st->u.try_.body, depth + 1);
    const wf_retry *r = st->u.try_.retry;
    if (r) {
        indent(out, depth);
        fputs("retry\n", out);
        if (r->policy)
            part(dp, depth + 1, "policy", r->policy);
        if (r->predicate)
            part(dp, depth + 1, "predicate", r->predicate);
        if (r->max_retries)
            part(dp, depth + 1, "max_retries", r->max_retries);
        if (r->initial_delay)
            part(dp, depth + 1, "initial_delay", r->initial_delay);
        if (r->max_delay)
            part(dp, depth + 1, "max_delay", r->max_delay);
        if (r->multiplier)
            part(dp, depth + 1, "multiplier", r->multiplier);
    }
    const wf_except *ex = st->u.try_.except;
    if (ex) {
        indent(out, depth);
        fprintf(out, "except%s%s\n", ex->as.name ? " as " : "", ex->as.name ? ex->as.name : "");
        dump_block(dp, ex->body, depth + 1);
    }
}

static void dump_kind(const struct dump *dp, const wf_step *st, int depth)
{
    FILE *out = dp->out;
    switch (st->kind) {
    case WF_STEP_ASSIGN:
        for (size_t i = 0; i < st->u.assign.n; i++) {
            const wf_assign *as = &st->u.assign.items[i];
            indent(out, depth);
            if (as->target)
                wf_expr_print(out, as->target);
            else
                fprintf(out, "<unparsed %s>", as->text);
            fputs(" = ", out);
            dump_value(dp, as->value);
            fputc('\n', out);
        }
        break;
    case WF_STEP_CALL:
        dump_call(dp, st, depth);
        break;
    case WF_STEP_SWITCH:
        for (size_t i = 0; i < st->u.sw.n; i++) {
            const wf_case *c = &st->u.sw.cases[i];
            part(dp, depth, "case", c->condition);
            dump_step(dp, c->body, depth + 1);
            dump_next(out, &c->next, depth + 1);
        }
        break;
    case WF_STEP_FOR:
        dump_loop(dp, st->u.loop, depth);
        break;
    case WF_STEP_PARALLEL:
        dump_parallel(dp, st, depth);
        break;
    case WF_STEP_TRY:
        dump_try(dp, st, depth);
        break;
    case WF_STEP_RAISE:
    case WF_STEP_RETURN:
        part(dp, depth, "value", st->u.value);
        break;
    case WF_STEP_STEPS:
        dump_block(dp, st->u.steps, depth);
        break;
    case WF_STEP_JUMP:
    case WF_STEP_KIND_COUNT:
        break;
    }
}

static void dump_step(const struct dump *dp, const wf_step *st, int depth)
{
    FILE *out = dp->out;
    if (!st)
        return;
    indent(out, depth);
    if (st->name.name) {
        fprintf(out, "step %s [%s]", st->name.name, wf_step_kind_name(st->kind));
        position(dp, st->name.span);
    } else {
        fprintf(out, "[%s]", wf_step_kind_name(st->kind));
        position(dp, st->span);
    }
    fputc('\n', out);
    dump_kind(dp, st, depth + 1);
    dump_next(out, &st->next, depth + 1);
}

static void dump_block(const struct dump *dp, const wf_block *b, int depth)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        dump_step(dp, b->steps[i], depth);
}

static void dump_program(const struct dump *dp, const wf_program *p)
{
    FILE *out = dp->out;
    if (dp->positions)
        fprintf(out, "program %s (%s form)\n", p->src->name, p->simple ? "simple" : "workflows");
    else
        fprintf(out, "program (%s form)\n", p->simple ? "simple" : "workflows");
    for (size_t i = 0; i < p->nsubs; i++) {
        const wf_sub *sub = p->subs[i];
        fprintf(out, "workflow %s", sub->name.name);
        position(dp, sub->name.span);
        if (sub->has_params) {
            fputs(" params [", out);
            for (size_t j = 0; j < sub->nparams; j++) {
                fprintf(out, "%s%s", j ? ", " : "", sub->params[j].name.name);
                if (sub->params[j].def) {
                    fputs(": ", out);
                    dump_value(dp, sub->params[j].def);
                }
            }
            fputs("]", out);
        }
        fprintf(out, " (%zu steps)\n", sub->nsteps);
        dump_block(dp, sub->body, 1);
    }
}

void wf_ir_dump(FILE *out, const wf_program *p)
{
    const struct dump dp = {out, true};
    dump_program(&dp, p);
}

void wf_ir_dump_without_positions(FILE *out, const wf_program *p)
{
    const struct dump dp = {out, false};
    dump_program(&dp, p);
}
