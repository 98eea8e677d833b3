import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMITMENT_STATUSES,
  allowedStatusDecisions,
  checkNewCommitment,
  evaluateReport,
  evaluateStatusDecision,
  findingBreachesCommitment,
  isCalendarDate,
  isFinalStatus,
  mayDecideStatus,
  statusesFrom,
  type Actor,
  type CommitmentFacts,
  type CommitmentStatus,
  type EvidenceReference,
  type NewCommitmentFacts,
  type NewCommitmentInput,
  type StatusDecision,
} from '../../src/index.ts';

const TR = 'org-turkiye';
const QA = 'org-qatar';
const PK = 'org-pakistan';
const AF = 'org-afghanistan';
const SEC = 'org-secretariat';
const OBS = 'org-observer';
const PARTIES = [PK, AF];

function actor(role: Actor['role'], organisationId: string, extra: Partial<Actor> = {}): Actor {
  const kind: Actor['organisationKind'] =
    organisationId === TR || organisationId === QA
      ? 'mediator'
      : organisationId === PK || organisationId === AF
        ? 'party'
        : organisationId === SEC
          ? 'secretariat'
          : 'observer';
  return {
    userId: `${role}@${organisationId}`,
    role,
    organisationId,
    organisationKind: kind,
    ...extra,
  };
}

const mediatorTR = actor('mediator', TR);
const mediatorSEC = actor('mediator', SEC);
const officerPK = actor('party_officer', PK);
const officerAF = actor('party_officer', AF);
const CAST: readonly (Actor | null)[] = [
  null,
  mediatorTR,
  actor('mediator', QA),
  mediatorSEC,
  actor('mediator', TR, { tokenScopes: ['read'] }),
  actor('mediator', QA, { tokenScopes: ['read', 'write'] }),
  officerPK,
  officerAF,
  actor('party_officer', PK, { tokenScopes: ['read', 'write'] }),
  actor('monitor', TR),
  actor('admin', SEC),
  actor('observer', OBS),
  actor('observer', PK),
];

const EVIDENCE: EvidenceReference[] = [{ kind: 'observation', ref: 'obs-1' }];
const facts = (
  status: CommitmentStatus,
  partyOrganisationId: string | null = PK,
): CommitmentFacts => ({ status, partyOrganisationId, partyOrganisationIds: PARTIES });
const decision = (
  status: CommitmentStatus,
  over: Partial<StatusDecision> = {},
): StatusDecision => ({
  status,
  reason: 'The monitors confirmed it at Torkham',
  evidence: EVIDENCE,
  ...over,
});

const arbStatus = fc.constantFrom(...COMMITMENT_STATUSES);
const arbActor = fc.constantFrom(...CAST);
const arbParty = fc.constantFrom<string | null>(PK, AF, null);
const arbEvidence = fc.array(
  fc.record({
    kind: fc.constantFrom('evidence', 'document', 'file', 'finding', 'observation', 'link'),
    ref: fc.oneof(fc.constant(''), fc.constant('   '), fc.string({ minLength: 1, maxLength: 20 })),
  }),
  { maxLength: 3 },
) as fc.Arbitrary<EvidenceReference[]>;
const arbReason = fc.oneof(fc.constant(''), fc.constant(' \n '), fc.string({ maxLength: 30 }));
const arbDecision = fc.record({ status: arbStatus, reason: arbReason, evidence: arbEvidence });

const isMediatorWithWrite = (a: Actor | null) =>
  a !== null &&
  a.role === 'mediator' &&
  a.organisationKind !== 'party' &&
  (!a.tokenScopes || a.tokenScopes.includes('write'));

