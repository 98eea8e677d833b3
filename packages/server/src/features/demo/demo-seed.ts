/**
 * The demo mechanism: the Pakistan–Afghanistan ceasefire of October–November 2025, from the facts
 * in the project's scenario sheet (public news coverage of the period). Every row is marked demo.
 * Provision texts are the demo's paraphrase of what was publicly reported, not an official text.
 */
import type { OrganisationKind, Role } from '@truceline/domain';

export interface DemoOrganisation {
  readonly key: string;
  readonly name: string;
  readonly shortName: string;
  readonly kind: OrganisationKind;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { key: 'pk', name: 'Islamic Republic of Pakistan', shortName: 'PAK', kind: 'party' },
  {
    key: 'af',
    name: "Afghanistan's Taliban authorities (Islamic Emirate of Afghanistan)",
    shortName: 'AFG',
    kind: 'party',
  },
  { key: 'tr', name: 'Republic of Türkiye', shortName: 'TUR', kind: 'mediator' },
  { key: 'qa', name: 'State of Qatar', shortName: 'QAT', kind: 'mediator' },
  {
    key: 'sec',
    name: 'Joint Monitoring and Verification Secretariat',
    shortName: 'JMVS',
    kind: 'secretariat',
  },
  {
    key: 'obs',
    name: 'Islamic Republic of Iran (offered mediation)',
    shortName: 'IRN',
    kind: 'observer',
  },
];

export interface DemoAccount {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly organisation: string;
  readonly locale: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'admin@demo.truceline.test',
    displayName: 'Secretariat administrator',
    role: 'admin',
    organisation: 'sec',
    locale: 'en',
  },
  {
    email: 'mediator.tr@demo.truceline.test',
    displayName: 'Verification officer (Türkiye)',
    role: 'mediator',
    organisation: 'tr',
    locale: 'tr',
  },
  {
    email: 'mediator.qa@demo.truceline.test',
    displayName: 'Verification officer (Qatar)',
    role: 'mediator',
    organisation: 'qa',
    locale: 'ar',
  },
  {
    email: 'officer.pk@demo.truceline.test',
    displayName: 'Liaison officer (Pakistan)',
    role: 'party_officer',
    organisation: 'pk',
    locale: 'ur',
  },
  {
    email: 'officer.af@demo.truceline.test',
    displayName: 'Liaison officer (Afghanistan)',
    role: 'party_officer',
    organisation: 'af',
    locale: 'ps',
  },
  {
    email: 'monitor@demo.truceline.test',
    displayName: 'Field monitor',
    role: 'monitor',
    organisation: 'sec',
    locale: 'en',
  },
  {
    email: 'observer@demo.truceline.test',
    displayName: 'Observer',
    role: 'observer',
    organisation: 'obs',
    locale: 'fa',
  },
];

