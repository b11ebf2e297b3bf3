/* A tiny test harness: CHECK macros count passes and failures, main() prints
 * "N passed, N failed" for the program and exits non-zero on any failure. */
#ifndef RASD_TEST_HARNESS_H
#define RASD_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_passed;
static int harness_failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            harness_passed++;                                                    \
        } else {                                                                 \
            harness_failed++;                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define CHECK_MSG(cond, ...)                                                     \
    do {                                                                         \
        if (cond) {                                                              \
            harness_passed++;                                                    \
        } else {                                                                 \
            harness_failed++;                                                    \
            fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);        \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
        }                                                                        \
    } while (0)

#define CHECK_INT(a, b)                                                          \
    do {                                                                         \
        long long ha_ = (long long)(a), hb_ = (long long)(b);                    \
        CHECK_MSG(ha_ == hb_, "%s == %s: got %lld, want %lld", #a, #b, ha_, hb_); \
    } while (0)

#define CHECK_STR(a, b)                                                          \
    do {                                                                         \
        const char *ha_ = (a), *hb_ = (b);                                       \
        CHECK_MSG(ha_ && hb_ && strcmp(ha_, hb_) == 0, "%s == %s: got '%s', want '%s'", \
                  #a, #b, ha_ ? ha_ : "(null)", hb_ ? hb_ : "(null)");          \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                    \
    do {                                                                         \
        double ha_ = (double)(a), hb_ = (double)(b);                             \
        CHECK_MSG(fabs(ha_ - hb_) <= (eps), "%s ~ %s: got %.12g, want %.12g", #a, #b, ha_, hb_); \
    } while (0)

#define RUN(fn)                                                                  \
    do {                                                                         \
        fn();                                                                    \
    } while (0)

/* Prints the program's tally line and returns the exit status for main(). */
static inline int harness_report(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, harness_passed, harness_failed);
    fflush(stdout);
    return harness_failed ? 1 : 0;
}

/* Splits a golden-table line in place at TABs; returns the field count.
 * Comment lines (#) and blank lines give 0. A trailing newline is removed. */
static inline int harness_fields(char *line, char **fields, int max)
{
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    if (len == 0 || line[0] == '#')
        return 0;
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Decodes the escapes a golden table may use in place: \\ \t \n \r \xNN (one raw
 * byte, for invalid UTF-8) and \uXXXX (a code point, written as UTF-8). Returns the
 * decoded length; the result is NUL-terminated but may hold NUL bytes (\x00). */
static inline size_t harness_unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (r[0] != '\\' || !r[1]) {
            *w++ = *r++;
            continue;
        }
        char c = r[1];
        if (c == 't') { *w++ = '\t'; r += 2; }
        else if (c == 'n') { *w++ = '\n'; r += 2; }
        else if (c == 'r') { *w++ = '\r'; r += 2; }
        else if (c == '\\') { *w++ = '\\'; r += 2; }
        else if (c == 'x' || c == 'u') {
            int digits = c == 'x' ? 2 : 4;
            unsigned long v = 0;
            int i;
            for (i = 0; i < digits; i++) {
                char h = r[2 + i];
                int d = (h >= '0' && h <= '9') ? h - '0'
                      : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                      : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
                if (d < 0)
                    break;
                v = v * 16 + (unsigned long)d;
            }
            if (i < digits) { *w++ = *r++; continue; }
            r += 2 + digits;
            if (c == 'x') {
                *w++ = (char)v;
            } else if (v < 0x80) {
                *w++ = (char)v;
            } else if (v < 0x800) {
                *w++ = (char)(0xC0 | (v >> 6));
                *w++ = (char)(0x80 | (v & 0x3F));
            } else {
                *w++ = (char)(0xE0 | (v >> 12));
                *w++ = (char)(0x80 | ((v >> 6) & 0x3F));
                *w++ = (char)(0x80 | (v & 0x3F));
            }
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

#endif
