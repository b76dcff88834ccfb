/*
 * stdlib.c - the one table of the Workflows standard library, transcribed
 * from ../shared/spec/stdlib.md (the expression helpers, the modules base64
 * to uuid, retry policies and predicates, experimental.executions) and
 * expressions.md §9 (which calls block). Checks, type inference, `wfc help
 * functions` and the code generator read it; nothing here reports anything.
 *
 * Transcription rules. Parameters are in the spec's positional order, with
 * the spec's type sets; WF_TY_ANY where the spec says any or says nothing.
 * Defaults are Workflows literals, strings quoted ("\"POST\""). Returned
 * maps with a documented shape list their keys.
 *
 * Unconfirmed entries (WF_FN_UNCONFIRMED): math.floor and the three
 * experimental.executions.* functions. They are in the table so that a
 * call to one is never reported as an unknown function; checks may still
 * use what the table says about them (math.floor takes one number), except
 * that experimental.executions.* carry WF_FN_ARGS_UNKNOWN because the spec
 * names no parameters for them. events.create_callback_endpoint is listed as
 * "C (E unconfirmed)": it gets neither WF_FN_EXPR nor WF_FN_BLOCKING, so a
 * check can warn (not fail) when it appears inside ${...}.
 *
 * Connectors (googleapis.*) are not in the table; wf_stdlib_is_connector
 * recognises their names, and their arguments are the REST API's.
 */
#include "config.h"

#include "ir/stdlib.h"

#include <string.h>

// clang-format off
#define REQ(n, t) {(n), (t), true, NULL, false}
#define OPT(n, t, d) {(n), (t), false, (d), false}
#define ONE(n, t) {(n), (t), false, NULL, true}
#define PARAMS(a) (a), (unsigned)(sizeof(a) / sizeof((a)[0]))
#define NO_PARAMS NULL, 0

#define E WF_FN_EXPR
#define B WF_FN_BLOCKING

/* sys.log's data and text: any value but null and bytes. */
#define TY_LOGGABLE (WF_TY_ANY & ~(unsigned)(WF_TY_NULL | WF_TY_BYTES))

/* ---- parameters, in the order of the spec (positional order) ---- */

static const struct wf_param_spec p_value[] = {REQ("value", WF_TY_ANY)};
static const struct wf_param_spec p_default[] = {
    REQ("val", WF_TY_ANY), REQ("default_val", WF_TY_ANY)};
static const struct wf_param_spec p_if[] = {
    REQ("condition", WF_TY_BOOL | WF_TY_NULL), REQ("if_true", WF_TY_ANY),
    REQ("if_false", WF_TY_ANY)};
static const struct wf_param_spec p_keys[] = {REQ("map", WF_TY_MAP)};
static const struct wf_param_spec p_len[] = {
    REQ("value", WF_TY_LIST | WF_TY_MAP | WF_TY_STRING)};
/* int: "string or double (int passes through (unconfirmed))". */
static const struct wf_param_spec p_int[] = {REQ("value", WF_TY_STRING | WF_TY_NUMBER)};
static const struct wf_param_spec p_double[] = {REQ("value", WF_TY_STRING | WF_TY_INT)};
/* string: the spec lists int, double, bool; the errors it lists (null, list,
 * map, bytes) leave a string argument out, so it is accepted. */
static const struct wf_param_spec p_string[] = {
    REQ("value", WF_TY_NUMBER | WF_TY_BOOL | WF_TY_STRING)};

static const struct wf_param_spec p_base64_encode[] = {
    REQ("data", WF_TY_BYTES), OPT("padding", WF_TY_BOOL, "true")};
/* The default of decode's padding is not documented. */
static const struct wf_param_spec p_base64_decode[] = {
    REQ("data", WF_TY_STRING), OPT("padding", WF_TY_BOOL, NULL)};

static const struct wf_param_spec p_create_callback[] = {
    OPT("http_callback_method", WF_TY_STRING, "\"POST\"")};
/* timeout: "double seconds"; a number, as for http.* ("documented as float"). */
static const struct wf_param_spec p_await_callback[] = {
    REQ("callback", WF_TY_MAP), OPT("timeout", WF_TY_NUMBER, "43200.0")};

static const struct wf_param_spec p_checksum[] = {
    REQ("data", WF_TY_BYTES), REQ("algorithm", WF_TY_STRING)};
