/*
 * suggest.h - "did you mean": the closest candidate to a misspelt name.
 */
#ifndef WF_SUGGEST_H
#define WF_SUGGEST_H

#include <stddef.h>

/* Optimal-string-alignment distance between a and b, counting a change of
 * letter case as half an edit (returned doubled, so 1 == a case change). */
unsigned wf_edit_distance2(const char *a, const char *b);

/* The candidate closest to `name`, or NULL when none is close enough to be a
 * plausible typo (at most a third of the name's length in edits). NULL
 * entries in `cands` are skipped; ties go to the earlier candidate. */
const char *wf_suggest(const char *name, const char *const *cands, size_t n);

#endif
