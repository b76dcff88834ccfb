/*
 * test_wfrt_lib.c - unit tests of libwfrt's standard library (the
 * wfrt_fn_* of backends/runtime/lib_*.c): every function with typical
 * arguments and with the arguments Workflows refuses, each case asserting
 * an exact result or an exact error tag. Run as `test_wfrt_lib`.
 *
 * A case is a row: the function's dotted name, its arguments as a JSON
 * array, and the result as compact JSON ("3" an integer, "3.0" a double)
 * or "!Tag" for an error. In arguments, {"$b": "text"} is bytes holding
 * text, {"$x": "0aff"} bytes in hex and "$absent" an optional argument not
 * given; results that are bytes read b'text' when printable, else x'hex'.
 * Arguments are padded with absent values to the parameters of ir/stdlib.c,
 * as the code generator passes them, and the table is checked against the
 * functions themselves: one argument too many must be a TypeError, and
 * none at all must name the first required parameter.
 *
 * Everything a case owns is released, so the sanitizer build proves the
 * ownership rule of wfrt.h (a leak fails the run). tests/wfrt_lib_table.sh
 * checks, beside this, that each table entry has its symbol.
 */
#include "config.h"

#include "backends/runtime/wfrt.h"
#include "ir/stdlib.h"
#include "unit.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- the functions, by name ---- */

static const struct {
    const char *suffix;
    wfrt_fn fn;
} functions[] = {
#define ENTRY(suffix) {#suffix, wfrt_fn_##suffix},
    WFRT_LIB_FUNCTIONS(ENTRY)
#undef ENTRY
};

/* The function of a dotted name ("text.split"), or NULL. */
static wfrt_fn lookup(const char *name)
{
    char suffix[128];
    snprintf(suffix, sizeof suffix, "%s", name);
    for (char *p = suffix; *p; p++)
        if (*p == '.')
            *p = '_';
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        if (strcmp(functions[i].suffix, suffix) == 0)
            return functions[i].fn;
    return NULL;
}

/* ---- values from and to text ---- */

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Replaces the bytes and absent markers inside v (consumed). */
static wfrt_val unmark(wfrt_val v)
{
    if (v.type == WFRT_STRING && strcmp(wfrt_str_data(v), "$absent") == 0) {
        wfrt_release(v);
        return wfrt_absent();
    }
    if (v.type == WFRT_MAP && wfrt_map_len(v) == 1) {
        const wfrt_val *b = wfrt_map_find(v, "$b", 2), *x = wfrt_map_find(v, "$x", 2);
        wfrt_val r = wfrt_null();
        if (b)
            r = wfrt_bytes(wfrt_str_data(*b), wfrt_str_len(*b));
        if (x) {
            size_t n = wfrt_str_len(*x) / 2;
            unsigned char *p = malloc(n + 1);
            for (size_t i = 0; i < n; i++)
                p[i] = (unsigned char)(hexval(wfrt_str_data(*x)[2 * i]) * 16 +
                                       hexval(wfrt_str_data(*x)[2 * i + 1]));
            r = wfrt_bytes(p, n);
            free(p);
        }
        if (b || x) {
            wfrt_release(v);
            return r;
        }
    }
    if (v.type == WFRT_LIST) {
        wfrt_val out = wfrt_list_new(wfrt_list_len(v));
        for (size_t i = 0; i < wfrt_list_len(v); i++)
            wfrt_list_push(&out, unmark(wfrt_retain(wfrt_list_at(v, i))));
        wfrt_release(v);
        return out;
    }
    if (v.type == WFRT_MAP) {
        wfrt_val out = wfrt_map_new(wfrt_map_len(v));
        for (size_t i = 0; i < wfrt_map_len(v); i++)
            wfrt_map_set(&out, wfrt_retain(wfrt_map_key_at(v, i)),
                         unmark(wfrt_retain(wfrt_map_value_at(v, i))));
        wfrt_release(v);
        return out;
    }
    return v;
}

static wfrt_val parse(const char *text)
{
    wfrt_val v;
    if (!wfrt_json_decode(text, strlen(text), &v)) {
        wfrt_release(wfrt_error_take());
        fprintf(stderr, "test_wfrt_lib: bad test value %s\n", text);
        exit(2);
    }
    return unmark(v);
}

/* A result as a case writes it (see the top); owned by the caller. */
static char *show(wfrt_val v)
{
    if (v.type == WFRT_BYTES) {
        const unsigned char *p = (const unsigned char *)wfrt_str_data(v);
        size_t n = wfrt_str_len(v);
        bool printable = true;
        for (size_t i = 0; i < n; i++)
            printable = printable && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\'';
        char *s = malloc(2 * n + 4), *q = s;
        q += sprintf(q, "%c'", printable ? 'b' : 'x');
        for (size_t i = 0; i < n; i++)
            q += printable ? sprintf(q, "%c", p[i]) : sprintf(q, "%02x", p[i]);
        sprintf(q, "'");
        return s;
    }
    wfrt_val text;
    if (!wfrt_json_encode(v, -1, &text)) {
        wfrt_release(wfrt_error_take());
        return strdup("<unencodable>");
    }
    char *s = strdup(wfrt_str_data(text));
    wfrt_release(text);
    return s;
}

/* The first string in the error's tags, or "?" (borrowed from err). */
static const char *first_tag(wfrt_val err)
{
    const wfrt_val *tags = err.type == WFRT_MAP ? wfrt_map_find(err, "tags", 4) : NULL;
    if (!tags || tags->type != WFRT_LIST || wfrt_list_len(*tags) == 0)
        return "?";
    return wfrt_str_data(wfrt_list_at(*tags, 0));
}

static const char *message(wfrt_val err)
{
    const wfrt_val *m = err.type == WFRT_MAP ? wfrt_map_find(err, "message", 7) : NULL;
    return m && m->type == WFRT_STRING ? wfrt_str_data(*m) : "";
}

/* ---- cases ---- */

/* Calls `name` with the arguments of `args_json` (padded with absent
 * values to the table's parameters) and returns its result text, or
 * "!Tag"; *msg gets the error's message. Both owned by the caller. */
static char *call(const char *name, const char *args_json, char **msg)
{
    *msg = strdup("");
    wfrt_fn fn = lookup(name);
    if (!fn)
        return strdup("<no such function>");
    const struct wf_func *entry = wf_stdlib_find(name);
    wfrt_val list = parse(args_json);
    size_t n = wfrt_list_len(list), total = n;
    if (entry && entry->nparams > total)
        total = entry->nparams;
    wfrt_val *args = calloc(total + 1, sizeof *args);
    for (size_t i = 0; i < total; i++)
        args[i] = i < n ? wfrt_list_at(list, i) : wfrt_absent();
    wfrt_val out;
    char *result;
    if (fn(args, total, &out)) {
        result = show(out);
        wfrt_release(out);
    } else {
        wfrt_val err = wfrt_error_take();
        result = malloc(strlen(first_tag(err)) + 2);
        sprintf(result, "!%s", first_tag(err));
        free(*msg);
        *msg = strdup(message(err));
        wfrt_release(err);
    }
    free(args);
    wfrt_release(list);
    return result;
}

/* One case: name(args) must give `want`; with `in_msg`, the error message
 * must contain it. */
static void check_msg(const char *name, const char *args, const char *want, const char *in_msg)
{
    char *msg;
    char *got = call(name, args, &msg);
    char why[1024];
    bool ok = strcmp(got, want) == 0 && (!in_msg || strstr(msg, in_msg));
    snprintf(why, sizeof why, "got %s (%s), want %s%s%s", got, msg, want,
             in_msg ? " with a message containing " : "", in_msg ? in_msg : "");
    unit_check(ok, why, "%s(%s) -> %s", name, args, want);
    free(got);
    free(msg);
}

static void T(const char *name, const char *args, const char *want)
{
    check_msg(name, args, want, NULL);
}

/* ---- expression helpers ---- */

