/*
 * expr.c - operator tables, the canonical printer and structural equality of
 * expression trees (ir/expr.h). The parser is in frontend/expr_parse.y.
 *
 * The printer writes the form `wfc fmt`-style tools and diagnostics show:
 * lower-case keywords, spaces around binary operators, and only the
 * parentheses that precedence and left-associativity require, so that the
 * text parses back to an equal tree. Two shapes have no source form and
 * print as the nearest text: negative number literals (the parser makes
 * them with unary minus) and non-finite doubles.
 *
 * Both printing and equality recurse over the tree; the parser bounds its
 * depth by WF_EXPR_MAX_DEPTH, so the C stack is safe.
 */
#include "config.h"

#include "ir/expr.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Binding power of postfix forms and atoms: above every operator. */
#define PREC_POSTFIX 8

/* SYNC expr-ops: indexed by enum wf_op. Spec §3: "not" (7) binds tighter
 * than unary "-" (6); both bind tighter than the binary operators. */
static const struct {
    const char *name;
    int prec;
} ops[] = {
    [WF_OP_NEG] = {"-", 6},   [WF_OP_NOT] = {"not", 7}, [WF_OP_MUL] = {"*", 5},
    [WF_OP_DIV] = {"/", 5},   [WF_OP_IDIV] = {"//", 5}, [WF_OP_MOD] = {"%", 5},
    [WF_OP_ADD] = {"+", 4},   [WF_OP_SUB] = {"-", 4},   [WF_OP_EQ] = {"==", 3},
    [WF_OP_NE] = {"!=", 3},   [WF_OP_LT] = {"<", 3},    [WF_OP_LE] = {"<=", 3},
    [WF_OP_GT] = {">", 3},    [WF_OP_GE] = {">=", 3},   [WF_OP_IN] = {"in", 3},
    [WF_OP_AND] = {"and", 2}, [WF_OP_OR] = {"or", 1},
};

int wf_op_precedence(enum wf_op op)
{
    assert((size_t)op < sizeof ops / sizeof ops[0]);
    return ops[op].prec;
}

const char *wf_op_name(enum wf_op op)
{
    assert((size_t)op < sizeof ops / sizeof ops[0]);
    return ops[op].name;
}

/* ---- printing ---- */

/* Where printed text goes: a FILE, a buffer, or nowhere (buf == NULL) when
 * only the length is wanted. */
struct sink {
    FILE *f;
    char *buf;
    size_t len;
};

static void put(struct sink *s, const char *text, size_t n)
{
    if (s->f)
        fwrite(text, 1, n, s->f);
    else if (s->buf)
        memcpy(s->buf + s->len, text, n);
    s->len += n;
}

static void puts_(struct sink *s, const char *text)
{
    put(s, text, strlen(text));
}

/* JSON escapes for quotes, backslashes and control characters; every other
 * byte, UTF-8 included, as it is. */
static void print_string(struct sink *s, const char *str, size_t len)
{
    put(s, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)str[i];
        const char *esc = c == '"'    ? "\\\""
                          : c == '\\' ? "\\\\"
                          : c == '\b' ? "\\b"
                          : c == '\f' ? "\\f"
                          : c == '\n' ? "\\n"
                          : c == '\r' ? "\\r"
                          : c == '\t' ? "\\t"
                                      : NULL;
        char hex[8];
        if (!esc && (c < 0x20 || c == 0x7f)) {
            snprintf(hex, sizeof hex, "\\u%04x", c);
            esc = hex;
        }
        if (esc)
            puts_(s, esc);
        else
            put(s, str + i, 1);
    }
    put(s, "\"", 1);
}

/* The shortest digits that read back as the same double, laid out like
 * Python's repr: positional from 1e-4 up to 1e16, with an exponent outside
 * ("1e-7", "1e16"), and always with a "." or an exponent so that the text
 * reads back as a double, not an integer. */
