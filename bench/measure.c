/*
 * measure.c - runs a command several times and prints its median wall time
 * and its peak memory, for bench/run.sh.
 *
 *   measure [-n RUNS] -- CMD ARGS...
 *
 * Prints one line, "SECONDS KB": the median over RUNS (default 5) of the
 * wall time from fork to the end of wait4 (CLOCK_MONOTONIC), and the
 * largest peak resident set size of any run (wait4's ru_maxrss, in KB).
 * The command's stdout and stderr go to /dev/null; its exit status is not
 * judged (wfc lint exits 1 on findings). measure itself exits 1 when the
 * command cannot be started or dies from a signal, 2 on a usage error.
 *
 * It deliberately asserts nothing about the figures: bench/run.sh turns
 * them into ratios against a baseline measured in the same run. It does
 * not need GNU time, and it does not warm caches beyond running RUNS times.
 */
#define _DEFAULT_SOURCE /* wait4 is a BSD interface; glibc hides it under strict POSIX */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 1000

struct sample {
    double seconds;
    long maxrss_kb;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: sends output to /dev/null and runs the command. On exec
 * failure, reports errno through `fd` (close-on-exec, so a successful exec
 * closes it with nothing written). */
static void child(char **cmd, int fd)
{
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
    execvp(cmd[0], cmd);
    int err = errno;
    ssize_t w = write(fd, &err, sizeof err);
    (void)w;
    _exit(127);
}

/* Runs the command once; false (with a message) if it could not be run or
 * was killed by a signal. */
static bool run_once(char **cmd, struct sample *s)
{
    int pfd[2];
    if (pipe(pfd) != 0 || fcntl(pfd[1], F_SETFD, FD_CLOEXEC) != 0) {
        perror("measure: pipe");
        return false;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        close(pfd[0]);
        close(pfd[1]);
        return false;
    }
    if (pid == 0)
        child(cmd, pfd[1]);
    close(pfd[1]);
    int status;
    struct rusage ru;
    pid_t w;
    while ((w = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        continue;
    s->seconds = now() - t0;
    int err = 0;
    ssize_t got = read(pfd[0], &err, sizeof err);
    close(pfd[0]);
    if (w < 0) {
        perror("measure: wait4");
        return false;
    }
    if (got == (ssize_t)sizeof err) {
        fprintf(stderr, "measure: cannot run %s: %s\n", cmd[0], strerror(err));
        return false;
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "measure: %s was killed by signal %d\n", cmd[0], WTERMSIG(status));
        return false;
    }
    s->maxrss_kb = ru.ru_maxrss; /* Linux and the BSDs report KB */
    return true;
}

static int by_seconds(const void *a, const void *b)
{
    double x = ((const struct sample *)a)->seconds, y = ((const struct sample *)b)->seconds;
    return (x > y) - (x < y);
}

static void usage(void)
{
    fputs("usage: measure [-n RUNS] -- CMD ARGS...\n"
          "Prints the median wall time in seconds and the peak RSS in KB of RUNS runs.\n",
          stderr);
}

/* Parses the options; returns the index of CMD in argv, or 0 on error. */
static int parse_args(int argc, char **argv, int *runs)
{
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-n") != 0 || i + 1 >= argc)
            return 0;
        char *end;
        long n = strtol(argv[++i], &end, 10);
        if (*end != '\0' || n < 1 || n > MAX_RUNS)
            return 0;
        *runs = (int)n;
    }
    return i + 1 < argc ? i + 1 : 0;
}

int main(int argc, char **argv)
{
    int runs = 5;
    int cmd = parse_args(argc, argv, &runs);
    if (cmd == 0) {
        usage();
        return 2;
    }
    static struct sample samples[MAX_RUNS];
    long peak = 0;
    for (int i = 0; i < runs; i++) {
        if (!run_once(argv + cmd, &samples[i]))
            return 1;
        if (samples[i].maxrss_kb > peak)
            peak = samples[i].maxrss_kb;
    }
    qsort(samples, (size_t)runs, sizeof samples[0], by_seconds);
    double median = runs % 2 ? samples[runs / 2].seconds
                             : (samples[runs / 2 - 1].seconds + samples[runs / 2].seconds) / 2;
    printf("%.5f %ld\n", median, peak);
    return 0;
}
