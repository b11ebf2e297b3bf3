/* rasd features: the model's feature vectors in libsvm format, so svm-train,
 * grid.py and svm-predict users can work with rasd's features directly. */
#include <errno.h>
#include <string.h>

#include "alloc.h"
#include "cmd.h"
#include "corpus.h"
#include "model.h"

static void help(void)
{
    printf("usage: rasd features [-m MODEL] [--label L | -o PREFIX] CORPUS.tsv...\n"
           "\n"
           "Writes the feature vector of every labelled sentence in libsvm's format\n"
           "(\"+1 3:0.25 17:0.5 ...\", indices ascending from 1), with the model's\n"
           "vocabulary and weighting: +1 when the sentence carries the label, -1 when\n"
           "not. The same vectors rasd's models see.\n"
           "\n"
           "options:\n"
           "  -m, --model DIR     model directory (default: the shipped model)\n"
           "  -l, --label L       one label, written to stdout\n"
           "  -o, --output PREFIX one file per label: PREFIX.attack, PREFIX.retaliation,\n"
           "                      PREFIX.evacuation, PREFIX.casualty (default: features)\n"
           "      --skip-bad      report bad corpus lines and use the rest\n"
           "  -h, --help          show this help\n");
}

int cmd_features(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, NULL, 'm'},  {"label", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'}, {"skip-bad", no_argument, NULL, CLI_OPT_SKIP_BAD},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *model_dir = NULL, *prefix = "features";
    int label = -1, skip_bad = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+m:l:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': model_dir = optarg; break;
        case 'o': prefix = optarg; break;
        case 'l':
            label = rasd_label_index(optarg, strlen(optarg));
            if (label < 0)
                return cli_usage("features", "unknown label '%s'", optarg);
            break;
        case CLI_OPT_SKIP_BAD: skip_bad = 1; break;
        case 'h': help(); return cli_finish(EXIT_OK);
        default:
            if (optopt && optopt < 256)
                return cli_usage("features", "unknown option '-%c'", optopt);
            return cli_usage("features", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("features", "no corpus file given");
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
    FILE *out[RASD_NLABELS] = {0};
    char tmp[RASD_NLABELS][4200], final[RASD_NLABELS][4200];
    for (int l = 0; status == 0 && l < RASD_NLABELS; l++) {
        if (label >= 0) {
            out[l] = l == label ? stdout : NULL;
            continue;
        }
        snprintf(final[l], sizeof final[l], "%.4000s.%s", prefix, rasd_label_names[l]);
        snprintf(tmp[l], sizeof tmp[l], "%.4000s.%s.tmp", prefix, rasd_label_names[l]);
        if (!(out[l] = fopen(tmp[l], "w"))) {
            cli_error("cannot write '%s': %s", tmp[l], strerror(errno));
            status = EXIT_DATA;
        }
    }
    struct rasd_classifier cl;
    int have = status == 0 && rasd_classifier_init(&cl, &m, &e) == 0;
    if (status == 0 && !have) {
        cli_report(&e);
        status = EXIT_DATA;
    }
    for (size_t i = 0; status == 0 && i < corpus.n; i++) {
        struct rasd_prediction pr;
        if (rasd_classify_sentence(&cl, corpus.ex[i].text, strlen(corpus.ex[i].text), &pr, NULL,
                                   NULL, &e)) {
            cli_report(&e);
            status = EXIT_DATA;
            break;
        }
        for (int l = 0; l < RASD_NLABELS; l++) {
            if (!out[l])
                continue;
            fputs((corpus.ex[i].labels >> l) & 1 ? "+1" : "-1", out[l]);
            for (size_t k = 0; k < cl.vec.n; k++)
                fprintf(out[l], " %d:%.8g", cl.vec.index[k], cl.vec.value[k]);
            fputc('\n', out[l]);
        }
    }
    if (have)
        rasd_classifier_release(&cl);
    for (int l = 0; l < RASD_NLABELS; l++) {
        if (!out[l] || out[l] == stdout)
            continue;
        int bad = ferror(out[l]);
        if (fclose(out[l]) || bad) {
            cli_error("cannot write '%s': %s", tmp[l], strerror(errno));
            status = EXIT_DATA;
        }
    }
    for (int l = 0; l < RASD_NLABELS && label < 0; l++) {
        if (status == 0 && rename(tmp[l], final[l]) != 0) {
            cli_error("cannot rename '%s': %s", tmp[l], strerror(errno));
            status = EXIT_DATA;
        }
        if (status != 0 && out[l]) /* only the files this run created */
            remove(tmp[l]);
    }
    if (status == 0 && label < 0)
        fprintf(stderr, "rasd: wrote %s.{attack,retaliation,evacuation,casualty} (%zu vectors each)\n",
                prefix, corpus.n);
    rasd_corpus_release(&corpus);
    rasd_model_release(&m);
    return cli_finish(status);
}
