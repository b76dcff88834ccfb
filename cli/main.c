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

static int cmd_help(int argc, char **argv);
static int cmd_dump_ir(int argc, char **argv);

static const struct wf_cli_command cmd_dump = {
    "dump-ir",
    "FILE",
    "print the intermediate representation (for debugging)",
    "usage: wfc dump-ir [--no-positions] FILE\n"
    "\n"
    "Prints the intermediate representation of FILE: one line per step with its\n"
    "kind and position, then its parts, with every expression in canonical form.\n"
    "The format is for people and tests, not a stable interface.\n"
    "\n"
    "Options:\n"
    "  --no-positions  leave out the file name and the line:col positions, print\n"
    "                  numbers by value (1e3 as 1000) and map keys as the strings\n"
    "                  Workflows reads (1 as \"1\"): two files that mean the same\n"
    "                  print the same\n",
    cmd_dump_ir,
};

static const struct wf_cli_command cmd_help_ = {
    "help",
    "[TOPIC]",
    "show help for a command, a check id or \"functions\"",
    "usage: wfc help [TOPIC]\n"
    "\n"
    "Without a topic, the usage and the list of topics. A topic is a command,\n"
    "a check id (what it finds and how to fix it) or \"functions\" (the\n"
    "standard library).\n",
    cmd_help,
};

/* Every command, in the order `wfc --help` lists them. */
static const struct wf_cli_command *const commands[] = {
    &wf_cli_cmd_lint,   &wf_cli_cmd_graph, &wf_cli_cmd_emit,
    &wf_cli_cmd_expand, &wf_cli_cmd_build, &wf_cli_cmd_run,
    &cmd_dump,          &cmd_help_,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct wf_cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

bool wf_cli_wants_help(int argc, char **argv)
{
    return argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
}

static void usage(FILE *out)
{
    fputs("usage: wfc COMMAND [OPTION]... FILE...\n"
          "\n"
          "A toolchain for Google Cloud Workflows definitions (YAML or JSON).\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char head[40];
        snprintf(head, sizeof head, "%s %s", commands[i]->name, commands[i]->args);
        fprintf(out, "  %-16s  %s\n", head, commands[i]->summary);
    }
    fputs("\n"
          "Options:\n"
          "  -h, --help        show this help\n"
          "  -V, --version     show the version\n"
          "\n"
          "Exit status: 0 clean, 1 findings, 2 usage, I/O or internal error.\n"
          "Run 'wfc help lint' for the lint options, 'wfc help' for every help topic\n"
          "and 'man wfc' for the manual.\n",
          out);
}

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
    usage(stdout);
    fputs("\n"
          "Help topics ('wfc help TOPIC'):\n",
          stdout);
    char names[80] = "";
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i]->run != cmd_help)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     *names ? ", " : "", commands[i]->name);
    printf("  %-16s  the options of a command: %s\n", "COMMAND", names);
    fputs("  functions         the Workflows standard library, function by function\n"
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
    const char *cands[WF_CHK_COUNT + NCOMMANDS + 1] = {"functions"};
    size_t n = 1;
    for (size_t i = 0; i < NCOMMANDS; i++)
        cands[n++] = commands[i]->name;
    for (size_t i = 0; i < WF_CHK_COUNT; i++)
        cands[n++] = wf_check_infos[i].id;
    const char *near = wf_suggest(topic, cands, n);
    if (near)
        wf_cli_usage_error("no help for '%s'; did you mean '%s'?", topic, near);
    else
        wf_cli_usage_error("no help for '%s': not a command, a check id or 'functions'", topic);
}

int wf_cli_help(const char *topic)
{
    const char *page;
    const struct wf_cli_command *c;
    if (!topic)
        help_topics();
    else if ((c = find_command(topic)) != NULL)
        fputs(c->help, stdout);
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
    if (wf_cli_wants_help(argc, argv))
        return wf_cli_help("dump-ir");
    bool positions = true;
    if (argc == 3 && strcmp(argv[1], "--no-positions") == 0) {
        positions = false;
        argv++;
        argc--;
    }
    if (argc != 2) {
        wf_cli_usage_error("%s", "dump-ir takes exactly one FILE");
        return 2;
    }
    wf_arena *a = wf_arena_new();
    wf_strtab *strs = wf_strtab_new(a);
    wf_diags d;
    wf_diags_init(&d, a);
    wf_program *p = wf_build_file(a, strs, argv[1], &d);
    if (p && positions)
        wf_ir_dump(stdout, p);
    else if (p)
        wf_ir_dump_without_positions(stdout, p);
    wf_diags_sort(&d);
    wf_diags_print_text(stderr, &d, false);
    int status = wf_cli_status(&d);
    wf_diags_fini(&d);
    wf_arena_free(a);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("wfc %s\n", PACKAGE_VERSION);
        return 0;
    }
    const struct wf_cli_command *c = find_command(cmd);
    if (c)
        return c->run(argc - 1, argv + 1);
    wf_cli_usage_error("unknown command '%s'", cmd);
    return 2;
}
