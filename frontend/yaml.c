/*
 * yaml.c - libyaml events to a node tree.
 *
 * The parser and its events are held only inside wf_yaml_load; every string
 * is copied into the arena at once. Collections under construction sit on
 * an explicit stack (no recursion, so hostile nesting cannot overflow the C
 * stack), and their children on one shared stack from which each finished
 * collection takes its slice. libyaml's marks are 0-based and count
 * characters; this is the one place that turns them into 1-based spans.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include "frontend/yaml.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "frontend/expr.h"
#include "ir/report.h"

struct frame {
    wf_node *node;
    size_t base;        /* index in `kids` of the first child */
    size_t weight;      /* expanded size of the children so far */
    const char *anchor; /* anchor to register when the collection ends */
};

struct anchor {
    const char *name;
    wf_node *node;
    size_t weight; /* nodes in the expanded subtree */
};

struct loader {
    wf_arena *a;
    const wf_source *src;
    wf_diags *d;
    yaml_parser_t parser;
    struct frame *frames;
    size_t nframes, fcap;
    wf_node **kids;
    size_t nkids, kcap;
    struct anchor *anchors;
    size_t nanchors, acap;
    size_t alias_nodes; /* nodes added by aliases so far */
    size_t nodes;       /* nodes so far, aliases expanded */
    wf_node *root;
    size_t root_weight;
    int documents;
    bool failed;
};

static wf_span span_of(const struct loader *L, yaml_mark_t start, yaml_mark_t end)
{
    wf_span sp = {L->src, (int)start.line + 1, (int)start.column + 1, (int)end.line + 1,
                  (int)end.column + 1};
    if (sp.end_line == sp.line && sp.end_col <= sp.col)
        sp.end_col = sp.col + 1;
    return sp;
}

static wf_span point(const struct loader *L, yaml_mark_t m)
{
    return wf_span_point(L->src, (int)m.line + 1, (int)m.column + 1);
}

/* ---- stacks ---- */

static void push_kid(struct loader *L, wf_node *n)
{
    if (L->nkids == L->kcap) {
        L->kcap = L->kcap ? L->kcap * 2 : 256;
        L->kids = wf_xrealloc(L->kids, L->kcap * sizeof *L->kids);
    }
    L->kids[L->nkids++] = n;
}

static size_t sat_add(size_t a, size_t b)
{
    return a > (size_t)-1 - b ? (size_t)-1 : a + b;
}

/* Whether a node that starts now stands inside a [flow] or {flow}
 * collection. */
static bool inside_flow(const struct loader *L)
{
    if (L->nframes == 0)
        return false;
    const wf_node *parent = L->frames[L->nframes - 1].node;
    return parent->style == WF_STYLE_FLOW || parent->in_flow;
}

/* Attaches a finished node of expanded size `weight` to its parent. */
static void attach(struct loader *L, wf_node *n, size_t weight)
{
    if (L->nframes == 0) {
        L->root = n;
        L->root_weight = weight;
        return;
    }
    struct frame *f = &L->frames[L->nframes - 1];
    f->weight = sat_add(f->weight, weight);
    push_kid(L, n);
}

static const char *arena_cstr(struct loader *L, const yaml_char_t *s)
{
    return s ? wf_arena_strndup(L->a, (const char *)s, strlen((const char *)s)) : NULL;
}

static void add_anchor(struct loader *L, const char *name, wf_node *n, size_t weight)
{
    if (L->nanchors == L->acap) {
        L->acap = L->acap ? L->acap * 2 : 16;
        L->anchors = wf_xrealloc(L->anchors, L->acap * sizeof *L->anchors);
    }
    L->anchors[L->nanchors++] = (struct anchor){name, n, weight};
}

/* The latest definition wins: YAML allows redefining an anchor. */
static const struct anchor *find_anchor(const struct loader *L, const char *name)
{
    for (size_t i = L->nanchors; i-- > 0;)
        if (strcmp(L->anchors[i].name, name) == 0)
            return &L->anchors[i];
    return NULL;
}

/* ---- scalars ---- */

static bool all_digits(const char *s, size_t n, int base)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = base == 16 ? (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                             : c >= '0' && c < '0' + base;
        if (!ok)
            return false;
    }
    return true;
}

/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_float(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t int_digits = 0, frac_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, int_digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, frac_digits++;
    }
    if (int_digits == 0 && frac_digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t exp_digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, exp_digits++;
        if (exp_digits == 0)
            return false;
    }
    return i == n;
}

