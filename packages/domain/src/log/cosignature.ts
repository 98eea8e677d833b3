/**
 * C2SP tlog-cosignature, Ed25519 "cosignature/v1" (signature type 0x04): the signed message, the
 * timestamped signature encoding, and cosigner keys and signers. Verification of cosignature
 * lines is part of `verifyNote` (signed-note.ts), given a key of type 0x04.
 */
import {
  concatBytes,
  encodeUtf8,
  isIndex,
  readUint32BE,
  readUint64BE,
  uint32BE,
  uint64BE,
} from './bytes.ts';
import type { Ed25519Signer, Hasher } from './crypto.ts';
import { LogFormatError } from './errors.ts';
import {
  ED25519_SIGNATURE_SIZE,
  makeVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  type NoteSigner,
  type NoteVerifierKey,
} from './keys.ts';

/** Length of a timestamped Ed25519 signature: 8-byte timestamp ‖ 64-byte signature. */
export const TIMESTAMPED_SIGNATURE_SIZE = 8 + ED25519_SIGNATURE_SIZE;

/** A cosignature/v1 `timestamped_signature`. */
export interface TimestampedSignature {
  /** When the cosignature was made, in POSIX seconds. */
  readonly timestamp: number;
  /** The 64-byte Ed25519 signature of {@link cosignatureMessage}. */
  readonly signature: Uint8Array;
}

/** A whole cosignature as it follows the key name on a note signature line. */
export interface Cosignature extends TimestampedSignature {
  /** The cosigner's 32-bit key ID. */
  readonly keyId: number;
}

function checkTimestamp(timestamp: number): void {
  if (!isIndex(timestamp)) {
    throw new RangeError(
      `cosignature timestamp must be a safe non-negative integer, got ${timestamp}`,
    );
  }
}

/**
 * The message a cosignature/v1 signs: "cosignature/v1\n", "time <timestamp>\n", then the whole
 * note text (the checkpoint body, final newline included, no signature lines), as UTF-8.
 */
export function cosignatureMessage(noteText: string, timestamp: number): Uint8Array {
  checkTimestamp(timestamp);
  return encodeUtf8(`cosignature/v1\ntime ${timestamp}\n${noteText}`);
}

/** Encodes a `timestamped_signature`: big-endian uint64 timestamp ‖ Ed25519 signature. */
export function encodeTimestampedSignature(timestamp: number, signature: Uint8Array): Uint8Array {
  checkTimestamp(timestamp);
  if (signature.length !== ED25519_SIGNATURE_SIZE) {
    throw new RangeError(
      `Ed25519 signature must be ${ED25519_SIGNATURE_SIZE} bytes, got ${signature.length}`,
    );
  }
  return concatBytes(uint64BE(timestamp), signature);
}

/**
 * Decodes a `timestamped_signature` (the bytes after the key ID). Throws a LogFormatError
 * ('malformed_cosignature') for the wrong length or a timestamp beyond 2^53 − 1.
 */
export function decodeTimestampedSignature(bytes: Uint8Array): TimestampedSignature {
  if (bytes.length !== TIMESTAMPED_SIGNATURE_SIZE) {
    throw new LogFormatError(
      'malformed_cosignature',
      `timestamped signature must be ${TIMESTAMPED_SIGNATURE_SIZE} bytes, got ${bytes.length}`,
    );
  }
  const timestamp = readUint64BE(bytes, 0);
  if (timestamp === undefined) {
    throw new LogFormatError('malformed_cosignature', 'cosignature timestamp is beyond 2^53 - 1');
  }
  return { timestamp, signature: bytes.slice(8) };
}

/** Encodes a whole cosignature: key ID ‖ timestamp ‖ signature (76 bytes; base64 on the note line). */
export function encodeCosignature(cosignature: Cosignature): Uint8Array {
  return concatBytes(
    uint32BE(cosignature.keyId),
    encodeTimestampedSignature(cosignature.timestamp, cosignature.signature),
  );
}

/** Decodes a whole cosignature (key ID ‖ timestamp ‖ signature). Throws a LogFormatError. */
export function decodeCosignature(bytes: Uint8Array): Cosignature {
  if (bytes.length !== 4 + TIMESTAMPED_SIGNATURE_SIZE) {
    throw new LogFormatError(
      'malformed_cosignature',
      `cosignature must be ${4 + TIMESTAMPED_SIGNATURE_SIZE} bytes, got ${bytes.length}`,
    );
  }
  return { keyId: readUint32BE(bytes, 0), ...decodeTimestampedSignature(bytes.subarray(4)) };
}

/**
 * The verifier key of an Ed25519 cosigner: type 0x04, key ID
 * SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].
 */
export function cosignerVerifierKey(
  hasher: Hasher,
  name: string,
  publicKey: Uint8Array,
): NoteVerifierKey {
  return makeVerifierKey(hasher, name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey);
}

/**
 * A note signer that adds a cosignature/v1 line made at `timestamp` (POSIX seconds) with the
 * cosigner's Ed25519 key. Pass it to `signNote` with the checkpoint body.
 */
export function cosignatureNoteSigner(
  hasher: Hasher,
  name: string,
  signer: Ed25519Signer,
  timestamp: number,
): NoteSigner {
  checkTimestamp(timestamp);
  const key = cosignerVerifierKey(hasher, name, signer.publicKey);
  return {
    name: key.name,
    keyId: key.keyId,
    sign(noteText: Uint8Array): Uint8Array {
      const message = concatBytes(encodeUtf8(`cosignature/v1\ntime ${timestamp}\n`), noteText);
      return encodeTimestampedSignature(timestamp, signer.signEd25519(message));
    },
  };
}
