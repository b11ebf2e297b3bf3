/* Scoring predictions against gold labels: per-label precision, recall and F1
 * with percentile bootstrap intervals (GSL random numbers, seeded), micro and
 * macro F1, and the exact-match ratio. */
#ifndef RASD_EVAL_H
#define RASD_EVAL_H

#include <stddef.h>

#include "labels.h"

struct rasd_eval_item {
    unsigned gold, pred; /* label bit sets */
};

struct rasd_label_scores {
    long tp, fp, fn, tn;
    double precision, recall, f1;
    double precision_lo, precision_hi, recall_lo, recall_hi, f1_lo, f1_hi;
};

struct rasd_eval {
    long n;
    struct rasd_label_scores label[RASD_NLABELS];
    double micro_f1, macro_f1, exact;
    double macro_lo, macro_hi;
    double level;
    int reps;
};

/* Scores n items; `reps` bootstrap resamples (0: no intervals) at confidence
 * `level`, seeded by `seed`. Returns 0 or RASD_ENOMEM. */
int rasd_eval_compute(const struct rasd_eval_item *items, size_t n, int reps, double level,
                      unsigned long seed, struct rasd_eval *out);

#endif
