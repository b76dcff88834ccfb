/*
 * suppress.c - finding `# wfc: ignore[...]` comments in the source text.
 *
 * libyaml drops comments, so we scan the bytes ourselves, line by line, with
 * just enough of YAML's lexical rules to tell a comment from a `#` inside a
 * value: quoted scalars (which may span lines), plain scalars (where `#`
 * starts a comment only after white space), flow collections and block
 * scalars (`|` and `>`, whose lines are text). It is a heuristic, not a
 * parser: on input libyaml rejects it may guess wrong, which costs at most a
 * suppression. Files without "wfc:" are not scanned at all.
 */
#include "config.h"

#include "support/suppress.h"

#include <stdlib.h>
#include <string.h>

/* What carries from one line to the next, and what was found so far. */
struct scan {
    wf_arena *a;
    const wf_source *src;
    char quote;         /* '"' or '\'' inside a quoted scalar, else 0 */
    int flow;           /* depth of flow collections */
    bool in_block;      /* inside a block scalar */
    int block_parent;   /* its lines are indented more than this */
    bool *comment_only; /* [line]: nothing but a comment (or white space and a comment) */
    bool *own_line;     /* per directive: alone on its line */
    struct wf_ignore *items;
    size_t n, cap;
    struct wf_ignore_problem *problems;
    size_t nproblems, capproblems;
};

static bool has_marker(const wf_source *src)
{
    const char *p = src->text + src->body, *end = src->text + src->len;
    while (end - p >= 4) {
        const char *w = memchr(p, 'w', (size_t)(end - p) - 3);
        if (!w)
            return false;
        if (memcmp(w, "wfc:", 4) == 0)
            return true;
        p = w + 1;
    }
    return false;
}

static wf_span span_of(const struct scan *S, int line, const char *p, size_t from, size_t to)
{
    wf_span sp = {S->src, line, (int)wf_utf8_count(p, from) + 1, line,
                  (int)wf_utf8_count(p, to) + 1};
    return sp;
}

static void problem(struct scan *S, wf_span sp, const char *fmt, ...) WF_PRINTF(3, 4);

