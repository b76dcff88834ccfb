/*
 * suggest.c - edit distance for "did you mean". Names in workflows are
 * short, so a quadratic table on the stack is fine; longer names are not
 * compared at all.
 */
#include "config.h"

#include "support/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAXLEN 64

unsigned wf_edit_distance2(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > MAXLEN || m > MAXLEN)
        return ~0u;
    unsigned d[MAXLEN + 1][MAXLEN + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned)(2 * i);
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned)(2 * j);
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = 0;
            if (a[i - 1] != b[j - 1])
                cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 1 : 2;
            unsigned best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 2 < best)
                best = d[i - 1][j] + 2;
            if (d[i][j - 1] + 2 < best)
                best = d[i][j - 1] + 2;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 2 < best)
                best = d[i - 2][j - 2] + 2; /* transposition */
            d[i][j] = best;
        }
    }
    return d[n][m];
}

const char *wf_suggest(const char *name, const char *const *cands, size_t n)
{
    size_t len = strlen(name);
    /* Up to a third of the name in edits, at least one edit. */
    unsigned limit = (unsigned)(len < 3 ? 2 : 2 * (len / 3));
    const char *best = NULL;
    unsigned best_d = ~0u;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], name) == 0)
            continue;
        /* Each character of difference in length costs an edit: skip the
         * table when that alone is too far. */
        size_t m = strlen(cands[i]);
        unsigned floor = (unsigned)(2 * (m > len ? m - len : len - m));
        if (floor > limit || floor >= best_d)
            continue;
        unsigned dist = wf_edit_distance2(name, cands[i]);
        if (dist <= limit && dist < best_d && dist < 2 * strlen(cands[i])) {
            best = cands[i];
            best_d = dist;
        }
    }
    return best;
}
