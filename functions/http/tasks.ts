import { z } from 'zod';
import { ProblemDetails } from '../../shared/schemas/problem';
import { TaskDocument, TaskListQuery, TaskSubmission } from '../../shared/schemas/task';
import { cancelTask } from '../../shared/services/tasks/cancelTask';
import { getTask, listTasks } from '../../shared/services/tasks/readTasks';
import { submitTask } from '../../shared/services/tasks/submitTask';
import { readBody, readParam, readQuery } from './input';
import { problem, ProblemError } from './problem';
import { json, type HttpRoute } from './route';

const TaskIdParams = z.object({ taskId: z.string() });
const IdempotencyKey = z.string().min(1).max(255);
const Problem = { description: 'Problem details', schema: ProblemDetails };

export const SubmittedTask = TaskDocument.extend({ taskId: z.string() });
export const TaskPage = z.object({ items: z.array(TaskDocument), continuationToken: z.string().optional() });

export const taskRoutes: HttpRoute[] = [
  {
    name: 'submitTask',
    methods: ['POST'],
    route: 'v1/tasks',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Submit a task to the swarm',
      tags: ['tasks'],
      body: TaskSubmission,
      headers: z.object({ 'Idempotency-Key': IdempotencyKey.optional() }),
      responses: {
        202: { description: 'Accepted; the task is queued', schema: SubmittedTask },
        400: Problem,
        409: Problem,
        413: Problem,
        415: Problem,
        422: Problem,
        503: Problem,
      },
    },
    async handle({ swarm, tenantId, request, traceparent }) {
      const keyHeader = request.headers.get('idempotency-key');
      const key = keyHeader === null ? undefined : IdempotencyKey.safeParse(keyHeader);
      if (key && !key.success) {
        throw new ProblemError(problem(400, 'The Idempotency-Key header must be 1 to 255 characters'));
      }
      const submission = await readBody(request, TaskSubmission);
      const { task, created } = await submitTask(swarm, tenantId, submission, {
        idempotencyKey: key?.data,
        traceparent,
      });
      return json(
        202,
        { taskId: task.id, ...task },
        {
          Location: `/api/v1/tasks/${task.id}`,
          ...(created ? {} : { 'Idempotent-Replayed': 'true' }),
        },
      );
    },
  },
  {
    name: 'getTask',
    methods: ['GET'],
    route: 'v1/tasks/{taskId}',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Read a task with its history, result and error',
      tags: ['tasks'],
      params: TaskIdParams,
      responses: { 200: { description: 'The task', schema: TaskDocument }, 404: Problem },
    },
    async handle({ swarm, tenantId, request }) {
      return json(200, await getTask(swarm, tenantId, readParam(request, 'taskId')));
    },
  },
  {
    name: 'listTasks',
    methods: ['GET'],
    route: 'v1/tasks',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'List tasks, newest first, with a continuation token',
      tags: ['tasks'],
      query: TaskListQuery,
      responses: { 200: { description: 'A page of tasks', schema: TaskPage }, 400: Problem },
    },
    async handle({ swarm, tenantId, request }) {
      return json(200, await listTasks(swarm, tenantId, readQuery(request, TaskListQuery)));
    },
  },
  {
    name: 'cancelTask',
    methods: ['POST'],
    route: 'v1/tasks/{taskId}/cancel',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Cancel a task that has not finished',
      tags: ['tasks'],
      params: TaskIdParams,
      responses: {
        200: { description: 'The cancelled task', schema: TaskDocument },
        404: Problem,
        409: Problem,
      },
    },
    async handle({ swarm, tenantId, request }) {
      return json(200, await cancelTask(swarm, tenantId, readParam(request, 'taskId'), 'api'));
    },
  },
];
