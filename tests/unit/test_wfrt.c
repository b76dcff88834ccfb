/*
 * test_wfrt.c - unit tests of the core of libwfrt (backends/runtime/):
 * values and their ownership, copy on write, equality, sizes, errors,
 * exact JSON both ways, every operator by the tables of spec/expressions.md
 * §4-6, field and index access and assignment, steps and call depth.
 *
 * Most cases are rows of tables: operands and expected results written as
 * JSON ("3" is an integer, "3.0" a double), an expected error as "!Tag".
 * A bytes operand is written b'...'. Every case releases what it owns, so
 * that the sanitizer build (./configure --enable-sanitizers) proves the
 * ownership rule of wfrt.h: a leak fails the run.
 */
#include "config.h"

#include "backends/runtime/core.h"
#include "unit.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

/* The value a test writes as text: JSON, or b'...' for bytes. */
static wfrt_val V(const char *text)
{
    size_t n = strlen(text);
    if (n >= 3 && text[0] == 'b' && text[1] == '\'' && text[n - 1] == '\'')
        return wfrt_bytes(text + 2, n - 3);
    wfrt_val v;
    if (!wfrt_json_decode(text, n, &v)) {
        wfrt_release(wfrt_error_take());
        fprintf(stderr, "test_wfrt: bad test value %s\n", text);
        exit(2);
    }
    return v;
}

/* A value as a test expects it: compact JSON, b'...' for bytes, or
 * "<unencodable>". Owned by the caller. */
static char *show(wfrt_val v)
{
    if (v.type == WFRT_BYTES) {
        char *s = malloc(wfrt_str_len(v) + 4);
        sprintf(s, "b'%.*s'", (int)wfrt_str_len(v), wfrt_str_data(v));
        return s;
    }
    wfrt_val text;
    if (!wfrt_json_encode(v, -1, &text)) {
        wfrt_release(wfrt_error_take());
        return strdup("<unencodable>");
    }
    char *s = malloc(wfrt_str_len(text) + 1);
    memcpy(s, wfrt_str_data(text), wfrt_str_len(text) + 1);
    wfrt_release(text);
    return s;
}

/* The tag of an error value ("?" when it has none), for messages. */
static char *first_tag(wfrt_val err)
{
    const wfrt_val *tags = err.type == WFRT_MAP ? wfrt_map_find(err, "tags", 4) : NULL;
    if (tags && tags->type == WFRT_LIST && wfrt_list_len(*tags) > 0 &&
        wfrt_list_at(*tags, 0).type == WFRT_STRING)
        return strdup(wfrt_str_data(wfrt_list_at(*tags, 0)));
    return show(err);
}

/* Judges the outcome of one call: `want` is the shown result, or "!Tag"
 * for a failure with that tag. Releases `out` and takes the error. */
static bool judge(bool ok, wfrt_val out, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool judge(bool ok, wfrt_val out, const char *want, const char *fmt, ...)
{
    char name[512], why[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    bool pass;
    if (ok) {
        char *got = show(out);
        pass = strcmp(got, want) == 0;
        snprintf(why, sizeof why, "got %s, expected %s", got, want);
        free(got);
        wfrt_release(out);
        if (wfrt_error_pending()) {
            wfrt_release(wfrt_error_take());
            pass = false;
            snprintf(why, sizeof why, "success with an error pending");
        }
    } else {
        wfrt_val err = wfrt_error_take();
        char *tag = first_tag(err);
        pass = want[0] == '!' && wfrt_error_has_tag(err, want + 1);
        snprintf(why, sizeof why, "failed with %s, expected %s", tag, want);
        free(tag);
        wfrt_release(err);
    }
    return unit_check(pass, why, "%s", name);
}

/* judge() of a call, made before `out` is read. */
#define JUDGE(call, out, ...)                                                                      \
    do {                                                                                           \
        bool judged_ok_ = (call);                                                                  \
        judge(judged_ok_, out, __VA_ARGS__);                                                       \
    } while (0)

static void check_true(bool cond, const char *name)
{
    unit_check(cond, "false", "%s", name);
}

/* ---- operators: tables ---- */

typedef bool (*binop)(wfrt_val, wfrt_val, wfrt_val *);

static binop op_fn(const char *op)
{
    static const struct {
        const char *name;
        binop fn;
    } ops[] = {{"+", wfrt_op_add},   {"-", wfrt_op_sub}, {"*", wfrt_op_mul}, {"/", wfrt_op_div},
               {"//", wfrt_op_idiv}, {"%", wfrt_op_mod}, {"==", wfrt_op_eq}, {"!=", wfrt_op_ne},
               {"<", wfrt_op_lt},    {"<=", wfrt_op_le}, {">", wfrt_op_gt},  {">=", wfrt_op_ge},
               {"in", wfrt_op_in}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i].name, op) == 0)
            return ops[i].fn;
    abort();
}

static void binary(const char *a, const char *op, const char *b, const char *want)
{
    wfrt_val x = V(a), y = V(b), out = wfrt_null();
    bool ok = op_fn(op)(x, y, &out);
    judge(ok, out, want, "%s %s %s", a, op, b);
    wfrt_release(x);
    wfrt_release(y);
}

/* One operand of each type, for the type tables. */
static const char *const samples[8] = {"1",    "1.5", "\"a\"",     "true",
                                       "null", "[1]", "{\"a\":1}", "b'x'"};

/* Every pairing of the samples under `op`: want[i][j] for samples[i] op
 * samples[j]; "T" abbreviates "!TypeError". */
static void type_table(const char *op, const char *const want[8][8])
{
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            binary(samples[i], op, samples[j],
                   strcmp(want[i][j], "T") == 0 ? "!TypeError" : want[i][j]);
}