static void test_helpers(void)
{
    T("default", "[null, 5]", "5");
    T("default", "[0, 5]", "0");
    T("default", "[false, true]", "false");
    T("default", "[\"\", \"x\"]", "\"\"");
    T("default", "[null, null]", "null");
    T("default", "[[1], 2]", "[1]");
    T("default", "[null, {\"a\": 1}]", "{\"a\":1}");
    T("default", "[null]", "!TypeError");
    T("default", "[]", "!TypeError");

    T("if", "[true, 1, 2]", "1");
    T("if", "[false, 1, 2]", "2");
    T("if", "[null, 1, 2]", "2");
    T("if", "[true, null, 2]", "null");
    T("if", "[false, [1], {\"a\": 2}]", "{\"a\":2}");
    T("if", "[1, 1, 2]", "!TypeError");
    T("if", "[\"true\", 1, 2]", "!TypeError");
    T("if", "[[], 1, 2]", "!TypeError");
    T("if", "[true, 1]", "!TypeError");

    T("keys", "[{\"b\": 1, \"a\": 2, \"c\": 3}]", "[\"b\",\"a\",\"c\"]");
    T("keys", "[{}]", "[]");
    T("keys", "[{\"x\": {\"y\": 1}}]", "[\"x\"]");
    T("keys", "[[1]]", "!TypeError");
    T("keys", "[null]", "!TypeError");
    T("keys", "[\"ab\"]", "!TypeError");

    T("len", "[[1, 2, 3]]", "3");
    T("len", "[[]]", "0");
    T("len", "[{\"a\": 1, \"b\": 2}]", "2");
    T("len", "[\"\"]", "0");
    T("len", "[\"hello\"]", "5");
    T("len", "[\"h\u00e9llo\"]", "5");
    T("len", "[\"\u65e5\u672c\u8a9e\"]", "3");
    T("len", "[\"\U0001F600x\"]", "2");
    T("len", "[5]", "!TypeError");
    T("len", "[null]", "!TypeError");
    T("len", "[true]", "!TypeError");
    T("len", "[{\"$b\": \"abc\"}]", "!TypeError");

    T("int", "[\"42\"]", "42");
    T("int", "[\"-17\"]", "-17");
    T("int", "[\"+8\"]", "8");
    T("int", "[\"0\"]", "0");
    T("int", "[\"9223372036854775807\"]", "9223372036854775807");
    T("int", "[\"-9223372036854775808\"]", "-9223372036854775808");
    T("int", "[\"9223372036854775808\"]", "!ValueError");
    T("int", "[\"abc\"]", "!ValueError");
    T("int", "[\"4.2\"]", "!ValueError");
    T("int", "[\"\"]", "!ValueError");
    T("int", "[\" 4\"]", "!ValueError");
    T("int", "[\"-\"]", "!ValueError");
    T("int", "[2.7]", "2");
    T("int", "[-2.7]", "-2");
    T("int", "[1e18]", "1000000000000000000");
    T("int", "[1e19]", "!ValueError");
    T("int", "[-9.3e18]", "!ValueError");
    T("int", "[7]", "7");
    T("int", "[true]", "!TypeError");
    T("int", "[null]", "!TypeError");
    T("int", "[[1]]", "!TypeError");

    T("double", "[\"2.7\"]", "2.7");
    T("double", "[\"-0.5\"]", "-0.5");
    T("double", "[\"3\"]", "3.0");
    T("double", "[\"1e3\"]", "1000.0");
    T("double", "[\".5\"]", "0.5");
    T("double", "[\"5.\"]", "5.0");
    T("double", "[\"1E-2\"]", "0.01");
    T("double", "[\"x\"]", "!ValueError");
    T("double", "[\"inf\"]", "!ValueError");
    T("double", "[\"nan\"]", "!ValueError");
    T("double", "[\"0x10\"]", "!ValueError");
    T("double", "[\"1e999\"]", "!ValueError");
    T("double", "[\"\"]", "!ValueError");
    T("double", "[\"1e\"]", "!ValueError");
    T("double", "[5]", "5.0");
    T("double", "[-9007199254740993]", "-9007199254740992.0");
    T("double", "[2.5]", "!TypeError");
    T("double", "[false]", "!TypeError");
    T("double", "[null]", "!TypeError");

    T("string", "[42]", "\"42\"");
    T("string", "[-3]", "\"-3\"");
    T("string", "[1.7]", "\"1.7\"");
    T("string", "[true]", "\"true\"");
    T("string", "[false]", "\"false\"");
    T("string", "[\"s\"]", "\"s\"");
    T("string", "[null]", "!TypeError");
    T("string", "[[1]]", "!TypeError");
    T("string", "[{\"a\": 1}]", "!TypeError");
    T("string", "[{\"$b\": \"x\"}]", "!TypeError");

    T("get_type", "[1]", "\"integer\"");
    T("get_type", "[1.5]", "\"double\"");
    T("get_type", "[\"s\"]", "\"string\"");
    T("get_type", "[true]", "\"boolean\"");
    T("get_type", "[null]", "\"null\"");
    T("get_type", "[[]]", "\"list\"");
    T("get_type", "[{}]", "\"map\"");
    T("get_type", "[{\"$b\": \"\"}]", "\"bytes\"");
    T("get_type", "[]", "!TypeError");
}

/* ---- base64, hash, json ---- */

static void test_base64(void)
{
    T("base64.encode", "[{\"$b\": \"\"}]", "\"\"");
    T("base64.encode", "[{\"$b\": \"f\"}]", "\"Zg==\"");
    T("base64.encode", "[{\"$b\": \"fo\"}]", "\"Zm8=\"");
    T("base64.encode", "[{\"$b\": \"foo\"}]", "\"Zm9v\"");
    T("base64.encode", "[{\"$b\": \"foob\"}]", "\"Zm9vYg==\"");
    T("base64.encode", "[{\"$b\": \"fooba\"}]", "\"Zm9vYmE=\"");
    T("base64.encode", "[{\"$b\": \"foobar\"}]", "\"Zm9vYmFy\"");
    T("base64.encode", "[{\"$b\": \"f\"}, false]", "\"Zg\"");
    T("base64.encode", "[{\"$b\": \"fo\"}, false]", "\"Zm8\"");
    T("base64.encode", "[{\"$b\": \"foo\"}, true]", "\"Zm9v\"");
    T("base64.encode", "[{\"$x\": \"fbff\"}]", "\"+/8=\"");
    T("base64.encode", "[{\"$x\": \"00\"}]", "\"AA==\"");
    T("base64.encode", "[\"text\"]", "!TypeError");
    T("base64.encode", "[null]", "!TypeError");
    T("base64.encode", "[{\"$b\": \"f\"}, \"no\"]", "!TypeError");

    T("base64.decode", "[\"\"]", "b''");
    T("base64.decode", "[\"Zg==\"]", "b'f'");
    T("base64.decode", "[\"Zm8=\"]", "b'fo'");
    T("base64.decode", "[\"Zm9vYmFy\"]", "b'foobar'");
    T("base64.decode", "[\"Zm9v\\r\\nYmFy\"]", "b'foobar'");
    T("base64.decode", "[\"+/8=\"]", "x'fbff'");
    T("base64.decode", "[\"Zg\", false]", "b'f'");
    T("base64.decode", "[\"Zm8\", false]", "b'fo'");
    T("base64.decode", "[\"Zm9v\", false]", "b'foo'");
    T("base64.decode", "[\"Zg\"]", "!ValueError");
    T("base64.decode", "[\"Zg\", true]", "!ValueError");
    T("base64.decode", "[\"Zg==\", false]", "!ValueError");
    T("base64.decode", "[\"Zg=\"]", "!ValueError");
    T("base64.decode", "[\"Z===\"]", "!ValueError");
    T("base64.decode", "[\"Zm9v!\"]", "!ValueError");
    T("base64.decode", "[\"Zm 9v\"]", "!ValueError");
    T("base64.decode", "[\"Zm9-\"]", "!ValueError");
    T("base64.decode", "[\"Zg==Zg==\"]", "!ValueError");
    T("base64.decode", "[\"Z\", false]", "!ValueError");
    T("base64.decode", "[{\"$b\": \"Zg==\"}]", "!TypeError");
    T("base64.decode", "[5]", "!TypeError");
}

static void test_hash(void)
{
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"MD5\"]",
      "x'900150983cd24fb0d6963f7d28e17f72'");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"SHA1\"]",
      "x'a9993e364706816aba3e25717850c26c9cd0d89d'");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"SHA256\"]",
      "x'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"SHA384\"]",
      "x'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca1"
      "34c825a7'");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"SHA512\"]",
      "x'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23"
      "a3feebbd454d4423643ce80e2a9ac94fa54ca49f'");
    T("hash.compute_checksum", "[{\"$b\": \"\"}, \"SHA256\"]",
      "x'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'");
    T("hash.compute_checksum", "[{\"$b\": \"\"}, \"MD5\"]", "x'd41d8cd98f00b204e9800998ecf8427e'");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"sha256\"]", "!ValueError");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"SHA224\"]", "!ValueError");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, \"\"]", "!ValueError");
    T("hash.compute_checksum", "[\"abc\", \"SHA256\"]", "!TypeError");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}, 256]", "!TypeError");
    T("hash.compute_checksum", "[{\"$b\": \"abc\"}]", "!TypeError");

    const char *fox = "{\"$b\": \"The quick brown fox jumps over the lazy dog\"}";
    char args[256];
    snprintf(args, sizeof args, "[{\"$b\": \"key\"}, %s, \"MD5\"]", fox);
    T("hash.compute_hmac", args, "x'80070713463e7749b90c2dc24911e275'");
    snprintf(args, sizeof args, "[{\"$b\": \"key\"}, %s, \"SHA1\"]", fox);
    T("hash.compute_hmac", args, "x'de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9'");
    snprintf(args, sizeof args, "[{\"$b\": \"key\"}, %s, \"SHA256\"]", fox);
    T("hash.compute_hmac", args,
      "x'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8'");
    snprintf(args, sizeof args, "[{\"$b\": \"key\"}, %s, \"SHA384\"]", fox);
    T("hash.compute_hmac", args,
      "x'd7f4727e2c0b39ae0f1e40cc96f60242d5b7801841cea6fc592c5d3e1ae50700582a96cf35e1e554995fe4e0"
      "3381c237'");
    snprintf(args, sizeof args, "[{\"$b\": \"key\"}, %s, \"SHA512\"]", fox);
    T("hash.compute_hmac", args,
      "x'b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb82f948a549f7b791a5b41915"
      "ee4d1ec3935357e4e2317250d0372afa2ebeeb3a'");
    T("hash.compute_hmac", "[{\"$b\": \"\"}, {\"$b\": \"\"}, \"SHA256\"]",
      "x'b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad'");
    T("hash.compute_hmac", "[{\"$b\": \"k\"}, {\"$b\": \"d\"}, \"SHA3\"]", "!ValueError");
    T("hash.compute_hmac", "[\"k\", {\"$b\": \"d\"}, \"SHA256\"]", "!TypeError");
    T("hash.compute_hmac", "[{\"$b\": \"k\"}, \"d\", \"SHA256\"]", "!TypeError");
    T("hash.compute_hmac", "[{\"$b\": \"k\"}, {\"$b\": \"d\"}]", "!TypeError");
}

