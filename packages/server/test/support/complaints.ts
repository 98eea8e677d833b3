/**
 * Helpers for complaint tests: the demo's agreement and organisations, every demo role signed in,
 * and small wrappers to file complaints and issue workflow commands through the HTTP API.
 */
import type { Agreement, Complaint, ComplaintDetail, Organisation, Role } from '@truceline/domain';
import type { App } from '../../src/platform/http/app-types.ts';
import { asSession, demoAccount, signIn, type SignedIn } from './test-app.ts';

export type Who = 'pk' | 'af' | 'tr' | 'qa' | 'monitor' | 'observer' | 'admin';

export interface World {
  readonly agreement: Agreement;
  readonly org: Record<'PAK' | 'AFG' | 'TUR' | 'QAT' | 'JMVS' | 'IRN', Organisation>;
  readonly as: Record<Who, SignedIn>;
}

const ACCOUNTS: Record<Who, [Role, ('pk' | 'af' | 'tr' | 'qa')?]> = {
  pk: ['party_officer', 'pk'],
  af: ['party_officer', 'af'],
  tr: ['mediator', 'tr'],
  qa: ['mediator', 'qa'],
  monitor: ['monitor'],
  observer: ['observer'],
  admin: ['admin'],
};

export async function loadWorld(app: App): Promise<World> {
  const as = {} as Record<Who, SignedIn>;
  for (const [who, [role, org]] of Object.entries(ACCOUNTS) as [Who, [Role, 'pk'?]][]) {
    as[who] = await signIn(app, demoAccount(role, org).email);
  }
  const agreements = (await app.inject({ url: '/api/v1/agreements' })).json() as {
    items: Agreement[];
  };
  const agreement = agreements.items[0];
  if (!agreement) throw new Error('the demo has no agreement');
  const orgs = (
    await app.inject({ url: '/api/v1/organisations', headers: asSession(as.admin) })
  ).json() as { items: Organisation[] };
  const org = Object.fromEntries(orgs.items.map((o) => [o.shortName, o])) as World['org'];
  return { agreement, org, as };
}

/** A valid filing by Pakistan against Afghanistan; `overrides` replace top-level fields. */
export function complaintBody(world: World, overrides: Record<string, unknown> = {}) {
  const provision = world.agreement.provisions[0];
  if (!provision) throw new Error('no provisions');
  return {
    agreementId: world.agreement.id,
    visibility: 'joint',
    category: 'shelling_artillery',
    provisionIds: [provision.id],
    accusedOrganisationId: world.org.AFG.id,
    title: 'Shelling near Torkham',
    narrative: { text: 'Mortar rounds landed near the crossing at dawn.', language: 'en' },
    when: { from: '2025-10-20T04:00:00Z', to: '2025-10-20T05:00:00Z', precision: 'hour' },
    where: { latitude: 34.1, longitude: 71.09, precision: 'approximate', placeId: 'pk-torkham' },
    casualties: [{ status: 'civilian', killed: 2, injured: 5, reportedBy: 'ISPR' }],
    ...overrides,
  };
}

export async function file(
  app: App,
  as: SignedIn,
  body: unknown,
): Promise<{ status: number; json: Complaint & { code?: string; errors?: unknown[] } }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: asSession(as),
    payload: body as object,
  });
  return { status: res.statusCode, json: res.json() };
}

export async function command(
  app: App,
  as: SignedIn,
  id: string,
  path: string,
  body: Record<string, unknown>,
) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${id}/${path}`,
    headers: asSession(as),
    payload: body,
  });
  return {
    status: res.statusCode,
    json: res.json() as ComplaintDetail & {
      code?: string;
      detail?: string;
      workflow?: { currentVersion?: number; allowed?: string[]; precondition?: string };
    },
  };
}

export async function getComplaint(app: App, as: SignedIn | null, id: string) {
  const res = await app.inject({
    url: `/api/v1/complaints/${id}`,
    headers: as ? asSession(as) : {},
  });
  return { status: res.statusCode, json: res.json() as ComplaintDetail };
}
