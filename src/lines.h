/* Buffered line reader over a FILE*, stdin included (no seeking). Lines come
 * without their "\n" (a "\r" before it is kept: the text pipeline treats it as
 * a space). A line longer than the reader's limit is either handed out in
 * pieces (`partial` set on all but the last) or refused, as chosen at open.
 *
 * Byte-order marks: a UTF-8 BOM at the start of the stream is dropped; a
 * UTF-16 or UTF-32 BOM (either byte order) switches the reader to converting
 * the whole stream to UTF-8 with ICU (ucnv), so every reader of text takes
 * such files as they are. `encoding` says what was found (callers warn). */
#ifndef RASD_LINES_H
#define RASD_LINES_H

#include <stdio.h>

#include "err.h"

/* What the start of the stream said about its encoding. */
enum {
    RASD_ENC_UTF8,     /* no byte-order mark: read as UTF-8 */
    RASD_ENC_UTF8_BOM, /* a UTF-8 BOM, dropped */
    RASD_ENC_UTF16LE,  /* converted from UTF-16 (little-endian BOM) */
    RASD_ENC_UTF16BE,
    RASD_ENC_UTF32LE,
    RASD_ENC_UTF32BE
};

struct rasd_lines_conv; /* ICU converters and the undecoded input (lines.c) */

struct rasd_lines {
    FILE *fp;
    const char *name; /* for messages */
    char *buf;
    size_t cap, start, end; /* buffered bytes are buf[start..end) */
    size_t max;             /* longest piece handed out */
    int split_long;         /* 1: long lines come in pieces; 0: an error */
    int eof;
    int partial;            /* the last piece was not the end of its line */
    long lineno;            /* 1-based number of the line of the last piece */
    int started;            /* the first read (BOM check) is done */
    int encoding;           /* RASD_ENC_*, known after the first line is read */
    struct rasd_lines_conv *conv; /* set while converting from UTF-16/32 */
};

/* "UTF-16LE" etc. for messages (RASD_ENC_*). */
const char *rasd_encoding_name(int encoding);

/* Initialises `r` to read `fp` (not closed by the reader). */
int rasd_lines_init(struct rasd_lines *r, FILE *fp, const char *name, size_t max,
                    int split_long, struct rasd_error *e);
void rasd_lines_release(struct rasd_lines *r);

/* Next line (or piece) in *line / *len, valid until the next call; the byte
 * after a whole line is a NUL (a piece of a long line is not terminated).
 * Returns 1, 0 at end of file, or a negative code. */
int rasd_lines_next(struct rasd_lines *r, char **line, size_t *len, struct rasd_error *e);

#endif
