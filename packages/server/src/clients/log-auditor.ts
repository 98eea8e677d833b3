/**
 * The auditor: what any party runs, with no access to the server's database, to check the log.
 * It verifies the checkpoint's signature and the required witnesses' cosignatures against pinned
 * keys, proves the log only grew since the checkpoint it saw last, and optionally recomputes the
 * whole tree (`full`) and checks every record it may see against its commitment (`token`).
 */
import {
  canonicalJson,
  decodeEntryBundle,
  decodeTile,
  entryBundlePath,
  leafHash,
  parseCheckpoint,
  recordCommitment,
  rootHash,
  tilePath,
  TILE_WIDTH,
  verifyConsistency,
  verifyNote,
  type Checkpoint,
  type Hasher,
  type NoteVerifierKey,
  type SignatureVerifier,
} from '@truceline/domain';
import type { LogHttp } from './log-http.ts';

/** One thing the audit found wrong, named precisely enough to act on. */
export interface AuditFinding {
  readonly kind:
    | 'signature'
    | 'cosignature'
    | 'rollback'
    | 'split_view'
    | 'consistency'
    | 'root'
    | 'entry'
    | 'commitment'
    | 'record_changed'
    | 'record_missing'
    | 'record_not_logged';
  readonly message: string;
  readonly index?: number;
  readonly recordType?: string;
  readonly recordId?: string;
  readonly field?: string;
}

/** What the auditor remembers between runs. */
export interface AuditState {
  readonly size: number;
  readonly rootHash: string;
  readonly note: string;
}

export interface AuditOptions {
  readonly http: LogHttp;
  /** HTTP access to the API root (`…/api/v1`) with the auditor's token, for record checks. */
  readonly api?: LogHttp;
  readonly hasher: Hasher;
  readonly verifier: SignatureVerifier;
  readonly logKey: NoteVerifierKey;
  /** Witnesses whose cosignature the mechanism's policy requires. */
  readonly witnessKeys: readonly NoteVerifierKey[];
  readonly previous: AuditState | undefined;
  readonly full: boolean;
  readonly onProgress?: (done: number, total: number, phase: string) => void;
}

export interface AuditResult {
  readonly checkpoint: Checkpoint | undefined;
  readonly state: AuditState | undefined;
  readonly findings: AuditFinding[];
  readonly entriesChecked: number;
  readonly recordsChecked: number;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const bytesEqual = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Fields that change with use and are not part of a record's logged state. */
const VOLATILE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  api_token: ['lastUsedAt'],
};

/** Live records the auditor can list through the API, by record type. */
const LISTERS: Readonly<
  Record<string, { path: string; complete: (caps: Set<string>) => boolean }>
