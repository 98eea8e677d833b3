/** Wire schemas for the agreement being monitored, its provisions, rounds of talks and crossings. */
import Type, { type Static } from 'typebox';
import { Uuid } from './accounts.schemas.ts';
import { VIOLATION_CATEGORY_IDS } from '../complaints/violation-categories.ts';

/** Text in several languages keyed by language tag: `{ "en": "…", "ur": "…" }`. */
export const LocalisedTextSchema = Type.Record(
  Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)*$' }),
  Type.String(),
);
export type LocalisedText = Static<typeof LocalisedTextSchema>;

const IsoDate = Type.String({ format: 'date' });

export const ProvisionSchema = Type.Object({
  id: Uuid,
  number: Type.String(),
  text: LocalisedTextSchema,
});

export const AgreementSchema = Type.Object({
  id: Uuid,
  title: LocalisedTextSchema,
  summary: LocalisedTextSchema,
  effectiveOn: IsoDate,
  replyWindowDays: Type.Integer(),
  /** The violation categories complaints under this agreement may allege. */
  violationCategories: Type.Array(Type.Enum(VIOLATION_CATEGORY_IDS)),
  demo: Type.Boolean(),
  parties: Type.Array(
    Type.Object({
      organisationId: Uuid,
      capacity: Type.Union([Type.Literal('party'), Type.Literal('mediator')]),
    }),
  ),
  provisions: Type.Array(ProvisionSchema),
});
export type Agreement = Static<typeof AgreementSchema>;

export const TalkRoundSchema = Type.Object({
  id: Uuid,
  agreementId: Type.Union([Uuid, Type.Null()]),
  name: LocalisedTextSchema,
  place: Type.String(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  outcome: LocalisedTextSchema,
  demo: Type.Boolean(),
});
export type TalkRound = Static<typeof TalkRoundSchema>;

export const CrossingSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: LocalisedTextSchema,
  latitude: Type.Number(),
  longitude: Type.Number(),
  status: Type.String(),
  demo: Type.Boolean(),
  history: Type.Array(
    Type.Object({ status: Type.String(), reason: LocalisedTextSchema, effectiveOn: IsoDate }),
  ),
});
export type Crossing = Static<typeof CrossingSchema>;
