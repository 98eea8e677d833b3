/** The caller's inbox and its organisation's webhooks. */
import Type from 'typebox';
import { Timestamp, Uuid } from '@truceline/domain';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import { COMPLAINT_EVENTS } from '../complaints/complaint-events.ts';
import type { InboxService } from './notifications.service.ts';
import type { WebhooksService } from './webhooks.service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const InboxItemSchema = Type.Object({
  id: Uuid,
  event: Type.String(),
  complaintId: Nullable(Uuid),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});

const WebhookSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  events: Type.Array(Type.String()),
  createdAt: Timestamp,
  disabledAt: Nullable(Timestamp),
});

const DeliverySchema = Type.Object({
  id: Uuid,
  event: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
  nextAttemptAt: Nullable(Timestamp),
});

export function registerNotificationRoutes(
  app: App,
  deps: { inbox: InboxService; webhooks: WebhooksService },
): void {
  app.get(
    '/api/v1/me/notifications',
    {
      config: { action: 'notification.own.read' },
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first, with the unread count",
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(InboxItemSchema), unread: Type.Integer() }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request) =>
      deps.inbox.list(requireActor(request).userId, {
        unreadOnly: request.query.unread ?? false,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    '/api/v1/me/notifications/read',
    {
      config: { action: 'notification.own.update' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications (or all of them) read',
        body: Type.Object(
          {
            ids: Type.Union([
              Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
              Type.Literal('all'),
            ]),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ marked: Type.Integer() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({
      marked: await deps.inbox.markRead(requireActor(request).userId, request.body.ids),
    }),
  );

  app.get(
    '/api/v1/webhooks',
    {
      config: { action: 'webhook.own.read' },
      schema: {
        tags: ['notifications'],
        summary: "The caller's organisation's webhooks",
        response: {
          200: Type.Object({ items: Type.Array(WebhookSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: await deps.webhooks.list(requireActor(request)) }),
  );

  app.post(
    '/api/v1/webhooks',
    {
      // The answer holds the signing secret, which must not be stored for replay.
      config: { action: 'webhook.own.manage', idempotency: false },
      schema: {
        tags: ['notifications'],
        summary: 'Subscribe a URL to complaint events; the signing secret is shown only here',
        body: Type.Object(
          {
            url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
            events: Type.Array(Type.Enum(COMPLAINT_EVENTS), {
              minItems: 1,
              maxItems: COMPLAINT_EVENTS.length,
              uniqueItems: true,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ webhook: WebhookSchema, secret: Type.String() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.webhooks.create(request.body, requireActor(request))),
  );

  app.post(
    '/api/v1/webhooks/:id/disable',
    {
      config: { action: 'webhook.own.manage' },
      schema: {
        tags: ['notifications'],
        summary: 'Stop deliveries to a webhook',
        params: IdParams,
        response: { 200: WebhookSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => deps.webhooks.disable(request.params.id, requireActor(request)),
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { action: 'webhook.own.read' },
      schema: {
        tags: ['notifications'],
        summary: 'Recent deliveries of a webhook with their outcome',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(DeliverySchema) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => ({
      items: await deps.webhooks.deliveries(request.params.id, requireActor(request)),
    }),
  );
}