static void test_json(void)
{
    T("json.decode", "[\"{\\\"a\\\": [1, 2.5, \\\"x\\\", null, true]}\"]",
      "{\"a\":[1,2.5,\"x\",null,true]}");
    T("json.decode", "[{\"$b\": \"[1, 2]\"}]", "[1,2]");
    T("json.decode", "[\"9223372036854775807\"]", "9223372036854775807");
    T("json.decode", "[\"1.0\"]", "1.0");
    T("json.decode", "[\"\\\"s\\\"\"]", "\"s\"");
    T("json.decode", "[\"  null \"]", "null");
    T("json.decode", "[\"not json\"]", "!ValueError");
    T("json.decode", "[\"\"]", "!ValueError");
    T("json.decode", "[\"[1,\"]", "!ValueError");
    T("json.decode", "[{\"$x\": \"22ff22\"}]", "!ValueError");
    T("json.decode", "[5]", "!TypeError");
    T("json.decode", "[null]", "!TypeError");

    T("json.encode", "[{\"a\": 1, \"b\": [true, null]}]", "b'{\"a\":1,\"b\":[true,null]}'");
    T("json.encode", "[\"x\"]", "b'\"x\"'");
    T("json.encode", "[1.5]", "b'1.5'");
    T("json.encode", "[null]", "b'null'");
    T("json.encode", "[[]]", "b'[]'");
    T("json.encode", "[[1, 2], false]", "b'[1,2]'");
    T("json.encode", "[[1, 2], true]", "x'5b0a20202020312c0a20202020320a5d'");
    T("json.encode", "[{\"$b\": \"x\"}]", "!ValueError");
    T("json.encode", "[[{\"$b\": \"x\"}]]", "!ValueError");
    T("json.encode", "[1, \"yes\"]", "!TypeError");
    T("json.encode", "[]", "!TypeError");

    T("json.encode_to_string", "[{\"a\": 1}]", "\"{\\\"a\\\":1}\"");
    T("json.encode_to_string", "[{\"b\": 2, \"a\": 1}]", "\"{\\\"b\\\":2,\\\"a\\\":1}\"");
    T("json.encode_to_string", "[[1, [2, {}], []], true]",
      "\"[\\n    1,\\n    [\\n        2,\\n        {}\\n    ],\\n    []\\n]\"");
    T("json.encode_to_string", "[{\"a\": 1, \"b\": {\"c\": \"x\"}}, {}]",
      "\"{\\n    \\\"a\\\": 1,\\n    \\\"b\\\": {\\n        \\\"c\\\": \\\"x\\\"\\n    }\\n}\"");
    T("json.encode_to_string", "[[1, 2], {\"indent\": \"\\t\"}]", "\"[\\n\\t1,\\n\\t2\\n]\"");
    T("json.encode_to_string", "[[1], {\"prefix\": \"> \", \"indent\": \"..\"}]",
      "\"[\\n> ..1\\n> ]\"");
    T("json.encode_to_string", "[{\"k\": \"a,b:[c]\"}, {\"indent\": \" \"}]",
      "\"{\\n \\\"k\\\": \\\"a,b:[c]\\\"\\n}\"");
    T("json.encode_to_string", "[\"q\\\"[\", true]", "\"\\\"q\\\\\\\"[\\\"\"");
    T("json.encode_to_string", "[5, true]", "\"5\"");
    T("json.encode_to_string", "[{}, true]", "\"{}\"");
    T("json.encode_to_string", "[{\"a\": 1}, false]", "\"{\\\"a\\\":1}\"");
    T("json.encode_to_string", "[1, {\"indent\": 4}]", "!TypeError");
    T("json.encode_to_string", "[1, {\"prefix\": null}]", "!TypeError");
    T("json.encode_to_string", "[1, {\"depth\": \" \"}]", "!ValueError");
    T("json.encode_to_string", "[1, 2]", "!TypeError");
    T("json.encode_to_string", "[{\"$b\": \"x\"}, true]", "!ValueError");
}

/* ---- list, map, math ---- */

static void test_list(void)
{
    T("list.concat", "[[1, 2], 3]", "[1,2,3]");
    T("list.concat", "[[], \"a\"]", "[\"a\"]");
    T("list.concat", "[[1], [2, 3]]", "[1,[2,3]]");
    T("list.concat", "[[1], null]", "[1,null]");
    T("list.concat", "[[1], {\"a\": 1}]", "[1,{\"a\":1}]");
    T("list.concat", "[{\"a\": 1}, 2]", "!TypeError");
    T("list.concat", "[null, 2]", "!TypeError");
    T("list.concat", "[\"ab\", \"c\"]", "!TypeError");
    T("list.concat", "[[1]]", "!TypeError");

    T("list.prepend", "[[1, 2], 0]", "[0,1,2]");
    T("list.prepend", "[[], \"a\"]", "[\"a\"]");
    T("list.prepend", "[[3], [1, 2]]", "[[1,2],3]");
    T("list.prepend", "[[3], null]", "[null,3]");
    T("list.prepend", "[5, 1]", "!TypeError");
    T("list.prepend", "[{}, 1]", "!TypeError");
}

static void test_map(void)
{
    T("map.get", "[{\"a\": 1}, \"a\"]", "1");
    T("map.get", "[{\"a\": 1}, \"b\"]", "null");
    T("map.get", "[{\"a\": {\"b\": {\"c\": 3}}}, [\"a\", \"b\", \"c\"]]", "3");
    T("map.get", "[{\"a\": {\"b\": {\"c\": 3}}}, [\"a\", \"b\"]]", "{\"c\":3}");
    T("map.get", "[{\"a\": {\"b\": 1}}, [\"a\", \"x\"]]", "null");
    T("map.get", "[{\"a\": {\"b\": 1}}, [\"a\", \"b\", \"c\"]]", "null");
    T("map.get", "[{\"a\": [1]}, [\"a\", \"0\"]]", "null");
    T("map.get", "[{\"a\": 1}, []]", "{\"a\":1}");
    T("map.get", "[null, \"a\"]", "null");
    T("map.get", "[[1, 2], \"a\"]", "null");
    T("map.get", "[\"str\", \"a\"]", "null");
    T("map.get", "[5, [\"a\"]]", "null");
    T("map.get", "[{\"a\": null}, \"a\"]", "null");
    T("map.get", "[{\"a\": 1}, 5]", "!TypeError");
    T("map.get", "[{\"a\": 1}, null]", "!TypeError");
    T("map.get", "[{\"a\": 1}, [\"a\", 1]]", "!TypeError");
    T("map.get", "[null, [1]]", "!TypeError");
    T("map.get", "[{\"a\": 1}]", "!TypeError");

    T("map.delete", "[{\"a\": 1, \"b\": 2}, \"a\"]", "{\"b\":2}");
    T("map.delete", "[{\"a\": 1, \"b\": 2, \"c\": 3}, \"b\"]", "{\"a\":1,\"c\":3}");
    T("map.delete", "[{\"a\": 1}, \"z\"]", "{\"a\":1}");
    T("map.delete", "[{}, \"z\"]", "{}");
    T("map.delete", "[[1], \"a\"]", "!TypeError");
    T("map.delete", "[null, \"a\"]", "!TypeError");
    T("map.delete", "[{\"a\": 1}, 1]", "!TypeError");

    T("map.merge", "[{\"a\": 1, \"b\": 2}, {\"b\": 3, \"c\": 4}]", "{\"a\":1,\"b\":3,\"c\":4}");
    T("map.merge", "[{}, {\"a\": 1}]", "{\"a\":1}");
    T("map.merge", "[{\"a\": 1}, {}]", "{\"a\":1}");
    T("map.merge", "[{\"a\": {\"x\": 1}}, {\"a\": {\"y\": 2}}]", "{\"a\":{\"y\":2}}");
    T("map.merge", "[{\"a\": 1}, [1]]", "!TypeError");
    T("map.merge", "[null, {}]", "!TypeError");
    T("map.merge", "[{}]", "!TypeError");

    T("map.merge_nested", "[{\"a\": {\"x\": 1}}, {\"a\": {\"y\": 2}}]",
      "{\"a\":{\"x\":1,\"y\":2}}");
    T("map.merge_nested",
      "[{\"a\": {\"x\": 1, \"y\": 0}, \"b\": 1}, {\"a\": {\"y\": 2}, \"c\": 3}]",
      "{\"a\":{\"x\":1,\"y\":2},\"b\":1,\"c\":3}");
    T("map.merge_nested", "[{\"a\": {\"b\": {\"c\": 1, \"d\": 2}}}, {\"a\": {\"b\": {\"d\": 3}}}]",
      "{\"a\":{\"b\":{\"c\":1,\"d\":3}}}");
    T("map.merge_nested", "[{\"a\": 1}, {\"a\": {\"y\": 2}}]", "{\"a\":{\"y\":2}}");
    T("map.merge_nested", "[{\"a\": {\"x\": 1}}, {\"a\": 5}]", "{\"a\":5}");
    T("map.merge_nested", "[{\"a\": [1]}, {\"a\": [2]}]", "{\"a\":[2]}");
    T("map.merge_nested", "[{}, {}]", "{}");
    T("map.merge_nested", "[{\"a\": 1}, \"x\"]", "!TypeError");
    T("map.merge_nested", "[5, {}]", "!TypeError");
}

