/*
 * parallel.c - parallel steps (wfrt.h, "parallel steps"): the branches and
 * the iterations of a parallel for on POSIX threads, concurrency_limit and
 * the execution's cap on running branches, the nesting limit, the lock of
 * shared variables, and the errors of the branches gathered into one
 * UnhandledBranchError. The semantics chosen where the spec is unconfirmed
 * are stated in wfrt.h.
 *
 * A step starts min(limit, count) worker threads and waits for them; each
 * takes the next branch or iteration in order until none is left or a
 * break, a return or an error that ends the execution says to start no
 * more. A worker starts at its parent's call depth and current step, one
 * parallel level deeper; its pending error is its own (error.c), taken when
 * a branch fails. The step counter is process-wide already (exec.c).
 *
 * The cap of the execution counts running branches in `slots_used`: a
 * worker holds a slot while it runs one, and gives it back while it waits,
 * for a nested step or for the lock of shared variables. A thread that
 * holds a slot therefore never waits for anything another slot holder
 * waits on, and the cap cannot deadlock.
 *
 * What the branches are (C functions over the frames of the routine) is
 * in backends/cgen.c; the values they share are safe across threads
 * (value.c: atomic counts, copy on write).
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <pthread.h>
#include <stdlib.h>

/* ---- the execution's cap ---- */

static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_cv = PTHREAD_COND_INITIALIZER;
static int slots_used;     /* branches running now, under slots_mu */
static long branch_errors; /* unhandled errors of branches so far (atomic) */
static _Thread_local bool holds_slot;
static _Thread_local int par_depth; /* parallel steps around what this thread runs */

static void slot_acquire(void)
{
    pthread_mutex_lock(&slots_mu);
    while (slots_used >= WFRT_MAX_CONCURRENCY)
        pthread_cond_wait(&slots_cv, &slots_mu);
    slots_used++;
    pthread_mutex_unlock(&slots_mu);
    holds_slot = true;
}

static void slot_release(void)
{
    pthread_mutex_lock(&slots_mu);
    slots_used--;
    pthread_cond_signal(&slots_cv);
    pthread_mutex_unlock(&slots_mu);
    holds_slot = false;
}

/* ---- one step ---- */

struct failure {
    size_t index; /* of the branch or iteration */
    wfrt_val err;
};

struct wfrt_par {
    const struct wfrt_par_spec *spec;
    pthread_mutex_t mu; /* guards the fields up to `ret` */
    size_t next;        /* branches or iterations started */
    struct wfrt_range range;
    size_t wave;   /* the first ones, which start together whatever happens */
    bool stop;     /* start no more after the first wave */
    bool too_many; /* past the execution's limit of branch errors */
    struct failure *failures;
    size_t nfailures, capfailures;
    bool returned;
    size_t ret_index;
    wfrt_val ret;
    pthread_mutex_t own_lock; /* of the shared variables, when there is no outer step */
    pthread_mutex_t *lock;
    int call_depth, depth;   /* the parent's call depth; the branches' parallel depth */
    struct wfrt_where where; /* the parent's step */
};

/* The next branch or iteration to run, in order; false when there is none
 * or no more may start. */
static bool take(struct wfrt_par *p, size_t *index, wfrt_val *item)
{
    const struct wfrt_par_spec *s = p->spec;
    bool ok = false;
    *item = wfrt_null();
    pthread_mutex_lock(&p->mu);
    if (!p->stop || p->next < p->wave) {
        if (s->branches)
            ok = p->next < s->nbranches;
        else if (s->range)
            ok = wfrt_range_next(&p->range, item);
        else if ((ok = p->next < wfrt_list_len(s->items)))
            *item = wfrt_list_at(s->items, p->next); /* borrowed: the parent keeps the list */
    }
    if (ok)
        *index = p->next++;
    pthread_mutex_unlock(&p->mu);
    return ok;
}

/* Branch `index` failed with `err` (consumed). */
static void fail(struct wfrt_par *p, size_t index, wfrt_val err)
{
    long n = __atomic_add_fetch(&branch_errors, 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&p->mu);
    if (n > WFRT_MAX_BRANCH_ERRORS)
        p->too_many = p->stop = true;
    if (wfrt_error_has_tag(err, WFRT_TAG_RESOURCE_LIMIT))
        p->stop = true;
    if (p->nfailures == p->capfailures) {
        p->capfailures = p->capfailures ? 2 * p->capfailures : 4;
        p->failures = wfrt_xrealloc(p->failures, p->capfailures * sizeof *p->failures);
    }
    p->failures[p->nfailures++] = (struct failure){index, err};
    pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
    struct wfrt_par *p = arg;
    const struct wfrt_par_spec *s = p->spec;
    wfrt_call_set_depth(p->call_depth);
    par_depth = p->depth;
    for (;;) {
        size_t i = 0;
        wfrt_val item;
        slot_acquire();
        if (!take(p, &i, &item)) {
            slot_release();
            break;
        }
        wfrt_where_set(p->where);
        bool ok = s->branches ? s->branches[i](p, s->env, i, item) : s->body(p, s->env, i, item);
        slot_release();
        if (!ok)
            fail(p, i, wfrt_error_take());
    }
    wfrt_release(wfrt_error_take()); /* none should be pending */
    return NULL;
}

