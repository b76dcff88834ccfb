/*
 * lint.c - `wfc lint FILE...`: build each file, run the checks, print the
 * diagnostics as text, JSON, SARIF or GitHub workflow commands. Files are
 * handled one at a time, each in its own arena, and printed as soon as they
 * are done, in the order given; the problems of a configuration file are
 * printed just before the first file it applies to. Which checks run and how
 * loud they are is cli/settings.c's business.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/checks.h"
#include "cli/cli.h"
#include "cli/settings.h"
#include "frontend/build.h"
#include "ir/report.h"

/* SYNC formats: parse_format, printer_*, the help text of main.c, docs/wfc.1 */
enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_GITHUB };

static const char *const format_names[] = {"text", "json", "sarif", "github"};

/* Writes the diagnostics of each file as it is done, in one format. */
struct printer {
    enum format format;
    bool color;
    bool first_json; /* no JSON object written yet */
    wf_sarif *sarif; /* the log being written */
    struct wf_sarif_rule rules[WF_CHK_COUNT];
    struct wf_sarif_tool tool;
};

struct lint_opts {
    struct printer pr;
    struct wf_policy cli; /* --enable, --disable, --strict */
    bool no_config;
    const char *config; /* --config FILE, or NULL to search */
};

/* Configuration files read so far (each is read and reported once). */
struct configs {
    wf_arena *a;
    struct wf_config **items;
    size_t n;
    struct wf_config_memo memo;
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
    for (size_t i = 0; i < WF_CHK_COUNT; i++) {
        const struct wf_check_info *c = &wf_check_infos[i];
        printf("%-28s %-8s %s%s\n", c->id, sev[c->severity], c->opt_in ? "(opt-in) " : "",
               c->summary);
    }
}

/* ---- printing ---- */

static void printer_begin(struct printer *pr)
{
    if (pr->format == FORMAT_JSON) {
        fputs("[", stdout);
        pr->first_json = true;
    } else if (pr->format == FORMAT_SARIF) {
        for (size_t i = 0; i < WF_CHK_COUNT; i++) {
            pr->rules[i].id = wf_check_infos[i].id;
            pr->rules[i].summary = wf_check_infos[i].summary;
            pr->rules[i].level = wf_check_infos[i].severity;
            pr->rules[i].disabled = wf_check_infos[i].opt_in;
        }
        pr->tool = (struct wf_sarif_tool){
            .name = "wfc",
            .version = PACKAGE_VERSION,
            .information_uri = WF_PROJECT_URL,
            .help_prefix = WF_DOCS_URL,
            .help_suffix = ".md",
            .rules = pr->rules,
            .nrules = WF_CHK_COUNT,
        };
        pr->sarif = wf_sarif_begin(stdout, &pr->tool);
    }
}

static void printer_print(struct printer *pr, const wf_diags *d)
{
    switch (pr->format) {
    case FORMAT_TEXT:
        wf_diags_print_text(stdout, d, pr->color);
        break;
    case FORMAT_JSON:
        for (size_t i = 0; i < d->n; i++) {
            fputs(pr->first_json ? "\n  " : ",\n  ", stdout);
            wf_diag_print_json(stdout, d->items[i], 2);
            pr->first_json = false;
        }
        break;
    case FORMAT_SARIF:
        wf_sarif_add(pr->sarif, d);
        break;
    case FORMAT_GITHUB:
        wf_diags_print_github(stdout, d);
        break;
    }
}

static void printer_end(struct printer *pr)
{
    if (pr->format == FORMAT_JSON)
        fputs(pr->first_json ? "]\n" : "\n]\n", stdout);
    else if (pr->format == FORMAT_SARIF)
        wf_sarif_end(pr->sarif);
}

/* ---- configuration ---- */

/* The configuration for the file at `path`, read (and its problems printed)
 * the first time it is needed; NULL when there is none. */
