#include "features.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lines.h"
#include "numbers.h"

const char *const rasd_family_names[RASD_NFAM] = {"words", "bigrams", "chars", "lexicon",
                                                  "flags"};

/* Negation and denial words (normalised) that set the F:neg flag. */
static const char *const negations[] = {"لا", "لم", "لن", "ليس", "ليست", "غير", "دون",
                                        "بدون", "عدم", "نفي", "نفت", "ينفي", "تنفي", "ولم",
                                        "ولا", "فلم", "ولن", "لما"};

/* Pool entries of the word cache: [n, idx...] per word. */
#define CACHE_POOL_MAX (4u << 20)

void rasd_feat_opts_default(struct rasd_feat_opts *o)
{
    o->families = (1u << RASD_NFAM) - 1;
    o->char_min = 3;
    o->char_max = 5;
    o->min_count = 2;
    o->cue_scale = 0;
}

void rasd_vocab_init(struct rasd_vocab *v)
{
    memset(v, 0, sizeof *v);
    rasd_strmap_init(&v->map);
}

void rasd_vocab_release(struct rasd_vocab *v)
{
    rasd_strmap_release(&v->map);
    rasd_free(v->idf);
    rasd_free(v->family);
    rasd_free(v->name);
    memset(v, 0, sizeof *v);
}

void rasd_vocab_builder_init(struct rasd_vocab_builder *b)
{
    memset(b, 0, sizeof *b);
    rasd_strmap_init(&b->df);
    rasd_strmap_init(&b->seen);
}

void rasd_vocab_builder_release(struct rasd_vocab_builder *b)
{
    rasd_strmap_release(&b->df);
    rasd_strmap_release(&b->seen);
}

void rasd_fvec_release(struct rasd_fvec *v)
{
    rasd_free(v->index);
    rasd_free(v->value);
    memset(v, 0, sizeof *v);
}

void rasd_featurizer_init(struct rasd_featurizer *f, const struct rasd_feat_opts *o,
                          const struct rasd_lexicon *lex, const struct rasd_vocab *vocab)
{
    memset(f, 0, sizeof *f);
    f->opts = o;
    f->lex = lex;
    f->vocab = vocab;
    rasd_strmap_init(&f->cache);
}

void rasd_featurizer_release(struct rasd_featurizer *f)
{
    rasd_free(f->key);
    rasd_free(f->pool);
    rasd_free(f->acc);
    rasd_free(f->bits);
    rasd_strmap_release(&f->cache);
    memset(f, 0, sizeof *f);
}

static int family_of(const char *name)
{
    switch (name[0]) {
    case 'w': return RASD_FAM_WORDS;
    case 'b': return RASD_FAM_BIGRAMS;
    case 'c': return RASD_FAM_CHARS;
    case 'L': return RASD_FAM_LEXICON;
    default: return RASD_FAM_FLAGS;
    }
}

/* ---- key generation: calls emit(name, len, weight) for every feature occurrence ---- */

typedef int (*emit_fn)(struct rasd_featurizer *f, const char *key, size_t len, double w,
                       void *ud);

static int key_reserve(struct rasd_featurizer *f, size_t n)
{
    if (n <= f->key_cap)
        return 0;
    size_t c = f->key_cap ? f->key_cap : 256;
    while (c < n)
        c *= 2;
    char *k = rasd_realloc(f->key, c);
    if (!k)
        return RASD_ENOMEM;
    f->key = k;
    f->key_cap = c;
    return 0;
}

/* The unigram key of a token: "w:" + stem, or "w:#" for a number. */
static const char *unigram(const struct rasd_token *t, size_t *len)
{
    if (t->number) {
        *len = 1;
        return "#";
    }
    *len = t->stem_len;
    return t->stem;
}

static int is_negation(const struct rasd_token *t)
{
    for (size_t i = 0; i < sizeof negations / sizeof negations[0]; i++)
        if (strlen(negations[i]) == t->norm_len && memcmp(negations[i], t->norm, t->norm_len) == 0)
            return 1;
    return 0;
}