static void test_math(void)
{
    T("math.abs", "[-5]", "5");
    T("math.abs", "[5]", "5");
    T("math.abs", "[0]", "0");
    T("math.abs", "[-2.5]", "2.5");
    T("math.abs", "[-0.0]", "0.0");
    T("math.abs", "[-9223372036854775807]", "9223372036854775807");
    T("math.abs", "[-9223372036854775808]", "!ValueError");
    T("math.abs", "[\"-5\"]", "!TypeError");
    T("math.abs", "[null]", "!TypeError");

    T("math.floor", "[2.7]", "2");
    T("math.floor", "[-2.1]", "-3");
    T("math.floor", "[-2.0]", "-2");
    T("math.floor", "[7]", "7");
    T("math.floor", "[1e300]", "!ValueError");
    T("math.floor", "[\"2.5\"]", "!TypeError");

    T("math.max", "[1, 2]", "2");
    T("math.max", "[2, 1]", "2");
    T("math.max", "[1, 2.5]", "2.5");
    T("math.max", "[3, 2.5]", "3");
    T("math.max", "[1, 1.0]", "1");
    T("math.max", "[1.0, 1]", "1.0");
    T("math.max", "[-1.5, -2]", "-1.5");
    T("math.max", "[9007199254740993, 9007199254740992.0]", "9007199254740993");
    T("math.max", "[9007199254740992.0, 9007199254740993]", "9007199254740993");
    T("math.max", "[1, \"2\"]", "!TypeError");
    T("math.max", "[null, 1]", "!TypeError");
    T("math.max", "[1]", "!TypeError");

    T("math.min", "[1, 2]", "1");
    T("math.min", "[2, 1]", "1");
    T("math.min", "[1, 0.5]", "0.5");
    T("math.min", "[-3, 2.5]", "-3");
    T("math.min", "[2, 2.0]", "2");
    T("math.min", "[9007199254740993, 9007199254740992.0]", "9007199254740992.0");
    T("math.min", "[[1], 2]", "!TypeError");
}

/* ---- text ---- */

static void test_text_plain(void)
{
    T("text.find_all", "[\"00000\", \"00\"]", "[0,2]");
    T("text.find_all", "[\"abcabc\", \"bc\"]", "[1,4]");
    T("text.find_all", "[\"h\u00e9llo h\u00e9llo\", \"llo\"]", "[2,8]");
    T("text.find_all", "[\"\u65e5\u672c\u65e5\", \"\u65e5\"]", "[0,2]");
    T("text.find_all", "[\"abc\", \"x\"]", "[]");
    T("text.find_all", "[\"\", \"x\"]", "[]");
    T("text.find_all", "[\"ab\", \"abc\"]", "[]");
    T("text.find_all", "[\"a\u00e9\", \"\"]", "[0,1,2]");
    T("text.find_all", "[\"\", \"\"]", "[0]");
    T("text.find_all", "[5, \"x\"]", "!TypeError");
    T("text.find_all", "[\"x\", null]", "!TypeError");

    T("text.replace_all", "[\"aaa\", \"a\", \"b\"]", "\"bbb\"");
    T("text.replace_all", "[\"aaaa\", \"aa\", \"b\"]", "\"bb\"");
    T("text.replace_all", "[\"aaa\", \"aa\", \"b\"]", "\"ba\"");
    T("text.replace_all", "[\"hello world\", \"o\", \"0\"]", "\"hell0 w0rld\"");
    T("text.replace_all", "[\"abc\", \"\", \"-\"]", "\"-a-b-c-\"");
    T("text.replace_all", "[\"\u00e9\u00e8\", \"\", \"|\"]", "\"|\u00e9|\u00e8|\"");
    T("text.replace_all", "[\"\", \"\", \"x\"]", "\"x\"");
    T("text.replace_all", "[\"abc\", \"b\", \"\"]", "\"ac\"");
    T("text.replace_all", "[\"abc\", \"z\", \"y\"]", "\"abc\"");
    T("text.replace_all", "[\"a.b.c\", \".\", \"\\\\1\"]", "\"a\\\\1b\\\\1c\"");
    T("text.replace_all", "[\"abc\", \"b\", 1]", "!TypeError");
    T("text.replace_all", "[\"abc\", \"b\"]", "!TypeError");

    T("text.split", "[\"a,b,c\", \",\"]", "[\"a\",\"b\",\"c\"]");
    T("text.split", "[\"baaab\", \"aa\"]", "[\"b\",\"ab\"]");
    T("text.split", "[\"abc\", \"a\"]", "[\"\",\"bc\"]");
    T("text.split", "[\"abc\", \"c\"]", "[\"ab\",\"\"]");
    T("text.split", "[\"abbc\", \"b\"]", "[\"a\",\"\",\"c\"]");
    T("text.split", "[\"abc\", \"x\"]", "[\"abc\"]");
    T("text.split", "[\"\", \",\"]", "[\"\"]");
    T("text.split", "[\"a\u00e9b\u00e9c\", \"\u00e9\"]", "[\"a\",\"b\",\"c\"]");
    T("text.split", "[\"abc\", \"\"]", "!ValueError");
    T("text.split", "[[\"a\"], \",\"]", "!TypeError");
    T("text.split", "[\"a\", 1]", "!TypeError");

    T("text.substring", "[\"hello\", 2, 4]", "\"ll\"");
    T("text.substring", "[\"hello\", -10, 10]", "\"hello\"");
    T("text.substring", "[\"hello\", 0, 0]", "\"\"");
    T("text.substring", "[\"hello\", 3, 1]", "\"\"");
    T("text.substring", "[\"hello\", -3, -1]", "\"ll\"");
    T("text.substring", "[\"hello\", 1, -1]", "\"ell\"");
    T("text.substring", "[\"hello\", 5, 9]", "\"\"");
    T("text.substring", "[\"h\u00e9llo\", 1, 3]", "\"\u00e9l\"");
    T("text.substring", "[\"\u65e5\u672c\u8a9e\", 1, 2]", "\"\u672c\"");
    T("text.substring", "[\"\U0001F600ab\", 0, 1]", "\"\U0001F600\"");
    T("text.substring", "[\"\", 0, 1]", "\"\"");
    T("text.substring", "[\"hello\", 1.0, 2]", "!TypeError");
    T("text.substring", "[\"hello\", 1, \"2\"]", "!TypeError");
    T("text.substring", "[\"hello\", 1]", "!TypeError");
    T("text.substring", "[5, 1, 2]", "!TypeError");

    T("text.to_lower", "[\"HeLLo 12\"]", "\"hello 12\"");
    T("text.to_lower", "[\"\u00c0\u00c9\u00ce\"]", "\"\u00e0\u00e9\u00ee\"");
    T("text.to_lower", "[\"\u0394\u0399\u0391\"]", "\"\u03b4\u03b9\u03b1\"");
    T("text.to_lower", "[\"\u041f\u0420\u0418\"]", "\"\u043f\u0440\u0438\"");
    T("text.to_lower", "[\"\"]", "\"\"");
    T("text.to_lower", "[\"\u65e5\"]", "\"\u65e5\"");
    T("text.to_lower", "[1]", "!TypeError");
    T("text.to_upper", "[\"hello, World\"]", "\"HELLO, WORLD\"");
    T("text.to_upper", "[\"\u00e0\u00e9\u00ee\u00ff\"]", "\"\u00c0\u00c9\u00ce\u0178\"");
    T("text.to_upper", "[\"stra\u00dfe\"]", "\"STRA\u00dfE\"");
    T("text.to_upper", "[\"\u03c3\u03b1\u03c2\"]", "\"\u03a3\u0391\u03a3\"");
    T("text.to_upper", "[null]", "!TypeError");

    T("text.url_encode", "[\"a b&c=d/e?\"]", "\"a%20b%26c%3Dd%2Fe%3F\"");
    T("text.url_encode", "[\"AZaz09-._~\"]", "\"AZaz09-._~\"");
    T("text.url_encode", "[\"\u00e9\"]", "\"%C3%A9\"");
    T("text.url_encode", "[\"a+b\"]", "\"a%2Bb\"");
    T("text.url_encode", "[\"\"]", "\"\"");
    T("text.url_encode", "[1]", "!TypeError");
    T("text.url_encode_plus", "[\"a b&c\"]", "\"a+b%26c\"");
    T("text.url_encode_plus", "[\"a+b\"]", "\"a%2Bb\"");
    T("text.url_encode_plus", "[\"\u00e9 \"]", "\"%C3%A9+\"");
    T("text.url_encode_plus", "[[]]", "!TypeError");
    T("text.url_decode", "[\"a%20b%26c\"]", "\"a b&c\"");
    T("text.url_decode", "[\"%C3%A9\"]", "\"\u00e9\"");
    T("text.url_decode", "[\"%c3%a9\"]", "\"\u00e9\"");
    T("text.url_decode", "[\"a+b\"]", "\"a+b\"");
    T("text.url_decode", "[\"plain\"]", "\"plain\"");
    T("text.url_decode", "[\"%\"]", "!ValueError");
    T("text.url_decode", "[\"%4\"]", "!ValueError");
    T("text.url_decode", "[\"%zz\"]", "!ValueError");
    T("text.url_decode", "[\"%C3\"]", "!ValueError");
    T("text.url_decode", "[\"%FF\"]", "!ValueError");
    T("text.url_decode", "[5]", "!TypeError");
}

