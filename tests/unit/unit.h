/*
 * unit.h - the little each C unit test needs: report one case as
 * "PASS: name" or "FAIL: name: why" (tests/harness.sh counts these lines),
 * and an exit status that says whether all passed.
 */
#ifndef WF_UNIT_H
#define WF_UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned unit_passed, unit_failed;

/* Records one case. `fmt` names it; on failure `why` says what went wrong. */
__attribute__((format(printf, 3, 4))) static inline bool unit_check(bool ok, const char *why,
                                                                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(ok ? "PASS: " : "FAIL: ", stdout);
    vprintf(fmt, ap);
    if (!ok && why)
        printf(": %s", why);
    fputc('\n', stdout);
    va_end(ap);
    if (ok)
        unit_passed++;
    else
        unit_failed++;
    return ok;
}

static inline int unit_exit(void)
{
    return unit_failed ? 1 : 0;
}

#endif
