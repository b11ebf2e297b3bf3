/* An open-addressing hash map from byte strings to a 64-bit value. Keys are
 * copied into the map's own arena. Hashing is FNV-1a over unsigned bytes. */
#ifndef RASD_STRMAP_H
#define RASD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct rasd_strmap_slot {
    uint32_t key;  /* offset of the key in the arena, +1 (0: empty slot) */
    uint32_t len;
    uint64_t hash;
    int64_t value;
};

struct rasd_strmap {
    struct rasd_strmap_slot *slots;
    size_t cap, count; /* cap is a power of two */
    char *arena;
    size_t arena_len, arena_cap;
};

uint64_t rasd_hash(const void *s, size_t n);

void rasd_strmap_init(struct rasd_strmap *m);
void rasd_strmap_release(struct rasd_strmap *m);
/* Removes every key (keeps the memory). */
void rasd_strmap_clear(struct rasd_strmap *m);
/* The value slot of key, or NULL when absent. */
int64_t *rasd_strmap_get(const struct rasd_strmap *m, const char *key, size_t len);
/* The value slot of key, inserting it with `init` when absent; NULL when out
 * of memory. *added (when not NULL) tells whether it was inserted. */
int64_t *rasd_strmap_put(struct rasd_strmap *m, const char *key, size_t len, int64_t init,
                         int *added);
/* Key bytes of a slot (for iteration over m->slots). */
static inline const char *rasd_strmap_key(const struct rasd_strmap *m,
                                          const struct rasd_strmap_slot *s)
{
    return m->arena + s->key - 1;
}

#endif
