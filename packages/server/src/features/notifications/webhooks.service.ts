/**
 * Signed webhooks: an organisation subscribes a URL to complaint events; each delivery carries an
 * HMAC-SHA256 signature over the timestamp and the exact body, is recorded with its outcome, and is
 * retried with growing delays until it succeeds or the attempts run out.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Actor } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { webhookDeliveries, webhooks } from '../../platform/database/schema/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import { assertPublicUrl, FetchError, safePost } from '../../platform/net/safe-fetch.ts';
import { COMPLAINT_EVENTS, type ComplaintEvent } from '../complaints/complaint-events.ts';

/** Delays before each retry; after the last one the delivery is marked failed. */
export const RETRY_DELAYS_MS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  60 * 60_000,
  4 * 60 * 60_000,
  12 * 60 * 60_000,
];
export const SIGNATURE_HEADER = 'truceline-signature';

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly events: string[];
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly event: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string | null;
}

export interface WebhooksService {
  create(
    input: { url: string; events: ComplaintEvent[] },
    actor: Actor,
  ): Promise<{ webhook: Webhook; secret: string }>;
  list(actor: Actor): Promise<Webhook[]>;
  disable(id: string, actor: Actor): Promise<Webhook>;
  deliveries(id: string, actor: Actor): Promise<WebhookDelivery[]>;
  /** Sends every due delivery once. Returns how many were attempted. */
  deliverDue(limit?: number): Promise<{ attempted: number; delivered: number }>;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as receivers verify it. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

const present = (r: typeof webhooks.$inferSelect): Webhook => ({
  id: r.id,
  url: r.url,
  events: r.events,
  createdAt: r.createdAt.toISOString(),
  disabledAt: r.disabledAt?.toISOString() ?? null,
});

export function createWebhooksService(deps: {
  db: Db;
  clock: () => Date;
  /** The longest one delivery may take. */
  timeoutMs: number;
  /** Deliver to loopback addresses (tests only); private and link-local ones are always refused. */
  allowLoopback: boolean;
}): WebhooksService {
  const { db, clock } = deps;
  const policy = { timeoutMs: deps.timeoutMs, allowLoopback: deps.allowLoopback };

  async function own(id: string, actor: Actor) {
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
    // Another organisation's webhook is reported exactly like a missing one.
    if (!row || row.organisationId !== actor.organisationId) {
      throw new AppError('not_found', 'No such webhook');
    }
    return row;
  }

  return {
    async create(input, actor) {
      const unknown = input.events.filter((e) => !COMPLAINT_EVENTS.includes(e));
      if (unknown.length > 0) {
        throw new AppError('validation_failed', 'Unknown event', {
          errors: [{ field: 'body.events', message: `${unknown.join(', ')} is not an event` }],
        });
      }
      // No webhook into the mechanism's own network (SSRF): refused here when the address says
      // so, and again at each delivery, where a name resolving inside is refused as well.
      try {
        assertPublicUrl(input.url, deps.allowLoopback);
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        throw new AppError('validation_failed', 'The webhook address is not allowed', {
          errors: [{ field: 'body.url', message: error.message }],
        });
      }
      const secret = crypto.randomBytes(32).toString('base64url');
      const [row] = await db
        .insert(webhooks)
        .values({
          organisationId: actor.organisationId,
          url: input.url,
          secret,
          events: [...new Set(input.events)],
          createdBy: actor.userId,
          createdAt: clock(),
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return { webhook: present(row), secret };
    },

    async list(actor) {
      const rows = await db
        .select()
        .from(webhooks)
        .where(eq(webhooks.organisationId, actor.organisationId))
        .orderBy(asc(webhooks.createdAt));
      return rows.map(present);
    },

    async disable(id, actor) {
      const row = await own(id, actor);
      const [updated] = await db
        .update(webhooks)
        .set({ disabledAt: row.disabledAt ?? clock() })
        .where(eq(webhooks.id, id))
        .returning();
      return present(updated ?? row);
    },

    async deliveries(id, actor) {
      await own(id, actor);
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.webhookId, id))
        .orderBy(desc(webhookDeliveries.createdAt))
        .limit(200);
      return rows.map((d) => ({
        id: d.id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      }));
    },

    async deliverDue(limit = 100) {
      const due = await db
        .select({ delivery: webhookDeliveries, hook: webhooks })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(
          and(
            eq(webhookDeliveries.status, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, clock()),
            isNull(webhooks.disabledAt),
          ),
        )
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit);
      let delivered = 0;
      for (const { delivery, hook } of due) {
        // The network call happens outside any transaction; only its outcome is written.
        const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
        const now = clock();
        let statusCode: number | null = null;
        let error: string | null = null;
        try {
          // Redirects are not followed: a 3xx is a failed delivery like any other non-2xx.
          statusCode = await safePost(
            hook.url,
            body,
            {
              'content-type': 'application/json',
              'user-agent': 'Truceline-Webhook/1',
              [SIGNATURE_HEADER]: signPayload(hook.secret, Math.floor(now.getTime() / 1000), body),
              'truceline-delivery': delivery.id,
              'truceline-event': delivery.event,
            },
            policy,
          );
          if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
        } catch (e) {
          error = e instanceof Error ? e.message.slice(0, 500) : 'delivery failed';
        }
        const attempts = delivery.attempts + 1;
        const ok = error === null;
        if (ok) delivered += 1;
        const delay = RETRY_DELAYS_MS[attempts - 1];
        await db
          .update(webhookDeliveries)
          .set({
            attempts,
            lastStatusCode: statusCode,
            lastError: error,
            lastAttemptAt: now,
            status: ok ? 'delivered' : delay === undefined ? 'failed' : 'pending',
            deliveredAt: ok ? now : null,
            nextAttemptAt: ok || delay === undefined ? null : new Date(now.getTime() + delay),
          })
          .where(eq(webhookDeliveries.id, delivery.id));
      }
      return { attempted: due.length, delivered };
    },
  };
}
