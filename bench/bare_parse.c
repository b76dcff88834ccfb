/*
 * bare_parse.c - the floor of `make bench`: reads each file whole into
 * memory, as support/source.c does for wfc, and runs libyaml's event
 * parser over it from memory, as frontend/yaml.c does, deleting each event
 * as soon as it arrives.
 *
 *   bare_parse FILE...   exit 0, or 1 when a file cannot be read or parsed
 *
 * It builds nothing and checks nothing else: no node tree, no IR, no
 * expressions, no UTF-8 scan, no diagnostics beyond one line per failed
 * file. Whatever wfc spends above this program is wfc's own cost.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Reads the whole file; returns a malloc'ed buffer (caller frees) or NULL. */
static char *read_file(const char *path, size_t *len)
{
    char *buf = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        goto done;
    size_t size = (size_t)st.st_size, got = 0;
    buf = malloc(size + 1);
    if (!buf)
        goto done;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    *len = got;
done:
    close(fd);
    return buf;
}

/* Runs the event parser to the end of the stream; false on a YAML error. */
static bool parse(const char *text, size_t len)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = true, done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            ok = false;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bare_parse FILE...\n", stderr);
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        char *text = read_file(argv[i], &len);
        if (!text) {
            fprintf(stderr, "bare_parse: %s: cannot read\n", argv[i]);
            status = 1;
            continue;
        }
        if (!parse(text, len)) {
            fprintf(stderr, "bare_parse: %s: not valid YAML\n", argv[i]);
            status = 1;
        }
        free(text);
    }
    return status;
}
