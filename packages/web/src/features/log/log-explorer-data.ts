/**
 * What the log explorer and the dashboard's log panel check in the browser, trusting the server
 * for nothing but the log's key (itself pinned on first use, see verify-record.ts):
 *
 * - the latest checkpoint, signed by the log's key ({@link loadLogView}), and each witness's
 *   cosignature on it, checked against the witness keys the log lists after its own;
 * - a range of entries, decoded from their exact bytes into what they record;
 * - an entry's inclusion in the signed tree, from an RFC 9162 inclusion proof.
 *
 * Pure apart from the injected `get`.
 */
import {
  leafHash,
  LogFormatError,
  LogVerificationError,
  NoteVerificationError,
  parseSignedNote,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  verifyInclusion,
  verifyNote,
  type Checkpoint,
  type Hasher,
  type NoteVerifierKey,
} from '@truceline/domain/log/index';
import { decodeBase64, decodeUtf8, toHex } from '@truceline/domain/log/bytes';
import {
  loadLogView,
  type LogCrypto,
  type LogGet,
  type LogKeyPin,
  type LogResponse,
  type LogView,
  type LogViewResult,
  type VerifyFailureReason,
} from './verify-record.ts';

/** A GET under `/api/v1`, with the `Last-Modified` header when there is one. */
export type ExplorerGet = (
  path: string,
  signal?: AbortSignal,
) => Promise<LogResponse & { readonly lastModified?: string }>;

/** What became of one cosignature line of the checkpoint. */
export interface CosignatureCheck {
  /** The witness's key name, as the line gives it. */
  readonly name: string;
  /** `unknown_key`: no witness key the log lists has this name and key ID, so it is not checked. */
  readonly state: 'verified' | 'invalid' | 'unknown_key';
  /** When the witness cosigned (ISO 8601), for verified cosignatures. */
  readonly time?: string;
  /** Whether the log's witness policy requires this witness. */
  readonly required: boolean;
}

export interface CheckpointReport {
  readonly view: LogView;
  /** When the log signed the checkpoint (ISO 8601), as the server says; not signed itself. */
  readonly signedAt?: string;
  readonly cosignatures: readonly CosignatureCheck[];
  /** Required witnesses without a verified cosignature. */
  readonly missing: readonly string[];
}

export type CheckpointReportResult =
  | { readonly state: 'ok'; readonly report: CheckpointReport }
  | Exclude<LogViewResult, { readonly state: 'ok' }>;

type Fetched<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: VerifyFailureReason; readonly detail: string };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function getJson(
  get: ExplorerGet,
  path: string,
  signal?: AbortSignal,
): Promise<Fetched<unknown>> {
  let response: LogResponse;
  try {
    response = await get(path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, reason: 'unreachable', detail: `GET ${path}: ${describe(error)}` };
  }
  if (response.status !== 200) {
    return { ok: false, reason: 'unreachable', detail: `GET ${path} answered ${response.status}` };
  }
  try {
    return { ok: true, value: JSON.parse(response.text) as unknown };
  } catch {
    return { ok: false, reason: 'bad_response', detail: `GET ${path} did not answer JSON` };
  }
}

/** The witness keys listed after the log's own key in `/log/keys` (malformed lines skipped). */
function witnessKeys(hasher: Hasher, keysText: string): NoteVerifierKey[] {
  const keys: NoteVerifierKey[] = [];
  for (const line of keysText.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    try {
      const key = parseVerifierKey(hasher, line.trim());
      if (key.type === SIGNATURE_TYPE_COSIGNATURE_V1) keys.push(key);
    } catch {
      // A line this page cannot read: cosignatures by it show as by an unknown key.
    }
  }
  return keys;
}

