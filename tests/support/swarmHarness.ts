import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { entities } from '../../shared/entities';
import { cosmosStores, createCosmosClient, ensureContainers } from '../../shared/adapters/azure/cosmos';
import { OfflineModel } from '../../shared/adapters/offline/offlineModel';
import { seededRandom } from '../../shared/domain/random';
import type { Swarm } from '../../shared/services/swarm';
import { functionTable, httpFunctions, type HttpFunction } from '../../functions/table';
import { compileRoute, matchRoute } from '../../local/host/routeTemplate';
import { startCosmosServer } from './cosmosServer';
import { MemoryPheromoneBus, MemoryTaskQueue, MemoryTelemetry } from './memoryPorts';

/** A settable clock for tests: time moves only when the test says so. */
export class TestClock {
  constructor(private current = new Date('2026-03-02T10:00:00.000Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  swarm: Swarm;
  queue: MemoryTaskQueue;
  bus: MemoryPheromoneBus;
  telemetry: MemoryTelemetry;
  clock: TestClock;
  functions: HttpFunction[];
  /** What handlers logged at error level: a 500 in a test prints these. */
  errors: unknown[][];
  call(
    method: string,
    path: string,
    init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, string> }>;
  close(): Promise<void>;
}

/**
 * The real HTTP handlers over real Cosmos stores (the in-process Cosmos DB API server through the real
 * client), with the messaging ports in memory, invoked with real HttpRequest / InvocationContext objects.
 */
export async function startHarness(): Promise<Harness> {
  const server = await startCosmosServer();
  const client = createCosmosClient({ endpoint: server.endpoint, key: server.key });
  await ensureContainers(client, entities.cosmos);
  const stores = cosmosStores(client);
  const queue = new MemoryTaskQueue();
  const bus = new MemoryPheromoneBus();
  const telemetry = new MemoryTelemetry();
  const clock = new TestClock();
  let id = 0;
  const swarm: Swarm = {
    tasks: stores.tasks,
    agents: stores.agents,
    field: stores.pheromones,
    queue,
    bus,
    model: new OfflineModel(),
    telemetry,
    clock,
    random: seededRandom(42),
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
    probes: [{ name: 'cosmos', check: async () => void (await client.getDatabaseAccount()) }],
  };
  const functions = httpFunctions(functionTable({ swarm: async () => swarm, tenantSource: 'header' }));
  const routes = functions.map((f) => compileRoute(f.route, f));
  const errors: unknown[][] = [];

  async function call(
    method: string,
    path: string,
    init: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) {
    const url = new URL(path, 'http://localhost:7071');
    const route = url.pathname.replace(/^\/api\//, '');
    const match = matchRoute(routes, route, (f) => f.methods.includes(method as never));
    if (!match) throw new Error(`No function serves ${method} ${path}`);
    const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const headers: Record<string, string> = {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    };
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers,
      params: match.params,
      query: Object.fromEntries(url.searchParams),
      body: body === undefined ? undefined : { string: body },
    });
    const context = new InvocationContext({
      functionName: match.value.name,
      logHandler: (level, ...args) => {
        if (level === 'error') errors.push(args);
      },
    });
    const response = (await match.value.handler(request, context)) as HttpResponseInit;
    return {
      status: response.status ?? 200,
      body: response.jsonBody,
      headers: Object.fromEntries(Object.entries((response.headers ?? {}) as Record<string, string>)),
    };
  }

  return {
    swarm,
    queue,
    bus,
    telemetry,
    clock,
    functions,
    errors,
    call,
    close: async () => {
      client.dispose();
      await server.close();
    },
  };
}
