/*
 * main.c - the wfc driver: options, subcommands, exit codes.
 *
 * Exit codes everywhere: 0 clean, 1 findings, 2 usage, I/O or internal
 * error. Each subcommand owns one arena per input file, so memory is
 * released file by file however many files a run takes.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "frontend/build.h"
#include "ir/report.h"
#include "ir/stdlib.h"
#include "support/suggest.h"

static const char usage_text[] =
    "usage: wfc COMMAND [OPTION]... FILE...\n"
    "\n"
    "A toolchain for Google Cloud Workflows definitions (YAML or JSON).\n"
    "\n"
    "Commands:\n"
    "  lint FILE...      check workflows for mistakes before they deploy\n"
    "  dump-ir FILE      print the intermediate representation (for debugging)\n"
    "  help [TOPIC]      show help for a command, a check id or \"functions\"\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help\n"
    "  -V, --version     show the version\n"
    "\n"
    "Exit status: 0 clean, 1 findings, 2 usage, I/O or internal error.\n"
    "Run 'wfc help lint' for the lint options, 'wfc help' for every help topic\n"
    "and 'man wfc' for the manual.\n";

static const char lint_help[] =
    "usage: wfc lint [OPTION]... FILE...\n"
    "\n"
    "Checks each workflow file (\"-\" reads standard input) and prints one\n"
    "diagnostic per problem:\n"
    "  FILE:LINE:COL: SEVERITY: MESSAGE [CHECK-ID]\n"
    "followed by the source line and a caret.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT   text (default), json, sarif (SARIF 2.1.0, for code\n"
    "                        scanning) or github (GitHub Actions annotations)\n"
    "      --enable ID[,ID]  turn checks on (may be repeated)\n"
    "      --disable ID[,ID] turn checks off (may be repeated)\n"
    "      --strict          report every warning as an error\n"
    "      --config FILE     read the settings from FILE instead of searching\n"
    "                        for .wfc.yaml\n"
    "      --no-config       read no .wfc.yaml\n"
    "      --color WHEN      auto (default), always or never; NO_COLOR disables auto\n"
    "      --list-checks     list every check with its id, severity and summary\n"
    "  -h, --help            show this help\n"
    "\n"
    "Settings come from the first .wfc.yaml found in the file's directory or\n"
    "above it, then from the command line, which wins:\n"
    "  disable: [ID, ...]\n"
    "  enable: [ID, ...]\n"
    "  severity: {ID: error | warning | note | off, ...}\n"
    "A comment \"# wfc: ignore[ID,...]\" (\"# wfc: ignore\": every check) at the\n"
    "end of a line, or alone on the line above, silences those checks there.\n"
    "'wfc help ID' explains a check.\n"
    "\n"
    "Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O error\n"
    "(a file that cannot be read is reported and the other files are still\n"
    "checked).\n";

static const char dump_help[] =
    "usage: wfc dump-ir FILE\n"
    "\n"
    "Prints the intermediate representation of FILE: one line per step with its\n"
    "kind and position, then its parts, with every expression in canonical form.\n"
    "The format is for people and tests, not a stable interface.\n";

void wf_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wfc: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'wfc --help' for more information.\n", stderr);
}

/* `wfc help` without a topic: the usage, then every topic. */
static void help_topics(void)
{
    fputs(usage_text, stdout);
    fputs("\n"
          "Help topics ('wfc help TOPIC'):\n"
          "  lint, dump-ir     the options of a command\n"
          "  functions         the Workflows standard library, function by function\n"
          "  CHECK-ID          what a check finds and how to fix it; the checks are\n",
          stdout);
    int col = 0;
    for (size_t i = 0; i < WF_CHK_COUNT; i++) {
        const char *id = wf_check_infos[i].id;
        int w = (int)strlen(id) + (i + 1 < WF_CHK_COUNT ? 1 : 0);
        if (col > 0 && col + 1 + w > 76) {
            fputc('\n', stdout);
            col = 0;
        }
        printf("%s%s%s", col ? " " : "    ", id, i + 1 < WF_CHK_COUNT ? "," : "\n");
        col += (col ? 1 : 4) + w;
    }
}

/* The embedded page of check `id`, or NULL. */
static const char *check_page(const char *id)
{
    for (size_t i = 0; i < wf_cli_ndocs; i++)
        if (strcmp(wf_cli_docs[i].id, id) == 0)
            return wf_cli_docs[i].text;
    return NULL;
}

/* "no help for 'x'", with the closest topic when there is one. */
static void unknown_topic(const char *topic)
{
    const char *cands[WF_CHK_COUNT + 3] = {"lint", "dump-ir", "functions"};
    for (size_t i = 0; i < WF_CHK_COUNT; i++)
        cands[i + 3] = wf_check_infos[i].id;
    const char *near = wf_suggest(topic, cands, WF_CHK_COUNT + 3);
    if (near)
        wf_cli_usage_error("no help for '%s'; did you mean '%s'?", topic, near);
    else
        wf_cli_usage_error("no help for '%s': not a command, a check id or 'functions'", topic);
}

int wf_cli_help(const char *topic)
{
    const char *page;
    if (!topic)
        help_topics();
    else if (strcmp(topic, "lint") == 0)
        fputs(lint_help, stdout);
    else if (strcmp(topic, "dump-ir") == 0)
        fputs(dump_help, stdout);
    else if (strcmp(topic, "functions") == 0)
        wf_stdlib_print_help(stdout);
    else if ((page = check_page(topic)) != NULL)
        fputs(page, stdout);
    else if (wf_check_find(topic))
        printf("%s: %s\n(no page in docs/checks/ yet)\n", topic, wf_check_find(topic)->summary);
    else {
        unknown_topic(topic);
        return 2;
    }
    return 0;
}

static int cmd_help(int argc, char **argv)
{
    return wf_cli_help(argc < 2 ? NULL : argv[1]);
}

static int cmd_dump_ir(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return wf_cli_help("dump-ir");
    if (argc != 2) {
        wf_cli_usage_error("%s", "dump-ir takes exactly one FILE");
        return 2;
    }
    wf_arena *a = wf_arena_new();
    wf_strtab *strs = wf_strtab_new(a);
    wf_diags d;
    wf_diags_init(&d, a);
    wf_program *p = wf_build_file(a, strs, argv[1], &d);
    if (p)
        wf_ir_dump(stdout, p);
    wf_diags_sort(&d);
    wf_diags_print_text(stderr, &d, false);
    int status = wf_cli_status(&d);
    wf_diags_fini(&d);
    wf_arena_free(a);
    return status;
}

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
    {"lint", wf_cli_lint},
    {"dump-ir", cmd_dump_ir},
    {"help", cmd_help},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("wfc %s\n", PACKAGE_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    wf_cli_usage_error("unknown command '%s'", cmd);
    return 2;
}
