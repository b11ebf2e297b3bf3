/* Numbers and casualty figures: see the contract in numbers.h. */
#include "numbers.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* The lexicon                                                              */
/* ------------------------------------------------------------------------ */

/* What a word is; one word may be several things (قتيلين: number and cue). */
enum {
    W_NUM = 1u << 0,    /* number word: nk and val */
    W_CUE = 1u << 1,    /* casualty cue: kind and cf */
    W_MONTH = 1u << 2,  /* month name */
    W_YEAR = 1u << 3,   /* عام, سنه: a year may follow */
    W_ERA = 1u << 4,    /* م, ميلادي: a year comes before */
    W_UNIT = 1u << 5,   /* a measure after a number: not people */
    W_SKIP = 1u << 6,   /* not counted when looking back for a cue */
    W_PREP = 1u << 7,   /* a number right after it is a prepositional object */
    W_NEG = 1u << 8,    /* negator */
    W_NEGNOT = 1u << 9, /* right after a negator: not a negation (لا يقل) */
    W_BLOCK = 1u << 10, /* stops the negation walk (عدد, حصيله) */
    W_PERSON = 1u << 11, /* singular person noun */
    W_DAY = 1u << 12,   /* with the article a day name (الاحد, الاثنين) */
    W_IDIOM = 1u << 13  /* a word of "بين قتيل وجريح" */
};

/* Number word kinds. */
enum {
    NK_NONE,
    NK_DIGITS,     /* a digit token */
    NK_UNIT,       /* 1-10 */
    NK_TENS,       /* 20-90 */
    NK_HUND,       /* 100-900 in one word */
    NK_SCALE,      /* الف, مليون: multiplies what precedes, alone 1 x */
    NK_SCALE_ACC,  /* الفا: multiplies what precedes, alone the dual 2 x */
    NK_SCALE_DUAL, /* الفان: 2 x */
    NK_SCALE_PL,   /* الاف: multiplies 3-10, alone vague 1 x */
    NK_VAGUE,      /* عشرات, مئات */
    NK_DUAL,       /* dual of a counted noun: 2 */
    NK_HALF        /* نصف */
};

enum { KILLED = 0, INJURED = 1 };

/* Cue flags. */
enum {
    CF_NOUN = 1u << 0,   /* may follow a number: "25 قتيلا" */
    CF_SING = 1u << 1,   /* singular noun: 1 when no number is attached */
    CF_EVENT = 1u << 2,  /* verb or verbal noun: "مقتل جندي" = 1 */
    CF_POST = 1u << 3,   /* verb after its subject: "3 اشخاص قتلوا" */
    CF_BOTH = 1u << 4,   /* general word: negated, both kinds are 0 */
    CF_NEGONLY = 1u << 5 /* only used to say "none" (خسائر, اذي) */
};

struct lex {
    const char *w;
    size_t len;
    unsigned cls;     /* W_* */
    unsigned char nk; /* NK_* when W_NUM */
    double val;       /* value or scale when W_NUM */
    signed char kind; /* KILLED or INJURED when W_CUE */
    unsigned char cf; /* CF_* when W_CUE */
};

#define L(w) w, sizeof(w) - 1
#define NUM(w, nk, v) {L(w), W_NUM, nk, v, -1, 0}
#define NUMX(w, nk, v, x) {L(w), W_NUM | (x), nk, v, -1, 0}
#define CUE(w, kind, cf) {L(w), W_CUE, NK_NONE, 0, kind, cf}
#define CUEX(w, kind, cf, x) {L(w), W_CUE | (x), NK_NONE, 0, kind, cf}
#define DUALCUE(w, kind) {L(w), W_NUM | W_CUE, NK_DUAL, 2, kind, CF_NOUN}
#define WORD(w, cls) {L(w), cls, NK_NONE, 0, -1, 0}