static void print_double(struct sink *s, double d)
{
    char buf[48];
    if (!isfinite(d)) {
        snprintf(buf, sizeof buf, "%g", d);
        puts_(s, buf);
        return;
    }
    int digits = 1;
    for (; digits < 17; digits++) {
        snprintf(buf, sizeof buf, "%.*e", digits - 1, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    snprintf(buf, sizeof buf, "%.*e", digits - 1, d);
    char *e = strchr(buf, 'e');
    int exp = atoi(e + 1);
    if (exp >= -4 && exp < 16) {
        int decimals = digits - 1 - exp;
        snprintf(buf, sizeof buf, "%.*f", decimals > 0 ? decimals : 0, d);
        if (!strchr(buf, '.'))
            strcat(buf, ".0");
    } else {
        snprintf(e + 1, sizeof buf - (size_t)(e + 1 - buf), "%d", exp); /* "1e-7", not "1e-07" */
    }
    puts_(s, buf);
}

static int expr_prec(const wf_expr *e)
{
    if (e->kind == WF_EXPR_UNARY)
        return wf_op_precedence(e->u.unary.op);
    if (e->kind == WF_EXPR_BINARY)
        return wf_op_precedence(e->u.binary.op);
    return PREC_POSTFIX;
}

static void print_expr(struct sink *s, const wf_expr *e);

/* `e` in parentheses when it binds more loosely than `min`. */
static void print_operand(struct sink *s, const wf_expr *e, int min)
{
    bool parens = expr_prec(e) < min;
    if (parens)
        put(s, "(", 1);
    print_expr(s, e);
    if (parens)
        put(s, ")", 1);
}

static void print_items(struct sink *s, wf_expr *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            put(s, ", ", 2);
        print_expr(s, items[i]);
    }
}

/* A prefix operator applies to a whole unary expression, so only binary
 * operands need parentheses; "- -x" keeps its space so it never reads as
 * one token. */
static void print_unary(struct sink *s, const wf_expr *e)
{
    const wf_expr *x = e->u.unary.operand;
    if (e->u.unary.op == WF_OP_NOT)
        put(s, "not ", 4);
    else if (x->kind == WF_EXPR_UNARY)
        put(s, "- ", 2);
    else
        put(s, "-", 1);
    print_operand(s, x, ops[WF_OP_NEG].prec);
}

/* Left-associative: an equal-precedence operand needs parentheses only on
 * the right, as in `a - (b - c)`. */
static void print_binary(struct sink *s, const wf_expr *e)
{
    int prec = wf_op_precedence(e->u.binary.op);
    print_operand(s, e->u.binary.lhs, prec);
    put(s, " ", 1);
    puts_(s, wf_op_name(e->u.binary.op));
    put(s, " ", 1);
    print_operand(s, e->u.binary.rhs, prec + 1);
}

static void print_expr(struct sink *s, const wf_expr *e)
{
    char buf[32];
    switch (e->kind) {
    case WF_EXPR_NULL:
        puts_(s, "null");
        break;
    case WF_EXPR_BOOL:
        puts_(s, e->u.b ? "true" : "false");
        break;
    case WF_EXPR_INT:
        snprintf(buf, sizeof buf, "%" PRId64, e->u.i);
        puts_(s, buf);
        break;
    case WF_EXPR_DOUBLE:
        print_double(s, e->u.d);
        break;
    case WF_EXPR_STRING:
        print_string(s, e->u.str.s, e->u.str.len);
        break;
    case WF_EXPR_LIST:
        put(s, "[", 1);
        print_items(s, e->u.list.items, e->u.list.n);
        put(s, "]", 1);
        break;
    case WF_EXPR_NAME:
        puts_(s, e->u.name);
        break;
    case WF_EXPR_FIELD:
        print_operand(s, e->u.field.obj, PREC_POSTFIX);
        put(s, ".", 1);
        puts_(s, e->u.field.name);
        break;
    case WF_EXPR_INDEX:
        print_operand(s, e->u.index.obj, PREC_POSTFIX);
        put(s, "[", 1);
        print_expr(s, e->u.index.index);
        put(s, "]", 1);
        break;
    case WF_EXPR_CALL:
        puts_(s, e->u.call.callee);
        put(s, "(", 1);
        print_items(s, e->u.call.args, e->u.call.nargs);
        put(s, ")", 1);
        break;
    case WF_EXPR_UNARY:
        print_unary(s, e);
        break;
    case WF_EXPR_BINARY:
        print_binary(s, e);
        break;
    }
}

void wf_expr_print(FILE *out, const wf_expr *e)
{
    struct sink s = {.f = out};
    print_expr(&s, e);
}

char *wf_expr_to_string(wf_arena *a, const wf_expr *e)
{
    struct sink s = {0};
    print_expr(&s, e); /* measure */
    s.buf = wf_arena_alloc(a, s.len + 1);
    s.len = 0;
    print_expr(&s, e);
    s.buf[s.len] = '\0';
    return s.buf;
}

/* ---- equality ---- */

static bool items_equal(wf_expr *const *a, size_t na, wf_expr *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (!wf_expr_equal(a[i], b[i]))
            return false;
    return true;
}

/* Names are compared by content: the trees may come from different tables. */
static bool same_name(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

bool wf_expr_equal(const wf_expr *a, const wf_expr *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case WF_EXPR_NULL:
        return true;
    case WF_EXPR_BOOL:
        return a->u.b == b->u.b;
    case WF_EXPR_INT:
        return a->u.i == b->u.i;
    case WF_EXPR_DOUBLE:
        return memcmp(&a->u.d, &b->u.d, sizeof a->u.d) == 0;
    case WF_EXPR_STRING:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case WF_EXPR_LIST:
        return items_equal(a->u.list.items, a->u.list.n, b->u.list.items, b->u.list.n);
    case WF_EXPR_NAME:
        return same_name(a->u.name, b->u.name);
    case WF_EXPR_FIELD:
        return same_name(a->u.field.name, b->u.field.name) &&
               wf_expr_equal(a->u.field.obj, b->u.field.obj);
    case WF_EXPR_INDEX:
        return wf_expr_equal(a->u.index.obj, b->u.index.obj) &&
               wf_expr_equal(a->u.index.index, b->u.index.index);
    case WF_EXPR_CALL:
        return same_name(a->u.call.callee, b->u.call.callee) &&
               items_equal(a->u.call.args, a->u.call.nargs, b->u.call.args, b->u.call.nargs);
    case WF_EXPR_UNARY:
        return a->u.unary.op == b->u.unary.op &&
               wf_expr_equal(a->u.unary.operand, b->u.unary.operand);
    case WF_EXPR_BINARY:
        return a->u.binary.op == b->u.binary.op &&
               wf_expr_equal(a->u.binary.lhs, b->u.binary.lhs) &&
               wf_expr_equal(a->u.binary.rhs, b->u.binary.rhs);
    }
    return false;
}

/* SYNC keywords: the spellings frontend/expr_lex.re accepts. */
static const struct {
    const char *lower;
    const char *spellings; /* accepted, space-separated */
    const char *human;     /* the same for messages */
} keyword_spellings[] = {
    {"true", "true True TRUE", "true, True or TRUE"},
    {"false", "false False FALSE", "false, False or FALSE"},
    {"null", "null", "null"},
    {"and", "and AND", "and or AND"},
    {"or", "or OR", "or or OR"},
    {"not", "not NOT", "not or NOT"},
    {"in", "in", "in"},
};

static bool same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return *a == *b;
}

