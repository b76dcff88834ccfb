/*
 * shape.h - validating one map of a workflow against its shape from the
 * table in ir/schema.c: unknown keys (with "did you mean" and "belongs in"),
 * missing required keys, two action keys at once, keys that need another.
 * The builder (frontend/build.c) then reads the validated keys.
 */
#ifndef WF_SHAPE_H
#define WF_SHAPE_H

#include <stdbool.h>

#include "ir/node.h"
#include "ir/schema.h"
#include "support/diag.h"

#define WF_FIELDS_MAX 24

/* Where a map sits, for messages, rendered only when a diagnostic needs it:
 * {"the for loop", NULL, 0, &step} with step = {"step", "each"} reads
 * `the for loop of step "each"`. Built on the stack by the caller. */
struct wf_where {
    const char *what;
    const char *name;          /* quoted after `what`, when set */
    unsigned index;            /* after `what`, when non-zero */
    const struct wf_where *of; /* "... of OF", when set */
};

#define WF_WHERE(w) (&(struct wf_where){.what = (w)})
#define WF_NAMED(w, n) (&(struct wf_where){.what = (w), .name = (n)})
#define WF_PART(w, o) (&(struct wf_where){.what = (w), .of = (o)})
#define WF_NTH(w, i, o) (&(struct wf_where){.what = (w), .index = (i), .of = (o)})

/* The text of `w`, in `a`. */
const char *wf_where_str(wf_arena *a, const struct wf_where *w);

/* The keys of one map, validated against a shape. */
struct wf_fields {
    const struct wf_shape *shape;
    const wf_node *map;
    const wf_node *key[WF_FIELDS_MAX]; /* by key index (the shape's keys, then its base's) */
    const wf_node *val[WF_FIELDS_MAX];
    int action;   /* index of the first ACTION key present, or -1 */
    bool unknown; /* an unknown key was reported */
    bool bad;     /* any problem was reported */
};

/* Validates `map` (a map node) against `shape` and fills `f`. `where`
 * describes the map in messages; `at` is where a missing key is reported
 * (the key that owns the map, or a step's name). */
void wf_fields_read(wf_diags *d, const wf_node *map, const struct wf_shape *shape,
                    const struct wf_where *where, wf_span at, struct wf_fields *f);

/* The value of key `name`, or NULL when absent (or not a key of the shape). */
const wf_node *wf_fields_get(const struct wf_fields *f, const char *name);

/* The key node of `name`, or NULL. */
const wf_node *wf_fields_key(const struct wf_fields *f, const char *name);

/* The name of the action key present, or NULL. */
const char *wf_fields_action(const struct wf_fields *f);

#endif
