/* Statistics over classified records (DESIGN.md, "Statistics"): counts and
 * proportions of sentences and articles per label with Wilson or
 * Clopper-Pearson intervals, the expected count from the probabilities with
 * its Poisson-binomial s.d., a cluster bootstrap over articles, the
 * prevalence adjusted for the classifier's error rates, label co-occurrence
 * and casualty tallies; overall and per group (--by source|date|doc).
 * Distributions, quantiles, sorting and random numbers come from GSL; the
 * caller must have called gsl_set_error_handler_off(). Library code: no
 * printing, no exit. Methods are documented in the README ("rasd stats"). */
#ifndef RASD_STATS_H
#define RASD_STATS_H

#include <stddef.h>

#include "err.h"
#include "labels.h"
#include "records.h"
#include "strmap.h"

/* ---- intervals and estimators (pure functions) ---- */

/* Wilson score interval for k successes in n trials at confidence `level`
 * (0 < level < 1), z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2). The lower
 * bound is exactly 0 when k = 0, the upper exactly 1 when k = n. With n = 0
 * sets [0, 1] (no information) and returns RASD_EINVAL; also RASD_EINVAL for
 * k > n, k < 0 or a level outside (0, 1). Returns 0 otherwise. */
int rasd_wilson(long k, long n, double level, double *lo, double *hi);

/* Clopper-Pearson ("exact") interval from beta quantiles:
 * lo = Beta^-1(a/2; k, n-k+1), hi = Beta^-1(1-a/2; k+1, n-k), a = 1 - level,
 * lo = 0 when k = 0 and hi = 1 when k = n. Quantiles come from
 * gsl_cdf_beta_Pinv; where it fails to converge (it does for large n) they
 * are found by bisection on gsl_cdf_beta_P / gsl_cdf_beta_Q. Same edge cases
 * and return values as rasd_wilson. */
int rasd_clopper_pearson(long k, long n, double level, double *lo, double *hi);

/* The p-quantile of the Beta(a, b) distribution (a, b > 0, 0 <= p <= 1),
 * as described above; NaN for bad arguments. */
double rasd_beta_quantile(double p, double a, double b);

/* Standard deviation of a Poisson-binomial count (independent trials with
 * success probabilities p[0..n)): sqrt(sum p (1 - p)). 0 when n = 0. */
double rasd_poibin_sd(const double *p, size_t n);

/* The prevalence adjusted for a classifier's true and false positive rates
 * (Rogan-Gladen): (q - fpr) / (tpr - fpr), clipped to [0, 1]. Returns 0, or
 * RASD_EINVAL (and NaN in *out) when tpr <= fpr or a rate is not in [0, 1],
 * where the observed share carries no information about the true one. The
 * map is increasing in q, so an interval for q maps to one for the
 * prevalence bound by bound. */
int rasd_adjust_prevalence(double q, double tpr, double fpr, double *out);

/* Cluster (article) bootstrap of the ratio sum(k) / sum(n): `reps` times,
 * draws `m` articles with replacement (gsl_rng_mt19937 seeded with `seed`,
 * gsl_rng_uniform_int) and computes the ratio of the drawn totals; the
 * interval is the percentile interval at `level` (gsl_sort,
 * gsl_stats_quantile_from_sorted_data) and *se the s.d. of the replicates
 * (gsl_stats_sd). `nl` ratios are bootstrapped together from the same draws:
 * k[i * nl + l] is article i's count for ratio l, n[i] its size (> 0).
 * lo, hi, se have nl entries each. The same inputs and seed give the same
 * results. Returns 0, RASD_EINVAL (m = 0, reps < 2, a size <= 0) or
 * RASD_ENOMEM. */
int rasd_cluster_bootstrap(const long *k, const long *n, size_t m, int nl, long reps,
                           unsigned long seed, double level, double *lo, double *hi,
                           double *se);

/* Casualty tally across the articles that report a figure. */
struct rasd_casualty_sum {
    long articles;      /* articles with a figure (their largest) */
    long long total;    /* sum of the articles' largest figures */
    double median;      /* NaN when articles = 0 */
    long min, max;      /* -1 when articles = 0 */
};

/* Summarises per-article figures v[0..n) (-1 = none reported), sorting a
 * copy with gsl_sort_long and taking gsl_stats_long_median_from_sorted_data.
 * Returns 0 or RASD_ENOMEM. */
