/** Liveness and readiness for orchestrators and load balancers. */
import Type from 'typebox';
import type { App } from '../../platform/http/app-types.ts';
import type { Database } from '../../platform/database/database.ts';

export interface Readiness {
  /** Set once migrations have run in this process. */
  migrated: boolean;
}

const Status = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export function registerHealthRoutes(
  app: App,
  deps: { database: Database; readiness: Readiness },
): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers and migrations are done (503 otherwise)',
        response: { 200: Status, 503: Status },
      },
    },
    async (_request, reply) => {
      let database = 'ok';
      try {
        await deps.database.ping(1500);
      } catch {
        database = 'unreachable';
      }
      const migrations = deps.readiness.migrated ? 'ok' : 'pending';
      const ready = database === 'ok' && migrations === 'ok';
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: ready ? 'ready' : 'not ready', checks: { database, migrations } });
    },
  );
}