static void test_text_charsets(void)
{
    T("text.encode", "[\"h\u00e9\"]", "x'68c3a9'");
    T("text.encode", "[\"abc\", \"UTF-8\"]", "b'abc'");
    T("text.encode", "[\"abc\", \"utf8\"]", "b'abc'");
    T("text.encode", "[\"h\u00e9\", \"ISO-8859-1\"]", "x'68e9'");
    T("text.encode", "[\"h\u00e9\", \"latin1\"]", "x'68e9'");
    T("text.encode", "[\"A\", \"UTF-16BE\"]", "x'0041'");
    T("text.encode", "[\"abc\", \"US-ASCII\"]", "b'abc'");
    T("text.encode", "[\"\u65e5\", \"ISO-8859-1\"]", "!ValueError");
    T("text.encode", "[\"abc\", \"no-such-charset\"]", "!ValueError");
    T("text.encode", "[\"abc\", \"ASCII//TRANSLIT\"]", "!ValueError");
    T("text.encode", "[\"abc\", \"\"]", "!ValueError");
    T("text.encode", "[{\"$b\": \"abc\"}]", "!TypeError");
    T("text.encode", "[\"abc\", 8]", "!TypeError");

    T("text.decode", "[{\"$x\": \"68c3a9\"}]", "\"h\u00e9\"");
    T("text.decode", "[{\"$b\": \"abc\"}, \"UTF-8\"]", "\"abc\"");
    T("text.decode", "[{\"$x\": \"68e9\"}, \"ISO-8859-1\"]", "\"h\u00e9\"");
    T("text.decode", "[{\"$x\": \"0041\"}, \"UTF-16BE\"]", "\"A\"");
    T("text.decode", "[{\"$x\": \"e9\"}]", "!ValueError");
    T("text.decode", "[{\"$x\": \"c0af\"}]", "!ValueError");
    T("text.decode", "[{\"$x\": \"eda080\"}]", "!ValueError");
    T("text.decode", "[{\"$x\": \"80\"}, \"US-ASCII\"]", "!ValueError");
    T("text.decode", "[{\"$b\": \"abc\"}, \"klingon\"]", "!ValueError");
    T("text.decode", "[\"abc\"]", "!TypeError");
    T("text.decode", "[{\"$b\": \"abc\"}, null]", "!TypeError");
}

static void test_text_regex(void)
{
    T("text.match_regex", "[\"hello world\", \"wor\"]", "true");
    T("text.match_regex", "[\"hello world\", \"^wor\"]", "false");
    T("text.match_regex", "[\"hello world\", \"^hello\"]", "true");
    T("text.match_regex", "[\"hello\", \"l+o$\"]", "true");
    T("text.match_regex", "[\"abc\", \"\"]", "true");
    T("text.match_regex", "[\"\", \"^$\"]", "true");
    T("text.match_regex", "[\"ABC\", \"(?i)abc\"]", "true");
    T("text.match_regex", "[\"a1\", \"\\\\d\"]", "true");
    T("text.match_regex", "[\"\u00e9\", \"^.$\"]", "true");
    T("text.match_regex", "[\"\u00e9\", \"\\\\pL\"]", "true");
    T("text.match_regex", "[\"a\\nb\", \"a.b\"]", "false");
    T("text.match_regex", "[\"a\\nb\", \"(?s)a.b\"]", "true");
    T("text.match_regex", "[\"ab\\n\", \"ab$\"]", "false");
    T("text.match_regex", "[\"x\", \"[[:alpha:]]\"]", "true");
    T("text.match_regex", "[\"k=v\", \"(?P<key>\\\\w+)=\"]", "true");
    T("text.match_regex", "[\"a\", \"\\\\141\"]", "true");
    T("text.match_regex", "[\"abc\", \"(\"]", "!ValueError");
    T("text.match_regex", "[\"abc\", \"[a-\"]", "!ValueError");
    T("text.match_regex", "[\"abab\", \"(ab)\\\\1\"]", "!ValueError");
    T("text.match_regex", "[\"ab\", \"a(?=b)\"]", "!ValueError");
    T("text.match_regex", "[\"ab\", \"(?<=a)b\"]", "!ValueError");
    T("text.match_regex", "[\"ab\", \"(?!a)b\"]", "!ValueError");
    T("text.match_regex", "[\"aa\", \"a++\"]", "!ValueError");
    T("text.match_regex", "[\"aa\", \"(?>a)\"]", "!ValueError");
    T("text.match_regex", "[\"a\", \"a{1001}\"]", "!ValueError");
    T("text.match_regex", "[\"a\", \"a\\\\Z\"]", "!ValueError");
    T("text.match_regex", "[\"a\", \"*\"]", "!ValueError");
    T("text.match_regex", "[5, \"a\"]", "!TypeError");
    T("text.match_regex", "[\"a\", null]", "!TypeError");
    check_msg("text.match_regex", "[\"abc\", \"(ab\"]", "!ValueError", "missing )");

    T("text.find_all_regex", "[\"HelloWorld\", \"Hello|World\"]",
      "[{\"index\":0,\"match\":\"Hello\"},{\"index\":5,\"match\":\"World\"}]");
    T("text.find_all_regex", "[\"abcd\", \"a|ab|abc\"]", "[{\"index\":0,\"match\":\"abc\"}]");
    T("text.find_all_regex", "[\"aaa\", \"a*?\"]", "[{\"index\":0,\"match\":\"aaa\"}]");
    T("text.find_all_regex", "[\"x1y22z333\", \"[0-9]+\"]",
      "[{\"index\":1,\"match\":\"1\"},{\"index\":3,\"match\":\"22\"},"
      "{\"index\":6,\"match\":\"333\"}]");
    T("text.find_all_regex", "[\"\u00e9a\u00e9a\", \"a\"]",
      "[{\"index\":1,\"match\":\"a\"},{\"index\":3,\"match\":\"a\"}]");
    T("text.find_all_regex", "[\"ab\", \"\"]",
      "[{\"index\":0,\"match\":\"\"},{\"index\":1,\"match\":\"\"},{\"index\":2,\"match\":\"\"}]");
    T("text.find_all_regex", "[\"baaac\", \"a*\"]",
      "[{\"index\":0,\"match\":\"\"},{\"index\":1,\"match\":\"aaa\"},{\"index\":5,\"match\":\"\"}"
      "]");
    T("text.find_all_regex", "[\"abc\", \"x\"]", "[]");
    T("text.find_all_regex", "[\"\", \"x*\"]", "[{\"index\":0,\"match\":\"\"}]");
    T("text.find_all_regex", "[\"one two\", \"\\\\bt\\\\w+\"]",
      "[{\"index\":4,\"match\":\"two\"}]");
    T("text.find_all_regex", "[\"abc\", \"[\"]", "!ValueError");
    T("text.find_all_regex", "[\"abc\", 1]", "!TypeError");

    T("text.replace_all_regex", "[\"a1b22c\", \"[0-9]+\", \"#\"]", "\"a#b#c\"");
    T("text.replace_all_regex", "[\"2024-05\", \"(\\\\d+)-(\\\\d+)\", \"\\\\2/\\\\1\"]",
      "\"\\\\2/\\\\1\"");
    T("text.replace_all_regex", "[\"abc\", \"\", \"-\"]", "\"-a-b-c-\"");
    T("text.replace_all_regex", "[\"\u00e9\u00e9\", \"\", \"-\"]", "\"-\u00e9-\u00e9-\"");
    T("text.replace_all_regex", "[\"baaac\", \"a*\", \"X\"]", "\"XbXcX\"");
    T("text.replace_all_regex", "[\"abcd\", \"a|ab|abc\", \"X\"]", "\"Xd\"");
    T("text.replace_all_regex", "[\"Hello\", \"(?i)h\", \"j\"]", "\"jello\"");
    T("text.replace_all_regex", "[\"abc\", \"x\", \"y\"]", "\"abc\"");
    T("text.replace_all_regex", "[\"a.b\", \"\\\\.\", \"$0\"]", "\"a$0b\"");
    T("text.replace_all_regex", "[\"abc\", \"(a\", \"y\"]", "!ValueError");
    T("text.replace_all_regex", "[\"abc\", \"a\", 1]", "!TypeError");
    T("text.replace_all_regex", "[\"abc\", \"a\"]", "!TypeError");
}

/* ---- time, uuid ---- */

