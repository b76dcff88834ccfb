/*
 * common.c - the parts of fuzz.h the targets share. The lint here is
 * cli/lint.c's lint_file without the printing, in the same order of
 * calls: a change there belongs here too.
 */
#include "config.h"

#include "fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "cli/cli.h"
#include "frontend/build.h"

/* wf_lint_filter, counting the errors it drops. */
static int count_silenced(void *ud, const char *check, enum wf_sev sev, const wf_span *span)
{
    struct wf_fuzz_lint *l = ud;
    int r = wf_lint_filter(&l->filter, check, sev, span);
    l->silenced += r < 0 && sev == WF_SEV_ERROR;
    return r;
}

bool wf_fuzz_lint(struct wf_fuzz_lint *l, const uint8_t *data, size_t size)
{
    memset(l, 0, sizeof *l);
    l->a = wf_arena_new();
    l->strs = wf_strtab_new(l->a);
    wf_diags_init(&l->d, l->a);
    wf_policy_init(&l->policy);
    l->filter = (struct wf_lint_filter){.policy = &l->policy, .a = l->a};
    l->d.filter = count_silenced;
    l->d.filter_ud = l;
    l->p = wf_build_bytes(l->a, l->strs, "fuzz.yaml", (const char *)data, size, &l->d);
    if (l->p)
        wf_checks_run(l->p, &l->d);
    wf_lint_filter_finish(&l->filter, &l->d, l->p ? l->p->src : NULL);
    wf_diags_sort(&l->d);
    return l->p && !wf_diags_any(&l->d, WF_SEV_ERROR);
}

void wf_fuzz_lint_fini(struct wf_fuzz_lint *l)
{
    wf_diags_fini(&l->d);
    wf_arena_free(l->a);
    l->a = NULL;
}

FILE *wf_fuzz_null(void)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    if (!null)
        wf_fuzz_fail("cannot open /dev/null");
    return null;
}

/* cli/settings.c reports bad --enable and --disable lists through this
 * function of cli/main.c, which a fuzz target does not link (libFuzzer has
 * the main); the targets parse no command line, so it is never called. */
void wf_cli_usage_error(const char *fmt, ...)
{
    (void)fmt;
    wf_fuzz_fail("wf_cli_usage_error called");
}
