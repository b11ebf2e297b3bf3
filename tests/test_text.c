/* Tests of the text pipeline (src/text.c, DESIGN.md steps 1-4): the golden tables
 * in tests/data (normalize, sentences, tokens, stems, stopwords), whose expected
 * values were computed by hand from the specification, plus unit checks of the
 * stopword list, the replacement count, every RASD_* flag, huge lines, CRLF and
 * empty input.
 *
 * usage: test_text [DATA_DIR]     (default tests/data) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text.h"

static const char *data_dir = "tests/data";

/* ---- a growing byte string ---- */

struct sbuf {
    char *p;
    size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            fprintf(stderr, "test_text: out of memory\n");
            exit(1);
        }
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_clear(struct sbuf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

static void sb_free(struct sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when invalid;
 * the code point goes to *cp. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    size_t len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
        c &= 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static int utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_seq(u + i, n - i, &cp);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

/* Appends s in the tables' escape notation, so that failures read like cases:
 * control bytes, invalid bytes, invisible characters and Arabic marks escaped. */
static void sb_show(struct sbuf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char tmp[16];
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_seq(u + i, n - i, &cp);
        if (!l) {
            snprintf(tmp, sizeof tmp, "\\x%02x", u[i]);
            sb_puts(b, tmp);
            i++;
            continue;
        }
        if (cp == '\t')
            sb_puts(b, "\\t");
        else if (cp == '\n')
            sb_puts(b, "\\n");
        else if (cp == '\r')
            sb_puts(b, "\\r");
        else if (cp == '\\')
            sb_puts(b, "\\\\");
        else if (cp < 0x20 || cp == 0x7F) {
            snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)cp);
            sb_puts(b, tmp);
        } else if ((cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || cp == 0x61C ||
                   (cp >= 0x64B && cp <= 0x65F) || cp == 0x1680 || cp == 0x2028 || cp == 0x2029 ||
                   cp == 0x670 || (cp >= 0x200B && cp <= 0x200F) ||
                   (cp >= 0x202A && cp <= 0x202F) || (cp >= 0x2066 && cp <= 0x2069) ||
                   cp == 0xFEFF || cp == 0xFFFD) {
            snprintf(tmp, sizeof tmp, "\\u%04X", (unsigned)cp);
            sb_puts(b, tmp);
        } else {
            sb_add(b, s + i, l);
        }
        i += l;
    }
}

/* ---- pipelines ---- */

static struct rasd_pipeline *pipe_new(unsigned flags)
{
    struct rasd_error e;
    memset(&e, 0, sizeof e);
    struct rasd_pipeline *p = rasd_pipeline_new(flags, &e);
    if (!p) {
        fprintf(stderr, "test_text: rasd_pipeline_new(0x%x) failed: %s\n", flags, e.msg);
        exit(1);
    }
    return p;
}

static struct rasd_pipeline *P; /* default flags */

/* Normalises s into out; returns 0 or the negative code. */
static long norm_str(struct rasd_pipeline *p, const char *s, size_t n, struct sbuf *out)
{
    size_t size = n * 18 + 64; /* NFKC expands a character into at most 18 */
    char *buf = malloc(size);
    if (!buf)
        exit(1);
    struct rasd_error e;
    memset(&e, 0, sizeof e);
    long r = rasd_normalize(p, s, n, buf, size, &e);
    sb_clear(out);
    if (r >= 0)
        sb_add(out, buf, (size_t)r);
    free(buf);
    return r < 0 ? r : 0;
}

/* Checks the invariants every sentence must satisfy; returns NULL or a reason.
 * Only rasd_pipeline_analyze may hand out an empty sentence (for empty input). */
