#include "lines.h"

#include <errno.h>
#include <string.h>
#include <unicode/ucnv.h>

#include "alloc.h"

#define CHUNK (1u << 16)
#define PIVOT 1024

struct rasd_lines_conv {
    UConverter *from, *to; /* UTF-16/32 -> UTF-8 */
    char *raw;             /* undecoded input raw[start..end) */
    size_t start, end;
    int raw_eof, reset;
    UChar pivot[PIVOT];
    UChar *psrc, *ptgt;
};

const char *rasd_encoding_name(int encoding)
{
    switch (encoding) {
    case RASD_ENC_UTF8_BOM: return "UTF-8 (with a byte-order mark)";
    case RASD_ENC_UTF16LE: return "UTF-16LE";
    case RASD_ENC_UTF16BE: return "UTF-16BE";
    case RASD_ENC_UTF32LE: return "UTF-32LE";
    case RASD_ENC_UTF32BE: return "UTF-32BE";
    default: return "UTF-8";
    }
}

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

static void conv_free(struct rasd_lines_conv *c)
{
    if (!c)
        return;
    if (c->from)
        ucnv_close(c->from);
    if (c->to)
        ucnv_close(c->to);
    rasd_free(c->raw);
    rasd_free(c);
}

void rasd_lines_release(struct rasd_lines *r)
{
    rasd_free(r->buf);
    r->buf = NULL;
    conv_free(r->conv);
    r->conv = NULL;
}

/* The encoding a byte-order mark at the start of the stream names, and the
 * mark's length in *bom (0 and RASD_ENC_UTF8 when there is none). */
static int detect_bom(const unsigned char *b, size_t n, size_t *bom)
{
    *bom = 0;
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        return *bom = 4, RASD_ENC_UTF32LE;
    if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        return *bom = 4, RASD_ENC_UTF32BE;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        return *bom = 3, RASD_ENC_UTF8_BOM;
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return *bom = 2, RASD_ENC_UTF16LE;
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return *bom = 2, RASD_ENC_UTF16BE;
    return RASD_ENC_UTF8;
}

/* Reads and converts more of a UTF-16/32 stream into buf[end..cap-1). Returns
 * the UTF-8 bytes added, 0 at the end of the input, or a negative code.
 * Malformed input (an unpaired surrogate, an odd last byte) becomes U+FFFD. */
static long fill_converted(struct rasd_lines *r, struct rasd_error *e)
{
    struct rasd_lines_conv *c = r->conv;
    char *t0 = r->buf + r->end, *t = t0;
    const char *tlim = r->buf + r->cap - 1;
    for (;;) {
        if (c->start == c->end && !c->raw_eof) {
            size_t got = fread(c->raw, 1, CHUNK, r->fp);
            if (got == 0 && ferror(r->fp))
                return rasd_fail(e, RASD_EIO, r->name, r->lineno + 1, "read error: %s",
                                 strerror(errno));
            c->start = 0;
            c->end = got;
            c->raw_eof = got == 0;
        }
        const char *s = c->raw + c->start;
        UErrorCode st = U_ZERO_ERROR;
        ucnv_convertEx(c->to, c->from, &t, tlim, &s, c->raw + c->end, c->pivot, &c->psrc,
                       &c->ptgt, c->pivot + PIVOT, (UBool)c->reset, (UBool)c->raw_eof, &st);
        c->reset = 0;
        c->start = (size_t)(s - c->raw);
        if (st == U_BUFFER_OVERFLOW_ERROR)
            break; /* buf is full: the rest comes with the next fill */
        if (U_FAILURE(st))
            return rasd_fail(e, st == U_MEMORY_ALLOCATION_ERROR ? RASD_ENOMEM : RASD_EICU,
                             r->name, r->lineno + 1, "cannot convert %s input: %s",
                             rasd_encoding_name(r->encoding), u_errorName(st));
        if (t > t0 || (c->raw_eof && c->start == c->end))
            break;
    }
    size_t got = (size_t)(t - t0);
    r->end += got;
    if (got == 0)
        r->eof = 1;
    return (long)got;
}

/* Switches `r` to converting: the bytes after the BOM in buf[end..end+n) move
 * to the undecoded buffer. */
static int start_conversion(struct rasd_lines *r, size_t bom, size_t n, struct rasd_error *e)
{
    static const char *const names[] = {"", "", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"};
    struct rasd_lines_conv *c = rasd_calloc(1, sizeof *c);
    if (!c || !(c->raw = rasd_malloc(CHUNK))) {
        conv_free(c);
        rasd_fail(e, RASD_ENOMEM, r->name, 0, "out of memory");
        return RASD_ENOMEM;
    }
    r->conv = c;
    UErrorCode st = U_ZERO_ERROR;
    c->from = ucnv_open(names[r->encoding], &st);
    if (U_SUCCESS(st))
        c->to = ucnv_open("UTF-8", &st);
    if (U_FAILURE(st)) {
        int code = st == U_MEMORY_ALLOCATION_ERROR ? RASD_ENOMEM : RASD_EICU;
        rasd_fail(e, code, r->name, 0, "cannot convert %s input: %s", names[r->encoding],
                  u_errorName(st));
        return code;
    }
    memcpy(c->raw, r->buf + r->end + bom, n - bom); /* n <= the first read <= CHUNK */
    c->end = n - bom;
    c->reset = 1;
    c->psrc = c->ptgt = c->pivot;
    return 0;
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
    if (r->conv)
        return fill_converted(r, e);
    size_t want = r->cap - r->end - 1;
    if (!r->started && want > CHUNK)
        want = CHUNK; /* the first read fits the conversion buffer */
    size_t got = fread(r->buf + r->end, 1, want, r->fp);
    if (got == 0 && ferror(r->fp))
        return rasd_fail(e, RASD_EIO, r->name, r->lineno + 1, "read error: %s", strerror(errno));
    if (!r->started) {
        size_t bom;
        r->started = 1;
        r->encoding = detect_bom((const unsigned char *)r->buf + r->end, got, &bom);
        if (r->encoding >= RASD_ENC_UTF16LE) {
            int rc = start_conversion(r, bom, got, e);
            return rc ? rc : fill_converted(r, e);
        }
        r->start += bom; /* a UTF-8 BOM: dropped */
    }
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