static void test_time(void)
{
    T("time.format", "[1720788633]", "\"2024-07-12T12:50:33.000000Z\"");
    T("time.format", "[1720788633, \"GMT\"]", "\"2024-07-12T12:50:33.000000Z\"");
    T("time.format", "[1720788633, \"UTC\"]", "\"2024-07-12T12:50:33.000000Z\"");
    T("time.format", "[1720788633, \"\"]", "\"2024-07-12T12:50:33.000000Z\"");
    T("time.format", "[1720788633, \"Europe/Paris\"]", "\"2024-07-12T14:50:33.000000+02:00\"");
    T("time.format", "[1704067200.615087]", "\"2024-01-01T00:00:00.615087Z\"");
    T("time.format", "[0]", "\"1970-01-01T00:00:00.000000Z\"");
    T("time.format", "[0.5]", "\"1970-01-01T00:00:00.500000Z\"");
    T("time.format", "[-1]", "\"1969-12-31T23:59:59.000000Z\"");
    T("time.format", "[-0.25]", "\"1969-12-31T23:59:59.750000Z\"");
    T("time.format", "[951782400]", "\"2000-02-29T00:00:00.000000Z\"");
    T("time.format", "[-62135596800]", "\"0001-01-01T00:00:00.000000Z\"");
    T("time.format", "[253402300799]", "\"9999-12-31T23:59:59.000000Z\"");
    T("time.format", "[1704067200, \"America/New_York\"]", "\"2023-12-31T19:00:00.000000-05:00\"");
    T("time.format", "[1710053999, \"America/New_York\"]", "\"2024-03-10T01:59:59.000000-05:00\"");
    T("time.format", "[1710054000, \"America/New_York\"]", "\"2024-03-10T03:00:00.000000-04:00\"");
    T("time.format", "[4102444800, \"America/New_York\"]", "\"2099-12-31T19:00:00.000000-05:00\"");
    T("time.format", "[4118083200, \"America/New_York\"]", "\"2100-06-30T20:00:00.000000-04:00\"");
    T("time.format", "[1704067200, \"Australia/Sydney\"]", "\"2024-01-01T11:00:00.000000+11:00\"");
    T("time.format", "[1719792000, \"Australia/Sydney\"]", "\"2024-07-01T10:00:00.000000+10:00\"");
    T("time.format", "[4102444800, \"Australia/Sydney\"]", "\"2100-01-01T11:00:00.000000+11:00\"");
    T("time.format", "[4118083200, \"Australia/Sydney\"]", "\"2100-07-01T10:00:00.000000+10:00\"");
    T("time.format", "[1704067200, \"Asia/Kolkata\"]", "\"2024-01-01T05:30:00.000000+05:30\"");
    T("time.format", "[0, \"Europe/London\"]", "\"1970-01-01T01:00:00.000000+01:00\"");
    T("time.format", "[-5364662400, \"America/New_York\"]",
      "\"1799-12-31T19:03:58.000000-04:56:02\"");
    T("time.format", "[1704067200, \"Etc/GMT+5\"]", "\"2023-12-31T19:00:00.000000-05:00\"");
    T("time.format", "[1, \"Mars/Olympus\"]", "!ValueError");
    T("time.format", "[1, \"../../etc/passwd\"]", "!ValueError");
    T("time.format", "[1, \"/etc/localtime\"]", "!ValueError");
    T("time.format", "[1, \"Europe\"]", "!ValueError");
    T("time.format", "[253402300800]", "!ValueError");
    T("time.format", "[-62135596801]", "!ValueError");
    T("time.format", "[1e300]", "!ValueError");
    T("time.format", "[\"1\"]", "!TypeError");
    T("time.format", "[1, 2]", "!TypeError");
    T("time.format", "[]", "!TypeError");

    T("time.parse", "[\"2024-05-08T12:01:00.000000Z\"]", "1715169660.0");
    T("time.parse", "[\"2024-05-08T12:01:00Z\"]", "1715169660.0");
    T("time.parse", "[\"2024-05-08t12:01:00z\"]", "1715169660.0");
    T("time.parse", "[\"2024-05-08T14:01:00+02:00\"]", "1715169660.0");
    T("time.parse", "[\"2024-05-08T07:01:00-05:00\"]", "1715169660.0");
    T("time.parse", "[\"2024-05-08T12:01:00.5Z\"]", "1715169660.5");
    T("time.parse", "[\"2024-01-10T16:15:54.615087Z\"]", "1704903354.615087");
    T("time.parse", "[\"1970-01-01T00:00:00Z\"]", "0.0");
    T("time.parse", "[\"1969-12-31T23:59:59.75Z\"]", "-0.25");
    T("time.parse", "[\"2000-02-29T00:00:00Z\"]", "951782400.0");
    T("time.parse", "[\"2016-12-31T23:59:60Z\"]", "1483228800.0");
    T("time.parse", "[\"0001-01-01T00:00:00Z\"]", "-62135596800.0");
    T("time.parse", "[\"2023-02-29T00:00:00Z\"]", "!ValueError");
    T("time.parse", "[\"2024-13-01T00:00:00Z\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08T24:00:00Z\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08T12:01:00\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08 12:01:00Z\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08T12:01:00.Z\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08T12:01:00+0200\"]", "!ValueError");
    T("time.parse", "[\"2024-5-08T12:01:00Z\"]", "!ValueError");
    T("time.parse", "[\"yesterday\"]", "!ValueError");
    T("time.parse", "[\"2024-05-08T12:01:00Zjunk\"]", "!ValueError");
    T("time.parse", "[1715169660]", "!TypeError");
}

static bool is_uuid4(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-') || (!dash && !strchr("0123456789abcdef", s[i])))
            return false;
    }
    return s[14] == '4' && strchr("89ab", s[19]);
}

static void test_uuid(void)
{
    char seen[20][37];
    bool all_ok = true, distinct = true;
    for (int i = 0; i < 20; i++) {
        wfrt_val out;
        if (!wfrt_fn_uuid_generate(NULL, 0, &out)) {
            wfrt_release(wfrt_error_take());
            all_ok = false;
            continue;
        }
        snprintf(seen[i], sizeof seen[i], "%s", wfrt_str_data(out));
        all_ok = all_ok && out.type == WFRT_STRING && is_uuid4(seen[i]);
        for (int j = 0; j < i; j++)
            distinct = distinct && strcmp(seen[i], seen[j]) != 0;
        wfrt_release(out);
    }
    unit_check(all_ok, seen[0], "uuid.generate gives canonical version 4 uuids");
    unit_check(distinct, NULL, "uuid.generate gives 20 different uuids");
    T("uuid.generate", "[1]", "!TypeError");
}

/* ---- retry ---- */

static void test_retry(void)
{
    const char *backoff = "{\"initial_delay\":1,\"max_delay\":60,\"multiplier\":1.25}";
    char want[256];
    T("retry.default_backoff", "[]", backoff);
    snprintf(want, sizeof want,
             "{\"predicate\":\"http.default_retry_predicate\",\"max_retries\":5,\"backoff\":%s}",
             backoff);
    T("http.default_retry", "[]", want);
    snprintf(want, sizeof want,
             "{\"predicate\":\"http.default_retry_predicate_non_idempotent\",\"max_retries\":5,"
             "\"backoff\":%s}",
             backoff);
    T("http.default_retry_non_idempotent", "[]", want);
    T("http.default_retry", "[1]", "!TypeError");

    static const struct {
        const char *error;
        const char *idempotent, *non_idempotent;
    } rows[] = {
        {"{\"tags\":[\"HttpError\"],\"code\":429}", "true", "true"},
        {"{\"tags\":[\"HttpError\"],\"code\":502}", "true", "false"},
        {"{\"tags\":[\"HttpError\"],\"code\":503}", "true", "true"},
        {"{\"tags\":[\"HttpError\"],\"code\":504}", "true", "false"},
        {"{\"tags\":[\"HttpError\"],\"code\":500}", "false", "false"},
        {"{\"tags\":[\"HttpError\"],\"code\":404}", "false", "false"},
        {"{\"tags\":[\"ConnectionError\"],\"message\":\"x\"}", "true", "false"},
        {"{\"tags\":[\"ConnectionFailedError\"]}", "true", "true"},
        {"{\"tags\":[\"TimeoutError\"]}", "true", "false"},
        {"{\"tags\":[\"ValueError\"]}", "false", "false"},
        {"{\"tags\":[\"KeyError\",\"ConnectionFailedError\"]}", "true", "true"},
        {"{\"code\":\"503\"}", "false", "false"},
        {"{}", "false", "false"},
        {"\"ConnectionError\"", "false", "false"},
        {"null", "false", "false"},
        {"[503]", "false", "false"},
    };
    char args[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(args, sizeof args, "[%s]", rows[i].error);
        T("http.default_retry_predicate", args, rows[i].idempotent);
        T("http.default_retry_predicate_non_idempotent", args, rows[i].non_idempotent);
        T("retry.always", args, "true");
        T("retry.never", args, "false");
    }
    T("retry.always", "[]", "!TypeError");
    T("http.default_retry_predicate", "[]", "!TypeError");

    static const struct {
        const char *name;
        wfrt_fn fn;
    } predicates[] = {
        {"http.default_retry_predicate", wfrt_fn_http_default_retry_predicate},
        {"http.default_retry_predicate_non_idempotent",
         wfrt_fn_http_default_retry_predicate_non_idempotent},
        {"retry.always", wfrt_fn_retry_always},
        {"retry.never", wfrt_fn_retry_never},
        {"retry.sometimes", NULL},
        {"http.default_retry", NULL},
    };
    for (size_t i = 0; i < sizeof predicates / sizeof predicates[0]; i++) {
        wfrt_val name = wfrt_string_cstr(predicates[i].name);
        unit_check(wfrt_lib_predicate(name) == predicates[i].fn, NULL, "wfrt_lib_predicate(\"%s\")",
                   predicates[i].name);
        wfrt_release(name);
    }
    unit_check(wfrt_lib_predicate(wfrt_int(1)) == NULL, NULL, "wfrt_lib_predicate(1) is NULL");
}