static const char *sentence_problem(const struct rasd_sentence *s, int may_be_empty)
{
    static const char ws[] = " \t\r\n\v\f";
    if (!s->text || (s->text_len == 0 && !may_be_empty))
        return "empty sentence text";
    if (s->text_len && (strchr(ws, s->text[0]) || strchr(ws, s->text[s->text_len - 1])))
        return "sentence text not trimmed";
    if (!utf8_valid(s->text, s->text_len))
        return "sentence text is not valid UTF-8";
    if (!s->norm || !utf8_valid(s->norm, s->norm_len))
        return "sentence norm missing or not valid UTF-8";
    if (s->ntok && !s->tok)
        return "tokens missing";
    for (size_t i = 0; i < s->ntok; i++) {
        const struct rasd_token *t = &s->tok[i];
        if (!t->norm || t->norm_len == 0 || strlen(t->norm) != t->norm_len)
            return "token norm empty or length wrong";
        if (!utf8_valid(t->norm, t->norm_len))
            return "token norm is not valid UTF-8";
        if (t->stem && (t->stem_len == 0 || strlen(t->stem) != t->stem_len ||
                        !utf8_valid(t->stem, t->stem_len)))
            return "token stem empty, length wrong or not valid UTF-8";
        if (!t->stem && t->stem_len != 0)
            return "stopword with a stem length";
        if (t->number && !t->stem)
            return "a number marked as stopword";
    }
    return NULL;
}

/* Collects the sentences of a split. */
struct collect {
    struct sbuf joined; /* texts joined by " | " */
    size_t n;
    const char *problem;
    int stop_after; /* return 7 after this many sentences (0: never) */
};

static int collect_fn(const struct rasd_sentence *s, void *ud)
{
    struct collect *c = ud;
    const char *why = sentence_problem(s, 0);
    if (why && !c->problem)
        c->problem = why;
    if (c->n)
        sb_puts(&c->joined, " | ");
    sb_add(&c->joined, s->text, s->text_len);
    c->n++;
    return c->stop_after && c->n >= (size_t)c->stop_after ? 7 : 0;
}

static int split_str(struct rasd_pipeline *p, const char *s, size_t n, struct collect *c)
{
    struct rasd_error e;
    memset(&e, 0, sizeof e);
    sb_clear(&c->joined);
    c->n = 0;
    c->problem = NULL;
    return rasd_pipeline_split(p, s, n, collect_fn, c, &e);
}

/* Analyses s as one sentence and joins its token norms (or stems, '_' for a
 * stopword) by single spaces into out. Returns the pipeline's status. */
static int tokens_str(struct rasd_pipeline *p, const char *s, size_t n, int stems,
                      struct sbuf *out, const char **problem)
{
    struct rasd_error e;
    struct rasd_sentence sent;
    memset(&e, 0, sizeof e);
    memset(&sent, 0, sizeof sent);
    sb_clear(out);
    int rc = rasd_pipeline_analyze(p, s, n, &sent, &e);
    if (rc != 0)
        return rc;
    if (problem)
        *problem = sentence_problem(&sent, 1);
    for (size_t i = 0; i < sent.ntok; i++) {
        if (i)
            sb_puts(out, " ");
        if (!stems)
            sb_add(out, sent.tok[i].norm, sent.tok[i].norm_len);
        else if (sent.tok[i].stem)
            sb_add(out, sent.tok[i].stem, sent.tok[i].stem_len);
        else
            sb_puts(out, "_");
    }
    return 0;
}

/* ---- golden tables ---- */

/* One case: where ("file:line"), the raw input field, the decoded input and
 * the decoded expected value. */
typedef void (*case_fn)(const char *where, const char *raw, const char *in, size_t in_len,
                        const char *want, size_t want_len);

static void case_result(int ok, const char *where, const char *raw, const char *got,
                        size_t got_len, const char *want, size_t want_len)
{
    if (ok) {
        harness_passed++;
        return;
    }
    struct sbuf g = {0}, w = {0};
    sb_show(&g, got, got_len);
    sb_show(&w, want, want_len);
    harness_failed++;
    fprintf(stderr, "%s: input '%s'\n    got  '%s'\n    want '%s'\n", where, raw,
            g.p ? g.p : "", w.p ? w.p : "");
    sb_free(&g);
    sb_free(&w);
}

