/*
 * sum.c - bench/runner/sum.yaml by hand: the sum of 1..90,000 with the
 * overflow check Workflows makes, printed as JSON. The bound is volatile so
 * that the compiler cannot fold the loop into a constant.
 */
#include <inttypes.h>
#include <stdio.h>

int main(void)
{
    volatile int64_t last = 90000;
    int64_t total = 0;
    for (int64_t i = 1; i <= last; i++) {
        if (__builtin_add_overflow(total, i, &total)) {
            fputs("{\"message\": \"integer overflow\", \"tags\": [\"ValueError\"]}\n", stderr);
            return 1;
        }
    }
    printf("%" PRId64 "\n", total);
    return 0;
}
