/*
 * diag.c - storing, sorting and printing diagnostics.
 *
 * The caret line is built from the source line itself: every code point
 * before the span becomes as many spaces as it is wide on a terminal (tabs
 * are copied), so the caret lands under the right character whatever the
 * script. The JSON and SARIF documents are written by hand so that their
 * layout is stable and diffable.
 */
#include "config.h"

#include "support/diag.h"

#include <stdlib.h>
#include <string.h>

void wf_diags_init(wf_diags *d, wf_arena *a)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
}

void wf_diags_fini(wf_diags *d)
{
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

static wf_diag *new_diag(wf_diags *d, enum wf_sev sev, const char *check, wf_span span,
                         const char *fmt, va_list ap)
{
    wf_diag *dg = wf_arena_zalloc(d->arena, sizeof *dg);
    dg->sev = sev;
    dg->check = check;
    dg->span = span;
    dg->msg = wf_arena_vprintf(d->arena, fmt, ap);
    return dg;
}

wf_diag *wf_diag_report(wf_diags *d, enum wf_sev sev, const char *check, wf_span span,
                        const char *fmt, ...)
{
    if (d->filter) {
        int s = d->filter(d->filter_ud, check, sev, &span);
        if (s < 0)
            return NULL;
        sev = (enum wf_sev)s;
    }
    va_list ap;
    va_start(ap, fmt);
    wf_diag *dg = new_diag(d, sev, check, span, fmt, ap);
    va_end(ap);
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = wf_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    dg->seq = (unsigned)d->n;
    d->items[d->n++] = dg;
    d->counts[sev]++;
    return dg;
}

wf_diag *wf_diag_note(wf_diags *d, wf_diag *parent, wf_span span, const char *fmt, ...)
{
    if (!parent)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    wf_diag *note = new_diag(d, WF_SEV_NOTE, NULL, span, fmt, ap);
    va_end(ap);
    wf_diag **tail = &parent->notes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = note;
    return note;
}

void wf_diag_fixit(wf_diags *d, wf_diag *dg, const char *replacement)
{
    if (dg)
        dg->fixit = wf_arena_strndup(d->arena, replacement, strlen(replacement));
}

static int cmp_str(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return strcmp(a, b);
}

static int cmp_diag(const void *pa, const void *pb)
{
    const wf_diag *a = *(wf_diag *const *)pa, *b = *(wf_diag *const *)pb;
    int c = cmp_str(a->span.src ? a->span.src->name : NULL, b->span.src ? b->span.src->name : NULL);
    if (c)
        return c;
    if (a->span.line != b->span.line)
        return a->span.line < b->span.line ? -1 : 1;
    if (a->span.col != b->span.col)
        return a->span.col < b->span.col ? -1 : 1;
    if ((c = cmp_str(a->check, b->check)) != 0)
        return c;
    if ((c = strcmp(a->msg, b->msg)) != 0)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool same_diag(const wf_diag *a, const wf_diag *b)
{
    return a->span.src == b->span.src && a->span.line == b->span.line &&
           a->span.col == b->span.col && a->span.end_line == b->span.end_line &&
           a->span.end_col == b->span.end_col && a->sev == b->sev &&
           cmp_str(a->check, b->check) == 0 && strcmp(a->msg, b->msg) == 0;
}

void wf_diags_sort(wf_diags *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, cmp_diag);
    size_t out = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (out > 0 && same_diag(d->items[out - 1], d->items[i])) {
            d->counts[d->items[i]->sev]--;
            continue;
        }
        d->items[out++] = d->items[i];
    }
    d->n = out;
}

bool wf_diags_any(const wf_diags *d, enum wf_sev sev)
{
    for (int s = sev; s <= WF_SEV_ERROR; s++)
        if (d->counts[s])
            return true;
    return false;
}

/* ---- text ---- */

static const char *const sev_name[] = {"note", "warning", "error"};
static const char *const sev_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

