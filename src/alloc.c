#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long budget = -1; /* allocations left before failing; -1: off */
static atomic_long refused;

static int refuse(void)
{
    long b = atomic_load_explicit(&budget, memory_order_relaxed);
    if (b < 0)
        return 0;
    if (b == 0) {
        atomic_fetch_add(&refused, 1);
        return 1;
    }
    atomic_fetch_sub(&budget, 1);
    return 0;
}

void *rasd_malloc(size_t size)
{
    if (refuse())
        return NULL;
    return malloc(size ? size : 1);
}

void *rasd_calloc(size_t n, size_t size)
{
    if (refuse())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *rasd_realloc(void *p, size_t size)
{
    if (refuse())
        return NULL;
    return realloc(p, size ? size : 1);
}

char *rasd_strndup(const char *s, size_t n)
{
    char *d = rasd_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *rasd_strdup(const char *s)
{
    return rasd_strndup(s, strlen(s));
}

void rasd_free(void *p)
{
    free(p);
}

void rasd_alloc_fail_after(long n)
{
    atomic_store(&refused, 0);
    atomic_store(&budget, n);
}

void rasd_alloc_fail_reset(void)
{
    atomic_store(&budget, -1);
}

long rasd_alloc_failures(void)
{
    return atomic_load(&refused);
}
