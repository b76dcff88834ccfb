/*
 * settings.c - .wfc.yaml, --enable/--disable/--strict, and the filter that
 * applies them and `# wfc: ignore` comments to each diagnostic as it is
 * reported (support/diag.h: wf_diag_filter).
 *
 * The configuration file is read with the workflow loader (frontend/yaml.c),
 * so its problems are diagnostics with positions like any other. It has
 * three keys:
 *
 *   disable: [ID, ...]
 *   enable: [ID, ...]
 *   severity: {ID: error | warning | note | off, ...}
 *
 * Every check of the table runs unless disabled, except the opt-in ones
 * (OPT in ir/checks.def): the filter drops those unless a layer enables
 * them or gives them a severity. `enable` also undoes a `disable` of a
 * lower layer.
 *
 * The comment scanner is support/suppress.c; this file checks the ids it
 * found against the table and reports what is wrong with them.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include "cli/settings.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "frontend/yaml.h"
#include "support/suggest.h"

/* Every problem of wfc's own settings is a config-error. */
#define CFG_UNKNOWN_KEY WF_CHK_CONFIG_ERROR
#define CFG_INVALID WF_CHK_CONFIG_ERROR
#define CFG_WRONG_TYPE WF_CHK_CONFIG_ERROR

static const char *const sev_names[] = {"note", "warning", "error", "off"};

/* ---- policies ---- */

void wf_policy_init(struct wf_policy *p)
{
    for (size_t k = 0; k < WF_CHK_COUNT; k++)
        p->set[k].off = p->set[k].sev = -1;
    p->strict = false;
}

void wf_policy_merge(struct wf_policy *into, const struct wf_policy *over)
{
    for (size_t k = 0; k < WF_CHK_COUNT; k++) {
        if (over->set[k].off >= 0)
            into->set[k].off = over->set[k].off;
        if (over->set[k].sev >= 0)
            into->set[k].sev = over->set[k].sev;
    }
    into->strict = into->strict || over->strict;
}

/* io-error and yaml-syntax mean the file was not checked: never silenced. */
static const char *why_fatal(size_t k)
{
    if (k == WF_CHK_IO_ERROR)
        return "a file that cannot be read is not checked at all";
    if (k == WF_CHK_YAML_SYNTAX)
        return "a file that does not parse is not checked at all";
    return NULL;
}

/* The index of check `id` in the table, or -1. */
static int check_index(const char *id)
{
    const struct wf_check_info *ci = wf_check_find(id);
    return ci ? (int)(ci - wf_check_infos) : -1;
}

/* The check id closest to a misspelt one, or NULL. */
static const char *suggest_check(const char *id)
{
    const char *ids[WF_CHK_COUNT];
    for (size_t k = 0; k < WF_CHK_COUNT; k++)
        ids[k] = wf_check_infos[k].id;
    return wf_suggest(id, ids, WF_CHK_COUNT);
}

static bool parse_one_id(struct wf_policy *p, const char *id, bool off, const char *option)
{
    int k = check_index(id);
    if (k < 0) {
        const char *near = suggest_check(id);
        if (near)
            wf_cli_usage_error("unknown check '%s' in %s; did you mean '%s'?", id, option, near);
        else
            wf_cli_usage_error("unknown check '%s' in %s; 'wfc lint --list-checks' lists them", id,
                               option);
        return false;
    }
    if (off && why_fatal((size_t)k)) {
        wf_cli_usage_error("check '%s' cannot be disabled: %s", id, why_fatal((size_t)k));
        return false;
    }
    p->set[k].off = off;
    return true;
}

bool wf_policy_parse_ids(struct wf_policy *p, const char *list, bool off, const char *option)
{
    size_t n = strlen(list);
    char *copy = wf_xmalloc(n + 1);
    memcpy(copy, list, n + 1);
    bool ok = true;
    for (char *item = copy, *next; ok && item; item = next) {
        next = strchr(item, ',');
        if (next)
            *next++ = '\0';
        while (*item == ' ')
            item++;
        size_t len = strlen(item);
        while (len > 0 && item[len - 1] == ' ')
            item[--len] = '\0';
        if (len == 0) {
            wf_cli_usage_error("%s takes check ids separated by commas; got '%s'", option, list);
            ok = false;
        } else {
            ok = parse_one_id(p, item, off, option);
        }
    }
    free(copy);
    return ok;
}

/* ---- the configuration file ---- */

struct reader {
    struct wf_config *c;
    signed char said[WF_CHK_COUNT]; /* 0, or 1 enabled / 2 disabled by this file */
};

