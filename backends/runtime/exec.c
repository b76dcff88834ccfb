/*
 * exec.c - one execution: the step counter and its limit, the trace, the
 * depth of subworkflow calls, the memory of variables and its limit, and
 * the runner's main (wfrt_main): options, the argument, the result or the
 * uncaught error, the exit status.
 *
 * The step counter and the memory are shared by all threads (the limits
 * are per execution);
 * the call depth and the current step are per thread. A thread that runs
 * parallel branches (parallel.c) starts at its parent's depth and step
 * (wfrt_call_set_depth, wfrt_where_set). The options themselves live in
 * options.c.
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- counters of the execution ---- */

/* Parallel steps running (atomic): while there is none, one thread runs
 * the workflow, and the counters below need no atomic arithmetic, which
 * costs more than a plain addition on every step. parallel.c counts them
 * before it starts threads and after it has joined them, which orders the
 * plain and the atomic operations. */
static int parallel_steps;

void wfrt_parallel_enter(void)
{
    __atomic_add_fetch(&parallel_steps, 1, __ATOMIC_RELAXED);
}

void wfrt_parallel_leave(void)
{
    __atomic_sub_fetch(&parallel_steps, 1, __ATOMIC_RELAXED);
}

/* Adds `delta` (modulo: a subtraction too) to `*counter`; the new value. */
static size_t count_add(size_t *counter, size_t delta)
{
    if (__atomic_load_n(&parallel_steps, __ATOMIC_RELAXED) == 0)
        return *counter += delta;
    return __atomic_add_fetch(counter, delta, __ATOMIC_RELAXED);
}

/* ---- steps and calls ---- */

static size_t steps_taken;

/* The step each thread runs, and those of its callers (restored when a
 * call returns, so that an error after it names the caller's step). */
static _Thread_local struct wfrt_where where_now;
static _Thread_local struct wfrt_where callers[WFRT_MAX_CALL_DEPTH];
static _Thread_local int depth;

struct wfrt_where wfrt_where_now(void)
{
    return where_now;
}

void wfrt_where_set(struct wfrt_where w)
{
    where_now = w;
}

long wfrt_step_count(void)
{
    return (long)__atomic_load_n(&steps_taken, __ATOMIC_RELAXED);
}

bool wfrt_step(const char *routine, const char *step, int line)
{
    where_now.routine = routine;
    where_now.step = step;
    where_now.line = line;
    size_t n = count_add(&steps_taken, 1);
    if (wfrt_opts.trace)
        fprintf(stderr, "step %s.%s (line %d)\n", routine, step, line);
    if (wfrt_opts.max_steps > 0 && n > (size_t)wfrt_opts.max_steps)
        return wfrt_fail(WFRT_TAG_RESOURCE_LIMIT, "the execution exceeded the limit of %ld steps",
                         wfrt_opts.max_steps);
    return true;
}

bool wfrt_call_enter(const char *routine)
{
    if (depth >= WFRT_MAX_CALL_DEPTH)
        return wfrt_fail(WFRT_TAG_RECURSION, "calling \"%s\" exceeds the maximum call depth of %d",
                         routine, WFRT_MAX_CALL_DEPTH);
    callers[depth++] = where_now;
    return true;
}

void wfrt_call_leave(void)
{
    if (depth > 0)
        where_now = callers[--depth];
}

int wfrt_call_depth(void)
{
    return depth;
}

void wfrt_call_set_depth(int d)
{
    depth = d < 0 ? 0 : d > WFRT_MAX_CALL_DEPTH ? WFRT_MAX_CALL_DEPTH : d;
    for (int i = 0; i < depth; i++)
        callers[i] = (struct wfrt_where){NULL, NULL, 0};
}

/* ---- the memory of variables ---- */

static size_t memory_used;

size_t wfrt_memory_used(void)
{
    return __atomic_load_n(&memory_used, __ATOMIC_RELAXED);
}

