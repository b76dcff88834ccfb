/*
 * expr_lex.re - the tokens of `${...}` expressions (spec §2), as re2c
 * scanners feeding the bison parser in expr_parse.y through wf_yylex.
 *
 * The text is a slice of a larger string, not NUL-terminated at `len`, so
 * the scanners never read past it: YYPEEK checks the bound and returns a fake
 * NUL there, and re2c's end-of-input rule (re2c:eof) confirms the end with
 * YYLESSTHAN. A real NUL byte inside the text is an ordinary character. The
 * bytes are read in place; only decoded string literals are written, to the
 * arena. Nothing is malloc'ed and there is no YYFILL.
 *
 * Lexical errors (bad escapes, out-of-range numbers, characters that are not
 * part of the language) are recorded in the parser state and reported to
 * bison as T_WF_YYerror, which ends the parse without another message.
 *
 * Also here: wf_expr_scan_end and wf_expr_is_keyword (frontend/expr.h).
 */
#include "config.h"

#include "frontend/expr_parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef const unsigned char *ucur;

/* SYNC keywords: ir/expr.c lists the same spellings for messages.
 * Spec §2: the booleans in three spellings, and/or/not in lower or upper
 * case, null and in in lower case only. Other spellings are names: mixed
 * ones such as "And" and "tRUE" by the spec, "IN", "NULL" and "Null" because
 * the spec leaves them unconfirmed. */
static const struct keyword {
    char text[6];
    int token;
    bool value; /* for the booleans */
} keywords[] = {
    {"true", T_BOOL, true},   {"True", T_BOOL, true},   {"TRUE", T_BOOL, true},
    {"false", T_BOOL, false}, {"False", T_BOOL, false}, {"FALSE", T_BOOL, false},
    {"null", T_NULL, false},  {"and", T_AND, false},    {"AND", T_AND, false},
    {"or", T_OR, false},      {"OR", T_OR, false},      {"not", T_NOT, false},
    {"NOT", T_NOT, false},    {"in", T_IN, false},
};

/* Called for every word of every expression, so no strlen: keywords have
 * 2 to 5 letters and text[n] is the terminator of a keyword of length n. */
static const struct keyword *find_keyword(const char *s, size_t n)
{
    if (n < 2 || n > 5)
        return NULL;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].text[0] == s[0] && keywords[i].text[n] == '\0' &&
            memcmp(keywords[i].text, s, n) == 0)
            return &keywords[i];
    return NULL;
}

bool wf_expr_is_keyword(const char *s, size_t len)
{
    return find_keyword(s, len) != NULL;
}

static uint32_t offset(const struct wf_expr_parser *p, ucur at)
{
    return (uint32_t)((const char *)at - p->text);
}

static int lex_error(struct wf_expr_parser *p, ucur from, ucur to, const char *msg)
{
    wf_expr_parser_fail(p, offset(p, from), offset(p, to), "%s", msg);
    return T_WF_YYerror;
}

/* Length of the UTF-8 sequence at s (1 for a stray or truncated byte). */
static size_t utf8_len(ucur s, ucur lim)
{
    size_t n = *s >= 0xf0 && *s <= 0xf4 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 ? 2 : 1;
    if (*s >= 0xf5 || (size_t)(lim - s) < n)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 1;
    return n;
}

/* The code point of the valid UTF-8 sequence s[0..n). */
static unsigned utf8_decode(ucur s, size_t n)
{
    unsigned cp = n == 1 ? s[0] : s[0] & (0x7fu >> n);
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3fu);
    return cp;
}

/* A character outside the language: quoted when printable, with its code
 * point when not ASCII (it may be invisible, like U+00A0). */
static int bad_char(struct wf_expr_parser *p, ucur tok, ucur lim)
{
    size_t n = utf8_len(tok, lim);
    uint32_t off = offset(p, tok);
    if (n > 1)
        wf_expr_parser_fail(p, off, off + (uint32_t)n, "unexpected character \"%.*s\" (U+%04X)",
                            (int)n, (const char *)tok, utf8_decode(tok, n));
    else if (*tok > 0x20 && *tok < 0x7f)
        wf_expr_parser_fail(p, off, off + 1, "unexpected character \"%c\"", *tok);
    else if (*tok < 0x80)
        wf_expr_parser_fail(p, off, off + 1, "unexpected control character U+%04X", *tok);
    else
        wf_expr_parser_fail(p, off, off + 1, "invalid UTF-8 byte 0x%02X", *tok);
    return T_WF_YYerror;
}

static int int_token(struct wf_expr_parser *p, WF_YYSTYPE *val, ucur tok, ucur end)
{
    uint64_t v = 0;
    for (ucur s = tok; s < end; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_C(9223372036854775807) - d) / 10)
            return lex_error(p, tok, end, "integer literal out of range");
        v = v * 10 + d;
    }
    val->i = (int64_t)v;
    return T_INT;
}

/* strtod needs a terminated copy; the number may be followed by more digits
 * of the enclosing string. Assumes the C locale (wfc never sets LC_NUMERIC). */
