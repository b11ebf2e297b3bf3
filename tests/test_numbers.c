/* Tests of the numbers module: the golden tables tests/data/numbers.tsv and
 * tests/data/casualties.tsv through a real pipeline, plus direct checks of
 * rasd_number_at and rasd_casualty_counts on hand-made token arrays.
 * Usage: test_numbers [DATA_DIR]  (default tests/data) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "numbers.h"
#include "text.h"

static const char *data_dir = "tests/data";

/* Hand-made tokens: norm forms as the pipeline would give them. */
#define MAX_TOK 16
struct toks {
    struct rasd_token t[MAX_TOK];
    size_t n;
};

static struct toks make(const char *const *words)
{
    struct toks k;
    memset(&k, 0, sizeof k);
    for (k.n = 0; words[k.n] && k.n < MAX_TOK; k.n++) {
        const char *w = words[k.n];
        k.t[k.n].norm = w;
        k.t[k.n].norm_len = (uint32_t)strlen(w);
        k.t[k.n].stem = w;
        k.t[k.n].stem_len = (uint32_t)strlen(w);
        k.t[k.n].number = w[0] >= '0' && w[0] <= '9';
    }
    return k;
}

static void test_number_at(void)
{
    struct rasd_number num;

    /* a digit, then a digit with the conjunction */
    static const char *const a[] = {"قتل", "3", "جنود", "و2", "مدنيين", NULL};
    struct toks k = make(a);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 1, &num), 1);
    CHECK_NEAR(num.value, 3, 0);
    CHECK_INT(num.vague, 0);
    CHECK_INT(num.first, 1);
    CHECK_INT(num.count, 1);
    CHECK_INT(rasd_number_at(k.t, k.n, 3, &num), 1);
    CHECK_NEAR(num.value, 2, 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 2, NULL), 0);

    /* a qualifier is consumed but not part of first/count */
    static const char *const b[] = {"نحو", "خمسه", "وعشرين", "الفا", "قتيل", NULL};
    k = make(b);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 4);
    CHECK_NEAR(num.value, 25000, 0);
    CHECK_INT(num.first, 1);
    CHECK_INT(num.count, 3);
    CHECK_INT(rasd_number_at(k.t, k.n, 1, &num), 3);
    CHECK_INT(rasd_number_at(k.t, k.n, 2, &num), 2); /* "وعشرين الفا" on its own */
    CHECK_NEAR(num.value, 20000, 0);

    /* four-word qualifier */
    static const char *const c[] = {"ما", "لا", "يقل", "عن", "ثلاثمائه", "وخمسين", NULL};
    k = make(c);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 6);
    CHECK_NEAR(num.value, 350, 0);
    CHECK_INT(num.first, 4);

    /* dates and years are not numbers; out is left alone */
    static const char *const d[] = {"12", "مارس", "عام", "2023", NULL};
    k = make(d);
    num.value = -7;
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 0);
    CHECK_NEAR(num.value, -7, 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 3, &num), 0);
    static const char *const e[] = {"2023", NULL};
    k = make(e);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 1);
    CHECK_NEAR(num.value, 2023, 0);

    /* vague, teens, separators */
    static const char *const f[] = {"بالعشرات", "احدي", "عشره", "3٫5", "1,200", "1٬000٬000", NULL};
    k = make(f);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 1);
    CHECK_NEAR(num.value, 12, 0);
    CHECK_INT(num.vague, 1);
    CHECK_INT(rasd_number_at(k.t, k.n, 1, &num), 2);
    CHECK_NEAR(num.value, 11, 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 3, &num), 1);
    CHECK_NEAR(num.value, 3.5, 1e-12);
    CHECK_INT(rasd_number_at(k.t, k.n, 4, &num), 1);
    CHECK_NEAR(num.value, 1200, 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 5, &num), 1);
    CHECK_NEAR(num.value, 1e6, 0);

    /* a lone و joins; an out-of-order part does not */
    static const char *const g[] = {"الف", "و", "500", "ثلاثه", "وخمسه", NULL};
    k = make(g);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 3);
    CHECK_NEAR(num.value, 1500, 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 3, &num), 1);
    CHECK_NEAR(num.value, 3, 0);

    /* day names with the article, and bounds */
    static const char *const h[] = {"الاحد", "والاثنين", "الخمسه", NULL};
    k = make(h);
    CHECK_INT(rasd_number_at(k.t, k.n, 0, &num), 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 1, &num), 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 2, &num), 1);
    CHECK_NEAR(num.value, 5, 0);
    CHECK_INT(rasd_number_at(k.t, k.n, 3, &num), 0);
    CHECK_INT(rasd_number_at(k.t, 0, 0, &num), 0);
    CHECK_INT(rasd_number_at(NULL, 0, 0, &num), 0);
}

