/**
 * A witness of a Truceline log (C2SP tlog-cosignature, cosignature/v1), as each party and mediator
 * runs it with no access to the log's database. One round: fetch the log's checkpoint, verify the
 * log's signature with the pinned key, and compare it with the last checkpoint this witness
 * cosigned. It cosigns only if the log grew append-only (a consistency proof from the old tree to
 * the new verifies) or, on first use, trusting the first checkpoint it sees. It refuses a smaller
 * tree (rollback), a bad proof, and two different checkpoints of one size (a split view), keeping
 * both notes of a split view as proof and refusing every later round until an operator clears it.
 *
 * The new state is saved before the cosignature is posted: a witness must never forget a
 * checkpoint it signed, or a log could later get a conflicting one cosigned too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  cosignatureNoteSigner,
  cosignerVerifierKey,
  formatVerifierKey,
  LogFormatError,
  LogVerificationError,
  NoteVerificationError,
  parseCheckpoint,
  parseSignedNote,
  signNote,
  verifyConsistency,
  verifyNote,
  type Checkpoint,
  type Ed25519Signer,
  type Hasher,
  type NoteSignature,
  type NoteVerifierKey,
  type SignatureVerifier,
} from '@truceline/domain';

/** The part of `fetch` the witness uses (the global `fetch` fits). */
export type WitnessFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Where a witness keeps what it must not forget. */
export interface WitnessStateStore {
  /** The last checkpoint note this witness cosigned (with its cosignature), if any. */
  load(): Promise<string | undefined>;
  /** Replaces the state, atomically: after a crash it holds the old note or the new one. */
  save(note: string): Promise<void>;
  /** Keeps both notes of a split view as proof; returns where they went. */
  saveSplitView(evidence: SplitViewEvidence): Promise<string>;
  /** Proof of a split view kept earlier, if any: while it is there the witness refuses. */
  splitViewOnRecord(): Promise<string | undefined>;
}

export interface SplitViewEvidence {
  readonly origin: string;
  readonly size: number;
  readonly witness: string;
  readonly logKey: string;
  readonly at: Date;
  /** The checkpoint this witness cosigned earlier. */
  readonly cosigned: string;
  /** The different checkpoint of the same size the log served now. */
  readonly served: string;
}

export interface WitnessConfig {
  /** The log's API prefix, e.g. `http://127.0.0.1:8080/api/v1/log`. */
  readonly logUrl: string;
  /** The log's pinned Ed25519 verifier key; its name is the checkpoint origin. */
  readonly logKey: NoteVerifierKey;
  /** The witness's key name, as its cosignature lines carry it. */
  readonly name: string;
  readonly signer: Ed25519Signer;
}

export interface WitnessDeps {
  readonly fetch: WitnessFetch;
  readonly hasher: Hasher;
  readonly verifier: SignatureVerifier;
  readonly clock: () => Date;
  readonly state: WitnessStateStore;
}

/** What one round did. Refusals are outcomes, not errors: they are the witness doing its job. */
export type WitnessOutcome =
  | {
      readonly kind: 'cosigned';
      readonly size: number;
      /** The size cosigned before, or null on first use. */
      readonly previousSize: number | null;
      /** Witnesses whose cosignatures the log stored. */
      readonly accepted: readonly string[];
    }
  | { readonly kind: 'unchanged'; readonly size: number; readonly reposted: boolean }
  | {
      readonly kind: 'refused';
      readonly reason: 'rollback' | 'split_view' | 'inconsistent' | 'split_view_on_record';
      readonly message: string;
      /** The file holding the proof of a split view. */
      readonly evidence?: string;
    };

export type WitnessErrorCode =
  /** The log could not be reached, or answered with an HTTP error, when read. */
  | 'unreachable'
  /** The served checkpoint is malformed or does not verify against the pinned log key. */
  | 'bad_checkpoint'
  /** The witness's own state is unreadable or does not verify. */
  | 'bad_state'
  /** The log refused the cosignature. */
  | 'rejected';

