/*
 * graph.h - the step flow of a program as a picture: Graphviz DOT or a
 * Mermaid flowchart. One node per step (nested and inline bodies included)
 * plus a start and an end node per workflow, one cluster per workflow,
 * edges for sequence, `next` jumps, switch entries, loops, parallel
 * branches, errors and retries, and calls to subworkflows.
 *
 * It reads a program that built without errors and whose names are
 * resolved (ir/resolve.h); it reports nothing and refuses nothing: the
 * driver (cli/graph.c) decides whether a file may be drawn. Node ids are
 * generated (n0, n1, ...), never step names, and every label is escaped for
 * the language written, so any step name is safe in either output.
 */
#ifndef WF_GRAPH_H
#define WF_GRAPH_H

#include <stdio.h>

#include "ir/ir.h"

enum wf_graph_format {
    WF_GRAPH_DOT,     /* Graphviz: `digraph workflow { ... }` */
    WF_GRAPH_MERMAID, /* `flowchart TD` */
};

/* Writes the step flow of `p` to `out` in `format`. Scratch memory comes
 * from the program's arena and the heap (freed before returning); the
 * output is the same for the same program, byte for byte. Write errors are
 * left in `out` for the caller to check (ferror). */
void wf_graph_write(FILE *out, const wf_program *p, enum wf_graph_format format);

#endif
