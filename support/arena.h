/*
 * arena.h - the one allocator of a compilation: a bump allocator that hands
 * out memory from large chunks and frees them all at once.
 *
 * Everything derived from one input file (source bytes, node tree, IR,
 * expression trees, interned names, diagnostics) lives in one arena, so no
 * object is freed one by one. Out of memory is fatal: the functions here print
 * "wfc: out of memory" and exit 2, so callers never check for NULL.
 * Memory owned by other libraries (libyaml, cJSON, FILE *) never goes here.
 */
#ifndef WF_ARENA_H
#define WF_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#define WF_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

typedef struct wf_arena wf_arena;

/* A new, empty arena. Never NULL. */
wf_arena *wf_arena_new(void);

/* Releases every allocation of the arena and the arena itself. NULL is allowed. */
void wf_arena_free(wf_arena *a);

/* `size` bytes aligned for any type, uninitialised. */
void *wf_arena_alloc(wf_arena *a, size_t size);

/* `size` bytes aligned for any type, zeroed. */
void *wf_arena_zalloc(wf_arena *a, size_t size);

/* `n` elements of `size` bytes, zeroed; overflow of n * size is fatal. */
void *wf_arena_array(wf_arena *a, size_t n, size_t size);

/* A copy of `n` bytes of `src` (which may hold NULs), NUL-terminated. */
char *wf_arena_strndup(wf_arena *a, const char *src, size_t n);

/* A copy of `n` bytes of `src`, not terminated; NULL when n is 0. */
void *wf_arena_memdup(wf_arena *a, const void *src, size_t n);

/* printf into the arena. */
char *wf_arena_printf(wf_arena *a, const char *fmt, ...) WF_PRINTF(2, 3);
char *wf_arena_vprintf(wf_arena *a, const char *fmt, va_list ap) WF_PRINTF(2, 0);

/* Bytes handed out so far (for tests and `make bench`). */
size_t wf_arena_used(const wf_arena *a);

/* Prints "wfc: out of memory" and exits 2. For the rare malloc outside arenas. */
_Noreturn void wf_fatal_oom(void);

/* malloc/realloc that never return NULL (fatal on failure). */
void *wf_xmalloc(size_t size);
void *wf_xrealloc(void *p, size_t size);

#endif
