/* Model tests: the collapsed linear fast path equals libsvm's own decision
 * values, training is deterministic, Platt scaling recovers a known sigmoid,
 * feature vectors are well-formed, and bad model directories are refused. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "corpus.h"
#include "harness.h"
#include "model.h"

static char tmpdir[256];

static void read_corpus(struct rasd_corpus *c, size_t every)
{
    /* a deterministic slice of the project's own corpus: every Nth sentence */
    struct rasd_corpus all;
    rasd_corpus_init(&all);
    rasd_corpus_init(c);
    const char *files[] = {"corpus/train/01-syria-iraq.tsv", "corpus/train/02-gaza-lebanon.tsv",
                           "corpus/train/06-general-and-hard.tsv"};
    for (size_t i = 0; i < 3; i++) {
        FILE *fp = fopen(files[i], "rb");
        CHECK_MSG(fp != NULL, "cannot open %s (run from the repository root)", files[i]);
        if (!fp)
            continue;
        struct rasd_error e = {0};
        CHECK(rasd_corpus_read(&all, fp, files[i], 0, NULL, NULL, &e) == 0);
        fclose(fp);
    }
    /* move every Nth example into c (it takes ownership of those strings) */
    c->files = all.files;
    c->nfiles = all.nfiles;
    all.files = NULL;
    all.nfiles = 0;
    c->ex = rasd_calloc(all.n / every + 1, sizeof *c->ex);
    for (size_t i = 0; i < all.n; i++) {
        if (i % every == 0) {
            c->ex[c->n++] = all.ex[i];
        } else {
            rasd_free(all.ex[i].id);
            rasd_free(all.ex[i].text);
        }
    }
    rasd_free(all.ex);
    all.ex = NULL;
    all.n = 0;
    rasd_corpus_release(&all);
}

