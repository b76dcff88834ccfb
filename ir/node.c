/*
 * node.c - small queries on the value tree of ir/node.h.
 */
#include "config.h"

#include "ir/node.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wf_node_key_text(const wf_node *n, char *buf, size_t size)
{
    if (n->kind == WF_NODE_NULL)
        snprintf(buf, size, "null");
    else if (n->kind == WF_NODE_BOOL)
        snprintf(buf, size, "%s", n->u.scalar.v.b ? "true" : "false");
    else if (n->kind == WF_NODE_INT)
        snprintf(buf, size, "%" PRId64, n->u.scalar.v.i);
    else /* a double: the shortest form that reads back as the same double */
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, size, "%.*g", prec, n->u.scalar.v.d);
            if (strtod(buf, NULL) == n->u.scalar.v.d)
                break;
        }
}

const wf_node *wf_node_get(const wf_node *map, const char *key)
{
    if (!map || map->kind != WF_NODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->len; i++) {
        const wf_node *k = map->u.pairs[i].key;
        if (wf_node_is_scalar(k) && strcmp(k->u.scalar.text, key) == 0)
            return map->u.pairs[i].value;
    }
    return NULL;
}

/* ---- building ---- */

static wf_node *new_node(wf_arena *a, enum wf_node_kind kind)
{
    wf_node *n = wf_arena_zalloc(a, sizeof *n);
    n->kind = (uint8_t)kind;
    n->style = kind == WF_NODE_LIST || kind == WF_NODE_MAP ? WF_STYLE_BLOCK : WF_STYLE_PLAIN;
    return n;
}

wf_node *wf_node_new_string(wf_arena *a, const char *text)
{
    size_t len = strlen(text);
    bool expr = len >= 3 && text[0] == '$' && text[1] == '{' && text[len - 1] == '}';
    wf_node *n = new_node(a, expr ? WF_NODE_EXPR : WF_NODE_STRING);
    n->u.scalar.text = wf_arena_strndup(a, text, len);
    n->len = (uint32_t)len;
    return n;
}

wf_node *wf_node_new_bool(wf_arena *a, bool value)
{
    wf_node *n = new_node(a, WF_NODE_BOOL);
    n->u.scalar.text = value ? "true" : "false";
    n->len = value ? 4 : 5;
    n->u.scalar.v.b = value;
    return n;
}

wf_node *wf_node_new_null(wf_arena *a)
{
    wf_node *n = new_node(a, WF_NODE_NULL);
    n->u.scalar.text = "null";
    n->len = 4;
    return n;
}

wf_node *wf_node_new_list(wf_arena *a)
{
    return new_node(a, WF_NODE_LIST);
}

wf_node *wf_node_new_map(wf_arena *a)
{
    return new_node(a, WF_NODE_MAP);
}

/* Room for one more element in an array of `len` of `size` bytes whose
 * capacity is implied: 4, then the next power of two. */
static void *grow(wf_arena *a, void *arr, size_t len, size_t size)
{
    if (len == 0)
        return wf_arena_alloc(a, 4 * size);
    if (len < 4 || (len & (len - 1)) != 0)
        return arr;
    void *bigger = wf_arena_alloc(a, 2 * len * size);
    memcpy(bigger, arr, len * size);
    return bigger;
}

void wf_node_push(wf_arena *a, wf_node *list, wf_node *item)
{
    list->u.items = grow(a, list->u.items, list->len, sizeof *list->u.items);
    list->u.items[list->len++] = item;
}

void wf_node_put(wf_arena *a, wf_node *map, const char *key, wf_node *value)
{
    map->u.pairs = grow(a, map->u.pairs, map->len, sizeof *map->u.pairs);
    map->u.pairs[map->len++] = (wf_node_pair){wf_node_new_string(a, key), value};
}

const char *wf_node_kind_name(const wf_node *n)
{
    /* SYNC node-kinds */
    static const char *const names[] = {
        [WF_NODE_NULL] = "null",       [WF_NODE_BOOL] = "a boolean",
        [WF_NODE_INT] = "an integer",  [WF_NODE_DOUBLE] = "a number",
        [WF_NODE_STRING] = "a string", [WF_NODE_EXPR] = "an expression",
        [WF_NODE_LIST] = "a list",     [WF_NODE_MAP] = "a map",
    };
    return names[n->kind];
}

/* ---- positions inside scalars ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int utf8_bytes(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* One unit of a double-quoted scalar's source at s[i..n): how many source
 * bytes and columns it takes and how many decoded bytes it yields. */