static int double_token(struct wf_expr_parser *p, WF_YYSTYPE *val, ucur tok, ucur end)
{
    size_t n = (size_t)(end - tok);
    char small[64];
    char *copy = n < sizeof small ? small : wf_arena_alloc(p->arena, n + 1);
    memcpy(copy, tok, n);
    copy[n] = '\0';
    errno = 0;
    val->d = strtod(copy, NULL);
    if (errno == ERANGE && isinf(val->d))
        return lex_error(p, tok, end, "double literal out of range");
    return T_DOUBLE;
}

static int word_token(struct wf_expr_parser *p, WF_YYSTYPE *val, ucur tok, ucur end)
{
    const struct keyword *k = find_keyword((const char *)tok, (size_t)(end - tok));
    if (!k) {
        val->name = wf_intern(p->strs, (const char *)tok, (size_t)(end - tok));
        return T_NAME;
    }
    val->b = k->value;
    return k->token;
}

static int open_bracket(struct wf_expr_parser *p, ucur tok, int token)
{
    if (p->depth >= WF_EXPR_MAX_DEPTH)
        return lex_error(p, tok, tok + 1, "expression is nested too deeply");
    p->depth++;
    return token;
}

static int close_bracket(struct wf_expr_parser *p, int token)
{
    if (p->depth > 0)
        p->depth--;
    return token;
}

