/*
 * report.c - the check table and reporting by id.
 */
#include "config.h"

#include "ir/report.h"

#include <string.h>

const struct wf_check_info wf_check_infos[WF_CHK_COUNT] = {
#define WF_ON false
#define WF_OPT true
#define WF_CHECK(name, id, sev, on, summary) [WF_CHK_##name] = {id, WF_SEV_##sev, summary, WF_##on},
#include "ir/checks.def"
#undef WF_CHECK
};

const struct wf_check_info *wf_check_find(const char *id)
{
    for (size_t i = 0; i < WF_CHK_COUNT; i++)
        if (strcmp(wf_check_infos[i].id, id) == 0)
            return &wf_check_infos[i];
    return NULL;
}

wf_diag *wf_report(wf_diags *d, enum wf_check_id id, wf_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = wf_arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    const struct wf_check_info *ci = &wf_check_infos[id];
    return wf_diag_report(d, ci->severity, ci->id, span, "%s", msg);
}
