/*
 * test_stdlib.c - unit tests of the standard-library table (ir/stdlib.c).
 * Run as `test_stdlib`, no arguments.
 *
 * Three kinds of cases: invariants every entry must keep (sorted, unique
 * names, a summary, consistent flags), facts copied from
 * ../shared/spec/stdlib.md one per case (so a wrong row in the table names
 * itself in the output), and the lookups and help text built on the table.
 * The spec is the authority; when a fact here and the spec disagree, fix
 * this file and the table together.
 */
#include "config.h"

#include "ir/stdlib.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static const struct wf_func *fn(const char *name)
{
    return wf_stdlib_find(name);
}

static const struct wf_param_spec *param(const char *fname, const char *pname)
{
    return wf_stdlib_param(fn(fname), pname);
}

static bool has_flags(const char *name, unsigned flags)
{
    const struct wf_func *f = fn(name);
    return f && (f->flags & flags) == flags;
}

static bool lacks_flags(const char *name, unsigned flags)
{
    const struct wf_func *f = fn(name);
    return f && (f->flags & flags) == 0;
}

static bool returns(const char *name, wf_tyset types)
{
    const struct wf_func *f = fn(name);
    return f && f->returns == types;
}

static unsigned nparams(const char *name)
{
    const struct wf_func *f = fn(name);
    return f ? f->nparams : 999;
}

/* Whether the parameters of `name` are exactly the space-separated `names`,
 * in order. */
static bool params_are(const char *name, const char *names)
{
    const struct wf_func *f = fn(name);
    if (!f)
        return false;
    const char *p = names;
    for (unsigned i = 0; i < f->nparams; i++) {
        size_t n = strcspn(p, " ");
        if (n == 0 || strlen(f->params[i].name) != n || strncmp(f->params[i].name, p, n) != 0)
            return false;
        p += n;
        p += *p == ' ';
    }
    return *p == '\0';
}

static bool in_one_of(const char *fname, const char *pname)
{
    const struct wf_param_spec *p = param(fname, pname);
    return p && p->one_of;
}

static bool is_required(const char *fname, const char *pname, wf_tyset types)
{
    const struct wf_param_spec *p = param(fname, pname);
    return p && p->required && p->types == types;
}

static bool is_optional(const char *fname, const char *pname, wf_tyset types, const char *def)
{
    const struct wf_param_spec *p = param(fname, pname);
    if (!p || p->required || p->types != types)
        return false;
    return def ? p->def && strcmp(p->def, def) == 0 : p->def == NULL;
}

/* Whether the returned map's keys are exactly the space-separated `keys`. */
static bool fields_are(const char *name, const char *keys)
{
    const struct wf_func *f = fn(name);
    if (!f || !f->fields)
        return false;
    const char *p = keys;
    size_t i = 0;
    for (; f->fields[i]; i++) {
        size_t n = strcspn(p, " ");
        if (n == 0 || strlen(f->fields[i]) != n || strncmp(f->fields[i], p, n) != 0)
            return false;
        p += n;
        p += *p == ' ';
    }
    return *p == '\0';
}

#define FACT(cond, name) unit_check((cond), "the table disagrees with the spec", "fact/%s", name)

/* ---- invariants of the whole table and of each entry ---- */

static void test_order(void)
{
    size_t bad = 0;
    for (size_t i = 1; i < wf_stdlib_count; i++)
        if (strcmp(wf_stdlib[i - 1].name, wf_stdlib[i].name) >= 0 && !bad)
            bad = i;
    unit_check(bad == 0, bad ? wf_stdlib[bad].name : NULL, "table/sorted-and-unique");
    unit_check(wf_stdlib_count == 65, "expected 65 entries (spec/stdlib.md)", "table/count");
}

static bool params_unique(const struct wf_func *f)
{
    for (unsigned i = 0; i < f->nparams; i++)
        for (unsigned j = i + 1; j < f->nparams; j++)
            if (strcmp(f->params[i].name, f->params[j].name) == 0)
                return false;
    return true;
}

/* The spec lists every function's required parameters before its optional
 * ones, so this holds for the whole table; sys.log has none required. */
