/* Allocation seam: every allocation in the library goes through these, so a test
 * can make the Nth one fail and check that the error comes back cleanly. */
#ifndef RASD_ALLOC_H
#define RASD_ALLOC_H

#include <stddef.h>

void *rasd_malloc(size_t size);
void *rasd_calloc(size_t n, size_t size);
void *rasd_realloc(void *p, size_t size);
char *rasd_strdup(const char *s);
char *rasd_strndup(const char *s, size_t n);
void rasd_free(void *p);

/* Test hook: after `n` more successful allocations, every further one fails
 * (returns NULL) until rasd_alloc_fail_reset(). n < 0 disables the hook. */
void rasd_alloc_fail_after(long n);
void rasd_alloc_fail_reset(void);
/* Number of allocations refused since the hook was armed. */
long rasd_alloc_failures(void);

#endif
