/**
 * What the transparency log records about each change: one entry per state-changing action, with a
 * commitment to the record's content instead of the content itself.
 */
import canonicalizeModule from 'canonicalize';
import type { Hasher } from '../log/crypto.ts';

// canonicalize is CommonJS; its function arrives as the default export, or under `default`.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string | undefined;

/** Who may see a record; anything but `public` is committed to with a salt. */
export type RecordVisibility = 'public' | 'joint' | 'mediators' | 'originator' | 'internal';

/** One log entry, before encoding. Times are RFC 3339 UTC strings. */
export interface LogEntry {
  /** Entry format version. */
  readonly v: 1;
  /** What happened, e.g. `user.create`, `complaint.transition`. */
  readonly action: string;
  /** The acting user's id, or null for the system (demo load, scheduled jobs). */
  readonly actor: string | null;
  readonly organisation: string | null;
  readonly time: string;
  readonly recordType: string;
  readonly recordId: string;
  /** Hex SHA-256 commitment to the record's canonical JSON (salted unless public). */
  readonly commitment: string;
  readonly salted: boolean;
}

/** RFC 8785 canonical JSON of `value`. Throws for values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Commitment to a record: SHA-256 over the canonical JSON, prefixed by a 32-byte salt for
 * non-public records so that guessing the content from the public log is infeasible.
 */
export function recordCommitment(hasher: Hasher, record: unknown, salt?: Uint8Array): string {
  const body = encoder.encode(canonicalJson(record));
  if (!salt) return hex(hasher.sha256(body));
  const buf = new Uint8Array(salt.length + body.length);
  buf.set(salt, 0);
  buf.set(body, salt.length);
  return hex(hasher.sha256(buf));
}

/** The bytes that go into the log (and are leaf-hashed): the entry's canonical JSON. */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  return encoder.encode(canonicalJson(entry));
}