static const struct wf_param_spec p_hmac[] = {
    REQ("key", WF_TY_BYTES), REQ("data", WF_TY_BYTES), REQ("algorithm", WF_TY_STRING)};

/* The parameters every http.* request takes after url, timeout and body. */
#define HTTP_OPTIONS                                                                  \
    OPT("headers", WF_TY_MAP, NULL), OPT("query", WF_TY_MAP, NULL),                   \
    OPT("auth", WF_TY_MAP, NULL), OPT("private_service_name", WF_TY_STRING, NULL),    \
    OPT("ca_certificate", WF_TY_BYTES, NULL)

static const struct wf_param_spec p_http_get[] = {
    REQ("url", WF_TY_STRING), OPT("timeout", WF_TY_NUMBER, "300"), HTTP_OPTIONS};
static const struct wf_param_spec p_http_body[] = {
    REQ("url", WF_TY_STRING), OPT("timeout", WF_TY_NUMBER, "300"),
    OPT("body", WF_TY_ANY, NULL), HTTP_OPTIONS};
static const struct wf_param_spec p_http_request[] = {
    REQ("method", WF_TY_STRING), REQ("url", WF_TY_STRING),
    OPT("timeout", WF_TY_NUMBER, "300"), OPT("body", WF_TY_ANY, NULL), HTTP_OPTIONS};
/* A predicate's argument is the error, which may be any raised value. */
static const struct wf_param_spec p_exception[] = {REQ("exception", WF_TY_ANY)};

static const struct wf_param_spec p_json_decode[] = {
    REQ("data", WF_TY_BYTES | WF_TY_STRING)};
/* indent: bool, or a map {prefix, indent}; no default is documented. */
static const struct wf_param_spec p_json_encode[] = {
    REQ("data", WF_TY_ANY), OPT("indent", WF_TY_BOOL | WF_TY_MAP, NULL)};

static const struct wf_param_spec p_objs_val[] = {
    REQ("objs", WF_TY_LIST), REQ("val", WF_TY_ANY)};

/* map.get's map is any: a non-map gives null, not an error. */
static const struct wf_param_spec p_map_get[] = {
    REQ("map", WF_TY_ANY), REQ("keys", WF_TY_STRING | WF_TY_LIST)};
static const struct wf_param_spec p_map_delete[] = {
    REQ("map", WF_TY_MAP), REQ("key", WF_TY_STRING)};
static const struct wf_param_spec p_first_second[] = {
    REQ("first", WF_TY_MAP), REQ("second", WF_TY_MAP)};

static const struct wf_param_spec p_x[] = {REQ("x", WF_TY_NUMBER)};
static const struct wf_param_spec p_xy[] = {REQ("x", WF_TY_NUMBER), REQ("y", WF_TY_NUMBER)};

static const struct wf_param_spec p_get_env[] = {
    REQ("name", WF_TY_STRING), OPT("default", WF_TY_STRING, NULL)};
/* Exactly one of data, text, json; "timeout double" read as a number. */
static const struct wf_param_spec p_log[] = {
    ONE("data", TY_LOGGABLE), OPT("severity", WF_TY_STRING, "\"DEFAULT\""),
    ONE("text", TY_LOGGABLE), ONE("json", WF_TY_MAP), OPT("timeout", WF_TY_NUMBER, NULL)};
static const struct wf_param_spec p_sleep[] = {REQ("seconds", WF_TY_NUMBER)};
static const struct wf_param_spec p_sleep_until[] = {REQ("time", WF_TY_STRING)};

static const struct wf_param_spec p_text_decode[] = {
    REQ("data", WF_TY_BYTES), OPT("charset", WF_TY_STRING, "\"UTF-8\"")};
static const struct wf_param_spec p_text_encode[] = {
    REQ("text", WF_TY_STRING), OPT("charset", WF_TY_STRING, "\"UTF-8\"")};
static const struct wf_param_spec p_source[] = {REQ("source", WF_TY_STRING)};
static const struct wf_param_spec p_source_substr[] = {
    REQ("source", WF_TY_STRING), REQ("substr", WF_TY_STRING)};
static const struct wf_param_spec p_source_regexp[] = {
    REQ("source", WF_TY_STRING), REQ("regexp", WF_TY_STRING)};
