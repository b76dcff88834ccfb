/*
 * diag.c - storing, sorting and printing diagnostics.
 *
 * The caret line is built from the source line itself: every code point
 * before the span becomes as many spaces as it is wide on a terminal (tabs
 * are copied), so the caret lands under the right character whatever the
 * script. The JSON and SARIF documents are written by hand so that their
 * layout is stable and diffable; the GitHub printer writes the workflow
 * commands that GitHub Actions turns into annotations.
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
                         const char *fmt, va_list ap) WF_PRINTF(5, 0);
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
    size_t off; /* byte offset in the line */
    int bytes;  /* 0 marks an invalid byte, shown as U+FFFD */
    int width;  /* terminal columns; a tab counts 1 and is copied as is */
    bool tab;
};

#define MAX_SHOWN 150 /* columns of a long line shown around the caret */
#define ELLIPSIS "..."

struct shown {
    struct unit *u;  /* units from `from` on: u[0] is unit `from` */
    size_t from, to; /* units shown */
    bool more;       /* the line goes on after unit `to` */
};

/* Unit `k` of the line, from <= k < to. */
static const struct unit *unit_at(const struct shown *sh, size_t k)
{
    return &sh->u[k - sh->from];
}

/* Decodes the unit of the line at byte `i`; returns its length in bytes. */
static size_t decode_unit(const char *line, size_t len, size_t i, struct unit *u)
{
    int n = wf_utf8_valid(line + i, len - i);
    u->off = i;
    u->bytes = n;
    u->tab = line[i] == '\t';
    if (n == 0) {
        u->width = 1;
        return 1;
    }
    int l;
    uint32_t cp = wf_utf8_decode(line + i, &l);
    u->width = u->tab ? 1 : cp < 0x20 || cp == 0x7F ? 1 : wf_char_width(cp);
    return (size_t)n;
}

/* Cuts the part of a line that is shown: all of it when it fits in
 * MAX_SHOWN columns, else a window around the caret (minified JSON, say).
 * Only the window's units are kept, so that a line of 50 MB costs no more
 * than a short one. */
static void cut_line(const char *line, size_t len, int col, struct shown *sh)
{
    int total = 0;
    for (size_t i = 0; i < len && total <= MAX_SHOWN;) {
        struct unit u;
        i += decode_unit(line, len, i, &u);
        total += u.width;
    }
    size_t caret = col > 1 ? (size_t)col - 1 : 0;
    sh->from = total <= MAX_SHOWN || caret <= MAX_SHOWN / 3 ? 0 : caret - MAX_SHOWN / 3;
    size_t cap = 64, i = 0, k = 0;
    sh->u = wf_xmalloc(cap * sizeof *sh->u);
    for (; i < len && k < sh->from; k++) { /* skip to the window */
        struct unit u;
        i += decode_unit(line, len, i, &u);
    }
    sh->from = k; /* a line shorter than the caret column */
    size_t n = 0;
    int w = 0;
    while (i < len) {
        struct unit u;
        size_t step = decode_unit(line, len, i, &u);
        if (w + u.width > MAX_SHOWN)
            break;
        if (n == cap) {
            cap *= 2;
            sh->u = wf_xrealloc(sh->u, cap * sizeof *sh->u);
        }
        sh->u[n++] = u;
        w += u.width;
        i += step;
    }
    sh->to = sh->from + n;
    sh->more = i < len;
}

/* Whether a unit is copied from the line as it is. */
static bool plain_unit(const char *line, const struct unit *u)
{
    return u->bytes != 0 && (u->tab || (unsigned char)line[u->off] >= 0x20);
}

static void print_units(FILE *out, const char *line, const struct shown *sh)
{
    if (sh->from > 0)
        fputs(ELLIPSIS, out);
    for (size_t k = sh->from; k < sh->to;) {
        const struct unit *u = unit_at(sh, k);
        if (!plain_unit(line, u)) {
            /* U+FFFD for an invalid byte; a control character would upset
             * the terminal. */
            fputs(u->bytes == 0 ? "\xEF\xBF\xBD" : "?", out);
            k++;
            continue;
        }
        size_t run = k + 1; /* copy a run of plain units at once */
        while (run < sh->to && plain_unit(line, unit_at(sh, run)))
            run++;
        const struct unit *last = unit_at(sh, run - 1);
        fwrite(line + u->off, 1, last->off + (size_t)last->bytes - u->off, out);
        k = run;
    }
    if (sh->more)
        fputs(ELLIPSIS, out);
    fputc('\n', out);
}

