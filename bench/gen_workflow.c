/*
 * gen_workflow.c - writes a synthetic but realistic workflow to stdout, the
 * input of `make bench` (bench/run.sh).
 *
 *   gen_workflow --steps N [--seed S]   at least N steps, counted at every level
 *   gen_workflow --bytes B [--seed S]   as many steps as fit in B bytes
 *
 * The workflow is a `main` followed by three subworkflows. `main` starts
 * with one step that assigns the shared variables and ends with one that
 * returns them; between the two it repeats blocks of steps cut from the
 * templates below, first each template once (so every step kind appears in
 * any file of a few dozen steps), then in an order drawn from a seeded
 * PRNG. Step and variable names carry the block number, so they are unique;
 * every variable is assigned before it is read, and loop, except and branch
 * variables are read only inside their block. The output must lint clean.
 *
 * It does not aim at covering the language (the tests do that) nor at
 * producing workflows that would run: the URLs go nowhere. Same options,
 * same bytes, on every machine: the PRNG is ours, not rand().
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- templates ----
 *
 * One block of `main` steps each, indented for main's step list. Markers,
 * replaced when a block is written:
 *   @  the block's prefix, "b" and the block number: step and variable names
 *   #  the block number
 *   ~  a digit from 2 to 9, drawn anew at each occurrence
 *   ^  a resource name ("orders", ...), drawn anew at each occurrence
 * So the templates hold no literal @, #, ~ or ^ (YAML comments included).
 */

struct tpl {
    const char *name;
    int steps; /* steps in `text`, nested ones included */
    const char *text;
};

