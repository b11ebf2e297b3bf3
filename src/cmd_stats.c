/* rasd stats: tallies, proportions and confidence intervals from classified
 * records, as an aligned text table, TSV, JSON or one self-contained HTML page. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "cmd.h"
#include "model.h"
#include "records.h"
#include "stats.h"

enum { FMT_TEXT, FMT_TSV, FMT_JSON, FMT_HTML };
enum { OPT_LEVEL = 1000, OPT_BY, OPT_EXACT, OPT_REPS, OPT_SEED };

static const char *const by_names[] = {"all", "source", "date", "doc"};
static const char *const label_colors[RASD_NLABELS] = {"#b3362c", "#7d3c98", "#1f6fa8",
                                                       "#c2670f"};

struct st {
    int format;
    int by;
    struct rasd_stats_opts o;
    const char *model;      /* directory the rates came from, NULL when none */
    char model_note[600];   /* why the adjusted prevalence is unavailable */
    int failed;             /* a summary could not be computed */
};

static void help(void)
{
    printf("usage: rasd stats [options] [FILE...]\n"
           "\n"
           "Summarises records written by 'rasd classify' (JSON Lines or TSV; several\n"
           "files are shards of one run; '-' or no FILE reads standard input): per\n"
           "label, sentences and articles with their proportions and confidence\n"
           "intervals, the expected count from the probabilities with its s.d., a\n"
           "cluster bootstrap interval over articles, the prevalence adjusted for the\n"
           "model's error rates, label co-occurrence and casualty tallies.\n"
           "\n"
           "options:\n"
           "  -f, --format FMT   text (default: aligned tables), tsv, json or html (one\n"
           "                     self-contained page with SVG charts)\n"
           "      --level L      confidence level of every interval (default 0.95)\n"
           "      --by KEY       also summarise per source, date (with a daily series) or doc\n"
           "      --exact        Clopper-Pearson intervals instead of Wilson score\n"
           "      --reps N       bootstrap replicates (default 1000; 0: no bootstrap)\n"
           "      --seed S       bootstrap seed (default 1): the same input and seed give\n"
           "                     the same output\n"
           "  -m, --model DIR    model whose cross-validated tpr and fpr adjust the\n"
           "                     prevalence (default: %s)\n"
           "  -o, --output FILE  write to FILE (atomically: nothing is written on failure)\n"
           "                     instead of standard output\n"
           "  -h, --help         show this help\n",
           cli_default_model());
}

/* ---- number formatting ---- */

/* A proportion as a percentage with `dec` decimals, or "-" when unknown. */
static const char *pct(char *out, size_t size, double x, int dec)
{
    if (!isfinite(x))
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%.*f%%", dec, 100 * x);
    return out;
}

/* "[lo%, hi%]" or "-". */
static const char *interval(char *out, size_t size, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        snprintf(out, size, "-");
        return out;
    }
    snprintf(out, size, "[%5.2f%%, %.2f%%]", 100 * lo, 100 * hi);
    return out;
}

/* A median: integral values without decimals. */
static const char *median_str(char *out, size_t size, double m)
{
    if (!isfinite(m))
        snprintf(out, size, "-");
    else if (m == floor(m))
        snprintf(out, size, "%.0f", m);
    else
        snprintf(out, size, "%.1f", m);
    return out;
}

static const char *long_or_dash(char *out, size_t size, long v)
{
    if (v < 0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%ld", v);
    return out;
}

static const char *level_str(char *out, size_t size, double level)
{
    snprintf(out, size, "%g%%", level * 100);
    return out;
}

static const char *method_name(const struct st *s)
{
    return s->o.exact ? "Clopper-Pearson" : "Wilson score";
}

static int summarise(const struct rasd_tally *t, struct st *s, struct rasd_summary *sum)
{
    struct rasd_error e = {0};
    if (rasd_summarise(t, &s->o, sum, &e)) {
        if (!s->failed)
            cli_report(&e);
        s->failed = 1;
        return -1;
    }
    return 0;
}

static const char *group_name(const char *key)
{
    return key[0] ? key : "(unknown)";
}

/* A group key for the text table: control characters (a newline in a
 * source name) become spaces so that every row stays one line. */
static const char *text_key(char *out, size_t size, const char *key)
{
    snprintf(out, size, "%s", group_name(key));
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return out;
}

/* ---- text ---- */

/* Ends the table line being written to b: trailing spaces go, a newline comes. */
static void end_line(struct rasd_buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
    rasd_buf_puts(b, "\n");
}

#define text_line(b, ...)                                                                  \
    do {                                                                                   \
        rasd_buf_printf(b, __VA_ARGS__);                                                   \
        end_line(b);                                                                       \
    } while (0)

/* The sentence-level interval chosen by --exact. */
static void share_interval(const struct st *s, long k, long n, double *lo, double *hi)
{
    *lo = 0;
    *hi = 1;
    if (s->o.exact)
        rasd_clopper_pearson(k, n, s->o.level, lo, hi);
    else
        rasd_wilson(k, n, s->o.level, lo, hi);
}

static void text_summary(struct rasd_buf *b, const struct rasd_summary *m, const struct st *s)
{
    char lv[16], h1[48], h2[48], a[48], c[48], d[48];
    level_str(lv, sizeof lv, s->o.level);
    snprintf(h1, sizeof h1, "%s interval", lv);
    snprintf(h2, sizeof h2, "bootstrap %s", lv);
    text_line(b, "%-12s %9s %8s  %-18s  %-18s %9s %8s", "sentences", "count", "share", h1, h2,
              "expected", "s.d.");
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_sum *x = &m->label[l];
        text_line(b, "%-12s %9ld %8s  %-18s  %-18s %9.2f %8.2f", rasd_label_names[l],
                  x->sentences, pct(a, sizeof a, x->share, 2), interval(c, sizeof c, x->lo, x->hi),
                  interval(d, sizeof d, x->boot_lo, x->boot_hi), x->expected, x->expected_sd);
    }
    rasd_buf_puts(b, "\n");
    text_line(b, "%-12s %9s %8s  %s", "articles", "count", "share", h1);
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_sum *x = &m->label[l];
        text_line(b, "%-12s %9ld %8s  %s", rasd_label_names[l], x->articles,
                  pct(a, sizeof a, x->art_share, 2), interval(c, sizeof c, x->art_lo, x->art_hi));
    }
    rasd_buf_puts(b, "\n");
    text_line(b, "%-12s %9s %8s %11s  %s", "adjusted", "tpr", "fpr", "prevalence", h1);
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_sum *x = &m->label[l];
        if (!s->o.rates)
            text_line(b, "%-12s %9s %8s %11s  %s", rasd_label_names[l], "-", "-", "-",
                      "(no model)");
        else if (!x->adjusted)
            text_line(b, "%-12s %9.4f %8.4f %11s  %s", rasd_label_names[l], s->o.tpr[l],
                      s->o.fpr[l], "-", "(unavailable: tpr <= fpr)");
        else
            text_line(b, "%-12s %9.4f %8.4f %11s  %s", rasd_label_names[l], s->o.tpr[l],
                      s->o.fpr[l], pct(a, sizeof a, x->adj, 2),
                      interval(c, sizeof c, x->adj_lo, x->adj_hi));
    }
    rasd_buf_puts(b, "\n");
    rasd_buf_printf(b, "%-12s", "co-occurring");
    for (int j = 0; j < RASD_NLABELS; j++)
        rasd_buf_printf(b, " %12s", rasd_label_names[j]);
    rasd_buf_puts(b, "\n");
    for (int i = 0; i < RASD_NLABELS; i++) {
        rasd_buf_printf(b, "%-12s", rasd_label_names[i]);
        for (int j = 0; j < RASD_NLABELS; j++)
            rasd_buf_printf(b, " %12ld", m->both[i][j]);
        rasd_buf_puts(b, "\n");
    }
    rasd_buf_puts(b, "\n");
    text_line(b, "%-12s %9s %8s %8s %8s %8s", "casualties", "articles", "total", "median", "min",
              "max");
    const struct rasd_casualty_sum *cs[2] = {&m->killed, &m->injured};
    for (int i = 0; i < 2; i++)
        text_line(b, "%-12s %9ld %8lld %8s %8s %8s", i ? "injured" : "killed", cs[i]->articles,
                  cs[i]->total, median_str(a, sizeof a, cs[i]->median),
                  long_or_dash(c, sizeof c, cs[i]->min), long_or_dash(d, sizeof d, cs[i]->max));
}

