/* Out-of-memory tests: rasd_alloc_fail_after(n) makes the (n+1)th allocation
 * and every later one fail, for n = 0, 1, 2, ... until a run needs no more
 * than n allocations. At every n, (a) the text pipeline (rasd_pipeline_new and
 * the split of a paragraph), (b) the model loader (rasd_model_load of a tiny
 * model trained here), (c) the corpus reader and (d) the records reader must
 * return RASD_ENOMEM or fail cleanly (another error code, never a crash), and
 * the objects' release functions must free everything (make asan and make
 * valgrind run this and report leaks). A run that succeeds must give the
 * same result as a run with no failures.
 *
 * The seam covers rasd's own allocations only: libsvm (svm_load_model), ICU
 * (break iterators, converters, normalisation) and jansson allocate with
 * malloc directly, so their out-of-memory paths are not reached here. */
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "corpus.h"
#include "fuzz/tiny_model.h"
#include "harness.h"
#include "model.h"
#include "records.h"
#include "text.h"

#define MAX_STEPS 200000 /* a safety stop: no run here needs this many */

static const char paragraph[] =
    "قال د. محمد إنّ الغاراتِ قتلت ٢٥ مدنيًا في البلدة. هل انسحبت القوات؟\n"
    "ونزحت عشرات العائلات نحو الشمال بعد القصف، وأُصيب خمسة آخرون.\n\n"
    "ردت الفصائل بقصف موقع عسكري قرب الحدود \xff\xfe ليلة أمس.\r\n"
    "Breaking: 3 killed في قصف جديد على السوق 😀.";

/* A run's outcome: its status and, when it succeeded, a digest of the result. */
struct outcome {
    int rc;
    size_t count;
    unsigned long hash;
};

static unsigned long mix(unsigned long h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
    return h;
}

/* Runs f(ud) with allocations failing after n for n = 0, 1, ... and checks
 * each outcome against the reference run; returns the allocations needed. */
static long each_failure(const char *what, struct outcome (*f)(void *), void *ud)
{
    rasd_alloc_fail_reset();
    struct outcome ref = f(ud);
    CHECK_MSG(ref.rc == 0, "%s: fails without any allocation failure (%d)", what, ref.rc);
    long n;
    int bad = 0;
    for (n = 0; n < MAX_STEPS; n++) {
        rasd_alloc_fail_after(n);
        struct outcome o = f(ud);
        long refused = rasd_alloc_failures();
        rasd_alloc_fail_reset();
        if (refused == 0) {
            /* every allocation succeeded: the whole run fitted in n */
            CHECK_MSG(o.rc == 0 && o.count == ref.count && o.hash == ref.hash,
                      "%s: an unhindered run differs from the reference", what);
            break;
        }
        if (o.rc == 0) {
            /* a failure was absorbed (e.g. a cache that is optional): same result */
            if (o.count != ref.count || o.hash != ref.hash) {
                CHECK_MSG(0, "%s: allocation %ld failed, yet success with another result", what,
                          n + 1);
                bad++;
            }
        } else if (o.rc > 0) {
            CHECK_MSG(0, "%s: allocation %ld failed: positive status %d", what, n + 1, o.rc);
            bad++;
        }
        if (bad > 5)
            break;
    }
    CHECK_MSG(n < MAX_STEPS, "%s: still failing after %d allocations", what, MAX_STEPS);
    CHECK(bad == 0);
    return n;
}

/* ---- (a) the text pipeline ---- */

struct split_ud {
    size_t count;
    unsigned long hash;
};

static int on_sentence(const struct rasd_sentence *s, void *ud)
{
    struct split_ud *u = ud;
    u->count++;
    u->hash = mix(u->hash, s->text, s->text_len);
    for (size_t i = 0; i < s->ntok; i++) {
        u->hash = mix(u->hash, s->tok[i].norm, s->tok[i].norm_len);
        if (s->tok[i].stem)
            u->hash = mix(u->hash, s->tok[i].stem, s->tok[i].stem_len);
    }
    return 0;
}

static struct outcome run_pipeline(void *ud)
{
    (void)ud;
    struct outcome o = {0, 0, 0};
    struct rasd_error e = {0};
    struct rasd_pipeline *p = rasd_pipeline_new(RASD_TEXT_DEFAULT, &e);
    if (!p) {
        o.rc = e.code;
        CHECK_MSG(e.code == RASD_ENOMEM, "pipeline_new: %d %s", e.code, e.msg);
        return o;
    }
    struct split_ud u = {0, 0};
    o.rc = rasd_pipeline_split(p, paragraph, sizeof paragraph - 1, on_sentence, &u, &e);
    if (o.rc == 0) {
        struct rasd_sentence s;
        o.rc = rasd_pipeline_analyze(p, paragraph, sizeof paragraph - 1, &s, &e);
        if (o.rc == 0)
            u.hash = mix(u.hash, s.norm, s.norm_len);
    }
    if (o.rc)
        CHECK_MSG(o.rc == RASD_ENOMEM && e.msg[0], "split: %d %s", o.rc, e.msg);
    o.count = u.count;
    o.hash = u.hash;
    rasd_pipeline_free(p);
    return o;
}

/* ---- (b) the model loader ---- */

static char tmpdir[128];

