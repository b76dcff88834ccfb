/*
 * strtab.c - open addressing with linear probing, FNV-1a hashes, load factor
 * kept under 1/2. Old slot arrays stay in the arena when the table grows;
 * the waste is bounded by the final table size.
 */
#include "config.h"

#include "support/strtab.h"

#include <stdint.h>
#include <string.h>

struct slot {
    const char *str;
    size_t len;
    uint32_t hash;
};

struct wf_strtab {
    wf_arena *arena;
    struct slot *slots;
    size_t cap; /* a power of two */
    size_t count;
};

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

wf_strtab *wf_strtab_new(wf_arena *a)
{
    wf_strtab *t = wf_arena_alloc(a, sizeof *t);
    t->arena = a;
    t->cap = 256;
    t->count = 0;
    t->slots = wf_arena_array(a, t->cap, sizeof *t->slots);
    return t;
}

static void grow(wf_strtab *t)
{
    size_t cap = t->cap * 2;
    struct slot *slots = wf_arena_array(t->arena, cap, sizeof *slots);
    for (size_t i = 0; i < t->cap; i++) {
        struct slot *s = &t->slots[i];
        if (!s->str)
            continue;
        size_t j = s->hash & (cap - 1);
        while (slots[j].str)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    t->slots = slots;
    t->cap = cap;
}

const char *wf_intern(wf_strtab *t, const char *s, size_t n)
{
    uint32_t h = hash_bytes(s, n);
    size_t j = h & (t->cap - 1);
    for (;;) {
        struct slot *sl = &t->slots[j];
        if (!sl->str)
            break;
        if (sl->hash == h && sl->len == n && memcmp(sl->str, s, n) == 0)
            return sl->str;
        j = (j + 1) & (t->cap - 1);
    }
    const char *copy = wf_arena_strndup(t->arena, s, n);
    t->slots[j] = (struct slot){copy, n, h};
    if (++t->count * 2 > t->cap)
        grow(t);
    return copy;
}

const char *wf_intern_cstr(wf_strtab *t, const char *s)
{
    return wf_intern(t, s, strlen(s));
}
