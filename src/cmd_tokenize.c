/* rasd tokenize: show what the models see - sentences, normalised tokens, stems. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cmd.h"
#include "input.h"

static void help(void)
{
    printf("usage: rasd tokenize [options] [FILE...]\n"
           "\n"
           "Splits articles into sentences and prints each with its number, its\n"
           "normalised tokens and their light stems ('_' marks a stopword). Reads\n"
           "standard input when no FILE (or '-') is given.\n"
           "\n"
           "options:\n"
           "  -f, --format FMT   tsv (default) or jsonl; tsv columns: doc, sent, text,\n"
           "                     tokens, stems (space-separated)\n"
           "  -i, --input MODE   text (default: each file is one article), jsonl (one\n"
           "                     article a line: id, text, ...), sentences (one a line)\n"
           "      --no-nfkc      skip NFKC normalisation\n"
           "      --no-marks     keep diacritics, tatweel and zero-width marks\n"
           "      --no-letters   keep hamza-alef, alef maksura and teh marbuta forms\n"
           "      --no-digits    keep non-ASCII digits\n"
           "      --no-abbrev    do not merge abbreviation pieces (د. أ.ف.ب)\n"
           "      --no-stopwords treat stopwords as ordinary words\n"
           "      --no-stem      stems are the normalised words\n"
           "  -h, --help         show this help\n");
}

struct tk {
    int jsonl;
    int failed;
};

static void put_tsv_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

static int print_sentence(const struct rasd_doc_meta *doc, long sent,
                          const struct rasd_sentence *s, void *ud)
{
    struct tk *t = ud;
    if (t->jsonl) {
        json_t *toks = json_array(), *stems = json_array();
        for (size_t i = 0; i < s->ntok; i++) {
            json_array_append_new(toks, json_stringn(s->tok[i].norm, s->tok[i].norm_len));
            json_array_append_new(stems, s->tok[i].stem
                                             ? json_stringn(s->tok[i].stem, s->tok[i].stem_len)
                                             : json_null());
        }
        json_t *o = json_pack("{s:s, s:I, s:s%, s:o, s:o}", "doc", doc->id, "sent",
                              (json_int_t)sent, "text", s->text, s->text_len, "tokens", toks,
                              "stems", stems);
        if (!o)
            return RASD_ENOMEM;
        json_dumpf(o, stdout, JSON_COMPACT);
        putchar('\n');
        json_decref(o);
    } else {
        printf("%s\t%ld\t", doc->id, sent);
        put_tsv_text(s->text, s->text_len);
        putchar('\t');
        for (size_t i = 0; i < s->ntok; i++)
            printf(i ? " %s" : "%s", s->tok[i].norm);
        putchar('\t');
        for (size_t i = 0; i < s->ntok; i++)
            printf(i ? " %s" : "%s", s->tok[i].stem ? s->tok[i].stem : "_");
        putchar('\n');
    }
    return ferror(stdout) ? RASD_EIO : 0;
}

static void warn_record(const struct rasd_error *e, void *ud)
{
    (void)ud;
    char buf[1200];
    rasd_error_format(e, buf, sizeof buf);
    cli_warn("skipped record: %s", buf);
}

int cmd_tokenize(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'}, {"input", required_argument, NULL, 'i'},
        {"no-nfkc", no_argument, NULL, 1},        {"no-marks", no_argument, NULL, 2},
        {"no-letters", no_argument, NULL, 3},     {"no-digits", no_argument, NULL, 4},
        {"no-abbrev", no_argument, NULL, 5},      {"no-stopwords", no_argument, NULL, 6},
        {"no-stem", no_argument, NULL, 7},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const unsigned flag_of[] = {0, RASD_NORM_NFKC, RASD_NORM_MARKS, RASD_NORM_LETTERS,
                                       RASD_NORM_DIGITS, RASD_SPLIT_ABBREV, RASD_TOK_STOPWORDS,
                                       RASD_TOK_STEM};
    struct tk t = {0, 0};
    unsigned flags = RASD_TEXT_DEFAULT;
    enum rasd_input_mode mode = RASD_IN_TEXT;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+f:i:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "tsv") == 0)
                t.jsonl = 0;
            else if (strcmp(optarg, "jsonl") == 0)
                t.jsonl = 1;
            else
                return cli_usage("tokenize", "unknown format '%s' (tsv or jsonl)", optarg);
            break;
        case 'i':
            if (strcmp(optarg, "text") == 0)
                mode = RASD_IN_TEXT;
            else if (strcmp(optarg, "jsonl") == 0)
                mode = RASD_IN_JSONL;
            else if (strcmp(optarg, "sentences") == 0)
                mode = RASD_IN_SENTENCES;
            else
                return cli_usage("tokenize", "unknown input mode '%s'", optarg);
            break;
        case 'h':
            help();
            return cli_finish(EXIT_OK);
        case '?':
            if (optopt)
                return cli_usage("tokenize", "unknown option '-%c'", optopt);
            return cli_usage("tokenize", "unknown option '%s'", argv[optind - 1]);
        default:
            if (c >= 1 && c <= 7) {
                flags &= ~flag_of[c];
                break;
            }
            return cli_usage("tokenize", "bad option");
        }
    }
    struct rasd_error e = {0};
    struct rasd_pipeline *p = rasd_pipeline_new(flags, &e);
    if (!p) {
        cli_report(&e);
        return EXIT_DATA;
    }
    char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    int status = EXIT_OK;
    long total = 0;
    for (int i = 0; i < nfiles; i++) {
        FILE *fp = cli_open(files[i]);
        if (!fp) {
            status = EXIT_DATA;
            continue;
        }
        char id[256];
        cli_doc_id(files[i], id, sizeof id);
        struct rasd_input_report rep;
        memset(&e, 0, sizeof e);
        int rc = rasd_input_read(p, fp, files[i], id, mode, print_sentence, warn_record, &t,
                                 &rep, &e);
        cli_close(fp);
        cli_warn_encoding(files[i], rep.encoding);
        if (rc == 0 && rep.sentences == 0 && rep.bad == 0)
            cli_warn("%s: no sentences (the file is empty or only white space)",
                     strcmp(files[i], "-") ? files[i] : "stdin");
        if (rep.replaced)
            cli_warn("%s: %zu invalid UTF-8 sequence%s or NUL byte%s replaced by U+FFFD "
                     "(first on line %ld)",
                     files[i], rep.replaced, rep.replaced == 1 ? "" : "s",
                     rep.replaced == 1 ? "" : "s", rep.replaced_line);
        if (rc == RASD_EIO && ferror(stdout))
            break;
        if (rc) {
            cli_report(&e);
            status = EXIT_DATA;
        } else if (rep.bad) {
            status = EXIT_DATA;
        }
        total += rep.sentences;
    }
    rasd_pipeline_free(p);
    if (status == EXIT_OK && total == 0) {
        cli_error("no sentences in the input");
        status = EXIT_DATA;
    }
    return cli_finish(status);
}