/* A variable's value went from `before` bytes to `after`. */
static bool memory_change(size_t before, size_t after)
{
    size_t now = count_add(&memory_used, after - before);
    if (after <= before || wfrt_opts.max_memory <= 0 || now <= (size_t)wfrt_opts.max_memory)
        return true;
    return wfrt_fail(WFRT_TAG_RESOURCE_LIMIT,
                     "the variables of the execution take %zu bytes, more than the limit of "
                     "%ld bytes",
                     now, wfrt_opts.max_memory);
}

bool wfrt_var_put_measured(wfrt_val *var, wfrt_val v)
{
    size_t before = wfrt_size_of(*var), after = wfrt_size_of(v);
    wfrt_put(var, v);
    return memory_change(before, after);
}

void wfrt_var_clear(wfrt_val *var)
{
    memory_change(wfrt_size_of(*var), 0);
    wfrt_put(var, wfrt_absent());
}

void wfrt_frame_release(wfrt_val *slots, size_t nvars, size_t n)
{
    size_t size = 0;
    for (size_t i = 0; i < nvars; i++)
        size += slots[i].type == WFRT_ABSENT  ? 0
                : slots[i].type <= WFRT_DOUBLE ? 8
                                               : wfrt_size_of(slots[i]);
    if (size)
        memory_change(size, 0);
    wfrt_slots_release(slots, n);
}

/* Changes of a variable in place: assignments to its items. */
bool wfrt_var_set_field(wfrt_val *var, const char *name, wfrt_val v)
{
    size_t before = wfrt_size_of(*var);
    return wfrt_set_field(var, name, v) && memory_change(before, wfrt_size_of(*var));
}

bool wfrt_var_set_index(wfrt_val *var, wfrt_val index, wfrt_val v)
{
    size_t before = wfrt_size_of(*var);
    return wfrt_set_index(var, index, v) && memory_change(before, wfrt_size_of(*var));
}

bool wfrt_var_set_path(wfrt_val *var, const wfrt_val *path, size_t n, wfrt_val v)
{
    size_t before = wfrt_size_of(*var);
    return wfrt_set_path(var, path, n, v) && memory_change(before, wfrt_size_of(*var));
}

bool wfrt_var_append(wfrt_val *var, wfrt_val item)
{
    size_t before = wfrt_size_of(*var);
    return wfrt_list_append(var, item) && memory_change(before, wfrt_size_of(*var));
}

/* ---- the runner ---- */

static void print_usage(const char *me, const char *name)
{
    printf("usage: %s [OPTION]...\n"
           "Runs the workflow %s and prints its result as JSON.\n\n",
           me, name);
    fputs("  --data JSON           the argument of main (default: null)\n"
          "  --data-file FILE      the argument of main, read from FILE (- for stdin)\n"
          "  --trace               print each step as it runs on stderr\n"
          "  --log-format FORMAT   sys.log output on stderr: text (default) or json\n"
          "  --http-rewrite FROM=TO  send requests for URLs starting with FROM to TO\n"
          "                        instead (repeatable)\n"
          "  --sleep-scale X       sleeps, backoffs and callback timeouts take X times\n"
          "                        as long (default 1)\n"
          "  --max-steps N         stop after N steps (default 100000; 0: no limit)\n"
          "  --max-memory BYTES    stop when the variables take more than BYTES\n"
          "                        (default 524288, 512 KB; 0: no limit)\n"
          "  --stub NAME=JSON      calls of the connector NAME return JSON (repeatable)\n"
          "  --stub-raise NAME=JSON  calls of the connector NAME raise JSON, a string or\n"
          "                        a map (repeatable)\n"
          "  --stub-file FILE      stubs from FILE: {\"NAME\": {\"return\": JSON} or\n"
          "                        {\"raise\": JSON}, ...}\n"
          "  -h, --help            print this help\n"
          "\n"
          "Exit status: 0 with the result on stdout; 1 when the workflow fails, with\n"
          "the error on stderr; 2 for a bad option or argument.\n",
          stdout);
}

