/**
 * Metadata of a piece of evidence, read (never written: the original stays as it is) from the staged
 * file with `exifr`: capture time and place, camera, software and dimensions from EXIF (JPEG, TIFF,
 * HEIC/HEIF, AVIF, PNG). Other kinds give `{}` for now: video and audio containers and PDF page
 * counts would need their own parsers, and none is hand-written here.
 *
 * The result is stored as JSON (PostgreSQL jsonb), so it holds only strings, finite numbers,
 * booleans and arrays of them: no Date, no bytes, no NaN, no NUL character, no lone surrogate. Bad
 * or missing metadata never fails an upload: the answer is then `{}` (or what could be read).
 */
import exifr from 'exifr';
import type { EvidenceKind } from './content-type.ts';

export interface EvidenceMetadata {
  /**
   * When the picture was taken, as the device recorded it (EXIF DateTimeOriginal, else
   * DateTimeDigitized): `2024-03-15T14:30:05+02:00` when the device recorded its UTC offset, else a
   * local time with no offset (`2024-03-15T14:30:05`), which must not be read as UTC.
   */
  capturedAt?: string;
  /** WGS 84 decimal degrees, north positive. */
  latitude?: number;
  /** WGS 84 decimal degrees, east positive. */
  longitude?: number;
  /** Metres above sea level (negative below). */
  altitudeM?: number;
  cameraMake?: string;
  cameraModel?: string;
  width?: number;
  height?: number;
  software?: string;
  pageCount?: number;
  /** A JSON-safe selection of the tags read (strings, numbers, short arrays), keyed by tag name. */
  raw?: Record<string, unknown>;
}

/** Types exifr reads. */
const EXIF_TYPES = new Set([
  'image/jpeg',
  'image/tiff',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/png',
]);

const MAX_STRING = 1024;
const MAX_ARRAY = 16;

/** Tags left out of `raw`: binary or bulky, or already summarised as coordinates. */
const SKIPPED = new Set(['MakerNote', 'UserComment', 'PrintIM', 'ThumbnailImage']);

export async function extractMetadata(
  path: string,
  kind: EvidenceKind,
  mime: string,
): Promise<EvidenceMetadata> {
  if (kind !== 'image' || !EXIF_TYPES.has(mime.split(';')[0]?.trim() ?? '')) return {};
  let tags: unknown;
  try {
    tags = await exifr.parse(path, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      interop: false,
      makerNote: false,
      userComment: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: true,
      translateKeys: true,
      translateValues: false,
      reviveValues: false,
      sanitize: true,
      mergeOutput: true,
    });
  } catch {
    return {};
  }
  if (typeof tags !== 'object' || tags === null) return {};
  return summarise(tags as Record<string, unknown>);
}

function summarise(tags: Record<string, unknown>): EvidenceMetadata {
  const out: EvidenceMetadata = {};
  const capturedAt =
    exifDate(tags['DateTimeOriginal'], tags['SubSecTimeOriginal'], tags['OffsetTimeOriginal']) ??
    exifDate(tags['CreateDate'], tags['SubSecTimeDigitized'], tags['OffsetTimeDigitized']);
  if (capturedAt) out.capturedAt = capturedAt;

  const latitude = finite(tags['latitude']);
  const longitude = finite(tags['longitude']);
  if (
    latitude !== undefined &&
    longitude !== undefined &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180
  ) {
    out.latitude = latitude;
    out.longitude = longitude;
  }
  const altitude = finite(tags['GPSAltitude']);
  if (altitude !== undefined) {
    const ref = tags['GPSAltitudeRef'];
    const below = ref === 1 || (ref instanceof Uint8Array && ref[0] === 1);
    out.altitudeM = below ? -altitude : altitude;
  }

  const make = text(tags['Make'], 256);
  if (make) out.cameraMake = make;
  const model = text(tags['Model'], 256);
  if (model) out.cameraModel = model;
  const software = text(tags['Software'], 256);
  if (software) out.software = software;

  const width = dimension(tags['ExifImageWidth']) ?? dimension(tags['ImageWidth']);
  const height = dimension(tags['ExifImageHeight']) ?? dimension(tags['ImageHeight']);
  if (width !== undefined && height !== undefined) {
    out.width = width;
    out.height = height;
  }

  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(tags).sort()) {
    if (SKIPPED.has(key)) continue;
    const value = jsonSafe(tags[key]);
    if (value !== undefined) raw[key] = value;
  }
  if (Object.keys(raw).length > 0) out.raw = raw;
  return out;
}

/** EXIF "YYYY:MM:DD HH:MM:SS" (+ sub-seconds, + "±HH:MM") as ISO 8601, or undefined if not a real time. */
function exifDate(value: unknown, subSec: unknown, offset: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real =
    y >= 1900 &&
    utc.getUTCFullYear() === y &&
    utc.getUTCMonth() === mo - 1 &&
    utc.getUTCDate() === d &&
    utc.getUTCHours() === h &&
    utc.getUTCMinutes() === mi &&
    utc.getUTCSeconds() === s;
  if (!real) return undefined;
  let iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  const fraction = typeof subSec === 'string' || typeof subSec === 'number' ? String(subSec) : '';
  if (/^\d{1,9}$/.test(fraction.trim())) iso += `.${fraction.trim()}`;
  if (typeof offset === 'string') {
    const o = /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim());
    if (o && Number(o[2]) <= 14 && Number(o[3]) < 60) iso += `${o[1]}${o[2]}:${o[3]}`;
  }
  return iso;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function dimension(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** A string fit for jsonb: no NUL or other control characters, no lone surrogates, trimmed. */
function text(value: unknown, max = MAX_STRING): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
  return cleaned === '' || cleaned.length > max ? undefined : cleaned;
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'string') return text(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return finite(value);
  if (Array.isArray(value) && value.length > 0 && value.length <= MAX_ARRAY) {
    const items = value.map((v) =>
      typeof v === 'number' ? finite(v) : typeof v === 'string' ? text(v, 256) : undefined,
    );
    return items.every((v) => v !== undefined) ? items : undefined;
  }
  if (value instanceof Uint8Array && value.length > 0 && value.length <= 4) {
    return Array.from(value); // small codes such as GPSVersionID or GPSAltitudeRef
  }
  return undefined;
}
