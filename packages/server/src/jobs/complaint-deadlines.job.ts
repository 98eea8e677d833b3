/** Every minute: record overdue replies and remind those whose reply deadline is near. */
import Type from 'typebox';
import { defineJob } from '../platform/jobs/job-definition.ts';
import type { ComplaintCommandsService } from '../features/complaints/complaint-commands.service.ts';

/** How long before a reply deadline the reminder goes out. */
export const REMINDER_HOURS = 48;

export function complaintDeadlinesJob(commands: ComplaintCommandsService) {
  return defineJob({
    name: 'complaints.reply-deadlines',
    version: 1,
    schema: Type.Object({}),
    cron: '* * * * *',
    async run(_payload, ctx) {
      const overdue = await commands.markOverdueReplies();
      const reminded = await commands.remindDueSoon(REMINDER_HOURS);
      if (overdue + reminded > 0) ctx.log.info({ overdue, reminded }, 'reply deadlines');
    },
  });
}
