/**
 * Commitments, the parties' signing keys and their written assurances. Thin routes: the schema,
 * the policy action, one service call.
 */
import Type from 'typebox';
import {
  AssuranceListQuerySchema,
  AssurancePageSchema,
  AssuranceSchema,
  AssuranceVerificationSchema,
  CommitmentDetailSchema,
  CommitmentListQuerySchema,
  CommitmentPageSchema,
  CommitmentReportRequestSchema,
  CommitmentReportSchema,
  CommitmentSchema,
  CreateCommitmentRequestSchema,
  PartyKeyListQuerySchema,
  PartyKeySchema,
  RegisterPartyKeyRequestSchema,
  RevokePartyKeyRequestSchema,
  StatusDecisionRequestSchema,
  SubmitAssuranceRequestSchema,
} from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { AssurancesService } from './assurances.service.ts';
import type { CommitmentsService } from './commitments.service.ts';

export function registerCommitmentRoutes(
  app: App,
  deps: { commitments: CommitmentsService; assurances: AssurancesService },
): void {
  const { commitments, assurances } = deps;

  app.get(
    '/api/v1/commitments',
    {
      config: { action: 'commitment.read' },
      schema: {
        tags: ['commitments'],
        summary: 'The commitments the caller may see, in the order they were recorded',
        querystring: CommitmentListQuerySchema,
        response: { 200: CommitmentPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => commitments.list(request.query, request.actor),
  );

  app.post(
    '/api/v1/commitments',
    {
      config: { action: 'commitment.create' },
      schema: {
        tags: ['commitments'],
        summary: 'Record a commitment made at a round of talks, with its indicators',
        body: CreateCommitmentRequestSchema,
        response: { 201: CommitmentSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await commitments.create(request.body, requireActor(request))),
  );

  app.get(
    '/api/v1/commitments/:id',
    {
      config: { action: 'commitment.read' },
      schema: {
        tags: ['commitments'],
        summary:
          'One commitment with its status history, reports, assurances and the findings that breach it',
        params: IdParams,
        response: { 200: CommitmentDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => commitments.get(request.params.id, request.actor),
  );

  app.post(
    '/api/v1/commitments/:id/status',
    {
      config: { action: 'commitment.decide' },
      schema: {
        tags: ['commitments'],
        summary: "The mediators' decision on the status, citing evidence and giving a reason",
        params: IdParams,
        body: StatusDecisionRequestSchema,
        response: { 200: CommitmentDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await commitments.decide(request.params.id, request.body, actor);
      return commitments.get(request.params.id, actor);
    },
  );

  app.post(
    '/api/v1/commitments/:id/reports',
    {
      config: { action: 'commitment.report' },
      schema: {
        tags: ['commitments'],
        summary: "The party's own report of its progress, with evidence",
        params: IdParams,
        body: CommitmentReportRequestSchema,
        response: { 201: CommitmentReportSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await commitments.report(request.params.id, request.body, requireActor(request))),
  );

  app.get(
    '/api/v1/party-keys',
    {
      config: { action: 'party_key.read' },
      schema: {
        tags: ['assurances'],
        summary: "The parties' registered Ed25519 keys, revoked ones included",
        querystring: PartyKeyListQuerySchema,
        response: {
          200: Type.Object({ items: Type.Array(PartyKeySchema) }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => ({ items: await assurances.listKeys(request.query.organisation) }),
  );

  app.post(
    '/api/v1/party-keys',
    {
      config: { action: 'party_key.manage' },
      schema: {
        tags: ['assurances'],
        summary: "Register a party's Ed25519 public key (raw 32 bytes in base64, or SPKI PEM)",
        body: RegisterPartyKeyRequestSchema,
        response: { 201: PartyKeySchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await assurances.registerKey(request.body, requireActor(request))),
  );

  app.post(
    '/api/v1/party-keys/:id/revoke',
    {
      config: { action: 'party_key.manage' },
      schema: {
        tags: ['assurances'],
        summary: 'Revoke a key: it signs nothing new; what it signed before stays valid',
        params: IdParams,
        body: RevokePartyKeyRequestSchema,
        response: { 200: PartyKeySchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => assurances.revokeKey(request.params.id, request.body, requireActor(request)),
  );

  app.get(
    '/api/v1/assurances',
    {
      config: { action: 'assurance.read' },
      schema: {
        tags: ['assurances'],
        summary: 'The written assurances the caller may see, oldest first',
        querystring: AssuranceListQuerySchema,
        response: { 200: AssurancePageSchema, ...problemResponses(400) },
      },
    },
    async (request) => assurances.list(request.query, request.actor),
  );

  app.post(
    '/api/v1/assurances',
    {
      config: { action: 'assurance.submit' },
      schema: {
        tags: ['assurances'],
        summary: "Submit a written assurance signed with one of the party's registered keys",
        body: SubmitAssuranceRequestSchema,
        response: { 201: AssuranceSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await assurances.submit(request.body, requireActor(request))),
  );

  app.get(
    '/api/v1/assurances/:id',
    {
      config: { action: 'assurance.read' },
      schema: {
        tags: ['assurances'],
        summary: 'One written assurance',
        params: IdParams,
        response: { 200: AssuranceSchema, ...problemResponses(404) },
      },
    },
    async (request) => assurances.get(request.params.id, request.actor),
  );

  app.get(
    '/api/v1/assurances/:id/verification',
    {
      config: { action: 'assurance.read' },
      schema: {
        tags: ['assurances'],
        summary:
          'Verify an assurance now: its signature, its key, and whether the key was revoked when it was submitted',
        params: IdParams,
        response: { 200: AssuranceVerificationSchema, ...problemResponses(404) },
      },
    },
    async (request) => assurances.verify(request.params.id, request.actor),
  );
}
