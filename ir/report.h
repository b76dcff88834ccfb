/*
 * report.h - the check table (ir/checks.def) as C, and reporting by check
 * id: the severity comes from the table, never from the caller.
 */
#ifndef WF_REPORT_H
#define WF_REPORT_H

#include <stdbool.h>

#include "support/diag.h"

enum wf_check_id {
#define WF_CHECK(name, id, sev, on, summary) WF_CHK_##name,
#include "ir/checks.def"
#undef WF_CHECK
    WF_CHK_COUNT
};

struct wf_check_info {
    const char *id;
    enum wf_sev severity;
    const char *summary;
    bool opt_in; /* runs only when enabled */
};

/* Indexed by enum wf_check_id. */
extern const struct wf_check_info wf_check_infos[WF_CHK_COUNT];

/* The entry with this id, or NULL. */
const struct wf_check_info *wf_check_find(const char *id);

/* Reports a diagnostic of check `id` with its default severity (the list's
 * filter may still change or drop it). Returns it, or NULL when dropped. */
wf_diag *wf_report(wf_diags *d, enum wf_check_id id, wf_span span, const char *fmt, ...)
    WF_PRINTF(4, 5);

#endif
