#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_rng.h>
#include <libsvm/svm.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "lines.h"
#include "strmap.h"
#include "svmfile.h"

/* The C grid searched when no C is given (class-weighted, L2-normalised features). */
static const double c_grid[] = {0.1, 0.3, 1.0, 3.0, 10.0};
#define NGRID (sizeof c_grid / sizeof c_grid[0])

/* The kernel matrix takes n x (n + 2) libsvm nodes of 16 bytes (635 MB for
 * 6,300 sentences). rasd computes it once and shares it while it fits in a
 * third of the machine's memory ($RASD_GRAM_MB overrides, in MB); above that,
 * libsvm computes kernel values itself: slower, but with no n^2 memory. */
static size_t gram_limit(void)
{
    double mb;
    const char *env = getenv("RASD_GRAM_MB");
    if (env && *env) {
        mb = strtod(env, NULL);
    } else {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        mb = pages > 0 && page > 0 ? (double)pages * (double)page / 3.0 / 1048576.0 : 1600.0;
    }
    double n = sqrt(mb * 1048576.0 / 16.0);
    return n > 1 ? (size_t)n : 0;
}

static void quiet_print(const char *s)
{
    (void)s;
}

void rasd_train_opts_default(struct rasd_train_opts *o)
{
    memset(o, 0, sizeof *o);
    rasd_feat_opts_default(&o->feat);
    o->text_flags = RASD_TEXT_DEFAULT;
    o->lexicon = "models/lexicon.tsv";
    o->C = 0;
    o->kernel = RASD_KERNEL_LINEAR;
    o->gamma = 0;
    o->folds = 5;
    o->group_folds = 1;
    o->cue_separate = 1;
    o->seed = 1;
    o->threads = 2;
}

void rasd_model_init(struct rasd_model *m)
{
    memset(m, 0, sizeof *m);
    rasd_vocab_init(&m->vocab);
    rasd_lexicon_init(&m->lex);
}

void rasd_model_release(struct rasd_model *m)
{
    for (int l = 0; l < RASD_NLABELS; l++) {
        struct svm_model *sm = m->label[l].svm;
        if (sm)
            svm_free_and_destroy_model(&sm);
        rasd_free(m->label[l].w);
    }
    rasd_free(m->train_nodes); /* after the models that point into it */
    rasd_vocab_release(&m->vocab);
    rasd_lexicon_release(&m->lex);
    memset(m, 0, sizeof *m);
}

/* ---- Platt scaling ---- */

double rasd_platt_prob(double f, double a, double b)
{
    double t = f * a + b;
    /* 1 / (1 + exp(t)), computed without overflow */
    return t >= 0 ? exp(-t) / (1.0 + exp(-t)) : 1.0 / (1.0 + exp(t));
}