/* ---- the step's outcome ---- */

static int by_index(const void *a, const void *b)
{
    size_t x = ((const struct failure *)a)->index, y = ((const struct failure *)b)->index;
    return x < y ? -1 : x > y;
}

/* A text for an error value in a message: a raised string, the message
 * of a map, else its JSON. */
static wfrt_val error_text(wfrt_val e)
{
    if (e.type == WFRT_STRING)
        return wfrt_retain(e);
    const wfrt_val *m = e.type == WFRT_MAP ? wfrt_map_find(e, "message", 7) : NULL;
    if (m && m->type == WFRT_STRING)
        return wfrt_retain(*m);
    wfrt_val text;
    if (wfrt_json_encode(e, -1, &text))
        return text;
    wfrt_release(wfrt_error_take());
    return wfrt_string_cstr(wfrt_type_phrase(e));
}

/* Sets the UnhandledBranchError of p's failures (taking their errors). */
static bool raise_unhandled(struct wfrt_par *p)
{
    const struct wfrt_par_spec *s = p->spec;
    bool br = s->branches != NULL;
    const struct failure *first = &p->failures[0];
    wfrt_val who = br ? wfrt_string_printf("branch \"%s\"", s->names[first->index])
                      : wfrt_string_printf("iteration %zu", first->index);
    wfrt_val text = error_text(first->err);
    wfrt_val msg =
        p->nfailures == 1
            ? wfrt_string_printf("%s failed: %s", wfrt_str_data(who), wfrt_str_data(text))
            : wfrt_string_printf("%zu %s failed; the first, %s: %s", p->nfailures,
                                 br ? "branches" : "iterations", wfrt_str_data(who),
                                 wfrt_str_data(text));
    wfrt_release(who);
    wfrt_release(text);
    wfrt_val list = wfrt_list_new(p->nfailures);
    for (size_t k = 0; k < p->nfailures; k++) {
        struct failure *f = &p->failures[k];
        wfrt_val entry = wfrt_map_new(2);
        if (br)
            wfrt_map_set(&entry, wfrt_string("branch", 6), wfrt_string_cstr(s->names[f->index]));
        else
            wfrt_map_set(&entry, wfrt_string("index", 5), wfrt_int((int64_t)f->index));
        wfrt_map_set(&entry, wfrt_string("error", 5), wfrt_take(&f->err));
        wfrt_list_push(&list, entry);
    }
    wfrt_val tags = wfrt_list_new(1);
    wfrt_list_push(&tags, wfrt_string_cstr(WFRT_TAG_UNHANDLED_BRANCH));
    wfrt_val err = wfrt_map_new(3);
    wfrt_map_set(&err, wfrt_string("message", 7), msg);
    wfrt_map_set(&err, wfrt_string("tags", 4), tags);
    wfrt_map_set(&err, wfrt_string("branches", 8), list);
    return wfrt_fail_value(err);
}

/* The first failure (in order) whose error has `tag`, or NULL. */
static struct failure *first_with(struct wfrt_par *p, const char *tag)
{
    for (size_t k = 0; k < p->nfailures; k++)
        if (wfrt_error_has_tag(p->failures[k].err, tag))
            return &p->failures[k];
    return NULL;
}

/* Once every worker has ended: the step's error, or its return value. */
static bool outcome(struct wfrt_par *p, wfrt_val *ret)
{
    struct failure *f;
    bool ok = false;
    if (p->nfailures > 1)
        qsort(p->failures, p->nfailures, sizeof *p->failures, by_index);
    if (p->too_many)
        wfrt_fail(WFRT_TAG_RESOURCE_LIMIT,
                  "more than %d errors were left unhandled in parallel branches in this execution",
                  WFRT_MAX_BRANCH_ERRORS);
    else if ((f = first_with(p, WFRT_TAG_RESOURCE_LIMIT)) ||
             (f = first_with(p, WFRT_TAG_PARALLEL_NESTING)))
        wfrt_fail_value(wfrt_take(&f->err));
    else if (p->nfailures)
        raise_unhandled(p);
    else
        ok = true;
    for (size_t k = 0; k < p->nfailures; k++)
        wfrt_release(p->failures[k].err);
    free(p->failures);
    if (ok)
        *ret = p->returned ? p->ret : wfrt_absent();
    else
        wfrt_release(p->ret);
    return ok;
}

/* ---- running a step ---- */

