# fuzz.mk - builds the libFuzzer targets with clang into fuzz/build/, apart
# from the gcc build: `make fuzz` (Makefile.am) runs this makefile (GNU
# make) with the source lists and flags configure found, then fuzz/run.sh.
#
# Every source the targets need is compiled again here with
# -fsanitize=fuzzer-no-link,address,undefined into fuzz/build/obj/, the
# compiler's into fuzz/build/libwfc.a and the runtime's C into
# fuzz/build/libwfrt.a (a target links only the members it uses). Each
# target links one fuzz/NAME.c with -fsanitize=fuzzer,address,undefined.
#
# Given by Makefile.am: srcdir, WFC_SOURCES and WFRT_SOURCES (the sources
# of libwfc.a and libwfrt.a as Makefile.am lists them, headers included),
# WARN_CFLAGS and the *_CFLAGS/*_LIBS of the libraries. FUZZ_CC is the
# compiler (clang-14, Debian's packages clang-14 and libclang-rt-14-dev).

FUZZ_CC ?= clang-14
B = fuzz/build
VPATH = $(srcdir)

SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 $(WARN_CFLAGS) $(SAN) \
	-fsanitize=fuzzer-no-link
FUZZ_CPPFLAGS = -I. -I$(srcdir) $(YAML_CFLAGS) $(CJSON_CFLAGS) $(CRYPTO_CFLAGS) $(CURL_CFLAGS) \
	-DWFC_FUZZ_WFRT_INCLUDE='"$(abspath $(srcdir))/backends/runtime"'
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined

TARGETS = yaml expr emit cgen json
# cli/settings.c: the filter of `# wfc:` comments and the table's settings.
# frontend/expr_parse.y is compiled as the frontend/expr_parse.c bison made;
# the runtime's C++ (RE2) is left out, as no target reaches it.
WFC_SRCS = $(patsubst %.y,%.c,$(filter %.c %.y,$(WFC_SOURCES))) cli/settings.c
WFRT_SRCS = $(filter %.c,$(WFRT_SOURCES))
WFC_OBJS = $(patsubst %.c,$(B)/obj/%.o,$(WFC_SRCS))
WFRT_OBJS = $(patsubst %.c,$(B)/obj/%.o,$(WFRT_SRCS))
WFC_LIBS = $(B)/obj/fuzz/common.o $(B)/obj/fuzz/fail.o $(B)/libwfc.a $(YAML_LIBS) $(CJSON_LIBS) -lm

all: $(addprefix $(B)/,$(TARGETS))

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC   $<"
	@$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libwfc.a: $(WFC_OBJS)
	@rm -f $@
	@ar cr $@ $^

$(B)/libwfrt.a: $(WFRT_OBJS)
	@rm -f $@
	@ar cr $@ $^

$(B)/yaml $(B)/expr $(B)/emit $(B)/cgen: $(B)/%: $(B)/obj/fuzz/%.o $(B)/obj/fuzz/common.o \
		$(B)/obj/fuzz/fail.o $(B)/libwfc.a
	@echo "  FUZZLD   $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $< $(WFC_LIBS)

$(B)/json: $(B)/obj/fuzz/json.o $(B)/obj/fuzz/fail.o $(B)/libwfrt.a
	@echo "  FUZZLD   $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ -lm -pthread

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

.PHONY: all
