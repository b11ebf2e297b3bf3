#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_sort_long.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_statistics_long.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* ---- intervals ---- */

static int check_kn(long k, long n, double level, double *lo, double *hi)
{
    *lo = 0;
    *hi = 1;
    if (n < 0 || k < 0 || k > n || !(level > 0 && level < 1))
        return RASD_EINVAL;
    return n == 0 ? RASD_EINVAL : 0;
}

int rasd_wilson(long k, long n, double level, double *lo, double *hi)
{
    int rc = check_kn(k, n, level, lo, hi);
    if (rc)
        return rc;
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
    double z2 = z * z, dn = (double)n, dk = (double)k;
    double centre = (dk + z2 / 2) / (dn + z2);
    double half = z / (dn + z2) * sqrt(dk * (dn - dk) / dn + z2 / 4);
    *lo = k == 0 ? 0 : fmax(0, centre - half);
    *hi = k == n ? 1 : fmin(1, centre + half);
    return 0;
}

/* Bisection on the beta CDF: the largest x (to double precision) with
 * P(x) < p, using the upper tail Q where p > 1/2 to keep precision near 1. */
static double beta_bisect(double p, double a, double b)
{
    int upper = p > 0.5;
    double target = upper ? 1 - p : p, lo = 0, hi = 1;
    for (int i = 0; i < 2200; i++) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        double v = upper ? gsl_cdf_beta_Q(mid, a, b) : gsl_cdf_beta_P(mid, a, b);
        if (upper ? v > target : v < target)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

double rasd_beta_quantile(double p, double a, double b)
{
    if (!(a > 0 && b > 0 && p >= 0 && p <= 1))
        return NAN;
    if (p == 0)
        return 0;
    if (p == 1)
        return 1;
    double x = gsl_cdf_beta_Pinv(p, a, b);
    if (isfinite(x) && x >= 0 && x <= 1) {
        /* Accept GSL's answer when the CDF agrees with it. */
        double got = p > 0.5 ? gsl_cdf_beta_Q(x, a, b) : gsl_cdf_beta_P(x, a, b);
        double want = p > 0.5 ? 1 - p : p;
        if (fabs(got - want) <= 1e-9 * want)
            return x;
    }
    return beta_bisect(p, a, b);
}

int rasd_clopper_pearson(long k, long n, double level, double *lo, double *hi)
{
    int rc = check_kn(k, n, level, lo, hi);
    if (rc)
        return rc;
    double a = 1 - level, dk = (double)k, dn = (double)n;
    *lo = k == 0 ? 0 : rasd_beta_quantile(a / 2, dk, dn - dk + 1);
    *hi = k == n ? 1 : rasd_beta_quantile(1 - a / 2, dk + 1, dn - dk);
    return 0;
}

double rasd_poibin_sd(const double *p, size_t n)
{
    double v = 0;
    for (size_t i = 0; i < n; i++)
        v += p[i] * (1 - p[i]);
    return sqrt(v);
}

int rasd_adjust_prevalence(double q, double tpr, double fpr, double *out)
{
    *out = NAN;
    if (!(tpr >= 0 && tpr <= 1 && fpr >= 0 && fpr <= 1 && tpr > fpr) || !(q >= 0 && q <= 1))
        return RASD_EINVAL;
    double v = (q - fpr) / (tpr - fpr);
    *out = v < 0 ? 0 : v > 1 ? 1 : v;
    return 0;
}

int rasd_cluster_bootstrap(const long *k, const long *n, size_t m, int nl, long reps,
                           unsigned long seed, double level, double *lo, double *hi,
                           double *se)
{
    for (int l = 0; l < nl; l++)
        lo[l] = hi[l] = se[l] = NAN;
    if (m == 0 || nl < 1 || reps < 2 || !(level > 0 && level < 1))
        return RASD_EINVAL;
    for (size_t i = 0; i < m; i++)
        if (n[i] <= 0)
            return RASD_EINVAL;
    double *rep = rasd_malloc((size_t)reps * (size_t)nl * sizeof *rep);
    long *sum = rasd_malloc((size_t)nl * sizeof *sum);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rep || !sum || !rng) {
        rasd_free(rep);
        rasd_free(sum);
        if (rng)
            gsl_rng_free(rng);
        return RASD_ENOMEM;
    }
    gsl_rng_set(rng, seed);
    for (long r = 0; r < reps; r++) {
        long total = 0;
        memset(sum, 0, (size_t)nl * sizeof *sum);
        for (size_t d = 0; d < m; d++) {
            size_t i = (size_t)gsl_rng_uniform_int(rng, (unsigned long)m);
            total += n[i];
            for (int l = 0; l < nl; l++)
                sum[l] += k[i * (size_t)nl + (size_t)l];
        }
        /* Stored label-major: replicate r of ratio l at rep[l * reps + r]. */
        for (int l = 0; l < nl; l++)
            rep[(size_t)l * (size_t)reps + (size_t)r] = (double)sum[l] / (double)total;
    }
    double a = 1 - level;
    for (int l = 0; l < nl; l++) {
        double *x = rep + (size_t)l * (size_t)reps;
        gsl_sort(x, 1, (size_t)reps);
        lo[l] = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)reps, a / 2);
        hi[l] = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)reps, 1 - a / 2);
        se[l] = gsl_stats_sd(x, 1, (size_t)reps);
    }
    gsl_rng_free(rng);
    rasd_free(rep);
    rasd_free(sum);
    return 0;
}