static bool required_first(const struct wf_func *f)
{
    bool optional = false;
    for (unsigned i = 0; i < f->nparams; i++) {
        if (!f->params[i].required)
            optional = true;
        else if (optional)
            return false;
    }
    return true;
}

static bool summary_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && !(s[0] >= 'A' && s[0] <= 'Z') && s[n - 1] != '.' && !strchr(s, '\n');
}

/* Flags that contradict each other, or parameters that contradict flags. */
static const char *flags_problem(const struct wf_func *f)
{
    unsigned fl = f->flags;
    if ((fl & WF_FN_BLOCKING) && (fl & WF_FN_EXPR))
        return "blocking and usable in expressions";
    if ((fl & WF_FN_VALUE) && (f->nparams || (fl & (WF_FN_EXPR | WF_FN_BLOCKING))))
        return "a value with parameters or call flags";
    if ((fl & WF_FN_PREDICATE) && f->nparams != 1)
        return "a predicate without exactly one parameter";
    if ((fl & WF_FN_ARGS_UNKNOWN) && f->nparams)
        return "parameters unknown yet listed";
    if ((f->params == NULL) != (f->nparams == 0))
        return "params and nparams disagree";
    if (f->fields && !(f->returns & WF_TY_MAP))
        return "fields on a result that is never a map";
    return NULL;
}

static const char *params_problem(const struct wf_func *f)
{
    unsigned one_of = 0;
    for (unsigned i = 0; i < f->nparams; i++) {
        const struct wf_param_spec *p = &f->params[i];
        if (!p->name || !*p->name || p->types == 0)
            return "a parameter without name or types";
        if (p->required && (p->def || p->one_of))
            return "a required parameter with a default or in a one-of group";
        one_of += p->one_of;
    }
    if ((f->flags & WF_FN_ONE_OF) ? one_of < 2 : one_of != 0)
        return "WF_FN_ONE_OF and the one_of parameters disagree";
    return NULL;
}

static void test_entry(const struct wf_func *f)
{
    unit_check(wf_stdlib_find(f->name) == f, "not found", "find/%s", f->name);
    unit_check(summary_ok(f->summary), f->summary, "summary/%s", f->name);
    unit_check(params_unique(f), NULL, "params-unique/%s", f->name);
    unit_check(required_first(f), NULL, "required-first/%s", f->name);
    const char *why = flags_problem(f);
    unit_check(!why, why, "flags/%s", f->name);
    why = params_problem(f);
    unit_check(!why, why, "params/%s", f->name);
}

static void test_near_misses(void)
{
    static const char *const misses[] = {
        "sys.slep", "len2",  "",     "sys", "Len",         "sys.sleep ",
        "http",     "http.", ".len", "in",  "sys.sleep.x", "googleapis.bigquery.v2.jobs.insert",
        "lenn",     "a",     "zzz",
    };
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
        unit_check(wf_stdlib_find(misses[i]) == NULL, "found", "find-rejects/\"%s\"", misses[i]);
    unit_check(wf_stdlib_find(NULL) == NULL, NULL, "find-rejects/NULL");
}