static long tally_casualty_total(const struct rasd_tally *t, int injured)
{
    long total = -1;
    for (size_t i = 0; i < t->n; i++) {
        long v = injured ? t->art[i].injured : t->art[i].killed;
        if (v >= 0)
            total = (total < 0 ? 0 : total) + v;
    }
    return total;
}

static void text_series(struct rasd_buf *b, const struct rasd_stats_acc *acc)
{
    char x[32], y[32];
    rasd_buf_printf(b, "\n%-12s %9s %8s", "daily series", "sentences", "articles");
    for (int l = 0; l < RASD_NLABELS; l++)
        rasd_buf_printf(b, " %12s", rasd_label_names[l]);
    rasd_buf_printf(b, " %8s %8s\n", "killed", "injured");
    for (size_t g = 0; g < acc->ngroups; g++) {
        const struct rasd_tally *t = &acc->groups[g].t;
        char key[256];
        rasd_buf_printf(b, "%-12s %9ld %8zu", text_key(key, sizeof key, acc->groups[g].key),
                        t->sentences, t->n);
        for (int l = 0; l < RASD_NLABELS; l++)
            rasd_buf_printf(b, " %12ld", t->both[l][l]);
        rasd_buf_printf(b, " %8s %8s\n", long_or_dash(x, sizeof x, tally_casualty_total(t, 0)),
                        long_or_dash(y, sizeof y, tally_casualty_total(t, 1)));
    }
    rasd_buf_printf(b, "(killed, injured: the sum over the day's articles of the largest "
                       "figure each reports)\n");
}

static void render_text(struct rasd_buf *b, const struct rasd_stats_acc *acc, struct st *s)
{
    struct rasd_summary m;
    char lv[16];
    level_str(lv, sizeof lv, s->o.level);
    if (summarise(&acc->all, s, &m))
        return;
    rasd_buf_printf(b, "rasd stats: %ld sentence%s in %ld article%s\n", m.sentences,
                    m.sentences == 1 ? "" : "s", m.articles, m.articles == 1 ? "" : "s");
    rasd_buf_printf(b, "intervals:  %s, %s", lv, method_name(s));
    if (s->o.reps)
        rasd_buf_printf(b, "; bootstrap over articles, %ld replicates, seed %lu\n", s->o.reps,
                        s->o.seed);
    else
        rasd_buf_puts(b, "; no bootstrap\n");
    if (s->model)
        rasd_buf_printf(b, "adjusted:   for the cross-validated tpr and fpr of model %s\n",
                        s->model);
    else
        rasd_buf_printf(b, "adjusted:   unavailable (%s)\n", s->model_note);
    rasd_buf_puts(b, "\n");
    text_summary(b, &m, s);
    if (acc->by == RASD_BY_DATE)
        text_series(b, acc);
    for (size_t g = 0; g < acc->ngroups; g++) {
        const struct rasd_group *gr = &acc->groups[g];
        if (summarise(&gr->t, s, &m))
            return;
        char key[1024];
        rasd_buf_printf(b, "\n== %s %s: %ld sentence%s in %ld article%s ==\n\n",
                        by_names[acc->by], text_key(key, sizeof key, gr->key), m.sentences,
                        m.sentences == 1 ? "" : "s", m.articles, m.articles == 1 ? "" : "s");
        text_summary(b, &m, s);
    }
}

/* ---- TSV: one tidy row per quantity ---- */

static void tsv_num(struct rasd_buf *b, double x)
{
    if (isfinite(x))
        rasd_buf_printf(b, "\t%.10g", x);
    else
        rasd_buf_puts(b, "\t");
}

static void tsv_row(struct rasd_buf *b, const char *by, const char *group, const char *label,
                    const char *measure, double v, double lo, double hi)
{
    rasd_buf_puts(b, by);
    rasd_buf_puts(b, "\t");
    rasd_buf_tsv_field(b, group, strlen(group));
    rasd_buf_printf(b, "\t%s\t%s", label, measure);
    tsv_num(b, v);
    tsv_num(b, lo);
    tsv_num(b, hi);
    rasd_buf_puts(b, "\n");
}

static void tsv_summary(struct rasd_buf *b, const char *by, const char *g,
                        const struct rasd_summary *m, const struct st *s)
{
    tsv_row(b, by, g, "all", "sentences", (double)m->sentences, NAN, NAN);
    tsv_row(b, by, g, "all", "articles", (double)m->articles, NAN, NAN);
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_sum *x = &m->label[l];
        const char *n = rasd_label_names[l];
        tsv_row(b, by, g, n, "sentences", (double)x->sentences, NAN, NAN);
        tsv_row(b, by, g, n, "sentence_share", x->share, x->lo, x->hi);
        tsv_row(b, by, g, n, "bootstrap_share", x->boot ? x->share : NAN, x->boot_lo,
                x->boot_hi);
        tsv_row(b, by, g, n, "bootstrap_se", x->boot_se, NAN, NAN);
        tsv_row(b, by, g, n, "expected", x->expected, NAN, NAN);
        tsv_row(b, by, g, n, "expected_sd", x->expected_sd, NAN, NAN);
        tsv_row(b, by, g, n, "articles", (double)x->articles, NAN, NAN);
        tsv_row(b, by, g, n, "article_share", x->art_share, x->art_lo, x->art_hi);
        tsv_row(b, by, g, n, "tpr", s->o.rates ? s->o.tpr[l] : NAN, NAN, NAN);
        tsv_row(b, by, g, n, "fpr", s->o.rates ? s->o.fpr[l] : NAN, NAN, NAN);
        tsv_row(b, by, g, n, "adjusted", x->adj, x->adj_lo, x->adj_hi);
        for (int j = 0; j < RASD_NLABELS; j++) {
            char meas[32];
            snprintf(meas, sizeof meas, "with_%s", rasd_label_names[j]);
            tsv_row(b, by, g, n, meas, (double)m->both[l][j], NAN, NAN);
        }
    }
    const struct rasd_casualty_sum *cs[2] = {&m->killed, &m->injured};
    for (int i = 0; i < 2; i++) {
        const char *n = i ? "injured" : "killed";
        tsv_row(b, by, g, n, "articles", (double)cs[i]->articles, NAN, NAN);
        tsv_row(b, by, g, n, "total", (double)cs[i]->total, NAN, NAN);
        tsv_row(b, by, g, n, "median", cs[i]->median, NAN, NAN);
        tsv_row(b, by, g, n, "min", cs[i]->min < 0 ? NAN : (double)cs[i]->min, NAN, NAN);
        tsv_row(b, by, g, n, "max", cs[i]->max < 0 ? NAN : (double)cs[i]->max, NAN, NAN);
    }
}

