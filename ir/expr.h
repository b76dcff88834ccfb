/*
 * expr.h - the expression language of Workflows (`${...}`): the syntax tree,
 * the printer and structural equality.
 *
 * The lexer (frontend/expr_lex.re) and the parser (frontend/expr_parse.y,
 * entry points in frontend/expr.h) build these trees; everything downstream
 * (checks, type inference, backends) reads them and may build new ones. Positions are byte offsets
 * into the text that was parsed, i.e. the string value of the YAML scalar; frontend/build.c turns
 * them into line:col spans when the scalar sits on one line.
 * Grammar and precedence: ../shared/spec/expressions.md §2-3.
 */
#ifndef WF_EXPR_H
#define WF_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "support/arena.h"
#include "support/strtab.h"

enum wf_expr_kind {
    WF_EXPR_NULL,   /* null */
    WF_EXPR_BOOL,   /* true, True, TRUE, false, ... */
    WF_EXPR_INT,    /* 42 (no sign: "-" is the unary operator) */
    WF_EXPR_DOUBLE, /* 4.2, 1e3 */
    WF_EXPR_STRING, /* "text" with escapes decoded */
    WF_EXPR_LIST,   /* [a, b] */
    WF_EXPR_NAME,   /* a variable (or a module, as the base of a field chain) */
    WF_EXPR_FIELD,  /* obj.name */
    WF_EXPR_INDEX,  /* obj[index] */
    WF_EXPR_CALL,   /* callee(args): callee is a dotted name such as "sys.get_env" */
    WF_EXPR_UNARY,  /* -x, not x */
    WF_EXPR_BINARY, /* a + b, a and b, a in b, ... */
};

/* SYNC expr-ops: the order of this enum matches the tables in expr.c. */
enum wf_op {
    WF_OP_NEG, /* unary - */
    WF_OP_NOT, /* not */
    WF_OP_MUL,
    WF_OP_DIV,
    WF_OP_IDIV, /* // */
    WF_OP_MOD,
    WF_OP_ADD,
    WF_OP_SUB,
    WF_OP_EQ,
    WF_OP_NE,
    WF_OP_LT,
    WF_OP_LE,
    WF_OP_GT,
    WF_OP_GE,
    WF_OP_IN,
    WF_OP_AND,
    WF_OP_OR,
};

/* The deepest tree the parser builds (nodes on the longest path from the
 * root) and the deepest bracket nesting it accepts; deeper input is the error
 * "expression is nested too deeply". wf_expr_print and wf_expr_equal recurse
 * and rely on this bound; code that builds trees must stay within it too. */
#define WF_EXPR_MAX_DEPTH 1000

typedef struct wf_expr wf_expr;
struct wf_expr {
    enum wf_expr_kind kind;
    uint32_t off, end; /* byte range [off, end) in the parsed text */
    uint32_t read;     /* WF_EXPR_NAME: 1 + index of this read in its workflow's
                          names.uses, set by ir/resolve.c; 0 otherwise */
    union {
        bool b;
        int64_t i;
        double d;
        struct {
            const char *s; /* decoded bytes, NUL-terminated, arena-owned */
            size_t len;    /* may contain NUL bytes (from \u0000) */
        } str;
        struct {
            wf_expr **items;
            size_t n;
        } list;
        const char *name; /* WF_EXPR_NAME: interned */
        struct {
            wf_expr *obj;
            const char *name;  /* interned */
            uint32_t name_off; /* byte offset of the field name */
        } field;
        struct {
            wf_expr *obj;
            wf_expr *index;
        } index;
        struct {
            const char *callee;  /* interned dotted name: "len", "sys.get_env" */
            uint32_t callee_end; /* callee spans [off, callee_end) */
            wf_expr **args;
            size_t nargs;
        } call;
        struct {
            enum wf_op op;
            wf_expr *operand;
        } unary;
        struct {
            enum wf_op op;
            wf_expr *lhs, *rhs;
        } binary;
    } u;
};

/* Binding power of an operator: higher binds tighter (OR 1 ... unary 7). */
int wf_op_precedence(enum wf_op op);

/* The operator as written ("+", "and", "not", ...). */
const char *wf_op_name(enum wf_op op);

/* Prints `e` in canonical form: lower-case keywords, minimal parentheses,
 * strings with JSON escapes; the result re-parses to the same tree. */
void wf_expr_print(FILE *out, const wf_expr *e);

/* The same into an arena string. */
char *wf_expr_to_string(wf_arena *a, const wf_expr *e);

/* Structural equality, ignoring positions (doubles compared bitwise). */
bool wf_expr_equal(const wf_expr *a, const wf_expr *b);

/* Calls `fn` on `e` and every sub-expression, parents first (recursion
 * bounded by WF_EXPR_MAX_DEPTH). */
void wf_expr_visit(const wf_expr *e, void (*fn)(void *ud, const wf_expr *e), void *ud);

/* The dotted name "a.b.c" a chain of fields spells when its base reads no
 * variable (a module, a workflow, a library value such as
 * http.default_retry: `read` is 0 once ir/resolve.c has run), in `a`; NULL
 * for any other expression. */
const char *wf_expr_dotted(wf_arena *a, const wf_expr *e);

/* For a name that is a keyword in a case Workflows does not accept ("tRue",
 * "And", "Null", "IN"), the keyword in lower case; else NULL. */
const char *wf_expr_miscased_keyword(const char *name);

/* The accepted spellings of a keyword given in lower case, for messages
 * ("true, True or TRUE"), or NULL. */
const char *wf_expr_keyword_spellings(const char *lower);

#endif
