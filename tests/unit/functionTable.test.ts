import { functionTable } from '../../functions/table';
import type { Swarm } from '../../shared/services/swarm';

/** The non-HTTP half of the function table: what the Functions host and the local host subscribe to. */
describe('function table triggers', () => {
  const table = functionTable({
    swarm: () => Promise.reject(new Error('not used')) as Promise<Swarm>,
    tenantSource: 'header',
  });

  it('has one worker per task queue, each on the Service Bus connection with its own concurrency', () => {
    const workers = table.filter((f) => f.kind === 'serviceBusQueue');
    expect(
      workers.map((f) => [
        f.name,
        f.queueName,
        f.connection,
        f.isSessionsEnabled,
        f.maxConcurrentCalls,
        f.maxDeliveryCount,
      ]),
    ).toEqual([
      ['work_tasks_high', 'ants-tasks-high', 'ServiceBusConnection', false, 16, 3],
      ['work_tasks', 'ants-tasks', 'ServiceBusConnection', false, 8, 3],
      ['work_tasks_low', 'ants-tasks-low', 'ServiceBusConnection', false, 4, 3],
      ['work_workflows', 'ants-workflows', 'ServiceBusConnection', true, 8, 3],
      ['work_integrations', 'ants-integrations', 'ServiceBusConnection', false, 2, 3],
    ]);
  });

  it('has the pheromone sensor on its own consumer group, many events per call', () => {
    const sensors = table.filter((f) => f.kind === 'eventHub');
    expect(
      sensors.map((f) => [f.name, f.eventHubName, f.consumerGroup, f.connection, f.cardinality]),
    ).toEqual([['pheromoneSensor', 'ants-pheromones', 'ants-sensor', 'EventHubConnection', 'many']]);
  });

  it('has the lifecycle timer every minute, in six-field NCRONTAB', () => {
    const timers = table.filter((f) => f.kind === 'timer');
    expect(timers.map((f) => [f.name, f.schedule])).toEqual([['lifecycleTick', '0 */1 * * * *']]);
  });

  it('gives every function a unique name', () => {
    expect(new Set(table.map((f) => f.name)).size).toBe(table.length);
  });
});