static bool accepted(const char *spellings, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = spellings; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && memcmp(p, name, n) == 0)
            return true;
        p += k + (p[k] == ' ');
    }
    return false;
}

const char *wf_expr_dotted(wf_arena *a, const wf_expr *e)
{
    if (e->kind == WF_EXPR_NAME)
        return e->read ? NULL : e->u.name;
    if (e->kind != WF_EXPR_FIELD)
        return NULL;
    const char *base = wf_expr_dotted(a, e->u.field.obj);
    return base ? wf_arena_printf(a, "%s.%s", base, e->u.field.name) : NULL;
}

const char *wf_expr_miscased_keyword(const char *name)
{
    for (size_t i = 0; i < sizeof keyword_spellings / sizeof keyword_spellings[0]; i++)
        if (same_ignoring_case(name, keyword_spellings[i].lower) &&
            !accepted(keyword_spellings[i].spellings, name))
            return keyword_spellings[i].lower;
    return NULL;
}

const char *wf_expr_keyword_spellings(const char *lower)
{
    for (size_t i = 0; i < sizeof keyword_spellings / sizeof keyword_spellings[0]; i++)
        if (strcmp(keyword_spellings[i].lower, lower) == 0)
            return keyword_spellings[i].human;
    return NULL;
}

void wf_expr_visit(const wf_expr *e, void (*fn)(void *ud, const wf_expr *e), void *ud)
{
    fn(ud, e);
    switch (e->kind) {
    case WF_EXPR_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            wf_expr_visit(e->u.list.items[i], fn, ud);
        break;
    case WF_EXPR_FIELD:
        wf_expr_visit(e->u.field.obj, fn, ud);
        break;
    case WF_EXPR_INDEX:
        wf_expr_visit(e->u.index.obj, fn, ud);
        wf_expr_visit(e->u.index.index, fn, ud);
        break;
    case WF_EXPR_CALL:
        for (size_t i = 0; i < e->u.call.nargs; i++)
            wf_expr_visit(e->u.call.args[i], fn, ud);
        break;
    case WF_EXPR_UNARY:
        wf_expr_visit(e->u.unary.operand, fn, ud);
        break;
    case WF_EXPR_BINARY:
        wf_expr_visit(e->u.binary.lhs, fn, ud);
        wf_expr_visit(e->u.binary.rhs, fn, ud);
        break;
    default:
        break;
    }
}