static void train_small(struct rasd_model *m, const struct rasd_corpus *c, double C)
{
    struct rasd_train_opts o;
    rasd_train_opts_default(&o);
    o.quiet = 1;
    o.C = C;
    o.folds = 3;
    o.lexicon = "models/lexicon.tsv";
    struct rasd_error e = {0};
    rasd_model_init(m);
    int rc = rasd_model_train(m, c, &o, &e);
    CHECK_MSG(rc == 0, "train: %s", e.msg);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int same_file(const char *a, const char *b)
{
    FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
    int same = x && y;
    while (same) {
        int c1 = fgetc(x), c2 = fgetc(y);
        if (c1 != c2)
            same = 0;
        if (c1 == EOF || c2 == EOF)
            break;
    }
    if (x)
        fclose(x);
    if (y)
        fclose(y);
    return same;
}

static void test_fast_path_and_determinism(void)
{
    struct rasd_corpus c;
    read_corpus(&c, 4);
    CHECK(c.n > 300);
    struct rasd_model m;
    train_small(&m, &c, 1.0);
    char d1[300], d2[300];
    snprintf(d1, sizeof d1, "%s/m1", tmpdir);
    snprintf(d2, sizeof d2, "%s/m2", tmpdir);
    struct rasd_error e = {0};
    CHECK(rasd_model_save(&m, d1, "models/lexicon.tsv", 0, &e) == 0);
    /* a second save without force is refused, with force it replaces */
    memset(&e, 0, sizeof e);
    CHECK(rasd_model_save(&m, d1, "models/lexicon.tsv", 0, &e) != 0);
    CHECK(strstr(e.msg, "--force") != NULL);
    rasd_model_release(&m);

    /* determinism: the same corpus and options give byte-identical files */
    struct rasd_model m2;
    train_small(&m2, &c, 1.0);
    CHECK(rasd_model_save(&m2, d2, "models/lexicon.tsv", 0, &e) == 0);
    rasd_model_release(&m2);
    const char *files[] = {"rasd-model.txt", "vocab.tsv", "lexicon.tsv", "attack.svm",
                           "retaliation.svm", "evacuation.svm", "casualty.svm"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char a[400], b[400];
        snprintf(a, sizeof a, "%s/%s", d1, files[i]);
        snprintf(b, sizeof b, "%s/%s", d2, files[i]);
        CHECK_MSG(same_file(a, b), "%s differs between two trainings", files[i]);
    }

    /* the fast path: collapsed weights give libsvm's decision values */
    struct rasd_model lm;
    rasd_model_init(&lm);
    memset(&e, 0, sizeof e);
    CHECK_MSG(rasd_model_load_keep(&lm, d1, &e) == 0, "load: %s", e.msg);
    struct rasd_classifier cl;
    CHECK(rasd_classifier_init(&cl, &lm, &e) == 0);
    double worst = 0;
    int compared = 0, labelled = 0;
    for (size_t i = 0; i < c.n && compared < 400; i++, compared++) {
        struct rasd_prediction pr;
        CHECK(rasd_classify_sentence(&cl, c.ex[i].text, strlen(c.ex[i].text), &pr, NULL, NULL,
                                     &e) == 0);
        for (int l = 0; l < RASD_NLABELS; l++) {
            double ref = rasd_model_libsvm_decision(&lm, l, &cl.vec);
            double d = fabs(ref - pr.dec[l]);
            if (d > worst)
                worst = d;
            CHECK(pr.p[l] >= 0 && pr.p[l] <= 1);
        }
        labelled += pr.labels != 0;
    }
    CHECK_MSG(worst <= 1e-9, "fast path differs from svm_predict_values by %g", worst);
    CHECK(compared == 400);
    CHECK(labelled > 50); /* the model does label things */
    rasd_classifier_release(&cl);
    rasd_model_release(&lm);
    rasd_corpus_release(&c);
}

static void test_feature_vectors(void)
{
    struct rasd_model m;
    rasd_model_init(&m);
    struct rasd_error e = {0};
    char d1[300];
    snprintf(d1, sizeof d1, "%s/m1", tmpdir);
    CHECK(rasd_model_load(&m, d1, &e) == 0);
    struct rasd_classifier cl;
    CHECK(rasd_classifier_init(&cl, &m, &e) == 0);
    const char *texts[] = {"قصفت الطائرات الحربية بلدة في ريف إدلب ما أسفر عن مقتل ثلاثة مدنيين.",
                           "ارتفعت أسعار النفط في الأسواق العالمية اليوم.", "x", ""};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        struct rasd_prediction pr;
        CHECK(rasd_classify_sentence(&cl, texts[t], strlen(texts[t]), &pr, NULL, NULL, &e) == 0);
        double sq = 0; /* the text families (words, bigrams, chars) have unit norm */
        int ok = 1, text = 0;
        for (size_t k = 0; k < cl.vec.n; k++) {
            if (cl.vec.index[k] < 1 || (size_t)cl.vec.index[k] > m.vocab.n)
                ok = 0;
            if (k && cl.vec.index[k] <= cl.vec.index[k - 1])
                ok = 0;
            if (m.vocab.family[cl.vec.index[k]] <= RASD_FAM_CHARS) {
                sq += cl.vec.value[k] * cl.vec.value[k];
                text = 1;
            } else if (!(cl.vec.value[k] > 0 && cl.vec.value[k] < 10)) {
                ok = 0; /* cue features: positive, scaled */
            }
        }
        CHECK_MSG(ok, "indices of '%s' not ascending in 1..n, or a bad cue value", texts[t]);
        if (text)
            CHECK_NEAR(sq, 1.0, 1e-9);
    }
    /* the first sentence is an attack with casualties, the second is not */
    struct rasd_prediction a, b;
    long killed = -2;
    CHECK(rasd_classify_sentence(&cl, texts[0], strlen(texts[0]), &a, &killed, NULL, &e) == 0);
    CHECK(rasd_classify_sentence(&cl, texts[1], strlen(texts[1]), &b, NULL, NULL, &e) == 0);
    CHECK(a.p[RASD_ATTACK] > b.p[RASD_ATTACK]);
    CHECK(a.p[RASD_CASUALTY] > b.p[RASD_CASUALTY]);
    CHECK_INT(killed, 3);
    CHECK(m.feat.cue_scale > 0); /* fitted and saved with the model */
    rasd_classifier_release(&cl);
    rasd_model_release(&m);
}

