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
#include <string.h>

#include "ir/ir.h"
#include "ir/schema.h"
#include "support/diag.h"

static void dump_block(FILE *out, const wf_block *b, int depth);

static void indent(FILE *out, int depth)
{
    fprintf(out, "%*s", 2 * depth, "");
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

static void dump_value(FILE *out, const wf_node *n)
{
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
        fprintf(out, "%s(double)", n->u.scalar.text);
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
            dump_value(out, n->u.items[i]);
        }
        fputc(']', out);
        break;
    case WF_NODE_MAP:
        fputc('{', out);
        for (size_t i = 0; i < n->len; i++) {
            if (i)
                fputs(", ", out);
            dump_value(out, n->u.pairs[i].key);
            fputs(": ", out);
            dump_value(out, n->u.pairs[i].value);
        }
        fputc('}', out);
        break;
    }
}

static void part(FILE *out, int depth, const char *label, const wf_node *v)
{
    indent(out, depth);
    fprintf(out, "%s ", label);
    dump_value(out, v);
    fputc('\n', out);
}

static void dump_next(FILE *out, const wf_next *nx, int depth)
{
    if (nx->kind == WF_NEXT_NONE)
        return;
    indent(out, depth);
    fprintf(out, "next %s%s\n", nx->target.name, nx->kind == WF_NEXT_STEP ? "" : " (keyword)");
}

static void dump_step(FILE *out, const wf_step *st, int depth);

static void dump_loop(FILE *out, const wf_loop *lp, int depth)
{
    if (!lp)
        return;
    indent(out, depth);
    fprintf(out, "value %s", lp->value.name ? lp->value.name : "<missing>");
    if (lp->index.name)
        fprintf(out, " index %s", lp->index.name);
    fputc('\n', out);
    if (lp->in)
        part(out, depth, "in", lp->in);
    if (lp->range)
        part(out, depth, "range", lp->range);
    dump_block(out, lp->body, depth);
}

static void dump_call(FILE *out, const wf_step *st, int depth)
{
    indent(out, depth);
    fprintf(out, "call %s\n", st->u.call.func.name ? st->u.call.func.name : "<missing>");
    for (size_t i = 0; i < st->u.call.nargs; i++) {
        const wf_arg *a = &st->u.call.args[i];
        indent(out, depth);
        if (a->name.name)
            fprintf(out, "arg %s = ", a->name.name);
        else
            fprintf(out, "arg #%zu = ", i);
        dump_value(out, a->value);
        fputc('\n', out);
    }
    if (st->u.call.result.name) {
        indent(out, depth);
        fprintf(out, "result %s\n", st->u.call.result.name);
    }
}

static void dump_parallel(FILE *out, const wf_step *st, int depth)
{
    if (st->u.par.nshared) {
        indent(out, depth);
        fputs("shared", out);
        for (size_t i = 0; i < st->u.par.nshared; i++)
            fprintf(out, " %s", st->u.par.shared[i].name);
        fputc('\n', out);
    }
    if (st->u.par.concurrency_limit)
        part(out, depth, "concurrency_limit", st->u.par.concurrency_limit);
    if (st->u.par.exception_policy)
        part(out, depth, "exception_policy", st->u.par.exception_policy);
    for (size_t i = 0; i < st->u.par.nbranches; i++) {
        const wf_branch *br = &st->u.par.branches[i];
        indent(out, depth);
        fprintf(out, "branch %s @%d:%d\n", br->name.name, br->name.span.line, br->name.span.col);
        dump_block(out, br->body, depth + 1);
    }
    if (st->u.par.loop) {
        indent(out, depth);
        fputs("for\n", out);
        dump_loop(out, st->u.par.loop, depth + 1);
    }
}

static void dump_try(FILE *out, const wf_step *st, int depth)
{
    indent(out, depth);
    fputs("try\n", out);
    dump_step(out, st->u.try_.body, depth + 1);
    const wf_retry *r = st->u.try_.retry;
    if (r) {
        indent(out, depth);
        fputs("retry\n", out);
        if (r->policy)
            part(out, depth + 1, "policy", r->policy);
        if (r->predicate)
            part(out, depth + 1, "predicate", r->predicate);
        if (r->max_retries)
            part(out, depth + 1, "max_retries", r->max_retries);
        if (r->initial_delay)
            part(out, depth + 1, "initial_delay", r->initial_delay);
        if (r->max_delay)
            part(out, depth + 1, "max_delay", r->max_delay);
        if (r->multiplier)
            part(out, depth + 1, "multiplier", r->multiplier);
    }
    const wf_except *ex = st->u.try_.except;
    if (ex) {
        indent(out, depth);
        fprintf(out, "except%s%s\n", ex->as.name ? " as " : "", ex->as.name ? ex->as.name : "");
        dump_block(out, ex->body, depth + 1);
    }
}

static void dump_kind(FILE *out, const wf_step *st, int depth)
{
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
            dump_value(out, as->value);
            fputc('\n', out);
        }
        break;
    case WF_STEP_CALL:
        dump_call(out, st, depth);
        break;
    case WF_STEP_SWITCH:
        for (size_t i = 0; i < st->u.sw.n; i++) {
            const wf_case *c = &st->u.sw.cases[i];
            part(out, depth, "case", c->condition);
            dump_step(out, c->body, depth + 1);
            dump_next(out, &c->next, depth + 1);
        }
        break;
    case WF_STEP_FOR:
        dump_loop(out, st->u.loop, depth);
        break;
    case WF_STEP_PARALLEL:
        dump_parallel(out, st, depth);
        break;
    case WF_STEP_TRY:
        dump_try(out, st, depth);
        break;
    case WF_STEP_RAISE:
    case WF_STEP_RETURN:
        part(out, depth, "value", st->u.value);
        break;
    case WF_STEP_STEPS:
        dump_block(out, st->u.steps, depth);
        break;
    case WF_STEP_JUMP:
    case WF_STEP_KIND_COUNT:
        break;
    }
}

static void dump_step(FILE *out, const wf_step *st, int depth)
{
    if (!st)
        return;
    indent(out, depth);
    if (st->name.name)
        fprintf(out, "step %s [%s] @%d:%d\n", st->name.name, wf_step_kind_name(st->kind),
                st->name.span.line, st->name.span.col);
    else
        fprintf(out, "[%s] @%d:%d\n", wf_step_kind_name(st->kind), st->span.line, st->span.col);
    dump_kind(out, st, depth + 1);
    dump_next(out, &st->next, depth + 1);
}

static void dump_block(FILE *out, const wf_block *b, int depth)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        dump_step(out, b->steps[i], depth);
}

void wf_ir_dump(FILE *out, const wf_program *p)
{
    fprintf(out, "program %s (%s form)\n", p->src->name, p->simple ? "simple" : "workflows");
    for (size_t i = 0; i < p->nsubs; i++) {
        const wf_sub *sub = p->subs[i];
        fprintf(out, "workflow %s @%d:%d", sub->name.name, sub->name.span.line, sub->name.span.col);
        if (sub->has_params) {
            fputs(" params [", out);
            for (size_t j = 0; j < sub->nparams; j++) {
                fprintf(out, "%s%s", j ? ", " : "", sub->params[j].name.name);
                if (sub->params[j].def) {
                    fputs(": ", out);
                    dump_value(out, sub->params[j].def);
                }
            }
            fputs("]", out);
        }
        fprintf(out, " (%zu steps)\n", sub->nsteps);
        dump_block(out, sub->body, 1);
    }
}
