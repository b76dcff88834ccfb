/*
 * strtab.h - interned identifiers: one NUL-terminated copy per distinct
 * string, so equal names are equal pointers. The table and the strings live
 * in the arena of the compilation.
 */
#ifndef WF_STRTAB_H
#define WF_STRTAB_H

#include <stddef.h>

#include "support/arena.h"

typedef struct wf_strtab wf_strtab;

/* A new table allocated in `a`. */
wf_strtab *wf_strtab_new(wf_arena *a);

/* The unique copy of s[0..n); `s` need not be terminated. */
const char *wf_intern(wf_strtab *t, const char *s, size_t n);

/* The unique copy of the NUL-terminated `s`. */
const char *wf_intern_cstr(wf_strtab *t, const char *s);

#endif
