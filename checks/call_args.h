/*
 * call_args.h - matching the arguments of a call against the parameters of
 * its callee (a library function or a subworkflow), for the three checks
 * missing-argument, unknown-argument and too-many-arguments. Each check
 * calls the matcher and keeps the problems of its own kind.
 */
#ifndef WF_CALL_ARGS_H
#define WF_CALL_ARGS_H

#include "checks/checks.h"

enum wf_arg_problem {
    WF_ARG_MISSING,  /* a required argument is absent */
    WF_ARG_UNKNOWN,  /* an argument the callee does not take */
    WF_ARG_TOO_MANY, /* more positional arguments than parameters */
};

/* Reports, as check `id`, every problem of kind `kind` in the arguments of
 * call step `st`. */
void wf_call_args_step(struct wf_check_ctx *cx, const wf_step *st, enum wf_arg_problem kind,
                       enum wf_check_id id);

/* The same for expression node `e` (a call or not), held by `scalar`. */
void wf_call_args_expr(struct wf_check_ctx *cx, const wf_node *scalar, const wf_expr *e,
                       enum wf_arg_problem kind, enum wf_check_id id);

#endif