/* Names people expect that Workflows does not have (spec §1). */
static void test_not_functions(void)
{
    static const char *const names[] = {"type", "bool", "str",  "float",    "abs", "round",
                                        "min",  "max",  "join", "contains", "in"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unit_check(fn(names[i]) == NULL, "in the table", "not-a-function/%s", names[i]);
}

/* ---- facts from spec/stdlib.md, one per case ---- */

static void test_helpers(void)
{
    FACT(nparams("default") == 2, "default-takes-2");
    FACT(params_are("default", "val default_val"), "default-param-names");
    FACT(nparams("if") == 3, "if-takes-3");
    FACT(is_required("if", "condition", WF_TY_BOOL | WF_TY_NULL), "if-condition-bool-or-null");
    FACT(returns("len", WF_TY_INT), "len-returns-int");
    FACT(is_required("len", "value", WF_TY_LIST | WF_TY_MAP | WF_TY_STRING),
         "len-takes-list-map-string");
    FACT(returns("keys", WF_TY_LIST) && is_required("keys", "map", WF_TY_MAP), "keys-map-to-list");
    FACT(returns("int", WF_TY_INT) && returns("double", WF_TY_DOUBLE), "int-double-return-types");
    FACT(returns("string", WF_TY_STRING) && returns("get_type", WF_TY_STRING),
         "string-get-type-return-string");
    FACT(has_flags("get_type", WF_FN_EXPR) && has_flags("if", WF_FN_EXPR), "helpers-are-expr");
}

static void test_sys(void)
{
    FACT(has_flags("sys.sleep", WF_FN_BLOCKING), "sys.sleep-blocking");
    FACT(lacks_flags("sys.sleep", WF_FN_EXPR), "sys.sleep-not-expr");
    FACT(is_required("sys.sleep", "seconds", WF_TY_NUMBER) && nparams("sys.sleep") == 1,
         "sys.sleep-seconds-required-number");
    FACT(returns("sys.sleep", WF_TY_NULL), "sys.sleep-returns-null");
    FACT(has_flags("sys.sleep_until", WF_FN_BLOCKING) &&
             is_required("sys.sleep_until", "time", WF_TY_STRING),
         "sys.sleep_until-blocking-time-string");
    FACT(has_flags("sys.log", WF_FN_BLOCKING | WF_FN_ONE_OF), "sys.log-blocking-one-of");
    FACT(params_are("sys.log", "data severity text json timeout"), "sys.log-positional-order");
    FACT(in_one_of("sys.log", "data") && in_one_of("sys.log", "text") &&
             in_one_of("sys.log", "json") && !in_one_of("sys.log", "severity") &&
             !in_one_of("sys.log", "timeout"),
         "sys.log-one-of-data-text-json");
    FACT(is_optional("sys.log", "severity", WF_TY_STRING, "\"DEFAULT\""),
         "sys.log-severity-default");
    FACT(is_optional("sys.log", "json", WF_TY_MAP, NULL), "sys.log-json-map");
    FACT(param("sys.log", "data") &&
             !(param("sys.log", "data")->types & (WF_TY_BYTES | WF_TY_NULL)),
         "sys.log-data-not-bytes-or-null");
    FACT(nparams("sys.now") == 0 && returns("sys.now", WF_TY_DOUBLE) &&
             has_flags("sys.now", WF_FN_EXPR),
         "sys.now-double-expr");
    FACT(is_required("sys.get_env", "name", WF_TY_STRING) &&
             is_optional("sys.get_env", "default", WF_TY_STRING, NULL),
         "sys.get_env-params");
    FACT(returns("sys.get_env", WF_TY_STRING | WF_TY_NULL), "sys.get_env-string-or-null");
}

static void test_http_request(const char *name)
{
    unit_check(has_flags(name, WF_FN_BLOCKING) && lacks_flags(name, WF_FN_EXPR), NULL,
               "fact/%s-blocking", name);
    unit_check(is_required(name, "url", WF_TY_STRING), NULL, "fact/%s-url-required", name);
    unit_check(is_optional(name, "timeout", WF_TY_NUMBER, "300"), NULL,
               "fact/%s-timeout-default-300", name);
    unit_check(is_optional(name, "ca_certificate", WF_TY_BYTES, NULL) &&
                   is_optional(name, "private_service_name", WF_TY_STRING, NULL) &&
                   is_optional(name, "auth", WF_TY_MAP, NULL) &&
                   is_optional(name, "headers", WF_TY_MAP, NULL) &&
                   is_optional(name, "query", WF_TY_MAP, NULL),
               NULL, "fact/%s-options", name);
    unit_check(returns(name, WF_TY_MAP) && fields_are(name, "code headers body"), NULL,
               "fact/%s-returns-code-headers-body", name);
}

static void test_http(void)
{
    static const char *const requests[] = {"http.delete", "http.get", "http.patch",
                                           "http.post",   "http.put", "http.request"};
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
        test_http_request(requests[i]);
    FACT(param("http.get", "body") == NULL, "http.get-has-no-body");
    FACT(param("http.get", "method") == NULL && param("http.post", "method") == NULL,
         "method-only-for-http.request");
    FACT(is_required("http.request", "method", WF_TY_STRING), "http.request-requires-method");
    FACT(is_optional("http.post", "body", WF_TY_ANY, NULL) &&
             is_optional("http.request", "body", WF_TY_ANY, NULL),
         "http.post-and-request-body-any");
    FACT(nparams("http.get") == 7 && nparams("http.post") == 8 && nparams("http.request") == 9,
         "http-param-counts");
    FACT(has_flags("http.default_retry", WF_FN_VALUE) &&
             has_flags("http.default_retry_non_idempotent", WF_FN_VALUE),
         "http-policies-are-values");
    FACT(fields_are("http.default_retry", "predicate max_retries backoff"),
         "http.default_retry-policy-keys");
    FACT(has_flags("http.default_retry_predicate", WF_FN_PREDICATE | WF_FN_EXPR) &&
             params_are("http.default_retry_predicate", "exception"),
         "http.default_retry_predicate-one-param");
    FACT(has_flags("http.default_retry_predicate_non_idempotent", WF_FN_PREDICATE | WF_FN_EXPR) &&
             returns("http.default_retry_predicate_non_idempotent", WF_TY_BOOL),
         "http.default_retry_predicate_non_idempotent-predicate");
}

static void test_events(void)
{
    FACT(has_flags("events.await_callback", WF_FN_BLOCKING), "events.await_callback-blocking");
    FACT(is_required("events.await_callback", "callback", WF_TY_MAP) &&
             is_optional("events.await_callback", "timeout", WF_TY_NUMBER, "43200.0"),
         "events.await_callback-params");
    FACT(fields_are("events.await_callback", "http_request received_time type"),
         "events.await_callback-result-keys");
    FACT(lacks_flags("events.create_callback_endpoint", WF_FN_EXPR | WF_FN_BLOCKING),
         "events.create_callback_endpoint-call-form-only");
    FACT(is_optional("events.create_callback_endpoint", "http_callback_method", WF_TY_STRING,
                     "\"POST\""),
         "events.create_callback_endpoint-method-default-post");
    FACT(fields_are("events.create_callback_endpoint", "url"),
         "events.create_callback_endpoint-returns-url");
}

static void test_codecs(void)
{
    FACT(is_required("base64.encode", "data", WF_TY_BYTES) &&
             is_optional("base64.encode", "padding", WF_TY_BOOL, "true"),
         "base64.encode-padding-default-true");
    FACT(returns("base64.encode", WF_TY_STRING) && returns("base64.decode", WF_TY_BYTES),
         "base64-return-types");
    FACT(is_required("base64.decode", "data", WF_TY_STRING), "base64.decode-takes-string");
    FACT(returns("json.encode", WF_TY_BYTES), "json.encode-returns-bytes");
    FACT(returns("json.encode_to_string", WF_TY_STRING), "json.encode_to_string-returns-string");
    FACT(is_optional("json.encode", "indent", WF_TY_BOOL | WF_TY_MAP, NULL),
         "json.encode-indent-bool-or-map");
    FACT(is_required("json.decode", "data", WF_TY_BYTES | WF_TY_STRING) &&
             returns("json.decode", WF_TY_ANY),
         "json.decode-bytes-or-string-to-any");
    FACT(params_are("hash.compute_hmac", "key data algorithm") &&
             returns("hash.compute_hmac", WF_TY_BYTES),
         "hash.compute_hmac-key-data-algorithm");
    FACT(params_are("hash.compute_checksum", "data algorithm"), "hash.compute_checksum-params");
}

static void test_collections(void)
{
    FACT(nparams("map.get") == 2, "map.get-exactly-2-params");
    FACT(is_required("map.get", "keys", WF_TY_STRING | WF_TY_LIST), "map.get-keys-string-or-list");
    FACT(params_are("map.delete", "map key") && returns("map.delete", WF_TY_MAP),
         "map.delete-params");
    FACT(params_are("map.merge", "first second") && params_are("map.merge_nested", "first second"),
         "map.merge-params");
    FACT(is_required("list.concat", "objs", WF_TY_LIST) && params_are("list.prepend", "objs val"),
         "list-concat-prepend-params");
    FACT(returns("list.concat", WF_TY_LIST), "list.concat-returns-list");
}

static void test_text(void)
{
    FACT(params_are("text.replace_all", "source substr repl"), "text.replace_all-param-names");
    FACT(params_are("text.replace_all_regex", "source regexp repl"),
         "text.replace_all_regex-param-names");
    FACT(is_required("text.substring", "start", WF_TY_INT) &&
             is_required("text.substring", "end", WF_TY_INT),
         "text.substring-int-bounds");
    FACT(is_optional("text.decode", "charset", WF_TY_STRING, "\"UTF-8\"") &&
             is_optional("text.encode", "charset", WF_TY_STRING, "\"UTF-8\""),
         "text-charset-default-utf-8");
    FACT(returns("text.match_regex", WF_TY_BOOL), "text.match_regex-returns-bool");
    FACT(returns("text.find_all", WF_TY_LIST) && returns("text.split", WF_TY_LIST),
         "text-find-all-split-return-lists");
    FACT(params_are("text.split", "source separator"), "text.split-params");
    FACT(is_optional("time.format", "timezone", WF_TY_STRING, "\"UTC\""),
         "time.format-timezone-default-utc");
    FACT(returns("time.parse", WF_TY_DOUBLE), "time.parse-returns-double");
    FACT(nparams("uuid.generate") == 0 && returns("uuid.generate", WF_TY_STRING),
         "uuid.generate-no-params-string");
}

static void test_math_retry_experimental(void)
{
    FACT(has_flags("math.floor", WF_FN_UNCONFIRMED | WF_FN_EXPR), "math.floor-unconfirmed");
    FACT(lacks_flags("math.abs", WF_FN_UNCONFIRMED) && lacks_flags("math.max", WF_FN_UNCONFIRMED),
         "math.abs-max-confirmed");
    FACT(params_are("math.max", "x y") && params_are("math.min", "x y"), "math.max-min-x-y");
    FACT(has_flags("retry.always", WF_FN_PREDICATE | WF_FN_EXPR) &&
             has_flags("retry.never", WF_FN_PREDICATE | WF_FN_EXPR),
         "retry-always-never-predicates");
    FACT(has_flags("retry.default_backoff", WF_FN_VALUE) &&
             fields_are("retry.default_backoff", "initial_delay max_delay multiplier"),
         "retry.default_backoff-value-keys");
    static const char *const ex[] = {"experimental.executions.execution_error",
                                     "experimental.executions.map", "experimental.executions.run"};
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
        unit_check(has_flags(ex[i], WF_FN_UNCONFIRMED | WF_FN_BLOCKING | WF_FN_ARGS_UNKNOWN), NULL,
                   "fact/%s-unconfirmed-blocking", ex[i]);
}

/* Every entry but the values, the predicates, the unconfirmed and
 * create_callback_endpoint is either blocking or usable in expressions. */
static void test_every_call_has_a_form(void)
{
    for (size_t i = 0; i < wf_stdlib_count; i++) {
        const struct wf_func *f = &wf_stdlib[i];
        if (f->flags & WF_FN_VALUE || strcmp(f->name, "events.create_callback_endpoint") == 0)
            continue;
        unit_check(f->flags & (WF_FN_BLOCKING | WF_FN_EXPR), NULL, "form/%s", f->name);
    }
}

/* ---- lookups beside the table ---- */

static void test_param_lookup(void)
{
    unit_check(fn("http.get") && param("http.get", "url") == &fn("http.get")->params[0], NULL,
               "param/finds-url");
    unit_check(param("http.get", "URL") == NULL, NULL, "param/case-sensitive");
    unit_check(param("sys.now", "x") == NULL, NULL, "param/none-on-no-params");
    unit_check(wf_stdlib_param(NULL, "x") == NULL && wf_stdlib_param(fn("len"), NULL) == NULL, NULL,
               "param/null-arguments");
}

static void test_modules(void)
{
    static const char *const modules[] = {"base64", "events", "experimental", "hash", "http",
                                          "json",   "list",   "map",          "math", "retry",
                                          "sys",    "text",   "time",         "uuid"};
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
        unit_check(wf_stdlib_is_module(modules[i]), NULL, "is-module/%s", modules[i]);
    static const char *const not_modules[] = {
        "syss",       "sy",      "",     "len", "sys.sleep",
        "googleapis", "default", "sys.", "Sys", "experimental.exec"};
    for (size_t i = 0; i < sizeof not_modules / sizeof not_modules[0]; i++)
        unit_check(!wf_stdlib_is_module(not_modules[i]), NULL, "not-module/\"%s\"", not_modules[i]);
    unit_check(wf_stdlib_is_module("experimental.executions"), NULL,
               "is-module/experimental.executions");
    unit_check(!wf_stdlib_is_module(NULL), NULL, "not-module/NULL");
}

static void test_connectors(void)
{
    static const char *const yes[] = {
        "googleapis.bigquery.v2.jobs.insert",
        "googleapis.pubsub.v1.projects.topics.publish",
        "googleapis.compute.v1.instances.insert",
        "googleapis.cloudresourcemanager.v3.projects.get",
        "googleapis.run.v2.projects.locations.services.create",
        "googleapis.storage.v1.objects",
    };
    static const char *const no[] = {
        "googleapis",
        "googleapis.",
        "googleapis.bigquery",
        "googleapis.bigquery.v2",
        "googleapis.bigquery..jobs.insert",
        "googleapis.bigquery.v2.jobs.",
        "googleapi.bigquery.v2.jobs.insert",
        "http.get",
        "googleapis.big query.v2.jobs.insert",
        "",
        ".googleapis.bigquery.v2.jobs",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        unit_check(wf_stdlib_is_connector(yes[i]), NULL, "is-connector/%s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        unit_check(!wf_stdlib_is_connector(no[i]), NULL, "not-connector/\"%s\"", no[i]);
    unit_check(!wf_stdlib_is_connector(NULL), NULL, "not-connector/NULL");
}

/* ---- help text ---- */

static char *help_text(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    wf_stdlib_print_help(f);
    fclose(f);
    return buf;
}

/* Whether some line of `text` starts with `name` followed by '(' or a space. */
static bool has_heading(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; p; p = strchr(p, '\n')) {
        p += *p == '\n';
        if (strncmp(p, name, n) == 0 && (p[n] == '(' || p[n] == ' ' || p[n] == '\n'))
            return true;
    }
    return false;
}

static size_t longest_line(const char *text)
{
    size_t longest = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > longest)
            longest = n;
        p += n + (p[n] == '\n');
    }
    return longest;
}

