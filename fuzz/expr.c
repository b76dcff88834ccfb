/*
 * expr.c - fuzz target: the expression parser (frontend/expr.h) on the
 * inside of one ${...}. Besides crashes it checks what ir/expr.h promises:
 * the canonical form of a tree (wf_expr_print) parses again to an equal
 * tree and prints the same, and error ranges lie within the text. The
 * same bytes also go through wf_expr_parse_target (the left of an `assign`
 * entry) and wf_expr_scan_end (where a "${" ends).
 */
#include "config.h"

#include <string.h>

#include "frontend/expr.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses the canonical form of `e` again; it must give the same tree. */
static void check_reprint(wf_arena *a, wf_strtab *strs, const wf_expr *e, const char *what)
{
    char *text = wf_expr_to_string(a, e);
    struct wf_expr_error err = {0};
    wf_expr *again = wf_expr_parse(a, strs, text, strlen(text), &err);
    if (!again)
        wf_fuzz_fail("the canonical form of a %s does not parse: %s: %u:%u: %s", what, text,
                     err.off, err.end, err.msg);
    if (!wf_expr_equal(e, again))
        wf_fuzz_fail("the canonical form of a %s parses to another tree: %s", what, text);
    char *text2 = wf_expr_to_string(a, again);
    if (strcmp(text, text2) != 0)
        wf_fuzz_fail("printing a %s twice differs: %s, then %s", what, text, text2);
}

static void check_error(const struct wf_expr_error *err, size_t size)
{
    if (!err->msg || err->off > err->end || err->end > size)
        wf_fuzz_fail("a syntax error outside the text: %u:%u in %zu bytes: %s", err->off, err->end,
                     size, err->msg ? err->msg : "(no message)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    wf_arena *a = wf_arena_new();
    wf_strtab *strs = wf_strtab_new(a);
    struct wf_expr_error err = {0};
    wf_expr *e = wf_expr_parse(a, strs, text, size, &err);
    if (e)
        check_reprint(a, strs, e, "expression");
    else
        check_error(&err, size);
    memset(&err, 0, sizeof err);
    wf_expr *t = wf_expr_parse_target(a, strs, text, size, &err);
    if (t)
        check_reprint(a, strs, t, "target");
    else
        check_error(&err, size);
    if (size >= 2 && text[0] == '$' && text[1] == '{') {
        long end = wf_expr_scan_end(text, size);
        if (end != -1 && (end < 2 || (size_t)end >= size || text[end] != '}'))
            wf_fuzz_fail("wf_expr_scan_end gives %ld in %zu bytes", end, size);
    }
    wf_arena_free(a);
    return 0;
}