/* clang-format off */
static const struct tpl templates[] = {
    {"fetch", 6, /* assign, try with ${http.default_retry}, switch with next and raise */
     "    - @_prepare:\n"
     "        assign:\n"
     "          - @_url: ${base_url + \"/^?page=\" + string(# % ~ + 1)}\n"
     "          - @_headers:\n"
     "              Accept: application/json\n"
     "              X-Request-Id: ${\"req-\" + run_id + \"-\" + string(#)}\n"
     "    - @_fetch:\n"
     "        try:\n"
     "          call: http.get\n"
     "          args:\n"
     "            url: ${@_url}\n"
     "            headers: ${@_headers}\n"
     "            query:\n"
     "              pageSize: ${page_size}\n"
     "              filter: ${\"state=\" + default(map.get(input, \"state\"), \"ACTIVE\")}\n"
     "            auth:\n"
     "              type: OAuth2\n"
     "            timeout: ~0\n"
     "          result: @_resp\n"
     "        retry: ${http.default_retry}\n"
     "    - @_check:\n"
     "        switch:\n"
     "          - condition: ${@_resp.code == 404 or not (\"items\" in @_resp.body)}\n"
     "            next: @_empty\n"
     "          - condition: ${@_resp.code >= 500}\n"
     "            raise:\n"
     "              code: ${@_resp.code}\n"
     "              message: ${\"server error from \" + @_url}\n"
     "              tags: [\"ServerError\"]\n"
     "    - @_store:\n"
     "        assign:\n"
     "          - results[\"@\"]: ${len(@_resp.body.items)}\n"
     "          - total: ${total + len(@_resp.body.items) * ~ // ~}\n"
     "        next: @_done\n"
     "    - @_empty:\n"
     "        assign:\n"
     "          - results[\"@\"]: 0\n"
     "    - @_done:\n"
     "        call: sys.log\n"
     "        args:\n"
     "          text: ${\"fetched \" + string(results[\"@\"]) + \" ^ for \" + project}\n"
     "          severity: INFO\n"},
    {"submit", 3, /* http.post with body and OIDC, sys.log with positional args */
     "    - @_submit:\n"
     "        call: http.post\n"
     "        args:\n"
     "          url: ${jobs_url}\n"
     "          headers:\n"
     "            Content-Type: application/json\n"
     "          body:\n"
     "            displayName: ${\"^-job-\" + string(#)}\n"
     "            labels:\n"
     "              batch: ${string(# // ~)}\n"
     "              owner: ${default(map.get(input, \"owner\"), \"pipeline\")}\n"
     "            args: ${[\"--dataset=\" + dataset, \"--shard=\" + string(# % ~)]}\n"
     "          auth:\n"
     "            type: OIDC\n"
     "            audience: ${api}\n"
     "        result: @_job\n"
     "    - @_job_log:\n"
     "        call: sys.log\n"
     "        args:\n"
     "          - ${\"submitted \" + @_job.body.name}\n"
     "          - INFO\n"
     "    - @_job_keep:\n"
     "        assign:\n"
     "          - @_parts: ${text.split(@_job.body.name, \"/\")}\n"
     "          - names: ${list.concat(names, @_parts[len(@_parts) - 1])}\n"},
    {"poll", 5, /* sys.sleep, a backward next, switch with next, raise string, return */
     "    - @_wait:\n"
     "        call: sys.sleep\n"
     "        args:\n"
     "          seconds: ${poll_seconds}\n"
     "    - @_poll:\n"
     "        call: http.get\n"
     "        args:\n"
     "          url: ${base_url + \"/operations/\" + run_id + \"-\" + string(#)}\n"
     "          auth:\n"
     "            type: OAuth2\n"
     "        result: @_op\n"
     "    - @_count:\n"
     "        assign:\n"
     "          - attempts: ${attempts + 1}\n"
     "    - @_decide:\n"
     "        switch:\n"
     "          - condition: ${default(map.get(@_op.body, \"done\"), false) and not (\"error\" in @_op.body)}\n"
     "            next: @_finished\n"
     "          - condition: ${\"error\" in @_op.body}\n"
     "            raise: ${\"operation \" + @_op.body.name + \" failed with \" + @_op.body.error.message}\n"
     "          - condition: ${attempts >= max_attempts}\n"
     "            return:\n"
     "              status: timeout\n"
     "              operation: ${@_op.body.name}\n"
     "              attempts: ${attempts}\n"
     "        next: @_wait\n"
     "    - @_finished:\n"
     "        assign:\n"
     "          - results.last_operation: ${@_op.body.name}\n"},
    {"each", 3, /* for over `in` with an index, next: continue and break */
     "    - @_each:\n"
     "        for:\n"
     "          value: item\n"
     "          index: i\n"
     "          in: ${text.split(id_csv, \",\")}\n"
     "          steps:\n"
     "            - @_skip:\n"
     "                switch:\n"
     "                  - condition: ${len(item) == 0 or i % ~ == 1}\n"
     "                    next: continue\n"
     "                  - condition: ${i >= max_items}\n"
     "                    next: break\n"
     "            - @_tally:\n"
     "                assign:\n"
     "                  - names: ${list.concat(names, text.to_upper(item))}\n"
     "                  - counts[item]: ${default(map.get(counts, item), 0) + 1}\n"},
    {"pages", 4, /* for over a literal range */
     "    - @_pages:\n"
     "        for:\n"
     "          value: page\n"
     "          range: [1, ~]\n"
     "          steps:\n"
     "            - @_page_get:\n"
     "                call: http.get\n"
     "                args:\n"
     "                  url: ${base_url + \"/^\"}\n"
     "                  query:\n"
     "                    page: ${page}\n"
     "                    size: ${page_size}\n"
     "                  auth:\n"
     "                    type: OAuth2\n"
     "                result: @_page\n"
     "            - @_page_keep:\n"
     "                assign:\n"
     "                  - total: ${total + len(@_page.body.items)}\n"
     "                  - seen: ${list.concat(seen, page * 100 + # % 100)}\n"
     "    - @_pages_log:\n"
     "        call: sys.log\n"
     "        args:\n"
     "          data: ${len(seen)}\n"},
    {"fanout", 5, /* parallel branches with shared, a subworkflow call inside */
     "    - @_fanout:\n"
     "        parallel:\n"
     "          shared: [results]\n"
     "          concurrency_limit: 2\n"
     "          branches:\n"
     "            - @_users:\n"
     "                steps:\n"
     "                  - @_get_users:\n"
     "                      call: http.get\n"
     "                      args:\n"
     "                        url: ${base_url + \"/users\"}\n"
     "                        auth:\n"
     "                          type: OAuth2\n"
     "                      result: @_u\n"
     "                  - @_put_users:\n"
     "                      assign:\n"
     "                        - results[\"@_users\"]: ${len(@_u.body)}\n"
     "            - @_others:\n"
     "                steps:\n"
     "                  - @_get_others:\n"
     "                      call: fetch_json\n"
     "                      args:\n"
     "                        url: ${base_url + \"/^\"}\n"
     "                        timeout: ~0\n"
     "                      result: @_o\n"
     "                  - @_put_others:\n"
     "                      assign:\n"
     "                        - results[\"@_others\"]: ${default(map.get(@_o, \"count\"), 0)}\n"},
    {"regions", 3, /* parallel for over an expression */
     "    - @_regions:\n"
     "        parallel:\n"
     "          shared: [results]\n"
     "          for:\n"
     "            value: region\n"
     "            in: ${regions}\n"
     "            steps:\n"
     "              - @_svc_get:\n"
     "                  call: http.get\n"
     "                  args:\n"
     "                    url: ${\"https://run.googleapis.com/v2/projects/\" + project + \"/locations/\" + region + \"/services\"}\n"
     "                    auth:\n"
     "                      type: OAuth2\n"
     "                  result: @_svc\n"
     "              - @_svc_keep:\n"
     "                  assign:\n"
     "                    - results[region + \"_@\"]: ${len(default(map.get(@_svc.body, \"services\"), []))}\n"},
    {"guarded", 6, /* try with steps, a custom retry with backoff, except with as and steps */
     "    - @_guarded:\n"
     "        try:\n"
     "          steps:\n"
     "            - @_post:\n"
     "                call: http.post\n"
     "                args:\n"
     "                  url: ${base_url + \"/^:batchCreate\"}\n"
     "                  body:\n"
     "                    ids: ${[#, # + 1, # * ~]}\n"
     "                    size: ${int(page_size / ~)}\n"
     "                  auth:\n"
     "                    type: OAuth2\n"
     "                result: @_batch\n"
     "            - @_remember:\n"
     "                assign:\n"
     "                  - results.last_batch: ${@_batch.body.id}\n"
     "        retry:\n"
     "          predicate: ${http.default_retry_predicate}\n"
     "          max_retries: ~\n"
     "          backoff:\n"
     "            initial_delay: 1\n"
     "            max_delay: ~0\n"
     "            multiplier: 2\n"
     "        except:\n"
     "          as: e\n"
     "          steps:\n"
     "            - @_classify:\n"
     "                switch:\n"
     "                  - condition: ${e.code == 409}\n"
     "                    next: @_conflict\n"
     "                  - condition: ${e.code >= 500 and e.code < 600}\n"
     "                    return: '${\"upstream failed: \" + e.message}'\n"
     "            - @_rethrow:\n"
     "                raise: ${e}\n"
     "            - @_conflict:\n"
     "                call: sys.log\n"
     "                args:\n"
     "                  text: ${\"conflict ignored for ^ \" + string(#)}\n"
     "                  severity: WARNING\n"},
    {"route", 9, /* switch with nested steps, raise string and map, nested steps with next,
                    subworkflow calls */
     "    - @_route:\n"
     "        switch:\n"
     "          - condition: ${total < 0}\n"
     "            steps:\n"
     "              - @_negative:\n"
     "                  raise: \"negative total\"\n"
     "          - condition: ${len(seen) > 1000 and not (len(names) > 0)}\n"
     "            steps:\n"
     "              - @_inconsistent:\n"
     "                  raise:\n"
     "                    code: 500\n"
     "                    message: inconsistent state\n"
     "          - condition: ${len(seen) % ~ == 0}\n"
     "            next: @_pause\n"
     "    - @_group:\n"
     "        steps:\n"
     "          - @_link:\n"
     "              call: build_url\n"
     "              args:\n"
     "                base: ${api}\n"
     "                path: ${\"/^/\" + string(#)}\n"
     "              result: @_url\n"
     "          - @_summary:\n"
     "              call: summarize\n"
     "              args:\n"
     "                items: ${seen}\n"
     "                label: ${\"^ \" + string(#)}\n"
     "              result: @_sum\n"
     "          - @_keep:\n"
     "              assign:\n"
     "                - links: ${list.concat(links, @_url)}\n"
     "                - results[\"@_count\"]: ${@_sum.count}\n"
     "        next: @_after\n"
     "    - @_pause:\n"
     "        call: sys.sleep\n"
     "        args:\n"
     "          seconds: ~\n"
     "    - @_after:\n"
     "        call: sys.log\n"
     "        args:\n"
     "          text: ${\"links so far \" + string(len(links))}\n"
     "          severity: DEBUG\n"},
    {"vars", 2, /* every assignment target form: a, a.b, a["k"], list[i] */
     "    - @_vars:\n"
     "        assign:\n"
     "          - @_ids: ${[#, # + 1, # + ~]}\n"
     "          - @_ids[1]: ${@_ids[0] * ~ % 97}\n"
     "          - @_meta:\n"
     "              name: ${\"^-\" + string(#)}\n"
     "              size: ${len(@_ids)}\n"
     "          - @_meta.bucket: ${\"gs://\" + project + \"-^/\" + dataset}\n"
     "          - @_meta[\"parts\"]: ${text.split(@_meta.bucket, \"/\")}\n"
     "          - counts[\"@\"]: ${@_meta.size // 2 + int(\"~\") % 3}\n"
     "    - @_vars_log:\n"
     "        call: sys.log\n"
     "        args:\n"
     "          json: ${@_meta}\n"
     "          severity: DEBUG\n"},
};