/* Writes the gutter "   11 | " or "      | ". */
static void gutter(FILE *out, int line, int width)
{
    if (line > 0)
        fprintf(out, "%*d | ", width, line);
    else
        fprintf(out, "%*s | ", width, "");
}

/* A source line cut into code points as a terminal shows them. */
struct unit {
    size_t off;   /* byte offset in the line */
    int bytes;    /* 0 marks an invalid byte, shown as U+FFFD */
    int width;    /* terminal columns; a tab counts 1 and is copied as is */
    bool tab;
};

#define MAX_SHOWN 150 /* columns of a long line shown around the caret */
#define ELLIPSIS "..."

struct shown {
    struct unit *u;
    size_t n;          /* units in the line */
    size_t from, to;   /* units shown */
};

static void cut_line(const char *line, size_t len, int col, struct shown *sh)
{
    sh->u = wf_xmalloc((len + 1) * sizeof *sh->u);
    sh->n = 0;
    int total = 0;
    for (size_t i = 0; i < len;) {
        struct unit *u = &sh->u[sh->n++];
        int n = wf_utf8_valid(line + i, len - i);
        u->off = i;
        u->bytes = n;
        u->tab = line[i] == '\t';
        if (n == 0) {
            u->width = 1;
            i++;
        } else {
            int l;
            uint32_t cp = wf_utf8_decode(line + i, &l);
            u->width = u->tab ? 1 : cp < 0x20 || cp == 0x7F ? 1 : wf_char_width(cp);
            i += (size_t)n;
        }
        total += u->width;
    }
    sh->from = 0;
    sh->to = sh->n;
    if (total <= MAX_SHOWN)
        return;
    /* A long line (minified JSON, say): show a window around the caret. */
    size_t caret = col > 1 ? (size_t)col - 1 : 0;
    sh->from = caret > MAX_SHOWN / 3 ? caret - MAX_SHOWN / 3 : 0;
    if (sh->from > sh->n)
        sh->from = sh->n;
    int w = 0;
    for (sh->to = sh->from; sh->to < sh->n && w + sh->u[sh->to].width <= MAX_SHOWN; sh->to++)
        w += sh->u[sh->to].width;
}

static void print_units(FILE *out, const char *line, const struct shown *sh)
{
    if (sh->from > 0)
        fputs(ELLIPSIS, out);
    for (size_t k = sh->from; k < sh->to; k++) {
        const struct unit *u = &sh->u[k];
        if (u->bytes == 0)
            fputs("\xEF\xBF\xBD", out);
        else if (!u->tab && (unsigned char)line[u->off] < 0x20)
            fputc('?', out); /* a control character would upset the terminal */
        else
            fwrite(line + u->off, 1, (size_t)u->bytes, out);
    }
    if (sh->to < sh->n)
        fputs(ELLIPSIS, out);
    fputc('\n', out);
}

/* Spaces (and tabs) up to unit `upto` of the window. */
static void pad_to(FILE *out, const struct shown *sh, size_t upto)
{
    if (sh->from > 0)
        fputs("   ", out);
    for (size_t k = sh->from; k < upto && k < sh->to; k++) {
        if (sh->u[k].tab)
            fputc('\t', out);
        else
            fprintf(out, "%*s", sh->u[k].width, "");
    }
}

/* The source line, the caret line under [col, end_col), and the fix-it. */
static void show_source(FILE *out, const char *line, size_t len, int lineno, int col, int end_col,
                        bool color, const char *fixit, int width)
{
    struct shown sh;
    cut_line(line, len, col, &sh);
    gutter(out, lineno, width);
    print_units(out, line, &sh);
    size_t c0 = col > 1 ? (size_t)col - 1 : 0, c1 = end_col > col ? (size_t)end_col - 1 : c0 + 1;
    gutter(out, 0, width);
    pad_to(out, &sh, c0);
    if (color)
        fputs(GREEN, out);
    fputc('^', out);
    for (size_t k = c0; k < c1 && k < sh.to; k++)
        for (int w = k == c0 ? 1 : 0; w < sh.u[k].width; w++)
            fputc('~', out);
    if (color)
        fputs(RESET, out);
    fputc('\n', out);
    if (fixit) {
        gutter(out, 0, width);
        pad_to(out, &sh, c0);
        fprintf(out, "%s%s%s\n", color ? GREEN : "", fixit, color ? RESET : "");
    }
    free(sh.u);
}

