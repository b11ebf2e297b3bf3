#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *rasd_strerror(int code)
{
    switch (code) {
    case RASD_OK: return "success";
    case RASD_ENOMEM: return "out of memory";
    case RASD_EIO: return "input/output error";
    case RASD_EFORMAT: return "malformed input";
    case RASD_EMODEL: return "bad or incompatible model";
    case RASD_EICU: return "unicode conversion failed";
    case RASD_EINVAL: return "invalid argument";
    case RASD_ESVM: return "libsvm error";
    default: return "unknown error";
    }
}

int rasd_fail(struct rasd_error *e, int code, const char *file, long line,
              const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    } else {
        snprintf(e->msg, sizeof e->msg, "%s", rasd_strerror(code));
    }
    return code;
}

void rasd_error_format(const struct rasd_error *e, char *buf, size_t size)
{
    const char *msg = e->msg[0] ? e->msg : rasd_strerror(e->code);
    if (e->file[0] && e->line > 0)
        snprintf(buf, size, "%s:%ld: %s", e->file, e->line, msg);
    else if (e->file[0])
        snprintf(buf, size, "%s: %s", e->file, msg);
    else
        snprintf(buf, size, "%s", msg);
}
