/*
 * cgen.h - the C backend: a program (ir/ir.h, names resolved by
 * ir/resolve.h) as one C file that, compiled and linked with libwfrt
 * (backends/runtime/wfrt.h), runs the workflow. cli/build.c drives the C
 * compiler; backends/cgen.c says how the code is shaped.
 *
 * Every workflow is compiled, none is interpreted: each subworkflow
 * becomes a C function, each step a block of C with a label, each
 * expression calls of the runtime's operators. Names and strings of the
 * workflow reach the C only as escaped string literals, so no workflow
 * can inject C. The branches of parallel steps become functions of their
 * own, run on threads by the runtime.
 */
#ifndef WF_CGEN_H
#define WF_CGEN_H

#include <stdbool.h>
#include <stdio.h>

#include "ir/ir.h"

/* Writes the C program of `p`, which must have built and linted without
 * errors (a main workflow, every name resolved), to `out`. `name` is the
 * source file's name as the runner will print it in messages. Scratch
 * memory comes from the program's arena and the heap (freed before
 * returning); the output is the same for the same program, byte for byte.
 * False when `out` had a write error. */
bool wf_cgen_write(FILE *out, const wf_program *p, const char *name);

#endif
