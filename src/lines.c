#include "lines.h"

#include <errno.h>
#include <string.h>

#include "alloc.h"

#define CHUNK (1u << 16)

int rasd_lines_init(struct rasd_lines *r, FILE *fp, const char *name, size_t max,
                    int split_long, struct rasd_error *e)
{
    memset(r, 0, sizeof *r);
    r->fp = fp;
    r->name = name;
    r->max = max;
    r->split_long = split_long;
    r->cap = CHUNK * 2;
    r->buf = rasd_malloc(r->cap);
    if (!r->buf)
        return rasd_fail(e, RASD_ENOMEM, name, 0, "out of memory");
    return 0;
}

void rasd_lines_release(struct rasd_lines *r)
{
    rasd_free(r->buf);
    r->buf = NULL;
}

/* Reads more input; returns bytes read, 0 at EOF, or a negative code. */
static long fill(struct rasd_lines *r, struct rasd_error *e)
{
    if (r->start > 0 && r->start == r->end) {
        r->start = r->end = 0;
    } else if (r->start > r->cap / 2) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end < CHUNK + 1) {
        size_t ncap = r->cap * 2;
        char *nb = rasd_realloc(r->buf, ncap);
        if (!nb)
            return rasd_fail(e, RASD_ENOMEM, r->name, r->lineno + 1, "out of memory");
        r->buf = nb;
        r->cap = ncap;
    }
    size_t got = fread(r->buf + r->end, 1, r->cap - r->end - 1, r->fp);
    if (got == 0 && ferror(r->fp))
        return rasd_fail(e, RASD_EIO, r->name, r->lineno + 1, "read error: %s", strerror(errno));
    r->end += got;
    if (got == 0)
        r->eof = 1;
    return (long)got;
}

int rasd_lines_next(struct rasd_lines *r, char **line, size_t *len, struct rasd_error *e)
{
    size_t scanned = 0;
    if (!r->partial)
        r->lineno++;
    for (;;) {
        char *s = r->buf + r->start;
        size_t have = r->end - r->start;
        char *nl = scanned < have ? memchr(s + scanned, '\n', have - scanned) : NULL;
        if (nl && (size_t)(nl - s) <= r->max) {
            *nl = '\0';
            *line = s;
            *len = (size_t)(nl - s);
            r->start += *len + 1;
            r->partial = 0;
            return 1;
        }
        if (have > r->max || (nl && (size_t)(nl - s) > r->max)) {
            if (!r->split_long)
                return rasd_fail(e, RASD_EFORMAT, r->name, r->lineno,
                                 "line longer than %zu bytes", r->max);
            size_t cut = r->max;
            /* Cut on a UTF-8 character boundary, after a space when there is one. */
            size_t sp = cut;
            while (sp > cut / 2 && s[sp - 1] != ' ')
                sp--;
            if (sp > cut / 2)
                cut = sp;
            else
                while (cut > 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
                    cut--;
            *line = s;
            *len = cut;
            r->start += cut;
            r->partial = 1;
            return 1;
        }
        if (r->eof) {
            if (have == 0) {
                r->lineno--;
                return 0;
            }
            s[have] = '\0';
            *line = s;
            *len = have;
            r->start = r->end;
            r->partial = 0;
            return 1;
        }
        scanned = have;
        long got = fill(r, e);
        if (got < 0)
            return (int)got;
    }
}
