/**
 * Tampering behind the service's back (direct SQL) is reported by the auditor, naming what
 * changed; a rolled-back log is caught by an auditor that saw a later checkpoint.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '@truceline/domain';
import { audit, type AuditFinding, type AuditState } from '../../src/clients/log-auditor.ts';
import { logHttp } from '../../src/clients/log-http.ts';
import { nodeHasher, nodeVerifier } from '../../src/platform/secrets/log-signing-key.ts';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type TestContext,
} from '../support/test-app.ts';
import { injectFetch, TEST_ORIGIN } from '../support/inject-fetch.ts';

for (const backend of await backends()) {
  describe(`auditor against tampering (${backend.name})`, () => {
    let t: TestContext | undefined;
    let token = '';

    /** A fresh mechanism: demo, a few API changes, all integrated. */
    beforeEach(async () => {
      await t?.close();
      t = await createTestApp(backend);
      const admin = await signIn(t.app, demoAccount('admin').email);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'auditor', scopes: ['read'], expiresInDays: 5 },
      });
      token = res.json().secret;
      await t.services.sequencer.integrate();
    });
    afterAll(async () => t?.close());

    const run = async (
      opts: { previous?: AuditState; full?: boolean; withToken?: boolean } = {},
    ) => {
      const app = t!.app;
      const fetch = injectFetch(app);
      const keys = (await app.inject({ method: 'GET', url: '/api/v1/log/keys' })).body
        .trim()
        .split('\n');
      return audit({
        http: logHttp(fetch, `${TEST_ORIGIN}/api/v1/log`, opts.withToken ? token : undefined),
        ...(opts.withToken ? { api: logHttp(fetch, `${TEST_ORIGIN}/api/v1`, token) } : {}),
        hasher: nodeHasher,
        verifier: nodeVerifier,
        logKey: parseVerifierKey(nodeHasher, keys[0]!),
        witnessKeys: [],
        previous: opts.previous,
        full: opts.full ?? true,
      });
    };
    const exec = (text: string) => t!.database.db.execute(sql.raw(text));
    const kinds = (findings: AuditFinding[]) => findings.map((f) => f.kind);

    it('passes on an untouched log, checking every entry and every record it may see', async () => {
      const result = await run({ withToken: true });
      expect(result.findings).toEqual([]);
      expect(result.entriesChecked).toBe(20);
      expect(result.recordsChecked).toBe(20);
    });

    it('names the record and field changed in place', async () => {
      await exec(
        `update users set display_name = 'Someone else' where email = 'officer.af@demo.truceline.test'`,
      );
      const result = await run({ withToken: true });
      const id = (await exec(
        `select id from users where email = 'officer.af@demo.truceline.test'`,
      )) as unknown as { rows: { id: string }[] };
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          kind: 'record_changed',
          recordType: 'user',
          recordId: id.rows[0]!.id,
          field: 'displayName',
        }),
      );
    });

    it('notices a deleted row and an inserted one', async () => {
      await exec(`delete from talk_rounds where place = 'Doha'`);
      await exec(
        `insert into organisations (name, short_name, kind) values ('Smuggled in', 'XXX', 'observer')`,
      );
      const result = await run({ withToken: true });
      expect(kinds(result.findings)).toEqual(
        expect.arrayContaining(['record_missing', 'record_not_logged']),
      );
      expect(result.findings.find((f) => f.kind === 'record_missing')?.recordType).toBe(
        'talk_round',
      );
      expect(result.findings.find((f) => f.kind === 'record_not_logged')?.recordType).toBe(
        'organisation',
      );
    });

    it('notices a changed child row (a crossing status history entry)', async () => {
      await exec(
        `update crossing_status_changes set status = 'open' where status = 'closed' and effective_on = '2025-11-09'`,
      );
      const result = await run({ withToken: true });
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          kind: 'record_changed',
          recordType: 'crossing',
          field: 'history',
        }),
      );
    });

    it('names the log entry altered, and a reordering', async () => {
      await exec(
        `update log_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), 'organisation.create', 'organisation.delete'), 'UTF8') where idx = 3`,
      );
      const altered = await run();
      expect(altered.findings).toContainEqual(expect.objectContaining({ kind: 'root', index: 3 }));

      await t!.close();
      t = await createTestApp(backend);
      await t.services.sequencer.integrate();
      await exec(`update log_entries set idx = -1 where idx = 5`);
      await exec(`update log_entries set idx = 5 where idx = 6`);
      await exec(`update log_entries set idx = 6 where idx = -1`);
      const reordered = await run();
      expect(reordered.findings).toContainEqual(
        expect.objectContaining({ kind: 'root', index: 5 }),
      );
    });

    it('catches a log rolled back to an older state', async () => {
      const first = await run();
      expect(first.findings).toEqual([]);
      const admin = await signIn(t!.app, demoAccount('admin').email);
      await t!.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'later', scopes: ['read'], expiresInDays: 1 },
      });
      await t!.services.sequencer.integrate();
      const later = await run({ previous: first.state! });
      expect(later.findings).toEqual([]);
      // Roll back: drop the newest entry and checkpoint, as a restored backup would.
      const size = later.checkpoint!.treeSize;
      await exec(`delete from log_checkpoints where size = ${size}`);
      await exec(`delete from log_entries where idx = ${size - 1}`);
      const rolledBack = await run({ previous: later.state! });
      expect(kinds(rolledBack.findings)).toEqual(['rollback']);
    });

    it('refuses a checkpoint signed by another key', async () => {
      const other = (await import('node:crypto')).generateKeyPairSync('ed25519');
      const { signingKeyFrom } = await import('../../src/platform/secrets/log-signing-key.ts');
      const { createSequencer } = await import('../../src/features/log/log.sequencer.ts');
      await exec(
        `insert into log_pending (entry, record_type, record_id, record, visibility) values (convert_to('{"v":1}', 'UTF8'), 'x', 'y', '{}', 'public')`,
      );
      const origin = parseVerifierKey(
        nodeHasher,
        (await t!.app.inject({ method: 'GET', url: '/api/v1/log/keys' })).body.trim(),
      ).name;
      await createSequencer({
        db: t!.database.db,
        hasher: nodeHasher,
        origin,
        key: signingKeyFrom(other.privateKey),
      }).integrate();
      const result = await run();
      expect(kinds(result.findings)).toEqual(['signature']);
    });
  });
}