void rasd_platt_fit(const double *f, const unsigned char *y, size_t n, double *a, double *b)
{
    double prior1 = 0, prior0 = 0;
    for (size_t i = 0; i < n; i++)
        *(y[i] ? &prior1 : &prior0) += 1;
    const int max_iter = 100;
    const double min_step = 1e-10, sigma = 1e-12, eps = 1e-5;
    double hi = (prior1 + 1.0) / (prior1 + 2.0), lo = 1.0 / (prior0 + 2.0);
    double *t = rasd_malloc((n ? n : 1) * sizeof *t);
    double A = 0.0, B = log((prior0 + 1.0) / (prior1 + 1.0));
    if (!t) {
        *a = -1;
        *b = 0;
        return;
    }
    double fval = 0;
    for (size_t i = 0; i < n; i++) {
        t[i] = y[i] ? hi : lo;
        double fa = f[i] * A + B;
        fval += fa >= 0 ? t[i] * fa + log1p(exp(-fa)) : (t[i] - 1) * fa + log1p(exp(fa));
    }
    for (int it = 0; it < max_iter; it++) {
        /* gradient and Hessian (H' = H + sigma I) */
        double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
        for (size_t i = 0; i < n; i++) {
            double fa = f[i] * A + B, p, q;
            if (fa >= 0) {
                p = exp(-fa) / (1.0 + exp(-fa));
                q = 1.0 / (1.0 + exp(-fa));
            } else {
                p = 1.0 / (1.0 + exp(fa));
                q = exp(fa) / (1.0 + exp(fa));
            }
            double d2 = p * q;
            h11 += f[i] * f[i] * d2;
            h22 += d2;
            h21 += f[i] * d2;
            double d1 = t[i] - p;
            g1 += f[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < eps && fabs(g2) < eps)
            break;
        double det = h11 * h22 - h21 * h21;
        double dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * dA + g2 * dB, step = 1;
        while (step >= min_step) {
            double nA = A + step * dA, nB = B + step * dB, nf = 0;
            for (size_t i = 0; i < n; i++) {
                double fa = f[i] * nA + nB;
                nf += fa >= 0 ? t[i] * fa + log1p(exp(-fa)) : (t[i] - 1) * fa + log1p(exp(fa));
            }
            if (nf < fval + 0.0001 * step * gd) {
                A = nA;
                B = nB;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if (step < min_step)
            break;
    }
    rasd_free(t);
    *a = A;
    *b = B;
}

/* ---- training data ---- */

struct tdata {
    size_t n;
    struct svm_node **x; /* per sentence, terminated by index -1 */
    struct svm_node *pool;
    struct svm_node **gx; /* Gram rows for libsvm's PRECOMPUTED kernel, or NULL */
    struct svm_node *gpool;
    unsigned *labels;
    int *fold;
    size_t features;
};

static void tdata_release(struct tdata *d)
{
    rasd_free(d->gx);
    rasd_free(d->gpool);
    rasd_free(d->x);
    rasd_free(d->pool);
    rasd_free(d->labels);
    rasd_free(d->fold);
}

/* Stratified folds: examples grouped by label set, shuffled with the seed,
 * dealt round-robin. */
static int assign_folds(struct tdata *d, int folds, unsigned long seed)
{
    return rasd_assign_folds(d->labels, d->n, folds, seed, d->fold);
}

int rasd_assign_folds(const unsigned *labels, size_t n, int k, unsigned long seed, int *fold)
{
    size_t *order = rasd_malloc((n ? n : 1) * sizeof *order);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!order || !r) {
        rasd_free(order);
        if (r)
            gsl_rng_free(r);
        return RASD_ENOMEM;
    }
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = gsl_rng_uniform_int(r, i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    int next[1u << RASD_NLABELS] = {0};
    for (size_t q = 0; q < n; q++) {
        size_t i = order[q];
        unsigned set = labels[i] & ((1u << RASD_NLABELS) - 1);
        fold[i] = next[set];
        next[set] = (next[set] + 1) % k;
    }
    gsl_rng_free(r);
    rasd_free(order);
    return 0;
}

static int build_tdata(struct rasd_model *m, const struct rasd_corpus *c, struct tdata *d,
                       const struct rasd_train_opts *o, struct rasd_error *e)
{
    struct rasd_pipeline *p = rasd_pipeline_new(m->text_flags, e);
    if (!p)
        return e->code;
    int rc = 0;
    struct rasd_featurizer f;
    struct rasd_vocab_builder b;
    rasd_featurizer_init(&f, &m->feat, &m->lex, NULL);
    rasd_vocab_builder_init(&b);
    if (o->lexicon && (m->feat.families & (1u << RASD_FAM_LEXICON)))
        rc = rasd_lexicon_load(&m->lex, o->lexicon, p, e);
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        struct rasd_sentence s;
        rc = rasd_pipeline_analyze(p, c->ex[i].text, strlen(c->ex[i].text), &s, e);
        if (rc == 0 && (rc = rasd_vocab_builder_add(&b, &f, &s)))
            rasd_fail(e, rc, c->files[c->ex[i].file], c->ex[i].line, "out of memory");
    }
    if (rc == 0 && (rc = rasd_vocab_build(&m->vocab, &b, m->feat.min_count)))
        rasd_fail(e, rc, NULL, 0, "out of memory building the vocabulary");
    rasd_vocab_builder_release(&b);
    f.vocab = &m->vocab;
    /* With separate cues, extract them at scale 1 first; the scale is fitted below. */
    m->feat.cue_scale = o->cue_separate ? 1.0 : 0.0;

    d->n = c->n;
    d->features = m->vocab.n;
    d->x = rasd_calloc(c->n, sizeof *d->x);
    d->labels = rasd_calloc(c->n, sizeof *d->labels);
    d->fold = rasd_calloc(c->n, sizeof *d->fold);
    size_t *off = rasd_calloc(c->n + 1, sizeof *off);
    if (rc == 0 && (!d->x || !d->labels || !d->fold || !off))
        rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    size_t used = 0, cap = 0;
    struct rasd_fvec v = {0};
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        struct rasd_sentence s;
        rc = rasd_pipeline_analyze(p, c->ex[i].text, strlen(c->ex[i].text), &s, e);
        if (rc == 0 && (rc = rasd_features_extract(&f, &s, &v)))
            rasd_fail(e, rc, NULL, 0, "out of memory");
        if (rc)
            break;
        if (used + v.n + 1 > cap) {
            size_t nc = cap ? cap * 2 : 1u << 16;
            while (nc < used + v.n + 1)
                nc *= 2;
            struct svm_node *np = rasd_realloc(d->pool, nc * sizeof *np);
            if (!np) {
                rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            d->pool = np;
            cap = nc;
        }
        off[i] = used;
        for (size_t k = 0; k < v.n; k++)
            d->pool[used + k] = (struct svm_node){v.index[k], v.value[k]};
        d->pool[used + v.n].index = -1;
        used += v.n + 1;
        d->labels[i] = c->ex[i].labels;
    }
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        d->x[i] = d->pool + off[i];
    if (rc == 0 && o->cue_separate) {
        /* scale the cue block so its norm is 0.5 on average where a cue fires */
        double sum = 0;
        long with = 0;
        for (size_t i = 0; i < c->n; i++) {
            double sq = 0;
            for (const struct svm_node *q = d->x[i]; q->index != -1; q++)
                if (m->vocab.family[q->index] > RASD_FAM_CHARS)
                    sq += q->value * q->value;
            if (sq > 0) {
                sum += sqrt(sq);
                with++;
            }
        }
        double scale = with && sum > 0 ? 0.5 * (double)with / sum : 1.0;
        for (size_t i = 0; i < c->n; i++)
            for (struct svm_node *q = d->x[i]; q->index != -1; q++)
                if (m->vocab.family[q->index] > RASD_FAM_CHARS)
                    q->value *= scale;
        m->feat.cue_scale = scale;
    }
    if (rc == 0 && m->grouped) {
        /* group k-fold: every sentence of a corpus file in the same fold */
        for (size_t i = 0; i < c->n; i++)
            d->fold[i] = c->ex[i].file % m->folds;
    } else if (rc == 0 && (rc = assign_folds(d, m->folds, o->seed))) {
        rasd_fail(e, rc, NULL, 0, "out of memory");
    }
    rasd_free(off);
    rasd_fvec_release(&v);
    rasd_featurizer_release(&f);
    rasd_pipeline_free(p);
    return rc;
}

/* ---- the shared Gram matrix ----
 * Every cross-validation run (labels x C values x folds) and the final models
 * train on the same sentences, so the kernel matrix is computed once and
 * handed to libsvm as a PRECOMPUTED kernel; the final models are then rebuilt
 * as ordinary linear (or RBF) libsvm models over their support vectors. */

struct gram_job {
    struct tdata *d;
    int kernel;
    double gamma;
    int part, parts;
    int failed;
};

static void *gram_rows(void *arg)
{
    struct gram_job *g = arg;
    struct tdata *d = g->d;
    double *dense = rasd_calloc(d->features + 1, sizeof *dense);
    if (!dense) {
        g->failed = 1;
        return NULL;
    }
    size_t n = d->n;
    for (size_t i = (size_t)g->part; i < n; i += (size_t)g->parts) {
        for (const struct svm_node *p = d->x[i]; p->index != -1; p++)
            dense[p->index] = p->value;
        struct svm_node *row = d->gx[i];
        for (size_t j = 0; j <= i; j++) {
            double dot = 0;
            for (const struct svm_node *p = d->x[j]; p->index != -1; p++)
                dot += dense[p->index] * p->value;
            row[j + 1].value = dot;
        }
        for (const struct svm_node *p = d->x[i]; p->index != -1; p++)
            dense[p->index] = 0;
    }
    rasd_free(dense);
    return NULL;
}

static int build_gram(struct tdata *d, int kernel, double gamma, int threads)
{
    size_t n = d->n, w = n + 2;
    d->gpool = rasd_malloc(n * w * sizeof *d->gpool);
    d->gx = rasd_malloc(n * sizeof *d->gx);
    if (!d->gpool || !d->gx)
        return RASD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        struct svm_node *row = d->gpool + i * w;
        d->gx[i] = row;
        row[0] = (struct svm_node){0, (double)(i + 1)};
        for (size_t j = 1; j <= n; j++)
            row[j].index = (int)j;
        row[n + 1] = (struct svm_node){-1, 0};
    }
    if (threads < 1)
        threads = 1;
    if (threads > 16)
        threads = 16;
    struct gram_job jobs[16];
    pthread_t th[16];
    int created[16] = {0};
    jobs[0] = (struct gram_job){d, kernel, gamma, 0, threads, 0};
    for (int t = 1; t < threads; t++)
        jobs[t] = (struct gram_job){d, kernel, gamma, t, threads, 0};
    for (int t = 1; t < threads; t++)
        created[t] = pthread_create(&th[t], NULL, gram_rows, &jobs[t]) == 0;
    gram_rows(&jobs[0]);
    int failed = jobs[0].failed;
    for (int t = 1; t < threads; t++) {
        if (created[t])
            pthread_join(th[t], NULL);
        else
            gram_rows(&jobs[t]);
        failed |= jobs[t].failed;
    }
    if (failed)
        return RASD_ENOMEM;
    /* mirror the lower triangle; RBF from dot products of unit vectors */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++)
            d->gx[i][j + 1].value = d->gx[j][i + 1].value;
    }
    if (kernel == RASD_KERNEL_RBF) {
        double *sq = rasd_malloc(n * sizeof *sq);
        if (!sq)
            return RASD_ENOMEM;
        for (size_t i = 0; i < n; i++)
            sq[i] = d->gx[i][i + 1].value;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double dist = sq[i] + sq[j] - 2 * d->gx[i][j + 1].value;
                d->gx[i][j + 1].value = exp(-gamma * (dist > 0 ? dist : 0));
            }
        rasd_free(sq);
    }
    return 0;
}

