/*
 * limits.h - the limits of Workflows that wfc checks, each a named constant
 * with its source (the quotas and limits pages of Workflows), so that a corrected value is
 * changed in one place.
 */
#ifndef WF_LIMITS_H
#define WF_LIMITS_H

/* Verified: the quotas page (source code size, YAML or JSON). */
#define WF_LIMIT_SOURCE_BYTES (128u * 1024u)

/* Verified: assignments in one assign step (quotas, step limits). */
#define WF_LIMIT_ASSIGNMENTS 50

/* Official: conditions in one switch step. */
#define WF_LIMIT_CONDITIONS 50

/* Verified: branches in one parallel step (quotas, parallel steps). */
#define WF_LIMIT_BRANCHES 10

/* Verified: nesting depth of parallel steps (quotas, parallel steps). */
#define WF_LIMIT_PARALLEL_DEPTH 2

/* Unconfirmed (only an emulator's documentation gives the number): the
 * length of one expression. A warning, not an error. */
#define WF_LIMIT_EXPRESSION_CHARS 400

#endif
