/*
 * test_expr.c - unit tests of the expression lexer and parser
 * (frontend/expr_lex.re, frontend/expr_parse.y) and of the printer and
 * equality (ir/expr.c). Run as `test_expr DIR` with DIR = testdata/expr.
 *
 * Most cases are lines of the files in DIR, each file with its own format
 * (described at the top of each file): roundtrip.txt, print.txt, trees.txt,
 * spans.txt, errors.txt and targets.txt. Inputs a text line cannot hold
 * (raw newlines, NUL bytes, 100,000 brackets) are built in this file.
 *
 * Every input is copied into a malloc'ed buffer of exactly its length, with
 * no terminator, so that AddressSanitizer catches a read past `len`.
 */
#include "config.h"

#include "frontend/expr.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

struct parse_result {
    wf_expr *e;
    struct wf_expr_error err;
};

/* Parses text[0..len) from an exact-size copy. */
static struct parse_result parse_n(wf_arena *a, wf_strtab *strs, const char *text, size_t len,
                                   bool target)
{
    char *copy = wf_xmalloc(len);
    if (len)
        memcpy(copy, text, len);
    struct parse_result r = {0};
    r.e = target ? wf_expr_parse_target(a, strs, copy, len, &r.err)
                 : wf_expr_parse(a, strs, copy, len, &r.err);
    free(copy);
    return r;
}

static struct parse_result parse(wf_arena *a, wf_strtab *strs, const char *text, bool target)
{
    return parse_n(a, strs, text, strlen(text), target);
}

static char *error_text(wf_arena *a, const struct parse_result *r)
{
    return wf_arena_printf(a, "%u:%u: %s", r->err.off, r->err.end, r->err.msg);
}

/* ---- s-expressions: the shape of a tree, spelled out ---- */

static void dump(FILE *f, const wf_expr *e, bool spans);

static void dump_head(FILE *f, const char *head, const wf_expr *e, bool spans)
{
    fprintf(f, "(%s", head);
    if (spans)
        fprintf(f, "@%u:%u", e->off, e->end);
}

static void dump_items(FILE *f, wf_expr *const *items, size_t n, bool spans)
{
    for (size_t i = 0; i < n; i++) {
        fputc(' ', f);
        dump(f, items[i], spans);
    }
}

/* Literals print in their canonical form: (int 42), (string "a\n"). */
static void dump_literal(FILE *f, const char *head, const wf_expr *e, bool spans)
{
    dump_head(f, head, e, spans);
    fputc(' ', f);
    wf_expr_print(f, e);
    fputc(')', f);
}

static void dump(FILE *f, const wf_expr *e, bool spans)
{
    switch (e->kind) {
    case WF_EXPR_NULL:
        dump_head(f, "null", e, spans);
        break;
    case WF_EXPR_BOOL:
        dump_literal(f, "bool", e, spans);
        return;
    case WF_EXPR_INT:
        dump_literal(f, "int", e, spans);
        return;
    case WF_EXPR_DOUBLE:
        dump_literal(f, "double", e, spans);
        return;
    case WF_EXPR_STRING:
        dump_literal(f, "string", e, spans);
        return;
    case WF_EXPR_LIST:
        dump_head(f, "list", e, spans);
        dump_items(f, e->u.list.items, e->u.list.n, spans);
        break;
    case WF_EXPR_NAME:
        dump_head(f, "name", e, spans);
        fprintf(f, " %s", e->u.name);
        break;
    case WF_EXPR_FIELD:
        dump_head(f, "field", e, spans);
        fputc(' ', f);
        dump(f, e->u.field.obj, spans);
        fprintf(f, " %s", e->u.field.name);
        if (spans)
            fprintf(f, "@%u", e->u.field.name_off);
        break;
    case WF_EXPR_INDEX:
        dump_head(f, "index", e, spans);
        fputc(' ', f);
        dump(f, e->u.index.obj, spans);
        fputc(' ', f);
        dump(f, e->u.index.index, spans);
        break;
    case WF_EXPR_CALL:
        dump_head(f, "call", e, spans);
        fprintf(f, " %s", e->u.call.callee);
        if (spans)
            fprintf(f, "@%u:%u", e->off, e->u.call.callee_end);
        dump_items(f, e->u.call.args, e->u.call.nargs, spans);
        break;
    case WF_EXPR_UNARY:
        dump_head(f, e->u.unary.op == WF_OP_NEG ? "neg" : "not", e, spans);
        fputc(' ', f);
        dump(f, e->u.unary.operand, spans);
        break;
    case WF_EXPR_BINARY:
        dump_head(f, wf_op_name(e->u.binary.op), e, spans);
        fputc(' ', f);
        dump(f, e->u.binary.lhs, spans);
        fputc(' ', f);
        dump(f, e->u.binary.rhs, spans);
        break;
    }
    fputc(')', f);
}