/* ---- one libsvm training ---- */

static void set_param(struct svm_parameter *pa, const struct rasd_model *m, double C,
                      double wpos, double wneg, int *wl, double *wv, int precomputed)
{
    memset(pa, 0, sizeof *pa);
    pa->svm_type = C_SVC;
    pa->kernel_type = precomputed ? PRECOMPUTED : m->kernel == RASD_KERNEL_RBF ? RBF : LINEAR;
    pa->gamma = m->gamma;
    pa->cache_size = 200;
    pa->eps = 1e-3;
    pa->C = C;
    pa->shrinking = 1;
    pa->probability = 0;
    wl[0] = 1;
    wl[1] = -1;
    wv[0] = wpos;
    wv[1] = wneg;
    pa->nr_weight = 2;
    pa->weight_label = wl;
    pa->weight = wv;
}

/* Trains label l on the examples whose fold != skip (skip < 0: all). The first
 * positive example is put first so that libsvm's first class is +1. Returns
 * NULL with a message in err on failure. */
static struct svm_model *train_one(const struct rasd_model *m, const struct tdata *d, int l,
                                   double C, int skip, char *err, size_t errsize)
{
    size_t n = 0, pos = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->fold[i] != skip) {
            n++;
            pos += (d->labels[i] >> l) & 1;
        }
    struct svm_problem prob = {0};
    prob.l = (int)n;
    prob.y = rasd_malloc((n ? n : 1) * sizeof *prob.y);
    prob.x = rasd_malloc((n ? n : 1) * sizeof *prob.x);
    if (!prob.y || !prob.x) {
        rasd_free(prob.y);
        rasd_free(prob.x);
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    size_t k = 0;
    int first_pos = -1;
    for (size_t i = 0; i < d->n; i++) {
        if (d->fold[i] == skip)
            continue;
        int y = (d->labels[i] >> l) & 1;
        if (y && first_pos < 0)
            first_pos = (int)k;
        prob.y[k] = y ? 1 : -1;
        prob.x[k] = d->gx ? d->gx[i] : d->x[i];
        k++;
    }
    if (first_pos > 0) { /* swap it to the front */
        double ty = prob.y[0];
        struct svm_node *tx = prob.x[0];
        prob.y[0] = prob.y[first_pos];
        prob.x[0] = prob.x[first_pos];
        prob.y[first_pos] = ty;
        prob.x[first_pos] = tx;
    }
    double neg = (double)(n - pos);
    double wpos = pos ? (double)n / (2.0 * (double)pos) : 1.0;
    double wneg = neg > 0 ? (double)n / (2.0 * neg) : 1.0;
    struct svm_parameter pa;
    int wl[2];
    double wv[2];
    set_param(&pa, m, C, wpos, wneg, wl, wv, d->gx != NULL);
    const char *msg = svm_check_parameter(&prob, &pa);
    struct svm_model *sm = NULL;
    if (msg)
        snprintf(err, errsize, "libsvm: %s", msg);
    else
        sm = svm_train(&prob, &pa);
    if (sm) {
        /* svm_train points into the problem's parameter arrays: keep copies */
        sm->param.weight_label = NULL;
        sm->param.weight = NULL;
        sm->param.nr_weight = 0;
    }
    rasd_free(prob.y);
    rasd_free(prob.x);
    return sm;
}

/* Decision value of x, oriented so that positive means the label. */
static double decision(const struct svm_model *sm, const struct svm_node *x)
{
    double dec = 0;
    if (sm->nr_class < 2)
        return sm->label[0] == 1 ? 1.0 : -1.0;
    svm_predict_values(sm, x, &dec);
    return sm->label[0] == 1 ? dec : -dec;
}

/* ---- the cross-validation tasks, run by a small thread pool ---- */

struct task {
    int l, g, fold; /* label, grid index, held-out fold (-1: final model) */
};

struct pool {
    const struct rasd_model *m;
    const struct tdata *d;
    const double *grid;
    size_t ngrid;
    struct task *tasks;
    size_t ntasks;
    atomic_size_t next, done;
    double *oof;                 /* [label][grid][sentence] */
    struct svm_model **final;    /* [label] */
    const double *final_c;       /* [label] */
    char err[256];
    atomic_int failed;
    const struct rasd_train_opts *opts;
    const char *stage;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct pool *P = arg;
    for (;;) {
        size_t t = atomic_fetch_add(&P->next, 1);
        if (t >= P->ntasks || atomic_load(&P->failed))
            return NULL;
        struct task *tk = &P->tasks[t];
        char err[256] = "";
        double C = tk->fold < 0 ? P->final_c[tk->l] : P->grid[tk->g];
        struct svm_model *sm = train_one(P->m, P->d, tk->l, C, tk->fold, err, sizeof err);
        if (!sm) {
            pthread_mutex_lock(&P->lock);
            if (!atomic_load(&P->failed))
                snprintf(P->err, sizeof P->err, "%s", err[0] ? err : "libsvm training failed");
            atomic_store(&P->failed, 1);
            pthread_mutex_unlock(&P->lock);
            return NULL;
        }
        if (tk->fold < 0) {
            P->final[tk->l] = sm;
        } else {
            double *out = P->oof + ((size_t)tk->l * P->ngrid + (size_t)tk->g) * P->d->n;
            for (size_t i = 0; i < P->d->n; i++)
                if (P->d->fold[i] == tk->fold)
                    out[i] = decision(sm, P->d->gx ? P->d->gx[i] : P->d->x[i]);
            svm_free_and_destroy_model(&sm);
        }
        size_t done = atomic_fetch_add(&P->done, 1) + 1;
        if (P->opts->progress) {
            pthread_mutex_lock(&P->lock);
            P->opts->progress(P->stage, done, P->ntasks, P->opts->progress_ud);
            pthread_mutex_unlock(&P->lock);
        }
    }
}

