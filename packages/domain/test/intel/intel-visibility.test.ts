/**
 * The intelligence rule as a table: every role and party against every release setting, at moments
 * before and after the release expires; and the release-change rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROLES,
  intelReleaseState,
  isIntelOriginator,
  maySeeIntel,
  maySeeIntelRecipients,
  maySeeIntelViews,
  planIntelRelease,
  type Actor,
  type IntelAccessFacts,
  type OrganisationKind,
  type Role,
} from '../../src/index.ts';

const PK = 'org-pk';
const AF = 'org-af';
const TR = 'org-tr';
const SEC = 'org-sec';
const OBS = 'org-obs';
const NOW = new Date('2025-11-10T12:00:00Z');
const LATER = new Date('2025-11-20T12:00:00Z');

const actor = (role: Role, organisationId: string, kind: OrganisationKind): Actor => ({
  userId: `user-${role}-${organisationId}`,
  role,
  organisationId,
  organisationKind: kind,
});

const PRINCIPALS = {
  anonymous: null,
  'pk officer': actor('party_officer', PK, 'party'),
  'af officer': actor('party_officer', AF, 'party'),
  'pk observer': actor('observer', PK, 'party'),
  mediator: actor('mediator', TR, 'mediator'),
  'secretariat mediator': actor('mediator', SEC, 'secretariat'),
  monitor: actor('monitor', SEC, 'secretariat'),
  admin: actor('admin', SEC, 'secretariat'),
  observer: actor('observer', OBS, 'observer'),
} as const satisfies Record<string, Actor | null>;
type PrincipalName = keyof typeof PRINCIPALS;

/** Pakistan's report under each release setting. */
const SETTINGS: Record<string, IntelAccessFacts> = {
  'mediators only': {
    originatorOrganisationId: PK,
    releasedTo: [],
    releaseExpiresAt: null,
    withdrawnAt: null,
  },
  'plus Afghanistan': {
    originatorOrganisationId: PK,
    releasedTo: [AF],
    releaseExpiresAt: null,
    withdrawnAt: null,
  },
  'plus Afghanistan until 15 Nov': {
    originatorOrganisationId: PK,
    releasedTo: [AF],
    releaseExpiresAt: '2025-11-15T00:00:00Z',
    withdrawnAt: null,
  },
  withdrawn: {
    originatorOrganisationId: PK,
    releasedTo: [AF],
    releaseExpiresAt: null,
    withdrawnAt: '2025-11-09T00:00:00Z',
  },
};

/** Who sees each setting, now (10 Nov) and later (20 Nov, after the 15 Nov expiry). */
const EXPECTED: Record<string, Record<'now' | 'later', PrincipalName[]>> = {
  'mediators only': {
    now: ['pk officer', 'mediator', 'secretariat mediator'],
    later: ['pk officer', 'mediator', 'secretariat mediator'],
  },
  'plus Afghanistan': {
    now: ['pk officer', 'af officer', 'mediator', 'secretariat mediator'],
    later: ['pk officer', 'af officer', 'mediator', 'secretariat mediator'],
  },
  'plus Afghanistan until 15 Nov': {
    now: ['pk officer', 'af officer', 'mediator', 'secretariat mediator'],
    later: ['pk officer'],
  },
  withdrawn: { now: ['pk officer'], later: ['pk officer'] },
};