static void out_of_range(struct loader *L, wf_node *n)
{
    wf_report(L->d, WF_CHK_INVALID_VALUE, n->span,
              "number %s is out of range (integers are 64-bit, doubles IEEE 754)",
              n->u.scalar.text);
}

/* Integer forms of the core schema: decimal with sign, 0o octal, 0x hex. */
static bool resolve_int(struct loader *L, wf_node *n)
{
    const char *s = n->u.scalar.text;
    size_t len = n->len;
    int base = 10;
    const char *digits = s;
    size_t nd = len;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        base = s[1] == 'x' ? 16 : 8;
        digits = s + 2;
        nd = len - 2;
    } else if (len > 1 && (s[0] == '-' || s[0] == '+')) {
        digits = s + 1;
        nd = len - 1;
    }
    if (!all_digits(digits, nd, base))
        return false;
    n->kind = WF_NODE_INT;
    errno = 0;
    char *end;
    if (base == 10) {
        n->u.scalar.v.i = strtoll(s, &end, 10);
    } else {
        unsigned long long u = strtoull(digits, &end, base);
        if (u > INT64_MAX)
            errno = ERANGE;
        n->u.scalar.v.i = (int64_t)u;
    }
    if (errno == ERANGE)
        out_of_range(L, n);
    return true;
}

/* One of the spellings in `words`, a string of NUL-separated words that
 * ends with an empty one. */
static bool spelled(const char *s, size_t n, const char *words)
{
    for (size_t k; (k = strlen(words)) != 0; words += k + 1)
        if (k == n && memcmp(s, words, n) == 0)
            return true;
    return false;
}

/* The core schema's null, booleans and special floats; false when the
 * scalar is none of them. Decided by length first: this runs for every
 * plain scalar of the file. */
static bool resolve_word(wf_node *n)
{
    const char *s = n->u.scalar.text;
    size_t len = n->len;
    if (len == 0 || (len == 1 && s[0] == '~') ||
        (len == 4 && spelled(s, len, "null\0Null\0NULL\0"))) {
        n->kind = WF_NODE_NULL;
    } else if (len == 4 && spelled(s, len, "true\0True\0TRUE\0")) {
        n->kind = WF_NODE_BOOL;
        n->u.scalar.v.b = true;
    } else if (len == 5 && spelled(s, len, "false\0False\0FALSE\0")) {
        n->kind = WF_NODE_BOOL;
        n->u.scalar.v.b = false;
    } else if (spelled(s, len, ".inf\0.Inf\0.INF\0+.inf\0+.Inf\0+.INF\0")) {
        n->kind = WF_NODE_DOUBLE;
        n->u.scalar.v.d = INFINITY;
    } else if (spelled(s, len, "-.inf\0-.Inf\0-.INF\0")) {
        n->kind = WF_NODE_DOUBLE;
        n->u.scalar.v.d = -INFINITY;
    } else if (spelled(s, len, ".nan\0.NaN\0.NAN\0")) {
        n->kind = WF_NODE_DOUBLE;
        n->u.scalar.v.d = NAN;
    } else {
        return false;
    }
    return true;
}

static void resolve_plain(struct loader *L, wf_node *n)
{
    const char *s = n->u.scalar.text;
    /* Most plain scalars are words: only these first bytes can start a
     * null, a boolean or a number. */
    if (n->len > 0 && !strchr("~nNtTfF0123456789-+.", s[0]))
        return;
    if (n->len > 6 || !resolve_word(n)) {
        if (resolve_int(L, n))
            return;
        if (is_float(s, n->len)) {
            n->kind = WF_NODE_DOUBLE;
            n->u.scalar.v.d = strtod(s, NULL);
            if (isinf(n->u.scalar.v.d))
                out_of_range(L, n);
        }
    }
}

/* Marks a string that is exactly one "${...}" as an expression. Block
 * scalars end with line breaks that are not part of the value as written;
 * those are dropped from the text of an expression. */
