/* Tests of the records reader and the statistics: binomial intervals against
 * the golden table tests/data/intervals.tsv (computed by scipy, see
 * scripts/gen-interval-golden), the Poisson-binomial s.d. against an exact
 * convolution, the adjusted prevalence, the cluster bootstrap, casualty
 * tallies, co-occurrence and every count on the hand-made record set
 * tests/data/stats/small.{jsonl,tsv}, edge cases, sharding and allocation
 * failures. Usage: test_stats [DATA_DIR]  (default tests/data) */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "harness.h"
#include "records.h"
#include "stats.h"

static const char *data_dir = "tests/data";

static FILE *open_data(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fprintf(stderr, "test_stats: cannot open %s\n", path);
    return fp;
}

/* Golden tolerance: relative 1e-9, absolute 1e-15 near zero. */
#define CHECK_GOLD(got, want) CHECK_NEAR(got, want, 1e-9 * fabs((double)(want)) + 1e-15)

static void test_golden_intervals(void)
{
    FILE *fp = open_data("intervals.tsv");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char line[1024], *f[8];
    int cases = 0, k0 = 0, kn = 0, n1 = 0, big = 0, levels[3] = {0, 0, 0};
    while (fgets(line, sizeof line, fp)) {
        int nf = harness_fields(line, f, 8);
        if (nf == 0)
            continue;
        CHECK_INT(nf, 7);
        if (nf != 7)
            continue;
        long k = atol(f[0]), n = atol(f[1]);
        double level = atof(f[2]), wl = atof(f[3]), wh = atof(f[4]), cl = atof(f[5]),
               ch = atof(f[6]);
        double lo, hi;
        CHECK_INT(rasd_wilson(k, n, level, &lo, &hi), 0);
        CHECK_MSG(fabs(lo - wl) <= 1e-9 * wl + 1e-15 && fabs(hi - wh) <= 1e-9 * wh + 1e-15,
                  "wilson %ld/%ld at %g: got [%.17g, %.17g], want [%.17g, %.17g]", k, n, level,
                  lo, hi, wl, wh);
        CHECK_INT(rasd_clopper_pearson(k, n, level, &lo, &hi), 0);
        CHECK_MSG(fabs(lo - cl) <= 1e-9 * cl + 1e-15 && fabs(hi - ch) <= 1e-9 * ch + 1e-15,
                  "clopper-pearson %ld/%ld at %g: got [%.17g, %.17g], want [%.17g, %.17g]", k, n,
                  level, lo, hi, cl, ch);
        /* The exact interval is never narrower than Wilson's at the boundaries. */
        if (k == 0)
            CHECK(lo == 0 && wl == 0);
        if (k == n)
            CHECK(hi == 1 && wh == 1);
        cases++;
        k0 += k == 0;
        kn += k == n;
        n1 += n == 1;
        big += n >= 100000;
        levels[0] += fabs(level - 0.90) < 1e-9;
        levels[1] += fabs(level - 0.95) < 1e-9;
        levels[2] += fabs(level - 0.99) < 1e-9;
    }
    fclose(fp);
    CHECK_MSG(cases >= 40, "only %d golden interval cases", cases);
    CHECK(k0 > 0 && kn > 0 && n1 > 0 && big > 0);
    CHECK(levels[0] > 0 && levels[1] > 0 && levels[2] > 0);
}

static void test_interval_edges(void)
{
    double lo = -1, hi = -1;
    /* n = 0: no information, [0, 1], and an error status */
    CHECK_INT(rasd_wilson(0, 0, 0.95, &lo, &hi), RASD_EINVAL);
    CHECK(lo == 0 && hi == 1);
    CHECK_INT(rasd_clopper_pearson(0, 0, 0.95, &lo, &hi), RASD_EINVAL);
    CHECK(lo == 0 && hi == 1);
    CHECK_INT(rasd_wilson(3, 2, 0.95, &lo, &hi), RASD_EINVAL);
    CHECK_INT(rasd_wilson(-1, 2, 0.95, &lo, &hi), RASD_EINVAL);
    CHECK_INT(rasd_clopper_pearson(1, 2, 1.0, &lo, &hi), RASD_EINVAL);
    CHECK_INT(rasd_clopper_pearson(1, 2, 0.0, &lo, &hi), RASD_EINVAL);
    /* k = 0 and k = n are exact at the boundary */
    CHECK_INT(rasd_wilson(0, 7, 0.95, &lo, &hi), 0);
    CHECK(lo == 0 && hi > 0 && hi < 1);
    CHECK_INT(rasd_wilson(7, 7, 0.95, &lo, &hi), 0);
    CHECK(hi == 1 && lo > 0 && lo < 1);
    CHECK_INT(rasd_clopper_pearson(0, 7, 0.95, &lo, &hi), 0);
    CHECK(lo == 0);
    CHECK_GOLD(hi, 1 - pow(0.025, 1.0 / 7)); /* the "rule of three" family, exactly */
    CHECK_INT(rasd_clopper_pearson(7, 7, 0.95, &lo, &hi), 0);
    CHECK(hi == 1);
    CHECK_GOLD(lo, pow(0.025, 1.0 / 7));
    /* wider at a higher level; Clopper-Pearson contains Wilson's point */
    double l90, h90, l99, h99;
    rasd_wilson(30, 100, 0.90, &l90, &h90);
    rasd_wilson(30, 100, 0.99, &l99, &h99);
    CHECK(l99 < l90 && h99 > h90);
    rasd_clopper_pearson(30, 100, 0.95, &lo, &hi);
    CHECK(lo < 0.3 && hi > 0.3);
    /* beta quantiles where gsl_cdf_beta_Pinv alone does not converge */
    double q = rasd_beta_quantile(0.005, 50000, 50001);
    CHECK(isfinite(q));
    CHECK_NEAR(gsl_cdf_beta_P(q, 50000, 50001), 0.005, 1e-9);
    q = rasd_beta_quantile(0.995, 123457, 876544);
    CHECK(isfinite(q));
    CHECK_NEAR(gsl_cdf_beta_Q(q, 123457, 876544), 0.005, 1e-9);
    CHECK(isnan(rasd_beta_quantile(0.5, 0, 1)));
    CHECK(rasd_beta_quantile(0, 2, 3) == 0 && rasd_beta_quantile(1, 2, 3) == 1);
}

