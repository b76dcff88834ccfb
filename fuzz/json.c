/*
 * json.c - fuzz target: the runtime's JSON (backends/runtime/json.c), which
 * reads the runner's --data and json.decode's argument. Text it accepts
 * must survive the round trip: encoded (compact, indented, with a prefix)
 * and decoded again it is the same value (wfrt_equal) and encodes to the
 * same compact text; text it refuses leaves a ValueError pending, which is
 * taken and released. LeakSanitizer checks the reference counts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backends/runtime/wfrt.h"
#include "fuzz/fail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pending error's message into msg[0..size), for a finding. */
static const char *error_message(char *msg, size_t size)
{
    wfrt_val err = wfrt_error_take();
    const wfrt_val *m = err.type == WFRT_MAP ? wfrt_map_find(err, "message", 7) : NULL;
    snprintf(msg, size, "%s", m && m->type == WFRT_STRING ? wfrt_str_data(*m) : "?");
    wfrt_release(err);
    return msg;
}

/* Decodes the text `s` (a string value) again: it must give `v`, whose
 * compact encoding is `compact`. */
static void check_decodes_to(wfrt_val s, wfrt_val v, wfrt_val compact, const char *layout)
{
    wfrt_val back, again;
    char msg[512];
    if (!wfrt_json_decode(wfrt_str_data(s), wfrt_str_len(s), &back))
        wf_fuzz_fail("the %s encoding does not decode: %s: %s", layout,
                     error_message(msg, sizeof msg), wfrt_str_data(s));
    if (!wfrt_equal(v, back))
        wf_fuzz_fail("the %s encoding decodes to another value: %s", layout, wfrt_str_data(s));
    if (!wfrt_json_encode(back, -1, &again))
        wf_fuzz_fail("a decoded value does not encode: %s", error_message(msg, sizeof msg));
    if (wfrt_str_len(again) != wfrt_str_len(compact) ||
        memcmp(wfrt_str_data(again), wfrt_str_data(compact), wfrt_str_len(compact)) != 0)
        wf_fuzz_fail("the %s encoding decodes to a value encoded as %s, not %s", layout,
                     wfrt_str_data(again), wfrt_str_data(compact));
    wfrt_release(again);
    wfrt_release(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wfrt_val v;
    if (!wfrt_json_decode((const char *)data, size, &v)) {
        wfrt_val err = wfrt_error_take();
        if (!wfrt_error_has_tag(err, WFRT_TAG_VALUE))
            wf_fuzz_fail("a refusal that is not a ValueError");
        wfrt_release(err);
        return 0;
    }
    wfrt_val compact, indented, prefixed;
    char msg[512];
    if (!wfrt_json_encode(v, -1, &compact))
        wf_fuzz_fail("a decoded value does not encode: %s", error_message(msg, sizeof msg));
    check_decodes_to(compact, v, compact, "compact");
    if (!wfrt_json_encode(v, 2, &indented))
        wf_fuzz_fail("a decoded value does not encode with indent 2: %s",
                     error_message(msg, sizeof msg));
    check_decodes_to(indented, v, compact, "indented");
    if (!wfrt_json_encode_indent(v, " ", "\t", &prefixed))
        wf_fuzz_fail("a decoded value does not encode with a prefix: %s",
                     error_message(msg, sizeof msg));
    check_decodes_to(prefixed, v, compact, "prefixed");
    wfrt_release(prefixed);
    wfrt_release(indented);
    wfrt_release(compact);
    wfrt_release(v);
    return 0;
}
