/*
 * expr_parse.y - the grammar of `${...}` expressions and of assignment
 * targets, as a pure bison parser that builds wf_expr trees (ir/expr.h) in
 * the arena. Tokens come from wf_yylex in expr_lex.re, which shares the
 * struct wf_expr_parser declared below. The entry points wf_expr_parse and
 * wf_expr_parse_target (frontend/expr.h) are at the end of this file.
 *
 * It reports the first error only and does no recovery: one problem per
 * diagnostic, and since every value lives in the arena an abandoned parse
 * leaks nothing. It does not resolve names or check types (ir/resolve.c,
 * ir/types.c do), so `m.key(1)` is a call of "m.key" here.
 *
 * Depth: hostile input such as 100,000 "(" or "not" must not exhaust the C
 * stack. The lexer rejects brackets nested deeper than WF_EXPR_MAX_DEPTH,
 * every action rejects a tree deeper than WF_EXPR_MAX_DEPTH (so the printer
 * and wf_expr_equal may recurse), and YYMAXDEPTH bounds bison's own stack,
 * which grows only through chains of prefix operators. All three give the
 * same message.
 *
 * Grammar: ../shared/spec/expressions.md §3 (expressions), §7 (targets).
 */

%code top {
#include "config.h"
}

%code requires {
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frontend/expr.h"

/* A byte range [off, end) in the parsed text: the location of a symbol. */
struct wf_expr_loc {
    uint32_t off, end;
};

/* An expression being built. */
struct wf_expr_val {
    wf_expr *e;
    uint32_t depth; /* nodes on the longest path from e down to a leaf */
    bool chain;     /* written as a name or a dotted chain of names: callable */
};

/* The items of a list literal or of a call's arguments, in order. */
struct wf_expr_cell {
    wf_expr *e;
    struct wf_expr_cell *next;
};
struct wf_expr_seq {
    struct wf_expr_cell *head, *tail;
    size_t n;
    uint32_t depth; /* the deepest item */
};

/* State of one parse, shared by the lexer (expr_lex.re) and the parser. */
struct wf_expr_parser {
    wf_arena *arena;
    wf_strtab *strs;
    const char *text; /* the input, text[0..len) */
    uint32_t len;
    const unsigned char *cur, *lim; /* lexer position and end of input */
    int start;                      /* token returned first (T_START_...), then 0 */
    bool target;                    /* parsing an assignment target */
    uint32_t depth;                 /* brackets open before cur */
    uint32_t tok_depth;             /* brackets open before the last token */
    int tok, prev_tok;              /* the last two tokens returned */
    struct wf_expr_loc tok_loc, prev_loc;
    wf_expr *result;
    struct wf_expr_error *err; /* may be NULL */
    bool failed;               /* an error was recorded */
};
}

%code provides {
/* The lexer, in expr_lex.re. Returns T_WF_YYerror after recording an error in p. */
int wf_yylex(WF_YYSTYPE *val, WF_YYLTYPE *loc, struct wf_expr_parser *p);

/* Records the first error of the parse; returns false to chain into "return". */
bool wf_expr_parser_fail(struct wf_expr_parser *p, uint32_t off, uint32_t end, const char *fmt,
                         ...) WF_PRINTF(4, 5);
}

