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
 * Workflows (spec syntax.md §4.3): 8 bytes per value, plus the bytes of a
 * string or bytes value, plus the sizes of a list's items or of a map's
 * keys (each a string) and values: [1, "ab"] is 8 + 8 + (8 + 2) = 26;
 * absent (a variable not assigned) is 0. Lists and maps remember their
 * size, so that asking again costs nothing until they change. Walks nested
 * values without recursion. */
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
/* The pending error (owned by the caller), which is cleared; null when
 * none is pending. */
wfrt_val wfrt_error_take(void);
/* Whether the calling thread has a pending error. */
bool wfrt_error_pending(void);
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
/* The same with the layout of json.encode's `indent` map: `indent` NULL
 * for compact output; else each item on a new line that starts with
 * `prefix` (NULL: none) and one copy of `indent` per level, and ": "
 * after keys (the first line has no prefix; empty lists and maps stay
 * [] and {}). */
bool wfrt_json_encode_indent(wfrt_val v, const char *prefix, const char *indent, wfrt_val *out);
/* Lists and maps nested deeper than this are a ValueError both ways. */
#define WFRT_JSON_MAX_DEPTH 1000

/* The text of a double, as JSON and `+` write it: the shortest of %.15g,
 * %.16g and %.17g that reads back the same (fewer digits for subnormals:
 * 5e-324), with ".0" added when that
 * looks like an integer ("1.0", "0.1", "1e+300"); "inf", "-inf", "nan"
 * for those. Writes at most `size` bytes (NUL included) to buf, 32 are
 * always enough; returns the length of the whole text. */
size_t wfrt_format_double(double d, char *buf, size_t size);

/* ---- operators (spec expressions.md §4-6) ----
 * Integer overflow is a ValueError (never a wrap), and so is a double
 * operation on finite operands whose result is not finite. `+` with a
 * string on either side joins it with the text of the other operand (an
 * integer in decimal, a double by wfrt_format_double, true or false);
 * a joined string longer than WFRT_MAX_STRING_BYTES is a
 * ResourceLimitError. `//` floors and `%` takes the sign of the divisor
 * (Python's rules), for doubles too; `/` always gives a double. Comparing
 * an integer with a double is exact (no rounding of the integer). */

/* Workflows' limit on the size of a string, in bytes of UTF-8. */
#define WFRT_MAX_STRING_BYTES (256 * 1024)

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
 * (consumes v, also on failure; copies a shared container first). A new
 * key of a map is added at the end; a list index must exist (IndexError,
 * negative ones included). */
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

/* A connector's stand-in (--stub NAME=JSON, --stub-raise NAME=JSON,
 * --stub-file FILE): the value its calls return, or raise. */
struct wfrt_stub {
    wfrt_val name;  /* a string, "googleapis.storage.v1.objects.get"; owned */
    wfrt_val value; /* owned */
    bool raise;
};

/* What the runner's command line sets for the whole execution (also
 * read by the library: sys.get_env, http, sys.sleep, events). */
struct wfrt_options {
    bool trace;             /* --trace: each step as it runs, on stderr */
    bool log_json;          /* --log-format json */
    double sleep_scale;     /* --sleep-scale X: sleeps, backoffs and await_callback's
                             * timeout take X times as long */
    const char **rewrites;  /* --http-rewrite FROM=TO, in order */
    size_t nrewrites;
    long max_steps;         /* 100000 unless lifted; <= 0: no limit */
    long max_memory;        /* bytes of all variables: WFRT_MAX_MEMORY unless
                             * lifted; <= 0: no limit */
    struct wfrt_stub *stubs; /* in order; the last one given for a name wins */
    size_t nstubs;
};
extern struct wfrt_options wfrt_opts;

/* Counts one step of the execution (ResourceLimitError past the limit)
 * and traces it: `routine` and `step` name it, `line` is its line in the
 * workflow's source. The strings must live as long as the execution
 * (literals): the step is remembered as the place of errors raised until
 * the next one. The count is shared by all threads; once past the limit,
 * every further step fails too. --trace prints
 * "step ROUTINE.STEP (line N)" on stderr. */
bool wfrt_step(const char *routine, const char *step, int line);
/* The steps counted so far in this process. */
long wfrt_step_count(void);