static void render_tsv(struct rasd_buf *b, const struct rasd_stats_acc *acc, struct st *s)
{
    struct rasd_summary m;
    rasd_buf_puts(b, "by\tgroup\tlabel\tmeasure\tvalue\tlo\thi\n");
    if (summarise(&acc->all, s, &m))
        return;
    tsv_summary(b, "all", "all", &m, s);
    for (size_t g = 0; g < acc->ngroups; g++) {
        if (summarise(&acc->groups[g].t, s, &m))
            return;
        tsv_summary(b, by_names[acc->by], acc->groups[g].key, &m, s);
    }
}

/* ---- JSON ---- */

struct jb {
    int failed; /* a jansson allocation failed */
};

static json_t *jreal(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static void jset(struct jb *j, json_t *o, const char *key, json_t *v)
{
    if (!o || !v || json_object_set_new(o, key, v))
        j->failed = 1;
}

static void jinterval_into(struct jb *j, json_t *o, const char *vkey, double v, double lo,
                           double hi)
{
    jset(j, o, vkey, jreal(v));
    jset(j, o, "lo", jreal(lo));
    jset(j, o, "hi", jreal(hi));
}

static json_t *jinterval(struct jb *j, const char *vkey, double v, double lo, double hi)
{
    json_t *o = json_object();
    jinterval_into(j, o, vkey, v, lo, hi);
    return o;
}

static json_t *json_summary(struct jb *j, const struct rasd_summary *m, const struct st *s)
{
    json_t *o = json_object(), *labels = json_object(), *co = json_object(), *cas = json_object();
    jset(j, o, "sentences", json_integer(m->sentences));
    jset(j, o, "articles", json_integer(m->articles));
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_sum *x = &m->label[l];
        json_t *lo = json_object(), *sent = json_object(), *art = json_object();
        jset(j, sent, "count", json_integer(x->sentences));
        jinterval_into(j, sent, "share", x->share, x->lo, x->hi);
        jset(j, art, "count", json_integer(x->articles));
        jinterval_into(j, art, "share", x->art_share, x->art_lo, x->art_hi);
        jset(j, lo, "sentences", sent);
        jset(j, lo, "articles", art);
        json_t *ex = json_object();
        jset(j, ex, "count", jreal(x->expected));
        jset(j, ex, "sd", jreal(x->expected_sd));
        jset(j, lo, "expected", ex);
        if (x->boot) {
            json_t *bo = jinterval(j, "share", x->share, x->boot_lo, x->boot_hi);
            jset(j, bo, "se", jreal(x->boot_se));
            jset(j, lo, "bootstrap", bo);
        } else {
            jset(j, lo, "bootstrap", json_null());
        }
        if (x->adjusted) {
            json_t *ad = jinterval(j, "prevalence", x->adj, x->adj_lo, x->adj_hi);
            jset(j, ad, "tpr", jreal(s->o.tpr[l]));
            jset(j, ad, "fpr", jreal(s->o.fpr[l]));
            jset(j, lo, "adjusted", ad);
        } else {
            jset(j, lo, "adjusted", json_null());
        }
        jset(j, labels, rasd_label_names[l], lo);
        json_t *row = json_object();
        for (int k = 0; k < RASD_NLABELS; k++)
            jset(j, row, rasd_label_names[k], json_integer(m->both[l][k]));
        jset(j, co, rasd_label_names[l], row);
    }
    const struct rasd_casualty_sum *cs[2] = {&m->killed, &m->injured};
    for (int i = 0; i < 2; i++) {
        json_t *c = json_object();
        jset(j, c, "articles", json_integer(cs[i]->articles));
        jset(j, c, "total", json_integer(cs[i]->total));
        jset(j, c, "median", jreal(cs[i]->median));
        jset(j, c, "min", cs[i]->min < 0 ? json_null() : json_integer(cs[i]->min));
        jset(j, c, "max", cs[i]->max < 0 ? json_null() : json_integer(cs[i]->max));
        jset(j, cas, i ? "injured" : "killed", c);
    }
    jset(j, o, "labels", labels);
    jset(j, o, "cooccurrence", co);
    jset(j, o, "casualties", cas);
    return o;
}

static void render_json(struct rasd_buf *b, const struct rasd_stats_acc *acc, struct st *s)
{
    struct jb j = {0};
    struct rasd_summary m;
    json_t *root = json_object(), *set = json_object();
    jset(&j, set, "level", json_real(s->o.level));
    jset(&j, set, "method", json_string(s->o.exact ? "clopper-pearson" : "wilson"));
    jset(&j, set, "reps", json_integer(s->o.reps));
    jset(&j, set, "seed", json_integer((json_int_t)s->o.seed));
    jset(&j, set, "by", acc->by ? json_string(by_names[acc->by]) : json_null());
    jset(&j, root, "settings", set);
    json_t *model = json_object();
    if (s->model) {
        jset(&j, model, "path", json_string(s->model));
        json_t *rates = json_object();
        for (int l = 0; l < RASD_NLABELS; l++) {
            json_t *r = json_object();
            jset(&j, r, "tpr", jreal(s->o.tpr[l]));
            jset(&j, r, "fpr", jreal(s->o.fpr[l]));
            jset(&j, rates, rasd_label_names[l], r);
        }
        jset(&j, model, "rates", rates);
    } else {
        jset(&j, model, "path", json_null());
        jset(&j, model, "unavailable", json_string(s->model_note));
    }
    jset(&j, root, "model", model);
    if (summarise(&acc->all, s, &m)) {
        json_decref(root);
        return;
    }
    jset(&j, root, "all", json_summary(&j, &m, s));
    if (acc->by) {
        json_t *groups = json_array();
        for (size_t g = 0; g < acc->ngroups && !s->failed; g++) {
            if (summarise(&acc->groups[g].t, s, &m))
                break;
            json_t *o = json_summary(&j, &m, s);
            const char *key = acc->groups[g].key;
            json_t *kv = key[0] ? json_string(key) : json_null();
            if (!o || !kv || json_object_set_new(o, "key", kv) || json_array_append_new(groups, o))
                j.failed = 1;
            if (acc->by == RASD_BY_DATE) {
                json_t *c = json_object();
                long k = tally_casualty_total(&acc->groups[g].t, 0);
                long i = tally_casualty_total(&acc->groups[g].t, 1);
                jset(&j, c, "killed", k < 0 ? json_null() : json_integer(k));
                jset(&j, c, "injured", i < 0 ? json_null() : json_integer(i));
                jset(&j, o, "day_totals", c);
            }
        }
        jset(&j, root, "groups", groups);
    }
    char *text = s->failed ? NULL
                           : json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!s->failed && (!text || j.failed)) {
        cli_error("out of memory");
        s->failed = 1;
    }
    if (text && !s->failed) {
        rasd_buf_puts(b, text);
        rasd_buf_puts(b, "\n");
    }
    free(text);
}

/* ---- HTML ---- */

static void html_text(struct rasd_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': rasd_buf_puts(b, "&amp;"); break;
        case '<': rasd_buf_puts(b, "&lt;"); break;
        case '>': rasd_buf_puts(b, "&gt;"); break;
        case '"': rasd_buf_puts(b, "&quot;"); break;
        case '\'': rasd_buf_puts(b, "&#39;"); break;
        default: rasd_buf_put(b, s, 1);
        }
    }
}