export const DEMO_AGREEMENT = {
  title: {
    en: 'Pakistan–Afghanistan ceasefire understanding (Doha and Istanbul, October 2025) [demo]',
  },
  summary: {
    en:
      'Temporary ceasefire agreed in Doha on 18–19 October 2025 under Qatari and Turkish mediation, ' +
      'continued in Istanbul (25–30 October) with agreement to form a joint monitoring and verification ' +
      'mechanism that keeps the peace and imposes a penalty on the violating party.',
  },
  effectiveOn: '2025-10-19',
  replyWindowDays: 10,
  // Translations are the project's own and await review by native speakers.
  provisions: [
    {
      number: '1',
      text: {
        en: 'Both parties observe an immediate ceasefire along the border.',
        ur: 'دونوں فریق سرحد کے ساتھ فوری جنگ بندی کی پابندی کریں گے۔',
        ps: 'دواړه لوري د پولې په اوږدو کې سمدستي اوربند مراعاتوي.',
        fa: 'هر دو طرف آتش‌بس فوری را در امتداد مرز رعایت می‌کنند.',
        tr: 'Her iki taraf da sınır boyunca derhal ateşkese uyar.',
        ar: 'يلتزم الطرفان بوقف فوري لإطلاق النار على طول الحدود.',
      },
    },
    {
      number: '2',
      text: {
        en: 'Any cross-border attack counts as a breach of the ceasefire.',
        ur: 'سرحد پار سے کوئی بھی حملہ جنگ بندی کی خلاف ورزی شمار ہوگا۔',
        ps: 'له پولې هاخوا هر ډول برید د اوربند ماتول ګڼل کېږي.',
        fa: 'هرگونه حمله‌ی فرامرزی نقض آتش‌بس به شمار می‌رود.',
        tr: 'Sınır ötesinden yapılan her saldırı ateşkesin ihlali sayılır.',
        ar: 'يُعدّ أي هجوم عبر الحدود خرقًا لوقف إطلاق النار.',
      },
    },
    {
      number: '3',
      text: {
        en: 'Neither party allows its territory to be used for attacks against the other, including by TTP (Fitna al-Khawarij) or BLA (Fitna al-Hindustan).',
        ur: 'کوئی بھی فریق اپنی سرزمین کو دوسرے کے خلاف حملوں کے لیے استعمال نہیں ہونے دے گا، بشمول ٹی ٹی پی (فتنہ الخوارج) یا بی ایل اے (فتنہ الہندوستان) کے۔',
        ps: 'هېڅ لوری اجازه نه ورکوي چې د هغه خاوره د بل لوري پر ضد بریدونو ته وکارول شي، د ټي ټي پي (فتنه الخوارج) یا بي ایل اې (فتنه الهندوستان) په ګډون.',
        fa: 'هیچ‌یک از طرفین اجازه نمی‌دهد از خاکش برای حمله به طرف دیگر استفاده شود، از جمله توسط تحریک طالبان پاکستان (فتنه الخوارج) یا ارتش آزادی‌بخش بلوچستان (فتنه الهندوستان).',
        tr: "Taraflardan hiçbiri, TTP (Fitnetü'l-Havaric) ve BLA (Fitnetü'l-Hindistan) dahil, topraklarının diğer tarafa karşı saldırılarda kullanılmasına izin vermez.",
        ar: 'لا يسمح أي من الطرفين باستخدام أراضيه لشن هجمات على الطرف الآخر، بما في ذلك من قبل حركة طالبان باكستان (فتنة الخوارج) أو جيش تحرير بلوشستان (فتنة الهندستان).',
      },
    },
    {
      number: '4',
      text: {
        en: 'A joint monitoring and verification mechanism maintains the peace.',
        ur: 'ایک مشترکہ نگرانی اور تصدیقی نظام امن برقرار رکھے گا۔',
        ps: 'د څارنې او تایید یو ګډ میکانیزم سوله ساتي.',
        fa: 'یک سازوکار مشترک نظارت و راستی‌آزمایی صلح را حفظ می‌کند.',
        tr: 'Ortak bir izleme ve doğrulama mekanizması barışı korur.',
        ar: 'تحافظ آلية مشتركة للرقابة والتحقق على السلام.',
      },
    },
    {
      number: '5',
      text: {
        en: 'The mechanism imposes a penalty on the party found to have violated the ceasefire.',
        ur: 'یہ نظام اس فریق پر جرمانہ عائد کرے گا جس کی جانب سے جنگ بندی کی خلاف ورزی ثابت ہو۔',
        ps: 'میکانیزم پر هغه لوري جریمه لګوي چې د اوربند ماتول یې ثابت شي.',
        fa: 'این سازوکار بر طرفی که نقض آتش‌بس از سوی او احراز شود، جریمه تحمیل می‌کند.',
        tr: 'Mekanizma, ateşkesi ihlal ettiği tespit edilen tarafa yaptırım uygular.',
        ar: 'تفرض الآلية عقوبة على الطرف الذي يثبت انتهاكه لوقف إطلاق النار.',
      },
    },
    {
      number: '6',
      text: {
        en: 'The parties continue talks under the mediation of Türkiye and Qatar.',
        ur: 'فریقین ترکیہ اور قطر کی ثالثی میں مذاکرات جاری رکھیں گے۔',
        ps: 'لوري د ترکیې او قطر په منځګړیتوب خبرو اترو ته دوام ورکوي.',
        fa: 'طرفین گفتگوها را با میانجی‌گری ترکیه و قطر ادامه می‌دهند.',
        tr: "Taraflar, Türkiye ve Katar'ın arabuluculuğunda görüşmelere devam eder.",
        ar: 'يواصل الطرفان المحادثات بوساطة تركيا وقطر.',
      },
    },
  ],
} as const;

export const DEMO_TALK_ROUNDS = [
  {
    name: { en: 'Round 1, Doha' },
    place: 'Doha',
    startsOn: '2025-10-18',
    endsOn: '2025-10-19',
    outcome: { en: 'Temporary ceasefire; agreement to meet in Istanbul.' },
  },
  {
    name: { en: 'Round 2, Istanbul' },
    place: 'Istanbul',
    startsOn: '2025-10-25',
    endsOn: '2025-10-30',
    outcome: {
      en: 'Near collapse midweek; then agreement to continue the ceasefire, form a joint monitoring mechanism and penalise any violator.',
    },
  },
  {
    name: { en: 'Round 3, Istanbul (principals)' },
    place: 'Istanbul',
    // One outlet dates this round 7 November; the FO and most outlets give 6 November.
    startsOn: '2025-11-06',
    endsOn: '2025-11-07',
    outcome: {
      en: 'Ended without agreement; Afghan side refused written assurances; ceasefire holding.',
    },
  },
] as const;

export const DEMO_CROSSINGS = [
  {
    name: 'Torkham',
    description: {
      en: 'Main Khyber Pass crossing (Khyber district, Pakistan / Nangarhar, Afghanistan)',
    },
    latitude: 34.11,
    longitude: 71.09,
    history: [
      {
        status: 'closed',
        effectiveOn: '2025-10-12',
        reason: { en: 'Closed during the October border clashes (reported as early October).' },
      },
      {
        status: 'closed',
        effectiveOn: '2025-11-09',
        reason: { en: 'Not reopened after the Istanbul talks: no verifiable action against TTP.' },
      },
    ],
  },
  {
    name: 'Chaman / Spin Boldak',
    description: { en: 'Southern crossing (Balochistan, Pakistan / Kandahar, Afghanistan)' },
    latitude: 30.92,
    longitude: 66.45,
    history: [
      {
        status: 'closed',
        effectiveOn: '2025-10-12',
        reason: {
          en: 'Operations suspended; transit trade suspended (reported as early October).',
        },
      },
      {
        status: 'closed',
        effectiveOn: '2025-11-09',
        reason: { en: 'Not reopened; trade and transit on hold until sanctuaries are dismantled.' },
      },
    ],
  },
] as const;