static void classify_string(wf_node *n)
{
    const char *s = n->u.scalar.text;
    size_t len = n->len;
    if (len < 3 || s[0] != '$' || s[1] != '{')
        return;
    if (n->style == WF_STYLE_LITERAL || n->style == WF_STYLE_FOLDED)
        while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
            len--;
    /* Usually the only "}" is the last byte: then there is one expression
     * (a "}" inside a string literal there would leave the string open, an
     * error the parser reports). Otherwise scan for the matching brace. */
    if (s[len - 1] != '}')
        return;
    if (memchr(s + 2, '}', len - 3)) {
        long end = wf_expr_scan_end(s, len);
        if (end < 0 || (size_t)end != len - 1)
            return;
    }
    n->kind = WF_NODE_EXPR;
    n->len = (uint32_t)len;
    ((char *)s)[len] = '\0';
    n->u.scalar.v.expr = NULL;
}

/* Applies an explicit tag such as !!str or !!int. Returns false (after a
 * report) for tags Workflows cannot know. */
static bool apply_tag(struct loader *L, wf_node *n, const char *tag)
{
    static const char prefix[] = "tag:yaml.org,2002:";
    if (strcmp(tag, "!") == 0)
        return true; /* the non-specific tag: a string */
    if (strncmp(tag, prefix, sizeof prefix - 1) == 0) {
        const char *t = tag + sizeof prefix - 1;
        if (strcmp(t, "str") == 0)
            return true;
        wf_node probe = *n;
        resolve_plain(L, &probe);
        bool ok = (strcmp(t, "int") == 0 && probe.kind == WF_NODE_INT) ||
                  (strcmp(t, "float") == 0 &&
                   (probe.kind == WF_NODE_DOUBLE || probe.kind == WF_NODE_INT)) ||
                  (strcmp(t, "bool") == 0 && probe.kind == WF_NODE_BOOL) ||
                  (strcmp(t, "null") == 0 && probe.kind == WF_NODE_NULL);
        if (ok) {
            *n = probe;
            if (strcmp(t, "float") == 0 && n->kind == WF_NODE_INT) {
                n->kind = WF_NODE_DOUBLE;
                n->u.scalar.v.d = (double)n->u.scalar.v.i;
            }
            return true;
        }
        wf_report(L->d, WF_CHK_YAML_SYNTAX, n->span, "\"%s\" is not a valid !!%s value",
                  n->u.scalar.text, t);
        return false;
    }
    wf_report(L->d, WF_CHK_YAML_SYNTAX, n->span,
              "unsupported YAML tag \"%s\"; Workflows reads untagged YAML", tag);
    return false;
}

static void on_scalar(struct loader *L, const yaml_event_t *ev)
{
    wf_node *n = wf_arena_zalloc(L->a, sizeof *n);
    n->span = span_of(L, ev->start_mark, ev->end_mark);
    n->in_flow = inside_flow(L);
    n->u.scalar.text =
        wf_arena_strndup(L->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
    n->len = ev->data.scalar.length;
    n->kind = WF_NODE_STRING;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        n->style = WF_STYLE_SINGLE;
        break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        n->style = WF_STYLE_DOUBLE;
        break;
    case YAML_LITERAL_SCALAR_STYLE:
        n->style = WF_STYLE_LITERAL;
        break;
    case YAML_FOLDED_SCALAR_STYLE:
        n->style = WF_STYLE_FOLDED;
        break;
    default:
        n->style = WF_STYLE_PLAIN;
        break;
    }
    const char *tag = (const char *)ev->data.scalar.tag;
    if (tag && !ev->data.scalar.plain_implicit && !ev->data.scalar.quoted_implicit)
        apply_tag(L, n, tag);
    else if (n->style == WF_STYLE_PLAIN)
        resolve_plain(L, n);
    if (n->kind == WF_NODE_STRING)
        classify_string(n);
    if (ev->data.scalar.anchor)
        add_anchor(L, arena_cstr(L, ev->data.scalar.anchor), n, 1);
    attach(L, n, 1);
}

/* ---- collections ---- */

