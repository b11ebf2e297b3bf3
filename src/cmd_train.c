/* rasd train: a model directory from labelled sentences; and the train
 * options shared with rasd cv. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "corpus.h"
#include "model.h"

enum {
    OPT_KERNEL = 1000, OPT_GAMMA, OPT_FOLDS, OPT_SEED, OPT_LEXICON, OPT_MIN_COUNT,
    OPT_CHARS, OPT_NO_WORDS, OPT_NO_BIGRAMS, OPT_NO_CHARS, OPT_NO_LEXICON, OPT_NO_FLAGS,
    OPT_NO_STEM, OPT_NO_STOPWORDS, OPT_NO_NORMALIZE, OPT_FORCE, OPT_FOLD_GROUPS, OPT_CUE_NORM,
    OPT_SKIP_BAD = CLI_OPT_SKIP_BAD
};

const struct option cli_train_options[] = {
    {"cost", required_argument, NULL, 'c'},
    {"kernel", required_argument, NULL, OPT_KERNEL},
    {"gamma", required_argument, NULL, OPT_GAMMA},
    {"folds", required_argument, NULL, OPT_FOLDS},
    {"fold-groups", required_argument, NULL, OPT_FOLD_GROUPS},
    {"cue-norm", required_argument, NULL, OPT_CUE_NORM},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, 'j'},
    {"lexicon", required_argument, NULL, OPT_LEXICON},
    {"min-count", required_argument, NULL, OPT_MIN_COUNT},
    {"char-ngrams", required_argument, NULL, OPT_CHARS},
    {"no-words", no_argument, NULL, OPT_NO_WORDS},
    {"no-bigrams", no_argument, NULL, OPT_NO_BIGRAMS},
    {"no-chars", no_argument, NULL, OPT_NO_CHARS},
    {"no-lexicon", no_argument, NULL, OPT_NO_LEXICON},
    {"no-flags", no_argument, NULL, OPT_NO_FLAGS},
    {"no-stem", no_argument, NULL, OPT_NO_STEM},
    {"no-stopwords", no_argument, NULL, OPT_NO_STOPWORDS},
    {"no-normalize", no_argument, NULL, OPT_NO_NORMALIZE},
    {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
    {"quiet", no_argument, NULL, 'q'},
    {NULL, 0, NULL, 0}};

void cli_train_help(void)
{
    printf("training options:\n"
           "  -c, --cost C         SVM cost; default: chosen by cross-validation from\n"
           "                       0.1 0.3 1 3 10 (per label, best F1)\n"
           "      --kernel K       linear (default) or rbf\n"
           "      --gamma G        RBF gamma (default 1)\n"
           "      --folds K        internal cross-validation folds for C, Platt scaling\n"
           "                       and thresholds (default 5)\n"
           "      --fold-groups G  files (default): each corpus file is kept whole in one\n"
           "                       fold, so the settings are chosen on text from other\n"
           "                       writers and regions than the training text (needs 3+\n"
           "                       files, else stratified); stratified: random folds\n"
           "                       stratified by label set\n"
           "      --seed S         seed of the fold assignment (default 1); the same\n"
           "                       corpus, options and seed give byte-identical models\n"
           "  -j, --threads N      training threads (default 2)\n"
           "      --lexicon FILE   lexicon (default: models/lexicon.tsv)\n"
           "      --min-count N    keep features seen in >= N sentences (default 2)\n"
           "      --char-ngrams A-B  character n-gram lengths (default 3-5)\n"
           "      --cue-norm N     separate (default): lexicon and flag features stay out\n"
           "                       of the L2 norm, so a cue weighs the same in a long\n"
           "                       sentence as in a short one; joint: one norm for all\n"
           "      --no-words, --no-bigrams, --no-chars, --no-lexicon, --no-flags\n"
           "                       switch a feature family off\n"
           "      --no-stem, --no-stopwords, --no-normalize\n"
           "                       switch a text pipeline step off\n"
           "      --skip-bad       report bad corpus lines and use the rest\n"
           "  -q, --quiet          no progress on stderr\n");
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_train_option(int c, const char *arg, struct rasd_train_opts *o, const char *cmd)
{
    long v;
    char *end;
    switch (c) {
    case 'c':
        errno = 0;
        o->C = strtod(arg, &end);
        if (errno || end == arg || *end || !(o->C > 0) || o->C > 1e6)
            return cli_usage(cmd, "bad cost '%s' (a positive number)", arg), -1;
        return 1;
    case OPT_KERNEL:
        if (strcmp(arg, "linear") == 0)
            o->kernel = RASD_KERNEL_LINEAR;
        else if (strcmp(arg, "rbf") == 0)
            o->kernel = RASD_KERNEL_RBF;
        else
            return cli_usage(cmd, "unknown kernel '%s' (linear or rbf)", arg), -1;
        return 1;
    case OPT_GAMMA:
        errno = 0;
        o->gamma = strtod(arg, &end);
        if (errno || end == arg || *end || !(o->gamma > 0))
            return cli_usage(cmd, "bad gamma '%s'", arg), -1;
        return 1;
    case OPT_FOLDS:
        if (parse_int(arg, 2, 100, &v))
            return cli_usage(cmd, "bad --folds '%s' (2 to 100)", arg), -1;
        o->folds = (int)v;
        return 1;
    case OPT_FOLD_GROUPS:
        if (strcmp(arg, "files") == 0)
            o->group_folds = 1;
        else if (strcmp(arg, "stratified") == 0)
            o->group_folds = 0;
        else
            return cli_usage(cmd, "bad --fold-groups '%s' (files or stratified)", arg), -1;
        return 1;
    case OPT_CUE_NORM:
        if (strcmp(arg, "separate") == 0)
            o->cue_separate = 1;
        else if (strcmp(arg, "joint") == 0)
            o->cue_separate = 0;
        else
            return cli_usage(cmd, "bad --cue-norm '%s' (separate or joint)", arg), -1;
        return 1;
    case OPT_SEED:
        if (parse_int(arg, 0, 2147483647, &v))
            return cli_usage(cmd, "bad --seed '%s'", arg), -1;
        o->seed = (unsigned long)v;
        return 1;
    case 'j':
        if (parse_int(arg, 1, 64, &v))
            return cli_usage(cmd, "bad --threads '%s' (1 to 64)", arg), -1;
        o->threads = (int)v;
        return 1;
    case OPT_LEXICON:
        o->lexicon = arg;
        return 1;
    case OPT_MIN_COUNT:
        if (parse_int(arg, 1, 1000000, &v))
            return cli_usage(cmd, "bad --min-count '%s'", arg), -1;
        o->feat.min_count = (int)v;
        return 1;
    case OPT_CHARS: {
        int a, b;
        char tail;
        if (sscanf(arg, "%d-%d%c", &a, &b, &tail) != 2 || a < 1 || b < a || b > 8)
            return cli_usage(cmd, "bad --char-ngrams '%s' (like 3-5)", arg), -1;
        o->feat.char_min = a;
        o->feat.char_max = b;
        return 1;
    }
    case OPT_NO_WORDS: o->feat.families &= ~(1u << RASD_FAM_WORDS); return 1;
    case OPT_NO_BIGRAMS: o->feat.families &= ~(1u << RASD_FAM_BIGRAMS); return 1;
    case OPT_NO_CHARS: o->feat.families &= ~(1u << RASD_FAM_CHARS); return 1;
    case OPT_NO_LEXICON: o->feat.families &= ~(1u << RASD_FAM_LEXICON); return 1;
    case OPT_NO_FLAGS: o->feat.families &= ~(1u << RASD_FAM_FLAGS); return 1;
    case OPT_NO_STEM: o->text_flags &= ~(unsigned)RASD_TOK_STEM; return 1;
    case OPT_NO_STOPWORDS: o->text_flags &= ~(unsigned)RASD_TOK_STOPWORDS; return 1;
    case OPT_NO_NORMALIZE:
        o->text_flags &= ~(unsigned)(RASD_NORM_NFKC | RASD_NORM_MARKS | RASD_NORM_LETTERS |
                                     RASD_NORM_DIGITS);
        return 1;
    case 'q': o->quiet = 1; return 1;
    default: return 0;
    }
}

/* Progress of a training run: "\r" updates on a terminal, otherwise one line
 * per stage and every 10%. */