%define api.pure full
%define api.prefix {wf_yy}
%define api.token.prefix {T_}
%define api.location.type {struct wf_expr_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {struct wf_expr_parser *p}

%union {
    int64_t i;
    double d;
    bool b;
    struct {
        const char *s;
        size_t len;
    } str;
    const char *name;
    struct wf_expr_val v;
    struct wf_expr_seq seq;
}

%code {
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

/* Bison's stack grows only with chains of prefix operators (brackets and
 * tree depth are bounded first); this keeps a chain of 100,000 "not" from
 * taking memory without bound. */
#define YYMAXDEPTH (8 * WF_EXPR_MAX_DEPTH)

/* A location covers its first to its last symbol; an empty one sits at the
 * end of the symbol before it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                                \
    do {                                                                                           \
        if (N) {                                                                                   \
            (Cur).off = YYRHSLOC(Rhs, 1).off;                                                      \
            (Cur).end = YYRHSLOC(Rhs, N).end;                                                      \
        } else {                                                                                   \
            (Cur).off = (Cur).end = YYRHSLOC(Rhs, 0).end;                                          \
        }                                                                                          \
    } while (0)

static void wf_yyerror(WF_YYLTYPE *loc, struct wf_expr_parser *p, const char *msg);
static wf_expr *node(struct wf_expr_parser *p, enum wf_expr_kind kind, struct wf_expr_loc loc);
static void leaf(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_expr_kind kind,
                 struct wf_expr_loc loc);
static bool unary(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_op op,
                  struct wf_expr_val x, struct wf_expr_loc loc, struct wf_expr_loc at);
static bool binary(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_op op,
                   struct wf_expr_val l, struct wf_expr_val r, struct wf_expr_loc loc,
                   struct wf_expr_loc at);
static bool field(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_val obj,
                  const char *name, struct wf_expr_loc loc, struct wf_expr_loc at);
static bool subscript(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_val obj,
                      struct wf_expr_val idx, struct wf_expr_loc loc, struct wf_expr_loc at);
static bool call(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_val callee,
                 struct wf_expr_seq args, struct wf_expr_loc loc, struct wf_expr_loc at);
static bool list(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_seq items,
                 struct wf_expr_loc loc, struct wf_expr_loc at);
static void seq_push(struct wf_expr_parser *p, struct wf_expr_seq *seq, struct wf_expr_val v);
}

/* Entered by the lexer before the first real token: selects the grammar. */
%token START_EXPR START_TARGET

/* Operands. The order of the groups matters to expected_tokens() below. */
%token <i> INT "integer"
%token <d> DOUBLE "double"
%token <str> STRING "string"
%token <b> BOOL "boolean"
%token <name> NAME "name"
%token NULL "null"

/* Operators and punctuation; the aliases are the spellings shown in errors. */
%token OR "or" AND "and" NOT "not" IN "in"
%token EQ "==" NE "!=" LT "<" LE "<=" GT ">" GE ">="
%token PLUS "+" MINUS "-" STAR "*" SLASH "/" IDIV "//" PERCENT "%"
%token DOT "." LBRACKET "[" LPAREN "("
%token COMMA "," RPAREN ")" RBRACKET "]" COLON ":" LBRACE "{" RBRACE "}"

/* Spec §3, lowest first. "not" binds tighter than unary "-" (both bind
 * tighter than any binary operator); postfix operators are in the grammar. */
%left OR
%left AND
%left EQ NE LT LE GT GE IN
%left PLUS MINUS
%left STAR SLASH IDIV PERCENT
%precedence NEG
%precedence NOT

%type <v> expr postfix primary target
%type <seq> args items

%%

start:
    START_EXPR expr      { p->result = $2.e; }
  | START_TARGET target  { p->result = $2.e; }
  ;

/* expression = or_expr; the binary levels come from the precedence table. */
expr:
    expr "or" expr   { if (!binary(p, &$$, WF_OP_OR, $1, $3, @$, @2)) YYABORT; }
  | expr "and" expr  { if (!binary(p, &$$, WF_OP_AND, $1, $3, @$, @2)) YYABORT; }
  | expr "==" expr   { if (!binary(p, &$$, WF_OP_EQ, $1, $3, @$, @2)) YYABORT; }
  | expr "!=" expr   { if (!binary(p, &$$, WF_OP_NE, $1, $3, @$, @2)) YYABORT; }
  | expr "<" expr    { if (!binary(p, &$$, WF_OP_LT, $1, $3, @$, @2)) YYABORT; }
  | expr "<=" expr   { if (!binary(p, &$$, WF_OP_LE, $1, $3, @$, @2)) YYABORT; }
  | expr ">" expr    { if (!binary(p, &$$, WF_OP_GT, $1, $3, @$, @2)) YYABORT; }
  | expr ">=" expr   { if (!binary(p, &$$, WF_OP_GE, $1, $3, @$, @2)) YYABORT; }
  | expr "in" expr   { if (!binary(p, &$$, WF_OP_IN, $1, $3, @$, @2)) YYABORT; }
  | expr "+" expr    { if (!binary(p, &$$, WF_OP_ADD, $1, $3, @$, @2)) YYABORT; }
  | expr "-" expr    { if (!binary(p, &$$, WF_OP_SUB, $1, $3, @$, @2)) YYABORT; }
  | expr "*" expr    { if (!binary(p, &$$, WF_OP_MUL, $1, $3, @$, @2)) YYABORT; }
  | expr "/" expr    { if (!binary(p, &$$, WF_OP_DIV, $1, $3, @$, @2)) YYABORT; }
  | expr "//" expr   { if (!binary(p, &$$, WF_OP_IDIV, $1, $3, @$, @2)) YYABORT; }
  | expr "%" expr    { if (!binary(p, &$$, WF_OP_MOD, $1, $3, @$, @2)) YYABORT; }
  | "not" expr       { if (!unary(p, &$$, WF_OP_NOT, $2, @$, @1)) YYABORT; }
  | "-" expr %prec NEG { if (!unary(p, &$$, WF_OP_NEG, $2, @$, @1)) YYABORT; }
  | postfix
  ;

/* postfix = primary { "." identifier | "[" expression "]" | "(" [ arg_list ] ")" } */
postfix:
    primary
  | postfix "." "name"        { if (!field(p, &$$, $1, $3, @$, @3)) YYABORT; }
  | postfix "[" expr "]"      { if (!subscript(p, &$$, $1, $3, @$, @2)) YYABORT; }
  | postfix "(" args ")"      { if (!call(p, &$$, $1, $3, @$, @2)) YYABORT; }
  ;

primary:
    "integer"    { leaf(p, &$$, WF_EXPR_INT, @$); $$.e->u.i = $1; }
  | "double"     { leaf(p, &$$, WF_EXPR_DOUBLE, @$); $$.e->u.d = $1; }
  | "string"     {
                   leaf(p, &$$, WF_EXPR_STRING, @$);
                   $$.e->u.str.s = $1.s;
                   $$.e->u.str.len = $1.len;
                 }
  | "boolean"    { leaf(p, &$$, WF_EXPR_BOOL, @$); $$.e->u.b = $1; }
  | "null"       { leaf(p, &$$, WF_EXPR_NULL, @$); }
  | "name"       { leaf(p, &$$, WF_EXPR_NAME, @$); $$.e->u.name = $1; $$.chain = true; }
  | "(" expr ")" { $$ = $2; $$.chain = false; }
  | "[" args "]" { if (!list(p, &$$, $2, @$, @1)) YYABORT; }
  ;

/* arg_list and list items: [ expression { "," expression } ] */
args:
    %empty  { memset(&$$, 0, sizeof $$); }
  | items
  ;

items:
    expr            { memset(&$$, 0, sizeof $$); seq_push(p, &$$, $1); }
  | items "," expr  { $$ = $1; seq_push(p, &$$, $3); }
  ;

/* target = identifier { "." identifier | "[" expression "]" } */
target:
    "name"              { leaf(p, &$$, WF_EXPR_NAME, @$); $$.e->u.name = $1; }
  | target "." "name"   { if (!field(p, &$$, $1, $3, @$, @3)) YYABORT; }
  | target "[" expr "]" { if (!subscript(p, &$$, $1, $3, @$, @2)) YYABORT; }
  ;

%%

bool wf_expr_parser_fail(struct wf_expr_parser *p, uint32_t off, uint32_t end, const char *fmt, ...)
{
    if (p->failed)
        return false; /* the first error is the one the user sees */
    p->failed = true;
    if (!p->err)
        return false;
    va_list ap;
    va_start(ap, fmt);
    p->err->msg = wf_arena_vprintf(p->arena, fmt, ap);
    va_end(ap);
    p->err->off = off;
    p->err->end = end;
    return false;
}

/* Bison calls this only when its stack is full (syntax errors go to
 * yyreport_syntax_error), i.e. for a very long chain of prefix operators. */
static void wf_yyerror(WF_YYLTYPE *loc, struct wf_expr_parser *p, const char *msg)
{
    (void)msg;
    wf_expr_parser_fail(p, loc->off, loc->end, "expression is nested too deeply");
}

static wf_expr *node(struct wf_expr_parser *p, enum wf_expr_kind kind, struct wf_expr_loc loc)
{
    wf_expr *e = wf_arena_zalloc(p->arena, sizeof *e);
    e->kind = kind;
    e->off = loc.off;
    e->end = loc.end;
    return e;
}

static void leaf(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_expr_kind kind,
                 struct wf_expr_loc loc)
{
    out->e = node(p, kind, loc);
    out->depth = 1;
    out->chain = false;
}

/* Starts a node one level above children `depth` deep; false when that is
 * too deep. `at` is the operator that made it so. */
static bool grow(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_expr_kind kind,
                 uint32_t depth, struct wf_expr_loc loc, struct wf_expr_loc at)
{
    if (depth >= WF_EXPR_MAX_DEPTH)
        return wf_expr_parser_fail(p, at.off, at.end, "expression is nested too deeply");
    out->e = node(p, kind, loc);
    out->depth = depth + 1;
    out->chain = false;
    return true;
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

static bool unary(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_op op,
                  struct wf_expr_val x, struct wf_expr_loc loc, struct wf_expr_loc at)
{
    if (!grow(p, out, WF_EXPR_UNARY, x.depth, loc, at))
        return false;
    out->e->u.unary.op = op;
    out->e->u.unary.operand = x.e;
    return true;
}

static bool binary(struct wf_expr_parser *p, struct wf_expr_val *out, enum wf_op op,
                   struct wf_expr_val l, struct wf_expr_val r, struct wf_expr_loc loc,
                   struct wf_expr_loc at)
{
    if (!grow(p, out, WF_EXPR_BINARY, max_u32(l.depth, r.depth), loc, at))
        return false;
    out->e->u.binary.op = op;
    out->e->u.binary.lhs = l.e;
    out->e->u.binary.rhs = r.e;
    return true;
}

/* A field of a name chain keeps it a chain: `sys.get_env` may be called. */
static bool field(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_val obj,
                  const char *name, struct wf_expr_loc loc, struct wf_expr_loc at)
{
    if (!grow(p, out, WF_EXPR_FIELD, obj.depth, loc, at))
        return false;
    out->e->u.field.obj = obj.e;
    out->e->u.field.name = name;
    out->e->u.field.name_off = at.off;
    out->chain = obj.chain;
    return true;
}

static bool subscript(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_val obj,
                      struct wf_expr_val idx, struct wf_expr_loc loc, struct wf_expr_loc at)
{
    if (!grow(p, out, WF_EXPR_INDEX, max_u32(obj.depth, idx.depth), loc, at))
        return false;
    out->e->u.index.obj = obj.e;
    out->e->u.index.index = idx.e;
    return true;
}

static void seq_push(struct wf_expr_parser *p, struct wf_expr_seq *seq, struct wf_expr_val v)
{
    struct wf_expr_cell *c = wf_arena_alloc(p->arena, sizeof *c);
    c->e = v.e;
    c->next = NULL;
    if (seq->tail)
        seq->tail->next = c;
    else
        seq->head = c;
    seq->tail = c;
    seq->n++;
    seq->depth = max_u32(seq->depth, v.depth);
}

static wf_expr **seq_array(struct wf_expr_parser *p, struct wf_expr_seq seq)
{
    if (seq.n == 0)
        return NULL;
    wf_expr **items = wf_arena_array(p->arena, seq.n, sizeof *items);
    size_t i = 0;
    for (struct wf_expr_cell *c = seq.head; c; c = c->next)
        items[i++] = c->e;
    return items;
}

static bool list(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_seq items,
                 struct wf_expr_loc loc, struct wf_expr_loc at)
{
    if (!grow(p, out, WF_EXPR_LIST, items.depth, loc, at))
        return false;
    out->e->u.list.items = seq_array(p, items);
    out->e->u.list.n = items.n;
    return true;
}

/* The dotted name of a chain of FIELD nodes over a NAME, interned. */
static const char *chain_name(struct wf_expr_parser *p, const wf_expr *chain)
{
    size_t n = 0;
    const wf_expr *e;
    for (e = chain; e->kind == WF_EXPR_FIELD; e = e->u.field.obj)
        n += strlen(e->u.field.name) + 1;
    n += strlen(e->u.name);
    char *buf = wf_arena_alloc(p->arena, n);
    size_t at = n;
    for (e = chain; e->kind == WF_EXPR_FIELD; e = e->u.field.obj) {
        size_t k = strlen(e->u.field.name);
        at -= k;
        memcpy(buf + at, e->u.field.name, k);
        buf[--at] = '.';
    }
    memcpy(buf, e->u.name, at);
    return wf_intern(p->strs, buf, n);
}

/* Spec §3: only a name or a dotted chain of names may be called; `(f)(x)`,
 * `a[0](1)` and `f(1)(2)` are errors, reported at the "(". */
static bool call(struct wf_expr_parser *p, struct wf_expr_val *out, struct wf_expr_val callee,
                 struct wf_expr_seq args, struct wf_expr_loc loc, struct wf_expr_loc at)
{
    if (!callee.chain)
        return wf_expr_parser_fail(
            p, at.off, at.end,
            "only a function name such as \"len\" or \"sys.get_env\" can be called");
    if (!grow(p, out, WF_EXPR_CALL, args.depth, loc, at))
        return false;
    out->e->u.call.callee = chain_name(p, callee.e);
    out->e->u.call.callee_end = callee.e->end;
    out->e->u.call.args = seq_array(p, args);
    out->e->u.call.nargs = args.n;
    return true;
}

/* ---- syntax error messages ---- */

/* What the user wrote, as a phrase: `")"`, `"and"`, `"b"`, `a string`. */
static const char *found_phrase(struct wf_expr_parser *p, yysymbol_kind_t kind,
                                struct wf_expr_loc loc)
{
    if (kind == YYSYMBOL_YYEOF)
        return p->target ? "end of target" : "end of expression";
    if (kind == YYSYMBOL_STRING)
        return "a string";
    uint32_t n = loc.end - loc.off;
    if (n > 40)
        return kind == YYSYMBOL_NAME ? "a name" : "a number";
    return wf_arena_printf(p->arena, "\"%.*s\"", (int)n, p->text + loc.off);
}

static bool starts_expr(yysymbol_kind_t k)
{
    return (k >= YYSYMBOL_INT && k <= YYSYMBOL_NULL) || k == YYSYMBOL_NOT || k == YYSYMBOL_MINUS ||
           k == YYSYMBOL_LBRACKET || k == YYSYMBOL_LPAREN;
}

static bool continues_expr(yysymbol_kind_t k)
{
    return (k >= YYSYMBOL_OR && k <= YYSYMBOL_LPAREN) && k != YYSYMBOL_NOT;
}

/* Fills `out` with at most `max` phrases for the expected tokens `want`:
 * whole groups become "an expression" or "an operator". Returns how many,
 * or max + 1 when they do not fit. */
static int expected_phrases(struct wf_expr_parser *p, const bool *want, const char **out, int max)
{
    bool expr = want[YYSYMBOL_NAME] && want[YYSYMBOL_INT];
    bool op = want[YYSYMBOL_PLUS] && want[YYSYMBOL_OR];
    int k = 0;
    if (expr)
        out[k++] = "an expression";
    if (op)
        out[k++] = "an operator";
    for (int s = YYSYMBOL_YYEOF + 1; s < YYNTOKENS; s++) {
        if (!want[s] || (expr && starts_expr(s)) || (op && continues_expr(s)))
            continue;
        if (k == max)
            return max + 1;
        if (s == YYSYMBOL_NAME)
            out[k++] = "a name";
        else
            out[k++] = wf_arena_printf(p->arena, "\"%s\"", yysymbol_name(s));
    }
    if (want[YYSYMBOL_YYEOF]) {
        if (k == max)
            return max + 1;
        out[k++] = p->target ? "end of target" : "end of expression";
    }
    return k;
}

/* "a", "a or b", "a, b or c". */
static const char *join_or(struct wf_expr_parser *p, const char **items, int n)
{
    const char *s = items[0];
    for (int i = 1; i < n; i++)
        s = wf_arena_printf(p->arena, "%s%s%s", s, i == n - 1 ? " or " : ", ", items[i]);
    return s;
}

/* Whether the token after `not` at `loc` is "in": the "not in" operator of
 * other languages (spec §2: write `not (x in y)`). Sets *end past the "in". */
static bool not_in(const struct wf_expr_parser *p, struct wf_expr_loc loc, uint32_t *end)
{
    uint32_t i = loc.end;
    while (i < p->len && (p->text[i] == ' ' || p->text[i] == '\t' || p->text[i] == '\r' ||
                          p->text[i] == '\n'))
        i++;
    if (p->len - i < 2 || memcmp(p->text + i, "in", 2) != 0)
        return false;
    if (p->len - i > 2 && (isalnum((unsigned char)p->text[i + 2]) || p->text[i + 2] == '_'))
        return false;
    *end = i + 2;
    return true;
}

/* Whether the name at `loc` is an operator keyword in a case Workflows does
 * not accept (`Not`, `aNd`), and not a field (`x.Not`): written before an
 * operand, it was meant as the operator. Returns its correct spelling. */
static const char *miscased_operator(struct wf_expr_parser *p, struct wf_expr_loc loc)
{
    uint32_t i = loc.off;
    while (i > 0 && (p->text[i - 1] == ' ' || p->text[i - 1] == '\t' || p->text[i - 1] == '\r' ||
                     p->text[i - 1] == '\n'))
        i--;
    if (i > 0 && p->text[i - 1] == '.')
        return NULL;
    const char *kw =
        wf_expr_miscased_keyword(wf_arena_strndup(p->arena, p->text + loc.off, loc.end - loc.off));
    if (kw && (strcmp(kw, "not") == 0 || strcmp(kw, "and") == 0 || strcmp(kw, "or") == 0 ||
               strcmp(kw, "in") == 0))
        return kw;
    return NULL;
}

/* Errors with a better message than "found X, expected Y"; false if none. */
static bool special_error(struct wf_expr_parser *p, yysymbol_kind_t la, struct wf_expr_loc loc,
                          const bool *want)
{
    if (la == YYSYMBOL_YYEOF && p->prev_tok == (p->target ? T_START_TARGET : T_START_EXPR))
        return !wf_expr_parser_fail(p, 0, p->len,
                                    p->target ? "empty assignment target" : "empty expression");
    if (p->target && p->tok_depth == 0)
        return !wf_expr_parser_fail(p, loc.off, loc.end,
                                    "an assignment target is a name followed by .field or [index]");
    if ((la == YYSYMBOL_RBRACKET || la == YYSYMBOL_RPAREN) && p->prev_tok == T_COMMA)
        return !wf_expr_parser_fail(p, p->prev_loc.off, p->prev_loc.end,
                                    "trailing \",\" before \"%s\" is not allowed",
                                    yysymbol_name(la));
    uint32_t end;
    if (la == YYSYMBOL_NOT && want[YYSYMBOL_IN] && not_in(p, loc, &end))
        return !wf_expr_parser_fail(p, loc.off, end,
                                    "there is no \"not in\" operator; write \"not (x in y)\"");
    /* `Not x`: the keyword reads as a name, and the error comes at the
     * operand after it; it is the keyword that is wrong. */
    const char *kw =
        p->prev_tok == T_NAME && starts_expr(la) ? miscased_operator(p, p->prev_loc) : NULL;
    if (kw)
        return !wf_expr_parser_fail(p, p->prev_loc.off, p->prev_loc.end,
                                    "\"%.*s\" is not an operator; write %s",
                                    (int)(p->prev_loc.end - p->prev_loc.off),
                                    p->text + p->prev_loc.off, wf_expr_keyword_spellings(kw));
    if (la == YYSYMBOL_LBRACE && want[YYSYMBOL_NAME])
        return !wf_expr_parser_fail(p, loc.off, loc.end,
                                    "map literals are not supported inside expressions; build "
                                    "the map in an assign step");
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, struct wf_expr_parser *p)
{
    yysymbol_kind_t la = yypcontext_token(ctx);
    struct wf_expr_loc loc = *yypcontext_location(ctx);
    if (la == YYSYMBOL_YYEOF)
        loc.off = loc.end = p->len;
    yysymbol_kind_t kinds[YYNTOKENS];
    int nkinds = yypcontext_expected_tokens(ctx, kinds, YYNTOKENS);
    bool want[YYNTOKENS] = {false};
    for (int i = 0; i < nkinds; i++)
        want[kinds[i]] = true;
    if (special_error(p, la, loc, want))
        return 0;
    const char *found = found_phrase(p, la, loc);
    const char *exp[4];
    int n = expected_phrases(p, want, exp, 4);
    if (n == 0 || n > 4)
        wf_expr_parser_fail(p, loc.off, loc.end, "found %s here", found);
    else
        wf_expr_parser_fail(p, loc.off, loc.end, "found %s, expected %s", found,
                            join_or(p, exp, n));
    return 0;
}

/* ---- entry points ---- */

static bool word_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool word_char(char c)
{
    return word_start(c) || (c >= '0' && c <= '9');
}

/* The commonest expression by far, a name or a dotted path of names with
 * no space ("job", "args.project"), built without the parser: the tree is
 * the one the grammar builds. NULL for anything else, keywords included. */
static wf_expr *simple_path(wf_arena *a, wf_strtab *strs, const char *text, size_t len)
{
    wf_expr *e = NULL;
    unsigned depth = 0;
    for (size_t at = 0;;) {
        size_t end = at;
        if (end >= len || !word_start(text[end]))
            return NULL;
        while (end < len && word_char(text[end]))
            end++;
        if (wf_expr_is_keyword(text + at, end - at) || ++depth >= WF_EXPR_MAX_DEPTH)
            return NULL;
        if (end < len && text[end] != '.')
            return NULL;
        wf_expr *n = wf_arena_zalloc(a, sizeof *n);
        n->kind = e ? WF_EXPR_FIELD : WF_EXPR_NAME;
        n->off = 0;
        n->end = (uint32_t)end;
        const char *name = wf_intern(strs, text + at, end - at);
        if (e) {
            n->u.field.obj = e;
            n->u.field.name = name;
            n->u.field.name_off = (uint32_t)at;
        } else {
            n->u.name = name;
        }
        e = n;
        if (end == len)
            return e;
        at = end + 1;
    }
}

static wf_expr *parse(wf_arena *a, wf_strtab *strs, const char *text, size_t len,
                      struct wf_expr_error *err, bool target)
{
    struct wf_expr_parser p = {
        .arena = a,
        .strs = strs,
        .text = text,
        .len = (uint32_t)len,
        .cur = (const unsigned char *)text,
        .lim = (const unsigned char *)text + len,
        .start = target ? T_START_TARGET : T_START_EXPR,
        .target = target,
        .err = err,
    };
    if (len >= UINT32_MAX) {
        p.len = 0;
        wf_expr_parser_fail(&p, 0, 0, "expression is too long");
        return NULL;
    }
    wf_expr *path = simple_path(a, strs, text, len);
    if (path)
        return path;
    if (wf_yyparse(&p) == 0 && !p.failed)
        return p.result;
    wf_expr_parser_fail(&p, 0, p.len, "syntax error"); /* no-op unless a path forgot */
    return NULL;
}

wf_expr *wf_expr_parse(wf_arena *a, wf_strtab *strs, const char *text, size_t len,
                       struct wf_expr_error *err)
{
    return parse(a, strs, text, len, err, false);
}

wf_expr *wf_expr_parse_target(wf_arena *a, wf_strtab *strs, const char *text, size_t len,
                              struct wf_expr_error *err)
{
    return parse(a, strs, text, len, err, true);
}
