import { z } from 'zod';
import { ProblemDetails } from '../../shared/schemas/problem';
import { listDeadLetters, resubmitDeadLetter } from '../../shared/services/tasks/deadLetters';
import { readParam } from './input';
import { json, type HttpRoute } from './route';

const Problem = { description: 'Problem details', schema: ProblemDetails };
export const DeadLetterItem = z.object({
  taskId: z.string(),
  tenantId: z.string(),
  queue: z.string(),
  reason: z.string(),
  description: z.string(),
  deadLetteredAt: z.string(),
  sequenceNumber: z.string(),
});

export const deadLetterRoutes: HttpRoute[] = [
  {
    name: 'listDeadLetters',
    methods: ['GET'],
    route: 'v1/deadletters',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: "List the tenant's dead-lettered tasks with reason and description",
      tags: ['deadletters'],
      responses: {
        200: { description: 'Dead letters', schema: z.object({ items: z.array(DeadLetterItem) }) },
      },
    },
    async handle({ swarm, tenantId }) {
      return json(200, { items: await listDeadLetters(swarm, tenantId) });
    },
  },
  {
    name: 'resubmitDeadLetter',
    methods: ['POST'],
    route: 'v1/deadletters/{taskId}/resubmit',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Put a dead-lettered task back on its queue',
      tags: ['deadletters'],
      params: z.object({ taskId: z.string() }),
      responses: {
        202: { description: 'Resubmitted', schema: z.object({ taskId: z.string() }) },
        404: Problem,
      },
    },
    async handle({ swarm, tenantId, request }) {
      const taskId = readParam(request, 'taskId');
      await resubmitDeadLetter(swarm, tenantId, taskId, 'api');
      return json(202, { taskId }, { Location: `/api/v1/tasks/${taskId}` });
    },
  },
];
