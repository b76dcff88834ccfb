/*
 * source.h - an input file held in memory, its line table, and spans that
 * point into it.
 *
 * Lines and columns are 1-based and columns count code points, the way
 * editors and libyaml count. Line breaks are what YAML counts as breaks
 * (LF, CRLF, CR, NEL, LS, PS), so libyaml's marks and our line table agree.
 * Loading checks the encoding: NUL bytes, invalid UTF-8 and UTF-16/32 byte
 * order marks are reported here, before libyaml sees the bytes.
 */
#ifndef WF_SOURCE_H
#define WF_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/arena.h"

/* Files larger than this are refused before parsing (Workflows itself
 * deploys at most 128 KB). */
#define WF_SOURCE_MAX_BYTES (64u * 1024u * 1024u)

typedef struct wf_source {
    const char *name; /* as given by the user; used in every diagnostic */
    const char *text; /* the bytes, NUL-terminated (text[len] == 0) */
    size_t len;
    size_t body;         /* offset of the first byte after a UTF-8 BOM, else 0 */
    const size_t *lines; /* byte offset of the start of each line; lines[0] == body */
    size_t nlines;
    bool ascii; /* every byte after the BOM is ASCII: a column is a byte */
} wf_source;

/* A region of a source. `end_col` is one past the last code point; a span
 * with line 0 points at no particular place (the whole file). */
typedef struct wf_span {
    const wf_source *src;
    int line, col;
    int end_line, end_col;
} wf_span;

/* What went wrong while loading; `msg` is NULL when nothing did. */
struct wf_source_error {
    const char *msg; /* arena string, in diagnostic wording */
    int line, col;   /* where, for encoding problems; 0 for I/O problems */
};

/* Reads `path` into `a` ("-" reads standard input, named "<stdin>"). Never
 * blocks on FIFOs or devices: anything but a regular file is refused. Returns NULL when the file
 * cannot be read (the reason in err->msg). When the bytes are not valid UTF-8 text, returns the
 * source (so the offending line can be shown) with err->msg set. */
wf_source *wf_source_load(wf_arena *a, const char *path, struct wf_source_error *err);

/* The same over `len` bytes of `text` (copied into `a`); never NULL. */
wf_source *wf_source_from_bytes(wf_arena *a, const char *name, const char *text, size_t len,
                                struct wf_source_error *err);

/* The bytes of line `line` (1-based) without its line break; NULL when out of range. */
const char *wf_source_line(const wf_source *s, int line, size_t *len);

/* Byte offset of (line, col); col past the end of the line clamps to the end. */
size_t wf_source_offset(const wf_source *s, int line, int col);

/* A span covering one point. */
wf_span wf_span_point(const wf_source *s, int line, int col);

/* Length in bytes of the UTF-8 sequence starting with `c` (1 for invalid bytes). */
int wf_utf8_len(unsigned char c);

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
int wf_utf8_valid(const char *s, size_t n);

/* Decodes the code point at `p` (valid UTF-8 assumed); stores its length. */
uint32_t wf_utf8_decode(const char *p, int *len);

/* Number of code points in s[0..n). */
size_t wf_utf8_count(const char *s, size_t n);

/* Terminal columns taken by a code point (0, 1 or 2). */
int wf_char_width(uint32_t cp);

#endif
