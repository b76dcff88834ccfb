/*
 * emit.c - fuzz target: the round trip of `wfc emit` (backends/emit.c).
 * A file that lints without an error is written as YAML and as JSON; each
 * text must build again to the same IR (what `wfc dump-ir --no-positions`
 * prints) and, emitted again, give the same text. tests/emit.sh checks the
 * same over testdata/emit/ and the corpus. A tree wf_emit_check refuses
 * (infinity in JSON, ...) is not written, as `wfc emit` does.
 *
 * A file whose errors `# wfc: ignore` comments silence is written by `wfc
 * emit` but left out here: the IR lacks the parts in error (a step without
 * a name), which the text written has, so there is nothing to compare.
 * The text's own checks run, but their errors are not findings.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backends/emit.h"
#include "checks/checks.h"
#include "frontend/build.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A malloc'd string that a function writes into. */
struct text {
    char *s;
    size_t len;
};

static FILE *text_open(struct text *t)
{
    FILE *f = open_memstream(&t->s, &t->len);
    if (!f)
        wf_fuzz_fail("open_memstream failed");
    return f;
}

static void text_close(FILE *f)
{
    if (fclose(f) != 0)
        wf_fuzz_fail("writing to memory failed");
}

static struct text dump(const wf_program *p)
{
    struct text t;
    FILE *f = text_open(&t);
    wf_ir_dump_without_positions(f, p);
    text_close(f);
    return t;
}

static struct text emit(const wf_program *p, enum wf_emit_format fmt)
{
    struct text t;
    FILE *f = text_open(&t);
    const char *why = NULL;
    if (!wf_emit(f, p->root, fmt, &why))
        wf_fuzz_fail("wf_emit refused what wf_emit_check accepted: %s", why ? why : "");
    text_close(f);
    return t;
}

/* Whether a map key of the tree at `n` may take more than 1024 characters
 * in JSON (a byte can take six, "\u0001", and the quotes two). wfc reads
 * JSON as YAML, and libyaml reads no longer key ("simple key"): such JSON
 * cannot come back, which tests/emit.sh lists among its known limits. */
static bool has_long_key(const wf_node *n)
{
    if (n->kind == WF_NODE_LIST)
        for (uint32_t i = 0; i < n->len; i++)
            if (has_long_key(n->u.items[i]))
                return true;
    if (n->kind == WF_NODE_MAP)
        for (uint32_t i = 0; i < n->len; i++)
            if (6 * (size_t)n->u.pairs[i].key->len + 2 > 1024 || has_long_key(n->u.pairs[i].value))
                return true;
    return false;
}

static void print_diags(const wf_diags *d)
{
    wf_diags_print_text(stderr, d, false);
}

/* Emits `p` in `fmt`, builds the text and compares. */
static void round_trip(const struct wf_fuzz_lint *l, const struct text *ir, enum wf_emit_format fmt)
{
    const char *name = fmt == WF_EMIT_JSON ? "JSON" : "YAML";
    const wf_node *at;
    const char *why;
    if (!wf_emit_check(l->p->root, fmt, &at, &why))
        return;
    struct text out = emit(l->p, fmt);
    wf_diags d;
    wf_diags_init(&d, l->a);
    wf_program *p2 = wf_build_bytes(l->a, l->strs, "emitted", out.s, out.len, &d);
    if (!p2 && fmt == WF_EMIT_JSON && has_long_key(l->p->root)) {
        wf_diags_fini(&d);
        free(out.s);
        return; /* a known limit, see has_long_key */
    }
    if (!p2) {
        fprintf(stderr, "---- the %s written:\n%s----\n", name, out.s);
        print_diags(&d);
        wf_fuzz_fail("the %s written does not load", name);
    }
    wf_checks_run(p2, &d);
    struct text ir2 = dump(p2);
    if (ir2.len != ir->len || memcmp(ir2.s, ir->s, ir->len) != 0) {
        fprintf(stderr, "---- the %s written:\n%s---- its IR:\n%s---- the input's IR:\n%s----\n",
                name, out.s, ir2.s, ir->s);
        wf_fuzz_fail("the %s written builds to another IR", name);
    }
    struct text again = emit(p2, fmt);
    if (again.len != out.len || memcmp(again.s, out.s, out.len) != 0) {
        fprintf(stderr, "---- the %s written:\n%s---- written again:\n%s----\n", name, out.s,
                again.s);
        wf_fuzz_fail("emitting the %s written changes it", name);
    }
    free(again.s);
    free(ir2.s);
    wf_diags_fini(&d);
    free(out.s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wf_fuzz_lint l;
    if (wf_fuzz_lint(&l, data, size) && !l.silenced) {
        struct text ir = dump(l.p);
        round_trip(&l, &ir, WF_EMIT_YAML);
        round_trip(&l, &ir, WF_EMIT_JSON);
        free(ir.s);
    }
    wf_fuzz_lint_fini(&l);
    return 0;
}
