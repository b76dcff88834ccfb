/*
 * arena.c - chunked bump allocation. Small requests share 64 KB chunks
 * (doubling up to 1 MB as the arena grows); a request larger than a quarter
 * of the current chunk size gets a chunk of its own, so big source files do
 * not waste the tail of a shared chunk.
 *
 * Allocations are aligned to 8 bytes, enough for everything the compiler
 * stores (pointers, int64_t, double; no long double, no vector types);
 * strings are not aligned at all. Memory is what bounds wfc on large files,
 * so no byte is wasted on padding nobody needs.
 */
#include "config.h"

#include "support/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chunk {
    struct chunk *prev;
    size_t size; /* usable bytes after the header */
    size_t used;
    max_align_t data[];
};

struct wf_arena {
    struct chunk *head;
    size_t next_size; /* size of the next shared chunk */
    size_t total;     /* bytes handed out */
};

#define ALIGN ((size_t)8)
#define FIRST_CHUNK (64u * 1024u)
#define MAX_CHUNK (1024u * 1024u)

_Noreturn void wf_fatal_oom(void)
{
    fputs("wfc: out of memory\n", stderr);
    exit(2);
}

void *wf_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        wf_fatal_oom();
    return p;
}

void *wf_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        wf_fatal_oom();
    return q;
}

static struct chunk *new_chunk(size_t size, struct chunk *prev)
{
    if (size > SIZE_MAX - sizeof(struct chunk))
        wf_fatal_oom();
    struct chunk *c = wf_xmalloc(sizeof(struct chunk) + size);
    c->prev = prev;
    c->size = size;
    c->used = 0;
    return c;
}

wf_arena *wf_arena_new(void)
{
    wf_arena *a = wf_xmalloc(sizeof *a);
    a->head = NULL;
    a->next_size = FIRST_CHUNK;
    a->total = 0;
    return a;
}

void wf_arena_free(wf_arena *a)
{
    if (!a)
        return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *prev = c->prev;
        free(c);
        c = prev;
    }
    free(a);
}

/* `size` bytes at an offset that is a multiple of `align` (1 or ALIGN). */
static void *alloc_aligned(wf_arena *a, size_t size, size_t align)
{
    if (size > SIZE_MAX / 2)
        wf_fatal_oom();
    if (size == 0)
        size = 1;
    a->total += size;
    struct chunk *c = a->head;
    if (c) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->size && c->size - at >= size) {
            c->used = at + size;
            return (char *)c->data + at;
        }
    }
    if (size > a->next_size / 4) {
        /* A private chunk, linked below the current one so the shared chunk
         * keeps serving small requests. */
        struct chunk *big = new_chunk(size, c ? c->prev : NULL);
        big->used = size;
        if (c)
            c->prev = big;
        else
            a->head = big;
        return big->data;
    }
    c = new_chunk(a->next_size, a->head);
    a->head = c;
    if (a->next_size < MAX_CHUNK)
        a->next_size *= 2;
    c->used = size;
    return c->data;
}

void *wf_arena_alloc(wf_arena *a, size_t size)
{
    return alloc_aligned(a, size, ALIGN);
}

void *wf_arena_zalloc(wf_arena *a, size_t size)
{
    void *p = wf_arena_alloc(a, size);
    memset(p, 0, size);
    return p;
}

void *wf_arena_array(wf_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        wf_fatal_oom();
    return wf_arena_zalloc(a, n * size);
}

char *wf_arena_strndup(wf_arena *a, const char *src, size_t n)
{
    char *p = alloc_aligned(a, n + 1, 1);
    if (n)
        memcpy(p, src, n);
    p[n] = '\0';
    return p;
}

void *wf_arena_memdup(wf_arena *a, const void *src, size_t n)
{
    if (n == 0)
        return NULL;
    void *p = wf_arena_alloc(a, n);
    memcpy(p, src, n);
    return p;
}

char *wf_arena_vprintf(wf_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = alloc_aligned(a, (size_t)n + 1, 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *wf_arena_printf(wf_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = wf_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t wf_arena_used(const wf_arena *a)
{
    return a->total;
}
