/*
 * lib_time.c - time.format and time.parse (spec stdlib.md §13), and the
 * RFC 3339 parser sys.sleep_until shares (wfrt_lib_parse_time).
 *
 * time.format writes what the documentation shows: six fraction digits
 * always, "Z" for a zero offset, else "+02:00" ("2024-07-12T14:50:33.000000
 * +02:00" for Europe/Paris). The timezone is an IANA name, read from the
 * system's tz database (TZif files under $TZDIR, by default the usual
 * /usr/share/zoneinfo) by the small reader below, including the POSIX TZ
 * rule at the end of a file for instants past its last transition. We do
 * not use localtime_r with TZ: that is process-wide state, and parallel
 * branches run on threads. "", "UTC" and "GMT" need no database.
 *
 * time.parse takes RFC 3339 section 5.6 date-times (what the documentation
 * names): "2024-05-08T12:01:00.000000Z", a "+hh:mm" or "-hh:mm" offset, any
 * number of fraction digits, "t" and "z" in lower case. Anything else is a
 * ValueError, as is a date or time out of range.
 */
#include "config.h"

#include "backends/runtime/lib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- calendar ---- */

static bool is_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar,
 * counting in 400-year eras of 146097 days from March 1st, year 0. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                   /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ---- POSIX TZ rules (the footer of a TZif file) ---- */

struct tz_rule {
    char kind; /* 'J' (1-365, no Feb 29), 'D' (0-365), 'M' (month, week, weekday) */
    int day, week, month;
    int64_t time; /* seconds after local midnight; may be negative or past 24 h */
};

struct tz_posix {
    int64_t std_off, dst_off; /* seconds east of UTC */
    bool has_dst;
    struct tz_rule start, end;
};

static bool parse_num(const char **p, int max, int *out)
{
    const char *s = *p;
    int v = 0;
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > max)
            return false;
    }
    *p = s;
    *out = v;
    return true;
}

/* [+-]hh[:mm[:ss]], hours up to 167 (RFC 8536's extension for times). */
static bool parse_hms(const char **p, int64_t *out)
{
    int sign = 1, h, m = 0, s = 0;
    if (**p == '+' || **p == '-')
        sign = *(*p)++ == '-' ? -1 : 1;
    if (!parse_num(p, 167, &h))
        return false;
    if (**p == ':') {
        (*p)++;
        if (!parse_num(p, 59, &m))
            return false;
        if (**p == ':') {
            (*p)++;
            if (!parse_num(p, 59, &s))
                return false;
        }
    }
    *out = sign * ((int64_t)h * 3600 + m * 60 + s);
    return true;
}

static bool parse_zone_name(const char **p)
{
    const char *s = *p;
    if (*s == '<') {
        while (*s && *s != '>')
            s++;
        if (*s != '>')
            return false;
        *p = s + 1;
        return true;
    }
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
        s++;
    if (s - *p < 3)
        return false;
    *p = s;
    return true;
}

static bool parse_rule(const char **p, struct tz_rule *r)
{
    r->time = 7200;
    if (**p == 'J') {
        (*p)++;
        r->kind = 'J';
        if (!parse_num(p, 365, &r->day) || r->day < 1)
            return false;
    } else if (**p == 'M') {
        (*p)++;
        r->kind = 'M';
        if (!parse_num(p, 12, &r->month) || r->month < 1 || *(*p)++ != '.' ||
            !parse_num(p, 5, &r->week) || r->week < 1 || *(*p)++ != '.' ||
            !parse_num(p, 6, &r->day))
            return false;
    } else {
        r->kind = 'D';
        if (!parse_num(p, 365, &r->day))
            return false;
    }
    if (**p == '/') {
        (*p)++;
        return parse_hms(p, &r->time);
    }
    return true;
}

