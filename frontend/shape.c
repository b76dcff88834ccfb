/*
 * shape.c - one map against its shape. A problem found here marks the
 * fields as bad, so that the builder does not pile a second diagnostic on
 * the same mistake (a misspelt required key is one problem, not two).
 */
#include "config.h"

#include "frontend/shape.h"

#include <string.h>

#include "ir/report.h"
#include "support/suggest.h"

/* Index of key `name` in the shape and its bases, counting base keys after
 * the shape's own; -1 when unknown. */
static int key_index(const struct wf_shape *shape, const char *name)
{
    int base = 0;
    for (; shape; shape = shape->base) {
        for (size_t i = 0; i < shape->nkeys; i++)
            if (shape->keys[i].name[0] == name[0] && strcmp(shape->keys[i].name, name) == 0)
                return base + (int)i;
        base += (int)shape->nkeys;
    }
    return -1;
}

static const struct wf_key *key_at(const struct wf_shape *shape, int idx)
{
    for (; shape; shape = shape->base) {
        if (idx < (int)shape->nkeys)
            return &shape->keys[idx];
        idx -= (int)shape->nkeys;
    }
    return NULL;
}

const char *wf_where_str(wf_arena *a, const struct wf_where *w)
{
    const char *head = w->what;
    if (w->name)
        head = wf_arena_printf(a, "%s \"%s\"", head, w->name);
    if (w->index)
        head = wf_arena_printf(a, "%s %u", head, w->index);
    return w->of ? wf_arena_printf(a, "%s of %s", head, wf_where_str(a, w->of)) : head;
}

const wf_node *wf_fields_get(const struct wf_fields *f, const char *name)
{
    int i = key_index(f->shape, name);
    return i >= 0 ? f->val[i] : NULL;
}

const wf_node *wf_fields_key(const struct wf_fields *f, const char *name)
{
    int i = key_index(f->shape, name);
    return i >= 0 ? f->key[i] : NULL;
}

const char *wf_fields_action(const struct wf_fields *f)
{
    return f->action >= 0 ? key_at(f->shape, f->action)->name : NULL;
}

/* The shape, other than `shape` and its bases, whose own keys include
 * `name`; NULL if none. */
static const struct wf_shape *shape_knowing(const struct wf_shape *shape, const char *name)
{
    static const struct wf_shape *const all[] = {
        &wf_shape_workflow, &wf_shape_step,     &wf_shape_case,
        &wf_shape_loop,     &wf_shape_parallel, &wf_shape_branch,
        &wf_shape_retry,    &wf_shape_backoff,  &wf_shape_except,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const struct wf_shape *s = all[i];
        if (s == shape || wf_shape_key(s->base, name))
            continue;
        if (wf_shape_key(s, name))
            return s;
    }
    return NULL;
}

static void report_unknown(wf_diags *d, const struct wf_shape *shape, const wf_node *key,
                           const struct wf_where *w)
{
    const char *where = wf_where_str(d->arena, w);
    const char *cands[WF_FIELDS_MAX];
    size_t n = 0;
    for (const struct wf_shape *s = shape; s; s = s->base)
        for (size_t i = 0; i < s->nkeys && n < WF_FIELDS_MAX; i++)
            cands[n++] = s->keys[i].name;
    const char *name = key->u.scalar.text;
    const char *best = wf_suggest(name, cands, n);
    const struct wf_shape *other = best ? NULL : shape_knowing(shape, name);
    if (best)
        wf_report(d, WF_CHK_UNKNOWN_KEY, key->span,
                  "unknown key \"%s\" in %s; did you mean \"%s\"?", name, where, best);
    else if (other)
        wf_report(d, WF_CHK_UNKNOWN_KEY, key->span,
                  "unknown key \"%s\" in %s; \"%s\" belongs in %s", name, where, name, other->what);
    else
        wf_report(d, WF_CHK_UNKNOWN_KEY, key->span, "unknown key \"%s\" in %s", name, where);
}

/* Files one key of the map, reporting what is wrong with it. */
static void file_key(wf_diags *d, const struct wf_shape *shape, const struct wf_where *where,
                     const wf_node *k, const wf_node *v, struct wf_fields *f)
{
    if (!wf_node_is_scalar(k)) {
        wf_report(d, WF_CHK_WRONG_TYPE, k->span, "keys in %s must be strings; got %s",
                  wf_where_str(d->arena, where), wf_node_kind_name(k));
        f->unknown = f->bad = true;
        return;
    }
    int idx = key_index(shape, k->u.scalar.text);
    if (idx < 0) {
        report_unknown(d, shape, k, where);
        f->unknown = f->bad = true;
        return;
    }
    const struct wf_key *spec = key_at(shape, idx);
    if ((spec->flags & WF_KEY_ACTION) && f->action >= 0) {
        const char *first = key_at(shape, f->action)->name;
        wf_diag *dg = wf_report(d, WF_CHK_CONFLICTING_KEYS, k->span,
                                "%s has both \"%s\" and \"%s\"; expected only one of %s",
                                wf_where_str(d->arena, where), first, spec->name, shape->actions);
        wf_diag_note(d, dg, f->key[f->action]->span, "\"%s\" is here", first);
        f->bad = true;
    } else if (spec->flags & WF_KEY_ACTION) {
        f->action = idx;
    }
    /* Filed even when conflicting, so that keys needing it are satisfied. */
    f->key[idx] = k;
    f->val[idx] = v;
}

void wf_fields_read(wf_diags *d, const wf_node *map, const struct wf_shape *shape,
                    const struct wf_where *where, wf_span at, struct wf_fields *f)
{
    memset(f, 0, sizeof *f);
    f->shape = shape;
    f->map = map;
    f->action = -1;
    for (size_t i = 0; i < map->len; i++)
        file_key(d, shape, where, map->u.pairs[i].key, map->u.pairs[i].value, f);
    for (int idx = 0; key_at(shape, idx); idx++) {
        const struct wf_key *spec = key_at(shape, idx);
        if (f->key[idx] && spec->needs && !wf_fields_get(f, spec->needs)) {
            wf_report(d, WF_CHK_CONFLICTING_KEYS, f->key[idx]->span,
                      "\"%s\" is only allowed together with \"%s\"", spec->name, spec->needs);
            f->bad = true;
        }
    }
    /* A misspelt key is often the missing one: say it once. */
    if (f->unknown)
        return;
    for (int idx = 0; key_at(shape, idx); idx++) {
        const struct wf_key *spec = key_at(shape, idx);
        if (!f->key[idx] && (spec->flags & WF_KEY_REQUIRED)) {
            wf_report(d, WF_CHK_MISSING_KEY, at, "%s is missing the required key \"%s\"",
                      wf_where_str(d->arena, where), spec->name);
            f->bad = true;
        }
    }
    if ((shape->flags & WF_SHAPE_NEEDS_ACTION) && f->action < 0) {
        wf_report(d, WF_CHK_MISSING_KEY, at, "%s needs %s", wf_where_str(d->arena, where),
                  shape->actions);
        f->bad = true;
    }
}
