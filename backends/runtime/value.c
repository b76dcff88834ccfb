/*
 * value.c - the values of libwfrt (wfrt.h): reference-counted strings,
 * bytes, lists and maps, copy on write, equality, type names and the memory
 * a value counts against the limit of an execution.
 *
 * Objects never change once two owners can see them, so sharing needs no
 * locks: only the reference counts are atomic. A function that modifies a
 * container first makes the caller's reference the only one (unique()),
 * copying the container shallowly when it is shared. Releasing, comparing
 * and measuring walk nested values with explicit stacks, never recursion: a
 * loop of `x: ${[x]}` nests as deep as the step limit allows.
 *
 * Operators live in ops.c, JSON in json.c, errors in error.c.
 */
#include "config.h"

#include "backends/runtime/core.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation ---- */

static void out_of_memory(void)
{
    fputs("wfrt: out of memory\n", stderr);
    exit(2);
}

void *wfrt_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *wfrt_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

/* n * size, ending the process when it overflows. */
static size_t mul_size(size_t n, size_t size)
{
    size_t r;
    if (__builtin_mul_overflow(n, size, &r))
        out_of_memory();
    return r;
}

static wfrt_val obj_val(wfrt_type type, void *o)
{
    wfrt_val v = {type, {.o = o}};
    return v;
}

static void obj_init(struct wfrt_obj *o, wfrt_type type)
{
    o->refs = 1;
    o->type = (uint8_t)type;
}

/* The size a list or map remembers (core.h), 0 while unknown. */
static size_t *size_field(struct wfrt_obj *o)
{
    return o->type == WFRT_LIST ? &((struct wfrt_list *)o)->size : &((struct wfrt_map *)o)->size;
}

static size_t size_get(struct wfrt_obj *o)
{
    return __atomic_load_n(size_field(o), __ATOMIC_RELAXED);
}

static void size_put(struct wfrt_obj *o, size_t size)
{
    __atomic_store_n(size_field(o), size, __ATOMIC_RELAXED);
}

/* A change of a container whose contents gain `added` and lose `removed`
 * (absent: nothing), made when its size is known. */
static void size_change(struct wfrt_obj *o, wfrt_val added, wfrt_val removed)
{
    size_t s = size_get(o);
    if (s)
        size_put(o, s + wfrt_size_of(added) - wfrt_size_of(removed));
}

void wfrt_size_known(wfrt_val v, size_t size)
{
    assert(v.type == WFRT_LIST || v.type == WFRT_MAP);
    size_put(v.u.o, size);
}

/* ---- strings and bytes ---- */

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static struct wfrt_str *str_alloc(wfrt_type type, size_t len)
{
    if (len > SIZE_MAX - sizeof(struct wfrt_str) - 1)
        out_of_memory();
    struct wfrt_str *s = wfrt_xmalloc(sizeof *s + len + 1);
    obj_init(&s->h, type);
    s->len = len;
    s->chars = 0;
    s->data[len] = '\0';
    return s;
}

wfrt_val wfrt_string_alloc(size_t len)
{
    return obj_val(WFRT_STRING, str_alloc(WFRT_STRING, len));
}

void wfrt_str_finish(wfrt_val s)
{
    struct wfrt_str *p = wfrt_as_str(s);
    p->data[p->len] = '\0';
    p->chars = count_chars(p->data, p->len);
}

wfrt_val wfrt_string(const char *s, size_t len)
{
    struct wfrt_str *p = str_alloc(WFRT_STRING, len);
    if (len)
        memcpy(p->data, s, len);
    p->chars = count_chars(p->data, len);
    return obj_val(WFRT_STRING, p);
}

wfrt_val wfrt_string_cstr(const char *s)
{
    return wfrt_string(s, strlen(s));
}

wfrt_val wfrt_string_vprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0; /* an encoding error: an empty string rather than garbage */
    wfrt_val s = wfrt_string_alloc((size_t)n);
    if (n > 0)
        vsnprintf(wfrt_as_str(s)->data, (size_t)n + 1, fmt, ap);
    wfrt_str_finish(s);
    return s;
}