static const struct wf_param_spec p_replace_all[] = {
    REQ("source", WF_TY_STRING), REQ("substr", WF_TY_STRING), REQ("repl", WF_TY_STRING)};
static const struct wf_param_spec p_replace_all_regex[] = {
    REQ("source", WF_TY_STRING), REQ("regexp", WF_TY_STRING), REQ("repl", WF_TY_STRING)};
static const struct wf_param_spec p_split[] = {
    REQ("source", WF_TY_STRING), REQ("separator", WF_TY_STRING)};
static const struct wf_param_spec p_substring[] = {
    REQ("source", WF_TY_STRING), REQ("start", WF_TY_INT), REQ("end", WF_TY_INT)};

static const struct wf_param_spec p_time_format[] = {
    REQ("seconds", WF_TY_NUMBER), OPT("timezone", WF_TY_STRING, "\"UTC\"")};
static const struct wf_param_spec p_time_parse[] = {REQ("value", WF_TY_STRING)};

/* ---- keys of returned maps ---- */

static const char *const f_url[] = {"url", NULL};
static const char *const f_callback[] = {"http_request", "received_time", "type", NULL};
static const char *const f_http_response[] = {"code", "headers", "body", NULL};
static const char *const f_retry_policy[] = {"predicate", "max_retries", "backoff", NULL};
static const char *const f_backoff[] = {"initial_delay", "max_delay", "multiplier", NULL};

/* ---- the table ---- */

#define HTTP_REQUEST(name, params, what, flags)                                            \
    {name, PARAMS(params), WF_TY_MAP, f_http_response, B | (flags),                  \
     "sends an http " what " request and returns the response"}