static int run_table(const char *name, case_fn fn)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    FILE *f = fopen(path, "r");
    CHECK_MSG(f != NULL, "cannot open %s", path);
    if (!f)
        return 0;
    char *line = NULL, *raw = NULL;
    size_t cap = 0;
    long lineno = 0;
    int cases = 0;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        char *fld[3];
        int nf = harness_fields(line, fld, 3);
        if (nf == 0)
            continue;
        if (nf != 2) {
            CHECK_MSG(0, "%s:%ld: want 2 TAB-separated fields, got %d", path, lineno, nf);
            continue;
        }
        free(raw);
        raw = strdup(fld[0]);
        size_t in_len = harness_unescape(fld[0]);
        size_t want_len = harness_unescape(fld[1]);
        char where[1100];
        snprintf(where, sizeof where, "%s:%ld", path, lineno);
        fn(where, raw ? raw : "", fld[0], in_len, fld[1], want_len);
        cases++;
    }
    free(raw);
    free(line);
    fclose(f);
    CHECK_MSG(cases > 0, "%s: no cases", path);
    printf("test_text: %s: %d cases\n", name, cases);
    return cases;
}

static void normalize_case(const char *where, const char *raw, const char *in, size_t in_len,
                           const char *want, size_t want_len)
{
    struct sbuf out = {0};
    long r = norm_str(P, in, in_len, &out);
    int ok = r == 0 && out.n == want_len && memcmp(out.p, want, want_len) == 0;
    case_result(ok, where, raw, r == 0 ? out.p : "(error)", r == 0 ? out.n : 7, want,
                want_len);
    sb_free(&out);
}

static void sentences_case(const char *where, const char *raw, const char *in, size_t in_len,
                           const char *want, size_t want_len)
{
    struct collect c;
    memset(&c, 0, sizeof c);
    int rc = split_str(P, in, in_len, &c);
    int ok = rc == 0 && c.joined.n == want_len && (want_len == 0 || memcmp(c.joined.p, want, want_len) == 0);
    case_result(ok, where, raw, rc == 0 ? (c.joined.p ? c.joined.p : "") : "(error)",
                rc == 0 ? c.joined.n : 7, want, want_len);
    CHECK_MSG(!c.problem, "%s: %s", where, c.problem ? c.problem : "");
    sb_free(&c.joined);
}

static void tokens_case(const char *where, const char *raw, const char *in, size_t in_len,
                        const char *want, size_t want_len)
{
    struct sbuf out = {0};
    const char *problem = NULL;
    int rc = tokens_str(P, in, in_len, 0, &out, &problem);
    int ok = rc == 0 && out.n == want_len && (want_len == 0 || memcmp(out.p, want, want_len) == 0);
    case_result(ok, where, raw, rc == 0 ? (out.p ? out.p : "") : "(error)", rc == 0 ? out.n : 7,
                want, want_len);
    CHECK_MSG(!problem, "%s: %s", where, problem ? problem : "");
    sb_free(&out);
}

static void stems_case(const char *where, const char *raw, const char *in, size_t in_len,
                       const char *want, size_t want_len)
{
    char out[256];
    memset(out, 0x55, sizeof out);
    size_t n = rasd_stem(in, in_len, out, sizeof out);
    int ok = n < sizeof out && out[n] == '\0' && n == want_len && memcmp(out, want, n) == 0;
    case_result(ok, where, raw, out, n < sizeof out ? n : 0, want, want_len);
}

static void stopwords_case(const char *where, const char *raw, const char *in, size_t in_len,
                           const char *want, size_t want_len)
{
    struct sbuf w = {0};
    long r = norm_str(P, in, in_len, &w);
    int got = r == 0 ? rasd_is_stopword(w.p ? w.p : "", w.n) : -1;
    char gs[8];
    snprintf(gs, sizeof gs, "%d", got);
    int ok = want_len == 1 && (want[0] == '0' || want[0] == '1') && got == want[0] - '0';
    case_result(ok, where, raw, gs, strlen(gs), want, want_len);
    sb_free(&w);
}

static void test_tables(void)
{
    CHECK(run_table("normalize.tsv", normalize_case) >= 45);
    CHECK(run_table("sentences.tsv", sentences_case) >= 45);
    CHECK(run_table("tokens.tsv", tokens_case) >= 45);
    CHECK(run_table("stems.tsv", stems_case) >= 60);
    CHECK(run_table("stopwords.tsv", stopwords_case) >= 40);
}

/* ---- unit checks ---- */

