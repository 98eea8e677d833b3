import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ed25519NoteSigner,
  ed25519VerifierKey,
  formatSignedNote,
  formatVerifierKey,
  isValidKeyName,
  LogFormatError,
  NoteVerificationError,
  parseSignedNote,
  parseVerifierKey,
  signNote,
  verifyNote,
  type NoteSignature,
  type NoteVerifierKey,
  type SignedNote,
} from '../../src/log/index.ts';
import {
  b64,
  concat,
  ed25519,
  flipBit,
  hasControlCharacter,
  sha256,
  signerFromSeed,
  toHex,
  unb64,
} from './crypto-helpers.ts';

/*
 * Known answers from the Go reference implementation of signed notes, golang.org/x/mod
 * sumdb/note/note_test.go (TestNewVerifier, TestSign, TestOpen):
 * https://github.com/golang/mod/blob/master/sumdb/note/note_test.go
 */
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/*
 * The example of C2SP signed-note (signed-note.md): its key is not published, so it can only be
 * parsed, and its signature ignored as unknown. Its text holds a blank line of its own.
 */
const QUASIMODO_NOTE =
  'Ognuno sta solo sul cuor della terra\n' +
  'trafitto da un raggio di sole:\n' +
  '\n' +
  'ed è subito sera.\n' +
  '\n' +
  '\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

const peter = parseVerifierKey(sha256, PETER_VKEY);
const enoch = parseVerifierKey(sha256, ENOCH_VKEY);

/** Go's string offsets are in UTF-8 bytes; the em dash is 3 bytes but one UTF-16 unit. */
function insertAtByte(line: string, byteOffset: number, text: string): string {
  const at = byteOffset - 2;
  return line.slice(0, at) + text + line.slice(at);
}

function errorOf(run: () => unknown): string {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (error instanceof LogFormatError || error instanceof NoteVerificationError)
      return error.code;
    throw error;
  }
}

describe('verifier keys', () => {
  it('parses and re-formats the Go reference keys, checking their key IDs', () => {
    expect(peter).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, type: 0x01 });
    expect(peter.publicKey).toHaveLength(32);
    expect(formatVerifierKey(peter)).toBe(PETER_VKEY);
    expect(enoch).toMatchObject({ name: 'EnochRoot', keyId: 0xaf0cfe78, type: 0x01 });
    expect(formatVerifierKey(enoch)).toBe(ENOCH_VKEY);
    expect(ed25519VerifierKey(sha256, 'PeterNeumann', peter.publicKey)).toEqual(peter);
  });

  // TestNewVerifier: every proper substring and every single-character change is refused.
  it('refuses every mangling of a key', () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        expect(errorOf(() => parseVerifierKey(sha256, PETER_VKEY.slice(i, j)))).toBe(
          'malformed_verifier_key',
        );
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed =
        PETER_VKEY.slice(0, i) +
        String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) +
        PETER_VKEY.slice(i + 1);
      expect(errorOf(() => parseVerifierKey(sha256, changed))).toBe('malformed_verifier_key');
    }
    // Wrong key length and unknown algorithm, each with a key ID adjusted to match.
    for (const bad of [
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
      'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    ]) {
      expect(errorOf(() => parseVerifierKey(sha256, bad))).toBe('malformed_verifier_key');
    }
  });

  it('validates key names as the spec says', () => {
    for (const good of ['PeterNeumann', 'example.com/log42', 'oid/1.3.6.1', 'ünïcödé/ключ']) {
      expect(isValidKeyName(good)).toBe(true);
    }
    for (const bad of [
      '',
      'a b',
      'a+b',
      'a\tb',
      'a\u00a0b',
      'a\u2003b',
      'a\u3000b',
      'a\u0001b',
      '\ud800',
    ]) {
      expect(isValidKeyName(bad)).toBe(false);
    }
  });
});

