/**
 * Appending to the transparency log, inside the caller's transaction: the change and its entry
 * commit together or not at all. Entries wait in `log_pending` until the sequencer integrates them.
 */
import crypto from 'node:crypto';
import {
  canonicalJson,
  encodeLogEntry,
  recordCommitment,
  type Actor,
  type LogEntry,
  type RecordVisibility,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { logPending } from '../../platform/database/schema/index.ts';
import { nodeHasher } from '../../platform/secrets/log-signing-key.ts';

export interface LogAppend {
  readonly action: string;
  /** Who acted; null for the system itself (demo load, jobs, CLI administration). */
  readonly actor: Pick<Actor, 'userId' | 'organisationId'> | null;
  readonly recordType: string;
  readonly recordId: string;
  /** The record's content as the API presents it; only its commitment enters the log. */
  readonly record: unknown;
  readonly visibility: RecordVisibility;
  /** The organisation a restricted record belongs to (its originator), if any. */
  readonly ownerOrganisationId?: string;
  readonly now: Date;
}

/** Appends one entry for a change. Call it with the transaction that makes the change. */
export async function appendToLog(tx: Db, change: LogAppend): Promise<void> {
  const salt = change.visibility === 'public' ? undefined : new Uint8Array(crypto.randomBytes(32));
  const entry: LogEntry = {
    v: 1,
    action: change.action,
    actor: change.actor?.userId ?? null,
    organisation: change.actor?.organisationId ?? null,
    time: change.now.toISOString(),
    recordType: change.recordType,
    recordId: change.recordId,
    commitment: recordCommitment(nodeHasher, change.record, salt),
    salted: salt !== undefined,
  };
  await tx.insert(logPending).values({
    entry: encodeLogEntry(entry),
    salt: salt ?? null,
    recordType: change.recordType,
    recordId: change.recordId,
    record: canonicalJson(change.record),
    visibility: change.visibility,
    ownerOrganisationId: change.ownerOrganisationId ?? null,
  });
}
