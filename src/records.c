#include "records.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest record line accepted (a sentence with its evidence is far shorter). */
#define MAX_LINE (16u << 20)
#define NFIELDS 12

int rasd_records_init(struct rasd_records *r, FILE *fp, const char *name, struct rasd_error *e)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->format = RASD_RECORDS_UNKNOWN;
    return rasd_lines_init(&r->lines, fp, name, MAX_LINE, 0, e);
}

void rasd_records_release(struct rasd_records *r)
{
    json_decref(r->json);
    r->json = NULL;
    rasd_lines_release(&r->lines);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* ---- JSON Lines ---- */

static int bad(struct rasd_records *r, struct rasd_error *e, const char *fmt, const char *arg)
{
    return rasd_fail(e, RASD_EFORMAT, r->name, r->lines.lineno, fmt, arg);
}

/* An optional string member: absent or null give "", anything else but a
 * string is an error. */
static int opt_string(struct rasd_records *r, json_t *o, const char *key, const char **out,
                      struct rasd_error *e)
{
    json_t *v = json_object_get(o, key);
    *out = "";
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(r, e, "'%s' must be a string or null", key);
    *out = json_string_value(v);
    return 0;
}

/* An optional count (killed, injured): absent or null give -1. */
static int opt_count(struct rasd_records *r, json_t *o, const char *key, long *out,
                     struct rasd_error *e)
{
    json_t *v = json_object_get(o, key);
    *out = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > 2000000000)
        return bad(r, e, "'%s' must be a non-negative integer or null", key);
    *out = (long)json_integer_value(v);
    return 0;
}

static int parse_json(struct rasd_records *r, const char *line, size_t len,
                      struct rasd_record *rec, struct rasd_error *e)
{
    json_error_t jerr;
    json_decref(r->json);
    r->json = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    json_t *o = r->json;
    if (!o)
        return bad(r, e, "truncated or malformed JSON record (%s)", jerr.text);
    if (!json_is_object(o))
        return bad(r, e, "%s", "not a classified record (a JSON object is expected)");
    json_t *v = json_object_get(o, "doc");
    if (!v)
        return bad(r, e, "%s", "not a classified record: no 'doc' (is this rasd classify output?)");
    if (!json_is_string(v) || json_string_length(v) == 0)
        return bad(r, e, "%s", "'doc' must be a non-empty string");
    rec->doc = json_string_value(v);
    v = json_object_get(o, "sent");
    if (!v)
        return bad(r, e, "%s", "not a classified record: no 'sent'");
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 2000000000)
        return bad(r, e, "%s", "'sent' must be a non-negative integer");
    rec->sent = (long)json_integer_value(v);
    int rc;
    if ((rc = opt_string(r, o, "date", &rec->date, e)) ||
        (rc = opt_string(r, o, "source", &rec->source, e)))
        return rc;
    v = json_object_get(o, "labels");
    if (!v)
        return bad(r, e, "%s", "not a classified record: no 'labels'");
    if (!json_is_array(v))
        return bad(r, e, "%s", "'labels' must be an array of label names");
    rec->labels = 0;
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        if (!json_is_string(item))
            return bad(r, e, "%s", "'labels' must be an array of label names");
        const char *name = json_string_value(item);
        size_t n = json_string_length(item);
        int l = rasd_label_index(name, n);
        if (l < 0 && !(n == 4 && memcmp(name, "none", 4) == 0))
            return bad(r, e, "unknown label '%s'", name);
        if (l >= 0)
            rec->labels |= 1u << l;
    }
    v = json_object_get(o, "p");
    if (!v)
        return bad(r, e, "%s", "not a classified record: no 'p' (probabilities)");
    if (!json_is_object(v))
        return bad(r, e, "%s", "'p' must be an object of probabilities");
    for (int l = 0; l < RASD_NLABELS; l++) {
        json_t *pv = json_object_get(v, rasd_label_names[l]);
        if (!pv)
            return bad(r, e, "'p' lacks '%s'", rasd_label_names[l]);
        double p = json_is_number(pv) ? json_number_value(pv) : -1;
        if (!json_is_number(pv) || !(p >= 0 && p <= 1))
            return bad(r, e, "probability of '%s' must be a number from 0 to 1",
                       rasd_label_names[l]);
        rec->p[l] = p;
    }
    if ((rc = opt_count(r, o, "killed", &rec->killed, e)) ||
        (rc = opt_count(r, o, "injured", &rec->injured, e)))
        return rc;
    return 0;
}

