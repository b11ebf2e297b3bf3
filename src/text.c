/* The text pipeline (DESIGN.md steps 1-4): UTF-8 check, NFKC, Arabic folding,
 * sentence splitting, tokenisation, stopwords and light stemming. */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "alloc.h"

struct rasd_pipeline {
    unsigned flags;
    UBreakIterator *sbrk; /* sentences, reused with ubrk_setText */
    UBreakIterator *wbrk; /* words */
    const UNormalizer2 *nfkc;
    size_t replaced;

    UChar *line; /* the current line (or single text) as UTF-16 */
    size_t line_cap;
    UChar *nf; /* NFKC of a sentence */
    size_t nf_cap;
    UChar *fold; /* folded sentence */
    size_t fold_cap;
    int32_t *cuts; /* sentence boundaries within the line */
    size_t cuts_cap;
    char *text8; /* original sentence, UTF-8 */
    size_t text8_cap;
    char *norm8; /* folded sentence, UTF-8 */
    size_t norm8_cap;
    char *arena; /* token strings */
    size_t arena_cap, arena_len;
    struct rasd_token *tok;
    size_t tok_cap;
};

/* Grows *buf to hold at least `need` elements of `elem` bytes. */
static int grow(void *bufp, size_t *cap, size_t need, size_t elem)
{
    void **buf = bufp;
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *nb = rasd_realloc(*buf, n * elem);
    if (!nb)
        return RASD_ENOMEM;
    *buf = nb;
    *cap = n;
    return 0;
}

struct rasd_pipeline *rasd_pipeline_new(unsigned flags, struct rasd_error *e)
{
    struct rasd_pipeline *p = rasd_calloc(1, sizeof *p);
    if (!p) {
        rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory creating the text pipeline");
        return NULL;
    }
    p->flags = flags;
    UErrorCode st = U_ZERO_ERROR;
    p->nfkc = unorm2_getNFKCInstance(&st);
    if (U_SUCCESS(st))
        p->sbrk = ubrk_open(UBRK_SENTENCE, "ar", NULL, 0, &st);
    if (U_SUCCESS(st))
        p->wbrk = ubrk_open(UBRK_WORD, "ar", NULL, 0, &st);
    if (U_FAILURE(st)) {
        rasd_fail(e, st == U_MEMORY_ALLOCATION_ERROR ? RASD_ENOMEM : RASD_EICU, NULL, 0,
                  "cannot open ICU services: %s", u_errorName(st));
        rasd_pipeline_free(p);
        return NULL;
    }
    return p;
}

void rasd_pipeline_free(struct rasd_pipeline *p)
{
    if (!p)
        return;
    if (p->sbrk)
        ubrk_close(p->sbrk);
    if (p->wbrk)
        ubrk_close(p->wbrk);
    rasd_free(p->line);
    rasd_free(p->nf);
    rasd_free(p->fold);
    rasd_free(p->cuts);
    rasd_free(p->text8);
    rasd_free(p->norm8);
    rasd_free(p->arena);
    rasd_free(p->tok);
    rasd_free(p);
}

unsigned rasd_pipeline_flags(const struct rasd_pipeline *p)
{
    return p->flags;
}

size_t rasd_pipeline_replaced(const struct rasd_pipeline *p)
{
    return p->replaced;
}

void rasd_pipeline_reset_replaced(struct rasd_pipeline *p)
{
    p->replaced = 0;
}

static int icu_fail(struct rasd_error *e, UErrorCode st, const char *what)
{
    return rasd_fail(e, st == U_MEMORY_ALLOCATION_ERROR ? RASD_ENOMEM : RASD_EICU, NULL, 0,
                     "%s: %s", what, u_errorName(st));
}

/* UTF-8 -> p->line (UTF-16). Invalid sequences and NUL bytes become U+FFFD and
 * are counted in p->replaced. Returns the length in code units or a negative code. */
static long to_utf16(struct rasd_pipeline *p, const char *s, size_t n, struct rasd_error *e)
{
    if (n > INT32_MAX / 2)
        return rasd_fail(e, RASD_EINVAL, NULL, 0, "text piece too large");
    if (grow(&p->line, &p->line_cap, n + 1, sizeof(UChar)))
        return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    int32_t len = 0, subs = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8WithSub(p->line, (int32_t)p->line_cap, &len, s, (int32_t)n, 0xFFFD, &subs, &st);
    if (U_FAILURE(st))
        return icu_fail(e, st, "cannot convert UTF-8");
    p->replaced += (size_t)subs;
    for (int32_t i = 0; i < len; i++) {
        if (p->line[i] == 0) {
            p->line[i] = 0xFFFD;
            p->replaced++;
        }
    }
    return len;
}

