/*
 * wfrt.h - libwfrt, the runtime that workflows compiled by `wfc build` link
 * against: values with the semantics of Google Cloud Workflows, operators,
 * errors, exact JSON, the standard library, and the runner's main.
 *
 * VALUES. A wfrt_val is a small tagged struct passed by value. Null,
 * booleans, integers (64-bit) and doubles live in it; strings, bytes,
 * lists and maps are reference-counted objects it points to. Maps keep
 * their keys (strings) in insertion order.
 *
 * OWNERSHIP, the one rule: a wfrt_val that a function returns, directly or
 * through an out parameter, gives the caller one reference, which the
 * caller must release (wfrt_release) or hand to a function that consumes
 * it. Arguments are borrowed, unless the function's comment says
 * "consumes". Values never change once two owners can see them: the
 * functions that modify a list or a map take a pointer to the caller's
 * value and copy the container first when it is shared (copy on write), so
 * that `- b: ${a}` followed by `- b.x: 1` leaves `a` as it was, as in
 * Workflows. Reference counts are atomic: values cross parallel branches.
 *
 * ERRORS. A function that can fail returns bool: true on success; false
 * after setting the calling thread's pending error, which is a value: an
 * error map {"message": string, "tags": [string...], ...} for errors of
 * the runtime and the library (wfrt_fail), or whatever a workflow raised
 * (wfrt_fail_value). Out parameters are untouched on failure. The tags are
 * those of Workflows (the table WFRT_TAG_* below).
 */
#ifndef WFRT_H
#define WFRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __GNUC__
#define WFRT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define WFRT_PRINTF(f, a)
#endif

/* ---- values ---- */

typedef enum wfrt_type {
    WFRT_NULL,
    WFRT_BOOL,
    WFRT_INT,
    WFRT_DOUBLE,
    WFRT_STRING,
    WFRT_BYTES,
    WFRT_LIST,
    WFRT_MAP,
    WFRT_ABSENT, /* an optional argument not given; never a workflow value */
} wfrt_type;

typedef struct wfrt_obj wfrt_obj;

typedef struct wfrt_val {
    wfrt_type type;
    union {
        bool b;
        int64_t i;
        double d;
        wfrt_obj *o; /* STRING, BYTES, LIST, MAP */
    } u;
} wfrt_val;

static inline wfrt_val wfrt_null(void)
{
    wfrt_val v = {WFRT_NULL, {.i = 0}};
    return v;
}
static inline wfrt_val wfrt_absent(void)
{
    wfrt_val v = {WFRT_ABSENT, {.i = 0}};
    return v;
}
static inline wfrt_val wfrt_bool(bool b)
{
    wfrt_val v = {WFRT_BOOL, {.b = b}};
    return v;
}
static inline wfrt_val wfrt_int(int64_t i)
{
    wfrt_val v = {WFRT_INT, {.i = i}};
    return v;
}
static inline wfrt_val wfrt_double(double d)
{
    wfrt_val v = {WFRT_DOUBLE, {.d = d}};
    return v;
}

/* A new string of `len` bytes copied from `s` (UTF-8; NUL bytes allowed). */
wfrt_val wfrt_string(const char *s, size_t len);
wfrt_val wfrt_string_cstr(const char *s);
/* A string from a printf format. */
wfrt_val wfrt_string_printf(const char *fmt, ...) WFRT_PRINTF(1, 2);
/* A new bytes value of `len` bytes copied from `p`. */
wfrt_val wfrt_bytes(const void *p, size_t len);
/* An empty list or map with room for `cap` entries. */
wfrt_val wfrt_list_new(size_t cap);
wfrt_val wfrt_map_new(size_t cap);

/* Another reference to `v` (returned), and giving one back. Both accept
 * every value, scalars included (they do nothing for those). */
wfrt_val wfrt_retain(wfrt_val v);
void wfrt_release(wfrt_val v);

/* Strings and bytes: the data (NUL-terminated, for strings) and its size
 * in bytes; wfrt_str_chars counts code points (Workflows indexes strings
 * by code point). */