struct run {
    const char *me; /* the program's name, for messages */
    const char *data, *data_file;
};

static int usage_error(const struct run *r, const char *fmt, ...) WFRT_PRINTF(2, 3);
static int usage_error(const struct run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", r->me);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", r->me);
    return 2;
}

/* Reads a whole file (or stdin for "-") into a malloc'ed buffer. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = 0, cap = 4096;
    char *p = wfrt_xmalloc(cap);
    size_t got;
    while ((got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            p = wfrt_xrealloc(p, cap *= 2);
    }
    bool failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed) {
        free(p);
        return NULL;
    }
    *len = n;
    return p;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    if (!*s || *end || errno || !(d >= 0))
        return false;
    *out = d;
    return true;
}

static bool parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < 0)
        return false;
    *out = v;
    return true;
}

/* One option with its value (`value` NULL for flags); 0 when accepted,
 * else the exit status. */
/* The message of the pending error of a JSON decoder (taken), for a
 * usage error. */
static const char *error_message(char *buf, size_t size)
{
    wfrt_val err = wfrt_error_take();
    const wfrt_val *msg = err.type == WFRT_MAP ? wfrt_map_find(err, "message", 7) : NULL;
    snprintf(buf, size, "%s",
             msg && msg->type == WFRT_STRING ? wfrt_str_data(*msg) : "invalid JSON");
    wfrt_release(err);
    return buf;
}

/* A stub for connector `name` (consumed) returning or raising `value`
 * (consumed); `what` names where it came from in messages. */
static int push_stub(const struct run *r, const char *what, wfrt_val name, wfrt_val value,
                     bool raise)
{
    if (raise && value.type != WFRT_STRING && value.type != WFRT_MAP) {
        int status = usage_error(r, "%s %s: raise a string or a map, as raise: does", what,
                                 wfrt_str_data(name));
        wfrt_release(name);
        wfrt_release(value);
        return status;
    }
    struct wfrt_stub s = {name, value, raise};
    wfrt_opts.stubs = wfrt_xrealloc(wfrt_opts.stubs, (wfrt_opts.nstubs + 1) * sizeof s);
    wfrt_opts.stubs[wfrt_opts.nstubs++] = s;
    return 0;
}

/* --stub NAME=JSON and --stub-raise NAME=JSON. */
static int add_stub(const struct run *r, const char *option, const char *value)
{
    const char *eq = strchr(value, '=');
    if (!eq || eq == value)
        return usage_error(r, "%s: expected NAME=JSON, not \"%s\"", option, value);
    wfrt_val v;
    if (!wfrt_json_decode(eq + 1, strlen(eq + 1), &v)) {
        char buf[256];
        return usage_error(r, "%s %.*s: the value is not JSON: %s", option,
                           (int)(eq - value), value, error_message(buf, sizeof buf));
    }
    return push_stub(r, option, wfrt_string(value, (size_t)(eq - value)), v, option[6] == '-');
}