/* "CET-1CEST,M3.5.0,M10.5.0/3" and the like. */
static bool parse_posix_tz(const char *s, struct tz_posix *tz)
{
    int64_t off;
    if (!parse_zone_name(&s) || !parse_hms(&s, &off))
        return false;
    tz->std_off = -off; /* POSIX offsets count west */
    tz->has_dst = *s != '\0';
    if (!tz->has_dst)
        return true;
    if (!parse_zone_name(&s))
        return false;
    tz->dst_off = tz->std_off + 3600;
    if (*s && *s != ',') {
        if (!parse_hms(&s, &off))
            return false;
        tz->dst_off = -off;
    }
    if (*s == '\0') { /* no rules: POSIX leaves them to the system; the US ones */
        const char *us = ",M3.2.0,M11.1.0";
        s = us;
    }
    if (*s++ != ',' || !parse_rule(&s, &tz->start) || *s++ != ',' || !parse_rule(&s, &tz->end))
        return false;
    return *s == '\0';
}

/* The local time (seconds since the epoch, as if local were UTC) of the
 * rule's transition in year y. */
static int64_t rule_local(const struct tz_rule *r, int64_t y)
{
    int64_t day;
    if (r->kind == 'J') {
        day = days_from_civil(y, 1, 1) + r->day - 1 + (is_leap(y) && r->day >= 60);
    } else if (r->kind == 'D') {
        day = days_from_civil(y, 1, 1) + r->day;
    } else {
        int64_t first = days_from_civil(y, r->month, 1);
        int wday = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
        int mday = 1 + (r->day - wday + 7) % 7 + (r->week - 1) * 7;
        while (mday > days_in_month(y, r->month))
            mday -= 7;
        day = first + mday - 1;
    }
    return day * 86400 + r->time;
}

static int64_t posix_offset(const struct tz_posix *tz, int64_t t)
{
    if (!tz->has_dst)
        return tz->std_off;
    int64_t y;
    int m, d;
    civil_from_days(floor_div(t + tz->std_off, 86400), &y, &m, &d);
    int64_t start = rule_local(&tz->start, y) - tz->std_off; /* begins in standard time */
    int64_t end = rule_local(&tz->end, y) - tz->dst_off;     /* ends in daylight time */
    bool dst = start < end ? t >= start && t < end : !(t >= end && t < start);
    return dst ? tz->dst_off : tz->std_off;
}

/* ---- TZif files (RFC 8536) ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The UTC offset at instant t of the TZif data f[0..n); false when the data
 * is not a TZif file we understand. */
static bool tzif_offset(const unsigned char *f, size_t n, int64_t t, int64_t *off)
{
    if (n < 44 || memcmp(f, "TZif", 4) != 0)
        return false;
    bool v2 = f[4] >= '2';
    size_t tsize = 4, lsize = 8, pos = 0;
    for (int pass = 0; pass < (v2 ? 2 : 1); pass++) {
        if (n - pos < 44 || memcmp(f + pos, "TZif", 4) != 0)
            return false;
        const unsigned char *h = f + pos + 20;
        size_t isut = be32(h), isstd = be32(h + 4), leap = be32(h + 8), timecnt = be32(h + 12),
               typecnt = be32(h + 16), charcnt = be32(h + 20);
        if (timecnt > 100000 || typecnt > 256 || leap > 100000 || charcnt > 100000 || isut > 256 ||
            isstd > 256 || typecnt == 0)
            return false;
        size_t body =
            timecnt * tsize + timecnt + typecnt * 6 + charcnt + leap * lsize + isstd + isut;
        if (n - pos - 44 < body)
            return false;
        if (v2 && pass == 0) { /* skip the 32-bit data: the 64-bit copy follows */
            pos += 44 + body;
            tsize = 8;
            lsize = 12;
            continue;
        }
        const unsigned char *times = f + pos + 44, *idx = times + timecnt * tsize,
                            *types = idx + timecnt;
        size_t i = 0; /* transitions at or before t */
        while (i < timecnt &&
               (tsize == 8 ? be64(times + i * 8) : (int64_t)(int32_t)be32(times + i * 4)) <= t)
            i++;
        if (i == timecnt && v2) { /* past the last transition: the footer's rule */
            const unsigned char *foot = f + pos + 44 + body;
            size_t left = n - (size_t)(foot - f);
            if (left >= 2 && foot[0] == '\n') {
                char rule[128];
                size_t len = 0;
                while (len + 1 < left && foot[1 + len] != '\n' && len < sizeof rule - 1) {
                    rule[len] = (char)foot[1 + len];
                    len++;
                }
                rule[len] = '\0';
                struct tz_posix tz;
                if (len > 0 && parse_posix_tz(rule, &tz)) {
                    *off = posix_offset(&tz, t);
                    return true;
                }
            }
        }
        unsigned type = i == 0 ? 0 : idx[i - 1];
        if (type >= typecnt)
            return false;
        *off = (int32_t)be32(types + type * 6);
        return true;
    }
    return false;
}

