/*
 * arena.c - chunked bump allocation. Small requests share 64 KB chunks
 * (doubling up to 1 MB as the arena grows); a request larger than a quarter
 * of the current chunk size gets a chunk of its own, so big source files do
 * not waste the tail of a shared chunk.
 *
 * Allocations are aligned to 8 bytes, enough for everything the compiler
 * stores (pointers, int64_t, double; no long double, no vector types);
 * strings are not aligned at all. Memory is what bounds wfc on large files,
 * so no byte is wasted on padding nobody needs. The fast path of
 * wf_arena_alloc is inline, in arena.h.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_POPULATE */
#include "config.h"

#include "support/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAP_AT_LEAST (256u * 1024u)

struct chunk {
    struct chunk *prev;
    size_t size;   /* usable bytes after the header */
    size_t used;   /* of a chunk that is no longer current */
    size_t mapped; /* bytes mapped with mmap, 0 for malloc'ed chunks */
    max_align_t data[];
};

struct wf_arena {
    struct wf_arena_free_space fs; /* first: the inline allocator reads it */
    struct chunk *head;            /* the current chunk (fs points into it) */
    size_t next_size;              /* size of the next shared chunk */
};

#define FIRST_CHUNK (64u * 1024u)
#define MAX_CHUNK (1024u * 1024u)

/* Bytes of all chunks of all arenas, against WF_ARENA_BUDGET. wfc builds
 * and checks on one thread; `wfc build` runs the compiler, not arenas, on
 * others. */
static size_t arena_total;
static const char *oom_file;

void wf_oom_context(const char *file)
{
    oom_file = file;
}

_Noreturn void wf_fatal_oom(void)
{
    if (oom_file)
        fprintf(stderr,
                "%s: error: out of memory: wfc stopped after %zu MB for this file (a deployable "
                "workflow is at most 128 KB)\n",
                oom_file, arena_total >> 20);
    else
        fputs("wfc: out of memory\n", stderr);
    /* No exit handlers: nothing can be freed or written safely now (and
     * LeakSanitizer would count every arena as a leak). */
    fflush(NULL);
    _exit(2);
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
    size_t bytes = sizeof(struct chunk) + size;
    if (bytes > WF_ARENA_BUDGET - arena_total)
        wf_fatal_oom();
    arena_total += bytes;
    struct chunk *c;
    size_t mapped = 0;
    if (bytes >= MAP_AT_LEAST) {
        /* Large chunks are filled soon: fault their pages in at once, which
         * costs far less than a page fault per 4 KB. */
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED)
            wf_fatal_oom();
        c = p;
        mapped = bytes;
    } else {
        c = wf_xmalloc(bytes);
    }
    c->prev = prev;
    c->size = size;
    c->used = 0;
    c->mapped = mapped;
    return c;
}

wf_arena *wf_arena_new(void)
{
    wf_arena *a = wf_xmalloc(sizeof *a);
    a->fs.cur = a->fs.end = NULL;
    a->head = NULL;
    a->next_size = FIRST_CHUNK;
    return a;
}

void wf_arena_free(wf_arena *a)
{
    if (!a)
        return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *prev = c->prev;
        arena_total -= sizeof(struct chunk) + c->size;
        if (c->mapped)
            munmap(c, c->mapped);
        else
            free(c);
        c = prev;
    }
    free(a);
}

/* Makes `c` the current chunk, recording how much of the old one was used. */
static void make_current(wf_arena *a, struct chunk *c)
{
    if (a->head)
        a->head->used = (size_t)(a->fs.cur - (char *)a->head->data);
    c->prev = a->head;
    a->head = c;
    a->fs.cur = (char *)c->data;
    a->fs.end = (char *)c->data + c->size;
}

void *wf_arena_alloc_slow(wf_arena *a, size_t size, size_t align)
{
    if (size > SIZE_MAX / 2)
        wf_fatal_oom();
    uintptr_t at = ((uintptr_t)a->fs.cur + align - 1) & ~(uintptr_t)(align - 1);
    if (a->fs.cur && at <= (uintptr_t)a->fs.end && size <= (uintptr_t)a->fs.end - at) {
        a->fs.cur = (char *)at + size;
        return (void *)at;
    }
    if (size > a->next_size / 4) {
        /* A private chunk, linked below the current one so the shared chunk
         * keeps serving small requests. */
        struct chunk *big = new_chunk(size, NULL);
        big->used = size;
        if (a->head) {
            big->prev = a->head->prev;
            a->head->prev = big;
        } else {
            make_current(a, big);
            a->fs.cur = a->fs.end;
        }
        return big->data;
    }
    make_current(a, new_chunk(a->next_size, NULL));
    if (a->next_size < MAX_CHUNK)
        a->next_size *= 2;
    void *p = a->fs.cur;
    a->fs.cur += size;
    return p;
}

/* Strings need no alignment. */
static void *alloc_bytes(wf_arena *a, size_t size)
{
    struct wf_arena_free_space *fs = &a->fs;
    if (fs->cur && size <= (size_t)(fs->end - fs->cur)) {
        void *p = fs->cur;
        fs->cur += size;
        return p;
    }
    return wf_arena_alloc_slow(a, size, 1);
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
    char *p = alloc_bytes(a, n + 1);
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
    char *p = alloc_bytes(a, (size_t)n + 1);
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

void wf_arena_reserve(wf_arena *a, size_t bytes)
{
    if (a->fs.cur && (size_t)(a->fs.end - a->fs.cur) >= bytes)
        return;
    make_current(a, new_chunk(bytes, NULL));
}

size_t wf_arena_used(const wf_arena *a)
{
    size_t total = 0;
    for (const struct chunk *c = a->head; c; c = c->prev)
        total += c == a->head ? (size_t)(a->fs.cur - (const char *)c->data) : c->used;
    return total;
}
