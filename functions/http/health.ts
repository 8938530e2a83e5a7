import { z } from 'zod';
import type { HealthProbe } from '../../shared/services/swarm';
import { json, type HttpRoute } from './route';

const PROBE_TIMEOUT_MS = 3000;

const Check = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});
export const HealthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), Check),
});

async function run(probe: HealthProbe): Promise<z.infer<typeof Check>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoute: HttpRoute = {
  name: 'health',
  methods: ['GET'],
  route: 'health',
  authLevel: 'anonymous',
  tenantScoped: false,
  doc: {
    summary: 'Liveness and dependency health',
    tags: ['operations'],
    responses: {
      200: { description: 'Every dependency answers', schema: HealthReport },
      503: { description: 'A dependency is down', schema: HealthReport },
    },
  },
  async handle({ swarm }) {
    const results = await Promise.all(swarm.probes.map(async (p) => [p.name, await run(p)] as const));
    const checks = Object.fromEntries(results);
    const healthy = results.every(([, r]) => r.status === 'ok');
    return json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', checks });
  },
};