/* The memory of the variables of an execution: the sum of wfrt_size_of
 * over every variable of every running routine and parallel branch
 * (arguments and callback payloads are variables once stored), which
 * Workflows caps at 512 KB (spec syntax.md §4.3, limits.md). Hidden slots
 * and temporaries of the generated code do not count. The generated code
 * stores into variables only through wfrt_var_* (below) and releases a
 * frame's variables with wfrt_frame_release, which keep the sum; a store
 * that takes it past wfrt_opts.max_memory is done, then fails with a
 * ResourceLimitError, which no handler catches. */
#define WFRT_MAX_MEMORY (512 * 1024)
/* The sum now (0 once every routine has returned). */
size_t wfrt_memory_used(void);

/* Enters and leaves a routine: every routine, main included, calls
 * wfrt_call_enter on entry (RecursionError when WFRT_MAX_CALL_DEPTH
 * routines are already running on this thread; then it must not call
 * wfrt_call_leave) and wfrt_call_leave on every way out. Leaving restores
 * the caller's current step as the place of later errors. */
bool wfrt_call_enter(const char *routine);
void wfrt_call_leave(void);
/* The call-stack depth of Workflows (spec limits.md §2). */
#define WFRT_MAX_CALL_DEPTH 20
/* The depth of the calling thread; a thread that runs a parallel branch
 * starts at its parent's depth with wfrt_call_set_depth. */
int wfrt_call_depth(void);
void wfrt_call_set_depth(int depth);

/* The program a compiled workflow hands to the runner. */
struct wfrt_program {
    const char *name; /* the source file, for messages */
    /* main: its argument (consumed; null when none was given) to its
     * result; false with the pending error set when it fails. */
    bool (*main)(wfrt_val arg, wfrt_val *result);
};

/* The runner: parses the options (--data, --data-file, --trace,
 * --log-format, --http-rewrite, --sleep-scale, --max-steps; --help),
 * runs the program, prints the result as compact JSON on one line of
 * stdout (exit 0) or the uncaught error on stderr (exit 1) as
 *     error: {"message":"...","tags":["KeyError"]}
 *       in step "read", routine "main", line 7
 * (the error value as compact JSON on the first line, the step of the
 * last wfrt_step before it was raised on the second, when there was one).
 * A result that is or holds bytes is such an error (ValueError). A bad
 * option, unreadable --data-file or invalid JSON argument: a message on
 * stderr, exit 2. Returns the exit status. */
int wfrt_main(int argc, char **argv, const struct wfrt_program *prog);

/* ---- for generated code ----
 * What the C that `wfc build` writes (backends/cgen.c) calls besides the
 * functions above; implemented in gen_support.c. The shapes follow the
 * code generator's needs: a generated function keeps its variables and
 * temporaries in arrays of wfrt_val ("slots"), where WFRT_ABSENT marks a
 * variable not assigned yet and an empty temporary. */

/* Moves the value out of *slot, leaving it absent: the way generated code
 * hands a temporary to a function that consumes it. */
static inline wfrt_val wfrt_take(wfrt_val *slot)
{
    wfrt_val v = *slot;
    *slot = wfrt_absent();
    return v;
}

/* Stores `v` (consumed) in *slot, releasing what it held. */
static inline void wfrt_put(wfrt_val *slot, wfrt_val v)
{
    wfrt_val old = *slot;
    *slot = v;
    wfrt_release(old);
}

/* `x: ${list.concat(x, item)}`: appends `item` (borrowed) to the list in
 * *var, in place when *var holds the only reference (copy on write
 * otherwise), so that building a list in a loop is linear, not quadratic.
 * When *var is no list it fails as list.concat does and leaves *var as it
 * was. Implemented in lib_list.c. */
bool wfrt_list_append(wfrt_val *var, wfrt_val item);

/* Sets `n` slots to absent; releases the values of `n` slots and sets
 * them to absent. */
void wfrt_slots_init(wfrt_val *slots, size_t n);
void wfrt_slots_release(wfrt_val *slots, size_t n);

/* Stores into variables, keeping the memory of the variables (above):
 * false with a ResourceLimitError when the store takes it past the limit
 * (the store is done all the same). wfrt_var_put stores `v` (consumed) in
 * *var; wfrt_var_clear makes *var absent; the others are wfrt_set_field,
 * wfrt_set_index, wfrt_set_path and wfrt_list_append on a variable. */