static bool open_collection(struct loader *L, const yaml_event_t *ev, bool is_map)
{
    if (L->nframes >= WF_YAML_MAX_DEPTH) {
        wf_report(L->d, WF_CHK_YAML_SYNTAX, point(L, ev->start_mark),
                  "nesting is deeper than %d levels", WF_YAML_MAX_DEPTH);
        return false;
    }
    wf_node *n = wf_arena_zalloc(L->a, sizeof *n);
    n->kind = is_map ? WF_NODE_MAP : WF_NODE_LIST;
    n->span = span_of(L, ev->start_mark, ev->end_mark);
    n->in_flow = inside_flow(L);
    const yaml_char_t *anchor, *tag;
    bool flow;
    if (is_map) {
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.implicit ? NULL : ev->data.mapping_start.tag;
        flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    } else {
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.implicit ? NULL : ev->data.sequence_start.tag;
        flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    }
    n->style = flow ? WF_STYLE_FLOW : WF_STYLE_BLOCK;
    if (tag) {
        const char *want = is_map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq";
        if (strcmp((const char *)tag, want) != 0)
            wf_report(L->d, WF_CHK_YAML_SYNTAX, n->span,
                      "unsupported YAML tag \"%s\"; Workflows reads untagged YAML",
                      (const char *)tag);
    }
    if (L->nframes == L->fcap) {
        L->fcap = L->fcap ? L->fcap * 2 : 64;
        L->frames = wf_xrealloc(L->frames, L->fcap * sizeof *L->frames);
    }
    L->frames[L->nframes++] = (struct frame){n, L->nkids, 0, anchor ? arena_cstr(L, anchor) : NULL};
    return true;
}

static const char *key_text(const wf_node *k)
{
    return wf_node_is_scalar(k) ? k->u.scalar.text : NULL;
}

static int cmp_pair_key(const void *pa, const void *pb)
{
    const wf_node_pair *a = *(wf_node_pair *const *)pa, *b = *(wf_node_pair *const *)pb;
    int c = strcmp(key_text(a->key), key_text(b->key));
    if (c)
        return c;
    return a < b ? -1 : a > b; /* source order among equals */
}

static void report_duplicate(struct loader *L, const wf_node_pair *first, wf_node_pair *later)
{
    wf_diag *dg = wf_report(L->d, WF_CHK_DUPLICATE_KEY, later->key->span,
                            "key \"%s\" appears twice in this map; the later value would "
                            "silently replace the earlier",
                            key_text(later->key));
    wf_diag_note(L->d, dg, first->key->span, "first defined here");
    later->key = NULL; /* dropped from the map below */
}

/* Reports every repeated scalar key and removes the repetitions, keeping the
 * first occurrence. Small maps compare pairwise; large ones sort. */
static void check_duplicates(struct loader *L, wf_node *map)
{
    wf_node_pair *p = map->u.pairs;
    size_t n = map->len;
    if (n < 2)
        return;
    bool dropped = false;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            if (!key_text(p[i].key))
                continue;
            for (size_t j = 0; j < i; j++) {
                if (p[j].key && key_text(p[j].key) &&
                    strcmp(key_text(p[j].key), key_text(p[i].key)) == 0) {
                    report_duplicate(L, &p[j], &p[i]);
                    dropped = true;
                    break;
                }
            }
        }
    } else {
        wf_node_pair **idx = wf_xmalloc(n * sizeof *idx);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (key_text(p[i].key))
                idx[m++] = &p[i];
        qsort(idx, m, sizeof *idx, cmp_pair_key);
        for (size_t i = 1; i < m; i++) {
            size_t first = i - 1;
            while (i < m && strcmp(key_text(idx[first]->key), key_text(idx[i]->key)) == 0) {
                report_duplicate(L, idx[first], idx[i]);
                dropped = true;
                i++;
            }
        }
        free(idx);
    }
    if (!dropped)
        return;
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i].key)
            p[out++] = p[i];
    map->len = out;
}

static void close_collection(struct loader *L, const yaml_event_t *ev)
{
    struct frame f = L->frames[--L->nframes];
    wf_node *n = f.node;
    n->span.end_line = (int)ev->end_mark.line + 1;
    n->span.end_col = (int)ev->end_mark.column + 1;
    size_t count = L->nkids - f.base;
    /* Before the first node with kids, L->kids is NULL, and NULL + 0 is undefined. */
    wf_node **kids = count ? L->kids + f.base : NULL;
    if (n->kind == WF_NODE_LIST) {
        n->len = count;
        n->u.items = wf_arena_memdup(L->a, kids, count * sizeof *kids);
    } else {
        n->len = count / 2;
        n->u.pairs = wf_arena_array(L->a, count / 2, sizeof *n->u.pairs);
        for (size_t i = 0; i + 1 < count; i += 2)
            n->u.pairs[i / 2] = (wf_node_pair){kids[i], kids[i + 1]};
        check_duplicates(L, n);
    }
    L->nkids = f.base;
    size_t weight = sat_add(f.weight, 1);
    if (f.anchor)
        add_anchor(L, f.anchor, n, weight);
    attach(L, n, weight);
}

