/**
 * Metadata extraction (exifr) from the staged file: capture time and place from a real JPEG with
 * EXIF and GPS (fixtures/photo.jpg), JSON-safe output, the original left unchanged, and never an
 * exception for missing or broken metadata.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { extractMetadata } from '../../src/platform/blobs/metadata.ts';
import { FIXTURES, fixture, makeTempDirs, sha256Hex } from './support/blob-test-support.ts';

const temp = makeTempDirs();
afterAll(() => temp.cleanup());

const write = (content: Uint8Array, name = 'file.jpg'): string => {
  const file = path.join(temp.make(), name);
  fs.writeFileSync(file, content);
  return file;
};

/** The value survives JSON (no Date, Buffer, NaN, undefined inside) unchanged. */
const expectJsonSafe = (value: unknown): void => {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  expect(JSON.stringify(value)).not.toMatch(/\\u0000/);
};

describe('extractMetadata', () => {
  it('reads capture time, place, camera and size from a JPEG with EXIF and GPS', async () => {
    const file = path.join(FIXTURES, 'photo.jpg');
    const before = sha256Hex(fs.readFileSync(file));
    const m = await extractMetadata(file, 'image', 'image/jpeg');
    expect(m).toMatchObject({
      capturedAt: '2024-03-15T14:30:05+02:00',
      altitudeM: 12,
      cameraMake: 'TestMake',
      cameraModel: 'TestModel 1',
      software: 'Truceline fixture',
      width: 16,
      height: 12,
    });
    expect(m.latitude).toBeCloseTo(31.5017, 4);
    expect(m.longitude).toBeCloseTo(34.4668, 4);
    expect(m.raw).toMatchObject({
      DateTimeOriginal: '2024:03:15 14:30:05',
      OffsetTimeOriginal: '+02:00',
      GPSLatitudeRef: 'N',
      GPSLatitude: [31, 30, 6.12],
      GPSAltitudeRef: [0],
    });
    expectJsonSafe(m);
    expect(sha256Hex(fs.readFileSync(file))).toBe(before); // read, never written
  });

  it('reads the dimensions of a PNG, which has no capture time', async () => {
    const m = await extractMetadata(path.join(FIXTURES, 'photo.png'), 'image', 'image/png');
    expect(m).toMatchObject({ width: 16, height: 12 });
    expect(m.capturedAt).toBeUndefined();
    expectJsonSafe(m);
  });

  it('gives {} for kinds it does not read, missing files and bytes that are not an image', async () => {
    expect(
      await extractMetadata(path.join(FIXTURES, 'document.pdf'), 'pdf', 'application/pdf'),
    ).toEqual({});
    expect(await extractMetadata(path.join(FIXTURES, 'sound.wav'), 'audio', 'audio/wav')).toEqual(
      {},
    );
    expect(
      await extractMetadata(path.join(temp.make(), 'gone.jpg'), 'image', 'image/jpeg'),
    ).toEqual({});
    expect(
      await extractMetadata(write(Buffer.from('not a jpeg at all')), 'image', 'image/jpeg'),
    ).toEqual({});
  });

  it('survives a JPEG cut short in its EXIF', async () => {
    const jpeg = fixture('photo.jpg');
    for (const length of [4, 20, 60, 120, 200, 300]) {
      const m = await extractMetadata(write(jpeg.subarray(0, length)), 'image', 'image/jpeg');
      expectJsonSafe(m);
    }
  });

  it('never throws and always answers JSON-safe data, whatever follows an EXIF header', async () => {
    const exifHeader = (length: number) =>
      Buffer.from([
        0xff,
        0xd8,
        0xff,
        0xe1,
        (length + 2) >> 8,
        (length + 2) & 0xff,
        ...Buffer.from('Exif\0\0'),
      ]);
    const dir = temp.make();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('II*\0', 'MM\0*'),
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        async (tiffMagic, body) => {
          const tiff = Buffer.concat([Buffer.from(tiffMagic, 'latin1'), Buffer.from(body)]);
          const file = path.join(dir, `fuzz-${n++}.jpg`);
          fs.writeFileSync(
            file,
            Buffer.concat([exifHeader(tiff.length + 6), tiff, Buffer.from([0xff, 0xd9])]),
          );
          const m = await extractMetadata(file, 'image', 'image/jpeg');
          expectJsonSafe(m);
          if (m.latitude !== undefined) expect(Math.abs(m.latitude)).toBeLessThanOrEqual(90);
          if (m.capturedAt !== undefined)
            expect(m.capturedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