/* Variance of a Poisson-binomial count from its exact distribution (a
 * convolution of the trials), independent of the closed form. */
static double poibin_sd_exact(const double *p, size_t n)
{
    double pmf[64] = {1};
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j > 0; j--)
            pmf[j] = pmf[j] * (1 - p[i]) + pmf[j - 1] * p[i];
        pmf[0] *= 1 - p[i];
    }
    double mean = 0, m2 = 0;
    for (size_t j = 0; j <= n; j++) {
        mean += (double)j * pmf[j];
        m2 += (double)j * (double)j * pmf[j];
    }
    return sqrt(m2 - mean * mean);
}

static void test_poibin(void)
{
    /* p of 'attack' in small.jsonl: sum p(1-p) = 1.2474 by hand */
    static const double p[] = {0.9, 0.8, 0.3, 0.1, 0.6, 0, 0.2, 0.99, 0.4, 0.05};
    CHECK_GOLD(rasd_poibin_sd(p, 10), sqrt(1.2474));
    CHECK_NEAR(rasd_poibin_sd(p, 10), poibin_sd_exact(p, 10), 1e-9);
    static const double q[] = {0.5, 0.5, 0.5, 0.5};
    CHECK_GOLD(rasd_poibin_sd(q, 4), 1.0); /* binomial(4, 1/2): variance 1 */
    CHECK_NEAR(poibin_sd_exact(q, 4), 1.0, 1e-12);
    static const double r[] = {0.01, 0.37, 0.93, 0.5, 0.77, 0.12, 0.64, 0.08, 0.999, 0.45};
    CHECK_NEAR(rasd_poibin_sd(r, 10), poibin_sd_exact(r, 10), 1e-9);
    static const double sure[] = {0, 1, 1, 0};
    CHECK(rasd_poibin_sd(sure, 4) == 0);
    CHECK(rasd_poibin_sd(NULL, 0) == 0);
}

static void test_adjust(void)
{
    double v;
    CHECK_INT(rasd_adjust_prevalence(0.4, 0.9, 0.05, &v), 0);
    CHECK_GOLD(v, 0.35 / 0.85);
    CHECK_INT(rasd_adjust_prevalence(0.02, 0.9, 0.05, &v), 0); /* below fpr: clipped to 0 */
    CHECK(v == 0);
    CHECK_INT(rasd_adjust_prevalence(0.95, 0.9, 0.05, &v), 0); /* above tpr: clipped to 1 */
    CHECK(v == 1);
    CHECK_INT(rasd_adjust_prevalence(0.9, 0.9, 0.05, &v), 0);
    CHECK_GOLD(v, 1.0);
    CHECK_INT(rasd_adjust_prevalence(0.05, 0.9, 0.05, &v), 0);
    CHECK(v == 0);
    /* a perfect classifier changes nothing */
    CHECK_INT(rasd_adjust_prevalence(0.3, 1, 0, &v), 0);
    CHECK_GOLD(v, 0.3);
    /* an uninformative one gives no answer */
    CHECK_INT(rasd_adjust_prevalence(0.3, 0.5, 0.6, &v), RASD_EINVAL);
    CHECK(isnan(v));
    CHECK_INT(rasd_adjust_prevalence(0.3, 0.5, 0.5, &v), RASD_EINVAL);
    CHECK_INT(rasd_adjust_prevalence(0.3, 1.5, 0.1, &v), RASD_EINVAL);
    CHECK_INT(rasd_adjust_prevalence(NAN, 0.9, 0.1, &v), RASD_EINVAL);
}