/* A zone name that names a file under the database and nothing else:
 * "Europe/Paris", "Etc/GMT+5"; no "..", no leading '/'. */
static bool safe_zone_name(const char *s, size_t n)
{
    if (n == 0 || n > 255 || strlen(s) != n || s[0] == '/' || s[n - 1] == '/')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '+' || c == '/' || c == '.';
        if (!ok || (c == '.' && (i == 0 || s[i - 1] == '/')) || (c == '/' && s[i - 1] == '/'))
            return false;
    }
    return true;
}

/* The UTC offset of zone `name` at instant t; false for an unknown zone. */
static bool zone_offset(wfrt_val name, int64_t t, int64_t *off)
{
    const char *s = wfrt_str_data(name);
    size_t n = wfrt_str_len(name);
    if (n == 0 || wfrt_lib_str_is(name, "UTC") || wfrt_lib_str_is(name, "GMT")) {
        *off = 0;
        return true;
    }
    if (!safe_zone_name(s, n))
        return false;
    const char *dir = getenv("TZDIR");
    struct wfrt_buf path = {0};
    wfrt_buf_adds(&path, dir && *dir ? dir : "/usr/share/zoneinfo");
    wfrt_buf_addc(&path, '/');
    wfrt_buf_add(&path, s, n);
    FILE *fp = fopen(path.p, "rb");
    wfrt_buf_free(&path);
    if (!fp)
        return false;
    struct wfrt_buf data = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0 && data.len < (1u << 20))
        wfrt_buf_add(&data, chunk, got);
    fclose(fp);
    bool ok = data.p && tzif_offset((const unsigned char *)data.p, data.len, t, off);
    wfrt_buf_free(&data);
    return ok;
}

/* ---- time.format ---- */

/* Seconds of 0001-01-01T00:00:00Z and of 10000-01-01T00:00:00Z. */
#define MIN_SECONDS (-62135596800LL)
#define END_SECONDS 253402300800LL

bool wfrt_fn_time_format(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {
        {"seconds", WFRT_LIB_NUMBER}, {"timezone", WFRT_LIB_STRING | WFRT_LIB_OPTIONAL}};
    wfrt_val a[2];
    if (!WFRT_LIB_CHECK("time.format", params, a))
        return false;
    int64_t secs, micros = 0;
    if (a[0].type == WFRT_INT) {
        secs = a[0].u.i;
    } else {
        double d = a[0].u.d;
        if (!(d > (double)MIN_SECONDS - 1 && d < (double)END_SECONDS + 1))
            return wfrt_fail(WFRT_TAG_VALUE, "time.format: %g seconds is out of range", d);
        double whole = floor(d);
        secs = (int64_t)whole;
        micros = (int64_t)llround((d - whole) * 1e6);
        if (micros == 1000000) {
            secs++;
            micros = 0;
        }
    }
    if (secs < MIN_SECONDS || secs >= END_SECONDS)
        return wfrt_fail(WFRT_TAG_VALUE, "time.format: %lld seconds is out of range",
                         (long long)secs);
    int64_t off = 0;
    if (a[1].type == WFRT_STRING && !zone_offset(a[1], secs, &off))
        return wfrt_fail(WFRT_TAG_VALUE, "time.format: unknown timezone \"%s\"",
                         wfrt_str_data(a[1]));
    int64_t local = secs + off, y;
    int m, d;
    civil_from_days(floor_div(local, 86400), &y, &m, &d);
    int64_t sod = local - floor_div(local, 86400) * 86400;
    char zone[16] = "Z";
    if (off != 0) {
        int64_t abs_off = off < 0 ? -off : off;
        int len = snprintf(zone, sizeof zone, "%c%02d:%02d", off < 0 ? '-' : '+',
                           (int)(abs_off / 3600), (int)(abs_off / 60 % 60));
        if (abs_off % 60) /* local mean time of old dates: keep the seconds */
            snprintf(zone + len, sizeof zone - (size_t)len, ":%02d", (int)(abs_off % 60));
    }
    *out =
        wfrt_string_printf("%04d-%02d-%02dT%02d:%02d:%02d.%06d%s", (int)y, m, d, (int)(sod / 3600),
                           (int)(sod / 60 % 60), (int)(sod % 60), (int)micros, zone);
    return true;
}