/* Counts the nodes an event adds; false past WF_YAML_MAX_NODES. */
static bool count_nodes(struct loader *L, const yaml_event_t *ev, size_t n)
{
    L->nodes = sat_add(L->nodes, n);
    if (L->nodes <= WF_YAML_MAX_NODES)
        return true;
    wf_report(L->d, WF_CHK_YAML_SYNTAX, point(L, ev->start_mark),
              "the document has more than %d nodes; wfc reads workflows up to that size "
              "(Workflows deploys at most 128 KB)",
              WF_YAML_MAX_NODES);
    return false;
}

static bool on_alias(struct loader *L, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    const struct anchor *an = find_anchor(L, name);
    wf_span sp = span_of(L, ev->start_mark, ev->end_mark);
    if (!an) {
        /* Either never defined, or the anchor of a collection still open
         * (a recursive alias): neither can be expanded. */
        wf_report(L->d, WF_CHK_YAML_SYNTAX, sp,
                  "alias \"*%s\" refers to no complete anchor (undefined or recursive)", name);
        return false;
    }
    L->alias_nodes = sat_add(L->alias_nodes, an->weight);
    if (!count_nodes(L, ev, an->weight))
        return false;
    if (L->alias_nodes > WF_YAML_MAX_ALIAS_NODES) {
        wf_report(L->d, WF_CHK_YAML_SYNTAX, sp,
                  "aliases expand this document by more than %d nodes; refusing to expand "
                  "it (an alias bomb?)",
                  WF_YAML_MAX_ALIAS_NODES);
        return false;
    }
    /* A shallow copy that shares the children but sits where the alias is,
     * so that a diagnostic about the repetition can point at the alias. */
    wf_node *copy = wf_arena_alloc(L->a, sizeof *copy);
    *copy = *an->node;
    copy->span = sp;
    copy->alias = true;
    copy->in_flow = inside_flow(L);
    attach(L, copy, an->weight);
    return true;
}

/* ---- errors ---- */

