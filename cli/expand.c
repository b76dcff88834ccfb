/*
 * expand.c - `wfc expand FILE... [-o OUT] [--format yaml|json] [--strict]`:
 * one flat, deployable workflow with every subworkflow call inlined
 * (backends/expand.c), written by backends/emit.c.
 *
 * The first file holds main; the others hold subworkflows it calls. The
 * input is checked first as `wfc lint` checks it (cli/load.c): a program
 * with lint errors is refused (exit 1), so that what is written has been
 * validated.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backends/emit.h"
#include "backends/expand.h"
#include "cli/cli.h"
#include "cli/load.h"

static const char expand_help[] =
    "usage: wfc expand [OPTION]... FILE [LIBRARY]...\n"
    "\n"
    "Writes FILE as one flat workflow: every call of a subworkflow is replaced\n"
    "by the subworkflow's steps, renamed so that nothing collides (steps get\n"
    "the prefix CALL__, variables too), so that the result deploys as one file\n"
    "with only main. LIBRARY files hold more subworkflows (no main) that FILE\n"
    "calls. The input must lint without errors (the settings of FILE's\n"
    ".wfc.yaml and '# wfc:' comments apply); the output lints clean too.\n"
    "\n"
    "Subworkflows that cannot be inlined stay subworkflows, with a note:\n"
    "recursive ones, and those called inside an expression or used as a retry\n"
    "predicate. Comments of the input are not kept.\n"
    "\n"
    "Options:\n"
    "  -o, --output OUT      write to OUT (atomically: no partial file on error)\n"
    "                        instead of standard output\n"
    "  -f, --format FORMAT   yaml or json (default: json for a FILE named\n"
    "                        *.json, else yaml)\n"
    "      --strict          refuse a recursive subworkflow instead of keeping it\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 written, 1 the input has errors or cannot be expanded,\n"
    "2 usage or I/O error.\n";

struct expand_opts {
    const char *out;
    enum wf_emit_format format;
    bool format_given;
    struct wf_expand_options ex;
    const char **files; /* main's file, then the libraries */
    size_t nfiles;
};

/* Parses the command line; returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, struct expand_opts *o)
{
    o->files = wf_xmalloc((size_t)argc * sizeof *o->files);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(expand_help, stdout);
            return 0;
        }
        static const char *const formats[] = {"yaml", "json", NULL};
        int format = (int)o->format, r = 0;
        if (strcmp(arg, "--strict") == 0) {
            o->ex.strict = true;
        } else if ((r = wf_cli_format_option(argc, argv, &i, formats, &format)) != 0 ||
                   (r = wf_cli_output_option(argc, argv, &i, &o->out)) != 0) {
            if (r == 2)
                return 2;
            o->format = (enum wf_emit_format)format;
            o->format_given |= strncmp(arg, "-f", 2) == 0 || strncmp(arg, "--format", 8) == 0;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            wf_cli_usage_error("unknown option '%s' for expand", arg);
            return 2;
        } else {
            o->files[o->nfiles++] = arg;
        }
    }
    if (o->nfiles == 0) {
        wf_cli_usage_error("%s", "expand needs a FILE");
        return 2;
    }
    /* Without --format, the format of FILE: JSON stays JSON. */
    size_t n = strlen(o->files[0]);
    if (!o->format_given && n > 5 && strcmp(o->files[0] + n - 5, ".json") == 0)
        o->format = WF_EMIT_JSON;
    return -1;
}

struct doc {
    const wf_node *root;
    enum wf_emit_format format;
};

static bool write_doc(FILE *out, void *ud, const char **why)
{
    const struct doc *doc = ud;
    return wf_emit(out, doc->root, doc->format, why);
}

static int expand(struct expand_opts *o)
{
    struct wf_cli_load c;
    int status = wf_cli_load(&c, o->files, o->nfiles);
    wf_node *root = status == 0 ? wf_expand(c.p, &c.d, &o->ex) : NULL;
    wf_diags_sort(&c.d);
    wf_diags_print_text(stderr, &c.d, false);
    if (status == 0 && !root)
        status = 1;
    if (root) {
        struct doc doc = {root, o->format};
        const char *why = NULL;
        enum wf_write_status w =
            wf_write_file_atomic(c.a, o->out ? o->out : "-", write_doc, &doc, &why);
        if (w != WF_WRITE_OK) {
            fprintf(stderr, "wfc: %s\n", why ? why : "cannot write the output");
            status = w == WF_WRITE_REFUSED ? 1 : 2;
        }
    }
    wf_cli_load_fini(&c);
    return status;
}

static int run_expand(int argc, char **argv)
{
    struct expand_opts o = {.format = WF_EMIT_YAML};
    int status = parse_args(argc, argv, &o);
    if (status < 0)
        status = expand(&o);
    free(o.files);
    return status;
}

const struct wf_cli_command wf_cli_cmd_expand = {
    "expand",    "FILE...",  "inline every subworkflow call: one flat, deployable workflow",
    expand_help, run_expand,
};
