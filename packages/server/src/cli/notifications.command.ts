/**
 * `truceline notifications`: an account's inbox, and its organisation's webhooks (create, list,
 * disable, deliveries). The same services and permission checks as the API.
 */
import { Option, type Command } from 'commander';
import { COMPLAINT_EVENTS, type ComplaintEvent } from '../features/complaints/complaint-events.ts';
import { requireActing, asOption } from './acting-as.ts';
import type { ContainerRunner } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';
import { uuidArgument } from './resolve.ts';
import { shortTime, table } from './table.ts';

export function registerNotificationCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  const inbox = program
    .command('notifications')
    .description("an account's inbox and its organisation's webhooks");

  inbox
    .command('list')
    .description("the account's notifications, newest first")
    .option('--unread', 'only unread ones')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (flags: { unread?: boolean; as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const acting = await requireActing(c.database.db, flags, io, 'notification.own.read');
        const page = await c.services.inbox.list(acting.actor.userId, {
          unreadOnly: flags.unread ?? false,
          limit: 200,
        });
        if (flags.json) return io.out(JSON.stringify(page, null, 2));
        io.out(`${page.unread} unread`);
        for (const line of table(
          ['WHEN', 'EVENT', 'COMPLAINT', 'READ'],
          page.items.map((n) => [
            shortTime(n.createdAt),
            n.event,
            String(n.params['reference'] ?? n.complaintId ?? '-'),
            n.readAt ? 'yes' : 'no',
          ]),
        ))
          io.out(line);
      });
    });

  inbox
    .command('read')
    .description('mark all the account’s notifications read')
    .addOption(asOption(true))
    .action(async (flags: { as?: string }) => {
      await withDb(async (c) => {
        const acting = await requireActing(c.database.db, flags, io, 'notification.own.update');
        io.out(`${await c.services.inbox.markRead(acting.actor.userId, 'all')} marked read`);
      });
    });

  const hooks = inbox.command('webhook').description("the organisation's signed webhooks");

  hooks
    .command('add')
    .description('subscribe a URL to events; prints the signing secret once')
    .argument('<url>', 'where deliveries are POSTed (http or https)')
    .addOption(
      new Option('--event <event...>', 'events to deliver')
        .choices(COMPLAINT_EVENTS)
        .makeOptionMandatory(),
    )
    .addOption(asOption(true))
    .action(async (url: string, flags: { event: ComplaintEvent[]; as?: string }) => {
      if (!/^https?:\/\/\S+$/.test(url)) throw new CliError('The URL must be http(s)', EXIT.usage);
      await withDb(async (c) => {
        const acting = await requireActing(c.database.db, flags, io, 'webhook.own.manage');
        const { webhook, secret } = await c.services.webhooks.create(
          { url, events: flags.event },
          acting.actor,
        );
        io.out(`Webhook ${webhook.id}`);
        io.out(`Signing secret (shown once): ${secret}`);
      });
    });

  hooks
    .command('list')
    .description("the organisation's webhooks")
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (flags: { as?: string; json?: boolean }) => {
      await withDb(async (c) => {
        const acting = await requireActing(c.database.db, flags, io, 'webhook.own.read');
        const items = await c.services.webhooks.list(acting.actor);
        if (flags.json) return io.out(JSON.stringify(items, null, 2));
        for (const line of table(
          ['ID', 'URL', 'EVENTS', 'DISABLED'],
          items.map((h) => [h.id, h.url, h.events.join(','), h.disabledAt ?? '-']),
        ))
          io.out(line);
      });
    });

  hooks
    .command('disable')
    .argument('<id>', 'the webhook id')
    .addOption(asOption(true))
    .action(async (id: string, flags: { as?: string }) => {
      const hookId = uuidArgument(id, 'a webhook id');
      await withDb(async (c) => {
        const acting = await requireActing(c.database.db, flags, io, 'webhook.own.manage');
        await c.services.webhooks.disable(hookId, acting.actor);
        io.out(`Webhook ${hookId} disabled`);
      });
    });

  hooks
    .command('deliveries')
    .description("a webhook's recent deliveries and their outcome")
    .argument('<id>', 'the webhook id')
    .addOption(asOption(true))
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { as?: string; json?: boolean }) => {
      const hookId = uuidArgument(id, 'a webhook id');
      await withDb(async (c) => {
        const acting = await requireActing(c.database.db, flags, io, 'webhook.own.read');
        const items = await c.services.webhooks.deliveries(hookId, acting.actor);
        if (flags.json) return io.out(JSON.stringify(items, null, 2));
        for (const line of table(
          ['WHEN', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST'],
          items.map((d) => [
            shortTime(d.createdAt),
            d.event,
            d.status,
            String(d.attempts),
            d.lastError ?? String(d.lastStatusCode ?? '-'),
          ]),
        ))
          io.out(line);
      });
    });
}