/* SYNC stdlib: sorted by strcmp; tests/unit/test_stdlib.c checks the order. */
const struct wf_func wf_stdlib[] = {
    {"base64.decode", PARAMS(p_base64_decode), WF_TY_BYTES, NULL, E,
     "decodes base64 text into bytes"},
    {"base64.encode", PARAMS(p_base64_encode), WF_TY_STRING, NULL, E,
     "encodes bytes as base64 text"},
    {"default", PARAMS(p_default), WF_TY_ANY, NULL, E,
     "gives val, or default_val when val is null"},
    {"double", PARAMS(p_double), WF_TY_DOUBLE, NULL, E,
     "converts a string or an int to a double"},
    {"events.await_callback", PARAMS(p_await_callback), WF_TY_MAP, f_callback, B | WF_FN_WAITS,
     "waits for a request to a callback endpoint and returns it"},
    /* "C (E unconfirmed)": neither E nor B, see the comment at the top. */
    {"events.create_callback_endpoint", PARAMS(p_create_callback), WF_TY_MAP, f_url, 0,
     "creates a url that events.await_callback can wait on"},
    {"experimental.executions.execution_error", NO_PARAMS, WF_TY_ANY, NULL,
     B | WF_FN_UNCONFIRMED | WF_FN_ARGS_UNKNOWN,
     "experimental part of the child execution api, undocumented"},
    {"experimental.executions.map", NO_PARAMS, WF_TY_ANY, NULL,
     B | WF_FN_UNCONFIRMED | WF_FN_ARGS_UNKNOWN,
     "experimental: starts child workflow executions, map form"},
    {"experimental.executions.run", NO_PARAMS, WF_TY_ANY, NULL,
     B | WF_FN_UNCONFIRMED | WF_FN_ARGS_UNKNOWN,
     "experimental: starts a child workflow execution"},
    {"get_type", PARAMS(p_value), WF_TY_STRING, NULL, E,
     "names the type of a value, such as \"string\" or \"integer\""},
    {"hash.compute_checksum", PARAMS(p_checksum), WF_TY_BYTES, NULL, E,
     "computes the raw digest of bytes, e.g. with \"SHA256\""},
    {"hash.compute_hmac", PARAMS(p_hmac), WF_TY_BYTES, NULL, E,
     "computes the raw hmac of bytes under a key"},
    {"http.default_retry", NO_PARAMS, WF_TY_MAP, f_retry_policy, WF_FN_VALUE,
     "retry policy: 429, 502, 503, 504 and connection errors, 5 retries"},
    {"http.default_retry_non_idempotent", NO_PARAMS, WF_TY_MAP, f_retry_policy, WF_FN_VALUE,
     "retry policy for non-idempotent calls: 429, 503, failed connections, 5 retries"},
    {"http.default_retry_predicate", PARAMS(p_exception), WF_TY_BOOL, NULL,
     WF_FN_PREDICATE | E, "true for the errors http.default_retry retries"},
    {"http.default_retry_predicate_non_idempotent", PARAMS(p_exception), WF_TY_BOOL, NULL,
     WF_FN_PREDICATE | E, "true for the errors http.default_retry_non_idempotent retries"},
    HTTP_REQUEST("http.delete", p_http_body, "DELETE", 0),
    HTTP_REQUEST("http.get", p_http_get, "GET", WF_FN_FETCH),
    HTTP_REQUEST("http.patch", p_http_body, "PATCH", 0),
    HTTP_REQUEST("http.post", p_http_body, "POST", 0),
    HTTP_REQUEST("http.put", p_http_body, "PUT", 0),
    {"http.request", PARAMS(p_http_request), WF_TY_MAP, f_http_response, B,
     "sends an http request with the given method and returns the response"},
    {"if", PARAMS(p_if), WF_TY_ANY, NULL, E,
     "gives if_true when condition is true, else if_false (both are evaluated)"},
    {"int", PARAMS(p_int), WF_TY_INT, NULL, E,
     "converts a string or a double to an int"},
    {"json.decode", PARAMS(p_json_decode), WF_TY_ANY, NULL, E,
     "parses json text, given as a string or utf-8 bytes"},
    {"json.encode", PARAMS(p_json_encode), WF_TY_BYTES, NULL, E,
     "serialises a value as json in utf-8 bytes"},
    {"json.encode_to_string", PARAMS(p_json_encode), WF_TY_STRING, NULL, E,
     "serialises a value as a json string"},
    {"keys", PARAMS(p_keys), WF_TY_LIST, NULL, E,
     "lists the keys of a map as strings"},
    {"len", PARAMS(p_len), WF_TY_INT, NULL, E,
     "counts the items of a list, the entries of a map or the characters of a string"},
    {"list.concat", PARAMS(p_objs_val), WF_TY_LIST, NULL, E,
     "copies a list with one more item at the end"},
    {"list.prepend", PARAMS(p_objs_val), WF_TY_LIST, NULL, E,
     "copies a list with one more item at the front"},
    {"map.delete", PARAMS(p_map_delete), WF_TY_MAP, NULL, E,
     "copies a map without one key"},
    {"map.get", PARAMS(p_map_get), WF_TY_ANY, NULL, E,
     "looks up a key or a path of keys, null when absent"},
    {"map.merge", PARAMS(p_first_second), WF_TY_MAP, NULL, E,
     "merges two maps shallowly, the second one winning"},
    {"map.merge_nested", PARAMS(p_first_second), WF_TY_MAP, NULL, E,
     "merges two maps recursively, the second one winning"},
    {"math.abs", PARAMS(p_x), WF_TY_NUMBER, NULL, E,
     "absolute value, of the same type"},
    {"math.floor", PARAMS(p_x), WF_TY_INT, NULL, E | WF_FN_UNCONFIRMED,
     "rounds down to an int"},
    {"math.max", PARAMS(p_xy), WF_TY_NUMBER, NULL, E,
     "the larger of two numbers"},
    {"math.min", PARAMS(p_xy), WF_TY_NUMBER, NULL, E,
     "the smaller of two numbers"},
    {"retry.always", PARAMS(p_exception), WF_TY_BOOL, NULL, WF_FN_PREDICATE | E,
     "retry predicate that is true for every error"},
    {"retry.default_backoff", NO_PARAMS, WF_TY_MAP, f_backoff, WF_FN_VALUE,
     "backoff of the predefined policies: delay 1 s, at most 60 s, times 1.25"},
    {"retry.never", PARAMS(p_exception), WF_TY_BOOL, NULL, WF_FN_PREDICATE | E,
     "retry predicate that is false for every error"},
    {"string", PARAMS(p_string), WF_TY_STRING, NULL, E,
     "converts a number or a bool to a string"},
    {"sys.get_env", PARAMS(p_get_env), WF_TY_STRING | WF_TY_NULL, NULL, E,
     "reads an environment variable, default when it is not set"},
    {"sys.log", PARAMS(p_log), WF_TY_NULL, NULL, B | WF_FN_ONE_OF,
     "writes one entry to cloud logging"},
    {"sys.now", NO_PARAMS, WF_TY_DOUBLE, NULL, E,
     "the current time in seconds since the epoch, with a fraction"},
    {"sys.sleep", PARAMS(p_sleep), WF_TY_NULL, NULL, B | WF_FN_WAITS,
     "pauses the execution for a number of seconds"},
    {"sys.sleep_until", PARAMS(p_sleep_until), WF_TY_NULL, NULL, B | WF_FN_WAITS,
     "pauses the execution until an iso 8601 time"},
    {"text.decode", PARAMS(p_text_decode), WF_TY_STRING, NULL, E,
     "decodes bytes in a charset into a string"},
    {"text.encode", PARAMS(p_text_encode), WF_TY_BYTES, NULL, E,
     "encodes a string into bytes in a charset"},
    {"text.find_all", PARAMS(p_source_substr), WF_TY_LIST, NULL, E,
     "start indexes of the non-overlapping occurrences of substr"},
    {"text.find_all_regex", PARAMS(p_source_regexp), WF_TY_LIST, NULL, E,
     "the matches of a regexp, each a map {index, match}"},
    {"text.match_regex", PARAMS(p_source_regexp), WF_TY_BOOL, NULL, E,
     "whether a regexp matches somewhere in source"},
    {"text.replace_all", PARAMS(p_replace_all), WF_TY_STRING, NULL, E,
     "replaces every occurrence of substr"},
    {"text.replace_all_regex", PARAMS(p_replace_all_regex), WF_TY_STRING, NULL, E,
     "replaces every match of a regexp by literal text"},
    {"text.split", PARAMS(p_split), WF_TY_LIST, NULL, E,
     "splits a string at each separator"},
    {"text.substring", PARAMS(p_substring), WF_TY_STRING, NULL, E,
     "the code points from start up to, not including, end"},
    {"text.to_lower", PARAMS(p_source), WF_TY_STRING, NULL, E,
     "lowercases a string"},
    {"text.to_upper", PARAMS(p_source), WF_TY_STRING, NULL, E,
     "uppercases a string"},
    {"text.url_decode", PARAMS(p_source), WF_TY_STRING, NULL, E,
     "undoes percent-encoding"},
    {"text.url_encode", PARAMS(p_source), WF_TY_STRING, NULL, E,
     "percent-encodes a string, a space as %20"},
    {"text.url_encode_plus", PARAMS(p_source), WF_TY_STRING, NULL, E,
     "percent-encodes a string, a space as +"},
    {"time.format", PARAMS(p_time_format), WF_TY_STRING, NULL, E,
     "formats seconds since the epoch as an rfc 3339 timestamp"},
    {"time.parse", PARAMS(p_time_parse), WF_TY_DOUBLE, NULL, E,
     "parses an rfc 3339 timestamp into seconds since the epoch"},
    {"uuid.generate", NO_PARAMS, WF_TY_STRING, NULL, E,
     "a random version 4 uuid"},
};

