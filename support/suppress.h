/*
 * suppress.h - `# wfc: ignore[ID,...]` comments: finding them in a source
 * and asking whether one silences a diagnostic.
 *
 * A directive is a real YAML comment (a `#` at the start of a line or after
 * white space, outside quoted and block scalars) whose text starts with
 * "wfc:". Written after code, it covers its own line; alone on its line, it
 * covers the next line that is not itself a comment line. `# wfc: ignore`
 * without a list covers every id.
 *
 * This file only reads text: it does not know which ids exist. cli/config.c
 * checks the ids against the table and reports the problems recorded here.
 */
#ifndef WF_SUPPRESS_H
#define WF_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "support/arena.h"
#include "support/source.h"

/* One id of a list, with where it is written. */
struct wf_ignore_id {
    const char *name; /* NUL-terminated, arena-owned, white space trimmed */
    wf_span span;
};

/* One `# wfc: ignore...` directive. */
struct wf_ignore {
    int line;     /* the line it covers; 0 when no line follows */
    wf_span span; /* the comment itself, from "#" to the end of the line */
    bool all;     /* `# wfc: ignore` without a list */
    size_t nids;
    struct wf_ignore_id *ids;
    struct wf_ignore *next_same_line; /* another directive covering `line` */
};

/* A comment that starts with "wfc:" but is not a directive we understand. */
struct wf_ignore_problem {
    wf_span span;
    const char *msg; /* diagnostic wording, arena-owned */
};

typedef struct wf_suppressions {
    const wf_source *src;
    struct wf_ignore *items; /* in source order */
    size_t n;
    struct wf_ignore **by_line; /* [line] -> first directive covering it; NULL when n == 0 */
    struct wf_ignore_problem *problems;
    size_t nproblems;
} wf_suppressions;

/* Scans `src` (NULL allowed: nothing found) for directives. The result and
 * everything it points to live in `a`. Never NULL. */
wf_suppressions *wf_suppress_scan(wf_arena *a, const wf_source *src);

/* Whether a directive covering `line` names `check` (or names every id). */
bool wf_suppress_match(const wf_suppressions *s, int line, const char *check);

#endif
