import { z } from 'zod';
import { Capability, DottedName, IsoDateTime, TenantId } from './common';
import { AgentState, LifecyclePolicy, LifecycleTier, Schedule } from './lifecycle';

export const TaskTypeStats = z.object({
  successes: z.number().int().min(0),
  failures: z.number().int().min(0),
  /** Response threshold θ for this task type: lower means the agent responds to weaker stimuli. */
  threshold: z.number().min(0).max(1),
});
export type TaskTypeStats = z.infer<typeof TaskTypeStats>;

/** Hours spent per state, for the seed's cost model ($0.21/h active, $0.01/h sleeping). */
export const CostMeters = z.object({
  msByState: z.partialRecord(AgentState, z.number().min(0)),
  tokens: z.number().int().min(0),
  tokenCostUsd: z.number().min(0),
  /** Tokens and dollars per model, for cost by model. */
  byModel: z
    .record(z.string(), z.object({ tokens: z.number().int().min(0), usd: z.number().min(0) }))
    .optional(),
  /** Everything charged (compute and tokens) in the calendar month (UTC) it was charged in: for budgets. */
  monthToDate: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), usd: z.number().min(0) }).optional(),
});
export type CostMeters = z.infer<typeof CostMeters>;

export const AgentCheckpoint = z.object({
  savedAt: IsoDateTime,
  /** What the agent had learned: thresholds and stats survive sleep. Free memory for the model context. */
  memory: z.record(z.string(), z.unknown()),
  stats: z.record(z.string(), TaskTypeStats),
});
export type AgentCheckpoint = z.infer<typeof AgentCheckpoint>;

export const AgentInstance = z.object({
  id: z.string(),
  tenantId: TenantId,
  agentType: DottedName,
  state: AgentState,
  stateSince: IsoDateTime,
  capabilities: z.array(Capability),
  /** Task ids currently held: load is its length, and a redelivered message cannot double-count. */
  activeTaskIds: z.array(z.string()),
  maxConcurrency: z.number().int().min(1).max(64),
  stats: z.record(z.string(), TaskTypeStats),
  lifecycle: LifecyclePolicy,
  /** Part of the type's warm pool: the lifecycle timer keeps it awake. */
  warm: z.boolean(),
  keepAliveUntil: IsoDateTime.nullable(),
  lastActiveAt: IsoDateTime.nullable(),
  wokeAt: IsoDateTime.nullable(),
  wakeReason: z.string().nullable(),
  checkpoint: AgentCheckpoint.nullable(),
  cost: CostMeters,
  modelPreference: z.array(z.string()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type AgentInstance = z.infer<typeof AgentInstance>;

export const AgentDeployRequest = z.object({
  agentType: DottedName,
  lifecycle: LifecycleTier.optional(),
  schedule: Schedule.optional(),
  instances: z.number().int().min(1).max(100).default(1),
});
export type AgentDeployRequest = z.infer<typeof AgentDeployRequest>;

export const AgentWakeRequest = z.object({
  agentType: DottedName,
  reason: z.string().min(1).max(200),
  keepAliveMinutes: z.number().int().min(1).max(1440).optional(),
});
export type AgentWakeRequest = z.infer<typeof AgentWakeRequest>;

export const AgentListQuery = z.object({
  state: AgentState.optional(),
  agentType: DottedName.optional(),
});
export type AgentListQuery = z.infer<typeof AgentListQuery>;
