/* Benchmark of the text pipeline alone (DESIGN.md steps 1-4: UTF-8 check,
 * UTF-16, NFKC, Arabic folding, sentences, tokens, stems), without model,
 * features or output formatting. scripts/bench builds and runs it:
 *
 *   bench_pipeline FILE [REPEAT]
 *
 * The file is read into memory first (not timed), then handed to
 * rasd_pipeline_split in pieces of about 64 KiB ending at a line break, as
 * `rasd classify` batches its input. Prints one line of `key=value` figures:
 * bytes, sentences, tokens, seconds (the median of REPEAT passes, default 1,
 * CLOCK_MONOTONIC around the splitting only), mb_s and sent_s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

#define PIECE (64u << 10)

struct count {
    long sentences, tokens;
};

static int on_sentence(const struct rasd_sentence *s, void *ud)
{
    struct count *c = ud;
    c->sentences++;
    c->tokens += (long)s->ntok;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1u << 20, len = 0;
    char *buf = malloc(cap);
    int bad = buf == NULL;
    while (!bad) {
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                bad = 1;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + len, 1, cap - len, fp);
        len += k;
        if (k == 0)
            break;
    }
    if (ferror(fp))
        bad = 1;
    fclose(fp);
    if (bad) {
        free(buf);
        return NULL;
    }
    *n = len;
    return buf;
}

/* One pass over the whole text; returns 0 or a negative code. */
static int pass(struct rasd_pipeline *p, const char *text, size_t n, struct count *c,
                struct rasd_error *e)
{
    size_t off = 0;
    while (off < n) {
        size_t end = off + PIECE < n ? off + PIECE : n;
        if (end < n) {
            const char *nl = memchr(text + end, '\n', n - end);
            end = nl ? (size_t)(nl - text) + 1 : n;
        }
        int rc = rasd_pipeline_split(p, text + off, end - off, on_sentence, c, e);
        if (rc)
            return rc;
        off = end;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_pipeline FILE [REPEAT]\n");
        return 2;
    }
    int repeat = argc == 3 ? atoi(argv[2]) : 1;
    if (repeat < 1 || repeat > 100) {
        fprintf(stderr, "bench_pipeline: bad REPEAT '%s' (1 to 100)\n", argv[2]);
        return 2;
    }
    size_t n;
    char *text = slurp(argv[1], &n);
    if (!text) {
        perror(argv[1]);
        return 1;
    }
    struct rasd_error e = {0};
    struct rasd_pipeline *p = rasd_pipeline_new(RASD_TEXT_DEFAULT, &e);
    if (!p) {
        char msg[1200];
        rasd_error_format(&e, msg, sizeof msg);
        fprintf(stderr, "bench_pipeline: %s\n", msg);
        free(text);
        return 1;
    }
    double secs[100] = {0};
    struct count c = {0, 0};
    int status = 0;
    for (int r = 0; r < repeat; r++) {
        c.sentences = c.tokens = 0;
        double t0 = now();
        int rc = pass(p, text, n, &c, &e);
        secs[r] = now() - t0;
        if (rc) {
            char msg[1200];
            rasd_error_format(&e, msg, sizeof msg);
            fprintf(stderr, "bench_pipeline: %s: %s\n", rasd_strerror(rc), msg);
            status = 1;
            break;
        }
    }
    if (status == 0) {
        qsort(secs, (size_t)repeat, sizeof *secs, cmp_double);
        double med = repeat % 2 ? secs[repeat / 2]
                                : (secs[repeat / 2 - 1] + secs[repeat / 2]) / 2;
        printf("bytes=%zu sentences=%ld tokens=%ld seconds=%.4f mb_s=%.2f sent_s=%.0f\n", n,
               c.sentences, c.tokens, med, (double)n / 1e6 / med, (double)c.sentences / med);
    }
    rasd_pipeline_free(p);
    free(text);
    return status;
}
