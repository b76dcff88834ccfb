/*
 * yaml.c - fuzz target: `wfc lint` on one file. The bytes go through the
 * encoding check, libyaml and the node tree (frontend/yaml.c), the IR
 * builder with every ${...} parsed, resolution, flow, types and every
 * check, the `# wfc:` comment filter, and the printers of text (with and
 * without colour), JSON and GitHub output. Findings are crashes and
 * sanitizer reports; what the diagnostics say is the test suite's business.
 */
#include "config.h"

#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wf_fuzz_lint l;
    wf_fuzz_lint(&l, data, size);
    FILE *out = wf_fuzz_null();
    wf_diags_print_text(out, &l.d, false);
    wf_diags_print_text(out, &l.d, true);
    for (size_t i = 0; i < l.d.n; i++)
        wf_diag_print_json(out, l.d.items[i], 2);
    wf_diags_print_github(out, &l.d);
    wf_fuzz_lint_fini(&l);
    return 0;
}
