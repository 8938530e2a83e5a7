import { z } from 'zod';
import { Capability, DottedName } from './common';
import { AgentState, LifecyclePolicy, LifecycleTier } from './lifecycle';

export const AgentCategory = z.enum(['departmental', 'industry']);

/** Seed 002 §10.4.A registry schema, plus the lifecycle of §10.3 and the model routing of §17.4. */
export const CatalogEntry = z.object({
  agentType: DottedName,
  name: z.string().min(1),
  description: z.string().min(1),
  category: AgentCategory,
  department: z.string().nullable(),
  industry: z.string().nullable(),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  capabilities: z.array(Capability).min(1),
  requiredTools: z.array(z.string().min(1)),
  costTier: LifecycleTier,
  defaultLifecycle: AgentState.extract(['active', 'sleeping', 'cold']),
  estimatedCostPerHour: z.number().positive(),
  tags: z.array(z.string().min(1)),
  /** Model deployments in order of preference; the router falls back along this list. */
  modelPreference: z.array(z.string().min(1)).min(1),
  lifecycle: LifecyclePolicy,
  maxConcurrency: z.number().int().min(1).max(64),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const RepositoryQuery = z.object({
  department: z.string().min(1).max(64).optional(),
  industry: z.string().min(1).max(64).optional(),
  capability: Capability.optional(),
});
export type RepositoryQuery = z.infer<typeof RepositoryQuery>;

export const RepositorySearchQuery = z.object({ q: z.string().trim().min(1).max(200) });