/* A check id in the file: its index, or -1 after reporting it. */
static int config_id(struct reader *R, const wf_node *n)
{
    const char *id = wf_node_str(n);
    if (!id) {
        wf_report(&R->c->diags, CFG_WRONG_TYPE, n->span, "expected a check id; got %s",
                  wf_node_kind_name(n));
        return -1;
    }
    int k = check_index(id);
    if (k >= 0)
        return k;
    const char *near = suggest_check(id);
    if (near)
        wf_report(&R->c->diags, CFG_INVALID, n->span, "unknown check \"%s\"; did you mean \"%s\"?",
                  id, near);
    else
        wf_report(&R->c->diags, CFG_INVALID, n->span,
                  "unknown check \"%s\"; \"wfc lint --list-checks\" lists them", id);
    return -1;
}

/* Turns check k on or off, unless this file already said the opposite. */
static void set_off(struct reader *R, const wf_node *at, int k, bool off)
{
    if (off && why_fatal((size_t)k)) {
        wf_report(&R->c->diags, CFG_INVALID, at->span, "check \"%s\" cannot be disabled: %s",
                  wf_check_infos[k].id, why_fatal((size_t)k));
        return;
    }
    signed char want = off ? 2 : 1;
    if (R->said[k] && R->said[k] != want) {
        wf_report(&R->c->diags, CFG_INVALID, at->span,
                  "check \"%s\" is both enabled and disabled in this file", wf_check_infos[k].id);
        R->c->policy.set[k].off = -1;
        return;
    }
    R->said[k] = want;
    R->c->policy.set[k].off = off;
}

/* disable: [ID, ...] or enable: [ID, ...] */
static void read_ids(struct reader *R, const wf_node *key, const wf_node *list, bool off)
{
    if (list->kind == WF_NODE_NULL)
        return;
    if (list->kind != WF_NODE_LIST) {
        wf_report(&R->c->diags, CFG_WRONG_TYPE, list->span,
                  "\"%s\" takes a list of check ids; got %s", key->u.scalar.text,
                  wf_node_kind_name(list));
        return;
    }
    for (size_t i = 0; i < list->len; i++) {
        const wf_node *item = list->u.items[i];
        int k = config_id(R, item);
        if (k >= 0)
            set_off(R, item, k, off);
    }
}

/* The value of one severity entry: 0..2 (enum wf_sev), 3 (off), or -1 after reporting. */
static int config_severity(struct reader *R, const wf_node *id, const wf_node *v)
{
    const char *s = wf_node_str(v);
    if (!s) {
        wf_report(&R->c->diags, CFG_WRONG_TYPE, v->span,
                  "expected a severity (error, warning, note or off) for check \"%s\"; got %s",
                  id->u.scalar.text, wf_node_kind_name(v));
        return -1;
    }
    for (int i = 0; i < 4; i++)
        if (strcmp(s, sev_names[i]) == 0)
            return i;
    const char *near = wf_suggest(s, sev_names, 4);
    if (near)
        wf_report(&R->c->diags, CFG_INVALID, v->span,
                  "invalid severity \"%s\" for check \"%s\"; did you mean \"%s\"?", s,
                  id->u.scalar.text, near);
    else
        wf_report(&R->c->diags, CFG_INVALID, v->span,
                  "invalid severity \"%s\" for check \"%s\"; expected error, warning, note or off",
                  s, id->u.scalar.text);
    return -1;
}

/* severity: {ID: LEVEL, ...} */
static void read_severity(struct reader *R, const wf_node *map)
{
    if (map->kind == WF_NODE_NULL)
        return;
    if (map->kind != WF_NODE_MAP) {
        wf_report(&R->c->diags, CFG_WRONG_TYPE, map->span,
                  "\"severity\" takes a map from check ids to severities; got %s",
                  wf_node_kind_name(map));
        return;
    }
    for (size_t i = 0; i < map->len; i++) {
        const wf_node *key = map->u.pairs[i].key, *v = map->u.pairs[i].value;
        int k = config_id(R, key);
        if (k < 0)
            continue;
        int sev = config_severity(R, key, v);
        if (sev < 0)
            continue;
        if (sev == 3) {
            set_off(R, v, k, true);
        } else if (why_fatal((size_t)k) && sev != WF_SEV_ERROR) {
            wf_report(&R->c->diags, CFG_INVALID, v->span,
                      "the severity of check \"%s\" cannot be changed: %s", wf_check_infos[k].id,
                      why_fatal((size_t)k));
        } else {
            R->c->policy.set[k].sev = (signed char)sev;
        }
    }
}