int rasd_casualty_summarise(const long *v, size_t n, struct rasd_casualty_sum *out)
{
    out->articles = 0;
    out->total = 0;
    out->median = NAN;
    out->min = out->max = -1;
    long *x = rasd_malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return RASD_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] >= 0) {
            x[m++] = v[i];
            out->total += v[i];
        }
    if (m) {
        gsl_sort_long(x, 1, m);
        out->articles = (long)m;
        out->median = gsl_stats_long_median_from_sorted_data(x, 1, m);
        out->min = x[0];
        out->max = x[m - 1];
    }
    rasd_free(x);
    return 0;
}

/* ---- accumulation ---- */

static void tally_init(struct rasd_tally *t)
{
    memset(t, 0, sizeof *t);
    rasd_strmap_init(&t->index);
    t->last = -1;
}

static void tally_release(struct rasd_tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        rasd_free(t->art[i].doc);
    rasd_free(t->art);
    rasd_strmap_release(&t->index);
    memset(t, 0, sizeof *t);
}

static int tally_add(struct rasd_tally *t, const struct rasd_record *r)
{
    size_t dl = strlen(r->doc);
    struct rasd_article *a = NULL;
    /* Sentences of an article are contiguous within a file: try the last one first. */
    if (t->last >= 0 && strcmp(t->art[t->last].doc, r->doc) == 0) {
        a = &t->art[t->last];
    } else {
        if (t->n == t->cap) {
            size_t nc = t->cap ? t->cap * 2 : 16;
            struct rasd_article *na = rasd_realloc(t->art, nc * sizeof *na);
            if (!na)
                return RASD_ENOMEM;
            t->art = na;
            t->cap = nc;
        }
        int added;
        int64_t *slot = rasd_strmap_put(&t->index, r->doc, dl, (int64_t)t->n, &added);
        if (!slot)
            return RASD_ENOMEM;
        if (added) {
            a = &t->art[t->n];
            memset(a, 0, sizeof *a);
            a->doc = rasd_strndup(r->doc, dl);
            if (!a->doc) {
                *slot = -1; /* never looked up again: the whole run fails */
                return RASD_ENOMEM;
            }
            a->killed = a->injured = -1;
            t->n++;
        }
        if (*slot < 0)
            return RASD_ENOMEM;
        t->last = (long)*slot;
        a = &t->art[*slot];
    }
    a->sentences++;
    t->sentences++;
    for (int i = 0; i < RASD_NLABELS; i++) {
        a->psum[i] += r->p[i];
        a->pvar[i] += r->p[i] * (1 - r->p[i]);
        if (!(r->labels & (1u << i)))
            continue;
        a->k[i]++;
        for (int j = 0; j < RASD_NLABELS; j++)
            if (r->labels & (1u << j))
                t->both[i][j]++;
    }
    if (r->killed > a->killed)
        a->killed = r->killed;
    if (r->injured > a->injured)
        a->injured = r->injured;
    return 0;
}

