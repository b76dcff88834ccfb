/*
 * emit.c - a node tree (ir/node.h) as YAML or JSON text, and the atomic
 * file writer of the commands that print workflows to a file.
 *
 * Whatever Workflows' own parser is (YAML 1.1 or 1.2), the text must read
 * back as the same tree, so a YAML string is written plain only when no
 * schema of either version could take it for something else:
 *   - not empty, no leading or trailing space;
 *   - not a word that is null, a boolean or a special float in some schema,
 *     in any case (null, ~, true, yes, on, y, inf, nan, ...), nor the 1.1
 *     merge key "<<" or value key "=";
 *   - not starting with a digit, "+" or "." (numbers of every form, dates,
 *     sexagesimals, .inf, "...") nor with an indicator (-?:,[]{}#&*!|>'"%@`);
 *   - no ": " or " #" inside, no ":" at the end.
 * Other strings are single-quoted, unless they hold a control character, a
 * line break or a character YAML may not carry raw (C1 controls, U+2028,
 * U+2029, U+FEFF, U+FFFE, U+FFFF): those are double-quoted with escapes, on
 * one line, so that every byte comes back. Only block collections are
 * written (besides {} and []), so flow indicators inside plain scalars are
 * harmless. Numbers are written from their values: ints in decimal, doubles
 * in the shortest form that reads back as the same double, always with a
 * "." (and a signed exponent, as YAML 1.1 requires).
 *
 * Nothing here knows workflows; `wfc emit` (cli/emit.c) validates first.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include "backends/emit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ir/expr.h"
#include "support/source.h"

/* Longest implicit key that YAML parsers accept is 1024 characters; longer
 * keys are written as explicit "? KEY" entries. */
#define MAX_IMPLICIT_KEY 1000

/* ---- checking ---- */

struct checker {
    enum wf_emit_format fmt;
    const wf_node *at;
    const char *why;
};