static struct wf_config *config_for(struct lint_opts *o, struct configs *cs, const char *path,
                                    int *status)
{
    if (o->no_config)
        return NULL;
    char *name = o->config ? NULL : wf_config_find(path, &cs->memo);
    const char *want = o->config ? o->config : name;
    if (!want)
        return NULL;
    struct wf_config *c = NULL;
    for (size_t i = 0; i < cs->n && !c; i++)
        if (strcmp(cs->items[i]->name, want) == 0)
            c = cs->items[i];
    if (!c) {
        c = wf_config_load(cs->a, want);
        cs->items = wf_xrealloc(cs->items, (cs->n + 1) * sizeof *cs->items);
        cs->items[cs->n++] = c;
        printer_print(&o->pr, &c->diags);
        if (c->diags.n && *status < 2)
            *status = 2;
    }
    free(name);
    return c;
}

/* Lints one file; prints its diagnostics; returns its exit status. */
static int lint_file(const char *path, struct lint_opts *o, const struct wf_config *cfg)
{
    struct wf_policy policy;
    wf_policy_init(&policy);
    if (cfg)
        wf_policy_merge(&policy, &cfg->policy);
    wf_policy_merge(&policy, &o->cli);
    wf_arena *a = wf_arena_new();
    wf_strtab *strs = wf_strtab_new(a);
    wf_diags d;
    wf_diags_init(&d, a);
    struct wf_lint_filter filter = {.policy = &policy, .a = a};
    d.filter = wf_lint_filter;
    d.filter_ud = &filter;
    wf_program *p = wf_build_file(a, strs, path, &d);
    if (p)
        wf_checks_run(p, &d);
    wf_lint_filter_finish(&filter, &d, p ? p->src : NULL);
    wf_diags_sort(&d);
    printer_print(&o->pr, &d);
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

static bool parse_format(const char *v, enum format *f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
        if (strcmp(v, format_names[i]) == 0) {
            *f = (enum format)i;
            return true;
        }
    }
    return false;
}

/* One option of `wfc lint`. Returns -1 to go on, else the exit status. */
static int lint_option(int argc, char **argv, int *i, struct lint_opts *o)
{
    const char *arg = argv[*i];
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
        return wf_cli_help("lint");
    if (strcmp(arg, "--list-checks") == 0) {
        list_checks();
        return 0;
    }
    if (strcmp(arg, "--strict") == 0) {
        o->cli.strict = true;
        return -1;
    }
    if (strcmp(arg, "--no-config") == 0) {
        o->no_config = true;
        return -1;
    }
    if (is_option(arg, "--format", "-f")) {
        const char *v = option_value(argc, argv, i, "--format", "-f");
        if (!v || !parse_format(v, &o->pr.format)) {
            wf_cli_usage_error("--format takes text, json, sarif or github; got '%s'", v ? v : "");
            return 2;
        }
        return -1;
    }
    if (is_option(arg, "--color", NULL)) {
        const char *v = option_value(argc, argv, i, "--color", NULL);
        if (!v || !parse_color(v, &o->pr.color)) {
            wf_cli_usage_error("--color takes auto, always or never; got '%s'", v ? v : "");
            return 2;
        }
        return -1;
    }
    if (is_option(arg, "--enable", NULL) || is_option(arg, "--disable", NULL)) {
        bool off = arg[2] == 'd';
        const char *name = off ? "--disable" : "--enable";
        const char *v = option_value(argc, argv, i, name, NULL);
        if (!v) {
            wf_cli_usage_error("%s takes check ids separated by commas", name);
            return 2;
        }
        return wf_policy_parse_ids(&o->cli, v, off, name) ? -1 : 2;
    }
    if (is_option(arg, "--config", NULL)) {
        const char *v = option_value(argc, argv, i, "--config", NULL);
        if (!v || !*v) {
            wf_cli_usage_error("%s", "--config takes a FILE");
            return 2;
        }
        o->config = v;
        return -1;
    }
    wf_cli_usage_error("unknown option '%s' for lint", arg);
    return 2;
}

