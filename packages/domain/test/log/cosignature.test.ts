import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeKeyId,
  cosignatureMessage,
  cosignatureNoteSigner,
  cosignerVerifierKey,
  decodeCosignature,
  decodeTimestampedSignature,
  ed25519NoteSigner,
  ed25519VerifierKey,
  encodeCosignature,
  formatCheckpoint,
  formatSignedNote,
  formatVerifierKey,
  LogFormatError,
  NoteVerificationError,
  parseSignedNote,
  parseVerifierKey,
  signNote,
  verifyNote,
} from '../../src/log/index.ts';
import { ed25519, flipBit, sha256, signerFromSeed, toHex, unb64 } from './crypto-helpers.ts';

/* The example of C2SP tlog-cosignature (tlog-cosignature.md): a checkpoint with a log signature and
 * a witness cosignature, and the message signed for it at time 1679315147. */
const BODY =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const COSIGNED =
  `${BODY}\n` +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';
const SPEC_MESSAGE =
  'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

const logSigner = signerFromSeed(new Uint8Array(32).fill(1));
const witnessSigner = signerFromSeed(new Uint8Array(32).fill(2));
const logKey = ed25519VerifierKey(sha256, 'example.org/log', logSigner.publicKey);
const witnessKey = cosignerVerifierKey(sha256, 'witness.example.org/w1', witnessSigner.publicKey);
const body = formatCheckpoint({
  origin: 'example.org/log',
  treeSize: 42,
  rootHash: new Uint8Array(32).fill(9),
});

function logSigned(): string {
  return signNote(body, [ed25519NoteSigner(sha256, 'example.org/log', logSigner)]);
}
function cosign(note: string, timestamp: number): string {
  const parsed = parseSignedNote(note);
  return signNote(
    parsed.text,
    [cosignatureNoteSigner(sha256, witnessKey.name, witnessSigner, timestamp)],
    parsed.signatures,
  );
}

describe('cosignature/v1 (C2SP tlog-cosignature)', () => {
  it('decodes the witness line of the spec example', () => {
    const note = parseSignedNote(COSIGNED);
    const witness = note.signatures[1]!;
    expect(witness.name).toBe('witness.example.com/w1');
    const { timestamp, signature } = decodeTimestampedSignature(witness.signature);
    expect(timestamp).toBe(1679315147); // the time of the spec's signed-message example
    expect(signature).toHaveLength(64);
    const whole = decodeCosignature(unb64(COSIGNED.split('\n').at(-2)!.split(' ').at(-1)!));
    expect(whole.keyId).toBe(witness.keyId);
    expect(whole.timestamp).toBe(1679315147);
    expect(toHex(encodeCosignature(whole))).toBe(
      toHex(unb64(COSIGNED.split('\n').at(-2)!.split(' ').at(-1)!)),
    );
  });

  it('builds the spec example signed message', () => {
    expect(new TextDecoder().decode(cosignatureMessage(BODY, 1679315147))).toBe(SPEC_MESSAGE);
  });

  it('uses signature type 0x04 in key IDs and verifier keys', () => {
    expect(witnessKey.type).toBe(0x04);
    expect(witnessKey.keyId).toBe(
      computeKeyId(sha256, witnessKey.name, 0x04, witnessSigner.publicKey),
    );
    expect(witnessKey.keyId).not.toBe(
      computeKeyId(sha256, witnessKey.name, 0x01, witnessSigner.publicKey),
    );
    const vkey = formatVerifierKey(witnessKey);
    expect(vkey.split('+')[2]!.startsWith('B')).toBe(true); // base64 of a leading 0x04 byte
    expect(parseVerifierKey(sha256, vkey)).toEqual(witnessKey);
  });

  it('verifies a log signature and a cosignature together', () => {
    const note = cosign(logSigned(), 1_700_000_000);
    const opened = verifyNote(note, [logKey, witnessKey], ed25519);
    expect(opened.text).toBe(body);
    expect(opened.verified.map((v) => [v.key.name, v.timestamp])).toEqual([
      ['example.org/log', undefined],
      ['witness.example.org/w1', 1_700_000_000],
    ]);
    // The witness's Ed25519 key under type 0x01 has another key ID: its line is ignored.
    const asPlain = ed25519VerifierKey(sha256, witnessKey.name, witnessSigner.publicKey);
    expect(verifyNote(note, [logKey, asPlain], ed25519).unverified).toHaveLength(1);
  });

  it('rejects a cosignature whose timestamp, signature or text was changed', () => {
    const note = parseSignedNote(cosign(logSigned(), 1_700_000_000));
    const [logLine, witnessLine] = note.signatures;
    const invalid = (signature: Uint8Array, text = note.text) => {
      const tampered = formatSignedNote({
        text,
        signatures: [logLine!, { ...witnessLine!, signature }],
      });
      try {
        verifyNote(tampered, [witnessKey], ed25519);
        return 'passed';
      } catch (error) {
        return error instanceof NoteVerificationError ? error.code : String(error);
      }
    };
    expect(invalid(witnessLine!.signature)).toBe('passed');
    expect(invalid(flipBit(witnessLine!.signature, 60))).toBe('invalid_signature'); // timestamp
    expect(invalid(flipBit(witnessLine!.signature, 8 * 20))).toBe('invalid_signature'); // signature
    expect(invalid(witnessLine!.signature.slice(0, 71))).toBe('invalid_signature'); // short
    expect(invalid(witnessLine!.signature, note.text.replace('42', '43'))).toBe(
      'invalid_signature',
    );
  });

  it('encodes and decodes cosignatures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.maxSafeNat(),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (keyId, timestamp, signature) => {
          const decoded = decodeCosignature(encodeCosignature({ keyId, timestamp, signature }));
          expect(decoded).toEqual({ keyId, timestamp, signature });
        },
      ),
    );
    expect(() => decodeCosignature(new Uint8Array(75))).toThrow(LogFormatError);
    expect(() => decodeTimestampedSignature(new Uint8Array(73))).toThrow(LogFormatError);
    const huge = new Uint8Array(72);
    huge[1] = 0x20; // timestamp 2^53
    expect(() => decodeTimestampedSignature(huge)).toThrow(LogFormatError);
    expect(() =>
      encodeCosignature({ keyId: 1, timestamp: -1, signature: new Uint8Array(64) }),
    ).toThrow(RangeError);
  });
});
