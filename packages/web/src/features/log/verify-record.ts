/**
 * Checks, in the browser, that a public record shown on the page is in the transparency log, with
 * no trust in the server beyond the log's key:
 *
 * 1. the log's verifier key (first line of `/log/keys`), compared with the key remembered from
 *    the first visit (trust on first use);
 * 2. the latest checkpoint, whose signature by that key must verify;
 * 3. the latest log entry for the record (`/log/records/{type}/{id}`), which must name the record;
 * 4. an inclusion proof of that entry in the checkpoint's tree;
 * 5. the opening of the entry's commitment: the committed record must hash to the commitment and
 *    equal the record the page shows. The server opens an entry only to those who may read the
 *    record as committed; when it withholds the opening, the record is in the log but its content
 *    is not checked here (`withheld`): neither verified nor a mismatch.
 *
 * The key and checkpoint are fetched once per page view ({@link createLogViewSource}) and shared
 * by all records. Everything here is pure apart from the injected `get`, `wait` and key pin.
 */
import {
  leafHash,
  LogFormatError,
  LogVerificationError,
  NoteVerificationError,
  parseCheckpoint,
  parseVerifierKey,
  verifyInclusion,
  verifyNote,
  type Checkpoint,
  type Hasher,
  type NoteVerifierKey,
  type SignatureVerifier,
} from '@truceline/domain/log/index';
import { decodeBase64, decodeUtf8, encodeUtf8, toHex } from '@truceline/domain/log/bytes';
import { canonicalJson, recordCommitment } from '@truceline/domain/record/log-entry';

/** One answer from the API, read as text whatever its status. */
export interface LogResponse {
  readonly status: number;
  readonly text: string;
}

/** GETs a path under `/api/v1` (such as `/log/checkpoint`). May throw when the network fails. */
export type LogGet = (path: string, signal?: AbortSignal) => Promise<LogResponse>;

export interface LogCrypto {
  readonly hasher: Hasher;
  readonly verifier: SignatureVerifier;
}

/** Remembers the log's verifier key between visits (trust on first use). */
export interface LogKeyPin {
  remembered(): string | undefined;
  remember(verifierKey: string): void;
}

/** The record types the pages show with a log badge. */
export type PublicRecordType = 'agreement' | 'talk_round' | 'crossing' | 'complaint' | 'evidence';

export interface RecordToVerify {
  readonly type: PublicRecordType;
  readonly id: string;
  /** The record exactly as the page received it from the API. */
  readonly shown: unknown;
}

/** Why a record could not be verified. Each has a message in the web app's catalogues. */
export type VerifyFailureReason =
  /** A call failed (network, or an unexpected status). */
  | 'unreachable'
  /** An answer that does not parse as what it should be. */
  | 'bad_response'
  /** The log's verifier key is missing or malformed. */
  | 'bad_key'
  /** The log's key differs from the one remembered from an earlier visit. */
  | 'key_changed'
  /** The checkpoint is not signed by the log's key, or is malformed. */
  | 'bad_checkpoint'
  /** The entry the server pointed at is about another record, or not a valid entry. */
  | 'wrong_entry'
  /** The inclusion proof does not lead to the signed root. */
  | 'bad_proof'
  /** The opening is malformed, or does not hash to the entry's commitment. */
  | 'bad_opening';

/** Where a record was found: leaf `index` of the signed tree of `treeSize` with that root. */
export interface LogPosition {
  readonly index: number;
  readonly treeSize: number;
  /** Hex root hash of the checkpoint the proof was checked against. */
  readonly rootHash: string;
}

export type VerifyResult =
  | ({ readonly state: 'verified' } & LogPosition)
  /** In the log, but the page shows something else: `fields` are the top-level differences. */
  | ({ readonly state: 'differs'; readonly fields: readonly string[] } & LogPosition)
  /**
   * In the log at that position, but the server does not open the entry's commitment to this
   * viewer (the entry is restricted to others), so the content shown was not checked against it.
   */
  | ({ readonly state: 'withheld' } & LogPosition)
  | { readonly state: 'pending' }
  | { readonly state: 'failed'; readonly reason: VerifyFailureReason; readonly detail: string };