static struct outcome run_load(void *ud)
{
    const char *dir = ud;
    struct outcome o = {0, 0, 0};
    struct rasd_model m;
    rasd_model_init(&m);
    struct rasd_error e = {0};
    o.rc = rasd_model_load(&m, dir, &e);
    if (o.rc) {
        CHECK_MSG(o.rc == RASD_ENOMEM, "model load: %d %s", o.rc, e.msg);
    } else {
        o.count = m.vocab.n;
        for (int l = 0; l < RASD_NLABELS; l++)
            for (size_t i = 0; i <= m.vocab.n; i++)
                o.hash = mix(o.hash, (const char *)&m.label[l].w[i], sizeof(double));
        for (size_t i = 1; i <= m.vocab.n; i++)
            o.hash = mix(o.hash, m.vocab.name[i], strlen(m.vocab.name[i]));
        o.hash = mix(o.hash, (const char *)&m.lex.n, sizeof m.lex.n);
    }
    rasd_model_release(&m);
    return o;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void train_tiny(const char *dir)
{
    char lex[200];
    snprintf(lex, sizeof lex, "%s/lexicon.tsv", tmpdir);
    FILE *fp = fopen(lex, "wb");
    CHECK(fp != NULL);
    if (!fp)
        return;
    fputs(rasd_tiny_lexicon, fp);
    fclose(fp);
    struct rasd_corpus c;
    rasd_corpus_init(&c);
    struct rasd_error e = {0};
    fp = fmemopen((void *)rasd_tiny_corpus, sizeof rasd_tiny_corpus - 1, "rb");
    CHECK(fp && rasd_corpus_read(&c, fp, "tiny.tsv", 0, NULL, NULL, &e) == 0);
    if (fp)
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
    CHECK_MSG(rasd_model_train(&m, &c, &o, &e) == 0, "train: %s", e.msg);
    CHECK_MSG(rasd_model_save(&m, dir, lex, 0, &e) == 0, "save: %s", e.msg);
    rasd_model_release(&m);
    rasd_corpus_release(&c);
}

/* ---- (c) the corpus reader ---- */

static struct outcome run_corpus(void *ud)
{
    (void)ud;
    struct outcome o = {0, 0, 0};
    static const char extra[] = "x1\tatack\tتسمية خاطئة\nx2 بلا فاصل\nt01\tnone\tمعرف مكرر\n";
    struct rasd_corpus c;
    rasd_corpus_init(&c);
    struct rasd_error e = {0};
    for (int f = 0; f < 2 && o.rc == 0; f++) {
        FILE *fp = f == 0 ? fmemopen((void *)rasd_tiny_corpus, sizeof rasd_tiny_corpus - 1, "rb")
                          : fmemopen((void *)extra, sizeof extra - 1, "rb");
        if (!fp) {
            o.rc = RASD_EIO;
            break;
        }
        o.rc = rasd_corpus_read(&c, fp, f ? "extra.tsv" : "tiny.tsv", 1, NULL, NULL, &e);
        fclose(fp);
    }
    if (o.rc) {
        CHECK_MSG(o.rc == RASD_ENOMEM, "corpus: %d %s", o.rc, e.msg);
    } else {
        o.count = c.n * 100 + (size_t)c.skipped;
        for (size_t i = 0; i < c.n; i++) {
            o.hash = mix(o.hash, c.ex[i].id, strlen(c.ex[i].id));
            o.hash = mix(o.hash, c.ex[i].text, strlen(c.ex[i].text));
        }
    }
    rasd_corpus_release(&c);
    return o;
}

/* ---- (d) the records reader ---- */

static struct outcome run_records(void *ud)
{
    (void)ud;
    static const char recs[] =
        "{\"doc\":\"a1\",\"sent\":1,\"labels\":[\"attack\"],\"p\":{\"attack\":0.9,\"retaliation\":0,"
        "\"evacuation\":0.1,\"casualty\":0.2},\"killed\":3,\"injured\":null,\"text\":\"قصف\"}\n"
        "{\"doc\":\"a1\",\"sent\":2,\"labels\":[],\"p\":{\"attack\":0.1,\"retaliation\":0,"
        "\"evacuation\":0.1,\"casualty\":0.2},\"killed\":null,\"injured\":null,\"text\":\"نص\"}\n";
    struct outcome o = {0, 0, 0};
    FILE *fp = fmemopen((void *)recs, sizeof recs - 1, "rb");
    if (!fp)
        return (struct outcome){RASD_EIO, 0, 0};
    struct rasd_records r;
    struct rasd_record rec;
    struct rasd_error e = {0};
    int rc = rasd_records_init(&r, fp, "recs.jsonl", &e);
    while (rc == 0 && (rc = rasd_records_next(&r, &rec, &e)) > 0) {
        o.count++;
        o.hash = mix(o.hash, rec.doc, strlen(rec.doc));
        rc = 0;
    }
    o.rc = rc;
    if (rc)
        CHECK_MSG(rc == RASD_ENOMEM, "records: %d %s", rc, e.msg);
    rasd_records_release(&r);
    fclose(fp);
    return o;
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/rasd-test-alloc-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        CHECK_MSG(0, "cannot create a temporary directory");
        return harness_report("test_alloc");
    }
    char dir[200];
    snprintf(dir, sizeof dir, "%s/model", tmpdir);
    train_tiny(dir);

    long a = each_failure("text pipeline", run_pipeline, NULL);
    long b = each_failure("model load", run_load, dir);
    long c = each_failure("corpus reader", run_corpus, NULL);
    long d = each_failure("records reader", run_records, NULL);
    CHECK(a > 5 && b > 20 && c > 24 && d >= 1);
    printf("test_alloc: each allocation failed in turn: text pipeline %ld, model load %ld, "
           "corpus reader %ld, records reader %ld\n", a, b, c, d);

    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return harness_report("test_alloc");
}