static int run_pool(struct pool *P, int threads)
{
    if (threads < 1)
        threads = 1;
    if (threads > 16)
        threads = 16;
    pthread_t th[16];
    int started = 0;
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&th[started], NULL, worker, P) != 0)
            break;
        started++;
    }
    worker(P);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    return atomic_load(&P->failed) ? -1 : 0;
}

struct scored {
    double s;
    unsigned char y;
};

static int cmp_scored_desc(const void *a, const void *b)
{
    double x = ((const struct scored *)a)->s, y = ((const struct scored *)b)->s;
    return x > y ? -1 : x < y;
}

/* The threshold on s maximising F1 (predict positive when s >= t); fills the
 * confusion counts there. Ties in s are kept together. */
static double best_threshold(const double *s, const unsigned *labels, int l, size_t n,
                             double *f1, long *tp_out, long *fp_out, long *pos_out)
{
    struct scored *v = rasd_malloc((n ? n : 1) * sizeof *v);
    if (!v) {
        *f1 = 0;
        return 0.5;
    }
    long pos = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].s = s[i];
        v[i].y = (labels[i] >> l) & 1;
        pos += v[i].y;
    }
    qsort(v, n, sizeof *v, cmp_scored_desc);
    double best = -1, thr = v[0].s + 1;
    long tp = 0, fp = 0, btp = 0, bfp = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        for (; j < n && v[j].s == v[i].s; j++) {
            tp += v[j].y;
            fp += !v[j].y;
        }
        double f = pos ? 2.0 * (double)tp / (double)(tp + fp + pos) : 0;
        if (f > best) {
            best = f;
            btp = tp;
            bfp = fp;
            /* midway to the next lower score: less tied to one sentence */
            thr = j < n ? (v[i].s + v[j].s) / 2 : v[i].s;
        }
        i = j;
    }
    rasd_free(v);
    *f1 = best < 0 ? 0 : best;
    *tp_out = btp;
    *fp_out = bfp;
    *pos_out = pos;
    return thr;
}

static void collapse(struct rasd_label_model *lm, const struct svm_model *sm, size_t features);

/* A model trained on the precomputed kernel, rebuilt over the sparse training
 * vectors of its support vectors (libsvm's sv_indices), with the model's own
 * kernel: the same dual solution, now a model svm-predict can read. */
static struct svm_model *with_real_svs(const struct svm_model *pre, const struct tdata *d,
                                       const struct rasd_model *m)
{
    struct svm_model *sm = calloc(1, sizeof *sm);
    if (!sm)
        return NULL;
    sm->param = pre->param;
    sm->param.kernel_type = m->kernel == RASD_KERNEL_RBF ? RBF : LINEAR;
    sm->param.gamma = m->gamma;
    sm->nr_class = pre->nr_class;
    sm->l = pre->l;
    int k = pre->nr_class;
    sm->SV = malloc((size_t)(pre->l ? pre->l : 1) * sizeof *sm->SV);
    sm->sv_coef = calloc((size_t)(k > 1 ? k - 1 : 1), sizeof *sm->sv_coef);
    sm->rho = malloc(sizeof(double) * (size_t)(k * (k - 1) / 2 ? k * (k - 1) / 2 : 1));
    sm->label = malloc(sizeof(int) * (size_t)k);
    sm->nSV = malloc(sizeof(int) * (size_t)k);
    sm->sv_indices = malloc(sizeof(int) * (size_t)(pre->l ? pre->l : 1));
    int ok = sm->SV && sm->sv_coef && sm->rho && sm->label && sm->nSV && sm->sv_indices;
    for (int c = 0; ok && c < k - 1; c++) {
        sm->sv_coef[c] = malloc(sizeof(double) * (size_t)(pre->l ? pre->l : 1));
        ok = sm->sv_coef[c] != NULL;
        if (ok && pre->l)
            memcpy(sm->sv_coef[c], pre->sv_coef[c], sizeof(double) * (size_t)pre->l);
    }
    if (!ok) {
        svm_free_and_destroy_model(&sm);
        return NULL;
    }
    for (int i = 0; i < pre->l; i++) {
        sm->sv_indices[i] = pre->sv_indices[i];
        sm->SV[i] = d->x[pre->sv_indices[i] - 1];
    }
    memcpy(sm->rho, pre->rho, sizeof(double) * (size_t)(k * (k - 1) / 2));
    memcpy(sm->label, pre->label, sizeof(int) * (size_t)k);
    if (pre->nSV)
        memcpy(sm->nSV, pre->nSV, sizeof(int) * (size_t)k);
    sm->free_sv = 0;
    return sm;
}