const char *wfrt_str_data(wfrt_val s);
size_t wfrt_str_len(wfrt_val s);
size_t wfrt_str_chars(wfrt_val s);

/* Lists. wfrt_list_at borrows (no reference is added). */
size_t wfrt_list_len(wfrt_val l);
wfrt_val wfrt_list_at(wfrt_val l, size_t i);
/* Appends `item` (consumes it) to *l, copying a shared list first. */
void wfrt_list_push(wfrt_val *l, wfrt_val item);

/* Maps, keys in insertion order. The *_at functions borrow. */
size_t wfrt_map_len(wfrt_val m);
wfrt_val wfrt_map_key_at(wfrt_val m, size_t i);
wfrt_val wfrt_map_value_at(wfrt_val m, size_t i);
/* The value of `key` (len bytes), borrowed, or NULL when absent. */
const wfrt_val *wfrt_map_find(wfrt_val m, const char *key, size_t len);
/* Sets `key` (a string; consumed) to `v` (consumed) in *m, copying a
 * shared map first; an existing key keeps its position. */
void wfrt_map_set(wfrt_val *m, wfrt_val key, wfrt_val v);
/* Removes `key` from *m (copying a shared map first); false when absent. */
bool wfrt_map_remove(wfrt_val *m, const char *key, size_t len);

/* Workflows' `==`: 1 == 1.0; lists element-wise; maps by key set and
 * values, whatever the order; values of different types are not equal. */
bool wfrt_equal(wfrt_val a, wfrt_val b);

/* "integer", "double", "string", "boolean", "bytes", "null", "list", "map" */
const char *wfrt_type_name(wfrt_val v);

/* Memory a value counts against the variables limit, by the formula of
 * Workflows: 8 bytes per scalar, plus the contents of strings, bytes,
 * lists and maps (keys included). */
size_t wfrt_size_of(wfrt_val v);

/* ---- errors ---- */

/* SYNC error-tags: the tags of Workflows (spec errors.md §3). */
#define WFRT_TAG_AUTH "AuthError"
#define WFRT_TAG_CONNECTION "ConnectionError"
#define WFRT_TAG_CONNECTION_FAILED "ConnectionFailedError"
#define WFRT_TAG_HTTP "HttpError"
#define WFRT_TAG_INDEX "IndexError"
#define WFRT_TAG_KEY "KeyError"
#define WFRT_TAG_OPERATION "OperationError"
#define WFRT_TAG_PARALLEL_NESTING "ParallelNestingError"
#define WFRT_TAG_RECURSION "RecursionError"
#define WFRT_TAG_RESOURCE_LIMIT "ResourceLimitError"
#define WFRT_TAG_RESPONSE_TYPE "ResponseTypeError"
#define WFRT_TAG_SYSTEM "SystemError"
#define WFRT_TAG_TIMEOUT "TimeoutError"
#define WFRT_TAG_TYPE "TypeError"
#define WFRT_TAG_UNHANDLED_BRANCH "UnhandledBranchError"
#define WFRT_TAG_VALUE "ValueError"
#define WFRT_TAG_ZERO_DIVISION "ZeroDivisionError"

/* Sets the pending error to {"message": ..., "tags": [tag]}; returns false,
 * so that `return wfrt_fail(...)` reads naturally. */
bool wfrt_fail(const char *tag, const char *fmt, ...) WFRT_PRINTF(2, 3);
/* Sets the pending error to `err` (consumes it: a map or whatever a
 * workflow raised); returns false. */
bool wfrt_fail_value(wfrt_val err);
/* The pending error (owned by the caller), which is cleared. */
wfrt_val wfrt_error_take(void);
/* Whether an error value is a map whose "tags" list holds `tag`. */
bool wfrt_error_has_tag(wfrt_val err, const char *tag);

/* ---- JSON, exact both ways ---- */

/* Parses JSON text: a number without fraction or exponent is an integer
 * (ValueError when it does not fit 64 bits), any other a double; objects
 * keep their key order; duplicate keys keep the last value. ValueError on
 * malformed text. */
bool wfrt_json_decode(const char *text, size_t len, wfrt_val *out);
/* Serialises `v` as a JSON string value: compact when indent < 0, else
 * with `indent` spaces a level; doubles in the shortest form that reads
 * back the same; ValueError for bytes, infinity and NaN. */
