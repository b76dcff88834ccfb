/*
 * cgen_impl.h - what the two files of the C backend share: the state of
 * the program and of the C function being written, and how code is
 * emitted into it. backends/cgen.c writes programs, functions and steps;
 * backends/cgen_expr.c writes expressions and values. Not for other users:
 * the interface is backends/cgen.h.
 *
 * The shape of a generated function (shown in full at the top of cgen.c):
 * variables live in the array `v` (one slot per variable of the
 * workflow, by its id, then hidden slots for loop lists and caught
 * errors), temporaries of the statement being evaluated in the array `t`.
 * The function of a parallel branch has its own `v` for the variables the
 * branch creates and reaches those of the code around it through `up`
 * (cg_var says which).
 * A statement that fails jumps to the label of its handler (the innermost
 * try, else the function's exit), which releases every temporary, so no
 * statement needs cleanup code of its own; a statement that succeeds
 * releases its temporaries at its end.
 */
#ifndef WF_CGEN_IMPL_H
#define WF_CGEN_IMPL_H

#include <stdio.h>

#include "ir/ir.h"
#include "ir/resolve.h"
#include "support/arena.h"

/* The whole program: which workflows are written, in which order. */
struct cg {
    const wf_program *p;
    wf_arena *a;
    bool *queued;  /* per p->subs[i]: reached from main, to be written */
    size_t *order; /* indexes into p->subs, in the order they were reached */
    size_t norder;
    bool *fns;  /* per entry of wf_stdlib: called, so declared */
    int npars;  /* functions of parallel branches written: wf_par_0 ... */
    FILE *pars; /* their definitions, into pars_buf (open_memstream) */
    char *pars_buf;
    size_t pars_len;
};

struct cg_loop {
    int cont, brk; /* labels of `next: continue` and `next: break` */
    bool par;      /* the body of a parallel for: break also stops new iterations */
};

/* The C function being written, for one workflow. */
struct fn {
    struct cg *G;
    const wf_sub *sub;
    FILE *out; /* the body, into buf (open_memstream) */
    char *buf;
    size_t len;
    int depth; /* of braces, for indentation */
    /* Labels are numbers; bit 1 of labels[i] says a goto uses it, bit 2
     * that it is placed. Only used labels are written. */
    unsigned char *labels;
    int nlabels, caplabels;
    /* Named step -> its label (open addressing on the pointer). */
    const wf_step **step_keys;
    int *step_labels;
    size_t step_cap, step_count;
    int end, fail; /* the function's exits: success, failure */
    int handler;   /* where a failing statement jumps */
    int ntemps;    /* temporaries of the current statement */
    int maxtemps;
    int nslots; /* variables, then hidden slots */
    bool uses_c;
    int nranges, ncounters, nretries;
    struct cg_loop *loops; /* enclosing for loops, innermost last */
    int nloops, caploops;
    /* Parallel steps: the function of a workflow is level 0, that of a
     * branch (or a parallel for's body) one more than the code around its
     * step. pars[l] is the step whose branches run the code of level l + 1. */
    int level;
    const wf_step **pars;
    int done;    /* a branch's function: its normal end (`end` is a return) */
    bool locked; /* in an assignment to a shared variable: the lock is held */
};

/* A value the C code can name: a constant (a scalar), a temporary t[i]
 * or a variable slot v[i]. `text` borrows it; `own` is a new reference a
 * consuming function may take (a temporary is moved out, a variable
 * retained). */
struct opnd {
    char text[64];
    char own[80];
};

/* ---- emitting (cgen.c) ---- */

/* One line of C at the current indentation. */
void cg_line(struct fn *F, const char *fmt, ...) WF_PRINTF(2, 3);
/* `if (!CALL) goto HANDLER;` */
void cg_check(struct fn *F, const char *fmt, ...) WF_PRINTF(2, 3);
/* Sets a SystemError, TypeError, ... (`tag` is a WFRT_TAG_* macro name)
 * with message `msg` and jumps to the handler. */
void cg_fail(struct fn *F, const char *tag, const char *msg);
/* `s` (len bytes) as a C string literal, in the arena. */
const char *cg_lit(struct fn *F, const char *s, size_t len);
const char *cg_lit_cstr(struct fn *F, const char *s);
/* Marks label `l` used and returns it, for "goto L%d". */
int cg_use(struct fn *F, int l);
int cg_new_label(struct fn *F);
void cg_place(struct fn *F, int l);
/* A new temporary of the current statement. */
int cg_temp(struct fn *F);
/* Ends a statement: releases its temporaries. */
void cg_stmt_end(struct fn *F);
/* The index of `sub` in the program, queued to be written. */
size_t cg_sub_ref(struct fn *F, const wf_sub *sub);
/* The C lvalue of slot `slot` (a variable's id, or a hidden slot): v[i]
 * in the function that owns it, up[l][i] for the variable of the code
 * around a branch at level l. */
const char *cg_var(struct fn *F, int slot);
/* Whether slot `slot` is a shared variable of the code around the branch
 * being written, which other branches may assign at the same time: it is
 * read and written under the lock (wfrt_par_get, wfrt_par_put), unless
 * F->locked says the lock is held. */
bool cg_guarded(struct fn *F, int slot);

/* ---- values (cgen_expr.c) ---- */

struct opnd cg_const(const char *fmt, ...) WF_PRINTF(1, 2);
struct opnd cg_temp_opnd(int t);
/* Variable slot `slot` as an operand (borrowed: see cg_var). */
struct opnd cg_slot_opnd(struct fn *F, int slot);
/* The value of an expression or of a value as written (a template:
 * scalars, lists and maps with expressions anywhere). */
struct opnd cg_expr(struct fn *F, const wf_expr *e);
struct opnd cg_node(struct fn *F, const wf_node *n);
/* "wfrt_fn_text_split" for "text.split". */
const char *cg_fn_symbol(struct fn *F, const char *dotted);
/* Calls library function `fn` with `nargs` operand texts (borrowed) into
 * temporary `t`; absent arguments are "wfrt_absent()". */
void cg_call_fn(struct fn *F, const struct wf_func *fn, const char *const *args, unsigned nargs,
                int t);
/* Calls the workflow p->subs[index] with its parameters' operand texts. */
void cg_call_sub(struct fn *F, size_t index, const char *const *args, size_t nargs, int t);

#endif
