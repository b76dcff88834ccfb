/*
 * lib_uuid.c - uuid.generate (spec stdlib.md §14): a random version 4 UUID
 * (RFC 9562) in its canonical form, 36 lower-case characters. The 122
 * random bits come from the kernel (getrandom), which needs no seeding and
 * no lock, so parallel branches may call it at once.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <errno.h>
#include <sys/random.h>

static bool random_bytes(unsigned char *p, size_t n)
{
    while (n) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        p += got;
        n -= (size_t)got;
    }
    return true;
}

bool wfrt_fn_uuid_generate(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const char hex[] = "0123456789abcdef";
    if (!wfrt_lib_check("uuid.generate", NULL, 0, args, nargs, NULL))
        return false;
    unsigned char u[16];
    if (!random_bytes(u, sizeof u))
        return wfrt_fail(WFRT_TAG_SYSTEM, "uuid.generate: no random bytes from the system");
    u[6] = (unsigned char)((u[6] & 0x0F) | 0x40); /* version 4 */
    u[8] = (unsigned char)((u[8] & 0x3F) | 0x80); /* the RFC's variant */
    char text[36];
    size_t k = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text[k++] = '-';
        text[k++] = hex[u[i] >> 4];
        text[k++] = hex[u[i] & 15];
    }
    *out = wfrt_string(text, sizeof text);
    return true;
}