/* --stub-file FILE: {"NAME": {"return": JSON} or {"raise": JSON}, ...}. */
static int add_stub_file(const struct run *r, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return usage_error(r, "--stub-file: cannot read %s: %s", path, strerror(errno));
    wfrt_val m;
    bool ok = wfrt_json_decode(text, len, &m);
    free(text);
    if (!ok) {
        char buf[256];
        return usage_error(r, "--stub-file %s: %s", path, error_message(buf, sizeof buf));
    }
    int status = 0;
    char what[512];
    snprintf(what, sizeof what, "--stub-file %s:", path);
    if (m.type != WFRT_MAP)
        status = usage_error(r, "--stub-file %s: expected a map of connector names", path);
    for (size_t i = 0; status == 0 && m.type == WFRT_MAP && i < wfrt_map_len(m); i++) {
        wfrt_val name = wfrt_map_key_at(m, i), entry = wfrt_map_value_at(m, i);
        const wfrt_val *ret = entry.type == WFRT_MAP ? wfrt_map_find(entry, "return", 6) : NULL;
        const wfrt_val *rse = entry.type == WFRT_MAP ? wfrt_map_find(entry, "raise", 5) : NULL;
        if (!ret == !rse || wfrt_map_len(entry) != 1)
            status = usage_error(r,
                                 "--stub-file %s: %s: expected {\"return\": VALUE} or "
                                 "{\"raise\": ERROR}",
                                 path, wfrt_str_data(name));
        else
            status = push_stub(r, what, wfrt_retain(name), wfrt_retain(ret ? *ret : *rse),
                               rse != NULL);
    }
    wfrt_release(m);
    return status;
}

static int set_option(struct run *r, const char *name, const char *value)
{
    if (strcmp(name, "--data") == 0) {
        if (r->data || r->data_file)
            return usage_error(r, "%s: give the argument once", name);
        r->data = value;
    } else if (strcmp(name, "--data-file") == 0) {
        if (r->data || r->data_file)
            return usage_error(r, "%s: give the argument once", name);
        r->data_file = value;
    } else if (strcmp(name, "--log-format") == 0) {
        if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0)
            return usage_error(r, "--log-format: expected text or json, not \"%s\"", value);
        wfrt_opts.log_json = strcmp(value, "json") == 0;
    } else if (strcmp(name, "--http-rewrite") == 0) {
        if (!strchr(value, '=') || value[0] == '=')
            return usage_error(r, "--http-rewrite: expected FROM=TO, not \"%s\"", value);
        wfrt_opts.rewrites =
            wfrt_xrealloc(wfrt_opts.rewrites, (wfrt_opts.nrewrites + 1) * sizeof(char *));
        wfrt_opts.rewrites[wfrt_opts.nrewrites++] = value;
    } else if (strcmp(name, "--sleep-scale") == 0) {
        if (!parse_double(value, &wfrt_opts.sleep_scale))
            return usage_error(r, "--sleep-scale: expected a number >= 0, not \"%s\"", value);
    } else if (strcmp(name, "--max-steps") == 0) {
        if (!parse_long(value, &wfrt_opts.max_steps))
            return usage_error(r, "--max-steps: expected an integer >= 0, not \"%s\"", value);
    } else if (strcmp(name, "--stub") == 0 || strcmp(name, "--stub-raise") == 0) {
        return add_stub(r, name, value);
    } else if (strcmp(name, "--stub-file") == 0) {
        return add_stub_file(r, value);
    } else if (strcmp(name, "--max-memory") == 0) {
        if (!parse_long(value, &wfrt_opts.max_memory))
            return usage_error(r, "--max-memory: expected an integer >= 0, not \"%s\"", value);
    }
    return 0;
}

static bool takes_value(const char *name)
{
    static const char *const names[] = {"--data",         "--data-file",   "--log-format",
                                        "--http-rewrite", "--sleep-scale", "--max-steps",
                                        "--max-memory", "--stub",        "--stub-raise",
                                        "--stub-file"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* -1 to go on, else the exit status (0 after --help). */
static int parse_args(struct run *r, int argc, char **argv, const struct wfrt_program *prog)
{
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_usage(r->me, prog->name ? prog->name : r->me);
            return 0;
        }
        if (strcmp(arg, "--trace") == 0) {
            wfrt_opts.trace = true;
            continue;
        }
        char name[32];
        const char *value = NULL, *eq = strchr(arg, '=');
        size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
        if (n >= sizeof name || (memcpy(name, arg, n), name[n] = '\0', !takes_value(name)))
            return usage_error(r, arg[0] == '-' ? "unknown option %s" : "unexpected argument %s",
                               arg);
        if (eq)
            value = eq + 1;
        else if (i + 1 < argc)
            value = argv[++i];
        else
            return usage_error(r, "%s needs a value", arg);
        int status = set_option(r, name, value);
        if (status)
            return status;
    }
    return -1;
}