// clang-format on

const size_t wf_stdlib_count = sizeof wf_stdlib / sizeof wf_stdlib[0];

/* ---- lookups ---- */

const struct wf_func *wf_stdlib_find(const char *name)
{
    if (!name)
        return NULL;
    size_t lo = 0, hi = wf_stdlib_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, wf_stdlib[mid].name);
        if (c == 0)
            return &wf_stdlib[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct wf_param_spec *wf_stdlib_param(const struct wf_func *fn, const char *name)
{
    if (!fn || !name)
        return NULL;
    for (unsigned i = 0; i < fn->nparams; i++)
        if (strcmp(fn->params[i].name, name) == 0)
            return &fn->params[i];
    return NULL;
}

/* A module is what precedes a dot in some entry's name: "sys", "http",
 * and for experimental.executions.run both "experimental" and
 * "experimental.executions". */
bool wf_stdlib_is_module(const char *name)
{
    if (!name || !*name)
        return false;
    /* The first entry not below "name." in the sorted table starts with
     * "name." if any does. */
    size_t n = strlen(name), lo = 0, hi = wf_stdlib_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *full = wf_stdlib[mid].name;
        int c = strncmp(full, name, n);
        if (c == 0)
            c = (unsigned char)full[n] - (unsigned char)'.';
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < wf_stdlib_count && strncmp(wf_stdlib[lo].name, name, n) == 0 &&
           wf_stdlib[lo].name[n] == '.';
}

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* googleapis.<service>.<version>.<resource path...>.<method>: at least three
 * non-empty parts after the prefix. Lenient on what a part holds (digits
 * first, dashes), strict on empty parts. */
bool wf_stdlib_is_connector(const char *name)
{
    static const char prefix[] = "googleapis.";
    if (!name || strncmp(name, prefix, sizeof prefix - 1) != 0)
        return false;
    unsigned parts = 0;
    const char *p = name + sizeof prefix - 1;
    for (;;) {
        const char *start = p;
        while (is_ident_char(*p))
            p++;
        if (p == start)
            return false;
        parts++;
        if (*p == '\0')
            return parts >= 3;
        if (*p != '.')
            return false;
        p++;
    }
}

/* ---- wfc help functions ---- */

#define HELP_TAG_COLUMN 52 /* where "blocking: call steps only" starts */
#define HELP_WIDTH 100     /* longer signatures wrap after a comma */
#define HELP_INDENT "    "

/* Type words, biggest sets first so that int|double prints as "number". */
static const struct {
    wf_tyset set;
    const char *word;
} type_words[] = {
    {WF_TY_NUMBER, "number"}, {WF_TY_INT, "int"},   {WF_TY_DOUBLE, "double"},
    {WF_TY_STRING, "string"}, {WF_TY_BOOL, "bool"}, {WF_TY_BYTES, "bytes"},
    {WF_TY_LIST, "list"},     {WF_TY_MAP, "map"},   {WF_TY_NULL, "null"},
};

/* Prints a type set as words: "any", "number", "string or null",
 * "string, list or map". */
static void print_types(FILE *out, wf_tyset set)
{
    if ((set & WF_TY_ANY) == WF_TY_ANY) {
        fputs("any", out);
        return;
    }
    const char *words[sizeof type_words / sizeof type_words[0]];
    size_t n = 0;
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++) {
        if ((set & type_words[i].set) == type_words[i].set) {
            words[n++] = type_words[i].word;
            set &= ~type_words[i].set;
        }
    }
    if (n == 0)
        fputs("nothing", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i]);
}

