/**
 * Notifications: the inbox of each person concerned, and signed webhooks delivered to a real HTTP
 * receiver, with every attempt recorded and failures retried on a growing schedule.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/test-db.ts';
import { asSession, createTestApp, type TestContext } from '../support/test-app.ts';
import { command, complaintBody, file, loadWorld, type World } from '../support/complaints.ts';
import { RETRY_DELAYS_MS } from '../../src/features/notifications/webhooks.service.ts';

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver that answers with the next status in `statuses` (then 200). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const backend of await backends()) {
  describe(`notifications (${backend.name})`, () => {
    let t: TestContext;
    let w: World;
    beforeAll(async () => {
      // The receiver listens on 127.0.0.1, which only tests may deliver to.
      t = await createTestApp(backend, {
        configure: (c) => ({ ...c, webhooks: { ...c.webhooks, allowLoopback: true } }),
      });
      w = await loadWorld(t.app);
    });
    afterAll(async () => t.close());

    it('tells the accused party when a complaint names it, and signs the webhook delivery', async () => {
      const hook = await receiver([500]);
      try {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: asSession(w.as.af),
          payload: { url: hook.url, events: ['complaint.names_your_party'] },
        });
        expect(created.statusCode, created.body).toBe(201);
        const { webhook, secret } = created.json() as { webhook: { id: string }; secret: string };
        // Listing never shows the secret again.
        const listed = await t.app.inject({ url: '/api/v1/webhooks', headers: asSession(w.as.af) });
        expect(listed.body).not.toContain(secret);
        // Another party cannot see or read this webhook's deliveries.
        const foreign = await t.app.inject({
          url: `/api/v1/webhooks/${webhook.id}/deliveries`,
          headers: asSession(w.as.pk),
        });
        expect(foreign.statusCode).toBe(404);

        const c = (await file(t.app, w.as.pk, complaintBody(w))).json;
        let v = 1;
        for (const cmd of ['register', 'open_reply_window']) {
          v = (
            await command(t.app, w.as.tr, c.id, 'transitions', {
              version: v,
              command: cmd,
              reason: 'x',
            })
          ).json.complaint.version;
        }
        const inbox = await t.app.inject({
          url: '/api/v1/me/notifications?unread=true',
          headers: asSession(w.as.af),
        });
        const items = inbox.json() as {
          items: { id: string; event: string; complaintId: string }[];
          unread: number;
        };
        const mine = items.items.filter((i) => i.complaintId === c.id);
        expect(mine.map((i) => i.event)).toEqual(['complaint.names_your_party']);

        // First attempt: the receiver fails; the delivery stays pending with a retry scheduled.
        expect(await t.services.webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 0 });
        let deliveries = (
          await t.app.inject({
            url: `/api/v1/webhooks/${webhook.id}/deliveries`,
            headers: asSession(w.as.af),
          })
        ).json() as {
          items: {
            status: string;
            attempts: number;
            lastStatusCode: number;
            nextAttemptAt: string;
          }[];
        };
        expect(deliveries.items[0]).toMatchObject({
          status: 'pending',
          attempts: 1,
          lastStatusCode: 500,
        });
        expect(Date.parse(deliveries.items[0]?.nextAttemptAt ?? '') - t.clock.now.getTime()).toBe(
          RETRY_DELAYS_MS[0],
        );
        // Not due yet: nothing is sent.
        expect(await t.services.webhooks.deliverDue()).toEqual({ attempted: 0, delivered: 0 });
        const before = t.clock.now;
        t.clock.now = new Date(before.getTime() + (RETRY_DELAYS_MS[0] ?? 0));
        try {
          expect(await t.services.webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 1 });
        } finally {
          t.clock.now = before;
        }
        deliveries = (
          await t.app.inject({
            url: `/api/v1/webhooks/${webhook.id}/deliveries`,
            headers: asSession(w.as.af),
          })
        ).json() as typeof deliveries;
        expect(deliveries.items[0]).toMatchObject({
          status: 'delivered',
          attempts: 2,
          lastStatusCode: 200,
        });

        // The receiver can check the signature with the secret it was given.
        expect(hook.received).toHaveLength(2);
        const last = hook.received[1];
        const sig = String(last?.headers['truceline-signature']);
        const [, ts, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig) ?? [];
        const expected = crypto
          .createHmac('sha256', secret)
          .update(`${ts}.${last?.body}`)
          .digest('hex');
        expect(mac).toBe(expected);
        const payload = JSON.parse(last?.body ?? '{}') as Record<string, unknown>;
        expect(payload).toMatchObject({ event: 'complaint.names_your_party', complaintId: c.id });
        // The payload names the complaint but carries none of its text.
        expect(last?.body).not.toContain('Mortar');

        const read = await t.app.inject({
          method: 'POST',
          url: '/api/v1/me/notifications/read',
          headers: asSession(w.as.af),
          payload: { ids: 'all' },
        });
        expect((read.json() as { marked: number }).marked).toBeGreaterThanOrEqual(1);
        const after = (
          await t.app.inject({ url: '/api/v1/me/notifications', headers: asSession(w.as.af) })
        ).json() as { unread: number };
        expect(after.unread).toBe(0);
      } finally {
        await hook.close();
      }
    });

    it('refuses a webhook into the mechanism’s own network, naming the field', async () => {
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.7/hook',
        'http://[::ffff:192.168.1.1]/hook',
        'ftp://example.org/hook',
        'https://user:pass@example.org/hook',
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: asSession(w.as.af),
          payload: { url, events: ['complaint.filed'] },
        });
        expect(res.statusCode, url).toBe(400);
        const problem = res.json<{ errors: { field: string; message: string }[] }>();
        expect(problem.errors[0]?.field).toBe('body.url');
      }
    });

    it('gives up after the last retry and records the failure', async () => {
      const hook = await receiver(Array(20).fill(503));
      try {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: asSession(w.as.tr),
          payload: { url: hook.url, events: ['complaint.filed'] },
        });
        const { webhook } = created.json() as { webhook: { id: string } };
        await file(t.app, w.as.pk, complaintBody(w));
        const start = t.clock.now;
        try {
          for (let i = 0; i <= RETRY_DELAYS_MS.length; i += 1) {
            await t.services.webhooks.deliverDue();
            t.clock.now = new Date(t.clock.now.getTime() + 13 * 60 * 60 * 1000);
          }
        } finally {
          t.clock.now = start;
        }
        const deliveries = (
          await t.app.inject({
            url: `/api/v1/webhooks/${webhook.id}/deliveries`,
            headers: asSession(w.as.tr),
          })
        ).json() as { items: { status: string; attempts: number; lastError: string }[] };
        expect(deliveries.items[0]).toMatchObject({
          status: 'failed',
          attempts: RETRY_DELAYS_MS.length + 1,
          lastError: 'HTTP 503',
        });
      } finally {
        await hook.close();
      }
    });
  });
}