/** Which witnesses the policy requires, from `/log/witnesses`; none when it cannot be read. */
async function requiredWitnesses(get: ExplorerGet, signal?: AbortSignal): Promise<Set<string>> {
  const body = await getJson(get, '/log/witnesses', signal);
  const items = body.ok && isObject(body.value) ? body.value['items'] : undefined;
  const required = new Set<string>();
  if (Array.isArray(items)) {
    for (const w of items) {
      if (isObject(w) && w['required'] === true && typeof w['name'] === 'string') {
        required.add(w['name']);
      }
    }
  }
  return required;
}

function isoFromSeconds(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The latest checkpoint with its log signature verified (and the key pinned), and each cosignature
 * on it checked against the witnesses' keys.
 */
export async function loadCheckpointReport(
  get: ExplorerGet,
  crypto: LogCrypto,
  options: { pin?: LogKeyPin | undefined; signal?: AbortSignal | undefined } = {},
): Promise<CheckpointReportResult> {
  // The exact key list and note that loadLogView checked, not a second fetch that may differ.
  let keysText = '';
  let note = '';
  let lastModified: string | undefined;
  const capture: LogGet = async (path, signal) => {
    const response = await get(path, signal);
    if (path === '/log/keys') keysText = response.text;
    if (path === '/log/checkpoint') {
      note = response.text;
      lastModified = response.lastModified;
    }
    return response;
  };
  const result = await loadLogView(capture, crypto, options);
  if (result.state !== 'ok') return result;
  const { view } = result;

  const keys = witnessKeys(crypto.hasher, keysText);
  const required = await requiredWitnesses(get, options.signal);
  const lines = parseSignedNote(note).signatures.filter(
    (s) => !(s.name === view.key.name && s.keyId === view.key.keyId),
  );
  const cosignatures = lines.map((line): CosignatureCheck => {
    const base = { name: line.name, required: required.has(line.name) };
    const key = keys.find((k) => k.name === line.name && k.keyId === line.keyId);
    if (!key) return { ...base, state: 'unknown_key' };
    try {
      const time = isoFromSeconds(verifyNote(note, [key], crypto.verifier).verified[0]?.timestamp);
      return time === undefined
        ? { ...base, state: 'verified' }
        : { ...base, state: 'verified', time };
    } catch (error) {
      if (error instanceof NoteVerificationError || error instanceof LogFormatError) {
        return { ...base, state: 'invalid' };
      }
      throw error;
    }
  });
  const cosigned = new Set(cosignatures.filter((c) => c.state === 'verified').map((c) => c.name));
  const signedAt = lastModified === undefined ? NaN : Date.parse(lastModified);
  const report: CheckpointReport = {
    view,
    cosignatures,
    missing: [...required].filter((name) => !cosigned.has(name)).sort(),
    ...(Number.isNaN(signedAt) ? {} : { signedAt: new Date(signedAt).toISOString() }),
  };
  return { state: 'ok', report };
}

// --- Entries -----------------------------------------------------------------------------------

/** What an entry says it records, read from its own bytes. */
export interface EntryFields {
  readonly action: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly time: string;
  /** True when the content is committed to with a salt (not public). */
  readonly salted: boolean;
}

export interface LoadedEntry {
  readonly index: number;
  /** The entry's exact bytes: what inclusion is checked for. */
  readonly bytes: Uint8Array;
  /** Undefined for bytes that are not a record entry. */
  readonly fields: EntryFields | undefined;
}

export type EntriesResult =
  | { readonly state: 'ok'; readonly entries: readonly LoadedEntry[] }
  | { readonly state: 'failed'; readonly reason: VerifyFailureReason; readonly detail: string };

/** Entries per page of the explorer. */
export const ENTRIES_PER_PAGE = 20;

/** Indices [start, end) of page `page` (0: the newest) of a tree of `treeSize`, newest first. */
export function pageRange(
  treeSize: number,
  page: number,
  perPage = ENTRIES_PER_PAGE,
): { start: number; end: number } {
  const end = Math.max(0, treeSize - page * perPage);
  return { start: Math.max(0, end - perPage), end };
}

export function decodeEntryFields(bytes: Uint8Array): EntryFields | undefined {
  const text = decodeUtf8(bytes);
  let entry: unknown;
  try {
    entry = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(entry)) return undefined;
  const { action, recordType, recordId, time, salted } = entry;
  if (
    typeof action !== 'string' ||
    typeof recordType !== 'string' ||
    typeof recordId !== 'string' ||
    typeof time !== 'string' ||
    Number.isNaN(Date.parse(time)) ||
    typeof salted !== 'boolean'
  ) {
    return undefined;
  }
  return { action, recordType, recordId, time, salted };
}

/** Entries [start, end), decoded from their base64 bytes (not from the server's `decoded`). */
export async function loadEntries(
  get: ExplorerGet,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<EntriesResult> {
  const path = `/log/entries?start=${start}&end=${end}`;
  const body = await getJson(get, path, signal);
  if (!body.ok) return { state: 'failed', reason: body.reason, detail: body.detail };
  const items = isObject(body.value) ? body.value['items'] : undefined;
  if (!Array.isArray(items)) {
    return { state: 'failed', reason: 'bad_response', detail: `GET ${path}: no items` };
  }
  const entries: LoadedEntry[] = [];
  for (const item of items) {
    const index = isObject(item) ? item['index'] : undefined;
    const base64 = isObject(item) ? item['entry'] : undefined;
    const bytes = typeof base64 === 'string' ? decodeBase64(base64) : undefined;
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || !bytes) {
      return { state: 'failed', reason: 'bad_response', detail: `GET ${path}: a malformed item` };
    }
    entries.push({ index, bytes, fields: decodeEntryFields(bytes) });
  }
  return { state: 'ok', entries };
}

// --- Inclusion ---------------------------------------------------------------------------------

export type InclusionResult =
  | { readonly state: 'verified'; readonly treeSize: number; readonly rootHash: string }
  | { readonly state: 'failed'; readonly reason: VerifyFailureReason; readonly detail: string };

/** Checks that `entry`'s bytes are leaf `entry.index` of the tree the checkpoint signs. */
export async function verifyEntryInclusion(
  get: ExplorerGet,
  hasher: Hasher,
  checkpoint: Checkpoint,
  entry: Pick<LoadedEntry, 'index' | 'bytes'>,
  signal?: AbortSignal,
): Promise<InclusionResult> {
  const { treeSize } = checkpoint;
  const path = `/log/proof/inclusion?index=${entry.index}&treeSize=${treeSize}`;
  const body = await getJson(get, path, signal);
  if (!body.ok) return { state: 'failed', reason: body.reason, detail: body.detail };
  const hashes = isObject(body.value) ? body.value['hashes'] : undefined;
  const proof = Array.isArray(hashes)
    ? hashes.map((h) => (typeof h === 'string' ? decodeBase64(h) : undefined))
    : undefined;
  if (!proof || !proof.every((h): h is Uint8Array => h !== undefined)) {
    return {
      state: 'failed',
      reason: 'bad_response',
      detail: `GET ${path}: hashes are not base64`,
    };
  }
  try {
    verifyInclusion(
      hasher,
      leafHash(hasher, entry.bytes),
      entry.index,
      treeSize,
      proof,
      checkpoint.rootHash,
    );
  } catch (error) {
    if (error instanceof LogVerificationError || error instanceof RangeError) {
      return {
        state: 'failed',
        reason: 'bad_proof',
        detail: `entry ${entry.index}: ${describe(error)}`,
      };
    }
    throw error;
  }
  return { state: 'verified', treeSize, rootHash: toHex(checkpoint.rootHash) };
}

/** The page showing a logged record, for the record types that have one. */
export function recordHref(recordType: string, recordId: string): string | undefined {
  const base: Readonly<Record<string, string>> = {
    complaint: '/complaints',
    crossing: '/crossings',
    commitment: '/commitments',
    handover: '/handovers',
    intel_report: '/intel',
  };
  const prefix = base[recordType];
  return prefix === undefined ? undefined : `${prefix}/${encodeURIComponent(recordId)}`;
}
