/*
 * trivial.c - bench/runner/trivial.yaml by hand: print the result.
 */
#include <stdio.h>

int main(void)
{
    puts("1");
    return 0;
}
