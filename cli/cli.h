/*
 * cli.h - what the subcommands of the wfc driver share.
 */
#ifndef WF_CLI_H
#define WF_CLI_H

#include "support/diag.h"

/* `wfc lint`: argv[0] is "lint". Returns the exit status. */
int wf_cli_lint(int argc, char **argv);

/* Prints the help of `command` (NULL: the general usage) to stdout; returns
 * the exit status (2 for an unknown command). */
int wf_cli_help(const char *command);

/* Prints "wfc: MESSAGE" and the --help hint to stderr. */
void wf_cli_usage_error(const char *fmt, ...) WF_PRINTF(1, 2);

/* The exit status for a file's diagnostics: 2 when it could not be read,
 * 1 when there are errors or warnings, else 0. */
int wf_cli_status(const wf_diags *d);

#endif
