/*
 * foreign-template - a template syntax of another tool left in a value:
 * `$name`, `$(name)` (shell), `{{ name }}` (Jinja, Helm, Go templates),
 * `${{ name }}` (GitHub Actions), `$${...}` (Terraform's escape of "${",
 * which Terraform turns into "${" in a rendered template but Workflows
 * reads literally). Workflows evaluates none of these: the value is the
 * text as written.
 * To stay quiet on text that means what it says (Cloud Build's
 * `$PROJECT_ID`, prices, shell scripts passed along), `$name`, `$(name)`
 * and `{{ name }}` are reported only when `name` is a variable of the
 * workflow; `${{` and `$${` always are.
 * Fires: `url: https://$host/v1` with a variable `host`.
 * Quiet: `args: ["-c", "echo $PROJECT_ID"]` without such a variable.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "checks/checks.h"
#include "ir/resolve.h"

static bool ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static size_t ident_len(const char *s)
{
    size_t n = 0;
    if (!ident_start(s[0]))
        return 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_')
        n++;
    return n;
}

/* Whether s[0..n) is a variable visible at the step. */
static bool is_var(struct wf_check_ctx *cx, const wf_step *st, const char *s, size_t n)
{
    if (!st || !n)
        return false;
    const char *name = wf_intern(cx->prog->strs, s, n);
    return wf_resolve_lookup(cx->sub, st->names.scope, name) != NULL;
}

/* The syntax found at s (a '$' or '{'), as a short description, or NULL. */
static const char *foreign_at(struct wf_check_ctx *cx, const wf_step *st, const char *s)
{
    if (s[0] == '$' && s[1] == '$' && s[2] == '{')
        return "\"$${\" is Terraform's escape of \"${\"; outside a Terraform template it stays "
               "\"$${\"";
    if (s[0] == '$' && s[1] == '{' && s[2] == '{')
        return "\"${{ }}\" is GitHub Actions syntax";
    if (s[0] == '$' && s[1] == '(') {
        const char *p = s + 2;
        while (*p == ' ')
            p++;
        size_t n = ident_len(p);
        if (n && (p[n] == ')' || p[n] == ' ') && is_var(cx, st, p, n))
            return "\"$(name)\" is shell syntax";
    }
    if (s[0] == '$' && ident_start(s[1]) && is_var(cx, st, s + 1, ident_len(s + 1)))
        return "\"$name\" is shell syntax";
    if (s[0] == '{' && s[1] == '{') {
        const char *p = s + 2;
        while (*p == ' ')
            p++;
        size_t n = ident_len(p);
        const char *q = p + n;
        while (*q == ' ')
            q++;
        if (n && q[0] == '}' && q[1] == '}' && is_var(cx, st, p, n))
            return "\"{{ name }}\" is the syntax of Jinja, Helm or Go templates";
    }
    return NULL;
}

static void on_scalar(struct wf_check_ctx *cx, const struct wf_value_site *site,
                      const wf_node *scalar, const struct wf_scalar_place *place)
{
    (void)place;
    if (scalar->kind != WF_NODE_STRING)
        return; /* "${{ x }}" alone parses as an expression: expr-syntax says what it is */
    const char *t = scalar->u.scalar.text;
    for (const char *p = t; (p = strpbrk(p, "${")) != NULL; p++) {
        const char *what = foreign_at(cx, site->step, p);
        if (!what)
            continue;
        size_t off = (size_t)(p - t);
        wf_report(cx->d, WF_CHK_FOREIGN_TEMPLATE, wf_node_subspan(scalar, off, off + 2),
                  "%s; Workflows takes it as literal text: write the value as ${...}", what);
        return; /* one per value is enough */
    }
}

const struct wf_check wf_check_foreign_template = {
    .id = WF_CHK_FOREIGN_TEMPLATE,
    .on_scalar = on_scalar,
};