/* How often each template is drawn after the first round, by index. */
static const unsigned weights[] = {4, 3, 2, 2, 2, 1, 1, 2, 1, 3};

static const char *const resources[] = {
    "orders", "users", "invoices", "events", "sessions", "reports", "assets", "tickets",
};

static const char main_head[] =
    "main:\n"
    "  params: [input]\n"
    "  steps:\n"
    "    - init:\n"
    "        assign:\n"
    "          - project: ${default(map.get(input, \"project\"), sys.get_env(\"GOOGLE_CLOUD_PROJECT_ID\"))}\n"
    "          - location: ${default(map.get(input, \"location\"), \"europe-west4\")}\n"
    "          - dataset: ${default(map.get(input, \"dataset\"), \"events\")}\n"
    "          - run_id: ${default(map.get(input, \"run_id\"), \"manual\")}\n"
    "          - id_csv: ${default(map.get(input, \"ids\"), \"alpha,beta,gamma,delta\")}\n"
    "          - page_size: ${int(default(map.get(input, \"page_size\"), \"50\"))}\n"
    "          - api: ${\"https://\" + location + \"-aiplatform.googleapis.com/v1\"}\n"
    "          - base_url: ${api + \"/projects/\" + project + \"/locations/\" + location}\n"
    "          - jobs_url: ${base_url + \"/customJobs\"}\n"
    "          - regions: [\"europe-west4\", \"us-central1\", \"asia-east1\"]\n"
    "          - poll_seconds: 30\n"
    "          - max_attempts: 20\n"
    "          - max_items: ${len(text.split(id_csv, \",\"))}\n"
    "          - attempts: 0\n"
    "          - total: 0\n"
    "          - seen: []\n"
    "          - names: []\n"
    "          - links: []\n"
    "          - counts: {}\n"
    "          - results:\n"
    "              project: ${project}\n"
    "              started: ${sys.now()}\n";

