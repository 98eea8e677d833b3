/** Public reads: the agreement and its provisions, rounds of talks, crossings. */
import Type from 'typebox';
import { AgreementSchema, CrossingSchema, TalkRoundSchema } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { IdParams, problemResponses } from '../../platform/http/route-helpers.ts';
import * as repo from './agreements.repository.ts';

export function registerAgreementRoutes(app: App, deps: { db: Db }): void {
  app.get(
    '/api/v1/agreements',
    {
      config: { action: 'agreement.read' },
      schema: {
        tags: ['agreements'],
        summary: 'Agreements being monitored, with their provisions',
        response: { 200: Type.Object({ items: Type.Array(AgreementSchema) }) },
      },
    },
    async () => ({ items: await repo.listAgreements(deps.db) }),
  );

  app.get(
    '/api/v1/agreements/:id',
    {
      config: { action: 'agreement.read' },
      schema: {
        tags: ['agreements'],
        summary: 'One agreement with its provisions',
        params: IdParams,
        response: { 200: AgreementSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const found = await repo.findAgreement(deps.db, request.params.id);
      if (!found) throw new AppError('not_found', 'No such agreement');
      return found;
    },
  );

  app.get(
    '/api/v1/talks',
    {
      config: { action: 'talks.read' },
      schema: {
        tags: ['talks'],
        summary: 'Rounds of talks',
        response: { 200: Type.Object({ items: Type.Array(TalkRoundSchema) }) },
      },
    },
    async () => ({ items: await repo.listTalkRounds(deps.db) }),
  );

  app.get(
    '/api/v1/crossings',
    {
      config: { action: 'crossing.read' },
      schema: {
        tags: ['crossings'],
        summary: 'Border crossings with their status history',
        response: { 200: Type.Object({ items: Type.Array(CrossingSchema) }) },
      },
    },
    async () => ({ items: await repo.listCrossings(deps.db) }),
  );
}
