/*
 * cgen.c - fuzz target: the C backend (backends/cgen.c). A file that lints
 * without an error, which `wfc build` would compile, is written as C, and
 * the C must compile without a warning: `cc -std=c11 -fsyntax-only -Wall
 * -Wextra -Werror` with wfrt.h's directory (WFC_FUZZ_WFRT_INCLUDE, set by
 * fuzz.mk) on the include path; $WFC_FUZZ_CC replaces cc. A compiler
 * that complains is a finding: its messages go to stderr before the abort.
 *
 * Running the compiler makes this target slow (tens of inputs a second at
 * best); run it with a small budget. It does not link or run the program:
 * testdata/run/ does that for the cases we know the answers to.
 */
#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/cgen.h"
#include "fuzz/fuzz.h"

#ifndef WFC_FUZZ_WFRT_INCLUDE
#error "fuzz.mk defines WFC_FUZZ_WFRT_INCLUDE, the directory of wfrt.h"
#endif

extern char **environ;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes the C of `p` into a new temporary file (without the suffix .c:
 * mkstemps is not POSIX); returns its malloc'd name. */
static char *write_c(const wf_program *p)
{
    const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    size_t n = strlen(dir) + 32;
    char *path = malloc(n);
    if (!path)
        wf_fuzz_fail("out of memory");
    snprintf(path, n, "%s/wfc-fuzz-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        wf_fuzz_fail("cannot create %s: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f)
        wf_fuzz_fail("fdopen: %s", strerror(errno));
    bool ok = wf_cgen_write(f, p, "fuzz.yaml");
    if (fclose(f) != 0 || !ok)
        wf_fuzz_fail("cannot write %s", path);
    return path;
}

/* Whether the compiler accepts the C file at `path` without a warning. */
static bool compiles(const char *path)
{
    const char *cc = getenv("WFC_FUZZ_CC");
    if (!cc || !*cc)
        cc = "cc";
    char *argv[] = {(char *)cc,
                    "-std=c11",
                    "-fsyntax-only",
                    "-Wall",
                    "-Wextra",
                    "-Werror",
                    "-I" WFC_FUZZ_WFRT_INCLUDE,
                    "-x",
                    "c",
                    (char *)path,
                    NULL};
    pid_t pid;
    int err = posix_spawnp(&pid, cc, NULL, NULL, argv, environ);
    if (err != 0)
        wf_fuzz_fail("cannot run %s: %s", cc, strerror(err));
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            wf_fuzz_fail("waitpid: %s", strerror(errno));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wf_fuzz_lint l;
    if (wf_fuzz_lint(&l, data, size) && l.p->main) { /* as cli/build.c's generate() */
        char *path = write_c(l.p);
        bool ok = compiles(path);
        if (!ok) {
            fprintf(stderr, "---- the C that does not compile (kept in %s)\n", path);
            wf_fuzz_fail("the generated C does not compile without warnings");
        }
        unlink(path);
        free(path);
    }
    wf_fuzz_lint_fini(&l);
    return 0;
}