/** What every record is checked against: the log's key and its latest signed checkpoint. */
export interface LogView {
  readonly key: NoteVerifierKey;
  /** The verifier key as the server published it: `<name>+<key ID>+<base64 key>`. */
  readonly verifierKey: string;
  /** Hex SHA-256 of {@link verifierKey}, to compare with a fingerprint published elsewhere. */
  readonly fingerprint: string;
  /** True when this browser had no key remembered and has just remembered this one. */
  readonly firstUse: boolean;
  readonly checkpoint: Checkpoint;
}

export type LogViewResult =
  | { readonly state: 'ok'; readonly view: LogView }
  /** The log has no checkpoint yet. */
  | { readonly state: 'pending' }
  | {
      readonly state: 'failed';
      readonly reason: VerifyFailureReason;
      readonly detail: string;
      /** For `key_changed`: the remembered key and the one the server now presents. */
      readonly previousKey?: string;
      readonly presentedKey?: string;
    };

/** Hands out the page view's key and checkpoint: loaded once, refreshed at most once. */
export interface LogViewSource {
  view(): Promise<LogViewResult>;
  /** A newer checkpoint, for records not yet integrated at the first look. */
  refreshed(): Promise<LogViewResult>;
}

class Failure extends Error {
  constructor(
    readonly reason: VerifyFailureReason,
    detail: string,
  ) {
    super(detail);
  }
}

class Pending extends Error {}