static void test_bootstrap(void)
{
    /* three articles: 2/4, 1/3, 1/3 (attack in small.jsonl) and a second ratio */
    const long k[] = {2, 1, 1, 0, 1, 2}, n[] = {4, 3, 3};
    double lo[2], hi[2], se[2], lo2[2], hi2[2], se2[2];
    CHECK_INT(rasd_cluster_bootstrap(k, n, 3, 2, 1000, 7, 0.95, lo, hi, se), 0);
    CHECK_INT(rasd_cluster_bootstrap(k, n, 3, 2, 1000, 7, 0.95, lo2, hi2, se2), 0);
    CHECK(memcmp(lo, lo2, sizeof lo) == 0 && memcmp(hi, hi2, sizeof hi) == 0 &&
          memcmp(se, se2, sizeof se) == 0);
    CHECK(lo[0] <= 0.4 && 0.4 <= hi[0]);
    CHECK(lo[1] <= 0.3 && 0.3 <= hi[1]);
    /* every replicate is a ratio of resampled articles: within the extremes */
    CHECK(lo[0] >= 1.0 / 3 - 1e-12 && hi[0] <= 0.5 + 1e-12);
    CHECK(se[0] > 0 && se[1] > 0);
    /* a different seed gives other replicates */
    CHECK_INT(rasd_cluster_bootstrap(k, n, 3, 2, 1000, 8, 0.95, lo2, hi2, se2), 0);
    CHECK(se2[0] != se[0]);
    /* a larger set: the interval holds the point estimate and narrows with more articles */
    enum { M = 200 };
    long kk[M], nn[M], ksum = 0, nsum = 0;
    for (int i = 0; i < M; i++) {
        nn[i] = 3 + i % 7;
        kk[i] = (i * 7919) % (nn[i] + 1);
        ksum += kk[i];
        nsum += nn[i];
    }
    double point = (double)ksum / (double)nsum;
    CHECK_INT(rasd_cluster_bootstrap(kk, nn, M, 1, 2000, 1, 0.95, lo, hi, se), 0);
    CHECK(lo[0] < point && point < hi[0]);
    CHECK(hi[0] - lo[0] < 0.2);
    double lo50, hi50, se50;
    CHECK_INT(rasd_cluster_bootstrap(kk, nn, 50, 1, 2000, 1, 0.95, &lo50, &hi50, &se50), 0);
    CHECK(hi50 - lo50 > hi[0] - lo[0]);
    /* one article: every replicate is the article itself */
    CHECK_INT(rasd_cluster_bootstrap(k, n, 1, 2, 100, 1, 0.95, lo, hi, se), 0);
    CHECK_GOLD(lo[0], 0.5);
    CHECK_GOLD(hi[0], 0.5);
    CHECK(se[0] == 0);
    /* bad arguments */
    CHECK_INT(rasd_cluster_bootstrap(k, n, 0, 2, 100, 1, 0.95, lo, hi, se), RASD_EINVAL);
    CHECK_INT(rasd_cluster_bootstrap(k, n, 3, 2, 1, 1, 0.95, lo, hi, se), RASD_EINVAL);
    CHECK(isnan(lo[0]));
    const long zero[] = {0};
    CHECK_INT(rasd_cluster_bootstrap(zero, zero, 1, 1, 100, 1, 0.95, lo, hi, se), RASD_EINVAL);
}

static void test_casualties(void)
{
    struct rasd_casualty_sum c;
    const long a[] = {5, -1, 0, 12};
    CHECK_INT(rasd_casualty_summarise(a, 4, &c), 0);
    CHECK_INT(c.articles, 3);
    CHECK_INT(c.total, 17);
    CHECK_GOLD(c.median, 5);
    CHECK_INT(c.min, 0);
    CHECK_INT(c.max, 12);
    const long b[] = {30, -1, 5};
    CHECK_INT(rasd_casualty_summarise(b, 3, &c), 0);
    CHECK_INT(c.articles, 2);
    CHECK_INT(c.total, 35);
    CHECK_GOLD(c.median, 17.5);
    CHECK_INT(c.min, 5);
    CHECK_INT(c.max, 30);
    const long none[] = {-1, -1};
    CHECK_INT(rasd_casualty_summarise(none, 2, &c), 0);
    CHECK_INT(c.articles, 0);
    CHECK_INT(c.total, 0);
    CHECK(isnan(c.median));
    CHECK_INT(c.min, -1);
    CHECK_INT(c.max, -1);
    CHECK_INT(rasd_casualty_summarise(NULL, 0, &c), 0);
    CHECK_INT(c.articles, 0);
}

static void test_iso_day(void)
{
    long d = -1;
    CHECK_INT(rasd_iso_day("1970-01-01", &d), 0);
    CHECK_INT(d, 0);
    CHECK_INT(rasd_iso_day("2000-03-01", &d), 0);
    CHECK_INT(d, 11017);
    CHECK_INT(rasd_iso_day("2026-03-02T08:00:00Z", &d), 0);
    CHECK_INT(d, 20514);
    CHECK_INT(rasd_iso_day("2024-02-29", &d), 0);
    CHECK_INT(rasd_iso_day("2023-02-29", &d), -1);
    CHECK_INT(rasd_iso_day("2026-13-01", &d), -1);
    CHECK_INT(rasd_iso_day("2026-04-31", &d), -1);
    CHECK_INT(rasd_iso_day("2026-3-1", &d), -1);
    CHECK_INT(rasd_iso_day("", &d), -1);
    CHECK_INT(rasd_iso_day("yesterday", &d), -1);
}