static const char main_tail[] =
    "    - finish:\n"
    "        return:\n"
    "          total: ${total}\n"
    "          attempts: ${attempts}\n"
    "          seen: ${len(seen)}\n"
    "          names: ${names}\n"
    "          links: ${len(links)}\n"
    "          counts: ${counts}\n"
    "          results: ${results}\n"
    "          config: ${[location, dataset, api, jobs_url, page_size, poll_seconds, max_attempts, max_items, len(regions)]}\n";

static const char subworkflows[] =
    "\n"
    "build_url:\n"
    "  params: [base, path, query: \"\"]\n"
    "  steps:\n"
    "    - join:\n"
    "        assign:\n"
    "          - url: ${base + path}\n"
    "    - with_query:\n"
    "        switch:\n"
    "          - condition: ${len(query) > 0}\n"
    "            return: ${url + \"?\" + query}\n"
    "    - plain:\n"
    "        return: ${url}\n"
    "\n"
    "summarize:\n"
    "  params: [items, label: \"batch\"]\n"
    "  steps:\n"
    "    - count:\n"
    "        assign:\n"
    "          - n: ${len(items)}\n"
    "    - empty:\n"
    "        switch:\n"
    "          - condition: ${n == 0}\n"
    "            return:\n"
    "              label: ${label}\n"
    "              count: 0\n"
    "    - middle:\n"
    "        assign:\n"
    "          - mid: ${items[n // 2]}\n"
    "    - done:\n"
    "        return:\n"
    "          label: ${label}\n"
    "          count: ${n}\n"
    "          middle: ${mid}\n"
    "\n"
    "fetch_json:\n"
    "  params: [url, token: null, timeout: 30]\n"
    "  steps:\n"
    "    - request:\n"
    "        try:\n"
    "          call: http.get\n"
    "          args:\n"
    "            url: ${url}\n"
    "            headers:\n"
    "              Authorization: ${\"Bearer \" + default(token, \"anonymous\")}\n"
    "            timeout: ${timeout}\n"
    "          result: resp\n"
    "        retry: ${http.default_retry}\n"
    "        except:\n"
    "          as: err\n"
    "          steps:\n"
    "            - not_found:\n"
    "                switch:\n"
    "                  - condition: ${err.code == 404}\n"
    "                    return: null\n"
    "            - fail:\n"
    "                raise:\n"
    "                  code: ${err.code}\n"
    "                  message: ${\"fetch failed for \" + url}\n"
    "    - parse:\n"
    "        return: ${resp.body}\n";