wfrt_val wfrt_string_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wfrt_val s = wfrt_string_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

wfrt_val wfrt_bytes(const void *p, size_t len)
{
    struct wfrt_str *s = str_alloc(WFRT_BYTES, len);
    if (len)
        memcpy(s->data, p, len);
    return obj_val(WFRT_BYTES, s);
}

const char *wfrt_str_data(wfrt_val s)
{
    assert(s.type == WFRT_STRING || s.type == WFRT_BYTES);
    return wfrt_as_str(s)->data;
}

size_t wfrt_str_len(wfrt_val s)
{
    assert(s.type == WFRT_STRING || s.type == WFRT_BYTES);
    return wfrt_as_str(s)->len;
}

size_t wfrt_str_chars(wfrt_val s)
{
    assert(s.type == WFRT_STRING);
    return wfrt_as_str(s)->chars;
}

/* ---- reference counts ---- */

wfrt_val wfrt_retain(wfrt_val v)
{
    if (wfrt_is_obj(v))
        __atomic_add_fetch(&v.u.o->refs, 1, __ATOMIC_RELAXED);
    return v;
}

static bool shared(const struct wfrt_obj *o)
{
    return __atomic_load_n(&o->refs, __ATOMIC_ACQUIRE) > 1;
}

/* Drops one reference to `o`. A string dies at once; a container that
 * dies goes on the stack `*dead`, for the caller to free its contents. */
