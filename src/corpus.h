/* The labelled corpus: UTF-8 TSV, one sentence a line, `id<TAB>labels<TAB>text`
 * or `labels<TAB>text`; labels are `none` or a comma list; `#` starts a comment.
 * Any other shape is an error naming file:line. */
#ifndef RASD_CORPUS_H
#define RASD_CORPUS_H

#include <stdio.h>

#include "err.h"
#include "strmap.h"

struct rasd_example {
    char *id;
    char *text;
    unsigned labels; /* bit per label */
    int file;        /* index into corpus files */
    long line;
};

struct rasd_corpus {
    struct rasd_example *ex;
    size_t n, cap;
    char **files;
    size_t nfiles;
    struct rasd_strmap ids;
    long skipped; /* bad lines passed over with skip_bad */
    int encoding; /* of the file read last: RASD_ENC_* (lines.h), UTF-16/32 converted */
};

void rasd_corpus_init(struct rasd_corpus *c);
void rasd_corpus_release(struct rasd_corpus *c);

/* Called for a bad line when skip_bad is set (the line is then passed over). */
typedef void (*rasd_corpus_warn_fn)(const struct rasd_error *e, void *ud);

/* Appends the sentences of `fp` (named `path`). Without skip_bad the first bad
 * line is an error (RASD_EFORMAT, file and line in e); with it, each bad line
 * goes to `warn` and is skipped. Invalid UTF-8 is a bad line. */
int rasd_corpus_read(struct rasd_corpus *c, FILE *fp, const char *path, int skip_bad,
                     rasd_corpus_warn_fn warn, void *ud, struct rasd_error *e);

#endif
