/*
 * lib_http_auth.c - the bearer token of the `auth` argument of http.*
 * (spec stdlib.md §5.1): {type: OAuth2, scopes} sends an OAuth 2.0 access
 * token and {type: OIDC, audience} an OpenID Connect ID token, each as
 * "Authorization: Bearer ...". In Workflows both belong to the workflow's
 * service account. A local runner takes them from the environment,
 * WFC_ACCESS_TOKEN and WFC_ID_TOKEN (what `gcloud auth
 * print-access-token` and `print-identity-token` print), else from the
 * metadata server of a Google Cloud machine (GCE_METADATA_HOST names
 * another host, as for Google's client libraries; --http-rewrite applies
 * to it like to any URL), asked with a short timeout so that a machine
 * without one fails fast; else the call raises AuthError. Tokens from the
 * metadata server are asked for anew on each call (no cache).
 *
 * Tokens are secrets: no message, trace or log line names one, and the
 * memory that held one is cleared before it is freed.
 */
#include "config.h"

#include "backends/runtime/lib_http.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCOPE "https://www.googleapis.com/auth/cloud-platform"
#define METADATA_HOST "metadata.google.internal"
#define METADATA_CONNECT_TIMEOUT 1.0 /* seconds */
#define METADATA_TIMEOUT 5.0

void wfrt_http_free_secret(char *s)
{
    if (!s)
        return;
    for (volatile char *p = s; *p; p++)
        *p = 0;
    free(s);
}

struct auth {
    bool oidc;
    wfrt_val scopes;   /* OAuth2: a string or a list of strings; absent when not given */
    wfrt_val audience; /* OIDC: a string; absent when not given */
};

static bool check_key(const char *fn, struct auth *au, wfrt_val key, wfrt_val v)
{
    const char *k = wfrt_str_data(key);
    if (strcmp(k, "type") == 0)
        return true;
    if (!au->oidc && (strcmp(k, "scopes") == 0 || strcmp(k, "scope") == 0)) {
        bool ok = v.type == WFRT_STRING || v.type == WFRT_LIST;
        for (size_t i = 0; v.type == WFRT_LIST && i < wfrt_list_len(v); i++)
            ok = ok && wfrt_list_at(v, i).type == WFRT_STRING;
        if (!ok)
            return wfrt_fail(WFRT_TAG_TYPE, "%s: auth.%s must be a string or a list of strings", fn,
                             k);
        au->scopes = v;
        return true;
    }
    if (au->oidc && strcmp(k, "audience") == 0) {
        if (v.type != WFRT_STRING)
            return wfrt_fail(WFRT_TAG_TYPE, "%s: auth.audience must be a string, got %s", fn,
                             wfrt_type_phrase(v));
        au->audience = v;
        return true;
    }
    return wfrt_fail(WFRT_TAG_VALUE, "%s: unknown key \"%s\" in auth of type %s; expected %s", fn,
                     k, au->oidc ? "OIDC" : "OAuth2", au->oidc ? "audience" : "scopes");
}

static bool check_auth(const char *fn, wfrt_val auth, struct auth *au)
{
    au->scopes = au->audience = wfrt_absent();
    const wfrt_val *type = wfrt_map_find(auth, "type", 4);
    if (!type || type->type != WFRT_STRING ||
        (!wfrt_lib_str_is(*type, "OAuth2") && !wfrt_lib_str_is(*type, "OIDC")))
        return wfrt_fail(WFRT_TAG_VALUE, "%s: auth must have a type, OAuth2 or OIDC", fn);
    au->oidc = wfrt_lib_str_is(*type, "OIDC");
    for (size_t i = 0; i < wfrt_map_len(auth); i++)
        if (!check_key(fn, au, wfrt_map_key_at(auth, i), wfrt_map_value_at(auth, i)))
            return false;
    return true;
}

/* A copy of s without surrounding white space, or NULL when that leaves
 * nothing or the rest is not one token of visible ASCII. */
static char *clean_token(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= ' ' || s[i] > '~')
            return NULL;
    char *t = wfrt_xmalloc(n + 1);
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