void cli_train_progress(const char *stage, size_t done, size_t total, void *ud)
{
    static const char *last;
    static size_t last_tenth;
    (void)ud;
    int tty = cli_progress_enabled() && isatty(STDERR_FILENO);
    if (tty) {
        fprintf(stderr, "\rrasd: %s %zu/%zu", stage, done, total);
        if (done == total)
            fputc('\n', stderr);
    } else {
        size_t tenth = total ? done * 10 / total : 10;
        if (stage != last || tenth != last_tenth)
            fprintf(stderr, "rasd: %s %zu/%zu\n", stage, done, total);
        last = stage;
        last_tenth = tenth;
    }
    fflush(stderr);
}

int cli_train_lexicon(struct rasd_train_opts *o)
{
    if (!o->lexicon)
        o->lexicon = cli_default_lexicon();
    if ((o->feat.families & (1u << RASD_FAM_LEXICON)) && access(o->lexicon, R_OK) != 0) {
        cli_error("cannot open lexicon '%s': %s (use --lexicon FILE or --no-lexicon)", o->lexicon,
                  strerror(errno));
        return -1;
    }
    return 0;
}

static void warn_line(const struct rasd_error *e, void *ud)
{
    (void)ud;
    char buf[1200];
    rasd_error_format(e, buf, sizeof buf);
    cli_warn("skipped %s", buf);
}