bool wfrt_json_encode(wfrt_val v, int indent, wfrt_val *out);

/* ---- operators (spec expressions.md §4-6) ---- */

bool wfrt_op_add(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_sub(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_mul(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_div(wfrt_val a, wfrt_val b, wfrt_val *out);  /* / */
bool wfrt_op_idiv(wfrt_val a, wfrt_val b, wfrt_val *out); /* // */
bool wfrt_op_mod(wfrt_val a, wfrt_val b, wfrt_val *out);  /* % */
bool wfrt_op_neg(wfrt_val a, wfrt_val *out);
bool wfrt_op_not(wfrt_val a, wfrt_val *out);
bool wfrt_op_eq(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_ne(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_lt(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_le(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_gt(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_ge(wfrt_val a, wfrt_val b, wfrt_val *out);
bool wfrt_op_in(wfrt_val a, wfrt_val b, wfrt_val *out);
/* A condition, an operand of and/or/not, a retry predicate's answer: must
 * be a boolean (Workflows has no truthiness); TypeError otherwise. */
bool wfrt_truth(wfrt_val v, bool *out);

/* `obj.name` and `obj[index]` (out: a new reference). */
bool wfrt_get_field(wfrt_val obj, const char *name, wfrt_val *out);
bool wfrt_get_index(wfrt_val obj, wfrt_val index, wfrt_val *out);
/* The assignment targets `x.name: v` and `x[index]: v` on the value in *obj
 * (consumes v; copies a shared container first). */
bool wfrt_set_field(wfrt_val *obj, const char *name, wfrt_val v);
bool wfrt_set_index(wfrt_val *obj, wfrt_val index, wfrt_val v);

/* ---- the standard library ----
 * Every function of the table in ir/stdlib.c is implemented as
 *     bool wfrt_fn_<name>(const wfrt_val *args, size_t nargs, wfrt_val *out);
 * where <name> is the dotted name with '.' as '_' (wfrt_fn_text_split,
 * wfrt_fn_len). `args` holds the parameters in the table's order, borrowed;
 * an optional parameter not given is wfrt_absent(). The compiler maps
 * named arguments (call steps) and positional ones (expressions) to that
 * order; the function checks the types. Values such as
 * http.default_retry are wfrt_fn_<name> with no arguments. */
typedef bool (*wfrt_fn)(const wfrt_val *args, size_t nargs, wfrt_val *out);

/* ---- one execution ---- */

/* What the runner's command line sets for the whole execution (also
 * read by the library: sys.get_env, http, sys.sleep). */
struct wfrt_options {
    bool trace;             /* --trace: each step as it runs, on stderr */
    bool log_json;          /* --log-format json */
    double sleep_scale;     /* --sleep-scale X: sleeps and backoffs take X times as long */
    const char **rewrites;  /* --http-rewrite FROM=TO, in order */
    size_t nrewrites;
    long max_steps;         /* 100000 unless lifted; <= 0: no limit */
};
extern struct wfrt_options wfrt_opts;

/* Counts one step of the execution (ResourceLimitError past the limit)
 * and traces it: `routine` and `step` name it, `line` is its line in the
 * workflow's source. */
bool wfrt_step(const char *routine, const char *step, int line);

/* Enters and leaves a subworkflow call (RecursionError past the
 * documented depth). */
bool wfrt_call_enter(const char *routine);
void wfrt_call_leave(void);

/* The program a compiled workflow hands to the runner. */
struct wfrt_program {
    const char *name; /* the source file, for messages */
    /* main: its argument (consumed; null when none was given) to its
     * result; false with the pending error set when it fails. */
    bool (*main)(wfrt_val arg, wfrt_val *result);
};

/* The runner: parses the options (--data, --data-file, --trace,
 * --log-format, --http-rewrite, --sleep-scale, ...), runs the program,
 * prints the result as JSON on stdout (exit 0) or the uncaught error on
 * stderr (exit 1). */
int wfrt_main(int argc, char **argv, const struct wfrt_program *prog);

#endif