static void test_casualty_tokens(void)
{
    long killed = 9, injured = 9;
    static const char *const a[] = {"مقتل", "3", "وجرح", "خمسه", "اخرين", NULL};
    struct toks k = make(a);
    struct rasd_sentence s;
    memset(&s, 0, sizeof s);
    s.tok = k.t;
    s.ntok = k.n;
    rasd_casualty_counts(&s, &killed, &injured);
    CHECK_INT(killed, 3);
    CHECK_INT(injured, 5);

    s.ntok = 0;
    rasd_casualty_counts(&s, &killed, &injured);
    CHECK_INT(killed, -1);
    CHECK_INT(injured, -1);

    killed = injured = 9;
    rasd_casualty_counts(NULL, &killed, &injured);
    CHECK_INT(killed, -1);
    CHECK_INT(injured, -1);
    s.ntok = k.n;
    rasd_casualty_counts(&s, NULL, &injured); /* NULL outputs are allowed */
    CHECK_INT(injured, 5);

    /* many numbers: only the first spans are used, and nothing breaks */
    static struct rasd_token many[1000];
    for (size_t i = 0; i < 1000; i++) {
        const char *w = i % 2 ? "قتيلا" : "7";
        many[i].norm = w;
        many[i].norm_len = (uint32_t)strlen(w);
    }
    s.tok = many;
    s.ntok = 1000;
    rasd_casualty_counts(&s, &killed, &injured);
    CHECK_INT(killed, 7);
    CHECK_INT(injured, -1);
}

static void test_parse_errors(struct rasd_pipeline *p)
{
    struct rasd_error e;
    double v = -1;
    int vague = -1;
    memset(&e, 0, sizeof e);
    CHECK_INT(rasd_number_parse(NULL, "3", 1, &v, &vague, &e), RASD_EINVAL);
    CHECK_INT(e.code, RASD_EINVAL);
    CHECK_INT(rasd_number_parse(p, "", 0, &v, &vague, &e), 0);
    CHECK_INT(rasd_number_parse(p, "   ", 3, &v, &vague, &e), 0);
    CHECK_INT(rasd_number_parse(p, "\xd9\xa3", 2, NULL, NULL, &e), 1); /* ٣ */
    /* only n bytes are read */
    CHECK_INT(rasd_number_parse(p, "12 مارس", 2, &v, &vague, &e), 1);
    CHECK_NEAR(v, 12, 0);
}

static FILE *open_table(const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", data_dir, name);
    FILE *f = fopen(path, "r");
    CHECK_MSG(f != NULL, "cannot open %s", path);
    return f;
}

static void test_numbers_table(struct rasd_pipeline *p)
{
    char path[1024], line[4096];
    FILE *f = open_table("numbers.tsv", path, sizeof path);
    if (!f)
        return;
    long lineno = 0;
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fld[4];
        lineno++;
        int nf = harness_fields(line, fld, 4);
        if (nf == 0)
            continue;
        if (nf != 3) {
            CHECK_MSG(0, "%s:%ld: want 3 fields, got %d", path, lineno, nf);
            continue;
        }
        size_t n = harness_unescape(fld[0]);
        struct rasd_error e;
        double v = -1;
        int vague = -1;
        memset(&e, 0, sizeof e);
        int rc = rasd_number_parse(p, fld[0], n, &v, &vague, &e);
        cases++;
        if (strcmp(fld[1], "-") == 0) {
            CHECK_MSG(rc == 0, "%s:%ld: '%s': want not a number, got rc %d value %.12g", path,
                      lineno, fld[0], rc, v);
            continue;
        }
        double want = strtod(fld[1], NULL);
        int want_vague = atoi(fld[2]);
        CHECK_MSG(rc == 1 && fabs(v - want) <= 1e-9 * (fabs(want) + 1) && vague == want_vague,
                  "%s:%ld: '%s': want %.12g vague %d, got rc %d value %.12g vague %d", path,
                  lineno, fld[0], want, want_vague, rc, v, vague);
    }
    fclose(f);
    CHECK_MSG(cases >= 60, "%s: only %d cases", path, cases);
}

static void test_casualties_table(struct rasd_pipeline *p)
{
    char path[1024], line[4096];
    FILE *f = open_table("casualties.tsv", path, sizeof path);
    if (!f)
        return;
    long lineno = 0;
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fld[4];
        lineno++;
        int nf = harness_fields(line, fld, 4);
        if (nf == 0)
            continue;
        if (nf != 3) {
            CHECK_MSG(0, "%s:%ld: want 3 fields, got %d", path, lineno, nf);
            continue;
        }
        size_t n = harness_unescape(fld[0]);
        struct rasd_error e;
        struct rasd_sentence s;
        memset(&e, 0, sizeof e);
        int rc = rasd_pipeline_analyze(p, fld[0], n, &s, &e);
        CHECK_MSG(rc == 0, "%s:%ld: analyze failed: %d %s", path, lineno, rc, e.msg);
        if (rc != 0)
            continue;
        long killed = -9, injured = -9;
        rasd_casualty_counts(&s, &killed, &injured);
        long want_k = strtol(fld[1], NULL, 10), want_i = strtol(fld[2], NULL, 10);
        cases++;
        CHECK_MSG(killed == want_k && injured == want_i,
                  "%s:%ld: '%s': want killed %ld injured %ld, got %ld %ld", path, lineno,
                  fld[0], want_k, want_i, killed, injured);
    }
    fclose(f);
    CHECK_MSG(cases >= 50, "%s: only %d cases", path, cases);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        data_dir = argv[1];
    RUN(test_number_at);
    RUN(test_casualty_tokens);

    struct rasd_error e;
    memset(&e, 0, sizeof e);
    struct rasd_pipeline *p = rasd_pipeline_new(RASD_TEXT_DEFAULT, &e);
    CHECK_MSG(p != NULL, "rasd_pipeline_new: %s", e.msg);
    if (p) {
        test_parse_errors(p);
        test_numbers_table(p);
        test_casualties_table(p);
        rasd_pipeline_free(p);
    }
    return harness_report("test_numbers");
}