static int digits(int n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static void print_one(FILE *out, const wf_diag *dg, bool color)
{
    const wf_span *sp = &dg->span;
    const char *file = sp->src ? sp->src->name : "wfc";
    if (color)
        fputs(BOLD, out);
    if (sp->line > 0)
        fprintf(out, "%s:%d:%d: ", file, sp->line, sp->col);
    else
        fprintf(out, "%s: ", file);
    if (color)
        fprintf(out, "%s%s:" RESET BOLD " %s" RESET, sev_color[dg->sev], sev_name[dg->sev],
                dg->msg);
    else
        fprintf(out, "%s: %s", sev_name[dg->sev], dg->msg);
    if (dg->check)
        fprintf(out, " [%s]", dg->check);
    fputc('\n', out);
    size_t len;
    const char *line = sp->src && sp->line > 0 ? wf_source_line(sp->src, sp->line, &len) : NULL;
    if (!line)
        return;
    int width = digits(sp->line) > 5 ? digits(sp->line) : 5;
    int end_col = sp->end_line == sp->line ? sp->end_col : 1 << 30;
    show_source(out, line, len, sp->line, sp->col, end_col, color,
                sp->end_line == sp->line ? dg->fixit : NULL, width);
}

void wf_diags_print_text(FILE *out, const wf_diags *d, bool color)
{
    for (size_t i = 0; i < d->n; i++) {
        print_one(out, d->items[i], color);
        for (const wf_diag *n = d->items[i]->notes; n; n = n->next)
            print_one(out, n, color);
    }
}

/* ---- JSON ---- */

void wf_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void json_location(FILE *out, const wf_span *sp, const char *pad)
{
    fprintf(out, "%s\"file\": ", pad);
    wf_json_string(out, sp->src ? sp->src->name : "");
    fprintf(out, ",\n%s\"line\": %d,\n%s\"column\": %d,\n", pad, sp->line, pad, sp->col);
    fprintf(out, "%s\"end_line\": %d,\n%s\"end_column\": %d,\n", pad, sp->end_line, pad,
            sp->end_col);
}

void wf_diag_print_json(FILE *out, const wf_diag *dg, int indent)
{
    char pad[64], pad2[64], pad3[64];
    int i1 = indent + 2 < 40 ? indent + 2 : 40;
    snprintf(pad, sizeof pad, "%*s", i1, "");
    snprintf(pad2, sizeof pad2, "%*s", i1 + 2, "");
    snprintf(pad3, sizeof pad3, "%*s", i1 + 4, "");
    fputs("{\n", out);
    json_location(out, &dg->span, pad);
    fprintf(out, "%s\"severity\": \"%s\",\n", pad, sev_name[dg->sev]);
    fprintf(out, "%s\"check\": ", pad);
    wf_json_string(out, dg->check ? dg->check : "");
    fprintf(out, ",\n%s\"message\": ", pad);
    wf_json_string(out, dg->msg);
    if (dg->fixit) {
        fprintf(out, ",\n%s\"fix\": ", pad);
        wf_json_string(out, dg->fixit);
    }
    fprintf(out, ",\n%s\"notes\": [", pad);
    for (const wf_diag *n = dg->notes; n; n = n->next) {
        fprintf(out, "%s\n%s{\n", n == dg->notes ? "" : ",", pad2);
        json_location(out, &n->span, pad3);
        fprintf(out, "%s\"message\": ", pad3);
        wf_json_string(out, n->msg);
        fprintf(out, "\n%s}", pad2);
    }
    if (dg->notes)
        fprintf(out, "\n%s", pad);
    fprintf(out, "]\n%*s}", indent, "");
}