/* The first `max` characters of a UTF-8 string, with an ellipsis when cut. */
static void html_text_cut(struct rasd_buf *b, const char *s, int max)
{
    int chars = 0;
    size_t i = 0;
    while (s[i] && chars < max) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    char *cut = rasd_strndup(s, i);
    if (!cut) {
        b->oom = 1;
        return;
    }
    html_text(b, cut);
    rasd_free(cut);
    if (s[i])
        rasd_buf_puts(b, "\xE2\x80\xA6");
}

/* A round axis for values up to x: a step of 1, 2, 2.5 or 5 times a power of
 * ten, and 2 to 5 steps. Shares never go past 1. */
struct axis {
    double step, max;
    int ticks;
};

static struct axis nice_axis(double x, int share)
{
    struct axis a;
    if (!(x > 0))
        x = share ? 0.01 : 1;
    if (share && x > 1)
        x = 1;
    double p = pow(10, floor(log10(x / 5)));
    static const double m[] = {1, 2, 2.5, 5, 10};
    a.step = 10 * p;
    for (int i = 0; i < 5; i++)
        if (x / (m[i] * p) <= 5 + 1e-9) {
            a.step = m[i] * p;
            break;
        }
    if (!share && a.step < 1)
        a.step = 1;
    a.ticks = (int)ceil(x / a.step - 1e-9);
    if (a.ticks < 2)
        a.ticks = 2;
    a.max = a.ticks * a.step;
    return a;
}

/* Decimals that show a share axis step exactly as a percentage. */
static int axis_decimals(double step)
{
    double pc = step * 100;
    return fabs(pc - round(pc)) < 1e-9 ? 0 : fabs(pc * 10 - round(pc * 10)) < 1e-9 ? 1 : 2;
}

struct bar {
    const char *name;
    const char *tip;  /* tooltip text */
    int ok;
    double v, lo, hi;
};

/* A horizontal bar chart: a bar per row for the estimate, a whisker for its
 * interval, the figures to the right. */
static void svg_bars(struct rasd_buf *b, const char *cls, const char *id, const char *aria,
                     const char *color, const struct bar *rows, size_t n, int width, int name_w)
{
    const int row_h = 26, top = 6, axis_h = 24, value_w = 150;
    int x0 = name_w, x1 = width - value_w - 8, h = top + (int)n * row_h + axis_h;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].ok)
            max = fmax(max, fmax(rows[i].v, isfinite(rows[i].hi) ? rows[i].hi : 0));
    struct axis ax = nice_axis(max, 1);
    max = ax.max;
    int dec = max >= 0.2 ? 1 : 2;
    rasd_buf_printf(b,
                    "<svg class=\"%s\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" direction=\"ltr\" "
                    "role=\"img\" aria-label=\"",
                    cls, id, width, h, width, h);
    html_text(b, aria);
    rasd_buf_puts(b, "\">\n");
    double scale = (x1 - x0) / max;
    int axis_y = top + (int)n * row_h + 2;
    for (int t = 0; t <= ax.ticks; t++) {
        double v = ax.step * t, x = x0 + v * scale;
        char p[32];
        rasd_buf_printf(b,
                        "<line class=\"grid-line\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                        "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        x, top - 2, x, axis_y, x, axis_y + 14,
                        pct(p, sizeof p, v, axis_decimals(ax.step)));
    }
    for (size_t i = 0; i < n; i++) {
        const struct bar *r = &rows[i];
        double yc = top + (double)i * row_h + row_h / 2.0;
        rasd_buf_puts(b, "<g class=\"row\"><title>");
        html_text(b, r->tip);
        rasd_buf_printf(b, "</title><text class=\"name\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
                        x0 - 8, yc + 4);
        html_text_cut(b, r->name, 24);
        rasd_buf_puts(b, "</text>");
        if (!r->ok) {
            rasd_buf_printf(b,
                            "<text class=\"value na\" x=\"%d\" y=\"%.1f\">unavailable</text></g>\n",
                            x0 + 6, yc + 4);
            continue;
        }
        double w = r->v * scale;
        rasd_buf_printf(b,
                        "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"14\" "
                        "fill=\"%s\"/>",
                        x0, yc - 7, w, color);
        char a[32], lo[32], hi[32];
        if (isfinite(r->lo) && isfinite(r->hi)) {
            double xl = x0 + r->lo * scale, xh = x0 + r->hi * scale;
            rasd_buf_printf(b,
                            "<line class=\"whisker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                            "y2=\"%.1f\"/><line class=\"whisker-cap\" x1=\"%.1f\" y1=\"%.1f\" "
                            "x2=\"%.1f\" y2=\"%.1f\"/><line class=\"whisker-cap\" x1=\"%.1f\" "
                            "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                            xl, yc, xh, yc, xl, yc - 6, xl, yc + 6, xh, yc - 6, xh, yc + 6);
            rasd_buf_printf(b,
                            "<text class=\"value\" x=\"%d\" y=\"%.1f\"><tspan class=\"est\">%s"
                            "</tspan> <tspan class=\"ci\">%s\xE2\x80\x93%s</tspan></text></g>\n",
                            x1 + 12, yc + 4, pct(a, sizeof a, r->v, dec),
                            pct(lo, sizeof lo, r->lo, dec), pct(hi, sizeof hi, r->hi, dec));
        } else {
            rasd_buf_printf(b,
                            "<text class=\"value\" x=\"%d\" y=\"%.1f\"><tspan class=\"est\">%s"
                            "</tspan></text></g>\n",
                            x1 + 12, yc + 4, pct(a, sizeof a, r->v, dec));
        }
    }
    rasd_buf_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", x0,
                    top - 2, x0, axis_y);
    rasd_buf_puts(b, "</svg>\n");
}

static void html_label_chart(struct rasd_buf *b, int l, const struct rasd_summary *m,
                             const struct st *s, const char *prefix)
{
    char lv[16], tips[4][200], p1[32], p2[32], p3[32];
    level_str(lv, sizeof lv, s->o.level);
    const struct rasd_label_sum *x = &m->label[l];
    snprintf(tips[0], sizeof tips[0], "%ld of %ld sentences: %s (%s %s interval %s to %s)",
             x->sentences, m->sentences, pct(p1, sizeof p1, x->share, 2), lv, method_name(s),
             pct(p2, sizeof p2, x->lo, 2), pct(p3, sizeof p3, x->hi, 2));
    snprintf(tips[1], sizeof tips[1],
             "share of sentences with the %s cluster bootstrap interval over articles: %s to %s",
             lv, pct(p2, sizeof p2, x->boot_lo, 2), pct(p3, sizeof p3, x->boot_hi, 2));
    snprintf(tips[2], sizeof tips[2], "%ld of %ld articles: %s (%s interval %s to %s)",
             x->articles, m->articles, pct(p1, sizeof p1, x->art_share, 2), lv,
             pct(p2, sizeof p2, x->art_lo, 2), pct(p3, sizeof p3, x->art_hi, 2));
    snprintf(tips[3], sizeof tips[3],
             "prevalence adjusted for the model's error rates: %s (%s interval %s to %s)",
             pct(p1, sizeof p1, x->adj, 2), lv, pct(p2, sizeof p2, x->adj_lo, 2),
             pct(p3, sizeof p3, x->adj_hi, 2));
    struct bar rows[4] = {
        {"sentences", tips[0], 1, x->share, x->lo, x->hi},
        {"bootstrap", tips[1], x->boot, x->share, x->boot_lo, x->boot_hi},
        {"articles", tips[2], 1, x->art_share, x->art_lo, x->art_hi},
        {"adjusted", tips[3], x->adjusted, x->adj, x->adj_lo, x->adj_hi},
    };
    char id[64], aria[128];
    snprintf(id, sizeof id, "%s%s", prefix, rasd_label_names[l]);
    snprintf(aria, sizeof aria, "%s: shares with %s intervals", rasd_label_names[l], lv);
    rasd_buf_printf(b, "<figure class=\"chart\"><figcaption><span class=\"sw\" "
                       "style=\"background:%s\"></span>%s <span class=\"count\">%ld sentence%s, "
                       "%ld article%s</span></figcaption>\n",
                    label_colors[l], rasd_label_names[l], x->sentences,
                    x->sentences == 1 ? "" : "s", x->articles, x->articles == 1 ? "" : "s");
    svg_bars(b, "rasd-bars", id, aria, label_colors[l], rows, 4, 540, 96);
    rasd_buf_puts(b, "</figure>\n");
}