/** A round that could not finish, for a reason other than a refusal. */
export class WitnessError extends Error {
  override readonly name = 'WitnessError';
  constructor(
    readonly code: WitnessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface VerifiedCheckpoint {
  readonly note: string;
  /** The note text (the checkpoint body). */
  readonly text: string;
  readonly checkpoint: Checkpoint;
  /** The signature lines that verified. */
  readonly signatures: readonly NoteSignature[];
}

const bytesEqual = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The witness's own cosignature verifier key (type 0x04). */
export function witnessVerifierKey(hasher: Hasher, name: string, publicKey: Uint8Array) {
  return cosignerVerifierKey(hasher, name, publicKey);
}

/** Runs one round of the witness. Throws a {@link WitnessError}; refusals are returned. */
export async function witnessOnce(
  config: WitnessConfig,
  deps: WitnessDeps,
): Promise<WitnessOutcome> {
  const base = config.logUrl.replace(/\/+$/, '');
  const ownKey = witnessVerifierKey(deps.hasher, config.name, config.signer.publicKey);

  const onRecord = await deps.state.splitViewOnRecord();
  if (onRecord !== undefined) {
    return {
      kind: 'refused',
      reason: 'split_view_on_record',
      message: `refusing to cosign: proof of a split view is on record in ${onRecord}; move it away once investigated`,
      evidence: onRecord,
    };
  }

  async function get(url: string): Promise<string> {
    let res;
    try {
      res = await deps.fetch(url, { headers: { accept: 'text/plain, application/json' } });
    } catch (error) {
      throw new WitnessError('unreachable', `cannot reach ${url}: ${(error as Error).message}`);
    }
    const body = await res.text().catch(() => '');
    if (!res.ok)
      throw new WitnessError('unreachable', `${url} answered ${res.status}: ${body.slice(0, 300)}`);
    return body;
  }

  /** Verifies a note (one of `keys` must have signed it) and parses its checkpoint. */
  function verifyCheckpoint(note: string, keys: NoteVerifierKey[]): VerifiedCheckpoint {
    const verified = verifyNote(note, keys, deps.verifier);
    const checkpoint = parseCheckpoint(verified.text);
    if (checkpoint.origin !== config.logKey.name) {
      throw new LogFormatError(
        'malformed_checkpoint',
        `checkpoint origin ${checkpoint.origin} is not the log key's name ${config.logKey.name}`,
      );
    }
    return {
      note,
      text: verified.text,
      checkpoint,
      signatures: verified.verified.map((v) => v.signature),
    };
  }

  // 1. The log's latest checkpoint, signed by the pinned key.
  const served = await get(`${base}/checkpoint`);
  let current: VerifiedCheckpoint;
  try {
    current = verifyCheckpoint(served, [config.logKey]);
  } catch (error) {
    if (error instanceof LogFormatError || error instanceof NoteVerificationError) {
      throw new WitnessError(
        'bad_checkpoint',
        `the log's checkpoint does not verify against the pinned key ${formatVerifierKey(config.logKey)}: ${error.message}`,
      );
    }
    throw error;
  }

  // 2. What this witness cosigned last. Its own cosignature vouches for it even after the log's
  //    key is rotated.
  const stored = await deps.state.load();
  let previous: VerifiedCheckpoint | undefined;
  if (stored !== undefined) {
    try {
      previous = verifyCheckpoint(stored, [config.logKey, ownKey]);
    } catch (error) {
      if (error instanceof LogFormatError || error instanceof NoteVerificationError) {
        throw new WitnessError(
          'bad_state',
          `the saved checkpoint does not verify: ${error.message}`,
        );
      }
      throw error;
    }
  }

  const now = current.checkpoint;
  if (previous) {
    const old = previous.checkpoint;
    if (now.treeSize < old.treeSize) {
      return {
        kind: 'refused',
        reason: 'rollback',
        message: `the log served a checkpoint of size ${now.treeSize}, smaller than size ${old.treeSize} this witness cosigned: a rollback`,
      };
    }
    if (now.treeSize === old.treeSize) {
      if (!bytesEqual(now.rootHash, old.rootHash)) {
        const evidence = await deps.state.saveSplitView({
          origin: now.origin,
          size: now.treeSize,
          witness: config.name,
          logKey: formatVerifierKey(config.logKey),
          at: deps.clock(),
          cosigned: previous.note,
          served,
        });
        return {
          kind: 'refused',
          reason: 'split_view',
          message: `split view: the log signed two different checkpoints of size ${now.treeSize}; both are kept in ${evidence}`,
          evidence,
        };
      }
      // Same tree. Post the cosignature again if the log does not serve it (an earlier post was
      // lost, or the witness stopped between saving and posting).
      const servedLines = new Set(served.split('\n'));
      const ownLines = previous.note
        .split('\n')
        .filter((line) => line.startsWith(`\u2014 ${config.name} `));
      if (previous.text === current.text && ownLines.some((line) => !servedLines.has(line))) {
        await post(previous.note);
        return { kind: 'unchanged', size: now.treeSize, reposted: true };
      }
      return { kind: 'unchanged', size: now.treeSize, reposted: false };
    }
    // 3. The log grew: it must prove the old tree is a prefix of the new one.
    const proofUrl = `${base}/proof/consistency?from=${old.treeSize}&to=${now.treeSize}`;
    const body = await get(proofUrl);
    try {
      const proof = parseProof(body);
      verifyConsistency(deps.hasher, old.treeSize, now.treeSize, old.rootHash, now.rootHash, proof);
    } catch (error) {
      if (error instanceof LogVerificationError || error instanceof ProofFormatError) {
        return {
          kind: 'refused',
          reason: 'inconsistent',
          message: `the log did not prove that size ${now.treeSize} extends size ${old.treeSize}: ${error.message}`,
        };
      }
      throw error;
    }
  }

  // 4. Cosign, remember, publish.
  // The log's signature first, then this witness's cosignature; other witnesses' lines are theirs
  // to post.
  const timestamp = Math.floor(deps.clock().getTime() / 1000);
  const cosigned = signNote(
    current.text,
    [cosignatureNoteSigner(deps.hasher, config.name, config.signer, timestamp)],
    current.signatures,
  );
  await deps.state.save(cosigned);
  const accepted = await post(cosigned);
  return {
    kind: 'cosigned',
    size: now.treeSize,
    previousSize: previous ? previous.checkpoint.treeSize : null,
    accepted,
  };

  async function post(note: string): Promise<string[]> {
    const url = `${base}/cosignatures`;
    let res;
    try {
      res = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ checkpoint: note }),
      });
    } catch (error) {
      throw new WitnessError('unreachable', `cannot reach ${url}: ${(error as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let detail = text.slice(0, 300);
      try {
        detail = String((JSON.parse(text) as { detail?: unknown }).detail ?? detail);
      } catch {
        // not a problem document; keep the raw text
      }
      const code: WitnessErrorCode = res.status >= 500 ? 'unreachable' : 'rejected';
      throw new WitnessError(code, `the log refused the cosignature (${res.status}): ${detail}`);
    }
    try {
      return (JSON.parse(text) as { accepted: string[] }).accepted;
    } catch {
      return [];
    }
  }
}

class ProofFormatError extends Error {}

/** Decodes the JSON consistency proof `{ hashes: [base64, ...] }`, strictly. */
function parseProof(body: string): Uint8Array[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ProofFormatError('the consistency proof is not JSON');
  }
  const hashes = (parsed as { hashes?: unknown } | null)?.hashes;
  if (!Array.isArray(hashes)) throw new ProofFormatError('the consistency proof has no hashes');
  return hashes.map((h, i) => {
    if (typeof h !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(h))
      throw new ProofFormatError(`proof hash ${i} is not base64 of 32 bytes`);
    return new Uint8Array(Buffer.from(h, 'base64'));
  });
}

const STATE_FILE = 'state.json';
const SPLIT_VIEW = /^split-view-\d+-[0-9TZ]+(-\d+)?\.txt$/;

/**
 * The witness's state in a directory: `state.json` ({ version, origin, size, checkpoint }), written
 * to a temporary file, flushed and renamed over the old one; and `split-view-<size>-<time>.txt`
 * files holding proof of split views.
 */
export function directoryStateStore(dir: string): WitnessStateStore {
  const file = path.join(dir, STATE_FILE);
  return {
    async load() {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new WitnessError('bad_state', `cannot read ${file}: ${(error as Error).message}`);
      }
      try {
        const state = JSON.parse(text) as { version?: unknown; checkpoint?: unknown };
        if (state.version !== 1 || typeof state.checkpoint !== 'string')
          throw new Error('unknown format');
        return state.checkpoint;
      } catch (error) {
        throw new WitnessError(
          'bad_state',
          `${file} is not a witness state: ${(error as Error).message}`,
        );
      }
    },
    async save(note) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const checkpoint = parseCheckpoint(parseSignedNote(note).text);
      const body = `${JSON.stringify(
        {
          version: 1,
          origin: checkpoint.origin,
          size: checkpoint.treeSize,
          savedAt: new Date().toISOString(),
          checkpoint: note,
        },
        null,
        2,
      )}\n`;
      const temp = path.join(
        dir,
        `.${STATE_FILE}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`,
      );
      const handle = await fs.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await fs.rename(temp, file);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
      // Make the rename itself durable where the platform allows syncing a directory.
      try {
        const d = await fs.open(dir, 'r');
        try {
          await d.sync();
        } finally {
          await d.close();
        }
      } catch {
        // Not supported here (e.g. Windows); the rename is still atomic.
      }
    },
    async saveSplitView(e) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const stamp = e.at
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      const text =
        `Split view of the log ${e.origin} at tree size ${e.size}, seen by witness ${e.witness} at ${e.at.toISOString()}.\n` +
        `Both checkpoints are signed by the log key ${e.logKey}.\n` +
        'An append-only log never signs two different checkpoints of one size.\n\n' +
        '--- checkpoint cosigned earlier by this witness ---\n' +
        e.cosigned +
        '--- different checkpoint of the same size served now ---\n' +
        e.served;
      for (let n = 0; ; n++) {
        const name = `split-view-${e.size}-${stamp}${n === 0 ? '' : `-${n}`}.txt`;
        const target = path.join(dir, name);
        try {
          await fs.writeFile(target, text, { flag: 'wx', mode: 0o600 });
          return target;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw error;
        }
      }
    },
    async splitViewOnRecord() {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const found = names.filter((n) => SPLIT_VIEW.test(n)).sort()[0];
      return found === undefined ? undefined : path.join(dir, found);
    },
  };
}
