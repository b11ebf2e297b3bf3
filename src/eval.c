#include "eval.h"

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <string.h>

#include "alloc.h"
#include "err.h"

static double ratio(long a, long b)
{
    return b ? (double)a / (double)b : 0.0;
}

static double f1_of(long tp, long fp, long fn)
{
    return tp ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0.0;
}

/* Confusion counts over items[idx[i]] (idx NULL: all). */
static void count(const struct rasd_eval_item *items, const size_t *idx, size_t n,
                  struct rasd_label_scores s[RASD_NLABELS], long *exact)
{
    memset(s, 0, sizeof(struct rasd_label_scores) * RASD_NLABELS);
    *exact = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rasd_eval_item *it = &items[idx ? idx[i] : i];
        *exact += it->gold == it->pred;
        for (int l = 0; l < RASD_NLABELS; l++) {
            int g = (it->gold >> l) & 1, p = (it->pred >> l) & 1;
            s[l].tp += g && p;
            s[l].fp += !g && p;
            s[l].fn += g && !p;
            s[l].tn += !g && !p;
        }
    }
    for (int l = 0; l < RASD_NLABELS; l++) {
        s[l].precision = ratio(s[l].tp, s[l].tp + s[l].fp);
        s[l].recall = ratio(s[l].tp, s[l].tp + s[l].fn);
        s[l].f1 = f1_of(s[l].tp, s[l].fp, s[l].fn);
    }
}

static double macro(const struct rasd_label_scores s[RASD_NLABELS])
{
    double m = 0;
    for (int l = 0; l < RASD_NLABELS; l++)
        m += s[l].f1;
    return m / RASD_NLABELS;
}

int rasd_eval_compute(const struct rasd_eval_item *items, size_t n, int reps, double level,
                      unsigned long seed, struct rasd_eval *out)
{
    memset(out, 0, sizeof *out);
    out->n = (long)n;
    out->level = level;
    out->reps = reps;
    long exact;
    count(items, NULL, n, out->label, &exact);
    long tp = 0, fp = 0, fn = 0;
    for (int l = 0; l < RASD_NLABELS; l++) {
        tp += out->label[l].tp;
        fp += out->label[l].fp;
        fn += out->label[l].fn;
    }
    out->micro_f1 = f1_of(tp, fp, fn);
    out->macro_f1 = macro(out->label);
    out->exact = ratio(exact, (long)n);
    if (reps <= 0 || n == 0)
        return 0;
    /* per rep: precision, recall, f1 per label, and macro F1 */
    size_t k = 3 * RASD_NLABELS + 1;
    double *v = rasd_malloc((size_t)reps * k * sizeof *v);
    size_t *idx = rasd_malloc(n * sizeof *idx);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!v || !idx || !r) {
        rasd_free(v);
        rasd_free(idx);
        if (r)
            gsl_rng_free(r);
        return RASD_ENOMEM;
    }
    gsl_rng_set(r, seed);
    for (int b = 0; b < reps; b++) {
        for (size_t i = 0; i < n; i++)
            idx[i] = gsl_rng_uniform_int(r, n);
        struct rasd_label_scores s[RASD_NLABELS];
        long ex;
        count(items, idx, n, s, &ex);
        for (int l = 0; l < RASD_NLABELS; l++) {
            v[(size_t)(3 * l + 0) * (size_t)reps + (size_t)b] = s[l].precision;
            v[(size_t)(3 * l + 1) * (size_t)reps + (size_t)b] = s[l].recall;
            v[(size_t)(3 * l + 2) * (size_t)reps + (size_t)b] = s[l].f1;
        }
        v[(k - 1) * (size_t)reps + (size_t)b] = macro(s);
    }
    double a = (1.0 - level) / 2.0;
    for (size_t j = 0; j < k; j++) {
        double *col = v + j * (size_t)reps;
        gsl_sort(col, 1, (size_t)reps);
        double lo = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)reps, a);
        double hi = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)reps, 1.0 - a);
        if (j == k - 1) {
            out->macro_lo = lo;
            out->macro_hi = hi;
            continue;
        }
        struct rasd_label_scores *s = &out->label[j / 3];
        switch (j % 3) {
        case 0: s->precision_lo = lo; s->precision_hi = hi; break;
        case 1: s->recall_lo = lo; s->recall_hi = hi; break;
        default: s->f1_lo = lo; s->f1_hi = hi; break;
        }
    }
    gsl_rng_free(r);
    rasd_free(v);
    rasd_free(idx);
    return 0;
}