int rasd_model_train(struct rasd_model *m, const struct rasd_corpus *c,
                     const struct rasd_train_opts *o, struct rasd_error *e)
{
    svm_set_print_string_function(quiet_print);
    m->text_flags = o->text_flags;
    m->feat = o->feat;
    m->kernel = o->kernel;
    m->folds = o->folds;
    m->grouped = o->group_folds && c->nfiles >= 3;
    if (m->grouped && (size_t)m->folds > c->nfiles)
        m->folds = (int)c->nfiles;
    m->seed = o->seed;
    m->train_sentences = (long)c->n;
    if (c->n < (size_t)o->folds * 2 || c->n < 4)
        return rasd_fail(e, RASD_EINVAL, NULL, 0, "need at least %d sentences to train, got %zu",
                         o->folds * 2, c->n);
    struct tdata d = {0};
#define PROGRESS(what, done, total)                                                     \
    do {                                                                                   \
        if (o->progress)                                                                   \
            o->progress(what, done, total, o->progress_ud);                                \
    } while (0)
    PROGRESS("extracting features", 0, c->n);
    int rc = build_tdata(m, c, &d, o, e);
    if (rc) {
        tdata_release(&d);
        return rc;
    }
    m->gamma = o->gamma > 0 ? o->gamma : 1.0;
    PROGRESS("extracting features", c->n, c->n);
    if (d.n <= gram_limit()) {
        PROGRESS("kernel matrix", 0, d.n);
        if ((rc = build_gram(&d, m->kernel, m->gamma, o->threads))) {
            tdata_release(&d);
            return rasd_fail(e, rc, NULL, 0, "out of memory for the kernel matrix");
        }
    }

    const double *grid = o->C > 0 ? &o->C : c_grid;
    size_t ngrid = o->C > 0 ? 1 : NGRID;
    struct pool P;
    memset(&P, 0, sizeof P);
    P.m = m;
    P.d = &d;
    P.grid = grid;
    P.ngrid = ngrid;
    P.opts = o;
    P.stage = "cross-validation models";
    pthread_mutex_init(&P.lock, NULL);
    P.ntasks = RASD_NLABELS * ngrid * (size_t)m->folds;
    P.tasks = rasd_malloc((P.ntasks + RASD_NLABELS) * sizeof *P.tasks);
    P.oof = rasd_calloc(RASD_NLABELS * ngrid * d.n, sizeof *P.oof);
    struct svm_model *final[RASD_NLABELS] = {0};
    double final_c[RASD_NLABELS];
    P.final = final;
    P.final_c = final_c;
    if (!P.tasks || !P.oof) {
        rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    size_t t = 0;
    for (int l = 0; l < RASD_NLABELS; l++)
        for (size_t g = 0; g < ngrid; g++)
            for (int k = 0; k < m->folds; k++)
                P.tasks[t++] = (struct task){l, (int)g, k};
    if (run_pool(&P, o->threads)) {
        rc = rasd_fail(e, RASD_ESVM, NULL, 0, "%s", P.err);
        goto out;
    }

    unsigned char *y = rasd_malloc(d.n);
    double *prob = rasd_malloc(d.n * sizeof *prob);
    if (!y || !prob) {
        rasd_free(y);
        rasd_free(prob);
        rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (int l = 0; l < RASD_NLABELS; l++) {
        struct rasd_label_model *lm = &m->label[l];
        size_t bg = 0;
        double bestf = -1;
        for (size_t g = 0; g < ngrid; g++) {
            double f1;
            long tp, fp, pos;
            best_threshold(P.oof + ((size_t)l * ngrid + g) * d.n, d.labels, l, d.n, &f1, &tp,
                           &fp, &pos);
            if (f1 > bestf + 1e-9) {
                bestf = f1;
                bg = g;
            }
        }
        const double *dec = P.oof + ((size_t)l * ngrid + bg) * d.n;
        for (size_t i = 0; i < d.n; i++)
            y[i] = (d.labels[i] >> l) & 1;
        rasd_platt_fit(dec, y, d.n, &lm->platt_a, &lm->platt_b);
        for (size_t i = 0; i < d.n; i++)
            prob[i] = rasd_platt_prob(dec[i], lm->platt_a, lm->platt_b);
        long tp, fp, pos;
        lm->threshold = best_threshold(prob, d.labels, l, d.n, &lm->cv_f1, &tp, &fp, &pos);
        long neg = (long)d.n - pos;
        lm->C = grid[bg];
        lm->positives = pos;
        lm->cv_precision = tp + fp ? (double)tp / (double)(tp + fp) : 0;
        lm->cv_recall = pos ? (double)tp / (double)pos : 0;
        lm->cv_tpr = lm->cv_recall;
        lm->cv_fpr = neg ? (double)fp / (double)neg : 0;
        final_c[l] = lm->C;
    }
    rasd_free(y);
    rasd_free(prob);

    /* the final models, on all sentences */
    atomic_store(&P.next, 0);
    atomic_store(&P.done, 0);
    for (int l = 0; l < RASD_NLABELS; l++)
        P.tasks[l] = (struct task){l, 0, -1};
    P.ntasks = RASD_NLABELS;
    P.stage = "final models";
    if (run_pool(&P, o->threads)) {
        rc = rasd_fail(e, RASD_ESVM, NULL, 0, "%s", P.err);
        goto out;
    }
    for (int l = 0; l < RASD_NLABELS && d.gx; l++) {
        struct svm_model *real = with_real_svs(final[l], &d, m);
        if (!real) {
            rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        svm_free_and_destroy_model(&final[l]);
        final[l] = real;
    }
    for (int l = 0; l < RASD_NLABELS; l++) {
        struct svm_model *sm = final[l];
        /* store the Platt sigmoid in libsvm's own fields (for svm-predict -b 1);
         * libsvm's probability is for its first class, which is +1 here. */
        sm->probA = malloc(sizeof(double));
        sm->probB = malloc(sizeof(double));
        if (!sm->probA || !sm->probB) {
            rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        double a = m->label[l].platt_a, b = m->label[l].platt_b;
        if (sm->label[0] != 1)
            b = -b; /* P(first class = -1) = 1 - P(+1): same A, B negated */
        sm->probA[0] = a;
        sm->probB[0] = b;
        sm->param.probability = 1;
        m->label[l].svm = sm;
        final[l] = NULL;
        if (m->kernel == RASD_KERNEL_LINEAR) {
            collapse(&m->label[l], sm, m->vocab.n);
            if (!m->label[l].w) {
                rc = rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
                goto out;
            }
        }
    }
out:
    for (int l = 0; l < RASD_NLABELS; l++)
        if (final[l])
            svm_free_and_destroy_model(&final[l]);
    pthread_mutex_destroy(&P.lock);
    rasd_free(P.tasks);
    rasd_free(P.oof);
    if (rc) {
        tdata_release(&d);
        return rc;
    }
    /* libsvm's models point into the training nodes: they live with the model. */
    m->train_nodes = d.pool;
    d.pool = NULL;
    tdata_release(&d);
    return 0;
}

/* w = sum_i coef_i * SV_i, oriented so that w.x - rho > 0 means the label. */
static void collapse(struct rasd_label_model *lm, const struct svm_model *sm, size_t features)
{
    lm->w = rasd_calloc(features + 1, sizeof *lm->w);
    if (!lm->w)
        return;
    double sign = sm->label[0] == 1 ? 1.0 : -1.0;
    if (sm->nr_class < 2) {
        lm->rho = -sign; /* a constant decision */
        return;
    }
    for (int i = 0; i < sm->l; i++) {
        double coef = sm->sv_coef[0][i];
        for (const struct svm_node *p = sm->SV[i]; p->index != -1; p++)
            if (p->index >= 1 && (size_t)p->index <= features)
                lm->w[p->index] += sign * coef * p->value;
    }
    lm->rho = sign * sm->rho[0];
}

/* ---- saving ---- */

struct digest {
    long long size;
    uint64_t hash;
};

static int file_digest(const char *path, struct digest *dg)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    uint64_t h = 14695981039346656037ULL;
    long long size = 0;
    unsigned char buf[1 << 15];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
        for (size_t i = 0; i < got; i++) {
            h ^= buf[i];
            h *= 1099511628211ULL;
        }
        size += (long long)got;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return -1;
    dg->size = size;
    dg->hash = h;
    return 0;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    FILE *out = fopen(to, "wb");
    if (!out) {
        fclose(in);
        return -1;
    }
    char buf[1 << 15];
    size_t got;
    int bad = 0;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, out) != got)
            bad = 1;
    bad |= ferror(in);
    fclose(in);
    if (fclose(out))
        bad = 1;
    return bad ? -1 : 0;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Removes a directory holding only files. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        char path[PATH_MAX];
        while ((de = readdir(d))) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) < (int)sizeof path)
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static const char *const model_files[] = {"vocab.tsv", "lexicon.tsv", "attack.svm",
                                          "retaliation.svm", "evacuation.svm", "casualty.svm"};
#define NFILES (sizeof model_files / sizeof model_files[0])