static bool fail(struct checker *c, const wf_node *at, const char *why)
{
    c->at = at;
    c->why = why;
    return false;
}

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int k = wf_utf8_valid(s + i, n - i);
        if (k == 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

/* The bytes of a string or expression scalar's text (NULL when it has none). */
static const char *text_of(const wf_node *n, size_t *len)
{
    const char *s = n->u.scalar.text;
    *len = !s ? 0 : n->len ? n->len : strlen(s);
    return s;
}

static bool check_scalar(struct checker *c, const wf_node *n)
{
    size_t len;
    const char *s;
    switch (n->kind) {
    case WF_NODE_DOUBLE:
        if (c->fmt == WF_EMIT_JSON && !isfinite(n->u.scalar.v.d))
            return fail(c, n, "JSON has no infinity or NaN");
        return true;
    case WF_NODE_STRING:
    case WF_NODE_EXPR:
        s = text_of(n, &len);
        if (!s && n->kind == WF_NODE_EXPR && n->u.scalar.v.expr)
            return true;
        if (!s)
            return fail(c, n,
                        n->kind == WF_NODE_EXPR
                            ? "an expression node has neither text nor a parsed tree"
                            : "a string node has no text");
        if (!valid_utf8(s, len))
            return fail(c, n, "the text is not valid UTF-8");
        return true;
    default:
        return true;
    }
}

static bool check_node(struct checker *c, const wf_node *n, const wf_node *parent, int depth)
{
    if (!n)
        return fail(c, parent, "a node of the tree is missing");
    if (wf_node_is_scalar(n))
        return check_scalar(c, n);
    if (depth >= WF_EMIT_MAX_DEPTH)
        return fail(c, n, "collections are nested too deeply to be read back");
    if (n->kind == WF_NODE_LIST) {
        for (size_t i = 0; i < n->len; i++)
            if (!check_node(c, n->u.items[i], n, depth + 1))
                return false;
        return true;
    }
    for (size_t i = 0; i < n->len; i++) {
        const wf_node *k = n->u.pairs[i].key;
        if (k && !wf_node_is_scalar(k) && c->fmt == WF_EMIT_JSON)
            return fail(c, k, "JSON keys are strings; a list or map cannot be one");
        if (!check_node(c, k, n, depth + 1) || !check_node(c, n->u.pairs[i].value, n, depth + 1))
            return false;
    }
    return true;
}

bool wf_emit_check(const wf_node *root, enum wf_emit_format fmt, const wf_node **at,
                   const char **why)
{
    struct checker c = {fmt, NULL, "there is no document"};
    bool ok = root && check_node(&c, root, root, 0);
    if (!ok) {
        *at = c.at;
        *why = c.why;
    }
    return ok;
}

/* ---- a growing buffer for the text of one scalar ---- */

struct buf {
    char *p;
    size_t n, cap;
};

static void buf_put(struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        b->p = wf_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_puts(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

struct writer {
    FILE *out;
    struct buf text; /* the scalar being written */
    wf_arena *a;     /* made at the first expression that has no text */
};

/* ---- scalars ---- */

/* The shortest decimal that reads back as `d` (finite), with a "." so
 * that every YAML reads it as a float: fixed notation for exponents from
 * -5 to 15 (1000.0, 0.1), else scientific with a signed exponent (2.5e-07,
 * 1.0e+17). `out` holds at least 32 bytes. */
static void format_double(double d, char *out, size_t size)
{
    char sci[32];
    int prec = 0;
    for (; prec < 17; prec++) {
        snprintf(sci, sizeof sci, "%.*e", prec, d);
        if (strtod(sci, NULL) == d)
            break;
    }
    char *e = strchr(sci, 'e');
    int exp = atoi(e + 1);
    if (exp >= -5 && exp <= 15) { /* below 1e16 the digits are exact */
        int decimals = prec - exp > 1 ? prec - exp : 1;
        snprintf(out, size, "%.*f", decimals, d);
    } else if (prec == 0) {
        snprintf(out, size, "%.*s.0%s", (int)(e - sci), sci, e); /* 1e+17: 1.0e+17 */
    } else {
        snprintf(out, size, "%s", sci);
    }
}

/* The text of a number, boolean or null as both formats write it. */
static void plain_scalar(struct buf *b, const wf_node *n)
{
    char num[40];
    switch (n->kind) {
    case WF_NODE_NULL:
        buf_puts(b, "null");
        break;
    case WF_NODE_BOOL:
        buf_puts(b, n->u.scalar.v.b ? "true" : "false");
        break;
    case WF_NODE_INT:
        snprintf(num, sizeof num, "%" PRId64, n->u.scalar.v.i);
        buf_puts(b, num);
        break;
    case WF_NODE_DOUBLE:
        if (isnan(n->u.scalar.v.d))
            buf_puts(b, ".nan");
        else if (isinf(n->u.scalar.v.d))
            buf_puts(b, n->u.scalar.v.d > 0 ? ".inf" : "-.inf");
        else {
            format_double(n->u.scalar.v.d, num, sizeof num);
            buf_puts(b, num);
        }
        break;
    default:
        break;
    }
}

/* The text of a string or expression; an expression built in memory
 * without text is printed from its tree. */
static const char *string_text(struct writer *w, const wf_node *n, size_t *len)
{
    const char *s = text_of(n, len);
    if (s)
        return s;
    if (!w->a)
        w->a = wf_arena_new();
    char *e = wf_expr_to_string(w->a, n->u.scalar.v.expr);
    s = wf_arena_printf(w->a, "${%s}", e);
    *len = strlen(s);
    return s;
}

/* The code point at s[*i] (valid UTF-8), advancing *i past it. */
static uint32_t next_char(const char *s, size_t *i)
{
    int k;
    uint32_t cp = wf_utf8_decode(s + *i, &k);
    *i += (size_t)k;
    return cp;
}

/* Characters that neither format writes raw: controls, DEL, the C1
 * controls (U+0085 is a line break in YAML 1.1), the line and paragraph
 * separators, the byte order mark and the noncharacters U+FFFE, U+FFFF. */
static bool needs_escape(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

static bool any_escape(const char *s, size_t n)
{
    for (size_t i = 0; i < n;)
        if (needs_escape(next_char(s, &i)))
            return true;
    return false;
}

/* Whether `s` is, in any case, one of the NUL-separated `words`. */
static bool is_word(const char *s, size_t n, const char *words)
{
    for (size_t k; (k = strlen(words)) != 0; words += k + 1) {
        if (k != n)
            continue;
        size_t i = 0;
        while (i < n && (s[i] | 0x20) == (words[i] | 0x20))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Whether `s` (no character that needs escaping) can be a plain scalar in
 * block context and read back as the same string; see the top of the file. */
static bool plain_ok(const char *s, size_t n)
{
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
        return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@`0123456789+.", s[0]))
        return false;
    if (is_word(s, n,
                "null\0~\0true\0false\0yes\0no\0on\0off\0y\0n\0"
                "inf\0nan\0infinity\0<<\0=\0"))
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if ((s[i] == ':' && s[i + 1] == ' ') || (s[i] == ' ' && s[i + 1] == '#'))
            return false;
    return true;
}

static void put_single_quoted(struct buf *b, const char *s, size_t n)
{
    buf_put(b, "'", 1);
    for (size_t i = 0; i < n; i++) {
        buf_put(b, s + i, 1);
        if (s[i] == '\'')
            buf_put(b, "'", 1); /* '' inside single quotes */
    }
    buf_put(b, "'", 1);
}

/* A double-quoted YAML or JSON string on one line. */
static void put_double_quoted(struct buf *b, const char *s, size_t n, bool json)
{
    buf_put(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        size_t from = i;
        uint32_t cp = next_char(s, &i);
        char esc[12];
        const char *named = cp == '"'    ? "\\\""
                            : cp == '\\' ? "\\\\"
                            : cp == '\n' ? "\\n"
                            : cp == '\t' ? "\\t"
                            : cp == '\r' ? "\\r"
                                         : NULL;
        if (named)
            buf_puts(b, named);
        else if (!needs_escape(cp))
            buf_put(b, s + from, i - from);
        else {
            if (json || cp > 0xFF)
                snprintf(esc, sizeof esc, "\\u%04" PRIx32, cp);
            else if (cp == 0)
                snprintf(esc, sizeof esc, "\\0");
            else
                snprintf(esc, sizeof esc, "\\x%02" PRIx32, cp);
            buf_puts(b, esc);
        }
    }
    buf_put(b, "\"", 1);
}

/* The YAML text of scalar `n` (a map key when `key`) into w->text. */
static void yaml_scalar(struct writer *w, const wf_node *n, bool key)
{
    w->text.n = 0;
    if (n->kind != WF_NODE_STRING && n->kind != WF_NODE_EXPR) {
        plain_scalar(&w->text, n);
        return;
    }
    size_t len;
    const char *s = string_text(w, n, &len);
    /* A word or dotted path that the author quoted in YAML stays quoted:
     * quotes are how a reader (and missing-dollar-brace) tells the text
     * "job.name" from a forgotten ${job.name}. (In JSON every string is
     * quoted, which says nothing.) */
    bool quoted_word = !key && !n->in_flow && n->kind == WF_NODE_STRING &&
                       (n->style == WF_STYLE_SINGLE || n->style == WF_STYLE_DOUBLE) && len &&
                       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "0123456789_.") == len;
    if (any_escape(s, len))
        put_double_quoted(&w->text, s, len, false);
    else if (plain_ok(s, len) && !quoted_word)
        buf_put(&w->text, s, len);
    else
        put_single_quoted(&w->text, s, len);
}

/* A number, boolean or null as a JSON key: Workflows' keys are strings, and
 * YAML's 1 is the string "1" to it (wf_node_key_text: 1e20 is "1e+20"),
 * which is also how the IR names a step and `wfc dump-ir --no-positions`
 * prints such a key. */
static void key_text(struct writer *w, const wf_node *n)
{
    char num[40];
    wf_node_key_text(n, num, sizeof num);
    buf_put(&w->text, "\"", 1);
    buf_puts(&w->text, num);
    buf_put(&w->text, "\"", 1);
}

/* The JSON text of scalar `n` into w->text; `key`: as an object key. */
static void json_scalar(struct writer *w, const wf_node *n, bool key)
{
    w->text.n = 0;
    if (n->kind == WF_NODE_STRING || n->kind == WF_NODE_EXPR) {
        size_t len;
        const char *s = string_text(w, n, &len);
        put_double_quoted(&w->text, s, len, true);
    } else if (key) {
        key_text(w, n);
    } else {
        plain_scalar(&w->text, n);
    }
}

static void put_text(struct writer *w)
{
    fwrite(w->text.p, 1, w->text.n, w->out);
}

static void indent(struct writer *w, int n)
{
    fprintf(w->out, "%*s", n, "");
}

/* ---- YAML ---- */

static void yaml_map(struct writer *w, const wf_node *n, int ind, bool first_inline);
static void yaml_list(struct writer *w, const wf_node *n, int ind, bool first_inline);

static bool is_block(const wf_node *n)
{
    return (n->kind == WF_NODE_LIST || n->kind == WF_NODE_MAP) && n->len > 0;
}

/* A scalar, {} or [] on the current line. */
static void yaml_inline(struct writer *w, const wf_node *n)
{
    if (n->kind == WF_NODE_MAP)
        fputs("{}", w->out);
    else if (n->kind == WF_NODE_LIST)
        fputs("[]", w->out);
    else {
        yaml_scalar(w, n, false);
        put_text(w);
    }
}

/* A node after "- " or "? " whose content starts at column `ind`: a
 * collection starts on that line (compact form). */
static void yaml_item(struct writer *w, const wf_node *n, int ind)
{
    if (n->kind == WF_NODE_MAP && n->len)
        yaml_map(w, n, ind, true);
    else if (n->kind == WF_NODE_LIST && n->len)
        yaml_list(w, n, ind, true);
    else {
        yaml_inline(w, n);
        fputc('\n', w->out);
    }
}

/* A node after the ":" of a key indented by `ind`. */
static void yaml_value(struct writer *w, const wf_node *n, int ind)
{
    if (!is_block(n)) {
        fputc(' ', w->out);
        yaml_inline(w, n);
        fputc('\n', w->out);
    } else if (n->kind == WF_NODE_MAP) {
        fputc('\n', w->out);
        yaml_map(w, n, ind + 2, false);
    } else {
        fputc('\n', w->out);
        yaml_list(w, n, ind + 2, false);
    }
}

static void yaml_map(struct writer *w, const wf_node *n, int ind, bool first_inline)
{
    for (size_t i = 0; i < n->len; i++) {
        const wf_node *k = n->u.pairs[i].key, *v = n->u.pairs[i].value;
        if (i > 0 || !first_inline)
            indent(w, ind);
        if (wf_node_is_scalar(k)) {
            yaml_scalar(w, k, true);
            if (w->text.n <= MAX_IMPLICIT_KEY) {
                put_text(w);
                fputc(':', w->out);
                yaml_value(w, v, ind);
                continue;
            }
        }
        /* A long key, or a collection as a key: "? KEY" then ": VALUE". */
        fputs("? ", w->out);
        yaml_item(w, k, ind + 2);
        indent(w, ind);
        fputc(':', w->out);
        yaml_value(w, v, ind);
    }
}

static void yaml_list(struct writer *w, const wf_node *n, int ind, bool first_inline)
{
    for (size_t i = 0; i < n->len; i++) {
        if (i > 0 || !first_inline)
            indent(w, ind);
        fputs("- ", w->out);
        yaml_item(w, n->u.items[i], ind + 2);
    }
}

/* ---- JSON ---- */

static void json_value(struct writer *w, const wf_node *n, int ind)
{
    if (wf_node_is_scalar(n)) {
        json_scalar(w, n, false);
        put_text(w);
        return;
    }
    bool map = n->kind == WF_NODE_MAP;
    if (n->len == 0) {
        fputs(map ? "{}" : "[]", w->out);
        return;
    }
    fputc(map ? '{' : '[', w->out);
    for (size_t i = 0; i < n->len; i++) {
        fputs(i ? ",\n" : "\n", w->out);
        indent(w, ind + 2);
        if (map) {
            json_scalar(w, n->u.pairs[i].key, true);
            put_text(w);
            fputs(": ", w->out);
            json_value(w, n->u.pairs[i].value, ind + 2);
        } else {
            json_value(w, n->u.items[i], ind + 2);
        }
    }
    fputc('\n', w->out);
    indent(w, ind);
    fputc(map ? '}' : ']', w->out);
}

bool wf_emit(FILE *out, const wf_node *root, enum wf_emit_format fmt, const char **why)
{
    const wf_node *at;
    if (!wf_emit_check(root, fmt, &at, why))
        return false;
    struct writer w = {out, {NULL, 0, 0}, NULL};
    if (fmt == WF_EMIT_JSON) {
        json_value(&w, root, 0);
        fputc('\n', out);
    } else if (root->kind == WF_NODE_MAP && root->len) {
        yaml_map(&w, root, 0, false);
    } else if (root->kind == WF_NODE_LIST && root->len) {
        yaml_list(&w, root, 0, false);
    } else {
        yaml_item(&w, root, 0);
    }
    free(w.text.p);
    wf_arena_free(w.a);
    return true;
}

/* ---- writing a file atomically ---- */

static enum wf_write_status io_error(wf_arena *a, const char *path, int err, const char **why)
{
    *why = wf_arena_printf(a, "cannot write %s: %s", path, strerror(err));
    return WF_WRITE_IO;
}

/* Writes to an open stream and flushes it: the common part of the writes
 * below. `name` is for messages. */
static enum wf_write_status write_stream(wf_arena *a, FILE *f, const char *name,
                                         wf_emit_writer writer, void *ud, const char **why)
{
    if (!writer(f, ud, why))
        return WF_WRITE_REFUSED;
    errno = 0;
    if (fflush(f) != 0 || ferror(f))
        return io_error(a, name, errno ? errno : EIO, why);
    return WF_WRITE_OK;
}

/* A device or a FIFO (/dev/stdout, a pipe) is written to as it is: it
 * cannot be replaced, and a temporary file in /dev must not be made. */
static enum wf_write_status write_special(wf_arena *a, const char *path, wf_emit_writer writer,
                                          void *ud, const char **why)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return io_error(a, path, errno, why);
    enum wf_write_status st = write_stream(a, f, path, writer, ud, why);
    if (fclose(f) != 0 && st == WF_WRITE_OK)
        st = io_error(a, path, errno, why);
    return st;
}

/* Creates a new file beside `path` for writing; its name in *tmp. */
static int open_temp(wf_arena *a, const char *path, char **tmp)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash + 1 - path) : 0;
    const char *base = slash ? slash + 1 : path;
    for (int k = 0; k < 100; k++) {
        *tmp = wf_arena_printf(a, "%.*s.%s.%ld-%d.tmp", dirlen, path, base, (long)getpid(), k);
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* The file that writing to `path` replaces: a symbolic link is followed,
 * so that the file it names is replaced rather than the link. */
static const char *target_of(wf_arena *a, const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return path;
    char *real = realpath(path, NULL);
    if (!real)
        return path; /* a dangling link: replaced by the file */
    const char *copy = wf_arena_strndup(a, real, strlen(real));
    free(real);
    return copy;
}

enum wf_write_status wf_write_file_atomic(wf_arena *a, const char *path, wf_emit_writer writer,
                                          void *ud, const char **why)
{
    if (strcmp(path, "-") == 0)
        return write_stream(a, stdout, "standard output", writer, ud, why);
    const char *name = path; /* for messages: what the user wrote */
    path = target_of(a, path);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    size_t len = strlen(path);
    if ((exists && S_ISDIR(st.st_mode)) || len == 0 || path[len - 1] == '/')
        return io_error(a, name, EISDIR, why);
    if (exists && !S_ISREG(st.st_mode))
        return write_special(a, path, writer, ud, why);
    char *tmp;
    int fd = open_temp(a, path, &tmp);
    if (fd < 0)
        return io_error(a, name, errno, why);
    if (exists)
        (void)fchmod(fd, st.st_mode & 07777); /* a replaced file keeps its mode */
    enum wf_write_status status = WF_WRITE_OK;
    int err = 0;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        err = errno;
        close(fd);
        goto done;
    }
    status = write_stream(a, f, name, writer, ud, why);
    if (status == WF_WRITE_OK && fsync(fileno(f)) != 0)
        err = errno;
    if (fclose(f) != 0 && status == WF_WRITE_OK && !err)
        err = errno;
    if (status == WF_WRITE_OK && !err && rename(tmp, path) != 0)
        err = errno;
done:
    if (status == WF_WRITE_OK && !err)
        return WF_WRITE_OK;
    unlink(tmp);
    return status == WF_WRITE_OK ? io_error(a, name, err, why) : status;
}
