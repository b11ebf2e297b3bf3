/* libFuzzer target: the line reader (src/lines.h) and the article reader
 * (src/input.h) on arbitrary bytes.
 * Byte 0: the reader's line limit (16 << (byte0 & 7) bytes) and whether long
 * lines come in pieces (bit 3); byte 1: the input mode of rasd_input_read
 * (text, jsonl, sentences). The rest is the stream.
 * Checks: the reader hands out exactly the input (pieces and lines joined
 * with the newlines they lost give back every byte, after a UTF-8 byte-order
 * mark), pieces respect the limit, line numbers count up; a UTF-16/32 stream
 * comes out as valid UTF-8 (ICU substitutes U+FFFD); rasd_input_read's
 * sentences are numbered 1, 2, ... within a document and valid UTF-8. */
#include <string.h>

#include "fuzz_common.h"
#include "input.h"
#include "lines.h"

static struct rasd_pipeline *fuzz_lines_pipeline;

struct fuzz_lines_seen {
    const char *doc;
    char last_doc[256];
    long last_sent;
    long n;
};

static int fuzz_lines_on_sentence(const struct rasd_doc_meta *doc, long sent,
                                  const struct rasd_sentence *s, void *ud)
{
    struct fuzz_lines_seen *c = ud;
    FUZZ_ASSERT(doc && doc->id);
    FUZZ_ASSERT(fuzz_valid_utf8(s->text, s->text_len) && strlen(s->text) == s->text_len);
    FUZZ_ASSERT(sent >= 1);
    if (c->n && strcmp(c->last_doc, doc->id) == 0 && sent != 1)
        FUZZ_ASSERT(sent == c->last_sent + 1);
    snprintf(c->last_doc, sizeof c->last_doc, "%s", doc->id);
    c->last_sent = sent;
    c->n++;
    return 0;
}

static void fuzz_lines_warn(const struct rasd_error *e, void *ud)
{
    (void)ud;
    FUZZ_ASSERT(e->line > 0 && e->msg[0]);
}

static void fuzz_lines_reader(const uint8_t *data, size_t size, size_t max, int split)
{
    FILE *fp = fuzz_open_mem(data, size);
    if (!fp)
        return;
    struct rasd_lines r;
    struct rasd_error e = {0};
    FUZZ_ASSERT(rasd_lines_init(&r, fp, "fuzz.txt", max, split, &e) == 0);
    /* rebuild the stream from what the reader hands out */
    char *copy = malloc(size * 4 + 16);
    FUZZ_ASSERT(copy != NULL);
    size_t at = 0;
    long prev_line = 0;
    int prev_partial = 0, rc;
    char *line;
    size_t len;
    while ((rc = rasd_lines_next(&r, &line, &len, &e)) > 0) {
        FUZZ_ASSERT(len <= max);
        FUZZ_ASSERT(!memchr(line, '\n', len));
        FUZZ_ASSERT(r.lineno == (prev_partial ? prev_line : prev_line + 1));
        if (!r.partial)
            FUZZ_ASSERT(line[len] == '\0');
        FUZZ_ASSERT(at + len + 1 <= size * 4 + 16);
        memcpy(copy + at, line, len);
        at += len;
        if (!r.partial)
            copy[at++] = '\n';
        prev_line = r.lineno;
        prev_partial = r.partial;
    }
    if (rc < 0) {
        FUZZ_ASSERT(!split && rc == RASD_EFORMAT && e.line == prev_line + 1);
    } else if (r.encoding == RASD_ENC_UTF8 || r.encoding == RASD_ENC_UTF8_BOM) {
        size_t skip = r.encoding == RASD_ENC_UTF8_BOM ? 3 : 0;
        size_t n = size - skip;
        /* the last line may lack its newline */
        FUZZ_ASSERT(at == n || (at == n + 1 && (n == 0 || data[size - 1] != '\n')));
        FUZZ_ASSERT(memcmp(copy, data + skip, n) == 0);
    } else {
        FUZZ_ASSERT(fuzz_valid_utf8(copy, at)); /* converted from UTF-16/32 */
    }
    free(copy);
    rasd_lines_release(&r);
    fclose(fp);
}

static int fuzz_lines_one(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t max = (size_t)16 << (data[0] & 7);
    int split = (data[0] >> 3) & 1;
    int mode = data[1] % 3;
    data += 2;
    size -= 2;
    fuzz_lines_reader(data, size, max, split);

    struct rasd_error e = {0};
    if (!fuzz_lines_pipeline) {
        fuzz_lines_pipeline = rasd_pipeline_new(RASD_TEXT_DEFAULT, &e);
        FUZZ_ASSERT(fuzz_lines_pipeline != NULL);
    }
    FILE *fp = fuzz_open_mem(data, size);
    if (!fp)
        return 0;
    struct fuzz_lines_seen seen;
    memset(&seen, 0, sizeof seen);
    struct rasd_input_report rep;
    int rc = rasd_input_read(fuzz_lines_pipeline, fp, "fuzz.txt", "doc",
                             mode == 0 ? RASD_IN_TEXT : mode == 1 ? RASD_IN_JSONL : RASD_IN_SENTENCES,
                             fuzz_lines_on_sentence, fuzz_lines_warn, &seen, &rep, &e);
    fclose(fp);
    (void)rc;
    FUZZ_ASSERT(rep.sentences >= 0 && rep.docs >= 0 && rep.bad >= 0);
    FUZZ_ASSERT(rep.replaced == 0 || rep.replaced_line > 0);
    return 0;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_lines_one(data, size);
}
#endif
