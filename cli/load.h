/*
 * load.h - what the commands that write a workflow (emit, graph, expand)
 * share with `wfc lint`: the settings of the nearest .wfc.yaml, the build,
 * the checks and the `# wfc:` comments; and how they read their options.
 */
#ifndef WF_CLI_LOAD_H
#define WF_CLI_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/settings.h"
#include "ir/ir.h"

struct wf_cli_load {
    wf_arena *a;
    wf_strtab *strs;
    wf_diags d; /* every diagnostic, sorted: the caller prints them */
    struct wf_policy policy;
    struct wf_lint_filter filter;
    wf_program *p; /* the first file's program, the others' subworkflows merged in; or NULL */
};

/* Reads paths[0] and the files of subworkflows after it (npaths >= 1)
 * with the settings `wfc lint paths[0]` would use, merges them into one
 * program and checks it. Returns 0 when there is no error (warnings may
 * be in c->d), 1 when there are errors (the program must not be written),
 * 2 when a file or the .wfc.yaml cannot be used (the .wfc.yaml's problems
 * are printed to stderr at once). Free with wf_cli_load_fini. */
int wf_cli_load(struct wf_cli_load *c, const char *const *paths, size_t npaths);
void wf_cli_load_fini(struct wf_cli_load *c);

/* The value of option `lng` (and its short form `shrt`, or NULL) at
 * argv[*i]: "--opt VALUE", "--opt=VALUE" or "-x VALUE", moving *i past it;
 * NULL when argv[*i] is another option, or when the value is missing, which
 * sets *missing. */
const char *wf_cli_option(int argc, char **argv, int *i, const char *lng, const char *shrt,
                          bool *missing);

/* The options every command that writes takes, at argv[*i]. Each returns
 * -1 when argv[*i] was that option (taken), 2 after a usage error, 0 when
 * argv[*i] is another option.
 *   -f, --format NAME: one of `names` (NULL-terminated), its index into *index
 *   -o, --output OUT: into *out */
int wf_cli_format_option(int argc, char **argv, int *i, const char *const *names, int *index);
int wf_cli_output_option(int argc, char **argv, int *i, const char **out);

/* The whole command line of a command that writes one FILE: -h/--help,
 * -f/--format, -o/--output, "--" and FILE ("-": standard input). Returns
 * -1 to go on, else the exit status (0 after --help). `cmd` names the
 * command in help and messages. */
int wf_cli_writer_args(int argc, char **argv, const char *cmd, const char *const *formats,
                       int *format, const char **output, const char **file);

#endif