/* Whether every parameter from the first optional one on is optional, so
 * the signature can read f(a, b[, c, d]). */
static bool optional_tail(const struct wf_func *fn)
{
    bool seen_optional = false;
    for (unsigned i = 0; i < fn->nparams; i++) {
        if (!fn->params[i].required)
            seen_optional = true;
        else if (seen_optional)
            return false;
    }
    return true;
}

/* One parameter of a signature, "[" before the separator when it opens the
 * optional tail. A line that would pass HELP_WIDTH breaks after the comma
 * and goes on under the first parameter. Returns the new column. */
static int print_sig_param(FILE *out, int col, int indent, bool opens, bool first, const char *name,
                           bool alone)
{
    int need = (int)strlen(name) + (opens ? 1 : 0) + (first ? 0 : 2) + (alone ? 2 : 0) + 2;
    if (!first && col + need > HELP_WIDTH) {
        fprintf(out, "%s,\n%*s", opens ? "[" : "", indent, "");
        return indent + fprintf(out, alone ? "[%s]" : "%s", name);
    }
    return col + fprintf(out, "%s%s%s%s%s", opens ? "[" : "", first ? "" : ", ", alone ? "[" : "",
                         name, alone ? "]" : "");
}

/* "sys.sleep(seconds)", "base64.encode(data[, padding])", "sys.now()",
 * "http.default_retry" (a value); returns the column it ends in. */
static int print_signature(FILE *out, const struct wf_func *fn)
{
    int col = fprintf(out, "%s", fn->name);
    if (fn->flags & WF_FN_VALUE)
        return col;
    if (fn->flags & WF_FN_ARGS_UNKNOWN)
        return col + fprintf(out, "(...)");
    col += fprintf(out, "(");
    int indent = col;
    bool tail = optional_tail(fn);
    bool open = false;
    for (unsigned i = 0; i < fn->nparams; i++) {
        const struct wf_param_spec *p = &fn->params[i];
        bool opens = tail && !open && !p->required;
        bool alone = !tail && !p->required;
        col = print_sig_param(out, col, indent, opens, i == 0, p->name, alone);
        open = open || opens;
    }
    return col + fprintf(out, "%s)", open ? "]" : "");
}

