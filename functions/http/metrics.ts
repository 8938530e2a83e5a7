import { z } from 'zod';
import { costMetrics } from '../../shared/services/metrics/costMetrics';
import { swarmMetrics } from '../../shared/services/metrics/swarmMetrics';
import { json, type HttpRoute } from './route';

const Counts = z.record(z.string(), z.number().int());
export const SwarmMetricsBody = z.object({
  gini: z.number(),
  idleRatio: z.number(),
  throughputPerMinute: z.number(),
  tasksByStatus: Counts,
  agentsByState: Counts,
  approvalRate: z.number(),
});
const CostLine = z.object({
  computeUsd: z.number(),
  tokenUsd: z.number(),
  totalUsd: z.number(),
  tokens: z.number(),
});
const Budget = z
  .object({
    month: z.string(),
    monthlyUsd: z.number(),
    spentUsd: z.number(),
    ratio: z.number(),
    alert: z.number().nullable(),
  })
  .nullable();
export const CostMetricsBody = z.object({
  byTenant: z.record(z.string(), CostLine.extend({ budget: Budget })),
  byAgentType: z.record(z.string(), CostLine),
  byModel: z.record(z.string(), z.object({ tokens: z.number(), usd: z.number() })),
  sleepWakeSavingRatio: z.number(),
});

export const metricRoutes: HttpRoute[] = [
  {
    name: 'swarmMetrics',
    methods: ['GET'],
    route: 'v1/metrics/swarm',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary:
        "The tenant's swarm: load Gini, idle ratio, throughput, tasks and agents by state, approval rate",
      tags: ['metrics'],
      responses: { 200: { description: 'Swarm metrics', schema: SwarmMetricsBody } },
    },
    async handle({ swarm, tenantId }) {
      return json(200, await swarmMetrics(swarm, tenantId));
    },
  },
  {
    name: 'costMetrics',
    methods: ['GET'],
    route: 'v1/metrics/cost',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: "The tenant's cost by agent type and model, its monthly budget, and the sleep/wake saving",
      tags: ['metrics'],
      responses: { 200: { description: 'Cost metrics', schema: CostMetricsBody } },
    },
    async handle({ swarm, tenantId }) {
      return json(200, await costMetrics(swarm, tenantId));
    },
  },
];
