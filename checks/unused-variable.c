/*
 * unused-variable - a variable that is assigned (and perhaps written into)
 * but never read: the assignment is dead, or a read of it went to another
 * name. Each assignment also costs memory against the 512 KB variable
 * limit. A warning. Parameters, loop variables and `as` are not reported
 * (a loop may run for its count alone), nor names that start with "_", the
 * usual way to say "unused on purpose"; results of calls are unused-result's.
 * Fires: `- temp: ${x * 2}` and no read of temp.
 * Quiet: the same with `return: ${temp}`; `- _ignored: 1`.
 */
#include "config.h"

#include "checks/checks.h"

static void on_sub(struct wf_check_ctx *cx, const wf_sub *sub)
{
    for (size_t i = 0; i < sub->names.nvars; i++) {
        const wf_var *v = sub->names.vars[i];
        if (v->kind != WF_DEF_ASSIGN || v->nreads || v->name[0] == '_')
            continue;
        wf_report(cx->d, WF_CHK_UNUSED_VARIABLE, v->first,
                  "variable \"%s\" is assigned but never read", v->name);
    }
}

const struct wf_check wf_check_unused_variable = {
    .id = WF_CHK_UNUSED_VARIABLE,
    .needs_clean_build = true,
    .on_sub = on_sub,
};
