/* Status codes and the error detail struct shared by every module.
 * Functions return 0 or a negative RASD_E* code; details (file, line, reason)
 * go into a caller-supplied struct rasd_error, never a global. */
#ifndef RASD_ERR_H
#define RASD_ERR_H

#include <stddef.h>

enum {
    RASD_OK = 0,
    RASD_ENOMEM = -1,  /* out of memory */
    RASD_EIO = -2,     /* read or write failed (errno kept in the detail) */
    RASD_EFORMAT = -3, /* malformed input data */
    RASD_EMODEL = -4,  /* model missing, corrupt or incompatible */
    RASD_EICU = -5,    /* an ICU call failed */
    RASD_EINVAL = -6,  /* bad argument */
    RASD_ESVM = -7     /* libsvm refused the parameters or problem */
};

struct rasd_error {
    int code;
    char file[512]; /* file the error is about, "" when none */
    long line;      /* 1-based line in that file, 0 when none */
    char msg[512];  /* lower-case reason, no final full stop */
};

/* A static description of a status code. */
const char *rasd_strerror(int code);

/* Fills `e` (when not NULL) and returns `code`, so callers can write
 * `return rasd_fail(e, RASD_EFORMAT, path, line, "unknown label '%s'", l);`. */
int rasd_fail(struct rasd_error *e, int code, const char *file, long line,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Writes "file:line: msg" (or the parts that are set) into buf. */
void rasd_error_format(const struct rasd_error *e, char *buf, size_t size);

#endif