describe('commitment status rules', () => {
  it('the status table: withdrawn is final, nothing returns to not_started, no self-changes', () => {
    expect(statusesFrom('withdrawn')).toEqual([]);
    expect(isFinalStatus('withdrawn')).toBe(true);
    for (const s of COMMITMENT_STATUSES) {
      expect(statusesFrom(s)).not.toContain(s);
      expect(statusesFrom(s)).not.toContain('not_started');
      if (s !== 'withdrawn') expect(statusesFrom(s)).toContain('withdrawn');
    }
    expect(statusesFrom('met')).toContain('breached');
    expect(statusesFrom('breached')).toContain('met');
  });

  it('property: a status changes only by a mediator decision that cites evidence and a reason', () => {
    fc.assert(
      fc.property(arbStatus, arbParty, arbActor, arbDecision, (status, party, who, d) => {
        const verdict = evaluateStatusDecision(facts(status, party), d, who);
        if (!verdict.ok) return;
        expect(isMediatorWithWrite(who)).toBe(true);
        expect(d.reason.trim()).not.toBe('');
        expect(d.evidence.length).toBeGreaterThan(0);
        for (const e of d.evidence) expect(e.ref.trim()).not.toBe('');
        expect(verdict.from).toBe(status);
        expect(verdict.to).toBe(d.status);
        expect(statusesFrom(status)).toContain(d.status);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: refusals come in order — who, then the status table, then the decision', () => {
    fc.assert(
      fc.property(arbStatus, arbParty, arbActor, arbDecision, (status, party, who, d) => {
        const verdict = evaluateStatusDecision(facts(status, party), d, who);
        if (verdict.ok) return;
        const kind = verdict.refusal.kind;
        if (!mayDecideStatus(who, facts(status, party))) expect(kind).toBe('not_permitted');
        else if (!statusesFrom(status).includes(d.status)) {
          expect(kind).toBe('invalid_transition');
          if (verdict.refusal.kind === 'invalid_transition') {
            expect(verdict.refusal.allowed).toEqual(statusesFrom(status));
          }
        } else expect(kind).toBe('invalid_decision');
      }),
      { numRuns: 2000 },
    );
  });

  it('property: no party officer ever decides, least of all its own commitment met', () => {
    fc.assert(
      fc.property(
        arbStatus,
        arbParty,
        fc.constantFrom(
          officerPK,
          officerAF,
          actor('party_officer', PK, { tokenScopes: ['write'] }),
        ),
        arbDecision,
        (status, party, officer, d) => {
          const verdict = evaluateStatusDecision(facts(status, party), d, officer);
          expect(verdict.ok).toBe(false);
          if (!verdict.ok) expect(verdict.refusal.kind).toBe('not_permitted');
          expect(allowedStatusDecisions(facts(status, party), officer)).toEqual([]);
        },
      ),
    );
    const own = evaluateStatusDecision(facts('in_progress', PK), decision('met'), officerPK);
    expect(own).toMatchObject({ ok: false, refusal: { kind: 'not_permitted' } });
    if (!own.ok) expect(own.refusal.message).toMatch(/mediators decide/);
  });

  it('property: nothing ever leaves withdrawn', () => {
    fc.assert(
      fc.property(arbParty, arbActor, arbDecision, (party, who, d) => {
        expect(evaluateStatusDecision(facts('withdrawn', party), d, who).ok).toBe(false);
      }),
    );
  });

  it('property: allowedStatusDecisions is exactly what a well-founded decision may reach', () => {
    fc.assert(
      fc.property(arbStatus, arbParty, arbActor, (status, party, who) => {
        const offered = allowedStatusDecisions(facts(status, party), who);
        const reachable = COMMITMENT_STATUSES.filter(
          (s) => evaluateStatusDecision(facts(status, party), decision(s), who).ok,
        );
        expect([...offered].sort()).toEqual([...reachable].sort());
      }),
    );
  });

  it('property: any sequence of decisions by anyone keeps the history well-founded', () => {
    fc.assert(
      fc.property(
        arbParty,
        fc.array(fc.tuple(arbActor, arbDecision), { maxLength: 30 }),
        (party, steps) => {
          let status: CommitmentStatus = 'not_started';
          const history: { from: CommitmentStatus; to: CommitmentStatus; by: Actor | null }[] = [];
          for (const [who, d] of steps) {
            const verdict = evaluateStatusDecision(facts(status, party), d, who);
            if (verdict.ok) {
              history.push({ from: status, to: verdict.to, by: who });
              status = verdict.to;
            }
          }
          for (const [i, h] of history.entries()) {
            expect(isMediatorWithWrite(h.by)).toBe(true);
            expect(h.to).not.toBe('not_started');
            expect(h.from).not.toBe('withdrawn');
            if (i > 0) expect(h.from).toBe(history[i - 1]!.to);
          }
          const withdrawnAt = history.findIndex((h) => h.to === 'withdrawn');
          if (withdrawnAt >= 0) expect(withdrawnAt).toBe(history.length - 1);
        },
      ),
    );
  });

  it('names the missing parts of a decision', () => {
    const v = evaluateStatusDecision(
      facts('in_progress'),
      decision('met', { reason: '  ', evidence: [] }),
      mediatorTR,
    );
    expect(v).toMatchObject({ ok: false, refusal: { kind: 'invalid_decision' } });
    if (!v.ok && v.refusal.kind === 'invalid_decision') {
      expect(v.refusal.errors.map((e) => e.field)).toEqual(['reason', 'evidence']);
    }
    const blankRef = evaluateStatusDecision(
      facts('in_progress'),
      decision('met', { evidence: [{ kind: 'link', ref: ' ' }] }),
      mediatorTR,
    );
    if (!blankRef.ok && blankRef.refusal.kind === 'invalid_decision') {
      expect(blankRef.refusal.errors.map((e) => e.field)).toEqual(['evidence.0.ref']);
    } else throw new Error('a blank reference was accepted');
  });

  it('a read-only token of a mediator decides nothing', () => {
    const ro = actor('mediator', TR, { tokenScopes: ['read'] });
    expect(evaluateStatusDecision(facts('in_progress'), decision('met'), ro)).toMatchObject({
      ok: false,
      refusal: { kind: 'not_permitted', message: expect.stringMatching(/token/) },
    });
  });
});

describe('progress reports', () => {
  it("the commitment's own party reports; all parties when every party undertook it", () => {
    expect(evaluateReport(facts('in_progress', PK), officerPK).ok).toBe(true);
    expect(evaluateReport(facts('in_progress', PK), officerAF).ok).toBe(false);
    expect(evaluateReport(facts('in_progress', null), officerAF).ok).toBe(true);
    expect(evaluateReport(facts('in_progress', null), actor('party_officer', 'org-x')).ok).toBe(
      false,
    );
    for (const who of [null, mediatorTR, actor('monitor', TR), actor('observer', PK)]) {
      expect(evaluateReport(facts('in_progress', PK), who)).toMatchObject({
        ok: false,
        refusal: { kind: 'not_permitted' },
      });
    }
    expect(
      evaluateReport(
        facts('in_progress', PK),
        actor('party_officer', PK, { tokenScopes: ['read'] }),
      ).ok,
    ).toBe(false);
  });

  it('a withdrawn commitment takes no more reports; every other status does', () => {
    for (const s of COMMITMENT_STATUSES) {
      expect(evaluateReport(facts(s, PK), officerPK).ok).toBe(s !== 'withdrawn');
    }
    expect(evaluateReport(facts('withdrawn', PK), officerPK)).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid_transition' },
    });
  });
});

describe('a new commitment', () => {
  const P1 = 'prov-1';
  const P2 = 'prov-2';
  const doha = { agreementId: 'agr-1', startsOn: '2025-10-18', endsOn: '2025-10-19' };
  const settings: NewCommitmentFacts = {
    agreementId: 'agr-1',
    provisionIds: [P1, P2],
    partyOrganisationIds: PARTIES,
    round: doha,
  };
  const good: NewCommitmentInput = {
    partyOrganisationId: AF,
    roundId: 'round-doha',
    title: 'TTP leadership relocated',
    text: 'The Afghan side relocates TTP leadership away from the border.',
    provisionIds: [P1],
    indicators: [
      {
        description: 'TTP leadership relocated away from the border',
        meansOfVerification: 'as verified by the mechanism',
      },
    ],
    dueOn: '2025-11-15',
  };
  const fields = (input: Partial<NewCommitmentInput>, over: Partial<NewCommitmentFacts> = {}) =>
    checkNewCommitment({ ...good, ...input }, { ...settings, ...over }).map((e) => e.field);

  it('accepts a well-formed commitment, for one party or for all', () => {
    expect(checkNewCommitment(good, settings)).toEqual([]);
    expect(fields({ partyOrganisationId: null })).toEqual([]);
    expect(fields({ roundId: null, dueOn: null })).toEqual([]);
    expect(fields({ dueOn: '2025-10-18' })).toEqual([]);
  });

  it('refuses a due date before the round of talks where it was made', () => {
    expect(fields({ dueOn: '2025-10-17' })).toEqual(['dueOn']);
    expect(checkNewCommitment({ ...good, dueOn: '2025-10-01' }, settings)[0]?.message).toMatch(
      /before the round of talks.*2025-10-18/,
    );
    expect(fields({ dueOn: '2025-02-30' })).toEqual(['dueOn']);
  });

  it('refuses unknown provisions, rounds and parties, and indicators without verification', () => {
    expect(fields({ provisionIds: [P1, 'prov-x'] })).toEqual(['provisionIds']);
    expect(fields({ provisionIds: [] })).toEqual(['provisionIds']);
    expect(fields({}, { round: undefined })).toEqual(['roundId']);
    expect(fields({}, { round: { ...doha, agreementId: 'agr-2' } })).toEqual(['roundId']);
    expect(fields({ partyOrganisationId: TR })).toEqual(['partyOrganisationId']);
    expect(fields({ indicators: [] })).toEqual(['indicators']);
    expect(
      fields({
        indicators: [
          { description: 'Wanted persons handed over at a crossing', meansOfVerification: ' ' },
          { description: '', meansOfVerification: 'joint monitors at Torkham' },
        ],
      }),
    ).toEqual(['indicators.0.meansOfVerification', 'indicators.1.description']);
    expect(fields({ title: '  ', text: '' })).toEqual(['title', 'text']);
  });

  it('knows calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-1-01')).toBe(false);
  });
});

