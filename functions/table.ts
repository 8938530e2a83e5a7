import type { HttpHandler } from '@azure/functions';
import { agentRoutes } from './http/agents';
import { deadLetterRoutes } from './http/deadLetters';
import { healthRoute } from './http/health';
import { metricRoutes } from './http/metrics';
import { openApiRoute } from './http/openapi';
import { pheromoneRoutes } from './http/pheromones';
import { handlerFor, type HttpRoute, type HttpWiring } from './http/route';
import { taskRoutes } from './http/tasks';
import { lifecycleTimerFunction, type TimerFunction } from './triggers/lifecycleTimer';
import { pheromoneSensorFunction, type EventHubFunction } from './triggers/pheromoneSensor';
import { taskWorkerFunctions, type ServiceBusFunction } from './triggers/taskWorker';
import type { WorkerPolicy } from '../shared/services/worker/policy';

/**
 * Every function ANTS has, declared once: `functions/index.ts` registers this table with `app.*` for the
 * Functions host, and the local host in `local/` serves the very same declarations on loopback.
 */
export interface HttpFunction {
  kind: 'http';
  name: string;
  methods: HttpRoute['methods'];
  route: string;
  authLevel: HttpRoute['authLevel'];
  handler: HttpHandler;
}

export type FunctionDeclaration = HttpFunction | ServiceBusFunction | EventHubFunction | TimerFunction;

export interface Wiring extends HttpWiring {
  workerPolicy?: WorkerPolicy;
}

export function httpRoutes(): HttpRoute[] {
  const routes: HttpRoute[] = [
    ...taskRoutes,
    ...agentRoutes,
    ...pheromoneRoutes,
    ...deadLetterRoutes,
    ...metricRoutes,
    healthRoute,
  ];
  const all: HttpRoute[] = [...routes, openApiRoute(() => all)];
  return all;
}

export function functionTable(wiring: Wiring): FunctionDeclaration[] {
  const http: HttpFunction[] = httpRoutes().map((route) => ({
    kind: 'http',
    name: route.name,
    methods: route.methods,
    route: route.route,
    authLevel: route.authLevel,
    handler: handlerFor(route, wiring),
  }));
  return [
    ...http,
    ...taskWorkerFunctions(wiring.swarm, wiring.workerPolicy),
    pheromoneSensorFunction(wiring.swarm),
    lifecycleTimerFunction(wiring.swarm),
  ];
}

export function httpFunctions(table: FunctionDeclaration[]): HttpFunction[] {
  return table.filter((f): f is HttpFunction => f.kind === 'http');
}