bool wfrt_var_put_measured(wfrt_val *var, wfrt_val v);
static inline bool wfrt_var_put(wfrt_val *var, wfrt_val v)
{
    /* null, booleans, integers and doubles all count 8 bytes */
    if (var->type <= WFRT_DOUBLE && v.type <= WFRT_DOUBLE) {
        *var = v;
        return true;
    }
    return wfrt_var_put_measured(var, v);
}
void wfrt_var_clear(wfrt_val *var);
bool wfrt_var_set_field(wfrt_val *var, const char *name, wfrt_val v);
bool wfrt_var_set_index(wfrt_val *var, wfrt_val index, wfrt_val v);
bool wfrt_var_set_path(wfrt_val *var, const wfrt_val *path, size_t n, wfrt_val v);
bool wfrt_var_append(wfrt_val *var, wfrt_val item);
/* Releases the `n` slots of a frame, the first `nvars` of which are
 * variables, whose memory leaves the execution's sum. */
void wfrt_frame_release(wfrt_val *slots, size_t nvars, size_t n);

/* A double given by its IEEE-754 bits (for infinities and NaN, which C has
 * no literal for). */
wfrt_val wfrt_double_bits(uint64_t bits);

/* Sleeps `seconds` times --sleep-scale (wfrt_opts.sleep_scale), resuming
 * after signals; ValueError unless `seconds` is a finite number >= 0. */
bool wfrt_sleep(double seconds);

/* The KeyError of reading variable `name` before anything was assigned to
 * it (spec syntax.md §4.2); returns false. */
bool wfrt_fail_unassigned(const char *name);

/* `raise: v`: makes `v` (consumed) the pending error when it is a string
 * or a map, else sets a TypeError; returns false. */
bool wfrt_raise(wfrt_val v);

/* `call: googleapis....`, a connector, which the runner does not send to
 * Google: *out gets the value of its stub (a new reference), or the error
 * of its raising stub is raised; without a stub, a SystemError naming the
 * connector. `args` (borrowed) is the map of the call's arguments, which
 * --trace prints: "connector NAME {ARGS} (stub)". */
bool wfrt_connector(const char *name, wfrt_val args, wfrt_val *out);

/* An error handler (except, retry) takes the pending error into *err
 * (releasing what *err held) and returns true; or returns false, leaving
 * the error pending, when Workflows does not let a handler catch it
 * (ResourceLimitError: the step and memory limits end the execution). */
bool wfrt_catch(wfrt_val *err);

/* `for: in:` takes a list; TypeError for anything else. */
bool wfrt_check_list(wfrt_val v);

/* `for: range: [begin, end]`: inclusive at both ends, step 1; the values
 * are integers when `begin` is one, else doubles (spec syntax.md §2.5). */
struct wfrt_range {
    bool is_int, done;
    int64_t i, iend;
    double d, dend;
};
/* TypeError unless `bounds` is a list of two numbers. */
bool wfrt_range_start(wfrt_val bounds, struct wfrt_range *r);
/* True with the next value in *value (a new reference); false when the
 * range is done (never an error). */
bool wfrt_range_next(struct wfrt_range *r, wfrt_val *value);
/* The same into the loop's variable *var, which the generated code makes
 * null before the loop (so that its 8 bytes count once, wfrt_var_put) and
 * which holds null, the previous value or whatever the body stored in it
 * (replaced, its memory leaving the sum). */
bool wfrt_range_next_var(struct wfrt_range *r, wfrt_val *var);

/* A retry policy in progress (spec syntax.md §2.7): after a failed
 * attempt, retry while attempt < max_retries and the predicate says so,
 * sleeping min(delay, max_delay) and multiplying delay each time. */
struct wfrt_retry {
    int64_t max_retries, attempt;
    double delay, max_delay, multiplier;
};
/* From the keys of a retry map, each absent when not written (defaults:
 * those of http.default_retry: 5 retries, 1 s, at most 60 s, times 1.25).
 * TypeError or ValueError for a value that is not a fitting number. */
bool wfrt_retry_start(struct wfrt_retry *r, wfrt_val max_retries, wfrt_val initial_delay,
                      wfrt_val max_delay, wfrt_val multiplier);
/* From a policy map {max_retries, backoff: {initial_delay, max_delay,
 * multiplier}} such as http.default_retry returns. */
bool wfrt_retry_start_policy(struct wfrt_retry *r, wfrt_val policy);
/* Sleeps before the next attempt and advances the policy. */
bool wfrt_retry_wait(struct wfrt_retry *r);
/* Asks the predicate a policy map names (its "predicate", see
 * wfrt_lib_predicate) about `err`; the answer into *out. */
