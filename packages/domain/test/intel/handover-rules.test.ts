/** Handovers: who sees them, and who may answer and record the outcome in which status. */
import { describe, expect, it } from 'vitest';
import {
  HANDOVER_STATUSES,
  allowedHandoverCommands,
  evaluateHandover,
  maySeeHandover,
  type Actor,
  type HandoverFacts,
  type OrganisationKind,
  type Role,
} from '../../src/index.ts';

const actor = (role: Role, organisationId: string, kind: OrganisationKind): Actor => ({
  userId: `user-${role}-${organisationId}`,
  role,
  organisationId,
  organisationKind: kind,
});
const pk = actor('party_officer', 'pk', 'party');
const af = actor('party_officer', 'af', 'party');
const third = actor('party_officer', 'ir', 'party');
const mediator = actor('mediator', 'tr', 'mediator');
const monitor = actor('monitor', 'sec', 'secretariat');
const admin = actor('admin', 'sec', 'secretariat');
const observer = actor('observer', 'pk', 'party');

const handover = (status: string): HandoverFacts => ({
  requestingOrganisationId: 'pk',
  respondingOrganisationId: 'af',
  status,
});

describe('handovers', () => {
  it('are seen by the two parties, the mediators and the monitors only', () => {
    const h = handover('requested');
    expect([pk, af, mediator, monitor].map((a) => maySeeHandover(a, h))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([null, third, admin, observer].map((a) => maySeeHandover(a, h))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('only the party asked answers, and only a requested handover', () => {
    expect(evaluateHandover(handover('requested'), 'answer', af)).toEqual({ ok: true });
    expect(evaluateHandover(handover('requested'), 'answer', pk)).toMatchObject({
      ok: false,
      kind: 'not_permitted',
    });
    expect(evaluateHandover(handover('requested'), 'answer', mediator)).toMatchObject({
      ok: false,
      kind: 'not_permitted',
    });
    for (const status of HANDOVER_STATUSES.filter((s) => s !== 'requested')) {
      expect(evaluateHandover(handover(status), 'answer', af)).toMatchObject({
        ok: false,
        kind: 'invalid_transition',
      });
    }
  });

  it('the outcome of an accepted handover is recorded by the mediators or either party', () => {
    for (const a of [pk, af, mediator]) {
      expect(evaluateHandover(handover('accepted'), 'record_outcome', a)).toEqual({ ok: true });
    }
    expect(evaluateHandover(handover('accepted'), 'record_outcome', third)).toMatchObject({
      kind: 'not_permitted',
    });
    for (const status of ['requested', 'refused', 'completed', 'failed']) {
      expect(evaluateHandover(handover(status), 'record_outcome', mediator)).toMatchObject({
        kind: 'invalid_transition',
      });
    }
  });

  it('allowed commands follow the status and the actor', () => {
    expect(allowedHandoverCommands(af, handover('requested'))).toEqual(['answer']);
    expect(allowedHandoverCommands(pk, handover('requested'))).toEqual([]);
    expect(allowedHandoverCommands(pk, handover('accepted'))).toEqual(['record_outcome']);
    expect(allowedHandoverCommands(monitor, handover('accepted'))).toEqual([]);
    expect(allowedHandoverCommands(null, handover('accepted'))).toEqual([]);
    expect(allowedHandoverCommands(mediator, handover('completed'))).toEqual([]);
  });
});
