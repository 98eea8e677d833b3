/**
 * The HTTP application factory. It wires plugins and routes onto a Fastify instance and returns it
 * without listening: tests inject requests in-process, `serve` listens.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Fastify, { LogController, type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '@truceline/domain';
import type { Config } from './config/config.ts';
import type { Database } from './platform/database/database.ts';
import type { App } from './platform/http/app-types.ts';
import { registerErrorHandling } from './platform/http/error-handler.ts';
import { AppError } from './platform/http/problem.ts';
import { createMetrics, registerMetrics, type Metrics } from './platform/http/metrics.ts';
import { registerIdempotency } from './platform/http/idempotency.ts';
import { validatorCompiler } from './platform/http/validation.ts';
import { registerAgreementRoutes } from './features/agreements/agreements.routes.ts';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { authenticatePlugin } from './features/auth/authenticate.plugin.ts';
import { registerHealthRoutes, type Readiness } from './features/health/health.routes.ts';
import { registerOrganisationRoutes } from './features/organisations/organisations.routes.ts';
import { registerTokenRoutes } from './features/tokens/tokens.routes.ts';
import { registerUserRoutes } from './features/users/users.routes.ts';
import { registerLogRoutes } from './features/log/log.routes.ts';
import { registerCosignatureRoutes } from './features/log/cosignatures.routes.ts';
import { registerOpeningRoutes } from './features/log/openings.routes.ts';
import type { Services } from './composition-root.ts';
import { registerRecordLogRoutes } from './features/log/records.routes.ts';
import { registerComplaintRoutes } from './features/complaints/complaints.routes.ts';
import { registerComplaintCommandRoutes } from './features/complaints/complaint-commands.routes.ts';
import { registerObservationRoutes } from './features/observations/observations.routes.ts';
import { registerNotificationRoutes } from './features/notifications/notifications.routes.ts';
import { registerEvidenceRoutes } from './features/evidence/evidence.routes.ts';
import { registerCommitmentRoutes } from './features/commitments/commitments.routes.ts';
import { registerTalksRoutes } from './features/talks/talks.routes.ts';
import { registerCrossingRoutes } from './features/crossings/crossings.routes.ts';
import { registerIntelRoutes } from './features/intel/intel.routes.ts';
import { registerHandoverRoutes } from './features/handovers/handovers.routes.ts';
import { registerOsintArticleRoutes } from './features/osint/articles.routes.ts';
import { registerOsintSourceRoutes } from './features/osint/sources.routes.ts';
import { registerOsintStoryRoutes } from './features/osint/stories.routes.ts';

/** Everything the HTTP layer needs, built by the composition root. */
export interface AppDeps {
  readonly config: Pick<Config, 'bodyLimitBytes' | 'secureCookies' | 'logLevel' | 'publicUrl'>;
  readonly database: Database;
  readonly readiness: Readiness;
  readonly services: Pick<
    Services,
    | 'auth'
    | 'users'
    | 'tokens'
    | 'log'
    | 'witnesses'
    | 'complaints'
    | 'complaintCommands'
    | 'observations'
    | 'inbox'
    | 'webhooks'
    | 'evidence'
    | 'commitments'
    | 'assurances'
    | 'talks'
    | 'crossings'
    | 'intel'
    | 'handovers'
    | 'osint'
  >;
  readonly metrics?: Metrics;
  /** Built web app to serve at `/`, if present. */
  readonly webRoot?: string;
  /** Where logs go; defaults to stdout. Tests pass a stream to inspect log lines. */
  readonly logStream?: NodeJS.WritableStream;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Credentials never reach the logs, whatever a future log line includes.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming)
        ? incoming
        : crypto.randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Requests arriving on open connections during shutdown get our own problem document below.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    trustProxy: false,
    ajv: { customOptions: {} },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only. Refusing text/plain also means a cross-site HTML form (which can
  // only send form or text bodies) never reaches a handler.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ProblemSchema);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Once shutdown starts, a request still in flight must not leave its keep-alive connection
  // open: Node reaps only the connections idle when close() is called, so a client that keeps
  // the socket would hold the shutdown for the whole keep-alive timeout (72 s).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onRequest', async () => {
    if (closing) {
      throw new AppError('shutting_down', 'The service is shutting down; retry shortly', {
        headers: { 'retry-after': '5' },
      });
    }
  });

  // Fail at start-up, not in production, if an API route forgets to name its policy action.
  app.addHook('onRoute', (route) => {
    if (
      route.url.startsWith('/api/v1/') &&
      route.config?.action === undefined &&
      route.config?.auth !== 'none'
    ) {
      throw new Error(`Route ${String(route.method)} ${route.url} names no policy action`);
    }
  });
  registerErrorHandling(app, deps.webRoot);
  registerMetrics(app, deps.metrics ?? createMetrics());

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Only ask browsers to upgrade to HTTPS when the service is published over HTTPS.
        upgradeInsecureRequests: deps.config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: deps.config.publicUrl.startsWith('https:'),
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(authenticatePlugin, { auth: deps.services.auth });
  // After authentication (keys belong to the signed-in user), before every route.
  registerIdempotency(app, { db: deps.database.db });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Truceline API',
        version: '1.0.0',
        description:
          'Ceasefire monitoring and verification. Errors are RFC 9457 problem documents with a stable `code`. ' +
          'Browser sessions send the CSRF token in `x-csrf-token`; scripts use `Authorization: Bearer tl_…`. ' +
          'A POST, PUT or PATCH sent with an `Idempotency-Key` header (1–100 of `A-Za-z0-9_-`) is carried out ' +
          'once: the same request again under that key within 24 hours gets the first answer back, marked ' +
          '`Idempotent-Replayed: true`.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'truceline_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, { database: deps.database, readiness: deps.readiness });
  registerAuthRoutes(app, { auth: deps.services.auth, secureCookies: deps.config.secureCookies });
  registerTokenRoutes(app, { tokens: deps.services.tokens });
  registerUserRoutes(app, { users: deps.services.users });
  registerOrganisationRoutes(app, { db: deps.database.db });
  registerAgreementRoutes(app, { db: deps.database.db });
  registerLogRoutes(app, { log: deps.services.log });
  registerCosignatureRoutes(app, { log: deps.services.log, witnesses: deps.services.witnesses });
  registerOpeningRoutes(app, { db: deps.database.db });
  registerRecordLogRoutes(app, { db: deps.database.db });
  registerComplaintRoutes(app, { complaints: deps.services.complaints, db: deps.database.db });
  registerComplaintCommandRoutes(app, {
    complaints: deps.services.complaints,
    commands: deps.services.complaintCommands,
  });
  registerObservationRoutes(app, { observations: deps.services.observations });
  registerEvidenceRoutes(app, { evidence: deps.services.evidence });
  registerCommitmentRoutes(app, {
    commitments: deps.services.commitments,
    assurances: deps.services.assurances,
  });
  registerTalksRoutes(app, { talks: deps.services.talks });
  registerCrossingRoutes(app, { crossings: deps.services.crossings });
  registerIntelRoutes(app, { intel: deps.services.intel });
  registerHandoverRoutes(app, { handovers: deps.services.handovers });
  registerNotificationRoutes(app, {
    inbox: deps.services.inbox,
    webhooks: deps.services.webhooks,
  });
  registerOsintSourceRoutes(app, { sources: deps.services.osint.sources });
  registerOsintArticleRoutes(app, {
    ingest: deps.services.osint.ingest,
    articles: deps.services.osint.articles,
  });
  registerOsintStoryRoutes(app, {
    stories: deps.services.osint.stories,
    matches: deps.services.osint.matches,
  });

  if (deps.webRoot && fs.existsSync(deps.webRoot)) {
    await app.register(fastifyStatic, {
      root: deps.webRoot,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
    });
  }
  return app as unknown as App;
}

export type { FastifyError };
