/* rasd: the command table and dispatch. */
#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#ifndef RASD_VERSION
#define RASD_VERSION "0.0.0"
#endif

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    {"train", cmd_train, "train a model directory from labelled sentences"},
    {"classify", cmd_classify, "label the sentences of articles (JSON Lines or TSV records)"},
    {"eval", cmd_eval, "score a model on labelled sentences"},
    {"cv", cmd_cv, "k-fold cross-validation of training settings"},
    {"stats", cmd_stats, "tallies and confidence intervals from classified records"},
    {"features", cmd_features, "export feature vectors in libsvm format"},
    {"tokenize", cmd_tokenize, "show sentences, normalised tokens and stems"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rasd [-h] [--version] COMMAND [ARGS...]\n"
            "\n"
            "Labels sentences of Arabic conflict news with the events they report\n"
            "(attack, retaliation, evacuation, casualty) and summarises them.\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(out,
            "\n"
            "'rasd COMMAND -h' shows a command's options.\n"
            "exit codes: 0 ok, 1 bad data or runtime error, 2 usage error, 3 bad model\n");
}

int main(int argc, char **argv)
{
    /* Numbers in model files and output are always C-locale: never touch LC_NUMERIC. */
    setlocale(LC_CTYPE, "C.UTF-8");
    gsl_set_error_handler_off();
    if (argc < 2)
        return usage(stderr), EXIT_USAGE;
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return cli_finish(EXIT_OK);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("rasd %s\n", RASD_VERSION);
        return cli_finish(EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage(NULL, "unknown option '%s'", cmd);
    return cli_usage(NULL, "unknown command '%s'", cmd);
}
