/* libFuzzer target: loading a model directory whose files were damaged.
 * On first use a tiny model is trained (invented sentences, a four-term
 * lexicon) and saved in a temporary directory. For each input, byte 0 picks
 * a file - 0: rasd-model.txt, 1: vocab.tsv, 2: lexicon.tsv, 3-6: the four
 * .svm files - and the rest replaces it. For any file but the header, the
 * header's size and checksum line is rewritten to match, so the input gets
 * past the checksum to the parsers (vocabulary, lexicon, libsvm) behind it.
 * rasd_model_load must then fail cleanly (RASD_EMODEL or RASD_ENOMEM, with a
 * message) or succeed; a model that loads must classify a sentence with
 * probabilities in [0, 1]. */
#include <ftw.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "fuzz_common.h"
#include "model.h"
#include "tiny_model.h"

static const char *const fuzz_model_files[] = {"rasd-model.txt", "vocab.tsv", "lexicon.tsv",
                                               "attack.svm", "retaliation.svm", "evacuation.svm",
                                               "casualty.svm"};
#define FUZZ_MODEL_NFILES 7

static char fuzz_model_root[64];
static char fuzz_model_dir[128];
static char *fuzz_model_pristine[FUZZ_MODEL_NFILES];
static size_t fuzz_model_size[FUZZ_MODEL_NFILES];
static uint64_t fuzz_model_basis; /* the FNV offset basis the header's checksums use */
static unsigned fuzz_model_dirty;  /* files to restore before the next input */

static uint64_t fuzz_model_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void fuzz_model_write(const char *name, const void *p, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", fuzz_model_dir, name);
    FILE *fp = fopen(path, "wb");
    FUZZ_ASSERT(fp != NULL);
    FUZZ_ASSERT(n == 0 || fwrite(p, 1, n, fp) == n);
    FUZZ_ASSERT(fclose(fp) == 0);
}

static char *fuzz_model_read(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    FUZZ_ASSERT(fp != NULL);
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    rewind(fp);
    char *b = malloc((size_t)sz + 1);
    FUZZ_ASSERT(b && fread(b, 1, (size_t)sz, fp) == (size_t)sz);
    b[sz] = '\0';
    fclose(fp);
    *n = (size_t)sz;
    return b;
}

static int fuzz_model_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void fuzz_model_cleanup(void)
{
    if (fuzz_model_root[0])
        nftw(fuzz_model_root, fuzz_model_rm, 16, FTW_DEPTH | FTW_PHYS);
    for (int i = 0; i < FUZZ_MODEL_NFILES; i++)
        free(fuzz_model_pristine[i]);
}

static void fuzz_model_setup(void)
{
    snprintf(fuzz_model_root, sizeof fuzz_model_root, "%s", "/tmp/rasd-fuzz-model-XXXXXX");
    FUZZ_ASSERT(mkdtemp(fuzz_model_root) != NULL);
    atexit(fuzz_model_cleanup);
    char lex[128];
    snprintf(lex, sizeof lex, "%s/lexicon.tsv", fuzz_model_root);
    FILE *fp = fopen(lex, "wb");
    FUZZ_ASSERT(fp && fputs(rasd_tiny_lexicon, fp) >= 0 && fclose(fp) == 0);

    struct rasd_corpus c;
    rasd_corpus_init(&c);
    struct rasd_error e = {0};
    fp = fmemopen((void *)rasd_tiny_corpus, sizeof rasd_tiny_corpus - 1, "rb");
    FUZZ_ASSERT(fp && rasd_corpus_read(&c, fp, "fuzz.tsv", 0, NULL, NULL, &e) == 0);
    fclose(fp);
    struct rasd_train_opts o;
    rasd_train_opts_default(&o);
    o.quiet = 1;
    o.C = 1;
    o.folds = 3;
    o.threads = 1;
    o.lexicon = lex;
    struct rasd_model m;
    rasd_model_init(&m);
    FUZZ_ASSERT(rasd_model_train(&m, &c, &o, &e) == 0);
    snprintf(fuzz_model_dir, sizeof fuzz_model_dir, "%s/m", fuzz_model_root);
    FUZZ_ASSERT(rasd_model_save(&m, fuzz_model_dir, lex, 0, &e) == 0);
    rasd_model_release(&m);
    rasd_corpus_release(&c);
    for (int i = 0; i < FUZZ_MODEL_NFILES; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", fuzz_model_dir, fuzz_model_files[i]);
        fuzz_model_pristine[i] = fuzz_model_read(path, &fuzz_model_size[i]);
    }
    /* the checksums are FNV-1a 64: check the pristine copy agrees */
    const char *line = strstr(fuzz_model_pristine[0], "\nfile vocab.tsv ");
    FUZZ_ASSERT(line != NULL);
    unsigned long long want = strtoull(strchr(line + 16, ' ') + 1, NULL, 16);
    if (fuzz_model_fnv(14695981039346656037ULL, fuzz_model_pristine[1], fuzz_model_size[1]) == want)
        fuzz_model_basis = 14695981039346656037ULL;
    FUZZ_ASSERT(fuzz_model_basis != 0);
}

