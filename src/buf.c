#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void rasd_buf_release(struct rasd_buf *b)
{
    rasd_free(b->data);
    memset(b, 0, sizeof *b);
}

static int reserve(struct rasd_buf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t c = b->cap ? b->cap : 1024;
    while (c < b->len + n + 1)
        c *= 2;
    char *d = rasd_realloc(b->data, c);
    if (!d) {
        b->oom = 1;
        return -1;
    }
    b->data = d;
    b->cap = c;
    return 0;
}

void rasd_buf_put(struct rasd_buf *b, const char *s, size_t n)
{
    if (reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rasd_buf_puts(struct rasd_buf *b, const char *s)
{
    rasd_buf_put(b, s, strlen(s));
}

void rasd_buf_printf(struct rasd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        rasd_buf_put(b, tmp, (size_t)n);
        return;
    }
    if (reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void rasd_buf_json_string(struct rasd_buf *b, const char *s, size_t n)
{
    if (reserve(b, n * 6 + 2))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            *o++ = '\\';
            switch (c) {
            case '\n': *o++ = 'n'; break;
            case '\t': *o++ = 't'; break;
            case '\r': *o++ = 'r'; break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = hex[c >> 4];
                *o++ = hex[c & 15];
            }
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

void rasd_buf_tsv_field(struct rasd_buf *b, const char *s, size_t n)
{
    if (reserve(b, n))
        return;
    char *o = b->data + b->len;
    for (size_t i = 0; i < n; i++)
        o[i] = (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    b->len += n;
    b->data[b->len] = '\0';
}
