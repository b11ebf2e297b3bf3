/* The conflict-event lexicon (models/lexicon.tsv): term<TAB>label<TAB>weight.
 * Each term is run through the text pipeline; it matches a sentence where its
 * words occur consecutively, compared on the normalised form with a leading
 * و and an article removed (not on full stems: suffix stripping merges cues
 * with unrelated words, e.g. هاون -> ها, كمين -> كم). */
#ifndef RASD_LEXICON_H
#define RASD_LEXICON_H

#include "labels.h"
#include "strmap.h"
#include "text.h"

struct rasd_lexicon {
    struct rasd_strmap first; /* key of a term's first word -> first entry + 1 */
    struct rasd_lex_entry *entries;
    size_t n, cap;
    char **keys; /* all entries' word keys, entry i owns keys[entries[i].k0 ..] */
    size_t nkeys, keys_cap;
    size_t per_label[RASD_NLABELS];
};

struct rasd_lex_entry {
    int label;
    double weight;
    size_t k0, nk;  /* its word keys */
    size_t next;    /* next entry with the same first key, +1 (0: none) */
    char *term;     /* the term as written */
};

void rasd_lexicon_init(struct rasd_lexicon *lx);
void rasd_lexicon_release(struct rasd_lexicon *lx);

/* Loads `path`; errors name the file and line. */
int rasd_lexicon_load(struct rasd_lexicon *lx, const char *path, struct rasd_pipeline *p,
                      struct rasd_error *e);

/* Adds the weights of every term found in the sentence to hits[label]; when
 * `first` is not NULL, first[label] is set to the first matching term. */
void rasd_lexicon_match(const struct rasd_lexicon *lx, const struct rasd_sentence *s,
                        double hits[RASD_NLABELS], const char *first[RASD_NLABELS]);

/* The key a token is matched by: its normalised form without a leading و and
 * an article. Points into t->norm. */
static inline const char *rasd_token_key(const struct rasd_token *t, size_t *len)
{
    size_t off = rasd_strip_prefixes(t->norm, t->norm_len);
    *len = t->norm_len - off;
    return t->norm + off;
}

#endif
