/*
 * build.h - from the loaded node tree to the IR (ir/ir.h).
 *
 * Building is where the structure of a workflow is checked against the
 * table of ir/schema.c: unknown and missing keys, keys that exclude each
 * other, values of the wrong type, invalid and duplicate names, empty lists
 * of steps. Every `${...}` in a place Workflows evaluates is parsed here, so
 * expression syntax errors are reported here too. Later stages (ir/resolve.c,
 * checks/) never look at YAML again.
 */
#ifndef WF_BUILD_H
#define WF_BUILD_H

#include "ir/ir.h"
#include "support/diag.h"

/* Builds the program of `root` (loaded from `src`). Never NULL: parts that
 * could not be built are left out after a diagnostic. */
wf_program *wf_build(wf_arena *a, wf_strtab *strs, const wf_source *src, wf_node *root,
                     wf_diags *d);

/* Loads and builds a file in one go: the usual entry point. Returns NULL
 * when the file could not be read or parsed (reported to `d`). */
wf_program *wf_build_file(wf_arena *a, wf_strtab *strs, const char *path, wf_diags *d);

/* The same over `len` bytes of `text` held in memory (copied into `a`),
 * called `name` in diagnostics: what the fuzz targets (fuzz/) build. */
wf_program *wf_build_bytes(wf_arena *a, wf_strtab *strs, const char *name, const char *text,
                           size_t len, wf_diags *d);

/* The same for a file of subworkflows that another file's main calls
 * (wfc expand main.yaml lib/NAME.yaml): it needs no main. */
wf_program *wf_build_library_file(wf_arena *a, wf_strtab *strs, const char *path, wf_diags *d);

/* Merges the subworkflows of `libs` (built with wf_build_library_file, in
 * the same arena and string table) into `p`, for a workflow spread over
 * several files. A name defined twice is an error naming both places;
 * false when there was one. */
bool wf_build_merge(wf_program *p, wf_program *const *libs, size_t nlibs, wf_diags *d);

#endif
