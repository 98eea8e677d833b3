/**
 * Organisations and roles of a monitoring mechanism.
 *
 * A mechanism joins states that distrust each other, so every account belongs to exactly one
 * organisation and acts for it: a party (one side of the ceasefire), a mediator, the secretariat
 * that runs the mechanism, or an observer.
 */

/** What an organisation is within the mechanism. */
export const ORGANISATION_KINDS = ['party', 'mediator', 'secretariat', 'observer'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** What a person does within the mechanism. */
export const ROLES = ['admin', 'mediator', 'party_officer', 'monitor', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Which organisation kinds a role may belong to; anything else is refused when an account is made. */
export const ROLE_ORGANISATION_KINDS: Readonly<Record<Role, readonly OrganisationKind[]>> = {
  // Administrators run the software for the mechanism, so they sit in the secretariat.
  admin: ['secretariat'],
  // Verification officers work for a mediator (or the secretariat acting for the mediators).
  mediator: ['mediator', 'secretariat'],
  // A liaison officer speaks for exactly one party.
  party_officer: ['party'],
  // Field monitors are deployed by the mediators or the secretariat, never by a party.
  monitor: ['mediator', 'secretariat'],
  observer: ['observer', 'mediator', 'secretariat', 'party'],
};

/** True when an account with `role` may belong to an organisation of `kind`. */
export function roleFitsOrganisation(role: Role, kind: OrganisationKind): boolean {
  return ROLE_ORGANISATION_KINDS[role].includes(kind);
}

/** Scopes an API token may carry; a token never exceeds its owner's role. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
