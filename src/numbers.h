/* Numbers and casualty figures (DESIGN.md, step 7).
 *
 * Works on the tokens of an analysed sentence (text.h): every rule below is
 * about token `norm` forms, i.e. after NFKC and Arabic folding (أ إ آ ٱ -> ا,
 * ى -> ي, ة -> ه, no diacritics or tatweel, digits of any script -> ASCII).
 * Nothing here allocates, prints or keeps state between calls; all functions
 * are safe to call from several threads on different sentences.
 *
 * NUMBER EXPRESSIONS (rasd_number_at)
 *
 * Clitics. A word may carry the conjunction و or ف, then the preposition ب or
 * ل, then the article ال (ل + ال is written لل). The whole word is looked up
 * first, then with clitics stripped. Stripping ب, ل or ال must leave at least
 * three letters (so لست "I am not" is not ست "six"). With the article, احد,
 * اثنان and اثنين are the day names الاحد (Sunday) and الاثنين (Monday), not
 * numbers.
 *
 * Digits: ASCII digits after folding, optionally after a و/ف and a ب/ل clitic
 * ("و2", "ب3"); at most 15 digits (longer runs are ids or phone numbers).
 * "." and "٫" (U+066B) are the decimal point. "٬" (U+066C) and "،" (U+060C)
 * separate thousands and must be followed by exactly 3 digits. A "," before
 * exactly 3 digits separates thousands ("1,200" = 1200); any other "," is a
 * decimal point ("1,5" = 1.5), allowed once and only before any thousands
 * separator. Anything else in the token (a letter after the digits as in
 * "2023م", two decimal points) makes it not a number.
 *
 * Words:
 *   units     واحد واحده واحدا احد احدا احدي (1), اثنان اثنين اثنتان اثنتين
 *             اثنا اثني اثنتا اثنتي (2), ثلاث/ثلاثه 3 ... تسع/تسعه 9,
 *             ثمان/ثماني/ثمانيه 8, عشر/عشره 10
 *   teens     unit 1-9 then عشر/عشره, no و between: احد عشر 11, اثنا عشر 12
 *   tens      عشرون/عشرين 20 ... تسعون/تسعين 90
 *   hundreds  مئه/مائه 100, مئتان/مئتين/مئتا/مئتي and the مائ- spellings 200,
 *             ثلاثمئه/ثلاثمائه ... تسعمئه 300-900 as one word, or a unit 3-9
 *             followed by مئه/مائه (ثلاث مئه = 300)
 *   scales    الف 1000, مليون 1e6, مليار 1e9 (singular, multiplied by what
 *             precedes, 1 when nothing does: مئه الف = 100000); plural الاف,
 *             ملايين, مليارات after 3-10 (ثلاثه الاف = 3000); the accusative
 *             الفا, مليونا, مليارا multiply what precedes (عشرين الفا = 20000)
 *             but at the start of an expression they are the dual construct
 *             (الفا شخص = 2000); duals الفان/الفين/الفي, مليونان/مليونين/مليوني
 *             = 2 x the scale. Digits take a scale too: 3 الاف = 3000,
 *             1.5 مليون = 1500000, 500 الف = 500000.
 *   halves    نصف before a singular scale (نصف مليون = 500000); ونصف after a
 *             scale adds half of it (مليون ونصف = 1500000).
 *   compounds parts joined by و from large to small, except that a unit comes
 *             before its tens: خمسه وعشرون 25, مئه وخمسه وعشرون 125,
 *             ثلاثه الاف وخمسمئه 3500, الف و500 1500. A و-joined part that
 *             breaks this order is not joined: ثلاثه وخمسه is 3, and the
 *             caller finds 5 separately. A lone و token may stand for the
 *             prefix ("و 500").
 *   duals of counted nouns (one token = 2): قتيلان/قتيلين, جريحان/جريحين,
 *             شخصان/شخصين, شهيدان/شهيدين, جثتان/جثتين, مصابان, جنديان/جنديين,
 *             طفلان/طفلين, عنصران/عنصرين, مدنيان, مواطنان, رجلان/رجلين,
 *             امراتان/امراتين. Forms in -ين that are also plurals (مدنيين,
 *             مصابين, مواطنين) are not duals.
 *   vague     (vague = 1, ACLED convention) عشرات 10, with the article
 *             (العشرات, بالعشرات) 12, مئات/المئات 100, الاف/الالاف alone 1000,
 *             ملايين alone 1e6; a vague word followed by a plural scale
 *             multiplies: عشرات الالاف = 10000 (vague).
 * Qualifiers before a number are consumed and change nothing (value and
 * vague stay as they are): نحو، حوالي، قرابه، زهاء، يقارب/ما يقارب،
 * يناهز/ما يناهز، اكثر من، اقل من، ازيد من، علي الاقل، (ما) لا يقل/تقل عن،
 * ما يزيد عن/علي، ما يربو علي. The first qualifier word may carry و ف ب ل.
 * A qualifier not followed by a number is not a number.
 *
 * Not numbers: a number followed by a month name (optionally after من) is a
 * day of a date ("12 مارس", "12 من اذار"); a one-token integer 1900-2100
 * preceded by a month name or by عام/العام/سنه/السنه/عامي (any clitics), or
 * followed by م/ميلادي/ه/هجري, is a year. Months: Gregorian (يناير ...
 * ديسمبر, يونيه/يوليه), Levantine (كانون ... تشرين, اب), Maghrebi (جانفي,
 * فيفري, افريل, ماي, جوان, جويليه, اوت) and رمضان، شعبان، شوال، محرم.
 * Ordinals (الثالث), fractions other than نصف, بضعه/عده ("several") are not
 * numbers.
 *
 * CASUALTY FIGURES (rasd_casualty_counts)
 *
 * Cues (any clitics): killed — قتل قتلت يقتل تقتل قتلوا مقتل مقتله مقتلهم
 * قتيل قتيلا قتلي مصرع مصرعه/هم حتفه/هم/ها استشهاد استشهد استشهدوا شهيد
 * شهيدا شهداء وفاه وفيات توفي توفيت توفوا مات ماتوا اغتيال جثه جثث جثامين
 * ضحيه ضحايا (ضحايا means the dead); injured — جرح جرحوا جريح جريحا جرحي
 * جروح اصابه اصابات اصيب اصيبت اصيبوا اصيبا يصب تصب يصاب مصاب مصابا مصابين
 * مصابون. Nouns (قتيل, قتلي, جرحي, اصابات, ضحايا ...) may follow a number;
 * verbs with a plural subject (قتلوا, اصيبوا, لقوا حتفهم, بجروح) may follow
 * the counted noun.
 *
 * Each number expression in the sentence (from rasd_number_at, scanning left
 * to right; a range "بين 10 و15" or "ما بين 10 و15" is one expression worth
 * its lower bound, the conservative figure, and "من 20 الي 30" is not a range
 * but an update, see rule 3) gets at most one kind, by the first rule that
 * applies:
 *   0. it is followed by a unit of time, age, distance, money or percent
 *      (عاما، ايام، ساعه، كم، دولار، مرات، بالمئه، في المئه ...): no kind;
 *   1. it is a dual of a cue noun (قتيلين): that cue's kind;
 *   2. the next token is a cue noun without a و prefix ("25 قتيلا",
 *      "عشرات الجرحي"): that kind;
 *   3. looking back: unless the number is the object of a preposition (the
 *      token before it is في خلال منذ بعد قبل بين بينهم منهم ضمن, or the number
 *      carries ب), walk back over at most 3 tokens, not counting الي حتي عن
 *      من و: the nearest cue gives the kind ("مقتل 25 شخصا", "ارتفعت حصيله
 *      القتلي الي 40", "واصابه سبعه"); reaching an earlier number stops the
 *      walk, except that a number joined by و (prefix or token) to an earlier
 *      number that has a kind takes that kind and joins its list ("قتل 3
 *      جنود و2 مدنيين" = 5), and a number after an earlier one with only
 *      الي/حتي between takes its kind as a new list ("من 20 الي 30" = 30);
 *      a verb cue that follows its own subject (قتلوا, اصيبوا) stops the
 *      walk ("3 اشخاص قتلوا و5 اصيبوا");
 *   4. looking forward over at most 3 tokens: a verb cue that follows its
 *      subject ("ثلاثه مدنيين لقوا حتفهم"); any other cue or number stops.
 * Numbers attached to one cue, or chained to each other by rule 3, form one
 * list and are added; the sentence reports, per kind, the largest list total
 * (repeated or updated tolls are not added: "مقتل 25 ... ارتفعت حصيله القتلي
 * الي 40" = 40). Vague values count as they are (12, 100 ...). Totals are
 * rounded to the nearest integer.
 *
 * Without a number, a cue still gives a figure:
 *   - 1 for a singular noun (قتيل, قتيلا, جريح, جريحا, شهيد, مصاب, جثه, ضحيه:
 *     "سقط قتيل") and for an event cue followed by a singular person noun
 *     (شخص مدني جندي طفل رجل امراه شاب مواطن عنصر مقاتل شرطي ضابط صحفي مسعف
 *     مسلح اخر ..., with or without ال: "مقتل جندي", "اصابه اخر");
 *   - 0 when negated: a negator (لم لا لن دون بدون بلا عدم دونما, any
 *     clitics) at most 5 tokens before the cue, with no number, other cue,
 *     عدد, حصيله, معلومات or تفاصيل in between, and the word after the
 *     negator not one of يقل تقل يزيد تزيد يتجاوز يزال تزال يعرف تعرف يعلن
 *     تعلن يتضح تتضح يتوفر تتوفر (so "ما لا يقل عن", "لا يزال" and "لم يعرف
 *     عدد القتلي" are not "none"). A cue right after a negated cue, possibly
 *     across و/او, is negated too ("لم يسفر عن قتلي او جرحي"). Negated
 *     قتلي-type cues give killed 0, جرحي-type injured 0; the general words
 *     اصابه، اصابات، ضحيه، ضحايا، خسائر، اذي and the verb يصب/تصب/يصاب
 *     ("لم يصب احد") give both 0. Numbers that attach to a negated cue are
 *     dropped ("لم يصب احد" is not 1).
 * The idiom "بين قتيل وجريح" / "بين قتلي وجرحي" means "dead and wounded
 * together": its two words and a cue right before it are not cues, so
 * "سقوط 20 ضحيه بين قتيل وجريح" reports neither kind.
 * Only the first 256 number expressions of a sentence are used. */