static unsigned hex4(ucur s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = s[i];
        v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* An escape the language does not have; `tok` is at the backslash. */
static int bad_escape(struct wf_expr_parser *p, ucur tok, ucur lim)
{
    uint32_t off = offset(p, tok);
    if (tok + 1 >= lim)
        return lex_error(p, tok, tok + 1, "unterminated string");
    size_t n = utf8_len(tok + 1, lim);
    if (n == 1 && (tok[1] < 0x20 || tok[1] >= 0x7f))
        wf_expr_parser_fail(p, off, off + 2, "unknown escape: \"\\\" followed by byte 0x%02X",
                            tok[1]);
    else
        wf_expr_parser_fail(p, off, off + 1 + (uint32_t)n, "unknown escape \"\\%.*s\" in string",
                            (int)n, (const char *)tok + 1);
    return T_WF_YYerror;
}

/*!re2c
    re2c:api = custom;
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYPEEK = "(cur < lim ? *cur : 0)";
    re2c:define:YYSKIP = "++cur;";
    re2c:define:YYBACKUP = "mar = cur;";
    re2c:define:YYRESTORE = "cur = mar;";
    re2c:define:YYLESSTHAN = "(cur >= lim)";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    hex = [0-9a-fA-F];
*/

/* Decodes the body of a string literal, s[0..end) between the quotes, which
 * the main scanner has checked for quotes and raw newlines. The decoded text
 * is never longer than the body. */
static int string_token(struct wf_expr_parser *p, WF_YYSTYPE *val, ucur s, ucur end)
{
    char *out = wf_arena_alloc(p->arena, (size_t)(end - s) + 1);
    size_t n = 0;
    ucur cur = s, lim = end, mar = s, tok;
    for (;;) {
        tok = cur;
        /*!re2c
            $        { break; }
            [^\\]+ {
                memcpy(out + n, tok, (size_t)(cur - tok));
                n += (size_t)(cur - tok);
                continue;
            }
            "\\\""   { out[n++] = '"'; continue; }
            "\\\\"   { out[n++] = '\\'; continue; }
            "\\/"    { out[n++] = '/'; continue; }
            "\\b"    { out[n++] = '\b'; continue; }
            "\\f"    { out[n++] = '\f'; continue; }
            "\\n"    { out[n++] = '\n'; continue; }
            "\\r"    { out[n++] = '\r'; continue; }
            "\\t"    { out[n++] = '\t'; continue; }
            "\\u" [dD] [89abAB] hex{2} "\\u" [dD] [c-fC-F] hex{2} {
                unsigned cp = 0x10000 + ((hex4(tok + 2) - 0xd800) << 10) + (hex4(tok + 8) - 0xdc00);
                n += put_utf8(out + n, cp);
                continue;
            }
            "\\u" [dD] [89a-fA-F] hex{2} {
                wf_expr_parser_fail(p, offset(p, tok), offset(p, cur),
                                    "unpaired surrogate \"%.*s\" in string", 6, (const char *)tok);
                return T_WF_YYerror;
            }
            "\\u" hex{4} { n += put_utf8(out + n, hex4(tok + 2)); continue; }
            "\\u" hex{0,3} {
                return lex_error(p, tok, cur, "\"\\u\" must be followed by four hex digits");
            }
            *        { return bad_escape(p, tok, lim); }
        */
    }
    out[n] = '\0';
    val->str.s = out;
    val->str.len = n;
    return T_STRING;
}

/* The next token from p->cur; its range goes to *loc. */
static int next_token(struct wf_expr_parser *p, WF_YYSTYPE *val, struct wf_expr_loc *loc)
{
    ucur cur = p->cur, lim = p->lim, mar = cur, tok;
    int t;
    for (;;) {
        tok = cur;
        /*!re2c
            digits = [0-9]+;
            exponent = [eE] [+-]? digits;
            strchar = [^"\\\n\r] | "\\" [^\n\r];

            $                   { t = T_YYEOF; break; }
            [ \t\r\n]+          { continue; }

            digits              { t = int_token(p, val, tok, cur); break; }
            digits "." digits exponent? | digits exponent
                                { t = double_token(p, val, tok, cur); break; }
            ["] strchar* ["]    { t = string_token(p, val, tok + 1, cur - 1); break; }
            ["] strchar* "\\"?  { t = lex_error(p, tok, cur, "unterminated string"); break; }
            [A-Za-z_][A-Za-z0-9_]* { t = word_token(p, val, tok, cur); break; }

            "+"  { t = T_PLUS; break; }
            "-"  { t = T_MINUS; break; }
            "*"  { t = T_STAR; break; }
            "/"  { t = T_SLASH; break; }
            "//" { t = T_IDIV; break; }
            "%"  { t = T_PERCENT; break; }
            "==" { t = T_EQ; break; }
            "!=" { t = T_NE; break; }
            "<"  { t = T_LT; break; }
            "<=" { t = T_LE; break; }
            ">"  { t = T_GT; break; }
            ">=" { t = T_GE; break; }
            ","  { t = T_COMMA; break; }
            "."  { t = T_DOT; break; }
            ":"  { t = T_COLON; break; }
            "("  { t = open_bracket(p, tok, T_LPAREN); break; }
            "["  { t = open_bracket(p, tok, T_LBRACKET); break; }
            "{"  { t = open_bracket(p, tok, T_LBRACE); break; }
            ")"  { t = close_bracket(p, T_RPAREN); break; }
            "]"  { t = close_bracket(p, T_RBRACKET); break; }
            "}"  { t = close_bracket(p, T_RBRACE); break; }

            "'" {
                t = lex_error(p, tok, cur,
                    "single quotes do not delimit strings in expressions; use double quotes");
                break;
            }
            "\xe2\x80" [\x98\x99\x9c\x9d] {
                t = lex_error(p, tok, cur,
                    "typographic quotes do not delimit strings; use plain double quotes");
                break;
            }
            "&&" { t = lex_error(p, tok, cur, "there is no \"&&\" operator; use \"and\""); break; }
            "||" { t = lex_error(p, tok, cur, "there is no \"||\" operator; use \"or\""); break; }
            "!"  { t = lex_error(p, tok, cur, "there is no \"!\" operator; use \"not\""); break; }
            "="  {
                t = lex_error(p, tok, cur, "there is no \"=\" operator; use \"==\" to compare");
                break;
            }
            "?"  {
                t = lex_error(p, tok, cur,
                              "there is no \"?\" operator; use if(condition, value, otherwise)");
                break;
            }
            "${" {
                t = lex_error(p, tok, cur,
                              "\"${\" cannot be nested; write the inner expression without it");
                break;
            }
            *    { t = bad_char(p, tok, lim); break; }
        */
    }
    p->cur = cur;
    loc->off = offset(p, tok);
    loc->end = offset(p, cur);
    return t;
}

int wf_yylex(WF_YYSTYPE *val, WF_YYLTYPE *loc, struct wf_expr_parser *p)
{
    p->prev_tok = p->tok;
    p->prev_loc = p->tok_loc;
    p->tok_depth = p->depth;
    if (p->start) {
        p->tok = p->start;
        p->start = 0;
        loc->off = loc->end = 0;
    } else {
        p->tok = next_token(p, val, loc);
    }
    p->tok_loc = *loc;
    return p->tok;
}

/* ---- finding the end of "${...}" ---- */

/* The index just past a quoted string starting at text[i], or i + 1 when it
 * is not closed on its line: the parser will report that string, so the
 * scan goes on as if the quote were an ordinary character. */
static size_t skip_quoted(const char *text, size_t i, size_t len)
{
    char q = text[i];
    for (size_t j = i + 1; j < len; j++) {
        if (text[j] == q)
            return j + 1;
        if (text[j] == '\n' || text[j] == '\r')
            break;
        if (text[j] == '\\' && j + 1 < len && text[j + 1] != '\n' && text[j + 1] != '\r')
            j++;
    }
    return i + 1;
}

long wf_expr_scan_end(const char *text, size_t len)
{
    if (len < 2 || text[0] != '$' || text[1] != '{')
        return -1;
    size_t depth = 0;
    size_t i = 2;
    while (i < len) {
        switch (text[i]) {
        case '"':
        case '\'': /* not a string in the language, but the lexer explains it */
            i = skip_quoted(text, i, len);
            continue;
        case '(':
        case '[':
        case '{':
            depth++;
            break;
        case ')':
        case ']':
            if (depth > 0)
                depth--;
            break;
        case '}':
            if (depth == 0)
                return (long)i;
            depth--;
            break;
        default:
            break;
        }
        i++;
    }
    return -1;
}
