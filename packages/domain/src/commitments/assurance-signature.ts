/**
 * Written assurances: a text signed with a party's registered Ed25519 key (RFC 8032). The checks
 * are pure and take the signature verifier and the hasher by injection, so the server, the CLI and
 * the browser verify an assurance the same way.
 *
 * - Keys arrive as the raw 32-byte key in base64, or as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`);
 *   both are reduced to the raw key. Keys of small order are refused: with them a signature can be
 *   forged for many messages, so a party could later deny what it signed.
 * - A key is named by its fingerprint: the lowercase hex SHA-256 of the raw key.
 * - Signatures are 64 bytes in standard base64.
 * - The signed bytes are exactly the UTF-8 encoding of the text. An assurance on a commitment signs
 *   the RFC 8785 canonical JSON of `{commitmentId, text, statement, signedAt}`, where `text` is the
 *   commitment's text as recorded and `statement` the party's own words.
 * - A key revoked later does not invalidate what it signed before: an assurance is valid when its
 *   signature verifies and the key was not yet revoked when the assurance was submitted (the time
 *   of its log entry, which the log proves).
 */
import {
  bytesEqual,
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  encodeUtf8,
  isWellFormedString,
  toHex,
} from '../log/bytes.ts';
import type { Hasher, SignatureVerifier } from '../log/crypto.ts';
import { canonicalJson } from '../record/log-entry.ts';

export const ED25519_RAW_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows. */
export const ED25519_SPKI_PREFIX = Uint8Array.of(
  0x30,
  0x2a,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x03,
  0x21,
  0x00,
);

/**
 * Encodings of the points of small order (libsodium's list), compared without the sign bit:
 * 0 and 1 (orders 4 and 1), the two points of order 8, p-1 (order 2), and the non-canonical p and
 * p+1.
 */
const SMALL_ORDER_POINTS: readonly Uint8Array[] = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((hex) =>
  Uint8Array.from({ length: 32 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16)),
);

/** Whether a raw Ed25519 public key is a point of small order (a key anyone can forge for). */
export function isSmallOrderKey(key: Uint8Array): boolean {
  if (key.length !== ED25519_RAW_KEY_BYTES) return false;
  return SMALL_ORDER_POINTS.some((point) => {
    for (let i = 0; i < 31; i++) if (key[i] !== point[i]) return false;
    return (key[31]! & 0x7f) === point[31];
  });
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly weak?: true };

