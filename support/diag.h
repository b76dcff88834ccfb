/*
 * diag.h - diagnostics: what every part of wfc reports, and the printers
 * that turn one in-memory list into text (gcc style, with the source line and
 * a caret), JSON, SARIF or GitHub Actions workflow commands.
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

/* GitHub Actions workflow commands, one line per diagnostic:
 *   ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=wfc [ID]::MESSAGE
 * (warning and notice for the other severities). Notes and fix-its follow
 * the message on lines of their own, escaped into the same command. */
void wf_diags_print_github(FILE *out, const wf_diags *d);

/* ---- SARIF 2.1.0 ----
 * One log with one run, written as files are done: wf_sarif_begin writes
 * the tool and its rules, wf_sarif_add the results of one list, and
 * wf_sarif_end the rest. A diagnostic without a line (a file that cannot be
 * read) is not a result, which needs a region, but a tool execution
 * notification of the run's invocation. */

/* A rule of tool.driver.rules, in the order of `ruleIndex`. */
struct wf_sarif_rule {
    const char *id;
    const char *summary; /* shortDescription */
    enum wf_sev level;   /* defaultConfiguration */
    bool disabled;       /* off unless enabled: defaultConfiguration.enabled */
};

struct wf_sarif_tool {
    const char *name, *version;
    const char *information_uri;           /* absolute */
    const char *help_prefix, *help_suffix; /* a rule's helpUri is prefix + id + suffix */
    const struct wf_sarif_rule *rules;
    size_t nrules;
};

typedef struct wf_sarif wf_sarif;

/* Starts a log on `out`; `tool` must outlive it. Never NULL. */
wf_sarif *wf_sarif_begin(FILE *out, const struct wf_sarif_tool *tool);

/* Adds the diagnostics of `d` (copied out: `d` may go once this returns). */
void wf_sarif_add(wf_sarif *s, const wf_diags *d);

/* Finishes the log and frees `s`. */
void wf_sarif_end(wf_sarif *s);

#endif