bool wfrt_retry_policy_ask(wfrt_val policy, wfrt_val err, wfrt_val *out);

/* The assignment target `x.a[i].b: v` on *root: `path` holds the n >= 1
 * subscripts (a field as a string); consumes v. Each container on the way
 * is copied only when shared; on failure *root is as it was. */
bool wfrt_set_path(wfrt_val *root, const wfrt_val *path, size_t n, wfrt_val v);

/* `${key}: v` in a map of a workflow: sets key (consumed; TypeError unless
 * a string) to v (consumed) in *m. */
bool wfrt_map_put(wfrt_val *m, wfrt_val key, wfrt_val v);

/* ---- parallel steps (parallel.c) ----
 * A parallel step (spec syntax.md §2.6, errors.md §5) runs each branch, or
 * each iteration of its for loop, as a call of a function the code
 * generator wrote for the branch or the loop body, on threads of its own,
 * and returns when all have ended:
 *
 * - At most concurrency_limit of them run at once (default and maximum
 *   WFRT_MAX_CONCURRENCY; a larger limit counts as the maximum); the others
 *   wait, and are started in order (with a limit of 1 they run one after
 *   the other, in order). Across the whole execution, nested steps
 *   included, at most WFRT_MAX_CONCURRENCY run at once; a thread that
 *   waits (for its own parallel step, or for the lock of shared
 *   variables) does not count.
 * - Exception policy: continueAll, the default and only policy. An error
 *   a branch does not handle ends that branch; the others go on. When all
 *   have ended the step raises
 *       {"message": "2 branches failed; the first, branch \"b\": ...",
 *        "tags": ["UnhandledBranchError"],
 *        "branches": [{"branch": "b", "error": E}, ...]}
 *   with one entry per failed branch in the order of the branches (for a
 *   parallel for, {"index": I, "error": E} per failed iteration, by index),
 *   E being the error value as the branch saw it. Two kinds of error are
 *   raised as they are instead, the first by that order: ResourceLimitError
 *   (the limits of the execution; it also stops new iterations from
 *   starting) and ParallelNestingError (the program is wrong, not one
 *   branch's work). More than WFRT_MAX_BRANCH_ERRORS unhandled errors of
 *   branches in one execution end it with a ResourceLimitError.
 * - A step nested more than WFRT_MAX_PARALLEL_DEPTH parallel steps deep
 *   (through subworkflow calls: deeper static nesting is a lint error) is
 *   a ParallelNestingError where it starts.
 * - `next: continue` in a parallel for ends its iteration; `next: break`
 *   ends it and starts no further iterations. `return` (and `next: end`)
 *   in a branch or an iteration ends it and starts no further ones; once
 *   the others have ended the routine returns that value (that of the
 *   first such branch in order, when several return). "Further" are those
 *   queued behind concurrency_limit: the first concurrency_limit ones start
 *   together, whatever they do, and those running go on to their end.
 *   Errors come first: a step with failed branches raises.
 *
 * Shared variables: a branch reads the variables of the code around the
 * step through `env` (the generated code's frames) and writes only those
 * listed in `shared`. All the shared variables of one routine's frames are
 * guarded by one lock, that of its outermost running parallel step: each
 * assignment to a shared variable, the evaluation of its value included,
 * holds it (so `total: ${total + 1}` from every branch counts exactly);
 * reads outside an assignment take a reference under it. Values are never
 * changed where another thread can see them (copy on write, above), so a
 * read value stays whole however the variable changes later. */

/* Workflows' limits on parallel steps (spec limits.md). */
#define WFRT_MAX_PARALLEL_DEPTH 2
#define WFRT_MAX_CONCURRENCY 20
#define WFRT_MAX_BRANCH_ERRORS 100

/* A parallel step while it runs. */
struct wfrt_par;

/* A branch, or the body of a parallel for: `env` as the spec gives it,
 * `index` the branch's position or the iteration's (from 0), `value` the
 * iteration's item (borrowed; null for a branch). Returns true when it
 * ends normally, false with the pending error when an error leaves it. */
typedef bool (*wfrt_branch_fn)(struct wfrt_par *par, void *env, size_t index, wfrt_val value);

