/*
 * fail.c - wf_fuzz_fail (fail.h).
 */
#include "config.h"

#include "fuzz/fail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void wf_fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wfc fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
