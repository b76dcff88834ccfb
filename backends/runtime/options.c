/*
 * options.c - the settings of one execution (wfrt.h, struct wfrt_options),
 * with their defaults: what the runner's command line changes.
 */
#include "config.h"

#include "backends/runtime/wfrt.h"

struct wfrt_options wfrt_opts = {
    .trace = false,
    .log_json = false,
    .sleep_scale = 1.0,
    .rewrites = NULL,
    .nrewrites = 0,
    .max_steps = 100000, /* Workflows' limit of steps per execution */
    .max_memory = WFRT_MAX_MEMORY,
};