void rasd_stats_acc_init(struct rasd_stats_acc *a, int by)
{
    memset(a, 0, sizeof *a);
    a->by = by;
    tally_init(&a->all);
    rasd_strmap_init(&a->index);
}

void rasd_stats_acc_release(struct rasd_stats_acc *a)
{
    tally_release(&a->all);
    for (size_t i = 0; i < a->ngroups; i++) {
        rasd_free(a->groups[i].key);
        tally_release(&a->groups[i].t);
    }
    rasd_free(a->groups);
    rasd_strmap_release(&a->index);
    memset(a, 0, sizeof *a);
}

int rasd_iso_day(const char *s, long *days)
{
    for (int i = 0; i < 10; i++) {
        char c = s[i];
        if (i == 4 || i == 7 ? c != '-' : !(c >= '0' && c <= '9'))
            return -1;
    }
    long y = atol(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
        return -1;
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return 0;
}

int rasd_stats_add(struct rasd_stats_acc *a, const struct rasd_record *r, struct rasd_error *e)
{
    if (tally_add(&a->all, r))
        return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    if (a->by == RASD_BY_NONE)
        return 0;
    const char *key = a->by == RASD_BY_SOURCE ? r->source : a->by == RASD_BY_DATE ? r->date : r->doc;
    size_t kl = strlen(key);
    long day;
    if (a->by == RASD_BY_DATE && rasd_iso_day(key, &day) == 0)
        kl = 10;
    int added;
    if (a->ngroups == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 16;
        struct rasd_group *ng = rasd_realloc(a->groups, nc * sizeof *ng);
        if (!ng)
            return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        a->groups = ng;
        a->cap = nc;
    }
    int64_t *slot = rasd_strmap_put(&a->index, key, kl, (int64_t)a->ngroups, &added);
    if (!slot)
        return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    if (added) {
        struct rasd_group *g = &a->groups[a->ngroups];
        tally_init(&g->t);
        g->key = rasd_strndup(key, kl);
        if (!g->key) {
            *slot = -1;
            return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        }
        a->ngroups++;
    }
    if (*slot < 0 || tally_add(&a->groups[*slot].t, r))
        return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    return 0;
}

static int cmp_article(const void *x, const void *y)
{
    const struct rasd_article *a = x, *b = y;
    return strcmp(a->doc, b->doc);
}

static int cmp_group(const void *x, const void *y)
{
    const struct rasd_group *a = x, *b = y;
    if (!a->key[0] || !b->key[0])
        return !a->key[0] - !b->key[0]; /* unknown last */
    return strcmp(a->key, b->key);
}

/* Sorting invalidates the doc index, which is not needed after this. */
static void tally_finish(struct rasd_tally *t)
{
    if (t->n > 1)
        qsort(t->art, t->n, sizeof *t->art, cmp_article);
    rasd_strmap_release(&t->index);
    t->last = -1;
}

int rasd_stats_finish(struct rasd_stats_acc *a, struct rasd_error *e)
{
    (void)e;
    tally_finish(&a->all);
    for (size_t i = 0; i < a->ngroups; i++)
        tally_finish(&a->groups[i].t);
    if (a->ngroups > 1)
        qsort(a->groups, a->ngroups, sizeof *a->groups, cmp_group);
    rasd_strmap_release(&a->index);
    return 0;
}

/* ---- summaries ---- */

void rasd_stats_opts_default(struct rasd_stats_opts *o)
{
    memset(o, 0, sizeof *o);
    o->level = 0.95;
    o->reps = 1000;
    o->seed = 1;
}

int rasd_summarise(const struct rasd_tally *t, const struct rasd_stats_opts *o,
                   struct rasd_summary *s, struct rasd_error *e)
{
    memset(s, 0, sizeof *s);
    if (t->n == 0 || t->sentences == 0)
        return rasd_fail(e, RASD_EINVAL, NULL, 0, "no records");
    s->sentences = t->sentences;
    s->articles = (long)t->n;
    memcpy(s->both, t->both, sizeof s->both);
    int (*interval)(long, long, double, double *, double *) =
        o->exact ? rasd_clopper_pearson : rasd_wilson;
    long *k = rasd_malloc(t->n * RASD_NLABELS * sizeof *k);
    long *n = rasd_malloc(t->n * sizeof *n);
    long *kil = rasd_malloc(t->n * sizeof *kil);
    long *inj = rasd_malloc(t->n * sizeof *inj);
    int rc = k && n && kil && inj ? 0 : RASD_ENOMEM;
    for (size_t i = 0; rc == 0 && i < t->n; i++) {
        const struct rasd_article *a = &t->art[i];
        n[i] = a->sentences;
        kil[i] = a->killed;
        inj[i] = a->injured;
        for (int l = 0; l < RASD_NLABELS; l++)
            k[i * RASD_NLABELS + (size_t)l] = a->k[l];
    }
    for (int l = 0; rc == 0 && l < RASD_NLABELS; l++) {
        struct rasd_label_sum *ls = &s->label[l];
        double var = 0;
        for (size_t i = 0; i < t->n; i++) {
            const struct rasd_article *a = &t->art[i];
            ls->expected += a->psum[l];
            var += a->pvar[l];
            ls->articles += a->k[l] > 0;
        }
        ls->expected_sd = sqrt(var);
        ls->sentences = t->both[l][l];
        ls->share = (double)ls->sentences / (double)s->sentences;
        interval(ls->sentences, s->sentences, o->level, &ls->lo, &ls->hi);
        ls->art_share = (double)ls->articles / (double)s->articles;
        interval(ls->articles, s->articles, o->level, &ls->art_lo, &ls->art_hi);
        ls->adjusted =
            o->rates && rasd_adjust_prevalence(ls->share, o->tpr[l], o->fpr[l], &ls->adj) == 0 &&
            rasd_adjust_prevalence(ls->lo, o->tpr[l], o->fpr[l], &ls->adj_lo) == 0 &&
            rasd_adjust_prevalence(ls->hi, o->tpr[l], o->fpr[l], &ls->adj_hi) == 0;
        if (!ls->adjusted)
            ls->adj = ls->adj_lo = ls->adj_hi = NAN;
        ls->boot_lo = ls->boot_hi = ls->boot_se = NAN;
    }
    if (rc == 0 && o->reps >= 2 && t->n >= 2) {
        double lo[RASD_NLABELS], hi[RASD_NLABELS], se[RASD_NLABELS];
        rc = rasd_cluster_bootstrap(k, n, t->n, RASD_NLABELS, o->reps, o->seed, o->level, lo, hi,
                                    se);
        for (int l = 0; rc == 0 && l < RASD_NLABELS; l++) {
            s->label[l].boot = 1;
            s->label[l].boot_lo = lo[l];
            s->label[l].boot_hi = hi[l];
            s->label[l].boot_se = se[l];
        }
    }
    if (rc == 0)
        rc = rasd_casualty_summarise(kil, t->n, &s->killed);
    if (rc == 0)
        rc = rasd_casualty_summarise(inj, t->n, &s->injured);
    rasd_free(k);
    rasd_free(n);
    rasd_free(kil);
    rasd_free(inj);
    if (rc)
        return rasd_fail(e, rc, NULL, 0, "%s", rasd_strerror(rc));
    return 0;
}
