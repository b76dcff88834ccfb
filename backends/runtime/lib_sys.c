/*
 * lib_sys.c - the sys module (spec stdlib.md §11): get_env, log, now,
 * sleep and sleep_until, as a local runner does them.
 *
 * get_env reads the process environment. Names beginning with GOOGLE_ or
 * WORKFLOWS_ are reserved in Workflows, where only the seven built-in
 * GOOGLE_CLOUD_* variables of §11.1 exist; so those seven are read from
 * the environment (set them to what the deployed workflow would see) and
 * any other reserved name counts as unset, whatever the shell holds.
 *
 * log writes one line on stderr per entry, in one write so that lines of
 * parallel branches never mix: "[INFO] text" by default, or with
 * --log-format json (wfrt_opts.log_json) a Cloud Logging-like object
 * {"severity": ..., "textPayload": ...} or {..., "jsonPayload": {...}}.
 *
 * sleep and sleep_until wait wfrt_opts.sleep_scale times the time asked
 * for (--sleep-scale), after checking the request as Workflows does: at
 * most a year, not negative, a valid RFC 3339 time.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- get_env ---- */

static const char *const builtin_vars[] = {
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_CLOUD_PROJECT_ID",
    "GOOGLE_CLOUD_PROJECT_NUMBER",
    "GOOGLE_CLOUD_SERVICE_ACCOUNT_NAME",
    "GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID",
    "GOOGLE_CLOUD_WORKFLOW_ID",
    "GOOGLE_CLOUD_WORKFLOW_REVISION_ID",
};

static bool readable_var(const char *name, size_t len)
{
    if (len == 0 || strlen(name) != len || strchr(name, '='))
        return false;
    if (strncmp(name, "GOOGLE_", 7) != 0 && strncmp(name, "WORKFLOWS_", 10) != 0)
        return true;
    for (size_t i = 0; i < sizeof builtin_vars / sizeof builtin_vars[0]; i++)
        if (strcmp(name, builtin_vars[i]) == 0)
            return true;
    return false;
}

bool wfrt_fn_sys_get_env(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"name", WFRT_LIB_STRING}, {"default", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("sys.get_env", params, a))
        return false;
    const char *name = wfrt_str_data(a[0]);
    const char *value = readable_var(name, wfrt_str_len(a[0])) ? getenv(name) : NULL;
    if (value)
        *out = wfrt_string_cstr(value);
    else
        *out = a[1].type == WFRT_STRING ? wfrt_retain(a[1]) : wfrt_null();
    return true;
}

/* ---- log ---- */

static const char *const severities[] = {"DEFAULT", "DEBUG",    "INFO",  "NOTICE",   "WARNING",
                                         "ERROR",   "CRITICAL", "ALERT", "EMERGENCY"};

/* The severity argument, checked; DEFAULT when absent. */
static bool get_severity(wfrt_val v, const char **out)
{
    if (v.type == WFRT_ABSENT) {
        *out = severities[0];
        return true;
    }
    for (size_t i = 0; i < sizeof severities / sizeof severities[0]; i++) {
        if (wfrt_lib_str_is(v, severities[i])) {
            *out = severities[i];
            return true;
        }
    }
    return wfrt_fail(WFRT_TAG_VALUE,
                     "sys.log: unknown severity \"%s\"; expected one of DEFAULT, DEBUG, INFO, "
                     "NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY",
                     wfrt_str_data(v));
}

/* The line for one entry: its payload is a map for jsonPayload, else the
 * text of textPayload. */
static bool log_line(const char *severity, wfrt_val payload, bool json_payload,
                     struct wfrt_buf *line)
{
    wfrt_val text;
    if (wfrt_opts.log_json) {
        wfrt_val entry = wfrt_map_new(2);
        wfrt_map_set(&entry, WFRT_LIB_KEY("severity"), wfrt_string_cstr(severity));
        wfrt_map_set(&entry,
                     json_payload ? WFRT_LIB_KEY("jsonPayload") : WFRT_LIB_KEY("textPayload"),
                     wfrt_retain(payload));
        bool ok = wfrt_json_encode(entry, -1, &text);
        wfrt_release(entry);
        if (!ok)
            return false;
    } else if (json_payload) {
        if (!wfrt_json_encode(payload, -1, &text))
            return false;
    } else {
        text = wfrt_retain(payload);
    }
    if (!wfrt_opts.log_json) {
        wfrt_buf_addc(line, '[');
        wfrt_buf_adds(line, severity);
        wfrt_buf_add(line, "] ", 2);
    }
    wfrt_buf_add(line, wfrt_str_data(text), wfrt_str_len(text));
    wfrt_buf_addc(line, '\n');
    wfrt_release(text);
    return true;
}