#define CHECK_NORM(pl, in, want)                                                  \
    do {                                                                         \
        struct sbuf o_ = {0};                                                    \
        CHECK_INT(norm_str((pl), (in), sizeof(in) - 1, &o_), 0);                  \
        CHECK_STR(o_.p ? o_.p : "", (want));                                     \
        sb_free(&o_);                                                            \
    } while (0)

#define CHECK_SPLIT(pl, in, want)                                                 \
    do {                                                                         \
        struct collect c_;                                                       \
        memset(&c_, 0, sizeof c_);                                               \
        CHECK_INT(split_str((pl), (in), sizeof(in) - 1, &c_), 0);                 \
        CHECK_STR(c_.joined.p ? c_.joined.p : "", (want));                       \
        sb_free(&c_.joined);                                                     \
    } while (0)

#define CHECK_TOKENS(pl, in, stems, want)                                         \
    do {                                                                         \
        struct sbuf o_ = {0};                                                    \
        CHECK_INT(tokens_str((pl), (in), sizeof(in) - 1, (stems), &o_, NULL), 0); \
        CHECK_STR(o_.p ? o_.p : "", (want));                                     \
        sb_free(&o_);                                                            \
    } while (0)

static void test_stopword_list(void)
{
    size_t n = 0;
    const char *const *list = rasd_stopword_list(&n);
    CHECK(list != NULL);
    CHECK(n >= 40);
    struct sbuf w = {0};
    for (size_t i = 0; list && i < n; i++) {
        size_t len = strlen(list[i]);
        CHECK_MSG(len > 0, "stopword %zu is empty", i);
        if (i > 0)
            CHECK_MSG(strcmp(list[i - 1], list[i]) < 0,
                      "stopword list not sorted bytewise or not unique at %zu: '%s' then '%s'",
                      i, list[i - 1], list[i]);
        CHECK_MSG(rasd_is_stopword(list[i], len) == 1, "'%s' in the list but not a stopword",
                  list[i]);
        /* every entry is in normalised form, or it could never match */
        CHECK_INT(norm_str(P, list[i], len, &w), 0);
        CHECK_MSG(w.n == len && memcmp(w.p, list[i], len) == 0,
                  "stopword '%s' is not normalised (normalises to '%s')", list[i],
                  w.p ? w.p : "");
    }
    sb_free(&w);
    static const char *const never[] = {"لا", "لم", "لن", "ليس", "غير", "دون", "بدون", "عدم",
                                        "واحد", "اثنان", "ثلاثه", "عشره", "مئه", "الف"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        CHECK_MSG(rasd_is_stopword(never[i], strlen(never[i])) == 0,
                  "'%s' must never be a stopword", never[i]);
    /* lengths are honoured: a prefix of a stopword or a longer word is not one */
    CHECK_INT(rasd_is_stopword("فيها", strlen("في")), 1);
    CHECK_INT(rasd_is_stopword("فيها", strlen("فيه")), 1);
    CHECK_INT(rasd_is_stopword("", 0), 0);
}

static void test_replaced(void)
{
    struct sbuf o = {0};
    rasd_pipeline_reset_replaced(P);
    CHECK_INT(rasd_pipeline_replaced(P), 0);
    CHECK_INT(norm_str(P, "a\xff" "b\0", 4, &o), 0);
    CHECK_INT(rasd_pipeline_replaced(P), 2);
    CHECK_STR(o.p, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    /* counts add up until a reset */
    CHECK_INT(norm_str(P, "\xed\xa0\x80", 3, &o), 0);
    CHECK_INT(rasd_pipeline_replaced(P), 5);
    CHECK_INT(norm_str(P, "سليم", strlen("سليم"), &o), 0);
    CHECK_INT(rasd_pipeline_replaced(P), 5);
    rasd_pipeline_reset_replaced(P);
    CHECK_INT(rasd_pipeline_replaced(P), 0);

    /* the same through the splitter, and the sentence keeps U+FFFD */
    struct collect c;
    memset(&c, 0, sizeof c);
    CHECK_INT(split_str(P, "a\xff" "b\0", 4, &c), 0);
    CHECK_INT(rasd_pipeline_replaced(P), 2);
    CHECK_INT(c.n, 1);
    CHECK_STR(c.joined.p, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    rasd_pipeline_reset_replaced(P);
    static const char bad3[] = "\xc0\xaf قصف. \xf5";
    CHECK_INT(split_str(P, bad3, sizeof bad3 - 1, &c), 0);
    CHECK_INT(rasd_pipeline_replaced(P), 3);
    CHECK_INT(split_str(P, "نص سليم.\n", strlen("نص سليم.\n"), &c), 0);
    CHECK_INT(rasd_pipeline_replaced(P), 3);
    rasd_pipeline_reset_replaced(P);
    sb_free(&c.joined);
    sb_free(&o);
}

/* Each RASD_* flag switched off on its own changes what it should and only that. */
static void test_flags(void)
{
    CHECK_INT(rasd_pipeline_flags(P), RASD_TEXT_DEFAULT);

    /* the default pipeline, for comparison */
    CHECK_NORM(P, "\xEF\xBB\xBB غزة\xC2\xA0", "لا غزه ");
    CHECK_NORM(P, "قَتَلَ قـتل ب\u200Cب", "قتل قتل بب");
    CHECK_NORM(P, "أحمد على مدينة کتاب Gaza", "احمد علي مدينه كتاب gaza");
    CHECK_NORM(P, "٣ ۱۲", "3 12");
    CHECK_SPLIT(P, "قال د. أحمد إن الوضع خطير.", "قال د. أحمد إن الوضع خطير.");
    CHECK_TOKENS(P, "والقصف في غزة", 1, "قصف _ غز");

    struct rasd_pipeline *q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_NORM_NFKC);
    CHECK_INT(rasd_pipeline_flags(q), RASD_TEXT_DEFAULT & ~RASD_NORM_NFKC);
    CHECK_NORM(q, "\xEF\xBB\xBB غزة\xC2\xA0", "\xEF\xBB\xBB غزه\xC2\xA0");
    CHECK_NORM(q, "\xEF\xBC\x91 أحمد", "1 احمد"); /* fullwidth 1 is still a decimal digit */
    rasd_pipeline_free(q);

    q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_NORM_MARKS);
    CHECK_NORM(q, "قَتَلَ قـتل ب\u200Cب", "قَتَلَ قـتل ب\u200Cب");
    CHECK_NORM(q, "أحمد", "احمد");
    rasd_pipeline_free(q);

    q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_NORM_LETTERS);
    CHECK_NORM(q, "أحمد على مدينة کتاب Gaza", "أحمد على مدينة کتاب Gaza");
    CHECK_NORM(q, "قَتَلَ ٣", "قتل 3");
    rasd_pipeline_free(q);

    q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_NORM_DIGITS);
    CHECK_NORM(q, "٣ ۱۲", "٣ ۱۲");
    CHECK_NORM(q, "أحمد 7", "احمد 7");
    rasd_pipeline_free(q);

    q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_SPLIT_ABBREV);
    CHECK_SPLIT(q, "قال د. أحمد إن الوضع خطير.", "قال د. | أحمد إن الوضع خطير.");
    CHECK_SPLIT(q, "أفادت أ.ف.ب. بمقتل جنديين.", "أفادت أ. | ف. | ب. | بمقتل جنديين.");
    rasd_pipeline_free(q);

    q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_TOK_STOPWORDS);
    CHECK_TOKENS(q, "والقصف في غزة", 1, "قصف في غز");
    rasd_pipeline_free(q);

    q = pipe_new(RASD_TEXT_DEFAULT & ~RASD_TOK_STEM);
    CHECK_TOKENS(q, "والقصف في غزة", 1, "والقصف _ غزه");
    CHECK_TOKENS(q, "والقصف في غزة", 0, "والقصف في غزه");
    rasd_pipeline_free(q);

    /* everything off: the text only goes through UTF-8 checking */
    q = pipe_new(0);
    CHECK_INT(rasd_pipeline_flags(q), 0);
    CHECK_NORM(q, "أَحمد ٣ \xEF\xBB\xBB", "أَحمد ٣ \xEF\xBB\xBB");
    rasd_pipeline_free(q);
    rasd_pipeline_free(NULL);
}

