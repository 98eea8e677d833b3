/** Typed errors of the transparency-log maths: callers branch on `code`, never on `message`. */

/** Why a Merkle inclusion or consistency proof was rejected. */
export type LogVerificationErrorCode =
  /** The leaf index is not below the tree size. */
  | 'index_out_of_range'
  /** A tree size is not a safe non-negative integer, or the older tree is larger than the newer. */
  | 'size_out_of_range'
  /** The proof has more or fewer hashes than the tree sizes call for. */
  | 'proof_length'
  /** A hash (leaf, root or proof element) is not 32 bytes long. */
  | 'hash_length'
  /** The proof does not lead to the expected root hash. */
  | 'root_mismatch';

/** A Merkle proof failed verification (RFC 9162 §2.1.3.2, §2.1.4.2). */
export class LogVerificationError extends Error {
  override readonly name = 'LogVerificationError';
  readonly code: LogVerificationErrorCode;

  constructor(code: LogVerificationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Which encoding was malformed. */
export type LogFormatErrorCode =
  | 'malformed_checkpoint'
  | 'malformed_note'
  | 'malformed_verifier_key'
  | 'malformed_cosignature'
  | 'malformed_tile_path'
  | 'malformed_tile'
  | 'malformed_entry_bundle';

/** Text or bytes that do not follow the C2SP format they claim to (or values that cannot be encoded in it). */
export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';
  readonly code: LogFormatErrorCode;

  constructor(code: LogFormatErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Why a well-formed signed note was rejected. */
export type NoteVerificationErrorCode =
  /** No signature by any of the known keys is present. */
  | 'no_verified_signature'
  /** A signature by a known key does not verify (the spec says to reject the whole note). */
  | 'invalid_signature'
  /** Two known keys share a name and key ID, so a signature cannot be attributed. */
  | 'ambiguous_key';

/** A signed note did not verify against the known keys (C2SP signed-note). */
export class NoteVerificationError extends Error {
  override readonly name = 'NoteVerificationError';
  readonly code: NoteVerificationErrorCode;

  constructor(code: NoteVerificationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