/* Exactly one of data, text and json (TypeError otherwise); a map given as
 * data goes to jsonPayload, as in Workflows. The timeout is checked and
 * otherwise unused: a local write does not time out. */
bool wfrt_fn_sys_log(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    enum { LOGGABLE = WFRT_LIB_ANY & ~(WFRT_LIB_NULL | WFRT_LIB_BYTES) };
    static const struct wfrt_lib_param params[] = {
        {"data", LOGGABLE | WFRT_LIB_OPTIONAL},
        {"severity", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL},
        {"text", LOGGABLE | WFRT_LIB_OPTIONAL},
        {"json", WFRT_LIB_MAP | WFRT_LIB_OPTIONAL},
        {"timeout", WFRT_LIB_NUMBER | WFRT_LIB_OPTIONAL},
    };
    wfrt_val a[5];
    const char *severity = NULL;
    if (!WFRT_LIB_CHECK("sys.log", params, a) || !get_severity(a[1], &severity))
        return false;
    int given =
        (a[0].type != WFRT_ABSENT) + (a[2].type != WFRT_ABSENT) + (a[3].type != WFRT_ABSENT);
    if (given != 1)
        return wfrt_fail(WFRT_TAG_TYPE,
                         "sys.log: exactly one of data, text and json must be "
                         "given, got %d",
                         given);
    wfrt_val payload = a[3].type != WFRT_ABSENT ? a[3] : a[0].type != WFRT_ABSENT ? a[0] : a[2];
    bool json_payload = a[3].type != WFRT_ABSENT || (a[0].type == WFRT_MAP);
    wfrt_val text = wfrt_null();
    if (!json_payload && !wfrt_lib_to_text(payload, &text))
        return false;
    struct wfrt_buf line = {0};
    bool ok = log_line(severity, json_payload ? payload : text, json_payload, &line);
    wfrt_release(text);
    if (ok)
        fwrite(line.p, 1, line.len, stderr);
    wfrt_buf_free(&line);
    if (ok)
        *out = wfrt_null();
    return ok;
}

/* ---- time ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool wfrt_fn_sys_now(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    if (!wfrt_lib_check("sys.now", NULL, 0, args, nargs, NULL))
        return false;
    *out = wfrt_double(now());
    return true;
}

#define MAX_SLEEP 31536000.0 /* one year, Workflows' limit */

/* Waits `seconds` of workflow time, scaled by --sleep-scale. */
static void wait_for(double seconds)
{
    double real = seconds * wfrt_opts.sleep_scale;
    if (!(real > 0))
        return;
    struct timespec ts;
    ts.tv_sec = (time_t)real;
    ts.tv_nsec = (long)((real - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec > 999999999)
        ts.tv_nsec = 999999999;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

bool wfrt_fn_sys_sleep(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"seconds", WFRT_LIB_NUMBER}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("sys.sleep", params, a))
        return false;
    double s = wfrt_lib_num(a[0]);
    if (!(s >= 0 && s <= MAX_SLEEP))
        return wfrt_fail(WFRT_TAG_VALUE,
                         "sys.sleep: %g seconds is out of range; expected 0 to 31536000", s);
    wait_for(s);
    *out = wfrt_null();
    return true;
}

/* A time in the past returns at once. */
bool wfrt_fn_sys_sleep_until(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"time", WFRT_LIB_STRING}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("sys.sleep_until", params, a))
        return false;
    double until;
    if (!wfrt_lib_parse_time(wfrt_str_data(a[0]), wfrt_str_len(a[0]), &until))
        return wfrt_fail(WFRT_TAG_VALUE, "sys.sleep_until: \"%s\" is not an ISO 8601 time",
                         wfrt_str_data(a[0]));
    double left = until - now();
    if (left > MAX_SLEEP)
        return wfrt_fail(WFRT_TAG_VALUE, "sys.sleep_until: \"%s\" is more than a year from now",
                         wfrt_str_data(a[0]));
    wait_for(left);
    *out = wfrt_null();
    return true;
}
