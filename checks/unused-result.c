/*
 * unused-result - a call step stores its result in a variable that is
 * never read. The result (an HTTP response of up to 2 MB, say) still
 * counts against the 512 KB limit of variable memory; drop `result:` when
 * the value is not needed. A warning; names starting with "_" are left
 * alone.
 * Fires: `result: resp` on a step whose resp nothing reads.
 * Quiet: `return: ${resp.body}` later; a call step without `result:`.
 */
#include "config.h"

#include "checks/checks.h"

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    for (size_t i = 0; i < sub->names.nvars; i++) {
        const wf_var *v = sub->names.vars[i];
        if (v->kind != WF_DEF_RESULT || v->nreads || v->name[0] == '_')
            continue;
        const wf_step *st = v->first_step;
        wf_report(cx->d, WF_CHK_UNUSED_RESULT, v->first,
                  "the result of %s is stored in \"%s\" but never read; leave out \"result\" if "
                  "it is not needed",
                  wf_check_step_desc(cx->prog->arena, st), v->name);
    }
}

const struct wf_check wf_check_unused_result = {
    .id = WF_CHK_UNUSED_RESULT,
    .needs_clean_build = true,
    .on_sub = on_sub,
};
