/**
 * C2SP signed-note: a UTF-8 text ending in a newline, a blank line, then one or more signature
 * lines "— <key name> <base64(key ID ‖ signature)>". Parsing and formatting, verifier keys
 * ("vkeys": <name>+<hex key ID>+<base64(type ‖ public key)>), signing, and verification against
 * a set of known keys, where signatures by unknown keys are ignored as the spec requires.
 */
import {
  bytesEqual,
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  encodeUtf8,
  isWellFormedString,
  readUint32BE,
  uint32BE,
  concatBytes,
} from './bytes.ts';
import { cosignatureMessage, decodeTimestampedSignature } from './cosignature.ts';
import type { Ed25519Signer, Hasher, SignatureVerifier } from './crypto.ts';
import { LogFormatError, NoteVerificationError } from './errors.ts';
import {
  computeKeyId,
  ED25519_PUBLIC_KEY_SIZE,
  ED25519_SIGNATURE_SIZE,
  isValidKeyName,
  makeVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  type NoteSigner,
  type NoteVerifierKey,
  type SignatureType,
} from './keys.ts';

/**
 * Most signature lines a note may carry. The spec asks verifiers to set a limit and to accept at
 * least 16; this is the limit of the Go reference implementation.
 */
export const MAX_NOTE_SIGNATURES = 100;

/** The em dash and space that open every signature line. */
const SIGNATURE_PREFIX = '\u2014 ';

/** One signature line of a note. */
export interface NoteSignature {
  /** The key name. */
  readonly name: string;
  /** The 32-bit key ID (the first four bytes of the decoded signature, big-endian). */
  readonly keyId: number;
  /** The signature proper: the decoded bytes after the key ID. */
  readonly signature: Uint8Array;
}

/** A signed note, split into its text and its signature lines. */
export interface SignedNote {
  /** The note text, final newline included, separating blank line excluded. */
  readonly text: string;
  /** The signature lines, in order. */
  readonly signatures: readonly NoteSignature[];
}

/** A signature by a known key that verified. */
export interface VerifiedSignature {
  /** The known key that made it. */
  readonly key: NoteVerifierKey;
  /** The signature line. */
  readonly signature: NoteSignature;
  /** For cosignature/v1 (type 0x04) signatures, the cosignature's timestamp in POSIX seconds. */
  readonly timestamp?: number;
}

/** A note whose signatures were checked: at least one verified. */
export interface VerifiedNote {
  /** The note text, to be trusted only because `verified` is not empty. */
  readonly text: string;
  /** Signatures by known keys, each verified (duplicates of a key's line are dropped). */
  readonly verified: readonly VerifiedSignature[];
  /** Signatures by keys not in the known set, ignored (exact duplicates dropped). */
  readonly unverified: readonly NoteSignature[];
}

function malformed(message: string): LogFormatError {
  return new LogFormatError('malformed_note', message);
}

/** Throws unless `text` is well-formed Unicode with no control character other than newline. */
function checkNoteCharacters(text: string, what: string): void {
  if (!isWellFormedString(text)) throw malformed(`${what} is not valid Unicode`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a)
      throw malformed(`${what} contains control character U+${c.toString(16).padStart(4, '0')}`);
  }
}

function checkNoteText(text: string): void {
  checkNoteCharacters(text, 'note text');
  if (!text.endsWith('\n')) throw malformed('note text must end with a newline');
}

function checkSignature(signature: NoteSignature): void {
  if (!isValidKeyName(signature.name))
    throw malformed(`invalid key name ${JSON.stringify(signature.name)}`);
  if (!Number.isInteger(signature.keyId) || signature.keyId < 0 || signature.keyId > 0xffffffff) {
    throw malformed(`key ID ${signature.keyId} is not a uint32`);
  }
  if (signature.signature.length === 0)
    throw malformed(`empty signature for key ${signature.name}`);
}

function signatureLine(signature: NoteSignature): string {
  return `${SIGNATURE_PREFIX}${signature.name} ${encodeBase64(concatBytes(uint32BE(signature.keyId), signature.signature))}\n`;
}

/**
 * Formats a signed note: the text, a blank line, then one line per signature. Throws a
 * LogFormatError ('malformed_note') for a text that does not end in a newline or holds control
 * characters, invalid key names, or no (or too many) signatures.
 */