/* The argument of main from --data or --data-file (null without either);
 * false after a message. */
static bool read_argument(const struct run *r, wfrt_val *arg)
{
    *arg = wfrt_null();
    const char *text = r->data;
    size_t len = text ? strlen(text) : 0;
    char *file = NULL;
    if (r->data_file) {
        file = read_file(r->data_file, &len);
        if (!file) {
            fprintf(stderr, "%s: --data-file: cannot read %s: %s\n", r->me, r->data_file,
                    strerror(errno));
            return false;
        }
        text = file;
    }
    bool ok = !text || wfrt_json_decode(text, len, arg);
    free(file);
    if (!ok) {
        char buf[256];
        fprintf(stderr, "%s: %s: %s\n", r->me, r->data_file ? "--data-file" : "--data",
                error_message(buf, sizeof buf));
    }
    return ok;
}

/* Prints the pending error as the workflow's failure. */
static void print_error(void)
{
    struct wfrt_where where = wfrt_error_where();
    wfrt_val err = wfrt_error_take(), text;
    if (wfrt_json_encode(err, -1, &text)) {
        fprintf(stderr, "error: %s\n", wfrt_str_data(text));
        wfrt_release(text);
    } else {
        /* A raised value JSON cannot hold (bytes): say what it was. */
        wfrt_release(wfrt_error_take());
        fprintf(stderr,
                "error: {\"message\":\"the workflow raised %s, which JSON cannot "
                "represent\",\"tags\":[\"ValueError\"]}\n",
                wfrt_type_phrase(err));
    }
    if (where.step)
        fprintf(stderr, "  in step \"%s\", routine \"%s\", line %d\n", where.step, where.routine,
                where.line);
    wfrt_release(err);
}

static void (*at_end)(void);

void wfrt_at_end(void (*fn)(void))
{
    at_end = fn;
}

int wfrt_main(int argc, char **argv, const struct wfrt_program *prog)
{
    struct run r = {argc > 0 && argv[0] ? argv[0] : "runner", NULL, NULL};
    const char *slash = strrchr(r.me, '/');
    if (slash && !strchr(r.me, ' ')) /* "wfc run FILE" from wfc run stays whole */
        r.me = slash + 1;
    int status = parse_args(&r, argc, argv, prog);
    wfrt_val arg, result, text;
    if (status >= 0)
        goto done;
    status = 2;
    if (!read_argument(&r, &arg))
        goto done;
    status = 1;
    bool ran = prog->main(arg, &result);
    assert(wfrt_memory_used() == 0); /* every routine released its variables */
    if (!ran) {
        print_error();
        goto done;
    }
    bool ok = result.type == WFRT_BYTES
                  ? wfrt_fail(WFRT_TAG_VALUE, "a workflow cannot return bytes")
                  : wfrt_json_encode(result, -1, &text);
    wfrt_release(result);
    if (!ok) {
        print_error();
        goto done;
    }
    fwrite(wfrt_str_data(text), 1, wfrt_str_len(text), stdout);
    putchar('\n');
    wfrt_release(text);
    status = fflush(stdout) == 0 ? 0 : 2;
done:
    if (at_end)
        at_end();
    free(wfrt_opts.rewrites);
    wfrt_opts.rewrites = NULL;
    wfrt_opts.nrewrites = 0;
    for (size_t i = 0; i < wfrt_opts.nstubs; i++) {
        wfrt_release(wfrt_opts.stubs[i].name);
        wfrt_release(wfrt_opts.stubs[i].value);
    }
    free(wfrt_opts.stubs);
    wfrt_opts.stubs = NULL;
    wfrt_opts.nstubs = 0;
    return status;
}