/* ---- TSV ---- */

/* 1 when s is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static int valid_utf8(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        unsigned c = *s;
        int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
              : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (n < 0)
            return 0;
        unsigned cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
        for (int i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        s += n + 1;
    }
    return 1;
}

static int tsv_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 2000000000 || s[0] == '-' || s[0] == '+' ||
        s[0] == ' ')
        return -1;
    *out = v;
    return 0;
}

static int parse_tsv(struct rasd_records *r, char *line, size_t len, struct rasd_record *rec,
                     struct rasd_error *e)
{
    if (len && line[len - 1] == '\r')
        line[--len] = '\0';
    char *f[NFIELDS];
    int n = 0;
    char *p = line;
    while (n < NFIELDS) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        if (n < NFIELDS)
            *tab = '\0';
        p = tab + 1;
    }
    if (n < NFIELDS) {
        char msg[64];
        snprintf(msg, sizeof msg, "%d field%s, %d expected", n, n == 1 ? "" : "s", NFIELDS);
        return bad(r, e, "truncated or foreign record (%s)", msg);
    }
    if (!f[0][0])
        return bad(r, e, "%s", "empty 'doc'");
    rec->doc = f[0];
    if (tsv_long(f[1], &rec->sent))
        return bad(r, e, "bad 'sent' '%s' (a non-negative integer)", f[1]);
    rec->date = f[2];
    rec->source = f[3];
    static const char *const names[] = {"doc", "", "date", "source"};
    for (int i = 0; i < 4; i++)
        if (i != 1 && !valid_utf8(f[i]))
            return bad(r, e, "invalid UTF-8 in '%s'", names[i]);
    char badname[64];
    if (!f[4][0] || rasd_labels_parse(f[4], strlen(f[4]), &rec->labels, badname, sizeof badname))
        return bad(r, e, "unknown label '%s'", f[4][0] ? badname : "");
    for (int l = 0; l < RASD_NLABELS; l++) {
        const char *s = f[5 + l];
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (errno || end == s || *end || !(v >= 0 && v <= 1))
            return bad(r, e, "bad probability '%s' (a number from 0 to 1)", s);
        rec->p[l] = v;
    }
    rec->killed = rec->injured = -1;
    if (f[9][0] && tsv_long(f[9], &rec->killed))
        return bad(r, e, "bad 'killed' '%s' (a non-negative integer or empty)", f[9]);
    if (f[10][0] && tsv_long(f[10], &rec->injured))
        return bad(r, e, "bad 'injured' '%s' (a non-negative integer or empty)", f[10]);
    return 0;
}

int rasd_records_next(struct rasd_records *r, struct rasd_record *rec, struct rasd_error *e)
{
    char *line;
    size_t len;
    int rc;
    while ((rc = rasd_lines_next(&r->lines, &line, &len, e)) > 0) {
        if (blank(line, len))
            continue;
        if (r->format == RASD_RECORDS_UNKNOWN) {
            size_t i = 0;
            while (i < len && (line[i] == ' ' || line[i] == '\t'))
                i++;
            /* A UTF-8 byte-order mark before the first record is tolerated. */
            if (len - i >= 3 && memcmp(line + i, "\xEF\xBB\xBF", 3) == 0) {
                line += i + 3;
                len -= i + 3;
                i = 0;
            }
            r->format = line[i] == '{' ? RASD_RECORDS_JSONL : RASD_RECORDS_TSV;
        }
        if (r->format == RASD_RECORDS_JSONL) {
            if ((rc = parse_json(r, line, len, rec, e)))
                return rc;
        } else {
            size_t hl = strlen(RASD_RECORDS_TSV_HEADER);
            size_t l = len && line[len - 1] == '\r' ? len - 1 : len;
            if (l == hl && memcmp(line, RASD_RECORDS_TSV_HEADER, hl) == 0)
                continue;
            if (l >= 4 && memcmp(line, "doc\t", 4) == 0)
                return bad(r, e, "unknown TSV header (expected '%s')",
                           "doc, sent, date, source, labels, p_attack, p_retaliation, "
                           "p_evacuation, p_casualty, killed, injured, text");
            if ((rc = parse_tsv(r, line, len, rec, e)))
                return rc;
        }
        r->records++;
        return 1;
    }
    return rc;
}
