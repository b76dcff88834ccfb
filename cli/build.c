/*
 * build.c - `wfc build FILE -o EXE` compiles a workflow into a program
 * (backends/cgen.c writes the C, the C compiler does the rest, libwfrt
 * runs it); `wfc run FILE [RUNNER OPTION]...` builds into a cache and runs
 * the program at once.
 *
 * The input is checked as `wfc lint` checks it (cli/load.c): a workflow
 * with lint errors is never compiled (exit 1). The compiler is $CC (words
 * split at spaces, so CC="cc -Wall" works) or cc, run without a shell.
 *
 * Where the runtime is: a wfc in its build tree (the directory of
 * /proc/self/exe holds backends/runtime/libwfrt.a) takes that library and
 * the wfrt.h of the source tree, whose path configure baked in
 * (WFC_TOP_SRCDIR); an installed wfc takes $(includedir)/wfrt.h and
 * $(libdir)/libwfrt.a, baked in the same way. The link flags of the
 * runtime (configure's WFRT_LIBS, in config.h) and the sanitizer flags of
 * this build (WFC_RUNNER_CFLAGS, ASan and UBSan or TSan: a runner must be
 * built like the libwfrt it links) are baked in too.
 *
 * The cache of `wfc run` is $XDG_CACHE_HOME/wfc (else ~/.cache/wfc): the
 * program of a build is <hash> and what it was built from <hash>.key (the
 * version, the compiler and its flags, the size and time of libwfrt.a, of
 * wfrt.h and of wfc itself, the file's name and its text), compared in
 * full before a cached program is used, so a hash collision cannot run
 * the wrong program. Both are renamed into place, so concurrent runs never
 * see half a file.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/cgen.h"
#include "backends/emit.h"
#include "cli/cli.h"
#include "cli/load.h"

#ifndef WFC_TOP_SRCDIR
#define WFC_TOP_SRCDIR "."
#endif
#ifndef WFC_INCLUDEDIR
#define WFC_INCLUDEDIR "/usr/local/include"
#endif
#ifndef WFC_LIBDIR
#define WFC_LIBDIR "/usr/local/lib"
#endif
#ifndef WFC_RUNNER_CFLAGS
#define WFC_RUNNER_CFLAGS ""
#endif
/* What a program linked against libwfrt.a needs after it (configure.ac
 * puts it in config.h); a guess when configure did not say. */
#ifdef WFRT_LIBS
#define WFC_RUNNER_LIBS WFRT_LIBS
#else
#define WFC_RUNNER_LIBS "-lm -pthread -lcrypto"
#endif

/* ---- argument vectors ---- */

struct words {
    char **v;
    size_t n, cap;
};

static void words_add(struct words *w, const char *s)
{
    if (w->n + 2 > w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        w->v = wf_xrealloc(w->v, w->cap * sizeof *w->v);
    }
    size_t len = strlen(s);
    w->v[w->n] = wf_xmalloc(len + 1);
    memcpy(w->v[w->n], s, len + 1);
    w->v[++w->n] = NULL;
}

/* Adds the words of `s`, split at blanks. */
static void words_split(struct words *w, const char *s)
{
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strcspn(s, " \t");
        if (n) {
            char *word = wf_xmalloc(n + 1);
            memcpy(word, s, n);
            word[n] = '\0';
            words_add(w, word);
            free(word);
        }
        s += n;
    }
}

static void words_free(struct words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
    *w = (struct words){NULL, 0, 0};
}

/* ---- the runtime and the compiler ---- */