/* Lints every file with the options given; returns the exit status. */
static int lint_files(char **files, int nfiles, struct lint_opts *o)
{
    int status = 0;
    struct configs cs = {wf_arena_new(), NULL, 0, {NULL, NULL}};
    printer_begin(&o->pr);
    for (int i = 0; i < nfiles; i++) {
        const struct wf_config *cfg = config_for(o, &cs, files[i], &status);
        int s = lint_file(files[i], o, cfg);
        if (s > status)
            status = s;
    }
    printer_end(&o->pr);
    for (size_t i = 0; i < cs.n; i++)
        wf_diags_fini(&cs.items[i]->diags);
    free(cs.items);
    wf_config_memo_fini(&cs.memo);
    wf_arena_free(cs.a);
    return status;
}

static int run_lint(int argc, char **argv)
{
    struct lint_opts o = {.pr = {.format = FORMAT_TEXT}};
    wf_policy_init(&o.cli);
    parse_color("auto", &o.pr.color);
    int nfiles = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (!files)
        wf_fatal_oom();
    bool opts_done = false;
    int status = -1;
    for (int i = 1; i < argc && status < 0; i++) {
        const char *arg = argv[i];
        if (opts_done || arg[0] != '-' || strcmp(arg, "-") == 0) /* "-": stdin */
            files[nfiles++] = argv[i];
        else if (strcmp(arg, "--") == 0)
            opts_done = true;
        else
            status = lint_option(argc, argv, &i, &o);
    }
    if (status < 0 && o.no_config && o.config) {
        wf_cli_usage_error("%s", "--config and --no-config exclude each other");
        status = 2;
    }
    if (status < 0 && nfiles == 0) {
        wf_cli_usage_error("%s", "lint needs at least one FILE");
        status = 2;
    }
    if (status < 0) {
        if (o.pr.format != FORMAT_TEXT)
            o.pr.color = false;
        status = lint_files(files, nfiles, &o);
    }
    free(files);
    return status;
}

static const char lint_help[] =
    "usage: wfc lint [OPTION]... FILE...\n"
    "\n"
    "Checks each workflow file (\"-\" reads standard input) and prints one\n"
    "diagnostic per problem:\n"
    "  FILE:LINE:COL: SEVERITY: MESSAGE [CHECK-ID]\n"
    "followed by the source line and a caret.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT   text (default), json, sarif (SARIF 2.1.0, for code\n"
    "                        scanning) or github (GitHub Actions annotations)\n"
    "      --enable ID[,ID]  turn checks on (may be repeated)\n"
    "      --disable ID[,ID] turn checks off (may be repeated)\n"
    "      --strict          report every warning as an error\n"
    "      --config FILE     read the settings from FILE instead of searching\n"
    "                        for .wfc.yaml\n"
    "      --no-config       read no .wfc.yaml\n"
    "      --color WHEN      auto (default), always or never; NO_COLOR disables auto\n"
    "      --list-checks     list every check with its id, severity and summary\n"
    "  -h, --help            show this help\n"
    "\n"
    "Settings come from the first .wfc.yaml found in the file's directory or\n"
    "above it, then from the command line, which wins:\n"
    "  disable: [ID, ...]\n"
    "  enable: [ID, ...]\n"
    "  severity: {ID: error | warning | note | off, ...}\n"
    "A comment \"# wfc: ignore[ID,...]\" (\"# wfc: ignore\": every check) at the\n"
    "end of a line, or alone on the line above, silences those checks there.\n"
    "'wfc help ID' explains a check.\n"
    "\n"
    "Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O error\n"
    "(a file that cannot be read is reported and the other files are still\n"
    "checked).\n";

const struct wf_cli_command wf_cli_cmd_lint = {
    "lint", "FILE...", "check workflows for mistakes before they deploy", lint_help, run_lint,
};
