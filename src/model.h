/* Models (DESIGN.md step 6): one binary C-SVC per label (libsvm), class
 * weights from label frequencies, Platt-calibrated probabilities fitted on
 * out-of-fold decision values, a per-label threshold maximising the
 * cross-validated F1, and C chosen by a cross-validated grid. For the linear
 * kernel the support vectors are collapsed into one weight vector per label
 * at load time. This is the only module that includes <libsvm/svm.h>. */
#ifndef RASD_MODEL_H
#define RASD_MODEL_H

#include "corpus.h"
#include "features.h"
#include "labels.h"
#include "lexicon.h"
#include "text.h"

#define RASD_MODEL_MAGIC "rasd-model"
#define RASD_MODEL_VERSION 1

enum { RASD_KERNEL_LINEAR, RASD_KERNEL_RBF };

struct rasd_train_opts {
    struct rasd_feat_opts feat;
    unsigned text_flags;
    const char *lexicon; /* path */
    double C;            /* > 0: fixed; otherwise chosen from the grid */
    int kernel;
    double gamma;        /* RBF; <= 0: 1 / (features) */
    int folds;           /* internal cross-validation folds (C, Platt, thresholds) */
    int group_folds;     /* folds group whole corpus files (writers), when >= 3 files */
    int cue_separate;    /* lexicon and flag features outside the L2 norm (features.h) */
    unsigned long seed;  /* fold assignment */
    int threads;
    int quiet;           /* the command prints no progress */
    /* Called as work advances (stage, done, total); may be NULL. Calls are
     * serialised, but may come from a worker thread. */
    void (*progress)(const char *stage, size_t done, size_t total, void *ud);
    void *progress_ud;
};

void rasd_train_opts_default(struct rasd_train_opts *o);

struct rasd_label_model {
    double C, threshold, platt_a, platt_b;
    double cv_precision, cv_recall, cv_f1, cv_tpr, cv_fpr;
    long positives;
    void *svm;  /* struct svm_model * (RBF, or until collapsed) */
    double *w;  /* linear: weights [features + 1] */
    double rho;
};

struct rasd_model {
    unsigned text_flags;
    struct rasd_feat_opts feat;
    int kernel;
    double gamma;
    int folds;
    int grouped;         /* the folds grouped corpus files */
    unsigned long seed;
    long train_sentences;
    struct rasd_vocab vocab;
    struct rasd_lexicon lex;
    struct rasd_label_model label[RASD_NLABELS];
    void *train_nodes; /* a trained model's libsvm SVs point into these */
};

void rasd_model_init(struct rasd_model *m);
void rasd_model_release(struct rasd_model *m);

/* Trains every label on the corpus. Progress goes to stderr unless o->quiet. */
int rasd_model_train(struct rasd_model *m, const struct rasd_corpus *c,
                     const struct rasd_train_opts *o, struct rasd_error *e);

/* Writes the model directory `dir` atomically: into a temporary directory
 * beside it, then swapped into place. An existing `dir` is refused unless
 * `force`, and then it stays intact until the new model is complete. */
int rasd_model_save(const struct rasd_model *m, const char *dir, const char *lexicon_path,
                    int force, struct rasd_error *e);

/* Loads and verifies a model directory (sizes and checksums of every file are
 * checked before libsvm reads any). Errors are RASD_EMODEL (or ENOMEM). */
int rasd_model_load(struct rasd_model *m, const char *dir, struct rasd_error *e);

/* Reads only rasd-model.txt: settings, thresholds and the cross-validated
 * per-label precision, recall, tpr and fpr (what `rasd stats` needs). */
int rasd_model_read_header(struct rasd_model *m, const char *dir, struct rasd_error *e);

struct rasd_prediction {
    double dec[RASD_NLABELS]; /* decision values */
    double p[RASD_NLABELS];   /* calibrated probabilities */
    unsigned labels;          /* p >= threshold */
};

/* Decision values, probabilities and labels of one feature vector. */
void rasd_model_predict(const struct rasd_model *m, const struct rasd_fvec *x,
                        struct rasd_prediction *out);

/* libsvm's own svm_predict_values for label l on x (tests the fast path).
 * Needs the libsvm model kept: see rasd_model_load_keep. */
double rasd_model_libsvm_decision(const struct rasd_model *m, int l, const struct rasd_fvec *x);
/* Like rasd_model_load but keeps the libsvm models after collapsing. */
int rasd_model_load_keep(struct rasd_model *m, const char *dir, struct rasd_error *e);

/* Platt's sigmoid fit (Lin, Lin and Weng's Newton method) of P(y=1|f) =
 * 1 / (1 + exp(A f + B)) to decision values f[i] with labels y[i] in {0,1}. */
void rasd_platt_fit(const double *f, const unsigned char *y, size_t n, double *a, double *b);
double rasd_platt_prob(double f, double a, double b);

/* Stratified folds: examples grouped by label set, shuffled with `seed`
 * (GSL mt19937), dealt round-robin; fold[i] in [0, k). */
int rasd_assign_folds(const unsigned *labels, size_t n, int k, unsigned long seed, int *fold);

/* Everything needed to classify text with a model, for one thread. */
struct rasd_classifier {
    const struct rasd_model *model;
    struct rasd_pipeline *pipeline;
    struct rasd_featurizer feat;
    struct rasd_fvec vec;
};

int rasd_classifier_init(struct rasd_classifier *c, const struct rasd_model *m,
                         struct rasd_error *e);
void rasd_classifier_release(struct rasd_classifier *c);
/* Classifies `n` bytes as one sentence; killed/injured may be NULL. */
int rasd_classify_sentence(struct rasd_classifier *c, const char *text, size_t n,
                           struct rasd_prediction *out, long *killed, long *injured,
                           struct rasd_error *e);

#endif