struct toolchain {
    char include[PATH_MAX]; /* the directory of wfrt.h */
    char lib[PATH_MAX];     /* libwfrt.a */
    const char *cc;         /* $CC or "cc" */
    const char *opt;        /* -O level: "0", "1", "2", "3", "s", "g" */
    bool verbose;
};

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory of the running wfc, or "" when it cannot be known. */
static void self_dir(char *dir, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    dir[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
}

static bool find_runtime(struct toolchain *tc)
{
    char dir[PATH_MAX];
    self_dir(dir, sizeof dir);
    snprintf(tc->lib, sizeof tc->lib, "%s/backends/runtime/libwfrt.a", dir);
    if (dir[0] && is_file(tc->lib)) { /* the build tree */
        snprintf(tc->include, sizeof tc->include, "%s/backends/runtime", WFC_TOP_SRCDIR);
    } else {
        snprintf(tc->include, sizeof tc->include, "%s", WFC_INCLUDEDIR);
        snprintf(tc->lib, sizeof tc->lib, "%s/libwfrt.a", WFC_LIBDIR);
    }
    char header[PATH_MAX + 8];
    snprintf(header, sizeof header, "%s/wfrt.h", tc->include);
    if (!is_file(tc->lib) || !is_file(header)) {
        fprintf(stderr, "wfc: the runtime is missing: %s or %s cannot be read\n", tc->lib, header);
        return false;
    }
    tc->cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
    return true;
}

static const char *runner_libs(void)
{
    return WFC_RUNNER_LIBS;
}

/* Runs `argv` and waits; true when it exits with status 0. */
static bool run_command(char **argv, bool verbose)
{
    if (verbose) {
        fputs("wfc:", stderr);
        for (size_t i = 0; argv[i]; i++)
            fprintf(stderr, " %s", argv[i]);
        fputc('\n', stderr);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "wfc: cannot start the C compiler: %s\n", strerror(errno));
        return false;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "wfc: cannot run the C compiler \"%s\": %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return false;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return false;
    fprintf(stderr, "wfc: the C compiler failed (%s %d)\n", WIFEXITED(status) ? "status" : "signal",
            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return false;
}

/* Compiles the C file `c_file` into the program `exe`. */
static bool compile(const struct toolchain *tc, const char *c_file, const char *exe)
{
    struct words w = {NULL, 0, 0};
    words_split(&w, tc->cc);
    words_add(&w, "-std=c11");
    char opt[16];
    snprintf(opt, sizeof opt, "-O%s", tc->opt);
    words_add(&w, opt);
    words_split(&w, WFC_RUNNER_CFLAGS);
    char inc[PATH_MAX + 2];
    snprintf(inc, sizeof inc, "-I%s", tc->include);
    words_add(&w, inc);
    words_add(&w, "-o");
    words_add(&w, exe);
    words_add(&w, c_file);
    words_add(&w, tc->lib);
    words_split(&w, runner_libs());
    bool ok = run_command(w.v, tc->verbose);
    words_free(&w);
    return ok;
}

/* ---- generating the C ---- */

struct cgen_job {
    const wf_program *p;
    const char *name;
};

static bool write_c(FILE *out, void *ud, const char **why)
{
    const struct cgen_job *job = ud;
    if (wf_cgen_write(out, job->p, job->name))
        return true;
    *why = "cannot write the C file";
    return false;
}

/* Checks `file` and writes its C to `c_file`: 0, or the exit status. With
 * `warnings`, warnings are printed too (errors always are). */
static int generate(const char *file, const char *c_file, bool warnings)
{
    struct wf_cli_load c;
    int status = wf_cli_load(&c, &file, 1);
    if (status == 0 && !c.p->main) {
        /* The error that says so was silenced by a `# wfc: ignore` comment,
         * and the C backend needs a main; wfc expand says the same. */
        wf_diag_report(&c.d, WF_SEV_ERROR, NULL, wf_span_point(c.p->src, 1, 1),
                       "no workflow named \"main\" to compile");
        status = 1;
    }
    if (status || warnings)
        wf_diags_print_text(stderr, &c.d, isatty(STDERR_FILENO) && !getenv("NO_COLOR"));
    if (status == 0) {
        struct cgen_job job = {c.p, file};
        const char *why = NULL;
        enum wf_write_status w = wf_write_file_atomic(c.a, c_file, write_c, &job, &why);
        if (w != WF_WRITE_OK) {
            fprintf(stderr, "wfc: %s\n", why ? why : "cannot write the C file");
            status = 2;
        }
    }
    wf_cli_load_fini(&c);
    return status;
}

/* A new private directory for temporary files, or NULL. */
static char *temp_dir(void)
{
    const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    size_t n = strlen(base) + sizeof "/wfc-XXXXXX";
    char *dir = wf_xmalloc(n);
    snprintf(dir, n, "%s/wfc-XXXXXX", base);
    if (mkdtemp(dir))
        return dir;
    fprintf(stderr, "wfc: cannot create a temporary directory in %s: %s\n", base, strerror(errno));
    free(dir);
    return NULL;
}

/* `path` plus a suffix unique to this process, in the same directory. */
static char *temp_beside(const char *path, const char *what)
{
    size_t n = strlen(path) + strlen(what) + 32;
    char *s = wf_xmalloc(n);
    snprintf(s, n, "%s.%s%ld", path, what, (long)getpid());
    return s;
}

/* Builds `file` into `exe` (atomically), the C in `c_out` (kept) or in a
 * temporary directory. Returns the exit status. */
static int build_program(const struct toolchain *tc, const char *file, const char *exe,
                         const char *c_out, bool warnings)
{
    char *dir = NULL, *c_file = NULL;
    if (c_out) {
        c_file = wf_xmalloc(strlen(c_out) + 1);
        strcpy(c_file, c_out);
    } else {
        if (!(dir = temp_dir()))
            return 2;
        c_file = wf_xmalloc(strlen(dir) + sizeof "/workflow.c");
        sprintf(c_file, "%s/workflow.c", dir);
    }
    int status = generate(file, c_file, warnings);
    if (status == 0 && exe) {
        char *tmp = temp_beside(exe, "tmp");
        if (!compile(tc, c_file, tmp)) {
            status = 2;
        } else if (rename(tmp, exe) != 0) {
            fprintf(stderr, "wfc: cannot write %s: %s\n", exe, strerror(errno));
            status = 2;
        }
        unlink(tmp);
        free(tmp);
    }
    if (dir) {
        unlink(c_file);
        rmdir(dir);
    }
    free(c_file);
    free(dir);
    return status;
}

/* ---- options ---- */

struct build_opts {
    const char *file;
    const char *exe;   /* -o */
    const char *c_out; /* --emit-c */
    const char *opt;   /* -O */
    bool verbose;
    int rest; /* wfc run: the first argument for the runner */
};

/* -O LEVEL, -OLEVEL: -1 taken, 0 not this option, 2 usage error. */
static int opt_level(int argc, char **argv, int *i, const char **level)
{
    const char *arg = argv[*i];
    if (strncmp(arg, "-O", 2) != 0)
        return 0;
    const char *v = arg[2] ? arg + 2 : *i + 1 < argc ? argv[++*i] : "";
    if (strlen(v) != 1 || !strchr("0123sg", v[0])) {
        wf_cli_usage_error("-O takes 0, 1, 2, 3, s or g; got '%s'", v);
        return 2;
    }
    *level = v;
    return -1;
}

/* Parses the options of build (`run` false) or run; -1 to go on, else the
 * exit status. For run, the options come before FILE, and what follows
 * FILE is the runner's. */
static int parse_args(int argc, char **argv, bool run, struct build_opts *o)
{
    const char *cmd = run ? "run" : "build";
    bool missing = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v;
        int r;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
            return wf_cli_help(cmd);
        if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
            o->verbose = true;
        } else if ((r = opt_level(argc, argv, &i, &o->opt)) != 0) {
            if (r == 2)
                return 2;
        } else if (!run && (r = wf_cli_output_option(argc, argv, &i, &o->exe)) != 0) {
            if (r == 2)
                return 2;
        } else if (!run && strncmp(arg, "--emit-c", 8) == 0 && (arg[8] == '=' || !arg[8])) {
            v = wf_cli_option(argc, argv, &i, "--emit-c", NULL, &missing);
            if (!v || !*v) {
                wf_cli_usage_error("%s", "--emit-c takes a FILE");
                return 2;
            }
            o->c_out = v;
        } else if (strcmp(arg, "--") == 0 && i + 1 < argc && !o->file) {
            o->file = argv[++i];
            if (run) {
                o->rest = i + 1;
                break;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            wf_cli_usage_error("unknown option '%s' for %s", arg, cmd);
            return 2;
        } else if (!o->file) {
            o->file = arg;
            if (run) {
                o->rest = i + 1;
                break;
            }
        } else {
            wf_cli_usage_error("%s takes exactly one FILE", cmd);
            return 2;
        }
    }
    if (!o->file) {
        wf_cli_usage_error("%s needs a FILE", cmd);
        return 2;
    }
    if (!run && !o->exe && !o->c_out) {
        wf_cli_usage_error("%s", "build needs -o EXE (or --emit-c OUT.c for the C alone)");
        return 2;
    }
    return -1;
}

/* ---- wfc build ---- */

static int run_build(int argc, char **argv)
{
    struct build_opts o = {.opt = "2"};
    int status = parse_args(argc, argv, false, &o);
    if (status >= 0)
        return status;
    struct toolchain tc = {.opt = o.opt, .verbose = o.verbose};
    if (o.exe && !find_runtime(&tc))
        return 2;
    return build_program(&tc, o.file, o.exe, o.c_out, true);
}

static const char build_help[] =
    "usage: wfc build [OPTION]... FILE -o EXE\n"
    "\n"
    "Compiles the workflow FILE into the program EXE, which runs it: each\n"
    "workflow becomes a C function, each step C code, linked with libwfrt,\n"
    "the runtime. FILE is checked first as 'wfc lint' checks it; a file with\n"
    "lint errors is not compiled. The C compiler is $CC, or cc.\n"
    "\n"
    "EXE runs the workflow once: './EXE --data JSON' passes the argument of\n"
    "main (also --data-file F, --trace, --log-format text|json, --http-rewrite\n"
    "FROM=TO, --sleep-scale X, --max-steps N, --max-memory BYTES, --stub\n"
    "NAME=JSON, --stub-raise NAME=JSON, --stub-file FILE); it prints the\n"
    "result as JSON (exit 0) or the uncaught error as JSON on standard error\n"
    "(exit 1).\n"
    "Parallel steps run their branches on threads. Connectors are not sent\n"
    "to Google: their calls return what --stub gives, raise what --stub-raise\n"
    "gives, or fail with a SystemError.\n"
    "\n"
    "Options:\n"
    "  -o, --output EXE      the program to write (replaced only once complete)\n"
    "      --emit-c OUT.c    also write the generated C to OUT.c; without -o,\n"
    "                        write only the C\n"
    "  -O LEVEL              optimisation of the C compiler: 0, 1, 2 (default),\n"
    "                        3, s or g\n"
    "  -v, --verbose         show the compiler's command line\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 built, 1 the workflow has errors, 2 usage or I/O error or\n"
    "the C compiler failed.\n";

const struct wf_cli_command wf_cli_cmd_build = {
    "build",    "FILE",    "compile a workflow into a program that runs it (-o EXE)",
    build_help, run_build,
};

/* ---- wfc run ---- */

/* The whole text of a file into *out (malloc'd); false after a message. */
static bool read_all(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "wfc: %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t cap = 65536, n = 0;
    char *buf = wf_xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = wf_xrealloc(buf, cap *= 2);
    }
    bool ok = !ferror(f);
    fclose(f);
    if (!ok) {
        fprintf(stderr, "wfc: %s: cannot read\n", path);
        free(buf);
        return false;
    }
    *out = buf;
    *len = n;
    return true;
}