/* Reads every record of a file into the accumulator; returns the status. */
static int read_into(struct rasd_stats_acc *acc, FILE *fp, const char *name,
                     struct rasd_error *e)
{
    struct rasd_records r;
    struct rasd_record rec;
    int rc = rasd_records_init(&r, fp, name, e);
    while (rc == 0 && (rc = rasd_records_next(&r, &rec, e)) > 0)
        rc = rasd_stats_add(acc, &rec, e);
    rasd_records_release(&r);
    return rc;
}

static int read_string(struct rasd_stats_acc *acc, const char *text, struct rasd_error *e)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    if (!fp)
        return RASD_EIO;
    int rc = read_into(acc, fp, "mem", e);
    fclose(fp);
    return rc;
}

static void check_small(const struct rasd_stats_acc *acc, const char *what)
{
    struct rasd_stats_opts o;
    rasd_stats_opts_default(&o);
    o.rates = 1;
    const double tpr[] = {0.9, 0.8, 0.95, 0.5}, fpr[] = {0.05, 0.1, 0.02, 0.6};
    memcpy(o.tpr, tpr, sizeof tpr);
    memcpy(o.fpr, fpr, sizeof fpr);
    struct rasd_summary s;
    struct rasd_error e = {0};
    CHECK_INT(rasd_summarise(&acc->all, &o, &s, &e), 0);
    CHECK_MSG(s.sentences == 10 && s.articles == 3, "%s: %ld sentences, %ld articles", what,
              s.sentences, s.articles);
    const long sent[] = {4, 1, 2, 4}, art[] = {3, 1, 2, 2};
    const double expected[] = {4.34, 1.35, 1.85, 4.05};
    for (int l = 0; l < RASD_NLABELS; l++) {
        CHECK_INT(s.label[l].sentences, sent[l]);
        CHECK_INT(s.label[l].articles, art[l]);
        CHECK_GOLD(s.label[l].share, sent[l] / 10.0);
        CHECK_GOLD(s.label[l].art_share, art[l] / 3.0);
        CHECK_NEAR(s.label[l].expected, expected[l], 1e-12);
        double lo, hi;
        rasd_wilson(sent[l], 10, 0.95, &lo, &hi);
        CHECK(s.label[l].lo == lo && s.label[l].hi == hi);
        rasd_wilson(art[l], 3, 0.95, &lo, &hi);
        CHECK(s.label[l].art_lo == lo && s.label[l].art_hi == hi);
        CHECK(s.label[l].boot);
        CHECK_MSG(s.label[l].boot_lo <= s.label[l].share && s.label[l].share <= s.label[l].boot_hi,
                  "%s: bootstrap [%g, %g] misses %g", what, s.label[l].boot_lo,
                  s.label[l].boot_hi, s.label[l].share);
    }
    CHECK_GOLD(s.label[RASD_ATTACK].expected_sd, sqrt(1.2474));
    /* Wilson 4/10 at 95%: [0.1682, 0.6873] (golden table) */
    CHECK_NEAR(s.label[RASD_ATTACK].lo, 0.16818032970, 1e-10);
    CHECK_NEAR(s.label[RASD_ATTACK].hi, 0.68732623030, 1e-10);
    /* bootstrap of attack: articles 2/4, 1/3, 1/3 */
    CHECK(s.label[RASD_ATTACK].boot_lo >= 1.0 / 3 - 1e-12 &&
          s.label[RASD_ATTACK].boot_hi <= 0.5 + 1e-12);
    /* adjusted: (0.4 - 0.05) / 0.85, bounds mapped the same way */
    CHECK(s.label[RASD_ATTACK].adjusted);
    CHECK_GOLD(s.label[RASD_ATTACK].adj, 0.35 / 0.85);
    CHECK_GOLD(s.label[RASD_ATTACK].adj_lo, (s.label[RASD_ATTACK].lo - 0.05) / 0.85);
    CHECK_GOLD(s.label[RASD_ATTACK].adj_hi, (s.label[RASD_ATTACK].hi - 0.05) / 0.85);
    CHECK(s.label[RASD_RETALIATION].adjusted && s.label[RASD_RETALIATION].adj == 0);
    CHECK(!s.label[RASD_CASUALTY].adjusted && isnan(s.label[RASD_CASUALTY].adj));
    /* co-occurrence */
    const long both[4][4] = {{4, 1, 0, 2}, {1, 1, 0, 0}, {0, 0, 2, 0}, {2, 0, 0, 4}};
    CHECK_MSG(memcmp(both, s.both, sizeof both) == 0, "%s: co-occurrence table", what);
    /* casualties: a01 5 (not 3 + 5), a02 0, a03 12 (not 12 + 12) */
    CHECK_INT(s.killed.articles, 3);
    CHECK_INT(s.killed.total, 17);
    CHECK_GOLD(s.killed.median, 5);
    CHECK_INT(s.killed.min, 0);
    CHECK_INT(s.killed.max, 12);
    CHECK_INT(s.injured.articles, 2);
    CHECK_INT(s.injured.total, 35);
    CHECK_GOLD(s.injured.median, 17.5);
    CHECK_INT(s.injured.min, 5);
    CHECK_INT(s.injured.max, 30);
    /* Clopper-Pearson on request */
    o.exact = 1;
    CHECK_INT(rasd_summarise(&acc->all, &o, &s, &e), 0);
    double lo, hi;
    rasd_clopper_pearson(4, 10, 0.95, &lo, &hi);
    CHECK(s.label[RASD_ATTACK].lo == lo && s.label[RASD_ATTACK].hi == hi);
    /* without a model: no adjusted prevalence */
    o.rates = 0;
    CHECK_INT(rasd_summarise(&acc->all, &o, &s, &e), 0);
    for (int l = 0; l < RASD_NLABELS; l++)
        CHECK(!s.label[l].adjusted);
    /* no bootstrap */
    o.reps = 0;
    CHECK_INT(rasd_summarise(&acc->all, &o, &s, &e), 0);
    CHECK(!s.label[0].boot && isnan(s.label[0].boot_lo));
}