int rasd_casualty_summarise(const long *v, size_t n, struct rasd_casualty_sum *out);

/* ---- accumulating records ---- */

/* What one article contributes to a tally. */
struct rasd_article {
    char *doc;                   /* owned */
    long sentences;
    long k[RASD_NLABELS];        /* its sentences with each label */
    double psum[RASD_NLABELS];   /* sum of p */
    double pvar[RASD_NLABELS];   /* sum of p (1 - p) */
    long killed, injured;        /* largest figure of its sentences, -1 when none */
};

/* Records summarised together: the whole input, or one group of it. */
struct rasd_tally {
    struct rasd_strmap index;    /* doc -> position in art */
    struct rasd_article *art;
    size_t n, cap;
    long last;                   /* the article of the previous record, or -1 */
    long sentences;
    long both[RASD_NLABELS][RASD_NLABELS]; /* sentences with labels i and j (i = j: with i) */
};

enum { RASD_BY_NONE, RASD_BY_SOURCE, RASD_BY_DATE, RASD_BY_DOC };

struct rasd_group {
    char *key;                   /* owned; "" = unknown source or date */
    struct rasd_tally t;
};

struct rasd_stats_acc {
    int by;                      /* RASD_BY_* */
    struct rasd_tally all;
    struct rasd_strmap index;    /* group key -> position in groups */
    struct rasd_group *groups;
    size_t ngroups, cap;
};

void rasd_stats_acc_init(struct rasd_stats_acc *a, int by);
void rasd_stats_acc_release(struct rasd_stats_acc *a);

/* Adds one record to the whole and to its group. A record's group key is
 * its source, its date (the first 10 characters when they are an ISO
 * YYYY-MM-DD date) or its doc. Returns 0 or RASD_ENOMEM. */
int rasd_stats_add(struct rasd_stats_acc *a, const struct rasd_record *r, struct rasd_error *e);

/* Sorts the groups by key (unknown last) and every tally's articles by doc,
 * so that results do not depend on the order or sharding of the input.
 * Call once, after the last rasd_stats_add. Returns 0 or RASD_ENOMEM. */
int rasd_stats_finish(struct rasd_stats_acc *a, struct rasd_error *e);

/* ---- summaries ---- */

struct rasd_stats_opts {
    double level;                /* confidence level, default 0.95 */
    int exact;                   /* 1: Clopper-Pearson, 0: Wilson */
    long reps;                   /* bootstrap replicates; 0: no bootstrap */
    unsigned long seed;          /* bootstrap seed (default 1) */
    int rates;                   /* 1 when tpr/fpr come from a model */
    double tpr[RASD_NLABELS], fpr[RASD_NLABELS];
};

void rasd_stats_opts_default(struct rasd_stats_opts *o);

struct rasd_label_sum {
    long sentences;              /* sentences with the label */
    double share, lo, hi;        /* of all sentences, with its interval */
    long articles;               /* articles with at least one such sentence */
    double art_share, art_lo, art_hi;
    double expected, expected_sd; /* sum of p and sqrt(sum p (1 - p)) */
    int boot;                    /* 1 when the bootstrap ran (reps >= 2, articles >= 2) */
    double boot_lo, boot_hi, boot_se;
    int adjusted;                /* 1 when the adjusted prevalence is available */
    double adj, adj_lo, adj_hi;
};

struct rasd_summary {
    long sentences, articles;
    struct rasd_label_sum label[RASD_NLABELS];
    long both[RASD_NLABELS][RASD_NLABELS];
    struct rasd_casualty_sum killed, injured;
};

/* Computes every quantity of tally t (after rasd_stats_finish). The
 * adjusted prevalence maps the sentence share and its Wilson or
 * Clopper-Pearson bounds through rasd_adjust_prevalence with the model's
 * rates (unavailable without rates, or when tpr <= fpr for the label). The
 * bootstrap needs two articles at least: one article says nothing about the
 * variation between articles, so with one it is left out (boot = 0).
 * Returns 0, RASD_EINVAL (empty tally) or RASD_ENOMEM. */
int rasd_summarise(const struct rasd_tally *t, const struct rasd_stats_opts *o,
                   struct rasd_summary *s, struct rasd_error *e);

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD..." in *days; returns 0,
 * or -1 when s does not start with a valid date. */
int rasd_iso_day(const char *s, long *days);

#endif
