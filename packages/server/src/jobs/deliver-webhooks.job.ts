/** Every minute: send due webhook deliveries (first attempts and retries). */
import Type from 'typebox';
import { defineJob } from '../platform/jobs/job-definition.ts';
import type { WebhooksService } from '../features/notifications/webhooks.service.ts';

export function deliverWebhooksJob(webhooks: WebhooksService) {
  return defineJob({
    name: 'notifications.deliver-webhooks',
    version: 1,
    schema: Type.Object({}),
    cron: '* * * * *',
    async run(_payload, ctx) {
      const { attempted, delivered } = await webhooks.deliverDue();
      if (attempted > 0) ctx.log.info({ attempted, delivered }, 'webhook deliveries');
    },
  });
}
