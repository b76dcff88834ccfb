/*
 * lib_json.c - json.decode, json.encode (bytes) and json.encode_to_string
 * (spec stdlib.md §6), on top of the core's exact JSON (json.c:
 * wfrt_json_decode, wfrt_json_encode), which keeps 64-bit integers and
 * doubles apart and raises ValueError for bytes, NaN and infinities.
 *
 * The `indent` argument is false or absent (compact), true (the same as
 * {}), or a map {prefix: string = "", indent: string = four spaces}. The
 * documentation describes the layout of Go's json.MarshalIndent: each
 * element of an object or array on a new line that starts with `prefix`
 * and one `indent` per level of nesting, the first line without prefix,
 * `"key": value` with one space, empty containers as [] and {}. The
 * indented text is made from the core's compact text here, so any prefix
 * and indent strings work.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <string.h>

bool wfrt_fn_json_decode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"data", WFRT_LIB_BYTES | WFRT_LIB_STRING}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("json.decode", params, a))
        return false;
    const char *s = wfrt_str_data(a[0]);
    size_t n = wfrt_str_len(a[0]);
    if (a[0].type == WFRT_BYTES && !wfrt_lib_utf8_valid(s, n))
        return wfrt_fail(WFRT_TAG_VALUE, "json.decode: the bytes are not valid UTF-8");
    return wfrt_json_decode(s, n, out);
}

/* The layout `indent` asks for: false when compact, else the prefix and
 * indent strings (borrowed from the argument, or literals). */
struct layout {
    const char *prefix, *indent;
    size_t prefix_len, indent_len;
};

static bool layout_string(const char *fn, wfrt_val opts, const char *key, const char **s,
                          size_t *len)
{
    const wfrt_val *v = wfrt_map_find(opts, key, strlen(key));
    if (!v)
        return true;
    if (v->type != WFRT_STRING)
        return wfrt_fail(WFRT_TAG_TYPE, "%s: indent.%s must be a string, got %s", fn, key,
                         wfrt_type_phrase(*v));
    *s = wfrt_str_data(*v);
    *len = wfrt_str_len(*v);
    return true;
}

static bool get_layout(const char *fn, wfrt_val indent, bool *pretty, struct layout *lay)
{
    *lay = (struct layout){"", "    ", 0, 4};
    *pretty = indent.type == WFRT_MAP || (indent.type == WFRT_BOOL && indent.u.b);
    if (indent.type != WFRT_MAP)
        return true;
    for (size_t i = 0; i < wfrt_map_len(indent); i++) {
        wfrt_val key = wfrt_map_key_at(indent, i);
        if (!wfrt_lib_str_is(key, "prefix") && !wfrt_lib_str_is(key, "indent"))
            return wfrt_fail(WFRT_TAG_VALUE,
                             "%s: unknown key \"%s\" in indent; expected prefix or indent", fn,
                             wfrt_str_data(key));
    }
    return layout_string(fn, indent, "prefix", &lay->prefix, &lay->prefix_len) &&
           layout_string(fn, indent, "indent", &lay->indent, &lay->indent_len);
}

static void newline(struct wfrt_buf *b, const struct layout *lay, size_t depth)
{
    wfrt_buf_addc(b, '\n');
    wfrt_buf_add(b, lay->prefix, lay->prefix_len);
    for (size_t i = 0; i < depth; i++)
        wfrt_buf_add(b, lay->indent, lay->indent_len);
}

/* Re-lays compact JSON text (as the core writes it) out with `lay`. */
static void reindent(const char *s, size_t n, const struct layout *lay, struct wfrt_buf *b)
{
    size_t depth = 0;
    bool in_string = false, escaped = false, opened = false;
    wfrt_buf_add(b, "", 0);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            wfrt_buf_addc(b, c);
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (opened && c != ']' && c != '}') {
            /* The first element of a non-empty container. */
            opened = false;
            newline(b, lay, ++depth);
        }
        switch (c) {
        case '"':
            in_string = true;
            wfrt_buf_addc(b, c);
            break;
        case ',':
            wfrt_buf_addc(b, c);
            newline(b, lay, depth);
            break;
        case ':':
            wfrt_buf_add(b, ": ", 2);
            break;
        case '[':
        case '{':
            wfrt_buf_addc(b, c);
            opened = true;
            break;
        case ']':
        case '}':
            if (opened)
                opened = false; /* empty: [] or {} */
            else
                newline(b, lay, --depth);
            wfrt_buf_addc(b, c);
            break;
        default:
            wfrt_buf_addc(b, c);
        }
    }
}

/* The JSON text of args (data, indent) as a string value. */
static bool encode(const char *fn, const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"data", WFRT_LIB_ANY}, {"indent", WFRT_LIB_BOOL | WFRT_LIB_MAP | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!wfrt_lib_check(fn, params, 2, args, nargs, a))
        return false;
    bool pretty;
    struct layout lay;
    if (!get_layout(fn, a[1], &pretty, &lay))
        return false;
    wfrt_val compact;
    if (!wfrt_json_encode(a[0], -1, &compact))
        return false;
    if (!pretty) {
        *out = compact;
        return true;
    }
    struct wfrt_buf b = {0};
    reindent(wfrt_str_data(compact), wfrt_str_len(compact), &lay, &b);
    wfrt_release(compact);
    *out = wfrt_buf_string(&b);
    return true;
}

bool wfrt_fn_json_encode(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    wfrt_val text;
    if (!encode("json.encode", args, nargs, &text))
        return false;
    *out = wfrt_bytes(wfrt_str_data(text), wfrt_str_len(text));
    wfrt_release(text);
    return true;
}

bool wfrt_fn_json_encode_to_string(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    return encode("json.encode_to_string", args, nargs, out);
}