static void test_small_set(void)
{
    const char *names[] = {"stats/small.jsonl", "stats/small.tsv"};
    for (int i = 0; i < 2; i++) {
        FILE *fp = open_data(names[i]);
        CHECK(fp != NULL);
        if (!fp)
            continue;
        struct rasd_stats_acc acc;
        rasd_stats_acc_init(&acc, RASD_BY_DATE);
        struct rasd_error e = {0};
        CHECK_INT(read_into(&acc, fp, names[i], &e), 0);
        fclose(fp);
        CHECK_INT(rasd_stats_finish(&acc, &e), 0);
        check_small(&acc, names[i]);
        /* per date: 2026-03-01 (a01, a02), 2026-03-02 (a03) */
        CHECK_INT(acc.ngroups, 2);
        if (acc.ngroups == 2) {
            CHECK_STR(acc.groups[0].key, "2026-03-01");
            CHECK_STR(acc.groups[1].key, "2026-03-02");
            CHECK_INT(acc.groups[0].t.sentences, 7);
            CHECK_INT(acc.groups[0].t.n, 2);
            struct rasd_stats_opts o;
            rasd_stats_opts_default(&o);
            struct rasd_summary s;
            CHECK_INT(rasd_summarise(&acc.groups[1].t, &o, &s, &e), 0);
            /* one article: shares and intervals, but no bootstrap */
            CHECK_INT(s.articles, 1);
            CHECK_INT(s.label[RASD_CASUALTY].sentences, 2);
            CHECK_INT(s.label[RASD_CASUALTY].articles, 1);
            CHECK(s.label[RASD_CASUALTY].art_share == 1 && s.label[RASD_CASUALTY].art_hi == 1);
            CHECK(s.label[RASD_RETALIATION].sentences == 0 && s.label[RASD_RETALIATION].lo == 0);
            CHECK(!s.label[RASD_CASUALTY].boot);
            CHECK_INT(s.killed.total, 12);
            CHECK_INT(s.injured.total, 30);
        }
        rasd_stats_acc_release(&acc);
    }
}

/* The same records in three shards, in another order, give the same numbers. */
static void test_shards(void)
{
    FILE *fp = open_data("stats/small.jsonl");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char lines[16][1024];
    int n = 0;
    while (n < 16 && fgets(lines[n], sizeof lines[n], fp))
        n++;
    fclose(fp);
    char shard[3][8192] = {"", "", ""};
    for (int i = 0; i < n; i++) /* a01 split over shards 0 and 1 */
        strcat(shard[i < 2 ? 0 : i < 6 ? 1 : 2], lines[i]);
    struct rasd_stats_acc whole, parts;
    struct rasd_error e = {0};
    rasd_stats_acc_init(&whole, RASD_BY_SOURCE);
    rasd_stats_acc_init(&parts, RASD_BY_SOURCE);
    char all[16384] = "";
    for (int i = 0; i < 3; i++)
        strcat(all, shard[i]);
    CHECK_INT(read_string(&whole, all, &e), 0);
    CHECK_INT(read_string(&parts, shard[2], &e), 0);
    CHECK_INT(read_string(&parts, shard[0], &e), 0);
    CHECK_INT(read_string(&parts, shard[1], &e), 0);
    CHECK_INT(rasd_stats_finish(&whole, &e), 0);
    CHECK_INT(rasd_stats_finish(&parts, &e), 0);
    struct rasd_stats_opts o;
    rasd_stats_opts_default(&o);
    struct rasd_summary a, b;
    CHECK_INT(rasd_summarise(&whole.all, &o, &a, &e), 0);
    CHECK_INT(rasd_summarise(&parts.all, &o, &b, &e), 0);
    CHECK(a.sentences == 10 && b.sentences == 10 && a.articles == 3 && b.articles == 3);
    for (int l = 0; l < RASD_NLABELS; l++) {
        CHECK(a.label[l].sentences == b.label[l].sentences);
        CHECK(a.label[l].boot_lo == b.label[l].boot_lo && a.label[l].boot_hi == b.label[l].boot_hi &&
              a.label[l].boot_se == b.label[l].boot_se);
        CHECK_NEAR(a.label[l].expected, b.label[l].expected, 1e-12);
    }
    CHECK(memcmp(a.both, b.both, sizeof a.both) == 0);
    CHECK(a.killed.total == b.killed.total && a.killed.median == b.killed.median);
    /* groups by source: sorted, the same in both */
    CHECK_INT(whole.ngroups, 2);
    CHECK_INT(parts.ngroups, 2);
    if (whole.ngroups == 2 && parts.ngroups == 2) {
        CHECK_STR(whole.groups[0].key, "gulf-post");
        CHECK_STR(parts.groups[0].key, "gulf-post");
        CHECK_STR(parts.groups[1].key, "levant-daily");
        CHECK_INT(parts.groups[1].t.sentences, 7);
    }
    rasd_stats_acc_release(&whole);
    rasd_stats_acc_release(&parts);
}

