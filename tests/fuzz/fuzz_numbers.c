/* libFuzzer target: number expressions and casualty figures.
 * The input is text: rasd_number_parse on all of it, then, for every sentence
 * rasd_pipeline_split finds, rasd_number_at at every token and
 * rasd_casualty_counts. Checks: no crash; the token spans rasd_number_at
 * reports stay inside the sentence; values are finite and not negative;
 * figures are -1 (none) or >= 0. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "numbers.h"
#include "text.h"

static struct rasd_pipeline *fuzz_numbers_pipeline;

static int fuzz_numbers_on_sentence(const struct rasd_sentence *s, void *ud)
{
    (void)ud;
    for (size_t i = 0; i < s->ntok; i++) {
        struct rasd_number num;
        memset(&num, 0x5a, sizeof num);
        size_t used = rasd_number_at(s->tok, s->ntok, i, &num);
        FUZZ_ASSERT(used <= s->ntok - i);
        if (used) {
            FUZZ_ASSERT(num.first >= i && num.count >= 1);
            FUZZ_ASSERT(num.first + num.count == i + used);
            FUZZ_ASSERT(isfinite(num.value) && num.value >= 0);
            FUZZ_ASSERT(num.vague == 0 || num.vague == 1);
        }
        FUZZ_ASSERT(rasd_number_at(s->tok, s->ntok, i, NULL) == used);
    }
    long killed = -7, injured = -7;
    rasd_casualty_counts(s, &killed, &injured);
    FUZZ_ASSERT(killed >= -1 && injured >= -1);
    long k2 = -7;
    rasd_casualty_counts(s, &k2, NULL); /* either pointer may be NULL */
    FUZZ_ASSERT(k2 == killed);
    return 0;
}

static int fuzz_numbers_one(const uint8_t *data, size_t size)
{
    struct rasd_error e = {0};
    if (!fuzz_numbers_pipeline) {
        fuzz_numbers_pipeline = rasd_pipeline_new(RASD_TEXT_DEFAULT, &e);
        FUZZ_ASSERT(fuzz_numbers_pipeline != NULL);
    }
    struct rasd_pipeline *p = fuzz_numbers_pipeline;
    const char *text = (const char *)data;
    double value = -1;
    int vague = -1;
    int rc = rasd_number_parse(p, text, size, &value, &vague, &e);
    FUZZ_ASSERT(rc == 0 || rc == 1);
    if (rc == 1)
        FUZZ_ASSERT(isfinite(value) && value >= 0 && (vague == 0 || vague == 1));
    rc = rasd_pipeline_split(p, text, size, fuzz_numbers_on_sentence, NULL, &e);
    FUZZ_ASSERT(rc == 0);
    return 0;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_numbers_one(data, size);
}
#endif
