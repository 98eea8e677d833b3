/**
 * "Verified in the log" for a complaint, end to end: the browser's own check (verify-record.ts,
 * driven through the API in process) verifies it for everyone the API shows it to, at every step
 * of its journey, and the openings behind it go to those readers and no one else.
 *
 * The bug this holds down: a complaint kept to "my side and the mediators" (`originator`) is shown
 * to the accused party once its reply window opens, but its log entries opened only to the filing
 * party and the mediators' side, so the accused party's badge said the logged content did not
 * match its commitment. Narratives in Pashto and Dari check that the canonical JSON committed to
 * is the one served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayOpenLoggedComplaint, type Actor, type Complaint } from '@truceline/domain';
import { nodeHasher, nodeVerifier } from '../../src/platform/secrets/log-signing-key.ts';
// eslint-disable-next-line no-restricted-imports -- a test of the browser's check, not server code
import {
  verifyRecord,
  type LogGet,
  type VerifyResult,
} from '../../../web/src/features/log/verify-record.ts';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type SignedIn, type TestContext } from '../support/test-app.ts';
import {
  command,
  complaintBody,
  file,
  getComplaint,
  loadWorld,
  type Who,
  type World,
} from '../support/complaints.ts';

const crypto = { hasher: nodeHasher, verifier: nodeVerifier };
const noWait = () => Promise.resolve();

// Pashto and Dari, with a zero-width non-joiner, an Arabic-Indic digit and a combining mark.
const PASHTO = 'د تورخم بازار ته د سهار په ۵ بجو هاوان ګولۍ ولګېدې. دوه ملکي کسان ووژل شول.';
const DARI = 'گلوله‌های هاون از آن سوی مرز آمدند؛ پُست‌های ما شلیک نکردند.';

for (const backend of await backends()) {
  describe(`a complaint verified in the log by each of its readers (${backend.name})`, () => {
    let t: TestContext;
    let w: World;

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
    });
    afterAll(async () => t.close());

    const session = (who: Who | null): SignedIn | null => (who === null ? null : w.as[who]);

    /** The browser's `get`, as `who` (null: signed out). */
    const getAs =
      (who: Who | null): LogGet =>
      async (path) => {
        const as = session(who);
        const res = await t.app.inject({ url: `/api/v1${path}`, headers: as ? asSession(as) : {} });
        return { status: res.statusCode, text: res.body };
      };

    const integrate = async () => {
      while ((await t.services.sequencer.integrate()) !== undefined);
    };

    /** What the complaint page does: fetch the complaint, then check it against the log. */
    const badge = async (who: Who | null, id: string): Promise<VerifyResult> => {
      await integrate();
      const detail = await getComplaint(t.app, session(who), id);
      expect(detail.status, `${who ?? 'public'} reads the complaint`).toBe(200);
      return verifyRecord(
        getAs(who),
        { type: 'complaint', id, shown: detail.json.complaint },
        { crypto, wait: noWait },
      );
    };

    /** The complaint's log entries, oldest first, with whether `who` gets each one's opening. */
    const openedTo = async (who: Who | null, id: string) => {
      await integrate();
      const records = await t.app.inject({ url: `/api/v1/log/records/complaint/${id}` });
      expect(records.statusCode).toBe(200);
      const items = (records.json() as { items: { index: number; action: string }[] }).items;
      const result: [string, boolean][] = [];
      for (const { index, action } of items) {
        const res = await getAs(who)(`/log/openings?start=${index}&end=${index + 1}`);
        expect(res.status).toBe(200);
        const opened = (JSON.parse(res.text) as { items: { index: number }[] }).items;
        result.push([action, opened.some((o) => o.index === index)]);
      }
      return result;
    };

    const stepper = (id: string, version: number) => {
      let v = version;
      return async (who: Who, path: string, body: Record<string, unknown>) => {
        const r = await command(t.app, w.as[who], id, path, { version: v, ...body });
        expect(r.status, JSON.stringify(r.json)).toBe(200);
        v = r.json.complaint.version;
        return r.json.complaint;
      };
    };

    it('verifies for the accused party once shown a complaint kept to the filer and mediators', async () => {
      const filed = await file(
        t.app,
        w.as.pk,
        complaintBody(w, {
          visibility: 'originator',
          title: 'هاوان په تورخم — Torkham',
          narrative: { text: PASHTO, language: 'ps' },
          where: { latitude: 34.1, longitude: 71.09, precision: 'approximate' },
        }),
      );
      expect(filed.status, JSON.stringify(filed.json)).toBe(201);
      const id = filed.json.id;
      const step = stepper(id, filed.json.version);

      expect(await badge('pk', id)).toMatchObject({ state: 'verified' });
      // Not shown to the accused party yet, and none of its entries open to it.
      expect((await getComplaint(t.app, w.as.af, id)).status).toBe(404);
      expect(await openedTo('af', id)).toEqual([['complaint.file', false]]);

      await step('tr', 'transitions', { command: 'register', reason: 'Within the mandate' });
      await step('tr', 'transitions', { command: 'open_reply_window', reason: 'Notify' });
      expect(await badge('af', id)).toMatchObject({ state: 'verified' });

      const replied = await step('af', 'reply', { text: DARI, language: 'fa' });
      expect(replied.state).toBe('reply_received');
      for (const who of ['af', 'pk', 'tr', 'qa', 'monitor'] as const) {
        expect(await badge(who, id), who).toMatchObject({ state: 'verified' });
      }

      // The accused party opens the states it was shown, from the notification on; not before.
      expect(await openedTo('af', id)).toEqual([
        ['complaint.file', false],
        ['complaint.register', false],
        ['complaint.open_reply_window', true],
        ['complaint.reply', true],
      ]);
      expect((await openedTo('pk', id)).every(([, opened]) => opened)).toBe(true);
      // Neither an observer nor the public sees the complaint, or opens any of its entries.
      for (const who of ['observer', null] as const) {
        expect((await getComplaint(t.app, session(who), id)).status).toBe(404);
        expect(
          (await openedTo(who, id)).some(([, opened]) => opened),
          String(who),
        ).toBe(false);
      }

      // Published: everyone reads it and verifies it; earlier states stay with their readers.
      const published = await step('tr', 'visibility', { visibility: 'public', reason: 'Publish' });
      expect(published.visibility).toBe('public');
      for (const who of ['af', 'pk', 'tr', 'observer', null] as const) {
        expect(await badge(who, id), String(who)).toMatchObject({ state: 'verified' });
      }
      expect((await openedTo(null, id)).map(([, opened]) => opened)).toEqual([
        false,
        false,
        false,
        false,
        true,
      ]);
      expect((await openedTo('af', id)).map(([, opened]) => opened)).toEqual([
        false,
        false,
        true,
        true,
        true,
      ]);
    });

    it('verifies for the filer of a complaint kept to the mediators, and for the accused party once notified', async () => {
      const filed = await file(
        t.app,
        w.as.af,
        complaintBody(w, {
          visibility: 'mediators',
          accusedOrganisationId: w.org.PAK.id,
          title: 'Shelling of Spin Boldak',
          narrative: { text: DARI, language: 'fa' },
          where: { latitude: 31.0, longitude: 66.4, precision: 'approximate' },
        }),
      );
      expect(filed.status, JSON.stringify(filed.json)).toBe(201);
      const id = filed.json.id;
      const step = stepper(id, filed.json.version);
      expect(await badge('af', id)).toMatchObject({ state: 'verified' });
      expect(await openedTo('pk', id)).toEqual([['complaint.file', false]]);

      await step('qa', 'transitions', { command: 'register', reason: 'Within the mandate' });
      await step('qa', 'transitions', { command: 'open_reply_window', reason: 'Notify' });
      await step('pk', 'reply', { text: PASHTO, language: 'ps' });
      for (const who of ['af', 'pk', 'qa'] as const) {
        expect(await badge(who, id), who).toMatchObject({ state: 'verified' });
      }
      expect((await openedTo('af', id)).every(([, opened]) => opened)).toBe(true);
      expect((await openedTo('pk', id)).map(([, opened]) => opened)).toEqual([
        false,
        false,
        true,
        true,
      ]);
    });

    it('opens an entry to the accused party only for the complaint in the state committed to', async () => {
      // A committed record that claims a reply window on an entry logged under another class, or
      // that is not a complaint at all, opens to no party this way.
      const afghan: Actor = {
        userId: w.as.af.userId,
        organisationId: w.org.AFG.id,
        role: 'party_officer',
        organisationKind: 'party',
      };
      const committed: Partial<Complaint> = {
        visibility: 'originator',
        filer: { organisationId: w.org.PAK.id, userId: w.as.pk.userId },
        accused: { organisationId: w.org.AFG.id, group: null },
        replyDueAt: '2026-01-01T00:00:00.000Z',
      };
      expect(mayOpenLoggedComplaint(afghan, 'originator', committed)).toBe(true);
      expect(mayOpenLoggedComplaint(afghan, 'originator', { ...committed, replyDueAt: null })).toBe(
        false,
      );
      expect(mayOpenLoggedComplaint(afghan, 'mediators', committed)).toBe(false);
      expect(
        mayOpenLoggedComplaint(afghan, 'internal', { ...committed, visibility: 'internal' }),
      ).toBe(false);
      expect(mayOpenLoggedComplaint(afghan, 'originator', { visibility: 'originator' })).toBe(
        false,
      );
      expect(mayOpenLoggedComplaint(null, 'originator', committed)).toBe(false);
    });
  });
}
