/* rasd cv: stratified k-fold cross-validation of training settings. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "cmd.h"
#include "corpus.h"
#include "model.h"

static void help(void)
{
    printf("usage: rasd cv [-k K] [options] [training options] CORPUS.tsv...\n"
           "\n"
           "Splits the labelled sentences into K stratified folds, trains a model on\n"
           "K-1 of them with the given training options (C grid, thresholds and all),\n"
           "classifies the held-out fold, and reports the scores over all folds as\n"
           "'rasd eval' does. Use it to measure what a setting or feature family is\n"
           "worth (e.g. rasd cv --no-chars corpus/train/*.tsv).\n"
           "\n"
           "options:\n"
           "  -k, --k K         folds (default 10)\n"
           "      --cv-seed S   seed of the outer fold assignment (default 7)\n"
           "  -e, --errors N    list the N most confidently wrong sentences (default 10)\n"
           "      --reps N      bootstrap resamples (default 1000)\n"
           "      --level L     interval level (default 0.95)\n"
           "  -f, --format FMT  text (default) or json\n"
           "  -h, --help        show this help\n"
           "\n");
    cli_train_help();
}

int cmd_cv(int argc, char **argv)
{
    struct option opts[48];
    size_t k = 0;
    opts[k++] = (struct option){"k", required_argument, NULL, 'k'};
    opts[k++] = (struct option){"cv-seed", required_argument, NULL, 2010};
    opts[k++] = (struct option){"errors", required_argument, NULL, 'e'};
    opts[k++] = (struct option){"reps", required_argument, NULL, CLI_OPT_REPS};
    opts[k++] = (struct option){"level", required_argument, NULL, CLI_OPT_LEVEL};
    opts[k++] = (struct option){"format", required_argument, NULL, 'f'};
    opts[k++] = (struct option){"help", no_argument, NULL, 'h'};
    for (size_t i = 0; cli_train_options[i].name; i++)
        opts[k++] = cli_train_options[i];
    opts[k] = (struct option){NULL, 0, NULL, 0};
    struct rasd_train_opts o;
    rasd_train_opts_default(&o);
    o.lexicon = NULL;
    int folds = 10, errors = 10, reps = 1000, json = 0, skip_bad = 0, c;
    double level = 0.95;
    unsigned long seed = 1, cv_seed = 7;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+k:e:f:c:j:qh", opts, NULL)) != -1) {
        char *end;
        if (c == 'h') {
            help();
            return cli_finish(EXIT_OK);
        }
        if (c == 'k') {
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 2 || v > 100)
                return cli_usage("cv", "bad -k '%s' (2 to 100)", optarg);
            folds = (int)v;
            continue;
        }
        if (c == 2010) {
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0)
                return cli_usage("cv", "bad --cv-seed '%s'", optarg);
            cv_seed = (unsigned long)v;
            continue;
        }
        if (c == CLI_OPT_SKIP_BAD) {
            skip_bad = 1;
            continue;
        }
        if (c == '?') {
            if (optopt && optopt < 256)
                return cli_usage("cv", "unknown option '-%c'", optopt);
            return cli_usage("cv", "unknown option '%s'", argv[optind - 1]);
        }
        int r = cli_parse_eval_opt(c, optarg, "cv", &errors, &reps, &level, &seed, &json);
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0) {
            r = cli_train_option(c, optarg, &o, "cv");
            if (r < 0)
                return EXIT_USAGE;
            if (r == 0)
                return cli_usage("cv", "bad option");
        }
    }
    if (optind >= argc)
        return cli_usage("cv", "no corpus file given");
    if (cli_train_lexicon(&o))
        return EXIT_DATA;
    struct rasd_corpus corpus;
    rasd_corpus_init(&corpus);
    int status = cli_read_corpus(&corpus, argv + optind, argc - optind, skip_bad);
    unsigned *labels = NULL, *pred = NULL;
    int *fold = NULL;
    double(*p)[RASD_NLABELS] = NULL;
    struct rasd_example *sub = NULL;
    if (status == 0) {
        labels = rasd_calloc(corpus.n, sizeof *labels);
        pred = rasd_calloc(corpus.n, sizeof *pred);
        fold = rasd_calloc(corpus.n, sizeof *fold);
        p = rasd_calloc(corpus.n, sizeof *p);
        sub = rasd_calloc(corpus.n, sizeof *sub);
        if (!labels || !pred || !fold || !p || !sub) {
            cli_error("out of memory");
            status = EXIT_DATA;
        }
    }
    if (status == 0) {
        for (size_t i = 0; i < corpus.n; i++)
            labels[i] = corpus.ex[i].labels;
        if (rasd_assign_folds(labels, corpus.n, folds, cv_seed, fold)) {
            cli_error("out of memory");
            status = EXIT_DATA;
        }
    }
    int quiet = o.quiet;
    o.quiet = 1;
    for (int f = 0; status == 0 && f < folds; f++) {
        if (!quiet)
            fprintf(stderr, "rasd: cv fold %d/%d\n", f + 1, folds);
        struct rasd_corpus train = corpus; /* a view: shares the examples */
        train.ex = sub;
        train.n = 0;
        for (size_t i = 0; i < corpus.n; i++)
            if (fold[i] != f)
                sub[train.n++] = corpus.ex[i];
        struct rasd_model m;
        rasd_model_init(&m);
        struct rasd_error e = {0};
        struct rasd_classifier cl;
        int rc = rasd_model_train(&m, &train, &o, &e);
        if (rc == 0)
            rc = rasd_classifier_init(&cl, &m, &e);
        for (size_t i = 0; rc == 0 && i < corpus.n; i++) {
            if (fold[i] != f)
                continue;
            struct rasd_prediction pr;
            rc = rasd_classify_sentence(&cl, corpus.ex[i].text, strlen(corpus.ex[i].text), &pr,
                                        NULL, NULL, &e);
            pred[i] = pr.labels;
            memcpy(p[i], pr.p, sizeof pr.p);
        }
        if (rc == 0)
            rasd_classifier_release(&cl);
        else {
            cli_report(&e);
            status = EXIT_DATA;
        }
        rasd_model_release(&m);
    }
    if (status == 0) {
        char title[64];
        snprintf(title, sizeof title, "%d-fold cross-validation", folds);
        status = cli_eval_report(&corpus, pred, (const double(*)[RASD_NLABELS])p, title, json,
                                 errors, reps, level, seed);
    }
    rasd_free(labels);
    rasd_free(pred);
    rasd_free(fold);
    rasd_free(p);
    rasd_free(sub);
    rasd_corpus_release(&corpus);
    return cli_finish(status);
}
