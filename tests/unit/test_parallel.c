/*
 * test_parallel.c - unit tests of parallel steps in libwfrt
 * (backends/runtime/parallel.c) through the interface generated code uses:
 * what the workflows of testdata/run/parallel.test cannot observe, such
 * as how many branches run at once (concurrency_limit, and the cap of the
 * whole execution with nested steps), and the shapes of the step's
 * outcome called directly. Branches here are plain C functions over a
 * struct of counters instead of generated code over frames.
 */
#include "config.h"

#include "backends/runtime/core.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- how many run at once ---- */

struct gauge {
    int running, max; /* atomic */
    int ran;          /* atomic: branches that ran */
    size_t inner;     /* > 0: each branch runs a nested step of this many iterations */
    wfrt_val inner_limit;
};

static void nap(void)
{
    struct timespec ts = {0, 2 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

/* A branch that counts itself running for a moment, then maybe runs a
 * nested step of `inner` iterations of the same. */
static bool measured(struct wfrt_par *par, void *env, size_t index, wfrt_val value)
{
    struct gauge *g = env;
    (void)index, (void)value;
    if (g->inner) {
        struct wfrt_range r;
        wfrt_val bounds = wfrt_list_new(2);
        wfrt_list_push(&bounds, wfrt_int(1));
        wfrt_list_push(&bounds, wfrt_int((int64_t)g->inner));
        bool ok = wfrt_range_start(bounds, &r);
        wfrt_release(bounds);
        struct gauge *leaf = g + 1; /* the next gauge counts the nested branches */
        struct wfrt_par_spec s = {.body = measured,
                                  .items = wfrt_absent(),
                                  .range = &r,
                                  .limit = g->inner_limit,
                                  .env = leaf,
                                  .outer = par};
        wfrt_val ret;
        return ok && wfrt_parallel(&s, &ret);
    }
    int now = __atomic_add_fetch(&g->running, 1, __ATOMIC_SEQ_CST);
    int max = __atomic_load_n(&g->max, __ATOMIC_SEQ_CST);
    while (now > max && !__atomic_compare_exchange_n(&g->max, &max, now, false, __ATOMIC_SEQ_CST,
                                                     __ATOMIC_SEQ_CST))
        continue;
    nap();
    __atomic_sub_fetch(&g->running, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&g->ran, 1, __ATOMIC_SEQ_CST);
    return true;
}

/* A parallel for over `n` items with limit `limit` (absent: none). */
static bool run_for(size_t n, wfrt_val limit, struct gauge *g)
{
    wfrt_val items = wfrt_list_new(n);
    for (size_t i = 0; i < n; i++)
        wfrt_list_push(&items, wfrt_int((int64_t)i));
    struct wfrt_par_spec s = {.body = measured, .items = items, .limit = limit, .env = g};
    wfrt_val ret = wfrt_null();
    bool ok = wfrt_parallel(&s, &ret);
    wfrt_release(items);
    ok = ok && ret.type == WFRT_ABSENT;
    wfrt_release(wfrt_error_take());
    return ok;
}

static void test_concurrency(void)
{
    struct gauge g[2];
    memset(g, 0, sizeof g);
    bool ok = run_for(12, wfrt_int(3), g);
    unit_check(ok && g[0].ran == 12 && g[0].max <= 3 && g[0].max >= 1, "wrong counts",
               "parallel/limit-3: 12 iterations, at most 3 at once");

    memset(g, 0, sizeof g);
    ok = run_for(60, wfrt_absent(), g);
    unit_check(ok && g[0].ran == 60 && g[0].max <= WFRT_MAX_CONCURRENCY, "wrong counts",
               "parallel/default-limit: 60 iterations, at most %d at once", WFRT_MAX_CONCURRENCY);

    memset(g, 0, sizeof g);
    ok = run_for(5, wfrt_int(1000), g);
    unit_check(ok && g[0].ran == 5, "wrong counts", "parallel/limit-above-the-cap");

    /* 10 branches of 10 nested iterations each, no limit of their own:
     * the execution's cap still holds for the 100 leaves. */
    memset(g, 0, sizeof g);
    g[0].inner = 10;
    g[0].inner_limit = wfrt_absent();
    ok = run_for(10, wfrt_absent(), g);
    unit_check(ok && g[1].ran == 100 && g[1].max <= WFRT_MAX_CONCURRENCY && g[1].max >= 2,
               "wrong counts", "parallel/cap-across-nested-steps: 100 leaves, at most %d at once",
               WFRT_MAX_CONCURRENCY);
}

/* ---- outcomes ---- */

static bool fails_odd(struct wfrt_par *par, void *env, size_t index, wfrt_val value)
{
    (void)par, (void)env, (void)value;
    if (index % 2)
        return wfrt_fail(WFRT_TAG_VALUE, "odd %zu", index);
    return true;
}

static bool returns_index(struct wfrt_par *par, void *env, size_t index, wfrt_val value)
{
    (void)env, (void)value;
    wfrt_par_return(par, index, wfrt_int((int64_t)index * 10));
    return true;
}

static bool nests(struct wfrt_par *par, void *env, size_t index, wfrt_val value)
{
    static const wfrt_branch_fn fns[2] = {nests, nests};
    static const char *const names[2] = {"x", "y"};
    (void)env, (void)index, (void)value;
    struct wfrt_par_spec s = {.branches = fns,
                              .names = names,
                              .nbranches = 2,
                              .items = wfrt_absent(),
                              .limit = wfrt_absent(),
                              .outer = par};
    wfrt_val ret;
    return wfrt_parallel(&s, &ret);
}

static char *error_json(void)
{
    wfrt_val err = wfrt_error_take(), text;
    char *s = NULL;
    if (wfrt_json_encode(err, -1, &text)) {
        s = strdup(wfrt_str_data(text));
        wfrt_release(text);
    }
    wfrt_release(err);
    return s ? s : strdup("?");
}

static void test_outcomes(void)
{
    static const wfrt_branch_fn odd[4] = {fails_odd, fails_odd, fails_odd, fails_odd};
    static const char *const names[4] = {"a", "b", "c", "d"};
    struct wfrt_par_spec s = {.branches = odd,
                              .names = names,
                              .nbranches = 4,
                              .items = wfrt_absent(),
                              .limit = wfrt_absent()};
    wfrt_val ret = wfrt_null();
    bool ok = wfrt_parallel(&s, &ret);
    char *got = ok ? strdup("no error") : error_json();
    const char *want = "{\"message\":\"2 branches failed; the first, branch \\\"b\\\": odd 1\","
                       "\"tags\":[\"UnhandledBranchError\"],\"branches\":[{\"branch\":\"b\","
                       "\"error\":{\"message\":\"odd 1\",\"tags\":[\"ValueError\"]}},{\"branch\":"
                       "\"d\",\"error\":{\"message\":\"odd 3\",\"tags\":[\"ValueError\"]}}]}";
    unit_check(strcmp(got, want) == 0, got, "parallel/unhandled-branch-error-shape");
    free(got);

    static const wfrt_branch_fn rets[3] = {returns_index, returns_index, returns_index};
    s.branches = rets;
    s.nbranches = 3;
    ok = wfrt_parallel(&s, &ret);
    unit_check(ok && ret.type == WFRT_INT && ret.u.i == 0, "not the first in order",
               "parallel/return-of-the-first-in-order");
    wfrt_release(ret);

    static const wfrt_branch_fn deep[2] = {nests, nests};
    s.branches = deep;
    s.nbranches = 2;
    ok = wfrt_parallel(&s, &ret);
    got = ok ? strdup("no error") : error_json();
    unit_check(strstr(got, "\"tags\":[\"ParallelNestingError\"]") != NULL, got,
               "parallel/third-level-is-a-nesting-error");
    free(got);

    s.branches = rets;
    s.limit = wfrt_double(2.0);
    ok = wfrt_parallel(&s, &ret);
    got = ok ? strdup("no error") : error_json();
    unit_check(strstr(got, "TypeError") != NULL, got, "parallel/limit-must-be-an-integer");
    free(got);
}

int main(void)
{
    test_concurrency();
    test_outcomes();
    unit_check(!wfrt_error_pending(), NULL, "parallel/no-error-left-pending");
    return unit_exit();
}