struct wfrt_par_spec {
    const wfrt_branch_fn *branches; /* `branches`: a function each; or NULL */
    const char *const *names;       /* the branches' names */
    size_t nbranches;
    wfrt_branch_fn body;            /* `for`: the loop's body; or NULL */
    wfrt_val items;                 /* `for: in:` the list (borrowed); else absent */
    const struct wfrt_range *range; /* `for: range:` as wfrt_range_start set it; else NULL */
    wfrt_val limit;                 /* concurrency_limit (borrowed), or absent */
    void *env;                      /* handed to every function */
    struct wfrt_par *outer; /* the step whose branch runs this one, in the same routine, or NULL */
};

/* Runs a parallel step. On success *ret is the value a branch returned,
 * or absent when none did. False with the pending error set for an
 * invalid concurrency_limit (TypeError, ValueError), nesting
 * (ParallelNestingError), failed branches (above) or no thread at all. */
bool wfrt_parallel(const struct wfrt_par_spec *spec, wfrt_val *ret);

/* The lock of the shared variables of `par`'s routine, held through one
 * assignment: taken once, never twice by one thread. */
void wfrt_par_lock(struct wfrt_par *par);
void wfrt_par_unlock(struct wfrt_par *par);
/* A shared variable read under the lock: *out (empty) gets a reference to
 * *var's value (absent when not assigned). */
void wfrt_par_get(struct wfrt_par *par, const wfrt_val *var, wfrt_val *out);
/* Stores `v` (consumed) in the shared variable *var under the lock, as
 * wfrt_var_put does (false: past the memory limit). */
bool wfrt_par_put(struct wfrt_par *par, wfrt_val *var, wfrt_val v);
/* `next: break` in a parallel for: start no further iterations. */
void wfrt_par_break(struct wfrt_par *par);
/* `return: v` in the branch or iteration `index` (v consumed): start no
 * further ones, and make v the step's return value unless a branch
 * before it in order returned too. */
void wfrt_par_return(struct wfrt_par *par, size_t index, wfrt_val v);

/* ---- library helpers ---- */
/* Declared for the standard library's files (backends/runtime/lib_*.c). */

/* SYNC stdlib: the entries of ir/stdlib.c, one X(suffix) each, the
 * suffix being the dotted name with '.' as '_' (X(text_split) is
 * wfrt_fn_text_split); tests/wfrt_lib_table.sh checks every entry of the
 * table against the symbols of libwfrt.a. */
#define WFRT_LIB_FUNCTIONS(X)                                                                      \
    X(base64_decode) X(base64_encode) X(default) X(double) X(events_await_callback)              \
    X(events_create_callback_endpoint)                                                            \
    X(experimental_executions_execution_error) X(experimental_executions_map)                     \
    X(experimental_executions_run) X(get_type) X(hash_compute_checksum) X(hash_compute_hmac)      \
    X(http_default_retry) X(http_default_retry_non_idempotent) X(http_default_retry_predicate)    \
    X(http_default_retry_predicate_non_idempotent) X(http_delete) X(http_get) X(http_patch)       \
    X(http_post) X(http_put) X(http_request) X(if) X(int) X(json_decode) X(json_encode)     \
    X(json_encode_to_string) X(keys) X(len) X(list_concat) X(list_prepend) X(map_delete)          \
    X(map_get) X(map_merge) X(map_merge_nested) X(math_abs) X(math_floor) X(math_max)             \
    X(math_min) X(retry_always) X(retry_default_backoff) X(retry_never) X(string)                 \
    X(sys_get_env) X(sys_log) X(sys_now) X(sys_sleep) X(sys_sleep_until) X(text_decode)           \
    X(text_encode) X(text_find_all) X(text_find_all_regex) X(text_match_regex)                    \
    X(text_replace_all) X(text_replace_all_regex) X(text_split) X(text_substring)                 \
    X(text_to_lower) X(text_to_upper) X(text_url_decode) X(text_url_encode)                       \
    X(text_url_encode_plus) X(time_format) X(time_parse) X(uuid_generate)

#define WFRT_LIB_DECLARE(suffix)                                                                   \
    bool wfrt_fn_##suffix(const wfrt_val *args, size_t nargs, wfrt_val *out);
WFRT_LIB_FUNCTIONS(WFRT_LIB_DECLARE)

/* A retry policy of the library (http.default_retry and
 * http.default_retry_non_idempotent) holds its predicate as the predicate's
 * name, a string such as "http.default_retry_predicate", since values
 * cannot hold functions. This gives the function such a name stands for
 * (also "retry.always" and "retry.never"), or NULL for any other value. */
wfrt_fn wfrt_lib_predicate(wfrt_val name);

#endif