static bool check_limit(wfrt_val v, size_t *out)
{
    *out = WFRT_MAX_CONCURRENCY;
    if (v.type == WFRT_ABSENT)
        return true;
    if (v.type != WFRT_INT)
        return wfrt_fail(WFRT_TAG_TYPE, "concurrency_limit must be a positive integer; got %s",
                         wfrt_type_phrase(v));
    if (v.u.i < 1)
        return wfrt_fail(WFRT_TAG_VALUE, "concurrency_limit must be a positive integer; got %lld",
                         (long long)v.u.i);
    if (v.u.i < WFRT_MAX_CONCURRENCY)
        *out = (size_t)v.u.i;
    return true;
}

/* How many iterations a range has, as far as the size of the pool needs. */
static size_t range_count(const struct wfrt_range *r)
{
    if (r->done)
        return 0;
    if (r->is_int) {
        uint64_t n = (uint64_t)r->iend - (uint64_t)r->i;
        return n >= SIZE_MAX ? SIZE_MAX : (size_t)n + 1;
    }
    double n = r->dend - r->d + 1;
    return n >= WFRT_MAX_CONCURRENCY ? WFRT_MAX_CONCURRENCY : (size_t)n;
}

/* Starts `n` workers on p and waits for them; false when none started. */
static bool run_workers(struct wfrt_par *p, size_t n)
{
    pthread_t *threads = wfrt_xmalloc(n * sizeof *threads);
    size_t started = 0;
    bool had_slot = holds_slot; /* a branch that waits for its own step */
    if (had_slot)
        slot_release();
    wfrt_parallel_enter();
    while (started < n && pthread_create(&threads[started], NULL, worker, p) == 0)
        started++;
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    wfrt_parallel_leave();
    if (had_slot)
        slot_acquire();
    free(threads);
    return started > 0;
}

bool wfrt_parallel(const struct wfrt_par_spec *s, wfrt_val *ret)
{
    size_t limit;
    if (!check_limit(s->limit, &limit))
        return false;
    if (par_depth >= WFRT_MAX_PARALLEL_DEPTH)
        return wfrt_fail(WFRT_TAG_PARALLEL_NESTING,
                         "parallel steps are nested more than %d deep (inside branches of "
                         "parallel steps, through subworkflow calls included)",
                         WFRT_MAX_PARALLEL_DEPTH);
    if (!s->branches && !s->range && !wfrt_check_list(s->items))
        return false;
    size_t count = s->branches ? s->nbranches
                   : s->range  ? range_count(s->range)
                               : wfrt_list_len(s->items);
    if (count == 0) {
        *ret = wfrt_absent();
        return true;
    }
    struct wfrt_par p = {.spec = s, .ret = wfrt_absent()};
    pthread_mutex_init(&p.mu, NULL);
    if (s->outer) {
        p.lock = s->outer->lock;
    } else {
        pthread_mutex_init(&p.own_lock, NULL);
        p.lock = &p.own_lock;
    }
    if (s->range)
        p.range = *s->range;
    p.call_depth = wfrt_call_depth();
    p.depth = par_depth + 1;
    p.where = wfrt_where_now();
    p.wave = count < limit ? count : limit;
    bool ok = run_workers(&p, p.wave)
                  ? outcome(&p, ret)
                  : wfrt_fail(WFRT_TAG_SYSTEM, "cannot start a thread for a parallel step");
    pthread_mutex_destroy(&p.mu);
    if (!s->outer)
        pthread_mutex_destroy(&p.own_lock);
    return ok;
}

/* ---- what branches call ---- */

void wfrt_par_lock(struct wfrt_par *p)
{
    if (pthread_mutex_trylock(p->lock) == 0)
        return;
    bool had_slot = holds_slot; /* waiting: let another branch run */
    if (had_slot)
        slot_release();
    pthread_mutex_lock(p->lock);
    if (had_slot)
        slot_acquire();
}

void wfrt_par_unlock(struct wfrt_par *p)
{
    pthread_mutex_unlock(p->lock);
}

void wfrt_par_get(struct wfrt_par *p, const wfrt_val *var, wfrt_val *out)
{
    wfrt_par_lock(p);
    *out = wfrt_retain(*var);
    wfrt_par_unlock(p);
}

bool wfrt_par_put(struct wfrt_par *p, wfrt_val *var, wfrt_val v)
{
    wfrt_par_lock(p);
    bool ok = wfrt_var_put(var, v);
    wfrt_par_unlock(p);
    return ok;
}

void wfrt_par_break(struct wfrt_par *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_mutex_unlock(&p->mu);
}

void wfrt_par_return(struct wfrt_par *p, size_t index, wfrt_val v)
{
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    if (!p->returned || index < p->ret_index) {
        wfrt_val old = p->ret;
        p->ret = v;
        p->ret_index = index;
        p->returned = true;
        v = old;
    }
    pthread_mutex_unlock(&p->mu);
    wfrt_release(v);
}
