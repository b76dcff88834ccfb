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
#include <stdint.h>

#define WF_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

typedef struct wf_arena wf_arena;

/* The part of an arena that the inline allocator below needs: the free
 * space of the current chunk. It is the first member of struct wf_arena. */
struct wf_arena_free_space {
    char *cur, *end;
};

/* A new, empty arena. Never NULL. */
wf_arena *wf_arena_new(void);

/* Releases every allocation of the arena and the arena itself. NULL is allowed. */
void wf_arena_free(wf_arena *a);

/* The slow path of wf_arena_alloc: a new chunk. */
void *wf_arena_alloc_slow(wf_arena *a, size_t size, size_t align);

/* `size` bytes aligned to 8 (enough for everything the compiler stores:
 * pointers, int64_t, double), uninitialised. Inline: the builders call it
 * for every node. */
static inline void *wf_arena_alloc(wf_arena *a, size_t size)
{
    struct wf_arena_free_space *fs = (struct wf_arena_free_space *)a;
    uintptr_t at = ((uintptr_t)fs->cur + 7) & ~(uintptr_t)7;
    if (at <= (uintptr_t)fs->end && size <= (uintptr_t)fs->end - at) {
        fs->cur = (char *)at + size;
        return (void *)at;
    }
    return wf_arena_alloc_slow(a, size, 8);
}

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

/* Makes room for `bytes` more bytes in one piece, to be used soon: a large
 * reservation is faulted in at once rather than page by page. */
void wf_arena_reserve(wf_arena *a, size_t bytes);

/* Bytes handed out so far (for tests and `make bench`). */
size_t wf_arena_used(const wf_arena *a);

/* All arenas of the process together hold at most this much: past it, an
 * allocation is out of memory. It keeps wfc within 512 MB of address space
 * on any input (the largest file `make bench` lints, 100,000 steps and 1.5
 * million nodes, needs about 330 MB); a deployable workflow, at most 128 KB,
 * needs a few MB. */
#define WF_ARENA_BUDGET ((size_t)400 * 1024 * 1024)

/* Names the file being read or checked in the message of an out-of-memory
 * exit (NULL: none). The string must outlive the arena work it covers. */
void wf_oom_context(const char *file);

/* Prints "FILE: error: out of memory ..." (or "wfc: out of memory" without
 * a context) and exits 2. For the rare malloc outside arenas, too. */
_Noreturn void wf_fatal_oom(void);

/* malloc/realloc that never return NULL (fatal on failure). */
void *wf_xmalloc(size_t size);
void *wf_xrealloc(void *p, size_t size);

#endif
