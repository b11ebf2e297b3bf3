/* The four event labels, in their canonical order. */
#ifndef RASD_LABELS_H
#define RASD_LABELS_H

#include <stddef.h>

#define RASD_NLABELS 4

enum { RASD_ATTACK, RASD_RETALIATION, RASD_EVACUATION, RASD_CASUALTY };

extern const char *const rasd_label_names[RASD_NLABELS];

/* Index of a label name of length n, or -1. */
int rasd_label_index(const char *name, size_t n);

/* Parses "none" or a comma list ("attack,casualty") into a bit set (bit i =
 * label i). Returns 0, or -1 with the offending name in bad[0..badsize). */
int rasd_labels_parse(const char *s, size_t n, unsigned *set, char *bad, size_t badsize);

/* Writes the set as "none" or a comma list in canonical order. */
void rasd_labels_format(unsigned set, char *out, size_t size);

#endif
