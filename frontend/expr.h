/*
 * expr.h - parsing `${...}` expressions. The trees are declared in
 * ir/expr.h; the lexer is frontend/expr_lex.re, the grammar
 * frontend/expr_parse.y.
 */
#ifndef WF_FRONTEND_EXPR_H
#define WF_FRONTEND_EXPR_H

#include "ir/expr.h"

/* A syntax error: where, and what was found versus what was expected. */
struct wf_expr_error {
    uint32_t off, end; /* byte range in the parsed text */
    const char *msg;   /* arena string, diagnostic wording (lowercase, no period) */
};

/* Parses text[0..len), the inside of "${...}" (without "${" and "}").
 * Returns the tree, or NULL with *err filled. Names and callees are interned
 * in `strs`; everything lives in `a`. Never reads past `len`. */
wf_expr *wf_expr_parse(wf_arena *a, wf_strtab *strs, const char *text, size_t len,
                       struct wf_expr_error *err);

/* Parses an assignment target, `name { "." name | "[" expression "]" }`, as
 * written on the left of an `assign` entry (no "${}"). Returns a NAME, FIELD
 * or INDEX tree, or NULL with *err filled. */
wf_expr *wf_expr_parse_target(wf_arena *a, wf_strtab *strs, const char *text, size_t len,
                              struct wf_expr_error *err);

/* Finds the "}" that closes an expression starting at text[0] == '$',
 * text[1] == '{', skipping string literals and brackets. Returns its offset,
 * or -1 when the expression is not closed within len bytes. Used to tell
 * "${a + b}" (one expression) from "${a} and ${b}" (text). */
long wf_expr_scan_end(const char *text, size_t len);

/* Whether `s` is a keyword of the expression language in any accepted case
 * (and, AND, true, True, TRUE, null, in, ...). */
bool wf_expr_is_keyword(const char *s, size_t len);

#endif
