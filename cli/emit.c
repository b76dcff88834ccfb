/*
 * emit.c - `wfc emit FILE`: the workflow, validated as `wfc lint` would
 * (same pipeline, same .wfc.yaml and `# wfc: ignore` comments), written
 * again as canonical YAML or as JSON by backends/emit.c, to standard output
 * or atomically to a file. A file with lint errors is never written.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/emit.h"
#include "cli/cli.h"
#include "cli/load.h"
#include "ir/report.h"

struct emit_opts {
    enum wf_emit_format fmt;
    const char *file;
    const char *output; /* -o OUT, or NULL: standard output */
    bool color;         /* diagnostics on standard error */
};

/* What the atomic writer hands back to write_doc. */
struct emit_job {
    const wf_node *root;
    enum wf_emit_format fmt;
};

static bool write_doc(FILE *out, void *ud, const char **why)
{
    const struct emit_job *job = ud;
    return wf_emit(out, job->root, job->fmt, why);
}

/* Writes the document of `p`; returns the exit status. */
static int write_program(wf_arena *a, const wf_program *p, const struct emit_opts *o)
{
    const char *fmt_name = o->fmt == WF_EMIT_JSON ? "JSON" : "YAML";
    const wf_node *at;
    const char *why;
    if (!wf_emit_check(p->root, o->fmt, &at, &why)) {
        if (at && at->span.line)
            fprintf(stderr, "wfc: %s:%d:%d: cannot write as %s: %s\n", p->src->name, at->span.line,
                    at->span.col, fmt_name, why);
        else
            fprintf(stderr, "wfc: %s: cannot write as %s: %s\n", p->src->name, fmt_name, why);
        return 1;
    }
    struct emit_job job = {p->root, o->fmt};
    enum wf_write_status st =
        wf_write_file_atomic(a, o->output ? o->output : "-", write_doc, &job, &why);
    if (st == WF_WRITE_OK)
        return 0;
    fprintf(stderr, "wfc: %s\n", why);
    return st == WF_WRITE_IO ? 2 : 1;
}

static int emit_file(const struct emit_opts *o)
{
    struct wf_cli_load c;
    int status = wf_cli_load(&c, &o->file, 1);
    wf_diags_print_text(stderr, &c.d, o->color);
    if (status == 0)
        status = write_program(c.a, c.p, o); /* nothing is written for a file with errors */
    wf_cli_load_fini(&c);
    return status;
}

static int run_emit(int argc, char **argv)
{
    struct emit_opts o = {.fmt = WF_EMIT_YAML};
    o.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    static const char *const formats[] = {"yaml", "json", NULL};
    int format = (int)o.fmt;
    int status = wf_cli_writer_args(argc, argv, "emit", formats, &format, &o.output, &o.file);
    o.fmt = (enum wf_emit_format)format;
    return status >= 0 ? status : emit_file(&o);
}

static const char emit_help[] =
    "usage: wfc emit [OPTION]... FILE\n"
    "\n"
    "Checks FILE (\"-\" reads standard input) as 'wfc lint' does, then prints\n"
    "the workflow again, unchanged in meaning, as canonical YAML or as JSON:\n"
    "block style, 2-space indentation, keys in their order, strings quoted\n"
    "only where a YAML reader could take them for something else, numbers\n"
    "written from their values (0x1F as 31, 1e3 as 1000.0). Comments and\n"
    "anchors (an alias is written as a copy of what it names) are not kept,\n"
    "nor is quoting, except that a word or path quoted in YAML stays quoted.\n"
    "\n"
    "A file with lint errors is not written: its diagnostics go to standard\n"
    "error, like warnings, which do not stop it. Settings (.wfc.yaml, '# wfc:\n"
    "ignore' comments) apply as for 'wfc lint'.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT   yaml (default) or json (JSON has no infinity or NaN:\n"
    "                        a workflow holding one is refused)\n"
    "  -o, --output OUT      write to OUT instead of standard output, atomically:\n"
    "                        OUT is replaced whole or left as it was\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 written, 1 lint errors or a value the format cannot hold\n"
    "(nothing written), 2 usage, configuration or I/O error.\n";

const struct wf_cli_command wf_cli_cmd_emit = {
    "emit", "FILE", "print a workflow as canonical YAML or as JSON", emit_help, run_emit,
};
