#include "corpus.h"

#include <string.h>

#include "alloc.h"
#include "labels.h"
#include "lines.h"

void rasd_corpus_init(struct rasd_corpus *c)
{
    memset(c, 0, sizeof *c);
    rasd_strmap_init(&c->ids);
}

void rasd_corpus_release(struct rasd_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        rasd_free(c->ex[i].id);
        rasd_free(c->ex[i].text);
    }
    for (size_t i = 0; i < c->nfiles; i++)
        rasd_free(c->files[i]);
    rasd_free(c->files);
    rasd_free(c->ex);
    rasd_strmap_release(&c->ids);
    memset(c, 0, sizeof *c);
}

/* 1 when s[0..n) is valid UTF-8 (no NUL bytes). */
static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k;
        unsigned min;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            k = 1, min = 0x80, c &= 0x1F;
        else if ((c & 0xF0) == 0xE0)
            k = 2, min = 0x800, c &= 0x0F;
        else if ((c & 0xF8) == 0xF0)
            k = 3, min = 0x10000, c &= 0x07;
        else
            return 0;
        if (i + k >= n)
            return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (p[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        i += k + 1;
    }
    return 1;
}

static int bad_line(struct rasd_corpus *c, int skip_bad, rasd_corpus_warn_fn warn, void *ud,
                    struct rasd_error *e, const char *path, long line, const char *why,
                    const char *arg)
{
    struct rasd_error tmp = {0};
    struct rasd_error *dst = skip_bad ? &tmp : e;
    if (arg)
        rasd_fail(dst, RASD_EFORMAT, path, line, "%s '%s'", why, arg);
    else
        rasd_fail(dst, RASD_EFORMAT, path, line, "%s", why);
    if (!skip_bad)
        return RASD_EFORMAT;
    c->skipped++;
    if (warn)
        warn(&tmp, ud);
    return 0;
}

static int add(struct rasd_corpus *c, const char *id, size_t idl, const char *text, size_t tl,
               unsigned labels, long line)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 1024;
        void *ne = rasd_realloc(c->ex, nc * sizeof *c->ex);
        if (!ne)
            return RASD_ENOMEM;
        c->ex = ne;
        c->cap = nc;
    }
    struct rasd_example *x = &c->ex[c->n];
    x->id = rasd_strndup(id, idl);
    x->text = rasd_strndup(text, tl);
    if (!x->id || !x->text) {
        rasd_free(x->id);
        rasd_free(x->text);
        return RASD_ENOMEM;
    }
    x->labels = labels;
    x->file = (int)c->nfiles - 1;
    x->line = line;
    c->n++;
    return 0;
}

int rasd_corpus_read(struct rasd_corpus *c, FILE *fp, const char *path, int skip_bad,
                     rasd_corpus_warn_fn warn, void *ud, struct rasd_error *e)
{
    char **nf = rasd_realloc(c->files, (c->nfiles + 1) * sizeof *nf);
    if (!nf)
        return rasd_fail(e, RASD_ENOMEM, path, 0, "out of memory");
    c->files = nf;
    if (!(c->files[c->nfiles] = rasd_strdup(path)))
        return rasd_fail(e, RASD_ENOMEM, path, 0, "out of memory");
    c->nfiles++;
    struct rasd_lines r;
    int rc = rasd_lines_init(&r, fp, path, 1u << 20, 1, e);
    char *line;
    size_t len;
    while (rc == 0 && (rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        rc = 0;
        long ln = r.lineno;
        if (r.partial) {
            /* longer than the limit: a bad line (skipped whole with skip_bad) */
            while (r.partial && (rc = rasd_lines_next(&r, &line, &len, e)) > 0)
                ;
            if (rc < 0)
                break;
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln, "line longer than 1048576 bytes",
                          NULL);
            continue;
        }
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (!valid_utf8(line, len)) {
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln, "invalid UTF-8", NULL);
            continue;
        }
        char *f[4];
        int n = 0;
        f[n++] = line;
        for (char *q = line; *q && n < 4; q++)
            if (*q == '\t') {
                *q = '\0';
                f[n++] = q + 1;
            }
        if (n < 2 || n > 3) {
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln,
                          n < 2 ? "missing TAB: want id<TAB>labels<TAB>text"
                                : "too many TABs: want id<TAB>labels<TAB>text",
                          NULL);
            continue;
        }
        char idbuf[64];
        const char *id = n == 3 ? f[0] : idbuf, *labs = f[n - 2], *text = f[n - 1];
        if (n == 2)
            snprintf(idbuf, sizeof idbuf, "%zu:%ld", c->nfiles, ln);
        if (!*id) {
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln, "empty id", NULL);
            continue;
        }
        unsigned set;
        char badl[64];
        if (rasd_labels_parse(labs, strlen(labs), &set, badl, sizeof badl)) {
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln, "unknown label", badl);
            continue;
        }
        const char *t = text;
        while (*t == ' ')
            t++;
        if (!*t) {
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln, "empty text", NULL);
            continue;
        }
        int added;
        int64_t *slot = rasd_strmap_put(&c->ids, id, strlen(id), (int64_t)c->n, &added);
        if (!slot) {
            rc = rasd_fail(e, RASD_ENOMEM, path, ln, "out of memory");
            break;
        }
        if (!added) {
            const struct rasd_example *first = &c->ex[*slot];
            char why[1400];
            snprintf(why, sizeof why, "duplicate id '%.600s' (first at %.600s:%ld)", id,
                     c->files[first->file], first->line);
            rc = bad_line(c, skip_bad, warn, ud, e, path, ln, why, NULL);
            continue;
        }
        if (add(c, id, strlen(id), text, strlen(text), set, ln)) {
            rc = rasd_fail(e, RASD_ENOMEM, path, ln, "out of memory");
            break;
        }
    }
    c->encoding = r.encoding;
    rasd_lines_release(&r);
    return rc < 0 ? rc : 0;
}