describe('maySeeIntel', () => {
  for (const [setting, report] of Object.entries(SETTINGS)) {
    for (const [when, at] of [
      ['now', NOW],
      ['later', LATER],
    ] as const) {
      it(`${setting}, ${when}: exactly ${EXPECTED[setting]?.[when].join(', ')}`, () => {
        const seen = (Object.keys(PRINCIPALS) as PrincipalName[]).filter((p) =>
          maySeeIntel(PRINCIPALS[p], report, at),
        );
        expect(seen).toEqual(EXPECTED[setting]?.[when]);
      });
    }
  }

  it('expires at the instant given, not a moment later', () => {
    const report = SETTINGS['plus Afghanistan until 15 Nov']!;
    const af = PRINCIPALS['af officer'];
    expect(maySeeIntel(af, report, new Date('2025-11-14T23:59:59.999Z'))).toBe(true);
    expect(maySeeIntel(af, report, new Date('2025-11-15T00:00:00Z'))).toBe(false);
    expect(intelReleaseState(report, new Date('2025-11-15T00:00:00Z'))).toBe('expired');
  });

  it('the originator always sees its own report; nobody else sees more than while released', () => {
    const id = fc.constantFrom(PK, AF, TR, SEC, OBS);
    fc.assert(
      fc.property(
        fc.record({
          role: fc.constantFrom(...ROLES),
          org: id,
          originator: id,
          releasedTo: fc.subarray([PK, AF, TR, SEC, OBS]),
          expires: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
          withdrawn: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
          now: fc.date({ noInvalidDate: true }),
        }),
        (x) => {
          const a = actor(x.role, x.org, 'party');
          const report: IntelAccessFacts = {
            originatorOrganisationId: x.originator,
            releasedTo: x.releasedTo,
            releaseExpiresAt: x.expires,
            withdrawnAt: x.withdrawn,
          };
          const sees = maySeeIntel(a, report, x.now);
          if (isIntelOriginator(a, report)) expect(sees).toBe(true);
          else if (intelReleaseState(report, x.now) !== 'released') expect(sees).toBe(false);
          if (x.role === 'monitor' || x.role === 'admin' || x.role === 'observer') {
            expect(sees).toBe(false);
          }
          if (maySeeIntelViews(a, report, x.now)) expect(sees).toBe(true);
        },
      ),
    );
  });

  it('the record of views is for the originator and the mediators, not other recipients', () => {
    const report = SETTINGS['plus Afghanistan']!;
    expect(maySeeIntelViews(PRINCIPALS['pk officer'], report, NOW)).toBe(true);
    expect(maySeeIntelViews(PRINCIPALS.mediator, report, NOW)).toBe(true);
    expect(maySeeIntelViews(PRINCIPALS['af officer'], report, NOW)).toBe(false);
    expect(maySeeIntelViews(PRINCIPALS.monitor, report, NOW)).toBe(false);
    // After expiry the mediators no longer see the report, nor its views.
    const expiring = SETTINGS['plus Afghanistan until 15 Nov']!;
    expect(maySeeIntelViews(PRINCIPALS.mediator, expiring, LATER)).toBe(false);
    expect(maySeeIntelViews(PRINCIPALS['pk officer'], expiring, LATER)).toBe(true);
    expect(maySeeIntelRecipients(PRINCIPALS['af officer'], report)).toBe(false);
  });
});

describe('planIntelRelease', () => {
  const base: IntelAccessFacts = {
    originatorOrganisationId: PK,
    releasedTo: [AF],
    releaseExpiresAt: '2025-11-15T00:00:00Z',
    withdrawnAt: null,
  };

  it('widens: more parties, a later end, or none', () => {
    expect(
      planIntelRelease(
        base,
        { releasedTo: [AF, OBS], releaseExpiresAt: '2025-11-30T00:00:00Z' },
        NOW,
      ),
    ).toEqual({
      ok: true,
      releasedTo: [AF, OBS].sort(),
      releaseExpiresAt: new Date('2025-11-30T00:00:00Z'),
    });
    expect(planIntelRelease(base, { releasedTo: [AF], releaseExpiresAt: null }, NOW)).toMatchObject(
      {
        ok: true,
        releaseExpiresAt: null,
      },
    );
  });

  it('renews a lapsed release with a new end in the future', () => {
    expect(
      planIntelRelease(base, { releasedTo: [AF], releaseExpiresAt: '2025-11-25T00:00:00Z' }, LATER),
    ).toMatchObject({ ok: true });
  });

  it('never narrows, never ends in the past, never revives a withdrawn report', () => {
    const narrower = planIntelRelease(base, { releasedTo: [], releaseExpiresAt: null }, NOW);
    expect(narrower).toMatchObject({ ok: false, kind: 'invalid' });
    expect(JSON.stringify(narrower)).toContain('body.releasedTo');
    const shorter = planIntelRelease(
      base,
      { releasedTo: [AF], releaseExpiresAt: '2025-11-12T00:00:00Z' },
      NOW,
    );
    expect(shorter).toMatchObject({
      ok: false,
      errors: [{ field: 'body.releaseExpiresAt' }],
    });
    const ending = planIntelRelease(
      { ...base, releaseExpiresAt: null },
      { releasedTo: [AF], releaseExpiresAt: '2025-11-30T00:00:00Z' },
      NOW,
    );
    expect(ending).toMatchObject({ ok: false, errors: [{ field: 'body.releaseExpiresAt' }] });
    const past = planIntelRelease(
      base,
      { releasedTo: [AF], releaseExpiresAt: '2025-11-01T00:00:00Z' },
      NOW,
    );
    expect(past).toMatchObject({
      ok: false,
      errors: [{ field: 'body.releaseExpiresAt', message: 'is in the past' }],
    });
    expect(
      planIntelRelease(
        { ...base, withdrawnAt: '2025-11-09T00:00:00Z' },
        { releasedTo: [AF, OBS], releaseExpiresAt: null },
        NOW,
      ),
    ).toMatchObject({ ok: false, kind: 'withdrawn' });
  });
});
