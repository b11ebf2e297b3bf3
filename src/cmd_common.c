#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "lines.h"

#ifndef RASD_LEXICON_PATH
#define RASD_LEXICON_PATH "/usr/local/share/rasd/models/lexicon.tsv"
#endif
#ifndef RASD_MODEL_DIR
#define RASD_MODEL_DIR "/usr/local/share/rasd/models/default"
#endif

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "rasd: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error", fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning", fmt, ap);
    va_end(ap);
}

void cli_report(const struct rasd_error *e)
{
    char buf[1200];
    rasd_error_format(e, buf, sizeof buf);
    cli_error("%s", buf);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rasd%s%s: error: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'rasd%s%s -h' for help.\n", cmd ? " " : "", cmd ? cmd : "");
    return EXIT_USAGE;
}

int cli_finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write output: %s", strerror(errno ? errno : EIO));
        return EXIT_DATA;
    }
    return status;
}

int cli_exit_code(int rc)
{
    return rc == RASD_EMODEL ? EXIT_MODEL : EXIT_DATA;
}

FILE *cli_open(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("cannot read '%s': Is a directory", path);
        fclose(fp);
        return NULL;
    }
    return fp;
}

void cli_close(FILE *fp)
{
    if (fp && fp != stdin)
        fclose(fp);
}

static int is_model_dir(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/rasd-model.txt", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

const char *cli_default_model(void)
{
    static char found[PATH_MAX];
    const char *env = getenv("RASD_MODEL");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* build/rasd -> models/default beside the build tree */
            int k = snprintf(found, sizeof found, "%s/../models/default", exe);
            if (k > 0 && (size_t)k < sizeof found && is_model_dir(found)) {
                char real[PATH_MAX];
                if (realpath(found, real))
                    memcpy(found, real, strlen(real) + 1);
                return found;
            }
        }
    }
    if (is_model_dir("models/default"))
        return "models/default";
    return RASD_MODEL_DIR;
}

const char *cli_default_lexicon(void)
{
    static char found[PATH_MAX];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            int k = snprintf(found, sizeof found, "%s/../models/lexicon.tsv", exe);
            if (k > 0 && (size_t)k < sizeof found && access(found, R_OK) == 0)
                return found;
        }
    }
    if (access("models/lexicon.tsv", R_OK) == 0)
        return "models/lexicon.tsv";
    return RASD_LEXICON_PATH;
}

void cli_warn_encoding(const char *file, int encoding)
{
    if (encoding >= RASD_ENC_UTF16LE)
        cli_warn("%s: %s text (byte-order mark) converted to UTF-8",
                 strcmp(file, "-") ? file : "stdin", rasd_encoding_name(encoding));
}

void cli_doc_id(const char *path, char *out, size_t size)
{
    if (strcmp(path, "-") == 0) {
        snprintf(out, size, "stdin");
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
        n -= 4;
    snprintf(out, size, "%.*s", (int)n, base);
}

int cli_progress_enabled(void)
{
    const char *env = getenv("RASD_PROGRESS");
    if (env)
        return strcmp(env, "0") != 0;
    return isatty(STDERR_FILENO);
}