const PEM = /^-----BEGIN ([A-Z ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----$/;

/**
 * Reads an Ed25519 public key given as base64 of the raw 32 bytes or as an SPKI PEM, and returns
 * the raw key. Refuses anything else, private keys and keys of small order with a message.
 */
export function parseEd25519PublicKey(text: string): ParseResult<Uint8Array> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'is empty' };
  let raw: Uint8Array | undefined;
  if (trimmed.startsWith('-----BEGIN')) {
    const m = PEM.exec(trimmed);
    if (!m) return { ok: false, message: 'is not a well-formed PEM block' };
    if (m[1] !== 'PUBLIC KEY') {
      return {
        ok: false,
        message: m[1]!.includes('PRIVATE')
          ? 'is a private key: give only the public key'
          : `is a PEM "${m[1]!}", not a "PUBLIC KEY"`,
      };
    }
    const der = decodeBase64(m[2]!.replace(/[\r\n\t ]/g, ''));
    if (
      !der ||
      der.length !== ED25519_SPKI_PREFIX.length + ED25519_RAW_KEY_BYTES ||
      !bytesEqual(der.subarray(0, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)
    ) {
      return { ok: false, message: 'is not an Ed25519 public key (SPKI, RFC 8410)' };
    }
    raw = der.slice(ED25519_SPKI_PREFIX.length);
  } else {
    const bytes = decodeBase64(trimmed);
    if (!bytes) return { ok: false, message: 'is neither base64 nor a PEM public key' };
    if (bytes.length !== ED25519_RAW_KEY_BYTES) {
      return {
        ok: false,
        message: `is ${bytes.length} bytes; a raw Ed25519 public key is ${ED25519_RAW_KEY_BYTES}`,
      };
    }
    raw = bytes;
  }
  if (isSmallOrderKey(raw)) {
    return { ok: false, message: 'is a weak Ed25519 key (a point of small order)', weak: true };
  }
  return { ok: true, value: raw };
}

/** Reads a 64-byte Ed25519 signature in standard base64. */
export function parseEd25519Signature(text: string): ParseResult<Uint8Array> {
  const bytes = decodeBase64(text.trim());
  if (!bytes) return { ok: false, message: 'is not base64' };
  if (bytes.length !== ED25519_SIGNATURE_BYTES) {
    return {
      ok: false,
      message: `is ${bytes.length} bytes; an Ed25519 signature is ${ED25519_SIGNATURE_BYTES}`,
    };
  }
  return { ok: true, value: bytes };
}

/** How a key is named: the lowercase hex SHA-256 of the raw 32-byte key. */
export function keyFingerprint(hasher: Hasher, rawKey: Uint8Array): string {
  return toHex(hasher.sha256(rawKey));
}

/** Standard base64 of bytes (a raw key, a signature). */
export const toBase64 = (bytes: Uint8Array): string => encodeBase64(bytes);

/** The bytes an assurance signs: the text's UTF-8 encoding; undefined for lone surrogates. */
export function signedTextBytes(text: string): Uint8Array | undefined {
  return isWellFormedString(text) ? encodeUtf8(text) : undefined;
}

/** The text of signed bytes, when they are well-formed UTF-8. */
export function signedTextOf(bytes: Uint8Array): string | undefined {
  return decodeUtf8(bytes);
}

export type SignatureProblem =
  'malformed_key' | 'weak_key' | 'malformed_signature' | 'malformed_text' | 'signature_mismatch';

export type SignatureCheck =
  | { readonly valid: true; readonly publicKey: Uint8Array }
  | {
      readonly valid: false;
      readonly problem: SignatureProblem;
      /** Which input is at fault: how the API names the field. */
      readonly input: 'publicKey' | 'signature' | 'text';
      readonly message: string;
    };

/**
 * Whether `signature` is `publicKey`'s Ed25519 signature of exactly `message`. Key and signature
 * may be given as text (as parsed above) or as raw bytes.
 */
export function verifySignedBytes(
  verifier: SignatureVerifier,
  publicKey: string | Uint8Array,
  message: Uint8Array,
  signature: string | Uint8Array,
): SignatureCheck {
  let key: Uint8Array;
  if (typeof publicKey === 'string') {
    const parsed = parseEd25519PublicKey(publicKey);
    if (!parsed.ok) {
      return {
        valid: false,
        problem: parsed.weak ? 'weak_key' : 'malformed_key',
        input: 'publicKey',
        message: parsed.message,
      };
    }
    key = parsed.value;
  } else {
    if (publicKey.length !== ED25519_RAW_KEY_BYTES) {
      return {
        valid: false,
        problem: 'malformed_key',
        input: 'publicKey',
        message: `is ${publicKey.length} bytes; a raw Ed25519 public key is ${ED25519_RAW_KEY_BYTES}`,
      };
    }
    if (isSmallOrderKey(publicKey)) {
      return {
        valid: false,
        problem: 'weak_key',
        input: 'publicKey',
        message: 'is a weak Ed25519 key (a point of small order)',
      };
    }
    key = publicKey;
  }
  let sig: Uint8Array;
  if (typeof signature === 'string') {
    const parsed = parseEd25519Signature(signature);
    if (!parsed.ok) {
      return {
        valid: false,
        problem: 'malformed_signature',
        input: 'signature',
        message: parsed.message,
      };
    }
    sig = parsed.value;
  } else if (signature.length !== ED25519_SIGNATURE_BYTES) {
    return {
      valid: false,
      problem: 'malformed_signature',
      input: 'signature',
      message: `is ${signature.length} bytes; an Ed25519 signature is ${ED25519_SIGNATURE_BYTES}`,
    };
  } else {
    sig = signature;
  }
  if (!verifier.verifyEd25519(key, message, sig)) {
    return {
      valid: false,
      problem: 'signature_mismatch',
      input: 'signature',
      message: 'does not verify: the text is not exactly what this key signed',
    };
  }
  return { valid: true, publicKey: key };
}

/** {@link verifySignedBytes} over the UTF-8 encoding of `text`. */
export function verifySignedText(
  verifier: SignatureVerifier,
  publicKey: string | Uint8Array,
  text: string,
  signature: string | Uint8Array,
): SignatureCheck {
  const bytes = signedTextBytes(text);
  if (!bytes) {
    return {
      valid: false,
      problem: 'malformed_text',
      input: 'text',
      message: 'is not well-formed Unicode (it holds a lone surrogate)',
    };
  }
  return verifySignedBytes(verifier, publicKey, bytes, signature);
}

/** What a party signs to give a written assurance on a commitment. */
export interface AssuranceStatement {
  readonly commitmentId: string;
  /** The commitment's text, exactly as recorded. */
  readonly text: string;
  /** The party's own words. */
  readonly statement: string;
  /** RFC 3339 time of signing. */
  readonly signedAt: string;
}

const STATEMENT_KEYS = ['commitmentId', 'signedAt', 'statement', 'text'] as const;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The exact text to sign for a statement: its RFC 8785 canonical JSON. */
export function assuranceStatementText(statement: AssuranceStatement): string {
  return canonicalJson({
    commitmentId: statement.commitmentId,
    text: statement.text,
    statement: statement.statement,
    signedAt: statement.signedAt,
  });
}

/**
 * Reads a signed text as an assurance statement: it must be the canonical JSON of an object with
 * exactly `commitmentId`, `text`, `statement` and `signedAt`, all strings, `signedAt` RFC 3339.
 */
export function parseAssuranceStatement(signedText: string): ParseResult<AssuranceStatement> {
  let value: unknown;
  try {
    value = JSON.parse(signedText);
  } catch {
    return { ok: false, message: 'is not JSON: an assurance on a commitment signs a statement' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'is not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.length !== STATEMENT_KEYS.length || keys.some((k, i) => k !== STATEMENT_KEYS[i])) {
    return {
      ok: false,
      message: 'must hold exactly commitmentId, text, statement and signedAt',
    };
  }
  for (const k of STATEMENT_KEYS) {
    if (typeof record[k] !== 'string') return { ok: false, message: `has a ${k} that is not text` };
  }
  const statement = record as unknown as AssuranceStatement;
  if (statement.statement.trim().length === 0) {
    return { ok: false, message: 'has a blank statement' };
  }
  if (!RFC3339.test(statement.signedAt) || Number.isNaN(Date.parse(statement.signedAt))) {
    return { ok: false, message: 'has a signedAt that is not an RFC 3339 time' };
  }
  if (canonicalJson(record) !== signedText) {
    return {
      ok: false,
      message: 'is not in canonical form (RFC 8785): sign the canonical JSON exactly',
    };
  }
  return { ok: true, value: statement };
}

/** Most a statement's `signedAt` may be ahead of the receiving clock. */
export const SIGNED_AT_TOLERANCE_MS = 5 * 60 * 1000;

/** Every problem with a signed statement on this commitment; empty when it fits. */
export function checkCommitmentStatement(
  signedText: string,
  commitment: { readonly id: string; readonly text: string },
  now: Date,
): string[] {
  const parsed = parseAssuranceStatement(signedText);
  if (!parsed.ok) return [parsed.message];
  const problems: string[] = [];
  if (parsed.value.commitmentId !== commitment.id) {
    problems.push('names another commitment than body.commitmentId');
  }
  if (parsed.value.text !== commitment.text) {
    problems.push("quotes a text that differs from the commitment's recorded text");
  }
  if (Date.parse(parsed.value.signedAt) > now.getTime() + SIGNED_AT_TOLERANCE_MS) {
    problems.push('is signed at a time in the future');
  }
  return problems;
}

export type AssuranceInvalidReason =
  SignatureProblem | 'revoked_before_submission' | 'key_of_another_party';

export interface AssuranceVerdict {
  readonly valid: boolean;
  /** Why it is invalid; empty when valid. */
  readonly reasons: readonly AssuranceInvalidReason[];
  readonly signature: SignatureCheck;
  /** Whether the key was revoked at or before the assurance's submission. */
  readonly revokedBeforeSubmission: boolean;
}

/**
 * The verdict on a stored assurance: its signature must verify with the key, the key must belong
 * to the assurance's party, and the key must not have been revoked when the assurance was
 * submitted (a later revocation does not undo what it signed before).
 */
export function verifyAssurance(
  verifier: SignatureVerifier,
  a: {
    readonly signedText: string;
    readonly signature: string;
    readonly organisationId: string;
    /** When the assurance was submitted: the time of its log entry. */
    readonly submittedAt: Date;
  },
  key: {
    readonly publicKey: string | Uint8Array;
    readonly organisationId: string;
    readonly revokedAt: Date | null;
  },
): AssuranceVerdict {
  const signature = verifySignedText(verifier, key.publicKey, a.signedText, a.signature);
  const reasons: AssuranceInvalidReason[] = [];
  if (!signature.valid) reasons.push(signature.problem);
  if (key.organisationId !== a.organisationId) reasons.push('key_of_another_party');
  const revokedBeforeSubmission =
    key.revokedAt !== null && key.revokedAt.getTime() <= a.submittedAt.getTime();
  if (revokedBeforeSubmission) reasons.push('revoked_before_submission');
  return { valid: reasons.length === 0, reasons, signature, revokedBeforeSubmission };
}