static int is_space16(UChar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x2028 || c == 0x2029 ||
           c == 0xFEFF || c == 0x200B || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F;
}

/* Characters the folding drops: tatweel, harakat and other Arabic combining
 * marks, dagger alef, Quranic annotation marks, zero-width and bidi controls,
 * the BOM and the soft hyphen. */
static int is_dropped(UChar c)
{
    if (c < 0x600)
        return c == 0xAD;
    if (c <= 0x6FF)
        return c == 0x640 || (c >= 0x64B && c <= 0x65F) || c == 0x670 ||
               (c >= 0x610 && c <= 0x61A) || (c >= 0x6D6 && c <= 0x6ED) || c == 0x61C;
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

static UChar fold_letter(UChar c)
{
    switch (c) {
    case 0x622: case 0x623: case 0x625: case 0x671: case 0x672: case 0x673:
        return 0x627; /* alef with madda / hamza above / hamza below / wasla -> alef */
    case 0x649: case 0x6CC:
        return 0x64A; /* alef maksura, Farsi yeh -> yeh */
    case 0x629:
        return 0x647; /* teh marbuta -> heh */
    case 0x6A9:
        return 0x643; /* keheh -> kaf */
    default:
        if (c >= 'A' && c <= 'Z')
            return (UChar)(c + 32);
        return c;
    }
}

static UChar fold_digit(UChar c)
{
    if (c >= 0x660 && c <= 0x669)
        return (UChar)('0' + (c - 0x660));
    if (c >= 0x6F0 && c <= 0x6F9)
        return (UChar)('0' + (c - 0x6F0));
    if (c >= 0x80 && !U16_IS_SURROGATE(c) && u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
        int32_t v = u_charDigitValue(c);
        if (v >= 0 && v <= 9)
            return (UChar)('0' + v);
    }
    return c;
}

/* NFKC (when needed) and folding of src[0..len) into p->fold; returns the new
 * length or a negative code. */
static long normalize16(struct rasd_pipeline *p, const UChar *src, int32_t len, struct rasd_error *e)
{
    if ((p->flags & RASD_NORM_NFKC) && len > 0) {
        UErrorCode st = U_ZERO_ERROR;
        if (unorm2_quickCheck(p->nfkc, src, len, &st) != UNORM_YES) {
            st = U_ZERO_ERROR;
            int32_t need = unorm2_normalize(p->nfkc, src, len, NULL, 0, &st);
            if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
                return icu_fail(e, st, "cannot normalise");
            if (grow(&p->nf, &p->nf_cap, (size_t)need + 1, sizeof(UChar)))
                return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
            st = U_ZERO_ERROR;
            len = unorm2_normalize(p->nfkc, src, len, p->nf, (int32_t)p->nf_cap, &st);
            if (U_FAILURE(st))
                return icu_fail(e, st, "cannot normalise");
            src = p->nf;
        }
    }
    if (grow(&p->fold, &p->fold_cap, (size_t)len + 1, sizeof(UChar)))
        return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    UChar *out = p->fold;
    int32_t o = 0;
    unsigned f = p->flags;
    for (int32_t i = 0; i < len; i++) {
        UChar c = src[i];
        if (c < 0x80) {
            if ((f & RASD_NORM_LETTERS) && c >= 'A' && c <= 'Z')
                c = (UChar)(c + 32);
            out[o++] = c;
            continue;
        }
        if ((f & RASD_NORM_DIGITS) && U16_IS_LEAD(c) && i + 1 < len && U16_IS_TRAIL(src[i + 1])) {
            /* a decimal digit outside the BMP (Adlam, Osmanya, ...) */
            UChar32 cp = U16_GET_SUPPLEMENTARY(c, src[i + 1]);
            int32_t v = u_charType(cp) == U_DECIMAL_DIGIT_NUMBER ? u_charDigitValue(cp) : -1;
            if (v >= 0 && v <= 9) {
                out[o++] = (UChar)('0' + v);
                i++;
                continue;
            }
        }
        if ((f & RASD_NORM_MARKS) && is_dropped(c))
            continue;
        if (f & RASD_NORM_LETTERS)
            c = fold_letter(c);
        if (f & RASD_NORM_DIGITS)
            c = fold_digit(c);
        out[o++] = c;
    }
    out[o] = 0;
    return o;
}

/* UTF-16 -> UTF-8 into *buf (grown as needed); returns bytes written. */
static long to_utf8(char **buf, size_t *cap, size_t at, const UChar *s, int32_t len,
                    struct rasd_error *e)
{
    if (grow(buf, cap, at + (size_t)len * 3 + 1, 1))
        return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
    int32_t out = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strToUTF8WithSub(*buf + at, (int32_t)(*cap - at), &out, s, len, 0xFFFD, NULL, &st);
    if (U_FAILURE(st))
        return icu_fail(e, st, "cannot convert to UTF-8");
    (*buf)[at + (size_t)out] = '\0';
    return out;
}

/* ---- stopwords and stemming (on normalised UTF-8) ---- */

/* Normalised stopwords, sorted bytewise for the binary search (a unit test
 * checks the order). Negations (لا لم لن ليس غير دون بدون عدم) and number
 * words are deliberately absent. */
static const char *const stopwords[] = {
    "اذ", "اذا", "اضافه", "الا", "التي", "الذي", "الذين", "اللتين", "اللذين",
    "الي", "اما", "ان", "انه", "انها", "او", "اي", "ايضا", "اين", "بان", "بانه",
    "بعد", "بعض", "بل", "به", "بها", "بين", "تلك", "ثم", "حتي", "حول", "حيث",
    "خلال", "ذلك", "ضمن", "عبر", "علي", "عليه", "عليها", "عن", "عند", "فان",
    "فقد", "فقط", "في", "فيه", "فيها", "قبل", "قد", "كان", "كانت", "كل", "كما",
    "كي", "لان", "لدي", "لقد", "له", "لها", "لهذا", "مع", "من", "منذ", "منه",
    "منها", "هذا", "هذه", "هم", "هناك", "هو", "هي", "والتي", "والذي", "وان",
    "وعلي", "وفي", "وقد", "وكان", "وكانت", "ومن", "وهو", "وهي"
};

int rasd_is_stopword(const char *word, size_t len)
{
    size_t lo = 0, hi = sizeof stopwords / sizeof stopwords[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        size_t ml = strlen(stopwords[mid]);
        int c = memcmp(word, stopwords[mid], len < ml ? len : ml);
        if (c == 0)
            c = len < ml ? -1 : len > ml ? 1 : 0;
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

const char *const *rasd_stopword_list(size_t *n)
{
    *n = sizeof stopwords / sizeof stopwords[0];
    return stopwords;
}

static size_t letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static int starts(const char *s, size_t n, const char *pre, size_t pn)
{
    return n >= pn && memcmp(s, pre, pn) == 0;
}

static int ends(const char *s, size_t n, const char *suf, size_t sn)
{
    return n >= sn && memcmp(s + n - sn, suf, sn) == 0;
}

static const char *const articles[] = {"وال", "بال", "كال", "فال", "ال", "لل"};

/* The prefix stage of the stemmer: a leading و when >= 3 letters remain, then
 * one article when >= 2 remain. Returns the offset of what is left. */
static size_t strip_prefixes(const char *word, size_t len, size_t *letters_left)
{
    const char *s = word;
    size_t n = len, k = letters(word, len);
    if (k >= 4 && starts(s, n, "و", 2)) {
        s += 2;
        n -= 2;
        k -= 1;
    }
    for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++) {
        size_t an = strlen(articles[i]);
        if (k >= an / 2 + 2 && starts(s, n, articles[i], an)) {
            s += an;
            n -= an;
            k -= an / 2;
            break;
        }
    }
    if (letters_left)
        *letters_left = k;
    return (size_t)(s - word);
}

size_t rasd_strip_prefixes(const char *word, size_t len)
{
    return strip_prefixes(word, len, NULL);
}

size_t rasd_stem(const char *word, size_t len, char *out, size_t size)
{
    static const char *const suffixes[] = {"ها", "ان", "ات", "ون", "ين", "يه", "ية",
                                           "ه", "ة", "ي"};
    size_t k;
    size_t off = strip_prefixes(word, len, &k);
    const char *s = word + off;
    size_t n = len - off;
    /* Arabic letters are two bytes in UTF-8. */
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sn = strlen(suffixes[i]);
        if (k >= sn / 2 + 2 && ends(s, n, suffixes[i], sn)) {
            n -= sn;
            k -= sn / 2;
        }
    }
    if (size == 0)
        return 0;
    if (n >= size)
        n = size - 1;
    memmove(out, s, n);
    out[n] = '\0';
    return n;
}

/* ---- sentences ---- */

static int is_arabic_letter(UChar c)
{
    return (c >= 0x621 && c <= 0x64A) || (c >= 0x671 && c <= 0x6D3);
}

/* 1 when line[start..end) ends in a lone Arabic letter followed by a dot, as in
 * "د." or "أ.ف.ب." - an abbreviation, not the end of a sentence. */
static int ends_in_abbrev(const UChar *line, int32_t start, int32_t end)
{
    while (end > start && is_space16(line[end - 1]))
        end--;
    if (end - start < 2 || line[end - 1] != '.')
        return 0;
    if (!is_arabic_letter(line[end - 2]))
        return 0;
    if (end - start == 2)
        return 1;
    UChar before = line[end - 3];
    return !u_isalpha(before) && !(before >= 0x64B && before <= 0x652);
}

static void add_token_ptrs(struct rasd_pipeline *p, size_t ntok)
{
    /* Token strings were stored as offsets while the arena could move. */
    for (size_t i = 0; i < ntok; i++) {
        struct rasd_token *t = &p->tok[i];
        t->norm = p->arena + (size_t)(uintptr_t)t->norm;
        if (t->stem)
            t->stem = p->arena + ((size_t)(uintptr_t)t->stem - 1);
    }
}

/* Analyses line[start..end) as one sentence into *out. Returns 1 when the span
 * holds a sentence, 0 when it is empty, or a negative code. */
static int analyze16(struct rasd_pipeline *p, const UChar *src, int32_t start, int32_t end,
                     struct rasd_sentence *out, struct rasd_error *e)
{
    while (start < end && is_space16(src[start]))
        start++;
    while (end > start && is_space16(src[end - 1]))
        end--;
    if (start == end)
        return 0;
    long tl = to_utf8(&p->text8, &p->text8_cap, 0, src + start, end - start, e);
    if (tl < 0)
        return (int)tl;
    long fl = normalize16(p, src + start, end - start, e);
    if (fl < 0)
        return (int)fl;
    long nl = to_utf8(&p->norm8, &p->norm8_cap, 0, p->fold, (int32_t)fl, e);
    if (nl < 0)
        return (int)nl;

    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(p->wbrk, p->fold, (int32_t)fl, &st);
    if (U_FAILURE(st))
        return icu_fail(e, st, "cannot set word break text");
    p->arena_len = 0;
    size_t ntok = 0;
    int32_t prev = ubrk_first(p->wbrk);
    for (int32_t b = ubrk_next(p->wbrk); b != UBRK_DONE; prev = b, b = ubrk_next(p->wbrk)) {
        int32_t status = ubrk_getRuleStatus(p->wbrk);
        if (status < UBRK_WORD_NONE_LIMIT)
            continue;
        if (grow(&p->tok, &p->tok_cap, ntok + 1, sizeof *p->tok))
            return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        size_t at = p->arena_len;
        long wl = to_utf8(&p->arena, &p->arena_cap, at, p->fold + prev, b - prev, e);
        if (wl < 0)
            return (int)wl;
        struct rasd_token *t = &p->tok[ntok++];
        memset(t, 0, sizeof *t);
        t->norm = (const char *)(uintptr_t)at;
        t->norm_len = (uint32_t)wl;
        t->number = status < UBRK_WORD_NUMBER_LIMIT;
        p->arena_len = at + (size_t)wl + 1;
        const char *w = p->arena + at;
        if ((p->flags & RASD_TOK_STOPWORDS) && !t->number && rasd_is_stopword(w, (size_t)wl))
            continue; /* stem stays NULL */
        size_t sat = p->arena_len;
        if (grow(&p->arena, &p->arena_cap, sat + (size_t)wl + 1, 1))
            return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        w = p->arena + at;
        size_t sl;
        if ((p->flags & RASD_TOK_STEM) && !t->number) {
            sl = rasd_stem(w, (size_t)wl, p->arena + sat, (size_t)wl + 1);
        } else {
            memcpy(p->arena + sat, w, (size_t)wl + 1);
            sl = (size_t)wl;
        }
        t->stem = (const char *)(uintptr_t)(sat + 1); /* +1: NULL means stopword */
        t->stem_len = (uint32_t)sl;
        p->arena_len = sat + sl + 1;
    }
    add_token_ptrs(p, ntok);
    out->text = p->text8;
    out->text_len = (size_t)tl;
    out->norm = p->norm8;
    out->norm_len = (size_t)nl;
    out->tok = p->tok;
    out->ntok = ntok;
    return 1;
}

int rasd_pipeline_analyze(struct rasd_pipeline *p, const char *utf8, size_t n,
                          struct rasd_sentence *out, struct rasd_error *e)
{
    long len = to_utf16(p, utf8, n, e);
    if (len < 0)
        return (int)len;
    int rc = analyze16(p, p->line, 0, (int32_t)len, out, e);
    if (rc == 0) {
        memset(out, 0, sizeof *out);
        out->text = out->norm = "";
    }
    return rc < 0 ? rc : 0;
}

/* Splits one line (no line breaks inside) into sentences. */
static int split_line(struct rasd_pipeline *p, const char *s, size_t n, rasd_sentence_fn fn,
                      void *ud, struct rasd_error *e)
{
    long len = to_utf16(p, s, n, e);
    if (len <= 0)
        return (int)len;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(p->sbrk, p->line, (int32_t)len, &st);
    if (U_FAILURE(st))
        return icu_fail(e, st, "cannot set sentence break text");
    size_t ncut = 0;
    for (int32_t b = ubrk_first(p->sbrk); b != UBRK_DONE; b = ubrk_next(p->sbrk)) {
        if (grow(&p->cuts, &p->cuts_cap, ncut + 1, sizeof *p->cuts))
            return rasd_fail(e, RASD_ENOMEM, NULL, 0, "out of memory");
        p->cuts[ncut++] = b;
    }
    int32_t start = 0;
    for (size_t i = 1; i < ncut; i++) {
        int32_t end = p->cuts[i];
        if (end < len && (p->flags & RASD_SPLIT_ABBREV) &&
            ends_in_abbrev(p->line, p->cuts[i - 1], end))
            continue;
        struct rasd_sentence sent;
        int rc = analyze16(p, p->line, start, end, &sent, e);
        if (rc < 0)
            return rc;
        if (rc > 0) {
            rc = fn(&sent, ud);
            if (rc)
                return rc;
        }
        start = end;
    }
    return 0;
}

/* Where to cut a line longer than RASD_MAX_LINE: after the last space in the
 * window, else on a UTF-8 character boundary. */
static size_t cut_point(const char *s, size_t n)
{
    size_t lim = RASD_MAX_LINE;
    if (n <= lim)
        return n;
    for (size_t i = lim; i > lim / 2; i--)
        if (s[i - 1] == ' ')
            return i;
    size_t i = lim;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i ? i : lim;
}

int rasd_pipeline_split(struct rasd_pipeline *p, const char *utf8, size_t n,
                        rasd_sentence_fn fn, void *ud, struct rasd_error *e)
{
    size_t pos = 0;
    while (pos < n) {
        const char *nl = memchr(utf8 + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - utf8) : n;
        size_t ln = end - pos;
        if (ln > 0 && utf8[pos + ln - 1] == '\r')
            ln--;
        const char *line = utf8 + pos;
        while (ln > 0) {
            size_t piece = cut_point(line, ln);
            int rc = split_line(p, line, piece, fn, ud, e);
            if (rc)
                return rc;
            line += piece;
            ln -= piece;
        }
        pos = nl ? end + 1 : n;
    }
    return 0;
}

long rasd_normalize(struct rasd_pipeline *p, const char *utf8, size_t n, char *out,
                    size_t size, struct rasd_error *e)
{
    long len = to_utf16(p, utf8, n, e);
    if (len < 0)
        return len;
    long fl = normalize16(p, p->line, (int32_t)len, e);
    if (fl < 0)
        return fl;
    long nl = to_utf8(&p->norm8, &p->norm8_cap, 0, p->fold, (int32_t)fl, e);
    if (nl < 0)
        return nl;
    if ((size_t)nl >= size)
        return rasd_fail(e, RASD_EINVAL, NULL, 0, "output buffer too small");
    memcpy(out, p->norm8, (size_t)nl + 1);
    return nl;
}
