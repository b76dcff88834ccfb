/*
 * diag.h - diagnostics: what every part of wfc reports, and the printers
 * that turn one in-memory list into text (gcc style, with the source line and
 * a caret), JSON or SARIF.
 *
 * Reporting never prints; a list is sorted and printed once the file is done.
 * Which checks exist, their ids and default severities, is the business of
 * checks/checks.c; this file only carries the id strings it is given.
 */
#ifndef WF_DIAG_H
#define WF_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "support/arena.h"
#include "support/source.h"

enum wf_sev { WF_SEV_NOTE, WF_SEV_WARNING, WF_SEV_ERROR };

typedef struct wf_diag wf_diag;
struct wf_diag {
    enum wf_sev sev;
    const char *check; /* kebab-case id; NULL for notes */
    wf_span span;
    const char *msg;
    const char *fixit; /* replacement text for `span` (one line), or NULL */
    wf_diag *notes;    /* notes that explain this diagnostic, in report order */
    wf_diag *next;     /* the following note, inside a `notes` list */
    unsigned seq;      /* report order, to keep sorting stable */
};

/* Decides the fate of a diagnostic before it is stored: returns the severity
 * to use, or -1 to drop it (a suppression). NULL means "keep as reported". */
typedef int (*wf_diag_filter)(void *ud, const char *check, enum wf_sev sev, const wf_span *span);

typedef struct wf_diags {
    wf_arena *arena; /* holds the diagnostics and their strings */
    wf_diag **items;
    size_t n, cap;
    unsigned counts[3]; /* stored diagnostics per severity */
    wf_diag_filter filter;
    void *filter_ud;
} wf_diags;

/* A list whose diagnostics live in `a`. */
void wf_diags_init(wf_diags *d, wf_arena *a);

/* Releases the list's index (the diagnostics themselves belong to the arena). */
void wf_diags_fini(wf_diags *d);

/* Reports a diagnostic; returns it (to attach notes or a fix-it), or NULL
 * when the filter dropped it. */
wf_diag *wf_diag_report(wf_diags *d, enum wf_sev sev, const char *check, wf_span span,
                        const char *fmt, ...) WF_PRINTF(5, 6);

/* Adds a note to `parent` and returns it; does nothing and returns NULL
 * when parent is NULL (a dropped diagnostic). */
wf_diag *wf_diag_note(wf_diags *d, wf_diag *parent, wf_span span, const char *fmt, ...)
    WF_PRINTF(4, 5);

/* Sets the fix-it text of `dg` (ignored when dg is NULL). */
void wf_diag_fixit(wf_diags *d, wf_diag *dg, const char *replacement);

/* Sorts by file, line, column, check id and message, and drops exact
 * duplicates (YAML aliases can make one node report twice). */
void wf_diags_sort(wf_diags *d);

/* Whether any stored diagnostic has severity `sev` or worse. */
bool wf_diags_any(const wf_diags *d, enum wf_sev sev);

/* The text format: "file:line:col: severity: message [check]", the source
 * line and a caret. `color` adds ANSI colours. */
void wf_diags_print_text(FILE *out, const wf_diags *d, bool color);

/* Writes one diagnostic as a JSON object (no trailing newline); `indent` is
 * the indentation of the object's braces. Used by the JSON printer of cli/. */
void wf_diag_print_json(FILE *out, const wf_diag *dg, int indent);

/* Writes `s` as a JSON string literal. */
void wf_json_string(FILE *out, const char *s);

#endif
