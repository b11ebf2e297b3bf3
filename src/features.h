/* Feature extraction (DESIGN.md step 5): stem unigrams and bigrams, character
 * 3-5-grams of normalised words with boundary marks, per-label lexicon hits,
 * a number-near-casualty flag and a negation flag. Values are sublinear TF x
 * IDF, and the whole vector is L2-normalised. (Normalising each family on its
 * own and weighting the families equally was tried: grouped cross-validation
 * on the corpus preferred the plain norm, mean F1 0.933 against 0.919.)
 * Indices ascend from 1. */
#ifndef RASD_FEATURES_H
#define RASD_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "strmap.h"
#include "text.h"

enum {
    RASD_FAM_WORDS,   /* w:STEM */
    RASD_FAM_BIGRAMS, /* b:STEM STEM */
    RASD_FAM_CHARS,   /* c:<ngram> */
    RASD_FAM_LEXICON, /* L:label */
    RASD_FAM_FLAGS,   /* F:numcas, F:neg */
    RASD_NFAM
};

extern const char *const rasd_family_names[RASD_NFAM]; /* words bigrams chars lexicon flags */

struct rasd_feat_opts {
    unsigned families; /* bit per RASD_FAM_* */
    int char_min, char_max;
    int min_count;     /* a feature must occur in this many training sentences */
    /* 0: the whole vector is L2-normalised together. > 0: only the text
     * families (words, bigrams, chars) are; lexicon and flag features keep
     * their sublinear TF x IDF value times cue_scale, so a cue weighs the same
     * in a long sentence as in a short one. Fitted at training time. */
    double cue_scale;
};

void rasd_feat_opts_default(struct rasd_feat_opts *o);

/* The vocabulary: feature name -> index (1-based), with IDF and family. */
struct rasd_vocab {
    struct rasd_strmap map; /* name -> index */
    size_t n;               /* features; indices 1..n */
    double *idf;            /* [n + 1] */
    uint8_t *family;        /* [n + 1] */
    const char **name;      /* [n + 1], into map's arena */
    long docs;              /* training sentences it was built from */
};

void rasd_vocab_init(struct rasd_vocab *v);
void rasd_vocab_release(struct rasd_vocab *v);

/* Counts document frequencies while the vocabulary is built. */
struct rasd_vocab_builder {
    struct rasd_strmap df;
    long docs;
    struct rasd_strmap seen; /* keys of the current sentence */
};

void rasd_vocab_builder_init(struct rasd_vocab_builder *b);
void rasd_vocab_builder_release(struct rasd_vocab_builder *b);

/* A sparse vector: indices ascending and unique. */
struct rasd_fvec {
    int32_t *index;
    double *value;
    size_t n, cap;
};

void rasd_fvec_release(struct rasd_fvec *v);

/* Everything extraction needs; the scratch part is per thread. */
struct rasd_featurizer {
    const struct rasd_feat_opts *opts;
    const struct rasd_lexicon *lex;
    const struct rasd_vocab *vocab; /* NULL while building the vocabulary */
    /* scratch */
    char *key;
    size_t key_cap;
    struct rasd_strmap cache; /* normalised word -> offset in pool (+1) */
    int32_t *pool;
    size_t pool_len, pool_cap;
    int64_t *acc;      /* per feature: summed weight in 1/1024 units, while collecting */
    uint64_t *bits;    /* features touched in the current sentence */
    size_t acc_n;      /* entries of acc (vocabulary size + 1) */
    size_t bits_lo, bits_hi; /* range of bitmap words touched */
    size_t npairs;     /* additions in the current sentence (bounds the output size) */
    const char *lex_first[RASD_NLABELS]; /* first lexicon term per label, last sentence */
    long killed, injured;                 /* figures of the last sentence */
};

void rasd_featurizer_init(struct rasd_featurizer *f, const struct rasd_feat_opts *o,
                          const struct rasd_lexicon *lex, const struct rasd_vocab *vocab);
void rasd_featurizer_release(struct rasd_featurizer *f);

/* Adds one sentence's features to the builder's document frequencies. */
int rasd_vocab_builder_add(struct rasd_vocab_builder *b, struct rasd_featurizer *f,
                           const struct rasd_sentence *s);
/* Keeps features seen in >= min_count sentences (the lexicon and flag features
 * always), sorted bytewise by name, and computes IDF = ln((N+1)/(df+1)) + 1. */
int rasd_vocab_build(struct rasd_vocab *v, const struct rasd_vocab_builder *b, int min_count);

/* Writes the vocabulary as "index<TAB>df-free idf<TAB>family<TAB>name" lines. */
int rasd_vocab_save(const struct rasd_vocab *v, const char *path, struct rasd_error *e);
int rasd_vocab_load(struct rasd_vocab *v, const char *path, struct rasd_error *e);

/* The sentence's feature vector (needs f->vocab). */
int rasd_features_extract(struct rasd_featurizer *f, const struct rasd_sentence *s,
                          struct rasd_fvec *out);

/* A readable name for feature `index` (e.g. "stem قصف", "chars <غار"). */
void rasd_feature_describe(const struct rasd_vocab *v, int32_t index, char *out, size_t size);

#endif
