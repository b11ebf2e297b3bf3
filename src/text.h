/* The text pipeline: UTF-8 bytes -> UTF-16 -> NFKC -> Arabic folding ->
 * sentences -> tokens -> stems (DESIGN.md, steps 1-4).
 *
 * A struct rasd_pipeline owns the ICU objects and scratch buffers; make one per
 * thread. Sentences and tokens handed out point into the pipeline's buffers and
 * stay valid until the next call on the same pipeline. */
#ifndef RASD_TEXT_H
#define RASD_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Steps of the pipeline; each can be switched off (tests and ablations). */
enum {
    RASD_NORM_NFKC = 1u << 0,      /* NFKC where unorm2_quickCheck says so */
    RASD_NORM_MARKS = 1u << 1,     /* drop tatweel, harakat, dagger alef, Quranic marks, ZWNJ/ZWJ/bidi marks */
    RASD_NORM_LETTERS = 1u << 2,   /* alef forms -> ا, ى/ی -> ي, ة -> ه, ک -> ك, ASCII lower case */
    RASD_NORM_DIGITS = 1u << 3,    /* decimal digits of any script -> ASCII */
    RASD_SPLIT_ABBREV = 1u << 4,   /* merge "د." / "أ.ف.ب" pieces into the next sentence */
    RASD_TOK_STOPWORDS = 1u << 5,  /* mark stopwords (they get no stem) */
    RASD_TOK_STEM = 1u << 6,       /* light stemming; off: stem = normalised form */
    RASD_TEXT_DEFAULT = 0x7f
};

/* Longest line handled in one piece; a longer line is cut at a space (or, with
 * none, anywhere on a character boundary), which also ends a sentence. */
#define RASD_MAX_LINE (1u << 20)

struct rasd_token {
    const char *norm;   /* normalised form, NUL-terminated UTF-8 */
    const char *stem;   /* light stem, NUL-terminated; NULL for a stopword */
    uint32_t norm_len;  /* bytes */
    uint32_t stem_len;  /* bytes (0 for a stopword) */
    uint8_t number;     /* the word break iterator classed it as a number */
};

struct rasd_sentence {
    const char *text;   /* the original sentence, trimmed, UTF-8 (bad bytes as U+FFFD) */
    size_t text_len;
    const char *norm;   /* the whole sentence normalised (for display) */
    size_t norm_len;
    struct rasd_token *tok; /* tokens in order, stopwords included */
    size_t ntok;
};

struct rasd_pipeline;

/* Creates a pipeline with the given RASD_* flags. NULL on failure (detail in e). */
struct rasd_pipeline *rasd_pipeline_new(unsigned flags, struct rasd_error *e);
void rasd_pipeline_free(struct rasd_pipeline *p);
unsigned rasd_pipeline_flags(const struct rasd_pipeline *p);

/* Called once per sentence; a non-zero return stops the split and is returned. */
typedef int (*rasd_sentence_fn)(const struct rasd_sentence *s, void *ud);

/* Splits `n` bytes of UTF-8 text into sentences and analyses each. Every line
 * break ends a sentence (so a blank line always does); within a line the ICU
 * sentence break iterator decides, then abbreviation pieces are merged. Empty
 * sentences are skipped. Returns 0, the callback's non-zero value, or a
 * negative RASD_E* code. */
int rasd_pipeline_split(struct rasd_pipeline *p, const char *utf8, size_t n,
                        rasd_sentence_fn fn, void *ud, struct rasd_error *e);

/* Analyses `n` bytes as exactly one sentence (no splitting; line breaks are
 * spaces). `out` points into the pipeline's buffers. */
int rasd_pipeline_analyze(struct rasd_pipeline *p, const char *utf8, size_t n,
                          struct rasd_sentence *out, struct rasd_error *e);

/* Invalid UTF-8 sequences and NUL bytes replaced by U+FFFD since the last
 * reset (callers report this once per file). */
size_t rasd_pipeline_replaced(const struct rasd_pipeline *p);
void rasd_pipeline_reset_replaced(struct rasd_pipeline *p);

/* Normalises UTF-8 text (NFKC, folding, digits as flags say) into `out`
 * (NUL-terminated, at most `size` bytes). Returns the length or a negative code. */
long rasd_normalize(struct rasd_pipeline *p, const char *utf8, size_t n, char *out,
                    size_t size, struct rasd_error *e);

/* Light stem (Light10 family, DESIGN.md step 4) of one normalised word, written
 * to out (NUL-terminated). Returns the stem length in bytes. */
size_t rasd_stem(const char *word, size_t len, char *out, size_t size);

/* The prefix stage of rasd_stem alone (a leading و, then one article):
 * returns how many bytes of `word` it strips. The lexicon matches on this. */
size_t rasd_strip_prefixes(const char *word, size_t len);

/* 1 when the normalised word is a stopword (negations and number words never are). */
int rasd_is_stopword(const char *word, size_t len);

/* The built-in stopword list (sorted bytewise), for tests and documentation. */
const char *const *rasd_stopword_list(size_t *n);

#endif