/* "lo–hi%" with two decimals, or "-". */
static const char *range_pct(char *out, size_t size, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi))
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%.2f\xE2\x80\x93%.2f%%", 100 * lo, 100 * hi);
    return out;
}

static void html_interval_cell(struct rasd_buf *b, double v, double lo, double hi)
{
    char a[32], c[64];
    rasd_buf_printf(b, "<td>%s</td><td class=\"ci\">%s</td>", pct(a, sizeof a, v, 2),
                    range_pct(c, sizeof c, lo, hi));
}

static void html_tables(struct rasd_buf *b, const struct rasd_summary *m, const struct st *s)
{
    char lv[16];
    level_str(lv, sizeof lv, s->o.level);
    rasd_buf_printf(b,
                    "<div class=\"table-wrap\"><table class=\"rasd-summary\">\n<thead><tr>"
                    "<th rowspan=\"2\">label</th><th colspan=\"4\">sentences (%ld)</th>"
                    "<th rowspan=\"2\">expected<br>&#x3A3;p &#xB1; s.d.</th>"
                    "<th colspan=\"3\">articles (%ld)</th><th colspan=\"2\">adjusted</th></tr>\n"
                    "<tr><th>count</th><th>share</th><th>%s interval</th><th>bootstrap</th>"
                    "<th>count</th><th>share</th><th>%s interval</th><th>prevalence</th>"
                    "<th>%s interval</th></tr></thead>\n<tbody>\n",
                    m->sentences, m->articles, lv, lv, lv);
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_sum *x = &m->label[l];
        char c[64];
        rasd_buf_printf(b,
                        "<tr><th scope=\"row\"><span class=\"sw\" style=\"background:%s\">"
                        "</span>%s</th><td>%ld</td>",
                        label_colors[l], rasd_label_names[l], x->sentences);
        html_interval_cell(b, x->share, x->lo, x->hi);
        rasd_buf_printf(b, "<td class=\"ci\">%s</td><td>%.2f &#xB1; %.2f</td><td>%ld</td>",
                        range_pct(c, sizeof c, x->boot_lo, x->boot_hi), x->expected,
                        x->expected_sd, x->articles);
        html_interval_cell(b, x->art_share, x->art_lo, x->art_hi);
        if (x->adjusted)
            html_interval_cell(b, x->adj, x->adj_lo, x->adj_hi);
        else
            rasd_buf_puts(b, "<td class=\"na\" colspan=\"2\">unavailable</td>");
        rasd_buf_puts(b, "</tr>\n");
    }
    rasd_buf_puts(b, "</tbody></table></div>\n<div class=\"pair\">\n");
    long max = 1;
    for (int i = 0; i < RASD_NLABELS; i++)
        for (int j = 0; j < RASD_NLABELS; j++)
            if (m->both[i][j] > max)
                max = m->both[i][j];
    rasd_buf_puts(b, "<div><h3>Co-occurrence</h3><table class=\"rasd-cooccurrence\">\n"
                     "<caption>sentences with both labels (the diagonal: with the label)"
                     "</caption>\n<thead><tr><th></th>");
    for (int j = 0; j < RASD_NLABELS; j++)
        rasd_buf_printf(b, "<th scope=\"col\">%s</th>", rasd_label_names[j]);
    rasd_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int i = 0; i < RASD_NLABELS; i++) {
        rasd_buf_printf(b, "<tr><th scope=\"row\">%s</th>", rasd_label_names[i]);
        for (int j = 0; j < RASD_NLABELS; j++)
            rasd_buf_printf(b, "<td style=\"background:rgba(31,111,168,%.2f)\"%s>%ld</td>",
                            0.06 + 0.5 * (double)m->both[i][j] / (double)max,
                            i == j ? " class=\"diag\"" : "", m->both[i][j]);
        rasd_buf_puts(b, "</tr>\n");
    }
    rasd_buf_puts(b, "</tbody></table></div>\n");
    rasd_buf_puts(b, "<div><h3>Casualties</h3><table class=\"rasd-casualties\">\n"
                     "<caption>per article the largest figure any of its sentences reports"
                     "</caption>\n<thead><tr><th></th><th>articles</th><th>total</th>"
                     "<th>median</th><th>range</th></tr></thead>\n<tbody>\n");
    const struct rasd_casualty_sum *cs[2] = {&m->killed, &m->injured};
    for (int i = 0; i < 2; i++) {
        char med[32], lo[32], hi[32];
        rasd_buf_printf(b, "<tr><th scope=\"row\">%s</th><td>%ld</td><td>%lld</td><td>%s</td>",
                        i ? "injured" : "killed", cs[i]->articles, cs[i]->total,
                        median_str(med, sizeof med, cs[i]->median));
        if (cs[i]->articles)
            rasd_buf_printf(b, "<td>%s\xE2\x80\x93%s</td></tr>\n",
                            long_or_dash(lo, sizeof lo, cs[i]->min),
                            long_or_dash(hi, sizeof hi, cs[i]->max));
        else
            rasd_buf_puts(b, "<td>-</td></tr>\n");
    }
    rasd_buf_puts(b, "</tbody></table></div>\n</div>\n");
}

/* Per label, the share of sentences in each group (largest groups first
 * when there are too many to draw). */
