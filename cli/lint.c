/*
 * lint.c - `wfc lint FILE...`: build each file, run the checks, print the
 * diagnostics as text or JSON. Files are handled one at a time, each in its
 * own arena, and printed as soon as they are done, in the order given.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/checks.h"
#include "cli/cli.h"
#include "frontend/build.h"
#include "ir/report.h"

enum format { FORMAT_TEXT, FORMAT_JSON };

struct lint_opts {
    enum format format;
    bool color;
};

int wf_cli_status(const wf_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i]->check && strcmp(d->items[i]->check, "io-error") == 0)
            return 2;
    return wf_diags_any(d, WF_SEV_WARNING) ? 1 : 0;
}

static void list_checks(void)
{
    static const char *const sev[] = {"note", "warning", "error"};
    for (size_t i = 0; i < WF_CHK_COUNT; i++)
        printf("%-24s %-8s %s\n", wf_check_infos[i].id, sev[wf_check_infos[i].severity],
               wf_check_infos[i].summary);
}

/* Lints one file; prints its diagnostics; returns its exit status. */
static int lint_file(const char *path, const struct lint_opts *o, bool *first_json)
{
    wf_arena *a = wf_arena_new();
    wf_strtab *strs = wf_strtab_new(a);
    wf_diags d;
    wf_diags_init(&d, a);
    wf_program *p = wf_build_file(a, strs, path, &d);
    if (p)
        wf_checks_run(p, &d);
    wf_diags_sort(&d);
    if (o->format == FORMAT_TEXT) {
        wf_diags_print_text(stdout, &d, o->color);
    } else {
        for (size_t i = 0; i < d.n; i++) {
            fputs(*first_json ? "\n  " : ",\n  ", stdout);
            wf_diag_print_json(stdout, d.items[i], 2);
            *first_json = false;
        }
    }
    int status = wf_cli_status(&d);
    wf_diags_fini(&d);
    wf_arena_free(a);
    return status;
}

static bool parse_color(const char *when, bool *color)
{
    if (strcmp(when, "always") == 0)
        *color = true;
    else if (strcmp(when, "never") == 0)
        *color = false;
    else if (strcmp(when, "auto") == 0)
        *color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    else
        return false;
    return true;
}

/* Reads the value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *lng, const char *shrt)
{
    const char *arg = argv[*i];
    size_t n = strlen(lng);
    if (strncmp(arg, lng, n) == 0 && arg[n] == '=')
        return arg + n + 1;
    if (strcmp(arg, lng) == 0 || (shrt && strcmp(arg, shrt) == 0)) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    return NULL;
}

static bool is_option(const char *arg, const char *lng, const char *shrt)
{
    size_t n = strlen(lng);
    return strcmp(arg, lng) == 0 || (strncmp(arg, lng, n) == 0 && arg[n] == '=') ||
           (shrt && strcmp(arg, shrt) == 0);
}

int wf_cli_lint(int argc, char **argv)
{
    struct lint_opts o = {FORMAT_TEXT, false};
    parse_color("auto", &o.color);
    int nfiles = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (!files)
        wf_fatal_oom();
    bool opts_done = false;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (opts_done || arg[0] != '-' || strcmp(arg, "-") == 0) { /* "-": stdin */
            files[nfiles++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            opts_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            free(files);
            return wf_cli_help("lint");
        } else if (strcmp(arg, "--list-checks") == 0) {
            list_checks();
            free(files);
            return 0;
        } else if (is_option(arg, "--format", "-f")) {
            const char *v = option_value(argc, argv, &i, "--format", "-f");
            if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0)) {
                wf_cli_usage_error("--format takes text or json; got '%s'", v ? v : "");
                free(files);
                return 2;
            }
            o.format = strcmp(v, "json") == 0 ? FORMAT_JSON : FORMAT_TEXT;
        } else if (is_option(arg, "--color", NULL)) {
            const char *v = option_value(argc, argv, &i, "--color", NULL);
            if (!v || !parse_color(v, &o.color)) {
                wf_cli_usage_error("--color takes auto, always or never; got '%s'", v ? v : "");
                free(files);
                return 2;
            }
        } else {
            wf_cli_usage_error("unknown option '%s' for lint", arg);
            free(files);
            return 2;
        }
    }
    if (nfiles == 0) {
        wf_cli_usage_error("%s", "lint needs at least one FILE");
        free(files);
        return 2;
    }
    if (o.format == FORMAT_JSON)
        o.color = false;
    bool first_json = true;
    if (o.format == FORMAT_JSON)
        fputs("[", stdout);
    for (int i = 0; i < nfiles; i++) {
        int s = lint_file(files[i], &o, &first_json);
        if (s > status)
            status = s;
    }
    if (o.format == FORMAT_JSON)
        fputs(first_json ? "]\n" : "\n]\n", stdout);
    free(files);
    return status;
}
