/**
 * Transparency-log maths, pure and injected with its cryptography ({@link Hasher},
 * {@link SignatureVerifier}, {@link Ed25519Signer}):
 *
 * - RFC 9162 Merkle trees: hashes, proof generation (in memory or from stored subtree hashes) and
 *   verification of inclusion and consistency proofs (merkle.ts);
 * - C2SP tlog-checkpoint note bodies (checkpoint.ts);
 * - C2SP signed-note: notes, verifier keys, signing and verification (signed-note.ts, keys.ts);
 * - C2SP tlog-cosignature cosignature/v1 witness cosignatures (cosignature.ts), and the witness
 *   policy deciding when a checkpoint counts (witness-policy.ts);
 * - C2SP tlog-tiles: tile and entry-bundle paths and contents (tiles.ts).
 *
 * Errors are typed: {@link LogVerificationError}, {@link LogFormatError} and
 * {@link NoteVerificationError}, each with a `code`.
 */
export type { Ed25519Signer, Hasher, SignatureVerifier } from './crypto.ts';
export {
  LogFormatError,
  LogVerificationError,
  NoteVerificationError,
  type LogFormatErrorCode,
  type LogVerificationErrorCode,
  type NoteVerificationErrorCode,
} from './errors.ts';
export {
  completeSubtrees,
  consistencyProof,
  consistencyProofFromSubtrees,
  consistencyProofRanges,
  emptyRootHash,
  HASH_SIZE,
  inclusionProof,
  inclusionProofFromSubtrees,
  inclusionProofRanges,
  leafHash,
  memorySubtreeHashes,
  nodeHash,
  rangeHash,
  rootFromInclusionProof,
  rootHash,
  rootHashFromSubtrees,
  verifyConsistency,
  verifyInclusion,
  type LeafRange,
  type SubtreeHashes,
  type SubtreeId,
} from './merkle.ts';
export {
  formatCheckpoint,
  parseCheckpoint,
  type Checkpoint,
  type CheckpointInput,
} from './checkpoint.ts';
export {
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
export {
  ed25519NoteSigner,
  ed25519VerifierKey,
  formatSignedNote,
  formatVerifierKey,
  MAX_NOTE_SIGNATURES,
  parseSignedNote,
  parseVerifierKey,
  signNote,
  verifyNote,
  type NoteSignature,
  type SignedNote,
  type VerifiedNote,
  type VerifiedSignature,
} from './signed-note.ts';
export {
  cosignatureMessage,
  cosignatureNoteSigner,
  cosignerVerifierKey,
  decodeCosignature,
  decodeTimestampedSignature,
  encodeCosignature,
  encodeTimestampedSignature,
  TIMESTAMPED_SIGNATURE_SIZE,
  type Cosignature,
  type TimestampedSignature,
} from './cosignature.ts';
export {
  checkpointCounts,
  type CheckpointWitnessing,
  type PolicyWitness,
} from './witness-policy.ts';
export {
  decodeEntryBundle,
  decodeTile,
  encodeEntryBundle,
  encodeTile,
  entryBundlePath,
  formatTileIndex,
  MAX_ENTRY_SIZE,
  MAX_TILE_LEVEL,
  parseTileIndex,
  parseTilePath,
  subtreeHashFromTiles,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileContents,
  tileCounts,
  tileForSubtree,
  tilePath,
  tilesForRange,
  type TileId,
  type TilePath,
  type TileReader,
} from './tiles.ts';