/* The metadata server's URL for the token `au` asks for. */
static char *metadata_url(const struct auth *au, const char *url)
{
    const char *host = getenv("GCE_METADATA_HOST");
    struct wfrt_buf b = {0};
    wfrt_buf_adds(&b, "http://");
    wfrt_buf_adds(&b, host && *host ? host : METADATA_HOST);
    wfrt_buf_adds(&b, "/computeMetadata/v1/instance/service-accounts/default/");
    if (au->oidc) {
        wfrt_buf_adds(&b, "identity?format=full&audience=");
        const char *aud = au->audience.type == WFRT_STRING ? wfrt_str_data(au->audience) : url;
        wfrt_http_escape(&b, aud, strlen(aud));
        return b.p;
    }
    wfrt_buf_adds(&b, "token?scopes=");
    if (au->scopes.type == WFRT_STRING) {
        wfrt_http_escape(&b, wfrt_str_data(au->scopes), wfrt_str_len(au->scopes));
    } else if (au->scopes.type == WFRT_LIST && wfrt_list_len(au->scopes) > 0) {
        for (size_t i = 0; i < wfrt_list_len(au->scopes); i++) {
            wfrt_val s = wfrt_list_at(au->scopes, i);
            if (i)
                wfrt_buf_addc(&b, ',');
            wfrt_http_escape(&b, wfrt_str_data(s), wfrt_str_len(s));
        }
    } else {
        wfrt_buf_adds(&b, DEFAULT_SCOPE);
    }
    return b.p;
}

/* The token in a 200 response of the metadata server: the JSON object's
 * access_token (OAuth2) or the whole body (OIDC); NULL when it has none. */
static char *token_of(const struct auth *au, struct wfrt_http_response *rs)
{
    if (au->oidc)
        return clean_token(rs->body.p ? rs->body.p : "", rs->body.len);
    wfrt_val v;
    if (!rs->body.p || !wfrt_json_decode(rs->body.p, rs->body.len, &v)) {
        wfrt_release(wfrt_error_take());
        return NULL;
    }
    const wfrt_val *t = v.type == WFRT_MAP ? wfrt_map_find(v, "access_token", 12) : NULL;
    char *token =
        t && t->type == WFRT_STRING ? clean_token(wfrt_str_data(*t), wfrt_str_len(*t)) : NULL;
    wfrt_release(v);
    return token;
}

/* The token from the metadata server, or NULL with why it has none in
 * why[0..n). */
static char *metadata_token(const char *fn, const struct auth *au, const char *url, char *why,
                            size_t n)
{
    char *ask = metadata_url(au, url), *send = wfrt_http_rewrite(ask),
         *shown = wfrt_http_shown_url(ask);
    struct curl_slist *headers = curl_slist_append(NULL, "Metadata-Flavor: Google");
    struct wfrt_http_request rq = {
        fn,  "GET", send, shown, headers, NULL, NULL, 0, METADATA_TIMEOUT, METADATA_CONNECT_TIMEOUT,
        NULL};
    struct wfrt_http_response rs;
    char *token = NULL;
    if (!wfrt_http_send(&rq, &rs)) {
        wfrt_release(wfrt_error_take());
        snprintf(why, n, "the metadata server (%s) is not reachable", shown);
        goto done;
    }
    const wfrt_val *flavor = wfrt_map_find(rs.headers, "Metadata-Flavor", 15);
    if (rs.code != 200)
        snprintf(why, n, "the metadata server (%s) answered with status %ld", shown, rs.code);
    else if (!flavor || flavor->type != WFRT_STRING || !wfrt_lib_str_is(*flavor, "Google"))
        snprintf(why, n, "%s is not a metadata server (no Metadata-Flavor: Google)", shown);
    else if (!(token = token_of(au, &rs)))
        snprintf(why, n, "the metadata server (%s) sent no token", shown);
    if (rs.body.p)
        memset(rs.body.p, 0, rs.body.len);
    wfrt_buf_free(&rs.body);
    wfrt_release(rs.headers);
done:
    curl_slist_free_all(headers);
    free(ask);
    free(send);
    free(shown);
    return token;
}

bool wfrt_http_auth_line(const char *fn, wfrt_val auth, const char *url, char **line)
{
    struct auth au = {false, {WFRT_ABSENT, {.i = 0}}, {WFRT_ABSENT, {.i = 0}}};
    if (!check_auth(fn, auth, &au))
        return false;
    const char *var = au.oidc ? "WFC_ID_TOKEN" : "WFC_ACCESS_TOKEN";
    const char *env = getenv(var);
    char *token = NULL, why[512] = "";
    if (env && *env) {
        token = clean_token(env, strlen(env));
        if (!token)
            return wfrt_fail(WFRT_TAG_AUTH,
                             "%s: %s does not hold a bearer token (it is blank or has spaces "
                             "or control characters)",
                             fn, var);
    } else {
        token = metadata_token(fn, &au, url, why, sizeof why);
        if (!token)
            return wfrt_fail(WFRT_TAG_AUTH,
                             "%s: no credentials for auth type %s: %s is not set and %s", fn,
                             au.oidc ? "OIDC" : "OAuth2", var, why);
    }
    static const char prefix[] = "Authorization: Bearer ";
    size_t n = strlen(token);
    *line = wfrt_xmalloc(sizeof prefix + n);
    memcpy(*line, prefix, sizeof prefix - 1);
    memcpy(*line + sizeof prefix - 1, token, n + 1);
    wfrt_http_free_secret(token);
    return true;
}