#ifndef RASD_NUMBERS_H
#define RASD_NUMBERS_H

#include <stddef.h>

#include "err.h"
#include "text.h"

struct rasd_number {
    double value; /* the amount (2 for a dual, 12 for العشرات ...) */
    int vague;    /* 1 for the vague amounts (عشرات, مئات, الاف alone) */
    size_t first; /* first token of the number itself (after qualifiers) */
    size_t count; /* its tokens, qualifiers not included */
};

/* Parses the number expression starting at token i (a qualifier or a number)
 * and returns the tokens consumed from i (qualifiers plus the number, so
 * out->first + out->count == i + return value); 0 when tok[i] starts no
 * number expression, or the number is a date or a year (see above). `out` may
 * be NULL; it is left untouched when 0 is returned. */
size_t rasd_number_at(const struct rasd_token *tok, size_t ntok, size_t i,
                      struct rasd_number *out);

/* Whole-text helper: analyses utf8 with the pipeline; returns 1 and sets
 * *value (and *vague) when the text is one number expression (qualifiers
 * allowed), 0 when not, <0 (RASD_E*) on error, with detail in e. value and
 * vague may be NULL. The pipeline's sentence buffers are reused. */
int rasd_number_parse(struct rasd_pipeline *p, const char *utf8, size_t n,
                      double *value, int *vague, struct rasd_error *e);

/* Killed and injured figures reported in one analysed sentence; -1 = not
 * reported, 0 = explicitly none ("دون وقوع اصابات", "لم تسفر عن سقوط
 * ضحايا"). Either pointer may be NULL. */
void rasd_casualty_counts(const struct rasd_sentence *s, long *killed, long *injured);

#endif
