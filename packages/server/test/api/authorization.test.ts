/**
 * Every route against every role, anonymous and a read-only API token. The table below is the
 * expectation; the test fails if the API grows a route the table does not cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@truceline/domain';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type SignedIn,
  type TestContext,
} from '../support/test-app.ts';

type Principal = 'anonymous' | Role | 'read-token';
const ROLES_ALL: Role[] = ['admin', 'mediator', 'party_officer', 'monitor', 'observer'];
const EVERYONE: Principal[] = ['anonymous', ...ROLES_ALL, 'read-token'];
const SIGNED_IN: Principal[] = [...ROLES_ALL, 'read-token'];
const SIGNED_IN_WRITE: Principal[] = [...ROLES_ALL];
const ZERO_ID = '00000000-0000-4000-8000-000000000000';
/** Roles that file complaints, issue workflow commands and add evidence. */
const COMPLAINT_WRITERS: Principal[] = ['party_officer', 'monitor', 'mediator'];
/** Roles that manage their organisation's webhooks. */
const WEBHOOK_ROLES: Principal[] = ['admin', 'mediator', 'party_officer'];
/** Roles that read handovers; the read-only token belongs to a mediator. */
const HANDOVER_READERS: Principal[] = ['mediator', 'party_officer', 'monitor', 'read-token'];
/** Open-source monitoring is the mediators' side's analysis: they (and administrators) read it. */
const OSINT_READERS: Principal[] = ['admin', 'mediator', 'monitor', 'read-token'];
const OSINT_MANAGERS: Principal[] = ['mediator', 'monitor'];

interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly url?: string;
  /** A body that passes authorisation but, where the route writes, fails validation: nothing is changed. */
  readonly payload?: unknown;
  readonly allowed: readonly Principal[];
}

