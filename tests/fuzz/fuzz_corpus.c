/* libFuzzer target: the labelled-corpus reader on arbitrary bytes.
 * The first byte chooses --skip-bad (bit 0) and how often the stream is read
 * again into the same corpus (bit 1: twice, so ids repeat across "files").
 * Checks: no crash or leak; every sentence kept has a non-empty id and text,
 * valid UTF-8, known labels and a line number; an error names a line. */
#include <string.h>

#include "corpus.h"
#include "fuzz_common.h"
#include "labels.h"

static void fuzz_corpus_warn(const struct rasd_error *e, void *ud)
{
    long *n = ud;
    FUZZ_ASSERT(e->code == RASD_EFORMAT && e->line > 0 && e->msg[0]);
    (*n)++;
}

static int fuzz_corpus_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int skip_bad = data[0] & 1, twice = (data[0] >> 1) & 1;
    struct rasd_corpus c;
    rasd_corpus_init(&c);
    long warned = 0;
    for (int round = 0; round <= twice; round++) {
        FILE *fp = fuzz_open_mem(data + 1, size - 1);
        if (!fp)
            break;
        struct rasd_error e = {0};
        int rc = rasd_corpus_read(&c, fp, round ? "b.tsv" : "a.tsv", skip_bad, fuzz_corpus_warn,
                                  &warned, &e);
        fclose(fp);
        if (rc) {
            FUZZ_ASSERT(rc < 0 && e.code == rc && e.file[0] && e.msg[0]);
            FUZZ_ASSERT(rc == RASD_EFORMAT ? e.line > 0 : 1);
            break;
        }
    }
    FUZZ_ASSERT(warned == c.skipped);
    for (size_t i = 0; i < c.n; i++) {
        const struct rasd_example *x = &c.ex[i];
        FUZZ_ASSERT(x->id && x->id[0] && x->text && x->text[0]);
        FUZZ_ASSERT(fuzz_valid_utf8(x->id, strlen(x->id)));
        FUZZ_ASSERT(fuzz_valid_utf8(x->text, strlen(x->text)));
        FUZZ_ASSERT(x->labels < (1u << RASD_NLABELS));
        FUZZ_ASSERT(x->line > 0 && x->file >= 0 && (size_t)x->file < c.nfiles);
    }
    rasd_corpus_release(&c);
    return 0;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_corpus_one(data, size);
}
#endif