static char *dump_string(wf_arena *a, const wf_expr *e, bool spans)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        wf_fatal_oom();
    dump(f, e, spans);
    fclose(f);
    char *s = wf_arena_strndup(a, buf, size);
    free(buf);
    return s;
}

/* ---- data files ---- */

/* One case: its line, and the text before and after " => " (rhs is NULL
 * when the line has no arrow). */
struct line {
    const char *file;
    unsigned no;
    const char *lhs, *rhs;
};

typedef void case_fn(wf_arena *a, wf_strtab *strs, const struct line *ln);

static bool is_blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

/* Runs `fn` on every case of DIR/file; a file that cannot be read fails. */
static void run_file(const char *dir, const char *file, case_fn *fn)
{
    char *path = wf_xmalloc(strlen(dir) + strlen(file) + 2);
    sprintf(path, "%s/%s", dir, file);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f) {
        unit_check(false, "cannot open it in the test data directory", "%s", file);
        return;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned no = 0;
    while ((n = getline(&buf, &cap, f)) >= 0) {
        no++;
        if (n > 0 && buf[n - 1] == '\n')
            buf[--n] = '\0';
        if (buf[0] == '#' || is_blank(buf))
            continue;
        wf_arena *a = wf_arena_new();
        struct line ln = {.file = file, .no = no, .lhs = buf};
        char *arrow = strstr(buf, " => ");
        if (arrow) {
            ln.lhs = wf_arena_strndup(a, buf, (size_t)(arrow - buf));
            ln.rhs = arrow + 4;
        }
        fn(a, wf_strtab_new(a), &ln);
        wf_arena_free(a);
    }
    free(buf);
    fclose(f);
}

/* Why parse -> print -> parse of `text` fails to round-trip, or NULL. */
static const char *roundtrip_failure(wf_arena *a, wf_strtab *strs, const char *text)
{
    struct parse_result r1 = parse(a, strs, text, false);
    if (!r1.e)
        return error_text(a, &r1);
    char *s1 = wf_expr_to_string(a, r1.e);
    struct parse_result r2 = parse(a, strs, s1, false);
    if (!r2.e)
        return wf_arena_printf(a, "printed as %s, which does not parse: %s", s1,
                               error_text(a, &r2));
    if (!wf_expr_equal(r1.e, r2.e))
        return wf_arena_printf(a, "printed as %s, which parses to %s instead of %s", s1,
                               dump_string(a, r2.e, false), dump_string(a, r1.e, false));
    char *s2 = wf_expr_to_string(a, r2.e);
    if (strcmp(s1, s2) != 0)
        return wf_arena_printf(a, "printed as %s, then as %s", s1, s2);
    return NULL;
}

/* roundtrip.txt: EXPR. Parse, print, parse again: equal trees, and the
 * printed form prints the same again. */
static void roundtrip_case(wf_arena *a, wf_strtab *strs, const struct line *ln)
{
    const char *why = roundtrip_failure(a, strs, ln->lhs);
    unit_check(why == NULL, why, "%s:%u: %s", ln->file, ln->no, ln->lhs);
}