static int join(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

/* 1 when dir does not exist, 0 when it is an empty directory or a rasd model
 * directory, -1 when it is something else. */
static int target_kind(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return errno == ENOENT ? 1 : -1;
    if (!S_ISDIR(st.st_mode))
        return -1;
    char path[PATH_MAX];
    if (join(path, sizeof path, dir, "rasd-model.txt"))
        return -1;
    if (access(path, F_OK) == 0)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int empty = 1;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty ? 0 : -1;
}

static int write_header(const struct rasd_model *m, const char *tmp, const struct digest *dg,
                        const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fprintf(fp, "%s %d\n", RASD_MODEL_MAGIC, RASD_MODEL_VERSION);
    fprintf(fp, "labels");
    for (int l = 0; l < RASD_NLABELS; l++)
        fprintf(fp, " %s", rasd_label_names[l]);
    fprintf(fp, "\ntext-flags %u\nfamilies %u\nchar-min %d\nchar-max %d\nmin-count %d\n"
                "cue-scale %.17g\n",
            m->text_flags, m->feat.families, m->feat.char_min, m->feat.char_max,
            m->feat.min_count, m->feat.cue_scale);
    fprintf(fp, "features %zu\ntrain-sentences %ld\nkernel %s\ngamma %.17g\nfolds %d\n"
                "fold-groups %s\nseed %lu\n",
            m->vocab.n, m->train_sentences, m->kernel == RASD_KERNEL_RBF ? "rbf" : "linear",
            m->gamma, m->folds, m->grouped ? "files" : "stratified", m->seed);
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_model *lm = &m->label[l];
        const char *n = rasd_label_names[l];
        fprintf(fp,
                "%s.C %.17g\n%s.threshold %.17g\n%s.platt-a %.17g\n%s.platt-b %.17g\n"
                "%s.positives %ld\n%s.cv-precision %.17g\n%s.cv-recall %.17g\n%s.cv-f1 %.17g\n"
                "%s.cv-tpr %.17g\n%s.cv-fpr %.17g\n",
                n, lm->C, n, lm->threshold, n, lm->platt_a, n, lm->platt_b, n, lm->positives, n,
                lm->cv_precision, n, lm->cv_recall, n, lm->cv_f1, n, lm->cv_tpr, n, lm->cv_fpr);
    }
    for (size_t i = 0; i < NFILES; i++)
        fprintf(fp, "file %s %lld %016llx\n", model_files[i], dg[i].size,
                (unsigned long long)dg[i].hash);
    (void)tmp;
    int bad = ferror(fp);
    if (fclose(fp) || bad)
        return -1;
    return 0;
}

int rasd_model_save(const struct rasd_model *m, const char *dir, const char *lexicon_path,
                    int force, struct rasd_error *e)
{
    int kind = target_kind(dir);
    if (kind < 0)
        return rasd_fail(e, RASD_EIO, dir, 0, "exists and is not a rasd model directory; "
                                              "not replacing it");
    if (kind == 0 && !force)
        return rasd_fail(e, RASD_EIO, dir, 0, "model directory exists (use --force to replace it)");
    char tmp[PATH_MAX], path[PATH_MAX];
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    int n = snprintf(tmp, sizeof tmp, "%.*s.tmp-XXXXXX", (int)dl, dir);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return rasd_fail(e, RASD_EIO, dir, 0, "path too long");
    if (!mkdtemp(tmp))
        return rasd_fail(e, RASD_EIO, dir, 0, "cannot create a temporary directory: %s",
                         strerror(errno));
    mode_t um = umask(0); /* mkdtemp makes it 0700: give the model the usual mode */
    umask(um);
    chmod(tmp, 0777 & ~um);
    struct digest dg[NFILES];
    int rc = 0;
    const char *what = "";
    for (size_t i = 0; i < NFILES && rc == 0; i++) {
        what = model_files[i];
        if (join(path, sizeof path, tmp, model_files[i])) {
            rc = -1;
            break;
        }
        if (i == 0) {
            struct rasd_error e2 = {0};
            rc = rasd_vocab_save(&m->vocab, path, &e2);
        } else if (i == 1) {
            if (lexicon_path && (m->feat.families & (1u << RASD_FAM_LEXICON))) {
                rc = copy_file(lexicon_path, path);
            } else {
                FILE *fp = fopen(path, "w");
                rc = fp ? fclose(fp) : -1;
            }
        } else {
            rc = svm_save_model(path, m->label[i - 2].svm) ? -1 : 0;
        }
        if (rc == 0)
            rc = file_digest(path, &dg[i]) || fsync_path(path, 0) ? -1 : 0;
    }
    if (rc == 0) {
        what = "rasd-model.txt";
        rc = join(path, sizeof path, tmp, "rasd-model.txt") || write_header(m, tmp, dg, path) ||
                     fsync_path(path, 0) || fsync_path(tmp, 1)
                 ? -1
                 : 0;
    }
    if (rc) {
        int err = errno;
        remove_dir(tmp);
        return rasd_fail(e, RASD_EIO, dir, 0, "cannot write %s: %s", what,
                         err ? strerror(err) : "write failed");
    }
    if (kind == 0) {
        /* swap the complete new model with the old one in one step */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) != 0) {
            int err = errno;
            remove_dir(tmp);
            return rasd_fail(e, RASD_EIO, dir, 0, "cannot replace the model: %s", strerror(err));
        }
        remove_dir(tmp); /* now the old model */
    } else if (rename(tmp, dir) != 0) {
        int err = errno;
        remove_dir(tmp);
        return rasd_fail(e, RASD_EIO, dir, 0, "cannot move the model into place: %s",
                         strerror(err));
    }
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%.*s", (int)dl, dir);
    char *slash = strrchr(parent, '/');
    if (slash)
        *(slash == parent ? slash + 1 : slash) = '\0';
    else
        snprintf(parent, sizeof parent, ".");
    fsync_path(parent, 1);
    return 0;
}

/* ---- loading ---- */

