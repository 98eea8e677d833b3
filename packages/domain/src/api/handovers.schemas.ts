/**
 * Wire schemas for handovers of named persons at a crossing: the request, the other side's answer
 * and the outcome. Who sees them and who may do what is in `intel/handover-rules.ts`.
 */
import Type, { type Static } from 'typebox';
import { Timestamp, Uuid } from './accounts.schemas.ts';
import { MAX_REASON_CHARS } from './complaints.schemas.ts';
import {
  HANDOVER_COMMANDS,
  HANDOVER_DECISIONS,
  HANDOVER_OUTCOMES,
  HANDOVER_STATUSES,
} from '../intel/handover-rules.ts';

const Version = Type.Integer({ minimum: 1 });
const Text = Type.String({ minLength: 1, maxLength: MAX_REASON_CHARS });

export const HandoverPersonSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** Whatever identifies the person: father's name, age, where held, document numbers. */
    details: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type HandoverPerson = Static<typeof HandoverPersonSchema>;

export const HandoverSchema = Type.Object({
  id: Uuid,
  requestingOrganisationId: Uuid,
  respondingOrganisationId: Uuid,
  crossingId: Type.Union([Uuid, Type.Null()]),
  persons: Type.Array(HandoverPersonSchema),
  reason: Type.String(),
  status: Type.Enum(HANDOVER_STATUSES),
  /** The responding party's answer, once given. */
  answer: Type.Union([Type.String(), Type.Null()]),
  /** What happened at the crossing, once recorded. */
  outcome: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Handover = Static<typeof HandoverSchema>;

export const HandoverDetailSchema = Type.Object({
  ...HandoverSchema.properties,
  /** What the caller may do next. */
  allowedCommands: Type.Array(Type.Enum(HANDOVER_COMMANDS)),
});
export type HandoverDetail = Static<typeof HandoverDetailSchema>;

export const HandoverListQuerySchema = Type.Object(
  { status: Type.Optional(Type.Enum(HANDOVER_STATUSES)) },
  { additionalProperties: false },
);
export type HandoverListQuery = Static<typeof HandoverListQuerySchema>;

export const CreateHandoverRequestSchema = Type.Object(
  {
    /** The other party, asked to hand the persons over. */
    respondingOrganisationId: Uuid,
    crossingId: Type.Optional(Uuid),
    persons: Type.Array(HandoverPersonSchema, { minItems: 1, maxItems: 200 }),
    reason: Text,
  },
  { additionalProperties: false },
);
export type CreateHandoverRequest = Static<typeof CreateHandoverRequestSchema>;

export const AnswerHandoverRequestSchema = Type.Object(
  { version: Version, decision: Type.Enum(HANDOVER_DECISIONS), text: Text },
  { additionalProperties: false },
);
export type AnswerHandoverRequest = Static<typeof AnswerHandoverRequestSchema>;

export const HandoverOutcomeRequestSchema = Type.Object(
  { version: Version, outcome: Type.Enum(HANDOVER_OUTCOMES), text: Text },
  { additionalProperties: false },
);
export type HandoverOutcomeRequest = Static<typeof HandoverOutcomeRequestSchema>;
