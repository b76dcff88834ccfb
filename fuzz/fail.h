/*
 * fail.h - how a fuzz target reports a finding other than a sanitizer's:
 * by aborting, which libFuzzer records as a crash and whose input it saves.
 * Apart from fuzz.h so that the json target links no part of the compiler.
 */
#ifndef WF_FUZZ_FAIL_H
#define WF_FUZZ_FAIL_H

/* Prints "wfc fuzz: " and the message to stderr, then aborts. */
_Noreturn void wf_fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