static void html_group_charts(struct rasd_buf *b, const struct rasd_stats_acc *acc,
                              const struct st *s)
{
    enum { MAX_ROWS = 40 };
    size_t n = acc->ngroups < MAX_ROWS ? acc->ngroups : MAX_ROWS;
    size_t *pick = rasd_malloc((acc->ngroups ? acc->ngroups : 1) * sizeof *pick);
    struct bar *rows = rasd_calloc(n ? n : 1, sizeof *rows);
    char (*tips)[160] = rasd_calloc(n ? n : 1, sizeof *tips);
    if (!pick || !rows || !tips) {
        b->oom = 1;
        goto out;
    }
    /* The n largest groups by sentences, then in key order. */
    for (size_t i = 0; i < acc->ngroups; i++)
        pick[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < acc->ngroups; j++)
            if (acc->groups[pick[j]].t.sentences > acc->groups[pick[i]].t.sentences ||
                (acc->groups[pick[j]].t.sentences == acc->groups[pick[i]].t.sentences &&
                 pick[j] < pick[i])) {
                size_t t = pick[i];
                pick[i] = pick[j];
                pick[j] = t;
            }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && pick[j] < pick[j - 1]; j--) {
            size_t t = pick[j];
            pick[j] = pick[j - 1];
            pick[j - 1] = t;
        }
    char lv[16];
    level_str(lv, sizeof lv, s->o.level);
    rasd_buf_printf(b, "<h2>By %s</h2>\n", by_names[acc->by]);
    if (n < acc->ngroups)
        rasd_buf_printf(b, "<p class=\"note\">The charts show the %zu largest of %zu groups; "
                           "the tables below list them all.</p>\n", n, acc->ngroups);
    rasd_buf_puts(b, "<div class=\"grid wide\">\n");
    for (int l = 0; l < RASD_NLABELS; l++) {
        for (size_t i = 0; i < n; i++) {
            const struct rasd_group *g = &acc->groups[pick[i]];
            long k = g->t.both[l][l], tot = g->t.sentences;
            double lo, hi;
            share_interval(s, k, tot, &lo, &hi);
            char p1[32], p2[32], p3[32];
            snprintf(tips[i], sizeof tips[i], "%ld of %ld sentences: %s (%s interval %s to %s)",
                     k, tot, pct(p1, sizeof p1, (double)k / (double)tot, 2), lv,
                     pct(p2, sizeof p2, lo, 2), pct(p3, sizeof p3, hi, 2));
            rows[i] = (struct bar){group_name(g->key), tips[i], 1, (double)k / (double)tot, lo,
                                   hi};
        }
        char id[64], aria[160];
        snprintf(id, sizeof id, "bars-%s-by-%s", rasd_label_names[l], by_names[acc->by]);
        snprintf(aria, sizeof aria, "%s: share of sentences by %s with %s intervals",
                 rasd_label_names[l], by_names[acc->by], lv);
        rasd_buf_printf(b, "<figure class=\"chart\"><figcaption><span class=\"sw\" "
                           "style=\"background:%s\"></span>%s <span class=\"count\">share of "
                           "sentences by %s</span></figcaption>\n",
                        label_colors[l], rasd_label_names[l], by_names[acc->by]);
        svg_bars(b, "rasd-bars rasd-by", id, aria, label_colors[l], rows, n, 540, 190);
        rasd_buf_puts(b, "</figure>\n");
    }
    rasd_buf_puts(b, "</div>\n");
out:
    rasd_free(pick);
    rasd_free(rows);
    rasd_free(tips);
}

/* The daily series (--by date): per label the share of sentences with its
 * interval, and the casualty totals, on a time axis. */
static void html_series(struct rasd_buf *b, const struct rasd_stats_acc *acc, const struct st *s)
{
    const int W = 1100, H = 230, L = 64, R = 20, T = 14, B = 42;
    long first = 0, last = 0;
    size_t npts = 0;
    for (size_t g = 0; g < acc->ngroups; g++) {
        long d;
        if (rasd_iso_day(acc->groups[g].key, &d))
            continue;
        if (!npts || d < first)
            first = d;
        if (!npts || d > last)
            last = d;
        npts++;
    }
    rasd_buf_puts(b, "<h2>Daily series</h2>\n");
    if (!npts) {
        rasd_buf_puts(b, "<p class=\"note\">No record has a date.</p>\n");
        return;
    }
    char lv[16];
    level_str(lv, sizeof lv, s->o.level);
    double span = (double)(last - first);
    int tick_every = (int)((npts + 7) / 8);
    const double pad = 26; /* keeps the first and last day's marks inside the plot */
#define XPOS(d) (span > 0 ? L + pad + ((double)((d) - first)) / span * (W - L - R - 2 * pad) \
                          : L + (W - L - R) / 2.0)
    for (int l = -1; l < RASD_NLABELS; l++) {
        double max = 0;
        for (size_t g = 0; g < acc->ngroups; g++) {
            long d;
            const struct rasd_tally *t = &acc->groups[g].t;
            if (rasd_iso_day(acc->groups[g].key, &d))
                continue;
            if (l < 0) {
                max = fmax(max, (double)tally_casualty_total(t, 0));
                max = fmax(max, (double)tally_casualty_total(t, 1));
            } else {
                double lo, hi;
                share_interval(s, t->both[l][l], t->sentences, &lo, &hi);
                max = fmax(max, hi);
            }
        }
        if (l < 0 && max <= 0)
            continue; /* no casualty figures: no chart */
        struct axis ax = nice_axis(max, l >= 0);
        max = ax.max;
        const char *name = l < 0 ? "casualties" : rasd_label_names[l];
        if (l < 0)
            rasd_buf_puts(b, "<figure class=\"chart series\"><figcaption>killed "
                             "<span class=\"sw\" style=\"background:#7a1f1f\"></span> and injured "
                             "<span class=\"sw\" style=\"background:#e0a040\"></span> <span "
                             "class=\"count\">per day: the sum over its articles of the largest "
                             "figure each reports</span></figcaption>\n");
        else
            rasd_buf_printf(b, "<figure class=\"chart series\"><figcaption><span class=\"sw\" "
                               "style=\"background:%s\"></span>%s <span class=\"count\">daily "
                               "share of sentences, %s %s intervals</span></figcaption>\n",
                            label_colors[l], name, lv, method_name(s));
        rasd_buf_printf(b,
                        "<svg class=\"rasd-series\" id=\"series-%s\" "
                        "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                        "height=\"%d\" direction=\"ltr\" role=\"img\" aria-label=\"%s by day\">\n",
                        name, W, H, W, H, name);
        for (int t = 0; t <= ax.ticks; t++) {
            double v = ax.step * t, y = H - B - v / max * (H - T - B);
            char p[32];
            if (l < 0)
                snprintf(p, sizeof p, "%.0f", v);
            else
                pct(p, sizeof p, v, axis_decimals(ax.step));
            rasd_buf_printf(b,
                            "<line class=\"grid-line\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                            "y2=\"%.1f\"/><text class=\"tick\" x=\"%d\" y=\"%.1f\" "
                            "text-anchor=\"end\">%s</text>\n",
                            L, y, W - R, y, L - 6, y + 4, p);
        }
        size_t idx = 0;
        struct rasd_buf line = {0};
        double gap = span > 0 ? (W - L - R - 2 * pad) / (span + 1) : 40; /* between days */
        double bw = fmin(14, fmax(1, 0.35 * gap));
        double cap = fmin(4, 0.3 * gap), rad = fmin(4, fmax(1.2, 0.3 * gap));
        for (size_t g = 0; g < acc->ngroups; g++) {
            long d;
            const struct rasd_group *gr = &acc->groups[g];
            const struct rasd_tally *t = &gr->t;
            if (rasd_iso_day(gr->key, &d))
                continue;
            double x = XPOS(d);
            if (idx % (size_t)tick_every == 0 || idx == npts - 1)
                rasd_buf_printf(b, "<text class=\"tick date\" x=\"%.1f\" y=\"%d\" "
                                   "text-anchor=\"middle\">%s</text>\n",
                                x, H - B + 18, gr->key);
            idx++;
            if (l < 0) {
                long k = tally_casualty_total(t, 0), i = tally_casualty_total(t, 1);
                double yk = H - B - (k > 0 ? (double)k : 0) / max * (H - T - B);
                double yi = H - B - (i > 0 ? (double)i : 0) / max * (H - T - B);
                char ks[32], is[32];
                rasd_buf_printf(b,
                                "<g class=\"day\"><title>%s: killed %s, injured %s</title>"
                                "<rect class=\"killed\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                                "height=\"%.1f\" fill=\"#7a1f1f\"/><rect class=\"injured\" "
                                "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                "fill=\"#e0a040\"/></g>\n",
                                gr->key, long_or_dash(ks, sizeof ks, k),
                                long_or_dash(is, sizeof is, i), x - bw, yk, bw, H - B - yk, x,
                                yi, bw, H - B - yi);
                continue;
            }
            long k = t->both[l][l];
            double share = (double)k / (double)t->sentences, lo, hi;
            share_interval(s, k, t->sentences, &lo, &hi);
            double y = H - B - share / max * (H - T - B), ylo = H - B - lo / max * (H - T - B),
                   yhi = H - B - hi / max * (H - T - B);
            char p1[32], p2[32], p3[32];
            rasd_buf_printf(b,
                            "<g class=\"day\"><title>%s: %ld of %ld sentences, %s (%s to %s)"
                            "</title><line class=\"whisker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                            "y2=\"%.1f\"/><line class=\"whisker-cap\" x1=\"%.1f\" y1=\"%.1f\" "
                            "x2=\"%.1f\" y2=\"%.1f\"/><line class=\"whisker-cap\" x1=\"%.1f\" "
                            "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/><circle class=\"point\" "
                            "cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/></g>\n",
                            gr->key, k, t->sentences, pct(p1, sizeof p1, share, 2),
                            pct(p2, sizeof p2, lo, 2), pct(p3, sizeof p3, hi, 2), x, ylo, x, yhi,
                            x - cap, ylo, x + cap, ylo, x - cap, yhi, x + cap, yhi, x, y, rad,
                            label_colors[l]);
            rasd_buf_printf(&line, "%s%.1f,%.1f", line.len ? " " : "", x, y);
        }
        if (l >= 0 && line.len)
            rasd_buf_printf(b, "<polyline class=\"trend\" points=\"%s\" fill=\"none\" "
                               "stroke=\"%s\"/>\n",
                            line.data, label_colors[l]);
        if (line.oom)
            b->oom = 1;
        rasd_buf_release(&line);
        rasd_buf_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
                        L, H - B, W - R, H - B);
        rasd_buf_puts(b, "</svg></figure>\n");
    }