/* Platt scaling recovers the sigmoid that generated the labels. */
static void test_platt(void)
{
    size_t n = 20000;
    double *f = malloc(n * sizeof *f);
    unsigned char *y = malloc(n);
    double A = -2.0, B = 0.5;
    unsigned long s = 12345;
    for (size_t i = 0; i < n; i++) {
        f[i] = -3.0 + 6.0 * (double)i / (double)n;
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        double u = (double)(s >> 11) / 9007199254740992.0;
        y[i] = u < rasd_platt_prob(f[i], A, B);
    }
    double a, b;
    rasd_platt_fit(f, y, n, &a, &b);
    CHECK_NEAR(a, A, 0.15);
    CHECK_NEAR(b, B, 0.1);
    CHECK_NEAR(rasd_platt_prob(0, -1, 0), 0.5, 1e-12);
    /* A < 0: a large positive decision value means the label */
    CHECK(rasd_platt_prob(1000, -1, 0) > 1 - 1e-12);
    CHECK(rasd_platt_prob(-1000, -1, 0) < 1e-12);
    free(f);
    free(y);
}

static void corrupt_copy(const char *from, const char *to)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r '%s' '%s'", to, from, to);
    CHECK(system(cmd) == 0);
}

static int load_fails(const char *dir, const char *want)
{
    struct rasd_model m;
    rasd_model_init(&m);
    struct rasd_error e = {0};
    int rc = rasd_model_load(&m, dir, &e);
    rasd_model_release(&m);
    int ok = rc == RASD_EMODEL && strstr(e.msg, want) != NULL;
    if (!ok)
        fprintf(stderr, "load of %s: rc %d, message '%s', want '%s'\n", dir, rc, e.msg, want);
    return ok;
}

static void test_bad_models(void)
{
    char good[300], bad[300], path[400], cmd[1400];
    snprintf(good, sizeof good, "%s/m1", tmpdir);
    snprintf(bad, sizeof bad, "%s/bad", tmpdir);

    corrupt_copy(good, bad); /* truncated libsvm file */
    snprintf(path, sizeof path, "%s/attack.svm", bad);
    CHECK(truncate(path, file_size(path) / 2) == 0);
    CHECK(load_fails(bad, "truncated"));

    corrupt_copy(good, bad); /* one byte edited, same size */
    snprintf(cmd, sizeof cmd, "printf 'X' | dd of='%s/casualty.svm' bs=1 seek=200 conv=notrunc status=none", bad);
    CHECK(system(cmd) == 0);
    CHECK(load_fails(bad, "checksum"));

    corrupt_copy(good, bad); /* a missing file */
    snprintf(path, sizeof path, "%s/vocab.tsv", bad);
    CHECK(unlink(path) == 0);
    CHECK(load_fails(bad, "missing"));

    corrupt_copy(good, bad); /* a newer format version */
    snprintf(cmd, sizeof cmd, "sed -i '1s/.*/rasd-model 99/' '%s/rasd-model.txt'", bad);
    CHECK(system(cmd) == 0);
    CHECK(load_fails(bad, "newer"));

    corrupt_copy(good, bad); /* labels that do not match */
    snprintf(cmd, sizeof cmd, "sed -i 's/^labels .*/labels attack retaliation evacuation deaths/' '%s/rasd-model.txt'", bad);
    CHECK(system(cmd) == 0);
    CHECK(load_fails(bad, "labels"));

    corrupt_copy(good, bad); /* a foreign file */
    snprintf(cmd, sizeof cmd, "echo 'hello world' > '%s/rasd-model.txt'", bad);
    CHECK(system(cmd) == 0);
    CHECK(load_fails(bad, "not a rasd model"));

    corrupt_copy(good, bad); /* header cut short */
    snprintf(cmd, sizeof cmd, "head -n 5 '%s/rasd-model.txt' > '%s/x' && mv '%s/x' '%s/rasd-model.txt'",
             bad, bad, bad, bad);
    CHECK(system(cmd) == 0);
    CHECK(load_fails(bad, "incomplete"));

    snprintf(path, sizeof path, "%s/no-such-model", tmpdir);
    CHECK(load_fails(path, "cannot open"));
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rasd-test-model-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_platt);
    RUN(test_fast_path_and_determinism);
    RUN(test_feature_vectors);
    RUN(test_bad_models);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return harness_report("test_model");
}