/* clang-format on */

#define N_TEMPLATES (sizeof templates / sizeof templates[0])
#define FIXED_STEPS (2 + 3 + 4 + 4) /* init and finish, then the subworkflows */
#define COMMENT_MAX 200             /* bytes reserved for the first comment */

_Static_assert(sizeof weights / sizeof weights[0] == N_TEMPLATES, "one weight per template");

/* ---- output buffer ---- */

struct buf {
    char *p;
    size_t n, cap;
};

static void buf_reserve(struct buf *b, size_t extra)
{
    if (b->n + extra <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + extra)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        fputs("gen_workflow: out of memory\n", stderr);
        exit(2);
    }
    b->p = p;
    b->cap = cap;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

/* ---- generator ---- */

struct gen {
    uint64_t rng;             /* splitmix64 state */
    unsigned long long limit; /* steps or bytes, per `by_bytes` */
    bool by_bytes;
    unsigned long long seed;
    struct buf body;      /* main's blocks */
    struct buf block;     /* the block being written */
    unsigned long steps;  /* steps written so far, FIXED_STEPS included */
    unsigned long blocks; /* blocks written so far */
};

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, good enough to shuffle. */
static uint64_t next_random(struct gen *g)
{
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned below(struct gen *g, unsigned n)
{
    return (unsigned)(next_random(g) % n);
}

static const struct tpl *pick_template(struct gen *g)
{
    if (g->blocks < N_TEMPLATES)
        return &templates[g->blocks]; /* the first round shows every kind */
    unsigned total = 0;
    for (size_t i = 0; i < N_TEMPLATES; i++)
        total += weights[i];
    unsigned r = below(g, total);
    size_t i = 0;
    while (r >= weights[i])
        r -= weights[i++];
    return &templates[i];
}

/* Writes one block into g->block, replacing the markers. */
static void render(struct gen *g, const struct tpl *t)
{
    unsigned long k = g->blocks + 1;
    g->block.n = 0;
    for (const char *s = t->text; *s; s++) {
        switch (*s) {
        case '@':
            buf_printf(&g->block, "b%lu", k);
            break;
        case '#':
            buf_printf(&g->block, "%lu", k);
            break;
        case '~':
            buf_printf(&g->block, "%u", 2 + below(g, 8));
            break;
        case '^':
            buf_str(&g->block, resources[below(g, sizeof resources / sizeof resources[0])]);
            break;
        default:
            buf_add(&g->block, s, 1);
            break;
        }
    }
}

static size_t fixed_bytes(void)
{
    return COMMENT_MAX + strlen(main_head) + strlen(main_tail) + strlen(subworkflows);
}

/* Adds blocks to g->body until the limit is reached. */
static void fill(struct gen *g)
{
    g->steps = FIXED_STEPS;
    for (;;) {
        if (!g->by_bytes && g->steps >= g->limit)
            return;
        const struct tpl *t = pick_template(g);
        render(g, t);
        if (g->by_bytes && fixed_bytes() + g->body.n + g->block.n > g->limit)
            return;
        buf_add(&g->body, g->block.p, g->block.n);
        g->steps += (unsigned long)t->steps;
        g->blocks++;
    }
}

static bool write_all(struct gen *g)
{
    struct buf out = {0};
    buf_printf(&out,
               "# Generated by bench/gen_workflow --%s %llu --seed %llu: %lu steps in\n"
               "# %lu blocks, for `make bench`. Synthetic: it must lint clean, not run.\n",
               g->by_bytes ? "bytes" : "steps", g->limit, g->seed, g->steps, g->blocks);
    if (out.n > COMMENT_MAX) {
        fputs("gen_workflow: internal error: first comment too long\n", stderr);
        return false;
    }
    buf_str(&out, main_head);
    buf_add(&out, g->body.p, g->body.n);
    buf_str(&out, main_tail);
    buf_str(&out, subworkflows);
    bool ok = fwrite(out.p, 1, out.n, stdout) == out.n;
    ok = fflush(stdout) == 0 && ok;
    free(out.p);
    if (!ok)
        fprintf(stderr, "gen_workflow: cannot write the output: %s\n", strerror(errno));
    return ok;
}

/* ---- options ---- */

static void usage(FILE *f)
{
    fputs("usage: gen_workflow (--steps N | --bytes B) [--seed S]\n"
          "Writes a workflow of at least N steps, or of as many steps as fit in B bytes,\n"
          "to stdout. The same options give the same bytes.\n",
          f);
}

static bool parse_number(const char *s, unsigned long long *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

static bool parse_args(int argc, char **argv, struct gen *g)
{
    bool have_limit = false;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long *dst;
        if (strcmp(opt, "--steps") == 0 || strcmp(opt, "--bytes") == 0) {
            if (have_limit)
                return false;
            have_limit = true;
            g->by_bytes = strcmp(opt, "--bytes") == 0;
            dst = &g->limit;
        } else if (strcmp(opt, "--seed") == 0) {
            dst = &g->seed;
        } else {
            return false;
        }
        if (!parse_number(val, dst))
            return false;
        i++;
    }
    return have_limit;
}

int main(int argc, char **argv)
{
    struct gen g = {.seed = 1};
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    if (!parse_args(argc, argv, &g)) {
        usage(stderr);
        return 2;
    }
    if (g.by_bytes && g.limit < fixed_bytes()) {
        fprintf(stderr, "gen_workflow: --bytes must be at least %zu\n", fixed_bytes());
        return 2;
    }
    g.rng = g.seed;
    fill(&g);
    bool ok = write_all(&g);
    free(g.body.p);
    free(g.block.p);
    return ok ? 0 : 2;
}