const TABLE: readonly RouteCase[] = [
  { method: 'GET', path: '/healthz', allowed: EVERYONE },
  { method: 'GET', path: '/readyz', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/auth/login', payload: {}, allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/auth/logout', allowed: SIGNED_IN_WRITE },
  { method: 'GET', path: '/api/v1/auth/session', allowed: SIGNED_IN },
  { method: 'GET', path: '/api/v1/me/sessions', allowed: SIGNED_IN },
  {
    method: 'DELETE',
    path: '/api/v1/me/sessions/{id}',
    url: `/api/v1/me/sessions/${ZERO_ID}`,
    allowed: SIGNED_IN_WRITE,
  },
  { method: 'PUT', path: '/api/v1/me/locale', payload: { locale: 'xx' }, allowed: SIGNED_IN_WRITE },
  { method: 'GET', path: '/api/v1/tokens', allowed: SIGNED_IN },
  { method: 'POST', path: '/api/v1/tokens', payload: { name: '' }, allowed: SIGNED_IN_WRITE },
  {
    method: 'DELETE',
    path: '/api/v1/tokens/{id}',
    url: `/api/v1/tokens/${ZERO_ID}`,
    allowed: SIGNED_IN_WRITE,
  },
  { method: 'GET', path: '/api/v1/users', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/users', payload: { email: 'x' }, allowed: ['admin'] },
  {
    method: 'POST',
    path: '/api/v1/users/{id}/disable',
    url: `/api/v1/users/${ZERO_ID}/disable`,
    allowed: ['admin'],
  },
  { method: 'GET', path: '/api/v1/organisations', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/investigators', allowed: ['mediator', 'read-token'] },
  { method: 'GET', path: '/api/v1/agreements', allowed: EVERYONE },
  {
    method: 'GET',
    path: '/api/v1/agreements/{id}',
    url: `/api/v1/agreements/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  { method: 'GET', path: '/api/v1/talks', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/crossings', allowed: EVERYONE },
  // Rounds of talks and crossings: public reads; mediators record.
  {
    method: 'GET',
    path: '/api/v1/talks/{id}',
    url: `/api/v1/talks/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  { method: 'POST', path: '/api/v1/talks', payload: {}, allowed: ['mediator'] },
  ...(['documents', 'participants'] as const).map((sub): RouteCase => ({
    method: 'POST',
    path: `/api/v1/talks/{id}/${sub}`,
    url: `/api/v1/talks/${ZERO_ID}/${sub}`,
    payload: {},
    allowed: ['mediator'],
  })),
  {
    method: 'GET',
    path: '/api/v1/crossings/{id}',
    url: `/api/v1/crossings/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  ...(['status', 'conditions'] as const).map((sub): RouteCase => ({
    method: 'POST',
    path: `/api/v1/crossings/{id}/${sub}`,
    url: `/api/v1/crossings/${ZERO_ID}/${sub}`,
    payload: {},
    allowed: ['mediator'],
  })),
  {
    method: 'POST',
    path: '/api/v1/crossings/{id}/conditions/{conditionId}/met',
    url: `/api/v1/crossings/${ZERO_ID}/conditions/${ZERO_ID}/met`,
    payload: {},
    allowed: ['mediator'],
  },
  // Shared intelligence: reads need an account, then each report decides (maySeeIntel); only
  // party officers share, release and withdraw (and only their own party's reports).
  { method: 'GET', path: '/api/v1/intel', allowed: SIGNED_IN },
  { method: 'GET', path: '/api/v1/intel/export', allowed: SIGNED_IN },
  {
    method: 'GET',
    path: '/api/v1/intel/{id}',
    url: `/api/v1/intel/${ZERO_ID}`,
    allowed: SIGNED_IN,
  },
  {
    method: 'GET',
    path: '/api/v1/intel/{id}/views',
    url: `/api/v1/intel/${ZERO_ID}/views`,
    allowed: SIGNED_IN,
  },
  { method: 'POST', path: '/api/v1/intel', payload: {}, allowed: ['party_officer'] },
  ...(['release', 'withdraw'] as const).map((sub): RouteCase => ({
    method: 'POST',
    path: `/api/v1/intel/{id}/${sub}`,
    url: `/api/v1/intel/${ZERO_ID}/${sub}`,
    payload: {},
    allowed: ['party_officer'],
  })),
  // Handovers: the parties' officers, the mediators and the monitors read (then filtered).
  { method: 'GET', path: '/api/v1/handovers', allowed: HANDOVER_READERS },
  {
    method: 'GET',
    path: '/api/v1/handovers/{id}',
    url: `/api/v1/handovers/${ZERO_ID}`,
    allowed: HANDOVER_READERS,
  },
  {
    method: 'POST',
    path: '/api/v1/handovers',
    payload: {},
    allowed: ['mediator', 'party_officer'],
  },
  ...(['answer', 'outcome'] as const).map((sub): RouteCase => ({
    method: 'POST',
    path: `/api/v1/handovers/{id}/${sub}`,
    url: `/api/v1/handovers/${ZERO_ID}/${sub}`,
    payload: {},
    allowed: ['mediator', 'party_officer'],
  })),
  { method: 'GET', path: '/api/v1/log/checkpoint', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/log/keys', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/log/witnesses', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/log/checkpoint/status', allowed: EVERYONE },
  // Witnesses post anonymously (the cosignature authenticates itself); a read-only token may not.
  {
    method: 'POST',
    path: '/api/v1/log/cosignatures',
    payload: {},
    allowed: ['anonymous', ...ROLES_ALL],
  },
  {
    method: 'GET',
    path: '/api/v1/log/records/{recordType}/{recordId}',
    url: '/api/v1/log/records/crossing/x',
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/log/openings',
    url: '/api/v1/log/openings?start=0&end=5',
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/log/tile/{*}',
    url: '/api/v1/log/tile/0/000.p/1',
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/log/entries',
    url: '/api/v1/log/entries?start=0&end=2',
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/log/proof/inclusion',
    url: '/api/v1/log/proof/inclusion?index=0&treeSize=1',
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/log/proof/consistency',
    url: '/api/v1/log/proof/consistency?from=1&to=1',
    allowed: EVERYONE,
  },
  // Complaints: reads are open to all (then filtered record by record); filing and workflow
  // commands need a role, and the workflow decides per command who may issue it.
  { method: 'GET', path: '/api/v1/complaints', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/complaints', payload: {}, allowed: COMPLAINT_WRITERS },
  { method: 'GET', path: '/api/v1/complaints/counts', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/complaints/export', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/complaints/map', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/complaints/timeline', allowed: EVERYONE },
  {
    method: 'GET',
    path: '/api/v1/complaints/{id}',
    url: `/api/v1/complaints/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  ...(
    [
      ['transitions', COMPLAINT_WRITERS],
      ['reply', ['party_officer']],
      ['investigation', COMPLAINT_WRITERS],
      ['investigation/report', COMPLAINT_WRITERS],
      ['finding', COMPLAINT_WRITERS],
      ['reviews', ['mediator']],
      ['follow-ups', COMPLAINT_WRITERS],
      ['merge', COMPLAINT_WRITERS],
      ['reopen', COMPLAINT_WRITERS],
      ['visibility', ['mediator']],
    ] as const
  ).map(([command, allowed]): RouteCase => ({
    method: 'POST',
    path: `/api/v1/complaints/{id}/${command}`,
    url: `/api/v1/complaints/${ZERO_ID}/${command}`,
    payload: {},
    allowed,
  })),
  {
    method: 'GET',
    path: '/api/v1/complaints/{id}/evidence',
    url: `/api/v1/complaints/${ZERO_ID}/evidence`,
    allowed: EVERYONE,
  },
  {
    method: 'POST',
    path: '/api/v1/complaints/{id}/evidence',
    url: `/api/v1/complaints/${ZERO_ID}/evidence`,
    payload: {},
    allowed: COMPLAINT_WRITERS,
  },
  // No title or visibility in the query: refused by validation once authorised.
  {
    method: 'POST',
    path: '/api/v1/complaints/{id}/evidence/files',
    url: `/api/v1/complaints/${ZERO_ID}/evidence/files`,
    payload: {},
    allowed: COMPLAINT_WRITERS,
  },
  {
    method: 'GET',
    path: '/api/v1/evidence/{id}',
    url: `/api/v1/evidence/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  {
    method: 'POST',
    path: '/api/v1/evidence/{id}/visibility',
    url: `/api/v1/evidence/${ZERO_ID}/visibility`,
    payload: {},
    allowed: ['mediator'],
  },
  {
    method: 'GET',
    path: '/api/v1/evidence/{id}/content',
    url: `/api/v1/evidence/${ZERO_ID}/content`,
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/files/{sha256}',
    url: `/api/v1/files/${'0'.repeat(64)}`,
    allowed: EVERYONE,
  },
  { method: 'GET', path: '/api/v1/observations', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/observations/map', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/observations', payload: {}, allowed: ['monitor', 'mediator'] },
  {
    method: 'GET',
    path: '/api/v1/gazetteer',
    url: '/api/v1/gazetteer?q=Torkham',
    allowed: EVERYONE,
  },
  { method: 'GET', path: '/api/v1/me/notifications', allowed: SIGNED_IN },
  {
    method: 'POST',
    path: '/api/v1/me/notifications/read',
    payload: {},
    allowed: SIGNED_IN_WRITE,
  },
  { method: 'GET', path: '/api/v1/webhooks', allowed: [...WEBHOOK_ROLES, 'read-token'] },
  { method: 'POST', path: '/api/v1/webhooks', payload: {}, allowed: WEBHOOK_ROLES },
  {
    method: 'POST',
    path: '/api/v1/webhooks/{id}/disable',
    url: `/api/v1/webhooks/${ZERO_ID}/disable`,
    allowed: WEBHOOK_ROLES,
  },
  {
    method: 'GET',
    path: '/api/v1/webhooks/{id}/deliveries',
    url: `/api/v1/webhooks/${ZERO_ID}/deliveries`,
    allowed: [...WEBHOOK_ROLES, 'read-token'],
  },
  // Commitments: public reads filtered by visibility; mediators record and decide, the party
  // reports. Party keys: public reads; administrators and mediators manage. Assurances: public
  // reads filtered by visibility; party officers submit.
  { method: 'GET', path: '/api/v1/commitments', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/commitments', payload: {}, allowed: ['mediator'] },
  {
    method: 'GET',
    path: '/api/v1/commitments/{id}',
    url: `/api/v1/commitments/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  {
    method: 'POST',
    path: '/api/v1/commitments/{id}/status',
    url: `/api/v1/commitments/${ZERO_ID}/status`,
    payload: {},
    allowed: ['mediator'],
  },
  {
    method: 'POST',
    path: '/api/v1/commitments/{id}/reports',
    url: `/api/v1/commitments/${ZERO_ID}/reports`,
    payload: {},
    allowed: ['party_officer'],
  },
  { method: 'GET', path: '/api/v1/party-keys', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/party-keys', payload: {}, allowed: ['admin', 'mediator'] },
  {
    method: 'POST',
    path: '/api/v1/party-keys/{id}/revoke',
    url: `/api/v1/party-keys/${ZERO_ID}/revoke`,
    payload: {},
    allowed: ['admin', 'mediator'],
  },
  { method: 'GET', path: '/api/v1/assurances', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/assurances', payload: {}, allowed: ['party_officer'] },
  {
    method: 'GET',
    path: '/api/v1/assurances/{id}',
    url: `/api/v1/assurances/${ZERO_ID}`,
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/v1/assurances/{id}/verification',
    url: `/api/v1/assurances/${ZERO_ID}/verification`,
    allowed: EVERYONE,
  },
  // Open-source monitoring: sources, articles (an upload's JSON body is refused as the wrong type
  // once authorised) and stories.
  { method: 'GET', path: '/api/v1/osint/sources', allowed: OSINT_READERS },
  { method: 'POST', path: '/api/v1/osint/sources', payload: {}, allowed: OSINT_MANAGERS },
  { method: 'POST', path: '/api/v1/osint/articles', payload: {}, allowed: OSINT_MANAGERS },
  {
    method: 'GET',
    path: '/api/v1/osint/articles/{id}',
    url: `/api/v1/osint/articles/${ZERO_ID}`,
    allowed: OSINT_READERS,
  },
  {
    method: 'GET',
    path: '/api/v1/osint/articles/{id}/raw',
    url: `/api/v1/osint/articles/${ZERO_ID}/raw`,
    allowed: OSINT_READERS,
  },
  { method: 'GET', path: '/api/v1/osint/stories', allowed: OSINT_READERS },
  {
    method: 'GET',
    path: '/api/v1/osint/stories/{id}',
    url: `/api/v1/osint/stories/${ZERO_ID}`,
    allowed: OSINT_READERS,
  },
  {
    method: 'GET',
    path: '/api/v1/osint/stories/{id}/matches',
    url: `/api/v1/osint/stories/${ZERO_ID}/matches`,
    allowed: OSINT_READERS,
  },
];

for (const backend of await backends()) {
  describe(`authorization matrix (${backend.name})`, () => {
    let t: TestContext;
    const sessions = new Map<Role, SignedIn>();
    let readToken = '';

    beforeAll(async () => {
      t = await createTestApp(backend);
      for (const role of ROLES_ALL)
        sessions.set(role, await signIn(t.app, demoAccount(role).email));
      const created = await t.services.tokens.create(sessions.get('mediator')!.userId, {
        name: 'read only',
        scopes: ['read'],
        expiresInDays: 1,
      });
      readToken = created.secret;
    });
    afterAll(async () => t.close());

    it('covers every route in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      const covered = TABLE.map((c) => `${c.method} ${c.path}`);
      expect(documented.sort()).toEqual(covered.sort());
    });

    const headersFor = async (p: Principal): Promise<Record<string, string>> => {
      if (p === 'anonymous') return {};
      if (p === 'read-token') return { authorization: `Bearer ${readToken}` };
      // Logout ends a session; sign in again whenever a previous case used it up.
      let s = sessions.get(p)!;
      const probe = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: asSession(s),
      });
      if (probe.statusCode === 401) {
        s = await signIn(t.app, demoAccount(p).email);
        sessions.set(p, s);
      }
      return asSession(s);
    };

    for (const c of TABLE) {
      for (const p of EVERYONE) {
        const allowed = c.allowed.includes(p);
        it(`${c.method} ${c.path} as ${p}: ${allowed ? 'allowed' : 'refused'}`, async () => {
          const res = await t.app.inject({
            method: c.method,
            url: c.url ?? c.path,
            headers: await headersFor(p),
            ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
          });
          if (allowed) {
            expect([401, 403]).not.toContain(res.statusCode);
            expect(res.statusCode, res.body).toBeLessThan(500);
          } else {
            const expected = p === 'anonymous' ? 401 : 403;
            expect(res.statusCode).toBe(expected);
            // The read-only token belongs to a mediator: refused by role first, then by scope.
            const code =
              p === 'anonymous'
                ? 'unauthenticated'
                : p === 'read-token' && c.allowed.includes('mediator')
                  ? 'token_scope'
                  : 'forbidden';
            expect(res.json().code).toBe(code);
          }
        });
      }
    }

    it("a party officer cannot revoke another user's token, and learns nothing of it", async () => {
      const adminToken = await t.services.tokens.create(sessions.get('admin')!.userId, {
        name: 'admin script',
        scopes: ['read', 'write'],
        expiresInDays: 1,
      });
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${adminToken.token.id}`,
        headers: await headersFor('party_officer'),
      });
      expect(res.statusCode).toBe(404);
      const stillWorks = await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${adminToken.secret}` },
      });
      expect(stillWorks.statusCode).toBe(200);
    });

    it("a user's session list holds only their own sessions", async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/sessions',
        headers: await headersFor('observer'),
      });
      const items = res.json().items as { current: boolean }[];
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.filter((i) => i.current)).toHaveLength(1);
      const other = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/sessions',
        headers: await headersFor('monitor'),
      });
      const ids = new Set((res.json().items as { id: string }[]).map((i) => i.id));
      for (const s of other.json().items as { id: string }[]) expect(ids.has(s.id)).toBe(false);
    });
  });
}