/* Character n-grams of "<word>" (n in [char_min, char_max], counted in code points). */
static int emit_chars(struct rasd_featurizer *f, const struct rasd_token *t, emit_fn emit,
                      void *ud)
{
    const struct rasd_feat_opts *o = f->opts;
    size_t n = t->norm_len;
    if (key_reserve(f, n + 8))
        return RASD_ENOMEM;
    char *k = f->key;
    k[0] = 'c';
    k[1] = ':';
    char *w = k + 2;
    w[0] = '<';
    memcpy(w + 1, t->norm, n);
    w[n + 1] = '>';
    size_t wl = n + 2;
    /* starts of code points */
    size_t starts[256];
    size_t ns = 0;
    for (size_t i = 0; i < wl && ns < 255; i++)
        if (((unsigned char)w[i] & 0xC0) != 0x80)
            starts[ns++] = i;
    starts[ns] = wl;
    if (wl > starts[ns - 1] && ns == 255)
        return 0; /* absurdly long word: no character n-grams */
    for (int g = o->char_min; g <= o->char_max; g++) {
        for (size_t i = 0; i + (size_t)g <= ns; i++) {
            size_t a = starts[i], b = starts[i + (size_t)g];
            /* write the gram right after the "c:" prefix without losing the word */
            int rc;
            if (a == 0) {
                rc = emit(f, k, 2 + b, 1.0, ud);
            } else {
                /* k + a is w + a - 2 (w = k + 2): no index goes below zero */
                char save[2] = {k[a], k[a + 1]};
                k[a] = 'c';
                k[a + 1] = ':';
                rc = emit(f, k + a, 2 + b - a, 1.0, ud);
                k[a] = save[0];
                k[a + 1] = save[1];
            }
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int emit_prefixed(struct rasd_featurizer *f, char fam, const char *a, size_t al,
                         const char *b, size_t bl, double w, emit_fn emit, void *ud)
{
    if (key_reserve(f, al + bl + 4))
        return RASD_ENOMEM;
    char *k = f->key;
    k[0] = fam;
    k[1] = ':';
    memcpy(k + 2, a, al);
    size_t n = 2 + al;
    if (b) {
        k[n++] = ' ';
        memcpy(k + n, b, bl);
        n += bl;
    }
    return emit(f, k, n, w, ud);
}

/* Emits every feature of the sentence except character n-grams (the caller
 * does those per word, so it can cache them). */
static int emit_sentence(struct rasd_featurizer *f, const struct rasd_sentence *s, emit_fn emit,
                         void *ud, int with_chars)
{
    unsigned fam = f->opts->families;
    const char *prev = NULL;
    size_t prev_len = 0;
    int rc, neg = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        const struct rasd_token *t = &s->tok[i];
        neg |= is_negation(t);
        if (!t->stem)
            continue; /* stopword */
        size_t ul;
        const char *u = unigram(t, &ul);
        if ((fam & (1u << RASD_FAM_WORDS)) &&
            (rc = emit_prefixed(f, 'w', u, ul, NULL, 0, 1.0, emit, ud)))
            return rc;
        if ((fam & (1u << RASD_FAM_BIGRAMS)) && prev &&
            (rc = emit_prefixed(f, 'b', prev, prev_len, u, ul, 1.0, emit, ud)))
            return rc;
        prev = u;
        prev_len = ul;
        if (with_chars && (fam & (1u << RASD_FAM_CHARS)) && !t->number &&
            (rc = emit_chars(f, t, emit, ud)))
            return rc;
    }
    if (fam & (1u << RASD_FAM_LEXICON) && f->lex) {
        double hits[RASD_NLABELS] = {0};
        memset(f->lex_first, 0, sizeof f->lex_first);
        rasd_lexicon_match(f->lex, s, hits, f->lex_first);
        for (int l = 0; l < RASD_NLABELS; l++) {
            const char *name = rasd_label_names[l];
            if (hits[l] > 0 &&
                (rc = emit_prefixed(f, 'L', name, strlen(name), NULL, 0, hits[l], emit, ud)))
                return rc;
        }
    }
    rasd_casualty_counts(s, &f->killed, &f->injured);
    if (fam & (1u << RASD_FAM_FLAGS)) {
        if ((f->killed > 0 || f->injured > 0) &&
            (rc = emit_prefixed(f, 'F', "numcas", 6, NULL, 0, 1.0, emit, ud)))
            return rc;
        if (neg && (rc = emit_prefixed(f, 'F', "neg", 3, NULL, 0, 1.0, emit, ud)))
            return rc;
    }
    return 0;
}

/* ---- vocabulary building ---- */

static int emit_seen(struct rasd_featurizer *f, const char *key, size_t len, double w, void *ud)
{
    (void)f;
    (void)w;
    struct rasd_vocab_builder *b = ud;
    return rasd_strmap_put(&b->seen, key, len, 1, NULL) ? 0 : RASD_ENOMEM;
}

int rasd_vocab_builder_add(struct rasd_vocab_builder *b, struct rasd_featurizer *f,
                           const struct rasd_sentence *s)
{
    rasd_strmap_clear(&b->seen);
    int rc = emit_sentence(f, s, emit_seen, b, 1);
    if (rc)
        return rc;
    for (size_t i = 0; i < b->seen.cap; i++) {
        const struct rasd_strmap_slot *sl = &b->seen.slots[i];
        if (!sl->key)
            continue;
        int64_t *df = rasd_strmap_put(&b->df, rasd_strmap_key(&b->seen, sl), sl->len, 0, NULL);
        if (!df)
            return RASD_ENOMEM;
        (*df)++;
    }
    b->docs++;
    return 0;
}

struct named {
    const char *name;
    size_t len;
    int64_t df;
};

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int vocab_alloc(struct rasd_vocab *v, size_t n)
{
    v->idf = rasd_calloc(n + 1, sizeof *v->idf);
    v->family = rasd_calloc(n + 1, sizeof *v->family);
    v->name = rasd_calloc(n + 1, sizeof *v->name);
    return v->idf && v->family && v->name ? 0 : RASD_ENOMEM;
}

/* Inserts name -> index; sets the name pointer (into the map's arena). */
static int vocab_add(struct rasd_vocab *v, const char *name, size_t len, int32_t index)
{
    if (!rasd_strmap_put(&v->map, name, len, index, NULL))
        return RASD_ENOMEM;
    return 0;
}

static void vocab_fix_names(struct rasd_vocab *v)
{
    for (size_t i = 0; i < v->map.cap; i++) {
        const struct rasd_strmap_slot *sl = &v->map.slots[i];
        if (sl->key)
            v->name[sl->value] = rasd_strmap_key(&v->map, sl);
    }
}

int rasd_vocab_build(struct rasd_vocab *v, const struct rasd_vocab_builder *b, int min_count)
{
    size_t n = 0;
    struct named *all = rasd_malloc((b->df.count + 1) * sizeof *all);
    if (!all)
        return RASD_ENOMEM;
    for (size_t i = 0; i < b->df.cap; i++) {
        const struct rasd_strmap_slot *sl = &b->df.slots[i];
        if (!sl->key)
            continue;
        const char *name = rasd_strmap_key(&b->df, sl);
        int fam = family_of(name);
        if (sl->value < min_count && fam != RASD_FAM_LEXICON && fam != RASD_FAM_FLAGS)
            continue;
        all[n++] = (struct named){name, sl->len, sl->value};
    }
    qsort(all, n, sizeof *all, cmp_named);
    int rc = vocab_alloc(v, n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = vocab_add(v, all[i].name, all[i].len, (int32_t)(i + 1));
        v->idf[i + 1] = log((double)(b->docs + 1) / (double)(all[i].df + 1)) + 1.0;
        v->family[i + 1] = (uint8_t)family_of(all[i].name);
    }
    rasd_free(all);
    if (rc)
        return rc;
    v->n = n;
    v->docs = b->docs;
    vocab_fix_names(v);
    return 0;
}

int rasd_vocab_save(const struct rasd_vocab *v, const char *path, struct rasd_error *e)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return rasd_fail(e, RASD_EIO, path, 0, "cannot write: %s", strerror(errno));
    fprintf(fp, "# rasd vocabulary: index, idf, family, feature (%zu features, %ld sentences)\n",
            v->n, v->docs);
    for (size_t i = 1; i <= v->n; i++)
        fprintf(fp, "%zu\t%.17g\t%s\t%s\n", i, v->idf[i], rasd_family_names[v->family[i]],
                v->name[i]);
    int bad = ferror(fp);
    if (fclose(fp) || bad)
        return rasd_fail(e, RASD_EIO, path, 0, "write failed: %s", strerror(errno));
    return 0;
}

int rasd_vocab_load(struct rasd_vocab *v, const char *path, struct rasd_error *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rasd_fail(e, RASD_EMODEL, path, 0, "cannot open: %s", strerror(errno));
    struct rasd_lines r;
    int rc = rasd_lines_init(&r, fp, path, 1u << 16, 0, e);
    char *line;
    size_t len, cap = 0;
    if (rc == 0 && (rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        if (sscanf(line, "# rasd vocabulary: index, idf, family, feature (%zu features, %ld",
                   &cap, &v->docs) != 2 || cap > 50000000)
            rc = rasd_fail(e, RASD_EMODEL, path, 1, "not a rasd vocabulary");
        else
            rc = vocab_alloc(v, cap) ? rasd_fail(e, RASD_ENOMEM, path, 1, "out of memory") : 0;
    } else if (rc == 0) {
        rc = rasd_fail(e, RASD_EMODEL, path, 0, "empty vocabulary file");
    }
    while (rc == 0 && (rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        rc = 0;
        char *f1 = strchr(line, '\t'), *f2 = f1 ? strchr(f1 + 1, '\t') : NULL,
             *f3 = f2 ? strchr(f2 + 1, '\t') : NULL;
        char *end;
        long idx = strtol(line, &end, 10);
        if (!f3 || end != f1 || idx != (long)v->n + 1 || (size_t)idx > cap) {
            rc = rasd_fail(e, RASD_EMODEL, path, r.lineno, "corrupt vocabulary line");
            break;
        }
        double idf = strtod(f1 + 1, &end);
        if (end != f2 || !isfinite(idf) || idf <= 0) {
            rc = rasd_fail(e, RASD_EMODEL, path, r.lineno, "bad idf");
            break;
        }
        const char *name = f3 + 1;
        int fam = family_of(name);
        if (strncmp(f2 + 1, rasd_family_names[fam], (size_t)(f3 - f2 - 1)) != 0 || name[1] != ':') {
            rc = rasd_fail(e, RASD_EMODEL, path, r.lineno, "feature family does not match name");
            break;
        }
        if (vocab_add(v, name, len - (size_t)(name - line), (int32_t)idx)) {
            rc = rasd_fail(e, RASD_ENOMEM, path, r.lineno, "out of memory");
            break;
        }
        v->idf[idx] = idf;
        v->family[idx] = (uint8_t)fam;
        v->n = (size_t)idx;
    }
    if (rc == 0 && v->n != cap)
        rc = rasd_fail(e, RASD_EMODEL, path, r.lineno, "vocabulary truncated: %zu of %zu features",
                       v->n, cap);
    if (rc == 0 && v->map.count != v->n)
        rc = rasd_fail(e, RASD_EMODEL, path, 0, "duplicate feature names");
    rasd_lines_release(&r);
    fclose(fp);
    if (rc < 0) {
        if (e->code != RASD_ENOMEM)
            e->code = RASD_EMODEL;
        return e->code;
    }
    vocab_fix_names(v);
    return 0;
}

/* ---- extraction ---- */

/* Adds weight w to feature idx in the dense accumulator (weights in 1/1024
 * units, as integers, so sums do not depend on the order of additions) and
 * marks idx in the bitmap of touched features. */
static int pairs_add(struct rasd_featurizer *f, int32_t idx, double w)
{
    size_t need = f->vocab->n + 1;
    if (f->acc_n < need) {
        rasd_free(f->acc);
        rasd_free(f->bits);
        f->acc = rasd_calloc(need, sizeof *f->acc);
        f->bits = rasd_calloc((need + 63) / 64, sizeof *f->bits);
        f->acc_n = f->acc && f->bits ? need : 0;
        f->bits_lo = (need + 63) / 64;
        f->bits_hi = 0;
        if (!f->acc_n)
            return RASD_ENOMEM;
    }
    size_t wi = (size_t)idx >> 6;
    f->acc[idx] += (int64_t)(w * 1024.0 + 0.5);
    f->bits[wi] |= 1ULL << (idx & 63);
    if (wi < f->bits_lo)
        f->bits_lo = wi;
    if (wi + 1 > f->bits_hi)
        f->bits_hi = wi + 1;
    f->npairs++;
    return 0;
}

static int emit_index(struct rasd_featurizer *f, const char *key, size_t len, double w, void *ud)
{
    (void)ud;
    const int64_t *idx = rasd_strmap_get(&f->vocab->map, key, len);
    return idx ? pairs_add(f, (int32_t)*idx, w) : 0;
}

struct collect {
    int32_t *buf;
    size_t n, cap;
};

static int emit_collect(struct rasd_featurizer *f, const char *key, size_t len, double w,
                        void *ud)
{
    (void)w;
    struct collect *c = ud;
    const int64_t *idx = rasd_strmap_get(&f->vocab->map, key, len);
    if (!idx)
        return 0;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        int32_t *nb = rasd_realloc(c->buf, nc * sizeof *nb);
        if (!nb)
            return RASD_ENOMEM;
        c->buf = nb;
        c->cap = nc;
    }
    c->buf[c->n++] = (int32_t)*idx;
    return 0;
}

/* Character n-gram indices of a word, from the cache or computed and cached. */
static int word_chars(struct rasd_featurizer *f, const struct rasd_token *t)
{
    const int64_t *at = rasd_strmap_get(&f->cache, t->norm, t->norm_len);
    if (!at) {
        struct collect c = {0};
        int rc = emit_chars(f, t, emit_collect, &c);
        if (rc) {
            rasd_free(c.buf);
            return rc;
        }
        if (f->pool_len + c.n + 1 > CACHE_POOL_MAX) {
            rasd_strmap_clear(&f->cache);
            f->pool_len = 0;
        }
        if (f->pool_len + c.n + 1 > f->pool_cap) {
            size_t nc = f->pool_cap ? f->pool_cap : 4096;
            while (nc < f->pool_len + c.n + 1)
                nc *= 2;
            int32_t *np = rasd_realloc(f->pool, nc * sizeof *np);
            if (!np) {
                rasd_free(c.buf);
                return RASD_ENOMEM;
            }
            f->pool = np;
            f->pool_cap = nc;
        }
        size_t off = f->pool_len;
        f->pool[off] = (int32_t)c.n;
        if (c.n)
            memcpy(f->pool + off + 1, c.buf, c.n * sizeof *c.buf);
        f->pool_len += c.n + 1;
        rasd_free(c.buf);
        at = rasd_strmap_put(&f->cache, t->norm, t->norm_len, (int64_t)off, NULL);
        if (!at)
            return RASD_ENOMEM;
    }
    const int32_t *p = f->pool + *at;
    for (int32_t i = 1; i <= p[0]; i++)
        if (pairs_add(f, p[i], 1.0))
            return RASD_ENOMEM;
    return 0;
}

int rasd_features_extract(struct rasd_featurizer *f, const struct rasd_sentence *s,
                          struct rasd_fvec *out)
{
    f->npairs = 0;
    int rc = emit_sentence(f, s, emit_index, NULL, 0);
    if (rc)
        return rc;
    if (f->opts->families & (1u << RASD_FAM_CHARS))
        for (size_t i = 0; i < s->ntok; i++)
            if (s->tok[i].stem && !s->tok[i].number && (rc = word_chars(f, &s->tok[i])))
                return rc;
    if (f->npairs > out->cap) {
        size_t c = f->npairs;
        int32_t *ni = rasd_realloc(out->index, c * sizeof *ni);
        if (!ni)
            return RASD_ENOMEM;
        out->index = ni;
        double *nv = rasd_realloc(out->value, c * sizeof *nv);
        if (!nv)
            return RASD_ENOMEM;
        out->value = nv;
        out->cap = c;
    }
    double sq[RASD_NFAM] = {0}; /* per family, for the record; the norm is global */
    size_t n = 0;
    const struct rasd_vocab *v = f->vocab;
    /* the touched features in ascending order, from the bitmap: no sort */
    for (size_t wi = f->bits_lo; f->npairs && wi < f->bits_hi; wi++) {
        uint64_t b = f->bits[wi];
        f->bits[wi] = 0;
        while (b) {
            int32_t idx = (int32_t)(wi * 64 + (size_t)__builtin_ctzll(b));
            b &= b - 1;
            double tf = (double)f->acc[idx] / 1024.0;
            f->acc[idx] = 0;
            double x = (tf >= 1 ? 1.0 + log(tf) : tf) * v->idf[idx];
            out->index[n] = idx;
            out->value[n] = x;
            sq[v->family[idx]] += x * x;
            n++;
        }
    }
    f->bits_lo = f->acc_n ? (f->acc_n + 63) / 64 : 0;
    f->bits_hi = 0;
    double cs = f->opts->cue_scale;
    double total = 0;
    for (int k = 0; k < RASD_NFAM; k++)
        if (cs <= 0 || k <= RASD_FAM_CHARS)
            total += sq[k];
    double norm = total > 0 ? sqrt(total) : 1.0;
    for (size_t i = 0; i < n; i++) {
        if (cs > 0 && v->family[out->index[i]] > RASD_FAM_CHARS)
            out->value[i] *= cs;
        else
            out->value[i] /= norm;
    }
    out->n = n;
    return 0;
}

void rasd_feature_describe(const struct rasd_vocab *v, int32_t index, char *out, size_t size)
{
    if (index < 1 || (size_t)index > v->n) {
        snprintf(out, size, "feature %d", index);
        return;
    }
    const char *name = v->name[index];
    static const char *const what[RASD_NFAM] = {"stem", "bigram", "chars", "lexicon", "flag"};
    snprintf(out, size, "%s %s", what[v->family[index]], name + 2);
}
