import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ROLES,
  TOKEN_SCOPES,
  capabilities,
  decide,
  roleFitsOrganisation,
  type Action,
  type Actor,
} from '../../src/index.ts';

const actions = Object.keys(ACTIONS) as Action[];
const actorArb = fc.record({
  userId: fc.uuid(),
  role: fc.constantFrom(...ROLES),
  organisationId: fc.uuid(),
  organisationKind: fc.constantFrom('party', 'mediator', 'secretariat', 'observer' as const),
});

describe('policy', () => {
  it('anonymous users may only perform public actions', () => {
    for (const a of actions) expect(decide(null, a).allowed).toBe(ACTIONS[a].public);
  });

  it('a token never allows more than its owner, and a read-only token never writes', () => {
    fc.assert(
      fc.property(
        actorArb,
        fc.subarray([...TOKEN_SCOPES], { minLength: 1 }),
        fc.constantFrom(...actions),
        (base, scopes, action) => {
          const withToken: Actor = { ...base, tokenScopes: scopes };
          if (decide(withToken, action).allowed) expect(decide(base, action).allowed).toBe(true);
          if (!scopes.includes('write') && ACTIONS[action].scope === 'write') {
            expect(decide(withToken, action).allowed).toBe(false);
          }
        },
      ),
    );
  });

  it('only administrators manage accounts', () => {
    for (const role of ROLES) {
      const actor: Actor = {
        userId: 'u',
        role,
        organisationId: 'o',
        organisationKind: 'secretariat',
      };
      expect(decide(actor, 'user.create').allowed).toBe(role === 'admin');
      expect(decide(actor, 'user.list').allowed).toBe(role === 'admin');
    }
  });

  it('capabilities are exactly the allowed actions', () => {
    fc.assert(
      fc.property(actorArb, (actor) => {
        const caps = new Set(capabilities(actor));
        for (const a of actions) expect(caps.has(a)).toBe(decide(actor, a).allowed);
      }),
    );
  });

  it('party officers belong to parties; monitors never do', () => {
    expect(roleFitsOrganisation('party_officer', 'party')).toBe(true);
    expect(roleFitsOrganisation('party_officer', 'mediator')).toBe(false);
    expect(roleFitsOrganisation('monitor', 'party')).toBe(false);
    expect(roleFitsOrganisation('admin', 'party')).toBe(false);
  });
});
