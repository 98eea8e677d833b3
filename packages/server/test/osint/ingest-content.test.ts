/**
 * The pure parts of ingestion: telling HTML from text and decoding either from its bytes, refusing
 * what is not a news article with a reason; story ids kept across re-clustering; feed back-off.
 */
import { describe, expect, it } from 'vitest';
import { readContent } from '../../src/features/osint/read-content.ts';
import { keepStoryIds } from '../../src/features/osint/story-ids.ts';
import { backoffMinutes } from '../../src/features/osint/feeds.service.ts';
import { addressAllowed } from '../../src/platform/net/safe-fetch.ts';
import * as F from './ingest-fixtures.ts';

const MAX = 1024 * 1024;
const read = (bytes: Buffer | string, contentType?: string) =>
  readContent(new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes) : bytes), {
    maxBytes: MAX,
    ...(contentType !== undefined ? { contentType } : {}),
  });

describe('reading a news file from its bytes', () => {
  it('tells HTML from plain text by content', async () => {
    expect((await read(F.CLASH_DAWN)).kind).toBe('html');
    expect((await read(F.MALFORMED_READABLE)).kind).toBe('html');
    expect((await read(F.CLASH_FOLLOW_UP)).kind).toBe('text');
    expect((await read('Just a line of text, 3 < 5 and a<b.')).kind).toBe('text');
  });

  it('decodes by byte-order mark, transport charset and meta tag', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(F.CRICKET, 'utf16le')]);
    expect(await read(utf16)).toMatchObject({ kind: 'text', charset: 'UTF-16LE' });
    expect((await read(utf16)).text.startsWith('Pakistan beat Sri Lanka')).toBe(true);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Kabul</p>')]);
    expect(await read(bom)).toMatchObject({ kind: 'html', charset: 'UTF-8' });
    // КПП "Торхам" in KOI8-R, declared in the page.
    const koi8 = Buffer.concat([
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body><p>',
      ),
      Buffer.from([0xeb, 0xf0, 0xf0, 0x20, 0xf4, 0xcf, 0xd2, 0xc8, 0xc1, 0xcd]),
      Buffer.from('</p></body></html>'),
    ]);
    const decoded = await read(koi8);
    expect(decoded.charset).toBe('KOI8-R');
    expect(decoded.text).toContain('КПП Торхам');
    // The transport's charset wins over the default; Shift_JIS "あ" is 0x82 0xa0.
    const sjis = Buffer.concat([
      Buffer.from('<p>'),
      Buffer.from([0x82, 0xa0]),
      Buffer.from('</p>'),
    ]);
    expect((await read(sjis, 'text/html; charset=Shift_JIS')).text).toContain('あ');
  });

  it('reads an undeclared page as UTF-8 when it is, else as windows-1252', async () => {
    expect((await read('<p>Café</p>')).charset).toBe('UTF-8');
    const latin1 = Buffer.from('<p>Café</p>', 'latin1');
    expect(await read(latin1)).toMatchObject({ charset: 'windows-1252', text: '<p>Café</p>' });
  });

  it('refuses text that is not UTF-8 and declares nothing', async () => {
    await expect(read(Buffer.from('Café on the border', 'latin1'))).rejects.toMatchObject({
      code: 'encoding',
      message: expect.stringMatching(/not UTF-8 and declares no character encoding/),
    });
    expect((await read(Buffer.from('Café', 'latin1'), 'text/plain; charset=latin1')).text).toBe(
      'Café',
    );
  });

  it('refuses an encoding no standard knows, unless the bytes are UTF-8 anyway', async () => {
    await expect(read(F.UNKNOWN_ENCODING)).rejects.toMatchObject({ code: 'encoding' });
    await expect(
      read(Buffer.from('Caf\xe9', 'latin1'), 'text/plain; charset=x-nope'),
    ).rejects.toThrow(/"x-nope", which is not a known encoding/);
    expect((await read('<p>Café</p>', 'text/html; charset=x-nope')).charset).toBe('UTF-8');
  });

  it.each([
    ['an ELF executable', F.ELF, /an ELF executable/],
    ['a ZIP archive', Buffer.from('504b0304140000000800', 'hex'), /a ZIP archive/],
    [
      'a PNG image',
      Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
      /image\/png; only HTML and plain text are read/,
    ],
    ['NUL bytes', Buffer.from('text\u0000with a NUL'), /binary data/],
  ])('refuses %s as binary', async (_what, bytes, reason) => {
    await expect(read(bytes)).rejects.toMatchObject({
      code: 'binary',
      message: expect.stringMatching(reason),
    });
  });

  it('refuses empty, blank and too large files', async () => {
    await expect(read(Buffer.alloc(0))).rejects.toMatchObject({ code: 'empty' });
    await expect(read('  \n\t ')).rejects.toMatchObject({ code: 'empty' });
    await expect(read(Buffer.alloc(MAX + 1, 'a'))).rejects.toMatchObject({ code: 'too_large' });
  });
});

describe('story ids across re-clustering', () => {
  let n = 0;
  const fresh = () => `new-${++n}`;

  it('keeps the id of the story a cluster overlaps most, each id once', () => {
    const previous = new Map([
      ['a', 'S1'],
      ['b', 'S1'],
      ['c', 'S1'],
      ['d', 'S2'],
    ]);
    // S1 split in two: the larger part keeps S1; S2 grew; a new cluster gets a new id.
    expect(keepStoryIds([['a', 'b'], ['c'], ['d', 'e'], ['f']], previous, fresh)).toEqual([
      'S1',
      'new-1',
      'S2',
      'new-2',
    ]);
    // Two stories merged: the merged one keeps the id of the larger.
    expect(keepStoryIds([['a', 'b', 'c', 'd']], previous, fresh)).toEqual(['S1']);
  });
});

describe('feed back-off and address checks', () => {
  it('doubles the wait with each failure, up to a day', () => {
    expect([0, 1, 2, 3, 10, 60].map((f) => backoffMinutes(30, f))).toEqual([
      30, 60, 120, 240, 1440, 1440,
    ]);
  });

  it('allows public unicast only, loopback on request', () => {
    expect(addressAllowed('93.184.215.14', false)).toBe(true);
    expect(addressAllowed('2606:2800:21f:cb07:6820:80da:af6b:8b2c', false)).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.3.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ])
      expect(addressAllowed(a, false), a).toBe(false);
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('::ffff:10.0.0.1', true)).toBe(false);
  });
});
