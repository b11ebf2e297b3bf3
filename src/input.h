/* Reading articles: plain text files (one article each), JSON Lines (one
 * article a line: id, text, optional date, source, title) and sentence files
 * (one sentence a line: text, id<TAB>text or id<TAB>labels<TAB>text). Input is
 * streamed: memory does not grow with the file. */
#ifndef RASD_INPUT_H
#define RASD_INPUT_H

#include <stdio.h>

#include "text.h"

enum rasd_input_mode { RASD_IN_TEXT, RASD_IN_JSONL, RASD_IN_SENTENCES };

struct rasd_doc_meta {
    const char *id;     /* never NULL */
    const char *date;   /* NULL when unknown */
    const char *source; /* NULL when unknown */
    const char *title;  /* NULL when unknown */
};

/* What one file gave: counts, replaced bytes, and records that were skipped
 * (each already reported through the warning callback). */
struct rasd_input_report {
    long docs, sentences;
    size_t replaced;     /* invalid UTF-8 / NUL bytes replaced by U+FFFD */
    long replaced_line;  /* first line where that happened */
    long bad;            /* JSONL records that could not be used */
    int encoding;        /* RASD_ENC_* (lines.h): a UTF-16/32 file was converted */
};

/* Called for every sentence, in order; `sent` counts from 1 within the document.
 * A non-zero return stops reading and is returned. */
typedef int (*rasd_input_fn)(const struct rasd_doc_meta *doc, long sent,
                             const struct rasd_sentence *s, void *ud);
/* Called for a record that is skipped (bad JSON, missing field): the error
 * names file and line. */
typedef void (*rasd_input_warn_fn)(const struct rasd_error *e, void *ud);

/* Reads `fp` (named `name` in messages) in the given mode. For RASD_IN_TEXT
 * the whole file is one document with id `text_id`. Returns 0, the callback's
 * value, or a negative code (I/O error). */
int rasd_input_read(struct rasd_pipeline *p, FILE *fp, const char *name, const char *text_id,
                    enum rasd_input_mode mode, rasd_input_fn fn, rasd_input_warn_fn warn,
                    void *ud, struct rasd_input_report *rep, struct rasd_error *e);

/* Longest JSON Lines record accepted (bytes). */
#define RASD_MAX_RECORD (256u << 20)

#endif
