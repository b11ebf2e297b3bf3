#include "svmfile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

#define MAX_SVS 50000000L
#define MAX_ABS 1e15

enum { K_SVM_TYPE, K_KERNEL, K_DEGREE, K_GAMMA, K_COEF0, K_NR_CLASS, K_TOTAL_SV, K_RHO, K_LABEL,
       K_PROBA, K_PROBB, K_NR_SV, NKEYS };
static const char *const keys[NKEYS] = {"svm_type", "kernel_type", "degree", "gamma", "coef0",
                                        "nr_class", "total_sv", "rho", "label", "probA",
                                        "probB", "nr_sv"};

/* Splits s at spaces and tabs in place; returns the token count (at most max). */
static int split(char *s, char **tok, int max)
{
    int n = 0;
    for (char *p = s; *p && n <= max;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            *p++ = '\0';
        if (!*p)
            break;
        if (n == max)
            return max + 1; /* too many */
        tok[n++] = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
    }
    return n;
}

static int num(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && !*end && !errno && isfinite(*v) && fabs(*v) < MAX_ABS ? 0 : -1;
}

static int integer(const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return end != s && !*end && !errno && *v >= lo && *v <= hi ? 0 : -1;
}

/* One SV line: m coefficients, then index:value pairs. */
static int sv_line(char *line, int m)
{
    char *p = line;
    for (int k = 0; k < m; k++) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        if (end == p || errno || !isfinite(v) || fabs(v) >= MAX_ABS ||
            (*end && *end != ' ' && *end != '\t' && *end != '\r'))
            return -1;
        p = end;
    }
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (!*p)
            return 0;
        char *end;
        errno = 0;
        long idx = strtol(p, &end, 10);
        if (end == p || errno || *end != ':' || idx < -1 || idx > 2147483647L)
            return -1;
        p = end + 1;
        double v = strtod(p, &end);
        if (end == p || errno || !isfinite(v) || fabs(v) >= MAX_ABS ||
            (*end && *end != ' ' && *end != '\t' && *end != '\r'))
            return -1;
        p = end;
    }
}

int rasd_svm_file_check(const char *path, struct rasd_error *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rasd_fail(e, RASD_EMODEL, path, 0, "cannot open: %s", strerror(errno));
    struct rasd_lines r;
    int rc = rasd_lines_init(&r, fp, path, 16u << 20, 0, e);
    int seen[NKEYS] = {0};
    long nr_class = 0, total_sv = 0, sum_sv = 0, nsv = 0;
    int in_sv = 0;
    const char *why = NULL;
    char *line;
    size_t len;
    while (rc == 0 && (rc = rasd_lines_next(&r, &line, &len, e)) > 0) {
        rc = 0;
        if (r.encoding != RASD_ENC_UTF8 || memchr(line, '\0', len)) {
            why = r.encoding != RASD_ENC_UTF8 ? "a byte-order mark" : "a NUL byte";
            break;
        }
        if (in_sv) {
            if (nsv == total_sv) {
                if (strspn(line, " \t\r") != len)
                    why = "text after the last support vector";
            } else if (sv_line(line, (int)nr_class - 1)) {
                why = "malformed support vector line";
            } else {
                nsv++;
            }
            if (why)
                break;
            continue;
        }
        char *tok[4] = {0};
        int nt = split(line, tok, 3);
        if (nt == 1 && strcmp(tok[0], "SV") == 0) {
            if (!seen[K_SVM_TYPE] || !seen[K_KERNEL] || !seen[K_NR_CLASS] || !seen[K_TOTAL_SV] ||
                !seen[K_RHO] || !seen[K_LABEL] || !seen[K_NR_SV]) {
                why = "the header lacks a key libsvm needs";
                break;
            }
            if (sum_sv != total_sv) {
                why = "nr_sv does not add up to total_sv";
                break;
            }
            in_sv = 1;
            continue;
        }
        int k;
        for (k = 0; k < NKEYS && (nt < 1 || strcmp(tok[0], keys[k]) != 0); k++)
            ;
        if (k == NKEYS) {
            why = "not a libsvm model line";
            break;
        }
        if (seen[k]) {
            why = "repeated key";
            break;
        }
        seen[k] = 1;
        /* the keys sized by nr_class need it first */
        if (k > K_NR_CLASS && !seen[K_NR_CLASS]) {
            why = "a key before nr_class";
            break;
        }
        long want = k == K_RHO || k == K_PROBA || k == K_PROBB ? nr_class * (nr_class - 1) / 2
                    : k == K_LABEL || k == K_NR_SV                ? nr_class
                                                                  : 1;
        if (nt - 1 != want) {
            why = "wrong number of values";
            break;
        }
        long v;
        double d;
        int bad = 0;
        switch (k) {
        case K_SVM_TYPE: bad = strcmp(tok[1], "c_svc") != 0; break;
        case K_KERNEL:
            bad = strcmp(tok[1], "linear") != 0 && strcmp(tok[1], "polynomial") != 0 &&
                  strcmp(tok[1], "rbf") != 0 && strcmp(tok[1], "sigmoid") != 0;
            break;
        case K_DEGREE: bad = integer(tok[1], 0, 100, &v); break;
        case K_GAMMA: case K_COEF0: bad = num(tok[1], &d); break;
        case K_NR_CLASS: bad = integer(tok[1], 1, 2, &nr_class); break;
        case K_TOTAL_SV:
            bad = integer(tok[1], 0, MAX_SVS, &total_sv) || (nr_class == 1 && total_sv != 0);
            break;
        case K_LABEL:
            for (int i = 1; i < nt && !bad; i++)
                bad = integer(tok[i], -1, 1, &v) || v == 0;
            break;
        case K_NR_SV:
            if (!seen[K_TOTAL_SV]) {
                bad = 1;
                break;
            }
            for (int i = 1; i < nt && !bad; i++) {
                bad = integer(tok[i], 0, MAX_SVS, &v);
                sum_sv += v;
            }
            break;
        default: /* rho, probA, probB */
            for (int i = 1; i < nt && !bad; i++)
                bad = num(tok[i], &d);
        }
        if (bad) {
            why = "bad value";
            break;
        }
    }
    long ln = r.lineno;
    rasd_lines_release(&r);
    fclose(fp);
    if (rc < 0)
        return rc == RASD_EFORMAT ? rasd_fail(e, RASD_EMODEL, path, e->line, "%s", e->msg) : rc;
    if (why)
        return rasd_fail(e, RASD_EMODEL, path, ln, "not a libsvm C-SVC model this rasd reads: %s",
                         why);
    if (!in_sv)
        return rasd_fail(e, RASD_EMODEL, path, 0, "not a libsvm model (no SV section)");
    if (nsv != total_sv)
        return rasd_fail(e, RASD_EMODEL, path, 0, "%ld support vectors, the file says %ld (truncated?)",
                         nsv, total_sv);
    return 0;
}