static const struct lex lexicon[] = {
    /* units */
    NUM("واحد", NK_UNIT, 1), NUM("واحده", NK_UNIT, 1), NUM("واحدا", NK_UNIT, 1),
    NUMX("احد", NK_UNIT, 1, W_DAY), NUM("احدا", NK_UNIT, 1), NUM("احدي", NK_UNIT, 1),
    NUMX("اثنان", NK_UNIT, 2, W_DAY), NUMX("اثنين", NK_UNIT, 2, W_DAY),
    NUM("اثنتان", NK_UNIT, 2), NUM("اثنتين", NK_UNIT, 2), NUM("اثنا", NK_UNIT, 2),
    NUM("اثني", NK_UNIT, 2), NUM("اثنتا", NK_UNIT, 2), NUM("اثنتي", NK_UNIT, 2),
    NUM("ثلاث", NK_UNIT, 3), NUM("ثلاثه", NK_UNIT, 3),
    NUM("اربع", NK_UNIT, 4), NUM("اربعه", NK_UNIT, 4),
    NUM("خمس", NK_UNIT, 5), NUM("خمسه", NK_UNIT, 5),
    NUM("ست", NK_UNIT, 6), NUM("سته", NK_UNIT, 6),
    NUM("سبع", NK_UNIT, 7), NUM("سبعه", NK_UNIT, 7),
    NUM("ثمان", NK_UNIT, 8), NUM("ثماني", NK_UNIT, 8), NUM("ثمانيه", NK_UNIT, 8),
    NUM("تسع", NK_UNIT, 9), NUM("تسعه", NK_UNIT, 9),
    NUM("عشر", NK_UNIT, 10), NUM("عشره", NK_UNIT, 10),
    /* tens */
    NUM("عشرون", NK_TENS, 20), NUM("عشرين", NK_TENS, 20),
    NUM("ثلاثون", NK_TENS, 30), NUM("ثلاثين", NK_TENS, 30),
    NUM("اربعون", NK_TENS, 40), NUM("اربعين", NK_TENS, 40),
    NUM("خمسون", NK_TENS, 50), NUM("خمسين", NK_TENS, 50),
    NUM("ستون", NK_TENS, 60), NUM("ستين", NK_TENS, 60),
    NUM("سبعون", NK_TENS, 70), NUM("سبعين", NK_TENS, 70),
    NUM("ثمانون", NK_TENS, 80), NUM("ثمانين", NK_TENS, 80),
    NUM("تسعون", NK_TENS, 90), NUM("تسعين", NK_TENS, 90),
    /* hundreds */
    NUM("مئه", NK_HUND, 100), NUM("مائه", NK_HUND, 100),
    NUM("مئتان", NK_HUND, 200), NUM("مئتين", NK_HUND, 200), NUM("مئتا", NK_HUND, 200),
    NUM("مئتي", NK_HUND, 200), NUM("مائتان", NK_HUND, 200), NUM("مائتين", NK_HUND, 200),
    NUM("مائتا", NK_HUND, 200), NUM("مائتي", NK_HUND, 200),
    NUM("ثلاثمئه", NK_HUND, 300), NUM("ثلاثمائه", NK_HUND, 300),
    NUM("اربعمئه", NK_HUND, 400), NUM("اربعمائه", NK_HUND, 400),
    NUM("خمسمئه", NK_HUND, 500), NUM("خمسمائه", NK_HUND, 500),
    NUM("ستمئه", NK_HUND, 600), NUM("ستمائه", NK_HUND, 600),
    NUM("سبعمئه", NK_HUND, 700), NUM("سبعمائه", NK_HUND, 700),
    NUM("ثمانمئه", NK_HUND, 800), NUM("ثمانمائه", NK_HUND, 800),
    NUM("ثمانيمئه", NK_HUND, 800), NUM("ثمانيمائه", NK_HUND, 800),
    NUM("تسعمئه", NK_HUND, 900), NUM("تسعمائه", NK_HUND, 900),
    /* scales */
    NUM("الف", NK_SCALE, 1e3), NUM("الفا", NK_SCALE_ACC, 1e3),
    NUM("الفان", NK_SCALE_DUAL, 1e3), NUM("الفين", NK_SCALE_DUAL, 1e3),
    NUM("الفي", NK_SCALE_DUAL, 1e3), NUM("الاف", NK_SCALE_PL, 1e3),
    NUM("مليون", NK_SCALE, 1e6), NUM("مليونا", NK_SCALE_ACC, 1e6),
    NUM("مليونان", NK_SCALE_DUAL, 1e6), NUM("مليونين", NK_SCALE_DUAL, 1e6),
    NUM("مليوني", NK_SCALE_DUAL, 1e6), NUM("ملايين", NK_SCALE_PL, 1e6),
    NUM("مليار", NK_SCALE, 1e9), NUM("مليارا", NK_SCALE_ACC, 1e9),
    NUM("ملياران", NK_SCALE_DUAL, 1e9), NUM("مليارين", NK_SCALE_DUAL, 1e9),
    NUM("مليارات", NK_SCALE_PL, 1e9),
    /* vague amounts and halves */
    NUM("عشرات", NK_VAGUE, 10), NUM("مئات", NK_VAGUE, 100),
    NUM("نصف", NK_HALF, 0.5),
    /* duals of counted nouns that are not cues */
    NUM("شخصان", NK_DUAL, 2), NUM("شخصين", NK_DUAL, 2),
    NUM("جنديان", NK_DUAL, 2), NUM("جنديين", NK_DUAL, 2),
    NUM("طفلان", NK_DUAL, 2), NUM("طفلين", NK_DUAL, 2),
    NUM("عنصران", NK_DUAL, 2), NUM("عنصرين", NK_DUAL, 2),
    NUM("مدنيان", NK_DUAL, 2), NUM("مواطنان", NK_DUAL, 2),
    NUM("رجلان", NK_DUAL, 2), NUM("رجلين", NK_DUAL, 2),
    NUM("امراتان", NK_DUAL, 2), NUM("امراتين", NK_DUAL, 2),

    /* killed cues */
    CUE("قتل", KILLED, CF_EVENT), CUE("قتلت", KILLED, CF_EVENT),
    CUE("يقتل", KILLED, CF_EVENT), CUE("تقتل", KILLED, CF_EVENT),
    CUE("قتلوا", KILLED, CF_POST), CUE("مقتل", KILLED, CF_EVENT),
    CUE("مقتله", KILLED, 0), CUE("مقتلها", KILLED, 0), CUE("مقتلهم", KILLED, 0),
    CUE("مقتلهما", KILLED, 0),
    CUEX("قتيل", KILLED, CF_NOUN | CF_SING, W_IDIOM), CUE("قتيلا", KILLED, CF_NOUN | CF_SING),
    DUALCUE("قتيلان", KILLED), DUALCUE("قتيلين", KILLED),
    CUEX("قتلي", KILLED, CF_NOUN, W_IDIOM),
    CUE("مصرع", KILLED, CF_EVENT), CUE("مصرعه", KILLED, CF_POST),
    CUE("مصرعها", KILLED, CF_POST), CUE("مصرعهم", KILLED, CF_POST),
    CUE("مصرعهما", KILLED, CF_POST),
    CUE("حتفه", KILLED, CF_POST), CUE("حتفها", KILLED, CF_POST),
    CUE("حتفهم", KILLED, CF_POST), CUE("حتفهما", KILLED, CF_POST),
    CUE("استشهاد", KILLED, CF_EVENT), CUE("استشهد", KILLED, CF_EVENT),
    CUE("استشهدت", KILLED, CF_EVENT), CUE("استشهدوا", KILLED, CF_POST),
    CUE("شهيد", KILLED, CF_NOUN | CF_SING), CUE("شهيدا", KILLED, CF_NOUN | CF_SING),
    DUALCUE("شهيدان", KILLED), DUALCUE("شهيدين", KILLED), CUE("شهداء", KILLED, CF_NOUN),
    CUE("وفاه", KILLED, CF_EVENT), CUE("وفيات", KILLED, CF_NOUN),
    CUE("توفي", KILLED, CF_EVENT), CUE("توفيت", KILLED, CF_EVENT),
    CUE("توفوا", KILLED, CF_POST),
    CUE("مات", KILLED, CF_EVENT), CUE("ماتت", KILLED, CF_EVENT), CUE("ماتوا", KILLED, CF_POST),
    CUE("اغتيال", KILLED, CF_EVENT),
    CUE("جثه", KILLED, CF_NOUN | CF_SING), CUE("جثث", KILLED, CF_NOUN),
    DUALCUE("جثتان", KILLED), DUALCUE("جثتين", KILLED), CUE("جثامين", KILLED, CF_NOUN),
    CUE("ضحيه", KILLED, CF_NOUN | CF_SING | CF_BOTH), CUE("ضحايا", KILLED, CF_NOUN | CF_BOTH),
    {L("ضحيتان"), W_NUM | W_CUE, NK_DUAL, 2, KILLED, CF_NOUN | CF_BOTH},
    {L("ضحيتين"), W_NUM | W_CUE, NK_DUAL, 2, KILLED, CF_NOUN | CF_BOTH},
    /* injured cues */
    CUE("جرح", INJURED, CF_EVENT), CUE("جرحوا", INJURED, CF_POST),
    CUEX("جرحي", INJURED, CF_NOUN, W_IDIOM),
    CUEX("جريح", INJURED, CF_NOUN | CF_SING, W_IDIOM), CUE("جريحا", INJURED, CF_NOUN | CF_SING),
    DUALCUE("جريحان", INJURED), DUALCUE("جريحين", INJURED),
    CUE("جروح", INJURED, CF_POST),
    CUE("اصابه", INJURED, CF_NOUN | CF_EVENT | CF_BOTH), CUE("اصابات", INJURED, CF_NOUN | CF_BOTH),
    CUE("اصيب", INJURED, CF_EVENT), CUE("اصيبت", INJURED, CF_EVENT),
    CUE("اصيبوا", INJURED, CF_POST), CUE("اصيبا", INJURED, CF_POST),
    CUE("يصب", INJURED, CF_EVENT | CF_BOTH), CUE("تصب", INJURED, CF_EVENT | CF_BOTH),
    CUE("يصاب", INJURED, CF_EVENT | CF_BOTH),
    CUE("مصاب", INJURED, CF_NOUN | CF_SING), CUE("مصابا", INJURED, CF_NOUN | CF_SING),
    CUE("مصابين", INJURED, CF_NOUN), CUE("مصابون", INJURED, CF_NOUN),
    DUALCUE("مصابان", INJURED),
    CUE("خسائر", INJURED, CF_BOTH | CF_NEGONLY), CUE("اذي", INJURED, CF_BOTH | CF_NEGONLY),

    /* months */
    WORD("يناير", W_MONTH), WORD("فبراير", W_MONTH), WORD("مارس", W_MONTH),
    WORD("ابريل", W_MONTH), WORD("مايو", W_MONTH), WORD("يونيو", W_MONTH),
    WORD("يونيه", W_MONTH), WORD("يوليو", W_MONTH), WORD("يوليه", W_MONTH),
    WORD("اغسطس", W_MONTH), WORD("سبتمبر", W_MONTH), WORD("اكتوبر", W_MONTH),
    WORD("نوفمبر", W_MONTH), WORD("ديسمبر", W_MONTH),
    WORD("كانون", W_MONTH), WORD("شباط", W_MONTH), WORD("اذار", W_MONTH),
    WORD("نيسان", W_MONTH), WORD("ايار", W_MONTH), WORD("حزيران", W_MONTH),
    WORD("تموز", W_MONTH), WORD("اب", W_MONTH), WORD("ايلول", W_MONTH),
    WORD("تشرين", W_MONTH),
    WORD("جانفي", W_MONTH), WORD("فيفري", W_MONTH), WORD("افريل", W_MONTH),
    WORD("ماي", W_MONTH), WORD("جوان", W_MONTH), WORD("جويليه", W_MONTH),
    WORD("اوت", W_MONTH),
    WORD("رمضان", W_MONTH), WORD("شعبان", W_MONTH), WORD("شوال", W_MONTH),
    WORD("محرم", W_MONTH),
    /* years */
    WORD("عام", W_YEAR | W_UNIT), WORD("سنه", W_YEAR | W_UNIT), WORD("عامي", W_YEAR),
    WORD("م", W_ERA), WORD("ميلادي", W_ERA), WORD("ميلاديه", W_ERA),
    WORD("ه", W_ERA), WORD("هجري", W_ERA), WORD("هجريه", W_ERA),
    /* measures that follow a number and are not people */
    WORD("عاما", W_UNIT), WORD("اعوام", W_UNIT), WORD("عامين", W_UNIT),
    WORD("سنوات", W_UNIT), WORD("سنين", W_UNIT), WORD("سنتين", W_UNIT),
    WORD("يوم", W_UNIT), WORD("يوما", W_UNIT), WORD("ايام", W_UNIT), WORD("يومين", W_UNIT),
    WORD("ساعه", W_UNIT), WORD("ساعات", W_UNIT), WORD("ساعتين", W_UNIT),
    WORD("دقيقه", W_UNIT), WORD("دقائق", W_UNIT),
    WORD("شهر", W_UNIT), WORD("شهرا", W_UNIT), WORD("اشهر", W_UNIT),
    WORD("شهور", W_UNIT), WORD("شهرين", W_UNIT),
    WORD("اسبوع", W_UNIT), WORD("اسبوعا", W_UNIT), WORD("اسابيع", W_UNIT),
    WORD("اسبوعين", W_UNIT),
    WORD("كيلومتر", W_UNIT), WORD("كيلومترا", W_UNIT), WORD("كيلومترات", W_UNIT),
    WORD("كلم", W_UNIT), WORD("كم", W_UNIT), WORD("متر", W_UNIT), WORD("مترا", W_UNIT),
    WORD("امتار", W_UNIT), WORD("ميل", W_UNIT),
    WORD("بالمئه", W_UNIT), WORD("بالمائه", W_UNIT),
    WORD("دولار", W_UNIT), WORD("دولارا", W_UNIT), WORD("دولارات", W_UNIT),
    WORD("ليره", W_UNIT), WORD("دينار", W_UNIT), WORD("ريال", W_UNIT),
    WORD("يورو", W_UNIT), WORD("جنيه", W_UNIT), WORD("طن", W_UNIT), WORD("اطنان", W_UNIT),
    WORD("مره", W_UNIT), WORD("مرات", W_UNIT), WORD("درجه", W_UNIT),
    /* counted things that are not people (families, homes, weapons, places) */
    WORD("عائله", W_UNIT), WORD("عائلات", W_UNIT), WORD("اسره", W_UNIT), WORD("اسر", W_UNIT),
    WORD("منزل", W_UNIT), WORD("منزلا", W_UNIT), WORD("منازل", W_UNIT), WORD("مبني", W_UNIT),
    WORD("مباني", W_UNIT), WORD("بيت", W_UNIT), WORD("بيوت", W_UNIT), WORD("خيمه", W_UNIT),
    WORD("خيام", W_UNIT), WORD("سياره", W_UNIT), WORD("سيارات", W_UNIT), WORD("اليه", W_UNIT),
    WORD("اليات", W_UNIT), WORD("دبابه", W_UNIT), WORD("دبابات", W_UNIT),
    WORD("صاروخ", W_UNIT), WORD("صاروخا", W_UNIT), WORD("صواريخ", W_UNIT),
    WORD("قذيفه", W_UNIT), WORD("قذائف", W_UNIT), WORD("غاره", W_UNIT), WORD("غارات", W_UNIT),
    WORD("طائره", W_UNIT), WORD("طائرات", W_UNIT), WORD("مسيره", W_UNIT), WORD("مسيرات", W_UNIT),
    WORD("قريه", W_UNIT), WORD("قري", W_UNIT), WORD("بلده", W_UNIT), WORD("بلدات", W_UNIT),
    WORD("مدرسه", W_UNIT), WORD("مدارس", W_UNIT), WORD("شاحنه", W_UNIT), WORD("شاحنات", W_UNIT),
    WORD("حافله", W_UNIT), WORD("حافلات", W_UNIT), WORD("موقع", W_UNIT), WORD("مواقع", W_UNIT),
    /* look-back helpers */
    WORD("الي", W_SKIP), WORD("حتي", W_SKIP), WORD("عن", W_SKIP), WORD("من", W_SKIP),
    WORD("و", W_SKIP),
    WORD("في", W_PREP), WORD("خلال", W_PREP), WORD("منذ", W_PREP), WORD("بعد", W_PREP),
    WORD("قبل", W_PREP), WORD("بين", W_PREP), WORD("بينهم", W_PREP),
    WORD("بينها", W_PREP), WORD("بينهما", W_PREP), WORD("منهم", W_PREP),
    WORD("منها", W_PREP), WORD("ضمن", W_PREP),
    /* negation */
    WORD("لم", W_NEG), WORD("لا", W_NEG), WORD("لن", W_NEG), WORD("دون", W_NEG),
    WORD("بدون", W_NEG), WORD("بلا", W_NEG), WORD("عدم", W_NEG), WORD("دونما", W_NEG),
    WORD("يقل", W_NEGNOT), WORD("تقل", W_NEGNOT), WORD("يزيد", W_NEGNOT),
    WORD("تزيد", W_NEGNOT), WORD("يتجاوز", W_NEGNOT), WORD("تتجاوز", W_NEGNOT),
    WORD("يزال", W_NEGNOT), WORD("تزال", W_NEGNOT), WORD("يعرف", W_NEGNOT),
    WORD("تعرف", W_NEGNOT), WORD("يعلن", W_NEGNOT), WORD("تعلن", W_NEGNOT),
    WORD("يتضح", W_NEGNOT), WORD("تتضح", W_NEGNOT), WORD("يتوفر", W_NEGNOT),
    WORD("تتوفر", W_NEGNOT),
    WORD("عدد", W_BLOCK), WORD("حصيله", W_BLOCK), WORD("معلومات", W_BLOCK),
    WORD("تفاصيل", W_BLOCK),
    /* singular person nouns */
    WORD("شخص", W_PERSON), WORD("مدني", W_PERSON), WORD("جندي", W_PERSON),
    WORD("طفل", W_PERSON), WORD("طفله", W_PERSON), WORD("رجل", W_PERSON),
    WORD("امراه", W_PERSON), WORD("سيده", W_PERSON), WORD("شاب", W_PERSON),
    WORD("فتي", W_PERSON), WORD("فتاه", W_PERSON), WORD("مواطن", W_PERSON),
    WORD("عنصر", W_PERSON), WORD("مقاتل", W_PERSON), WORD("شرطي", W_PERSON),
    WORD("ضابط", W_PERSON), WORD("صحفي", W_PERSON), WORD("مسعف", W_PERSON),
    WORD("مسلح", W_PERSON), WORD("عسكري", W_PERSON), WORD("مزارع", W_PERSON),
    WORD("اخر", W_PERSON),
};

