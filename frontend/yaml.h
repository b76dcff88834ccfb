/*
 * yaml.h - loading a YAML or JSON workflow file into a node tree (ir/node.h)
 * with exact positions.
 *
 * JSON goes through the same libyaml parser (JSON is YAML flow syntax), so
 * positions and diagnostics are the same for both. The loader resolves
 * anchors and aliases (aliases share the anchored node), rejects duplicate
 * keys, several documents, and documents that expand without bound, and
 * types every scalar (YAML 1.2 core schema: quoted scalars are strings).
 * It knows nothing about workflows; frontend/build.c turns the tree into IR.
 */
#ifndef WF_YAML_H
#define WF_YAML_H

#include "ir/node.h"
#include "support/diag.h"

/* Nesting deeper than this is refused (it would only be an attack). */
#define WF_YAML_MAX_DEPTH 1000

/* Aliases may add at most this many nodes to the expanded document. */
#define WF_YAML_MAX_ALIAS_NODES 100000

/* A document may have at most this many nodes (scalars, lists, maps, each
 * key a node; aliases expanded). Workflows deploys at most 128 KB, a few
 * thousand nodes; the 100,000 steps that `make bench` lints are 1.5 million.
 * Past this bound the memory of the tree and IR would near
 * WF_ARENA_BUDGET (support/arena.h); this way the error has a position. */
#define WF_YAML_MAX_NODES 1600000

/* Loads `src`. Returns the root node, or NULL when the file cannot be used
 * at all (the reason is reported to `d` as yaml-syntax). Problems that leave
 * a usable tree (a duplicate key, say) are reported and the tree returned. */
wf_node *wf_yaml_load(wf_arena *a, const wf_source *src, wf_diags *d);

#endif
