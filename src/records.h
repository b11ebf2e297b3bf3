/* Reader of classified records, the output of `rasd classify`: one sentence
 * a record, as JSON Lines or TSV (see README, "Classified records"). The
 * format is detected per file from its first non-empty line ('{' = JSON
 * Lines, anything else = TSV). Streaming: one line in memory at a time, stdin
 * included (no seeking). Library code: no printing, no exit. */
#ifndef RASD_RECORDS_H
#define RASD_RECORDS_H

#include <stdio.h>

#include "err.h"
#include "labels.h"
#include "lines.h"

/* The TSV header line, also skipped where it repeats (concatenated shards). */
#define RASD_RECORDS_TSV_HEADER                                                            \
    "doc\tsent\tdate\tsource\tlabels\tp_attack\tp_retaliation\tp_evacuation\tp_casualty\t" \
    "killed\tinjured\ttext"

enum { RASD_RECORDS_UNKNOWN, RASD_RECORDS_JSONL, RASD_RECORDS_TSV };

/* One record. The strings belong to the reader and stay valid until the next
 * rasd_records_next() or rasd_records_release(). */
struct rasd_record {
    const char *doc;    /* article id, never empty */
    long sent;          /* sentence number within the article (>= 0) */
    const char *date;   /* "" when unknown */
    const char *source; /* "" when unknown */
    unsigned labels;    /* bit set, bit i = label i (labels.h) */
    double p[RASD_NLABELS]; /* probability per label, in [0, 1] */
    long killed, injured;   /* figures reported by the sentence; -1 when none (null) */
};

struct rasd_records {
    struct rasd_lines lines;
    const char *name; /* for messages, e.g. "shard-2.jsonl" or "stdin" */
    int format;       /* RASD_RECORDS_*, fixed by the first non-empty line */
    void *json;       /* the current JSON record (json_t *), owned */
    long records;     /* records returned so far */
};

/* Starts reading `fp` (not closed by the reader); `name` is kept (not copied)
 * for messages. Returns 0, or RASD_ENOMEM. */
int rasd_records_init(struct rasd_records *r, FILE *fp, const char *name, struct rasd_error *e);
void rasd_records_release(struct rasd_records *r);

/* Reads the next record into *rec. Blank lines and repeated TSV header lines
 * are skipped. Returns 1, 0 at the end of the input, or a negative code:
 * RASD_EFORMAT for a truncated, malformed or foreign record (e->file and
 * e->line name it), RASD_EIO for a read error, RASD_ENOMEM. */
int rasd_records_next(struct rasd_records *r, struct rasd_record *rec, struct rasd_error *e);

#endif
