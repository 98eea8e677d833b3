import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  encodeUtf8,
  isWellFormedString,
  readUint64BE,
  uint64BE,
} from '../../src/log/bytes.ts';
import { toHex } from './crypto-helpers.ts';

// The platform's own codecs as references: btoa for base64, TextEncoder and a fatal TextDecoder
// for UTF-8.
const binary = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function platformDecode(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

describe('base64 (RFC 4648 §4), canonical only', () => {
  it('encodes as the platform does and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(btoa(binary(bytes)));
        expect(toHex(decodeBase64(text)!)).toBe(toHex(bytes));
      }),
    );
  });

  it('accepts a string only if it is the encoding of what it decodes to', () => {
    const char = fc.constantFrom(...'AB/+Qgw09az=');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        const decoded = decodeBase64(text);
        if (decoded !== undefined) expect(encodeBase64(decoded)).toBe(text);
      }),
    );
    for (const bad of [
      'A',
      'AB',
      'ABC',
      'AB=',
      'A===',
      'AB=A',
      'AR==',
      'ABD=',
      'AB C',
      'AB-_',
      '====',
    ]) {
      expect(decodeBase64(bad), bad).toBeUndefined();
    }
    expect(toHex(decodeBase64('AQ==')!)).toBe('01');
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });
});

describe('UTF-8, strict', () => {
  it('encodes as the platform does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(isWellFormedString(text)).toBe(true);
        expect(toHex(encodeUtf8(text))).toBe(toHex(new TextEncoder().encode(text)));
        expect(decodeUtf8(encodeUtf8(text))).toBe(text);
      }),
    );
  });

  it('decodes exactly what a fatal TextDecoder decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        expect(decodeUtf8(bytes)).toBe(platformDecode(bytes));
      }),
      { numRuns: 2000 },
    );
    for (const hex of ['c080', 'e08080', 'eda080', 'f4908080', 'f8', '80', 'e282']) {
      const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
      expect(decodeUtf8(bytes), hex).toBeUndefined();
    }
  });

  it('refuses lone surrogates', () => {
    expect(isWellFormedString('a\ud800b')).toBe(false);
    expect(isWellFormedString('\udc00')).toBe(false);
    expect(isWellFormedString('\ud83d\ude00')).toBe(true);
    expect(() => encodeUtf8('\ud800')).toThrow(TypeError);
  });
});

describe('big-endian uint64', () => {
  it('round-trips safe integers and refuses larger ones', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(readUint64BE(uint64BE(n), 0)).toBe(n);
      }),
    );
    expect(toHex(uint64BE(1679315147))).toBe('00000000641850cb');
    expect(readUint64BE(Uint8Array.of(0, 0x20, 0, 0, 0, 0, 0, 0), 0)).toBeUndefined();
  });
});
