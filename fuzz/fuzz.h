/*
 * fuzz.h - what the libFuzzer targets of this directory share: the lint of
 * `wfc lint` over bytes in memory, and a stream to print into. Each target
 * is one file (yaml.c, expr.c, emit.c, cgen.c, json.c) with its
 * LLVMFuzzerTestOneInput; fuzz.mk builds them with clang and run.sh runs
 * them (`make fuzz`, docs/fuzzing.md).
 *
 * A target reports a finding by crashing: a sanitizer report, or abort()
 * after printing what differs (wf_fuzz_fail, fail.h). It never exits on
 * its own.
 */
#ifndef WF_FUZZ_H
#define WF_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/settings.h"
#include "fuzz/fail.h"
#include "ir/ir.h"
#include "support/diag.h"

/* Everything `wfc lint` derives from one file, with the table's settings
 * (no .wfc.yaml, no options) and the file's `# wfc:` comments. */
struct wf_fuzz_lint {
    wf_arena *a;
    wf_strtab *strs;
    wf_diags d; /* sorted */
    struct wf_policy policy;
    struct wf_lint_filter filter;
    wf_program *p;     /* NULL when the bytes could not be loaded or parsed */
    unsigned silenced; /* errors that `# wfc: ignore` comments dropped */
};

/* Builds and checks data[0..size) as the file "fuzz.yaml", the way
 * cli/lint.c does. Returns whether that gave no error, so that `wfc emit`
 * and `wfc build` would go on. Free with wf_fuzz_lint_fini. */
bool wf_fuzz_lint(struct wf_fuzz_lint *l, const uint8_t *data, size_t size);
void wf_fuzz_lint_fini(struct wf_fuzz_lint *l);

/* A stream that discards what is written (/dev/null), for code that
 * prints; opened once, never closed. */
FILE *wf_fuzz_null(void);

#endif
