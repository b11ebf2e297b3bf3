/* rasd eval: score a model on labelled sentences; also the report shared
 * with rasd cv. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cmd.h"
#include "corpus.h"
#include "eval.h"
#include "model.h"

/* One scored sentence with what the error list needs. */
struct scored_item {
    size_t ex;      /* corpus index */
    double p[RASD_NLABELS];
    double badness; /* how confidently wrong: max |gold - p| over wrong labels */
};

static int cmp_badness(const void *a, const void *b)
{
    double x = ((const struct scored_item *)a)->badness, y = ((const struct scored_item *)b)->badness;
    if (x != y)
        return x > y ? -1 : 1;
    size_t i = ((const struct scored_item *)a)->ex, j = ((const struct scored_item *)b)->ex;
    return i < j ? -1 : i > j;
}

static void print_text(const struct rasd_eval *ev, const char *title)
{
    printf("%s: %ld sentences", title, ev->n);
    if (ev->reps)
        printf(" (%g%% bootstrap intervals, %d resamples)", ev->level * 100, ev->reps);
    printf("\n%-12s %5s %5s %5s  %-21s %-21s %-21s\n", "label", "tp", "fp", "fn", "precision",
           "recall", "F1");
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_scores *s = &ev->label[l];
        char p[32], r[32], f[32];
        if (ev->reps) {
            snprintf(p, sizeof p, "%.3f [%.3f, %.3f]", s->precision, s->precision_lo,
                     s->precision_hi);
            snprintf(r, sizeof r, "%.3f [%.3f, %.3f]", s->recall, s->recall_lo, s->recall_hi);
            snprintf(f, sizeof f, "%.3f [%.3f, %.3f]", s->f1, s->f1_lo, s->f1_hi);
        } else {
            snprintf(p, sizeof p, "%.3f", s->precision);
            snprintf(r, sizeof r, "%.3f", s->recall);
            snprintf(f, sizeof f, "%.3f", s->f1);
        }
        printf("%-12s %5ld %5ld %5ld  %-21s %-21s %-21s\n", rasd_label_names[l], s->tp, s->fp,
               s->fn, p, r, f);
    }
    printf("micro F1     %.3f\n", ev->micro_f1);
    if (ev->reps)
        printf("macro F1     %.3f [%.3f, %.3f]\n", ev->macro_f1, ev->macro_lo, ev->macro_hi);
    else
        printf("macro F1     %.3f\n", ev->macro_f1);
    printf("exact match  %.3f\n", ev->exact);
}

static json_t *eval_json(const struct rasd_eval *ev)
{
    json_t *labels = json_object();
    for (int l = 0; l < RASD_NLABELS; l++) {
        const struct rasd_label_scores *s = &ev->label[l];
        json_object_set_new(labels, rasd_label_names[l],
                            json_pack("{s:I,s:I,s:I,s:I,s:f,s:f,s:f,s:[f,f],s:[f,f],s:[f,f]}", "tp",
                                      (json_int_t)s->tp, "fp", (json_int_t)s->fp, "fn",
                                      (json_int_t)s->fn, "tn", (json_int_t)s->tn, "precision",
                                      s->precision, "recall", s->recall, "f1", s->f1,
                                      "precision_ci", s->precision_lo, s->precision_hi,
                                      "recall_ci", s->recall_lo, s->recall_hi, "f1_ci", s->f1_lo,
                                      s->f1_hi));
    }
    return json_pack("{s:I,s:o,s:f,s:f,s:[f,f],s:f,s:f,s:i}", "sentences", (json_int_t)ev->n,
                     "labels", labels, "micro_f1", ev->micro_f1, "macro_f1", ev->macro_f1,
                     "macro_f1_ci", ev->macro_lo, ev->macro_hi, "exact_match", ev->exact, "level",
                     ev->level, "reps", ev->reps);
}