/* Token details the tables do not show: the number flag and stems. */
static void test_token_details(void)
{
    struct rasd_error e;
    struct rasd_sentence s;
    memset(&e, 0, sizeof e);
    static const char in[] = "قتل 3.5 جنديا ٣٫٥ 1,200 12قتيلا في المدن";
    CHECK_INT(rasd_pipeline_analyze(P, in, sizeof in - 1, &s, &e), 0);
    static const struct {
        const char *norm, *stem;
        int number;
    } want[] = {
        {"قتل", "قتل", 0},   {"3.5", "3.5", 1},        {"جنديا", "جنديا", 0},
        {"3٫5", "3٫5", 1},   {"1,200", "1,200", 1},    {"12قتيلا", "12قتيلا", 0},
        {"في", NULL, 0},     {"المدن", "مدن", 0},
    };
    size_t nwant = sizeof want / sizeof want[0];
    CHECK_INT(s.ntok, nwant);
    for (size_t i = 0; i < nwant && i < s.ntok; i++) {
        CHECK_STR(s.tok[i].norm, want[i].norm);
        CHECK_MSG(s.tok[i].number == want[i].number, "token '%s': number %d, want %d",
                  want[i].norm, s.tok[i].number, want[i].number);
        if (want[i].stem)
            CHECK_STR(s.tok[i].stem, want[i].stem);
        else
            CHECK_MSG(s.tok[i].stem == NULL, "token '%s' should be a stopword", want[i].norm);
    }
    CHECK_STR(s.norm, "قتل 3.5 جنديا 3٫5 1,200 12قتيلا في المدن");
    CHECK_INT(s.norm_len, strlen(s.norm));
    CHECK_INT(s.text_len, sizeof in - 1);
    CHECK(memcmp(s.text, in, sizeof in - 1) == 0);

    /* empty input: no tokens */
    CHECK_INT(rasd_pipeline_analyze(P, "", 0, &s, &e), 0);
    CHECK_INT(s.ntok, 0);
}