> = {
  organisation: { path: 'organisations', complete: (c) => c.has('organisation.list') },
  user: { path: 'users', complete: (c) => c.has('user.list') },
  agreement: { path: 'agreements', complete: () => true },
  talk_round: { path: 'talks', complete: () => true },
  crossing: { path: 'crossings', complete: () => true },
};

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const { http, hasher } = options;
  const findings: AuditFinding[] = [];
  const fail = (f: AuditFinding): AuditResult => ({
    checkpoint: undefined,
    state: undefined,
    findings: [...findings, f],
    entriesChecked: 0,
    recordsChecked: 0,
  });

  // 1. The checkpoint: the log's signature and every required cosignature.
  const note = await http.text('checkpoint');
  let checkpoint: Checkpoint;
  try {
    const verified = verifyNote(note, [options.logKey, ...options.witnessKeys], options.verifier);
    if (!verified.verified.some((v) => v.key === options.logKey)) {
      return fail({
        kind: 'signature',
        message: 'the checkpoint is not signed by the pinned log key',
      });
    }
    for (const w of options.witnessKeys) {
      if (!verified.verified.some((v) => v.key === w)) {
        findings.push({
          kind: 'cosignature',
          message: `the checkpoint lacks the required cosignature of witness ${w.name}`,
        });
      }
    }
    checkpoint = parseCheckpoint(verified.text);
  } catch (error) {
    return fail({
      kind: 'signature',
      message: `the checkpoint does not verify: ${(error as Error).message}`,
    });
  }
  if (checkpoint.origin !== options.logKey.name) {
    return fail({
      kind: 'signature',
      message: `checkpoint origin ${checkpoint.origin} is not the pinned log ${options.logKey.name}`,
    });
  }

  // 2. Append-only since the last checkpoint this auditor saw.
  const prev = options.previous;
  if (prev) {
    const prevRoot = fromB64(prev.rootHash);
    if (checkpoint.treeSize < prev.size) {
      return fail({
        kind: 'rollback',
        message: `the log went back from size ${prev.size} to ${checkpoint.treeSize}: it was rolled back`,
      });
    }
    if (checkpoint.treeSize === prev.size && !bytesEqual(prevRoot, checkpoint.rootHash)) {
      return fail({
        kind: 'split_view',
        message: `two different trees of size ${prev.size}: the log shows different histories (split view)`,
      });
    }
    if (checkpoint.treeSize > prev.size) {
      const proof = await http.json<{ hashes: string[] }>(
        `proof/consistency?from=${prev.size}&to=${checkpoint.treeSize}`,
      );
      try {
        verifyConsistency(
          hasher,
          prev.size,
          checkpoint.treeSize,
          prevRoot,
          checkpoint.rootHash,
          proof.hashes.map(fromB64),
        );
      } catch (error) {
        return fail({
          kind: 'consistency',
          message: `size ${checkpoint.treeSize} is not an extension of size ${prev.size} seen before: ${(error as Error).message}`,
        });
      }
    }
  }

  // 3. Full: every entry, recomputed into the signed root.
  let entries: Uint8Array[] = [];
  if (options.full || options.api) {
    entries = await downloadEntries(http, checkpoint.treeSize, options.onProgress);
    const leaves = entries.map((e) => leafHash(hasher, e));
    if (!bytesEqual(rootHash(hasher, leaves), checkpoint.rootHash)) {
      findings.push(await locateDamage(http, leaves, checkpoint.treeSize));
    }
    entries.forEach((e, index) => {
      try {
        const decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(e)) as {
          v?: unknown;
        };
        if (decoded.v !== 1) throw new Error('unknown entry version');
      } catch (error) {
        findings.push({
          kind: 'entry',
          index,
          message: `entry ${index} is not a valid log entry: ${(error as Error).message}`,
        });
      }
    });
  }

  // 4. With an account: every visible record against its commitment, and today's records against
  //    their last logged state.
  let recordsChecked = 0;
  if (options.api)
    recordsChecked = await checkRecords(
      options.api,
      http,
      hasher,
      entries,
      checkpoint.treeSize,
      findings,
    );

  return {
    checkpoint,
    state: { size: checkpoint.treeSize, rootHash: b64(checkpoint.rootHash), note },
    findings,
    entriesChecked: entries.length,
    recordsChecked,
  };
}

async function downloadEntries(
  http: LogHttp,
  size: number,
  onProgress?: (done: number, total: number, phase: string) => void,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let tile = 0; tile * TILE_WIDTH < size; tile++) {
    const width = Math.min(TILE_WIDTH, size - tile * TILE_WIDTH);
    out.push(...decodeEntryBundle(await http.bytes(entryBundlePath(tile, width))));
    onProgress?.(out.length, size, 'entries');
  }
  return out;
}

