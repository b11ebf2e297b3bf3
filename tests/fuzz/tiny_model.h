/* A tiny labelled corpus and lexicon (sentences invented for the tests), so
 * that tests can train a model of a few hundred features in well under a
 * second: tests/fuzz/fuzz_model.c and tests/test_alloc.c. */
#ifndef RASD_TINY_MODEL_H
#define RASD_TINY_MODEL_H

static const char rasd_tiny_corpus[] =
    "t01\tattack\tقصفت الطائرات مواقع في البلدة صباح اليوم\n"
    "t02\tattack\tاستهدف قصف مدفعي أطراف البلدة الشرقية\n"
    "t03\tattack,casualty\tقتل ثلاثة مدنيين في قصف على السوق\n"
    "t04\tattack\tشنت الطائرات غارات على مواقع المسلحين\n"
    "t05\tattack,casualty\tأصيب خمسة أشخاص في غارة على الحي\n"
    "t06\tattack\tقصفت المدفعية مواقع قرب الحدود\n"
    "t07\tretaliation\tردت الفصائل بقصف موقع عسكري انتقاما للغارة\n"
    "t08\tretaliation\tقالت الجماعة إن الهجوم جاء ردا على القصف\n"
    "t09\tretaliation,attack\tردا على الغارة أطلقت الفصائل صواريخ على الموقع\n"
    "t10\tretaliation\tتوعدت الجماعة بالرد على الغارات\n"
    "t11\tevacuation\tنزحت عشرات العائلات من البلدة نحو الشمال\n"
    "t12\tevacuation\tأجلت فرق الإنقاذ السكان من الحي\n"
    "t13\tevacuation\tفر السكان من القرى الحدودية\n"
    "t14\tevacuation\tنزح آلاف السكان بعد القصف\n"
    "t15\tcasualty\tارتفع عدد القتلى إلى عشرة أشخاص\n"
    "t16\tcasualty\tقتل جندي وأصيب آخر في انفجار\n"
    "t17\tnone\tارتفعت أسعار الخبز في الأسواق المحلية\n"
    "t18\tnone\tافتتحت البلدية حديقة جديدة في الحي\n"
    "t19\tnone\tعقد الوزيران اجتماعا لبحث التعاون الاقتصادي\n"
    "t20\tnone\tهطلت أمطار غزيرة على المدينة أمس\n"
    "t21\tnone\tبدأ العام الدراسي في المدارس الحكومية\n"
    "t22\tnone\tأعلنت الشركة عن أرباح جديدة هذا العام\n"
    "t23\tnone\tزار الوفد المدينة القديمة والأسواق\n"
    "t24\tnone\tناقش المجلس خطة لتحسين الطرق في البلدة\n";

static const char rasd_tiny_lexicon[] =
    "قصف\tattack\t1\nنزح\tevacuation\t1\nردا على\tretaliation\t1\nقتل\tcasualty\t1\n";

#endif