export function formatSignedNote(note: SignedNote): string {
  checkNoteText(note.text);
  if (note.signatures.length === 0) throw malformed('a signed note needs at least one signature');
  if (note.signatures.length > MAX_NOTE_SIGNATURES) {
    throw malformed(`a note may carry at most ${MAX_NOTE_SIGNATURES} signatures`);
  }
  note.signatures.forEach(checkSignature);
  return `${note.text}\n${note.signatures.map(signatureLine).join('')}`;
}

/**
 * Parses a signed note (as text, or as bytes that must be valid UTF-8), strictly: no control
 * characters but newline, the text separated from the signatures by the last blank line, every
 * signature line well-formed ("— ", a valid key name, one space, canonical base64 of at least 5
 * bytes), a final newline, and at most {@link MAX_NOTE_SIGNATURES} signatures. Throws a
 * LogFormatError ('malformed_note'). The result is not yet trusted: see {@link verifyNote}.
 */
export function parseSignedNote(input: string | Uint8Array): SignedNote {
  let note: string;
  if (typeof input === 'string') {
    note = input;
  } else {
    const decoded = decodeUtf8(input);
    if (decoded === undefined) throw malformed('note is not valid UTF-8');
    note = decoded;
  }
  checkNoteCharacters(note, 'note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0) throw malformed('note has no signatures');
  if (!block.endsWith('\n')) throw malformed('note does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES)
    throw malformed(`note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line, i): NoteSignature => {
    if (!line.startsWith(SIGNATURE_PREFIX))
      throw malformed(`signature line ${i + 1} does not start with an em dash and a space`);
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0)
      throw malformed(`signature line ${i + 1} has no space between name and signature`);
    const name = rest.slice(0, space);
    if (!isValidKeyName(name)) throw malformed(`signature line ${i + 1} has an invalid key name`);
    const bytes = decodeBase64(rest.slice(space + 1));
    if (bytes === undefined) throw malformed(`signature line ${i + 1} is not canonical base64`);
    if (bytes.length < 5) throw malformed(`signature line ${i + 1} is too short`);
    return { name, keyId: readUint32BE(bytes, 0), signature: bytes.slice(4) };
  });
  return { text, signatures };
}

function malformedKey(message: string): LogFormatError {
  return new LogFormatError('malformed_verifier_key', message);
}

function isSignatureType(type: number): type is SignatureType {
  return type === SIGNATURE_TYPE_ED25519 || type === SIGNATURE_TYPE_COSIGNATURE_V1;
}

/**
 * Parses a verifier key "<name>+<8 hex digits of key ID>+<base64(type ‖ public key)>" of type
 * 0x01 (Ed25519) or 0x04 (cosignature/v1), checking that the key ID matches the name, type and
 * key. Throws a LogFormatError ('malformed_verifier_key').
 */
export function parseVerifierKey(hasher: Hasher, vkey: string): NoteVerifierKey {
  const firstPlus = vkey.indexOf('+');
  const secondPlus = firstPlus < 0 ? -1 : vkey.indexOf('+', firstPlus + 1);
  if (secondPlus < 0) throw malformedKey('verifier key must be <name>+<key ID>+<key>');
  const name = vkey.slice(0, firstPlus);
  const idHex = vkey.slice(firstPlus + 1, secondPlus);
  const key = decodeBase64(vkey.slice(secondPlus + 1));
  if (!isValidKeyName(name)) throw malformedKey(`invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw malformedKey('key ID must be 8 hexadecimal digits');
  if (key === undefined) throw malformedKey('key is not canonical base64');
  const type = key[0];
  if (type === undefined || !isSignatureType(type))
    throw malformedKey(`unsupported signature type ${type ?? 'none'}`);
  const publicKey = key.slice(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) {
    throw malformedKey(
      `Ed25519 public key must be ${ED25519_PUBLIC_KEY_SIZE} bytes, got ${publicKey.length}`,
    );
  }
  const keyId = Number.parseInt(idHex, 16);
  if (computeKeyId(hasher, name, type, publicKey) !== keyId)
    throw malformedKey('key ID does not match the key');
  return { name, keyId, type, publicKey };
}

/** Formats a verifier key as "<name>+<8 lowercase hex digits>+<base64(type ‖ public key)>". */
export function formatVerifierKey(key: NoteVerifierKey): string {
  if (!isValidKeyName(key.name)) throw malformedKey(`invalid key name ${JSON.stringify(key.name)}`);
  const id = key.keyId.toString(16).padStart(8, '0');
  return `${key.name}+${id}+${encodeBase64(concatBytes(Uint8Array.of(key.type), key.publicKey))}`;
}

/** The verifier key of an Ed25519 note signer (type 0x01). Throws a RangeError for a bad name or key. */
export function ed25519VerifierKey(
  hasher: Hasher,
  name: string,
  publicKey: Uint8Array,
): NoteVerifierKey {
  return makeVerifierKey(hasher, name, SIGNATURE_TYPE_ED25519, publicKey);
}

/** A note signer making plain Ed25519 (type 0x01) signatures of the note text. */
export function ed25519NoteSigner(hasher: Hasher, name: string, signer: Ed25519Signer): NoteSigner {
  const key = ed25519VerifierKey(hasher, name, signer.publicKey);
  return { name: key.name, keyId: key.keyId, sign: (text) => signer.signEd25519(text) };
}

/**
 * Signs `text` with each signer and formats the signed note. Signatures in `existing` (say,
 * from a parsed note) are kept, in order, except those with a signer's name and key ID, which the
 * new signatures replace. Throws a LogFormatError ('malformed_note') for an invalid text or name.
 */
export function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly NoteSignature[] = [],
): string {
  checkNoteText(text);
  const message = encodeUtf8(text);
  const fresh = signers.map((s): NoteSignature => {
    if (!isValidKeyName(s.name)) throw malformed(`invalid key name ${JSON.stringify(s.name)}`);
    return { name: s.name, keyId: s.keyId, signature: s.sign(message) };
  });
  const kept = existing.filter((e) => !fresh.some((f) => f.name === e.name && f.keyId === e.keyId));
  return formatSignedNote({ text, signatures: [...kept, ...fresh] });
}

function sameSignature(a: NoteSignature, b: NoteSignature): boolean {
  return a.name === b.name && a.keyId === b.keyId && bytesEqual(a.signature, b.signature);
}

/**
 * Parses a signed note and verifies it against the known keys (C2SP signed-note §Signatures):
 * signatures whose name and key ID match no known key are ignored; every signature by a known
 * key must verify, or the whole note is rejected ('invalid_signature'); at least one must
 * ('no_verified_signature'); two known keys with the same name and key ID make a matching
 * signature ambiguous ('ambiguous_key'). Type 0x01 keys check Ed25519 signatures of the text,
 * type 0x04 keys cosignature/v1 signatures. Throws a LogFormatError for a malformed note and a
 * NoteVerificationError for the rest. Which keys must have signed (the log's key, a quorum of
 * witnesses) is the caller's policy, decided from `verified`.
 */
export function verifyNote(
  input: string | Uint8Array,
  keys: readonly NoteVerifierKey[],
  verifier: SignatureVerifier,
): VerifiedNote {
  const note = parseSignedNote(input);
  const message = encodeUtf8(note.text);
  const verified: VerifiedSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const sig of note.signatures) {
    const matches = keys.filter((k) => k.name === sig.name && k.keyId === sig.keyId);
    const label = `${sig.name}+${sig.keyId.toString(16).padStart(8, '0')}`;
    const key = matches[0];
    if (key === undefined) {
      if (!unverified.some((u) => sameSignature(u, sig))) unverified.push(sig);
      continue;
    }
    if (matches.length > 1)
      throw new NoteVerificationError('ambiguous_key', `more than one known key is ${label}`);
    if (verified.some((v) => v.key === key)) continue;
    if (key.type === SIGNATURE_TYPE_ED25519) {
      if (
        sig.signature.length !== ED25519_SIGNATURE_SIZE ||
        !verifier.verifyEd25519(key.publicKey, message, sig.signature)
      ) {
        throw new NoteVerificationError('invalid_signature', `invalid signature for key ${label}`);
      }
      verified.push({ key, signature: sig });
    } else {
      let timestamped;
      try {
        timestamped = decodeTimestampedSignature(sig.signature);
      } catch {
        throw new NoteVerificationError(
          'invalid_signature',
          `malformed cosignature for key ${label}`,
        );
      }
      const signed = cosignatureMessage(note.text, timestamped.timestamp);
      if (!verifier.verifyEd25519(key.publicKey, signed, timestamped.signature)) {
        throw new NoteVerificationError(
          'invalid_signature',
          `invalid cosignature for key ${label}`,
        );
      }
      verified.push({ key, signature: sig, timestamp: timestamped.timestamp });
    }
  }
  if (verified.length === 0) {
    throw new NoteVerificationError(
      'no_verified_signature',
      'note has no signature by a known key',
    );
  }
  return { text: note.text, verified, unverified };
}
