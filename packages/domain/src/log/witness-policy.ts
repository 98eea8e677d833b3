/**
 * The witness policy: which witnesses must cosign a checkpoint (C2SP tlog-cosignature) before it
 * counts. A checkpoint counts when the log's signature verifies and every required witness's
 * cosignature does too; optional witnesses' cosignatures are reported but never needed. With no
 * required witness at all nothing counts: a policy that asks for no witness witnesses nothing.
 */
import type { SignatureVerifier } from './crypto.ts';
import { NoteVerificationError } from './errors.ts';
import type { NoteVerifierKey } from './keys.ts';
import { verifyNote } from './signed-note.ts';

/** A witness as the policy knows it. */
export interface PolicyWitness {
  /** Its cosignature/v1 verifier key (type 0x04); its name is the witness's name. */
  readonly key: NoteVerifierKey;
  /** Whether a checkpoint needs this witness's cosignature to count. */
  readonly required: boolean;
}

/** What {@link checkpointCounts} found in a checkpoint note. */
export interface CheckpointWitnessing {
  /** The verified note text (the checkpoint body). */
  readonly text: string;
  /** Names of the known witnesses whose cosignature verified, in note order. */
  readonly cosignedBy: readonly string[];
  /** Names of the required witnesses without a cosignature, in policy order. */
  readonly missing: readonly string[];
  /** True when at least one witness is required and every required witness cosigned. */
  readonly counts: boolean;
}

/**
 * Verifies a signed checkpoint note against the log's key and the witnesses' keys and applies the
 * policy. Throws a LogFormatError for a malformed note and a NoteVerificationError when a
 * signature by a known key is invalid ('invalid_signature', as `verifyNote` does) or when the
 * log's own signature is absent ('no_verified_signature'): witnesses alone do not make a checkpoint.
 */
export function checkpointCounts(
  note: string | Uint8Array,
  logKey: NoteVerifierKey,
  witnesses: readonly PolicyWitness[],
  verifier: SignatureVerifier,
): CheckpointWitnessing {
  const verified = verifyNote(note, [logKey, ...witnesses.map((w) => w.key)], verifier);
  if (!verified.verified.some((v) => v.key === logKey)) {
    throw new NoteVerificationError(
      'no_verified_signature',
      `checkpoint is not signed by the log's key ${logKey.name}`,
    );
  }
  const cosignedBy = verified.verified.filter((v) => v.key !== logKey).map((v) => v.key.name);
  const required = witnesses.filter((w) => w.required).map((w) => w.key.name);
  const missing = required.filter((name) => !cosignedBy.includes(name));
  return {
    text: verified.text,
    cosignedBy,
    missing,
    counts: required.length > 0 && missing.length === 0,
  };
}