static void test_type_tables(void)
{
    /* spec expressions.md §4.1: the official + table, and TypeError for
     * null, lists, maps and bytes. */
    // clang-format off
    static const char *const add[8][8] = {
        {"2", "2.5", "\"1a\"", "T", "T", "T", "T", "T"},
        {"2.5", "3.0", "\"1.5a\"", "T", "T", "T", "T", "T"},
        {"\"a1\"", "\"a1.5\"", "\"aa\"", "\"atrue\"", "T", "T", "T", "T"},
        {"T", "T", "\"truea\"", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    static const char *const sub[8][8] = {
        {"0", "-0.5", "T", "T", "T", "T", "T", "T"},
        {"0.5", "0.0", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    static const char *const mul[8][8] = {
        {"1", "1.5", "T", "T", "T", "T", "T", "T"},
        {"1.5", "2.25", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    static const char *const div[8][8] = {
        {"1.0", "0.6666666666666666", "T", "T", "T", "T", "T", "T"},
        {"1.5", "1.0", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    static const char *const idiv[8][8] = {
        {"1", "0.0", "T", "T", "T", "T", "T", "T"},
        {"1.0", "1.0", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    static const char *const mod[8][8] = {
        {"0", "1.0", "T", "T", "T", "T", "T", "T"},
        {"0.5", "0.0", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    /* §4.4: numbers and strings order; anything else is a TypeError. */
    static const char *const lt[8][8] = {
        {"false", "true", "T", "T", "T", "T", "T", "T"},
        {"false", "false", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "false", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    static const char *const ge[8][8] = {
        {"true", "false", "T", "T", "T", "T", "T", "T"},
        {"true", "true", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "true", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
        {"T", "T", "T", "T", "T", "T", "T", "T"},
    };
    /* == never fails: different types are unequal. */
    static const char *const eq[8][8] = {
        {"true", "false", "false", "false", "false", "false", "false", "false"},
        {"false", "true", "false", "false", "false", "false", "false", "false"},
        {"false", "false", "true", "false", "false", "false", "false", "false"},
        {"false", "false", "false", "true", "false", "false", "false", "false"},
        {"false", "false", "false", "false", "true", "false", "false", "false"},
        {"false", "false", "false", "false", "false", "true", "false", "false"},
        {"false", "false", "false", "false", "false", "false", "true", "false"},
        {"false", "false", "false", "false", "false", "false", "false", "true"},
    };
    static const char *const ne[8][8] = {
        {"false", "true", "true", "true", "true", "true", "true", "true"},
        {"true", "false", "true", "true", "true", "true", "true", "true"},
        {"true", "true", "false", "true", "true", "true", "true", "true"},
        {"true", "true", "true", "false", "true", "true", "true", "true"},
        {"true", "true", "true", "true", "false", "true", "true", "true"},
        {"true", "true", "true", "true", "true", "false", "true", "true"},
        {"true", "true", "true", "true", "true", "true", "false", "true"},
        {"true", "true", "true", "true", "true", "true", "true", "false"},
    };
    /* §4.5: `in` needs a list or a map on the right. */
    static const char *const in[8][8] = {
        {"T", "T", "T", "T", "T", "true", "false", "T"},
        {"T", "T", "T", "T", "T", "false", "false", "T"},
        {"T", "T", "T", "T", "T", "false", "true", "T"},
        {"T", "T", "T", "T", "T", "false", "false", "T"},
        {"T", "T", "T", "T", "T", "false", "false", "T"},
        {"T", "T", "T", "T", "T", "false", "false", "T"},
        {"T", "T", "T", "T", "T", "false", "false", "T"},
        {"T", "T", "T", "T", "T", "false", "false", "T"},
    };
    // clang-format on
    type_table("+", add);
    type_table("-", sub);
    type_table("*", mul);
    type_table("/", div);
    type_table("//", idiv);
    type_table("%", mod);
    type_table("<", lt);
    type_table(">=", ge);
    type_table("==", eq);
    type_table("!=", ne);
    type_table("in", in);
}

/* Rows beyond the type tables: values, limits, signs. */
static void test_arithmetic(void)
{
    // clang-format off
    static const char *const rows[][4] = {
        /* + on numbers */
        {"40", "+", "2", "42"},
        {"-5", "+", "3", "-2"},
        {"0.1", "+", "0.2", "0.30000000000000004"},
        {"1", "+", "1.0", "2.0"},
        {"9223372036854775807", "+", "0", "9223372036854775807"},
        {"9223372036854775807", "+", "1", "!ValueError"},
        {"9223372036854775806", "+", "1", "9223372036854775807"},
        {"-9223372036854775808", "+", "-1", "!ValueError"},
        {"-9223372036854775807", "+", "-1", "-9223372036854775808"},
        {"9223372036854775807", "+", "1.0", "9.223372036854776e+18"},
        {"1e308", "+", "1e308", "!ValueError"},
        {"-1e308", "+", "-1e308", "!ValueError"},
        /* + with strings: the text of the other operand */
        {"\"n=\"", "+", "5", "\"n=5\""},
        {"\"n=\"", "+", "-5", "\"n=-5\""},
        {"\"n=\"", "+", "9223372036854775807", "\"n=9223372036854775807\""},
        {"\"n=\"", "+", "-9223372036854775808", "\"n=-9223372036854775808\""},
        {"\"x=\"", "+", "2.5", "\"x=2.5\""},
        {"\"x=\"", "+", "2.0", "\"x=2.0\""},
        {"\"x=\"", "+", "0.1", "\"x=0.1\""},
        {"\"x=\"", "+", "1e300", "\"x=1e+300\""},
        {"\"x=\"", "+", "-0.0", "\"x=-0.0\""},
        {"\"x=\"", "+", "0.30000000000000004", "\"x=0.30000000000000004\""},
        {"\"b=\"", "+", "false", "\"b=false\""},
        {"true", "+", "\"!\"", "\"true!\""},
        {"5", "+", "\"\"", "\"5\""},
        {"\"\"", "+", "\"\"", "\"\""},
        {"\"h\\u00e9\"", "+", "\"llo\"", "\"h\xc3\xa9llo\""},
        {"\"a\"", "+", "null", "!TypeError"},
        {"null", "+", "\"a\"", "!TypeError"},
        {"\"a\"", "+", "[\"b\"]", "!TypeError"},
        {"[1]", "+", "[2]", "!TypeError"},
        {"{}", "+", "{}", "!TypeError"},
        {"true", "+", "true", "!TypeError"},
        {"true", "+", "1", "!TypeError"},
        {"1", "+", "false", "!TypeError"},
        /* - and * */
        {"1", "-", "3", "-2"},
        {"-9223372036854775808", "-", "1", "!ValueError"},
        {"-9223372036854775807", "-", "1", "-9223372036854775808"},
        {"9223372036854775807", "-", "-1", "!ValueError"},
        {"0", "-", "-9223372036854775808", "!ValueError"},
        {"0", "-", "9223372036854775807", "-9223372036854775807"},
        {"2.5", "-", "0.5", "2.0"},
        {"1", "-", "0.5", "0.5"},
        {"\"ab\"", "-", "\"b\"", "!TypeError"},
        {"6", "*", "7", "42"},
        {"-6", "*", "7", "-42"},
        {"4294967296", "*", "4294967296", "!ValueError"},
        {"3037000499", "*", "3037000499", "9223372030926249001"},
        {"3037000500", "*", "3037000500", "!ValueError"},
        {"-9223372036854775808", "*", "-1", "!ValueError"},
        {"-9223372036854775808", "*", "1", "-9223372036854775808"},
        {"4611686018427387904", "*", "2", "!ValueError"},
        {"-4611686018427387904", "*", "2", "-9223372036854775808"},
        {"0", "*", "-9223372036854775808", "0"},
        {"1e200", "*", "1e200", "!ValueError"},
        {"2", "*", "0.5", "1.0"},
        {"\"ab\"", "*", "3", "!TypeError"},
        {"3", "*", "\"ab\"", "!TypeError"},
        {"[1]", "*", "2", "!TypeError"},
        /* / always gives a double */
        {"4", "/", "2", "2.0"},
        {"7", "/", "2", "3.5"},
        {"-7", "/", "2", "-3.5"},
        {"1", "/", "3", "0.3333333333333333"},
        {"1", "/", "0", "!ZeroDivisionError"},
        {"1", "/", "0.0", "!ZeroDivisionError"},
        {"1.5", "/", "0", "!ZeroDivisionError"},
        {"0", "/", "0", "!ZeroDivisionError"},
        {"1", "/", "-0.0", "!ZeroDivisionError"},
        {"1e308", "/", "1e-308", "!ValueError"},
        {"-9223372036854775808", "/", "-1", "9.223372036854776e+18"},
        {"\"4\"", "/", "2", "!TypeError"},
        {"4", "/", "null", "!TypeError"},
        /* // floors toward minus infinity */
        {"7", "//", "2", "3"},
        {"-7", "//", "2", "-4"},
        {"7", "//", "-2", "-4"},
        {"-7", "//", "-2", "3"},
        {"6", "//", "3", "2"},
        {"-6", "//", "3", "-2"},
        {"0", "//", "5", "0"},
        {"1", "//", "0", "!ZeroDivisionError"},
        {"1.0", "//", "0", "!ZeroDivisionError"},
        {"1", "//", "0.0", "!ZeroDivisionError"},
        {"-9223372036854775808", "//", "-1", "!ValueError"},
        {"-9223372036854775808", "//", "1", "-9223372036854775808"},
        {"-9223372036854775808", "//", "2", "-4611686018427387904"},
        {"9223372036854775807", "//", "-1", "-9223372036854775807"},
        {"7.5", "//", "2", "3.0"},
        {"-7.5", "//", "2", "-4.0"},
        {"7", "//", "-2.0", "-4.0"},
        {"-0.5", "//", "1", "-1.0"},
        {"0.5", "//", "-1", "-1.0"},
        {"1", "//", "0.1", "9.0"},
        {"\"7\"", "//", "2", "!TypeError"},
        /* % takes the sign of the divisor */
        {"7", "%", "3", "1"},
        {"-7", "%", "3", "2"},
        {"7", "%", "-3", "-2"},
        {"-7", "%", "-3", "-1"},
        {"6", "%", "3", "0"},
        {"-6", "%", "3", "0"},
        {"1", "%", "0", "!ZeroDivisionError"},
        {"1", "%", "0.0", "!ZeroDivisionError"},
        {"-9223372036854775808", "%", "-1", "0"},
        {"9223372036854775807", "%", "-1", "0"},
        {"-9223372036854775808", "%", "3", "1"},
        {"9223372036854775807", "%", "9223372036854775807", "0"},
        {"5.5", "%", "2", "1.5"},
        {"-5.5", "%", "2", "0.5"},
        {"5.5", "%", "-2", "-0.5"},
        {"-1", "%", "1e300", "1e+300"},
        {"6.0", "%", "3", "0.0"},
        {"-6.0", "%", "3", "0.0"},
        {"6.0", "%", "-3", "-0.0"},
        {"\"7\"", "%", "2", "!TypeError"},
        {"7", "%", "true", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        binary(rows[i][0], rows[i][1], rows[i][2], rows[i][3]);
}

static void test_comparisons(void)
{
    // clang-format off
    static const char *const rows[][4] = {
        {"1", "==", "1.0", "true"},
        {"1.0", "==", "1", "true"},
        {"1", "!=", "1.0", "false"},
        {"0", "==", "-0.0", "true"},
        {"0.0", "==", "-0.0", "true"},
        {"\"5\"", "==", "5", "false"},
        {"5", "==", "\"5\"", "false"},
        {"null", "==", "null", "true"},
        {"null", "==", "false", "false"},
        {"0", "==", "false", "false"},
        {"1", "==", "true", "false"},
        {"\"\"", "==", "null", "false"},
        {"[]", "==", "{}", "false"},
        {"[]", "==", "[]", "true"},
        {"{}", "==", "{}", "true"},
        {"[1,2]", "==", "[1,2]", "true"},
        {"[1,2]", "==", "[2,1]", "false"},
        {"[1,2]", "==", "[1,2,3]", "false"},
        {"[1,[2,3]]", "==", "[1.0,[2,3.0]]", "true"},
        {"{\"a\":1,\"b\":2}", "==", "{\"b\":2,\"a\":1}", "true"},
        {"{\"a\":1,\"b\":2}", "==", "{\"b\":2,\"a\":1.0}", "true"},
        {"{\"a\":1,\"b\":2}", "==", "{\"a\":1,\"c\":2}", "false"},
        {"{\"a\":1,\"b\":2}", "==", "{\"a\":1}", "false"},
        {"{\"a\":1}", "==", "{\"a\":\"1\"}", "false"},
        {"{\"a\":{\"x\":[1,{\"y\":null}]}}", "==", "{\"a\":{\"x\":[1,{\"y\":null}]}}", "true"},
        {"{\"a\":{\"x\":[1,{\"y\":null}]}}", "==", "{\"a\":{\"x\":[1,{\"y\":0}]}}", "false"},
        {"\"abc\"", "==", "\"abc\"", "true"},
        {"\"abc\"", "==", "\"abd\"", "false"},
        {"\"abc\"", "!=", "\"ab\"", "true"},
        {"b'ab'", "==", "b'ab'", "true"},
        {"b'ab'", "==", "\"ab\"", "false"},
        {"9007199254740993", "==", "9007199254740992.0", "false"},
        {"9007199254740992", "==", "9007199254740992.0", "true"},
        {"9223372036854775807", "==", "9223372036854775808.0", "false"},
        {"-9223372036854775808", "==", "-9223372036854775808.0", "true"},
        /* ordering */
        {"1", "<", "2", "true"},
        {"2", "<", "1", "false"},
        {"1", "<", "1", "false"},
        {"1", "<=", "1", "true"},
        {"1", ">", "1", "false"},
        {"1", ">=", "1", "true"},
        {"2", ">", "1", "true"},
        {"1", "<", "1.5", "true"},
        {"1.5", "<", "2", "true"},
        {"2", "<=", "2.0", "true"},
        {"2", ">=", "2.0", "true"},
        {"2", ">", "1.99", "true"},
        {"-1", "<", "-0.5", "true"},
        {"-1", ">", "-1.5", "true"},
        {"9007199254740993", ">", "9007199254740992.0", "true"},
        {"9007199254740992.0", "<", "9007199254740993", "true"},
        {"9223372036854775807", "<", "9223372036854775808.0", "true"},
        {"-9223372036854775808", ">", "-1e19", "true"},
        {"-9223372036854775808", "<", "-9223372036854775807", "true"},
        {"\"a\"", "<", "\"b\"", "true"},
        {"\"b\"", "<", "\"a\"", "false"},
        {"\"a\"", "<", "\"ab\"", "true"},
        {"\"ab\"", "<", "\"a\"", "false"},
        {"\"\"", "<", "\"a\"", "true"},
        {"\"B\"", "<", "\"a\"", "true"},
        {"\"z\"", "<", "\"\\u00e9\"", "true"},
        {"\"\\uffff\"", "<", "\"\\ud83d\\ude00\"", "true"},
        {"\"abc\"", "<=", "\"abc\"", "true"},
        {"\"abc\"", ">", "\"abb\"", "true"},
        {"\"abc\"", ">=", "\"abd\"", "false"},
        {"\"1\"", "<", "2", "!TypeError"},
        {"1", "<", "\"2\"", "!TypeError"},
        {"true", "<", "false", "!TypeError"},
        {"false", ">", "true", "!TypeError"},
        {"null", "<", "null", "!TypeError"},
        {"null", "<=", "1", "!TypeError"},
        {"[1]", "<", "[2]", "!TypeError"},
        {"{}", ">", "{}", "!TypeError"},
        {"b'a'", "<", "b'b'", "!TypeError"},
        {"[1]", ">=", "1", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        binary(rows[i][0], rows[i][1], rows[i][2], rows[i][3]);
}

static void test_in(void)
{
    // clang-format off
    static const char *const rows[][4] = {
        {"\"a\"", "in", "{\"a\":null}", "true"},
        {"\"b\"", "in", "{\"a\":1}", "false"},
        {"\"A\"", "in", "{\"a\":1}", "false"},
        {"\"\"", "in", "{\"\":1}", "true"},
        {"\"a\"", "in", "{}", "false"},
        {"1", "in", "{\"1\":1}", "false"},
        {"null", "in", "{\"null\":1}", "false"},
        {"1", "in", "[1,2,3]", "true"},
        {"4", "in", "[1,2,3]", "false"},
        {"1.0", "in", "[1,2,3]", "true"},
        {"2", "in", "[1.0,2.0]", "true"},
        {"\"1\"", "in", "[1]", "false"},
        {"null", "in", "[null]", "true"},
        {"null", "in", "[]", "false"},
        {"[1]", "in", "[[1],[2]]", "true"},
        {"{\"a\":1}", "in", "[{\"a\":1.0}]", "true"},
        {"\"a\"", "in", "[\"b\",\"a\"]", "true"},
        {"\"ab\"", "in", "\"xaby\"", "!TypeError"},
        {"1", "in", "1", "!TypeError"},
        {"1", "in", "null", "!TypeError"},
        {"true", "in", "true", "!TypeError"},
        {"\"a\"", "in", "b'a'", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        binary(rows[i][0], rows[i][1], rows[i][2], rows[i][3]);

    /* The official message. */
    wfrt_val out, n = wfrt_null(), s = wfrt_string_cstr("x");
    check_true(!wfrt_op_in(s, n, &out), "in null fails");
    wfrt_val err = wfrt_error_take();
    char *got = show(err);
    unit_check(strcmp(got, "{\"message\":\"The argument of 'in' must be a dict or an array; got: "
                           "null\",\"tags\":[\"TypeError\"]}") == 0,
               got, "in null: the official message");
    free(got);
    wfrt_release(err);
    wfrt_release(s);
}

static void test_unary(void)
{
    // clang-format off
    static const char *const neg[][2] = {
        {"1", "-1"},
        {"-1", "1"},
        {"0", "0"},
        {"9223372036854775807", "-9223372036854775807"},
        {"-9223372036854775807", "9223372036854775807"},
        {"-9223372036854775808", "!ValueError"},
        {"1.5", "-1.5"},
        {"0.0", "-0.0"},
        {"-0.0", "0.0"},
        {"\"1\"", "!TypeError"},
        {"true", "!TypeError"},
        {"null", "!TypeError"},
        {"[1]", "!TypeError"},
        {"{}", "!TypeError"},
        {"b'1'", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++) {
        wfrt_val x = V(neg[i][0]), out = wfrt_null();
        JUDGE(wfrt_op_neg(x, &out), out, neg[i][1], "-%s", neg[i][0]);
        wfrt_release(x);
    }
    // clang-format off
    static const char *const nots[][2] = {
        {"true", "false"}, {"false", "true"}, {"null", "!TypeError"}, {"0", "!TypeError"},
        {"1", "!TypeError"}, {"\"\"", "!TypeError"}, {"\"true\"", "!TypeError"},
        {"[]", "!TypeError"}, {"{}", "!TypeError"}, {"0.0", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof nots / sizeof nots[0]; i++) {
        wfrt_val x = V(nots[i][0]), out = wfrt_null();
        JUDGE(wfrt_op_not(x, &out), out, nots[i][1], "not %s", nots[i][0]);
        wfrt_release(x);
    }
    /* No truthiness: conditions must be booleans. */
    // clang-format off
    static const char *const truth[][2] = {
        {"true", "true"},        {"false", "false"},     {"null", "!TypeError"},
        {"0", "!TypeError"},     {"1", "!TypeError"},    {"\"\"", "!TypeError"},
        {"\"x\"", "!TypeError"}, {"[]", "!TypeError"},   {"[true]", "!TypeError"},
        {"{}", "!TypeError"},    {"1.0", "!TypeError"},  {"b''", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof truth / sizeof truth[0]; i++) {
        wfrt_val x = V(truth[i][0]);
        bool b = false;
        bool ok = wfrt_truth(x, &b);
        judge(ok, wfrt_bool(b), truth[i][1], "truth %s", truth[i][0]);
        wfrt_release(x);
    }
}

/* ---- fields and indexes ---- */

static void test_access(void)
{
    // clang-format off
    static const char *const fields[][3] = {
        {"{\"a\":1}", "a", "1"},
        {"{\"a\":{\"b\":[1]}}", "a", "{\"b\":[1]}"},
        {"{\"a\":null}", "a", "null"},
        {"{\"a\":1}", "b", "!KeyError"},
        {"{\"a\":1}", "A", "!KeyError"},
        {"{}", "a", "!KeyError"},
        {"null", "a", "!TypeError"},
        {"[1]", "a", "!TypeError"},
        {"\"abc\"", "a", "!TypeError"},
        {"1", "a", "!TypeError"},
        {"true", "a", "!TypeError"},
        {"b'a'", "a", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        wfrt_val x = V(fields[i][0]), out = wfrt_null();
        JUDGE(wfrt_get_field(x, fields[i][1], &out), out, fields[i][2], "%s.%s", fields[i][0],
              fields[i][1]);
        wfrt_release(x);
    }
    // clang-format off
    static const char *const index[][3] = {
        {"[10,20,30]", "0", "10"},
        {"[10,20,30]", "2", "30"},
        {"[10,20,30]", "3", "!IndexError"},
        {"[10,20,30]", "-1", "!IndexError"},
        {"[10,20,30]", "-4", "!IndexError"},
        {"[10,20,30]", "9223372036854775807", "!IndexError"},
        {"[10,20,30]", "-9223372036854775808", "!IndexError"},
        {"[]", "0", "!IndexError"},
        {"[10,20,30]", "1.0", "!TypeError"},
        {"[10,20,30]", "\"1\"", "!TypeError"},
        {"[10,20,30]", "null", "!TypeError"},
        {"[10,20,30]", "true", "!TypeError"},
        {"{\"a\":1,\"b\":2}", "\"b\"", "2"},
        {"{\"a\":1}", "\"c\"", "!KeyError"},
        {"{\"1\":1}", "1", "!TypeError"},
        {"{\"a\":1}", "null", "!TypeError"},
        {"{\"my-key\":5}", "\"my-key\"", "5"},
        {"{\"\":0}", "\"\"", "0"},
        {"\"abc\"", "0", "!TypeError"},
        {"null", "0", "!TypeError"},
        {"1", "0", "!TypeError"},
        {"b'abc'", "0", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof index / sizeof index[0]; i++) {
        wfrt_val x = V(index[i][0]), k = V(index[i][1]), out = wfrt_null();
        JUDGE(wfrt_get_index(x, k, &out), out, index[i][2], "%s[%s]", index[i][0], index[i][1]);
        wfrt_release(x);
        wfrt_release(k);
    }
    /* Keys with a NUL byte go through [] whole. */
    wfrt_val m = wfrt_map_new(0), k = wfrt_string("a\0b", 3), out = wfrt_null();
    wfrt_map_set(&m, wfrt_retain(k), wfrt_int(7));
    JUDGE(wfrt_get_index(m, k, &out), out, "7", "key with NUL");
    JUDGE(wfrt_get_field(m, "a", &out), out, "!KeyError", "key with NUL is not its prefix");
    wfrt_release(k);
    wfrt_release(m);
}

static void test_assign(void)
{
    // clang-format off
    static const char *const fields[][4] = {
        {"{\"a\":1}", "a", "2", "{\"a\":2}"},
        {"{\"a\":1}", "b", "2", "{\"a\":1,\"b\":2}"},
        {"{\"a\":1,\"b\":2}", "a", "null", "{\"a\":null,\"b\":2}"},
        {"{}", "x", "[1]", "{\"x\":[1]}"},
        {"null", "a", "1", "!TypeError"},
        {"[1]", "a", "1", "!TypeError"},
        {"\"s\"", "a", "1", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        wfrt_val x = V(fields[i][0]);
        bool ok = wfrt_set_field(&x, fields[i][1], V(fields[i][2]));
        judge(ok, ok ? wfrt_retain(x) : wfrt_null(), fields[i][3], "%s.%s = %s", fields[i][0],
              fields[i][1], fields[i][2]);
        wfrt_release(x);
    }
    // clang-format off
    static const char *const index[][4] = {
        {"[1,2,3]", "0", "9", "[9,2,3]"},
        {"[1,2,3]", "2", "\"x\"", "[1,2,\"x\"]"},
        {"[1,2,3]", "3", "9", "!IndexError"},
        {"[1,2,3]", "-1", "9", "!IndexError"},
        {"[]", "0", "9", "!IndexError"},
        {"[1,2,3]", "1.0", "9", "!TypeError"},
        {"[1,2,3]", "\"1\"", "9", "!TypeError"},
        {"{\"a\":1}", "\"a\"", "2", "{\"a\":2}"},
        {"{\"a\":1}", "\"b\"", "2", "{\"a\":1,\"b\":2}"},
        {"{\"a\":1}", "1", "2", "!TypeError"},
        {"null", "0", "2", "!TypeError"},
        {"\"abc\"", "0", "\"x\"", "!TypeError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof index / sizeof index[0]; i++) {
        wfrt_val x = V(index[i][0]), k = V(index[i][1]);
        bool ok = wfrt_set_index(&x, k, V(index[i][2]));
        judge(ok, ok ? wfrt_retain(x) : wfrt_null(), index[i][3], "%s[%s] = %s", index[i][0],
              index[i][1], index[i][2]);
        wfrt_release(x);
        wfrt_release(k);
    }
    /* On failure the target is unchanged. */
    wfrt_val l = V("[1,2]"), k = wfrt_int(5);
    JUDGE(wfrt_set_index(&l, k, V("3")), wfrt_null(), "!IndexError", "failed set: error");
    judge(true, wfrt_retain(l), "[1,2]", "failed set: target unchanged");
    wfrt_release(l);
}

/* ---- copy on write and ownership ---- */

static uint32_t refs(wfrt_val v)
{
    return __atomic_load_n(&v.u.o->refs, __ATOMIC_RELAXED);
}

static void expect_shown(wfrt_val v, const char *want, const char *name)
{
    judge(true, wfrt_retain(v), want, "%s", name);
}

static void test_copy_on_write(void)
{
    /* b = a; b.push leaves a */
    wfrt_val a = V("[1,2]"), b = wfrt_retain(a);
    check_true(refs(a) == 2, "retain counts");
    wfrt_list_push(&b, wfrt_int(3));
    expect_shown(a, "[1,2]", "cow push: a unchanged");
    expect_shown(b, "[1,2,3]", "cow push: b changed");
    check_true(a.u.o != b.u.o && refs(a) == 1 && refs(b) == 1, "cow push: two lists");
    /* an unshared list is changed in place */
    wfrt_obj *before = b.u.o;
    wfrt_list_push(&b, wfrt_int(4));
    check_true(b.u.o == before, "push on an unshared list keeps it");
    wfrt_release(a);
    wfrt_release(b);

    /* maps: set, remove, set_field, set_index */
    a = V("{\"x\":1,\"y\":2}");
    b = wfrt_retain(a);
    wfrt_map_set(&b, wfrt_string_cstr("x"), wfrt_int(10));
    expect_shown(a, "{\"x\":1,\"y\":2}", "cow map_set: a unchanged");
    expect_shown(b, "{\"x\":10,\"y\":2}", "cow map_set: b changed, key keeps its place");
    wfrt_release(b);
    b = wfrt_retain(a);
    check_true(wfrt_map_remove(&b, "x", 1), "cow map_remove: removed");
    expect_shown(a, "{\"x\":1,\"y\":2}", "cow map_remove: a unchanged");
    expect_shown(b, "{\"y\":2}", "cow map_remove: b changed");
    wfrt_release(b);
    b = wfrt_retain(a);
    check_true(!wfrt_map_remove(&b, "zz", 2), "map_remove of a missing key");
    check_true(b.u.o == a.u.o, "map_remove of a missing key copies nothing");
    wfrt_release(b);
    b = wfrt_retain(a);
    check_true(wfrt_set_field(&b, "z", wfrt_int(3)), "cow set_field");
    expect_shown(a, "{\"x\":1,\"y\":2}", "cow set_field: a unchanged");
    expect_shown(b, "{\"x\":1,\"y\":2,\"z\":3}", "cow set_field: b changed");
    wfrt_release(b);
    b = wfrt_retain(a);
    wfrt_val key = wfrt_string_cstr("y");
    check_true(wfrt_set_index(&b, key, wfrt_string_cstr("s")), "cow set_index map");
    wfrt_release(key);
    expect_shown(a, "{\"x\":1,\"y\":2}", "cow set_index map: a unchanged");
    expect_shown(b, "{\"x\":1,\"y\":\"s\"}", "cow set_index map: b changed");
    wfrt_release(b);
    wfrt_release(a);

    a = V("[1,[2,3]]");
    b = wfrt_retain(a);
    check_true(wfrt_set_index(&b, wfrt_int(0), wfrt_int(9)), "cow set_index list");
    expect_shown(a, "[1,[2,3]]", "cow set_index list: a unchanged");
    expect_shown(b, "[9,[2,3]]", "cow set_index list: b changed");
    check_true(wfrt_list_at(a, 1).u.o == wfrt_list_at(b, 1).u.o, "cow copies shallowly");

    /* nested: b[1][0] = 7 through the slots leaves a and its inner list */
    wfrt_val *inner = wfrt_list_slot(&b, 1);
    check_true(wfrt_set_index(inner, wfrt_int(0), wfrt_int(7)), "cow nested set");
    expect_shown(a, "[1,[2,3]]", "cow nested: a unchanged");
    expect_shown(b, "[9,[7,3]]", "cow nested: b changed");
    wfrt_release(a);
    wfrt_release(b);

    a = V("{\"x\":{\"y\":1}}");
    b = wfrt_retain(a);
    wfrt_val *x = wfrt_map_slot(&b, "x", 1);
    check_true(x && wfrt_set_field(x, "y", wfrt_int(2)), "cow nested map set");
    expect_shown(a, "{\"x\":{\"y\":1}}", "cow nested map: a unchanged");
    expect_shown(b, "{\"x\":{\"y\":2}}", "cow nested map: b changed");
    check_true(wfrt_map_slot(&b, "nope", 4) == NULL, "map_slot of a missing key");
    wfrt_release(a);
    wfrt_release(b);

    /* a list that holds itself is a copy, not a cycle */
    a = V("[1]");
    wfrt_list_push(&a, wfrt_retain(a));
    expect_shown(a, "[1,[1]]", "push a list onto itself");
    wfrt_release(a);
    a = V("{\"k\":1}");
    check_true(wfrt_set_field(&a, "self", wfrt_retain(a)), "set a map into itself");
    expect_shown(a, "{\"k\":1,\"self\":{\"k\":1}}", "set a map into itself: a copy");
    wfrt_release(a);

    /* scalars: retain and release do nothing */
    wfrt_release(wfrt_retain(wfrt_int(1)));
    wfrt_release(wfrt_retain(wfrt_null()));
    wfrt_release(wfrt_absent());
    check_true(true, "retain and release of scalars");

    /* strings shared by reference */
    wfrt_val s = wfrt_string_cstr("shared");
    wfrt_val t = wfrt_retain(s);
    check_true(refs(s) == 2 && s.u.o == t.u.o, "strings are shared");
    wfrt_release(t);
    check_true(refs(s) == 1, "release counts");
    wfrt_release(s);
}

static void test_strings(void)
{
    static const struct {
        const char *s;
        size_t bytes, chars;
    } rows[] = {
        {"", 0, 0},
        {"hello", 5, 5},
        {"h\xc3\xa9llo", 6, 5},
        {"\xe6\x97\xa5\xe6\x9c\xac", 6, 2},
        {"\xf0\x9f\x98\x80", 4, 1},
        {"a\xf0\x9f\x98\x80z", 6, 3},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        wfrt_val s = wfrt_string_cstr(rows[i].s);
        unit_check(wfrt_str_len(s) == rows[i].bytes && wfrt_str_chars(s) == rows[i].chars &&
                       wfrt_str_data(s)[rows[i].bytes] == '\0',
                   "wrong length", "string %zu: %zu bytes, %zu code points", i, rows[i].bytes,
                   rows[i].chars);
        wfrt_release(s);
    }
    wfrt_val s = wfrt_string("a\0b", 3);
    check_true(wfrt_str_len(s) == 3 && memcmp(wfrt_str_data(s), "a\0b", 4) == 0, "string with NUL");
    wfrt_release(s);
    s = wfrt_string_printf("%d-%s-%.1f", 42, "x", 2.5);
    check_true(strcmp(wfrt_str_data(s), "42-x-2.5") == 0 && wfrt_str_len(s) == 8, "string_printf");
    wfrt_release(s);
    s = wfrt_string_printf("%s", "");
    check_true(wfrt_str_len(s) == 0, "string_printf empty");
    wfrt_release(s);
    wfrt_val b = wfrt_bytes("\x00\xff", 2);
    check_true(b.type == WFRT_BYTES && wfrt_str_len(b) == 2 &&
                   (unsigned char)wfrt_str_data(b)[1] == 0xff,
               "bytes");
    wfrt_release(b);
    /* + keeps the code point count */
    wfrt_val x = wfrt_string_cstr("h\xc3\xa9"), y = wfrt_string_cstr("\xf0\x9f\x98\x80"),
             out = wfrt_null();
    check_true(wfrt_op_add(x, y, &out) && wfrt_str_chars(out) == 3 && wfrt_str_len(out) == 7,
               "concat counts code points");
    wfrt_release(out);
    wfrt_val n = wfrt_int(12);
    check_true(wfrt_op_add(x, n, &out) && wfrt_str_chars(out) == 4, "concat with a number");
    wfrt_release(out);
    wfrt_release(x);
    wfrt_release(y);
    /* the limit on string size */
    char *big = malloc(WFRT_MAX_STRING_BYTES);
    memset(big, 'a', WFRT_MAX_STRING_BYTES);
    x = wfrt_string(big, WFRT_MAX_STRING_BYTES - 1);
    y = wfrt_string("b", 1);
    out = wfrt_null();
    bool ok = wfrt_op_add(x, y, &out);
    check_true(ok && wfrt_str_len(out) == WFRT_MAX_STRING_BYTES, "string at the size limit");
    wfrt_release(out);
    if (!ok)
        wfrt_release(wfrt_error_take());
    wfrt_release(y);
    y = wfrt_string("bc", 2);
    JUDGE(wfrt_op_add(x, y, &out), wfrt_null(), "!ResourceLimitError", "string past the limit");
    wfrt_release(x);
    wfrt_release(y);
    free(big);
}

static void test_lists_and_maps(void)
{
    wfrt_val l = wfrt_list_new(0);
    for (int i = 0; i < 1000; i++)
        wfrt_list_push(&l, wfrt_int(i));
    bool ok = wfrt_list_len(l) == 1000;
    for (int i = 0; i < 1000; i++)
        ok = ok && wfrt_list_at(l, (size_t)i).u.i == i;
    check_true(ok, "list of 1000 items");
    wfrt_release(l);

    /* a big map: insertion order, lookups through the index, removals */
    wfrt_val m = wfrt_map_new(0);
    char key[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "k%d", (i * 7919) % 2000);
        wfrt_map_set(&m, wfrt_string_cstr(key), wfrt_int(i));
    }
    ok = wfrt_map_len(m) == 2000;
    for (int i = 0; i < 2000 && ok; i++) {
        snprintf(key, sizeof key, "k%d", (i * 7919) % 2000);
        const wfrt_val *v = wfrt_map_find(m, key, strlen(key));
        ok = v && v->u.i == i && strcmp(wfrt_str_data(wfrt_map_key_at(m, (size_t)i)), key) == 0;
    }
    check_true(ok, "map of 2000 keys: order and lookups");
    check_true(!wfrt_map_find(m, "k2000", 5) && !wfrt_map_find(m, "", 0), "map: missing keys");
    /* overwrite keeps position */
    wfrt_map_set(&m, wfrt_string_cstr("k0"), wfrt_string_cstr("zero"));
    check_true(wfrt_map_len(m) == 2000 && wfrt_map_value_at(m, 0).type == WFRT_STRING,
               "map: overwrite keeps the position");
    for (int i = 0; i < 2000; i += 2) {
        snprintf(key, sizeof key, "k%d", i);
        ok = ok && wfrt_map_remove(&m, key, strlen(key));
    }
    check_true(ok && wfrt_map_len(m) == 1000, "map: remove half");
    ok = true;
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        const wfrt_val *v = wfrt_map_find(m, key, strlen(key));
        ok = ok && ((i % 2 == 0) == (v == NULL));
    }
    for (size_t i = 1; i < wfrt_map_len(m); i++)
        ok = ok && wfrt_map_value_at(m, i - 1).u.i < wfrt_map_value_at(m, i).u.i;
    check_true(ok, "map: lookups and order after removals");
    /* equal to the same keys inserted in another order */
    wfrt_val m2 = wfrt_map_new(0);
    for (size_t i = wfrt_map_len(m); i-- > 0;)
        wfrt_map_set(&m2, wfrt_retain(wfrt_map_key_at(m, i)), wfrt_retain(wfrt_map_value_at(m, i)));
    check_true(wfrt_equal(m, m2) && wfrt_equal(m2, m), "big maps equal in any order");
    wfrt_map_set(&m2, wfrt_string_cstr("k1"), wfrt_int(-1));
    check_true(!wfrt_equal(m, m2), "big maps differ in one value");
    wfrt_release(m2);
    wfrt_release(m);

    /* small maps, around the index threshold */
    for (int n = 0; n <= 20; n++) {
        m = wfrt_map_new(0);
        for (int i = 0; i < n; i++) {
            snprintf(key, sizeof key, "%c", 'a' + i);
            wfrt_map_set(&m, wfrt_string_cstr(key), wfrt_int(i));
        }
        wfrt_val c = wfrt_retain(m);
        if (n > 0)
            wfrt_map_remove(&c, "a", 1);
        ok = wfrt_map_len(m) == (size_t)n && wfrt_map_len(c) == (size_t)(n ? n - 1 : 0);
        for (int i = 0; i < n; i++) {
            snprintf(key, sizeof key, "%c", 'a' + i);
            const wfrt_val *v = wfrt_map_find(m, key, 1), *w = wfrt_map_find(c, key, 1);
            ok = ok && v && v->u.i == i && ((i == 0) == (w == NULL));
        }
        unit_check(ok, "lookup failed", "map of %d keys and its copy", n);
        wfrt_release(c);
        wfrt_release(m);
    }
}

static void test_sizes_and_names(void)
{
    static const struct {
        const char *v;
        size_t size;
    } rows[] = {
        {"null", 8},
        {"true", 8},
        {"1", 8},
        {"1.5", 8},
        {"\"\"", 8},
        {"\"abc\"", 11},
        {"\"\\u00e9\"", 10},
        {"b'abcd'", 12},
        {"[]", 8},
        {"[1,\"ab\"]", 26},
        {"{}", 8},
        {"{\"a\":1}", 25},
        {"{\"ab\":[1,2]}", 8 + 10 + 24},
        {"[[[[]]]]", 32},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        wfrt_val v = V(rows[i].v);
        size_t got = wfrt_size_of(v);
        char why[64];
        snprintf(why, sizeof why, "got %zu", got);
        unit_check(got == rows[i].size, why, "size_of %s = %zu", rows[i].v, rows[i].size);
        wfrt_release(v);
    }
    // clang-format off
    static const char *const names[][2] = {
        {"null", "null"},    {"true", "boolean"}, {"1", "integer"}, {"1.0", "double"},
        {"\"s\"", "string"}, {"b's'", "bytes"},   {"[]", "list"},   {"{}", "map"},
    };
    // clang-format on
    for (size_t i = 0; i < 8; i++) {
        wfrt_val v = V(names[i][0]);
        unit_check(strcmp(wfrt_type_name(v), names[i][1]) == 0, wfrt_type_name(v), "type_name %s",
                   names[i][0]);
        wfrt_release(v);
    }
}

/* ---- errors ---- */

/* The size by the formula, walking the value afresh (no remembered
 * sizes): what wfrt_size_of must answer. */
static size_t size_afresh(wfrt_val v)
{
    switch (v.type) {
    case WFRT_ABSENT:
        return 0;
    case WFRT_STRING:
    case WFRT_BYTES:
        return 8 + wfrt_str_len(v);
    case WFRT_LIST: {
        size_t n = 8;
        for (size_t i = 0; i < wfrt_list_len(v); i++)
            n += size_afresh(wfrt_list_at(v, i));
        return n;
    }
    case WFRT_MAP: {
        size_t n = 8;
        for (size_t i = 0; i < wfrt_map_len(v); i++)
            n += size_afresh(wfrt_map_key_at(v, i)) + size_afresh(wfrt_map_value_at(v, i));
        return n;
    }
    default:
        return 8;
    }
}

static uint32_t rand_state = 12345;

static uint32_t rand_below(uint32_t n)
{
    rand_state = rand_state * 1103515245u + 12345u;
    return (rand_state >> 8) % n;
}

/* One of a few values, containers included, to store. */
static wfrt_val rand_value(void)
{
    static const char *const values[] = {
        "1", "null", "\"\"", "\"abcdef\"", "[]", "[1, [2, \"x\"]]", "{}", "{\"k\": {\"j\": [1]}}",
    };
    return V(values[rand_below(sizeof values / sizeof values[0])]);
}

/* A path of subscripts into `root` that exists (up to 3 deep) and ends at
 * a container; returns its length. */
static size_t rand_path(wfrt_val root, wfrt_val *path)
{
    size_t n = 0;
    wfrt_val c = root;
    while (n < 3 && rand_below(2)) {
        size_t len = c.type == WFRT_LIST ? wfrt_list_len(c) : wfrt_map_len(c);
        if (len == 0)
            break;
        size_t i = rand_below((uint32_t)len);
        wfrt_val item = c.type == WFRT_LIST ? wfrt_list_at(c, i) : wfrt_map_value_at(c, i);
        if (item.type != WFRT_LIST && item.type != WFRT_MAP)
            break;
        path[n++] = c.type == WFRT_LIST ? wfrt_int((int64_t)i) : wfrt_retain(wfrt_map_key_at(c, i));
        c = item;
    }
    return n;
}

/* Random changes to two variables (through wfrt_var_*, with copies taken
 * and dropped along the way): after each, the size every container
 * remembers is the one a fresh walk finds, and the memory of the
 * variables is the sum of their sizes; once released, nothing. */
static void test_remembered_sizes(void)
{
    size_t base = wfrt_memory_used();
    wfrt_val vars[2];
    wfrt_slots_init(vars, 2);
    wfrt_val keep = wfrt_null(); /* a copy that shares containers */
    bool ok = true;
    int step;
    for (step = 0; step < 4000 && ok; step++) {
        wfrt_val *var = &vars[rand_below(2)];
        if (var->type != WFRT_MAP && var->type != WFRT_LIST) {
            ok = wfrt_var_put(var, rand_value());
            continue;
        }
        wfrt_val path[4];
        size_t n = rand_path(*var, path);
        wfrt_val c = *var;
        for (size_t k = 0; k < n; k++) {
            wfrt_val item;
            wfrt_get_index(c, path[k], &item);
            wfrt_release(item);
            c = item; /* still held by its container */
        }
        size_t len = c.type == WFRT_LIST ? wfrt_list_len(c) : wfrt_map_len(c);
        char key[8];
        snprintf(key, sizeof key, "k%u", (unsigned)rand_below(4));
        path[n] = c.type == WFRT_LIST ? wfrt_int(len ? (int64_t)rand_below((uint32_t)len) : 0)
                                      : wfrt_string_cstr(key);
        switch (rand_below(6)) {
        case 0:
            if (c.type == WFRT_MAP || len > 0)
                ok = wfrt_var_set_path(var, path, n + 1, rand_value());
            break;
        case 1:
            if (n == 0 && c.type == WFRT_LIST) {
                wfrt_val item = rand_value();
                ok = wfrt_var_append(var, item);
                wfrt_release(item);
            }
            break;
        case 2:
            if (n == 0 && c.type == WFRT_MAP)
                ok = wfrt_var_set_field(var, key, rand_value());
            break;
        case 3:
            wfrt_put(&keep, wfrt_retain(*var));
            break;
        case 4:
            if (n == 0 && c.type == WFRT_MAP) { /* map.delete */
                wfrt_val m = wfrt_retain(*var);
                wfrt_map_remove(&m, key, strlen(key));
                ok = wfrt_var_put(var, m);
            }
            break;
        default:
            wfrt_var_clear(var);
            break;
        }
        for (size_t k = 0; k <= n; k++)
            wfrt_release(path[k]);
        size_t want = size_afresh(vars[0]) + size_afresh(vars[1]);
        ok = ok && wfrt_size_of(vars[0]) == size_afresh(vars[0]) &&
             wfrt_size_of(vars[1]) == size_afresh(vars[1]) &&
             wfrt_size_of(keep) == size_afresh(keep);
        ok = ok && wfrt_memory_used() - base == want;
    }
    unit_check(ok, "a remembered size or the sum went wrong", "random changes (step %d)", step);
    wfrt_frame_release(vars, 2, 2);
    wfrt_release(keep);
    check_true(wfrt_memory_used() == base, "a released frame leaves the memory of variables");
}

static void test_errors(void)
{
    check_true(!wfrt_error_pending(), "no error pending at first");
    wfrt_val none = wfrt_error_take();
    check_true(none.type == WFRT_NULL, "take without an error gives null");
    check_true(!wfrt_fail(WFRT_TAG_KEY, "key %s: %d", "k", 3), "fail returns false");
    check_true(wfrt_error_pending(), "error pending after fail");
    wfrt_val err = wfrt_error_take();
    check_true(!wfrt_error_pending(), "take clears");
    expect_shown(err, "{\"message\":\"key k: 3\",\"tags\":[\"KeyError\"]}", "fail builds the map");
    check_true(wfrt_error_has_tag(err, "KeyError"), "has_tag");
    check_true(!wfrt_error_has_tag(err, "Key"), "has_tag: whole tag only");
    check_true(!wfrt_error_has_tag(err, "TypeError"), "has_tag: other tag");
    wfrt_release(err);

    /* a raised value of any shape */
    wfrt_fail_value(V("\"oops\""));
    err = wfrt_error_take();
    expect_shown(err, "\"oops\"", "fail_value string");
    check_true(!wfrt_error_has_tag(err, "oops"), "has_tag on a string");
    wfrt_release(err);
    wfrt_fail_value(V("{\"tags\":[\"A\",\"B\"],\"code\":404}"));
    err = wfrt_error_take();
    check_true(wfrt_error_has_tag(err, "B") && wfrt_error_has_tag(err, "A"), "several tags");
    wfrt_release(err);
    wfrt_fail_value(V("{\"tags\":\"A\"}"));
    err = wfrt_error_take();
    check_true(!wfrt_error_has_tag(err, "A"), "tags not a list");
    wfrt_release(err);
    wfrt_fail_value(V("{\"message\":\"no tags\"}"));
    err = wfrt_error_take();
    check_true(!wfrt_error_has_tag(err, "A"), "no tags");
    wfrt_release(err);

    /* a second failure replaces the first (which is released) */
    wfrt_fail(WFRT_TAG_TYPE, "first");
    wfrt_fail(WFRT_TAG_VALUE, "second");
    err = wfrt_error_take();
    expect_shown(err, "{\"message\":\"second\",\"tags\":[\"ValueError\"]}", "second error wins");
    wfrt_release(err);

    /* out parameters untouched on failure */
    wfrt_val out = wfrt_int(99), a = wfrt_int(1), z = wfrt_int(0);
    wfrt_op_div(a, z, &out);
    check_true(out.type == WFRT_INT && out.u.i == 99, "out untouched on failure");
    wfrt_release(wfrt_error_take());
}

static void *thread_error(void *arg)
{
    (void)arg;
    bool clean = !wfrt_error_pending();
    wfrt_fail(WFRT_TAG_TIMEOUT, "in a thread");
    wfrt_val err = wfrt_error_take();
    clean = clean && wfrt_error_has_tag(err, "TimeoutError");
    wfrt_release(err);
    return clean ? arg : NULL;
}

struct share {
    wfrt_val v;
    int rounds;
};

static void *thread_refs(void *arg)
{
    struct share *s = arg;
    for (int i = 0; i < s->rounds; i++) {
        wfrt_val mine = wfrt_retain(s->v);
        wfrt_list_push(&mine, wfrt_int(i)); /* always a private copy */
        wfrt_release(mine);
    }
    return NULL;
}

static void test_threads(void)
{
    wfrt_fail(WFRT_TAG_KEY, "main thread");
    pthread_t t;
    static int token;
    void *res = NULL;
    pthread_create(&t, NULL, thread_error, &token);
    pthread_join(t, &res);
    check_true(res == &token, "the pending error is per thread");
    wfrt_val err = wfrt_error_take();
    check_true(wfrt_error_has_tag(err, "KeyError"), "the main thread keeps its error");
    wfrt_release(err);

    struct share s = {V("[1,2,3]"), 20000};
    pthread_t ts[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&ts[i], NULL, thread_refs, &s);
    for (int i = 0; i < 4; i++)
        pthread_join(ts[i], NULL);
    check_true(refs(s.v) == 1 && wfrt_list_len(s.v) == 3, "atomic counts across threads");
    wfrt_release(s.v);
}

/* ---- JSON ---- */

/* text decoded then encoded compactly gives `want` ("!ValueError" for a
 * failure). */
static void json_case(const char *text, size_t len, const char *want, const char *name)
{
    char *copy = malloc(len ? len : 1); /* exact size: ASan sees a read past len */
    memcpy(copy, text, len);
    wfrt_val v = wfrt_null();
    bool ok = wfrt_json_decode(copy, len, &v);
    free(copy);
    judge(ok, v, want, "json %s", name);
}

static void json_row(const char *text, const char *want)
{
    json_case(text, strlen(text), want, text);
}

static void test_json_decode(void)
{
    // clang-format off
    static const char *const rows[][2] = {
        /* numbers: integers keep 64 bits, doubles stay doubles */
        {"0", "0"},
        {"-0", "0"},
        {"42", "42"},
        {"-42", "-42"},
        {"9223372036854775807", "9223372036854775807"},
        {"-9223372036854775808", "-9223372036854775808"},
        {"9223372036854775808", "!ValueError"},
        {"-9223372036854775809", "!ValueError"},
        {"18446744073709551616", "!ValueError"},
        {"123456789012345678901234567890", "!ValueError"},
        {"1.0", "1.0"},
        {"-1.0", "-1.0"},
        {"0.1", "0.1"},
        {"-0.0", "-0.0"},
        {"0.0", "0.0"},
        {"1e300", "1e+300"},
        {"1E300", "1e+300"},
        {"1e+2", "100.0"},
        {"1e-2", "0.01"},
        {"2.5e3", "2500.0"},
        {"1e400", "!ValueError"},
        {"-1e400", "!ValueError"},
        {"1e-400", "0.0"},
        {"5e-324", "5e-324"},
        {"1.7976931348623157e308", "1.7976931348623157e+308"},
        {"0.30000000000000004", "0.30000000000000004"},
        {"9007199254740993", "9007199254740993"},
        {"9007199254740993.0", "9007199254740992.0"},
        {"123456789.125", "123456789.125"},
        {"1e15", "1e+15"},
        {"100000000000000000000.0", "1e+20"},
        {"3.141592653589793", "3.141592653589793"},
        {"1.00000000000000000000000000000001", "1.0"},
        {"0.000000000000000000000000000000000000000000000000000000000000000000000000000001",
         "1e-78"},
        {"01", "!ValueError"},
        {"00", "!ValueError"},
        {"-", "!ValueError"},
        {"+1", "!ValueError"},
        {"1.", "!ValueError"},
        {".5", "!ValueError"},
        {"1.e5", "!ValueError"},
        {"1e", "!ValueError"},
        {"1e+", "!ValueError"},
        {"0x10", "!ValueError"},
        {"Infinity", "!ValueError"},
        {"-Infinity", "!ValueError"},
        {"NaN", "!ValueError"},
        {"1 2", "!ValueError"},
        {"--1", "!ValueError"},
        {"- 1", "!ValueError"},
        /* literals */
        {"true", "true"},
        {"false", "false"},
        {"null", "null"},
        {"True", "!ValueError"},
        {"nul", "!ValueError"},
        {"nulll", "!ValueError"},
        {"truefalse", "!ValueError"},
        /* strings and escapes */
        {"\"\"", "\"\""},
        {"\"abc\"", "\"abc\""},
        {"\"a\\\"b\"", "\"a\\\"b\""},
        {"\"\\\\\"", "\"\\\\\""},
        {"\"\\/\"", "\"/\""},
        {"\"\\b\\f\\n\\r\\t\"", "\"\\b\\f\\n\\r\\t\""},
        {"\"\\u0041\"", "\"A\""},
        {"\"\\u00e9\"", "\"\xc3\xa9\""},
        {"\"\\u00E9\"", "\"\xc3\xa9\""},
        {"\"\\u65e5\\u672c\"", "\"\xe6\x97\xa5\xe6\x9c\xac\""},
        {"\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\""},
        {"\"\\uD83D\\uDE00\"", "\"\xf0\x9f\x98\x80\""},
        {"\"\\udbff\\udfff\"", "\"\xf4\x8f\xbf\xbf\""},
        {"\"\\u0001\"", "\"\\u0001\""},
        {"\"\\u001f\"", "\"\\u001f\""},
        {"\"\\u007f\"", "\"\x7f\""},
        {"\"\\uffff\"", "\"\xef\xbf\xbf\""},
        {"\"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\"", "\"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\""},
        {"\"\\ud83d\"", "!ValueError"},
        {"\"\\ud83dx\"", "!ValueError"},
        {"\"\\ud83d\\u0041\"", "!ValueError"},
        {"\"\\ude00\"", "!ValueError"},
        {"\"\\u12\"", "!ValueError"},
        {"\"\\u12g4\"", "!ValueError"},
        {"\"\\x41\"", "!ValueError"},
        {"\"\\a\"", "!ValueError"},
        {"\"\\'\"", "!ValueError"},
        {"\"abc", "!ValueError"},
        {"\"abc\\", "!ValueError"},
        {"\"abc\\\"", "!ValueError"},
        {"\"a\nb\"", "!ValueError"},
        {"\"a\tb\"", "!ValueError"},
        {"'abc'", "!ValueError"},
        /* invalid UTF-8 */
        {"\"\x80\"", "!ValueError"},
        {"\"\xbf\"", "!ValueError"},
        {"\"\xc0\xaf\"", "!ValueError"},
        {"\"\xc1\xbf\"", "!ValueError"},
        {"\"\xc3\"", "!ValueError"},
        {"\"\xc3x\"", "!ValueError"},
        {"\"\xe0\x80\xaf\"", "!ValueError"},
        {"\"\xe0\x9f\xbf\"", "!ValueError"},
        {"\"\xed\xa0\x80\"", "!ValueError"},
        {"\"\xed\xbf\xbf\"", "!ValueError"},
        {"\"\xe6\x97\"", "!ValueError"},
        {"\"\xf0\x8f\xbf\xbf\"", "!ValueError"},
        {"\"\xf4\x90\x80\x80\"", "!ValueError"},
        {"\"\xf5\x80\x80\x80\"", "!ValueError"},
        {"\"\xf8\x88\x80\x80\x80\"", "!ValueError"},
        {"\"\xff\"", "!ValueError"},
        {"\"\xfe\"", "!ValueError"},
        {"\"\xf0\x9f\x98\"", "!ValueError"},
        {"\xef\xbb\xbf" "1", "!ValueError"},
        /* arrays */
        {"[]", "[]"},
        {"[ ]", "[]"},
        {"[1]", "[1]"},
        {"[1,2.0,\"x\",true,null,[],{}]", "[1,2.0,\"x\",true,null,[],{}]"},
        {" [ 1 , [ 2 , [ 3 ] ] ] ", "[1,[2,[3]]]"},
        {"\t\r\n[1]\n", "[1]"},
        {"[1,]", "!ValueError"},
        {"[,1]", "!ValueError"},
        {"[1 2]", "!ValueError"},
        {"[1,,2]", "!ValueError"},
        {"[", "!ValueError"},
        {"[1", "!ValueError"},
        {"[1,", "!ValueError"},
        {"]", "!ValueError"},
        {"[1]]", "!ValueError"},
        {"[1}", "!ValueError"},
        /* objects */
        {"{}", "{}"},
        {"{ }", "{}"},
        {"{\"a\":1}", "{\"a\":1}"},
        {"{\"b\":1,\"a\":2}", "{\"b\":1,\"a\":2}"},
        {"{\"a\":1,\"a\":2}", "{\"a\":2}"},
        {"{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}"},
        {"{\"\":0}", "{\"\":0}"},
        {"{\"\\u00e9\":0}", "{\"\xc3\xa9\":0}"},
        {"{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}", "{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}"},
        {" { \"a\" : 1 , \"b\" : [ ] } ", "{\"a\":1,\"b\":[]}"},
        {"{a:1}", "!ValueError"},
        {"{1:1}", "!ValueError"},
        {"{\"a\"}", "!ValueError"},
        {"{\"a\":}", "!ValueError"},
        {"{\"a\" 1}", "!ValueError"},
        {"{\"a\":1,}", "!ValueError"},
        {"{\"a\":1 \"b\":2}", "!ValueError"},
        {"{", "!ValueError"},
        {"{\"a\"", "!ValueError"},
        {"{\"a\":1", "!ValueError"},
        {"{\"a\":1]", "!ValueError"},
        {"{'a':1}", "!ValueError"},
        {"{\"a\":1}}", "!ValueError"},
        /* whole input */
        {"", "!ValueError"},
        {" ", "!ValueError"},
        {"\n", "!ValueError"},
        {"1 x", "!ValueError"},
        {"[] []", "!ValueError"},
        {"/* c */ 1", "!ValueError"},
        {"\x0b" "1", "!ValueError"},
        {"\xc2\xa0" "1", "!ValueError"},
    };
    // clang-format on
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        json_row(rows[i][0], rows[i][1]);

    /* NUL bytes: inside a string only through \u0000 */
    json_case("\"a\\u0000b\"", 10, "\"a\\u0000b\"", "\\u0000 in a string");
    json_case("\"a\0b\"", 5, "!ValueError", "raw NUL in a string");
    json_case("1\0", 2, "!ValueError", "NUL after the value");
    json_case("[1,2]", 3, "!ValueError", "input cut by len");
    json_case("truex", 4, "true", "literal bounded by len");
    json_case("123", 2, "12", "number bounded by len");
    json_case("\"ab\"", 3, "!ValueError", "string bounded by len");

    wfrt_val v;
    v = wfrt_null();
    check_true(wfrt_json_decode("\"a\\u0000b\"", 10, &v) && wfrt_str_len(v) == 3 &&
                   wfrt_str_chars(v) == 3,
               "\\u0000 makes a 3-byte string");
    wfrt_release(v);
    v = wfrt_null();
    check_true(wfrt_json_decode("\"\\u00e9t\\u00e9\"", 15, &v) && wfrt_str_chars(v) == 3 &&
                   wfrt_str_len(v) == 5,
               "decoded strings count code points");
    wfrt_release(v);
    check_true(wfrt_json_decode("1.0", 3, &v) && v.type == WFRT_DOUBLE, "1.0 is a double");
    check_true(wfrt_json_decode("1", 1, &v) && v.type == WFRT_INT, "1 is an integer");
    check_true(wfrt_json_decode("1e2", 3, &v) && v.type == WFRT_DOUBLE, "1e2 is a double");

    /* an error message says where */
    check_true(!wfrt_json_decode("[1,x]", 5, &v), "error position: fails");
    wfrt_val err = wfrt_error_take();
    const wfrt_val *msg = wfrt_map_find(err, "message", 7);
    unit_check(msg && strstr(wfrt_str_data(*msg), "offset 3") != NULL,
               msg ? wfrt_str_data(*msg) : "no message", "error position: offset 3");
    wfrt_release(err);
}

static char *repeat(const char *open, size_t n, const char *middle, const char *close)
{
    size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
    char *s = malloc(n * (lo + lc) + lm + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, middle, lm);
    p += lm;
    for (size_t i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static void test_json_depth(void)
{
    char *s = repeat("[", WFRT_JSON_MAX_DEPTH, "", "]");
    wfrt_val v = wfrt_null();
    bool ok = wfrt_json_decode(s, strlen(s), &v);
    check_true(ok, "json: 1000 levels decode");
    wfrt_val text = wfrt_null();
    ok = ok && wfrt_json_encode(v, -1, &text);
    check_true(ok && strcmp(wfrt_str_data(text), s) == 0, "json: 1000 levels encode back");
    wfrt_release(text);
    wfrt_release(v);
    if (wfrt_error_pending())
        wfrt_release(wfrt_error_take());
    free(s);
    s = repeat("[", WFRT_JSON_MAX_DEPTH + 1, "", "]");
    json_case(s, strlen(s), "!ValueError", "1001 levels of lists");
    free(s);
    s = repeat("{\"a\":", WFRT_JSON_MAX_DEPTH + 1, "1", "}");
    json_case(s, strlen(s), "!ValueError", "1001 levels of maps");
    free(s);
    s = repeat("[", 200000, "", "]");
    json_case(s, strlen(s), "!ValueError", "200000 levels");
    free(s);
    s = repeat("[", 200000, "", "");
    json_case(s, strlen(s), "!ValueError", "200000 open brackets");
    free(s);
    s = repeat("{\"a\":[", 100000, "", "");
    json_case(s, strlen(s), "!ValueError", "100000 open maps and lists");
    free(s);

    /* a value nested deeper than JSON allows: built, compared, measured,
     * refused by the encoder, released without recursion */
    wfrt_val a = wfrt_int(0), b = wfrt_int(0);
    for (int i = 0; i < 100000; i++) {
        wfrt_val l = wfrt_list_new(1), m = wfrt_list_new(1);
        wfrt_list_push(&l, a);
        wfrt_list_push(&m, b);
        a = l;
        b = m;
    }
    check_true(wfrt_equal(a, b), "deep values: equal");
    check_true(wfrt_size_of(a) == 8 * 100001, "deep values: size");
    JUDGE(wfrt_json_encode(a, -1, &text), text, "!ValueError", "deep values: encode refused");
    wfrt_val c = wfrt_retain(a);
    wfrt_list_push(&c, wfrt_int(1));
    check_true(!wfrt_equal(a, c), "deep values: differ at the top");
    wfrt_release(c);
    wfrt_release(a);
    wfrt_release(b);
    check_true(true, "deep values: released");
}

/* encode v (given as JSON) with `indent`; want the text */
static void encode_case(const char *json, int indent, const char *want)
{
    wfrt_val v = V(json), out = wfrt_null();
    bool ok = wfrt_json_encode(v, indent, &out);
    if (ok) {
        unit_check(strcmp(wfrt_str_data(out), want) == 0, wfrt_str_data(out), "encode %s indent %d",
                   json, indent);
        wfrt_release(out);
    } else {
        wfrt_release(wfrt_error_take());
        unit_check(false, "failed", "encode %s indent %d", json, indent);
    }
    wfrt_release(v);
}

static void test_json_encode(void)
{
    encode_case("{\"a\":[1,2],\"b\":{}}", -1, "{\"a\":[1,2],\"b\":{}}");
    encode_case("{\"a\":[1,2],\"b\":{}}", 2, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    encode_case("[]", 4, "[]");
    encode_case("[1]", 0, "[\n1\n]");
    encode_case("\"x\"", 2, "\"x\"");

    wfrt_val v = V("{\"a\":[1]}"), out = wfrt_null();
    check_true(wfrt_json_encode_indent(v, ">", "\t", &out) &&
                   strcmp(wfrt_str_data(out), "{\n>\t\"a\": [\n>\t\t1\n>\t]\n>}") == 0,
               "encode with a prefix and a tab");
    wfrt_release(out);
    check_true(wfrt_json_encode_indent(v, NULL, NULL, &out) &&
                   strcmp(wfrt_str_data(out), "{\"a\":[1]}") == 0,
               "encode_indent compact");
    wfrt_release(out);
    wfrt_release(v);

    /* escapes per RFC 8259; other bytes pass through */
    static const struct {
        const char *s;
        size_t len;
        const char *want;
    } strs[] = {
        {"a\"b", 3, "\"a\\\"b\""},
        {"a\\b", 3, "\"a\\\\b\""},
        {"/", 1, "\"/\""},
        {"\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\""},
        {"\x01\x1f", 2, "\"\\u0001\\u001f\""},
        {"a\0b", 3, "\"a\\u0000b\""},
        {"\x7f", 1, "\"\x7f\""},
        {"\xc3\xa9", 2, "\"\xc3\xa9\""},
        {"\xe2\x80\xa8", 3, "\"\xe2\x80\xa8\""},
        {"\xff\xfe", 2, "\"\xff\xfe\""},
        {"</script>", 9, "\"</script>\""},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        wfrt_val s = wfrt_string(strs[i].s, strs[i].len);
        bool ok = wfrt_json_encode(s, -1, &out);
        unit_check(ok && wfrt_str_len(out) == strlen(strs[i].want) &&
                       memcmp(wfrt_str_data(out), strs[i].want, wfrt_str_len(out)) == 0,
                   ok ? wfrt_str_data(out) : "failed", "encode string %zu", i);
        if (ok)
            wfrt_release(out);
        wfrt_release(s);
    }

    /* what JSON cannot hold */
    static const double bad[] = {INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < 3; i++) {
        wfrt_val l = wfrt_list_new(1);
        wfrt_list_push(&l, wfrt_double(bad[i]));
        JUDGE(wfrt_json_encode(l, -1, &out), out, "!ValueError", "encode non-finite %zu", i);
        wfrt_release(l);
    }
    v = V("{\"a\":[1]}");
    wfrt_val *slot = wfrt_map_slot(&v, "a", 1);
    wfrt_list_push(slot, wfrt_bytes("y", 1));
    JUDGE(wfrt_json_encode(v, -1, &out), out, "!ValueError", "encode bytes inside");
    wfrt_release(v);
    v = wfrt_bytes("x", 1);
    JUDGE(wfrt_json_encode(v, 2, &out), out, "!ValueError", "encode bytes");
    wfrt_release(v);
}

static void test_json_roundtrip(void)
{
    /* decode(encode(x)) == x and the text is stable */
    // clang-format off
    static const char *const rows[] = {
        "9223372036854775807",
        "-9223372036854775808",
        "0.1",
        "1e+300",
        "1.0",
        "-0.0",
        "5e-324",
        "2.2250738585072014e-308",
        "1.7976931348623157e+308",
        "0.30000000000000004",
        "123456789012345.0",
        "1e+16",
        "\"h\xc3\xa9llo \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"",
        "\"\\u0000\\u001f\\\"\\\\\"",
        "[1,1.0,\"1\",true,null]",
        "{\"z\":{\"y\":[[],{}]},\"a\":-1}",
        "[[[[[[[[[[1]]]]]]]]]]",
    };
    // clang-format on
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        wfrt_val v = V(rows[i]), text = wfrt_null(), back;
        bool ok = wfrt_json_encode(v, -1, &text);
        ok = ok && strcmp(wfrt_str_data(text), rows[i]) == 0;
        ok = ok && wfrt_json_decode(wfrt_str_data(text), wfrt_str_len(text), &back);
        if (ok) {
            ok = wfrt_equal(v, back) && back.type == v.type;
            wfrt_release(back);
        }
        unit_check(ok, "differs", "round trip %s", rows[i]);
        wfrt_release(text);
        wfrt_release(v);
    }
    /* doubles: every shortest form reads back the same double */
    static const double ds[] = {0.1,  0.2,   1.0 / 3, 2.0 / 3,  1e21,
                                1e22, 1e-7,  123.456, 1.5e-300, 4.35,
                                0.3,  100.0, 2.5e-05, 6.02e23,  9007199254740993.0,
                                -2.5, 1e100};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        char buf[40];
        size_t n = wfrt_format_double(ds[i], buf, sizeof buf);
        unit_check(strtod(buf, NULL) == ds[i] && n == strlen(buf) && n < 32, buf,
                   "format_double %.17g reads back", ds[i]);
    }
    static const struct {
        double d;
        const char *want;
    } fmt[] = {
        {1.0, "1.0"},        {-1.0, "-1.0"},    {0.0, "0.0"},    {-0.0, "-0.0"},
        {0.1, "0.1"},        {100.0, "100.0"},  {1e15, "1e+15"}, {123456789.0, "123456789.0"},
        {2.5, "2.5"},        {1e300, "1e+300"}, {1e-5, "1e-05"}, {INFINITY, "inf"},
        {-INFINITY, "-inf"}, {NAN, "nan"},
    };
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char buf[40];
        wfrt_format_double(fmt[i].d, buf, sizeof buf);
        unit_check(strcmp(buf, fmt[i].want) == 0, buf, "format_double %s", fmt[i].want);
    }
    char small[4];
    size_t n = wfrt_format_double(0.125, small, sizeof small);
    check_true(n == 5 && strcmp(small, "0.1") == 0, "format_double truncates to the buffer");
}

/* ---- steps and calls ---- */

static void test_exec(void)
{
    long saved = wfrt_opts.max_steps;
    wfrt_opts.max_steps = wfrt_step_count() + 2;
    check_true(wfrt_step("main", "a", 1), "step 1 of 2");
    check_true(wfrt_step("main", "b", 2), "step 2 of 2");
    check_true(!wfrt_step("main", "c", 3), "step 3 of 2 fails");
    wfrt_val err = wfrt_error_take();
    check_true(wfrt_error_has_tag(err, "ResourceLimitError"), "step limit: ResourceLimitError");
    wfrt_release(err);
    check_true(!wfrt_step("main", "d", 4), "every step past the limit fails");
    wfrt_release(wfrt_error_take());
    wfrt_opts.max_steps = 0;
    check_true(wfrt_step("main", "e", 5), "no limit");
    wfrt_opts.max_steps = saved;

    int base = wfrt_call_depth();
    bool ok = true;
    for (int i = base; i < WFRT_MAX_CALL_DEPTH; i++)
        ok = ok && wfrt_call_enter("f");
    check_true(ok && wfrt_call_depth() == WFRT_MAX_CALL_DEPTH, "20 calls deep");
    check_true(!wfrt_call_enter("f"), "21 calls deep fails");
    err = wfrt_error_take();
    check_true(wfrt_error_has_tag(err, "RecursionError"), "RecursionError");
    wfrt_release(err);
    for (int i = base; i < WFRT_MAX_CALL_DEPTH; i++)
        wfrt_call_leave();
    check_true(wfrt_call_depth() == base, "calls left");
    wfrt_call_set_depth(5);
    check_true(wfrt_call_depth() == 5, "set_depth");
    wfrt_call_set_depth(base);
}

int main(void)
{
    test_type_tables();
    test_arithmetic();
    test_comparisons();
    test_in();
    test_unary();
    test_access();
    test_assign();
    test_copy_on_write();
    test_strings();
    test_lists_and_maps();
    test_sizes_and_names();
    test_remembered_sizes();
    test_errors();
    test_threads();
    test_json_decode();
    test_json_depth();
    test_json_encode();
    test_json_roundtrip();
    test_exec();
    check_true(!wfrt_error_pending(), "no error left pending");
    return unit_exit();
}
