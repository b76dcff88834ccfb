/*
 * lib_re2.h - the regular expressions of text.*_regex: a small C interface
 * to RE2, the engine whose syntax Workflows documents (lib_re2.cc is the
 * C++ side). Private to libwfrt. Patterns and texts are UTF-8 with byte
 * offsets; a compiled pattern is immutable and may be shared by threads.
 */
#ifndef WFRT_LIB_RE2_H
#define WFRT_LIB_RE2_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct wfrt_re;

/* Compiles pat[0..len) in RE2 syntax; with `longest`, matches are
 * leftmost-longest (POSIX) rather than leftmost-first (Perl). NULL on an
 * invalid pattern, with RE2's reason in err (NUL-terminated, cut to size)
 * or on allocation failure. */
struct wfrt_re *wfrt_re_compile(const char *pat, size_t len, bool longest, char *err, size_t size);

/* Searches text[0..len) for a match starting at or after `from` (the text
 * before it still counts for \b and ^): 1 with the match's byte range in
 * [*begin, *end), 0 when there is none, -1 when memory ran out. */
int wfrt_re_search(const struct wfrt_re *re, const char *text, size_t len, size_t from,
                   size_t *begin, size_t *end);

void wfrt_re_free(struct wfrt_re *re);

#ifdef __cplusplus
}
#endif

#endif