/* Line and column of a byte offset (for libyaml reader errors). */
static wf_span span_at_offset(const wf_source *src, size_t off)
{
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (src->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = src->lines[lo];
    int col = off > start ? (int)wf_utf8_count(src->text + start, off - start) + 1 : 1;
    return wf_span_point(src, (int)lo + 1, col);
}

/* If the point `sp` lies inside an unquoted "${...}" on its line, returns the
 * byte range of that expression's text on the line and true. */
static bool inside_expression(const wf_source *src, wf_span sp, size_t *from, size_t *to)
{
    size_t len;
    const char *line = wf_source_line(src, sp.line, &len);
    if (!line)
        return false;
    size_t at = wf_source_offset(src, sp.line, sp.col) - (size_t)(line - src->text);
    for (size_t i = at; i-- > 0;) {
        if (line[i] != '$' || i + 1 >= len || line[i + 1] != '{')
            continue;
        if (i > 0 && (line[i - 1] == '"' || line[i - 1] == '\''))
            return false; /* a quoted value: the quote is not the problem */
        long end = wf_expr_scan_end(line + i, len - i);
        if (end >= 0 && i + (size_t)end < at)
            return false; /* closed before the problem */
        *from = i;
        *to = end >= 0 ? i + (size_t)end + 1 : len;
        return true;
    }
    return false;
}

/* The hint for a YAML error inside an unquoted expression: quote it all.
 * `in_flow`: the error is about flow syntax ([...] or {...}). */
static void hint_quote_expression(struct loader *L, wf_diag *dg, wf_span sp, bool in_flow)
{
    size_t from, to;
    if (!dg || !inside_expression(L->src, sp, &from, &to))
        return;
    size_t len;
    const char *line = wf_source_line(L->src, sp.line, &len);
    /* Single quotes: expressions use double quotes for their strings. */
    size_t cap = 2 * (to - from) + 3, k = 0;
    char *quoted = wf_arena_alloc(L->a, cap);
    quoted[k++] = '\'';
    for (size_t i = from; i < to; i++) {
        if (line[i] == '\'')
            quoted[k++] = '\'';
        quoted[k++] = line[i];
    }
    quoted[k++] = '\'';
    quoted[k] = '\0';
    wf_span esp = {L->src, sp.line, (int)wf_utf8_count(line, from) + 1, sp.line,
                   (int)wf_utf8_count(line, to) + 1};
    wf_diag *note =
        wf_diag_note(L->d, dg, esp,
                     in_flow ? "an unquoted expression inside [...] or {...}: YAML reads its "
                               "braces and commas as flow syntax; quote it"
                             : "this expression is not quoted, so YAML reads its \": \" as the "
                               "start of a map entry; quote the whole value");
    wf_diag_fixit(L->d, note, quoted);
}

/* Indentation of a line (spaces before the first other character), or -1
 * for a blank or comment line. */
static int indentation(const wf_source *src, int line)
{
    size_t len;
    const char *p = wf_source_line(src, line, &len);
    if (!p)
        return -1;
    size_t i = 0;
    while (i < len && p[i] == ' ')
        i++;
    if (i == len || p[i] == '#')
        return -1;
    return (int)i;
}

/* "x: y" on a line indented deeper than the "key: value" line before it:
 * YAML reads the line as the continuation of that value. */
static void hint_indentation(struct loader *L, wf_diag *dg, wf_span sp)
{
    if (!dg || sp.line < 2)
        return;
    int here = indentation(L->src, sp.line), prev_line = sp.line - 1, prev;
    while (prev_line > 0 && (prev = indentation(L->src, prev_line)) < 0)
        prev_line--;
    if (prev_line == 0 || here <= prev)
        return;
    size_t len;
    const char *p = wf_source_line(L->src, prev_line, &len);
    const char *colon = memchr(p, ':', len);
    if (!colon || (size_t)(colon - p) + 1 >= len || colon[1] != ' ')
        return;
    const char *key = p + prev;
    if (*key == '-' && key + 1 < colon && key[1] == ' ')
        key += 2;
    int key_col = (int)wf_utf8_count(p, (size_t)(key - p)) + 1;
    wf_span ksp = {L->src, prev_line, key_col, prev_line,
                   key_col + (int)wf_utf8_count(key, (size_t)(colon - key))};
    wf_diag_note(L->d, dg, ksp,
                 "the line is indented deeper than \"%.*s\" above, so YAML reads it as the rest "
                 "of that value; is it indented too far?",
                 (int)(colon - key), key);
}

/* The classic mistake: `url: "https://"+location+"/v1"`, an expression
 * written without "${}". YAML stops at the closing quote; and quoted as a
 * whole, the value would be literal text. When the value on the error's
 * line parses as an expression, say so and show it written right. */
static void hint_missing_dollar_brace(struct loader *L, wf_diag *dg, wf_span sp)
{
    size_t len;
    const char *line = wf_source_line(L->src, sp.line, &len);
    if (!dg || !line)
        return;
    const char *colon = NULL;
    for (size_t i = 0; i + 1 < len && !colon; i++)
        if (line[i] == ':' && line[i + 1] == ' ')
            colon = line + i;
    if (!colon)
        return;
    const char *v = colon + 2, *end = line + len;
    while (v < end && *v == ' ')
        v++;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (v == end || (*v != '"' && *v != '\'') || memmem(v, (size_t)(end - v), "${", 2))
        return;
    struct wf_expr_error err;
    wf_strtab *strs = wf_strtab_new(L->a);
    if (!wf_expr_parse(L->a, strs, v, (size_t)(end - v), &err))
        return;
    char *text = wf_arena_strndup(L->a, v, (size_t)(end - v));
    const char *fix = strstr(text, ": ") || strstr(text, " #") || strchr(text, '\'')
                          ? NULL
                          : wf_arena_printf(L->a, "${%s}", text);
    int col = (int)wf_utf8_count(line, (size_t)(v - line)) + 1;
    wf_span vsp = {L->src, sp.line, col, sp.line, col + (int)wf_utf8_count(v, (size_t)(end - v))};
    wf_diag *note = wf_diag_note(L->d, dg, vsp,
                                 "this value reads as an expression written without \"${}\"; "
                                 "Workflows evaluates only values written as ${...}");
    if (fix)
        wf_diag_fixit(L->d, note, fix);
}

static bool is_tab_at(const wf_source *src, wf_span sp)
{
    size_t off = wf_source_offset(src, sp.line, sp.col);
    return off < src->len && src->text[off] == '\t';
}

static void report_parser_error(struct loader *L)
{
    yaml_parser_t *p = &L->parser;
    if (p->error == YAML_MEMORY_ERROR)
        wf_fatal_oom();
    if (p->error == YAML_READER_ERROR) {
        wf_span sp = span_at_offset(L->src, L->src->body + p->problem_offset);
        if (p->problem_value >= 0 && p->problem_value < 0x20)
            wf_report(L->d, WF_CHK_YAML_SYNTAX, sp,
                      "control character U+%04X is not allowed in YAML", p->problem_value);
        else
            wf_report(L->d, WF_CHK_YAML_SYNTAX, sp, "%s", p->problem ? p->problem : "read error");
        return;
    }
    wf_span sp = point(L, p->problem_mark);
    const char *problem = p->problem ? p->problem : "syntax error";
    wf_diag *dg;
    if (p->error == YAML_SCANNER_ERROR && is_tab_at(L->src, sp))
        dg = wf_report(L->d, WF_CHK_YAML_SYNTAX, sp,
                       "tab character where YAML expects indentation or a value; YAML indents "
                       "with spaces only");
    else if (strcmp(problem, "mapping values are not allowed in this context") == 0)
        dg = wf_report(L->d, WF_CHK_YAML_SYNTAX, sp,
                       "\": \" is not allowed here: YAML reads it as the start of a map entry");
    else
        dg = wf_report(L->d, WF_CHK_YAML_SYNTAX, sp, "%s", problem);
    bool in_flow = strstr(problem, "','") != NULL || (p->context && strstr(p->context, "flow"));
    size_t from, to;
    bool in_expr = inside_expression(L->src, sp, &from, &to);
    if (p->context && p->context_mark.line != p->problem_mark.line) {
        const char *ctx = p->context;
        if (strncmp(ctx, "while ", 6) == 0)
            ctx += 6;
        wf_diag_note(L->d, dg, point(L, p->context_mark), "%s that starts here", ctx);
    }
    if (in_expr)
        hint_quote_expression(L, dg, sp, in_flow);
    else if (strcmp(problem, "mapping values are not allowed in this context") == 0)
        hint_indentation(L, dg, sp);
    else
        hint_missing_dollar_brace(L, dg, sp);
}

/* ---- driver ---- */

struct reader {
    const char *p;
    size_t left;
};

static int input_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    struct reader *r = data;
    size_t n = r->left < size ? r->left : size;
    memcpy(buffer, r->p, n);
    r->p += n;
    r->left -= n;
    *size_read = n;
    return 1;
}

