/* libFuzzer target: the classified-records reader (src/records.h, the input
 * of `rasd stats`) on arbitrary bytes. Checks: no crash or leak; every record
 * has a non-empty doc, a sentence number >= 0, probabilities in [0, 1], known
 * labels, figures -1 or >= 0; an error names the line. */
#include <string.h>

#include "fuzz_common.h"
#include "records.h"

static int fuzz_records_one(const uint8_t *data, size_t size)
{
    FILE *fp = fuzz_open_mem(data, size);
    if (!fp)
        return 0;
    struct rasd_records r;
    struct rasd_record rec;
    struct rasd_error e = {0};
    int rc = rasd_records_init(&r, fp, "fuzz.jsonl", &e);
    FUZZ_ASSERT(rc == 0);
    long n = 0;
    while ((rc = rasd_records_next(&r, &rec, &e)) > 0) {
        FUZZ_ASSERT(rec.doc && rec.doc[0] && rec.date && rec.source);
        FUZZ_ASSERT(rec.sent >= 0 && rec.labels < (1u << RASD_NLABELS));
        for (int l = 0; l < RASD_NLABELS; l++)
            FUZZ_ASSERT(rec.p[l] >= 0 && rec.p[l] <= 1);
        FUZZ_ASSERT(rec.killed >= -1 && rec.injured >= -1);
        n++;
    }
    if (rc < 0)
        FUZZ_ASSERT(e.code == rc && e.line > 0 && e.msg[0] && !strcmp(e.file, "fuzz.jsonl"));
    FUZZ_ASSERT(r.records == n);
    rasd_records_release(&r);
    fclose(fp);
    return 0;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_records_one(data, size);
}
#endif