static int bad_model(struct rasd_error *e, const char *file, long line, const char *fmt,
                     const char *arg)
{
    rasd_fail(e, RASD_EMODEL, file, line, fmt, arg);
    return RASD_EMODEL;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

/* Reads rasd-model.txt into m and the file digests; checks every key. */
static int read_header(struct rasd_model *m, const char *path, struct digest *dg,
                       size_t *features, struct rasd_error *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rasd_fail(e, RASD_EMODEL, path, 0, "cannot open model: %s", strerror(errno));
    struct rasd_lines r;
    int rc = rasd_lines_init(&r, fp, path, 4096, 0, e);
    char *line;
    size_t len;
    unsigned seen = 0, files_seen = 0;
    int label_seen[RASD_NLABELS] = {0};
    long v;
    if (rc == 0) {
        rc = rasd_lines_next(&r, &line, &len, e);
        int ver = 0;
        char magic[32];
        if (rc < 0) {
            rc = bad_model(e, path, 1, "%s", "not a rasd model (unreadable header)");
        } else if (rc == 0 || sscanf(line, "%31s %d", magic, &ver) != 2 ||
                   strcmp(magic, RASD_MODEL_MAGIC) != 0) {
            rc = bad_model(e, path, 1, "%s", "not a rasd model (no 'rasd-model' header)");
        } else if (ver > RASD_MODEL_VERSION) {
            rc = rasd_fail(e, RASD_EMODEL, path, 1,
                           "model format version %d is newer than this rasd reads (%d): "
                           "upgrade rasd or retrain",
                           ver, RASD_MODEL_VERSION);
        } else if (ver < 1) {
            rc = bad_model(e, path, 1, "%s", "bad model format version");
        } else {
            rc = 0;
        }
    }
    while (rc == 0 && (rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        rc = 0;
        long ln = r.lineno;
        char *sp = strchr(line, ' ');
        if (!sp) {
            rc = bad_model(e, path, ln, "%s", "malformed line");
            break;
        }
        *sp = '\0';
        const char *key = line, *val = sp + 1;
        double d;
        if (strcmp(key, "labels") == 0) {
            char want[128] = "";
            for (int l = 0; l < RASD_NLABELS; l++) {
                strcat(want, l ? " " : "");
                strcat(want, rasd_label_names[l]);
            }
            if (strcmp(val, want) != 0) {
                rc = bad_model(e, path, ln, "labels '%s' do not match this rasd's labels", val);
                break;
            }
            seen |= 1;
        } else if (strcmp(key, "text-flags") == 0 && parse_long(val, &v) == 0 && v >= 0 &&
                   v <= RASD_TEXT_DEFAULT) {
            m->text_flags = (unsigned)v;
            seen |= 2;
        } else if (strcmp(key, "families") == 0 && parse_long(val, &v) == 0 && v >= 0 &&
                   v < (1L << RASD_NFAM)) {
            m->feat.families = (unsigned)v;
            seen |= 4;
        } else if (strcmp(key, "char-min") == 0 && parse_long(val, &v) == 0 && v >= 1 && v <= 10) {
            m->feat.char_min = (int)v;
            seen |= 8;
        } else if (strcmp(key, "char-max") == 0 && parse_long(val, &v) == 0 && v >= 1 && v <= 10) {
            m->feat.char_max = (int)v;
            seen |= 16;
        } else if (strcmp(key, "cue-scale") == 0 && parse_double(val, &d) == 0 && d >= 0) {
            m->feat.cue_scale = d;
        } else if (strcmp(key, "min-count") == 0 && parse_long(val, &v) == 0 && v >= 1) {
            m->feat.min_count = (int)v;
        } else if (strcmp(key, "features") == 0 && parse_long(val, &v) == 0 && v >= 0 &&
                   v < 50000000) {
            *features = (size_t)v;
            seen |= 32;
        } else if (strcmp(key, "train-sentences") == 0 && parse_long(val, &v) == 0) {
            m->train_sentences = v;
        } else if (strcmp(key, "kernel") == 0 &&
                   (strcmp(val, "linear") == 0 || strcmp(val, "rbf") == 0)) {
            m->kernel = strcmp(val, "rbf") == 0 ? RASD_KERNEL_RBF : RASD_KERNEL_LINEAR;
            seen |= 64;
        } else if (strcmp(key, "gamma") == 0 && parse_double(val, &d) == 0) {
            m->gamma = d;
        } else if (strcmp(key, "folds") == 0 && parse_long(val, &v) == 0) {
            m->folds = (int)v;
        } else if (strcmp(key, "fold-groups") == 0 &&
                   (strcmp(val, "files") == 0 || strcmp(val, "stratified") == 0)) {
            m->grouped = strcmp(val, "files") == 0;
        } else if (strcmp(key, "seed") == 0 && parse_long(val, &v) == 0) {
            m->seed = (unsigned long)v;
        } else if (strcmp(key, "file") == 0) {
            char name[64];
            long long size;
            unsigned long long hash;
            size_t i;
            if (sscanf(val, "%63s %lld %llx", name, &size, &hash) != 3) {
                rc = bad_model(e, path, ln, "%s", "malformed file line");
                break;
            }
            for (i = 0; i < NFILES && strcmp(name, model_files[i]); i++)
                ;
            if (i == NFILES) {
                rc = bad_model(e, path, ln, "unknown model file '%s'", name);
                break;
            }
            dg[i].size = size;
            dg[i].hash = hash;
            files_seen |= 1u << i;
        } else {
            const char *dot = strchr(key, '.');
            int l = dot ? rasd_label_index(key, (size_t)(dot - key)) : -1;
            struct rasd_label_model *lm = l >= 0 ? &m->label[l] : NULL;
            const char *f = dot ? dot + 1 : "";
            double *dst = !lm                              ? NULL
                          : strcmp(f, "C") == 0            ? &lm->C
                          : strcmp(f, "threshold") == 0    ? &lm->threshold
                          : strcmp(f, "platt-a") == 0      ? &lm->platt_a
                          : strcmp(f, "platt-b") == 0      ? &lm->platt_b
                          : strcmp(f, "cv-precision") == 0 ? &lm->cv_precision
                          : strcmp(f, "cv-recall") == 0    ? &lm->cv_recall
                          : strcmp(f, "cv-f1") == 0        ? &lm->cv_f1
                          : strcmp(f, "cv-tpr") == 0       ? &lm->cv_tpr
                          : strcmp(f, "cv-fpr") == 0       ? &lm->cv_fpr
                                                           : NULL;
            if (lm && strcmp(f, "positives") == 0 && parse_long(val, &v) == 0) {
                lm->positives = v;
            } else if (dst && parse_double(val, dst) == 0) {
                if (strcmp(f, "threshold") == 0)
                    label_seen[l] = 1;
            } else {
                rc = bad_model(e, path, ln, "unknown or bad key '%s'", key);
                break;
            }
        }
    }
    rasd_lines_release(&r);
    fclose(fp);
    if (rc < 0)
        return rc == RASD_ENOMEM ? rc : RASD_EMODEL;
    if (seen != 127)
        return bad_model(e, path, 0, "%s", "model header is incomplete (truncated?)");
    if (files_seen != (1u << NFILES) - 1)
        return bad_model(e, path, 0, "%s", "model header does not list every model file");
    for (int l = 0; l < RASD_NLABELS; l++)
        if (!label_seen[l])
            return bad_model(e, path, 0, "no threshold for label '%s'", rasd_label_names[l]);
    return 0;
}

static int load(struct rasd_model *m, const char *dir, int keep, struct rasd_error *e)
{
    char path[PATH_MAX];
    struct digest want[NFILES] = {{0, 0}};
    size_t features = 0;
    svm_set_print_string_function(quiet_print);
    struct stat st;
    if (stat(dir, &st) != 0)
        return rasd_fail(e, RASD_EMODEL, dir, 0, "cannot open model: %s", strerror(errno));
    if (join(path, sizeof path, dir, "rasd-model.txt"))
        return rasd_fail(e, RASD_EMODEL, dir, 0, "path too long");
    int rc = read_header(m, path, want, &features, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < NFILES; i++) {
        struct digest got;
        if (join(path, sizeof path, dir, model_files[i]) || file_digest(path, &got))
            return rasd_fail(e, RASD_EMODEL, path, 0, "missing or unreadable model file");
        if (got.size != want[i].size)
            return rasd_fail(e, RASD_EMODEL, path, 0,
                             "size %lld, the model header says %lld (truncated or edited)",
                             got.size, want[i].size);
        if (got.hash != want[i].hash)
            return rasd_fail(e, RASD_EMODEL, path, 0,
                             "checksum does not match the model header (edited or corrupt)");
    }
    join(path, sizeof path, dir, "vocab.tsv");
    if ((rc = rasd_vocab_load(&m->vocab, path, e)))
        return rc;
    if (m->vocab.n != features)
        return rasd_fail(e, RASD_EMODEL, path, 0, "%zu features, the model header says %zu",
                         m->vocab.n, features);
    if (m->feat.families & (1u << RASD_FAM_LEXICON)) {
        struct rasd_pipeline *p = rasd_pipeline_new(m->text_flags, e);
        if (!p)
            return e->code;
        join(path, sizeof path, dir, "lexicon.tsv");
        rc = rasd_lexicon_load(&m->lex, path, p, e);
        rasd_pipeline_free(p);
        if (rc)
            return rc == RASD_ENOMEM ? rc : (e->code = RASD_EMODEL);
    }
    for (int l = 0; l < RASD_NLABELS; l++) {
        join(path, sizeof path, dir, model_files[2 + l]);
        if ((rc = rasd_svm_file_check(path, e))) /* libsvm trusts what it reads */
            return rc;
        struct svm_model *sm = svm_load_model(path);
        if (!sm)
            return rasd_fail(e, RASD_EMODEL, path, 0, "libsvm cannot read this model file");
        m->label[l].svm = sm;
        if (svm_get_svm_type(sm) != C_SVC || sm->nr_class > 2 || sm->nr_class < 1 ||
            (sm->nr_class == 2 && !((sm->label[0] == 1 && sm->label[1] == -1) ||
                                    (sm->label[0] == -1 && sm->label[1] == 1))) ||
            sm->param.kernel_type != (m->kernel == RASD_KERNEL_RBF ? RBF : LINEAR))
            return rasd_fail(e, RASD_EMODEL, path, 0,
                             "not a binary C-SVC model of the kernel the header names");
        for (int i = 0; i < sm->l; i++)
            for (const struct svm_node *p = sm->SV[i]; p->index != -1; p++)
                if (p->index < 1 || (size_t)p->index > features)
                    return rasd_fail(e, RASD_EMODEL, path, 0,
                                     "support vector index %d outside the vocabulary", p->index);
        if (m->kernel == RASD_KERNEL_LINEAR) {
            collapse(&m->label[l], sm, features);
            if (!m->label[l].w)
                return rasd_fail(e, RASD_ENOMEM, path, 0, "out of memory");
            if (!keep) {
                svm_free_and_destroy_model(&sm);
                m->label[l].svm = NULL;
            }
        }
    }
    return 0;
}

int rasd_model_read_header(struct rasd_model *m, const char *dir, struct rasd_error *e)
{
    char path[PATH_MAX];
    struct digest want[NFILES];
    size_t features = 0;
    if (join(path, sizeof path, dir, "rasd-model.txt"))
        return rasd_fail(e, RASD_EMODEL, dir, 0, "path too long");
    return read_header(m, path, want, &features, e);
}

int rasd_model_load(struct rasd_model *m, const char *dir, struct rasd_error *e)
{
    return load(m, dir, 0, e);
}

int rasd_model_load_keep(struct rasd_model *m, const char *dir, struct rasd_error *e)
{
    return load(m, dir, 1, e);
}

/* ---- prediction ---- */

static double svm_decision_fvec(const struct svm_model *sm, const struct rasd_fvec *x)
{
    struct svm_node stack[512], *nodes = stack;
    if (x->n + 1 > 512) {
        nodes = malloc((x->n + 1) * sizeof *nodes);
        if (!nodes)
            return 0;
    }
    for (size_t i = 0; i < x->n; i++)
        nodes[i] = (struct svm_node){x->index[i], x->value[i]};
    nodes[x->n].index = -1;
    double d = decision(sm, nodes);
    if (nodes != stack)
        free(nodes);
    return d;
}

void rasd_model_predict(const struct rasd_model *m, const struct rasd_fvec *x,
                        struct rasd_prediction *out)
{
    out->labels = 0;
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_model *lm = &m->label[l];
        double dec;
        if (lm->w) {
            dec = -lm->rho;
            for (size_t i = 0; i < x->n; i++)
                dec += lm->w[x->index[i]] * x->value[i];
        } else {
            dec = svm_decision_fvec(lm->svm, x);
        }
        out->dec[l] = dec;
        out->p[l] = rasd_platt_prob(dec, lm->platt_a, lm->platt_b);
        if (out->p[l] >= lm->threshold)
            out->labels |= 1u << l;
    }
}

double rasd_model_libsvm_decision(const struct rasd_model *m, int l, const struct rasd_fvec *x)
{
    return m->label[l].svm ? svm_decision_fvec(m->label[l].svm, x) : NAN;
}

/* ---- one sentence at a time ---- */

int rasd_classifier_init(struct rasd_classifier *c, const struct rasd_model *m,
                         struct rasd_error *e)
{
    memset(c, 0, sizeof *c);
    c->model = m;
    c->pipeline = rasd_pipeline_new(m->text_flags, e);
    if (!c->pipeline)
        return e->code;
    rasd_featurizer_init(&c->feat, &m->feat, &m->lex, &m->vocab);
    return 0;
}

void rasd_classifier_release(struct rasd_classifier *c)
{
    rasd_pipeline_free(c->pipeline);
    rasd_featurizer_release(&c->feat);
    rasd_fvec_release(&c->vec);
    memset(c, 0, sizeof *c);
}

int rasd_classify_sentence(struct rasd_classifier *c, const char *text, size_t n,
                           struct rasd_prediction *out, long *killed, long *injured,
                           struct rasd_error *e)
{
    struct rasd_sentence s;
    int rc = rasd_pipeline_analyze(c->pipeline, text, n, &s, e);
    if (rc)
        return rc;
    if ((rc = rasd_features_extract(&c->feat, &s, &c->vec)))
        return rasd_fail(e, rc, NULL, 0, "out of memory");
    rasd_model_predict(c->model, &c->vec, out);
    if (killed)
        *killed = c->feat.killed;
    if (injured)
        *injured = c->feat.injured;
    return 0;
}
