#include "input.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

struct ctx {
    const struct rasd_doc_meta *doc;
    long sent;
    rasd_input_fn fn;
    void *ud;
};

static int on_sentence(const struct rasd_sentence *s, void *ud)
{
    struct ctx *c = ud;
    return c->fn(c->doc, ++c->sent, s, c->ud);
}

static void note_replaced(struct rasd_pipeline *p, struct rasd_input_report *rep, long line)
{
    size_t r = rasd_pipeline_replaced(p);
    if (r > rep->replaced && rep->replaced_line == 0)
        rep->replaced_line = line;
    rep->replaced = r;
}

static const char *opt_string(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One JSON Lines record. Returns 0, 1 when skipped, or the callback's value. */
static int read_record(struct rasd_pipeline *p, const char *name, long lineno, const char *line,
                       size_t len, rasd_input_fn fn, rasd_input_warn_fn warn, void *ud,
                       struct rasd_input_report *rep)
{
    struct rasd_error e = {0};
    json_error_t je;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!obj) {
        rasd_fail(&e, RASD_EFORMAT, name, lineno, "invalid JSON: %s", je.text);
    } else if (!json_is_object(obj)) {
        rasd_fail(&e, RASD_EFORMAT, name, lineno, "record is not a JSON object");
    } else if (!json_is_string(json_object_get(obj, "text"))) {
        rasd_fail(&e, RASD_EFORMAT, name, lineno, "record has no string field 'text'");
    }
    if (e.code) {
        json_decref(obj);
        rep->bad++;
        if (warn)
            warn(&e, ud);
        return 1;
    }
    char idbuf[64];
    json_t *jid = json_object_get(obj, "id");
    const char *id;
    if (json_is_string(jid)) {
        id = json_string_value(jid);
    } else if (json_is_integer(jid)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        id = idbuf;
    } else {
        snprintf(idbuf, sizeof idbuf, "line%ld", lineno);
        id = idbuf;
    }
    struct rasd_doc_meta doc = {id, opt_string(obj, "date"), opt_string(obj, "source"),
                                opt_string(obj, "title")};
    struct ctx c = {&doc, 0, fn, ud};
    json_t *text = json_object_get(obj, "text");
    rep->docs++;
    int rc = rasd_pipeline_split(p, json_string_value(text), json_string_length(text),
                                 on_sentence, &c, &e);
    rep->sentences += c.sent;
    note_replaced(p, rep, lineno);
    json_decref(obj);
    if (rc < 0 && warn) {
        if (!e.file[0])
            rasd_fail(&e, e.code, name, lineno, "%s", e.msg);
        warn(&e, ud);
    }
    return rc;
}

/* One line of a sentence file. */
static int read_sentence_line(struct rasd_pipeline *p, const char *name, long lineno,
                              char *line, size_t len, rasd_input_fn fn, void *ud,
                              struct rasd_input_report *rep, struct rasd_error *e)
{
    if (len && line[len - 1] == '\r')
        line[--len] = '\0';
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
        k++;
    if (k == len || line[0] == '#')
        return 0; /* blank (as classify skips it) or a comment */
    char idbuf[600];
    const char *id = idbuf, *text = line;
    char *tab = memchr(line, '\t', len);
    if (tab) {
        *tab = '\0';
        id = line;
        text = tab + 1;
        char *tab2 = memchr(text, '\t', len - (size_t)(text - line));
        if (tab2)
            text = tab2 + 1; /* id, labels, text: labels ignored */
    } else {
        snprintf(idbuf, sizeof idbuf, "%s:%ld", name, lineno);
    }
    struct rasd_doc_meta doc = {id, NULL, NULL, NULL};
    struct rasd_sentence s;
    /* the length, not strlen: a NUL byte in the text is replaced, not the end */
    int rc = rasd_pipeline_analyze(p, text, len - (size_t)(text - line), &s, e);
    if (rc < 0)
        return rc;
    rep->docs++;
    rep->sentences++;
    return fn(&doc, 1, &s, ud);
}

int rasd_input_read(struct rasd_pipeline *p, FILE *fp, const char *name, const char *text_id,
                    enum rasd_input_mode mode, rasd_input_fn fn, rasd_input_warn_fn warn,
                    void *ud, struct rasd_input_report *rep, struct rasd_error *e)
{
    memset(rep, 0, sizeof *rep);
    rasd_pipeline_reset_replaced(p);
    struct rasd_lines r;
    int split = mode == RASD_IN_TEXT;
    int rc = rasd_lines_init(&r, fp, name, split ? RASD_MAX_LINE : RASD_MAX_RECORD, split, e);
    if (rc)
        return rc;
    struct rasd_doc_meta doc = {text_id, NULL, NULL, NULL};
    struct ctx c = {&doc, 0, fn, ud};
    char *line;
    size_t len;
    while ((rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        if (mode == RASD_IN_TEXT) {
            rc = rasd_pipeline_split(p, line, len, on_sentence, &c, e);
            rep->sentences = c.sent;
            rep->docs = 1;
        } else if (mode == RASD_IN_JSONL) {
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
                k++;
            rc = k == len ? 0 : read_record(p, name, r.lineno, line, len, fn, warn, ud, rep);
            if (rc == 1)
                rc = 0;
        } else {
            rc = read_sentence_line(p, name, r.lineno, line, len, fn, ud, rep, e);
        }
        note_replaced(p, rep, r.lineno);
        if (rc)
            break;
    }
    if (rc < 0 && !e->file[0])
        rasd_fail(e, e->code, name, r.lineno, "%s", e->msg);
    rep->encoding = r.encoding;
    rasd_lines_release(&r);
    return rc;
}