describe('signing notes', () => {
  // TestSign: Ed25519 is deterministic, so signing with Go's test key gives Go's exact note.
  it('signs the Go reference note byte for byte', () => {
    // PRIVATE+KEY+<name>+<key ID>+<base64(0x01 ‖ seed)>; the base64 may itself hold a '+'.
    const encoded = unb64(PETER_SKEY.split('+').slice(4).join('+'));
    expect(encoded[0]).toBe(0x01);
    const signer = signerFromSeed(encoded.slice(1));
    expect(toHex(signer.publicKey)).toBe(toHex(peter.publicKey));
    const noteSigner = ed25519NoteSigner(sha256, 'PeterNeumann', signer);
    expect(noteSigner.keyId).toBe(0xc74f20a3);
    expect(signNote(TEXT, [noteSigner])).toBe(`${TEXT}\n${PETER_SIG}`);
    // An existing signature by the same key is replaced.
    const stale: NoteSignature = {
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
      signature: new Uint8Array(64),
    };
    expect(signNote(TEXT, [noteSigner], [stale])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('refuses texts without a final newline and bad names', () => {
    const signer = ed25519NoteSigner(sha256, 'PeterNeumann', signerFromSeed(new Uint8Array(32)));
    expect(errorOf(() => signNote('abc', [signer]))).toBe('malformed_note');
    expect(errorOf(() => signNote('a\u0007b\n', [signer]))).toBe('malformed_note');
    expect(errorOf(() => signNote(TEXT, []))).toBe('malformed_note');
    expect(
      errorOf(() =>
        formatSignedNote({
          text: TEXT,
          signatures: [{ name: 'a+b', keyId: 1, signature: new Uint8Array(1) }],
        }),
      ),
    ).toBe('malformed_note');
  });
});

describe('opening notes', () => {
  const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it('verifies the known keys and ignores the unknown ones (TestOpen)', () => {
    const one = verifyNote(note, [peter], ed25519);
    expect(one.text).toBe(TEXT);
    expect(one.verified.map((v) => v.key)).toEqual([peter]);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);

    const both = verifyNote(new TextEncoder().encode(note), [peter, enoch], ed25519);
    expect(both.verified.map((v) => v.key.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);

    expect(errorOf(() => verifyNote(note, [], ed25519))).toBe('no_verified_signature');
  });

  it('refuses ambiguous keys only when a signature needs them', () => {
    expect(errorOf(() => verifyNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch], ed25519))).toBe(
      'ambiguous_key',
    );
    expect(
      verifyNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch], ed25519).verified,
    ).toHaveLength(1);
  });

  it('rejects the whole note when a known key’s signature fails', () => {
    const bad = insertAtByte(PETER_SIG, 60, 'ABCD');
    expect(errorOf(() => verifyNote(`${TEXT}\n${bad}`, [peter], ed25519))).toBe(
      'invalid_signature',
    );
    const flipped = parseSignedNote(note);
    const tampered = formatSignedNote({
      text: flipped.text,
      signatures: [
        { ...flipped.signatures[0]!, signature: flipBit(flipped.signatures[0]!.signature, 9) },
      ],
    });
    expect(errorOf(() => verifyNote(tampered, [peter], ed25519))).toBe('invalid_signature');
  });

  it('drops duplicate signatures', () => {
    const enochAbcd = insertAtByte(ENOCH_SIG, 60, 'ABCD');
    const opened = verifyNote(
      `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochAbcd}`,
      [peter],
      ed25519,
    );
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(2);
    expect(opened.unverified[1]!.signature).toHaveLength(67);
  });

  it('rejects malformed notes', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
      `${TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n`,
      `${TEXT}\n\u2014 PeterNeumann AAAA\n`,
      `${TEXT}\n\u2014 PeterNeumann  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`,
      `${TEXT}\n${PETER_SIG}\n`,
    ];
    for (const note of bad) {
      expect(
        errorOf(() => verifyNote(note, [peter], ed25519)),
        JSON.stringify(note),
      ).toBe('malformed_note');
    }
    // Bytes that are not UTF-8.
    const bytes = concat(Uint8Array.of(0xff), new TextEncoder().encode(`${TEXT}\n${PETER_SIG}`));
    expect(errorOf(() => parseSignedNote(bytes))).toBe('malformed_note');
  });

  it('parses the C2SP example, splitting at the last blank line, and ignores its unknown key', () => {
    const parsed = parseSignedNote(QUASIMODO_NOTE);
    expect(parsed.text).toBe(
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n',
    );
    expect(parsed.signatures).toHaveLength(1);
    expect(parsed.signatures[0]!.name).toBe('quasimodo.example/salvatore');
    expect(parsed.signatures[0]!.signature).toHaveLength(64);
    expect(formatSignedNote(parsed)).toBe(QUASIMODO_NOTE);
    expect(errorOf(() => verifyNote(QUASIMODO_NOTE, [peter, enoch], ed25519))).toBe(
      'no_verified_signature',
    );
  });
});

const nameArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((s) => isValidKeyName(s));
const lineArb = fc
  .string({ unit: 'grapheme', maxLength: 30 })
  .filter((s) => !hasControlCharacter(s));
const textArb = fc
  .array(lineArb, { minLength: 1, maxLength: 6 })
  .map((lines) => lines.map((l) => `${l}\n`).join(''));
const signatureArb: fc.Arbitrary<NoteSignature> = fc.record({
  name: nameArb,
  keyId: fc.integer({ min: 0, max: 0xffffffff }),
  signature: fc.uint8Array({ minLength: 1, maxLength: 80 }),
});

describe('note properties', () => {
  it('parse undoes format', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.array(signatureArb, { minLength: 1, maxLength: 5 }),
        (text, signatures) => {
          const note: SignedNote = { text, signatures };
          const parsed = parseSignedNote(formatSignedNote(note));
          expect(parsed.text).toBe(text);
          expect(parsed.signatures.map((s) => [s.name, s.keyId, b64(s.signature)])).toEqual(
            signatures.map((s) => [s.name, s.keyId, b64(s.signature)]),
          );
        },
      ),
    );
  });

  it('a signed note verifies, and any change to its text makes it fail', () => {
    fc.assert(
      fc.property(
        textArb,
        nameArb,
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat(),
        fc.constantFrom('x', '\n', '', 'é', '\u2014'),
        (text, name, seed, positionSeed, replacement) => {
          const signer = signerFromSeed(seed);
          const key: NoteVerifierKey = ed25519VerifierKey(sha256, name, signer.publicKey);
          const note = signNote(text, [ed25519NoteSigner(sha256, name, signer)]);
          const opened = verifyNote(note, [key], ed25519);
          expect(opened.text).toBe(text);
          expect(opened.verified[0]!.key).toBe(key);

          // Replace (or delete) one character of the text, or of the blank line after it.
          const position = positionSeed % (text.length + 1);
          const changed = note.slice(0, position) + replacement + note.slice(position + 1);
          if (changed === note) return;
          expect(errorOf(() => verifyNote(changed, [key], ed25519))).not.toBe('passed');
        },
      ),
    );
  });
});