#undef XPOS
}

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>rasd report</title>\n<style>\n"
    ":root{--ink:#1c2430;--muted:#5d6675;--line:#dde2e8;--bg:#f5f6f8}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font:15px/1.45 \"DejaVu Sans\",\"Noto Sans\",\"Noto Naskh Arabic\",system-ui,sans-serif}\n"
    "main{max-width:1160px;margin:0 auto;padding:22px 20px 40px}\n"
    "h1{font-size:26px;margin:0 0 4px}\n"
    "h2{font-size:19px;margin:30px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:15px;margin:16px 0 6px}\n"
    ".meta{color:var(--muted);margin:2px 0}\n.note{color:var(--muted)}\n"
    ".grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}\n"
    ".chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:10px 12px 6px}\n"
    ".series{margin-bottom:14px}\n"
    "figcaption{font-weight:bold;margin-bottom:4px}\n"
    "figcaption .count{font-weight:normal;color:var(--muted);font-size:13px;margin-left:6px}\n"
    ".sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;"
    "vertical-align:baseline}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "svg text{font-size:12px;fill:var(--ink)}\n"
    "svg .tick{fill:var(--muted);font-size:11px}\n"
    "svg .est{font-weight:bold}\nsvg .ci,svg .na{fill:var(--muted)}\n"
    ".grid-line{stroke:var(--line);stroke-width:1}\n.axis{stroke:#98a1ad;stroke-width:1}\n"
    ".bar{opacity:.85}\n"
    ".whisker,.whisker-cap{stroke:#1c2430;stroke-width:1.6}\n"
    ".trend{stroke-width:1.5;opacity:.55}\n"
    ".table-wrap{overflow-x:auto}\n"
    "table{border-collapse:collapse;background:#fff;border:1px solid var(--line);"
    "font-variant-numeric:tabular-nums;margin:6px 0}\n"
    "caption{caption-side:bottom;text-align:left;color:var(--muted);font-size:13px;"
    "padding:4px 2px}\n"
    "th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;"
    "white-space:nowrap}\n"
    "thead th{background:#eef1f4;font-size:13px}\n"
    "tbody th{text-align:left}\ntd.ci{color:var(--muted);font-size:13px}\n"
    "td.na{color:var(--muted);text-align:center}\ntd.diag{font-weight:bold}\n"
    ".pair{display:flex;flex-wrap:wrap;gap:10px 40px}\n"
    "details{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:6px 12px;margin:8px 0}\n"
    "summary{cursor:pointer;font-weight:bold}\n"
    "bdi{unicode-bidi:isolate}\n"
    "footer{margin-top:30px;color:var(--muted);font-size:13px}\n"
    "</style>\n</head>\n<body>\n<main>\n";

static void render_html(struct rasd_buf *b, const struct rasd_stats_acc *acc, struct st *s)
{
    struct rasd_summary m;
    char lv[16];
    level_str(lv, sizeof lv, s->o.level);
    if (summarise(&acc->all, s, &m))
        return;
    rasd_buf_puts(b, html_head);
    rasd_buf_printf(b, "<header>\n<h1>rasd report</h1>\n<p class=\"meta\">%ld sentence%s in "
                       "%ld article%s%s%s.</p>\n",
                    m.sentences, m.sentences == 1 ? "" : "s", m.articles,
                    m.articles == 1 ? "" : "s", acc->by ? ", summarised per " : "",
                    acc->by ? by_names[acc->by] : "");
    rasd_buf_printf(b, "<p class=\"meta\">Bars are shares, whiskers %s %s intervals", lv,
                    method_name(s));
    if (s->o.reps)
        rasd_buf_printf(b, "; &#8216;bootstrap&#8217; resamples whole articles (%ld replicates, "
                           "seed %lu)", s->o.reps, s->o.seed);
    rasd_buf_puts(b, "; &#8216;adjusted&#8217; corrects for the classifier&#8217;s errors ");
    if (s->model) {
        rasd_buf_puts(b, "(cross-validated rates of model <bdi>");
        html_text(b, s->model);
        rasd_buf_puts(b, "</bdi>).</p>\n");
    } else {
        rasd_buf_puts(b, "(unavailable: ");
        html_text(b, s->model_note);
        rasd_buf_puts(b, ").</p>\n");
    }
    rasd_buf_puts(b, "</header>\n<section id=\"overall\">\n<h2>All records</h2>\n"
                     "<div class=\"grid\">\n");
    for (int l = 0; l < RASD_NLABELS; l++)
        html_label_chart(b, l, &m, s, "bars-");
    rasd_buf_puts(b, "</div>\n");
    html_tables(b, &m, s);
    rasd_buf_puts(b, "</section>\n");
    if (acc->by == RASD_BY_DATE) {
        rasd_buf_puts(b, "<section id=\"series\">\n");
        html_series(b, acc, s);
        rasd_buf_puts(b, "</section>\n");
    } else if (acc->by) {
        rasd_buf_puts(b, "<section id=\"by\">\n");
        html_group_charts(b, acc, s);
        rasd_buf_puts(b, "</section>\n");
    }
    if (acc->by) {
        rasd_buf_printf(b, "<section id=\"groups\">\n<h2>Per %s</h2>\n", by_names[acc->by]);
        for (size_t g = 0; g < acc->ngroups; g++) {
            const struct rasd_group *gr = &acc->groups[g];
            if (summarise(&gr->t, s, &m))
                return;
            rasd_buf_printf(b, "<details class=\"group\"><summary>%s <bdi>", by_names[acc->by]);
            html_text(b, group_name(gr->key));
            rasd_buf_printf(b, "</bdi>: %ld sentence%s in %ld article%s</summary>\n", m.sentences,
                            m.sentences == 1 ? "" : "s", m.articles, m.articles == 1 ? "" : "s");
            html_tables(b, &m, s);
            rasd_buf_puts(b, "</details>\n");
        }
        rasd_buf_puts(b, "</section>\n");
    }
    rasd_buf_puts(b, "<footer>Made by rasd stats. Intervals quantify sampling error in these "
                     "records only; see the README for each method and its limits.</footer>\n"
                     "</main>\n</body>\n</html>\n");
}

