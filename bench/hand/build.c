/*
 * build.c - bench/runner/build.yaml by hand: a string grown a digit at a
 * time and a list of 5,000 strings "item<i>", each allocated, then the same
 * JSON result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    volatile int count = 5000;
    size_t len = 0, cap = 16;
    char *s = malloc(cap);
    size_t n = 0, ncap = 16;
    char **items = malloc(ncap * sizeof *items);
    if (!s || !items)
        return 1;
    for (int i = 0; i < count; i++) {
        if (len + 2 > cap) {
            cap *= 2;
            char *t = realloc(s, cap);
            if (!t)
                return 1;
            s = t;
        }
        s[len++] = (char)('0' + i % 10);
        s[len] = '\0';
        if (n == ncap) {
            ncap *= 2;
            char **t = realloc(items, ncap * sizeof *items);
            if (!t)
                return 1;
            items = t;
        }
        char buf[32];
        int k = snprintf(buf, sizeof buf, "item%d", i);
        items[n] = malloc((size_t)k + 1);
        if (!items[n])
            return 1;
        memcpy(items[n++], buf, (size_t)k + 1);
    }
    if (n < 1 || len < 10)
        return 1;
    printf("{\"length\":%zu,\"items\":%zu,\"last\":\"%s\",\"tail\":\"%s\"}\n", len, n, items[n - 1],
           s + len - 10);
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
    free(s);
    return 0;
}