static void read_config(struct reader *R, const wf_node *root)
{
    static const char *const keys[] = {"disable", "enable", "severity"};
    if (root->kind == WF_NODE_NULL)
        return;
    if (root->kind != WF_NODE_MAP) {
        wf_report(&R->c->diags, CFG_WRONG_TYPE, root->span,
                  "expected a map with the keys \"disable\", \"enable\" and \"severity\"; got %s",
                  wf_node_kind_name(root));
        return;
    }
    for (size_t i = 0; i < root->len; i++) {
        const wf_node *key = root->u.pairs[i].key, *v = root->u.pairs[i].value;
        const char *name = key->u.scalar.text;
        if (strcmp(name, "disable") == 0 || strcmp(name, "enable") == 0) {
            read_ids(R, key, v, name[0] == 'd');
        } else if (strcmp(name, "severity") == 0) {
            read_severity(R, v);
        } else {
            const char *near = wf_suggest(name, keys, 3);
            if (near)
                wf_report(&R->c->diags, CFG_UNKNOWN_KEY, key->span,
                          "unknown key \"%s\" in the wfc configuration; did you mean \"%s\"?", name,
                          near);
            else
                wf_report(&R->c->diags, CFG_UNKNOWN_KEY, key->span,
                          "unknown key \"%s\" in the wfc configuration; expected disable, enable "
                          "or severity",
                          name);
        }
    }
}

/* Whether the file holds nothing but blank lines, comments and document
 * markers: an empty configuration, which the loader would call an error. */
static bool says_nothing(const wf_source *src)
{
    for (size_t line = 1; line <= src->nlines; line++) {
        size_t len, i = 0;
        const char *p = wf_source_line(src, (int)line, &len);
        while (i < len && (p[i] == ' ' || p[i] == '\t'))
            i++;
        if (i == len || p[i] == '#')
            continue;
        if (len - i >= 3 && (memcmp(p + i, "---", 3) == 0 || memcmp(p + i, "...", 3) == 0) &&
            (len - i == 3 || p[i + 3] == ' ' || p[i + 3] == '\t'))
            continue;
        return false;
    }
    return true;
}

struct wf_config *wf_config_load(wf_arena *a, const char *path)
{
    struct wf_config *c = wf_arena_zalloc(a, sizeof *c);
    c->name = wf_arena_strndup(a, path, strlen(path));
    wf_policy_init(&c->policy);
    wf_diags_init(&c->diags, a);
    struct wf_source_error err;
    wf_source *src = wf_source_load(a, path, &err);
    if (!src) {
        wf_source *named = wf_arena_zalloc(a, sizeof *named);
        named->name = c->name;
        named->text = "";
        wf_span sp = {named, 0, 0, 0, 0};
        wf_report(&c->diags, WF_CHK_IO_ERROR, sp, "%s", err.msg);
        return c;
    }
    if (err.msg) {
        wf_report(&c->diags, WF_CHK_YAML_SYNTAX, wf_span_point(src, err.line, err.col), "%s",
                  err.msg);
        return c;
    }
    if (says_nothing(src))
        return c;
    wf_node *root = wf_yaml_load(a, src, &c->diags);
    if (root) {
        struct reader R = {.c = c};
        read_config(&R, root);
    }
    wf_diags_sort(&c->diags);
    return c;
}

/* ---- finding the file ---- */

