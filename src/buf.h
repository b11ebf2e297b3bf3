/* A growable byte buffer, and the JSON string escaping used for records. */
#ifndef RASD_BUF_H
#define RASD_BUF_H

#include <stddef.h>

struct rasd_buf {
    char *data;
    size_t len, cap;
    int oom; /* an append failed: the content is incomplete */
};

void rasd_buf_release(struct rasd_buf *b);
void rasd_buf_put(struct rasd_buf *b, const char *s, size_t n);
void rasd_buf_puts(struct rasd_buf *b, const char *s);
void rasd_buf_printf(struct rasd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included). s must be valid UTF-8. */
void rasd_buf_json_string(struct rasd_buf *b, const char *s, size_t n);
/* Appends s with TAB, CR and LF replaced by spaces (a TSV field). */
void rasd_buf_tsv_field(struct rasd_buf *b, const char *s, size_t n);

#endif
