/*
 * values.c - expressions inside values.
 *
 * A string that starts with "${" but has no closing brace is an error here:
 * Workflows would refuse to deploy it. The usual cause is YAML itself: an
 * unquoted " #" starts a comment and cuts the value, so the message then
 * shows the line quoted as it should be.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include "frontend/values.h"

#include <string.h>

#include "frontend/expr.h"
#include "ir/ir.h"
#include "ir/report.h"

/* Whether a plain scalar was cut by a YAML comment: the source line goes on
 * with " #" right where the scalar ends. Returns the rest of the line (from
 * the scalar's start) quoted as YAML should have it, or NULL. */
static const char *comment_cut(const struct wf_values *vx, const wf_node *n)
{
    const wf_span *sp = &n->span;
    if (n->style != WF_STYLE_PLAIN || !sp->src || sp->line != sp->end_line)
        return NULL;
    size_t len;
    const char *line = wf_source_line(sp->src, sp->line, &len);
    if (!line)
        return NULL;
    size_t start = wf_source_offset(sp->src, sp->line, sp->col) - (size_t)(line - sp->src->text);
    size_t end = wf_source_offset(sp->src, sp->line, sp->end_col) - (size_t)(line - sp->src->text);
    if (end + 1 >= len || line[end] != ' ' || line[end + 1] != '#')
        return NULL;
    while (len > start && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    size_t k = 0;
    char *q = wf_arena_alloc(vx->a, 2 * (len - start) + 3);
    q[k++] = '\'';
    for (size_t i = start; i < len; i++) {
        if (line[i] == '\'')
            q[k++] = '\'';
        q[k++] = line[i];
    }
    q[k++] = '\'';
    q[k] = '\0';
    return q;
}

/* Length of the text of `n` without the line breaks a block scalar ends with. */
static size_t trimmed_len(const wf_node *n)
{
    size_t len = n->len;
    if (n->style == WF_STYLE_LITERAL || n->style == WF_STYLE_FOLDED)
        while (len > 0 && (n->u.scalar.text[len - 1] == '\n' || n->u.scalar.text[len - 1] == '\r'))
            len--;
    return len;
}

static bool opens_unclosed(const wf_node *n)
{
    return n->kind == WF_NODE_STRING && n->len >= 2 && n->u.scalar.text[0] == '$' &&
           n->u.scalar.text[1] == '{' && wf_expr_scan_end(n->u.scalar.text, n->len) < 0;
}

static void report_unclosed(const struct wf_values *vx, const wf_node *n)
{
    /* "${(a + b}": the brace is there, a bracket inside is not closed; the
     * parser says which. */
    size_t len = trimmed_len(n);
    if (len >= 3 && n->u.scalar.text[len - 1] == '}') {
        struct wf_expr_error err;
        if (!wf_expr_parse(vx->a, vx->strs, n->u.scalar.text + 2, len - 3, &err)) {
            wf_report(vx->d, WF_CHK_EXPR_SYNTAX, wf_node_subspan(n, 2 + err.off, 2 + err.end), "%s",
                      err.msg);
            return;
        }
    }
    const char *fixed = comment_cut(vx, n);
    wf_diag *dg = wf_report(vx->d, WF_CHK_EXPR_SYNTAX, n->span,
                            "expression is not closed: \"${\" has no matching \"}\"");
    if (!fixed)
        return;
    const wf_span *sp = &n->span;
    size_t line_len;
    const char *line = wf_source_line(sp->src, sp->line, &line_len);
    wf_span rest = {sp->src, sp->line, sp->col, sp->line, (int)wf_utf8_count(line, line_len) + 1};
    wf_diag *note = wf_diag_note(vx->d, dg, rest,
                                 "YAML starts a comment at \" #\" and cuts the value there; "
                                 "quote the whole value");
    wf_diag_fixit(vx->d, note, fixed);
}

bool wf_values_unclosed(const struct wf_values *vx, const wf_node *n)
{
    if (!opens_unclosed(n))
        return false;
    report_unclosed(vx, n);
    return true;
}

static void parse_expr(const struct wf_values *vx, wf_node *n)
{
    if (n->u.scalar.v.expr)
        return;
    struct wf_expr_error err;
    size_t len;
    const char *text = wf_node_expr_text(n, &len);
    n->u.scalar.v.expr = wf_expr_parse(vx->a, vx->strs, text, len, &err);
    if (n->u.scalar.v.expr)
        return;
    /* Two mistakes the parser cannot name: another tool's syntax, and a
     * keyword in a case Workflows does not accept. */
    const char *tok = wf_arena_strndup(vx->a, text + err.off, err.end - err.off);
    const char *kw = wf_expr_miscased_keyword(tok);
    if (len > 0 && text[0] == '{')
        err.msg = "\"${{ }}\" is GitHub Actions syntax; a Workflows expression is ${...}";
    else if (kw)
        err.msg = wf_arena_printf(vx->a, "\"%s\" is not an operator; write %s", tok,
                                  wf_expr_keyword_spellings(kw));
    wf_report(vx->d, WF_CHK_EXPR_SYNTAX, wf_node_subspan(n, 2 + err.off, 2 + err.end), "%s",
              err.msg);
}

/* Whether a plain string reads like code: a bare name or dotted path, or
 * something that starts like a name, a string or a bracket and holds an
 * operator, a call or a subscript. Prose and URLs mostly fail this, or
 * fail to parse at their second token. */
static bool reads_like_code(const char *s, size_t len)
{
    if (len == 0 || len > 400 || memchr(s, '\n', len))
        return false;
    char c = s[0];
    if (!(c == '_' || c == '"' || c == '(' || c == '[' || (c >= 'a' && c <= 'z') ||
          (c >= 'A' && c <= 'Z')))
        return false;
    size_t word = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
    return word == len || strcspn(s, "+-*/%=!<>()[]") < len;
}

static wf_expr *string_expr(wf_arena *a, const char *s, size_t n)
{
    wf_expr *e = wf_arena_zalloc(a, sizeof *e);
    e->kind = WF_EXPR_STRING;
    e->u.str.s = wf_arena_strndup(a, s, n);
    e->u.str.len = n;
    return e;
}

static wf_expr *concat(wf_arena *a, wf_expr *lhs, wf_expr *rhs)
{
    if (!lhs)
        return rhs;
    wf_expr *e = wf_arena_zalloc(a, sizeof *e);
    e->kind = WF_EXPR_BINARY;
    e->u.binary.op = WF_OP_ADD;
    e->u.binary.lhs = lhs;
    e->u.binary.rhs = rhs;
    return e;
}

/* "gs://b/${name}/f" as the expression that builds it:
 * "gs://b/" + name + "/f". NULL when a part does not parse. */
static wf_expr *interpolation(const struct wf_values *vx, const char *s, size_t len)
{
    wf_expr *whole = NULL;
    size_t at = 0;
    for (;;) {
        const char *open = memmem(s + at, len - at, "${", 2);
        size_t lit_end = open ? (size_t)(open - s) : len;
        if (lit_end > at)
            whole = concat(vx->a, whole, string_expr(vx->a, s + at, lit_end - at));
        if (!open)
            break;
        long end = wf_expr_scan_end(open, len - lit_end);
        struct wf_expr_error err;
        wf_expr *part =
            end < 0 ? NULL : wf_expr_parse(vx->a, vx->strs, open + 2, (size_t)end - 2, &err);
        if (!part)
            return NULL;
        whole = concat(vx->a, whole, part);
        at = lit_end + (size_t)end + 1;
    }
    return whole;
}

/* Parses a string that reads like code without reporting anything, for the
 * checks of a missing "${}": a string holding "${...}" among other text
 * gets the concatenation that would build it, a string that reads like an
 * expression gets that expression. */
static void parse_quietly(const struct wf_values *vx, wf_node *n)
{
    struct wf_expr_error err;
    const char *s = n->u.scalar.text;
    if (memmem(s, n->len, "${", 2))
        n->u.scalar.v.expr = interpolation(vx, s, n->len);
    else if (reads_like_code(s, n->len))
        n->u.scalar.v.expr = wf_expr_parse(vx->a, vx->strs, s, n->len, &err);
}

static void prepare_scalar(const struct wf_values *vx, wf_node *n)
{
    if (n->kind == WF_NODE_EXPR)
        parse_expr(vx, n);
    else if (!wf_values_unclosed(vx, n) && n->kind == WF_NODE_STRING && !n->u.scalar.v.expr)
        parse_quietly(vx, n);
}

void wf_values_prepare(const struct wf_values *vx, wf_node *n)
{
    switch (n->kind) {
    case WF_NODE_LIST:
        for (size_t i = 0; i < n->len; i++)
            wf_values_prepare(vx, n->u.items[i]);
        break;
    case WF_NODE_MAP:
        for (size_t i = 0; i < n->len; i++) {
            wf_values_prepare(vx, n->u.pairs[i].key);
            wf_values_prepare(vx, n->u.pairs[i].value);
        }
        break;
    default:
        prepare_scalar(vx, n);
        break;
    }
}

void wf_values_bad_name(const struct wf_values *vx, const wf_node *n)
{
    wf_report(vx->d, WF_CHK_INVALID_NAME, n->span,
              "\"%s\" is not a valid variable name; use letters, digits and underscores, not "
              "starting with a digit",
              n->u.scalar.text);
}

wf_expr *wf_values_parse_target(const struct wf_values *vx, const wf_node *key)
{
    const char *text = key->u.scalar.text;
    /* Without "." or "[" the target is meant as a plain variable name. */
    if (!strpbrk(text, ".[") && !wf_ir_valid_var_name(text)) {
        wf_values_bad_name(vx, key);
        return NULL;
    }
    struct wf_expr_error err;
    wf_expr *t = wf_expr_parse_target(vx->a, vx->strs, text, key->len, &err);
    if (!t)
        wf_report(vx->d, WF_CHK_EXPR_SYNTAX, wf_node_subspan(key, err.off, err.end), "%s", err.msg);
    return t;
}