/* ---- sys ---- */

/* Runs name(args) with stderr in a file; returns what it wrote (owned). */
static char *capture_stderr(const char *name, const char *args, char **result)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    char *msg;
    *result = call(name, args, &msg);
    free(msg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fseek(tmp, 0, SEEK_END);
    long n = ftell(tmp);
    if (n < 0)
        n = 0;
    char *text = calloc((size_t)n + 1, 1);
    rewind(tmp);
    if (n > 0 && fread(text, 1, (size_t)n, tmp) != (size_t)n)
        text[0] = '\0';
    fclose(tmp);
    return text;
}

static void log_case(bool json, const char *args, const char *want_line)
{
    wfrt_opts.log_json = json;
    char *result;
    char *text = capture_stderr("sys.log", args, &result);
    char why[512];
    snprintf(why, sizeof why, "result %s, wrote [%s]", result, text);
    unit_check(strcmp(result, "null") == 0 && strcmp(text, want_line) == 0, why,
               "sys.log(%s) %s writes %.*s and a newline", args, json ? "json" : "text",
               (int)strlen(want_line) - 1, want_line);
    free(text);
    free(result);
    wfrt_opts.log_json = false;
}

static void test_sys_log(void)
{
    log_case(false, "[\"hello\"]", "[DEFAULT] hello\n");
    log_case(false, "[\"hello\", \"INFO\"]", "[INFO] hello\n");
    log_case(false, "[42, \"WARNING\"]", "[WARNING] 42\n");
    log_case(false, "[1.5]", "[DEFAULT] 1.5\n");
    log_case(false, "[true]", "[DEFAULT] true\n");
    log_case(false, "[[1, \"a\"]]", "[DEFAULT] [1,\"a\"]\n");
    log_case(false, "[{\"k\": 1}, \"ERROR\"]", "[ERROR] {\"k\":1}\n");
    log_case(false, "[\"$absent\", \"DEBUG\", \"text\"]", "[DEBUG] text\n");
    log_case(false, "[\"$absent\", \"$absent\", {\"k\": 2}]", "[DEFAULT] {\"k\":2}\n");
    log_case(false, "[\"$absent\", \"NOTICE\", \"$absent\", {\"k\": 3}]", "[NOTICE] {\"k\":3}\n");
    log_case(false, "[\"x\", \"EMERGENCY\", \"$absent\", \"$absent\", 10]", "[EMERGENCY] x\n");
    log_case(true, "[\"hello\", \"INFO\"]", "{\"severity\":\"INFO\",\"textPayload\":\"hello\"}\n");
    log_case(true, "[{\"k\": 1}]", "{\"severity\":\"DEFAULT\",\"jsonPayload\":{\"k\":1}}\n");
    log_case(true, "[\"$absent\", \"ALERT\", {\"k\": 1}]",
             "{\"severity\":\"ALERT\",\"textPayload\":\"{\\\"k\\\":1}\"}\n");
    log_case(true, "[\"$absent\", \"CRITICAL\", \"$absent\", {\"a\": [1]}]",
             "{\"severity\":\"CRITICAL\",\"jsonPayload\":{\"a\":[1]}}\n");
    log_case(true, "[7]", "{\"severity\":\"DEFAULT\",\"textPayload\":\"7\"}\n");

    T("sys.log", "[]", "!TypeError");
    T("sys.log", "[\"a\", \"INFO\", \"b\"]", "!TypeError");
    T("sys.log", "[\"a\", \"$absent\", \"$absent\", {\"k\": 1}]", "!TypeError");
    T("sys.log", "[null]", "!TypeError");
    T("sys.log", "[{\"$b\": \"x\"}]", "!TypeError");
    T("sys.log", "[\"$absent\", \"$absent\", null]", "!TypeError");
    T("sys.log", "[\"$absent\", \"$absent\", \"$absent\", [1]]", "!TypeError");
    T("sys.log", "[\"a\", \"LOUD\"]", "!ValueError");
    T("sys.log", "[\"a\", \"info\"]", "!ValueError");
    T("sys.log", "[\"a\", 3]", "!TypeError");
    T("sys.log", "[\"a\", \"INFO\", \"$absent\", \"$absent\", \"10\"]", "!TypeError");
    T("sys.log", "[[{\"$b\": \"x\"}]]", "!ValueError");
}

