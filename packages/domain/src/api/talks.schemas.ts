/**
 * Wire schemas for rounds of talks: where and when, who sat at the table (mediators and each
 * party's delegation), what came out of it, the documents of the round (statements, minutes,
 * communiqués, each with its visibility) and the commitments the round produced.
 */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import { ProvisionSchema, TalkRoundSchema } from './agreements.schemas.ts';
import { MAX_NARRATIVE_CHARS, UserLanguageSchema } from './complaints.schemas.ts';

const IsoDate = Type.String({ format: 'date' });

/** Text in one or more languages, as written: `{ "en": "Round 4, Doha" }`. */
export const LocalisedInputSchema = (maxLength: number) =>
  Type.Record(
    Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)*$' }),
    Type.String({ minLength: 1, maxLength }),
    { minProperties: 1, maxProperties: 10, additionalProperties: false },
  );

export const TALK_DOCUMENT_KINDS = ['statement', 'minutes', 'communique', 'other'] as const;
export type TalkDocumentKind = (typeof TALK_DOCUMENT_KINDS)[number];
/** Who may read a document of the talks (`maySeeRecord`): published, both parties, or mediators. */
export const TALK_DOCUMENT_VISIBILITIES = ['public', 'joint', 'mediators'] as const;
export type TalkDocumentVisibility = (typeof TALK_DOCUMENT_VISIBILITIES)[number];

export const TalkParticipantSchema = Type.Object({
  organisationId: Uuid,
  organisationName: Type.String(),
  organisationShortName: Type.String(),
  /** `party`, `mediator`, `secretariat` or `observer`: the organisation's kind. */
  capacity: Type.String(),
  /** Names and posts of the delegation, as published. */
  delegation: Type.Array(Type.String()),
});
export type TalkParticipant = Static<typeof TalkParticipantSchema>;

export const TalkDocumentSchema = Type.Object({
  id: Uuid,
  roundId: Uuid,
  kind: Type.Enum(TALK_DOCUMENT_KINDS),
  title: Type.String(),
  body: Type.String(),
  language: Type.String(),
  visibility: Type.Enum(TALK_DOCUMENT_VISIBILITIES),
  /** Whose document it is (a party's statement), if anyone's in particular. */
  organisationId: Type.Union([Uuid, Type.Null()]),
  addedBy: Type.Union([Uuid, Type.Null()]),
  addedAt: Timestamp,
});
export type TalkDocument = Static<typeof TalkDocumentSchema>;

/** A commitment made at the round, as far as the caller may see it. */
export const TalkCommitmentSchema = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  title: Type.String(),
  status: Type.String(),
  partyOrganisationId: Type.Union([Uuid, Type.Null()]),
  dueOn: Type.Union([IsoDate, Type.Null()]),
  provisionIds: Type.Array(Uuid),
});
export type TalkCommitment = Static<typeof TalkCommitmentSchema>;

/**
 * One round with everything about it. The list (`GET /talks`) keeps exactly `TalkRoundSchema`:
 * the web app checks each listed round against its log entry, field for field.
 */
export const TalkRoundDetailSchema = Type.Object({
  ...TalkRoundSchema.properties,
  /** Who sat at the table: mediators first, then the parties' delegations. */
  participants: Type.Array(TalkParticipantSchema),
  /** The documents the caller may see, oldest first. */
  documents: Type.Array(TalkDocumentSchema),
  /** The commitments the round produced that the caller may see. */
  commitments: Type.Array(TalkCommitmentSchema),
  /** The provisions those commitments give effect to. */
  provisions: Type.Array(ProvisionSchema),
});
export type TalkRoundDetail = Static<typeof TalkRoundDetailSchema>;

export const CreateTalkRoundRequestSchema = Type.Object(
  {
    agreementId: Type.Optional(Uuid),
    name: LocalisedInputSchema(200),
    place: Type.String({ minLength: 1, maxLength: 200 }),
    startsOn: IsoDate,
    /** The last day of the round; not before `startsOn`. */
    endsOn: IsoDate,
    /** What came of it; empty while the round is under way. */
    outcome: Type.Optional(LocalisedInputSchema(MAX_NARRATIVE_CHARS)),
  },
  { additionalProperties: false },
);
export type CreateTalkRoundRequest = Static<typeof CreateTalkRoundRequestSchema>;

export const AddTalkDocumentRequestSchema = Type.Object(
  {
    kind: Type.Enum(TALK_DOCUMENT_KINDS),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.String({ minLength: 1, maxLength: MAX_NARRATIVE_CHARS }),
    language: UserLanguageSchema,
    visibility: Type.Enum(TALK_DOCUMENT_VISIBILITIES),
    organisationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type AddTalkDocumentRequest = Static<typeof AddTalkDocumentRequestSchema>;

export const AddTalkParticipantRequestSchema = Type.Object(
  {
    organisationId: Uuid,
    delegation: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type AddTalkParticipantRequest = Static<typeof AddTalkParticipantRequestSchema>;
