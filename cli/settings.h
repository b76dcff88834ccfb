/*
 * settings.h - which checks run and how loud they are: the `.wfc.yaml` file,
 * the --enable/--disable/--strict options, and the diagnostics filter that
 * applies them together with `# wfc: ignore[...]` comments.
 *
 * Precedence, lowest first: the table (ir/checks.def), the .wfc.yaml found
 * for the file (or given with --config), the command line. Comments in the
 * workflow silence single lines whatever the rest says. io-error and
 * yaml-syntax are never filtered: a file that cannot be read or parsed has
 * not been checked at all, and saying nothing would claim it is clean.
 */
#ifndef WF_CLI_SETTINGS_H
#define WF_CLI_SETTINGS_H

#include <stdbool.h>

#include "ir/report.h"
#include "support/suppress.h"

/* The name searched for, in the linted file's directory and its ancestors. */
#define WF_CONFIG_NAME ".wfc.yaml"

/* One layer of settings. -1 everywhere means "this layer says nothing". */
struct wf_check_setting {
    signed char off; /* 1 disabled, 0 enabled, -1 unset */
    signed char sev; /* an enum wf_sev, or -1: keep the reported severity */
};

struct wf_policy {
    struct wf_check_setting set[WF_CHK_COUNT];
    bool strict; /* warnings become errors (after the severities above) */
};

/* Every setting unset, not strict. */
void wf_policy_init(struct wf_policy *p);

/* Copies into `into` every setting that `over` sets; strict if either is. */
void wf_policy_merge(struct wf_policy *into, const struct wf_policy *over);

/* Applies an --enable or --disable value ("id,id") to `p`. On an unknown id
 * prints a usage error (with a suggestion) and returns false. */
bool wf_policy_parse_ids(struct wf_policy *p, const char *list, bool off, const char *option);

/* A loaded configuration file. */
struct wf_config {
    const char *name;        /* the path as shown in diagnostics */
    struct wf_policy policy; /* what it says; the parts in error are left unset */
    wf_diags diags;          /* its problems, I/O included; any one is exit status 2 */
};

/* Reads and checks the configuration file `path` into `a`. Never NULL:
 * whatever goes wrong is in ->diags (which the caller must wf_diags_fini). */
struct wf_config *wf_config_load(wf_arena *a, const char *path);

/* The answer of wf_config_find for the last directory asked about: files
 * of one directory, the usual run, cost one search. Zero it to start;
 * wf_config_memo_fini frees it. */
struct wf_config_memo {
    char *dir;   /* the directory part of the last path, or NULL */
    char *found; /* what was found for it, or NULL */
};
void wf_config_memo_fini(struct wf_config_memo *memo);

/* The configuration file that applies to the workflow at `path` ("-":
 * standard input, searched from the working directory): WF_CONFIG_NAME in
 * its directory or the nearest ancestor. Returns a malloc'd path, relative
 * to the working directory when the file is below or above it, or NULL
 * when there is none. `memo` may be NULL. */
char *wf_config_find(const char *path, struct wf_config_memo *memo);

/* The diagnostics filter of one workflow file (support/diag.h). */
struct wf_lint_filter {
    const struct wf_policy *policy; /* merged: the file's config and the command line */
    wf_arena *a;                    /* the file's arena, for the comment scan */
    const wf_source *src;           /* the source seen in reports, if any */
    wf_suppressions *sup;           /* its comments, scanned at the first need */
};

/* A wf_diag_filter; `ud` is a struct wf_lint_filter. */
int wf_lint_filter(void *ud, const char *check, enum wf_sev sev, const wf_span *span);

/* Reports the problems of the `# wfc:` comments of `src` (NULL: the source
 * seen by the filter): malformed directives and unknown ids, as warnings. */
void wf_lint_filter_finish(struct wf_lint_filter *f, wf_diags *d, const wf_source *src);

#endif