/* The pristine header with file `name`'s line saying n bytes, checksum h. */
static void fuzz_model_write_header(const char *name, size_t n, uint64_t h)
{
    const char *hd = fuzz_model_pristine[0];
    char key[64];
    snprintf(key, sizeof key, "\nfile %s ", name);
    const char *at = strstr(hd, key);
    FUZZ_ASSERT(at != NULL);
    const char *eol = strchr(at + 1, '\n');
    FUZZ_ASSERT(eol != NULL);
    size_t cap = fuzz_model_size[0] + 128;
    char *out = malloc(cap);
    FUZZ_ASSERT(out != NULL);
    int k = snprintf(out, cap, "%.*s\nfile %s %zu %016llx%s", (int)(at - hd), hd, name, n,
                     (unsigned long long)h, eol);
    FUZZ_ASSERT(k > 0 && (size_t)k < cap);
    fuzz_model_write(fuzz_model_files[0], out, (size_t)k);
    free(out);
}

static int fuzz_model_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!fuzz_model_basis)
        fuzz_model_setup();
    for (int i = 0; i < FUZZ_MODEL_NFILES; i++)
        if (fuzz_model_dirty & (1u << i))
            fuzz_model_write(fuzz_model_files[i], fuzz_model_pristine[i], fuzz_model_size[i]);
    int sel = data[0] % FUZZ_MODEL_NFILES;
    const char *content = (const char *)data + 1;
    size_t n = size - 1;
    fuzz_model_write(fuzz_model_files[sel], content, n);
    fuzz_model_dirty = 1u << sel;
    if (sel > 0) {
        fuzz_model_write_header(fuzz_model_files[sel], n,
                                fuzz_model_fnv(fuzz_model_basis, content, n));
        fuzz_model_dirty |= 1u;
    }

    struct rasd_model m;
    rasd_model_init(&m);
    struct rasd_error e = {0};
    int rc = rasd_model_load(&m, fuzz_model_dir, &e);
    /* the untouched file (the seeds) must load */
    FUZZ_ASSERT(rc == 0 || n != fuzz_model_size[sel] || memcmp(content, fuzz_model_pristine[sel], n));
    if (rc) {
        FUZZ_ASSERT(rc == RASD_EMODEL || rc == RASD_ENOMEM);
        FUZZ_ASSERT(e.msg[0] != '\0');
    } else {
        struct rasd_classifier cl;
        FUZZ_ASSERT(rasd_classifier_init(&cl, &m, &e) == 0);
        static const char *const texts[] = {"قصفت الطائرات البلدة وقتل ثلاثة مدنيين",
                                            "نزحت العائلات ردا على القصف"};
        for (int t = 0; t < 3; t++) {
            const char *s = t < 2 ? texts[t] : content;
            size_t sl = t < 2 ? strlen(s) : (n < 300 ? n : 300);
            struct rasd_prediction pr;
            long killed, injured;
            FUZZ_ASSERT(rasd_classify_sentence(&cl, s, sl, &pr, &killed, &injured, &e) == 0);
            for (int l = 0; l < RASD_NLABELS; l++)
                FUZZ_ASSERT(pr.p[l] >= 0 && pr.p[l] <= 1);
        }
        rasd_classifier_release(&cl);
    }
    rasd_model_release(&m);
    return 0;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_model_one(data, size);
}
#endif
