/*
 * schema.c - the table of ir/schema.h. Each shape lists its keys in the
 * order the documentation presents them; emitters write keys in this order.
 */
#include "config.h"

#include "ir/schema.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define REQ WF_KEY_REQUIRED
#define ACT WF_KEY_ACTION

/* clang-format off */
static const struct wf_key backoff_keys[] = {
    {"initial_delay", WF_VT_NUM_OR_EXPR, 0, NULL, NULL, NULL},
    {"max_delay",     WF_VT_NUM_OR_EXPR, 0, NULL, NULL, NULL},
    {"multiplier",    WF_VT_NUM_OR_EXPR, 0, NULL, NULL, NULL},
};
const struct wf_shape wf_shape_backoff = {"a backoff map", NULL, backoff_keys, N(backoff_keys), 0, NULL};

/* Which retry keys are required is unconfirmed (spec/syntax.md §2.7: the
 * schemas disagree); none is required here, as in Google's schema. */
static const struct wf_key retry_keys[] = {
    {"predicate",   WF_VT_SCALAR,      0, NULL, NULL, NULL},
    {"max_retries", WF_VT_NUM_OR_EXPR, 0, NULL, NULL, NULL},
    {"backoff",     WF_VT_SHAPE,       0, NULL, &wf_shape_backoff, NULL},
};
const struct wf_shape wf_shape_retry = {"a retry policy", NULL, retry_keys, N(retry_keys), 0, NULL};

static const struct wf_key except_keys[] = {
    {"as",    WF_VT_VAR,   0,   NULL, NULL, NULL},
    {"steps", WF_VT_STEPS, REQ, NULL, NULL, NULL},
};
const struct wf_shape wf_shape_except = {"an except block", NULL, except_keys, N(except_keys), 0, NULL};

static const struct wf_key loop_keys[] = {
    {"value", WF_VT_VAR,          REQ, NULL, NULL, NULL},
    {"index", WF_VT_VAR,          0,   NULL, NULL, NULL},
    {"in",    WF_VT_LIST_OR_EXPR, ACT, NULL, NULL, NULL},
    {"range", WF_VT_LIST_OR_EXPR, ACT, NULL, NULL, NULL},
    {"steps", WF_VT_STEPS,        REQ, NULL, NULL, NULL},
};
const struct wf_shape wf_shape_loop = {"a for loop", "\"in\" or \"range\"", loop_keys, N(loop_keys),
                                       WF_SHAPE_NEEDS_ACTION, NULL};

static const struct wf_key branch_keys[] = {
    {"steps", WF_VT_STEPS, REQ, NULL, NULL, NULL},
};
const struct wf_shape wf_shape_branch = {"a parallel branch", NULL, branch_keys, N(branch_keys), 0, NULL};

static const struct wf_key parallel_keys[] = {
    {"shared",            WF_VT_VARS,        0,   NULL, NULL, NULL},
    {"concurrency_limit", WF_VT_NUM_OR_EXPR, 0,   NULL, NULL, NULL},
    {"exception_policy",  WF_VT_LITERAL,     0,   NULL, NULL, "continueAll"},
    {"branches",          WF_VT_BRANCHES,    ACT, NULL, NULL, NULL},
    {"for",               WF_VT_SHAPE,       ACT, NULL, &wf_shape_loop, NULL},
};
const struct wf_shape wf_shape_parallel = {"a parallel step", "\"branches\" or \"for\"", parallel_keys,
                                           N(parallel_keys), WF_SHAPE_NEEDS_ACTION, NULL};

