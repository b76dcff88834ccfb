/*
 * lib_retry.c - the predefined retry policies and predicates (spec
 * stdlib.md §5.2 and §10): http.default_retry, http.default_retry_non_
 * idempotent, retry.default_backoff (values), http.default_retry_predicate
 * and its non-idempotent twin, retry.always and retry.never.
 *
 * A policy is the map a `retry:` block would spell out: {predicate,
 * max_retries: 5, backoff: retry.default_backoff}. Values cannot hold
 * functions, so its predicate is the predicate's name as a string;
 * wfrt_lib_predicate (wfrt.h) turns such a name back into the function for
 * the code that runs retries.
 *
 * The predicates look at an error as raised: HttpError's `code` (429, 502,
 * 503, 504 for idempotent calls; 429 and 503 otherwise) and the tags of
 * connection failures and timeouts. Anything else, a raised string
 * included, is not retried.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <string.h>

static const struct wfrt_lib_param exception_param[] = {{"exception", WFRT_LIB_ANY}};

/* Whether `e` is an error map whose integer code is in codes[0..n) or whose
 * tags hold one of tags[] (NULL-terminated). */
static bool matches(wfrt_val e, const int64_t *codes, size_t n, const char *const *tags)
{
    if (e.type != WFRT_MAP)
        return false;
    const wfrt_val *code = wfrt_map_find(e, "code", 4);
    if (code && code->type == WFRT_INT)
        for (size_t i = 0; i < n; i++)
            if (code->u.i == codes[i])
                return true;
    for (size_t i = 0; tags[i]; i++)
        if (wfrt_error_has_tag(e, tags[i]))
            return true;
    return false;
}

bool wfrt_fn_http_default_retry_predicate(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const int64_t codes[] = {429, 502, 503, 504};
    static const char *const tags[] = {WFRT_TAG_CONNECTION, WFRT_TAG_CONNECTION_FAILED,
                                       WFRT_TAG_TIMEOUT, NULL};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("http.default_retry_predicate", exception_param, a))
        return false;
    *out = wfrt_bool(matches(a[0], codes, sizeof codes / sizeof codes[0], tags));
    return true;
}

bool wfrt_fn_http_default_retry_predicate_non_idempotent(const wfrt_val *args, size_t nargs,
                                                         wfrt_val *out)
{
    static const int64_t codes[] = {429, 503};
    static const char *const tags[] = {WFRT_TAG_CONNECTION_FAILED, NULL};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("http.default_retry_predicate_non_idempotent", exception_param, a))
        return false;
    *out = wfrt_bool(matches(a[0], codes, sizeof codes / sizeof codes[0], tags));
    return true;
}

bool wfrt_fn_retry_always(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("retry.always", exception_param, a))
        return false;
    *out = wfrt_bool(true);
    return true;
}

bool wfrt_fn_retry_never(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("retry.never", exception_param, a))
        return false;
    *out = wfrt_bool(false);
    return true;
}

static wfrt_val default_backoff(void)
{
    wfrt_val b = wfrt_map_new(3);
    wfrt_map_set(&b, WFRT_LIB_KEY("initial_delay"), wfrt_int(1));
    wfrt_map_set(&b, WFRT_LIB_KEY("max_delay"), wfrt_int(60));
    wfrt_map_set(&b, WFRT_LIB_KEY("multiplier"), wfrt_double(1.25));
    return b;
}

bool wfrt_fn_retry_default_backoff(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    if (!wfrt_lib_check("retry.default_backoff", NULL, 0, args, nargs, NULL))
        return false;
    *out = default_backoff();
    return true;
}

static wfrt_val policy(const char *predicate)
{
    wfrt_val p = wfrt_map_new(3);
    wfrt_map_set(&p, WFRT_LIB_KEY("predicate"), wfrt_string_cstr(predicate));
    wfrt_map_set(&p, WFRT_LIB_KEY("max_retries"), wfrt_int(5));
    wfrt_map_set(&p, WFRT_LIB_KEY("backoff"), default_backoff());
    return p;
}

bool wfrt_fn_http_default_retry(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    if (!wfrt_lib_check("http.default_retry", NULL, 0, args, nargs, NULL))
        return false;
    *out = policy("http.default_retry_predicate");
    return true;
}

bool wfrt_fn_http_default_retry_non_idempotent(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    if (!wfrt_lib_check("http.default_retry_non_idempotent", NULL, 0, args, nargs, NULL))
        return false;
    *out = policy("http.default_retry_predicate_non_idempotent");
    return true;
}

wfrt_fn wfrt_lib_predicate(wfrt_val name)
{
    static const struct {
        const char *name;
        wfrt_fn fn;
    } predicates[] = {
        {"http.default_retry_predicate", wfrt_fn_http_default_retry_predicate},
        {"http.default_retry_predicate_non_idempotent",
         wfrt_fn_http_default_retry_predicate_non_idempotent},
        {"retry.always", wfrt_fn_retry_always},
        {"retry.never", wfrt_fn_retry_never},
    };
    for (size_t i = 0; i < sizeof predicates / sizeof predicates[0]; i++)
        if (wfrt_lib_str_is(name, predicates[i].name))
            return predicates[i].fn;
    return NULL;
}
