/*
 * emit.h - writing a node tree (ir/node.h) as YAML or JSON text that reads
 * back as the same tree, for `wfc emit` and the other commands that print
 * workflows (`wfc expand`).
 *
 * The writer follows the node kinds, not the source: scalar styles, comments,
 * anchors and the author's number spellings are not kept (an alias is
 * written as the content it stands for). Nodes built in memory, without
 * source spans, are written like loaded ones. The rules for quoting YAML
 * scalars are at the top of backends/emit.c.
 */
#ifndef WF_EMIT_H
#define WF_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "ir/node.h"
#include "support/arena.h"

enum wf_emit_format { WF_EMIT_YAML, WF_EMIT_JSON };

/* Collections nested deeper than this are refused: the loader
 * (frontend/yaml.h, WF_YAML_MAX_DEPTH) could not read them back. */
#define WF_EMIT_MAX_DEPTH 1000

/* Whether the tree at `root` can be written in `fmt`. When it cannot,
 * *at is the first node in the way (for a missing node its parent, NULL
 * when root is NULL) and *why (static) says what is wrong: infinity
 * or NaN in JSON, a list or map used as a key in JSON, text that is not
 * UTF-8, an expression node with neither text nor tree, a missing (NULL)
 * node, nesting deeper than WF_EMIT_MAX_DEPTH. */
bool wf_emit_check(const wf_node *root, enum wf_emit_format fmt, const wf_node **at,
                   const char **why);

/* Writes `root` to `out` as one document that ends with a newline:
 * block-style YAML with 2-space indentation, or JSON with 2-space
 * indentation. Scalars of nodes built in memory need their text only
 * when they are strings or expressions: `text` with `len` bytes (len 0:
 * up to the NUL), or for an expression without text its parsed tree. The
 * tree is checked first (wf_emit_check): when it cannot be written,
 * nothing is written and false returned with the reason in *why (static).
 * Write errors are the caller's to detect (ferror). */
bool wf_emit(FILE *out, const wf_node *root, enum wf_emit_format fmt, const char **why);

/* A function that writes a whole output to `out`; false (with a reason in
 * *why) when it refuses to, having written nothing that matters. */
typedef bool (*wf_emit_writer)(FILE *out, void *ud, const char **why);

/* What wf_write_file_atomic did. */
enum wf_write_status {
    WF_WRITE_OK = 0,      /* `path` holds the output */
    WF_WRITE_REFUSED = 1, /* the writer returned false; *why is its reason */
    WF_WRITE_IO = 2,      /* an I/O error; *why names the file and the error */
};

/* Writes what `writer` produces to `path` atomically: into a new file in
 * the same directory, flushed to disk, then renamed over `path`. On any
 * failure the temporary file is removed and `path` is left as it was; no
 * partial file is ever seen there. A new file gets the usual permissions
 * (0666 less the umask), a replaced one keeps its mode; a symbolic link is
 * followed (the file it names is replaced). `path` "-" writes to standard
 * output, and a device or FIFO is written to directly (neither can be
 * replaced). Messages about I/O ("cannot write PATH: REASON") are
 * allocated in `a`. */
enum wf_write_status wf_write_file_atomic(wf_arena *a, const char *path, wf_emit_writer writer,
                                          void *ud, const char **why);

#endif
