/**
 * Content-type detection from the bytes, never the name: the allow-list, and refusals that say
 * what the file is. Samples are small real files (fixtures/, made by make-fixtures.py) or headers
 * built here; an executable renamed .jpg must be refused whatever its name says.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  sniffContentType,
  sniffFileContentType,
  type SniffResult,
} from '../../src/platform/blobs/content-type.ts';
import { FIXTURES, fixture, makeTempDirs } from './support/blob-test-support.ts';

const temp = makeTempDirs();
afterAll(() => temp.cleanup());

const bytes = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

/** An ELF header (64-bit, little-endian, executable) followed by zeros. */
const ELF = bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], new Uint8Array(120));
/** A DOS/PE header: "MZ" and then the rest of a stub. */
const MZ = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], new Uint8Array(120));
/** Three MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) of silence. */
const MP3 = (() => {
  const frames = new Uint8Array(417 * 3);
  for (let i = 0; i < 3; i++) frames.set([0xff, 0xfb, 0x90, 0x64], i * 417);
  return frames;
})();
/** The start of an MP4 file: an ftyp box (isom, mp41). */
const MP4 = bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isommp41', new Uint8Array(64));

const ok = (r: SniffResult) => {
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r;
};

/** Writes `content` to a temporary file named `name` and sniffs the whole file. */
async function sniffAsFile(content: Uint8Array, name: string): Promise<SniffResult> {
  const file = path.join(temp.make(), name);
  fs.writeFileSync(file, content);
  return sniffFileContentType(file, name);
}

describe('sniffContentType', () => {
  it.each([
    ['photo.jpg', 'image/jpeg', 'jpg', 'image'],
    ['photo.png', 'image/png', 'png', 'image'],
    ['document.pdf', 'application/pdf', 'pdf', 'pdf'],
    ['sound.wav', 'audio/wav', 'wav', 'audio'],
  ])('accepts %s as %s', async (name, mime, extension, kind) => {
    const head = fixture(name);
    expect(await sniffContentType(head, name)).toEqual({
      ok: true,
      mime,
      extension,
      kind,
      nameMismatch: false,
    });
    expect(await sniffFileContentType(path.join(FIXTURES, name), name)).toMatchObject({
      ok: true,
      mime,
    });
  });

  it('accepts MP3 audio and MP4 video from their headers', async () => {
    expect(ok(await sniffContentType(MP3, 'voice.mp3'))).toMatchObject({
      mime: 'audio/mpeg',
      kind: 'audio',
    });
    expect(ok(await sniffContentType(MP4, 'clip.mp4'))).toMatchObject({
      mime: 'video/mp4',
      kind: 'video',
    });
    // AMR starts with "#!", and is audio, not a script.
    expect(ok(await sniffContentType(bytes('#!AMR\n', new Uint8Array(40))))).toMatchObject({
      mime: 'audio/amr',
    });
  });

  it('never takes the name for the type: it only notes a mismatch', async () => {
    const png = fixture('photo.png');
    expect(ok(await sniffContentType(png, 'holiday.jpg'))).toMatchObject({
      mime: 'image/png',
      extension: 'png',
      nameMismatch: true,
    });
    expect(ok(await sniffContentType(png, 'no-extension')).nameMismatch).toBe(false);
    expect(ok(await sniffContentType(png, 'UPPER.PNG')).nameMismatch).toBe(false);
    expect(ok(await sniffContentType(png)).nameMismatch).toBe(false);
  });

  it.each([
    ['an ELF executable renamed .jpg', ELF, 'photo.jpg', 'an ELF executable', 'application/x-elf'],
    [
      'a Windows executable renamed .jpg',
      MZ,
      'photo.jpg',
      'a Windows executable (PE)',
      'application/x-msdownload',
    ],
    ['a ZIP archive', fixture('archive.zip'), 'report.pdf', 'a ZIP archive', 'application/zip'],
    ['a gzip archive', zlib.gzipSync('hello'), 'notes.txt', 'an archive (GZ)', 'application/gzip'],
  ])('refuses %s, saying what it is', async (_label, content, name, reason, detected) => {
    expect(await sniffContentType(content, name)).toEqual({ ok: false, reason, detected });
    expect(await sniffAsFile(content, name)).toEqual({ ok: false, reason, detected });
  });

  it('accepts UTF-8 text in any script as text/plain, keeping a text extension', async () => {
    const text =
      'Observation: 3 vehicles crossed at 14:30.\nملاحظة: عبرت ثلاث مركبات\nתצפית\nСпостереження 🚩\n';
    expect(ok(await sniffContentType(Buffer.from(text), 'log.csv'))).toEqual({
      ok: true,
      mime: 'text/plain; charset=utf-8',
      extension: 'csv',
      kind: 'text',
      nameMismatch: false,
    });
    expect(ok(await sniffContentType(Buffer.from(text), 'log.exe'))).toMatchObject({
      extension: 'txt',
      nameMismatch: true,
    });
    // With a byte-order mark; and XML (a KML track) is text too, never rendered.
    expect(ok(await sniffContentType(bytes([0xef, 0xbb, 0xbf], 'plain')))).toMatchObject({
      kind: 'text',
    });
    const kml = '<?xml version="1.0" encoding="UTF-8"?><kml><Placemark/></kml>';
    expect(ok(await sniffContentType(Buffer.from(kml), 'route.kml'))).toMatchObject({
      mime: 'text/plain; charset=utf-8',
      extension: 'kml',
    });
  });

  it('accepts a head that ends inside a multi-byte character, but not a whole file that does', async () => {
    const cut = Buffer.from('ملاحظة').subarray(0, 5); // 3 characters of 2 bytes, the last one cut
    expect(ok(await sniffContentType(cut)).kind).toBe('text');
    expect(await sniffAsFile(cut, 'cut.txt')).toMatchObject({
      ok: false,
      reason: 'an unrecognised binary file',
    });
  });

  it.each([
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a script (it starts with #!)'],
    ['Latin-1 text', Buffer.from('caf\xe9 au lait', 'latin1'), 'an unrecognised binary file'],
    ['bytes with NUL', bytes('abc', [0], 'def'), 'an unrecognised binary file'],
    [
      'UTF-16 text',
      Buffer.from('\ufeffhello\r\n', 'utf16le'),
      'UTF-16 text (only UTF-8 text is accepted)',
    ],
    [
      'UTF-16BE text',
      bytes([0xfe, 0xff, 0, 0x68, 0, 0x69]),
      'UTF-16 text (only UTF-8 text is accepted)',
    ],
    ['an empty file', new Uint8Array(0), 'an empty file'],
  ])('refuses %s', async (_label, content, reason) => {
    expect(await sniffContentType(content, 'notes.txt')).toMatchObject({ ok: false, reason });
  });
});

describe('sniffFileContentType', () => {
  it('recognises an office document whose identifying entry lies past the head', async () => {
    const file = path.join(FIXTURES, 'office.docx');
    expect(await sniffFileContentType(file, 'report.docx')).toEqual({
      ok: true,
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
      kind: 'document',
      nameMismatch: false,
    });
    // From its first 64 KiB alone it is only a ZIP archive: the reason the whole file is read.
    const head = fixture('office.docx').subarray(0, 64 * 1024);
    expect(await sniffContentType(head, 'report.docx')).toMatchObject({
      ok: false,
      reason: 'a ZIP archive',
    });
  });
});
