/**
 * Loads the demo mechanism into an empty database, never into one that holds data. The check and
 * the load run in one transaction under an advisory lock, so several processes starting at once
 * on PostgreSQL load it once.
 */
import { VIOLATION_CATEGORY_IDS } from '@truceline/domain';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/database/database.ts';
import {
  agreementParties,
  agreements,
  crossingStatusChanges,
  crossings,
  provisions,
  talkRounds,
} from '../../platform/database/schema/index.ts';
import { hashPassword } from '../auth/password.ts';
import { appendToLog } from '../log/log.writer.ts';
import {
  listAgreements,
  listCrossings,
  listTalkRounds,
} from '../agreements/agreements.repository.ts';
import {
  insertOrganisation,
  insertUser,
  presentOrganisation,
  presentUser,
} from '../users/users.repository.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_AGREEMENT,
  DEMO_CROSSINGS,
  DEMO_ORGANISATIONS,
  DEMO_TALK_ROUNDS,
} from './demo-seed.ts';

export interface DemoLogin {
  readonly email: string;
  readonly password: string;
  readonly role: string;
  readonly organisation: string;
}

export type DemoLoadResult =
  { loaded: true; logins: DemoLogin[] } | { loaded: false; reason: 'not_empty' };

const DEMO_LOCK_KEY = 0x44454d4f; // "DEMO"

/** True when the database holds no organisations and no users. */
export async function isEmpty(db: Db): Promise<boolean> {
  const result = await db.execute(
    sql`select (select count(*) from organisations) + (select count(*) from users) as n`,
  );
  const rows = (result as unknown as { rows: { n: string | number }[] }).rows;
  return Number(rows[0]?.n ?? 0) === 0;
}

/** A password that is easy to read aloud and copy: four groups of five characters. */
function readablePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from(crypto.randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/**
 * Loads the demo if the database is empty. Passwords are random unless `password` is given (tests
 * and scripted demos); they are returned once and stored only as argon2id hashes.
 */
export async function loadDemo(
  db: Db,
  options: { password?: string | undefined } = {},
): Promise<DemoLoadResult> {
  if (!(await isEmpty(db))) return { loaded: false, reason: 'not_empty' };
  // Hash before the transaction: argon2 is slow, and PGlite is a single backend that a long
  // transaction would block for every request.
  const logins = await Promise.all(
    DEMO_ACCOUNTS.map(async (a) => {
      const password = options.password ?? readablePassword();
      return { account: a, password, hash: await hashPassword(password) };
    }),
  );
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
    if (!(await isEmpty(tx))) return { loaded: false, reason: 'not_empty' } as const;
    const now = new Date();
    // Every demo record enters the transparency log like any other change, by the system.
    const log = (
      action: string,
      recordType: string,
      recordId: string,
      record: unknown,
      visibility: 'public' | 'internal',
    ) => appendToLog(tx, { action, actor: null, recordType, recordId, record, visibility, now });
    const orgIds = new Map<string, string>();
    for (const o of DEMO_ORGANISATIONS) {
      const row = await insertOrganisation(tx, {
        name: o.name,
        shortName: o.shortName,
        kind: o.kind,
        demo: true,
      });
      orgIds.set(o.key, row.id);
      await log('organisation.create', 'organisation', row.id, presentOrganisation(row), 'public');
    }
    const orgId = (key: string): string => {
      const id = orgIds.get(key);
      if (!id) throw new Error(`demo seed names unknown organisation ${key}`);
      return id;
    };
    for (const { account, hash } of logins) {
      const user = await insertUser(tx, {
        email: account.email,
        displayName: account.displayName,
        passwordHash: hash,
        role: account.role,
        organisationId: orgId(account.organisation),
        locale: account.locale,
        demo: true,
      });
      await log('user.create', 'user', user.id, presentUser(user), 'internal');
    }
    const [agreement] = await tx
      .insert(agreements)
      .values({
        title: DEMO_AGREEMENT.title,
        summary: DEMO_AGREEMENT.summary,
        effectiveOn: DEMO_AGREEMENT.effectiveOn,
        replyWindowDays: DEMO_AGREEMENT.replyWindowDays,
        violationCategories: [...VIOLATION_CATEGORY_IDS],
        demo: true,
      })
      .returning();
    if (!agreement) throw new Error('demo agreement not inserted');
    await tx.insert(agreementParties).values([
      { agreementId: agreement.id, organisationId: orgId('pk'), capacity: 'party' },
      { agreementId: agreement.id, organisationId: orgId('af'), capacity: 'party' },
      { agreementId: agreement.id, organisationId: orgId('tr'), capacity: 'mediator' },
      { agreementId: agreement.id, organisationId: orgId('qa'), capacity: 'mediator' },
    ]);
    await tx.insert(provisions).values(
      DEMO_AGREEMENT.provisions.map((p, i) => ({
        agreementId: agreement.id,
        number: p.number,
        text: p.text,
        position: i,
      })),
    );
    await tx
      .insert(talkRounds)
      .values(DEMO_TALK_ROUNDS.map((r) => ({ ...r, agreementId: agreement.id, demo: true })));
    for (const c of DEMO_CROSSINGS) {
      const last = c.history[c.history.length - 1];
      const [row] = await tx
        .insert(crossings)
        .values({
          name: c.name,
          description: c.description,
          latitude: c.latitude,
          longitude: c.longitude,
          status: last?.status ?? 'unknown',
          demo: true,
        })
        .returning();
      if (!row) throw new Error('demo crossing not inserted');
      await tx
        .insert(crossingStatusChanges)
        .values(c.history.map((h) => ({ ...h, crossingId: row.id })));
    }
    for (const a of await listAgreements(tx))
      await log('agreement.create', 'agreement', a.id, a, 'public');
    for (const r of await listTalkRounds(tx))
      await log('talks.create', 'talk_round', r.id, r, 'public');
    for (const c of await listCrossings(tx))
      await log('crossing.create', 'crossing', c.id, c, 'public');
    return {
      loaded: true,
      logins: logins.map(({ account, password }) => ({
        email: account.email,
        password,
        role: account.role,
        organisation:
          DEMO_ORGANISATIONS.find((o) => o.key === account.organisation)?.shortName ??
          account.organisation,
      })),
    } as const;
  });
}