/* print.txt: EXPR => CANONICAL. */
static void print_case(wf_arena *a, wf_strtab *strs, const struct line *ln)
{
    struct parse_result r = parse(a, strs, ln->lhs, false);
    const char *why = NULL;
    if (!ln->rhs)
        why = "no \" => \" in the line";
    else if (!r.e)
        why = error_text(a, &r);
    else if (strcmp(wf_expr_to_string(a, r.e), ln->rhs) != 0)
        why = wf_arena_printf(a, "printed as %s", wf_expr_to_string(a, r.e));
    unit_check(why == NULL, why, "%s:%u: %s", ln->file, ln->no, ln->lhs);
}

/* Checks one tree or error expectation: an expected text starting with "("
 * is a tree, anything else "OFF:END: message". */
static void expect(wf_arena *a, wf_strtab *strs, const struct line *ln, bool target, bool spans)
{
    struct parse_result r = parse(a, strs, ln->lhs, target);
    const char *got = r.e ? dump_string(a, r.e, spans) : error_text(a, &r);
    const char *why = NULL;
    if (!ln->rhs)
        why = "no \" => \" in the line";
    else if (strcmp(got, ln->rhs) != 0)
        why = wf_arena_printf(a, "got %s", got);
    unit_check(why == NULL, why, "%s:%u: %s", ln->file, ln->no, ln->lhs);
}

/* trees.txt and errors.txt: EXPR => (S-EXPRESSION) or EXPR => OFF:END: message. */
static void expr_case(wf_arena *a, wf_strtab *strs, const struct line *ln)
{
    expect(a, strs, ln, false, false);
}

/* spans.txt: EXPR => S-EXPRESSION with byte ranges, `(head@off:end ...)`. */
static void span_case(wf_arena *a, wf_strtab *strs, const struct line *ln)
{
    expect(a, strs, ln, false, true);
}

/* targets.txt: TARGET => (S-EXPRESSION) or TARGET => OFF:END: message. */
static void target_case(wf_arena *a, wf_strtab *strs, const struct line *ln)
{
    expect(a, strs, ln, true, false);
}

/* ---- cases built here ---- */

/* Expects text[0..len) to fail with `want` ("OFF:END: message"), or with
 * that message at any position when want starts with "*: ". */
static void expect_error_n(const char *name, const char *text, size_t len, const char *want)
{
    wf_arena *a = wf_arena_new();
    struct parse_result r = parse_n(a, wf_strtab_new(a), text, len, false);
    const char *why = NULL;
    if (r.e)
        why = wf_arena_printf(a, "parsed as %s", wf_expr_to_string(a, r.e));
    else if (strncmp(want, "*: ", 3) == 0 ? strcmp(r.err.msg, want + 3) != 0
                                          : strcmp(error_text(a, &r), want) != 0)
        why = error_text(a, &r);
    else if (r.err.off > r.err.end || r.err.end > len)
        why = wf_arena_printf(a, "range %u:%u outside the text", r.err.off, r.err.end);
    unit_check(why == NULL, why, "%s", name);
    wf_arena_free(a);
}

/* Expects text[0..len) to parse to the s-expression `want`. */
static void expect_tree_n(const char *name, const char *text, size_t len, const char *want)
{
    wf_arena *a = wf_arena_new();
    struct parse_result r = parse_n(a, wf_strtab_new(a), text, len, false);
    const char *got = r.e ? dump_string(a, r.e, false) : error_text(a, &r);
    unit_check(strcmp(got, want) == 0, got, "%s", name);
    wf_arena_free(a);
}

