/**
 * Witnesses of the log (C2SP tlog-cosignature): the registry of their keys, the cosignatures they
 * post, and the policy deciding when a checkpoint counts. A posted cosignature is accepted only
 * when it verifies against a registered witness key and cosigns exactly the text of the checkpoint
 * the log stored for that size: the signature authenticates the witness, so posting is public.
 */
import {
  checkpointCounts,
  formatVerifierKey,
  LogFormatError,
  NoteVerificationError,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  verifyNote,
  type Actor,
  type Hasher,
  type NoteSignature,
  type NoteVerifierKey,
  type SignatureVerifier,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { isUniqueViolation } from '../users/users.service.ts';
import { findOrganisation } from '../users/users.repository.ts';
import { checkpointAt } from './log.repository.ts';
import { appendToLog } from './log.writer.ts';
import * as repo from './witnesses.repository.ts';

/** A registered witness as the API presents it. */
export interface Witness {
  readonly name: string;
  readonly verifierKey: string;
  readonly organisationId: string | null;
  readonly required: boolean;
  readonly createdAt: string;
}

/** Whether a checkpoint has the cosignatures the policy asks for. */
export interface CheckpointStatus {
  readonly size: number;
  readonly cosignedBy: string[];
  readonly missing: string[];
  readonly counts: boolean;
}

export interface WitnessesService {
  list(): Promise<Witness[]>;
  /** The registered witnesses' verifier keys, by name. */
  keys(): Promise<NoteVerifierKey[]>;
  /** Registers a witness key (admin CLI); logs the registration in the same transaction. */
  register(
    input: { verifierKey: string; organisationId: string | null; required: boolean },
    actor: Pick<Actor, 'userId' | 'organisationId'> | null,
  ): Promise<Witness>;
  /**
   * Accepts the cosignatures in a cosigned checkpoint note (the log's signature and one or more
   * witness cosignature lines). Returns the names of the witnesses whose lines were stored.
   */
  acceptCosignatures(note: string): Promise<{ size: number; accepted: string[] }>;
  /** Applies the witness policy to a checkpoint note as the log serves it. */
  status(note: string): Promise<CheckpointStatus>;
}

const present = (row: repo.WitnessRow): Witness => ({
  name: row.name,
  verifierKey: row.verifierKey,
  organisationId: row.organisationId,
  required: row.required,
  createdAt: row.createdAt.toISOString(),
});

const invalid = (message: string, field = 'body.checkpoint') =>
  new AppError('validation_failed', message, { errors: [{ field, message }] });

/** A note signature line, exactly as signed-note formats it. */
function signatureLine(sig: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(sig.keyId);
  return `\u2014 ${sig.name} ${Buffer.concat([id, sig.signature]).toString('base64')}`;
}

export function createWitnessesService(deps: {
  db: Db;
  hasher: Hasher;
  verifier: SignatureVerifier;
  /** The log's verifier key: its name is the checkpoint origin. */
  logKey: NoteVerifierKey;
  clock: () => Date;
}): WitnessesService {
  const { db, hasher, verifier, logKey } = deps;
  // Parsing a vkey hashes; keys never change once registered, so remember them.
  const parsed = new Map<string, NoteVerifierKey>();
  const keyOf = (vkey: string): NoteVerifierKey => {
    let key = parsed.get(vkey);
    if (!key) {
      key = parseVerifierKey(hasher, vkey);
      parsed.set(vkey, key);
    }
    return key;
  };

  async function policy() {
    return (await repo.listWitnesses(db)).map((w) => ({
      key: keyOf(w.verifierKey),
      required: w.required,
    }));
  }

  return {
    async list() {
      return (await repo.listWitnesses(db)).map(present);
    },

    async keys() {
      return (await repo.listWitnesses(db)).map((w) => keyOf(w.verifierKey));
    },

    async register(input, actor) {
      let key: NoteVerifierKey;
      try {
        key = parseVerifierKey(hasher, input.verifierKey.trim());
      } catch (error) {
        if (error instanceof LogFormatError) throw invalid(error.message, 'verifierKey');
        throw error;
      }
      if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
        throw invalid('A witness key must be a cosignature/v1 key (type 0x04)', 'verifierKey');
      }
      if (key.name === logKey.name) {
        throw invalid("A witness cannot take the log's own key name", 'verifierKey');
      }
      if (input.organisationId !== null && !(await findOrganisation(db, input.organisationId))) {
        throw invalid('No such organisation', 'organisationId');
      }
      // Store the canonical form, so the same key always compares equal.
      const verifierKey = formatVerifierKey(key);
      const taken = new AppError(
        'conflict',
        `A witness named ${key.name} or with this key is already registered`,
        {
          errors: [{ field: 'verifierKey', message: 'is already registered' }],
        },
      );
      if ((await repo.findWitness(db, key.name)) || (await repo.findWitnessByKey(db, verifierKey)))
        throw taken;
      try {
        return await db.transaction(async (tx) => {
          const row = await repo.insertWitness(tx, {
            name: key.name,
            verifierKey,
            organisationId: input.organisationId,
            required: input.required,
          });
          const witness = present(row);
          await appendToLog(tx, {
            action: 'witness.register',
            actor,
            recordType: 'log_witness',
            recordId: witness.name,
            record: {
              name: witness.name,
              verifierKey: witness.verifierKey,
              organisationId: witness.organisationId,
              required: witness.required,
            },
            visibility: 'public',
            now: deps.clock(),
          });
          return witness;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw taken;
        throw error;
      }
    },

    async acceptCosignatures(note) {
      let size: number;
      let text: string;
      try {
        text = parseSignedNote(note).text;
        const checkpoint = parseCheckpoint(text);
        if (checkpoint.origin !== logKey.name)
          throw invalid(
            `The checkpoint is for ${checkpoint.origin}, not this log (${logKey.name})`,
          );
        size = checkpoint.treeSize;
      } catch (error) {
        if (error instanceof LogFormatError) throw invalid(error.message);
        throw error;
      }

      const witnesses = await policy();
      let verified;
      try {
        verified = verifyNote(note, [logKey, ...witnesses.map((w) => w.key)], verifier);
      } catch (error) {
        if (error instanceof NoteVerificationError) {
          throw invalid(
            error.code === 'no_verified_signature'
              ? 'The note carries no cosignature by a registered witness'
              : `A signature does not verify: ${error.message}`,
          );
        }
        throw error;
      }
      const cosignatures = verified.verified.filter((v) => v.key !== logKey);
      if (cosignatures.length === 0)
        throw invalid('The note carries no cosignature by a registered witness');

      const stored = await checkpointAt(db, size);
      if (!stored) {
        throw new AppError('conflict', `The log has published no checkpoint of size ${size}`);
      }
      if (parseSignedNote(stored.note).text !== text) {
        throw new AppError(
          'conflict',
          `The cosigned checkpoint differs from the log's checkpoint of size ${size}`,
        );
      }
      await db.transaction(async (tx) => {
        for (const c of cosignatures) {
          await repo.upsertCosignature(tx, {
            size,
            witness: c.key.name,
            signatureLine: signatureLine(c.signature),
          });
        }
      });
      return { size, accepted: cosignatures.map((c) => c.key.name) };
    },

    async status(note) {
      const result = checkpointCounts(note, logKey, await policy(), verifier);
      return {
        size: parseCheckpoint(result.text).treeSize,
        cosignedBy: [...result.cosignedBy],
        missing: [...result.missing],
        counts: result.counts,
      };
    },
  };
}
