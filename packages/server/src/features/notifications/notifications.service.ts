/**
 * Notifications of complaint events: an inbox row for every person who should know and may see
 * the complaint, and a pending webhook delivery for every organisation subscribed to the event.
 * Both are written in the transaction of the change (an outbox); the delivery job sends webhooks
 * afterwards, so a slow or dead receiver never holds a transaction open.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { maySeeComplaint, type Actor, type OrganisationKind, type Role } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import {
  notifications,
  organisations,
  users,
  webhookDeliveries,
  webhooks,
} from '../../platform/database/schema/index.ts';
import type { ComplaintEvent, ComplaintEventSink } from '../complaints/complaint-events.ts';
import {
  mediatorsOf,
  referenceOf,
  type ComplaintRow,
} from '../complaints/complaints.repository.ts';

/** Which organisations hear of an event, and which roles within them. */
async function audience(
  tx: Db,
  event: ComplaintEvent,
  c: ComplaintRow,
): Promise<{ organisationIds: string[]; roles: Role[] }> {
  const mediators = await mediatorsOf(tx, c.agreementId);
  const accused = c.accusedOrganisationId ? [c.accusedOrganisationId] : [];
  const filer = [c.filerOrganisationId];
  switch (event) {
    case 'complaint.filed':
    case 'finding.awaiting_review':
      return { organisationIds: mediators, roles: ['mediator'] };
    case 'complaint.names_your_party':
      return { organisationIds: accused, roles: ['party_officer'] };
    case 'complaint.reply_due_soon':
      return { organisationIds: [...accused, ...mediators], roles: ['party_officer', 'mediator'] };
    case 'complaint.reply_overdue':
    case 'complaint.reply_received':
    case 'finding.issued':
      return {
        organisationIds: [...new Set([...accused, ...filer, ...mediators])],
        roles: ['party_officer', 'mediator', 'monitor'],
      };
  }
}

export function createNotificationSink(): ComplaintEventSink {
  return {
    async emit(tx, event, complaint, now) {
      const { organisationIds, roles } = await audience(tx, event, complaint);
      if (organisationIds.length === 0) return;
      const people = await tx
        .select({
          userId: users.id,
          role: users.role,
          organisationId: users.organisationId,
          organisationKind: organisations.kind,
        })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .where(
          and(
            inArray(users.organisationId, organisationIds),
            inArray(users.role, roles),
            isNull(users.disabledAt),
          ),
        );
      // Nobody is told of a complaint they may not read.
      const recipients = people.filter((p) =>
        maySeeComplaint(
          {
            userId: p.userId,
            role: p.role,
            organisationId: p.organisationId,
            organisationKind: p.organisationKind as OrganisationKind,
          } satisfies Actor,
          complaint,
        ),
      );
      const params = {
        reference: referenceOf(complaint),
        title: complaint.title,
        state: complaint.state,
        replyDueAt: complaint.replyDueAt?.toISOString() ?? null,
      };
      if (recipients.length > 0) {
        await tx.insert(notifications).values(
          recipients.map((r) => ({
            userId: r.userId,
            event,
            complaintId: complaint.id,
            params,
            createdAt: now,
          })),
        );
      }
      const orgsTold = [...new Set(recipients.map((r) => r.organisationId))];
      if (orgsTold.length === 0) return;
      const hooks = await tx
        .select({ id: webhooks.id, events: webhooks.events })
        .from(webhooks)
        .where(and(inArray(webhooks.organisationId, orgsTold), isNull(webhooks.disabledAt)));
      const subscribed = hooks.filter((h) => h.events.includes(event));
      if (subscribed.length === 0) return;
      // The payload names the complaint, never its restricted content: receivers fetch it with
      // their own credentials, so the API's authorisation still decides what they see.
      await tx.insert(webhookDeliveries).values(
        subscribed.map((h) => ({
          webhookId: h.id,
          event,
          payload: {
            event,
            complaintId: complaint.id,
            reference: params.reference,
            state: complaint.state,
            version: complaint.version,
            replyDueAt: params.replyDueAt,
            at: now.toISOString(),
          },
          status: 'pending' as const,
          createdAt: now,
          nextAttemptAt: now,
        })),
      );
    },
  };
}

export interface InboxItem {
  readonly id: string;
  readonly event: string;
  readonly complaintId: string | null;
  readonly params: Record<string, string | number | null>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface InboxService {
  list(
    userId: string,
    options: { unreadOnly: boolean; limit: number },
  ): Promise<{
    items: InboxItem[];
    unread: number;
  }>;
  markRead(userId: string, ids: readonly string[] | 'all'): Promise<number>;
}

export function createInboxService(deps: { db: Db; clock: () => Date }): InboxService {
  const { db, clock } = deps;
  return {
    async list(userId, { unreadOnly, limit }) {
      const rows = await db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            unreadOnly ? isNull(notifications.readAt) : undefined,
          ),
        )
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
      const [unread] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
      return {
        items: rows.map((r) => ({
          id: r.id,
          event: r.event,
          complaintId: r.complaintId,
          params: r.params,
          createdAt: r.createdAt.toISOString(),
          readAt: r.readAt?.toISOString() ?? null,
        })),
        unread: unread?.n ?? 0,
      };
    },
    async markRead(userId, ids) {
      const rows = await db
        .update(notifications)
        .set({ readAt: clock() })
        .where(
          and(
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            ids === 'all' ? undefined : inArray(notifications.id, [...ids]),
          ),
        )
        .returning({ id: notifications.id });
      return rows.length;
    },
  };
}
