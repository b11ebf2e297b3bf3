#include "labels.h"

#include <stdio.h>
#include <string.h>

const char *const rasd_label_names[RASD_NLABELS] = {"attack", "retaliation", "evacuation",
                                                    "casualty"};

int rasd_label_index(const char *name, size_t n)
{
    for (int i = 0; i < RASD_NLABELS; i++)
        if (strlen(rasd_label_names[i]) == n && memcmp(rasd_label_names[i], name, n) == 0)
            return i;
    return -1;
}

int rasd_labels_parse(const char *s, size_t n, unsigned *set, char *bad, size_t badsize)
{
    *set = 0;
    if (n == 4 && memcmp(s, "none", 4) == 0)
        return 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        size_t a = i, b = j;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        int k = rasd_label_index(s + a, b - a);
        if (k < 0) {
            snprintf(bad, badsize, "%.*s", (int)(b - a), s + a);
            return -1;
        }
        *set |= 1u << k;
        if (j >= n)
            return 0;
        i = j + 1;
    }
}

void rasd_labels_format(unsigned set, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < RASD_NLABELS; i++) {
        if (!(set & (1u << i)))
            continue;
        int w = snprintf(out + o, size - o, "%s%s", o ? "," : "", rasd_label_names[i]);
        if (w < 0 || (size_t)w >= size - o)
            return;
        o += (size_t)w;
    }
    if (!o)
        snprintf(out, size, "none");
}