/* A case name for `s`: at most 40 characters, newlines shown as \n. */
static const char *case_name(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s && n + 3 < size && n < 40; s++) {
        if (*s == '\n') {
            buf[n++] = '\\';
            buf[n++] = 'n';
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
    return buf;
}

static void test_help(void)
{
    char *text = help_text();
    if (!unit_check(text != NULL, "open_memstream failed", "help/prints"))
        return;
    static const char *const wanted[] = {
        "sys.sleep(seconds)",
        "blocking: call steps only",
        "    pauses the execution for a number of seconds\n",
        "base64.encode(data[, padding])",
        "padding   bool, default true\n",
        "timeout                number, default 300\n",
        "returns   string or null\n",
        "value     string, list or map, required\n",
        "map {code, headers, body}",
        "sys.log([data, severity, text, json, timeout])",
        "private_service_name,\n             ca_certificate])",
        "exactly one of data, text, json",
        "math.floor(x)",
        "; unconfirmed",
        "http.default_retry                                  value, not called\n",
        "googleapis.<service>",
    };
    char name[48];
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        unit_check(strstr(text, wanted[i]) != NULL, "missing", "help/contains \"%s\"",
                   case_name(name, sizeof name, wanted[i]));
    for (size_t i = 0; i < wf_stdlib_count; i++)
        unit_check(has_heading(text, wf_stdlib[i].name), NULL, "help/heading %s",
                   wf_stdlib[i].name);
    unit_check(longest_line(text) <= 100, NULL, "help/line-width");
    unit_check(strstr(text, "\n\n\n") == NULL, NULL, "help/no-double-blank-lines");
    free(text);
}

int main(void)
{
    test_order();
    for (size_t i = 0; i < wf_stdlib_count; i++)
        test_entry(&wf_stdlib[i]);
    test_near_misses();
    test_not_functions();
    test_helpers();
    test_sys();
    test_http();
    test_events();
    test_codecs();
    test_collections();
    test_text();
    test_math_retry_experimental();
    test_every_call_has_a_form();
    test_param_lookup();
    test_modules();
    test_connectors();
    test_help();
    return unit_exit();
}