int cli_read_corpus(struct rasd_corpus *c, char **files, int n, int skip_bad)
{
    for (int i = 0; i < n; i++) {
        FILE *fp = cli_open(files[i]);
        if (!fp)
            return EXIT_DATA;
        struct rasd_error e = {0};
        int rc = rasd_corpus_read(c, fp, strcmp(files[i], "-") ? files[i] : "stdin", skip_bad,
                                  warn_line, NULL, &e);
        cli_close(fp);
        cli_warn_encoding(files[i], c->encoding);
        if (rc) {
            cli_report(&e);
            return EXIT_DATA;
        }
    }
    if (c->skipped)
        cli_warn("skipped %ld bad line%s", c->skipped, c->skipped == 1 ? "" : "s");
    if (c->n == 0) {
        cli_error("no labelled sentences in the input");
        return EXIT_DATA;
    }
    return 0;
}

static void help(void)
{
    printf("usage: rasd train [-o DIR] [--force] [options] CORPUS.tsv...\n"
           "\n"
           "Trains one calibrated SVM per label (attack, retaliation, evacuation,\n"
           "casualty) on labelled sentences (id<TAB>labels<TAB>text, '-' for stdin)\n"
           "and writes a model directory. Progress goes to stderr; a summary with\n"
           "the cross-validated precision, recall and F1 per label to stdout.\n"
           "\n"
           "options:\n"
           "  -o, --output DIR     model directory to write (default: rasd-model)\n"
           "      --force          replace DIR if it holds a model; the old model stays\n"
           "                       intact until the new one is complete\n"
           "  -h, --help           show this help\n"
           "\n");
    cli_train_help();
}

int cmd_train(int argc, char **argv)
{
    struct option opts[40];
    size_t k = 0;
    opts[k++] = (struct option){"output", required_argument, NULL, 'o'};
    opts[k++] = (struct option){"force", no_argument, NULL, OPT_FORCE};
    opts[k++] = (struct option){"help", no_argument, NULL, 'h'};
    for (size_t i = 0; cli_train_options[i].name; i++)
        opts[k++] = cli_train_options[i];
    opts[k] = (struct option){NULL, 0, NULL, 0};

    struct rasd_train_opts o;
    rasd_train_opts_default(&o);
    o.lexicon = NULL;
    const char *out = "rasd-model";
    int force = 0, skip_bad = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+o:c:j:qh", opts, NULL)) != -1) {
        if (c == 'h') {
            help();
            return cli_finish(EXIT_OK);
        }
        if (c == 'o') {
            out = optarg;
            continue;
        }
        if (c == OPT_FORCE) {
            force = 1;
            continue;
        }
        if (c == OPT_SKIP_BAD) {
            skip_bad = 1;
            continue;
        }
        if (c == '?') {
            if (optopt && optopt < 256)
                return cli_usage("train", "unknown option '-%c'", optopt);
            return cli_usage("train", "unknown option '%s'", argv[optind - 1]);
        }
        int r = cli_train_option(c, optarg, &o, "train");
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0)
            return cli_usage("train", "bad option");
    }
    if (optind >= argc)
        return cli_usage("train", "no corpus file given");
    if (cli_train_lexicon(&o))
        return EXIT_DATA;
    if (!force && access(out, F_OK) == 0) {
        cli_error("'%s' exists: use --force to replace it, or choose another -o", out);
        return EXIT_DATA;
    }

    if (!o.quiet)
        o.progress = cli_train_progress;
    struct rasd_corpus corpus;
    rasd_corpus_init(&corpus);
    int status = cli_read_corpus(&corpus, argv + optind, argc - optind, skip_bad);
    struct rasd_model m;
    rasd_model_init(&m);
    struct rasd_error e = {0};
    if (status == 0) {
        int rc = rasd_model_train(&m, &corpus, &o, &e);
        if (rc == 0)
            rc = rasd_model_save(&m, out, o.lexicon, force, &e);
        if (rc) {
            cli_report(&e);
            status = EXIT_DATA;
        }
    }
    if (status == 0) {
        printf("model        %s\nsentences    %zu\nfeatures     %zu\n", out, corpus.n, m.vocab.n);
        printf("%-12s %9s %6s %9s %9s %6s %6s\n", "label", "positives", "C", "threshold",
               "precision", "recall", "F1");
        for (int l = 0; l < RASD_NLABELS; l++) {
            const struct rasd_label_model *lm = &m.label[l];
            printf("%-12s %9ld %6g %9.3f %9.3f %6.3f %6.3f\n", rasd_label_names[l], lm->positives,
                   lm->C, lm->threshold, lm->cv_precision, lm->cv_recall, lm->cv_f1);
        }
        printf("(precision, recall and F1 are %d-fold cross-validated, %s)\n", m.folds,
               m.grouped ? "folds grouped by corpus file" : "stratified folds");
    }
    rasd_model_release(&m);
    rasd_corpus_release(&corpus);
    return cli_finish(status);
}
