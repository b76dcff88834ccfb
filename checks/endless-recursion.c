/*
 * endless-recursion - subworkflows that call each other (or one itself)
 * on every run: each call of the cycle lies on every path from the start
 * of its workflow to each of its ends (return, end, raise), so no run of
 * them ever finishes. Workflows allows a call depth of 20; every execution
 * that enters the cycle fails with RecursionError. An error. ir/flow.c
 * marks the unavoidable calls (wf_step_names.unavoidable); this check looks
 * for cycles among them and reports each cycle once, at a call of the
 * first workflow of it in source order.
 * Fires: a always calls b, b always calls a; f calls f before its return.
 * Quiet: a recursion behind a switch (fib); a call inside a for loop or a
 * try; a call only in one branch of a switch.
 */
#include "config.h"

#include <stdlib.h>

#include "checks/checks.h"

struct call {
    size_t from, to; /* indexes into prog->subs */
    const wf_step *step;
};

struct state {
    struct call *calls;
    size_t n, cap;
};

static size_t sub_index(const wf_program *p, const wf_sub *sub)
{
    for (size_t i = 0; i < p->nsubs; i++)
        if (p->subs[i] == sub)
            return i;
    return p->nsubs;
}

static void on_step(struct wf_check_ctx *cx, wf_step *st)
{
    struct state *s = cx->state;
    if (st->kind != WF_STEP_CALL || !st->names.unavoidable || !st->names.reachable)
        return;
    size_t from = sub_index(cx->prog, cx->sub), to = sub_index(cx->prog, st->names.callee_sub);
    if (from == cx->prog->nsubs || to == cx->prog->nsubs)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->calls = wf_xrealloc(s->calls, s->cap * sizeof *s->calls);
    }
    s->calls[s->n++] = (struct call){from, to, st};
}

/* The shortest cycle of calls from subworkflow `start` back to it, by a
 * breadth-first search; its calls in order into `path`, their number
 * returned (0: none). `via` and `queue` have room for every subworkflow. */
static size_t find_cycle(const struct state *s, size_t nsubs, size_t start, const struct call **via,
                         size_t *queue, const struct call **path)
{
    for (size_t i = 0; i < nsubs; i++)
        via[i] = NULL;
    size_t head = 0, tail = 0;
    queue[tail++] = start;
    const struct call *closing = NULL;
    while (head < tail && !closing) {
        size_t v = queue[head++];
        for (size_t k = 0; k < s->n && !closing; k++) {
            const struct call *c = &s->calls[k];
            if (c->from != v)
                continue;
            if (c->to == start)
                closing = c;
            else if (!via[c->to]) {
                via[c->to] = c;
                queue[tail++] = c->to;
            }
        }
    }
    if (!closing)
        return 0;
    size_t n = 0;
    for (const struct call *c = closing; c; c = c->from == start ? NULL : via[c->from])
        path[n++] = c;
    for (size_t i = 0; i < n / 2; i++) { /* from start on */
        const struct call *t = path[i];
        path[i] = path[n - 1 - i];
        path[n - 1 - i] = t;
    }
    return n;
}

static void on_end(struct wf_check_ctx *cx)
{
    struct state *s = cx->state;
    const wf_program *p = cx->prog;
    if (!s->n)
        return;
    const struct call **via = wf_xmalloc(p->nsubs * sizeof *via);
    const struct call **path = wf_xmalloc(p->nsubs * sizeof *path);
    size_t *queue = wf_xmalloc(p->nsubs * sizeof *queue);
    bool *done = calloc(p->nsubs, sizeof *done);
    if (!done)
        wf_fatal_oom();
    for (size_t i = 0; i < p->nsubs; i++) {
        if (done[i])
            continue;
        size_t n = find_cycle(s, p->nsubs, i, via, queue, path);
        if (!n)
            continue;
        const wf_sub *first = p->subs[i];
        wf_diag *d;
        if (n == 1)
            d = wf_report(cx->d, WF_CHK_ENDLESS_RECURSION, path[0]->step->u.call.func.span,
                          "endless recursion: every run of \"%s\" calls \"%s\" again before it "
                          "can end; executions fail with RecursionError past a call depth of 20",
                          first->name.name, first->name.name);
        else
            d = wf_report(cx->d, WF_CHK_ENDLESS_RECURSION, path[0]->step->u.call.func.span,
                          "endless recursion: every run of \"%s\" calls \"%s\", %s \"%s\" "
                          "again before it can end; executions fail with RecursionError past a "
                          "call depth of 20",
                          first->name.name, p->subs[path[0]->to]->name.name,
                          n == 2 ? "which calls" : "which leads back to", first->name.name);
        for (size_t k = 1; d && k < n; k++)
            wf_diag_note(cx->d, d, path[k]->step->u.call.func.span,
                         "\"%s\" calls \"%s\" on every run here", p->subs[path[k]->from]->name.name,
                         p->subs[path[k]->to]->name.name);
        for (size_t k = 0; k < n; k++)
            done[path[k]->from] = true;
    }
    free(via);
    free(path);
    free(queue);
    free(done);
    free(s->calls);
}

const struct wf_check wf_check_endless_recursion = {
    .id = WF_CHK_ENDLESS_RECURSION,
    .needs_clean_build = true,
    .state_size = sizeof(struct state),
    .on_step = on_step,
    .on_end = on_end,
};