static void test_grouping(void)
{
    static const char recs[] =
        "{\"doc\":\"x\",\"sent\":1,\"date\":\"2026-03-05T10:00:00Z\",\"labels\":[],"
        "\"p\":{\"attack\":0,\"retaliation\":0,\"evacuation\":0,\"casualty\":0}}\n"
        "{\"doc\":\"y\",\"sent\":1,\"source\":\"b\",\"labels\":[\"attack\"],"
        "\"p\":{\"attack\":1,\"retaliation\":0,\"evacuation\":0,\"casualty\":0}}\n"
        "{\"doc\":\"z\",\"sent\":1,\"date\":\"2026-03-05\",\"source\":\"a\",\"labels\":[],"
        "\"p\":{\"attack\":0,\"retaliation\":0,\"evacuation\":0,\"casualty\":0}}\n"
        "{\"doc\":\"w\",\"sent\":1,\"date\":\"2026-03-04\",\"source\":null,\"labels\":[],"
        "\"p\":{\"attack\":0,\"retaliation\":0,\"evacuation\":0,\"casualty\":0}}\n";
    struct rasd_error e = {0};
    struct rasd_stats_acc acc;
    rasd_stats_acc_init(&acc, RASD_BY_DATE);
    CHECK_INT(read_string(&acc, recs, &e), 0);
    CHECK_INT(rasd_stats_finish(&acc, &e), 0);
    CHECK_INT(acc.ngroups, 3);
    if (acc.ngroups == 3) {
        CHECK_STR(acc.groups[0].key, "2026-03-04");
        CHECK_STR(acc.groups[1].key, "2026-03-05"); /* the time of day is dropped */
        CHECK_INT(acc.groups[1].t.n, 2);
        CHECK_STR(acc.groups[2].key, ""); /* unknown last */
    }
    rasd_stats_acc_release(&acc);
    rasd_stats_acc_init(&acc, RASD_BY_SOURCE);
    CHECK_INT(read_string(&acc, recs, &e), 0);
    CHECK_INT(rasd_stats_finish(&acc, &e), 0);
    CHECK_INT(acc.ngroups, 3);
    if (acc.ngroups == 3) {
        CHECK_STR(acc.groups[0].key, "a");
        CHECK_STR(acc.groups[1].key, "b");
        CHECK_STR(acc.groups[2].key, "");
        CHECK_INT(acc.groups[2].t.n, 2);
    }
    rasd_stats_acc_release(&acc);
    rasd_stats_acc_init(&acc, RASD_BY_DOC);
    CHECK_INT(read_string(&acc, recs, &e), 0);
    CHECK_INT(rasd_stats_finish(&acc, &e), 0);
    CHECK_INT(acc.ngroups, 4);
    if (acc.ngroups == 4)
        CHECK_STR(acc.groups[0].key, "w");
    /* an empty tally cannot be summarised */
    struct rasd_stats_acc empty;
    rasd_stats_acc_init(&empty, RASD_BY_NONE);
    CHECK_INT(rasd_stats_finish(&empty, &e), 0);
    struct rasd_stats_opts o;
    rasd_stats_opts_default(&o);
    struct rasd_summary s;
    CHECK_INT(rasd_summarise(&empty.all, &o, &s, &e), RASD_EINVAL);
    rasd_stats_acc_release(&empty);
    rasd_stats_acc_release(&acc);
}