/* `n` copies of character `c` (a space or '~'). */
static void repeat(FILE *out, char c, size_t n)
{
    static const char spaces[] = "                                ";
    static const char tildes[] = "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~";
    const size_t chunk = sizeof spaces - 1;
    for (; n > 0; n -= n < chunk ? n : chunk)
        fwrite(c == ' ' ? spaces : tildes, 1, n < chunk ? n : chunk, out);
}

/* Spaces (and tabs) up to unit `upto` of the window. */
static void pad_to(FILE *out, const struct shown *sh, size_t upto)
{
    size_t spaces = sh->from > 0 ? sizeof ELLIPSIS - 1 : 0;
    for (size_t k = sh->from; k < upto && k < sh->to; k++) {
        if (unit_at(sh, k)->tab) {
            repeat(out, ' ', spaces);
            spaces = 0;
            fputc('\t', out);
        } else {
            spaces += (size_t)unit_at(sh, k)->width;
        }
    }
    repeat(out, ' ', spaces);
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
    size_t tildes = 0;
    for (size_t k = c0; k < c1 && k < sh.to; k++) {
        int w = unit_at(&sh, k)->width - (k == c0); /* the caret takes one column */
        tildes += w > 0 ? (size_t)w : 0;
    }
    repeat(out, '~', tildes);
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

/* A message on one line: a name holding a line break or another control
 * character (a step named in a quoted key) is shown escaped, \n or \xNN. */
static void put_message(FILE *out, const char *msg)
{
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(out, "\\x%02X", *p);
        else
            fputc(*p, out);
    }
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
        fprintf(out, "%s%s:" RESET BOLD " ", sev_color[dg->sev], sev_name[dg->sev]);
    else
        fprintf(out, "%s: ", sev_name[dg->sev]);
    put_message(out, dg->msg);
    if (color)
        fputs(RESET, out);
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

/* ---- GitHub Actions workflow commands ---- */

/* Escapes workflow command data: "%", CR and LF; in a property also ":" and ",". */
static void gh_escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            fputs("%25", out);
            break;
        case '\r':
            fputs("%0D", out);
            break;
        case '\n':
            fputs("%0A", out);
            break;
        case ':':
            fputs(property ? "%3A" : ":", out);
            break;
        case ',':
            fputs(property ? "%2C" : ",", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

/* A note, on a line of its own inside the message ("%0A" is a line break). */
static void gh_note(FILE *out, const wf_diag *n)
{
    const wf_span *sp = &n->span;
    fputs("%0A", out);
    gh_escape(out, sp->src ? sp->src->name : "wfc", false);
    if (sp->line > 0)
        fprintf(out, ":%d:%d", sp->line, sp->col);
    fputs(": note: ", out);
    gh_escape(out, n->msg, false);
}

/* A fix-it, indented on the line after the diagnostic or note it belongs to. */
static void gh_fixit(FILE *out, const wf_diag *n)
{
    if (!n->fixit || n->span.end_line != n->span.line)
        return;
    fputs("%0A    ", out);
    gh_escape(out, n->fixit, false);
}

static void print_github_one(FILE *out, const wf_diag *dg)
{
    static const char *const cmd[] = {"notice", "warning", "error"};
    const wf_span *sp = &dg->span;
    fprintf(out, "::%s file=", cmd[dg->sev]);
    gh_escape(out, sp->src ? sp->src->name : "", true);
    if (sp->line > 0) {
        int col = sp->col < 1 ? 1 : sp->col;
        fprintf(out, ",line=%d,col=%d", sp->line, col);
        if (sp->end_line >= sp->line)
            fprintf(out, ",endLine=%d,endColumn=%d", sp->end_line,
                    sp->end_col > col || sp->end_line > sp->line ? sp->end_col : col + 1);
    }
    fputs(",title=wfc", out);
    if (dg->check) {
        fputs(" [", out);
        gh_escape(out, dg->check, true);
        fputc(']', out);
    }
    fputs("::", out);
    gh_escape(out, dg->msg, false);
    gh_fixit(out, dg);
    for (const wf_diag *n = dg->notes; n; n = n->next) {
        gh_note(out, n);
        gh_fixit(out, n);
    }
    fputc('\n', out);
}

void wf_diags_print_github(FILE *out, const wf_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        print_github_one(out, d->items[i]);
}

/* ---- SARIF ---- */

struct wf_sarif {
    FILE *out;
    const struct wf_sarif_tool *tool;
    size_t nresults;
    /* Notifications wait for the end of the run, in a memory stream. */
    char *notes_buf;
    size_t notes_len;
    FILE *notes;
    size_t nnotes;
};

static const char *const sarif_level[] = {"note", "warning", "error"};

/* A file path as a URI reference: relative paths stay relative, absolute
 * ones become file: URIs; every byte outside the unreserved characters,
 * "/" and a few harmless sub-delimiters is percent-encoded. */
static void sarif_uri(FILE *out, const char *path)
{
    static const char keep[] = "-._~/!$&'()*+;=@";
    fputc('"', out);
    if (path[0] == '/')
        fputs("file://", out);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(keep, *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
    fputc('"', out);
}

static void sarif_text(FILE *out, const char *key, const char *text)
{
    fprintf(out, "\"%s\": {\"text\": ", key);
    wf_json_string(out, text);
    fputc('}', out);
}

static void sarif_region(FILE *out, const wf_span *sp)
{
    int col = sp->col < 1 ? 1 : sp->col;
    int end_line = sp->end_line >= sp->line ? sp->end_line : sp->line;
    int end_col = sp->end_col;
    if (end_line == sp->line && end_col <= col)
        end_col = col + 1; /* a point: one character, as the caret shows it */
    if (end_col < 1)
        end_col = 1;
    fprintf(out,
            "\"region\": {\"startLine\": %d, \"startColumn\": %d, \"endLine\": %d, "
            "\"endColumn\": %d}",
            sp->line, col, end_line, end_col);
}

static void sarif_artifact(FILE *out, const wf_span *sp)
{
    fputs("\"artifactLocation\": {\"uri\": ", out);
    sarif_uri(out, sp->src ? sp->src->name : "");
    fputc('}', out);
}

/* {"physicalLocation": {...}, with a region when the span has a line, and
 * "message" when `msg` is not NULL. */
static void sarif_location(FILE *out, const wf_span *sp, const char *msg)
{
    fputs("{\"physicalLocation\": {", out);
    sarif_artifact(out, sp);
    if (sp->line > 0) {
        fputs(", ", out);
        sarif_region(out, sp);
    }
    fputc('}', out);
    if (msg) {
        fputs(", ", out);
        sarif_text(out, "message", msg);
    }
    fputc('}', out);
}

/* The rule of `check` in the tool's table, or -1. */
static long sarif_rule(const struct wf_sarif_tool *t, const char *check)
{
    for (size_t i = 0; check && i < t->nrules; i++)
        if (strcmp(t->rules[i].id, check) == 0)
            return (long)i;
    return -1;
}

static void sarif_rules(FILE *out, const struct wf_sarif_tool *tool)
{
    fputs(",\n          \"rules\": [", out);
    for (size_t i = 0; i < tool->nrules; i++) {
        const struct wf_sarif_rule *r = &tool->rules[i];
        fputs(i ? ",\n            {\"id\": " : "\n            {\"id\": ", out);
        wf_json_string(out, r->id);
        fputs(", ", out);
        sarif_text(out, "shortDescription", r->summary);
        fprintf(out, ", \"defaultConfiguration\": {%s\"level\": \"%s\"}, \"helpUri\": ",
                r->disabled ? "\"enabled\": false, " : "", sarif_level[r->level]);
        size_t n = strlen(tool->help_prefix) + strlen(r->id) + strlen(tool->help_suffix);
        char *uri = wf_xmalloc(n + 1);
        snprintf(uri, n + 1, "%s%s%s", tool->help_prefix, r->id, tool->help_suffix);
        wf_json_string(out, uri);
        free(uri);
        fputc('}', out);
    }
    fputs(tool->nrules ? "\n          ]\n" : "]\n", out);
}

wf_sarif *wf_sarif_begin(FILE *out, const struct wf_sarif_tool *tool)
{
    wf_sarif *s = wf_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->out = out;
    s->tool = tool;
    s->notes = open_memstream(&s->notes_buf, &s->notes_len);
    if (!s->notes)
        wf_fatal_oom();
    fputs("{\n"
          "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n"
          "  \"runs\": [\n"
          "    {\n"
          "      \"tool\": {\n"
          "        \"driver\": {\n"
          "          \"name\": ",
          out);
    wf_json_string(out, tool->name);
    fputs(",\n          \"version\": ", out);
    wf_json_string(out, tool->version);
    fputs(",\n          \"informationUri\": ", out);
    wf_json_string(out, tool->information_uri);
    sarif_rules(out, tool);
    fputs("        }\n"
          "      },\n"
          "      \"columnKind\": \"unicodeCodePoints\",\n"
          "      \"results\": [",
          out);
    return s;
}

/* A fix-it as a SARIF fix: replace the span (one line) by the text. */
static void sarif_fix(FILE *out, const wf_diag *n)
{
    const wf_span *sp = &n->span;
    int col = sp->col < 1 ? 1 : sp->col;
    fputs("            {\n              ", out);
    sarif_text(out, "description", n->msg);
    fputs(",\n              \"artifactChanges\": [\n                {", out);
    sarif_artifact(out, sp);
    fprintf(out,
            ", \"replacements\": [{\"deletedRegion\": {\"startLine\": %d, \"startColumn\": %d, "
            "\"endLine\": %d, \"endColumn\": %d}, \"insertedContent\": {\"text\": ",
            sp->line, col, sp->line, sp->end_col > col ? sp->end_col : col);
    wf_json_string(out, n->fixit);
    fputs("}}]}\n              ]\n            }", out);
}

/* The fix-its of a diagnostic and of its notes. */
static void sarif_fixes(FILE *out, const wf_diag *dg)
{
    bool first = true;
    for (const wf_diag *n = dg; n; n = n == dg ? dg->notes : n->next) {
        if (!n->fixit || n->span.line < 1 || n->span.end_line != n->span.line)
            continue;
        fputs(first ? ",\n          \"fixes\": [\n" : ",\n", out);
        first = false;
        sarif_fix(out, n);
    }
    if (!first)
        fputs("\n          ]", out);
}

static void sarif_result(wf_sarif *s, const wf_diag *dg)
{
    FILE *out = s->out;
    fputs(s->nresults++ ? ",\n        {\n" : "\n        {\n", out);
    long rule = sarif_rule(s->tool, dg->check);
    if (dg->check) {
        fputs("          \"ruleId\": ", out);
        wf_json_string(out, dg->check);
        fputs(",\n", out);
    }
    if (rule >= 0)
        fprintf(out, "          \"ruleIndex\": %ld,\n", rule);
    fprintf(out, "          \"level\": \"%s\",\n          ", sarif_level[dg->sev]);
    sarif_text(out, "message", dg->msg);
    fputs(",\n          \"locations\": [\n            ", out);
    sarif_location(out, &dg->span, NULL);
    fputs("\n          ]", out);
    if (dg->notes) {
        fputs(",\n          \"relatedLocations\": [", out);
        for (const wf_diag *n = dg->notes; n; n = n->next) {
            fputs(n == dg->notes ? "\n            " : ",\n            ", out);
            sarif_location(out, &n->span, n->msg);
        }
        fputs("\n          ]", out);
    }
    sarif_fixes(out, dg);
    fputs("\n        }", out);
}

/* A diagnostic without a line: a notification of the invocation. */
static void sarif_notification(wf_sarif *s, const wf_diag *dg)
{
    FILE *out = s->notes;
    fputs(s->nnotes++ ? ",\n            {" : "\n            {", out);
    fprintf(out, "\"level\": \"%s\", ", sarif_level[dg->sev]);
    sarif_text(out, "message", dg->msg);
    fputs(", \"locations\": [", out);
    sarif_location(out, &dg->span, NULL);
    fputc(']', out);
    long rule = sarif_rule(s->tool, dg->check);
    if (dg->check) {
        fputs(", \"associatedRule\": {\"id\": ", out);
        wf_json_string(out, dg->check);
        if (rule >= 0)
            fprintf(out, ", \"index\": %ld", rule);
        fputc('}', out);
    }
    fputc('}', out);
}

void wf_sarif_add(wf_sarif *s, const wf_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->items[i]->span.line > 0)
            sarif_result(s, d->items[i]);
        else
            sarif_notification(s, d->items[i]);
    }
}

void wf_sarif_end(wf_sarif *s)
{
    FILE *out = s->out;
    fputs(s->nresults ? "\n      ],\n" : "],\n", out);
    fprintf(out,
            "      \"invocations\": [\n"
            "        {\n"
            "          \"executionSuccessful\": %s",
            s->nnotes ? "false" : "true");
    fclose(s->notes);
    if (s->nnotes) {
        fputs(",\n          \"toolExecutionNotifications\": [", out);
        fwrite(s->notes_buf, 1, s->notes_len, out);
        fputs("\n          ]", out);
    }
    fputs("\n        }\n"
          "      ]\n"
          "    }\n"
          "  ]\n"
          "}\n",
          out);
    free(s->notes_buf);
    free(s);
}