static void obj_put(struct wfrt_obj *o, struct wfrt_obj **dead)
{
    if (__atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    if (o->type == WFRT_LIST) {
        ((struct wfrt_list *)o)->u.next_dead = *dead;
        *dead = o;
    } else if (o->type == WFRT_MAP) {
        ((struct wfrt_map *)o)->u.next_dead = *dead;
        *dead = o;
    } else {
        free(o);
    }
}

static void val_put(wfrt_val v, struct wfrt_obj **dead)
{
    if (wfrt_is_obj(v))
        obj_put(v.u.o, dead);
}

static void free_dead(struct wfrt_obj *o, struct wfrt_obj **dead)
{
    if (o->type == WFRT_LIST) {
        struct wfrt_list *l = (struct wfrt_list *)o;
        *dead = l->u.next_dead;
        for (size_t i = 0; i < l->len; i++)
            val_put(l->items[i], dead);
        free(l->items);
    } else {
        struct wfrt_map *m = (struct wfrt_map *)o;
        *dead = m->u.next_dead;
        for (size_t i = 0; i < m->len; i++) {
            val_put(m->entries[i].key, dead);
            val_put(m->entries[i].val, dead);
        }
        free(m->entries);
        free(m->index);
    }
    free(o);
}

void wfrt_release(wfrt_val v)
{
    if (!wfrt_is_obj(v))
        return;
    struct wfrt_obj *dead = NULL;
    obj_put(v.u.o, &dead);
    while (dead)
        free_dead(dead, &dead);
}

/* ---- lists ---- */

wfrt_val wfrt_list_new(size_t cap)
{
    struct wfrt_list *l = wfrt_xmalloc(sizeof *l);
    obj_init(&l->h, WFRT_LIST);
    l->len = 0;
    l->size = 0;
    l->u.cap = cap;
    l->items = cap ? wfrt_xmalloc(mul_size(cap, sizeof(wfrt_val))) : NULL;
    return obj_val(WFRT_LIST, l);
}

size_t wfrt_list_len(wfrt_val l)
{
    assert(l.type == WFRT_LIST);
    return wfrt_as_list(l)->len;
}

wfrt_val wfrt_list_at(wfrt_val l, size_t i)
{
    assert(l.type == WFRT_LIST && i < wfrt_as_list(l)->len);
    return wfrt_as_list(l)->items[i];
}

/* Makes *l the only reference to its list, copying a shared one with room
 * for `extra` more items. */
static struct wfrt_list *list_unique(wfrt_val *l, size_t extra)
{
    assert(l->type == WFRT_LIST);
    struct wfrt_list *old = wfrt_as_list(*l);
    if (!shared(&old->h))
        return old;
    wfrt_val copy = wfrt_list_new(old->len + extra);
    struct wfrt_list *c = wfrt_as_list(copy);
    for (size_t i = 0; i < old->len; i++)
        c->items[i] = wfrt_retain(old->items[i]);
    c->len = old->len;
    c->size = size_get(&old->h);
    wfrt_release(*l);
    *l = copy;
    return c;
}

void wfrt_list_push(wfrt_val *l, wfrt_val item)
{
    struct wfrt_list *p = list_unique(l, 1);
    if (p->len == p->u.cap) {
        size_t cap = p->u.cap < 4 ? 4 : mul_size(p->u.cap, 2);
        p->items = wfrt_xrealloc(p->items, mul_size(cap, sizeof(wfrt_val)));
        p->u.cap = cap;
    }
    size_change(&p->h, item, wfrt_absent());
    p->items[p->len++] = item;
}

void wfrt_list_set(wfrt_val *l, size_t i, wfrt_val item)
{
    struct wfrt_list *p = list_unique(l, 0);
    assert(i < p->len);
    wfrt_val old = p->items[i];
    size_change(&p->h, item, old);
    p->items[i] = item;
    wfrt_release(old);
}

wfrt_val *wfrt_list_slot(wfrt_val *l, size_t i)
{
    struct wfrt_list *p = list_unique(l, 0);
    assert(i < p->len);
    size_put(&p->h, 0); /* the caller may change the item */
    return &p->items[i];
}

/* ---- maps ---- */

uint32_t wfrt_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

wfrt_val wfrt_map_new(size_t cap)
{
    struct wfrt_map *m = wfrt_xmalloc(sizeof *m);
    obj_init(&m->h, WFRT_MAP);
    m->len = 0;
    m->size = 0;
    m->u.cap = cap;
    m->entries = cap ? wfrt_xmalloc(mul_size(cap, sizeof(struct wfrt_entry))) : NULL;
    m->index = NULL;
    m->nindex = 0;
    return obj_val(WFRT_MAP, m);
}

size_t wfrt_map_len(wfrt_val m)
{
    assert(m.type == WFRT_MAP);
    return wfrt_as_map(m)->len;
}

wfrt_val wfrt_map_key_at(wfrt_val m, size_t i)
{
    assert(m.type == WFRT_MAP && i < wfrt_as_map(m)->len);
    return wfrt_as_map(m)->entries[i].key;
}

wfrt_val wfrt_map_value_at(wfrt_val m, size_t i)
{
    assert(m.type == WFRT_MAP && i < wfrt_as_map(m)->len);
    return wfrt_as_map(m)->entries[i].val;
}

static bool key_is(const struct wfrt_entry *e, const char *key, size_t len, uint32_t hash)
{
    const struct wfrt_str *k = wfrt_as_str(e->key);
    return e->hash == hash && k->len == len && (len == 0 || memcmp(k->data, key, len) == 0);
}

/* The position of `key` in m's entries, or -1. */
static ptrdiff_t map_pos(const struct wfrt_map *m, const char *key, size_t len, uint32_t hash)
{
    if (!m->index) {
        for (size_t i = 0; i < m->len; i++)
            if (key_is(&m->entries[i], key, len, hash))
                return (ptrdiff_t)i;
        return -1;
    }
    size_t mask = m->nindex - 1;
    for (size_t s = hash & mask; m->index[s]; s = (s + 1) & mask) {
        size_t i = m->index[s] - 1;
        if (key_is(&m->entries[i], key, len, hash))
            return (ptrdiff_t)i;
    }
    return -1;
}

static void index_put(struct wfrt_map *m, size_t i)
{
    size_t mask = m->nindex - 1, s = m->entries[i].hash & mask;
    while (m->index[s])
        s = (s + 1) & mask;
    m->index[s] = (uint32_t)(i + 1);
}

/* Rebuilds the index for the current entries (none for a small map). */
static void index_rebuild(struct wfrt_map *m)
{
    free(m->index);
    m->index = NULL;
    m->nindex = 0;
    if (m->len <= WFRT_MAP_LINEAR)
        return;
    if (m->len >= UINT32_MAX / 4)
        out_of_memory();
    size_t n = 16;
    while (n < m->len * 2)
        n *= 2;
    m->index = calloc(n, sizeof *m->index);
    if (!m->index)
        out_of_memory();
    m->nindex = n;
    for (size_t i = 0; i < m->len; i++)
        index_put(m, i);
}

const wfrt_val *wfrt_map_find(wfrt_val m, const char *key, size_t len)
{
    assert(m.type == WFRT_MAP);
    const struct wfrt_map *p = wfrt_as_map(m);
    ptrdiff_t i = map_pos(p, key, len, wfrt_hash(key, len));
    return i < 0 ? NULL : &p->entries[i].val;
}

static struct wfrt_map *map_unique(wfrt_val *m, size_t extra)
{
    assert(m->type == WFRT_MAP);
    struct wfrt_map *old = wfrt_as_map(*m);
    if (!shared(&old->h))
        return old;
    wfrt_val copy = wfrt_map_new(old->len + extra);
    struct wfrt_map *c = wfrt_as_map(copy);
    for (size_t i = 0; i < old->len; i++) {
        c->entries[i].key = wfrt_retain(old->entries[i].key);
        c->entries[i].val = wfrt_retain(old->entries[i].val);
        c->entries[i].hash = old->entries[i].hash;
    }
    c->len = old->len;
    c->size = size_get(&old->h);
    if (old->index) {
        c->index = wfrt_xmalloc(mul_size(old->nindex, sizeof *old->index));
        memcpy(c->index, old->index, old->nindex * sizeof *old->index);
        c->nindex = old->nindex;
    }
    wfrt_release(*m);
    *m = copy;
    return c;
}

void wfrt_map_set(wfrt_val *m, wfrt_val key, wfrt_val v)
{
    assert(key.type == WFRT_STRING);
    struct wfrt_map *p = map_unique(m, 1);
    const struct wfrt_str *k = wfrt_as_str(key);
    uint32_t hash = wfrt_hash(k->data, k->len);
    ptrdiff_t i = map_pos(p, k->data, k->len, hash);
    if (i >= 0) {
        wfrt_val old = p->entries[i].val;
        size_change(&p->h, v, old);
        p->entries[i].val = v;
        wfrt_release(old);
        wfrt_release(key);
        return;
    }
    if (p->len == p->u.cap) {
        size_t cap = p->u.cap < 4 ? 4 : mul_size(p->u.cap, 2);
        p->entries = wfrt_xrealloc(p->entries, mul_size(cap, sizeof(struct wfrt_entry)));
        p->u.cap = cap;
    }
    size_change(&p->h, key, wfrt_absent());
    size_change(&p->h, v, wfrt_absent());
    size_t n = p->len++;
    p->entries[n].key = key;
    p->entries[n].val = v;
    p->entries[n].hash = hash;
    if (p->index && p->len * 2 <= p->nindex)
        index_put(p, n);
    else if (p->len > WFRT_MAP_LINEAR)
        index_rebuild(p);
}

wfrt_val *wfrt_map_slot(wfrt_val *m, const char *key, size_t len)
{
    assert(m->type == WFRT_MAP);
    ptrdiff_t i = map_pos(wfrt_as_map(*m), key, len, wfrt_hash(key, len));
    if (i < 0)
        return NULL;
    struct wfrt_map *p = map_unique(m, 0);
    size_put(&p->h, 0); /* the caller may change the value */
    return &p->entries[i].val;
}

bool wfrt_map_remove(wfrt_val *m, const char *key, size_t len)
{
    assert(m->type == WFRT_MAP);
    uint32_t hash = wfrt_hash(key, len);
    if (map_pos(wfrt_as_map(*m), key, len, hash) < 0)
        return false;
    struct wfrt_map *p = map_unique(m, 0);
    size_t i = (size_t)map_pos(p, key, len, hash);
    wfrt_val k = p->entries[i].key, v = p->entries[i].val;
    size_change(&p->h, wfrt_absent(), k);
    size_change(&p->h, wfrt_absent(), v);
    memmove(&p->entries[i], &p->entries[i + 1], (p->len - i - 1) * sizeof p->entries[0]);
    p->len--;
    if (p->index)
        index_rebuild(p);
    wfrt_release(k);
    wfrt_release(v);
    return true;
}

/* ---- equality ---- */

int wfrt_cmp_int_double(int64_t i, double d)
{
    if (d != d)
        return 2;
    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    /* d is within int64 range: compare its integral part exactly, then the
     * fraction decides a tie. */
    int64_t t = (int64_t)d;
    if (i != t)
        return i < t ? -1 : 1;
    double frac = d - (double)t;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

/* 1: equal, 0: not, 2: two non-empty containers of the same kind and size
 * whose contents decide. */
static int eq_shallow(wfrt_val a, wfrt_val b)
{
    if (a.type != b.type) {
        if (a.type == WFRT_INT && b.type == WFRT_DOUBLE)
            return wfrt_cmp_int_double(a.u.i, b.u.d) == 0;
        if (a.type == WFRT_DOUBLE && b.type == WFRT_INT)
            return wfrt_cmp_int_double(b.u.i, a.u.d) == 0;
        return 0;
    }
    switch (a.type) {
    case WFRT_NULL:
    case WFRT_ABSENT:
        return 1;
    case WFRT_BOOL:
        return a.u.b == b.u.b;
    case WFRT_INT:
        return a.u.i == b.u.i;
    case WFRT_DOUBLE:
        return a.u.d == b.u.d;
    case WFRT_STRING:
    case WFRT_BYTES: {
        const struct wfrt_str *x = wfrt_as_str(a), *y = wfrt_as_str(b);
        return x == y || (x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
    }
    case WFRT_LIST:
        if (a.u.o == b.u.o)
            return 1;
        if (wfrt_as_list(a)->len != wfrt_as_list(b)->len)
            return 0;
        return wfrt_as_list(a)->len ? 2 : 1;
    case WFRT_MAP:
        if (a.u.o == b.u.o)
            return 1;
        if (wfrt_as_map(a)->len != wfrt_as_map(b)->len)
            return 0;
        return wfrt_as_map(a)->len ? 2 : 1;
    }
    return 0;
}

/* A stack of pairs of containers being compared, or of containers being
 * measured (b unused), with the position reached in each. */
struct frame {
    wfrt_val a, b;
    size_t i;
    size_t sum; /* measuring: the size of a's items so far, plus 8 */
};

struct stack {
    struct frame *f;
    size_t n, cap;
    struct frame small[32];
};

static void stack_init(struct stack *s)
{
    s->f = s->small;
    s->n = 0;
    s->cap = sizeof s->small / sizeof s->small[0];
}

static void stack_push(struct stack *s, wfrt_val a, wfrt_val b)
{
    if (s->n == s->cap) {
        size_t cap = mul_size(s->cap, 2);
        if (s->f == s->small) {
            s->f = wfrt_xmalloc(mul_size(cap, sizeof *s->f));
            memcpy(s->f, s->small, sizeof s->small);
        } else {
            s->f = wfrt_xrealloc(s->f, mul_size(cap, sizeof *s->f));
        }
        s->cap = cap;
    }
    s->f[s->n].a = a;
    s->f[s->n].b = b;
    s->f[s->n].i = 0;
    s->f[s->n].sum = 8;
    s->n++;
}

static void stack_free(struct stack *s)
{
    if (s->f != s->small)
        free(s->f);
}

static size_t container_len(wfrt_val v)
{
    return v.type == WFRT_LIST ? wfrt_as_list(v)->len : wfrt_as_map(v)->len;
}

bool wfrt_equal(wfrt_val a, wfrt_val b)
{
    int r = eq_shallow(a, b);
    if (r != 2)
        return r;
    struct stack s;
    stack_init(&s);
    stack_push(&s, a, b);
    bool equal = true;
    while (s.n) {
        struct frame *f = &s.f[s.n - 1];
        if (f->i == container_len(f->a)) {
            s.n--;
            continue;
        }
        size_t i = f->i++;
        wfrt_val x, y;
        if (f->a.type == WFRT_LIST) {
            x = wfrt_as_list(f->a)->items[i];
            y = wfrt_as_list(f->b)->items[i];
        } else {
            const struct wfrt_entry *e = &wfrt_as_map(f->a)->entries[i];
            const struct wfrt_str *k = wfrt_as_str(e->key);
            const struct wfrt_map *mb = wfrt_as_map(f->b);
            ptrdiff_t j = map_pos(mb, k->data, k->len, e->hash);
            if (j < 0) {
                equal = false;
                break;
            }
            x = e->val;
            y = mb->entries[j].val;
        }
        r = eq_shallow(x, y);
        if (r == 0) {
            equal = false;
            break;
        }
        if (r == 2)
            stack_push(&s, x, y);
    }
    stack_free(&s);
    return equal;
}

/* ---- names and sizes ---- */

const char *wfrt_type_name(wfrt_val v)
{
    switch (v.type) {
    case WFRT_NULL:
        return "null";
    case WFRT_BOOL:
        return "boolean";
    case WFRT_INT:
        return "integer";
    case WFRT_DOUBLE:
        return "double";
    case WFRT_STRING:
        return "string";
    case WFRT_BYTES:
        return "bytes";
    case WFRT_LIST:
        return "list";
    case WFRT_MAP:
        return "map";
    case WFRT_ABSENT:
        return "absent";
    }
    return "unknown";
}

const char *wfrt_type_phrase(wfrt_val v)
{
    switch (v.type) {
    case WFRT_BOOL:
        return "a boolean";
    case WFRT_INT:
        return "an integer";
    case WFRT_DOUBLE:
        return "a double";
    case WFRT_STRING:
        return "a string";
    case WFRT_LIST:
        return "a list";
    case WFRT_MAP:
        return "a map";
    default:
        return wfrt_type_name(v); /* null, bytes */
    }
}

/* The size of a value that is not a list or a map; 0 for absent (a
 * variable not assigned counts nothing). */
static size_t size_shallow(wfrt_val v)
{
    if (v.type == WFRT_STRING || v.type == WFRT_BYTES)
        return 8 + wfrt_as_str(v)->len;
    return v.type == WFRT_ABSENT ? 0 : 8;
}

/* Measures the containers without a known size from the inside out,
 * remembering the size of each. */
size_t wfrt_size_of(wfrt_val v)
{
    if (v.type != WFRT_LIST && v.type != WFRT_MAP)
        return size_shallow(v);
    size_t known = size_get(v.u.o), total = 0;
    if (known)
        return known;
    struct stack s;
    stack_init(&s);
    stack_push(&s, v, wfrt_null());
    while (s.n) {
        struct frame *f = &s.f[s.n - 1];
        if (f->i == container_len(f->a)) {
            total = f->sum;
            size_put(f->a.u.o, total);
            if (--s.n)
                s.f[s.n - 1].sum += total;
            continue;
        }
        size_t i = f->i++;
        wfrt_val x;
        if (f->a.type == WFRT_LIST) {
            x = wfrt_as_list(f->a)->items[i];
        } else {
            f->sum += size_shallow(wfrt_as_map(f->a)->entries[i].key);
            x = wfrt_as_map(f->a)->entries[i].val;
        }
        if (x.type != WFRT_LIST && x.type != WFRT_MAP)
            f->sum += size_shallow(x);
        else if ((known = size_get(x.u.o)) != 0)
            f->sum += known;
        else
            stack_push(&s, x, wfrt_null());
    }
    stack_free(&s);
    return total;
}