/* Handles one event; returns false to stop. */
static bool on_event(struct loader *L, const yaml_event_t *ev)
{
    if ((ev->type == YAML_SCALAR_EVENT || ev->type == YAML_SEQUENCE_START_EVENT ||
         ev->type == YAML_MAPPING_START_EVENT) &&
        !count_nodes(L, ev, 1))
        return false;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++L->documents > 1) {
            wf_report(L->d, WF_CHK_YAML_SYNTAX, point(L, ev->start_mark),
                      "a second YAML document starts here; a workflow file holds exactly one");
            return false;
        }
        return true;
    case YAML_SCALAR_EVENT:
        on_scalar(L, ev);
        return true;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return open_collection(L, ev, ev->type == YAML_MAPPING_START_EVENT);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        close_collection(L, ev);
        return true;
    case YAML_ALIAS_EVENT:
        return on_alias(L, ev);
    default:
        return true;
    }
}

wf_node *wf_yaml_load(wf_arena *a, const wf_source *src, wf_diags *d)
{
    struct loader L = {.a = a, .src = src, .d = d};
    struct reader rd = {src->text + src->body, src->len - src->body};
    if (!yaml_parser_initialize(&L.parser))
        wf_fatal_oom();
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input(&L.parser, input_handler, &rd);
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&L.parser, &ev)) {
            report_parser_error(&L);
            L.failed = true;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        bool go_on = on_event(&L, &ev);
        yaml_event_delete(&ev);
        if (!go_on) {
            L.failed = true;
            break;
        }
    }
    yaml_parser_delete(&L.parser);
    free(L.frames);
    free(L.kids);
    free(L.anchors);
    if (L.failed)
        return NULL;
    if (!L.root) {
        wf_report(d, WF_CHK_YAML_SYNTAX, wf_span_point(src, 1, 1),
                  "file is empty; expected a list of steps or a map of workflows");
        return NULL;
    }
    return L.root;
}