/* Where the entry may be used, for the right-hand column. */
static const char *usage(const struct wf_func *fn)
{
    if (fn->flags & WF_FN_VALUE)
        return "value, not called";
    if (fn->flags & WF_FN_PREDICATE)
        return "retry predicate; expressions and call steps";
    if (fn->flags & WF_FN_BLOCKING)
        return "blocking: call steps only";
    if (fn->flags & WF_FN_EXPR)
        return "expressions and call steps";
    return "call steps (in expressions unconfirmed)";
}

/* Pads the first line from column `len` to the usage column, or moves the
 * usage to a line of its own when the line would pass HELP_WIDTH. */
static void print_usage(FILE *out, int len, const char *use, const char *extra)
{
    int use_len = (int)(strlen(use) + strlen(extra));
    if (len + 2 + use_len > HELP_WIDTH) {
        fputc('\n', out);
        len = 0;
    }
    fprintf(out, "%*s%s%s\n", len < HELP_TAG_COLUMN ? HELP_TAG_COLUMN - len : 2, "", use, extra);
}

/* The members of the one-of group: "; exactly one of data, text, json". */
static void print_one_of(FILE *out, const struct wf_func *fn)
{
    fputs("; exactly one of ", out);
    const char *sep = "";
    for (unsigned i = 0; i < fn->nparams; i++) {
        if (fn->params[i].one_of) {
            fprintf(out, "%s%s", sep, fn->params[i].name);
            sep = ", ";
        }
    }
}

/* "    timeout     number, default 300" */
static void print_param(FILE *out, const struct wf_func *fn, const struct wf_param_spec *p,
                        int width)
{
    fprintf(out, HELP_INDENT "%-*s", width, p->name);
    print_types(out, p->types);
    if (p->required)
        fputs(", required", out);
    else if (p->def)
        fprintf(out, ", default %s", p->def);
    else if (p->one_of)
        print_one_of(out, fn);
    else
        fputs(", optional", out);
    fputc('\n', out);
}

/* "    returns     map {code, headers, body}" */
static void print_result(FILE *out, const struct wf_func *fn, int width)
{
    fprintf(out, HELP_INDENT "%-*s", width, fn->flags & WF_FN_VALUE ? "value" : "returns");
    print_types(out, fn->returns);
    if (fn->fields) {
        for (size_t i = 0; fn->fields[i]; i++)
            fprintf(out, "%s%s", i == 0 ? " {" : ", ", fn->fields[i]);
        fputc('}', out);
    }
    fputc('\n', out);
}

/* The label column: as wide as the longest parameter name or "returns",
 * plus a gap. */
static int label_width(const struct wf_func *fn)
{
    size_t w = strlen("returns");
    for (unsigned i = 0; i < fn->nparams; i++)
        if (strlen(fn->params[i].name) > w)
            w = strlen(fn->params[i].name);
    return (int)w + 3;
}

static void print_entry(FILE *out, const struct wf_func *fn)
{
    int len = print_signature(out, fn);
    print_usage(out, len, usage(fn), fn->flags & WF_FN_UNCONFIRMED ? "; unconfirmed" : "");
    fprintf(out, HELP_INDENT "%s\n", fn->summary);
    int width = label_width(fn);
    for (unsigned i = 0; i < fn->nparams; i++)
        print_param(out, fn, &fn->params[i], width);
    if (fn->flags & WF_FN_ARGS_UNKNOWN)
        fprintf(out, HELP_INDENT "%-*s%s\n", width, "args", "not documented, not checked");
    print_result(out, fn, width);
}

static void print_connectors(FILE *out)
{
    int len = fprintf(out, "googleapis.<service>.<version>.<resource>.<method>");
    print_usage(out, len, "blocking: call steps only", "");
    fputs(HELP_INDENT "connectors: call a Google Cloud REST API method\n", out);
    fputs(HELP_INDENT "args      the method's parameters by name, body, connector_params\n", out);
    fputs(HELP_INDENT "returns   the API response (for a long-running operation, its result)\n",
          out);
}

void wf_stdlib_print_help(FILE *out)
{
    for (size_t i = 0; i < wf_stdlib_count; i++) {
        print_entry(out, &wf_stdlib[i]);
        fputc('\n', out);
    }
    print_connectors(out);
}