static char *xstrndup(const char *s, size_t n)
{
    char *p = wf_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* The directory part of `path`, as text ("." when there is none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (strcmp(path, "-") == 0 || !slash)
        return xstrndup(".", 1);
    return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* `dir` (absolute, without a final slash unless it is "/") joined with the
 * file name, and shown relative to the working directory when it can be. */
static char *shown_path(const char *dir)
{
    char *cwd = realpath(".", NULL);
    size_t nd = strlen(dir), nc = cwd ? strlen(cwd) : 0;
    char *out = wf_xmalloc(nd + 3 * nc + sizeof "/" WF_CONFIG_NAME);
    if (cwd && strcmp(cwd, dir) == 0) {
        strcpy(out, WF_CONFIG_NAME);
    } else if (cwd && nc > 0 && strncmp(dir, cwd, nc) == 0 && (nc == 1 || dir[nc] == '/')) {
        /* below the working directory */
        sprintf(out, "%s/%s", dir + (nc == 1 ? 1 : nc + 1), WF_CONFIG_NAME);
    } else if (cwd && strncmp(cwd, dir, nd) == 0 && (nd == 1 || cwd[nd] == '/')) {
        /* above it: one "../" per directory between */
        out[0] = '\0';
        for (const char *p = cwd + (nd == 1 ? 0 : nd); *p; p++)
            if (*p == '/')
                strcat(out, "../");
        strcat(out, WF_CONFIG_NAME);
    } else {
        sprintf(out, "%s%s%s", dir, nd == 1 ? "" : "/", WF_CONFIG_NAME);
    }
    free(cwd);
    return out;
}

void wf_config_memo_fini(struct wf_config_memo *memo)
{
    free(memo->dir);
    free(memo->found);
    memo->dir = memo->found = NULL;
}

static char *search(const char *dir);

char *wf_config_find(const char *path, struct wf_config_memo *memo)
{
    char *dir = dir_of(path);
    if (!memo) {
        char *found = search(dir);
        free(dir);
        return found;
    }
    if (!memo->dir || strcmp(memo->dir, dir) != 0) {
        wf_config_memo_fini(memo);
        memo->found = search(dir);
        memo->dir = dir;
    } else {
        free(dir);
    }
    return memo->found ? xstrndup(memo->found, strlen(memo->found)) : NULL;
}

/* The search of wf_config_find from directory `dir`. */
static char *search(const char *dir)
{
    char *abs = realpath(dir, NULL);
    if (!abs)
        return NULL; /* the file's own problem is reported when it is read */
    size_t n = strlen(abs);
    char *cand = wf_xmalloc(n + sizeof "/" WF_CONFIG_NAME);
    char *found = NULL;
    for (;;) {
        sprintf(cand, "%.*s%s%s", (int)n, abs, n == 1 ? "" : "/", WF_CONFIG_NAME);
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
            abs[n] = '\0';
            found = shown_path(abs);
            break;
        }
        if (n <= 1)
            break;
        while (n > 1 && abs[n - 1] != '/')
            n--;
        if (n > 1)
            n--; /* the slash, unless it is the root */
    }
    free(cand);
    free(abs);
    return found;
}

/* ---- the filter ---- */

int wf_lint_filter(void *ud, const char *check, enum wf_sev sev, const wf_span *span)
{
    struct wf_lint_filter *f = ud;
    if (span->src && !f->src)
        f->src = span->src;
    int k = check ? check_index(check) : -1;
    if (k < 0 || why_fatal((size_t)k))
        return (int)sev;
    if (span->src && span->line > 0) {
        if (!f->sup || f->sup->src != span->src)
            f->sup = wf_suppress_scan(f->a, span->src);
        if (wf_suppress_match(f->sup, span->line, check))
            return -1;
    }
    const struct wf_check_setting *s = &f->policy->set[k];
    if (s->off == 1 || (s->off < 0 && s->sev < 0 && wf_check_infos[k].opt_in))
        return -1;
    if (s->sev >= 0)
        sev = (enum wf_sev)s->sev;
    if (f->policy->strict && sev == WF_SEV_WARNING)
        sev = WF_SEV_ERROR;
    return (int)sev;
}

void wf_lint_filter_finish(struct wf_lint_filter *f, wf_diags *d, const wf_source *src)
{
    if (!src)
        src = f->src;
    if (!src)
        return;
    if (!f->sup || f->sup->src != src)
        f->sup = wf_suppress_scan(f->a, src);
    const wf_suppressions *s = f->sup;
    for (size_t i = 0; i < s->nproblems; i++)
        wf_report(d, WF_CHK_CONFIG_ERROR, s->problems[i].span, "%s", s->problems[i].msg);
    for (size_t i = 0; i < s->n; i++) {
        for (size_t j = 0; j < s->items[i].nids; j++) {
            const struct wf_ignore_id *ig = &s->items[i].ids[j];
            int k = check_index(ig->name);
            const char *near = k < 0 ? suggest_check(ig->name) : NULL;
            if (k >= 0 && why_fatal((size_t)k))
                wf_report(d, WF_CHK_CONFIG_ERROR, ig->span, "check \"%s\" cannot be ignored: %s",
                          ig->name, why_fatal((size_t)k));
            else if (near)
                wf_report(d, WF_CHK_CONFIG_ERROR, ig->span,
                          "unknown check \"%s\" in a wfc comment; did you mean \"%s\"?", ig->name,
                          near);
            else if (k < 0)
                wf_report(d, WF_CHK_CONFIG_ERROR, ig->span,
                          "unknown check \"%s\" in a wfc comment; it ignores nothing", ig->name);
        }
    }
}