/* Each bad input gives RASD_EFORMAT at the right line with a useful message. */
static void test_reader_errors(void)
{
    static const struct {
        const char *text;
        long line;
        const char *msg;
    } cases[] = {
        {"{\"doc\":\"a\",\"sent\":1,\"labels\":[],\"p\":{\"attack\":0,\"retaliation\":0,"
         "\"evacuation\":0,\"casualty\":0}}\n\n{\"doc\":\"a\",\"sent\":2,\"lab",
         3, "truncated or malformed JSON"},
        {"{\"id\":\"a1\",\"text\":\"an article, not a record\"}\n", 1, "no 'doc'"},
        {"[1,2]\n", 1, "truncated or foreign record (1 field"},
        {"{\"doc\":\"a\"} {\"doc\":\"b\"}\n", 1, "truncated or malformed JSON"},
        {"{\"a\":1}\n\"text\"\n", 1, "no 'doc'"},
        {"{\"doc\":\"a\",\"sent\":1,\"labels\":[],\"p\":{\"attack\":0,\"retaliation\":0,"
         "\"evacuation\":0,\"casualty\":0}}\n[1]\n", 2, "not a classified record (a JSON object"},
        {"{\"doc\":\"a\",\"sent\":1,\"labels\":[\"atack\"],\"p\":{}}\n", 1, "unknown label 'atack'"},
        {"{\"doc\":\"a\",\"sent\":1,\"labels\":[],\"p\":{\"attack\":0,\"retaliation\":0,"
         "\"evacuation\":0}}\n", 1, "'p' lacks 'casualty'"},
        {"{\"doc\":\"a\",\"sent\":1,\"labels\":[],\"p\":{\"attack\":1.5,\"retaliation\":0,"
         "\"evacuation\":0,\"casualty\":0}}\n", 1, "from 0 to 1"},
        {"{\"doc\":\"a\",\"sent\":1,\"labels\":[],\"p\":{\"attack\":0,\"retaliation\":0,"
         "\"evacuation\":0,\"casualty\":0},\"killed\":-3}\n", 1, "'killed'"},
        {"{\"doc\":\"a\",\"sent\":\"one\",\"labels\":[],\"p\":{}}\n", 1, "'sent'"},
        {"{\"doc\":\"\",\"sent\":1}\n", 1, "'doc'"},
        {"{\"doc\":\"a\",\"sent\":1,\"date\":5,\"labels\":[],\"p\":{}}\n", 1, "'date'"},
        {RASD_RECORDS_TSV_HEADER "\na\t1\t\t\tattack\t0.9\t0\t0\t0\t\t\tx\na\t2\t\t\tatt", 3,
         "truncated or foreign record (5 fields"},
        {"a1\tattack\tsome labelled corpus line\n", 1, "truncated or foreign record (3 fields"},
        {"doc\tlabels\ttext\n", 1, "unknown TSV header"},
        {"a\t1\t\t\tattack\t0.9\t0\tx\t0\t\t\tt\n", 1, "bad probability 'x'"},
        {"a\t1\t\t\tbombing\t0.9\t0\t0\t0\t\t\tt\n", 1, "unknown label 'bombing'"},
        {"a\t1\t\t\tnone\t0.9\t0\t0\t0\t3.5\t\tt\n", 1, "bad 'killed'"},
        {"a\t-1\t\t\tnone\t0.9\t0\t0\t0\t\t\tt\n", 1, "bad 'sent'"},
        {"a\xff\t1\t\t\tnone\t0.9\t0\t0\t0\t\t\tt\n", 1, "invalid UTF-8 in 'doc'"},
        {"{\"doc\":\"a\xff\",\"sent\":1}\n", 1, "truncated or malformed JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rasd_stats_acc acc;
        rasd_stats_acc_init(&acc, RASD_BY_NONE);
        struct rasd_error e = {0};
        int rc = read_string(&acc, cases[i].text, &e);
        CHECK_MSG(rc == RASD_EFORMAT, "case %zu: status %d, want RASD_EFORMAT", i, rc);
        CHECK_MSG(e.line == cases[i].line && strcmp(e.file, "mem") == 0,
                  "case %zu: at %s:%ld, want mem:%ld", i, e.file, e.line, cases[i].line);
        CHECK_MSG(strstr(e.msg, cases[i].msg) != NULL, "case %zu: message '%s' lacks '%s'", i,
                  e.msg, cases[i].msg);
        rasd_stats_acc_release(&acc);
    }
}

static void test_reader_formats(void)
{
    /* repeated TSV headers (concatenated shards), blank lines, CRLF, a BOM, empty fields */
    static const char tsv[] =
        "\xEF\xBB\xBF" RASD_RECORDS_TSV_HEADER "\r\n"
        "a\t1\t2026-03-01\tsrc\tattack,casualty\t0.9\t0\t0.1\t0.8\t4\t\ttext one\r\n"
        "\n" RASD_RECORDS_TSV_HEADER "\n"
        "a\t2\t\t\tnone\t0.1\t0\t0\t0.2\t\t7\ttext\twith a tab\n";
    FILE *fp = fmemopen((void *)tsv, sizeof tsv - 1, "r");
    struct rasd_records r;
    struct rasd_record rec;
    struct rasd_error e = {0};
    CHECK_INT(rasd_records_init(&r, fp, "mem", &e), 0);
    CHECK_INT(rasd_records_next(&r, &rec, &e), 1);
    CHECK_INT(r.format, RASD_RECORDS_TSV);
    CHECK_STR(rec.doc, "a");
    CHECK_INT(rec.sent, 1);
    CHECK_STR(rec.date, "2026-03-01");
    CHECK_STR(rec.source, "src");
    CHECK_INT(rec.labels, (1u << RASD_ATTACK) | (1u << RASD_CASUALTY));
    CHECK_NEAR(rec.p[RASD_CASUALTY], 0.8, 0);
    CHECK_INT(rec.killed, 4);
    CHECK_INT(rec.injured, -1);
    CHECK_INT(rasd_records_next(&r, &rec, &e), 1);
    CHECK_INT(rec.sent, 2);
    CHECK_STR(rec.date, "");
    CHECK_INT(rec.labels, 0);
    CHECK_INT(rec.killed, -1);
    CHECK_INT(rec.injured, 7);
    CHECK_INT(rasd_records_next(&r, &rec, &e), 0);
    CHECK_INT(r.records, 2);
    rasd_records_release(&r);
    fclose(fp);

    /* JSON Lines: absent and null fields, "none", an explain object, integer p */
    static const char jsonl[] =
        "  \n{\"doc\":\"b\",\"sent\":0,\"date\":null,\"labels\":[\"none\"],\"p\":{\"attack\":1,"
        "\"retaliation\":0,\"evacuation\":0,\"casualty\":0.25},\"killed\":null,"
        "\"explain\":{\"attack\":[[\"x\",1]]},\"text\":\"\\u0642\"}\n";
    fp = fmemopen((void *)jsonl, sizeof jsonl - 1, "r");
    CHECK_INT(rasd_records_init(&r, fp, "mem", &e), 0);
    CHECK_INT(rasd_records_next(&r, &rec, &e), 1);
    CHECK_INT(r.format, RASD_RECORDS_JSONL);
    CHECK_STR(rec.doc, "b");
    CHECK_INT(rec.sent, 0);
    CHECK_STR(rec.date, "");
    CHECK_STR(rec.source, "");
    CHECK_INT(rec.labels, 0);
    CHECK_NEAR(rec.p[RASD_ATTACK], 1, 0);
    CHECK_NEAR(rec.p[RASD_CASUALTY], 0.25, 0);
    CHECK_INT(rec.killed, -1);
    CHECK_INT(rec.injured, -1);
    CHECK_INT(rasd_records_next(&r, &rec, &e), 0);
    rasd_records_release(&r);
    fclose(fp);

    /* nothing but blank lines: no records, no error */
    fp = fmemopen((void *)"\n \n", 3, "r");
    CHECK_INT(rasd_records_init(&r, fp, "mem", &e), 0);
    CHECK_INT(rasd_records_next(&r, &rec, &e), 0);
    rasd_records_release(&r);
    fclose(fp);
}

/* Every allocation failing in turn: the error comes back, nothing crashes or leaks. */
static void test_alloc_failures(void)
{
    FILE *fp = open_data("stats/small.jsonl");
    if (!fp)
        return;
    static char text[8192];
    size_t len = fread(text, 1, sizeof text - 1, fp);
    text[len] = '\0';
    fclose(fp);
    int ok_seen = 0, fail_seen = 0;
    for (long n = 0; n < 400 && !ok_seen; n++) {
        struct rasd_stats_acc acc;
        struct rasd_error e = {0};
        rasd_stats_acc_init(&acc, RASD_BY_DATE);
        rasd_alloc_fail_after(n);
        int rc = read_string(&acc, text, &e);
        if (rc == 0)
            rc = rasd_stats_finish(&acc, &e);
        struct rasd_stats_opts o;
        rasd_stats_opts_default(&o);
        o.reps = 50;
        struct rasd_summary s;
        for (size_t g = 0; rc == 0 && g <= acc.ngroups; g++)
            rc = rasd_summarise(g ? &acc.groups[g - 1].t : &acc.all, &o, &s, &e);
        rasd_alloc_fail_reset();
        if (rc == 0)
            ok_seen = 1;
        else if (rc == RASD_ENOMEM)
            fail_seen++;
        else
            CHECK_MSG(0, "allocation %ld failing gave status %d", n, rc);
        rasd_stats_acc_release(&acc);
    }
    CHECK(ok_seen);
    CHECK(fail_seen > 5);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc > 1)
        data_dir = argv[1];
    RUN(test_golden_intervals);
    RUN(test_interval_edges);
    RUN(test_poibin);
    RUN(test_adjust);
    RUN(test_bootstrap);
    RUN(test_casualties);
    RUN(test_iso_day);
    RUN(test_small_set);
    RUN(test_shards);
    RUN(test_grouping);
    RUN(test_reader_errors);
    RUN(test_reader_formats);
    RUN(test_alloc_failures);
    return harness_report("test_stats");
}
