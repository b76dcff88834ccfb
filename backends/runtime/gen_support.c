/*
 * gen_support.c - the helpers that only generated code calls (wfrt.h, "for
 * generated code"): slots, sleeps and retry backoff, for ranges, raise,
 * which errors a handler may catch, and assignment through a path.
 *
 * They keep the C that backends/cgen.c writes short: anything with a loop
 * or a rule of Workflows in it lives here, once, instead of in every
 * generated program. Operators and the library are elsewhere (ops.c,
 * lib_*.c); this file uses only wfrt.h (wfrt_lib_predicate included) and
 * the slot and message helpers of core.h.
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void wfrt_slots_init(wfrt_val *slots, size_t n)
{
    for (size_t i = 0; i < n; i++)
        slots[i] = wfrt_absent();
}

void wfrt_slots_release(wfrt_val *slots, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wfrt_release(wfrt_take(&slots[i]));
}

wfrt_val wfrt_double_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return wfrt_double(d);
}

/* ---- sleeping ---- */

bool wfrt_sleep(double seconds)
{
    if (!isfinite(seconds) || seconds < 0)
        return wfrt_fail(WFRT_TAG_VALUE, "a delay must be a finite number of seconds >= 0; got %g",
                         seconds);
    double scaled = seconds * wfrt_opts.sleep_scale;
    if (!isfinite(scaled) || scaled <= 0)
        return true;
    struct timespec ts;
    ts.tv_sec = (time_t)scaled;
    ts.tv_nsec = (long)((scaled - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_nsec = 999999999L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
    return true;
}

/* ---- errors ---- */

bool wfrt_fail_unassigned(const char *name)
{
    return wfrt_fail(WFRT_TAG_KEY, "variable \"%s\" is not defined yet", name);
}

bool wfrt_raise(wfrt_val v)
{
    if (v.type == WFRT_STRING || v.type == WFRT_MAP)
        return wfrt_fail_value(v);
    const char *type = wfrt_type_name(v);
    wfrt_release(v);
    return wfrt_fail(WFRT_TAG_TYPE, "raise needs a string or a map; got %s", type);
}

bool wfrt_catch(wfrt_val *err)
{
    wfrt_val e = wfrt_error_take();
    if (wfrt_error_has_tag(e, WFRT_TAG_RESOURCE_LIMIT)) {
        wfrt_fail_value(e);
        return false;
    }
    wfrt_put(err, e);
    return true;
}

/* ---- connectors ---- */

const struct wfrt_stub *wfrt_stub_find(const char *kind, const char *name, wfrt_val args)
{
    size_t len = strlen(name);
    const struct wfrt_stub *stub = NULL;
    for (size_t i = wfrt_opts.nstubs; i-- > 0 && !stub;) {
        const struct wfrt_stub *s = &wfrt_opts.stubs[i];
        if (wfrt_str_len(s->name) == len && memcmp(wfrt_str_data(s->name), name, len) == 0)
            stub = s;
    }
    if (wfrt_opts.trace) {
        wfrt_val text = wfrt_absent();
        const char *shown = "";
        if (args.type != WFRT_ABSENT && wfrt_json_encode(args, -1, &text))
            shown = wfrt_str_data(text);
        else if (args.type != WFRT_ABSENT) { /* bytes in the arguments */
            shown = "{...}";
            wfrt_release(wfrt_error_take());
        }
        fprintf(stderr, "%s %s%s%s -> %s\n", kind, name, *shown ? " " : "", shown,
                !stub ? "no stub" : stub->raise ? "stub raises" : "stub");
        wfrt_release(text);
    }
    return stub;
}

bool wfrt_stub_answer(const struct wfrt_stub *s, wfrt_val *out)
{
    if (s->raise)
        return wfrt_raise(wfrt_retain(s->value));
    *out = wfrt_retain(s->value);
    return true;
}

bool wfrt_connector(const char *name, wfrt_val args, wfrt_val *out)
{
    const struct wfrt_stub *stub = wfrt_stub_find("connector", name, args);
    if (!stub)
        return wfrt_fail(WFRT_TAG_SYSTEM,
                         "the connector \"%s\" is not run locally; give its result with --stub "
                         "%s=JSON",
                         name, name);
    return wfrt_stub_answer(stub, out);
}

/* ---- loops ---- */

bool wfrt_check_list(wfrt_val v)
{
    if (v.type == WFRT_LIST)
        return true;
    return wfrt_fail(WFRT_TAG_TYPE, "a for loop iterates over a list; got %s", wfrt_type_phrase(v));
}

/* The largest double below 2^63, so that a double bound converts to an
 * int64_t without overflow. */
#define INT64_LIMIT 9223372036854774784.0

bool wfrt_range_start(wfrt_val bounds, struct wfrt_range *r)
{
    if (bounds.type != WFRT_LIST || wfrt_list_len(bounds) != 2)
        return wfrt_fail(WFRT_TAG_TYPE, "a range is a list of two numbers [begin, end]; got %s",
                         wfrt_type_phrase(bounds));
    wfrt_val b = wfrt_list_at(bounds, 0), e = wfrt_list_at(bounds, 1);
    for (int k = 0; k < 2; k++) {
        wfrt_val x = k == 0 ? b : e;
        if (x.type != WFRT_INT && x.type != WFRT_DOUBLE)
            return wfrt_fail(WFRT_TAG_TYPE, "the %s of a range must be a number; got %s",
                             k == 0 ? "begin" : "end", wfrt_type_phrase(x));
        if (x.type == WFRT_DOUBLE && isnan(x.u.d))
            return wfrt_fail(WFRT_TAG_VALUE, "the %s of a range is NaN", k == 0 ? "begin" : "end");
    }
    memset(r, 0, sizeof *r);
    r->is_int = b.type == WFRT_INT;
    if (r->is_int) {
        r->i = b.u.i;
        if (e.type == WFRT_INT) {
            r->iend = e.u.i;
        } else { /* the last integer <= end */
            double f = floor(e.u.d);
            if (f < -INT64_LIMIT)
                r->done = true;
            r->iend = f > INT64_LIMIT ? INT64_MAX : f < -INT64_LIMIT ? INT64_MIN : (int64_t)f;
        }
        r->done = r->done || r->i > r->iend;
    } else {
        r->d = b.u.d;
        r->dend = e.type == WFRT_INT ? (double)e.u.i : e.u.d;
        r->done = !(r->d <= r->dend) || isinf(r->d);
    }
    return true;
}

bool wfrt_range_next(struct wfrt_range *r, wfrt_val *value)
{
    if (r->done)
        return false;
    if (r->is_int) {
        *value = wfrt_int(r->i);
        if (r->i == r->iend)
            r->done = true; /* never step past INT64_MAX */
        else
            r->i++;
        return true;
    }
    *value = wfrt_double(r->d);
    double next = r->d + 1.0;
    /* Past 2^53 adding 1 changes nothing: stop instead of looping forever. */
    r->done = next == r->d || !(next <= r->dend);
    r->d = next;
    return true;
}

bool wfrt_range_next_var(struct wfrt_range *r, wfrt_val *var)
{
    if (var->type <= WFRT_DOUBLE) /* a number over a number or null: the same 8 bytes */
        return wfrt_range_next(r, var);
    wfrt_val next;
    if (!wfrt_range_next(r, &next))
        return false;
    assert(var->type != WFRT_ABSENT); /* made null before the loop */
    bool ok = wfrt_var_put_measured(var, next); /* never larger: cannot fail */
    assert(ok);
    (void)ok;
    return true;
}

/* ---- retries ---- */

/* A number of a retry policy into *out; `what` names it in messages. */
static bool retry_number(wfrt_val v, const char *what, double *out)
{
    if (v.type == WFRT_ABSENT)
        return true;
    if (v.type == WFRT_INT)
        *out = (double)v.u.i;
    else if (v.type == WFRT_DOUBLE)
        *out = v.u.d;
    else
        return wfrt_fail(WFRT_TAG_TYPE, "%s of a retry policy must be a number; got %s", what,
                         wfrt_type_phrase(v));
    if (!isfinite(*out) || *out < 0)
        return wfrt_fail(WFRT_TAG_VALUE, "%s of a retry policy must be a finite number >= 0", what);
    return true;
}

bool wfrt_retry_start(struct wfrt_retry *r, wfrt_val max_retries, wfrt_val initial_delay,
                      wfrt_val max_delay, wfrt_val multiplier)
{
    r->max_retries = 5;
    r->attempt = 0;
    r->delay = 1.0;
    r->max_delay = 60.0;
    r->multiplier = 1.25;
    if (max_retries.type == WFRT_INT) {
        if (max_retries.u.i < 0)
            return wfrt_fail(WFRT_TAG_VALUE, "max_retries of a retry policy must be >= 0");
        r->max_retries = max_retries.u.i;
    } else if (max_retries.type != WFRT_ABSENT) {
        return wfrt_fail(WFRT_TAG_TYPE, "max_retries of a retry policy must be an integer; got %s",
                         wfrt_type_phrase(max_retries));
    }
    return retry_number(initial_delay, "initial_delay", &r->delay) &&
           retry_number(max_delay, "max_delay", &r->max_delay) &&
           retry_number(multiplier, "multiplier", &r->multiplier);
}

bool wfrt_retry_start_policy(struct wfrt_retry *r, wfrt_val policy)
{
    if (policy.type != WFRT_MAP)
        return wfrt_fail(WFRT_TAG_TYPE, "a retry policy must be a map; got %s",
                         wfrt_type_phrase(policy));
    const wfrt_val *mr = wfrt_map_find(policy, "max_retries", 11);
    const wfrt_val *bo = wfrt_map_find(policy, "backoff", 7);
    wfrt_val none = wfrt_absent();
    const wfrt_val *id = &none, *md = &none, *mu = &none;
    if (bo && bo->type == WFRT_MAP) {
        id = wfrt_map_find(*bo, "initial_delay", 13);
        md = wfrt_map_find(*bo, "max_delay", 9);
        mu = wfrt_map_find(*bo, "multiplier", 10);
    } else if (bo) {
        return wfrt_fail(WFRT_TAG_TYPE, "the backoff of a retry policy must be a map; got %s",
                         wfrt_type_phrase(*bo));
    }
    return wfrt_retry_start(r, mr ? *mr : none, id ? *id : none, md ? *md : none, mu ? *mu : none);
}

bool wfrt_retry_wait(struct wfrt_retry *r)
{
    double d = r->delay < r->max_delay ? r->delay : r->max_delay;
    r->attempt++;
    r->delay *= r->multiplier;
    if (!isfinite(r->delay))
        r->delay = r->max_delay;
    return wfrt_sleep(d);
}

bool wfrt_retry_policy_ask(wfrt_val policy, wfrt_val err, wfrt_val *out)
{
    const wfrt_val *name = policy.type == WFRT_MAP ? wfrt_map_find(policy, "predicate", 9) : NULL;
    wfrt_fn fn = name ? wfrt_lib_predicate(*name) : NULL;
    if (!fn)
        return wfrt_fail(WFRT_TAG_TYPE, "the predicate of a retry policy must name a predicate "
                                        "of the library, such as http.default_retry_predicate");
    return fn(&err, 1, out);
}

/* ---- assignment ---- */

/* The slot of subscript `key` in *c, made unique; NULL with the error set
 * when *c has no such item. The error is the one reading c[key] raises. */
static wfrt_val *slot_of(wfrt_val *c, wfrt_val key)
{
    wfrt_val tmp;
    if (!wfrt_get_index(*c, key, &tmp))
        return NULL;
    wfrt_release(tmp);
    if (c->type == WFRT_LIST)
        return wfrt_list_slot(c, (size_t)key.u.i);
    return wfrt_map_slot(c, wfrt_str_data(key), wfrt_str_len(key));
}

/* The containers on the way keep their sizes (core.h): taking a slot
 * forgets a container's size, which is put back from its size before and
 * the change of the container below it, for paths of up to SIZED_PATH
 * subscripts; the containers of longer ones are measured again when next
 * asked. */
#define SIZED_PATH 16

bool wfrt_set_path(wfrt_val *root, const wfrt_val *path, size_t n, wfrt_val v)
{
    wfrt_val *way[SIZED_PATH]; /* way[k]: what subscript k applies to */
    size_t before[SIZED_PATH]; /* its size before the assignment */
    bool sized = n <= SIZED_PATH;
    wfrt_val *p = root;
    for (size_t k = 0; k + 1 < n; k++) {
        if (sized) {
            way[k] = p;
            before[k] = wfrt_size_of(*p);
        }
        if (!(p = slot_of(p, path[k]))) {
            wfrt_release(v);
            return false;
        }
    }
    size_t last_before = wfrt_size_of(*p);
    if (!wfrt_set_index(p, path[n - 1], v))
        return false;
    if (sized) {
        size_t below_before = last_before, below_after = wfrt_size_of(*p);
        for (size_t k = n - 1; k-- > 0;) {
            size_t after = before[k] - below_before + below_after;
            wfrt_size_known(*way[k], after);
            below_before = before[k];
            below_after = after;
        }
    }
    return true;
}

bool wfrt_map_put(wfrt_val *m, wfrt_val key, wfrt_val v)
{
    if (key.type != WFRT_STRING) {
        const char *phrase = wfrt_type_phrase(key);
        wfrt_release(key);
        wfrt_release(v);
        return wfrt_fail(WFRT_TAG_TYPE, "a map key must be a string; got %s", phrase);
    }
    wfrt_map_set(m, key, v);
    return true;
}
