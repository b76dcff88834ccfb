/*
 * resolve.h - what the names of a program mean: variables and their scopes,
 * every read of a variable bound to its declaration and classified by the
 * control flow (defined on every path, on some, on none), `next:` targets
 * bound to steps, call targets bound to subworkflows or the standard
 * library, and which steps can run at all.
 *
 * ir/resolve.c (scopes, variables, uses, calls) and ir/flow.c (the control
 * flow graph and the analyses over it) fill these in; they report nothing.
 * Checks read the results and decide what is wrong.
 * Scoping rules: ../shared/spec/syntax.md §4.
 */
#ifndef WF_RESOLVE_H
#define WF_RESOLVE_H

#include "ir/ir.h"

/* Resolves every name of `p`; fills p->subs[i]->names and each step's
 * `names`. Allocates in the program's arena; reports nothing. */
void wf_resolve(wf_program *p);

/* The variable `name` (interned) visible from `scope`, or NULL. */
wf_var *wf_resolve_lookup(const wf_sub *sub, const wf_scope *scope, const char *name);

/* The innermost enclosing for loop (or parallel for) of a step, as its
 * scope; NULL outside loops, and in a parallel branch whose loop lies
 * outside the branch (a branch cannot be left by a jump). `parallel` says
 * whether a parallel for counts. */
const wf_scope *wf_resolve_loop_of(const wf_scope *scope, bool parallel);

/* Whether call step `st` fetches: reads a resource the way a polling loop
 * does (http.get, http.request with method GET, a connector's "get"), by
 * itself or through the subworkflow it calls. */
bool wf_resolve_fetches(const wf_step *st);

/* Whether call step `st` waits (sys.sleep, sys.sleep_until,
 * events.await_callback), by itself or through the subworkflow it calls. */
bool wf_resolve_waits(const wf_step *st);

/* ir/flow.c: builds the control flow graph of `sub` and fills in which
 * steps are reachable, the state of every read and which jumps close a
 * busy polling loop (wf_next.busy). Called by wf_resolve. */
void wf_flow_analyse(wf_program *p, wf_sub *sub);

#endif
