/*
 * node.h - YAML/JSON values as the IR keeps them: the document tree that
 * frontend/yaml.c loads, with every scalar already resolved to its type.
 *
 * The same tree serves as the IR's "templates": the values of assign, args,
 * return and raise, where expressions may appear at any depth (map keys
 * included). A string scalar that is exactly one `${...}` is a WF_NODE_EXPR;
 * its syntax tree is attached by frontend/build.c when the value is used in
 * a place that evaluates expressions. Nodes keep their scalar style and
 * source text so that emitters can reproduce what the author wrote.
 */
#ifndef WF_NODE_H
#define WF_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/expr.h"
#include "support/source.h"

enum wf_node_kind {
    WF_NODE_NULL,
    WF_NODE_BOOL,
    WF_NODE_INT,
    WF_NODE_DOUBLE,
    WF_NODE_STRING,
    WF_NODE_EXPR, /* a string that is exactly "${...}" */
    WF_NODE_LIST,
    WF_NODE_MAP,
};

/* How a scalar or collection was written. */
enum wf_node_style {
    WF_STYLE_PLAIN,
    WF_STYLE_SINGLE,  /* 'single-quoted' */
    WF_STYLE_DOUBLE,  /* "double-quoted" (every string of a JSON file) */
    WF_STYLE_LITERAL, /* | block */
    WF_STYLE_FOLDED,  /* > block */
    WF_STYLE_BLOCK,   /* a block collection */
    WF_STYLE_FLOW,    /* a [flow] or {flow} collection */
};

typedef struct wf_node wf_node;
typedef struct wf_node_pair wf_node_pair;

struct wf_node {
    uint8_t kind;  /* enum wf_node_kind */
    uint8_t style; /* enum wf_node_style */
    bool alias;    /* a YAML alias: a shallow copy of the anchored node, at the alias */
    bool in_flow;  /* inside a [flow] or {flow} collection, where YAML reads {}[], */
    uint32_t len;  /* scalars: bytes of text; lists: items; maps: pairs */
    wf_span span;  /* the whole node, quotes and brackets included */
    union {
        /* Every scalar, whatever its type, keeps its decoded text. */
        struct {
            const char *text; /* NUL-terminated, arena-owned; may hold NULs (from "\0") */
            union {
                bool b;
                int64_t i;
                double d;
                wf_expr *expr; /* WF_NODE_EXPR: the parsed tree, or NULL until parsed or
                                  when it does not parse. The text is "${...}" exactly
                                  (line breaks ending a block scalar are dropped).
                                  WF_NODE_STRING in an evaluated value: the tree the
                                  text would have as an expression, when it reads like
                                  one and parses (for the missing-${} checks), else
                                  NULL. */
            } v;
        } scalar;
        wf_node **items;     /* lists */
        wf_node_pair *pairs; /* maps, in source order */
    } u;
};

struct wf_node_pair {
    wf_node *key; /* a scalar (a string or an expression) */
    wf_node *value;
};

/* Whether the node is a scalar of any type. */
static inline bool wf_node_is_scalar(const wf_node *n)
{
    return n->kind <= WF_NODE_EXPR;
}

/* The string text of a STRING node, else NULL. */
static inline const char *wf_node_str(const wf_node *n)
{
    return n && n->kind == WF_NODE_STRING ? n->u.scalar.text : NULL;
}

/* Building trees in memory (wfc expand): nodes without a source span. A
 * string whose text is exactly "${...}" becomes an expression node (not
 * parsed). Lists and maps grow as items are added. */
wf_node *wf_node_new_string(wf_arena *a, const char *text);
wf_node *wf_node_new_bool(wf_arena *a, bool value);
wf_node *wf_node_new_null(wf_arena *a);
wf_node *wf_node_new_list(wf_arena *a);
wf_node *wf_node_new_map(wf_arena *a);
void wf_node_push(wf_arena *a, wf_node *list, wf_node *item);
void wf_node_put(wf_arena *a, wf_node *map, const char *key, wf_node *value);

/* The value of key `key` in a map node, or NULL (also when `map` is not a map). */
const wf_node *wf_node_get(const wf_node *map, const char *key);

/* The string Workflows makes of a null, boolean or number scalar where it
 * needs one, as a map key or a name: null, true, false, an integer in
 * decimal, a double in the shortest "%g" form that reads back as itself
 * ("0.1", "1e+20", "nan"). 0x1F is "31", so is 31. Writes at most `size`
 * bytes (NUL included) into buf; 40 are always enough. */
void wf_node_key_text(const wf_node *n, char *buf, size_t size);

/* "a string", "a map", ... for messages. */
const char *wf_node_kind_name(const wf_node *n);

/* The span of bytes [off, end) of a scalar's decoded text: exact columns when
 * the scalar is plain or quoted on one line (quotes and escapes accounted
 * for), else the start of the scalar. */
wf_span wf_node_subspan(const wf_node *n, size_t off, size_t end);

/* The inside of a WF_NODE_EXPR scalar: the text between "${" and "}". */
static inline const char *wf_node_expr_text(const wf_node *n, size_t *len)
{
    *len = n->len - 3;
    return n->u.scalar.text + 2;
}

/* The span of a sub-expression of a WF_NODE_EXPR scalar. */
wf_span wf_node_expr_span(const wf_node *n, const wf_expr *e);

#endif