/** Names the first entry whose hash differs from the log's own hash tiles, when the root fails. */
async function locateDamage(
  http: LogHttp,
  leaves: Uint8Array[],
  size: number,
): Promise<AuditFinding> {
  for (let tile = 0; tile * TILE_WIDTH < size; tile++) {
    const width = Math.min(TILE_WIDTH, size - tile * TILE_WIDTH);
    const hashes = decodeTile(await http.bytes(tilePath({ level: 0, index: tile, width })));
    for (let i = 0; i < width; i++) {
      const index = tile * TILE_WIDTH + i;
      if (!hashes[i] || !bytesEqual(hashes[i]!, leaves[index]!)) {
        return {
          kind: 'root',
          index,
          message: `entry ${index} was altered: its hash differs from the one the signed tree was built from`,
        };
      }
    }
  }
  return {
    kind: 'root',
    message:
      'the entries do not add up to the signed root hash although they match the served hash tiles: the stored tree was rewritten',
  };
}

function fieldsDiffer(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  ignore: readonly string[],
): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter(
      (k) => !ignore.includes(k) && canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null),
    )
    .sort();
}

async function checkRecords(
  api: LogHttp,
  http: LogHttp,
  hasher: Hasher,
  entries: Uint8Array[],
  size: number,
  findings: AuditFinding[],
): Promise<number> {
  const latest = new Map<string, { index: number; record: Record<string, unknown> }>();
  let checked = 0;
  for (let start = 0; start < size; start += 1000) {
    const page = await http.json<{
      items: {
        index: number;
        recordType: string;
        recordId: string;
        record: string;
        salt: string | null;
      }[];
    }>(`openings?start=${start}&end=${Math.min(size, start + 1000)}`);
    for (const o of page.items) {
      checked++;
      const entryBytes = entries[o.index];
      const entry = entryBytes
        ? (JSON.parse(new TextDecoder().decode(entryBytes)) as {
            commitment: string;
            recordType: string;
            recordId: string;
          })
        : undefined;
      const record = JSON.parse(o.record) as Record<string, unknown>;
      const commitment = recordCommitment(
        hasher,
        record,
        o.salt === null ? undefined : fromB64(o.salt),
      );
      if (
        !entry ||
        entry.commitment !== commitment ||
        entry.recordType !== o.recordType ||
        entry.recordId !== o.recordId
      ) {
        findings.push({
          kind: 'commitment',
          index: o.index,
          recordType: o.recordType,
          recordId: o.recordId,
          message: `entry ${o.index}: the ${o.recordType} ${o.recordId} served as its content does not match the logged commitment`,
        });
        continue;
      }
      latest.set(`${o.recordType}/${o.recordId}`, { index: o.index, record });
    }
  }

  const session = await api.json<{ capabilities: string[]; user: { id: string } }>('auth/session');
  const caps = new Set(session.capabilities);
  for (const [recordType, lister] of Object.entries(LISTERS)) {
    if (!lister.complete(caps)) continue;
    const live = (await api.json<{ items: Record<string, unknown>[] }>(lister.path)).items;
    const seen = new Set<string>();
    for (const record of live) {
      const id = String(record['id']);
      seen.add(id);
      const logged = latest.get(`${recordType}/${id}`);
      if (!logged) {
        findings.push({
          kind: 'record_not_logged',
          recordType,
          recordId: id,
          message: `${recordType} ${id} exists but was never recorded in the log`,
        });
        continue;
      }
      for (const field of fieldsDiffer(logged.record, record, VOLATILE_FIELDS[recordType] ?? [])) {
        findings.push({
          kind: 'record_changed',
          index: logged.index,
          recordType,
          recordId: id,
          field,
          message: `${recordType} ${id}: field "${field}" differs from its last logged state (entry ${logged.index})`,
        });
      }
    }
    for (const [key, logged] of latest) {
      const [type, id] = key.split('/') as [string, string];
      if (type === recordType && !seen.has(id)) {
        findings.push({
          kind: 'record_missing',
          index: logged.index,
          recordType,
          recordId: id,
          message: `${recordType} ${id} is in the log (entry ${logged.index}) but the service no longer shows it`,
        });
      }
    }
  }
  return checked;
}
