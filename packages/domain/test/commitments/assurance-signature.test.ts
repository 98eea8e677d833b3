import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ED25519_SPKI_PREFIX,
  assuranceStatementText,
  canonicalJson,
  checkCommitmentStatement,
  isSmallOrderKey,
  keyFingerprint,
  parseAssuranceStatement,
  parseEd25519PublicKey,
  parseEd25519Signature,
  signedTextBytes,
  verifyAssurance,
  verifySignedBytes,
  verifySignedText,
} from '../../src/index.ts';
import {
  b64,
  concat,
  ed25519,
  fromHex,
  sha256,
  signerFromSeed,
  toHex,
} from '../log/crypto-helpers.ts';

// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte, 0x72).
const RFC8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];

/** An SPKI PEM of a raw key, with 64-character lines as OpenSSL writes them. */
function pem(
  raw: Uint8Array,
  label = 'PUBLIC KEY',
  prefix: Uint8Array = ED25519_SPKI_PREFIX,
): string {
  const body = b64(concat(prefix, raw));
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const encoder = new TextEncoder();
const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('Ed25519 verification of assurances', () => {
  it('known answers: RFC 8032 test vectors 1 and 2', () => {
    for (const v of RFC8032) {
      const key = fromHex(v.publicKey);
      const message = fromHex(v.message);
      const signature = fromHex(v.signature);
      expect(verifySignedBytes(ed25519, b64(key), message, b64(signature))).toMatchObject({
        valid: true,
      });
      expect(verifySignedBytes(ed25519, pem(key), message, b64(signature)).valid).toBe(true);
      expect(verifySignedBytes(ed25519, key, message, signature).valid).toBe(true);
      // The same seed signs deterministically to the same answer.
      const signer = signerFromSeed(fromHex(v.seed));
      expect(toHex(signer.publicKey)).toBe(v.publicKey);
      expect(toHex(signer.signEd25519(message))).toBe(v.signature);
      // One more byte, or one byte less, and it no longer verifies.
      expect(
        verifySignedBytes(ed25519, key, concat(message, Uint8Array.of(0)), signature),
      ).toMatchObject({ valid: false, problem: 'signature_mismatch', input: 'signature' });
    }
    // TEST 1 with the text API: the empty string is the empty message.
    const t1 = RFC8032[0]!;
    expect(
      verifySignedText(ed25519, b64(fromHex(t1.publicKey)), '', b64(fromHex(t1.signature))),
    ).toMatchObject({ valid: true });
  });

  it('property: flipping any bit of any byte of the signed bytes breaks the signature', () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (seed, message, at, xor) => {
          const signer = signerFromSeed(seed);
          const signature = signer.signEd25519(message);
          expect(verifySignedBytes(ed25519, signer.publicKey, message, signature).valid).toBe(true);
          const changed = message.slice();
          changed[at % changed.length]! ^= xor;
          expect(verifySignedBytes(ed25519, signer.publicKey, changed, signature)).toMatchObject({
            valid: false,
            problem: 'signature_mismatch',
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: any change to a signed text breaks the signature', () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        (seed, text, other) => {
          fc.pre(text !== other);
          const signer = signerFromSeed(seed);
          const signature = b64(signer.signEd25519(encoder.encode(text)));
          const key = b64(signer.publicKey);
          expect(verifySignedText(ed25519, key, text, signature).valid).toBe(true);
          expect(verifySignedText(ed25519, key, other, signature).valid).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: a wrong key, or any flipped bit of the signature, never verifies', () => {
    fc.assert(
      fc.property(
        seedArb,
        seedArb,
        fc.uint8Array({ maxLength: 100 }),
        fc.nat({ max: 511 }),
        (seedA, seedB, message, bit) => {
          fc.pre(toHex(seedA) !== toHex(seedB));
          const a = signerFromSeed(seedA);
          const b = signerFromSeed(seedB);
          const signature = a.signEd25519(message);
          expect(verifySignedBytes(ed25519, b.publicKey, message, signature).valid).toBe(false);
          const flipped = signature.slice();
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          expect(verifySignedBytes(ed25519, a.publicKey, message, flipped).valid).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads keys as raw base64 or SPKI PEM, and names them by the SHA-256 of the raw key', () => {
    const key = fromHex(RFC8032[0]!.publicKey);
    const fromB64 = parseEd25519PublicKey(b64(key));
    const fromPem = parseEd25519PublicKey(pem(key));
    const crlf = parseEd25519PublicKey(pem(key).replace(/\n/g, '\r\n'));
    for (const parsed of [fromB64, fromPem, crlf]) {
      expect(parsed.ok && toHex(parsed.value)).toBe(RFC8032[0]!.publicKey);
    }
    expect(keyFingerprint(sha256, key)).toBe(toHex(sha256.sha256(key)));
    expect(keyFingerprint(sha256, key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses malformed keys with a message', () => {
    const key = fromHex(RFC8032[0]!.publicKey);
    const x25519Prefix = fromHex('302a300506032b656e032100');
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['not a key!', /neither base64/],
      [b64(key.slice(0, 31)), /31 bytes/],
      [b64(concat(key, Uint8Array.of(1))), /33 bytes/],
      [b64(key).replace(/=$/, ''), /neither base64/],
      [pem(key, 'PRIVATE KEY'), /private key/],
      [pem(key, 'CERTIFICATE'), /not a "PUBLIC KEY"/],
      [pem(key, 'PUBLIC KEY', x25519Prefix), /not an Ed25519 public key/],
      [pem(key).replace('-----END PUBLIC KEY-----', ''), /not a well-formed PEM/],
      [b64(new Uint8Array(32)), /weak/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseEd25519PublicKey(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message, text).toMatch(message);
      const check = verifySignedBytes(ed25519, text, new Uint8Array(), new Uint8Array(64));
      expect(check).toMatchObject({ valid: false, input: 'publicKey' });
    }
    expect(
      verifySignedBytes(ed25519, key.slice(1), new Uint8Array(), new Uint8Array(64)),
    ).toMatchObject({ valid: false, problem: 'malformed_key' });
  });

  it('refuses keys of small order, with which signatures can be forged', () => {
    const identity = fromHex(`01${'00'.repeat(31)}`);
    expect(isSmallOrderKey(identity)).toBe(true);
    // Why: with the identity as the key, (R = identity, S = 0) "verifies" for every message.
    const forged = concat(identity, new Uint8Array(32));
    for (const m of ['I never said this', 'nor this']) {
      expect(ed25519.verifyEd25519(identity, encoder.encode(m), forged)).toBe(true);
      expect(verifySignedText(ed25519, identity, m, forged)).toMatchObject({
        valid: false,
        problem: 'weak_key',
      });
    }
    // The sign bit does not make a different point of small order.
    const signBit = identity.slice();
    signBit[31]! |= 0x80;
    expect(isSmallOrderKey(signBit)).toBe(true);
    expect(isSmallOrderKey(fromHex(RFC8032[0]!.publicKey))).toBe(false);
  });

  it('refuses malformed signatures and texts', () => {
    const key = b64(fromHex(RFC8032[0]!.publicKey));
    for (const sig of ['', '***', b64(new Uint8Array(63)), b64(new Uint8Array(65))]) {
      expect(parseEd25519Signature(sig).ok).toBe(false);
      expect(verifySignedText(ed25519, key, 'x', sig)).toMatchObject({
        valid: false,
        problem: 'malformed_signature',
        input: 'signature',
      });
    }
    expect(verifySignedText(ed25519, key, 'a\ud800b', b64(new Uint8Array(64)))).toMatchObject({
      valid: false,
      problem: 'malformed_text',
      input: 'text',
    });
    expect(signedTextBytes('a\ud800')).toBeUndefined();
    expect(signedTextBytes('سلام')).toEqual(encoder.encode('سلام'));
  });
});

describe('assurances over time: a key revoked later keeps what it signed before', () => {
  const signer = signerFromSeed(fromHex(RFC8032[1]!.seed));
  const text = 'Pakistan will reopen Torkham to trade on 20 November.';
  const signature = b64(signer.signEd25519(encoder.encode(text)));
  const t = (iso: string) => new Date(iso);
  const assurance = {
    signedText: text,
    signature,
    organisationId: 'org-pk',
    submittedAt: t('2025-11-10T09:00:00Z'),
  };
  const key = { publicKey: b64(signer.publicKey), organisationId: 'org-pk', revokedAt: null };

  it('is valid with a live key, and with a key revoked after the submission', () => {
    expect(verifyAssurance(ed25519, assurance, key)).toMatchObject({ valid: true, reasons: [] });
    expect(
      verifyAssurance(ed25519, assurance, { ...key, revokedAt: t('2025-11-10T09:00:00.001Z') }),
    ).toMatchObject({ valid: true, revokedBeforeSubmission: false });
  });

  it('is invalid when the key was revoked at or before the submission', () => {
    for (const revokedAt of ['2025-11-10T09:00:00Z', '2025-11-01T00:00:00Z']) {
      expect(
        verifyAssurance(ed25519, assurance, { ...key, revokedAt: t(revokedAt) }),
      ).toMatchObject({
        valid: false,
        reasons: ['revoked_before_submission'],
        revokedBeforeSubmission: true,
      });
    }
  });

  it("is invalid for another party's key, a changed text or a wrong key", () => {
    expect(
      verifyAssurance(ed25519, assurance, { ...key, organisationId: 'org-af' }).reasons,
    ).toEqual(['key_of_another_party']);
    expect(verifyAssurance(ed25519, { ...assurance, signedText: `${text} ` }, key).reasons).toEqual(
      ['signature_mismatch'],
    );
    const other = signerFromSeed(fromHex(RFC8032[0]!.seed));
    expect(
      verifyAssurance(ed25519, assurance, { ...key, publicKey: other.publicKey }).reasons,
    ).toEqual(['signature_mismatch']);
  });

  it('property: valid exactly when the key was not revoked by the time of submission', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 })),
        (submitted, revoked) => {
          const base = Date.UTC(2025, 10, 1);
          const verdict = verifyAssurance(
            ed25519,
            { ...assurance, submittedAt: new Date(base + submitted) },
            { ...key, revokedAt: revoked === null ? null : new Date(base + revoked) },
          );
          expect(verdict.valid).toBe(revoked === null || revoked > submitted);
        },
      ),
    );
  });
});

describe('assurance statements on a commitment', () => {
  const commitment = { id: '6f1c7a56-54d5-4c8e-9d51-0d0e1b4a6b1f', text: 'Torkham reopens.' };
  const statement = {
    commitmentId: commitment.id,
    text: commitment.text,
    statement: 'Islamabad gives its word.',
    signedAt: '2025-11-10T09:00:00Z',
  };
  const now = new Date('2025-11-10T10:00:00Z');

  it('signs the canonical JSON of {commitmentId, text, statement, signedAt}', () => {
    const text = assuranceStatementText(statement);
    expect(text).toBe(canonicalJson(statement));
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'commitmentId',
      'signedAt',
      'statement',
      'text',
    ]);
    expect(parseAssuranceStatement(text)).toEqual({ ok: true, value: statement });
    expect(checkCommitmentStatement(text, commitment, now)).toEqual([]);
  });

  it('property: every statement reads back as itself', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 50 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }),
        (text, words) => {
          fc.pre(words.trim().length > 0);
          const s = { ...statement, text, statement: words };
          expect(parseAssuranceStatement(assuranceStatementText(s))).toEqual({
            ok: true,
            value: s,
          });
        },
      ),
    );
  });

  it('refuses what is not exactly a canonical statement on this commitment', () => {
    const canonical = assuranceStatementText(statement);
    const refused: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[]', /not a JSON object/],
      [JSON.stringify(statement, null, 2), /canonical/],
      [
        JSON.stringify({
          text: statement.text,
          commitmentId: statement.commitmentId,
          statement: statement.statement,
          signedAt: statement.signedAt,
        }),
        /canonical/,
      ],
      [canonicalJson({ ...statement, extra: 1 }), /exactly/],
      [canonicalJson({ ...statement, statement: 5 }), /not text/],
      [canonicalJson({ ...statement, statement: ' ' }), /blank statement/],
      [canonicalJson({ ...statement, signedAt: 'yesterday' }), /RFC 3339/],
    ];
    for (const [text, message] of refused) {
      const problems = checkCommitmentStatement(text, commitment, now);
      expect(problems.join('; '), text).toMatch(message);
    }
    expect(
      checkCommitmentStatement(canonical, { ...commitment, id: 'another' }, now).join(),
    ).toMatch(/another commitment/);
    expect(
      checkCommitmentStatement(canonical, { ...commitment, text: 'Other' }, now).join(),
    ).toMatch(/differs/);
    expect(
      checkCommitmentStatement(canonical, commitment, new Date('2025-11-09T00:00:00Z')).join(),
    ).toMatch(/future/);
  });
});
