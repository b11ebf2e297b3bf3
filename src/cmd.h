/* The command layer: shared helpers for the cmd_*.c front ends. Only this
 * layer prints results or chooses exit codes. */
#ifndef RASD_CMD_H
#define RASD_CMD_H

#include <getopt.h>
#include <stdio.h>

#include "err.h"

enum {
    EXIT_OK = 0,
    EXIT_DATA = 1,  /* bad data or a runtime error */
    EXIT_USAGE = 2, /* bad command line */
    EXIT_MODEL = 3  /* model missing, corrupt or incompatible */
};

/* "rasd: error: ..." on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "rasd: warning: ..." on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a library error as "rasd: error: file:line: reason". */
void cli_report(const struct rasd_error *e);
/* "rasd CMD: error: ...", then a pointer to -h; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Flushes stdout and reports a write error (e.g. to /dev/full). Returns
 * `status` when all went well, EXIT_DATA otherwise. */
int cli_finish(int status);
/* Exit code for a library status: models give EXIT_MODEL, the rest EXIT_DATA. */
int cli_exit_code(int rc);
/* Opens a file for reading ("-" is stdin); reports and returns NULL on failure. */
FILE *cli_open(const char *path);
void cli_close(FILE *fp);
/* The default model directory: $RASD_MODEL, else models/default beside the
 * binary's build tree, else the installed copy. */
const char *cli_default_model(void);
/* The default lexicon: models/lexicon.tsv beside the build tree, in the
 * current directory, or the installed copy. */
const char *cli_default_lexicon(void);
/* Warns that `file` was converted to UTF-8 when `encoding` (RASD_ENC_*, lines.h)
 * says it was UTF-16 or UTF-32. */
void cli_warn_encoding(const char *file, int encoding);
/* The document id of a text file: its base name without ".txt". */
void cli_doc_id(const char *path, char *out, size_t size);
/* 1 when stderr is a terminal or RASD_PROGRESS is set (progress lines). */
int cli_progress_enabled(void);

/* getopt_long values of long-only options shared between commands. */
enum {
    CLI_OPT_SKIP_BAD = 1900, /* --skip-bad (train, cv, eval) */
    CLI_OPT_REPS = 2001,     /* --reps */
    CLI_OPT_LEVEL,           /* --level */
    CLI_OPT_SEED             /* --seed (report bootstrap) */
};

struct rasd_train_opts;
struct rasd_corpus;
/* Train options shared by `train` and `cv`: the getopt_long table entries
 * (ending with a zero entry) and their handler. The handler returns 1 when it
 * took the option, 0 when it is not a train option, -1 on a bad value. */
extern const struct option cli_train_options[];
int cli_train_option(int c, const char *arg, struct rasd_train_opts *o, const char *cmd);
/* Defaults o->lexicon and checks it can be read when the lexicon family is
 * on; reports and returns -1 when not. */
int cli_train_lexicon(struct rasd_train_opts *o);
/* Prints training progress to stderr (rasd_train_opts.progress). */
void cli_train_progress(const char *stage, size_t done, size_t total, void *ud);
/* Prints the train options' help lines. */
void cli_train_help(void);
/* Reads corpus files (or stdin for "-"); reports errors. Returns 0 or an exit code. */
int cli_read_corpus(struct rasd_corpus *c, char **files, int n, int skip_bad);

/* The eval report (text or JSON) of predictions `pred` (label sets) and `p`
 * (probabilities) against the corpus's gold labels, with the `errors` most
 * confidently wrong sentences. Returns an exit code. */
int cli_eval_report(const struct rasd_corpus *c, const unsigned *pred,
                    const double (*p)[4], const char *title, int json, int errors, int reps,
                    double level, unsigned long seed);
/* Report options shared by eval and cv: -e/--errors N, --reps (2001), --level
 * (2002), --seed (2003), -f/--format. Returns 1 taken, 0 not ours, -1 bad. */
int cli_parse_eval_opt(int c, const char *arg, const char *cmd, int *errors, int *reps,
                       double *level, unsigned long *seed, int *json);

int cmd_tokenize(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_cv(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_stats(int argc, char **argv);

#endif
