/**
 * C2SP tlog-checkpoint note bodies: the origin line, the tree size in decimal, the base64 root
 * hash, then optional extension lines, each ending in a newline. Sign and verify the body as a
 * signed note (signed-note.ts).
 */
import { decodeBase64, encodeBase64, isIndex, isWellFormedString } from './bytes.ts';
import { LogFormatError } from './errors.ts';
import { HASH_SIZE } from './merkle.ts';

/** A log's tree head: what a checkpoint's note text says. */
export interface Checkpoint {
  /** The log's identity, e.g. "example.com/log42". Non-empty. */
  readonly origin: string;
  /** The number of leaves in the tree. */
  readonly treeSize: number;
  /** The RFC 9162 root hash of the tree at that size (32 bytes). */
  readonly rootHash: Uint8Array;
  /** Opaque, non-empty extension lines (NOT RECOMMENDED by the spec); usually none. */
  readonly extensions: readonly string[];
}

/** What {@link formatCheckpoint} takes: a checkpoint, with extension lines optional. */
export type CheckpointInput = Omit<Checkpoint, 'extensions'> & {
  readonly extensions?: readonly string[];
};

function malformed(message: string): LogFormatError {
  return new LogFormatError('malformed_checkpoint', message);
}

/** Throws unless `line` is a valid non-empty checkpoint line: no newline or other control character. */
function checkLine(line: string, what: string): void {
  if (line.length === 0) throw malformed(`${what} is empty`);
  if (!isWellFormedString(line)) throw malformed(`${what} is not valid Unicode`);
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) < 0x20)
      throw malformed(`${what} contains a newline or control character`);
  }
}

const TREE_SIZE = /^(0|[1-9][0-9]*)$/;

/**
 * Formats the note text of a checkpoint: "<origin>\n<tree size>\n<base64 root hash>\n" followed
 * by any extension lines, each ending in "\n". Throws a LogFormatError ('malformed_checkpoint')
 * for an empty origin or extension line, a line with a control character, a tree size that is
 * not a safe non-negative integer, or a root hash that is not 32 bytes.
 */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const extensions = checkpoint.extensions ?? [];
  checkLine(checkpoint.origin, 'origin');
  if (!isIndex(checkpoint.treeSize))
    throw malformed(`tree size ${checkpoint.treeSize} is not a safe non-negative integer`);
  if (checkpoint.rootHash.length !== HASH_SIZE) {
    throw malformed(`root hash must be ${HASH_SIZE} bytes, got ${checkpoint.rootHash.length}`);
  }
  extensions.forEach((line, i) => checkLine(line, `extension line ${i + 1}`));
  const lines = [
    checkpoint.origin,
    String(checkpoint.treeSize),
    encodeBase64(checkpoint.rootHash),
    ...extensions,
  ];
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * Parses the note text of a checkpoint (not the whole signed note: pass `verifyNote(...).text`),
 * strictly: at least three lines, each non-empty and ending in "\n"; a tree size in decimal with
 * no sign or leading zero and at most 2^53 − 1; a root hash in canonical base64 of exactly 32
 * bytes; no control characters. Throws a LogFormatError ('malformed_checkpoint').
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('checkpoint must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root, ...extensions] = lines;
  if (origin === undefined || size === undefined || root === undefined) {
    throw malformed('checkpoint must have at least three lines');
  }
  checkLine(origin, 'origin');
  checkLine(size, 'tree size');
  checkLine(root, 'root hash');
  extensions.forEach((line, i) => checkLine(line, `extension line ${i + 1}`));
  if (!TREE_SIZE.test(size))
    throw malformed(
      `tree size ${JSON.stringify(size)} is not a decimal number without leading zeros`,
    );
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw malformed(`tree size ${size} is above 2^53 - 1`);
  const rootHash = decodeBase64(root);
  if (rootHash === undefined) throw malformed('root hash is not canonical base64');
  if (rootHash.length !== HASH_SIZE)
    throw malformed(`root hash must be ${HASH_SIZE} bytes, got ${rootHash.length}`);
  return { origin, treeSize, rootHash, extensions };
}