#define NLEX (sizeof lexicon / sizeof lexicon[0])

/* Qualifiers: word sequences before a number that change nothing. */
static const char *const qualifiers[][4] = {
    {"ما", "لا", "يقل", "عن"}, {"ما", "لا", "تقل", "عن"},
    {"لا", "يقل", "عن"}, {"لا", "تقل", "عن"},
    {"ما", "يزيد", "عن"}, {"ما", "يزيد", "علي"}, {"ما", "يربو", "علي"},
    {"ما", "يقارب"}, {"ما", "يناهز"}, {"اكثر", "من"}, {"اقل", "من"},
    {"ازيد", "من"}, {"علي", "الاقل"},
    {"يقارب"}, {"يناهز"}, {"نحو"}, {"حوالي"}, {"قرابه"}, {"زهاء"},
};

#define NQUAL (sizeof qualifiers / sizeof qualifiers[0])

/* UTF-8 of the letters the clitic rules look at. */
#define WAW "\xd9\x88"
#define FA "\xd9\x81"
#define BA "\xd8\xa8"
#define LAM "\xd9\x84"
#define ALIF "\xd8\xa7"

struct clitics {
    int conj; /* و or ف */
    int prep; /* 'b' for ب, 'l' for ل, 0 */
    int art;  /* ال (or the second ل of لل) */
};

