/**
 * Workflow commands on one complaint. Each answers with the complaint as the caller now sees it;
 * refusals are problem documents that say what the current state allows.
 */
import {
  ComplaintDetailSchema,
  DraftFindingRequestSchema,
  FollowUpRequestSchema,
  InvestigationReportRequestSchema,
  MergeRequestSchema,
  ReopenRequestSchema,
  ReplyRequestSchema,
  ReviewRequestSchema,
  TaskInvestigationRequestSchema,
  TransitionRequestSchema,
  VisibilityRequestSchema,
  type Action,
  type Actor,
} from '@truceline/domain';
import type { TSchema } from 'typebox';
import type { App } from '../../platform/http/app-types.ts';
import { IdParams, problemResponses, requireActor } from '../../platform/http/route-helpers.ts';
import type { ComplaintCommandsService } from './complaint-commands.service.ts';
import type { ComplaintsService } from './complaints.service.ts';

interface CommandRoute {
  readonly path: string;
  readonly action: Action;
  readonly summary: string;
  readonly body: TSchema;
  readonly run: (
    commands: ComplaintCommandsService,
    id: string,
    body: never,
    actor: Actor,
  ) => Promise<unknown>;
}

const ROUTES: readonly CommandRoute[] = [
  {
    path: 'transitions',
    action: 'complaint.transition',
    summary:
      'Register, reject, open the reply window, record an overdue reply, issue the finding, close or withdraw',
    body: TransitionRequestSchema,
    run: (c, id, body, actor) => c.transition(id, body, actor),
  },
  {
    path: 'reply',
    action: 'complaint.reply',
    summary: "The accused party's reply, before the deadline",
    body: ReplyRequestSchema,
    run: (c, id, body, actor) => c.reply(id, body, actor),
  },
  {
    path: 'investigation',
    action: 'complaint.transition',
    summary: 'Task an investigation to a team of mediators or monitors',
    body: TaskInvestigationRequestSchema,
    run: (c, id, body, actor) => c.taskInvestigation(id, body, actor),
  },
  {
    path: 'investigation/report',
    action: 'complaint.transition',
    summary: "The investigation team's report",
    body: InvestigationReportRequestSchema,
    run: (c, id, body, actor) => c.reportInvestigation(id, body, actor),
  },
  {
    path: 'finding',
    action: 'complaint.transition',
    summary: 'Draft (or redraft) the finding; earlier sign-offs no longer count',
    body: DraftFindingRequestSchema,
    run: (c, id, body, actor) => c.draftFinding(id, body, actor),
  },
  {
    path: 'reviews',
    action: 'complaint.review',
    summary: "A mediator organisation's sign-off or dissent on the current draft",
    body: ReviewRequestSchema,
    run: (c, id, body, actor) => c.review(id, body, actor),
  },
  {
    path: 'follow-ups',
    action: 'complaint.transition',
    summary: 'Record a penalty, a measure or its implementation after the finding',
    body: FollowUpRequestSchema,
    run: (c, id, body, actor) => c.followUp(id, body, actor),
  },
  {
    path: 'merge',
    action: 'complaint.transition',
    summary: 'Merge as a duplicate of another complaint',
    body: MergeRequestSchema,
    run: (c, id, body, actor) => c.merge(id, body, actor),
  },
  {
    path: 'reopen',
    action: 'complaint.transition',
    summary: 'Reopen a closed or rejected complaint with new evidence',
    body: ReopenRequestSchema,
    run: (c, id, body, actor) => c.reopen(id, body, actor),
  },
  {
    path: 'visibility',
    action: 'complaint.publish',
    summary: 'Change who may see the complaint (publishing makes it public)',
    body: VisibilityRequestSchema,
    run: (c, id, body, actor) => c.setVisibility(id, body, actor),
  },
];

export function registerComplaintCommandRoutes(
  app: App,
  deps: { complaints: ComplaintsService; commands: ComplaintCommandsService },
): void {
  for (const route of ROUTES) {
    app.post(
      `/api/v1/complaints/:id/${route.path}`,
      {
        config: { action: route.action },
        schema: {
          tags: ['complaints'],
          summary: route.summary,
          params: IdParams,
          body: route.body,
          response: { 200: ComplaintDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await route.run(deps.commands, request.params.id, request.body as never, actor);
        return deps.complaints.get(request.params.id, actor);
      },
    );
  }
}
