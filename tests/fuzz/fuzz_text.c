/* libFuzzer target: arbitrary bytes through the text pipeline.
 * The first byte picks the pipeline steps (RASD_* flags); the rest is the
 * text, given to rasd_pipeline_split, rasd_pipeline_analyze, rasd_normalize
 * and rasd_stem. Checks: no crash, every sentence and token is valid UTF-8
 * with the lengths it claims, nothing empty is handed out. */
#include <string.h>

#include "fuzz_common.h"
#include "text.h"

static struct rasd_pipeline *fuzz_text_pipelines[RASD_TEXT_DEFAULT + 1];

static void fuzz_text_check(const struct rasd_sentence *s)
{
    FUZZ_ASSERT(s->text && s->norm && (s->ntok == 0 || s->tok));
    FUZZ_ASSERT(strlen(s->text) == s->text_len);
    FUZZ_ASSERT(strlen(s->norm) == s->norm_len);
    FUZZ_ASSERT(fuzz_valid_utf8(s->text, s->text_len));
    FUZZ_ASSERT(fuzz_valid_utf8(s->norm, s->norm_len));
    for (size_t i = 0; i < s->ntok; i++) {
        const struct rasd_token *t = &s->tok[i];
        FUZZ_ASSERT(t->norm && t->norm_len > 0 && strlen(t->norm) == t->norm_len);
        FUZZ_ASSERT(fuzz_valid_utf8(t->norm, t->norm_len));
        if (t->stem) {
            FUZZ_ASSERT(strlen(t->stem) == t->stem_len && t->stem_len <= t->norm_len);
            FUZZ_ASSERT(fuzz_valid_utf8(t->stem, t->stem_len));
        }
    }
}

static int fuzz_text_on_sentence(const struct rasd_sentence *s, void *ud)
{
    size_t *n = ud;
    FUZZ_ASSERT(s->text_len > 0); /* empty sentences are skipped */
    fuzz_text_check(s);
    (*n)++;
    return 0;
}

static int fuzz_text_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0] & RASD_TEXT_DEFAULT;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    struct rasd_error e = {0};
    struct rasd_pipeline *p = fuzz_text_pipelines[flags];
    if (!p) {
        p = fuzz_text_pipelines[flags] = rasd_pipeline_new(flags, &e);
        FUZZ_ASSERT(p != NULL);
    }
    size_t count = 0;
    int rc = rasd_pipeline_split(p, text, n, fuzz_text_on_sentence, &count, &e);
    FUZZ_ASSERT(rc == 0);

    struct rasd_sentence s;
    rasd_pipeline_reset_replaced(p);
    rc = rasd_pipeline_analyze(p, text, n, &s, &e);
    FUZZ_ASSERT(rc == 0);
    fuzz_text_check(&s);
    if (!memchr(text, 0, n) && fuzz_valid_utf8(text, n))
        FUZZ_ASSERT(rasd_pipeline_replaced(p) == 0);

    char out[4096];
    long nl = rasd_normalize(p, text, n, out, sizeof out, &e);
    FUZZ_ASSERT(nl >= 0 || nl == RASD_EINVAL); /* EINVAL: the output does not fit */
    if (nl >= 0)
        FUZZ_ASSERT(strlen(out) == (size_t)nl && fuzz_valid_utf8(out, (size_t)nl));

    char stem[256];
    size_t sl = rasd_stem(text, n < 200 ? n : 200, stem, sizeof stem);
    FUZZ_ASSERT(sl < sizeof stem && stem[sl] == '\0');
    (void)rasd_is_stopword(text, n);
    return 0;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_text_one(data, size);
}
#endif