static void test_crlf_and_empty(void)
{
    struct collect c;
    memset(&c, 0, sizeof c);
    static const char crlf[] = "سطر أول\r\nسطر ثان.\r\n\r\nسطر ثالث\r\n";
    CHECK_INT(split_str(P, crlf, sizeof crlf - 1, &c), 0);
    CHECK_INT(c.n, 3);
    CHECK_STR(c.joined.p, "سطر أول | سطر ثان. | سطر ثالث");
    CHECK(c.problem == NULL);
    CHECK(strchr(c.joined.p ? c.joined.p : "", '\r') == NULL);

    static const char *const empty[] = {"", " ", "   \t ", "\n", "\r\n", " \n\t\r\n \n",
                                        "\n\n\n\n"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        CHECK_INT(split_str(P, empty[i], strlen(empty[i]), &c), 0);
        CHECK_MSG(c.n == 0, "input %zu (white space only) gave %zu sentences: '%s'", i, c.n,
                  c.joined.p);
    }
    /* the callback's non-zero value stops the split and is returned */
    static const char three[] = "الأولى. الثانية. الثالثة.";
    c.stop_after = 1;
    CHECK_INT(split_str(P, three, sizeof three - 1, &c), 7);
    CHECK_INT(c.n, 1);
    c.stop_after = 0;
    CHECK_INT(split_str(P, three, sizeof three - 1, &c), 0);
    CHECK_INT(c.n, 3);
    sb_free(&c.joined);
}

/* Sentences of a huge input: contiguous pieces of it, each with sane tokens. */
struct big {
    const char *in;
    size_t in_len;
    size_t off;        /* where the next sentence text is expected to start */
    size_t nsent, ntok, bad_tok, gap, longest;
    int contiguous;    /* sentence texts must follow each other with nothing between */
    const char *problem;
};

