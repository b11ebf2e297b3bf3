/* A syntax check of libsvm model files, run before libsvm reads one.
 *
 * libsvm 3.24's svm_load_model trusts its input: a key before nr_class, a
 * repeated key, an SV section shorter than total_sv or a count that
 * disagrees with the lines makes it allocate garbage sizes, read or write out
 * of bounds, or leak. rasd checks every model file's size and checksum first,
 * so only a file edited on purpose (or written by another tool, with the
 * header's checksum updated) gets here; this check makes such a file an
 * error message instead of a crash. */
#ifndef RASD_SVMFILE_H
#define RASD_SVMFILE_H

#include "err.h"

/* Returns 0 when `path` is a binary (nr_class 1 or 2) C-SVC model in the
 * layout svm_save_model writes: one key a line (svm_type, kernel_type, then
 * optional degree, gamma, coef0, then nr_class before the keys sized by it:
 * total_sv, rho, label, probA, probB, nr_sv; each at most once), "SV", then
 * exactly total_sv lines of nr_class-1 coefficients and index:value pairs
 * (integer index, finite values of magnitude below 1e15), nothing after.
 * Otherwise RASD_EMODEL (or RASD_ENOMEM, RASD_EIO) with file and line in e. */
int rasd_svm_file_check(const char *path, struct rasd_error *e);

#endif
