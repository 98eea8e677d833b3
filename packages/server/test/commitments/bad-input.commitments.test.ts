/**
 * Bad input to commitments: dates out of order, unknown provisions, rounds, parties and
 * agreements, indicators without a means of verification, malformed bodies and queries. Each gets
 * a 400 problem document naming the field, and nothing is stored: every table keeps its row count.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Commitment } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import { createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';
import {
  allRowCounts,
  call,
  commitmentBody,
  demoRounds,
  type Round,
} from './commitments-support.ts';

const ZERO_ID = '00000000-0000-4000-8000-000000000000';

for (const backend of await backends()) {
  describe(`bad input to commitments (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    let rounds: Round[];
    let existing: Commitment;
    let before: Record<string, number>;

    beforeAll(async () => {
      t = await createTestApp(backend);
      w = await loadWorld(t.app);
      rounds = await demoRounds(t.database);
      const res = await call<Commitment>(
        t.app,
        w.as.tr,
        'POST',
        '/api/v1/commitments',
        commitmentBody(w, rounds[0]!),
      );
      expect(res.status).toBe(201);
      existing = res.json;
    });
    afterAll(async () => t.close());
    beforeEach(async () => {
      before = await allRowCounts(t.database);
    });

    const expectRefused = async (
      method: 'GET' | 'POST',
      url: string,
      payload: unknown,
      field: string,
    ) => {
      const res = await call(t.app, w.as.tr, method, url, payload);
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.json.code).toBe('validation_failed');
      expect(
        res.json.errors?.map((e) => e.field),
        JSON.stringify(res.json),
      ).toContain(field);
      expect(JSON.stringify(res.json)).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
      expect(await allRowCounts(t.database)).toEqual(before);
      return res.json;
    };
    const create = (overrides: Record<string, unknown>, field: string) =>
      expectRefused('POST', '/api/v1/commitments', commitmentBody(w, rounds[0]!, overrides), field);

    it('a due date before the round of talks where the commitment was made', async () => {
      const doha = rounds[0]!;
      const problem = await create({ dueOn: '2025-10-17' }, 'body.dueOn');
      expect(problem.errors?.[0]?.message).toMatch(new RegExp(doha.startsOn));
      const istanbul = rounds[2]!;
      await create({ roundId: istanbul.id, dueOn: '2025-11-01' }, 'body.dueOn');
      await create({ dueOn: '2025-02-30' }, 'body.dueOn');
      await create({ dueOn: '30/11/2025' }, 'body.dueOn');
    });

    it('unknown provisions, rounds, agreements and parties', async () => {
      const provision = w.agreement.provisions[0]!.id;
      await create({ provisionIds: [provision, ZERO_ID] }, 'body.provisionIds');
      await create({ provisionIds: [] }, 'body.provisionIds');
      await create({ provisionIds: ['torkham'] }, 'body.provisionIds.0');
      await create({ roundId: ZERO_ID }, 'body.roundId');
      await create({ agreementId: ZERO_ID }, 'body.agreementId');
      await create({ partyOrganisationId: w.org.TUR.id }, 'body.partyOrganisationId');
      await create({ partyOrganisationId: ZERO_ID }, 'body.partyOrganisationId');
    });

    it('indicators without a means of verification, or none at all', async () => {
      await create(
        { indicators: [{ description: 'TTP leadership relocated away from the border' }] },
        'body.indicators.0.meansOfVerification',
      );
      await create(
        {
          indicators: [
            { description: 'Handover at a crossing', meansOfVerification: 'joint monitors' },
            { description: 'TTP leadership relocated', meansOfVerification: '   ' },
          ],
        },
        'body.indicators.1.meansOfVerification',
      );
      await create({ indicators: [] }, 'body.indicators');
      await create(
        { indicators: [{ description: ' ', meansOfVerification: 'as verified by the mechanism' }] },
        'body.indicators.0.description',
      );
    });

    it('malformed bodies', async () => {
      await create({ title: '  \n ' }, 'body.title');
      await create({ visibility: 'secret' }, 'body.visibility');
      await create({ language: 'xx' }, 'body.language');
      await create({ status: 'met' }, 'body.status');
      const { partyOrganisationId: _omitted, ...noParty } = commitmentBody(w, rounds[0]!);
      await expectRefused('POST', '/api/v1/commitments', noParty, 'body.partyOrganisationId');
      const url = `/api/v1/commitments/${existing.id}/status`;
      await expectRefused(
        'POST',
        url,
        { version: 0, status: 'met', reason: 'r', evidence: [{ kind: 'link', ref: 'x' }] },
        'body.version',
      );
      await expectRefused(
        'POST',
        url,
        { version: 1, status: 'met', reason: 'r', evidence: [{ kind: 'rumour', ref: 'x' }] },
        'body.evidence.0.kind',
      );
      await expectRefused(
        'POST',
        url,
        { version: 1, status: 'met', reason: 'r', evidence: [{ ref: 'x' }] },
        'body.evidence.0.kind',
      );
    });

    it('malformed queries', async () => {
      await expectRefused(
        'GET',
        '/api/v1/commitments?status=kept',
        undefined,
        'querystring.status.0',
      );
      await expectRefused('GET', '/api/v1/commitments?round=doha', undefined, 'querystring.round');
      await expectRefused('GET', '/api/v1/commitments?limit=0', undefined, 'querystring.limit');
      await expectRefused('GET', '/api/v1/commitments?colour=red', undefined, 'querystring.colour');
      await expectRefused('GET', '/api/v1/commitments/K-1', undefined, 'params.id');
      await expectRefused(
        'GET',
        '/api/v1/party-keys?organisation=PAK',
        undefined,
        'querystring.organisation',
      );
      await expectRefused('GET', '/api/v1/assurances/x/verification', undefined, 'params.id');
    });
  });
}