static void stamp(FILE *key, const char *what, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        fprintf(key, "%s %s %jd %jd.%09ld\n", what, path, (intmax_t)st.st_size,
                (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    else
        fprintf(key, "%s %s missing\n", what, path);
}

/* What a cached program must have been built from (malloc'd, *len bytes). */
static char *cache_key(const struct toolchain *tc, const char *file, const char *src, size_t srclen,
                       size_t *len)
{
    char *key = NULL;
    FILE *f = open_memstream(&key, len);
    if (!f)
        wf_fatal_oom();
    fprintf(f, "wfc %s\ncc %s\n-O%s\ncflags %s\nlibs %s\n", PACKAGE_VERSION, tc->cc, tc->opt,
            WFC_RUNNER_CFLAGS, runner_libs());
    stamp(f, "lib", tc->lib);
    char header[PATH_MAX + 8];
    snprintf(header, sizeof header, "%s/wfrt.h", tc->include);
    stamp(f, "header", header);
    stamp(f, "wfc", "/proc/self/exe");
    fprintf(f, "file %s\nsource %zu\n", file, srclen);
    fwrite(src, 1, srclen, f);
    fclose(f);
    return key;
}

/* FNV-1a, 64 bits: names the cache entry; the key file decides. */
static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* Creates each missing directory of `path`; false after a message. */
static bool make_dirs(char *path)
{
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
        *p = c;
        if (!ok) {
            fprintf(stderr, "wfc: cannot create the cache directory %s: %s\n", path,
                    strerror(errno));
            return false;
        }
        if (c == '\0')
            return true;
    }
}

/* The cache directory (malloc'd), created; NULL after a message. */
static char *cache_dir(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char *dir;
    if (xdg && xdg[0] == '/') {
        dir = wf_xmalloc(strlen(xdg) + sizeof "/wfc");
        sprintf(dir, "%s/wfc", xdg);
    } else if (home && home[0] == '/') {
        dir = wf_xmalloc(strlen(home) + sizeof "/.cache/wfc");
        sprintf(dir, "%s/.cache/wfc", home);
    } else {
        fprintf(stderr, "%s", "wfc: no cache directory: set XDG_CACHE_HOME or HOME\n");
        return NULL;
    }
    if (!make_dirs(dir)) {
        free(dir);
        return NULL;
    }
    return dir;
}

/* Whether file `path` holds exactly `key`. */
static bool same_key(const char *path, const char *key, size_t len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
        return false;
    char *got;
    size_t n;
    if (!read_all(path, &got, &n))
        return false;
    bool same = n == len && memcmp(got, key, len) == 0;
    free(got);
    return same;
}

static bool write_key(const char *path, const char *key, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(key, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Builds `file` into the cache entry `exe` and its key file. The old key
 * goes first and the new one comes last, so that a key file always
 * describes the program beside it. */
static int build_cached(const struct toolchain *tc, const char *file, const char *exe,
                        const char *key, size_t keylen)
{
    char *key_path = wf_xmalloc(strlen(exe) + sizeof ".key");
    sprintf(key_path, "%s.key", exe);
    char *key_tmp = temp_beside(key_path, "tmp");
    int status = 2;
    unlink(key_path);
    if (!write_key(key_tmp, key, keylen))
        fprintf(stderr, "wfc: cannot write %s: %s\n", key_tmp, strerror(errno));
    else if ((status = build_program(tc, file, exe, NULL, false)) == 0 &&
             rename(key_tmp, key_path) != 0)
        status = 2;
    unlink(key_tmp);
    free(key_tmp);
    free(key_path);
    return status;
}

static int run_run(int argc, char **argv)
{
    struct build_opts o = {.opt = "2"};
    int status = parse_args(argc, argv, true, &o);
    if (status >= 0)
        return status;
    struct toolchain tc = {.opt = o.opt, .verbose = o.verbose};
    char *src = NULL, *dir = NULL, *key = NULL, *exe = NULL;
    size_t srclen = 0, keylen = 0;
    status = 2;
    if (!find_runtime(&tc) || !read_all(o.file, &src, &srclen) || !(dir = cache_dir()))
        goto done;
    key = cache_key(&tc, o.file, src, srclen, &keylen);
    exe = wf_xmalloc(strlen(dir) + 32);
    sprintf(exe, "%s/%016" PRIx64, dir, fnv1a(key, keylen));
    char *key_path = wf_xmalloc(strlen(exe) + sizeof ".key");
    sprintf(key_path, "%s.key", exe);
    bool cached = is_file(exe) && access(exe, X_OK) == 0 && same_key(key_path, key, keylen);
    free(key_path);
    if (cached) {
        if (o.verbose)
            fprintf(stderr, "wfc: %s: cached in %s\n", o.file, exe);
    } else {
        if (o.verbose)
            fprintf(stderr, "wfc: %s: compiling into %s\n", o.file, exe);
        if ((status = build_cached(&tc, o.file, exe, key, keylen)) != 0)
            goto done;
    }
    /* The runner gets the arguments after FILE, and calls itself by the
     * command that ran it in its messages ("Try 'wfc run x.yaml --help'"). */
    struct words w = {NULL, 0, 0};
    char *me = malloc(strlen(o.file) + sizeof "wfc run ");
    if (!me)
        wf_fatal_oom();
    sprintf(me, "wfc run %s", o.file);
    words_add(&w, me);
    free(me);
    for (int i = o.rest; i < argc; i++)
        words_add(&w, argv[i]);
    fflush(NULL);
    execv(exe, w.v);
    fprintf(stderr, "wfc: cannot run %s: %s\n", exe, strerror(errno));
    words_free(&w);
done:
    free(src);
    free(dir);
    free(key);
    free(exe);
    return status;
}

static const char run_help[] =
    "usage: wfc run [OPTION]... FILE [RUNNER OPTION]...\n"
    "\n"
    "Compiles the workflow FILE as 'wfc build' does and runs it at once,\n"
    "with the runner options that follow FILE: --data JSON (the argument of\n"
    "main), --data-file F, --trace, --log-format text|json, --http-rewrite\n"
    "FROM=TO, --sleep-scale X, --max-steps N, --max-memory BYTES, --stub\n"
    "NAME=JSON, --stub-raise NAME=JSON, --stub-file FILE (what calls of the\n"
    "connector NAME return or raise). It prints the result as JSON (exit 0)\n"
    "or the uncaught error as JSON on standard error (exit 1).\n"
    "\n"
    "Programs are kept in $XDG_CACHE_HOME/wfc (else ~/.cache/wfc), under a\n"
    "hash of the file's name and text, the wfc and libwfrt that built them\n"
    "and the compiler and its options: running an unchanged file again does\n"
    "not compile it again. The cache is never cleaned by wfc; delete the\n"
    "directory at will. Lint errors stop the run (exit 1); warnings are not\n"
    "shown ('wfc lint' shows them).\n"
    "\n"
    "Options (before FILE):\n"
    "  -O LEVEL              optimisation of the C compiler: 0, 1, 2 (default),\n"
    "                        3, s or g\n"
    "  -v, --verbose         say whether the program is compiled or cached, and\n"
    "                        show the compiler's command line\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: that of the workflow's run (0 or 1); before it runs, 1 when\n"
    "the workflow has errors, 2 for a usage or I/O error or a failed\n"
    "compilation.\n";

const struct wf_cli_command wf_cli_cmd_run = {
    "run", "FILE [ARGS]", "compile a workflow (cached) and run it with ARGS", run_help, run_run,
};