static void problem(struct scan *S, wf_span sp, const char *fmt, ...)
{
    if (S->nproblems == S->capproblems) {
        S->capproblems = S->capproblems ? 2 * S->capproblems : 4;
        S->problems = wf_xrealloc(S->problems, S->capproblems * sizeof *S->problems);
    }
    va_list ap;
    va_start(ap, fmt);
    S->problems[S->nproblems].span = sp;
    S->problems[S->nproblems].msg = wf_arena_vprintf(S->a, fmt, ap);
    va_end(ap);
    S->nproblems++;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static size_t skip_blanks(const char *p, size_t i, size_t len)
{
    while (i < len && is_blank(p[i]))
        i++;
    return i;
}

static struct wf_ignore *new_ignore(struct scan *S, bool own_line)
{
    if (S->n == S->cap) {
        S->cap = S->cap ? 2 * S->cap : 4;
        S->items = wf_xrealloc(S->items, S->cap * sizeof *S->items);
        S->own_line = wf_xrealloc(S->own_line, S->cap * sizeof *S->own_line);
    }
    struct wf_ignore *ig = &S->items[S->n];
    memset(ig, 0, sizeof *ig);
    S->own_line[S->n++] = own_line;
    return ig;
}

/* The list of `ignore[a, b]`: p[i] is "[". Returns false after a problem. */
static bool parse_list(struct scan *S, int line, const char *p, size_t len, size_t i,
                       struct wf_ignore *ig)
{
    const char *close = memchr(p + i, ']', len - i);
    if (!close) {
        problem(S, span_of(S, line, p, i, i + 1),
                "\"[\" has no matching \"]\" in a wfc comment; expected \"# wfc: ignore[ID,...]\"");
        return false;
    }
    size_t end = (size_t)(close - p), count = 1;
    for (size_t k = i + 1; k < end; k++)
        count += p[k] == ',';
    ig->ids = wf_arena_array(S->a, count, sizeof *ig->ids);
    for (size_t from = i + 1; from <= end;) {
        const char *comma = memchr(p + from, ',', end - from);
        size_t to = comma ? (size_t)(comma - p) : end;
        size_t a = skip_blanks(p, from, to), b = to;
        while (b > a && is_blank(p[b - 1]))
            b--;
        if (a == b) {
            problem(S, span_of(S, line, p, a, a + 1),
                    "empty check id in a wfc comment; expected \"# wfc: ignore[ID,...]\"");
            return false;
        }
        struct wf_ignore_id *id = &ig->ids[ig->nids++];
        id->name = wf_arena_strndup(S->a, p + a, b - a);
        id->span = span_of(S, line, p, a, b);
        from = to + 1;
    }
    return true;
}

/* A comment at p[hash] == '#'. Records it when it is a wfc directive. */
static void comment(struct scan *S, int line, const char *p, size_t len, size_t hash, bool own_line)
{
    size_t i = skip_blanks(p, hash + 1, len);
    if (len - i < 4 || memcmp(p + i, "wfc:", 4) != 0)
        return;
    i = skip_blanks(p, i + 4, len);
    size_t w = i;
    while (w < len && ((p[w] >= 'a' && p[w] <= 'z') || (p[w] >= 'A' && p[w] <= 'Z') ||
                       p[w] == '-' || p[w] == '_'))
        w++;
    if (w == i) {
        problem(S, span_of(S, line, p, hash, len),
                "a wfc comment without a directive; expected \"# wfc: ignore\" or "
                "\"# wfc: ignore[ID,...]\"");
        return;
    }
    if (w - i != 6 || memcmp(p + i, "ignore", 6) != 0) {
        problem(S, span_of(S, line, p, i, w),
                "unknown wfc directive \"%.*s\"; expected \"ignore\" or \"ignore[ID,...]\"",
                (int)(w - i), p + i);
        return;
    }
    size_t after = skip_blanks(p, w, len);
    if (w < len && !is_blank(p[w]) && p[w] != '[') {
        problem(S, span_of(S, line, p, w, w + 1),
                "unexpected \"%c\" after \"ignore\" in a wfc comment; expected \"[ID,...]\" or "
                "the end of the comment",
                p[w]);
        return;
    }
    struct wf_ignore ig = {0};
    ig.span = span_of(S, line, p, hash, len);
    ig.line = line;
    if (after < len && p[after] == '[') {
        if (!parse_list(S, line, p, len, after, &ig))
            return;
    } else {
        ig.all = true;
    }
    *new_ignore(S, own_line) = ig;
}

/* What the scan of one line knows: whether a token starts here, and where
 * the key or the list item that a block scalar header ("|", ">") belongs to
 * begins, since the scalar's lines are the ones indented more than that. */
struct line_state {
    bool tok;                      /* at the start of a token */
    bool after_quote;              /* a quoted scalar just closed (a JSON-like key) */
    char last_ind;                 /* the last indicator seen: ':' or '-' */
    int key_col, seq_col, tok_col; /* byte offsets in the line, -1 when none */
};

/* Skips a token that starts with `&`, `!` or `*` (anchor, tag, alias). */
static size_t skip_property(const char *p, size_t i, size_t len)
{
    while (i + 1 < len && !is_blank(p[i + 1]) && p[i + 1] != ',' && p[i + 1] != ']' &&
           p[i + 1] != '}')
        i++;
    return i;
}

/* A character at the start of a token (outside quotes). Returns the index
 * of the last byte it used. */
static size_t token_start(struct scan *S, struct line_state *L, const char *p, size_t len, size_t i,
                          int indent)
{
    char c = p[i];
    bool next_blank = i + 1 == len || is_blank(p[i + 1]);
    switch (c) {
    case '"':
    case '\'':
        S->quote = c;
        L->tok_col = (int)i;
        return i;
    case '[':
    case '{':
        S->flow++;
        return i;
    case ']':
    case '}':
        S->flow -= S->flow > 0;
        L->tok = false;
        return i;
    case ',':
        return i;
    case '-':
    case '?':
    case ':':
        if (!next_blank)
            break;
        L->last_ind = c;
        if (c == '-')
            L->seq_col = (int)i;
        else if (c == ':')
            L->key_col = L->tok_col;
        return i;
    case '|':
    case '>':
        if (S->flow)
            break;
        S->in_block = true;
        S->block_parent = L->last_ind == ':' && L->key_col >= 0   ? L->key_col
                          : L->last_ind == '-' && L->seq_col >= 0 ? L->seq_col
                                                                  : indent - 1;
        L->tok = false; /* the rest of the header: indicators, then a comment */
        return i;
    case '&':
    case '!':
        return skip_property(p, i, len);
    case '*':
        L->tok = false;
        return skip_property(p, i, len);
    default:
        break;
    }
    L->tok = false; /* a plain scalar starts */
    L->tok_col = (int)i;
    return i;
}

/* Inside a quoted scalar: returns the index of the last byte it used. */
static size_t in_quote(struct scan *S, struct line_state *L, const char *p, size_t len, size_t i)
{
    if (S->quote == '"') {
        if (p[i] == '\\')
            return i + 1 < len ? i + 1 : i;
        if (p[i] != '"')
            return i;
    } else {
        if (p[i] != '\'')
            return i;
        if (i + 1 < len && p[i + 1] == '\'')
            return i + 1; /* '' is a quote inside the scalar */
    }
    S->quote = 0;
    L->tok = false;
    L->after_quote = true;
    return i;
}

/* Inside a plain scalar or after a node: what may end it. */
static void after_token(struct scan *S, struct line_state *L, const char *p, size_t len, size_t i)
{
    char c = p[i];
    bool next_blank = i + 1 == len || is_blank(p[i + 1]);
    if (c == ':' && (next_blank || L->after_quote ||
                     (S->flow && (p[i + 1] == ',' || p[i + 1] == ']' || p[i + 1] == '}')))) {
        L->tok = true;
        L->last_ind = ':';
        L->key_col = L->tok_col;
    } else if (S->flow && c == ',') {
        L->tok = true;
    } else if (S->flow && (c == ']' || c == '}')) {
        S->flow--;
    }
    L->after_quote = false;
}

static void scan_line(struct scan *S, int line, const char *p, size_t len)
{
    size_t indent = 0;
    while (indent < len && p[indent] == ' ')
        indent++;
    if (S->in_block) {
        if (skip_blanks(p, indent, len) == len || (int)indent > S->block_parent)
            return; /* a line of the block scalar */
        S->in_block = false;
    }
    struct line_state L = {true, false, 0, -1, -1, -1};
    bool seen = S->quote != 0; /* a non-blank character on this line */
    for (size_t i = 0; i < len; i++) {
        if (S->quote) {
            i = in_quote(S, &L, p, len, i);
            continue;
        }
        if (is_blank(p[i]))
            continue;
        if (p[i] == '#' && (i == 0 || is_blank(p[i - 1]))) {
            S->comment_only[line] = !seen;
            comment(S, line, p, len, i, !seen);
            return;
        }
        seen = true;
        if (L.tok)
            i = token_start(S, &L, p, len, i, (int)indent);
        else
            after_token(S, &L, p, len, i);
    }
}

/* Own-line directives cover the next line that is not a comment line. */
static void link_lines(struct scan *S, wf_suppressions *s)
{
    size_t nlines = S->src->nlines;
    s->by_line = wf_arena_array(S->a, nlines + 1, sizeof *s->by_line);
    for (size_t k = s->n; k-- > 0;) { /* backwards, so each line's list is in source order */
        struct wf_ignore *ig = &s->items[k];
        if (S->own_line[k]) {
            size_t t = (size_t)ig->line + 1;
            while (t <= nlines && S->comment_only[t])
                t++;
            ig->line = t <= nlines ? (int)t : 0;
        }
        if (ig->line > 0) {
            ig->next_same_line = s->by_line[ig->line];
            s->by_line[ig->line] = ig;
        }
    }
}

wf_suppressions *wf_suppress_scan(wf_arena *a, const wf_source *src)
{
    wf_suppressions *s = wf_arena_zalloc(a, sizeof *s);
    s->src = src;
    if (!src || !src->lines || !has_marker(src))
        return s;
    struct scan S = {.a = a, .src = src};
    S.comment_only = calloc(src->nlines + 2, sizeof *S.comment_only);
    if (!S.comment_only)
        wf_fatal_oom();
    for (size_t line = 1; line <= src->nlines; line++) {
        size_t len;
        const char *p = wf_source_line(src, (int)line, &len);
        scan_line(&S, (int)line, p, len);
    }
    s->n = S.n;
    s->items = wf_arena_memdup(a, S.items, S.n * sizeof *S.items);
    if (s->n)
        link_lines(&S, s);
    s->nproblems = S.nproblems;
    s->problems = wf_arena_memdup(a, S.problems, S.nproblems * sizeof *S.problems);
    free(S.items);
    free(S.own_line);
    free(S.problems);
    free(S.comment_only);
    return s;
}

bool wf_suppress_match(const wf_suppressions *s, int line, const char *check)
{
    if (!s->by_line || line < 1 || (size_t)line > s->src->nlines || !check)
        return false;
    for (const struct wf_ignore *ig = s->by_line[line]; ig; ig = ig->next_same_line) {
        if (ig->all)
            return true;
        for (size_t k = 0; k < ig->nids; k++)
            if (strcmp(ig->ids[k].name, check) == 0)
                return true;
    }
    return false;
}