describe('findings that breach a commitment', () => {
  const commitment = {
    partyOrganisationId: AF,
    partyOrganisationIds: PARTIES,
    provisionIds: ['p1'],
  };
  const finding = {
    issued: true,
    outcome: 'violation_attributed',
    attributedOrganisationId: AF,
    provisionIds: ['p1', 'p3'],
  };

  it("counts an issued violation by the commitment's party under one of its provisions", () => {
    expect(findingBreachesCommitment(commitment, finding)).toBe(true);
    expect(findingBreachesCommitment(commitment, { ...finding, issued: false })).toBe(false);
    expect(findingBreachesCommitment(commitment, { ...finding, outcome: 'unsubstantiated' })).toBe(
      false,
    );
    expect(
      findingBreachesCommitment(commitment, { ...finding, attributedOrganisationId: PK }),
    ).toBe(false);
    expect(
      findingBreachesCommitment(commitment, { ...finding, attributedOrganisationId: null }),
    ).toBe(false);
    expect(findingBreachesCommitment(commitment, { ...finding, provisionIds: ['p3'] })).toBe(false);
  });

  it('a commitment of every party is breached by a violation of any party', () => {
    const all = { ...commitment, partyOrganisationId: null };
    expect(findingBreachesCommitment(all, finding)).toBe(true);
    expect(findingBreachesCommitment(all, { ...finding, attributedOrganisationId: PK })).toBe(true);
    expect(findingBreachesCommitment(all, { ...finding, attributedOrganisationId: TR })).toBe(
      false,
    );
  });

  it('property: a breach needs all four conditions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<string | null>(PK, AF, null),
        fc.subarray(['p1', 'p2', 'p3']),
        fc.boolean(),
        fc.constantFrom('violation_attributed', 'violation_not_attributable', 'not_a_violation'),
        fc.constantFrom<string | null>(PK, AF, TR, null),
        fc.subarray(['p1', 'p2', 'p3']),
        (party, cProvisions, issued, outcome, attributed, fProvisions) => {
          const breach = findingBreachesCommitment(
            {
              partyOrganisationId: party,
              partyOrganisationIds: PARTIES,
              provisionIds: cProvisions,
            },
            { issued, outcome, attributedOrganisationId: attributed, provisionIds: fProvisions },
          );
          const expected =
            issued &&
            outcome === 'violation_attributed' &&
            attributed !== null &&
            (party === null ? PARTIES.includes(attributed) : attributed === party) &&
            fProvisions.some((p) => cProvisions.includes(p));
          expect(breach).toBe(expected);
        },
      ),
    );
  });
});