static void test_sys_env(void)
{
    setenv("WFC_TEST_VAR", "value \u00e9", 1);
    setenv("GOOGLE_CLOUD_PROJECT_ID", "my-project", 1);
    setenv("GOOGLE_CLOUD_LOCATION", "us-central1", 1);
    setenv("GOOGLE_APPLICATION_CREDENTIALS", "secret.json", 1);
    setenv("WORKFLOWS_X", "y", 1);
    unsetenv("WFC_TEST_UNSET");
    unsetenv("GOOGLE_CLOUD_WORKFLOW_ID");
    T("sys.get_env", "[\"WFC_TEST_VAR\"]", "\"value \u00e9\"");
    T("sys.get_env", "[\"WFC_TEST_VAR\", \"d\"]", "\"value \u00e9\"");
    T("sys.get_env", "[\"WFC_TEST_UNSET\"]", "null");
    T("sys.get_env", "[\"WFC_TEST_UNSET\", \"fallback\"]", "\"fallback\"");
    T("sys.get_env", "[\"GOOGLE_CLOUD_PROJECT_ID\"]", "\"my-project\"");
    T("sys.get_env", "[\"GOOGLE_CLOUD_LOCATION\"]", "\"us-central1\"");
    T("sys.get_env", "[\"GOOGLE_CLOUD_WORKFLOW_ID\", \"wf\"]", "\"wf\"");
    T("sys.get_env", "[\"GOOGLE_APPLICATION_CREDENTIALS\"]", "null");
    T("sys.get_env", "[\"WORKFLOWS_X\", \"no\"]", "\"no\"");
    T("sys.get_env", "[\"\"]", "null");
    T("sys.get_env", "[\"A=B\"]", "null");
    T("sys.get_env", "[1]", "!TypeError");
    T("sys.get_env", "[\"X\", 1]", "!TypeError");
    T("sys.get_env", "[\"X\", null]", "!TypeError");
    T("sys.get_env", "[]", "!TypeError");
    unsetenv("WFC_TEST_VAR");
    unsetenv("GOOGLE_APPLICATION_CREDENTIALS");
    unsetenv("WORKFLOWS_X");
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_sys_time(void)
{
    wfrt_val out;
    double before = wall();
    bool ok = wfrt_fn_sys_now(NULL, 0, &out);
    double after = wall();
    unit_check(ok && out.type == WFRT_DOUBLE && out.u.d >= before - 0.001 &&
                   out.u.d <= after + 0.001,
               NULL, "sys.now is the time of day as a double");
    if (!ok)
        wfrt_release(wfrt_error_take());
    T("sys.now", "[1]", "!TypeError");

    /* 0.2 s of workflow time at a scale of 0.1 takes about 20 ms. */
    double scale = wfrt_opts.sleep_scale;
    wfrt_opts.sleep_scale = 0.1;
    before = wall();
    T("sys.sleep", "[0.2]", "null");
    double took = wall() - before;
    unit_check(took >= 0.015 && took < 1.0, NULL,
               "sys.sleep(0.2) at scale 0.1 waits 20 ms (%.3f s)", took);
    wfrt_opts.sleep_scale = 0;
    before = wall();
    T("sys.sleep", "[31536000]", "null");
    T("sys.sleep", "[0]", "null");
    unit_check(wall() - before < 1.0, NULL, "sys.sleep at scale 0 does not wait");
    T("sys.sleep", "[31536001]", "!ValueError");
    T("sys.sleep", "[-1]", "!ValueError");
    T("sys.sleep", "[\"1\"]", "!TypeError");
    T("sys.sleep", "[null]", "!TypeError");
    T("sys.sleep", "[]", "!TypeError");

    T("sys.sleep_until", "[\"2001-01-01T00:00:00Z\"]", "null");
    char args[80];
    time_t soon = time(NULL) + 60;
    struct tm tm;
    gmtime_r(&soon, &tm);
    strftime(args, sizeof args, "[\"%Y-%m-%dT%H:%M:%SZ\"]", &tm);
    T("sys.sleep_until", args, "null");
    time_t far = time(NULL) + 2 * 31536000;
    gmtime_r(&far, &tm);
    strftime(args, sizeof args, "[\"%Y-%m-%dT%H:%M:%SZ\"]", &tm);
    T("sys.sleep_until", args, "!ValueError");
    T("sys.sleep_until", "[\"yesterday\"]", "!ValueError");
    T("sys.sleep_until", "[1700000000]", "!TypeError");
    wfrt_opts.sleep_scale = scale;
}

/* ---- experimental.* ---- */

static void test_experimental(void)
{
    check_msg("experimental.executions.run", "[]", "!SystemError", "not supported");
    check_msg("experimental.executions.map", "[{\"a\": 1}]", "!SystemError", "not supported");
    check_msg("experimental.executions.execution_error", "[]", "!SystemError", "not supported");
}

/* ---- arguments are never changed ---- */

/* Calls name(first, second) on values the test also holds and checks that
 * both read the same afterwards: the library copies before it changes. */
static void unchanged(const char *name, const char *first_json, const char *second_json,
                      bool same_value)
{
    wfrt_val first = parse(first_json);
    wfrt_val second = same_value ? wfrt_retain(first) : parse(second_json);
    char *before1 = show(first), *before2 = show(second);
    wfrt_val args[2] = {first, second}, out;
    bool ok = lookup(name)(args, 2, &out);
    char *after1 = show(first), *after2 = show(second);
    char *result = ok ? show(out) : strdup("<error>");
    char why[512];
    snprintf(why, sizeof why, "before %s %s, after %s %s, result %s", before1, before2, after1,
             after2, result);
    unit_check(ok && strcmp(before1, after1) == 0 && strcmp(before2, after2) == 0, why,
               "%s(%s, %s) leaves its arguments unchanged", name, first_json,
               same_value ? "the same value" : second_json);
    if (ok)
        wfrt_release(out);
    else
        wfrt_release(wfrt_error_take());
    free(before1), free(before2), free(after1), free(after2), free(result);
    wfrt_release(first);
    wfrt_release(second);
}

static void test_unchanged(void)
{
    unchanged("list.concat", "[1, [2]]", "3", false);
    unchanged("list.concat", "[1, 2]", NULL, true);
    unchanged("list.prepend", "[1, 2]", "0", false);
    unchanged("map.delete", "{\"a\": 1, \"b\": {\"c\": 2}}", "\"a\"", false);
    unchanged("map.merge", "{\"a\": 1}", "{\"a\": 2, \"b\": 3}", false);
    unchanged("map.merge", "{\"a\": 1}", NULL, true);
    unchanged("map.merge_nested", "{\"a\": {\"b\": {\"c\": 1}}, \"x\": 1}",
              "{\"a\": {\"b\": {\"d\": 2}, \"e\": 3}}", false);
    unchanged("map.merge_nested", "{\"a\": {\"b\": {\"c\": 1}}}", NULL, true);
    unchanged("map.get", "{\"a\": {\"b\": 1}}", "[\"a\"]", false);
    unchanged("default", "[1]", "[2]", false);

    /* A merge of a map with itself is the map. */
    wfrt_val m = parse("{\"a\": {\"b\": {\"c\": 1}}, \"x\": [1]}");
    wfrt_val args[2] = {m, m}, out;
    bool ok = wfrt_fn_map_merge_nested(args, 2, &out);
    unit_check(ok && wfrt_equal(out, m), NULL, "map.merge_nested(m, m) equals m");
    if (ok)
        wfrt_release(out);
    wfrt_release(m);
}

/* ---- depth and size ---- */

/* {"a": {"a": ... {leaf_key: leaf}}}, `depth` maps deep. */
static wfrt_val deep_map(size_t depth, const char *leaf_key, int64_t leaf)
{
    wfrt_val v = wfrt_map_new(1);
    wfrt_map_set(&v, wfrt_string_cstr(leaf_key), wfrt_int(leaf));
    for (size_t i = 1; i < depth; i++) {
        wfrt_val outer = wfrt_map_new(1);
        wfrt_map_set(&outer, wfrt_string("a", 1), v);
        v = outer;
    }
    return v;
}

static void test_large(void)
{
    /* merge_nested walks without recursion: 100,000 levels. */
    wfrt_val first = deep_map(100000, "x", 1), second = deep_map(100000, "y", 2);
    wfrt_val args[2] = {first, second}, out;
    bool ok = wfrt_fn_map_merge_nested(args, 2, &out);
    bool both = false;
    if (ok) {
        wfrt_val cur = out;
        const wfrt_val *next;
        while ((next = wfrt_map_find(cur, "a", 1)))
            cur = *next;
        both = wfrt_map_len(cur) == 2 && wfrt_map_find(cur, "x", 1) && wfrt_map_find(cur, "y", 1);
        wfrt_release(out);
    } else {
        wfrt_release(wfrt_error_take());
    }
    unit_check(ok && both, NULL, "map.merge_nested merges maps 100000 levels deep");
    wfrt_release(first);
    wfrt_release(second);

    /* RE2 matches in linear time where backtracking engines take forever. */
    size_t n = 50000;
    char *text = malloc(n + 1);
    memset(text, 'x', n);
    text[n] = '\0';
    wfrt_val margs[2] = {wfrt_string(text, n), wfrt_string_cstr("(x+x+)+y")};
    ok = wfrt_fn_text_match_regex(margs, 2, &out);
    unit_check(ok && out.type == WFRT_BOOL && !out.u.b, NULL,
               "text.match_regex(50000 x, \"(x+x+)+y\") is false, at once");
    if (!ok)
        wfrt_release(wfrt_error_take());
    wfrt_release(margs[0]);
    wfrt_release(margs[1]);

    /* find_all over a long text. */
    wfrt_val fargs[2] = {wfrt_string(text, n), wfrt_string_cstr("xx")};
    ok = wfrt_fn_text_find_all(fargs, 2, &out);
    unit_check(ok && wfrt_list_len(out) == n / 2, NULL, "text.find_all finds 25000 matches");
    if (ok)
        wfrt_release(out);
    wfrt_release(fargs[0]);
    wfrt_release(fargs[1]);
    free(text);
}

/* ---- threads ---- */

/* What each thread computes over and over: functions that use the C
 * library's locales, iconv, RE2 and the tz database. */
static const struct {
    const char *name, *args, *want;
} thread_cases[] = {
    {"text.to_upper", "[\"\u00e0b\u00e7\"]", "\"\u00c0B\u00c7\""},
    {"text.encode", "[\"h\u00e9\", \"ISO-8859-1\"]", "x'68e9'"},
    {"text.find_all_regex", "[\"a1b2\", \"[0-9]\"]",
     "[{\"index\":1,\"match\":\"1\"},{\"index\":3,\"match\":\"2\"}]"},
    {"time.format", "[1720788633, \"Europe/Paris\"]", "\"2024-07-12T14:50:33.000000+02:00\""},
    {"hash.compute_checksum", "[{\"$b\": \"abc\"}, \"MD5\"]",
     "x'900150983cd24fb0d6963f7d28e17f72'"},
};

static void *thread_main(void *arg)
{
    int *bad = arg;
    for (int round = 0; round < 100; round++) {
        for (size_t i = 0; i < sizeof thread_cases / sizeof thread_cases[0]; i++) {
            char *msg;
            char *got = call(thread_cases[i].name, thread_cases[i].args, &msg);
            *bad += strcmp(got, thread_cases[i].want) != 0;
            free(got);
            free(msg);
        }
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t threads[4];
    int bad[4] = {0};
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, thread_main, &bad[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    unit_check(bad[0] + bad[1] + bad[2] + bad[3] == 0, NULL,
               "4 threads at once get the same results (locale, iconv, RE2, tz, OpenSSL)");
}

/* ---- the table of ir/stdlib.c against the functions ---- */

static void test_table(void)
{
    for (size_t i = 0; i < wf_stdlib_count; i++) {
        const struct wf_func *f = &wf_stdlib[i];
        wfrt_fn fn = lookup(f->name);
        if (!fn || (f->flags & WF_FN_ARGS_UNKNOWN))
            continue; /* the symbols are tests/wfrt_lib_table.sh's business */
        /* One argument past the table's parameters is refused. */
        wfrt_val args[16];
        for (size_t k = 0; k < 16; k++)
            args[k] = wfrt_null();
        wfrt_val out;
        bool ok = fn(args, f->nparams + 1, &out);
        wfrt_val err = ok ? out : wfrt_error_take();
        unit_check(!ok && strcmp(first_tag(err), "TypeError") == 0 && strstr(message(err), "takes"),
                   message(err), "%s takes exactly the %u parameters of ir/stdlib.c", f->name,
                   f->nparams);
        wfrt_release(err);
        /* With nothing given, the first required parameter is missed. */
        const char *first = NULL;
        for (unsigned k = 0; k < f->nparams && !first; k++)
            if (f->params[k].required)
                first = f->params[k].name;
        if (!first)
            continue;
        for (size_t k = 0; k < f->nparams; k++)
            args[k] = wfrt_absent();
        ok = fn(args, f->nparams, &out);
        err = ok ? out : wfrt_error_take();
        char want[128];
        snprintf(want, sizeof want, "missing argument \"%s\"", first);
        unit_check(!ok && strstr(message(err), want), message(err), "%s: %s", f->name, want);
        wfrt_release(err);
    }
}

int main(void)
{
    test_helpers();
    test_base64();
    test_hash();
    test_json();
    test_list();
    test_map();
    test_math();
    test_text_plain();
    test_text_charsets();
    test_text_regex();
    test_time();
    test_uuid();
    test_retry();
    test_sys_log();
    test_sys_env();
    test_sys_time();
    test_experimental();
    test_unchanged();
    test_large();
    test_threads();
    test_table();
    return unit_exit();
}
