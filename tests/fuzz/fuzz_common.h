/* Shared by the libFuzzer targets in tests/fuzz/ and the replay driver
 * tests/test_fuzz_regress.c (which includes every target with FUZZ_NO_MAIN and
 * calls each target's fuzz_*_one() on the files under tests/fuzz/regress/ and
 * tests/fuzz/seeds/). A broken invariant aborts, which libFuzzer reports as a
 * crash and the replay driver as a failed test program. */
#ifndef RASD_FUZZ_COMMON_H
#define RASD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond)                                                               \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                    \
        }                                                                               \
    } while (0)

/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF); NUL bytes are allowed. */
static inline int fuzz_valid_utf8(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        int k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
              : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (k < 0 || i + (size_t)k >= n)
            return 0;
        unsigned cp = k == 0 ? c : k == 1 ? c & 0x1F : k == 2 ? c & 0x0F : c & 0x07;
        for (int j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* A read-only stream over the fuzz input (never NULL for size 0). */
static inline FILE *fuzz_open_mem(const uint8_t *data, size_t size)
{
    static const char empty[1] = "";
    FILE *fp = size ? fmemopen((void *)data, size, "rb") : fmemopen((void *)empty, 0, "rb");
    if (!fp)
        fp = tmpfile();
    return fp;
}

#endif