/* `n` copies of `unit`, then `middle`, then `n` copies of `close`. */
static char *nest(const char *unit, const char *middle, const char *close, size_t n)
{
    size_t lu = strlen(unit), lm = strlen(middle), lc = strlen(close);
    char *s = wf_xmalloc(n * (lu + lc) + lm + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += lu)
        memcpy(p, unit, lu);
    memcpy(p, middle, lm);
    p += lm;
    for (size_t i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static void expect_deep_error(const char *name, char *text, const char *want)
{
    expect_error_n(name, text, strlen(text), want);
    free(text);
}

/* A text just within the limits parses, prints and parses back. */
static void expect_deep_ok(const char *name, char *text)
{
    wf_arena *a = wf_arena_new();
    const char *why = roundtrip_failure(a, wf_strtab_new(a), text);
    unit_check(why == NULL, why ? "does not round-trip" : NULL, "%s", name);
    wf_arena_free(a);
    free(text);
}

/* Hostile nesting ends in an error, never in a stack overflow. */
static void test_depth(void)
{
    expect_deep_error("deep: 100000 (", nest("(", "", "", 100000),
                      "1000:1001: expression is nested too deeply");
    expect_deep_error("deep: 100000 ( x )", nest("(", "x", ")", 100000),
                      "1000:1001: expression is nested too deeply");
    expect_deep_error("deep: 100000 [", nest("[", "1", "]", 100000),
                      "1000:1001: expression is nested too deeply");
    expect_deep_error("deep: 100000 a[", nest("a[", "1", "]", 100000),
                      "2001:2002: expression is nested too deeply");
    expect_deep_error("deep: 100000 f(", nest("f(", "1", ")", 100000),
                      "2001:2002: expression is nested too deeply");
    expect_deep_error("deep: 100000 not", nest("not ", "x", "", 100000),
                      "*: expression is nested too deeply");
    expect_deep_error("deep: 100000 -", nest("-", "x", "", 100000),
                      "*: expression is nested too deeply");
    expect_deep_error("deep: 100000 {", nest("{", "", "", 100000),
                      "0:1: map literals are not supported inside expressions; build the map "
                      "in an assign step");
    expect_deep_error("deep: 1000 not", nest("not ", "x", "", 1000),
                      "0:3: expression is nested too deeply");
    expect_deep_error("deep: 2000-term sum", nest("1+", "1", "", 2000),
                      "1999:2000: expression is nested too deeply");
    expect_deep_error("deep: 2000 fields", nest("", "a", ".b", 2000),
                      "2000:2001: expression is nested too deeply");
    expect_deep_error("deep: 2000 subscripts", nest("", "a", "[0]", 2000),
                      "2998:2999: expression is nested too deeply");
    expect_deep_error("deep: 1000 lists", nest("[", "1", "]", 1000),
                      "0:1: expression is nested too deeply");
    expect_deep_error("deep: 1200 a + (", nest("a + (", "b", ")", 1200),
                      "5004:5005: expression is nested too deeply");
    expect_deep_ok("deep: 999 not", nest("not ", "x", "", 999));
    expect_deep_ok("deep: 999 -", nest("-", "x", "", 999));
    expect_deep_ok("deep: 1000 parens", nest("(", "x", ")", 1000));
    expect_deep_ok("deep: 999 lists", nest("[", "1", "]", 999));
    expect_deep_ok("deep: 999-term sum", nest("1 + ", "1", "", 998));
    expect_deep_ok("deep: 999 right-nested sums", nest("1 - (", "1", ")", 998));
    expect_deep_ok("deep: 998 fields", nest("", "a", ".b", 998));
}

/* Raw newlines, NUL bytes, invalid UTF-8, and slices of longer text. */
static void test_raw_bytes(void)
{
    expect_error_n("raw: newline in string", "\"ab\ncd\"", 7, "0:3: unterminated string");
    expect_error_n("raw: CR in string", "\"ab\rcd\"", 7, "0:3: unterminated string");
    expect_error_n("raw: escaped newline in string", "\"ab\\\ncd\"", 8, "0:4: unterminated string");
    expect_tree_n("raw: expression over lines", "a +\n  b\r\n* c", 12,
                  "(+ (name a) (* (name b) (name c)))");
    expect_tree_n("raw: tabs", "\ta\t==\tb\t", 8, "(== (name a) (name b))");
    expect_tree_n("raw: tab in string", "\"a\tb\"", 5, "(string \"a\\tb\")");
    expect_tree_n("raw: NUL in string", "\"a\0b\"", 5, "(string \"a\\u0000b\")");
    expect_tree_n("raw: escaped NUL", "\"a\\u0000b\"", 10, "(string \"a\\u0000b\")");
    expect_error_n("raw: NUL outside string", "a \0 b", 5,
                   "2:3: unexpected control character U+0000");
    expect_error_n("raw: NUL after expression", "a\0", 2,
                   "1:2: unexpected control character U+0000");
    expect_error_n("raw: bell", "a \a", 3, "2:3: unexpected control character U+0007");
    expect_error_n("raw: invalid UTF-8", "a + \xff", 5, "4:5: invalid UTF-8 byte 0xFF");
    expect_error_n("raw: truncated UTF-8", "a + \xc3", 5, "4:5: invalid UTF-8 byte 0xC3");
    expect_tree_n("raw: invalid UTF-8 in string kept", "\"\xff\"", 3, "(string \"\xff\")");
    expect_error_n("raw: unknown escape of a control byte", "\"\\\x01\"", 4,
                   "1:3: unknown escape: \"\\\" followed by byte 0x01");
    /* Slices: the bytes after `len` must not be read. */
    expect_tree_n("slice: 1.5e3 cut to 1.5", "1.5e3", 3, "(double 1.5)");
    expect_tree_n("slice: 12345 cut to 12", "12345", 2, "(int 12)");
    expect_tree_n("slice: abc cut to ab", "abc", 2, "(name ab)");
    expect_error_n("slice: a == b cut to a =", "a == b", 3,
                   "2:3: there is no \"=\" operator; use \"==\" to compare");
    expect_error_n("slice: 1e5 cut to 1e", "1e5", 2,
                   "1:2: found \"e\", expected an operator or end of expression");
    expect_error_n("slice: string cut before its quote", "\"ab\"", 3, "0:3: unterminated string");
    expect_error_n("slice: escape cut", "\"a\\n\"", 3, "0:3: unterminated string");
    expect_error_n("slice: \\u cut", "\"\\u0041\"", 5, "0:5: unterminated string");
    expect_error_n("slice: empty", "x", 0, "0:0: empty expression");
    expect_error_n("slice: != cut", "a != b", 3, "2:3: there is no \"!\" operator; use \"not\"");
}

/* `s` with newlines spelled "\\n", to name a case on one line. */
static const char *one_line(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s && n + 3 < size; s++) {
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

/* wf_expr_scan_end on whole scalars. */
static void test_scan_end(void)
{
    static const struct {
        const char *text;
        long want;
    } cases[] = {
        {"${a + b}", 7},
        {"${a} and ${b}", 3},
        {"${\"}\"}", 5},
        {"${m[\"}\"]}", 8},
        {"${\"a\\\"}\" + b}", 12},
        {"${\"a\\\\\"}", 7},
        {"${f([1, (2)], g(x))}", 19},
        {"${\"k\" in {\"k\": 1}}", 17},
        {"${'}'}", 5},
        {"${a)}", 4},
        {"${a]}", 4},
        {"${\"abc}", 6},
        {"${\"a\n}\"}", 5},
        {"${a + ${b}}", 10},
        {"${}", 2},
        {"${", -1},
        {"${a", -1},
        {"${(a}", -1},
        {"${[a}", -1},
        {"abc", -1},
        {"$", -1},
        {"{a}", -1},
        {"", -1},
        {"$ {a}", -1},
        {"${x}  ", 3},
        {"${a +\n b}", 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].text);
        char *copy = wf_xmalloc(len ? len : 1);
        memcpy(copy, cases[i].text, len);
        long got = wf_expr_scan_end(copy, len);
        free(copy);
        char why[64], name[64];
        snprintf(why, sizeof why, "got %ld, expected %ld", got, cases[i].want);
        unit_check(got == cases[i].want, why, "scan_end: %s",
                   one_line(name, sizeof name, cases[i].text));
    }
    /* The closing "}" lies just past the slice. */
    unit_check(wf_expr_scan_end("${a}", 3) == -1, NULL, "scan_end: slice stops before \"}\"");
    unit_check(wf_expr_scan_end("${\"a}\"}", 5) == 4, NULL,
               "scan_end: a string the slice cuts is not a string");
}

static void test_keywords(void)
{
    static const char *const yes[] = {"true", "True", "TRUE", "false", "False", "FALSE", "null",
                                      "and",  "AND",  "or",   "OR",    "not",   "NOT",   "in"};
    static const char *const no[] = {"And", "tRUE",  "Null", "NULL", "IN",   "In",  "nOT",  "",
                                     "tru", "trues", "x",    "oR",   "not_", "_in", "nulls"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        unit_check(wf_expr_is_keyword(yes[i], strlen(yes[i])), "not a keyword", "keyword: %s",
                   yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        unit_check(!wf_expr_is_keyword(no[i], strlen(no[i])), "is a keyword", "not keyword: %s",
                   no[i]);
    unit_check(wf_expr_is_keyword("andx", 3), NULL, "keyword: slice \"and\" of \"andx\"");
}

/* wf_expr_equal ignores positions but nothing else. */
static void test_equal(void)
{
    static const struct {
        const char *a, *b;
        bool equal;
    } cases[] = {
        {"a+b", "a   +   b", true},
        {"(a)", "a", true},
        {"TRUE", "true", true},
        {"NOT x", "not x", true},
        {"1", "1.0", false},
        {"1.0", "1e0", true},
        {"0.1", "0.10000000000000001", true},
        {"\"a\"", "\"a\\u0000\"", false},
        {"\"\\u00e9\"", "\"é\"", true},
        {"a.b", "a[\"b\"]", false},
        {"f(x)", "f(x, y)", false},
        {"[1, 2]", "[1, 2, 3]", false},
        {"[]", "[ ]", true},
        {"a - b", "a + b", false},
        {"-x", "not x", false},
        {"a.b(1)", "a.c(1)", false},
        {"null", "null", true},
        {"x", "y", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wf_arena *a = wf_arena_new();
        wf_strtab *s1 = wf_strtab_new(a), *s2 = wf_strtab_new(a);
        struct parse_result ra = parse(a, s1, cases[i].a, false);
        struct parse_result rb = parse(a, s2, cases[i].b, false); /* other table: names differ */
        bool ok = ra.e && rb.e && wf_expr_equal(ra.e, rb.e) == cases[i].equal &&
                  wf_expr_equal(rb.e, ra.e) == cases[i].equal;
        unit_check(ok, cases[i].equal ? "not equal" : "equal", "equal: %s %s %s", cases[i].a,
                   cases[i].equal ? "==" : "!=", cases[i].b);
        wf_arena_free(a);
    }
}

/* The operator tables agree with the spec's precedence levels. */
static void test_ops(void)
{
    static const struct {
        enum wf_op op;
        const char *name;
        int prec;
    } cases[] = {
        {WF_OP_OR, "or", 1},   {WF_OP_AND, "and", 2}, {WF_OP_EQ, "==", 3}, {WF_OP_NE, "!=", 3},
        {WF_OP_LT, "<", 3},    {WF_OP_LE, "<=", 3},   {WF_OP_GT, ">", 3},  {WF_OP_GE, ">=", 3},
        {WF_OP_IN, "in", 3},   {WF_OP_ADD, "+", 4},   {WF_OP_SUB, "-", 4}, {WF_OP_MUL, "*", 5},
        {WF_OP_DIV, "/", 5},   {WF_OP_IDIV, "//", 5}, {WF_OP_MOD, "%", 5}, {WF_OP_NEG, "-", 6},
        {WF_OP_NOT, "not", 7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        unit_check(strcmp(wf_op_name(cases[i].op), cases[i].name) == 0 &&
                       wf_op_precedence(cases[i].op) == cases[i].prec,
                   "wrong name or precedence", "op: %s", cases[i].name);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TESTDATA_EXPR_DIR\n", argv[0]);
        return 2;
    }
    run_file(argv[1], "roundtrip.txt", roundtrip_case);
    run_file(argv[1], "print.txt", print_case);
    run_file(argv[1], "trees.txt", expr_case);
    run_file(argv[1], "spans.txt", span_case);
    run_file(argv[1], "errors.txt", expr_case);
    run_file(argv[1], "targets.txt", target_case);
    test_depth();
    test_raw_bytes();
    test_scan_end();
    test_keywords();
    test_equal();
    test_ops();
    return unit_exit();
}
