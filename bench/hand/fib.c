/*
 * fib.c - bench/runner/fib.yaml by hand: fib(18) by plain recursion.
 */
#include <inttypes.h>
#include <stdio.h>

static int64_t fib(int64_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(void)
{
    volatile int64_t n = 18;
    printf("%" PRId64 "\n", fib(n));
    return 0;
}
