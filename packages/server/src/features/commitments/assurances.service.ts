/**
 * The parties' signing keys and their written assurances. A key is registered by an administrator
 * or a mediator and can be revoked; a party officer submits an assurance signed with one of the
 * party's keys, and the server stores it only once the domain's check (with node:crypto's Ed25519)
 * accepts the signature. Verifying a stored assurance later uses the log's time of submission: a
 * key revoked after that does not undo what it signed.
 */
import { and, asc, eq } from 'drizzle-orm';
import {
  checkCommitmentStatement,
  keyFingerprint,
  maySeeRecord,
  parseEd25519PublicKey,
  parseEd25519Signature,
  recordCommitment,
  signedTextBytes,
  toBase64,
  verifyAssurance,
  verifySignedText,
  type Actor,
  type Assurance,
  type AssuranceListQuery,
  type AssurancePage,
  type AssuranceVerification,
  type MaterialVisibility,
  type PartyKey,
  type RegisterPartyKeyRequest,
  type RevokePartyKeyRequest,
  type SubmitAssuranceRequest,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { logEntries, organisations } from '../../platform/database/schema/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import { nodeHasher, nodeVerifier } from '../../platform/secrets/log-signing-key.ts';
import { appendToLog } from '../log/log.writer.ts';
import { isUniqueViolation } from '../users/users.service.ts';
import * as repo from './commitments.repository.ts';

export interface AssurancesService {
  listKeys(organisationId?: string): Promise<PartyKey[]>;
  registerKey(input: RegisterPartyKeyRequest, actor: Actor | null): Promise<PartyKey>;
  revokeKey(id: string, input: RevokePartyKeyRequest, actor: Actor | null): Promise<PartyKey>;
  submit(input: SubmitAssuranceRequest, actor: Actor): Promise<Assurance>;
  list(query: AssuranceListQuery, actor: Actor | null): Promise<AssurancePage>;
  get(id: string, actor: Actor | null): Promise<Assurance>;
  /** The verdict on a stored assurance, recomputed from its text, signature, key and the log. */
  verify(id: string, actor: Actor | null): Promise<AssuranceVerification>;
}

const invalid = (detail: string, field: string, message: string | readonly string[]) =>
  new AppError('validation_failed', detail, {
    errors: (typeof message === 'string' ? [message] : message).map((m) => ({
      field,
      message: m,
    })),
  });

const assuranceNotFound = () => new AppError('not_found', 'No such assurance');

interface EntryFacts {
  readonly index: number;
  readonly action: string;
  readonly time: string;
  readonly commitment: string;
  readonly salt: Uint8Array | null;
}

/** The integrated log entries of one record, oldest first. */
async function entriesOf(db: Db, recordType: string, recordId: string): Promise<EntryFacts[]> {
  const rows = await db
    .select({ idx: logEntries.idx, entry: logEntries.entry, salt: logEntries.salt })
    .from(logEntries)
    .where(and(eq(logEntries.recordType, recordType), eq(logEntries.recordId, recordId)))
    .orderBy(asc(logEntries.idx));
  return rows.map((r) => {
    const e = JSON.parse(Buffer.from(r.entry).toString('utf8')) as {
      action: string;
      time: string;
      commitment: string;
    };
    return { index: r.idx, action: e.action, time: e.time, commitment: e.commitment, salt: r.salt };
  });
}

export function createAssurancesService(deps: { db: Db; clock: () => Date }): AssurancesService {
  const { db, clock } = deps;

  const keyLog = (
    tx: Db,
    action: string,
    actor: Actor | null,
    key: repo.PartyKeyRow,
    now: Date,
  ): Promise<void> =>
    appendToLog(tx, {
      action,
      actor,
      recordType: 'party_key',
      recordId: key.id,
      record: repo.presentPartyKey(key),
      visibility: 'public',
      now,
    });

  return {
    async listKeys(organisationId) {
      return (await repo.listPartyKeys(db, organisationId)).map(repo.presentPartyKey);
    },

    async registerKey(input, actor) {
      const parsed = parseEd25519PublicKey(input.publicKey);
      if (!parsed.ok) throw invalid('The key is not valid', 'body.publicKey', parsed.message);
      const [org] = await db
        .select({ kind: organisations.kind })
        .from(organisations)
        .where(eq(organisations.id, input.organisationId));
      if (!org || org.kind !== 'party') {
        throw invalid('Keys are registered for parties', 'body.organisationId', 'is not a party');
      }
      const fingerprint = keyFingerprint(nodeHasher, parsed.value);
      const taken = () =>
        new AppError('conflict', 'This key is already registered', {
          errors: [{ field: 'body.publicKey', message: `is already registered (${fingerprint})` }],
        });
      const now = clock();
      try {
        return await db.transaction(async (tx) => {
          if (await repo.findPartyKeyByFingerprint(tx, fingerprint)) throw taken();
          const row = await repo.insertPartyKey(tx, {
            organisationId: input.organisationId,
            name: input.name,
            publicKey: toBase64(parsed.value),
            fingerprint,
            registeredBy: actor?.userId ?? null,
            registeredAt: now,
          });
          await keyLog(tx, 'party_key.register', actor, row, now);
          return repo.presentPartyKey(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
    },

    async revokeKey(id, input, actor) {
      return db.transaction(async (tx) => {
        const key = await repo.lockPartyKey(tx, id);
        if (!key) throw new AppError('not_found', 'No such key');
        if (key.revokedAt !== null) {
          throw new AppError(
            'conflict',
            `The key was already revoked at ${key.revokedAt.toISOString()}`,
          );
        }
        const now = clock();
        const row = await repo.revokePartyKey(tx, id, now, input.reason);
        if (!row) throw new Error('key changed under a row lock');
        await keyLog(tx, 'party_key.revoke', actor, row, now);
        return repo.presentPartyKey(row);
      });
    },

    async submit(input, actor) {
      const signature = parseEd25519Signature(input.signature);
      if (!signature.ok) {
        throw invalid('The signature is not valid', 'body.signature', signature.message);
      }
      if (!signedTextBytes(input.signedText)) {
        throw invalid(
          'The signed text is not valid',
          'body.signedText',
          'is not well-formed Unicode (it holds a lone surrogate)',
        );
      }
      let visibility: MaterialVisibility = input.visibility ?? 'joint';
      if (input.commitmentId !== undefined) {
        const commitment = await repo.findCommitment(db, input.commitmentId);
        if (
          !commitment ||
          !maySeeRecord(
            actor,
            commitment.visibility as MaterialVisibility,
            commitment.partyOrganisationId,
          )
        ) {
          throw invalid(
            'No such commitment',
            'body.commitmentId',
            'does not name a commitment you can see',
          );
        }
        const own =
          commitment.partyOrganisationId === null
            ? (await repo.partiesOf(db, commitment.agreementId)).includes(actor.organisationId)
            : commitment.partyOrganisationId === actor.organisationId;
        if (!own) {
          throw invalid(
            'A party gives assurances on its own commitments',
            'body.commitmentId',
            'is a commitment of another party',
          );
        }
        const problems = checkCommitmentStatement(input.signedText, commitment, clock());
        if (problems.length > 0) {
          throw invalid(
            'The signed statement does not fit the commitment',
            'body.signedText',
            problems,
          );
        }
        const commitmentVisibility = commitment.visibility as MaterialVisibility;
        if (input.visibility !== undefined && input.visibility !== commitmentVisibility) {
          throw invalid(
            'An assurance on a commitment is seen as the commitment is',
            'body.visibility',
            `must be the commitment's (${commitmentVisibility}) or left out`,
          );
        }
        visibility = commitmentVisibility;
      }
      return db.transaction(async (tx) => {
        // A share lock: a revocation of this key waits until the submission commits, and a
        // submission after a revocation sees it.
        const key = await repo.findPartyKeyByFingerprint(tx, input.keyFingerprint, 'share');
        if (!key) {
          throw invalid('Unknown key', 'body.keyFingerprint', 'is not a registered key');
        }
        if (key.organisationId !== actor.organisationId) {
          throw invalid('Not your key', 'body.keyFingerprint', 'is the key of another party');
        }
        if (key.revokedAt !== null) {
          throw invalid(
            'The key is revoked',
            'body.keyFingerprint',
            `was revoked at ${key.revokedAt.toISOString()}`,
          );
        }
        const check = verifySignedText(
          nodeVerifier,
          key.publicKey,
          input.signedText,
          signature.value,
        );
        if (!check.valid) {
          const field =
            check.input === 'text'
              ? 'body.signedText'
              : check.input === 'publicKey'
                ? 'body.keyFingerprint'
                : 'body.signature';
          throw invalid('The signature does not verify', field, check.message);
        }
        const now = clock();
        const row = await repo.insertAssurance(tx, {
          organisationId: actor.organisationId,
          keyId: key.id,
          commitmentId: input.commitmentId ?? null,
          signedText: input.signedText,
          signature: toBase64(signature.value),
          submittedBy: actor.userId,
          submittedAt: now,
          visibility,
        });
        const assurance = repo.presentAssurance(row, key.fingerprint);
        await appendToLog(tx, {
          action: 'assurance.submit',
          actor,
          recordType: 'assurance',
          recordId: row.id,
          record: assurance,
          visibility,
          ownerOrganisationId: actor.organisationId,
          now,
        });
        return assurance;
      });
    },

    async list(query, actor) {
      const { rows, nextCursor } = await repo.searchAssurances(db, actor, query);
      return {
        items: rows.map((r) => repo.presentAssurance(r.assurance, r.key.fingerprint)),
        nextCursor,
      };
    },

    async get(id, actor) {
      const found = await repo.findAssurance(db, id);
      if (
        !found ||
        !maySeeRecord(
          actor,
          found.assurance.visibility as MaterialVisibility,
          found.assurance.organisationId,
        )
      ) {
        throw assuranceNotFound();
      }
      return repo.presentAssurance(found.assurance, found.key.fingerprint);
    },

    async verify(id, actor) {
      const found = await repo.findAssurance(db, id);
      if (
        !found ||
        !maySeeRecord(
          actor,
          found.assurance.visibility as MaterialVisibility,
          found.assurance.organisationId,
        )
      ) {
        throw assuranceNotFound();
      }
      const { assurance, key } = found;
      const presented = repo.presentAssurance(assurance, key.fingerprint);
      const submission = (await entriesOf(db, 'assurance', assurance.id)).find(
        (e) => e.action === 'assurance.submit',
      );
      const revocation = (await entriesOf(db, 'party_key', key.id)).find(
        (e) => e.action === 'party_key.revoke',
      );
      // The log proves when: its times win over the rows' own, which a database edit could move.
      const submittedAt = submission ? new Date(submission.time) : assurance.submittedAt;
      const revokedTimes = [key.revokedAt, revocation ? new Date(revocation.time) : null].filter(
        (d): d is Date => d !== null,
      );
      const revokedAt =
        revokedTimes.length === 0
          ? null
          : new Date(Math.min(...revokedTimes.map((d) => d.getTime())));
      const verdict = verifyAssurance(
        nodeVerifier,
        {
          signedText: assurance.signedText,
          signature: assurance.signature,
          organisationId: assurance.organisationId,
          submittedAt,
        },
        { publicKey: key.publicKey, organisationId: key.organisationId, revokedAt },
      );
      return {
        assuranceId: assurance.id,
        verdict: verdict.valid ? 'valid' : 'invalid',
        reasons: [...verdict.reasons],
        signatureValid: verdict.signature.valid,
        key: repo.presentPartyKey(key),
        revokedBeforeSubmission: verdict.revokedBeforeSubmission,
        submittedAt: submittedAt.toISOString(),
        logEntry: submission
          ? {
              index: submission.index,
              time: submission.time,
              matchesRecord:
                recordCommitment(nodeHasher, presented, submission.salt ?? undefined) ===
                submission.commitment,
            }
          : null,
        revocationLogEntry: revocation ? { index: revocation.index, time: revocation.time } : null,
      };
    },
  };
}
