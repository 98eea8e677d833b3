/**
 * Signed-note keys (C2SP signed-note): key names, signature types and key IDs, shared by notes
 * (signed-note.ts) and witness cosignatures (cosignature.ts).
 */
import { concatBytes, encodeUtf8, isWellFormedString, readUint32BE } from './bytes.ts';
import type { Hasher } from './crypto.ts';

/** Signature type 0x01: Ed25519 signatures over the note text (C2SP signed-note). */
export const SIGNATURE_TYPE_ED25519 = 0x01;

/** Signature type 0x04: timestamped Ed25519 witness cosignatures (C2SP tlog-cosignature, cosignature/v1). */
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

/** The signature types this code can verify. */
export type SignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1;

/** Length of an Ed25519 public key. */
export const ED25519_PUBLIC_KEY_SIZE = 32;

/** Length of an Ed25519 signature. */
export const ED25519_SIGNATURE_SIZE = 64;

const NAME_FORBIDDEN = /[\p{White_Space}+]/u;

/**
 * Whether `name` is a valid key name: non-empty, well-formed Unicode, no Unicode space and no
 * plus sign (C2SP signed-note). Control characters are refused too, since notes may not hold them.
 */
export function isValidKeyName(name: string): boolean {
  if (name.length === 0 || !isWellFormedString(name) || NAME_FORBIDDEN.test(name)) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

/**
 * The key ID of a key: the first four bytes, read big-endian, of
 * SHA-256(name ‖ 0x0A ‖ signature type ‖ public key) (C2SP signed-note, tlog-cosignature).
 */
export function computeKeyId(
  hasher: Hasher,
  name: string,
  type: number,
  publicKey: Uint8Array,
): number {
  const digest = hasher.sha256(concatBytes(encodeUtf8(name), Uint8Array.of(0x0a, type), publicKey));
  return readUint32BE(digest, 0);
}

/** A public key trusted to sign notes: what a verifier key string (vkey) encodes. */
export interface NoteVerifierKey {
  /** The key name, which signature lines repeat. */
  readonly name: string;
  /** The 32-bit key ID, computed from the name, type and public key. */
  readonly keyId: number;
  /** The signature type: 0x01 Ed25519 note signatures, 0x04 cosignature/v1. */
  readonly type: SignatureType;
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/** Builds a verifier key, computing its key ID. Throws a RangeError for a bad name or key size. */
export function makeVerifierKey(
  hasher: Hasher,
  name: string,
  type: SignatureType,
  publicKey: Uint8Array,
): NoteVerifierKey {
  if (!isValidKeyName(name)) throw new RangeError(`invalid key name ${JSON.stringify(name)}`);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) {
    throw new RangeError(
      `Ed25519 public key must be ${ED25519_PUBLIC_KEY_SIZE} bytes, got ${publicKey.length}`,
    );
  }
  return {
    name,
    keyId: computeKeyId(hasher, name, type, publicKey),
    type,
    publicKey: publicKey.slice(),
  };
}

/** Produces the signature bytes (after the key ID) of one signature line of a note. */
export interface NoteSigner {
  /** The key name written on the signature line. */
  readonly name: string;
  /** The 32-bit key ID written at the start of the signature. */
  readonly keyId: number;
  /** The signature of the note text's UTF-8 bytes, as the signature type defines it. */
  sign(noteText: Uint8Array): Uint8Array;
}
