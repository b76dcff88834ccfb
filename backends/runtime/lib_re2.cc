/*
 * lib_re2.cc - the C++ side of lib_re2.h: RE2 behind three C functions, so
 * that the rest of libwfrt stays C. Nothing here knows about values or
 * errors; lib_text.c turns a failure into Workflows' ValueError.
 *
 * Why RE2 (Debian's libre2) and not PCRE2 in a restricted mode: Workflows
 * documents RE2 syntax, and the engine itself is the only exact definition
 * of it. RE2 rejects what it lacks (backreferences, lookaround, possessive
 * and atomic groups, \Z, repetition past 1000...) with its own messages, and
 * accepts what PCRE2 reads differently (\C, octal \123, (?P<name>...), \pN,
 * `$` at the very end only). Its longest-match mode gives the documented
 * "longest match at the same start" of text.find_all_regex directly, and
 * its matching time is linear in the text. The price is this file and
 * libstdc++ among the link flags (WFRT_LIBS).
 */
#include "config.h"

#include "backends/runtime/lib_re2.h"

#include <re2/re2.h>

#include <cstdio>
#include <new>

struct wfrt_re {
    re2::RE2 re;
    wfrt_re(const re2::StringPiece &pat, const re2::RE2::Options &opts) : re(pat, opts)
    {
    }
};

/* RE2 allocates with operator new: a failure is caught here, never let
 * through to C. */
extern "C" struct wfrt_re *wfrt_re_compile(const char *pat, size_t len, bool longest, char *err,
                                           size_t size)
{
    re2::RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_longest_match(longest);
    opts.set_encoding(re2::RE2::Options::EncodingUTF8);
    wfrt_re *re = nullptr;
    try {
        re = new wfrt_re(re2::StringPiece(pat, len), opts);
    } catch (...) {
        if (size)
            std::snprintf(err, size, "out of memory");
        return nullptr;
    }
    if (!re->re.ok()) {
        if (size)
            std::snprintf(err, size, "%s", re->re.error().c_str());
        delete re;
        return nullptr;
    }
    return re;
}

extern "C" int wfrt_re_search(const struct wfrt_re *re, const char *text, size_t len, size_t from,
                              size_t *begin, size_t *end)
{
    re2::StringPiece match;
    bool found = false;
    try {
        found = from <= len && re->re.Match(re2::StringPiece(text, len), from, len,
                                            re2::RE2::UNANCHORED, &match, 1);
    } catch (...) {
        return -1;
    }
    if (!found)
        return 0;
    *begin = static_cast<size_t>(match.data() - text);
    *end = *begin + match.size();
    return 1;
}

extern "C" void wfrt_re_free(struct wfrt_re *re)
{
    delete re;
}
