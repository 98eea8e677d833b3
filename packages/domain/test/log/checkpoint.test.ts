import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCheckpoint,
  LogFormatError,
  parseCheckpoint,
  parseSignedNote,
  verifyNote,
} from '../../src/log/index.ts';
import { b64, ed25519, hasControlCharacter, toHex, unb64 } from './crypto-helpers.ts';

/* The example checkpoint of C2SP tlog-checkpoint (tlog-checkpoint.md). */
const SPEC_BODY =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_NOTE =
  `${SPEC_BODY}\n` +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

const ROOT = new Uint8Array(32).fill(7);

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (error instanceof LogFormatError) return error.code;
    throw error;
  }
}

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  it('parses and re-formats the spec example', () => {
    const checkpoint = parseCheckpoint(SPEC_BODY);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.treeSize).toBe(20852163);
    expect(toHex(checkpoint.rootHash)).toBe(
      toHex(unb64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=')),
    );
    expect(checkpoint.rootHash).toHaveLength(32);
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(SPEC_BODY);
  });

  it('reads the spec example as a signed note whose signature is ignored without its key', () => {
    const note = parseSignedNote(SPEC_NOTE);
    expect(note.text).toBe(SPEC_BODY);
    expect(note.signatures[0]).toMatchObject({
      name: 'example.com/behind-the-sofa',
      keyId: 0x033de0ae,
    });
    expect(note.signatures[0]!.signature).toHaveLength(64);
    expect(() => verifyNote(SPEC_NOTE, [], ed25519)).toThrow('no signature by a known key');
  });

  it('formats extension lines and the empty tree', () => {
    const text = formatCheckpoint({
      origin: 'log',
      treeSize: 0,
      rootHash: ROOT,
      extensions: ['ext one', 'ext two'],
    });
    expect(text).toBe(`log\n0\n${b64(ROOT)}\next one\next two\n`);
    expect(parseCheckpoint(text).extensions).toEqual(['ext one', 'ext two']);
  });

  it('rejects malformed checkpoints', () => {
    const root = b64(ROOT);
    const bad = [
      `log\n1\n${root}`, // no final newline
      `log\n1\n`, // two lines
      `\n1\n${root}\n`, // empty origin
      `log\n01\n${root}\n`, // leading zero
      `log\n+1\n${root}\n`,
      `log\n-1\n${root}\n`,
      `log\n 1\n${root}\n`,
      `log\n1e3\n${root}\n`,
      `log\n0x10\n${root}\n`,
      `log\n9007199254740992\n${root}\n`, // 2^53
      `log\n1\n${b64(new Uint8Array(31))}\n`, // short root
      `log\n1\n${b64(ROOT).slice(0, -1)}\n`, // not base64
      `log\n1\n${root.slice(0, -2)}9=\n`, // stray bits: not canonical base64
      `log\n1\n${root}\n\n`, // empty extension line
      `log\n1\n${root}\n\next\n`,
      `log\r\n1\r\n${root}\r\n`,
      `lo\u0000g\n1\n${root}\n`,
    ];
    for (const text of bad) {
      expect(
        codeOf(() => parseCheckpoint(text)),
        JSON.stringify(text),
      ).toBe('malformed_checkpoint');
    }
    for (const input of [
      { origin: '', treeSize: 1, rootHash: ROOT },
      { origin: 'a\nb', treeSize: 1, rootHash: ROOT },
      { origin: 'log', treeSize: -1, rootHash: ROOT },
      { origin: 'log', treeSize: 1.5, rootHash: ROOT },
      { origin: 'log', treeSize: 2 ** 53, rootHash: ROOT },
      { origin: 'log', treeSize: 1, rootHash: new Uint8Array(33) },
      { origin: 'log', treeSize: 1, rootHash: ROOT, extensions: [''] },
    ]) {
      expect(
        codeOf(() => formatCheckpoint(input)),
        JSON.stringify(input),
      ).toBe('malformed_checkpoint');
    }
  });

  it('parse undoes format', () => {
    const line = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => !hasControlCharacter(s));
    fc.assert(
      fc.property(
        line,
        fc.maxSafeNat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(line, { maxLength: 3 }),
        (origin, treeSize, rootHash, extensions) => {
          const text = formatCheckpoint({ origin, treeSize, rootHash, extensions });
          const parsed = parseCheckpoint(text);
          expect(parsed.origin).toBe(origin);
          expect(parsed.treeSize).toBe(treeSize);
          expect(toHex(parsed.rootHash)).toBe(toHex(rootHash));
          expect(parsed.extensions).toEqual(extensions);
          expect(formatCheckpoint(parsed)).toBe(text);
        },
      ),
    );
  });
});