static void double_unit(const char *s, size_t i, size_t n, size_t *src_bytes, int *cols,
                        size_t *out_bytes)
{
    int len;
    if (s[i] != '\\' || i + 1 >= n) {
        wf_utf8_decode(s + i, &len);
        *src_bytes = (size_t)len;
        *cols = 1;
        *out_bytes = (size_t)len;
        return;
    }
    char e = s[i + 1];
    int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
    if (digits && i + 2 + (size_t)digits <= n) {
        uint32_t cp = 0;
        for (int k = 0; k < digits; k++)
            cp = cp * 16 + (uint32_t)(hexval(s[i + 2 + k]) & 0xF);
        *src_bytes = 2 + (size_t)digits;
        *cols = 2 + digits;
        *out_bytes = (size_t)utf8_bytes(cp);
        return;
    }
    /* \N (U+0085) and \_ (U+00A0) yield two bytes, \L and \P three. */
    *src_bytes = 2;
    *cols = 2;
    *out_bytes = (e == 'N' || e == '_') ? 2 : (e == 'L' || e == 'P') ? 3 : 1;
}

/* A place in the source line of a one-line scalar: byte, column, and how
 * many decoded bytes of the value lie before it. */
struct cursor {
    size_t at;
    int col;
    size_t got;
};

/* Moves `c` on until `want` decoded bytes lie before it; false when the
 * line ends first. */
static bool advance(const wf_node *n, const char *line, size_t len, struct cursor *c, size_t want)
{
    while (c->got < want) {
        if (c->at >= len)
            return false;
        unsigned char b = (unsigned char)line[c->at];
        size_t sb, ob;
        int cols;
        if (b < 0x80 && b != '\\' && b != '\'') {
            sb = ob = 1; /* the usual case, in every style */
            cols = 1;
        } else if (n->style == WF_STYLE_DOUBLE) {
            double_unit(line, c->at, len, &sb, &cols, &ob);
        } else if (n->style == WF_STYLE_SINGLE && b == '\'' && c->at + 1 < len &&
                   line[c->at + 1] == '\'') {
            sb = 2, cols = 2, ob = 1;
        } else {
            int l;
            wf_utf8_decode(line + c->at, &l);
            sb = ob = (size_t)l;
            cols = 1;
        }
        c->at += sb;
        c->col += cols;
        c->got += ob;
    }
    return true;
}

wf_span wf_node_subspan(const wf_node *n, size_t off, size_t end)
{
    wf_span whole = n->span;
    bool one_line = whole.line == whole.end_line;
    bool inline_style =
        n->style == WF_STYLE_PLAIN || n->style == WF_STYLE_SINGLE || n->style == WF_STYLE_DOUBLE;
    if (!whole.src || !one_line || !inline_style || !wf_node_is_scalar(n))
        return whole;
    if (whole.src->ascii && end <= n->len) {
        /* Columns are bytes; a plain scalar is its text, a quoted one too
         * when no escape made its source longer than its value. */
        int open = n->style != WF_STYLE_PLAIN;
        if (!open || whole.end_col - whole.col - 2 == (int)n->len) {
            int c1 = whole.col + open + (int)off;
            int c2 = whole.col + open + (int)end;
            wf_span sp = {whole.src, whole.line, c1, whole.line, c2 > c1 ? c2 : c1 + 1};
            return sp;
        }
    }
    size_t len;
    const char *line = wf_source_line(whole.src, whole.line, &len);
    if (!line)
        return whole;
    size_t at =
        wf_source_offset(whole.src, whole.line, whole.col) - (size_t)(line - whole.src->text);
    int col = whole.col;
    if (n->style != WF_STYLE_PLAIN) {
        at++; /* the opening quote */
        col++;
    }
    struct cursor c = {at, col, 0};
    if (!advance(n, line, len, &c, off))
        return whole;
    int c1 = c.col;
    if (end < off)
        c = (struct cursor){at, col, 0};
    if (!advance(n, line, len, &c, end))
        return whole;
    int c2 = c.col;
    wf_span sp = {whole.src, whole.line, c1, whole.line, c2 > c1 ? c2 : c1 + 1};
    return sp;
}

wf_span wf_node_expr_span(const wf_node *n, const wf_expr *e)
{
    return wf_node_subspan(n, 2 + e->off, 2 + e->end); /* after "${" */
}