static int has_prefix(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    return n >= k && memcmp(s, pre, k) == 0;
}

static size_t letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

/* The lexicon's entries ordered by (length, bytes, position), so a word's
 * entries are found by binary search and tried in table order: the same
 * answer as a scan of the table, without the scan (it was 40% of classify). */
static unsigned short lex_order[NLEX];
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static int lex_cmp(size_t len, const char *w, size_t i)
{
    const struct lex *e = &lexicon[i];
    if (len != e->len)
        return len < e->len ? -1 : 1;
    return memcmp(w, e->w, len);
}

static int lex_order_cmp(const void *a, const void *b)
{
    size_t i = *(const unsigned short *)a, j = *(const unsigned short *)b;
    int c = lex_cmp(lexicon[i].len, lexicon[i].w, j);
    return c ? c : (i < j ? -1 : i > j);
}

static void lex_sort(void)
{
    for (size_t i = 0; i < NLEX; i++)
        lex_order[i] = (unsigned short)i;
    qsort(lex_order, NLEX, sizeof lex_order[0], lex_order_cmp);
}

static const struct lex *lex_exact(const char *s, size_t n, unsigned want)
{
    pthread_once(&lex_once, lex_sort);
    size_t lo = 0, hi = NLEX;
    while (lo < hi) { /* the first entry not below (n, s) */
        size_t mid = (lo + hi) / 2;
        if (lex_cmp(n, s, lex_order[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < NLEX && lex_cmp(n, s, lex_order[lo]) == 0; lo++)
        if (lexicon[lex_order[lo]].cls & want)
            return &lexicon[lex_order[lo]];
    return NULL;
}

/* Looks a word up as it is, then with clitics stripped (و/ف, then ب/ل, then
 * ال or the ل of لل), fewest stripped first. Only entries with a class in
 * `want` match. */
static const struct lex *lex_find(const char *s, size_t n, unsigned want, struct clitics *cl)
{
    static const char *const conjs[] = {"", WAW, FA};
    static const char *const preps[] = {"", BA, LAM};
    for (int c = 0; c < 3; c++) {
        if (!has_prefix(s, n, conjs[c]))
            continue;
        const char *s1 = s + strlen(conjs[c]);
        size_t n1 = n - strlen(conjs[c]);
        for (int p = 0; p < 3; p++) {
            if (!has_prefix(s1, n1, preps[p]))
                continue;
            const char *s2 = s1 + strlen(preps[p]);
            size_t n2 = n1 - strlen(preps[p]);
            for (int a = 0; a < 2; a++) {
                const char *art = !a ? "" : p == 2 ? LAM : ALIF LAM;
                if (!has_prefix(s2, n2, art))
                    continue;
                const char *s3 = s2 + strlen(art);
                size_t n3 = n2 - strlen(art);
                size_t min = (p || a) ? 3 : c ? 2 : 1;
                if (letters(s3, n3) < min)
                    continue;
                const struct lex *e = lex_exact(s3, n3, want);
                if (e) {
                    if (cl) {
                        cl->conj = c != 0;
                        cl->prep = p == 1 ? 'b' : p == 2 ? 'l' : 0;
                        cl->art = a;
                    }
                    return e;
                }
            }
        }
    }
    return NULL;
}

static const struct lex *lex_tok(const struct rasd_token *t, unsigned want, struct clitics *cl)
{
    return lex_find(t->norm, t->norm_len, want, cl);
}

static int tok_is(const struct rasd_token *t, unsigned want)
{
    return lex_tok(t, want, NULL) != NULL;
}

static int tok_eq(const struct rasd_token *t, const char *w)
{
    return t->norm_len == strlen(w) && memcmp(t->norm, w, t->norm_len) == 0;
}

/* ------------------------------------------------------------------------ */
/* Digits                                                                   */
/* ------------------------------------------------------------------------ */

enum { SEP_NONE, SEP_DECIMAL, SEP_THOUSANDS, SEP_COMMA };

static int separator(const char *s, size_t n, size_t *len)
{
    if (n >= 1 && s[0] == '.') { *len = 1; return SEP_DECIMAL; }
    if (n >= 1 && s[0] == ',') { *len = 1; return SEP_COMMA; }
    if (has_prefix(s, n, "\xd9\xab")) { *len = 2; return SEP_DECIMAL; }   /* ٫ */
    if (has_prefix(s, n, "\xd9\xac")) { *len = 2; return SEP_THOUSANDS; } /* ٬ */
    if (has_prefix(s, n, "\xd8\x8c")) { *len = 2; return SEP_THOUSANDS; } /* ، */
    return SEP_NONE;
}

static size_t digit_run(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] >= '0' && s[k] <= '9')
        k++;
    return k;
}

/* Parses digits with separators (the whole of s..n); 1 on success. */
static int parse_digits(const char *s, size_t n, double *out)
{
    size_t run = digit_run(s, n), pos = run, ndigits = run;
    if (run == 0)
        return 0;
    double v = 0;
    for (size_t k = 0; k < run; k++)
        v = v * 10 + (s[k] - '0');
    int thousands = 0;
    while (pos < n) {
        size_t slen;
        int sep = separator(s + pos, n - pos, &slen);
        if (sep == SEP_NONE)
            return 0;
        size_t g = digit_run(s + pos + slen, n - pos - slen);
        if (g == 0)
            return 0;
        const char *d = s + pos + slen;
        ndigits += g;
        if (sep == SEP_THOUSANDS || (sep == SEP_COMMA && g == 3)) {
            if (g != 3)
                return 0;
            for (size_t k = 0; k < g; k++)
                v = v * 10 + (d[k] - '0');
            thousands = 1;
        } else {
            /* a decimal point: "." "٫", or "," not before 3 digits; last group */
            if (sep == SEP_COMMA && thousands)
                return 0;
            if (pos + slen + g != n)
                return 0;
            double scale = 0.1;
            for (size_t k = 0; k < g; k++, scale /= 10)
                v += (d[k] - '0') * scale;
        }
        pos += slen + g;
    }
    if (ndigits > 15)
        return 0;
    *out = v;
    return 1;
}

/* A digit token, maybe after و/ف and ب/ل ("و2", "ب3"). */
static int digit_token(const struct rasd_token *t, double *out, struct clitics *cl)
{
    const char *s = t->norm;
    size_t n = t->norm_len;
    struct clitics c = {0, 0, 0};
    if ((has_prefix(s, n, WAW) || has_prefix(s, n, FA)) && n > 2) {
        c.conj = 1;
        s += 2;
        n -= 2;
    }
    if ((has_prefix(s, n, BA) || has_prefix(s, n, LAM)) && n > 2) {
        c.prep = has_prefix(s, n, BA) ? 'b' : 'l';
        s += 2;
        n -= 2;
    }
    if (!parse_digits(s, n, out))
        return 0;
    if (cl)
        *cl = c;
    return 1;
}

/* A token of ASCII digits only (a possible year). */
static int plain_integer(const struct rasd_token *t)
{
    return t->norm_len > 0 && digit_run(t->norm, t->norm_len) == t->norm_len;
}

/* ------------------------------------------------------------------------ */
/* Number expressions                                                       */
/* ------------------------------------------------------------------------ */

struct nword {
    int nk;
    double val;
    struct clitics cl;
};

/* Classifies one token as a number word or digits; 0 when it is neither. */
static int num_word(const struct rasd_token *t, struct nword *w)
{
    if (digit_token(t, &w->val, &w->cl)) {
        w->nk = NK_DIGITS;
        return 1;
    }
    const struct lex *e = lex_tok(t, W_NUM, &w->cl);
    if (!e || ((e->cls & W_DAY) && w->cl.art))
        return 0;
    w->nk = e->nk;
    w->val = e->val;
    return 1;
}

static int multiplies(int nk)
{
    return nk == NK_SCALE || nk == NK_SCALE_ACC || nk == NK_SCALE_PL;
}

/* Where the parse stands: what the last part was. */
enum { S_DIGITS, S_UNIT, S_TEEN, S_TENS, S_UNIT_TENS, S_HUND, S_SCALED, S_DONE };

static int state_for(const struct nword *w)
{
    switch (w->nk) {
    case NK_DIGITS: return S_DIGITS;
    case NK_UNIT: return w->val >= 10 ? S_TEEN : S_UNIT;
    case NK_TENS: return S_TENS;
    default: return S_HUND;
    }
}

/* Parses the number proper at j; returns its token count (0: none). */
static size_t parse_number(const struct rasd_token *tok, size_t ntok, size_t j,
                           double *value, int *vague)
{
    struct nword w;
    if (j >= ntok || !num_word(&tok[j], &w))
        return 0;
    size_t k = j + 1;
    double total = 0, cur = 0, last_scale = HUGE_VAL;
    int vg = 0, st;

    switch (w.nk) {
    case NK_DIGITS:
    case NK_UNIT:
    case NK_TENS:
    case NK_HUND:
        cur = w.val;
        st = state_for(&w);
        break;
    case NK_SCALE:
        total = last_scale = w.val;
        st = S_SCALED;
        break;
    case NK_SCALE_ACC: /* الفا at the start: the dual construct */
    case NK_SCALE_DUAL:
        total = 2 * w.val;
        last_scale = w.val;
        st = S_SCALED;
        break;
    case NK_SCALE_PL: /* الاف alone */
        total = w.val;
        vg = 1;
        st = S_DONE;
        break;
    case NK_VAGUE: {
        struct nword x;
        total = (w.cl.art && w.val == 10) ? 12 : w.val;
        vg = 1;
        if (k < ntok && num_word(&tok[k], &x) && !x.cl.conj && x.nk == NK_SCALE_PL) {
            total *= x.val;
            k++;
        }
        st = S_DONE;
        break;
    }
    case NK_DUAL:
        total = 2;
        st = S_DONE;
        break;
    case NK_HALF: {
        struct nword x;
        if (k >= ntok || !num_word(&tok[k], &x) || x.cl.conj || x.nk != NK_SCALE)
            return 0;
        total = 0.5 * x.val;
        k++;
        st = S_DONE;
        break;
    }
    default:
        return 0;
    }

    while (st != S_DONE && k < ntok) {
        struct nword x;
        size_t used = 1;
        int conj;
        if (tok_eq(&tok[k], WAW)) { /* a lone و */
            if (k + 1 >= ntok || !num_word(&tok[k + 1], &x) || x.cl.conj)
                break;
            conj = 1;
            used = 2;
        } else {
            if (!num_word(&tok[k], &x))
                break;
            conj = x.cl.conj;
        }
        int ok = 0;
        if (!conj) {
            if (st == S_UNIT && cur <= 9 && x.nk == NK_UNIT && x.val == 10 && !x.cl.art) {
                cur += 10; /* teen: خمسه عشر */
                st = S_TEEN;
                ok = 1;
            } else if (st == S_UNIT && cur >= 3 && cur <= 9 && x.nk == NK_HUND && x.val == 100) {
                cur *= 100; /* ثلاث مئه */
                st = S_HUND;
                ok = 1;
            } else if (st != S_SCALED && cur > 0 && multiplies(x.nk) && x.val < last_scale) {
                total += cur * x.val; /* ثلاثه الاف, 1.5 مليون */
                cur = 0;
                last_scale = x.val;
                st = S_SCALED;
                ok = 1;
            }
        } else if (st == S_SCALED) {
            if (x.nk == NK_HALF) {
                total += last_scale / 2; /* مليون ونصف */
                st = S_DONE;
                ok = 1;
            } else if ((x.nk == NK_DIGITS || x.nk == NK_UNIT || x.nk == NK_TENS ||
                        x.nk == NK_HUND) && x.val < last_scale) {
                cur = x.val; /* الف ومئتان */
                st = state_for(&x);
                ok = 1;
            } else if ((x.nk == NK_SCALE || x.nk == NK_SCALE_DUAL) && x.val < last_scale) {
                total += x.nk == NK_SCALE ? x.val : 2 * x.val; /* مليون والفان */
                last_scale = x.val;
                ok = 1;
            }
        } else if (st == S_HUND) {
            if (x.nk == NK_UNIT || x.nk == NK_TENS || (x.nk == NK_DIGITS && x.val < 100)) {
                cur += x.val; /* مئه وخمسه */
                st = state_for(&x);
                ok = 1;
            }
        } else if (st == S_UNIT && x.nk == NK_TENS) {
            cur += x.val; /* خمسه وعشرون */
            st = S_UNIT_TENS;
            ok = 1;
        }
        if (!ok)
            break;
        k += used;
    }
    *value = total + cur;
    *vague = vg;
    return k - j;
}

/* Tokens of a qualifier at i (0: none). */
static size_t qualifier_at(const struct rasd_token *tok, size_t ntok, size_t i)
{
    for (size_t q = 0; q < NQUAL; q++) {
        size_t len = 0;
        while (len < 4 && qualifiers[q][len])
            len++;
        if (i + len > ntok)
            continue;
        size_t k;
        for (k = 0; k < len; k++) {
            const struct rasd_token *t = &tok[i + k];
            const char *w = qualifiers[q][k];
            if (tok_eq(t, w))
                continue;
            if (k > 0)
                break;
            /* the first word may carry و ف ب ل */
            const char *s = t->norm;
            size_t n = t->norm_len;
            if (has_prefix(s, n, WAW) || has_prefix(s, n, FA)) {
                s += 2;
                n -= 2;
            }
            if (n == strlen(w) && memcmp(s, w, n) == 0)
                continue;
            if ((has_prefix(s, n, BA) || has_prefix(s, n, LAM)) && n - 2 == strlen(w) &&
                memcmp(s + 2, w, n - 2) == 0)
                continue;
            break;
        }
        if (k == len)
            return len;
    }
    return 0;
}

/* 1 when the number tok[first..first+count) is a day of a date or a year. */
static int date_or_year(const struct rasd_token *tok, size_t ntok, size_t i, size_t first,
                        size_t count, double value)
{
    size_t e = first + count;
    int day = value >= 1 && value <= 31 && value == floor(value);
    if (day && e < ntok && tok_is(&tok[e], W_MONTH))
        return 1;
    if (day && e + 1 < ntok && tok_eq(&tok[e], "من") && tok_is(&tok[e + 1], W_MONTH))
        return 1;
    if (count == 1 && plain_integer(&tok[first]) && value >= 1900 && value <= 2100) {
        if (first == i && first > 0 && tok_is(&tok[first - 1], W_MONTH | W_YEAR))
            return 1;
        if (e < ntok && lex_exact(tok[e].norm, tok[e].norm_len, W_ERA))
            return 1;
    }
    return 0;
}

size_t rasd_number_at(const struct rasd_token *tok, size_t ntok, size_t i,
                      struct rasd_number *out)
{
    if (!tok || i >= ntok)
        return 0;
    size_t q = qualifier_at(tok, ntok, i);
    double value;
    int vague;
    size_t n = parse_number(tok, ntok, i + q, &value, &vague);
    if (n == 0 || date_or_year(tok, ntok, i, i + q, n, value))
        return 0;
    if (out) {
        out->value = value;
        out->vague = vague;
        out->first = i + q;
        out->count = n;
    }
    return q + n;
}

int rasd_number_parse(struct rasd_pipeline *p, const char *utf8, size_t n,
                      double *value, int *vague, struct rasd_error *e)
{
    if (!p || (!utf8 && n))
        return rasd_fail(e, RASD_EINVAL, NULL, 0, "no pipeline or text");
    struct rasd_sentence s;
    int rc = rasd_pipeline_analyze(p, utf8 ? utf8 : "", n, &s, e);
    if (rc < 0)
        return rc;
    struct rasd_number num;
    if (s.ntok == 0 || rasd_number_at(s.tok, s.ntok, 0, &num) != s.ntok)
        return 0;
    if (value)
        *value = num.value;
    if (vague)
        *vague = num.vague;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Casualty figures                                                         */
/* ------------------------------------------------------------------------ */

#define MAX_SPANS 256

struct span {
    size_t start, first, end; /* qualifier start, number start, one past the end */
    double value;
    int kind;     /* KILLED, INJURED or -1 */
    size_t group; /* list it belongs to (a token index) */
};

struct sent {
    const struct rasd_token *tok;
    size_t ntok;
    struct span sp[MAX_SPANS];
    size_t nsp;
};

/* Index of the span holding token t, or -1. */
static long span_of(const struct sent *s, size_t t)
{
    for (size_t k = 0; k < s->nsp; k++)
        if (t >= s->sp[k].start && t < s->sp[k].end)
            return (long)k;
    return -1;
}

/* "بين قتيل وجريح": 1 when tok[u..u+2] is that idiom. */
static int idiom_at(const struct sent *s, size_t u)
{
    return u + 2 < s->ntok && tok_eq(&s->tok[u], "بين") && tok_is(&s->tok[u + 1], W_IDIOM) &&
           tok_is(&s->tok[u + 2], W_IDIOM);
}

/* The cue at token t, or NULL (also for the words of the idiom and a cue
 * right before it). */
static const struct lex *cue_at(const struct sent *s, size_t t, struct clitics *cl)
{
    const struct lex *c = lex_tok(&s->tok[t], W_CUE, cl);
    if (!c)
        return NULL;
    if (idiom_at(s, t + 1) || (t >= 1 && idiom_at(s, t - 1)) || (t >= 2 && idiom_at(s, t - 2)))
        return NULL;
    return c;
}

/* 1 when the cue at t is negated (see numbers.h). */
static int negated(const struct sent *s, size_t t, int depth)
{
    for (size_t d = 1; d <= 5 && d <= t; d++) {
        size_t u = t - d;
        if (span_of(s, u) >= 0 || tok_is(&s->tok[u], W_BLOCK))
            return 0;
        if (tok_is(&s->tok[u], W_NEG))
            return !tok_is(&s->tok[u + 1], W_NEGNOT);
        if (cue_at(s, u, NULL)) {
            /* a chained cue: only و/او between ("قتلي او جرحي") */
            for (size_t v = u + 1; v < t; v++)
                if (!tok_eq(&s->tok[v], WAW) && !tok_eq(&s->tok[v], "او"))
                    return 0;
            return depth < 8 && negated(s, u, depth + 1);
        }
    }
    return 0;
}

/* Rule 0: a measure right after the number. */
static int measure_after(const struct sent *s, size_t e)
{
    if (e >= s->ntok)
        return 0;
    if (tok_is(&s->tok[e], W_UNIT))
        return 1;
    return e + 1 < s->ntok && tok_eq(&s->tok[e], "في") &&
           (tok_eq(&s->tok[e + 1], "المئه") || tok_eq(&s->tok[e + 1], "المائه"));
}

/* The number starts with a و (prefix or token) joining it to what precedes. */
static int joined_by_waw(const struct sent *s, const struct span *sp)
{
    struct clitics cl = {0, 0, 0};
    double v;
    if (sp->start > 0 && tok_eq(&s->tok[sp->start - 1], WAW))
        return 1;
    if (digit_token(&s->tok[sp->start], &v, &cl) || lex_tok(&s->tok[sp->start], ~0u, &cl))
        return cl.conj;
    const char *w = s->tok[sp->start].norm; /* a qualifier: ونحو */
    return has_prefix(w, s->tok[sp->start].norm_len, WAW);
}

/* The number is the object of a preposition ("في 3 مدن", "بثلاث رصاصات"). */
static int prep_object(const struct sent *s, const struct span *sp)
{
    struct nword w;
    if (sp->start > 0 && tok_is(&s->tok[sp->start - 1], W_PREP))
        return 1;
    return num_word(&s->tok[sp->first], &w) && w.cl.prep == 'b';
}

/* Gives span k its kind and group (rules 0-4 of numbers.h). */
static void attach(struct sent *s, size_t k)
{
    struct span *sp = &s->sp[k];
    const struct lex *c;
    struct clitics cl;
    sp->kind = -1;

    /* 0: a measure */
    if (measure_after(s, sp->end))
        return;
    /* 1: the dual of a cue noun */
    if (sp->end - sp->first == 1 && (c = cue_at(s, sp->first, NULL)) != NULL) {
        sp->kind = c->kind;
        sp->group = sp->first;
        goto check;
    }
    /* 2: a cue noun right after; with ال only after a vague word or a scale
     * ("عشرات الجرحي", "الاف القتلي") */
    if (sp->end < s->ntok && (c = cue_at(s, sp->end, &cl)) != NULL && (c->cf & CF_NOUN) &&
        !(c->cf & CF_NEGONLY) && !cl.conj) {
        struct nword last;
        int idafa = num_word(&s->tok[sp->end - 1], &last) &&
                    (last.nk == NK_VAGUE || multiplies(last.nk) || last.nk == NK_SCALE_DUAL);
        if (!cl.art || idafa) {
            sp->kind = c->kind;
            sp->group = sp->end;
            goto check;
        }
    }
    /* 3: look back */
    if (!prep_object(s, sp)) {
        size_t t = sp->start, counted = 0;
        int joined = joined_by_waw(s, sp);
        while (t > 0 && counted < 3) {
            t--;
            if (k > 0 && t < s->sp[k - 1].end) {
                const struct span *prev = &s->sp[k - 1];
                if (prev->kind < 0)
                    break;
                if (joined) { /* "3 جنود و2 مدنيين": one list */
                    sp->kind = prev->kind;
                    sp->group = prev->group;
                    return;
                }
                /* "من 20 الي 30": an update, same kind, own list */
                int update = prev->end < sp->start;
                for (size_t v = prev->end; v < sp->start; v++)
                    if (!tok_eq(&s->tok[v], "الي") && !tok_eq(&s->tok[v], "حتي"))
                        update = 0;
                if (update) {
                    sp->kind = prev->kind;
                    sp->group = sp->first;
                    return;
                }
                break;
            }
            if ((c = cue_at(s, t, NULL)) != NULL && !(c->cf & CF_NEGONLY)) {
                if (c->cf & CF_POST) /* "3 قتلوا و5 اصيبوا": its subject came before */
                    break;
                sp->kind = c->kind;
                sp->group = t;
                goto check;
            }
            if (!tok_is(&s->tok[t], W_SKIP))
                counted++;
        }
    }
    /* 4: look forward for a verb after its subject */
    {
        size_t t = sp->end, counted = 0;
        size_t next = k + 1 < s->nsp ? s->sp[k + 1].start : s->ntok;
        while (t < s->ntok && t < next && counted < 3) {
            if ((c = cue_at(s, t, NULL)) != NULL) {
                if (c->cf & CF_POST) {
                    sp->kind = c->kind;
                    sp->group = t;
                    goto check;
                }
                break;
            }
            counted++;
            t++;
        }
    }
    return;
check:
    if (negated(s, sp->group, 0))
        sp->kind = -1;
}

/* 1 when some number is attached to the cue at t. */
static int cue_used(const struct sent *s, size_t t)
{
    for (size_t k = 0; k < s->nsp; k++)
        if (s->sp[k].kind >= 0 && s->sp[k].group == t)
            return 1;
    return 0;
}

/* "(ما) بين 10 و15": one figure, the lower bound, spanning the whole range. */
static void merge_ranges(struct sent *s)
{
    size_t out = 0;
    for (size_t k = 0; k < s->nsp; k++) {
        struct span sp = s->sp[k];
        if (k + 1 < s->nsp && sp.start > 0 && tok_eq(&s->tok[sp.start - 1], "بين")) {
            const struct span *hi = &s->sp[k + 1];
            int adjacent = hi->start == sp.end ||
                           (hi->start == sp.end + 1 && tok_eq(&s->tok[sp.end], WAW));
            if (adjacent && joined_by_waw(s, hi)) {
                sp.start--;
                if (sp.start > 0 && tok_eq(&s->tok[sp.start - 1], "ما"))
                    sp.start--;
                sp.end = hi->end;
                if (hi->value < sp.value)
                    sp.value = hi->value;
                k++;
            }
        }
        s->sp[out++] = sp;
    }
    s->nsp = out;
}

static void keep_max(double *best, double v)
{
    if (v > *best)
        *best = v;
}

void rasd_casualty_counts(const struct rasd_sentence *sentence, long *killed, long *injured)
{
    struct sent s;
    double best[2] = {-1, -1};

    s.tok = sentence ? sentence->tok : NULL;
    s.ntok = s.tok ? sentence->ntok : 0;
    s.nsp = 0;
    /* the number expressions, left to right */
    for (size_t i = 0; i < s.ntok && s.nsp < MAX_SPANS;) {
        struct rasd_number num;
        size_t n = rasd_number_at(s.tok, s.ntok, i, &num);
        if (n == 0) {
            i++;
            continue;
        }
        struct span *sp = &s.sp[s.nsp++];
        sp->start = i;
        sp->first = num.first;
        sp->end = num.first + num.count;
        sp->value = num.value;
        sp->kind = -1;
        sp->group = 0;
        i += n;
    }
    merge_ranges(&s);
    for (size_t k = 0; k < s.nsp; k++)
        attach(&s, k);

    /* lists: the sum of each, the largest per kind */
    for (size_t k = 0; k < s.nsp; k++) {
        const struct span *sp = &s.sp[k];
        if (sp->kind < 0)
            continue;
        int seen = 0;
        for (size_t m = 0; m < k; m++)
            if (s.sp[m].kind == sp->kind && s.sp[m].group == sp->group)
                seen = 1;
        if (seen)
            continue;
        double sum = 0;
        for (size_t m = k; m < s.nsp; m++)
            if (s.sp[m].kind == sp->kind && s.sp[m].group == sp->group)
                sum += s.sp[m].value;
        keep_max(&best[sp->kind], sum);
    }

    /* cues without a number: "none" when negated, 1 for a singular */
    for (size_t t = 0; t < s.ntok; t++) {
        const struct lex *c = cue_at(&s, t, NULL);
        if (!c)
            continue;
        if (negated(&s, t, 0)) {
            if (c->cf & CF_BOTH) {
                keep_max(&best[KILLED], 0);
                keep_max(&best[INJURED], 0);
            } else {
                keep_max(&best[c->kind], 0);
            }
            continue;
        }
        if ((c->cf & CF_NEGONLY) || span_of(&s, t) >= 0 || cue_used(&s, t))
            continue;
        if (c->cf & CF_SING)
            keep_max(&best[c->kind], 1);
        else if ((c->cf & CF_EVENT) && t + 1 < s.ntok && span_of(&s, t + 1) < 0 &&
                 tok_is(&s.tok[t + 1], W_PERSON))
            keep_max(&best[c->kind], 1);
    }

    if (killed)
        *killed = best[KILLED] < 0 ? -1 : lround(best[KILLED]);
    if (injured)
        *injured = best[INJURED] < 0 ? -1 : lround(best[INJURED]);
}
