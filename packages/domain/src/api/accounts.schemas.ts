/**
 * Wire schemas for accounts, sessions and tokens: the API validates with them and the web app
 * builds its forms from the same definitions, so both always agree on what is valid.
 */
import Type, { type Static } from 'typebox';
import { ORGANISATION_KINDS, ROLES, TOKEN_SCOPES } from '../accounts/roles.ts';
import { ACTIONS, type Action } from '../policy/policy.ts';

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });

export const RoleSchema = Type.Enum(ROLES);
export const OrganisationKindSchema = Type.Enum(ORGANISATION_KINDS);
export const TokenScopeSchema = Type.Enum(TOKEN_SCOPES);
export const ActionSchema = Type.Enum(Object.keys(ACTIONS) as Action[]);

/** The languages of the web app's interface (the same six people write complaints in). */
export const INTERFACE_LOCALES = ['en', 'ur', 'ps', 'fa', 'tr', 'ar'] as const;
export type InterfaceLocale = (typeof INTERFACE_LOCALES)[number];
export const InterfaceLocaleSchema = Type.Enum(INTERFACE_LOCALES);

/** An email address as typed by a person; compared case-insensitively. */
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** Passwords: long enough to resist guessing, bounded so hashing cannot be abused. */
export const Password = Type.String({ minLength: 12, maxLength: 256 });

/**
 * An extension member of workflow and version refusals: the record's current version and state,
 * and the commands the state allows, so a client can refresh and offer the right next step.
 */
export const ProblemWorkflowSchema = Type.Object({
  currentVersion: Type.Optional(Type.Integer()),
  state: Type.Optional(Type.String()),
  allowed: Type.Optional(Type.Array(Type.String())),
  precondition: Type.Optional(Type.String()),
});
export type ProblemWorkflow = Static<typeof ProblemWorkflowSchema>;

/** RFC 9457 problem details, with Truceline's stable `code` and the offending field. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    ),
    workflow: Type.Optional(ProblemWorkflowSchema),
  },
  { $id: 'Problem' },
);
export type Problem = Static<typeof ProblemSchema>;

export const OrganisationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  shortName: Type.String(),
  kind: OrganisationKindSchema,
  demo: Type.Boolean(),
});
export type Organisation = Static<typeof OrganisationSchema>;

export const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  organisationId: Uuid,
  locale: Type.String(),
  disabled: Type.Boolean(),
  demo: Type.Boolean(),
  createdAt: Timestamp,
});
export type User = Static<typeof UserSchema>;

export const LoginRequestSchema = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequestSchema>;

export const SessionInfoSchema = Type.Object({
  user: UserSchema,
  organisation: OrganisationSchema,
  csrfToken: Type.String(),
  expiresAt: Timestamp,
  capabilities: Type.Array(ActionSchema),
  /**
   * The interface language the user chose (`PUT /me/locale`), followed wherever they sign in;
   * null until they choose one, when the browser's language applies.
   */
  locale: Type.Union([InterfaceLocaleSchema, Type.Null()]),
});
export type SessionInfo = Static<typeof SessionInfoSchema>;

/** `PUT /me/locale`: the signed-in user's interface language. */
export const UpdateLocaleRequestSchema = Type.Object(
  { locale: InterfaceLocaleSchema },
  { additionalProperties: false },
);
export type UpdateLocaleRequest = Static<typeof UpdateLocaleRequestSchema>;

/** An active mediator or monitor, whom a mediator may task with an investigation. */
export const InvestigatorSchema = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  role: Type.Enum(['mediator', 'monitor']),
  organisationId: Uuid,
});
export type Investigator = Static<typeof InvestigatorSchema>;

export const CreateUserRequestSchema = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleSchema,
    organisationId: Uuid,
    password: Password,
    locale: Type.Optional(Type.String({ pattern: '^(en|ur|ps|fa|tr|ar)$' })),
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequestSchema>;

export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(TokenScopeSchema),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const CreateTokenRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(TokenScopeSchema, { minItems: 1, uniqueItems: true }),
    /** Lifetime in days; tokens always expire. */
    expiresInDays: Type.Integer({ minimum: 1, maximum: 366 }),
  },
  { additionalProperties: false },
);
export type CreateTokenRequest = Static<typeof CreateTokenRequestSchema>;

/** The only response that ever carries a token's secret: shown once, never again. */
export const CreatedTokenSchema = Type.Object({ token: ApiTokenSchema, secret: Type.String() });
export type CreatedToken = Static<typeof CreatedTokenSchema>;

export const SessionSummarySchema = Type.Object({
  id: Uuid,
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
export type SessionSummary = Static<typeof SessionSummarySchema>;