static int big_fn(const struct rasd_sentence *s, void *ud)
{
    struct big *b = ud;
    const char *why = sentence_problem(s, 0);
    if (why && !b->problem)
        b->problem = why;
    b->nsent++;
    if (s->text_len > b->longest)
        b->longest = s->text_len;
    /* find the sentence at or after off (only white space may lie between) */
    size_t at = b->off;
    while (at < b->in_len && b->in[at] == ' ')
        at++;
    if (at + s->text_len > b->in_len || memcmp(b->in + at, s->text, s->text_len) != 0 ||
        (b->contiguous && at != b->off))
        b->gap++;
    b->off = at + s->text_len;
    for (size_t i = 0; i < s->ntok; i++) {
        const struct rasd_token *t = &s->tok[i];
        b->ntok++;
        if (b->contiguous)
            continue;
        /* the word line: only these four words, with their stems */
        int ok = (strcmp(t->norm, "قتل") == 0 && t->stem && strcmp(t->stem, "قتل") == 0) ||
                 (strcmp(t->norm, "جنود") == 0 && t->stem && strcmp(t->stem, "جنود") == 0) ||
                 (strcmp(t->norm, "في") == 0 && t->stem == NULL) ||
                 (strcmp(t->norm, "غزه") == 0 && t->stem && strcmp(t->stem, "غز") == 0);
        if (!ok || t->number)
            b->bad_tok++;
    }
    return 0;
}

static void test_huge_lines(void)
{
    struct rasd_error e;
    memset(&e, 0, sizeof e);

    /* 5 MB on one line with no space and no punctuation */
    static const char unit[] = "غزة";
    size_t ulen = sizeof unit - 1, reps = (5u << 20) / ulen;
    char *in = malloc(reps * ulen + 1);
    CHECK(in != NULL);
    if (!in)
        return;
    for (size_t i = 0; i < reps; i++)
        memcpy(in + i * ulen, unit, ulen);
    struct big b;
    memset(&b, 0, sizeof b);
    b.in = in;
    b.in_len = reps * ulen;
    b.contiguous = 1;
    CHECK_INT(rasd_pipeline_split(P, in, b.in_len, big_fn, &b, &e), 0);
    CHECK_MSG(b.problem == NULL, "5 MB line: %s", b.problem);
    CHECK_MSG(b.nsent >= 2, "5 MB line gave %zu sentences", b.nsent);
    CHECK_MSG(b.gap == 0, "5 MB line: %zu sentences are not the next piece of the input", b.gap);
    CHECK_MSG(b.off == b.in_len, "5 MB line: sentences cover %zu of %zu bytes", b.off, b.in_len);
    CHECK_MSG(b.ntok >= b.nsent, "5 MB line: %zu tokens in %zu sentences", b.ntok, b.nsent);
    free(in);

    /* 3 MB on one line of words, no punctuation: cut at spaces only */
    static const char *const words[] = {"قتل", "جنود", "في", "غزة"};
    size_t cap = (3u << 20) + 64, n = 0, nwords = 0;
    in = malloc(cap);
    CHECK(in != NULL);
    if (!in)
        return;
    while (n + 16 < (3u << 20)) {
        const char *w = words[nwords % 4];
        size_t wl = strlen(w);
        if (nwords)
            in[n++] = ' ';
        memcpy(in + n, w, wl);
        n += wl;
        nwords++;
    }
    memset(&b, 0, sizeof b);
    b.in = in;
    b.in_len = n;
    CHECK_INT(rasd_pipeline_split(P, in, n, big_fn, &b, &e), 0);
    CHECK_MSG(b.problem == NULL, "3 MB line: %s", b.problem);
    CHECK_MSG(b.nsent >= 2, "3 MB line gave %zu sentences", b.nsent);
    CHECK_MSG(b.gap == 0, "3 MB line: %zu sentences are not pieces of the input", b.gap);
    CHECK_MSG(b.off == n, "3 MB line: sentences cover %zu of %zu bytes", b.off, n);
    CHECK_MSG(b.ntok == nwords, "3 MB line: %zu tokens, want %zu (a word was cut?)", b.ntok,
              nwords);
    CHECK_MSG(b.bad_tok == 0, "3 MB line: %zu tokens are not one of the four words", b.bad_tok);
    free(in);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        data_dir = argv[1];
    P = pipe_new(RASD_TEXT_DEFAULT);
    RUN(test_tables);
    RUN(test_stopword_list);
    RUN(test_replaced);
    RUN(test_flags);
    RUN(test_token_details);
    RUN(test_crlf_and_empty);
    RUN(test_huge_lines);
    rasd_pipeline_free(P);
    return harness_report("test_text");
}
