/*
 * types.h - the types of Workflows values as sets, for gradual inference:
 * a value's type is the set of types it may have at run time, WF_TY_ANY
 * when nothing is known. A check reports an operation only when every type
 * in the set makes it fail (spec/expressions.md §4: unknown stays silent).
 */
#ifndef WF_TYPES_H
#define WF_TYPES_H

/* One bit per runtime type. */
enum {
    WF_TY_NULL = 1u << 0,
    WF_TY_BOOL = 1u << 1,
    WF_TY_INT = 1u << 2,
    WF_TY_DOUBLE = 1u << 3,
    WF_TY_STRING = 1u << 4,
    WF_TY_BYTES = 1u << 5,
    WF_TY_LIST = 1u << 6,
    WF_TY_MAP = 1u << 7,
    WF_TY_NUMBER = WF_TY_INT | WF_TY_DOUBLE,
    WF_TY_ANY = 0xFFu,
};

typedef unsigned wf_tyset;

#endif