async function fetchOk(get: LogGet, path: string, signal?: AbortSignal): Promise<string> {
  let response: LogResponse;
  try {
    response = await get(path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Failure('unreachable', `GET ${path}: ${describe(error)}`);
  }
  if (response.status === 404) throw new Pending(`GET ${path}: 404`);
  if (response.status !== 200) {
    throw new Failure('unreachable', `GET ${path} answered ${response.status}`);
  }
  return response.text;
}

async function fetchJson(get: LogGet, path: string, signal?: AbortSignal): Promise<unknown> {
  const text = await fetchOk(get, path, signal);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Failure('bad_response', `GET ${path} did not answer JSON`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemsOf(body: unknown, path: string): unknown[] {
  if (!isObject(body) || !Array.isArray(body['items'])) {
    throw new Failure('bad_response', `GET ${path}: no items`);
  }
  return body['items'];
}

/** Loads and checks the log's key and latest checkpoint. */
export async function loadLogView(
  get: LogGet,
  crypto: LogCrypto,
  options: { pin?: LogKeyPin | undefined; signal?: AbortSignal | undefined } = {},
): Promise<LogViewResult> {
  const { hasher, verifier } = crypto;
  try {
    const keys = await fetchOk(get, '/log/keys', options.signal);
    const verifierKey = keys.split('\n')[0]?.trim() ?? '';
    let key: NoteVerifierKey;
    try {
      key = parseVerifierKey(hasher, verifierKey);
    } catch (error) {
      throw new Failure('bad_key', `the log's verifier key: ${describe(error)}`);
    }
    if (key.type !== 0x01) throw new Failure('bad_key', 'the log key is not an Ed25519 note key');

    const remembered = options.pin?.remembered();
    if (remembered !== undefined && remembered !== verifierKey) {
      return {
        state: 'failed',
        reason: 'key_changed',
        detail: `the log's key is now ${verifierKey}, not ${remembered} as on an earlier visit`,
        previousKey: remembered,
        presentedKey: verifierKey,
      };
    }

    const note = await fetchOk(get, '/log/checkpoint', options.signal);
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(verifyNote(note, [key], verifier).text);
    } catch (error) {
      if (
        error instanceof NoteVerificationError ||
        error instanceof LogFormatError ||
        error instanceof RangeError
      ) {
        throw new Failure('bad_checkpoint', `checkpoint: ${describe(error)}`);
      }
      throw error;
    }
    // The log signs with a key named after its origin (C2SP tlog-checkpoint).
    if (checkpoint.origin !== key.name) {
      throw new Failure(
        'bad_checkpoint',
        `checkpoint origin ${checkpoint.origin} is not the key's name ${key.name}`,
      );
    }
    // Remember the key only once it has signed a valid checkpoint.
    const firstUse = remembered === undefined && options.pin !== undefined;
    if (firstUse) options.pin?.remember(verifierKey);
    return {
      state: 'ok',
      view: {
        key,
        verifierKey,
        fingerprint: toHex(hasher.sha256(encodeUtf8(verifierKey))),
        firstUse,
        checkpoint,
      },
    };
  } catch (error) {
    if (error instanceof Pending) return { state: 'pending' };
    if (error instanceof Failure)
      return { state: 'failed', reason: error.reason, detail: error.message };
    throw error;
  }
}

/** One key-and-checkpoint load per page view, shared by every record on it. */
export function createLogViewSource(
  get: LogGet,
  crypto: LogCrypto,
  options: { pin?: LogKeyPin | undefined } = {},
): LogViewSource {
  let first: Promise<LogViewResult> | undefined;
  let second: Promise<LogViewResult> | undefined;
  return {
    view: () => (first ??= loadLogView(get, crypto, options)),
    refreshed: () => (second ??= loadLogView(get, crypto, options)),
  };
}

/** Top-level fields whose values differ between two records (or that only one has). */
export function differingFields(shown: unknown, logged: unknown): string[] {
  if (!isObject(shown) || !isObject(logged)) {
    return canonicalJson(shown) === canonicalJson(logged) ? [] : ['(record)'];
  }
  const names = [...new Set([...Object.keys(shown), ...Object.keys(logged)])].sort();
  return names.filter((name) => {
    const a = shown[name];
    const b = logged[name];
    if (a === undefined || b === undefined) return a !== b;
    return canonicalJson(a) !== canonicalJson(b);
  });
}

async function attempt(
  get: LogGet,
  record: RecordToVerify,
  viewResult: LogViewResult,
  crypto: LogCrypto,
  signal: AbortSignal | undefined,
): Promise<VerifyResult> {
  if (viewResult.state === 'pending') return { state: 'pending' };
  if (viewResult.state === 'failed') {
    return { state: 'failed', reason: viewResult.reason, detail: viewResult.detail };
  }
  const { checkpoint } = viewResult.view;
  const { hasher } = crypto;
  const treeSize = checkpoint.treeSize;
  try {
    // The latest entry for the record, integrated and covered by the checkpoint.
    const recordPath = `/log/records/${encodeURIComponent(record.type)}/${encodeURIComponent(record.id)}`;
    const changes = itemsOf(await fetchJson(get, recordPath, signal), recordPath);
    const indices = changes.map((c) => (isObject(c) ? c['index'] : undefined));
    if (!indices.every((i): i is number => Number.isSafeInteger(i) && (i as number) >= 0)) {
      throw new Failure('bad_response', `GET ${recordPath}: an index is not a number`);
    }
    if (indices.length === 0) return { state: 'pending' };
    const index = Math.max(...indices);
    if (index >= treeSize) return { state: 'pending' };

    // The entry's bytes, which must be about this record.
    const entriesPath = `/log/entries?start=${index}&end=${index + 1}`;
    const [item] = itemsOf(await fetchJson(get, entriesPath, signal), entriesPath);
    const base64 = isObject(item) && item['index'] === index ? item['entry'] : undefined;
    const entryBytes = typeof base64 === 'string' ? decodeBase64(base64) : undefined;
    if (!entryBytes) throw new Failure('bad_response', `GET ${entriesPath}: no entry ${index}`);
    const entryText = decodeUtf8(entryBytes);
    let entry: unknown;
    try {
      entry = entryText === undefined ? undefined : JSON.parse(entryText);
    } catch {
      entry = undefined;
    }
    if (
      !isObject(entry) ||
      entry['recordType'] !== record.type ||
      entry['recordId'] !== record.id ||
      typeof entry['commitment'] !== 'string' ||
      typeof entry['salted'] !== 'boolean'
    ) {
      throw new Failure('wrong_entry', `entry ${index} is not about ${record.type} ${record.id}`);
    }

    // The entry is leaf `index` of the signed tree.
    const proofPath = `/log/proof/inclusion?index=${index}&treeSize=${treeSize}`;
    const proofBody = await fetchJson(get, proofPath, signal);
    const hashes = isObject(proofBody) ? proofBody['hashes'] : undefined;
    const proof = Array.isArray(hashes)
      ? hashes.map((h) => (typeof h === 'string' ? decodeBase64(h) : undefined))
      : undefined;
    if (!proof || !proof.every((h): h is Uint8Array => h !== undefined)) {
      throw new Failure('bad_response', `GET ${proofPath}: hashes are not base64`);
    }
    try {
      verifyInclusion(
        hasher,
        leafHash(hasher, entryBytes),
        index,
        treeSize,
        proof,
        checkpoint.rootHash,
      );
    } catch (error) {
      if (error instanceof LogVerificationError || error instanceof RangeError) {
        throw new Failure('bad_proof', `entry ${index}: ${describe(error)}`);
      }
      throw error;
    }

    const position = { index, treeSize, rootHash: toHex(checkpoint.rootHash) };

    // The committed record: it must hash to the commitment and be the record shown. The server
    // leaves out the openings the viewer may not see: then there is nothing to check the content
    // against, which is not a mismatch either.
    const openingsPath = `/log/openings?start=${index}&end=${index + 1}`;
    const opening = itemsOf(await fetchJson(get, openingsPath, signal), openingsPath).find(
      (o) => isObject(o) && o['index'] === index,
    );
    if (opening === undefined) return { state: 'withheld', ...position };
    if (!isObject(opening) || typeof opening['record'] !== 'string') {
      throw new Failure('bad_opening', `the opening of entry ${index} has no record`);
    }
    let salt: Uint8Array | undefined;
    if (entry['salted']) {
      salt = typeof opening['salt'] === 'string' ? decodeBase64(opening['salt']) : undefined;
      if (!salt) throw new Failure('bad_opening', `the opening of entry ${index} has no salt`);
    }
    let logged: unknown;
    try {
      logged = JSON.parse(opening['record']);
    } catch {
      throw new Failure('bad_opening', `the opening of entry ${index} is not JSON`);
    }
    if (recordCommitment(hasher, logged, salt) !== entry['commitment']) {
      throw new Failure(
        'bad_opening',
        `the opening of entry ${index} does not match its commitment`,
      );
    }
    const fields = differingFields(record.shown, logged);
    return fields.length > 0
      ? { state: 'differs', fields, ...position }
      : { state: 'verified', ...position };
  } catch (error) {
    if (error instanceof Pending) return { state: 'pending' };
    if (error instanceof Failure)
      return { state: 'failed', reason: error.reason, detail: error.message };
    throw error;
  }
}

/** Waits `ms` milliseconds with a timer, or rejects when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface VerifyOptions {
  readonly crypto: LogCrypto;
  /** The page view's shared key and checkpoint; by default, loaded for this record alone. */
  readonly source?: LogViewSource;
  /** Remembered log key, when no `source` is given. */
  readonly pin?: LogKeyPin;
  /** How long to wait before the one retry of a record not yet integrated. */
  readonly retryDelayMs?: number;
  /** The timer used for that wait (tests pass one that resolves at once). */
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
}

export const RETRY_DELAY_MS = 1500;

/**
 * Verifies one record. A record not yet integrated (or, in the same window, integrated in an
 * older state than the one shown) is tried once more after {@link RETRY_DELAY_MS}, against a
 * refreshed checkpoint; a record still missing then is `pending`, one still different `differs`.
 * Rejects only when `signal` aborts.
 */
export async function verifyRecord(
  get: LogGet,
  record: RecordToVerify,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const { crypto, signal } = options;
  const source = options.source ?? createLogViewSource(get, crypto, { pin: options.pin });
  const first = await attempt(get, record, await source.view(), crypto, signal);
  if (first.state !== 'pending' && first.state !== 'differs') return first;
  await (options.wait ?? delay)(options.retryDelayMs ?? RETRY_DELAY_MS, signal);
  return attempt(get, record, await source.refreshed(), crypto, signal);
}
