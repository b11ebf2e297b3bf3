#include "lexicon.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lines.h"

void rasd_lexicon_init(struct rasd_lexicon *lx)
{
    memset(lx, 0, sizeof *lx);
    rasd_strmap_init(&lx->first);
}

void rasd_lexicon_release(struct rasd_lexicon *lx)
{
    for (size_t i = 0; i < lx->nkeys; i++)
        rasd_free(lx->keys[i]);
    for (size_t i = 0; i < lx->n; i++)
        rasd_free(lx->entries[i].term);
    rasd_free(lx->keys);
    rasd_free(lx->entries);
    rasd_strmap_release(&lx->first);
    memset(lx, 0, sizeof *lx);
}

static int add_entry(struct rasd_lexicon *lx, const char *term, int label, double weight,
                     const struct rasd_sentence *s)
{
    if (lx->n == lx->cap) {
        size_t nc = lx->cap ? lx->cap * 2 : 64;
        void *ne = rasd_realloc(lx->entries, nc * sizeof *lx->entries);
        if (!ne)
            return RASD_ENOMEM;
        lx->entries = ne;
        lx->cap = nc;
    }
    if (lx->nkeys + s->ntok > lx->keys_cap) {
        size_t nc = lx->keys_cap ? lx->keys_cap * 2 : 128;
        while (nc < lx->nkeys + s->ntok)
            nc *= 2;
        void *nk = rasd_realloc(lx->keys, nc * sizeof *lx->keys);
        if (!nk)
            return RASD_ENOMEM;
        lx->keys = nk;
        lx->keys_cap = nc;
    }
    struct rasd_lex_entry *en = &lx->entries[lx->n];
    memset(en, 0, sizeof *en);
    en->label = label;
    en->weight = weight;
    en->k0 = lx->nkeys;
    en->term = rasd_strdup(term);
    if (!en->term)
        return RASD_ENOMEM;
    for (size_t i = 0; i < s->ntok; i++) {
        size_t kl;
        const char *k = rasd_token_key(&s->tok[i], &kl);
        char *copy = rasd_strndup(k, kl);
        if (!copy) {
            rasd_free(en->term);
            return RASD_ENOMEM;
        }
        lx->keys[lx->nkeys++] = copy;
    }
    en->nk = s->ntok;
    size_t k0l = strlen(lx->keys[en->k0]);
    int64_t *head = rasd_strmap_put(&lx->first, lx->keys[en->k0], k0l, 0, NULL);
    if (!head) {
        rasd_free(en->term); /* not counted in lx->n yet: release would miss it */
        return RASD_ENOMEM;
    }
    en->next = (size_t)*head;
    *head = (int64_t)(lx->n + 1);
    lx->per_label[label]++;
    lx->n++;
    return 0;
}

int rasd_lexicon_load(struct rasd_lexicon *lx, const char *path, struct rasd_pipeline *p,
                      struct rasd_error *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rasd_fail(e, RASD_EIO, path, 0, "cannot open lexicon: %s", strerror(errno));
    struct rasd_lines r;
    int rc = rasd_lines_init(&r, fp, path, 1u << 16, 0, e);
    char *line;
    size_t len;
    while (rc == 0 && (rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        rc = 0;
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *f[3];
        int nf = 0;
        f[nf++] = line;
        for (char *q = line; *q && nf < 3; q++)
            if (*q == '\t') {
                *q = '\0';
                f[nf++] = q + 1;
            }
        if (nf != 3 || strchr(f[2], '\t')) {
            rc = rasd_fail(e, RASD_EFORMAT, path, r.lineno,
                           "want 3 tab-separated fields: term, label, weight");
            break;
        }
        int label = rasd_label_index(f[1], strlen(f[1]));
        if (label < 0) {
            rc = rasd_fail(e, RASD_EFORMAT, path, r.lineno, "unknown label '%s'", f[1]);
            break;
        }
        char *end;
        errno = 0;
        double w = strtod(f[2], &end);
        /* bounded: the featurizer keeps lexicon hits in fixed point */
        if (errno || end == f[2] || *end || !(w > 0 && w <= 100)) {
            rc = rasd_fail(e, RASD_EFORMAT, path, r.lineno,
                           "bad weight '%s' (a number above 0, at most 100)", f[2]);
            break;
        }
        struct rasd_sentence s;
        rc = rasd_pipeline_analyze(p, f[0], strlen(f[0]), &s, e);
        if (rc)
            break;
        if (s.ntok == 0) {
            rc = rasd_fail(e, RASD_EFORMAT, path, r.lineno, "term has no words");
            break;
        }
        rc = add_entry(lx, f[0], label, w, &s);
        if (rc) {
            rasd_fail(e, rc, path, r.lineno, "out of memory");
            break;
        }
    }
    if (rc < 0 && !e->file[0])
        rasd_fail(e, e->code, path, r.lineno, "%s", e->msg);
    rasd_lines_release(&r);
    fclose(fp);
    return rc < 0 ? rc : 0;
}

void rasd_lexicon_match(const struct rasd_lexicon *lx, const struct rasd_sentence *s,
                        double hits[RASD_NLABELS], const char *first[RASD_NLABELS])
{
    for (size_t i = 0; i < s->ntok; i++) {
        size_t kl;
        const char *k = rasd_token_key(&s->tok[i], &kl);
        const int64_t *head = rasd_strmap_get(&lx->first, k, kl);
        for (size_t at = head ? (size_t)*head : 0; at; at = lx->entries[at - 1].next) {
            const struct rasd_lex_entry *en = &lx->entries[at - 1];
            if (i + en->nk > s->ntok)
                continue;
            size_t j = 1;
            for (; j < en->nk; j++) {
                size_t l2;
                const char *k2 = rasd_token_key(&s->tok[i + j], &l2);
                const char *want = lx->keys[en->k0 + j];
                if (strlen(want) != l2 || memcmp(want, k2, l2) != 0)
                    break;
            }
            if (j < en->nk)
                continue;
            hits[en->label] += en->weight;
            if (first && !first[en->label])
                first[en->label] = en->term;
        }
    }
}