/* Scores gold against predictions and prints the report and the N worst errors. */
int cli_eval_report(const struct rasd_corpus *c, const unsigned *pred, const double (*p)[RASD_NLABELS],
                    const char *title, int json, int errors, int reps, double level,
                    unsigned long seed)
{
    struct rasd_eval_item *items = rasd_malloc((c->n ? c->n : 1) * sizeof *items);
    struct scored_item *si = rasd_malloc((c->n ? c->n : 1) * sizeof *si);
    if (!items || !si) {
        rasd_free(items);
        rasd_free(si);
        cli_error("out of memory");
        return EXIT_DATA;
    }
    for (size_t i = 0; i < c->n; i++) {
        items[i].gold = c->ex[i].labels;
        items[i].pred = pred[i];
        si[i].ex = i;
        si[i].badness = 0;
        for (int l = 0; l < RASD_NLABELS; l++) {
            si[i].p[l] = p[i][l];
            int g = (c->ex[i].labels >> l) & 1, q = (pred[i] >> l) & 1;
            if (g != q) {
                double b = fabs((double)g - p[i][l]);
                if (b > si[i].badness)
                    si[i].badness = b;
            }
        }
    }
    struct rasd_eval ev;
    int status = EXIT_OK;
    if (rasd_eval_compute(items, c->n, reps, level, seed, &ev)) {
        cli_error("out of memory");
        status = EXIT_DATA;
        goto out;
    }
    size_t nerr = 0;
    for (size_t i = 0; i < c->n; i++)
        if (items[i].gold != items[i].pred)
            si[nerr++] = si[i];
    qsort(si, nerr, sizeof *si, cmp_badness);
    if ((size_t)errors > nerr)
        errors = (int)nerr;
    if (json) {
        json_t *o = eval_json(&ev);
        json_t *errs = json_array();
        for (int k = 0; k < errors; k++) {
            const struct rasd_example *x = &c->ex[si[k].ex];
            char g[64], q[64];
            rasd_labels_format(x->labels, g, sizeof g);
            rasd_labels_format(pred[si[k].ex], q, sizeof q);
            json_t *pj = json_object();
            for (int l = 0; l < RASD_NLABELS; l++)
                json_object_set_new(pj, rasd_label_names[l], json_real(si[k].p[l]));
            json_array_append_new(errs, json_pack("{s:s,s:s,s:s,s:o,s:s}", "id", x->id, "gold", g,
                                                  "predicted", q, "p", pj, "text", x->text));
        }
        json_object_set_new(o, "errors", errs);
        json_object_set_new(o, "title", json_string(title));
        json_dumpf(o, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(o);
    } else {
        print_text(&ev, title);
        if (errors > 0)
            printf("\nworst errors (most confidently wrong first):\n");
        for (int k = 0; k < errors; k++) {
            const struct rasd_example *x = &c->ex[si[k].ex];
            char g[64], q[64];
            rasd_labels_format(x->labels, g, sizeof g);
            rasd_labels_format(pred[si[k].ex], q, sizeof q);
            printf("%s\tgold=%s\tpredicted=%s\tp=%.2f/%.2f/%.2f/%.2f\t%s\n", x->id, g, q,
                   si[k].p[0], si[k].p[1], si[k].p[2], si[k].p[3], x->text);
        }
    }
out:
    rasd_free(items);
    rasd_free(si);
    return status;
}

static void help(void)
{
    printf("usage: rasd eval [-m MODEL] [options] CORPUS.tsv...\n"
           "\n"
           "Classifies every labelled sentence (id<TAB>labels<TAB>text) with the model\n"
           "and reports per-label precision, recall and F1 with bootstrap intervals,\n"
           "micro and macro F1, the exact-match ratio and the worst errors.\n"
           "\n"
           "options:\n"
           "  -m, --model DIR   model directory (default: the shipped model)\n"
           "  -e, --errors N    list the N most confidently wrong sentences (default 10)\n"
           "      --reps N      bootstrap resamples (default 1000; 0: no intervals)\n"
           "      --level L     confidence level of the intervals (default 0.95)\n"
           "      --seed S      bootstrap seed (default 1)\n"
           "  -f, --format FMT  text (default) or json\n"
           "      --skip-bad    report bad corpus lines and use the rest\n"
           "  -h, --help        show this help\n");
}

int cli_parse_eval_opt(int c, const char *arg, const char *cmd, int *errors, int *reps,
                       double *level, unsigned long *seed, int *json)
{
    char *end;
    switch (c) {
    case 'e': {
        long v = strtol(arg, &end, 10);
        if (*end || end == arg || v < 0 || v > 1000000)
            return cli_usage(cmd, "bad --errors '%s'", arg), -1;
        *errors = (int)v;
        return 1;
    }
    case CLI_OPT_REPS: {
        long v = strtol(arg, &end, 10);
        if (*end || end == arg || v < 0 || v > 1000000)
            return cli_usage(cmd, "bad --reps '%s'", arg), -1;
        *reps = (int)v;
        return 1;
    }
    case CLI_OPT_LEVEL: {
        double v = strtod(arg, &end);
        if (*end || end == arg || !(v > 0 && v < 1))
            return cli_usage(cmd, "bad --level '%s' (between 0 and 1)", arg), -1;
        *level = v;
        return 1;
    }
    case CLI_OPT_SEED: {
        long v = strtol(arg, &end, 10);
        if (*end || end == arg || v < 0)
            return cli_usage(cmd, "bad --seed '%s'", arg), -1;
        *seed = (unsigned long)v;
        return 1;
    }
    case 'f':
        if (strcmp(arg, "text") == 0)
            *json = 0;
        else if (strcmp(arg, "json") == 0)
            *json = 1;
        else
            return cli_usage(cmd, "unknown format '%s' (text or json)", arg), -1;
        return 1;
    default:
        return 0;
    }
}

int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, NULL, 'm'}, {"errors", required_argument, NULL, 'e'},
        {"reps", required_argument, NULL, CLI_OPT_REPS}, {"level", required_argument, NULL, CLI_OPT_LEVEL},
        {"seed", required_argument, NULL, CLI_OPT_SEED}, {"format", required_argument, NULL, 'f'},
        {"skip-bad", no_argument, NULL, CLI_OPT_SKIP_BAD},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *model_dir = NULL;
    int errors = 10, reps = 1000, json = 0, skip_bad = 0, c;
    double level = 0.95;
    unsigned long seed = 1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+m:e:f:h", opts, NULL)) != -1) {
        if (c == 'h') {
            help();
            return cli_finish(EXIT_OK);
        }
        if (c == 'm') {
            model_dir = optarg;
            continue;
        }
        if (c == CLI_OPT_SKIP_BAD) {
            skip_bad = 1;
            continue;
        }
        if (c == '?') {
            if (optopt && optopt < 256)
                return cli_usage("eval", "unknown option '-%c'", optopt);
            return cli_usage("eval", "unknown option '%s'", argv[optind - 1]);
        }
        int r = cli_parse_eval_opt(c, optarg, "eval", &errors, &reps, &level, &seed, &json);
        if (r <= 0)
            return r < 0 ? EXIT_USAGE : cli_usage("eval", "bad option");
    }
    if (optind >= argc)
        return cli_usage("eval", "no corpus file given");
    if (!model_dir)
        model_dir = cli_default_model();
    struct rasd_model m;
    rasd_model_init(&m);
    struct rasd_error e = {0};
    if (rasd_model_load(&m, model_dir, &e)) {
        cli_report(&e);
        rasd_model_release(&m);
        return cli_exit_code(e.code); /* 3, or 1 when out of memory */
    }
    struct rasd_corpus corpus;
    rasd_corpus_init(&corpus);
    int status = cli_read_corpus(&corpus, argv + optind, argc - optind, skip_bad);
    unsigned *pred = NULL;
    double(*p)[RASD_NLABELS] = NULL;
    struct rasd_classifier cl;
    int have_cl = 0;
    if (status == 0) {
        pred = rasd_calloc(corpus.n, sizeof *pred);
        p = rasd_calloc(corpus.n, sizeof *p);
        if (!pred || !p || rasd_classifier_init(&cl, &m, &e)) {
            cli_error("out of memory");
            status = EXIT_DATA;
        } else {
            have_cl = 1;
        }
    }
    for (size_t i = 0; status == 0 && i < corpus.n; i++) {
        struct rasd_prediction pr;
        if (rasd_classify_sentence(&cl, corpus.ex[i].text, strlen(corpus.ex[i].text), &pr, NULL,
                                   NULL, &e)) {
            cli_report(&e);
            status = EXIT_DATA;
            break;
        }
        pred[i] = pr.labels;
        memcpy(p[i], pr.p, sizeof pr.p);
    }
    if (status == 0)
        status = cli_eval_report(&corpus, pred, (const double(*)[RASD_NLABELS])p, model_dir, json,
                                 errors, reps, level, seed);
    if (have_cl)
        rasd_classifier_release(&cl);
    rasd_free(pred);
    rasd_free(p);
    rasd_corpus_release(&corpus);
    rasd_model_release(&m);
    return cli_finish(status);
}
