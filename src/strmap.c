#include "strmap.h"

#include <string.h>

#include "alloc.h"

uint64_t rasd_hash(const void *s, size_t n)
{
    const uint8_t *p = s; /* unsigned: Arabic UTF-8 bytes are >= 0x80 */
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void rasd_strmap_init(struct rasd_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void rasd_strmap_release(struct rasd_strmap *m)
{
    rasd_free(m->slots);
    rasd_free(m->arena);
    memset(m, 0, sizeof *m);
}

void rasd_strmap_clear(struct rasd_strmap *m)
{
    if (m->slots)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->count = 0;
    m->arena_len = 0;
}

static struct rasd_strmap_slot *find(const struct rasd_strmap *m, const char *key, size_t len,
                                     uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct rasd_strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len &&
                        memcmp(m->arena + s->key - 1, key, len) == 0))
            return s;
    }
}

int64_t *rasd_strmap_get(const struct rasd_strmap *m, const char *key, size_t len)
{
    if (!m->count)
        return NULL;
    struct rasd_strmap_slot *s = find(m, key, len, rasd_hash(key, len));
    return s->key ? &s->value : NULL;
}

static int rehash(struct rasd_strmap *m, size_t ncap)
{
    struct rasd_strmap_slot *old = m->slots, *ns = rasd_calloc(ncap, sizeof *ns);
    if (!ns)
        return -1;
    size_t ocap = m->cap;
    m->slots = ns;
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].key)
            continue;
        size_t mask = ncap - 1, j = (size_t)old[i].hash & mask;
        while (ns[j].key)
            j = (j + 1) & mask;
        ns[j] = old[i];
    }
    rasd_free(old);
    return 0;
}

int64_t *rasd_strmap_put(struct rasd_strmap *m, const char *key, size_t len, int64_t init,
                         int *added)
{
    if (added)
        *added = 0;
    if ((m->count + 1) * 4 >= m->cap * 3 && rehash(m, m->cap ? m->cap * 2 : 64))
        return NULL;
    uint64_t h = rasd_hash(key, len);
    struct rasd_strmap_slot *s = find(m, key, len, h);
    if (s->key)
        return &s->value;
    if (m->arena_len + len + 1 > m->arena_cap) {
        size_t nc = m->arena_cap ? m->arena_cap : 4096;
        while (nc < m->arena_len + len + 1)
            nc *= 2;
        if (nc > UINT32_MAX)
            return NULL;
        char *na = rasd_realloc(m->arena, nc);
        if (!na)
            return NULL;
        m->arena = na;
        m->arena_cap = nc;
    }
    memcpy(m->arena + m->arena_len, key, len);
    m->arena[m->arena_len + len] = '\0';
    s->key = (uint32_t)m->arena_len + 1;
    s->len = (uint32_t)len;
    s->hash = h;
    s->value = init;
    m->arena_len += len + 1;
    m->count++;
    if (added)
        *added = 1;
    return &s->value;
}
