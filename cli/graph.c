/*
 * graph.c - `wfc graph FILE [--format dot|mermaid] [-o OUT]`: draws the
 * step flow of a workflow file (backends/graph.c does the drawing).
 *
 * A file is drawn only when it would lint without errors: it is built and
 * checked like `wfc lint` does (its .wfc.yaml and `# wfc: ignore` comments
 * included), and when an error remains, every diagnostic is printed to
 * standard error as `wfc lint` prints it and nothing is drawn (exit 1).
 * Warnings alone do not stop the drawing and are not printed. With -o, the
 * output goes to a temporary file beside OUT, renamed over OUT once it is
 * complete, so a failed run never leaves a partial file; an OUT that is a
 * device or a FIFO (/dev/stdout) is written to directly.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/graph.h"
#include "cli/cli.h"
#include "backends/emit.h"
#include "cli/load.h"

struct graph_opts {
    enum wf_graph_format format;
    const char *output; /* -o OUT, or NULL for standard output */
    const char *file;
};

struct graph_job {
    const wf_program *p;
    enum wf_graph_format format;
};

static bool write_graph(FILE *out, void *ud, const char **why)
{
    const struct graph_job *job = ud;
    (void)why;
    wf_graph_write(out, job->p, job->format);
    return true;
}

/* Writes the graph to OUT (atomically) or standard output. */
static int write_output(wf_arena *a, const wf_program *p, const struct graph_opts *o)
{
    struct graph_job job = {p, o->format};
    const char *why = NULL;
    enum wf_write_status st =
        wf_write_file_atomic(a, o->output ? o->output : "-", write_graph, &job, &why);
    if (st == WF_WRITE_OK)
        return 0;
    fprintf(stderr, "wfc: %s\n", why ? why : "cannot write the graph");
    return st == WF_WRITE_IO ? 2 : 1;
}

static int graph_file(const struct graph_opts *o)
{
    struct wf_cli_load c;
    int status = wf_cli_load(&c, &o->file, 1);
    if (status) /* a file with errors is not drawn; warnings are not shown */
        wf_diags_print_text(stderr, &c.d, isatty(STDERR_FILENO) && !getenv("NO_COLOR"));
    else
        status = write_output(c.a, c.p, o);
    wf_cli_load_fini(&c);
    return status;
}

static int run_graph(int argc, char **argv)
{
    struct graph_opts o = {.format = WF_GRAPH_DOT};
    static const char *const formats[] = {"dot", "mermaid", NULL};
    int format = (int)o.format;
    int status = wf_cli_writer_args(argc, argv, "graph", formats, &format, &o.output, &o.file);
    o.format = (enum wf_graph_format)format;
    return status >= 0 ? status : graph_file(&o);
}

static const char graph_help[] =
    "usage: wfc graph [OPTION]... FILE\n"
    "\n"
    "Draws the step flow of a workflow file (\"-\" reads standard input) as a\n"
    "Graphviz DOT graph or a Mermaid flowchart: a node per step, nested steps\n"
    "included, shaped by kind; a start and an end node and a cluster per\n"
    "workflow; edges for the order of the steps, next jumps (bold), switch\n"
    "conditions, loops, parallel branches, errors into except blocks (dashed),\n"
    "retries and calls of subworkflows (dotted).\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT   dot (default) or mermaid\n"
    "  -o, --output OUT      write to OUT (replaced only once the graph is\n"
    "                        complete) instead of standard output\n"
    "  -h, --help            show this help\n"
    "\n"
    "A file with errors is not drawn: its diagnostics are printed to standard\n"
    "error as 'wfc lint' prints them (its .wfc.yaml applies). Warnings do not\n"
    "stop the drawing.\n"
    "\n"
    "Exit status: 0 drawn, 1 the file has errors, 2 usage, configuration or\n"
    "I/O error.\n";

const struct wf_cli_command wf_cli_cmd_graph = {
    "graph", "FILE", "draw the step flow as Graphviz DOT or Mermaid", graph_help, run_graph,
};