/* ---- output ---- */

/* Writes data to path atomically: a temporary file in the same directory,
 * renamed over path once complete. Reports errors; returns 0 or -1. */
static int write_atomic(const char *path, const char *data, size_t len)
{
    char tmp[PATH_MAX];
    const char *slash = strrchr(path, '/');
    int dlen = slash ? (int)(slash - path) : 0;
    int n = slash ? snprintf(tmp, sizeof tmp, "%.*s/.%s.XXXXXX", dlen ? dlen : 1,
                             dlen ? path : "/", slash + 1)
                  : snprintf(tmp, sizeof tmp, ".%s.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        cli_error("cannot write '%s': path too long", path);
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    int err = fchmod(fd, 0666 & ~mask) ? errno : 0;
    for (size_t off = 0; !err && off < len;) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            err = w < 0 ? errno : EIO;
        else
            off += (size_t)w;
    }
    if (!err && fsync(fd))
        err = errno;
    if (close(fd) && !err)
        err = errno;
    if (!err && rename(tmp, path))
        err = errno;
    if (err) {
        unlink(tmp);
        cli_error("cannot write '%s': %s", path, strerror(err));
        return -1;
    }
    return 0;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static void read_model(struct st *s, const char *dir)
{
    struct rasd_model m;
    struct rasd_error e = {0};
    rasd_model_init(&m);
    if (rasd_model_read_header(&m, dir, &e) == 0) {
        s->model = dir;
        s->o.rates = 1;
        for (int l = 0; l < RASD_NLABELS; l++) {
            s->o.tpr[l] = m.label[l].cv_tpr;
            s->o.fpr[l] = m.label[l].cv_fpr;
        }
    } else {
        char buf[1200];
        rasd_error_format(&e, buf, sizeof buf);
        cli_warn("cannot read model: %s; the adjusted prevalence is unavailable", buf);
        snprintf(s->model_note, sizeof s->model_note, "no model could be read from %s", dir);
    }
    rasd_model_release(&m);
}

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'}, {"level", required_argument, NULL, OPT_LEVEL},
        {"by", required_argument, NULL, OPT_BY},  {"exact", no_argument, NULL, OPT_EXACT},
        {"reps", required_argument, NULL, OPT_REPS}, {"seed", required_argument, NULL, OPT_SEED},
        {"model", required_argument, NULL, 'm'},  {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "tsv", "json", "html"};
    struct st s;
    memset(&s, 0, sizeof s);
    rasd_stats_opts_default(&s.o);
    const char *model = NULL, *output = NULL;
    int c;
    long v;
    char *end;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+f:m:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            for (s.format = 0; s.format < 4 && strcmp(optarg, formats[s.format]); s.format++)
                ;
            if (s.format == 4)
                return cli_usage("stats", "unknown format '%s' (text, tsv, json or html)",
                                 optarg);
            break;
        case OPT_LEVEL:
            errno = 0;
            s.o.level = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(s.o.level >= 0.5 && s.o.level < 1))
                return cli_usage("stats", "bad --level '%s' (from 0.5 to below 1, like 0.95)",
                                 optarg);
            break;
        case OPT_BY:
            for (s.by = 1; s.by < 4 && strcmp(optarg, by_names[s.by]); s.by++)
                ;
            if (s.by == 4)
                return cli_usage("stats", "unknown --by '%s' (source, date or doc)", optarg);
            break;
        case OPT_EXACT:
            s.o.exact = 1;
            break;
        case OPT_REPS:
            if (parse_long(optarg, 0, 1000000, &v) || v == 1)
                return cli_usage("stats", "bad --reps '%s' (0, or 2 to 1000000)", optarg);
            s.o.reps = v;
            break;
        case OPT_SEED:
            if (parse_long(optarg, 0, 4294967295L, &v))
                return cli_usage("stats", "bad --seed '%s' (0 to 4294967295)", optarg);
            s.o.seed = (unsigned long)v;
            break;
        case 'm':
            model = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            help();
            return cli_finish(EXIT_OK);
        case '?':
            if (optopt && optopt < 256)
                return cli_usage("stats", "unknown option '-%c'", optopt);
            return cli_usage("stats", "unknown option '%s'", argv[optind - 1]);
        default:
            return cli_usage("stats", "bad option");
        }
    }
    char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;

    struct rasd_stats_acc acc;
    rasd_stats_acc_init(&acc, s.by);
    int status = EXIT_OK;
    for (int i = 0; i < nfiles && status == EXIT_OK; i++) {
        FILE *fp = cli_open(files[i]);
        if (!fp) {
            status = EXIT_DATA;
            break;
        }
        const char *name = strcmp(files[i], "-") ? files[i] : "stdin";
        struct rasd_records r;
        struct rasd_record rec;
        struct rasd_error e = {0};
        int rc = rasd_records_init(&r, fp, name, &e);
        while (rc == 0 && (rc = rasd_records_next(&r, &rec, &e)) > 0)
            rc = rasd_stats_add(&acc, &rec, &e);
        cli_warn_encoding(name, r.lines.encoding);
        rasd_records_release(&r);
        cli_close(fp);
        if (rc < 0) {
            cli_report(&e);
            status = EXIT_DATA;
        }
    }
    if (status == EXIT_OK && acc.all.sentences == 0) {
        cli_error("no records in the input (expected the output of 'rasd classify')");
        status = EXIT_DATA;
    }
    struct rasd_buf out = {0};
    if (status == EXIT_OK) {
        struct rasd_error e = {0};
        if (rasd_stats_finish(&acc, &e)) {
            cli_report(&e);
            status = EXIT_DATA;
        }
    }
    if (status == EXIT_OK) {
        read_model(&s, model ? model : cli_default_model());
        if (s.format == FMT_TEXT)
            render_text(&out, &acc, &s);
        else if (s.format == FMT_TSV)
            render_tsv(&out, &acc, &s);
        else if (s.format == FMT_JSON)
            render_json(&out, &acc, &s);
        else
            render_html(&out, &acc, &s);
        if (out.oom && !s.failed)
            cli_error("out of memory");
        if (out.oom || s.failed)
            status = EXIT_DATA;
    }
    if (status == EXIT_OK) {
        if (output && strcmp(output, "-") != 0) {
            if (write_atomic(output, out.data ? out.data : "", out.len))
                status = EXIT_DATA;
        } else if (out.len) {
            fwrite(out.data, 1, out.len, stdout);
        }
    }
    rasd_buf_release(&out);
    rasd_stats_acc_release(&acc);
    return cli_finish(status);
}
