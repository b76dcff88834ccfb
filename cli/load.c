/*
 * load.c - reading and checking a workflow for the commands that write one
 * (emit, graph, expand), the way `wfc lint` reads and checks it.
 */
#include "config.h"

#include "cli/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "cli/cli.h"
#include "frontend/build.h"

/* The settings `wfc lint path` would use: the table's defaults and the
 * nearest .wfc.yaml. False, after printing its problems, when that file has
 * any. */
static bool load_policy(wf_arena *a, const char *path, struct wf_policy *policy)
{
    wf_policy_init(policy);
    char *name = wf_config_find(path, NULL);
    if (!name)
        return true;
    struct wf_config *c = wf_config_load(a, name);
    free(name);
    bool ok = c->diags.n == 0;
    if (ok) {
        wf_policy_merge(policy, &c->policy);
    } else {
        wf_diags_sort(&c->diags);
        wf_diags_print_text(stderr, &c->diags, false);
    }
    wf_diags_fini(&c->diags);
    return ok;
}

int wf_cli_load(struct wf_cli_load *c, const char *const *paths, size_t npaths)
{
    memset(c, 0, sizeof *c);
    c->a = wf_arena_new();
    c->strs = wf_strtab_new(c->a);
    wf_diags_init(&c->d, c->a);
    if (!load_policy(c->a, paths[0], &c->policy))
        return 2;
    c->filter = (struct wf_lint_filter){.policy = &c->policy, .a = c->a};
    c->d.filter = wf_lint_filter;
    c->d.filter_ud = &c->filter;
    c->p = wf_build_file(c->a, c->strs, paths[0], &c->d);
    wf_program **libs = wf_arena_array(c->a, npaths, sizeof *libs);
    size_t nlibs = 0;
    bool built = c->p != NULL;
    for (size_t i = 1; i < npaths; i++) {
        libs[nlibs] = wf_build_library_file(c->a, c->strs, paths[i], &c->d);
        built &= libs[nlibs] != NULL;
        nlibs += libs[nlibs] != NULL;
    }
    wf_oom_context(paths[0]);
    if (built && wf_build_merge(c->p, libs, nlibs, &c->d))
        wf_checks_run(c->p, &c->d);
    if (c->p)
        wf_lint_filter_finish(&c->filter, &c->d, c->p->src);
    for (size_t i = 0; i < nlibs; i++)
        wf_lint_filter_finish(&c->filter, &c->d, libs[i]->src);
    wf_diags_sort(&c->d);
    if (wf_cli_status(&c->d) == 2)
        return 2; /* a file could not be read */
    return !built || wf_diags_any(&c->d, WF_SEV_ERROR) ? 1 : 0;
}

void wf_cli_load_fini(struct wf_cli_load *c)
{
    wf_diags_fini(&c->d);
    wf_arena_free(c->a);
    c->a = NULL;
}

const char *wf_cli_option(int argc, char **argv, int *i, const char *lng, const char *shrt,
                          bool *missing)
{
    const char *arg = argv[*i];
    size_t n = strlen(lng);
    if (strncmp(arg, lng, n) == 0 && arg[n] == '=')
        return arg + n + 1;
    if (strcmp(arg, lng) != 0 && (!shrt || strcmp(arg, shrt) != 0))
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int wf_cli_format_option(int argc, char **argv, int *i, const char *const *names, int *index)
{
    bool missing = false;
    const char *v = wf_cli_option(argc, argv, i, "--format", "-f", &missing);
    if (!v && !missing)
        return 0;
    for (int k = 0; v && names[k]; k++)
        if (strcmp(v, names[k]) == 0) {
            *index = k;
            return -1;
        }
    char list[80] = "";
    for (int k = 0; names[k]; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 k == 0         ? ""
                 : names[k + 1] ? ", "
                                : " or ",
                 names[k]);
    wf_cli_usage_error("--format takes %s; got '%s'", list, v ? v : "");
    return 2;
}

int wf_cli_output_option(int argc, char **argv, int *i, const char **out)
{
    bool missing = false;
    const char *v = wf_cli_option(argc, argv, i, "--output", "-o", &missing);
    if (!v && !missing)
        return 0;
    if (!v || !*v) {
        wf_cli_usage_error("%s", "--output takes a FILE");
        return 2;
    }
    *out = v;
    return -1;
}

int wf_cli_writer_args(int argc, char **argv, const char *cmd, const char *const *formats,
                       int *format, const char **output, const char **file)
{
    bool opts_done = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (opts_done || arg[0] != '-' || strcmp(arg, "-") == 0) { /* "-": stdin */
            *file = arg;
            nfiles++;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
            return wf_cli_help(cmd);
        int r = wf_cli_format_option(argc, argv, &i, formats, format);
        if (r == 0)
            r = wf_cli_output_option(argc, argv, &i, output);
        if (r == 2)
            return 2;
        if (r == 0) {
            wf_cli_usage_error("unknown option '%s' for %s", arg, cmd);
            return 2;
        }
    }
    if (nfiles != 1) {
        wf_cli_usage_error("%s takes exactly one FILE", cmd);
        return 2;
    }
    return -1;
}
