import { z } from 'zod';
import { Capability, DottedName, IsoDateTime, Priority, TenantId } from './common';

export const TaskStatus = z.enum([
  'queued',
  'deferred',
  'claimed',
  'running',
  'awaiting_approval',
  'completed',
  'failed',
  'dead_lettered',
  'cancelled',
]);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const FINAL_TASK_STATUSES: readonly TaskStatus[] = [
  'completed',
  'failed',
  'dead_lettered',
  'cancelled',
];

export const Impact = z.enum(['low', 'medium', 'high']);
export type Impact = z.infer<typeof Impact>;

/** Script for the offline model (API.md): lets demos and tests drive behaviour through the public API. */
export const Simulate = z.object({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  failAttempts: z.number().int().min(0).max(100).optional(),
  confidence: z.number().min(0).max(1).optional(),
  outcome: z.enum(['success', 'error']).optional(),
});
export type Simulate = z.infer<typeof Simulate>;

export const TaskSubmission = z.object({
  taskType: DottedName,
  requiredCapabilities: z.array(Capability).max(32).default([]),
  payload: z.record(z.string(), z.unknown()).default({}),
  priority: Priority.default(5),
  impact: Impact.default('low'),
  scheduledFor: IsoDateTime.optional(),
  sessionId: z.string().min(1).max(128).optional(),
  location: DottedName.optional(),
});
export type TaskSubmission = z.infer<typeof TaskSubmission>;

export const TaskHistoryEntry = z.object({
  at: IsoDateTime,
  from: TaskStatus.nullable(),
  to: TaskStatus,
  by: z.string(),
  reason: z.string(),
});
export type TaskHistoryEntry = z.infer<typeof TaskHistoryEntry>;

export const TaskError = z.object({
  code: z.string(),
  message: z.string(),
  retryAfterSeconds: z.number().optional(),
});
export type TaskError = z.infer<typeof TaskError>;

export const TaskDocument = TaskSubmission.extend({
  id: z.string(),
  tenantId: TenantId,
  status: TaskStatus,
  /** Where the work happens in the pheromone field; defaults to the task type. */
  location: DottedName,
  assignedAgentId: z.string().nullable(),
  attempts: z.number().int().min(0),
  /** How often the worker put the task back for lack of an awake capable agent. */
  deferrals: z.number().int().min(0),
  history: z.array(TaskHistoryEntry),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: TaskError.nullable(),
  idempotencyKey: z.string().nullable(),
  traceparent: z.string().nullable(),
  /** Service Bus sequence number of a scheduled message, so a cancel can withdraw it before it is due. */
  scheduledSequenceNumber: z.string().nullable().optional(),
  /** The Service Bus message that holds the current claim: only its redelivery may take the task back. */
  claimMessageId: z.string().nullable().optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  completedAt: IsoDateTime.nullable(),
});
export type TaskDocument = z.infer<typeof TaskDocument>;

/** The Service Bus message body: small; the payload stays in Cosmos. */
export const TaskMessage = z.object({
  taskId: z.string().min(1),
  tenantId: TenantId,
  taskType: DottedName,
  priority: Priority,
  attempt: z.number().int().min(0),
});
export type TaskMessage = z.infer<typeof TaskMessage>;

export const TaskListQuery = z.object({
  status: TaskStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  continuationToken: z.string().max(4096).optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;