/* SYNC step-kinds: the ACTION keys here are the rows of wf_step_kinds. */
static const struct wf_key step_keys[] = {
    {"assign",   WF_VT_ASSIGNS,       ACT, NULL,  NULL, NULL},
    {"call",     WF_VT_CALL_TARGET,   ACT, NULL,  NULL, NULL},
    {"args",     WF_VT_ARGS,          0,   "call", NULL, NULL},
    {"result",   WF_VT_VAR,           0,   "call", NULL, NULL},
    {"switch",   WF_VT_CASES,         ACT, NULL,  NULL, NULL},
    {"for",      WF_VT_SHAPE,         ACT, NULL,  &wf_shape_loop, NULL},
    {"parallel", WF_VT_SHAPE,         ACT, NULL,  &wf_shape_parallel, NULL},
    {"try",      WF_VT_SHAPE,         ACT, NULL,  &wf_shape_step, NULL},
    {"retry",    WF_VT_SHAPE_OR_EXPR, 0,   "try", &wf_shape_retry, NULL},
    {"except",   WF_VT_SHAPE,         0,   "try", &wf_shape_except, NULL},
    {"raise",    WF_VT_ANY,           ACT, NULL,  NULL, NULL},
    {"return",   WF_VT_ANY,           ACT, NULL,  NULL, NULL},
    {"steps",    WF_VT_STEPS,         ACT, NULL,  NULL, NULL},
    {"next",     WF_VT_STEP_NAME,     0,   NULL,  NULL, NULL},
};
#define STEP_ACTIONS "assign, call, switch, for, parallel, try, raise, return or steps"
const struct wf_shape wf_shape_step = {"a step", STEP_ACTIONS, step_keys, N(step_keys),
                                       WF_SHAPE_STEP_BODY, NULL};

/* A switch entry: a condition, then what a step body may hold (Google's
 * schema accepts every step key inside an entry). */
static const struct wf_key case_keys[] = {
    {"condition", WF_VT_SCALAR, REQ, NULL, NULL, NULL},
};
const struct wf_shape wf_shape_case = {"a switch condition", STEP_ACTIONS, case_keys, N(case_keys), 0,
                                       &wf_shape_step};

static const struct wf_key workflow_keys[] = {
    {"params", WF_VT_PARAMS, 0,   NULL, NULL, NULL},
    {"steps",  WF_VT_STEPS,  REQ, NULL, NULL, NULL},
};
const struct wf_shape wf_shape_workflow = {"a workflow", NULL, workflow_keys, N(workflow_keys), 0, NULL};

const struct wf_step_kind_info wf_step_kinds[WF_STEP_KIND_COUNT] = {
    {WF_STEP_ASSIGN,   "assign",   "assign"},
    {WF_STEP_CALL,     "call",     "call"},
    {WF_STEP_SWITCH,   "switch",   "switch"},
    {WF_STEP_FOR,      "for",      "for"},
    {WF_STEP_PARALLEL, "parallel", "parallel"},
    {WF_STEP_TRY,      "try",      "try"},
    {WF_STEP_RAISE,    "raise",    "raise"},
    {WF_STEP_RETURN,   "return",   "return"},
    {WF_STEP_STEPS,    "steps",    "steps"},
    {WF_STEP_JUMP,     "next",     "jump"},
};

const char *const wf_reserved_words[] = {
    "args", "assign", "branches", "break", "call", "condition", "continue", "end", "except",
    "for", "main", "next", "parallel", "params", "raise", "result", "retry", "return", "steps",
    "switch", "try", NULL,
};
/* clang-format on */

const struct wf_key *wf_shape_key(const struct wf_shape *shape, const char *name)
{
    for (; shape; shape = shape->base)
        for (size_t i = 0; i < shape->nkeys; i++)
            if (strcmp(shape->keys[i].name, name) == 0)
                return &shape->keys[i];
    return NULL;
}

enum wf_step_kind wf_step_kind_of_key(const char *key)
{
    for (int k = 0; k < WF_STEP_JUMP; k++)
        if (strcmp(wf_step_kinds[k].key, key) == 0)
            return (enum wf_step_kind)k;
    return WF_STEP_KIND_COUNT;
}

const char *wf_step_kind_name(enum wf_step_kind kind)
{
    return kind < WF_STEP_KIND_COUNT ? wf_step_kinds[kind].name : "invalid";
}
