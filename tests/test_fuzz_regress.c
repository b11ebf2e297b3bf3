/* Replays the fuzz targets of tests/fuzz/ without libFuzzer: every file under
 * tests/fuzz/regress/<target>/ (inputs that once crashed, kept as regression
 * tests) and tests/fuzz/seeds/<target>/ (the seed corpora) goes through the
 * target's entry point. A crash or broken invariant aborts the program (and
 * make asan / make valgrind see memory errors and leaks); each input that
 * comes back counts as one passed check. Run from the repository root. */
#define FUZZ_NO_MAIN 1
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_corpus.c"
#include "fuzz/fuzz_lines.c"
#include "fuzz/fuzz_model.c"
#include "fuzz/fuzz_numbers.c"
#include "fuzz/fuzz_records.c"
#include "fuzz/fuzz_text.c"
#include "harness.h"

struct target {
    const char *name;
    int (*one)(const uint8_t *data, size_t size);
};

static const struct target targets[] = {
    {"fuzz_text", fuzz_text_one},       {"fuzz_numbers", fuzz_numbers_one},
    {"fuzz_corpus", fuzz_corpus_one},   {"fuzz_records", fuzz_records_one},
    {"fuzz_model", fuzz_model_one},     {"fuzz_lines", fuzz_lines_one},
};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file in dir through t; returns how many. */
static int replay_dir(const struct target *t, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *fp = fopen(path, "rb");
        CHECK_MSG(fp != NULL, "cannot open %s", path);
        if (fp) {
            fseek(fp, 0, SEEK_END);
            long sz = ftell(fp);
            rewind(fp);
            uint8_t *buf = malloc(sz > 0 ? (size_t)sz : 1);
            size_t got = fread(buf, 1, (size_t)sz, fp);
            fclose(fp);
            CHECK_INT(got, sz);
            /* libFuzzer hands inputs out in a buffer of their exact size */
            CHECK_INT(t->one(buf, got), 0);
            free(buf);
            count++;
        }
        free(names[i]);
    }
    free(names);
    return count;
}

int main(void)
{
    int total = 0;
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char dir[256];
        int k = 0;
        snprintf(dir, sizeof dir, "tests/fuzz/regress/%s", targets[i].name);
        k += replay_dir(&targets[i], dir);
        snprintf(dir, sizeof dir, "tests/fuzz/seeds/%s", targets[i].name);
        k += replay_dir(&targets[i], dir);
        CHECK_MSG(k > 0, "%s: no seed or regression inputs (run from the repository root)",
                  targets[i].name);
        total += k;
    }
    for (size_t f = 0; f <= RASD_TEXT_DEFAULT; f++)
        rasd_pipeline_free(fuzz_text_pipelines[f]);
    rasd_pipeline_free(fuzz_numbers_pipeline);
    rasd_pipeline_free(fuzz_lines_pipeline);
    (void)total;
    return harness_report("fuzz_regress");
}