/* ---- time.parse ---- */

/* Exactly `width` digits at s[*i], as an int. */
static bool digits(const char *s, size_t n, size_t *i, int width, int *out)
{
    int v = 0;
    for (int k = 0; k < width; k++, (*i)++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9')
            return false;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return true;
}

static bool expect(const char *s, size_t n, size_t *i, const char *one_of)
{
    if (*i >= n || !s[*i] || !strchr(one_of, s[*i]))
        return false;
    (*i)++;
    return true;
}

bool wfrt_lib_parse_time(const char *s, size_t n, double *out)
{
    size_t i = 0, frac_at = 0, frac_len = 0;
    int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
    if (!digits(s, n, &i, 4, &y) || !expect(s, n, &i, "-") || !digits(s, n, &i, 2, &mo) ||
        !expect(s, n, &i, "-") || !digits(s, n, &i, 2, &d) || !expect(s, n, &i, "Tt") ||
        !digits(s, n, &i, 2, &h) || !expect(s, n, &i, ":") || !digits(s, n, &i, 2, &mi) ||
        !expect(s, n, &i, ":") || !digits(s, n, &i, 2, &sec))
        return false;
    if (i < n && s[i] == '.') {
        frac_at = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_len = i - frac_at;
        if (frac_len == 0)
            return false;
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        sign = s[i++] == '-' ? -1 : 1;
        if (!digits(s, n, &i, 2, &oh) || !expect(s, n, &i, ":") || !digits(s, n, &i, 2, &om))
            return false;
    } else {
        return false;
    }
    if (i != n || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
        sec > 60 || oh > 23 || om > 59)
        return false;
    int64_t secs =
        days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
    /* "<secs>.<fraction>" read by strtod: one correct rounding. Before
     * 1970 the fraction counts up from a negative second, so it is added. */
    struct wfrt_buf text = {0};
    char whole[32];
    snprintf(whole, sizeof whole, "%lld", secs < 0 ? 0LL : (long long)secs);
    wfrt_buf_adds(&text, whole);
    if (frac_len) {
        wfrt_buf_addc(&text, '.');
        wfrt_buf_add(&text, s + frac_at, frac_len);
    }
    *out = strtod(text.p, NULL) + (secs < 0 ? (double)secs : 0.0);
    wfrt_buf_free(&text);
    return true;
}

bool wfrt_fn_time_parse(const wfrt_val *args, size_t nargs, wfrt_val *out)
{
    static const struct wfrt_lib_param params[] = {{"value", WFRT_LIB_STRING}};
    wfrt_val a[1];
    if (!WFRT_LIB_CHECK("time.parse", params, a))
        return false;
    double t;
    if (!wfrt_lib_parse_time(wfrt_str_data(a[0]), wfrt_str_len(a[0]), &t))
        return wfrt_fail(WFRT_TAG_VALUE, "time.parse: \"%s\" is not an RFC 3339 timestamp",
                         wfrt_str_data(a[0]));
    *out = wfrt_double(t);
    return true;
}
