/*
 * lib_hash.c - hash.compute_checksum and hash.compute_hmac (spec stdlib.md
 * §4): raw digests as bytes, computed by OpenSSL's libcrypto (Debian's
 * libssl-dev). The algorithms are those the spec lists, spelled as it
 * spells them: "MD5", "SHA1", "SHA256", "SHA384", "SHA512"; any other name
 * is a ValueError.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <limits.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

static const EVP_MD *digest_named(wfrt_val name)
{
    static const struct {
        const char *name;
        const EVP_MD *(*md)(void);
    } algorithms[] = {
        {"MD5", EVP_md5},       {"SHA1", EVP_sha1},     {"SHA256", EVP_sha256},
        {"SHA384", EVP_sha384}, {"SHA512", EVP_sha512},
    };
    for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++)
        if (wfrt_lib_str_is(name, algorithms[i].name))
            return algorithms[i].md();
    return NULL;
}

static bool unknown_algorithm(const char *fn, wfrt_val name)
{
    return wfrt_fail(WFRT_TAG_VALUE,
                     "%s: unsupported algorithm \"%s\"; expected one of MD5, SHA1, SHA256, "
                     "SHA384, SHA512",
                     fn, wfrt_str_data(name));
}

bool wfrt_fn_hash_compute_checksum(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"data", WFRT_LIB_BYTES},
                                                   {"algorithm", WFRT_LIB_STRING}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("hash.compute_checksum", params, a))
        return false;
    const EVP_MD *md = digest_named(a[1]);
    if (!md)
        return unknown_algorithm("hash.compute_checksum", a[1]);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(wfrt_str_data(a[0]), wfrt_str_len(a[0]), digest, &len, md, NULL))
        return wfrt_fail(WFRT_TAG_SYSTEM, "hash.compute_checksum: the digest failed");
    *out = wfrt_bytes(digest, len);
    return true;
}

bool wfrt_fn_hash_compute_hmac(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"key", WFRT_LIB_BYTES}, {"data", WFRT_LIB_BYTES}, {"algorithm", WFRT_LIB_STRING}};
    wfrt_val a[3];
    if (!WFRT_LIB_CHECK("hash.compute_hmac", params, a))
        return false;
    const EVP_MD *md = digest_named(a[2]);
    if (!md)
        return unknown_algorithm("hash.compute_hmac", a[2]);
    if (wfrt_str_len(a[0]) > INT_MAX)
        return wfrt_fail(WFRT_TAG_VALUE, "hash.compute_hmac: the key is too long");
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(md, wfrt_str_data(a[0]), (int)wfrt_str_len(a[0]),
              (const unsigned char *)wfrt_str_data(a[1]), wfrt_str_len(a[1]), mac, &len))
        return wfrt_fail(WFRT_TAG_SYSTEM, "hash.compute_hmac: the hmac failed");
    *out = wfrt_bytes(mac, len);
    return true;
}
