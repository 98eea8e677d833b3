/**
 * Public reads: the agreement and its provisions. Rounds of talks and crossings have their own
 * features (`features/talks`, `features/crossings`).
 */
import Type from 'typebox';
import { AgreementSchema } from '@truceline/domain';
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
}
