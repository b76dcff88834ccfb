/*
 * exceeds-limit - a documented limit of Workflows that the file exceeds
 * and that makes deployment fail: more than 50 assignments in one assign
 * step, more than 50 conditions in one switch, more than 10 branches in one
 * parallel step, parallel steps nested deeper than 2, a source file larger
 * than 128 KB. The numbers are in ir/limits.h with their sources.
 * Fires: an assign step with 51 entries.  Quiet: 50 entries; two assign
 * steps of 30.
 */
#include "config.h"

#include "checks/checks.h"
#include "ir/limits.h"

/* Parallel steps between a step and the top of its workflow, itself
 * included when it is one. */
static int parallel_depth(const wf_step *st)
{
    int depth = 0;
    for (const wf_scope *s = st->names.scope; s; s = s->parent)
        if (s->kind == WF_SCOPE_BRANCH || s->kind == WF_SCOPE_PAR_FOR)
            depth++;
    return depth + (st->kind == WF_STEP_PARALLEL);
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    const wf_span at = st->name.name ? st->name.span : st->span;
    if (st->kind == WF_STEP_ASSIGN && st->u.assign.n > WF_LIMIT_ASSIGNMENTS)
        wf_report(cx->d, WF_CHK_EXCEEDS_LIMIT, st->u.assign.items[WF_LIMIT_ASSIGNMENTS].span,
                  "%zu assignments in one step; Workflows allows at most %d: split the step",
                  st->u.assign.n, WF_LIMIT_ASSIGNMENTS);
    if (st->kind == WF_STEP_SWITCH && st->u.sw.n > WF_LIMIT_CONDITIONS)
        wf_report(cx->d, WF_CHK_EXCEEDS_LIMIT, st->u.sw.cases[WF_LIMIT_CONDITIONS].span,
                  "%zu conditions in one switch; Workflows allows at most %d", st->u.sw.n,
                  WF_LIMIT_CONDITIONS);
    if (st->kind != WF_STEP_PARALLEL)
        return;
    if (st->u.par.nbranches > WF_LIMIT_BRANCHES)
        wf_report(cx->d, WF_CHK_EXCEEDS_LIMIT, st->u.par.branches[WF_LIMIT_BRANCHES].name.span,
                  "%zu branches in one parallel step; Workflows allows at most %d",
                  st->u.par.nbranches, WF_LIMIT_BRANCHES);
    int depth = parallel_depth(st);
    if (depth == WF_LIMIT_PARALLEL_DEPTH + 1)
        wf_report(cx->d, WF_CHK_EXCEEDS_LIMIT, at,
                  "parallel steps nested %d deep; Workflows allows a depth of %d", depth,
                  WF_LIMIT_PARALLEL_DEPTH);
}

static void on_program(struct wf_check_ctx *cx)
{
    const wf_source *src = cx->prog->src;
    if (src->len > WF_LIMIT_SOURCE_BYTES)
        wf_report(cx->d, WF_CHK_EXCEEDS_LIMIT, wf_span_point(src, 1, 1),
                  "the file has %zu bytes; Workflows deploys at most %u (128 KB): split it or "
                  "move data out of it",
                  src->len, WF_LIMIT_SOURCE_BYTES);
}

const struct wf_check wf_check_exceeds_limit = {
    .id = WF_CHK_EXCEEDS_LIMIT,
    .on_program = on_program,
    .on_step = on_step,
};
